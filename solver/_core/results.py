"""The shapes every result shares: a set of equilibria, a certified answer.

As pygambit's ``NashComputationResult``, a result records how it was computed (``method``),
what it was asked (``parameters``) and what certifies it; it is frozen. A set of
equilibria is also a :class:`~collections.abc.Sequence` of them, so the code that indexed,
iterated or unpacked the bare tuples it replaces keeps working.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Generic, TypeVar, overload

from solver._core.errors import InputError
from solver._core.tabular import one_line

__all__ = ["Certified", "EquilibriumSet", "frozen_mapping"]

T = TypeVar("T")


def frozen_mapping(m: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """A read-only copy of ``m`` (the caller's mapping is left alone).

    Parameters
    ----------
    m : Mapping
        The mapping to copy.

    Returns
    -------
    Mapping
        A ``types.MappingProxyType`` over a new dict with ``m``'s items.

    Examples
    --------
    >>> d = {"tol": 1e-9}
    >>> f = frozen_mapping(d)
    >>> f["tol"], isinstance(f, MappingProxyType), f is d
    (1e-09, True, False)
    """
    return MappingProxyType(dict(m))


@dataclass(frozen=True, eq=False)
class EquilibriumSet(Sequence[T], Generic[T]):
    """The equilibria one method found, in its order.

    Attributes
    ----------
    equilibria : tuple
        The equilibria; the set itself indexes, iterates and unpacks as this tuple.
    method : str
        How they were computed.
    parameters : mapping
        The arguments that shaped the answer (tolerances, limits), read-only.
    complete : bool
        Whether the method's search was exhaustive (``False``: one may be missing).
    certificate : str
        What every equilibrium was checked against.

    Examples
    --------
    >>> s = EquilibriumSet(("a", "b"), method="m", parameters={"tol": 0})
    >>> len(s), s[0], list(s), s == ("a", "b")
    (2, 'a', ['a', 'b'], True)
    """

    equilibria: tuple[T, ...]
    method: str
    parameters: Mapping[str, Any]
    complete: bool = True
    certificate: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "equilibria", tuple(self.equilibria))
        object.__setattr__(self, "parameters", frozen_mapping(self.parameters))

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[T, ...]: ...

    def __getitem__(self, i: int | slice) -> T | tuple[T, ...]:
        return self.equilibria[i]

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[T]:
        return iter(self.equilibria)

    def __eq__(self, other: object) -> bool:
        """Equal to another set with the same equilibria and record, or to the tuple of
        its equilibria (the type it replaces)."""
        if isinstance(other, EquilibriumSet):
            return (self.equilibria, self.method, dict(self.parameters), self.complete) == (
                other.equilibria, other.method, dict(other.parameters), other.complete)
        if isinstance(other, tuple):
            return self.equilibria == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.equilibria, self.method))

    def __repr__(self) -> str:
        return one_line(type(self).__name__, equilibria=len(self.equilibria), method=self.method,
                        complete=self.complete)


class Certified:
    """A certified answer: ``residuals`` names each checked condition and how far the answer
    misses it (0 for an exact answer that holds).

    Subclasses are frozen dataclasses that declare ``residuals`` and ``exact`` as fields and
    freeze ``residuals`` with :func:`frozen_mapping` in their ``__post_init__``.

    Attributes
    ----------
    residuals : Mapping[str, float]
        Each checked condition's name and how far the answer misses it.
    exact : bool
        Whether the answer is exact (then :meth:`is_certified` asks for residuals of 0).

    Examples
    --------
    >>> @dataclass(frozen=True)
    ... class Answer(Certified):
    ...     residuals: Mapping[str, float]
    ...     exact: bool = False
    >>> a = Answer({"row": 1e-12, "col": 0.0})
    >>> a.max_residual, a.is_certified(1e-9), Answer({"row": 0.0}, exact=True).is_certified(0)
    (1e-12, True, True)
    """

    residuals: Mapping[str, float]
    exact: bool

    @property
    def max_residual(self) -> float:
        """The largest residual (0.0 when there are none)."""
        return max(self.residuals.values(), default=0.0)

    def is_certified(self, tol: float) -> bool:
        """Whether every residual is at most ``tol`` (exactly 0 for exact answers)."""
        if tol < 0:
            raise InputError(f"is_certified(): tol must be >= 0, got {tol!r}")
        return self.max_residual <= (0.0 if self.exact else tol)
