"""A sector's parameters: one bilateral bargaining game between sender and target."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any

from solver._core import validation as rule
from solver._core.errors import InputError
from solver._core.tabular import one_line
from solver._core.validation import Interval, check_in
from solver.model.distributions import Distribution

__all__ = ["BY_ATTR", "FIELDS", "FieldSpec", "Parameter", "Sector"]


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

    def __repr__(self) -> str:
        return one_line("Parameter", self.value, unit=self.unit, range=self.range)


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
    interval: Interval

    def check(self, v: float) -> bool:
        """Whether the number ``v`` is admissible."""
        return self.interval.contains(v)

    @property
    def admissible(self) -> str:
        """The admissible values in words, e.g. ``'in (0, 1)'``."""
        return str(self.interval)


#: The sector fields of a scenario file, in docs/model.md order. The one-shot sanction game
#: (:mod:`solver.model.sanction_game`) takes the same parameters and checks them here too.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("gain", "gain", "$B/yr", rule.POSITIVE),
    FieldSpec("cost", "cost", "$B/yr", rule.NONNEGATIVE),
    FieldSpec("curvature", "curvature", "1", rule.AT_LEAST_ONE),
    FieldSpec("deliverability", "deliverability", "probability", rule.PROBABILITY),
    FieldSpec("sanction.loss_target", "loss_target", "$B/yr", rule.NONNEGATIVE),
    FieldSpec("sanction.loss_sender", "loss_sender", "$B/yr", rule.NONNEGATIVE),
    FieldSpec("backdown_cost", "backdown_cost", "$B/yr", rule.NONNEGATIVE),
    FieldSpec("resolve", "resolve", "probability", rule.PROBABILITY),
    FieldSpec("discount.sender", "discount_sender", "per round", rule.DISCOUNT),
    FieldSpec("discount.target", "discount_target", "per round", rule.DISCOUNT),
)
#: The same specs by attribute name (``"loss_target"``).
BY_ATTR: Mapping[str, FieldSpec] = MappingProxyType({spec.attr: spec for spec in FIELDS})


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

    def __repr__(self) -> str:
        return one_line("Sector", self.name, gain=self.gain, cost=self.cost,
                        loss_target=self.loss_target, loss_sender=self.loss_sender,
                        resolve=self.resolve)

    def __post_init__(self) -> None:
        if not self.name:
            raise InputError("Sector(): name must be a non-empty string")
        for spec in FIELDS:
            check_in("Sector()", spec.key, getattr(self, spec.attr), spec.interval,
                     sector=self.name, fractions=False)

    @property
    def value(self) -> float:
        """The sender's expected value of a full opening, q G ($B/yr)."""
        return self.deliverability * self.gain

    def with_values(self, **changes: Any) -> Sector:
        """A copy with some parameters changed (validated again)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise InputError(f"Sector.with_values(): unknown field(s) {sorted(unknown)}")
        return replace(self, **changes)
