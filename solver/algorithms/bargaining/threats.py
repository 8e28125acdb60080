"""Nash's (1953) variable-threat bargaining solution of a bimatrix game.

The players first commit to threat strategies ``x`` and ``y``, to be played if they fail to
agree; they then bargain over the convex hull of the game's outcomes (with free disposal)
from the threat point ``d = (x A y, x B y)``, and reach its Nash bargaining solution.

On a frontier edge of slope ``-h`` the Nash point from ``d`` depends on ``d`` only through
``h d1 - d2``; so each player's optimal threat is an optimal strategy of the zero-sum game
``h A - B`` (player 1 maximises). The solution is the frontier point ``P`` with a supporting
slope ``-h`` such that ``h P1 - P2 = val(h A - B)``. It is found piece by piece along the
frontier: on each edge ``j`` the candidate is where the line ``h_j u1 - u2 = val(h_j A - B)``
meets the edge; at each vertex the condition is solved for ``h`` in the vertex's range of
supporting slopes with :func:`scipy.optimize.brentq`. Zero-sum values come from
:func:`scipy.optimize.linprog` (HiGHS).

The certificate checks, independently: the threats' regret in ``h A - B``; that the point is
the Nash bargaining solution from the threat point (:func:`certify_nash` on the hull); and that
``-h`` supports the frontier at the point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import CertificateError, InputError
from solver.algorithms.bargaining.certificate import certify_nash
from solver.algorithms.bargaining.result import VariableThreatSolution
from solver.algorithms.nash.zero_sum import ZeroSumValue, maximin
from solver.representations.bargaining import BargainingProblem, pareto_chain
from solver.representations.bimatrix import Bimatrix

__all__ = ["variable_threat", "zero_sum_value"]

FUNC = "variable_threat()"
#: Tolerance on locating the answer on an edge, relative to the payoff scale.
LOCATE_TOL = 1e-9


def zero_sum_value(M: Any) -> ZeroSumValue:
    """Value and optimal strategies of the zero-sum game ``M`` (row player maximises), by LP.

    Parameters
    ----------
    M : array_like
        The row player's payoffs, shape (m, n) (read as floats).

    Returns
    -------
    ZeroSumValue
        The value, both optimal strategies and their certificate; it unpacks as
        ``(value, row, col)``. The zero matrix gives value 0 and uniform strategies.

    Examples
    --------
    >>> v, x, y = zero_sum_value([[1, -1], [-1, 1]])
    >>> abs(v) < 1e-12, x.round(12).tolist(), y.round(12).tolist()
    (True, [0.5, 0.5], [0.5, 0.5])
    """
    m = np.asarray(M, dtype=float)
    rows, cols = m.shape
    norm = float(np.max(np.abs(m)))
    if norm == 0:
        return ZeroSumValue.certify(m, 0.0, np.full(rows, 1 / rows), np.full(cols, 1 / cols),
                                    method="the zero matrix: any strategies")
    m = m / norm  # the LP sees entries in [-1, 1]
    x, v_row = maximin(m, func="zero_sum_value()")
    y, v_col = maximin(-m.T, func="zero_sum_value()")  # the column player's, in -M^T
    return ZeroSumValue.certify(M, norm * 0.5 * (v_row - v_col) + 0.0, x, y,
                                method="linear programming (HiGHS)")


def variable_threat(game: Bimatrix) -> VariableThreatSolution:
    """Nash's (1953) variable-threat solution of a two-player game.

    Parameters
    ----------
    game : Bimatrix

    Returns
    -------
    VariableThreatSolution
        ``.point`` (agreed payoffs), ``.threat_point``, ``.threats`` (row and column mixed
        strategies), ``.slope`` ``h`` and ``.value`` ``val(h A - B)``. When no outcome is
        strictly better than the threat point for both players, ``.agreement`` is False and
        ``.point`` is the threat point.

    Examples
    --------
    Battle of the sexes with a costly clash: each side threatens its own favourite.

    >>> g = Bimatrix.from_arrays([[2, -1], [-1, 1]], [[1, -1], [-1, 2]])
    >>> s = variable_threat(g)
    >>> [round(v, 9) for v in s.point], [round(v, 9) for v in s.threat_point]
    ([1.5, 1.5], [-1.0, -1.0])
    >>> s.is_certified()
    True
    """
    if not isinstance(game, Bimatrix):
        raise InputError(f"{FUNC}: game must be a Bimatrix, got {type(game).__name__}")
    a = np.asarray(game.A, dtype=float)
    b = np.asarray(game.B, dtype=float)
    outcomes = [(Fraction(x), Fraction(y)) for x, y in zip(game.A.ravel(), game.B.ravel(),
                                                             strict=True)]
    low = (min(p[0] for p in outcomes), min(p[1] for p in outcomes))
    hull_problem = BargainingProblem.from_points(outcomes, low)
    chain = [(float(u), float(v)) for u, v in pareto_chain(hull_problem.vertices())]
    scale = 1.0 + float(np.max(np.abs(a))) + float(np.max(np.abs(b)))

    def val(h: float) -> float:
        return zero_sum_value(h * a - b)[0]

    found: tuple[tuple[float, float], float] | None = None
    slopes = [-(q[1] - p[1]) / (q[0] - p[0]) for p, q in zip(chain, chain[1:], strict=False)]
    for j, h in enumerate(slopes):  # answers inside an edge
        (p1, p2), (q1, _) = chain[j], chain[j + 1]
        u1 = (val(h) + p2 + h * p1) / (2 * h)
        if p1 - LOCATE_TOL * scale <= u1 <= q1 + LOCATE_TOL * scale:
            u1 = min(max(u1, p1), q1)
            found = ((u1, p2 - h * (u1 - p1)), h)
            break
    if found is None:  # answers at a vertex
        for k, (v1, v2) in enumerate(chain):
            h_lo = slopes[k - 1] if k > 0 else 0.0
            h_hi = slopes[k] if k < len(slopes) else math.inf
            hv = _vertex_slope(lambda h, v1=v1, v2=v2: h * v1 - v2 - val(h), h_lo, h_hi,
                               v1 - zero_sum_value(a)[0], scale)
            if hv is not None:
                found = ((v1, v2), hv)
                break
    if found is None:  # pragma: no cover - Nash (1953) proves a solution exists
        raise CertificateError(f"{FUNC}: no consistent point found on the frontier")
    point, h = found
    value, x, y = zero_sum_value(h * a - b)
    threat = (float(x @ a @ y), float(x @ b @ y))
    agreement = BargainingProblem.from_points(outcomes, threat).agreement_possible
    if not agreement:  # nothing strictly better than the threat point: it is the outcome
        point = threat
    return VariableThreatSolution(
        point=(float(point[0]), float(point[1])), threat_point=threat,
        threats=(tuple(float(v) for v in x), tuple(float(v) for v in y)), slope=float(h),
        value=value, method="variable_threat", exact=False, agreement=agreement,
        residuals=_certificate(outcomes, a, b, point, threat, (x, y), h, scale),
    )


def _vertex_slope(psi: Any, h_lo: float, h_hi: float, psi_inf: float, scale: float
                  ) -> float | None:
    """An ``h`` in ``[h_lo, h_hi]`` with ``psi(h) = 0`` (``psi`` rises through 0), or None."""
    from scipy.optimize import brentq

    tol = LOCATE_TOL * scale
    lo_val = psi(h_lo)
    if lo_val > tol:
        return None
    if math.isinf(h_hi):
        if psi_inf < -tol:
            return None
        h_hi = max(1.0, 2 * h_lo)
        for _ in range(14):  # h up to ~1e4 h_lo: beyond it the LP cannot see B
            if psi(h_hi) >= 0:
                break
            h_hi *= 2
        else:
            return h_hi
    hi_val = psi(h_hi)
    if hi_val < -tol:
        return None
    if lo_val >= 0:
        return h_lo
    if hi_val <= 0:
        return h_hi
    return float(brentq(psi, h_lo, h_hi, xtol=1e-14))


def _certificate(outcomes: Sequence[tuple[Fraction, Fraction]], a: NDArray[Any],
                 b: NDArray[Any], point: tuple[float, float], threat: tuple[float, float],
                 threats: tuple[NDArray[Any], NDArray[Any]], h: float, scale: float
                 ) -> dict[str, float]:
    x, y = threats
    m = h * a - b
    xmy = float(x @ m @ y)
    out = {"threat_regret": max(float(np.max(m @ y)) - xmy, xmy - float(np.min(x @ m))) / scale}
    problem = BargainingProblem.from_points(outcomes, threat)
    if problem.agreement_possible:
        nash = certify_nash(problem, point)
        out.update({k: v / scale if k != "foc" else v for k, v in nash.items()})
    else:
        out["at_threat_point"] = max(abs(point[0] - threat[0]), abs(point[1] - threat[1])) / scale
    left, right = problem.slope(point[0])
    out["slope"] = max(0.0, -h - left, right + h) / (1.0 + h)
    return out
