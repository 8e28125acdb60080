"""The distribution of a sweep's outcomes over its draws."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import InputError
from solver.presentation.plots._common import (
    _AGENDA_COLOURS,
    _axes_list,
    _category_ticks,
    _legend_beside,
    _literal,
    _plain,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SWEEP_LABELS", "plot_sweep"]


#: The sweep's agendas (the columns ``<agenda>_sender`` ...) as :func:`plot_sweep` shows them.
SWEEP_LABELS = {"piecemeal": "piece by piece", "package": "package with floors",
                "linked": "linked package", "tie": "tie"}


def _sweep_agendas(df: pd.DataFrame) -> list[str]:
    """The agendas of a sweep frame, in :data:`SWEEP_LABELS` order (``<agenda>_sender``)."""
    return [a for a in SWEEP_LABELS if a != "tie" and f"{a}_sender" in df.columns]


def plot_sweep(df: pd.DataFrame, ax: Any = None, *, bins: int = 40) -> NDArray[Any]:
    """The distribution of a sweep's outcomes over its draws.

    Four panels: for each player, histograms of each agenda's payoff minus piece by piece
    ($B/yr; right of 0 the agenda is better); the share of draws in which each agenda is best
    for each player (``winner_<player>``); and, for each agenda, the share of draws with a
    deal in each sector (``<agenda>_deal_<sector>``).

    Parameters
    ----------
    df : pandas.DataFrame
        From :func:`~solver.sweep`: columns ``<agenda>_sender``, ``<agenda>_target`` and
        ``<agenda>_deal_<sector>`` for the agendas ``piecemeal``, ``package`` and ``linked``,
        and ``winner_sender``, ``winner_target``.
    ax : four matplotlib Axes, optional
    bins : int
        Histogram bins.

    Returns
    -------
    numpy.ndarray of four matplotlib Axes
        The panels drawn on, in the order above (sender, target, shares, deals). In the
        third panel, ``containers[k]`` holds the shares of the ``k``-th agenda (then
        "tie"), one bar per player (sender, target); in the fourth, ``containers[k]`` the
        ``k``-th agenda's deal shares, sector by sector.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({   # two draws, one sector; sweep() returns such a frame
    ...     "piecemeal_sender": [1.0, 2.0], "piecemeal_target": [-1.0, -1.0],
    ...     "package_sender": [1.5, 1.0], "package_target": [-2.0, -1.0],
    ...     "linked_sender": [0.5, 2.5], "linked_target": [-0.5, -0.5],
    ...     "piecemeal_deal_glass": [True, True], "package_deal_glass": [False, True],
    ...     "linked_deal_glass": [True, True],
    ...     "winner_sender": ["package", "linked"], "winner_target": ["linked", "linked"]})
    >>> shares = plot_sweep(df)[2]
    >>> [float(c[0].get_width()) for c in shares.containers]   # the sender's shares
    [0.0, 0.5, 0.5, 0.0]
    """
    import pandas as pd

    func = "plot_sweep()"
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"{func}: df must be a sweep() DataFrame, got {type(df).__name__}")
    agendas = _sweep_agendas(df)
    need = {f"{a}_{p}" for a in SWEEP_LABELS if a != "tie" for p in ("sender", "target")} | {
        "winner_sender", "winner_target"}
    missing = sorted(need - set(df.columns))
    if missing:
        raise InputError(f"{func}: df must be a sweep() DataFrame; missing columns {missing}")
    if len(df) == 0:
        raise InputError(f"{func}: df has no rows")
    prefix = f"{agendas[0]}_deal_"
    sectors = [c[len(prefix):] for c in df.columns if c.startswith(prefix)]
    axes = _axes_list(ax, 4, (15.0, 9.0), func, grid=(2, 2))
    base_name = SWEEP_LABELS[agendas[0]]
    for k, player in enumerate(("sender", "target")):
        a = axes[k]
        base = df[f"{agendas[0]}_{player}"].to_numpy(dtype=float)
        diffs = {ag: df[f"{ag}_{player}"].to_numpy(dtype=float) - base for ag in agendas[1:]}
        allv = np.concatenate(list(diffs.values()))
        lo, hi = float(allv.min()), float(allv.max())
        if hi - lo < 1e-12:
            lo, hi = lo - 0.5, hi + 0.5
        edges = np.linspace(lo, hi, bins + 1).tolist()
        # "Better" beyond rounding: by more than 1e-9 of the draw's payoff scale.
        tol = 1e-9 * np.maximum(1.0, np.abs(base))
        for ag, diff in diffs.items():
            a.hist(diff, bins=edges, alpha=0.5, color=_AGENDA_COLOURS[ag],
                   histtype="stepfilled", edgecolor=_AGENDA_COLOURS[ag],
                   label=f"{SWEEP_LABELS[ag]}\nmedian {np.median(diff) + 0.0:+.3g}; "
                         f"better in {(diff > tol).mean():.0%},\n"
                         f"worse in {(diff < -tol).mean():.0%}")
        a.axvline(0, color="black", lw=1)
        a.set_xlabel(f"payoff minus {base_name} ($B/yr)")
        a.set_ylabel("draws")
        a.set_title(f"{player}: each agenda against {base_name}", fontsize="medium")
        _legend_beside(a, fontsize="x-small")
    a = axes[2]
    players = ("sender", "target")
    left = np.zeros(2)
    for ag in (*agendas, "tie"):
        share = np.array([float((df[f"winner_{p}"] == ag).mean()) for p in players])
        bars = a.barh([0, 1], share, left=left, color=_AGENDA_COLOURS[ag],
                      label=SWEEP_LABELS[ag])
        a.bar_label(bars, [f"{v:.0%}" if v >= 0.06 else "" for v in share],
                    label_type="center", fontsize="small", color="white")
        left += share
    a.set_yticks([0, 1], [f"best for the {p}" for p in players])
    a.invert_yaxis()
    a.set_xlim(0, 1)
    a.set_title(f"Best agenda ({len(df)} draws)", fontsize="medium")
    a.set_xlabel("share of draws")
    _legend_beside(a)
    a = axes[3]
    width = 0.8 / len(agendas)
    xs = np.arange(len(sectors), dtype=float)
    for k, ag in enumerate(agendas):
        deal_share = [float(df[f"{ag}_deal_{s}"].mean()) for s in sectors]
        a.bar(xs - 0.4 + width * (k + 0.5), deal_share, width, color=_AGENDA_COLOURS[ag],
              label=SWEEP_LABELS[ag])
    a.set_xticks(xs, [_plain(s) for s in sectors])
    a.set_ylim(0, 1.05)
    a.set_yticks(np.linspace(0, 1, 6))
    a.set_ylabel("share of draws with a deal")
    a.set_title("Deals by sector", fontsize="medium")
    _legend_beside(a, fontsize="x-small")
    _category_ticks(a, xs, sectors)  # once the figure is laid out with its legends
    _literal(axes[0].figure)
    return np.array(axes, dtype=object)
