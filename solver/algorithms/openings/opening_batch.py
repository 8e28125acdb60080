"""The Nash openings of many problems at once, vectorised over draws (what a sweep runs),
each certified by its KKT residual
(:func:`~solver.algorithms.openings.opening_program.kkt_residuals`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from solver._core.arrays import readonly
from solver._core.results import frozen_mapping

if TYPE_CHECKING:
    pass

from numpy.typing import NDArray

from solver._core.tabular import one_line
from solver.algorithms.openings.opening_program import (
    CURVATURE_SNAP,
    OPENING_TOL,
    kkt_residuals,
)

__all__ = ["OpeningBatch", "nash_openings_batch"]


def nash_openings_batch(
    *,
    values: NDArray[np.float64],
    costs: NDArray[np.float64],
    curvatures: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    disagreement: NDArray[np.float64],
    weights: tuple[float, float] = (0.5, 0.5),
    iterations: int = 64,
) -> OpeningBatch:
    """Nash openings for many independent problems at once (vectorised over draws).

    Arrays have shape (draws, sectors); ``disagreement`` (draws, 2). The frontier slope is
    found by bisection on its logarithm, which brackets a linear sector's jump; the openings
    on that linear segment are then filled exactly as in :func:`nash_openings`. The bracket
    covers slopes within e^+-60 of the problem's scale (sum of values / sum of costs): a
    surplus some 26 orders of magnitude below the payoffs (a subnormal loss, say) can fall
    outside it and read as no agreement, where :func:`nash_openings` still finds one. Returns
    an :class:`OpeningBatch`: ``agreement``, ``openings`` and ``kkt_residuals`` per draw
    (openings and residual 0 where there is no agreement); ``certified()`` is
    ``kkt_residuals <= OPENING_TOL`` (the KKT certificate), which callers check.

    Parameters
    ----------
    values, costs, curvatures : numpy.ndarray
        Per draw and sector, shape (draws, sectors): the sender's value v, the target's cost
        c, and the cost's curvature k.
    lower, upper : numpy.ndarray
        The bounds on each opening, shape (draws, sectors).
    disagreement : numpy.ndarray
        Each draw's threat point (d_S, d_T), shape (draws, 2).
    weights : (float, float), optional
        The Nash product's weights (w_S, w_T).
    iterations : int, optional
        Bisection steps on the log slope.

    Returns
    -------
    OpeningBatch
        Per draw: agreement, openings and KKT residual.

    Examples
    --------
    >>> a, x, r = nash_openings_batch(
    ...     values=np.array([[6.0], [6.0]]), costs=np.array([[3.0], [3.0]]),
    ...     curvatures=np.ones((2, 1)), lower=np.zeros((2, 1)), upper=np.ones((2, 1)),
    ...     disagreement=np.array([[-2.0, -4.0], [-1.0, 0.0]]))
    >>> a.tolist(), np.round(x[:, 0], 12).tolist(), bool(r[0] < OPENING_TOL)
    ([True, False], [0.5, 0.0], True)
    """
    v, c = values, costs
    k = np.where(curvatures - 1 < CURVATURE_SNAP, 1.0, curvatures)  # as OpeningProblem.build
    d_s, d_t = disagreement[:, 0], disagreement[:, 1]
    w_s, w_t = weights

    def respond(lam: NDArray[np.float64], tie_upper: bool) -> NDArray[np.float64]:
        lam2 = lam[:, None]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            ratio = np.where(c > 0, v / c, np.inf)
            linear = np.where((ratio > lam2) | ((ratio == lam2) & tie_upper), upper, lower)
            mc = lam2 * c * k
            smooth = np.where(
                mc > 0, (v / np.where(mc > 0, mc, 1.0)) ** (1 / np.where(k > 1, k - 1, 1.0)),
                np.inf,
            )
        smooth = np.clip(smooth, lower, upper)
        return np.where(v == 0, lower, np.where(k == 1, linear, smooth))

    def gap(lam: NDArray[np.float64], x: NDArray[np.float64]) -> NDArray[np.float64]:
        us = (v * x).sum(axis=1)
        ut = -(c * x**k).sum(axis=1)
        return w_t * (us - d_s) - lam * w_s * (ut - d_t)

    us_max = (v * upper).sum(axis=1)
    ut_max = -(c * lower**k).sum(axis=1)
    possible = (us_max > d_s) & (ut_max > d_t)
    # Bracket log(lam) around the scale of the problem, then bisect.
    scale = np.log((v.sum(axis=1) + 1e-300) / (c.sum(axis=1) + 1e-300))
    lo = scale - 60.0
    hi = scale + 60.0
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        g = gap(np.exp(mid), respond(np.exp(mid), True))
        lo = np.where(g > 0, mid, lo)
        hi = np.where(g > 0, hi, mid)
    lam_lo, lam_hi = np.exp(lo), np.exp(hi)
    x_lo, x_hi = respond(lam_lo, True), respond(lam_hi, False)
    g_lo, g_hi = gap(lam_lo, x_lo), gap(lam_hi, x_hi)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(g_lo != g_hi, g_lo / (g_lo - g_hi), 0.0)
    t = np.clip(t, 0.0, 1.0)[:, None]
    x = x_lo + t * (x_hi - x_lo)
    us = (v * x).sum(axis=1)
    ut = -(c * x**k).sum(axis=1)
    agreement = possible & (us > d_s) & (ut > d_t)
    x = np.where(agreement[:, None], x, 0.0)
    residual = np.where(
        agreement, kkt_residuals(x=x, values=v, costs=c, curvatures=k, lower=lower, upper=upper,
                                 disagreement=disagreement, weights=weights), 0.0
    )
    return OpeningBatch(agreement, x, residual,
                        parameters={"weights": weights, "iterations": iterations})


@dataclass(frozen=True, eq=False)
class OpeningBatch:
    """:func:`nash_openings_batch`'s answer, one row per draw (read-only arrays).

    Unpacks as the ``(agreement, openings, kkt_residuals)`` tuple it replaces.

    Attributes
    ----------
    agreement : ndarray of bool
        Whether the draw has a point strictly better than its disagreement point for both.
    openings : ndarray
        The Nash openings (0 where there is no agreement).
    kkt_residuals : ndarray
        :func:`kkt_residuals` at the openings (0 where there is no agreement): the
        certificate, to be at most :data:`OPENING_TOL`.
    parameters : mapping
        ``weights`` and ``iterations``.
    method : str
        How the openings were found.

    Examples
    --------
    >>> b = nash_openings_batch(
    ...     values=np.array([[6.0], [6.0]]), costs=np.array([[3.0], [3.0]]),
    ...     curvatures=np.ones((2, 1)), lower=np.zeros((2, 1)), upper=np.ones((2, 1)),
    ...     disagreement=np.array([[-2.0, -4.0], [-1.0, 0.0]]))
    >>> b.agreement.tolist(), b.certified().tolist(), dict(b.parameters)["iterations"]
    ([True, False], [True, True], 64)
    """

    agreement: NDArray[np.bool_]
    openings: NDArray[np.float64]
    kkt_residuals: NDArray[np.float64]
    parameters: Mapping[str, Any]
    method: str = "bisection on the log frontier slope, vectorised over draws"

    def __repr__(self) -> str:
        return one_line("OpeningBatch", draws=int(self.agreement.shape[0]),
                        agreements=int(self.agreement.sum()),
                        max_residual=float(self.kkt_residuals.max(initial=0.0)))

    def __post_init__(self) -> None:
        for name in ("agreement", "openings", "kkt_residuals"):
            object.__setattr__(self, name, readonly(getattr(self, name)))
        object.__setattr__(self, "parameters", frozen_mapping(self.parameters))

    def certified(self, tol: float = OPENING_TOL) -> NDArray[np.bool_]:
        """Per draw, whether the KKT residual is at most ``tol``."""
        return np.asarray(self.kkt_residuals <= tol)

    def __iter__(self) -> Iterator[NDArray[Any]]:
        return iter((self.agreement, self.openings, self.kkt_residuals))
