"""Exact vertex enumeration in rational arithmetic: every extreme equilibrium, certified.

pycddlib-standalone 3.0 exposes only cddlib's floating-point API (``cdd.gmp`` needs the
GMP build), so the exact path is this module's own double description method (Motzkin et
al. 1953; Fukuda and Prodon 1996) on integer vectors. The homogenised polytope
``{(t, z) >= 0 : C z <= t}`` starts from the orthant, whose extreme rays are the unit
vectors; each constraint ``t - C_j z >= 0`` is added in turn, combining adjacent rays on
either side of it. Adjacency is the combinatorial test (no other ray's zero set contains
the pair's common zero set), which is exact, so degeneracy needs no perturbation. A
vertex's zero set is then exactly its set of labels.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import EngineError
from solver.algorithms.nash.vertex import ExtremePairs, match_labels
from solver.representations.bimatrix import Bimatrix

__all__ = ["exact_pairs"]


def _integer_shifted(M: NDArray[Any]) -> list[list[int]]:
    """Fractions shifted so the minimum is 1, then scaled to integers (same polytope shape)."""
    F = [[Fraction(v) for v in row] for row in M]
    lo = min(min(r) for r in F)
    S = [[v - lo + 1 for v in r] for r in F]
    den = 1
    for r in S:
        for v in r:
            den = den * v.denominator // math.gcd(den, v.denominator)
    return [[int(v * den) for v in r] for r in S]


def _normalise(v: list[int]) -> tuple[int, ...]:
    g = 0
    for a in v:
        g = math.gcd(g, a)
    return tuple(a // g for a in v) if g > 1 else tuple(v)


def _dd_cone(
    rows: list[tuple[int, ...]], dim: int, check: Callable[[int], None] | None = None
) -> list[tuple[tuple[int, ...], int]]:
    """Extreme rays of ``{w >= 0 : a . w >= 0 for a in rows}`` (a pointed cone in R^dim).

    Each ray comes with its zero-set mask: bit ``k`` (k < dim) is ``w_k = 0``, bit
    ``dim + j`` is ``rows[j] . w = 0``. ``check(ray_count)`` is called after each row, so
    a caller's budget can stop the run.
    """
    full_orthant = (1 << dim) - 1
    rays: list[tuple[tuple[int, ...], int]] = []
    for k in range(dim):
        e = [0] * dim
        e[k] = 1
        rays.append((tuple(e), full_orthant & ~(1 << k)))
    for jj, a in enumerate(rows):
        bit = 1 << (dim + jj)
        pos, zero, neg = [], [], []
        for r, z in rays:
            s = sum(ai * ri for ai, ri in zip(a, r, strict=True))
            if s > 0:
                pos.append((r, z, s))
            elif s < 0:
                neg.append((r, z, s))
            else:
                zero.append((r, z | bit))
        masks = [z for _, z in rays]
        new: list[tuple[tuple[int, ...], int]] = []
        for rp, zp, sp in pos:
            for rn, zn, sn in neg:
                common = zp & zn
                if common.bit_count() < dim - 2:
                    continue
                adjacent = True
                for z in masks:
                    if z & common == common and z != zp and z != zn:
                        adjacent = False
                        break
                if adjacent:
                    v = [sp * b - sn * c for b, c in zip(rn, rp, strict=True)]
                    new.append((_normalise(v), common | bit))
        rays = [(r, z) for r, z, _ in pos] + zero + new
        if check is not None:
            check(len(rays))
    return rays


def _dd_vertices(
    C: list[list[int]], check: Callable[[int], None] | None = None
) -> list[tuple[tuple[int, ...], int]]:
    """Vertices of {z >= 0 : C z <= t} with t = 1, as (integer ray (t, z), zero-set mask).

    Bit ``1 + i`` of the mask is ``z_i = 0``; bit ``1 + d + j`` is ``C_j z = t``.
    The origin (t, 0, ..., 0) is included.
    """
    d = len(C[0])
    return _dd_cone([(1, *(-c for c in row)) for row in C], d + 1, check)


def exact_pairs(game: Bimatrix) -> ExtremePairs:
    """Extreme equilibria as vertex pairs, in exact rational arithmetic.

    Parameters
    ----------
    game : Bimatrix
        An exact game.

    Returns
    -------
    ExtremePairs
        The two players' best-response polytope vertices and the pairs that are
        equilibria.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]], exact=True)
    >>> ep = exact_pairs(g)
    >>> sorted(tuple(map(str, ep.row_vertices[i])) for i, _ in ep.pairs)
    [('0', '1'), ('1', '0'), ('3/5', '2/5')]
    """
    m, n = game.shape
    A = _integer_shifted(game.A)
    B = _integer_shifted(game.B)
    BT = [list(col) for col in zip(*B, strict=True)]
    xs, p_lab = _side(BT, m, n, row_player=True)
    ys, q_lab = _side(A, n, m, row_player=False)
    pairs = match_labels(p_lab, q_lab) if len(xs) and len(ys) else np.zeros((0, 2), np.intp)
    return ExtremePairs(_obj(xs, m), _obj(ys, n), pairs)


def _side(
    C: list[list[int]], d: int, k: int, *, row_player: bool
) -> tuple[list[list[Fraction]], NDArray[np.bool_]]:
    """Normalised vertices (origin dropped) and their (v, m + n) label matrix."""
    out, labels = [], []
    for r, z in _dd_vertices(C):
        t, w = r[0], r[1:]
        if t == 0:  # pragma: no cover - bounded by construction
            raise EngineError("nash_equilibria(): unbounded best-response polytope")
        total = sum(w)
        if total == 0:
            continue
        out.append([Fraction(v, total) for v in w])
        zero_z = [(z >> (1 + i)) & 1 == 1 for i in range(d)]
        tight = [(z >> (1 + d + j)) & 1 == 1 for j in range(k)]
        # Row player (P): labels 0..m-1 are x_i = 0, m.. are tight columns.
        labels.append(zero_z + tight if row_player else tight + zero_z)
    lab = np.array(labels, dtype=bool).reshape(len(labels), d + k)
    return out, lab


def _obj(rows: list[list[Fraction]], width: int) -> NDArray[Any]:
    arr = np.empty((len(rows), width), dtype=object)
    for i, r in enumerate(rows):
        arr[i, :] = r
    return arr
