"""The plot of the talks with the sender's type in doubt: when each sector agrees.

Presentation only: :func:`plot_agreement_by_round` draws what
:func:`solver.model.talks.solve_talks` has computed for a protocol with ``types`` (a
:class:`~solver.model.doubt.typed_talks.TypedTalks`) and solves nothing itself. Like
:mod:`solver.presentation.plots` it draws on the ``ax`` it is given or on a new
:class:`matplotlib.figure.Figure` (no pyplot), and imports matplotlib only when called.

Artists that carry data have a ``gid``: each sector's bars (``"round:<sector>"`` on the
rounds, ``"no deal:<sector>"`` on the no-deal slot), the deadline line (``"deadline"``) and
the bars' value labels (``"value:<sector>"``).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np

from solver._core.errors import InputError
from solver.model.doubt.typed_talks import TypedTalks
from solver.presentation.plots._common import (
    _axes_list,
    _legend_beside,
    _literal,
    _plain,
    _renderer,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["FORMATS", "TYPE_WORDS", "plot_agreement_by_round", "plot_bytes"]

#: What is private under each kind of type, as titles and notes say it.
TYPE_WORDS = {"resolve": "sanction loss", "audience": "audience cost"}
#: Bars lower than this are drawn but not labelled with their value.
_LABEL_MIN = 0.005
#: The gap (in rounds) between the last round and the no-deal slot.
_GAP = 0.6


def _title(talks: TypedTalks, inches: float) -> str:
    """The title, wrapped to ``inches`` (about 11 characters an inch at medium size)."""
    agenda = "piece by piece" if talks.agenda == "piecemeal" else talks.agenda
    head = f"{talks.scenario}: probability of a deal in each round, {agenda}"
    chars = max(40, int(inches * 11))
    return _plain("\n".join([*textwrap.wrap(head, chars),
                             *textwrap.wrap(talks.protocol.describe(), chars)]))


def plot_agreement_by_round(talks: TypedTalks, ax: Any = None) -> Axes:
    """Each sector's probability of a deal in each round, and of none, with the deadline.

    Grouped bars: for each round ``0..R-1`` one bar a sector, the probability that the
    sector agrees in that round (``talks.agreement_by_round``); right of the deadline line,
    the slot ``no deal`` holds the probability that the sector never agrees (the talks break
    down or reach the deadline unsettled). Each sector's bars sum to 1. Bars are labelled
    with their value where there is room.

    Parameters
    ----------
    talks : TypedTalks
        From :func:`solver.model.talks.solve_talks` with ``protocol.types`` set.
    ax : matplotlib Axes, optional
        Where to draw; by default a new Figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on. ``ax.containers[i]`` holds the ``i``-th sector's bars over the rounds and
        ``ax.containers[n + i]`` its no-deal bar (``n`` sectors).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from solver import Protocol, load_scenario
    >>> from solver.model.talks import solve_talks
    >>> t = solve_talks(load_scenario(), Protocol(rounds=2, types="resolve"), "piecemeal")
    >>> ax = plot_agreement_by_round(t)
    >>> len(ax.containers) == 2 * len(t.sectors)
    True
    >>> [ln.get_gid() for ln in ax.lines]
    ['deadline']
    """
    func = "plot_agreement_by_round()"
    if not isinstance(talks, TypedTalks):
        raise InputError(f"{func}: talks must be a TypedTalks (solve_talks() with "
                         f"Protocol(types=...)), got {type(talks).__name__}")
    rounds = talks.protocol.rounds
    if rounds is None:  # pragma: no cover - Protocol rejects types without a deadline
        raise InputError(f"{func}: the talks have no deadline")
    names = list(talks.sectors)
    n = max(1, len(names))
    slots = rounds + 1 + _GAP
    width_in = float(np.clip(2.6 + 0.13 * n * slots, 8.0, 15.0))
    own = ax is None
    (ax,) = _axes_list(ax, 1, (width_in, 5.6), func)
    fig = ax.figure
    width = 0.82 / n
    xs = np.arange(rounds, dtype=float)
    nodeal_x = rounds - 1 + 1 + _GAP
    groups = []
    for i, name in enumerate(names):
        dist = talks.agreement_by_round[name]
        vals = [float(dist.get(r, 0.0)) for r in range(rounds)]
        off = -0.41 + width * (i + 0.5)
        colour = f"C{i % 10}"
        bars = ax.bar(xs + off, vals, width, color=colour, label=_plain(name),
                      gid=f"round:{name}")
        groups.append((name, bars, vals))
    for i, name in enumerate(names):
        off = -0.41 + width * (i + 0.5)
        none = float(talks.agreement_by_round[name].get(None, 0.0))
        bars = ax.bar([nodeal_x + off], [none], width, color=f"C{i % 10}", alpha=0.45,
                      hatch="//", edgecolor="0.3", linewidth=0.5, gid=f"no deal:{name}")
        groups.append((name, bars, [none]))
    ax.axvspan(rounds - 0.5, nodeal_x + 0.5, color="0.93", zorder=0, lw=0)
    ax.axvline(rounds - 0.5, color="0.15", ls="--", lw=1.2, gid="deadline")
    ax.annotate(f"deadline (after round {rounds - 1})", xy=(rounds - 0.5, 1.0),
                xycoords=("data", "axes fraction"), xytext=(0, 4), textcoords="offset points",
                ha="center", va="bottom", fontsize="small", color="0.15")
    ticks = [*range(rounds), nodeal_x]
    labels: list[str] = [str(r) for r in range(rounds - 1)] + [f"{rounds - 1}\nlast",
                                                               "no deal"]
    if rounds > 24:  # thin the round labels, keep the first, last and no-deal ones
        step = int(np.ceil(rounds / 12))
        keep = [r for r in range(rounds) if r % step == 0 and rounds - 1 - r >= step / 2]
        keep.append(rounds - 1)
        ticks = [*keep, nodeal_x]
        labels = [str(r) for r in keep[:-1]] + [f"{rounds - 1}\nlast", "no deal"]
    ax.set_xticks(ticks, labels)
    ax.set_xlim(-0.6, nodeal_x + 0.6)
    ax.set_xlabel("round (0 = the first offer); no deal = breakdown, or the deadline "
                  "passed unsettled")
    ax.set_ylabel("probability")
    ax.set_ylim(0, 1.18)
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.grid(axis="y", color="0.88", lw=0.6)
    ax.set_axisbelow(True)
    legend = {"title": "sector", "fontsize": "small", "title_fontsize": "small",
              "ncol": min(n, 6), "frameon": False}
    if own:  # below the axes, laid out by the figure
        fig.legend(loc="outside lower center", **legend)
    else:  # beside the axes, never over the bars
        legend.update(ncol=1, frameon=True)
        _legend_beside(ax, **legend)
    inches = fig.get_figwidth() * max(ax.get_position().width, 0.3)
    ax.set_title(_title(talks, inches / 0.8), fontsize="medium", pad=24)
    _label_values(ax, groups, width)
    _literal(fig)
    return ax


def _label_values(ax: Any, groups: list[tuple[str, Any, list[float]]], width: float) -> None:
    """Write each visible bar's value above it, rotated, if a bar is wide enough for it."""
    fig = ax.figure
    renderer = _renderer(fig)
    x0 = ax.transData.transform((0.0, 0.0))[0]
    x1 = ax.transData.transform((width, 0.0))[0]
    size = 7.0
    if (x1 - x0) < 1.15 * size * fig.dpi / 72.0:
        return  # too narrow: the bars alone, read against the axis
    for name, bars, vals in groups:
        for b, v in zip(bars, vals, strict=True):
            if v < _LABEL_MIN:
                continue
            ax.annotate(f"{v:.2f}", (b.get_x() + b.get_width() / 2, v), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", rotation=90,
                        fontsize=size, color="0.2", gid=f"value:{name}")
    del renderer


