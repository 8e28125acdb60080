"""A sector's utility frontier with its threat point, equilibrium and lenses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from solver._core.errors import InputError
from solver.model.negotiation import SectorAnalysis
from solver.model.talks import SectorGame
from solver.presentation.plots._common import (
    _THIN,
    _axes_list,
    _groups,
    _literal,
    _place_labels,
    _plain,
    _renderer,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["LENSES", "plot_frontier"]


#: The lenses :func:`plot_frontier` marks: concept -> (label, short label, marker).
LENSES = {
    "nash": ("Nash bargaining", "Nash", "o"),
    "kalai_smorodinsky": ("Kalai-Smorodinsky", "KS", "s"),
    "egalitarian": ("egalitarian", "egal.", "^"),
    "utilitarian": ("utilitarian", "util.", "D"),
}


def _frontier_curve(ax: Axes, v: float, c: float, k: float, threat: tuple[float, float],
                    legend: bool) -> None:
    """The frontier ``u_T = -c (u_S / v)**k`` and the part better than ``threat`` for both."""
    xs = np.linspace(0.0, 1.0, 2000)
    us, ut = v * xs, -c * xs ** k
    ax.plot(us, ut, color="0.2", lw=1.8, gid="frontier",
            label="frontier  u_T = -c (u_S / qG)^k" if legend else None)
    better = (us > threat[0]) & (ut > threat[1])
    if better.sum() > 1:
        ax.fill_between(us[better], ut[better], threat[1], color="tab:blue", alpha=0.15, lw=0,
                        label="better than the threat point for both" if legend else None)


def _frontier_points(ax: Axes, pts: Sequence[tuple[str, str, str, tuple[float, float], str, str]],
                     span: tuple[float, float], label: set[str] | None = None,
                     ) -> list[tuple[tuple[float, float], str, str, float]]:
    """Mark the points, coinciding ones concentric (thin shapes larger, drawn below); return
    one label per group of coinciding points, naming those whose gid is in ``label`` (by
    default all)."""
    labels: list[tuple[tuple[float, float], str, str, float]] = []
    for group in _groups([p[3] for p in pts], span):
        n = len(group)
        # Thin shapes (star, cross) largest and lowest, so that their tips show round the
        # solid shapes drawn smaller on top of them.
        for rank, i in enumerate(sorted(group, key=lambda j: _THIN.find(pts[j][4]))):
            gid, _, _, xy, marker, colour = pts[i]
            ax.plot([xy[0]], [xy[1]], marker, color=colour, ms=9 + 6 * (n - 1 - rank),
                    mec="black", mew=0.8, zorder=5 + rank, gid=gid, linestyle="none")
        names = [pts[i][2] for i in group if label is None or pts[i][0] in label]
        if names:
            labels.append((pts[group[0]][3], ", ".join(names), "label:" + pts[group[0]][0],
                           9 + 6 * (n - 1)))
    return labels



def plot_frontier(
    sector: SectorAnalysis | SectorGame,
    ax: Axes | None = None,
    *,
    players: tuple[str, str] | None = None,
) -> Axes:
    """A sector's frontier with its negotiation game's equilibrium, threat point and lenses.

    The frontier is ``u_T = -c (u_S / (q G))**k`` (``docs/model.md``); the shaded part is
    better than the threat point for both. Marked, as the model computed them:

    * the threat point: the sanction subgame's SPE payoff (``SectorGame.threat_point``);
    * the sender's standing demand D, on the frontier (what its sanction enforces);
    * the SPE agreement: the opening agreed, on the frontier, and its round;
    * the SPE expected payoffs from round 0 (``SectorGame.payoffs``): discounted to round 0
      and weighted by the risk of a breakdown before the agreement, so inside the frontier
      when the deal comes late;
    * with a :class:`~solver.SectorAnalysis`, its lenses (Nash, Kalai-Smorodinsky,
      egalitarian, utilitarian bargaining solutions against the same threat point).

    Points that coincide are drawn as concentric markers (thin shapes larger and below, so
    none is hidden) and share one label; labels are offset from their points so that none
    overlaps another or a marker. When the bargain (every point but the expected payoffs)
    fills a small part of the view, its points (from the threat point to the ideal point,
    each side's best against the other's threat) are drawn in a zoomed inset
    (``ax.child_axes[0]``) rather than in the full view, which marks the zoomed box.

    Parameters
    ----------
    sector : SectorAnalysis or SectorGame
        From :func:`~solver.analyse_negotiation` (``analysis["autos"]``) or
        :func:`~solver.solve_sector`.
    ax : matplotlib Axes, optional
        Where to draw; by default a new Figure.
    players : (str, str), optional
        Names for the axis labels (default "sender", "target").

    Returns
    -------
    matplotlib.axes.Axes
        Lines with ``gid`` ``"frontier"``, ``"threat point"``, ``"demand"``,
        ``"spe agreement"``, ``"spe payoffs"``, ``"ideal point"`` and ``"lens:<concept>"``,
        in the Axes or in its inset.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from solver import Protocol, Sector, solve_sector
    >>> s = Sector("glass", gain=1.0, cost=0.6, loss_target=0.5, loss_sender=0.1,
    ...            backdown_cost=0.3, discount_sender=0.9, discount_target=0.75)
    >>> ax = plot_frontier(solve_sector(s, Protocol(rounds=1, breakdown=0.0)))
    >>> lines = [ln for a in (ax, *ax.child_axes) for ln in a.lines]   # the inset's too
    >>> [ln.get_xydata().tolist() for ln in lines if ln.get_gid() == "threat point"]
    [[[0.74, -0.5]]]
    """
    func = "plot_frontier()"
    if isinstance(sector, SectorAnalysis):
        game, lenses = sector.game, sector.lenses
    elif isinstance(sector, SectorGame):
        game, lenses = sector, ()
    else:
        raise InputError(f"{func}: expected a SectorAnalysis or SectorGame, got "
                         f"{type(sector).__name__}")
    s = game.sector
    players = players or ("sender", "target")
    (ax,) = _axes_list(ax, 1, (9.5, 5.0), func)
    v, c, k = s.value, s.cost, s.curvature

    def on_frontier(x: float) -> tuple[float, float]:
        return (v * x, -c * x ** k)

    d1, d2 = (float(u) for u in game.threat_point)
    # The points: (gid, legend label, short label, xy, marker, colour).
    pts: list[tuple[str, str, str, tuple[float, float], str, str]] = [
        ("threat point", f"threat point: sanction subgame SPE ({' > '.join(game.subgame.path)})",
         "threat", (d1, d2), "X", "black"),
    ]
    if game.demand is not None:
        pts.append(("demand", f"sender's demand D = {game.demand:.3g}", f"D = {game.demand:.3g}",
                    on_frontier(game.demand), "v", "0.55"))
        when = "no round" if game.round is None else f"round {game.round}"
        pts.append(("spe agreement", f"SPE agreement: x = {game.opening:.3g} ({when}"
                    f"{', ' + game.timing + ' the deadline' if game.deal else ', no deal'})",
                    f"SPE x = {game.opening:.3g}", on_frontier(game.opening), "*", "gold"))
        pts.append(("spe payoffs", "SPE expected payoffs from round 0",
                    "SPE expected", (float(game.payoffs[0]), float(game.payoffs[1])), "P",
                    "tab:purple"))
    else:
        pts.append(("spe payoffs", "SPE: no demand, status quo (0, 0)", "SPE: no demand",
                    (0.0, 0.0), "P", "tab:purple"))
    # The ideal point: each side's best payoff on the frontier against the other's threat;
    # with the threat point it spans the region where every bargaining solution lies.
    x_hi = 1.0 if c <= 0 else min(1.0, (max(0.0, -d2) / c) ** (1.0 / k))
    x_lo = min(1.0, max(0.0, d1 / v)) if v > 0 else 0.0
    if x_lo < x_hi:  # some agreement is better than the threat for both
        pts.append(("ideal point", "ideal point: each side's best against the other's threat",
                    "ideal", (v * x_hi, -c * x_lo ** k), "P", "white"))
    for i, lens in enumerate(lenses):
        label, short, marker = LENSES.get(lens.concept, (lens.concept, lens.concept, "o"))
        what = f"x = {lens.opening:.3g}" if lens.agreement else "no agreement"
        pts.append((f"lens:{lens.concept}", f"lens: {label} ({what})", short,
                    (float(lens.payoffs[0]), float(lens.payoffs[1])), marker, f"C{i}"))

    # The view: every marked point and the status quo (0, 0), with a margin; the frontier
    # runs on beyond it (a full opening is often far from the bargain).
    allx = [p[3][0] for p in pts] + [0.0]
    ally = [p[3][1] for p in pts] + [0.0]
    spanx = max(max(allx) - min(allx), 0.1 * v, 1e-9)
    spany = max(max(ally) - min(ally), 0.1 * c, 1e-9)
    # The bargain's own points (all but the expected payoffs) get a zoomed inset when they
    # sit in a small part of the view.
    near = [p for p in pts if p[0] != "spe payoffs"]
    zx = [p[3][0] for p in near]
    zy = [p[3][1] for p in near]
    raw = (max(zx) - min(zx), max(zy) - min(zy))
    zspan = (max(raw[0], 0.02 * spanx), max(raw[1], 0.02 * spany))
    zoom = (max(raw[0] / spanx, raw[1] / spany) > 0.005 and zspan[0] < 0.35 * spanx
            and zspan[1] < 0.35 * spany and len(near) > 2)
    top = max(ally) + 0.22 * spany
    if zoom:  # room for the inset in the upper half, above every point
        top = max(ally) + 0.9 * spany
    ax.set_xlim(min(allx) - 0.22 * spanx, max(allx) + 0.22 * spanx)
    ax.set_ylim(min(ally) - 0.22 * spany, top)
    _frontier_curve(ax, v, c, k, (d1, d2), legend=True)
    # With the inset, the full view draws only what the inset does not show: crowded
    # markers are drawn once, where they are apart.
    placed = _frontier_points(ax, [p for p in pts if not zoom or p not in near],
                              (spanx, spany))
    avoid: list[Any] = []
    inset_labels: list[tuple[tuple[float, float], str, str, float]] = []
    inset = ax
    if zoom:
        inset = ax.inset_axes((0.47, 0.5, 0.5, 0.47))
        inset.set_xlim(min(zx) - 0.3 * zspan[0], max(zx) + 0.3 * zspan[0])
        inset.set_ylim(min(zy) - 0.3 * zspan[1], max(zy) + 0.3 * zspan[1])
        _frontier_curve(inset, v, c, k, (d1, d2), legend=False)
        inset_labels = _frontier_points(inset, near, zspan)
        inset.tick_params(labelsize="x-small")
        ax.indicate_inset_zoom(inset, edgecolor="0.4")
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker=marker, color=colour, ms=8, mec="black", mew=0.8,
                      linestyle="none", label=label) for _, label, _, _, marker, colour in pts]
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    ax.set_xlabel(_plain(f"{players[0]} payoff u_S ($B/yr)"))
    ax.set_ylabel(_plain(f"{players[1]} payoff u_T ($B/yr)"))
    import textwrap

    root: Any = ax.get_figure(root=True)
    inches = ax.get_position().width * float(root.get_figwidth())
    ax.set_title(_plain(textwrap.fill(f"{s.label or s.name}: frontier, threat point and SPE",
                                      max(30, int(11 * inches)))), fontsize="medium")
    front = ax.get_legend_handles_labels()[0]
    ax.legend(handles=[*front, *handles], fontsize="small", loc="upper left",
              bbox_to_anchor=(1.02, 1.0))
    if zoom:
        _place_labels(inset, inset_labels)
        avoid.append(inset.get_tightbbox(_renderer(ax.figure)))
    _place_labels(ax, placed, avoid)
    _literal(ax.figure)
    return ax
