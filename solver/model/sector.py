"""A sector's parameters: one bilateral bargaining game between sender and target."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from solver.model.distributions import Distribution
from solver.tabular import one_line

__all__ = ["FIELDS", "FieldSpec", "Parameter", "Sector"]


@dataclass(frozen=True)
class Parameter:
    """A scenario value with its unit and provenance (a source, or a modelling reason)."""

    value: float
    unit: str
    source: str | None = None
    reason: str | None = None
    range: tuple[float, float] | None = None
    distribution: Distribution | None = None

    def __repr__(self) -> str:
        return one_line("Parameter", self.value, unit=self.unit, range=self.range)


@dataclass(frozen=True)
class FieldSpec:
    """What a scenario field must be: its dotted key, unit and admissible values."""

    key: str
    attr: str
    unit: str
    check: Callable[[float], bool]
    admissible: str


def _ge(lo: float) -> Callable[[float], bool]:
    return lambda v: v >= lo


def _in_closed(lo: float, hi: float) -> Callable[[float], bool]:
    return lambda v: lo <= v <= hi


def _in_open(lo: float, hi: float) -> Callable[[float], bool]:
    return lambda v: lo < v < hi


#: The sector fields of a scenario file, in docs/model.md order.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("gain", "gain", "$B/yr", lambda v: v > 0, "> 0"),
    FieldSpec("cost", "cost", "$B/yr", _ge(0), ">= 0"),
    FieldSpec("curvature", "curvature", "1", _ge(1), ">= 1"),
    FieldSpec("deliverability", "deliverability", "probability", _in_closed(0, 1), "in [0, 1]"),
    FieldSpec("sanction.loss_target", "loss_target", "$B/yr", _ge(0), ">= 0"),
    FieldSpec("sanction.loss_sender", "loss_sender", "$B/yr", _ge(0), ">= 0"),
    FieldSpec("backdown_cost", "backdown_cost", "$B/yr", _ge(0), ">= 0"),
    FieldSpec("resolve", "resolve", "probability", _in_closed(0, 1), "in [0, 1]"),
    FieldSpec("discount.sender", "discount_sender", "per round", _in_open(0, 1), "in (0, 1)"),
    FieldSpec("discount.target", "discount_target", "per round", _in_open(0, 1), "in (0, 1)"),
)


@dataclass(frozen=True)
class Sector:
    """One sector's parameters (see ``docs/model.md`` for their meaning and units).

    Build sectors through :func:`solver.load_scenario`, or directly for experiments;
    :meth:`with_values` returns a changed copy.

    Examples
    --------
    >>> s = Sector("glass", gain=1.0, cost=0.5)
    >>> s.with_values(cost=0.8).cost
    0.8
    """

    name: str
    gain: float
    cost: float
    curvature: float = 1.0
    deliverability: float = 1.0
    loss_target: float = 0.0
    loss_sender: float = 0.0
    backdown_cost: float = 0.0
    resolve: float = 0.5
    discount_sender: float = 0.9
    discount_target: float = 0.9
    label: str = ""
    provenance: tuple[tuple[str, Parameter], ...] = field(default=(), compare=False, repr=False)

    def __repr__(self) -> str:
        return one_line("Sector", self.name, gain=self.gain, cost=self.cost,
                        loss_target=self.loss_target, loss_sender=self.loss_sender,
                        resolve=self.resolve)

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("Sector(): name must be a non-empty string")
        for spec in FIELDS:
            v = getattr(self, spec.attr)
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise ValueError(f"Sector(): sector {self.name!r}: {spec.key} must be a number, "
                                 f"got {v!r}")
            if not math.isfinite(v) or not spec.check(float(v)):
                raise ValueError(f"Sector(): sector {self.name!r}: {spec.key} = {v!r} is out of "
                                 f"range (must be {spec.admissible})")

    @property
    def value(self) -> float:
        """The sender's expected value of a full opening, q G ($B/yr)."""
        return self.deliverability * self.gain

    def with_values(self, **changes: Any) -> Sector:
        """A copy with some parameters changed (validated again)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"Sector.with_values(): unknown field(s) {sorted(unknown)}")
        return replace(self, **changes)
