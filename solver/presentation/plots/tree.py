"""Game trees: a layered drawing with an equilibrium's play highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from solver._core.errors import InputError
from solver.model.sanction_subgame import Subgame
from solver.model.talks import SectorGame
from solver.presentation.plots._common import (
    _HIGHLIGHT,
    _axes_list,
    _fmt,
    _literal,
    _overlaps,
    _renderer,
)
from solver.representations.tree import Chance, Decision, GameTree, Outcome, Path

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_game_tree"]


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
        raise InputError(f"{func}: tree must be a GameTree, Subgame or SectorGame, got "
                         f"{type(tree).__name__}")
    if spe is not None and not hasattr(spe, "behaviour"):
        raise InputError(f"{func}: spe must have a behaviour mapping, got {type(spe).__name__}")
    if players is not None:
        if len(players) != len(tree.players):
            raise InputError(f"{func}: players must name the tree's {len(tree.players)} "
                             f"players {tree.players}, got {players!r}")
        tree = tree.with_players(dict(zip(tree.players, players, strict=True)))
    highlight = highlight and spe is not None
    pos = _layout(tree)
    n_leaves = len(tree.terminal_paths())
    depth = max(len(p) for p in pos)
    (ax,) = _axes_list(ax, 1, (max(6.0, 1.6 * n_leaves), max(3.5, 1.5 * (depth + 1))), func)
    behaviour: Any = spe.behaviour if highlight else {}
    reach = ({p: float(v) for p, v in tree.reach_probabilities(behaviour).items()}
             if highlight else {})
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
    _literal(ax.figure)
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
