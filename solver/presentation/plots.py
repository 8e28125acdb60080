"""Plots (matplotlib): frontiers, game trees, agenda comparisons, sweeps and agenda maps.

Every function draws on the ``ax`` it is given, or on a new
:class:`matplotlib.figure.Figure` (no pyplot, no global state, safe on a headless machine),
and returns the Axes, or the Figure for plots of several panels. None calls ``show()``.
matplotlib is imported only when a plot is drawn: it is an optional dependency (the ``plot``
extra), and the rest of the solver does not need it.

Artists that carry data have a ``gid`` (``"threat point"``, ``"solution:nash"``,
``"edge:Demand > Comply"``, ...), so that a drawing can be checked against its inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from solver.algorithms.backward_induction import subgame_perfect
from solver.algorithms.bargaining import (
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)
from solver.model.agendas import linked_package, package, piece_by_piece
from solver.model.analysis import AgendaComparison, SectorAnalysis, analyse_sector, compare_agendas
from solver.model.scenario import Scenario
from solver.model.sector import FIELDS, Sector
from solver.model.sweep import AGENDAS
from solver.representations.bargaining import BargainingProblem
from solver.representations.tree import Chance, Decision, GameTree, Outcome, Path

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "plot_agenda_map",
    "plot_agendas",
    "plot_frontier",
    "plot_game_tree",
    "plot_sweep",
]

#: The bargaining solutions :func:`plot_frontier` marks: (method name, label, marker).
SOLUTIONS = (
    ("nash", "Nash", "o"),
    ("kalai_smorodinsky", "Kalai-Smorodinsky", "s"),
    ("egalitarian", "egalitarian", "^"),
    ("utilitarian", "utilitarian", "D"),
)
_SOLVERS = {"nash": nash_bargaining, "kalai_smorodinsky": kalai_smorodinsky,
            "egalitarian": egalitarian, "utilitarian": utilitarian}
#: Agenda names as :func:`plot_agenda_map` and :func:`plot_sweep` show them.
AGENDA_LABELS = {"piece_by_piece": "piece by piece", "package": "package",
                 "linked_package": "linked package", "tie": "tie"}
_AGENDA_COLOURS = {"piece by piece": "tab:blue", "package": "tab:red",
                   "linked package": "tab:green", "tie": "tab:gray"}
_HIGHLIGHT = "tab:red"


def _new_axes(figsize: tuple[float, float], n: int = 1) -> list[Axes]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return list(fig.subplots(1, n, squeeze=False)[0])


def _axes_list(ax: Any, n: int, figsize: tuple[float, float], func: str) -> list[Axes]:
    if ax is None:
        return _new_axes(figsize, n)
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


# -- the utility frontier ----------------------------------------------------------------------


def _problem(obj: Any, func: str) -> tuple[BargainingProblem, str]:
    if isinstance(obj, BargainingProblem):
        return obj, ""
    if isinstance(obj, Sector):
        obj = analyse_sector(obj)
    if isinstance(obj, SectorAnalysis):
        s = obj.sector
        prob = BargainingProblem.from_sector(s.gain, s.cost, s.curvature, s.deliverability,
                                             obj.threat.payoffs)
        return prob, s.label or s.name
    raise ValueError(f"{func}: expected a Sector, SectorAnalysis or BargainingProblem, "
                     f"got {type(obj).__name__}")


def _boundary(problem: BargainingProblem) -> tuple[Any, Any]:
    """Points (u1, u2) along the upper boundary of the feasible set, u1 increasing."""
    d1 = float(problem.disagreement[0])
    if problem.kind == "frontier":
        assert problem.domain is not None
        lo, hi = problem.domain
        xs = np.linspace(lo, hi, 400)
    else:
        vx = sorted({float(p[0]) for p in problem.points})
        lo, hi = vx[0], vx[-1]
        xs = np.unique(np.concatenate([np.linspace(lo, hi, 50), vx]))
    if problem.free_disposal and d1 < lo:
        xs = np.concatenate([[d1 - 0.05 * (hi - d1 + 1e-12)], xs])
    ys = np.array([float(problem.upper(float(x))) for x in xs])
    return xs, ys


def plot_frontier(
    sector_or_problem: Sector | SectorAnalysis | BargainingProblem,
    ax: Axes | None = None,
    *,
    players: tuple[str, str] = ("sender", "target"),
) -> Axes:
    """The feasible set's frontier, the threat point and the bargaining solutions.

    For a sector the frontier is ``u_T = -c (u_S / (q G))**k`` and the threat point is the
    payoff of its sanction game's no-deal path (``docs/model.md``). The Nash,
    Kalai-Smorodinsky, egalitarian and utilitarian solutions are marked, with the segment
    from the threat point to the ideal point (on which Kalai-Smorodinsky lies). When no
    agreement is possible the legend says so and only the threat point is marked.

    Parameters
    ----------
    sector_or_problem : Sector, SectorAnalysis or BargainingProblem
        What to draw; a :class:`~solver.Sector` is analysed first.
    ax : matplotlib Axes, optional
        Where to draw; by default a new Figure.
    players : (str, str)
        Names for the axis labels.

    Returns
    -------
    matplotlib.axes.Axes
        The threat point is the line with ``gid`` ``"threat point"``; each solution's marker
        has ``gid`` ``"solution:<method>"``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from solver import Sector
    >>> ax = plot_frontier(Sector("toy", gain=6.0, cost=3.0, loss_target=4.0,
    ...                           loss_sender=2.0, backdown_cost=3.0))
    >>> [l.get_xydata().tolist() for l in ax.lines if l.get_gid() == "threat point"]
    [[[-2.0, -4.0]]]
    """
    func = "plot_frontier()"
    problem, title = _problem(sector_or_problem, func)
    (ax,) = _axes_list(ax, 1, (8.5, 4.5), func)
    d1, d2 = (float(v) for v in problem.disagreement)
    xs, ys = _boundary(problem)
    bottom = min(float(ys.min()), d2)
    span = max(float(xs.max()) - min(float(xs.min()), d1), float(ys.max()) - bottom, 1e-9)
    bottom -= 0.08 * span
    if problem.free_disposal:
        ax.fill_between(np.append(xs, xs[-1]), np.append(ys, bottom), bottom,
                        color="0.92", zorder=0, label="feasible set")
    ax.plot(xs, ys, color="0.2", lw=1.8, label="frontier", gid="frontier")
    ax.plot([d1], [d2], "X", color="black", ms=10, zorder=5, label="threat point",
            gid="threat point")
    if problem.agreement_possible:
        a1, a2 = (float(v) for v in problem.ideal_point)
        ax.plot([d1, a1], [d2, a2], ":", color="0.5", lw=1, gid="ideal segment")
        ax.plot([a1], [a2], "+", color="0.4", ms=9, label="ideal point", gid="ideal point")
        ax.fill_between([d1, a1], [d2, d2], [a2, a2], color="tab:blue", alpha=0.06, zorder=0)
        for i, (method, label, marker) in enumerate(SOLUTIONS):
            sol = _SOLVERS[method](problem)
            u = (float(sol.point[0]), float(sol.point[1]))
            text = label
            if problem.opening_scale is not None:
                text += f" (x = {float(problem.opening(sol.point)):.3g})"
            ax.plot([u[0]], [u[1]], marker, color=f"C{i}", ms=8, mec="black", zorder=6,
                    label=text, gid=f"solution:{method}")
    else:
        ax.plot([], [], " ", label="no agreement: no point beats the threat point for both")
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    ax.set_ylim(bottom=bottom)
    ax.set_xlabel(f"{players[0]} payoff u_S ($B/yr)")
    ax.set_ylabel(f"{players[1]} payoff u_T ($B/yr)")
    ax.set_title(f"Bargaining problem{': ' + title if title else ''}")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0))
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
    tree: GameTree,
    spe: Any = None,
    ax: Axes | None = None,
    *,
    highlight: bool = True,
) -> Axes:
    """A layered drawing of a game tree, with an equilibrium's play highlighted.

    Decision nodes are labelled with their player, chance nodes with their branch
    probabilities, terminals with their payoffs (in the order of ``tree.players``).
    Information sets of several nodes are joined by a dotted line. The play of the
    equilibrium (nodes reached with positive probability) is drawn thick in red; the
    equilibrium's choices off that path (its threats) are drawn dashed in red.

    Parameters
    ----------
    tree : GameTree
    spe : equilibrium, optional
        Anything with a ``behaviour`` mapping (a :class:`~solver.SubgamePerfectEquilibrium`,
        a :class:`~solver.TreeEquilibrium`); by default the first subgame-perfect
        equilibrium of ``tree``.
    ax : matplotlib Axes, optional
    highlight : bool
        False draws the bare tree.

    Returns
    -------
    matplotlib.axes.Axes
        Each edge is a line with ``gid`` ``"edge:<path>"`` (the child's path, actions
        joined by ``" > "``); each terminal's payoff text has ``gid`` ``"payoff:<path>"``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from solver import GameTree, Decision, Outcome
    >>> entry = GameTree(Decision("Entrant", {"Out": Outcome((0, 2)),
    ...     "In": Decision("Incumbent", {"Fight": Outcome((-1, -1)),
    ...                                  "Accommodate": Outcome((1, 1))})}))
    >>> ax = plot_game_tree(entry)
    >>> sorted(l.get_gid() for l in ax.lines if l.get_linewidth() > 2)
    ['edge:In', 'edge:In > Accommodate']
    """
    func = "plot_game_tree()"
    if not isinstance(tree, GameTree):
        raise ValueError(f"{func}: tree must be a GameTree, got {type(tree).__name__}")
    pos = _layout(tree)
    n_leaves = len(tree.terminal_paths())
    depth = max(len(p) for p in pos)
    (ax,) = _axes_list(ax, 1, (max(6.0, 1.5 * n_leaves), max(3.5, 1.5 * (depth + 1))), func)
    behaviour: Any = {}
    reach: dict[Path, float] = {}
    if highlight:
        if spe is None:
            spe = subgame_perfect(tree)[0]
        if not hasattr(spe, "behaviour"):
            raise ValueError(f"{func}: spe must have a behaviour mapping, got "
                             f"{type(spe).__name__}")
        behaviour = spe.behaviour
        reach = _reach(tree, behaviour)
    for path in tree.paths():
        node = tree.node(path)
        x, y = pos[path]
        if isinstance(node, Outcome):
            ax.plot([x], [y], "o", color="0.3", ms=4, zorder=3)
            ax.text(x, y - 0.12, "(" + ", ".join(_fmt(v) for v in node.payoffs) + ")",
                    ha="center", va="top", fontsize="small", gid="payoff:" + " > ".join(path))
            continue
        chance = isinstance(node, Chance)
        ax.plot([x], [y], "s" if chance else "o", ms=11, zorder=4,
                color="white" if chance else "0.15", mec="0.15")
        ax.text(x, y + 0.14, "Chance" if chance else str(getattr(node, "player", "")),
                ha="center", va="bottom", fontsize="small", fontweight="bold")
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
            ax.text((x + cx) / 2, (y + cy) / 2, label, ha="center", va="center",
                    fontsize="small", bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                            "ec": "none", "alpha": 0.85}, zorder=5)
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
    ax.set_ylim(-depth - 0.6, 0.5)
    ax.set_axis_off()
    title = "payoffs (" + ", ".join(tree.players) + ")"
    if highlight:
        title += "; red: equilibrium play, dashed: choices off the path"
    ax.set_title(title, fontsize="small")
    return ax


# -- agendas -----------------------------------------------------------------------------------


def plot_agendas(comparison: AgendaComparison, ax: Any = None) -> Figure:
    """The agendas side by side: each sector's opening, and each player's payoff.

    Left panel: the opening each agenda gives each sector (bars; an ``x`` marks a sector
    where the agenda ends with a sanction imposed). Right panel: each agenda's payoff to the
    sender and to the target ($B/yr, summed over sectors).

    Parameters
    ----------
    comparison : AgendaComparison
        From :func:`~solver.compare_agendas`.
    ax : two matplotlib Axes, optional
        Where to draw the two panels; by default a new Figure.

    Returns
    -------
    matplotlib.figure.Figure
        In the left panel, ``containers[i]`` holds agenda ``comparison.agendas[i]``'s
        openings, sector by sector; in the right panel, ``containers[0]`` and
        ``containers[1]`` the sender's and the target's payoffs, agenda by agenda.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from solver import load_scenario, compare_agendas
    >>> c = compare_agendas(load_scenario())
    >>> fig = plot_agendas(c)
    >>> left, right = fig.axes
    >>> [round(float(b.get_height()), 6) for b in left.containers[0]][:3]   # piece by piece
    [0.00069, 0.062643, 0.029937]
    """
    func = "plot_agendas()"
    if not isinstance(comparison, AgendaComparison):
        raise ValueError(f"{func}: comparison must be an AgendaComparison, got "
                         f"{type(comparison).__name__}")
    agendas = comparison.agendas
    sectors = [s.sector for s in comparison.piece_by_piece.sectors]
    left, right = _axes_list(ax, 2, (max(11.0, 1.3 * len(sectors) + 6), 4.8), func)
    n = len(agendas)
    width = 0.8 / n
    xs = np.arange(len(sectors), dtype=float)
    sanction_drawn = False
    for i, o in enumerate(agendas):
        label = comparison.label(o)
        colour = f"C{i}"
        offs = xs - 0.4 + width * (i + 0.5)
        left.bar(offs, [s.opening for s in o.sectors], width, color=colour, label=label)
        hit = [k for k, s in enumerate(o.sectors) if s.sanction_imposed]
        if hit:
            left.plot(offs[hit], [0.02] * len(hit), "x", color="black", ms=7, mew=2,
                      label=None if sanction_drawn else "sanction imposed")
            sanction_drawn = True
    left.set_xticks(xs, sectors, rotation=30, ha="right")
    left.set_ylabel("opening x (share of full opening)")
    left.set_ylim(0, 1.05)
    left.set_title("Opening by sector")
    left.legend(fontsize="x-small")
    ys = np.arange(n, dtype=float)
    for j, (player, attr) in enumerate(((comparison.sender, "sender_payoff"),
                                        (comparison.target, "target_payoff"))):
        right.barh(ys - 0.2 + 0.4 * j, [getattr(o, attr) for o in agendas], 0.4,
                   color=("tab:blue", "tab:orange")[j], label=player)
    right.axvline(0, color="0.3", lw=0.8)
    right.set_yticks(ys, [comparison.label(o) for o in agendas])
    right.invert_yaxis()
    right.set_xlabel("payoff ($B/yr, summed over sectors)")
    right.set_title("Payoffs by player")
    right.legend(fontsize="small")
    fig = left.figure
    fig.suptitle(comparison.scenario)
    return fig  # type: ignore[return-value]


# -- sweeps ------------------------------------------------------------------------------------


def plot_sweep(df: pd.DataFrame, ax: Any = None, *, bins: int = 40) -> Figure:
    """The distribution of a sweep's outcomes over its draws.

    Two panels of histograms, one per player, of each package agenda's payoff minus piece
    by piece ($B/yr; right of 0 the package is better), and a panel of the share of draws
    in which each agenda is best for each player, with the share of total package breakdown.

    Parameters
    ----------
    df : pandas.DataFrame
        From :func:`~solver.sweep`.
    ax : three matplotlib Axes, optional
    bins : int
        Histogram bins.

    Returns
    -------
    matplotlib.figure.Figure
        In the third panel, ``containers[k]`` holds agenda ``k``'s shares (piece by piece,
        package, linked package, tie), one bar per player (sender, target).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from solver import load_scenario, sweep
    >>> df = sweep(load_scenario(), draws=300, seed=1)
    >>> fig = plot_sweep(df)
    >>> shares = fig.axes[2]
    >>> round(float(sum(c[0].get_width() for c in shares.containers)), 12)   # sender's shares
    1.0
    """
    func = "plot_sweep()"
    need = {f"{a}_{p}" for a in AGENDAS for p in ("sender", "target")} | {
        "winner_sender", "winner_target", "package_breakdown"}
    if not isinstance(df, pd.DataFrame) or not need <= set(df.columns):
        missing = sorted(need - set(df.columns)) if isinstance(df, pd.DataFrame) else need
        raise ValueError(f"{func}: df must be a sweep() DataFrame; missing columns {missing}")
    if len(df) == 0:
        raise ValueError(f"{func}: df has no rows")
    axes = _axes_list(ax, 3, (14.0, 4.2), func)
    for k, player in enumerate(("sender", "target")):
        a = axes[k]
        base = df[f"piece_by_piece_{player}"].to_numpy(dtype=float)
        for agenda in AGENDAS[1:]:
            diff = df[f"{agenda}_{player}"].to_numpy(dtype=float) - base
            name = AGENDA_LABELS[agenda]
            a.hist(diff, bins=bins, alpha=0.55, color=_AGENDA_COLOURS[name],
                   label=f"{name} (median {np.median(diff):.3g})")
        a.axvline(0, color="black", lw=1)
        a.set_xlabel("payoff minus piece by piece ($B/yr)")
        a.set_ylabel("draws")
        a.set_title(f"{player}: agenda vs piece by piece")
        a.legend(fontsize="small")
    a = axes[2]
    players = ("sender", "target")
    left = np.zeros(2)
    for agenda in (*AGENDAS, "tie"):
        name = AGENDA_LABELS[agenda]
        share = np.array([float((df[f"winner_{p}"] == agenda).mean()) for p in players])
        a.barh([0, 1], share, left=left, color=_AGENDA_COLOURS[name], label=name)
        left += share
    breakdown = float(df["package_breakdown"].mean())
    a.set_yticks([0, 1], [f"best for {p}" for p in players])
    a.invert_yaxis()
    a.set_xlim(0, 1)
    a.set_title(f"Best agenda ({len(df)} draws)")
    a.set_xlabel(f"share of draws (the package breaks down entirely in {breakdown:.0%})")
    a.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=4)
    fig = axes[0].figure
    return fig  # type: ignore[return-value]


# -- a two-parameter map -----------------------------------------------------------------------

_ATTR_KEY = {f.attr: f.key for f in FIELDS}


def _axis_values(scenario: Scenario, param: tuple[str, str], values: Any, n: int,
                 func: str) -> Any:
    name, attr = param
    try:
        sector = scenario.sector(name)
    except KeyError:
        raise ValueError(f"{func}: unknown sector {name!r} in {param!r}; sectors are "
                         f"{[s.name for s in scenario.sectors]}") from None
    if attr != "floor" and attr not in _ATTR_KEY:
        raise ValueError(f"{func}: unknown parameter {attr!r} in {param!r}; use 'floor' or "
                         f"one of {sorted(_ATTR_KEY)}")
    if values is not None:
        return np.asarray(values, dtype=float)
    if attr == "floor":
        prm = dict(scenario.floor_provenance).get(name)
        current = scenario.floor(name)
        lo, hi = prm.range if prm is not None and prm.range is not None else (0.0, 1.0)
    else:
        prm = dict(sector.provenance).get(_ATTR_KEY[attr])
        current = float(getattr(sector, attr))
        if prm is not None and prm.range is not None:
            lo, hi = prm.range
        else:
            lo, hi = 0.5 * current, 1.5 * current
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    return np.linspace(lo, hi, n)


def _with(scenario: Scenario, param: tuple[str, str], value: float) -> Scenario:
    name, attr = param
    if attr == "floor":
        floors = dict(scenario.floors)
        floors[name] = float(value)
        return replace(scenario, floors=tuple(floors.items()))
    sectors = tuple(s.with_values(**{attr: float(value)}) if s.name == name else s
                    for s in scenario.sectors)
    return replace(scenario, sectors=sectors)


def _winner(scenario: Scenario, player: str, sequential: bool, cache: dict[Sector, Any]) -> str:
    analyses = []
    for s in scenario.sectors:
        if s not in cache:
            cache[s] = analyse_sector(s, scenario.sender, scenario.target)
        analyses.append(cache[s])
    if sequential:
        return compare_agendas(scenario, analyses=analyses).best_for(player)[0]
    threats = {a.sector.name: a.threat for a in analyses}
    outcomes = [f(scenario, threats) for f in (piece_by_piece, package, linked_package)]
    pay = np.array([getattr(o, f"{player}_payoff") for o in outcomes])
    best = pay.max()
    close = np.abs(pay - best) <= 1e-9 * max(1.0, abs(best))
    return "tie" if close.sum() > 1 else outcomes[int(pay.argmax())].agenda


def plot_agenda_map(
    scenario: Scenario,
    x_param: tuple[str, str],
    y_param: tuple[str, str],
    grid: int | tuple[int, int] = 7,
    player: str = "sender",
    ax: Axes | None = None,
    *,
    x_values: Sequence[float] | None = None,
    y_values: Sequence[float] | None = None,
    sequential: bool = False,
) -> Axes:
    """A map of which agenda is best for ``player`` as two parameters vary.

    Each parameter is ``(sector name, field)``, a field of :class:`~solver.Sector`
    (``"cost"``, ``"loss_target"``, ...) or ``"floor"`` (the sender's package floor on
    that sector). By default each runs over its sourced ``range`` in the scenario file
    (else from half to one and a half times its value) on ``grid`` points. At every grid
    point the scenario is re-solved (:meth:`Sector.with_values`): by default among the
    simultaneous agendas (piece by piece, package, linked package; "tie" when the best two
    are equal), as :func:`~solver.sweep` does; with ``sequential=True`` among every agenda of
    :func:`~solver.compare_agendas` (slower: it tries every order of the sectors). The
    scenario's own values are marked with a star.

    Parameters
    ----------
    scenario : Scenario
    x_param, y_param : (str, str)
        ``(sector, field)``.
    grid : int or (int, int)
        Points per axis (ignored for an axis given explicit values).
    player : "sender" or "target"
    ax : matplotlib Axes, optional
    x_values, y_values : sequence of float, optional
        Explicit parameter values.
    sequential : bool
        Include the sequential agendas (each player's best order).

    Returns
    -------
    matplotlib.axes.Axes
        Its first collection is the map; its array holds, row by row (``y`` then ``x``),
        the index of the winning agenda in the legend's order.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from solver import load_scenario
    >>> ax = plot_agenda_map(load_scenario(), ("autos", "cost"), ("autos", "loss_target"),
    ...                      grid=3)
    >>> ax.collections[0].get_array().shape
    (3, 3)
    """
    func = "plot_agenda_map()"
    if player not in ("sender", "target"):
        raise ValueError(f"{func}: player must be 'sender' or 'target', got {player!r}")
    if isinstance(grid, int):
        grid = (grid, grid)
    if len(grid) != 2 or any(isinstance(g, bool) or not isinstance(g, int) or g < 1
                             for g in grid):
        raise ValueError(f"{func}: grid must be an int >= 1 or a pair of them, got {grid!r}")
    xv = _axis_values(scenario, x_param, x_values, grid[0], func)
    yv = _axis_values(scenario, y_param, y_values, grid[1], func)
    cache: dict[Sector, Any] = {}
    winners = [[_winner(_with(_with(scenario, x_param, x), y_param, y), player, sequential,
                        cache) for x in xv] for y in yv]
    order = ["piece by piece", "package", "linked package", "tie"]
    extra = sorted({w for row in winners for w in row} - set(order))
    order = order[:1] + extra + order[1:]
    codes = np.array([[order.index(w) for w in row] for row in winners], dtype=float)
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    colours = [_AGENDA_COLOURS.get(name, f"C{4 + k}") for k, name in enumerate(order)]
    (ax,) = _axes_list(ax, 1, (6.5, 5.0), func)
    ax.pcolormesh(xv, yv, codes, cmap=ListedColormap(colours), vmin=-0.5,
                  vmax=len(order) - 0.5, shading="nearest")
    here = []
    for param in (x_param, y_param):
        name, attr = param
        here.append(scenario.floor(name) if attr == "floor"
                    else float(getattr(scenario.sector(name), attr)))
    ax.plot([here[0]], [here[1]], "*", color="white", mec="black", ms=15,
            gid="scenario point")
    seen = sorted({int(c) for c in codes.ravel()})
    ax.legend(handles=[Patch(color=colours[k], label=order[k]) for k in seen]
              + [ax.lines[-1]], labels=[order[k] for k in seen] + ["the scenario"],
              fontsize="small", loc="best")
    ax.set_xlabel(f"{x_param[0]}: {x_param[1]}")
    ax.set_ylabel(f"{y_param[0]}: {y_param[1]}")
    ax.set_title(f"Best agenda for the {player}")
    return ax
