"""A sector's parameters: one bilateral bargaining game between sender and target."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from solver.model.distributions import Distribution

__all__ = ["FIELDS", "FieldSpec", "Parameter", "Sector"]


@dataclass(frozen=True)
class Parameter:
    """A scenario value with its unit and provenance (a source, or a modelling reason).

    Parameters
    ----------
    value : float
        The value used by the model.
    unit : str
        Its unit, e.g. ``"$B/yr"``, ``"probability"``.
    source : str or None, optional
        The published source the value comes from.
    reason : str or None, optional
        The modelling reason for the value, when it has no source.
    range : (float, float) or None, optional
        The range the sources support (reported in the parameter table).
    distribution : Distribution or None, optional
        The distribution :func:`solver.sweep` draws the value from; ``None`` keeps it fixed.

    Examples
    --------
    >>> from solver import load_scenario
    >>> p = dict(load_scenario().sector("autos").provenance)["gain"]
    >>> p.value, p.unit
    (27.7, '$B/yr')
    """

    value: float
    unit: str
    source: str | None = None
    reason: str | None = None
    range: tuple[float, float] | None = None
    distribution: Distribution | None = None


@dataclass(frozen=True)
class FieldSpec:
    """What a scenario field must be: its dotted key, unit and admissible values.

    Attributes
    ----------
    key : str
        The field's dotted key in a scenario file (``"sanction.loss_target"``).
    attr : str
        The :class:`Sector` attribute it sets (``"loss_target"``).
    unit : str
        Its unit.
    check : callable
        Whether a value is admissible.
    admissible : str
        The admissible values, as error messages state them.

    Examples
    --------
    >>> spec = next(f for f in FIELDS if f.attr == "loss_target")
    >>> spec.key, spec.check(-1.0), spec.admissible
    ('sanction.loss_target', False, '>= 0')
    """

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

    Parameters
    ----------
    name : str
        The sector's name (non-empty, unique within a scenario).
    gain : float
        G ($B/yr, > 0): the sender's value of the target's full opening.
    cost : float
        c ($B/yr, >= 0): the target's cost of a full opening.
    curvature : float, optional
        k >= 1: the shape of the target's cost, C(x) = c x**k.
    deliverability : float, optional
        q in [0, 1]: the chance an agreed opening is delivered; the sender values a full
        opening at v = q G (:attr:`value`).
    loss_target : float, optional
        L_T ($B/yr, >= 0): the target's loss while the sanction is in force.
    loss_sender : float, optional
        L_S ($B/yr, >= 0): the sender's own loss while it imposes the sanction.
    backdown_cost : float, optional
        a ($B/yr-equivalent, >= 0): the sender's audience cost for threatening, then backing
        down.
    resolve : float, optional
        p in [0, 1]: the prior that the sender is resolute (the one-shot game of incomplete
        information only).
    discount_sender, discount_target : float, optional
        d_S, d_T in (0, 1): each side's per-round discount factor.
    label : str, optional
        A readable name for tables.
    provenance : tuple of (str, Parameter), optional
        Each field's unit and source as read from a scenario file, keyed by the file's
        dotted key (``"gain"``, ``"sanction.loss_target"``, ...); not compared.

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
