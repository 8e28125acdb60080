"""The agendas side by side: openings by sector and payoffs by agenda."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import InputError
from solver.model.negotiation import NegotiationAnalysis
from solver.presentation.plots._common import (
    _AGENDA_COLOURS,
    _axes_list,
    _category_ticks,
    _legend_beside,
    _literal,
    _plain,
)

__all__ = ["plot_agendas"]


def plot_agendas(analysis: NegotiationAnalysis, ax: Any = None) -> NDArray[Any]:
    """The agendas side by side: each sector's opening, and each player's payoff.

    Left panel: the opening each agenda agrees in each sector (bars, labelled with the round
    of agreement; a bar below :data:`~solver.DEAL_OPENING` is no deal, and an empty slot
    marked ``-`` means the sector is never agreed). Right panel: each agenda's expected SPE
    payoff to the sender and to the target ($B/yr, summed over sectors), with the agenda
    each would choose (:meth:`NegotiationAnalysis.choice`) starred.

    Parameters
    ----------
    analysis : NegotiationAnalysis
        From :func:`~solver.analyse_negotiation`.
    ax : two matplotlib Axes, optional
        Where to draw the two panels; by default a new Figure.

    Returns
    -------
    numpy.ndarray of two matplotlib Axes
        ``[left, right]``, the Axes drawn on. In the left panel, ``containers[i]`` holds
        the ``i``-th agenda of ``analysis.agendas``, sector by sector; in the right panel,
        ``containers[0]`` and ``containers[1]`` the sender's and the target's payoffs,
        agenda by agenda.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from solver import analyse_negotiation, load_scenario
    >>> a = analyse_negotiation(load_scenario())
    >>> left, right = plot_agendas(a)
    >>> len(left.containers) == len(a.agendas)
    True
    """
    func = "plot_agendas()"
    if not isinstance(analysis, NegotiationAnalysis):
        raise InputError(f"{func}: analysis must be a NegotiationAnalysis (from "
                         f"analyse_negotiation()), got {type(analysis).__name__}")
    sc = analysis.scenario
    agendas = list(analysis.agendas.items())
    sectors = [a.name for a in analysis.sectors]
    left, right = _axes_list(ax, 2, (max(13.0, 1.6 * len(sectors) + 7), 5.2), func)
    n = len(agendas)
    width = 0.84 / n
    xs = np.arange(len(sectors), dtype=float)
    for i, (label, talks) in enumerate(agendas):
        offs = xs - 0.42 + width * (i + 0.5)
        res = [talks.sectors[name] for name in sectors]
        bars = left.bar(offs, [r.opening for r in res], width,
                        color=_AGENDA_COLOURS.get(label, f"C{i}"), label=label)
        for b, r in zip(bars, res, strict=True):
            text = ("never" if r.round is None else f"r{r.round}" if r.deal
                    else f"nil r{r.round}")
            left.text(b.get_x() + b.get_width() / 2, b.get_height(), " " + text,
                      ha="center", va="bottom", rotation=90, fontsize=6.5,
                      color="0.2" if r.deal else "0.5")
    left.set_xticks(xs, [_plain(s) for s in sectors])
    left.set_ylabel("opening x (share of a full opening)")
    top = max((r.opening for _, t in agendas for r in t.sectors.values()), default=0.0)
    left.set_ylim(0, min(1.16, max(0.1, 1.22 * top + 0.05)))
    left.set_title("Opening by sector. Above a bar: r3 = deal in round 3; nil = agreed to "
                   "open\nless than the deal threshold; never = not agreed (the sanction "
                   "subgame waits)", fontsize="small")
    # Legends beside the panels (inside the figure, which lays them out), never over bars.
    _legend_beside(left, title="agenda", title_fontsize="small")
    ys = np.arange(n, dtype=float)
    s_choice = analysis.choice("sender")[0]
    t_choice = analysis.choice("target")[0]
    for j, (player, attr) in enumerate(((sc.sender, "sender_payoff"),
                                        (sc.target, "target_payoff"))):
        vals = [getattr(t, attr) for _, t in agendas]
        bars = right.barh(ys - 0.2 + 0.4 * j, vals, 0.4, color=("tab:blue", "tab:orange")[j],
                          label=f"{player} ({'sender' if j == 0 else 'target'})")
        right.bar_label(bars, [f"{v:.3g}" for v in vals], padding=3, fontsize="x-small")
    right.axvline(0, color="0.3", lw=0.8)
    names = []
    for label, _ in agendas:
        marks = ([f"{sc.sender}'s choice"] if label == s_choice else []) + (
            [f"{sc.target}'s choice"] if label == t_choice else [])
        names.append(label + ("\n\u2605 " + ", ".join(marks) if marks else ""))
    right.set_yticks(ys, [_plain(n) for n in names], fontsize="small")
    right.invert_yaxis()
    lo, hi = right.get_xlim()
    pad = 0.18 * (hi - lo)
    right.set_xlim(lo - (pad if lo < 0 else 0), hi + pad)
    right.set_xlabel("expected SPE payoff ($B/yr, summed over sectors)")
    right.set_title("Payoffs by agenda (\u2605: the agenda each side would choose)",
                    fontsize="small")
    _legend_beside(right)
    fig = left.figure
    fig.suptitle(_plain(f"{sc.name}: the agendas compared\n{analysis.protocol.describe()}"),
                 fontsize="medium")
    _category_ticks(left, xs, sectors)  # once the figure is laid out with its legends
    _literal(fig)
    return np.array([left, right], dtype=object)
