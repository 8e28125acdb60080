"""Plots (matplotlib) of the negotiation game's results: a sector's frontier, the sanction
subgame's tree, the agendas, sweeps and parameter maps.

Presentation only: every function draws what the model layer has already computed
(:func:`solver.analyse_negotiation`, :func:`solver.solve_sector`, :func:`solver.solve_talks`,
:func:`solver.sweep`, or a table of such results) and solves nothing itself.

Every function draws on the ``ax`` it is given, or on a new
:class:`matplotlib.figure.Figure` (no pyplot, no global state, safe on a headless machine),
and returns the Axes, or the Figure for plots of several panels. None calls ``show()``.
matplotlib is imported only when a plot is drawn: it is an optional dependency (the ``plot``
extra), and the rest of the solver does not need it.

Artists that carry data have a ``gid`` (``"threat point"``, ``"lens:nash"``,
``"edge:Sanction > HoldOut"``, ...), so that a drawing can be checked against its inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from solver.model.negotiation import NegotiationAnalysis, SectorAnalysis
from solver.model.sanction_subgame import Subgame
from solver.model.talks import SectorGame
from solver.representations.tree import Chance, Decision, GameTree, Outcome, Path

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

__all__ = [
    "plot_agenda_map",
    "plot_agendas",
    "plot_frontier",
    "plot_game_tree",
    "plot_sweep",
]

#: The lenses :func:`plot_frontier` marks: concept -> (label, short label, marker).
LENSES = {
    "nash": ("Nash bargaining", "Nash", "o"),
    "kalai_smorodinsky": ("Kalai-Smorodinsky", "KS", "s"),
    "egalitarian": ("egalitarian", "egal.", "^"),
    "utilitarian": ("utilitarian", "util.", "D"),
}
#: The sweep's agendas (the columns ``<agenda>_sender`` ...) as :func:`plot_sweep` shows them.
SWEEP_LABELS = {"piecemeal": "piece by piece", "package": "package with floors",
                "linked": "linked package", "tie": "tie"}
#: One colour per agenda, by its sweep name and by its label in ``analyse_negotiation``.
_AGENDA_COLOURS = {
    "piecemeal": "tab:blue", "package": "tab:red", "linked": "tab:green", "tie": "tab:gray",
    "piece by piece": "tab:blue", "package with floors": "tab:red",
    "linked package": "tab:green", "free agenda, sender sets": "tab:purple",
    "free agenda, target sets": "tab:brown",
}
_HIGHLIGHT = "tab:red"
#: Marker shapes from the thinnest (drawn largest when points coincide) to the most solid.
_THIN = "*XPv^Dso"
#: Two points closer than this share of the plot's span are drawn as one group.
_NEAR = 0.025


def _new_axes(figsize: tuple[float, float], rows: int = 1, cols: int = 1) -> list[Axes]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return list(np.ravel(fig.subplots(rows, cols, squeeze=False)))


def _axes_list(ax: Any, n: int, figsize: tuple[float, float], func: str,
               grid: tuple[int, int] | None = None) -> list[Axes]:
    if ax is None:
        rows, cols = grid if grid is not None else (1, n)
        return _new_axes(figsize, rows, cols)
    axes = [ax] if n == 1 and not isinstance(ax, Sequence | np.ndarray) else list(
        np.ravel(np.asarray(ax, dtype=object)))
    if len(axes) != n:
        raise ValueError(f"{func}: ax must be {'an Axes' if n == 1 else f'{n} Axes'}, "
                         f"got {len(axes)}")
    return axes


def _fmt(v: Any) -> str:
    """A payoff as short text: exact fractions as ``a/b``, floats to 3 significant digits."""
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return str(v.numerator)
        if v.denominator <= 100:
            return f"{v.numerator}/{v.denominator}"
    if isinstance(v, int):
        return str(v)
    return f"{float(v) + 0.0:.3g}"  # + 0.0 turns -0.0 into 0.0


def _renderer(fig: Any) -> Any:
    """Lay the figure out (constrained layout included) and return its renderer."""
    fig.draw_without_rendering()
    return fig._get_renderer()


def _overlaps(box: Any, others: Sequence[Any], pad: float = 2.0) -> float:
    """Total overlap area (pixels) of ``box`` with ``others``, each grown by ``pad``."""
    total = 0.0
    for o in others:
        w = min(box.x1, o.x1 + pad) - max(box.x0, o.x0 - pad)
        h = min(box.y1, o.y1 + pad) - max(box.y0, o.y0 - pad)
        if w > 0 and h > 0:
            total += w * h
    return total


def _place_labels(ax: Axes, points: Sequence[tuple[tuple[float, float], str, str, float]],
                  avoid: Sequence[Any] = ()) -> list[Text]:
    """Label each point ``(xy, text, gid, marker size)`` with text offset from it (clear of
    the marker), greedily choosing for
    each the nearest offset whose box overlaps no label placed before, no marker and no box
    in ``avoid``, and stays inside the axes; a leader line joins a label set further off."""
    fig = ax.figure
    renderer = _renderer(fig)
    inside = ax.get_window_extent(renderer)
    from matplotlib.transforms import Bbox

    px = fig.dpi / 72.0
    marker_boxes = []
    for p in points:
        x, y = ax.transData.transform(p[0])
        half = (p[3] / 2 + 1) * px
        marker_boxes.append(Bbox.from_bounds(x - half, y - half, 2 * half, 2 * half))
    placed: list[Any] = list(avoid)
    texts: list[Text] = []
    directions = [(1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1), (1, 0), (-1, 0)]
    for xy, text, gid, size in points:
        best: tuple[float, Any, Any] | None = None
        for radius in (size / 2 + r for r in (3, 12, 24, 38, 54, 74)):
            for dx, dy in directions:
                off = (dx * radius, dy * radius)
                ha = "left" if dx > 0 else "right" if dx < 0 else "center"
                va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
                t = ax.annotate(text, xy, xytext=off, textcoords="offset points", ha=ha,
                                va=va, fontsize="small", gid=gid)
                box = t.get_window_extent(renderer)
                t.remove()
                outside = max(0.0, inside.x0 - box.x0) + max(0.0, box.x1 - inside.x1) + max(
                    0.0, inside.y0 - box.y0) + max(0.0, box.y1 - inside.y1)
                cost = _overlaps(box, placed) + _overlaps(box, marker_boxes, pad=0.0) \
                    + 1e5 * outside
                if best is None or cost < best[0]:
                    best = (cost, off, (ha, va, box))
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        _, off, (ha, va, box) = best
        far = abs(off[0]) + abs(off[1]) > 2 * size + 24
        t = ax.annotate(text, xy, xytext=off, textcoords="offset points", ha=ha, va=va,
                        fontsize="small", gid=gid, zorder=8,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                              "alpha": 0.8},
                        arrowprops={"arrowstyle": "-", "color": "0.45", "lw": 0.7,
                                    "shrinkA": 0, "shrinkB": 4} if far else None)
        t.set_in_layout(False)
        placed.append(box)
        texts.append(t)
    return texts


def _groups(points: Sequence[tuple[float, float]], span: tuple[float, float]) -> list[list[int]]:
    """Indices of points grouped when within :data:`_NEAR` of the span of each other."""
    groups: list[list[int]] = []
    for i, (x, y) in enumerate(points):
        for g in groups:
            gx, gy = points[g[0]]
            if abs(x - gx) <= _NEAR * span[0] and abs(y - gy) <= _NEAR * span[1]:
                g.append(i)
                break
        else:
            groups.append([i])
    return groups



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


# -- the utility frontier ----------------------------------------------------------------------


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
    fills a small part of the view, its points are drawn in a zoomed inset
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
        ``"spe agreement"``, ``"spe payoffs"`` and ``"lens:<concept>"``, in the Axes or
        in its inset.

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
        raise ValueError(f"{func}: expected a SectorAnalysis or SectorGame, got "
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
    ax.set_xlabel(f"{players[0]} payoff u_S ($B/yr)")
    ax.set_ylabel(f"{players[1]} payoff u_T ($B/yr)")
    ax.set_title(f"{s.label or s.name}: frontier, threat point and SPE")
    front = ax.get_legend_handles_labels()[0]
    ax.legend(handles=[*front, *handles], fontsize="small", loc="upper left",
              bbox_to_anchor=(1.02, 1.0))
    if zoom:
        _place_labels(inset, inset_labels)
        avoid.append(inset.get_tightbbox(_renderer(ax.figure)))
    _place_labels(ax, placed, avoid)
    return ax


# -- game trees --------------------------------------------------------------------------------


def _layout(tree: GameTree) -> dict[Path, tuple[float, float]]:
    """Leaves in depth-first order one unit apart; a parent centred over its children."""
    pos: dict[Path, tuple[float, float]] = {}
    leaves = iter(range(len(tree.terminal_paths())))

    def place(path: Path) -> float:
        node = tree.node(path)
        if isinstance(node, Outcome):
            x = float(next(leaves))
        else:
            xs = [place(path + (a,)) for a in node.labels]
            x = (xs[0] + xs[-1]) / 2
        pos[path] = (x, -float(len(path)))
        return x

    place(())
    return pos


def _reach(tree: GameTree, behaviour: Any) -> dict[Path, float]:
    """Probability of reaching every node under a behaviour profile."""
    reach: dict[Path, float] = {}

    def go(path: Path, p: float) -> None:
        reach[path] = p
        node = tree.node(path)
        if isinstance(node, Decision):
            dist = behaviour.get(path, {})
            for a in node.labels:
                go(path + (a,), p * float(dist.get(a, 0)))
        elif isinstance(node, Chance):
            for a, q in node.probabilities.items():
                go(path + (a,), p * float(q))

    go((), 1.0)
    return reach


def plot_game_tree(
    tree: GameTree | Subgame | SectorGame,
    spe: Any = None,
    ax: Axes | None = None,
    *,
    highlight: bool = True,
    players: tuple[str, str] | None = None,
) -> Axes:
    """A layered drawing of a game tree, with an equilibrium's play highlighted.

    Decision nodes are labelled with their player, chance nodes with their branch
    probabilities, terminals with their payoffs (in the order of ``tree.players``; on two
    lines when neighbouring payoffs would touch). Information sets of several nodes are
    joined by a dotted line. The play of the equilibrium (nodes reached with positive
    probability) is drawn thick in red; the equilibrium's choices off that path (its
    threats) are drawn dashed in red.

    Parameters
    ----------
    tree : GameTree, Subgame or SectorGame
        A tree, or a solved sanction subgame (``SectorGame.subgame``; a
        :class:`~solver.SectorGame` stands for its subgame), drawn with its first SPE.
    spe : equilibrium, optional
        Anything with a ``behaviour`` mapping (a :class:`~solver.SubgamePerfectEquilibrium`,
        a :class:`~solver.TreeEquilibrium`). Without it a bare tree is drawn as it is: the
        plot does not solve the game.
    ax : matplotlib Axes, optional
    highlight : bool
        False draws the bare tree.
    players : (str, str), optional
        The names of the tree's two players, in order (e.g. the scenario's sender and
        target, ``(scenario.sender, scenario.target)``); default: the tree's own.

    Returns
    -------
    matplotlib.axes.Axes
        Each edge is a line with ``gid`` ``"edge:<path>"`` (the child's path, actions
        joined by ``" > "``); each terminal's payoff text has ``gid`` ``"payoff:<path>"``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from solver import GameTree, Decision, Outcome, subgame_perfect
    >>> entry = GameTree(Decision("Entrant", {"Out": Outcome((0, 2)),
    ...     "In": Decision("Incumbent", {"Fight": Outcome((-1, -1)),
    ...                                  "Accommodate": Outcome((1, 1))})}))
    >>> ax = plot_game_tree(entry, subgame_perfect(entry)[0])
    >>> sorted(l.get_gid() for l in ax.lines if l.get_linewidth() > 2)
    ['edge:In', 'edge:In > Accommodate']
    """
    func = "plot_game_tree()"
    heading = ""
    if isinstance(tree, SectorGame):
        demand = "no demand" if tree.demand is None else f"demand D = {tree.demand:.3g}"
        heading = (f"{tree.sector.label or tree.sector.name}: the sanction subgame at the "
                   f"sender's {demand}; its SPE payoff is the threat point\n")
        tree = tree.subgame
    if isinstance(tree, Subgame):
        spe = tree.spe[0] if spe is None else spe
        tree = tree.tree
    if not isinstance(tree, GameTree):
        raise ValueError(f"{func}: tree must be a GameTree, Subgame or SectorGame, got "
                         f"{type(tree).__name__}")
    if spe is not None and not hasattr(spe, "behaviour"):
        raise ValueError(f"{func}: spe must have a behaviour mapping, got {type(spe).__name__}")
    if players is not None:
        if len(players) != len(tree.players):
            raise ValueError(f"{func}: players must name the tree's {len(tree.players)} "
                             f"players {tree.players}, got {players!r}")
        tree = tree.with_players(dict(zip(tree.players, players, strict=True)))
    highlight = highlight and spe is not None
    pos = _layout(tree)
    n_leaves = len(tree.terminal_paths())
    depth = max(len(p) for p in pos)
    (ax,) = _axes_list(ax, 1, (max(6.0, 1.6 * n_leaves), max(3.5, 1.5 * (depth + 1))), func)
    behaviour: Any = spe.behaviour if highlight else {}
    reach = _reach(tree, behaviour) if highlight else {}
    payoff_texts = []
    node_texts = []
    edge_texts: list[tuple[Any, tuple[float, float, float, float]]] = []
    for path in tree.paths():
        node = tree.node(path)
        x, y = pos[path]
        if isinstance(node, Outcome):
            ax.plot([x], [y], "o", color="0.3", ms=4, zorder=3)
            on_path = highlight and reach.get(path, 0.0) > 0
            payoff_texts.append(ax.text(
                x, y - 0.12, "(" + ", ".join(_fmt(v) for v in node.payoffs) + ")",
                ha="center", va="top", fontsize="small",
                fontweight="bold" if on_path else "normal", gid="payoff:" + " > ".join(path)))
            continue
        chance = isinstance(node, Chance)
        ax.plot([x], [y], "s" if chance else "o", ms=11, zorder=4,
                color="white" if chance else "0.15", mec="0.15")
        node_texts.append(ax.text(
            x, y + 0.14, "Chance" if chance else str(getattr(node, "player", "")),
            ha="center", va="bottom", fontsize="small", fontweight="bold", zorder=5,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85}))
        probs = node.probabilities if isinstance(node, Chance) else {}
        dist = behaviour.get(path, {}) if isinstance(node, Decision) else {}
        for a in node.labels:
            child = path + (a,)
            cx, cy = pos[child]
            style: dict[str, Any] = {"color": "0.55", "lw": 1.0}
            if highlight and reach.get(child, 0.0) > 0:
                style = {"color": _HIGHLIGHT, "lw": 3.0}
            elif highlight and float(dist.get(a, 0)) > 0:
                style = {"color": _HIGHLIGHT, "lw": 1.6, "ls": "--"}
            ax.plot([x, cx], [y, cy], zorder=2, gid="edge:" + " > ".join(child), **style)
            label = a
            if chance:
                label += f" ({_fmt(probs[a])})"
            elif highlight and 0 < float(dist.get(a, 0)) < 1:
                label += f" [{_fmt(dist[a])}]"
            # Edge labels at 45% of the way down, so that those of sibling edges part; moved
            # along their edges below if they still touch.
            edge_texts.append((ax.text(
                x + 0.45 * (cx - x), y + 0.45 * (cy - y), label, ha="center", va="center",
                fontsize="small", gid="label:" + " > ".join(child), zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                      "alpha": 0.85}), (x, y, cx, cy)))
    for h in tree.infosets:
        if len(h.members) > 1:
            # Arcs between neighbours, bulging upwards so they clear the nodes between.
            pts = sorted(pos[m] for m in h.members)
            hx: list[float] = []
            hy: list[float] = []
            t = np.linspace(0.0, 1.0, 30)
            for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
                bulge = 0.12 * abs(x1 - x0) ** 0.5
                hx.extend(x0 + (x1 - x0) * t)
                hy.extend(y0 + (y1 - y0) * t + 4 * bulge * t * (1 - t))
            ax.plot(hx, hy, ":", color="tab:blue", lw=1.5, zorder=1, gid=f"infoset:{h.name}")
    ax.set_xlim(-0.7, n_leaves - 0.3)
    ax.set_ylim(-depth - 0.55, 0.45)
    ax.set_axis_off()
    title = heading + "payoffs (" + ", ".join(tree.players) + ")"
    if highlight:
        title += "; red: equilibrium play, dashed: choices off the path"
    import textwrap

    root: Any = ax.get_figure(root=True)
    inches = ax.get_position().width * float(root.get_figwidth())
    width = int(14 * inches / 0.8)
    ax.set_title("\n".join(textwrap.fill(line, max(width, 30)) for line in title.split("\n")),
                 fontsize="small")
    _unclash_payoffs(ax, payoff_texts)
    _unclash_edges(ax, edge_texts, node_texts + payoff_texts)
    return ax


def _unclash_edges(ax: Axes, edges: list[tuple[Any, tuple[float, float, float, float]]],
                   fixed: list[Any]) -> None:
    """Slide each edge label along its edge to the first place where it touches no label
    placed before it, no node label and no payoff."""
    if not edges:
        return
    renderer = _renderer(ax.figure)
    placed = [t.get_window_extent(renderer) for t in fixed]
    for text, (x, y, cx, cy) in edges:
        best: tuple[float, float] | None = None
        for f in (0.45, 0.6, 0.3, 0.72, 0.2, 0.82):
            text.set_position((x + f * (cx - x), y + f * (cy - y)))
            cost = _overlaps(text.get_window_extent(renderer), placed, pad=1.0)
            if best is None or cost < best[0]:
                best = (cost, f)
            if cost == 0:
                break
        assert best is not None
        f = best[1]
        text.set_position((x + f * (cx - x), y + f * (cy - y)))
        placed.append(text.get_window_extent(renderer))


def _unclash_payoffs(ax: Axes, texts: list[Any]) -> None:
    """Break every payoff onto one line per player when two neighbours' texts touch."""
    if len(texts) < 2:
        return
    renderer = _renderer(ax.figure)
    boxes = [t.get_window_extent(renderer) for t in texts]
    if any(_overlaps(b, [o], pad=4.0) > 0 for i, b in enumerate(boxes) for o in boxes[i + 1:]):
        for t in texts:
            t.set_text(t.get_text().replace(", ", ",\n"))


