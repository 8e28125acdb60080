"""The best-reply correspondence of one information set over its whole belief simplex.

At an information set with nodes ``m = 1..n`` and actions ``a = 1..k``, a belief ``mu`` in
the simplex gives action ``a`` the value ``q_a(mu) = sum_m mu_m v[m][a]``. The set of best
replies ``BR(mu)`` changes only on the hyperplanes ``q_a = q_b`` and the simplex's facets
``mu_m = 0``. For any set ``S`` of actions, ``{mu : S <= BR(mu)}`` is a polytope; when it is
not empty it has a vertex, and every vertex is a vertex of that arrangement of hyperplanes.
So enumerating the arrangement's vertices (``n - 1`` of the hyperplanes tight, with
``sum mu = 1``) finds, exactly, every set of actions that can be best replies together, each
with a belief that supports it. This holds for any number of nodes; the count of candidate
vertices is ``C(n + k(k-1)/2, n - 1)``, and past ``limit`` the search stops and says so.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["BeliefCell", "best_reply_cells", "VERTEX_LIMIT"]

#: Candidate vertices tried at one information set before the search gives up.
VERTEX_LIMIT = 200_000


@dataclass(frozen=True)
class BeliefCell:
    """A set of actions that are best replies together, and a belief where they are.

    Parameters
    ----------
    actions : frozenset of int
        The actions' indices.
    belief : tuple
        A probability over the set's nodes at which every one of them is a best reply.

    Examples
    --------
    >>> best_reply_cells([[1, 0], [0, 1]], exact=True)[0]
    (BeliefCell(actions=frozenset({0, 1}), belief=(Fraction(1, 2), Fraction(1, 2))),)
    """

    actions: frozenset[int]
    belief: tuple[Any, ...]


def best_reply_cells(
    values: Sequence[Sequence[Any]], *, exact: bool, tol: float = 0.0,
    limit: int = VERTEX_LIMIT,
) -> tuple[tuple[BeliefCell, ...], bool]:
    """The maximal best-reply sets over the belief simplex, and whether the search was complete.

    Parameters
    ----------
    values : sequence of sequences
        ``values[m][a]`` is the value of action ``a`` at node ``m``.
    exact : bool
        Compute in Fractions rather than floats.
    tol : float, optional
        The absolute tolerance for a float tie (ignored for exact values: 0).
    limit : int, optional
        Most candidate beliefs (vertices of the arrangement) tried.

    Returns
    -------
    cells : tuple of BeliefCell
        The maximal best-reply sets found, each with a belief where it holds, sorted by
        their sorted actions.
    complete : bool
        False when ``limit`` cut the search short.

    Examples
    --------
    Three nodes; action ``a_k`` pays 1 at node ``k``, action ``P`` pays 2/5 everywhere. ``P``
    is a best reply only where every belief is at most 2/5: inside the simplex, never on an
    edge. The search finds it with the other actions that tie there.

    >>> from fractions import Fraction as F
    >>> v = [[1, 0, 0, F(2, 5)], [0, 1, 0, F(2, 5)], [0, 0, 1, F(2, 5)]]
    >>> cells, complete = best_reply_cells(v, exact=True)
    >>> complete, sorted(sorted(c.actions) for c in cells if 3 in c.actions)
    (True, [[0, 1, 3], [0, 2, 3], [1, 2, 3]])
    >>> next(c.belief for c in cells if c.actions == {0, 1, 3})
    (Fraction(2, 5), Fraction(2, 5), Fraction(1, 5))
    """
    n, k = len(values), len(values[0])
    tol_: Any = 0 if exact else float(tol)
    one: Any = Fraction(1) if exact else 1.0
    rows: list[list[Any]] = [[one if j == m else 0 * one for j in range(n)] for m in range(n)]
    for a, b in itertools.combinations(range(k), 2):
        row = [_conv(values[m][a], exact) - _conv(values[m][b], exact) for m in range(n)]
        if any(x != 0 for x in row):
            rows.append(row)
    found: dict[frozenset[int], tuple[Any, ...]] = {}
    complete = math.comb(len(rows), n - 1) <= limit
    choices: Any = itertools.combinations(range(len(rows)), n - 1)
    if not complete:
        choices = itertools.islice(choices, limit)
    for choice in choices:
        mu = _solve([rows[i] for i in choice], n, exact)
        if mu is None or any(x < -tol_ for x in mu):
            continue
        if not exact:
            mu = tuple(max(float(x), 0.0) for x in mu)
        q = [sum(mu[m] * _conv(values[m][a], exact) for m in range(n)) for a in range(k)]
        top = max(q)
        br = frozenset(a for a in range(k) if q[a] >= top - tol_)
        found.setdefault(br, mu)
    cells = [BeliefCell(s, mu) for s, mu in found.items()
             if not any(s < t for t in found)]
    cells.sort(key=lambda c: sorted(c.actions))
    return tuple(cells), complete


def _conv(x: Any, exact: bool) -> Any:
    return Fraction(x) if exact else float(x)


def _solve(rows: list[list[Any]], n: int, exact: bool) -> tuple[Any, ...] | None:
    """The unique mu with the given rows zero and sum 1, or None."""
    if not exact:
        M = np.array([*rows, [1.0] * n], dtype=float)
        rhs = np.zeros(n)
        rhs[-1] = 1.0
        if np.linalg.matrix_rank(M) < n:
            return None
        return tuple(float(x) for x in np.linalg.solve(M, rhs))
    A = [[*r, Fraction(0)] for r in rows] + [[Fraction(1)] * n + [Fraction(1)]]
    for col in range(n):
        piv = next((r for r in range(col, n) if A[r][col] != 0), None)
        if piv is None:
            return None
        A[col], A[piv] = A[piv], A[col]
        for r in range(n):
            if r != col and A[r][col] != 0:
                f = A[r][col] / A[col][col]
                A[r] = [x - f * y for x, y in zip(A[r], A[col], strict=True)]
    return tuple(A[i][n] / A[i][i] for i in range(n))
