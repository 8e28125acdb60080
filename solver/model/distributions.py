"""Parameter uncertainty: distributions a scenario file may give for any parameter.

Every distribution is confined to the parameter's sourced ``range`` (truncated there), so a
sweep never pushes a parameter outside what its sources support.

=============  ======================================================  ==================
kind           shape                                                   extra fields
=============  ======================================================  ==================
uniform        flat on ``range``                                       -
triangular     mode at ``value``, support ``range``                    -
truncnormal    normal with mean ``value``, truncated to ``range``      ``sd`` > 0
lognormal      median ``value``, log-sd ``sigma``, truncated           ``sigma`` > 0
=============  ======================================================  ==================
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import InputError

__all__ = ["KINDS", "Distribution", "parse_distribution"]

KINDS = ("uniform", "triangular", "truncnormal", "lognormal")


@dataclass(frozen=True)
class Distribution:
    """A distribution for one parameter, truncated to ``[low, high]``.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`: ``"uniform"`` on the range, ``"triangular"`` with its mode at
        ``value``, ``"truncnormal"`` (mean ``value``, standard deviation ``sd``) or
        ``"lognormal"`` (median ``value``, log-scale ``sigma``), each truncated to the range.
    value : float
        The parameter's calibrated value, inside ``[low, high]``.
    low, high : float
        The finite range draws are confined to.
    sd : float or None, optional
        Standard deviation, > 0 (``"truncnormal"`` only).
    sigma : float or None, optional
        Shape, > 0 (``"lognormal"`` only; needs a positive value and range).

    Raises
    ------
    ValueError
        If the kind is unknown, the range is not finite or misses ``value``, or the kind's
        shape parameter is missing.

    Examples
    --------
    >>> d = Distribution("triangular", value=2.0, low=1.0, high=4.0)
    >>> x = d.sample(1000, np.random.default_rng(0))
    >>> bool(x.min() >= 1.0 and x.max() <= 4.0)
    True
    """

    kind: str
    value: float
    low: float
    high: float
    sd: float | None = None
    sigma: float | None = None

    def __post_init__(self) -> None:
        where = "Distribution()"
        if self.kind not in KINDS:
            raise InputError(f"{where}: kind {self.kind!r} is not one of {list(KINDS)}")
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low <= self.value
                <= self.high):
            raise InputError(f"{where}: range [{self.low}, {self.high}] must be finite and "
                             f"contain the value {self.value}")
        if self.kind == "truncnormal" and not (self.sd is not None and 0 < self.sd < math.inf):
            raise InputError(f"{where}: truncnormal needs sd > 0 (finite), got sd={self.sd!r}")
        if self.kind == "lognormal":
            if not (self.sigma is not None and 0 < self.sigma < math.inf):
                raise InputError(f"{where}: lognormal needs sigma > 0 (finite), got "
                                 f"sigma={self.sigma!r}")
            if self.value <= 0 or self.low < 0:
                raise InputError(f"{where}: lognormal needs a positive value and range, got "
                                 f"value={self.value}, range [{self.low}, {self.high}]")

    def sample(self, n: int, rng: np.random.Generator) -> NDArray[np.float64]:
        """``n`` draws, by inverse CDF on uniform draws confined to the range's CDF interval."""
        lo, hi = self.low, self.high
        if hi == lo:
            return np.full(n, lo)
        dist = self._frozen()
        f_lo, f_hi = dist.cdf(lo), dist.cdf(hi)
        u = rng.uniform(f_lo, f_hi, n)
        return np.clip(dist.ppf(u), lo, hi)

    def _frozen(self) -> Any:
        from scipy import stats

        lo, hi = self.low, self.high
        if self.kind == "uniform":
            return stats.uniform(loc=lo, scale=hi - lo)
        if self.kind == "triangular":
            return stats.triang(c=(self.value - lo) / (hi - lo), loc=lo, scale=hi - lo)
        if self.kind == "truncnormal":
            return stats.norm(loc=self.value, scale=self.sd)
        return stats.lognorm(s=self.sigma, scale=self.value)


def parse_distribution(
    raw: Any, value: float, bounds: tuple[float, float] | None
) -> Distribution:
    """Build a :class:`Distribution` from scenario data: a kind name or a table
    ``{kind = ..., sd = ..., sigma = ...}``; ``bounds`` is the parameter's range (required).

    Parameters
    ----------
    raw : str or mapping
        The ``distribution`` entry of a scenario parameter.
    value : float
        The parameter's calibrated value.
    bounds : (float, float) or None
        The parameter's ``range``; ``None`` is an error (a distribution must be confined).

    Returns
    -------
    Distribution

    Raises
    ------
    ValueError
        If ``bounds`` is missing, ``raw`` has an unknown key or a non-numeric shape, or the
        distribution is invalid (see :class:`Distribution`).

    Examples
    --------
    >>> parse_distribution({"kind": "truncnormal", "sd": 0.5}, 2.0, (1.0, 4.0)).sd
    0.5
    >>> parse_distribution("uniform", 2.0, (1.0, 4.0)).kind
    'uniform'
    """
    if bounds is None:
        raise InputError("a distribution needs the parameter's 'range' to confine it")
    if isinstance(raw, str):
        table: Mapping[str, Any] = {"kind": raw}
    elif isinstance(raw, Mapping):
        table = raw
    else:
        raise InputError(f"distribution must be a kind name or a table, got {raw!r}")
    extra = sorted(set(table) - {"kind", "sd", "sigma"})
    if extra:
        raise InputError(f"distribution has unknown key(s) {extra}")
    for key in ("sd", "sigma"):
        v = table.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int | float)):
            raise InputError(f"distribution {key} must be a number, got {v!r}")
        if isinstance(v, int) and not abs(v) <= 1e308:  # float() would overflow
            raise InputError(f"distribution {key} must be finite, got an integer of "
                             f"{len(str(abs(v)))} digits")
    sd, sigma = table.get("sd"), table.get("sigma")
    return Distribution(
        str(table.get("kind")), value, bounds[0], bounds[1],
        None if sd is None else float(sd), None if sigma is None else float(sigma),
    )