# -- agendas -----------------------------------------------------------------------------------


def plot_agendas(analysis: NegotiationAnalysis, ax: Any = None) -> Figure:
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
    matplotlib.figure.Figure
        In the left panel, ``containers[i]`` holds the ``i``-th agenda of
        ``analysis.agendas``, sector by sector; in the right panel, ``containers[0]`` and
        ``containers[1]`` the sender's and the target's payoffs, agenda by agenda.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from solver import analyse_negotiation, load_scenario
    >>> a = analyse_negotiation(load_scenario())
    >>> left, right = plot_agendas(a).axes
    >>> len(left.containers) == len(a.agendas)
    True
    """
    func = "plot_agendas()"
    if not isinstance(analysis, NegotiationAnalysis):
        raise ValueError(f"{func}: analysis must be a NegotiationAnalysis (from "
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
    left.set_xticks(xs, sectors, rotation=30, ha="right")
    left.set_ylabel("opening x (share of a full opening)")
    top = max((r.opening for _, t in agendas for r in t.sectors.values()), default=0.0)
    left.set_ylim(0, min(1.16, max(0.1, 1.22 * top + 0.05)))
    left.set_title("Opening by sector. Above a bar: r3 = deal in round 3; nil = agreed to "
                   "open\nless than the deal threshold; never = not agreed (the sanction "
                   "subgame waits)", fontsize="small")
    left.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3)
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
    right.set_yticks(ys, names, fontsize="small")
    right.invert_yaxis()
    lo, hi = right.get_xlim()
    pad = 0.18 * (hi - lo)
    right.set_xlim(lo - (pad if lo < 0 else 0), hi + pad)
    right.set_xlabel("expected SPE payoff ($B/yr, summed over sectors)")
    right.set_title("Payoffs by agenda (\u2605: the agenda each side would choose)",
                    fontsize="small")
    right.legend(fontsize="small", loc="lower left")
    fig = left.figure
    fig.suptitle(f"{sc.name}: the agendas compared\n{analysis.protocol.describe()}",
                 fontsize="medium")
    return fig  # type: ignore[return-value]


# -- sweeps ------------------------------------------------------------------------------------


def _sweep_agendas(df: pd.DataFrame) -> list[str]:
    """The agendas of a sweep frame, in :data:`SWEEP_LABELS` order (``<agenda>_sender``)."""
    return [a for a in SWEEP_LABELS if a != "tie" and f"{a}_sender" in df.columns]


def plot_sweep(df: pd.DataFrame, ax: Any = None, *, bins: int = 40) -> Figure:
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
    matplotlib.figure.Figure
        In the third panel, ``containers[k]`` holds the shares of the ``k``-th agenda (then
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
    >>> fig = plot_sweep(df)
    >>> shares = fig.axes[2]
    >>> [float(c[0].get_width()) for c in shares.containers]   # the sender's shares
    [0.0, 0.5, 0.5, 0.0]
    """
    func = "plot_sweep()"
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"{func}: df must be a sweep() DataFrame, got {type(df).__name__}")
    agendas = _sweep_agendas(df)
    need = {f"{a}_{p}" for a in SWEEP_LABELS if a != "tie" for p in ("sender", "target")} | {
        "winner_sender", "winner_target"}
    missing = sorted(need - set(df.columns))
    if missing:
        raise ValueError(f"{func}: df must be a sweep() DataFrame; missing columns {missing}")
    if len(df) == 0:
        raise ValueError(f"{func}: df has no rows")
    prefix = f"{agendas[0]}_deal_"
    sectors = [c[len(prefix):] for c in df.columns if c.startswith(prefix)]
    axes = _axes_list(ax, 4, (13.0, 8.6), func, grid=(2, 2))
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
                   label=f"{SWEEP_LABELS[ag]}: median {np.median(diff) + 0.0:+.3g}, "
                         f"better in {(diff > tol).mean():.0%}, "
                         f"worse in {(diff < -tol).mean():.0%}")
        a.axvline(0, color="black", lw=1)
        a.set_ylim(0, 1.3 * a.get_ylim()[1])  # headroom for the legend
        a.set_xlabel(f"payoff minus {base_name} ($B/yr)")
        a.set_ylabel("draws")
        a.set_title(f"{player}: each agenda against {base_name}", fontsize="medium")
        a.legend(fontsize="x-small", loc="upper left")
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
    a.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.18),
             ncol=len(agendas) + 1)
    a = axes[3]
    width = 0.8 / len(agendas)
    xs = np.arange(len(sectors), dtype=float)
    for k, ag in enumerate(agendas):
        deal_share = [float(df[f"{ag}_deal_{s}"].mean()) for s in sectors]
        a.bar(xs - 0.4 + width * (k + 0.5), deal_share, width, color=_AGENDA_COLOURS[ag],
              label=SWEEP_LABELS[ag])
    a.set_xticks(xs, sectors, rotation=30, ha="right")
    a.set_ylim(0, 1.3)
    a.set_yticks(np.linspace(0, 1, 6))
    a.set_ylabel("share of draws with a deal")
    a.set_title("Deals by sector", fontsize="medium")
    a.legend(fontsize="x-small", loc="upper center", ncol=len(agendas))
    fig = axes[0].figure
    return fig  # type: ignore[return-value]


