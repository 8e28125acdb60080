"""The bargaining problem over a package of openings, and its answer, as values: each
sector's value, cost and curvature with the threat point and the Nash product's weights
(:class:`OpeningProblem`), and the certified openings (:class:`OpeningSolution`).

They are solved by :mod:`solver.algorithms.openings.opening_program`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from solver._core.errors import InputError
from solver._core.results import Certified, frozen_mapping
from solver._core.tabular import Tabular
from solver._core.validation import check_weights

if TYPE_CHECKING:
    import pandas as pd

from numpy.typing import NDArray

from solver._core.tabular import one_line

__all__ = [
    "CURVATURE_SNAP",
    "OPENING_RESOLUTION",
    "OPENING_TOL",
    "OpeningProblem",
    "OpeningSolution",
]

#: Tolerance on the scaled KKT residual of a certified opening vector.
OPENING_TOL = 1e-9
#: Openings are certified to this resolution (see :func:`kkt_residual`).
OPENING_RESOLUTION = 1e-9
#: Curvatures within this of 1 are solved as exactly 1 (linear). With k - 1 = eps the opening
#: x = (v / (lam c k))**(1/eps) amplifies the slope's rounding by 1/eps, so no float root
#: certifies below ~1e-7; the cost c x**k then differs from c x by a relative ~eps |ln x|.
CURVATURE_SNAP = 1e-6


@dataclass(frozen=True)
class OpeningProblem:
    """Sender values ``v``, target costs ``c``, curvatures ``k``, bounds, threat point ``d``.

    Build it with :meth:`build`, which validates the inputs.

    Attributes
    ----------
    values, costs, curvatures : tuple of float
        Per sector: the sender's value v of a full opening, the target's cost c of one, and
        the cost's curvature k (cost c x**k).
    lower, upper : tuple of float
        Per sector: the bounds on the opening (default ``[0, 1]``).
    disagreement : (float, float)
        The threat point d = (d_S, d_T).
    weights : (float, float)
        The Nash product's weights (w_S, w_T), summing to 1.

    Examples
    --------
    >>> p = OpeningProblem.build(values=[6.0, 2.0], costs=[3.0, 1.0], curvatures=[1.0, 2.0],
    ...                          disagreement=(-2.0, -4.0))
    >>> p.costs, p.lower, p.weights
    ((3.0, 1.0), (0.0, 0.0), (0.5, 0.5))"""

    values: tuple[float, ...]
    costs: tuple[float, ...]
    curvatures: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    disagreement: tuple[float, float]
    weights: tuple[float, float] = (0.5, 0.5)

    def __repr__(self) -> str:
        return one_line("OpeningProblem", sectors=len(self.values),
                        disagreement=self.disagreement, weights=self.weights)

    @classmethod
    def build(
        cls,
        *,
        values: Sequence[float],
        costs: Sequence[float],
        curvatures: Sequence[float],
        disagreement: Sequence[float],
        lower: Sequence[float] | None = None,
        upper: Sequence[float] | None = None,
        weights: Sequence[float] = (0.5, 0.5),
    ) -> OpeningProblem:
        """Validate and build; bounds default to ``[0, 1]`` in every sector.

        Examples
        --------
        >>> OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0],
        ...     disagreement=(-2.0, -4.0)).upper
        (1.0,)
        """
        func = "OpeningProblem.build()"
        n = len(values)
        if n == 0:
            raise InputError(f"{func}: values is empty; at least one sector is needed")
        lo = (0.0,) * n if lower is None else tuple(map(float, lower))
        hi = (1.0,) * n if upper is None else tuple(map(float, upper))
        arrays = {"values": values, "costs": costs, "curvatures": curvatures,
                  "lower": lo, "upper": hi}
        out = {}
        for name, seq in arrays.items():
            if isinstance(seq, str | bytes) or not hasattr(seq, "__len__"):
                raise InputError(f"{func}: {name} must be a sequence of numbers, got {seq!r}")
            t = tuple(float(v) for v in seq)
            if len(t) != n:
                raise InputError(f"{func}: {name} has {len(t)} entries for {n} sectors: {seq!r}")
            if not all(math.isfinite(v) for v in t):
                raise InputError(f"{func}: {name} has a non-finite entry: {seq!r}")
            out[name] = t
        if any(v < 0 for v in out["values"]):
            raise InputError(f"{func}: values must be >= 0, got {values!r}")
        if any(v < 0 for v in out["costs"]):
            raise InputError(f"{func}: costs must be >= 0, got {costs!r}")
        if any(v < 1 for v in out["curvatures"]):
            raise InputError(f"{func}: curvatures must be >= 1, got {curvatures!r}")
        out["curvatures"] = tuple(1.0 if k - 1 < CURVATURE_SNAP else k
                                  for k in out["curvatures"])
        if any(not (0 <= a <= b <= 1) for a, b in zip(out["lower"], out["upper"], strict=True)):
            raise InputError(f"{func}: bounds must satisfy 0 <= lower <= upper <= 1, "
                             f"got lower={lo!r}, upper={hi!r}")
        if isinstance(disagreement, str | bytes) or not hasattr(disagreement, "__len__"):
            raise InputError(f"{func}: disagreement must be two finite numbers, got "
                             f"{disagreement!r}")
        d = tuple(float(v) for v in disagreement)
        if len(d) != 2 or not all(math.isfinite(v) for v in d):
            raise InputError(f"{func}: disagreement must be two finite numbers, got "
                             f"{disagreement!r}")
        w = tuple(float(v) for v in check_weights(func, "weights", weights))
        return cls(out["values"], out["costs"], out["curvatures"], out["lower"], out["upper"],
                   (d[0], d[1]), (w[0], w[1]))

    def utilities(self, x: Sequence[float] | NDArray[np.float64]) -> tuple[float, float]:
        """(U_S, U_T) at openings ``x``."""
        xa = np.asarray(x, dtype=float)
        v, c, k = (np.asarray(a) for a in (self.values, self.costs, self.curvatures))
        return float(v @ xa), float(-(c * xa**k).sum())


@dataclass(frozen=True)
class OpeningSolution(Certified, Tabular):
    """The Nash openings, or "no agreement" (then ``openings`` is None, payoffs are ``d``).

    Attributes
    ----------
    agreement : bool
        Whether some opening vector gives both sides more than the threat point.
    openings : tuple of float or None
        Each sector's opening.
    payoffs : (float, float)
        The sender's and target's payoffs.
    disagreement : (float, float)
        The threat point.
    slope : float or None
        The price of target utility in sender utility at the solution (``None`` without
        agreement).
    residuals : mapping of str to float
        The certificate that was checked (``"kkt"`` for :func:`nash_openings`, the
        concept's name for
        :func:`~solver.algorithms.openings.package_concepts.concept_openings`) and its
        residual, as a :class:`~solver.algorithms.bargaining.BargainingSolution` has;
        empty when there is no agreement. ``max_residual`` is the largest.
    method : str
        How the openings were computed.

    Examples
    --------
    See :func:`nash_openings`."""

    agreement: bool
    openings: tuple[float, ...] | None
    payoffs: tuple[float, float]
    disagreement: tuple[float, float]
    slope: float | None
    residuals: Mapping[str, float]
    method: str = "frontier-slope root (Minkowski sum)"
    exact: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "residuals", frozen_mapping(self.residuals))

    def __repr__(self) -> str:
        return one_line("OpeningSolution", agreement=self.agreement, openings=self.openings,
                        payoffs=self.payoffs, max_residual=self.max_residual)

    def to_frame(self) -> pd.DataFrame:
        """One row per sector (indexed from 0): its opening; and the totals as attributes."""
        import pandas as pd

        xs = self.openings if self.openings is not None else ()
        return pd.DataFrame({"sector": range(len(xs)), "opening": list(xs)})
