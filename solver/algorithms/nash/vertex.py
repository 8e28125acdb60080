"""Vertex enumeration of both best-response polytopes, and the float polytope engines.

The engine of ``method="vertex"`` is :mod:`solver.algorithms.nash.enumeration` (the smaller
player's polytope and faces of the other); it uses this module's engines (``_vertices``:
qhull, or cddlib when not simple). :func:`vertex_pairs`, which enumerates *both* polytopes
and matches labels, is kept as the independent second scheme the tests compare against.

The best-response polytopes of the game with payoffs shifted positive (von Stengel 2007,
*Algorithmic Game Theory*, ch. 3),

    P = {x >= 0 : B^T x <= 1}   labels: i where x_i = 0, m + j where (B^T x)_j = 1
    Q = {y >= 0 : A y <= 1}     labels: i where (A y)_i = 1, m + j where y_j = 0

have their vertices enumerated by qhull (``scipy.spatial.HalfspaceIntersection``) when every
vertex it finds is simple (exactly ``d`` tight constraints: then the polytope is simple and its
vertex set is the dual hull's facets, complete), and otherwise, for degenerate games, by cddlib
(``pycddlib``, floating point, double description), whose vertex set never depends on
simplicity.
A vertex pair other than (0, 0) that carries every label 0..m+n-1 is an extreme
equilibrium after normalising; the pairs are matched with vectorised label bitmasks.
Unlike nashpy's vertex enumeration, the shift is ``min -> 1`` (never a zero column, so the
polytopes are always bounded) and payoffs are rescaled to [1, 2] for conditioning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cdd
import numpy as np
from numpy.typing import NDArray

from solver._core.errors import EngineError
from solver.representations.bimatrix import Bimatrix

__all__ = [
    "ExtremePairs", "vertex_pairs", "match_complements", "match_labels", "upper_bound_vertices",
]

#: Slack within which a constraint of the rescaled polytope counts as tight (a label).
LABEL_TOL = 1e-10
#: Slacks strictly between these bounds (rescaled polytope) make a float run *ambiguous*: the
#: floats cannot tell a tight constraint from a nearly tight one, so the caller re-solves
#: exactly. The lower bound is ``LABEL_TOL``: rounding leaves genuine ties below it (1e-15
#: on small games, up to ~1e-11 in the face solves of 14 x 14 ones). When the enumerated
#: polytope is simple (qhull) a random game's slack falls in the band with probability about
#: 1e-8 each (a 14 x 14 game has ~7e5 slacks: about one game in 150 is re-solved exactly).
AMBIGUOUS_SLACK = (1e-10, 1e-9)
#: The wider band used when the polytope is not simple (cddlib): payoff noise of 1e-7 leaves
#: slacks near 1e-9 that cddlib's floating-point run can get wrong.
AMBIGUOUS_SLACK_DEGENERATE = (1e-10, 1e-8)


@dataclass(frozen=True)
class ExtremePairs:
    """Vertices of both polytopes as mixed strategies, and the equilibrium pairs (i, j).

    Attributes
    ----------
    row_vertices, col_vertices : numpy.ndarray
        One mixed strategy per row: the vertices of each player's best-response polytope,
        normalised to probabilities.
    pairs : numpy.ndarray of int
        Shape (k, 2): the index pairs (i, j) of vertices that form an equilibrium.
    engines : (str, str)
        The vertex enumerator used for each polytope.
    ambiguous : bool
        Whether a float run met a slack in the ambiguous band (see ``LABEL_TOL``), so the
        caller re-solves exactly.

    Examples
    --------
    See :func:`solver.algorithms.nash.exact.exact_pairs`.
    """

    row_vertices: NDArray[Any]
    col_vertices: NDArray[Any]
    pairs: NDArray[np.intp]
    engines: tuple[str, str] = ("cddlib", "cddlib")
    ambiguous: bool = False


def upper_bound_vertices(dim: int, facets: int) -> int:
    """McMullen's Upper Bound Theorem: most vertices a ``dim``-polytope with ``facets`` has.

    Parameters
    ----------
    dim : int
        The dimension of the polytope.
    facets : int
        Its number of facets.

    Returns
    -------
    int
        The largest number of vertices such a polytope can have (1 when ``facets <= dim``).

    Examples
    --------
    >>> upper_bound_vertices(3, 6)   # the cube has 8; the bound is attained by duals
    8
    """
    if facets <= dim:
        return 1
    k = facets - dim
    return math.comb(facets - (dim + 1) // 2, k) + math.comb(facets - (dim + 2) // 2, k)


def _rescaled(M: NDArray[Any]) -> NDArray[np.float64]:
    M = np.asarray(M, dtype=float)
    lo, hi = float(M.min()), float(M.max())
    span = hi - lo if hi > lo else 1.0
    return (M - lo) / span + 1.0


def _cdd_vertices(C: NDArray[np.float64]) -> NDArray[np.float64]:
    """Vertices of {z >= 0 : C z <= 1} (C > 0), the origin included, by cddlib."""
    k, d = C.shape
    H = np.zeros((d + k, d + 1))
    H[:d, 1:] = np.eye(d)
    H[d:, 0] = 1.0
    H[d:, 1:] = -C
    mat = cdd.matrix_from_array(H.tolist(), rep_type=cdd.RepType.INEQUALITY)
    gen = cdd.copy_generators(cdd.polyhedron_from_matrix(mat))
    V = np.array(gen.array, dtype=float)
    if V.size == 0 or np.any(V[:, 0] < 0.5):  # pragma: no cover - bounded by construction
        raise EngineError("nash_equilibria(): cddlib returned a ray for a bounded polytope")
    return V[:, 1:] / V[:, :1]


def _qhull_vertices(C: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """Vertices of {z >= 0 : C z <= 1} (C > 0) by qhull, or None unless the polytope is
    simple (every vertex has exactly ``d`` tight constraints), where cddlib must decide."""
    from scipy.spatial import HalfspaceIntersection, QhullError

    k, d = C.shape
    halfspaces = np.zeros((d + k, d + 1))
    halfspaces[:d, :d] = -np.eye(d)  # -z <= 0
    halfspaces[d:, :d] = C  # C z - 1 <= 0
    halfspaces[d:, d] = -1.0
    inside = np.full(d, 0.5 / float(C.sum(axis=1).max()))  # strictly interior: C > 0
    try:
        V = HalfspaceIntersection(halfspaces, inside).intersections
    except QhullError:  # pragma: no cover - degenerate input qhull refuses
        return None
    if not np.all(np.isfinite(V)):  # pragma: no cover
        return None
    V = _dedupe_rows(np.where(np.abs(V) <= LABEL_TOL, 0.0, V))
    tight = (V <= LABEL_TOL).sum(axis=1) + (V @ C.T >= 1.0 - LABEL_TOL).sum(axis=1)
    if np.any(tight != d):
        return None
    return V


def _vertices(C: NDArray[np.float64]) -> tuple[NDArray[np.float64], str]:
    """The polytope's vertices, by qhull when it is simple, else by cddlib."""
    V = _qhull_vertices(C)
    return (V, "qhull") if V is not None else (_cdd_vertices(C), "cddlib")