# -- a two-parameter map -----------------------------------------------------------------------


def plot_agenda_map(
    df: pd.DataFrame,
    x: str,
    y: str,
    player: str = "sender",
    ax: Axes | None = None,
    *,
    column: str | None = None,
    order: Sequence[str] | None = None,
    colours: Mapping[str, str] | None = None,
    point: tuple[float, float] | None = None,
) -> Axes:
    """A map of which agenda a player would choose as two parameters vary, from results
    computed beforehand.

    The plot solves nothing: ``df`` holds one row per grid point, the two parameters'
    values in columns ``x`` and ``y`` and the agenda chosen in ``column`` (by default
    ``"winner_<player>"``). Compute it with the model, e.g. for each grid point
    ``analyse_negotiation(changed_scenario).choice(player)[0]``, or the label of the
    largest ``solve_talks(changed_scenario, protocol, agenda).<player>_payoff``; see the
    ``sensitivity`` notebook and ``docs/howto/compare-agendas.md``.

    Parameters
    ----------
    df : pandas.DataFrame
        The grid's results, one row per point (a full grid: every ``x`` with every ``y``).
    x, y : str
        The columns of the two parameters (the axes' labels).
    player : "sender" or "target"
        Whose choice (names the default ``column`` and the title).
    ax : matplotlib Axes, optional
    column : str, optional
        The column of agenda labels (default ``"winner_<player>"``).
    order : sequence of str, optional
        The agendas in legend order (default: order of first appearance).
    colours : mapping, optional
        A colour for some agendas.
    point : (float, float), optional
        A point to mark with a star (e.g. the scenario's own values).

    Returns
    -------
    matplotlib.axes.Axes
        Its first collection is the map; its array holds, row by row (``y`` then ``x``),
        the index of the agenda in ``order``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({"cost": [1, 2, 1, 2], "loss": [0, 0, 1, 1],
    ...                    "winner_sender": ["package", "piecemeal", "package", "package"]})
    >>> ax = plot_agenda_map(df, "cost", "loss")
    >>> ax.collections[0].get_array().tolist()
    [[0.0, 1.0], [0.0, 0.0]]
    """
    func = "plot_agenda_map()"
    if player not in ("sender", "target"):
        raise ValueError(f"{func}: player must be 'sender' or 'target', got {player!r}")
    column = column or f"winner_{player}"
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"{func}: df must be a DataFrame of results, got {type(df).__name__}")
    missing = [c for c in (x, y, column) if c not in df.columns]
    if missing:
        raise ValueError(f"{func}: df has no column(s) {missing}; columns are "
                         f"{list(df.columns)}")
    if len(df) == 0:
        raise ValueError(f"{func}: df has no rows")
    table = df.pivot_table(index=y, columns=x, values=column, aggfunc="first")
    if table.isna().to_numpy().any() or len(table.index) * len(table.columns) != len(df):
        raise ValueError(f"{func}: df must hold exactly one row for every ({x}, {y}) pair of "
                         "a full grid")
    seen = list(dict.fromkeys(df[column]))
    if order is None:
        order = seen
    else:
        order = list(order)
        extra = [v for v in seen if v not in order]
        if extra:
            raise ValueError(f"{func}: {column} has values {extra} not in order {order}")
    codes = np.array([[order.index(v) for v in row] for row in table.to_numpy()], dtype=float)
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    palette = dict(colours or {})
    cols = [palette.get(name, _AGENDA_COLOURS.get(name, f"C{k}")) for k, name in
            enumerate(order)]
    (ax,) = _axes_list(ax, 1, (6.8, 5.0), func)
    xv = table.columns.to_numpy(dtype=float)
    yv = table.index.to_numpy(dtype=float)
    ax.pcolormesh(xv, yv, codes, cmap=ListedColormap(cols), vmin=-0.5,
                  vmax=len(order) - 0.5, shading="nearest")
    handles: list[Any] = [Patch(color=cols[k], label=order[k])
                          for k in sorted({int(c) for c in codes.ravel()})]
    if point is not None:
        (star,) = ax.plot([point[0]], [point[1]], "*", color="white", mec="black", ms=15,
                          gid="scenario point", label="the scenario")
        handles.append(star)
    ax.legend(handles=handles, fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0))
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(f"The agenda the {player} would choose", fontsize="medium")
    return ax
