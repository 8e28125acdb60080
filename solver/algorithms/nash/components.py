"""Equilibrium components: maximal Nash subsets by biclique enumeration.

Avis, Rosenberg, Savani and von Stengel (2010), "Enumeration of Nash equilibria for
two-player games", *Economic Theory* 42:9-37, section 6: the extreme equilibria are the
edges of a bipartite graph between vertices of P and vertices of Q; a maximal Nash subset
is ``conv(X) x conv(Y)`` for a maximal complete bipartite subgraph (X, Y), and the
topological components are the unions of maximal Nash subsets that share a vertex.

Maximal bicliques are found by closure: the column sides are exactly the nonempty
intersections of neighbourhoods ``N(x)`` of row vertices, and the row side of a column
side ``Y`` is every ``x`` with ``N(x)`` containing ``Y``.
"""

from __future__ import annotations

import time

from solver._core.arrays import readonly
from solver._core.errors import InputError
from solver.algorithms.nash.dispatch import BudgetExceeded
from solver.algorithms.nash.enumeration import Budget, complete_pairs
from solver.algorithms.nash.regret import NASH_TOL
from solver.algorithms.nash.result import Component, Equilibrium, sort_equilibria
from solver.algorithms.nash.scale import prepared
from solver.representations.bimatrix import Bimatrix

__all__ = ["equilibrium_components", "maximal_bicliques"]


def maximal_bicliques(
    edges: list[tuple[int, int]],
) -> list[tuple[frozenset[int], frozenset[int]]]:
    """Every maximal complete bipartite subgraph (X, Y) of a bipartite edge list.

    Parameters
    ----------
    edges : list of (int, int)
        The edges (x, y) between the two sides (here: row and column vertices that form an
        equilibrium).

    Returns
    -------
    list of (frozenset of int, frozenset of int)
        Each maximal biclique (X, Y): every x in X is joined to every y in Y.

    Examples
    --------
    >>> sorted((sorted(x), sorted(y)) for x, y in maximal_bicliques([(0, 0), (0, 1), (1, 1)]))
    [([0], [0, 1]), ([0, 1], [1])]
    """
    nbr: dict[int, frozenset[int]] = {}
    for i, j in edges:
        nbr[i] = nbr.get(i, frozenset()) | {j}
    sides: set[frozenset[int]] = set(nbr.values())
    frontier = set(sides)
    while frontier:
        fresh = set()
        for s in frontier:
            for nb in nbr.values():
                t = s & nb
                if t and t not in sides:
                    fresh.add(t)
        sides |= fresh
        frontier = fresh
    out = []
    for Y in sides:
        X = frozenset(i for i, nb in nbr.items() if nb >= Y)
        # (X, Y) is maximal when Y is exactly the common neighbourhood of X.
        common = frozenset.intersection(*(nbr[i] for i in X))
        if common == Y:
            out.append((X, Y))
    return out


def equilibrium_components(
    game: Bimatrix, *, tol: float = NASH_TOL, max_vertices: int | None = None,
    time_limit: float | None = None,
) -> tuple[Component, ...]:
    """The maximal Nash subsets of a bimatrix game, each with its extreme points.

    The extreme equilibria come from the same enumeration as ``nash_equilibria``
    (:mod:`solver.algorithms.nash.enumeration`): exact games in rationals, float games in
    floats with an exact re-run when the floats tie. A nondegenerate game
    gives one singleton per equilibrium; a continuum of equilibria is one component with
    its corners as extreme points.

    Parameters
    ----------
    game : Bimatrix
        The game.
    tol : float
        Largest relative regret (regret over the player's payoff range) a float extreme
        point may have (default 1e-9). Float games are normalised and snapped as in
        :mod:`solver.algorithms.nash.scale`.
    max_vertices, time_limit : int or float, optional
        The budget of the enumeration (see :func:`nash_equilibria`); reaching it raises
        :class:`BudgetExceeded`.

    Returns
    -------
    tuple of Component
        Sorted by their first extreme point; ``Component.connected`` groups those that
        touch.

    Examples
    --------
    Entry game (peer-libraries list): (In, Accommodate) alone, and Out against any
    column mix giving Fight probability at least 1/2:

    >>> g = Bimatrix.from_arrays([[0, 0], [-1, 1]], [[2, 2], [-1, 1]], exact=True)
    >>> [len(c.extreme_points) for c in equilibrium_components(g)]
    [2, 1]
    """
    func = "equilibrium_components()"
    if not isinstance(game, Bimatrix):
        raise InputError(f"{func}: game must be a Bimatrix, got {type(game).__name__}")
    run_on, _ = prepared(game, exact=game.is_exact)
    budget = Budget(max_vertices, time_limit, time.perf_counter())
    ep, diag = complete_pairs(run_on, exact=game.is_exact, budget=budget)
    if diag["budget"]:
        raise BudgetExceeded(
            f"{func}: {diag['budget']} on a game of shape {game.shape}; components need "
            "every extreme equilibrium. Raise the budget, or use "
            "lemke_howson(game) for some equilibria", None,
        )
    eqs: dict[tuple[int, int], Equilibrium] = {}
    for i, j in ep.pairs:
        eq = Equilibrium.from_profile(game, ep.row_vertices[i], ep.col_vertices[j])
        if (eq.relative_regret == 0) if game.is_exact else (eq.relative_regret <= tol):
            eqs[(int(i), int(j))] = eq
    cliques = maximal_bicliques(list(eqs))
    # Topological components: union-find over cliques sharing a vertex.
    parent = list(range(len(cliques)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a in range(len(cliques)):
        for b in range(a):
            if cliques[a][0] & cliques[b][0] or cliques[a][1] & cliques[b][1]:
                parent[find(a)] = find(b)
    built = []
    for k, (X, Y) in enumerate(cliques):
        pts = sort_equilibria(eqs[(i, j)] for i in sorted(X) for j in sorted(Y))
        u1 = [e.payoffs[0] for e in pts]
        u2 = [e.payoffs[1] for e in pts]
        built.append((
            find(k),
            tuple(readonly(ep.row_vertices[i]) for i in sorted(X)),
            tuple(readonly(ep.col_vertices[j]) for j in sorted(Y)),
            pts,
            ((min(u1), max(u1)), (min(u2), max(u2))),
        ))
    built.sort(key=lambda b: (tuple(-v for v in b[3][0].row), tuple(-v for v in b[3][0].col)))
    roots: dict[int, int] = {}
    out = []
    for root, rows, cols, pts, pay in built:
        label = roots.setdefault(root, len(roots))
        out.append(Component(rows, cols, pts, pay, label))
    return tuple(out)