def _masks(labels: NDArray[np.bool_]) -> NDArray[np.uint64]:
    """Pack a boolean (v, L) label matrix into (v, words) uint64 bitmasks."""
    v, L = labels.shape
    words = max(1, -(-L // 64))
    packed = np.packbits(labels, axis=1, bitorder="little")
    out = np.zeros((v, words * 8), dtype=np.uint8)
    out[:, : packed.shape[1]] = packed
    return out.view(np.uint64).reshape(v, words)


def match_labels(
    p_labels: NDArray[np.bool_], q_labels: NDArray[np.bool_], chunk: int = 1 << 22
) -> NDArray[np.intp]:
    """All (i, j) whose label sets together cover every label, vectorised over bitmasks.

    Parameters
    ----------
    p_labels, q_labels : numpy.ndarray of bool
        Shapes (p, L) and (q, L): row i marks the labels carried by vertex i of P (of Q).
    chunk : int, optional
        About how many (i, j) candidates are compared at once (bounds the memory used).

    Returns
    -------
    numpy.ndarray of int
        Shape (k, 2): the index pairs (i, j), in row-major order, whose labels cover all L.

    Examples
    --------
    >>> P = np.array([[True, False], [False, True]]); Q = np.array([[False, True]])
    >>> match_labels(P, Q).tolist()
    [[0, 0]]
    """
    L = p_labels.shape[1]
    mp, mq = _masks(p_labels), _masks(q_labels)
    full = _masks(np.ones((1, L), dtype=bool))[0]
    nq = mq.shape[0]
    step = max(1, chunk // max(1, nq))
    found = []
    for s in range(0, mp.shape[0], step):
        ok = np.ones((min(step, mp.shape[0] - s), nq), dtype=bool)
        for w in range(mp.shape[1]):
            ok &= (mp[s : s + step, w, None] | mq[None, :, w]) == full[w]
        i, j = np.nonzero(ok)
        found.append(np.column_stack([i + s, j]))
    if not found:
        return np.zeros((0, 2), dtype=np.intp)
    return np.vstack(found).astype(np.intp)


def match_complements(
    p_labels: NDArray[np.bool_], q_labels: NDArray[np.bool_]
) -> NDArray[np.intp]:
    """:func:`match_labels` for simple polytopes, by a hash join in linear time.

    When every vertex of P carries exactly ``m`` labels and every vertex of Q exactly ``n``
    (simple polytopes, ``m + n`` labels in all), a pair covers every label exactly when Q's
    label set is the complement of P's.

    Parameters
    ----------
    p_labels, q_labels : numpy.ndarray of bool
        Shapes (p, L) and (q, L): row i marks the labels carried by vertex i of P (of Q).

    Returns
    -------
    numpy.ndarray of int
        Shape (k, 2): the index pairs (i, j) whose label sets are exact complements.

    Examples
    --------
    >>> P = np.array([[True, False], [False, True]]); Q = np.array([[False, True]])
    >>> match_complements(P, Q).tolist()
    [[0, 0]]
    """
    L = p_labels.shape[1]
    full = _masks(np.ones((1, L), dtype=bool))[0]
    mp, mq = _masks(p_labels), _masks(q_labels)
    by_key: dict[bytes, list[int]] = {}
    for j, row in enumerate(mq):
        by_key.setdefault(row.tobytes(), []).append(j)
    pairs = [(i, j) for i, row in enumerate(mp)
             for j in by_key.get((full ^ row).tobytes(), ())]
    return np.array(pairs, dtype=np.intp).reshape(-1, 2)


def _dedupe_rows(V: NDArray[np.float64], digits: int = 10) -> NDArray[np.float64]:
    """Drop float near-duplicates (cddlib may split a degenerate vertex); keep order."""
    keys = np.round(V, digits) + 0.0
    seen: dict[bytes, int] = {}
    for i, row in enumerate(keys):
        seen.setdefault(row.tobytes(), i)
    if len(seen) == V.shape[0]:
        return V
    return V[sorted(seen.values())]


def vertex_pairs(game: Bimatrix) -> ExtremePairs:
    """Extreme equilibria as vertex pairs, by qhull or cddlib in floating point.

    Parameters
    ----------
    game : Bimatrix
        The two-player game (converted to floats).

    Returns
    -------
    ExtremePairs
        The normalised vertices of both polytopes, the equilibrium index pairs, the engine
        used for each polytope and whether the float run was ambiguous.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[1, 1], [1, 1]], [[1, 1], [1, 1]])
    >>> vertex_pairs(g).pairs.shape
    (4, 2)
    """
    g = game.to_float()
    A, B = _rescaled(g.A), _rescaled(g.B)
    X, x_engine = _vertices(B.T)
    Y, y_engine = _vertices(A)
    X = _dedupe_rows(X[X.max(axis=1) > LABEL_TOL])
    Y = _dedupe_rows(Y[Y.max(axis=1) > LABEL_TOL])
    p_slack = np.hstack([X, 1.0 - X @ B])
    q_slack = np.hstack([1.0 - Y @ A.T, Y])
    p_lab, q_lab = np.abs(p_slack) <= LABEL_TOL, np.abs(q_slack) <= LABEL_TOL
    simple = x_engine == y_engine == "qhull"  # each vertex has exactly its dimension's labels
    pairs = match_complements(p_lab, q_lab) if simple else match_labels(p_lab, q_lab)
    Xs = np.where(X <= LABEL_TOL, 0.0, X)
    Ys = np.where(Y <= LABEL_TOL, 0.0, Y)
    lo, hi = AMBIGUOUS_SLACK
    ambiguous = any(bool(np.any((np.abs(S) > lo) & (np.abs(S) < hi))) for S in (p_slack, q_slack))
    return ExtremePairs(
        Xs / Xs.sum(axis=1, keepdims=True), Ys / Ys.sum(axis=1, keepdims=True), pairs,
        (x_engine, y_engine), ambiguous,
    )