#: The file formats :func:`plot_bytes` writes.
FORMATS = ("png", "svg", "pdf")


def plot_bytes(talks: TypedTalks, fmt: str = "png", *, dpi: int = 150) -> bytes:
    """:func:`plot_agreement_by_round` as the bytes of a PNG, SVG or PDF file.

    Parameters
    ----------
    talks : TypedTalks
        The talks with the sender's type in doubt, from :func:`solver.solve_talks` with
        ``Protocol(types=...)``.
    fmt : {'png', 'svg', 'pdf'}, default 'png'
        The file format.
    dpi : int, default 150
        The resolution of a PNG (dots per inch).

    Returns
    -------
    bytes
        The content of the figure's file.

    Raises
    ------
    InputError
        If ``fmt`` is not one of :data:`FORMATS`.

    Examples
    --------
    >>> from solver import Protocol, load_scenario
    >>> from solver.model.talks import solve_talks
    >>> t = solve_talks(load_scenario(), Protocol(rounds=1, types="audience"), "piecemeal")
    >>> plot_bytes(t, "png")[:4]
    b'\\x89PNG'
    """
    if fmt not in FORMATS:
        raise InputError(f"plot_bytes(): fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")
    import io

    buf = io.BytesIO()
    fig: Any = plot_agreement_by_round(talks).get_figure(root=True)
    fig.savefig(buf, format=fmt, dpi=dpi)
    return buf.getvalue()
