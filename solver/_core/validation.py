"""Input checks every layer makes alike: finite numbers, ranges, probabilities, discount
factors, numbers that must sum to one.

Each check raises :class:`~solver._core.errors.InputError` with a message that starts with
the calling function's name (``func``, e.g. ``"Sector()"``), then the sector when there is
one, then the field::

    Sector(): sector 'glass': gain must be > 0, got 0

and otherwise returns the value it was given, unchanged (exact numbers stay exact).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Rational, Real
from typing import Any

from solver._core.errors import InputError
from solver._core.tolerances import SUM_TOL

__all__ = [
    "AT_LEAST_ONE",
    "DISCOUNT",
    "NONNEGATIVE",
    "OPEN_UNIT",
    "POSITIVE",
    "PROBABILITY",
    "Interval",
    "check_in",
    "check_number",
    "check_sums_to_one",
    "check_weights",
    "discount",
    "nonnegative",
    "positive",
    "probability",
]


@dataclass(frozen=True)
class Interval:
    """An interval of the real line: ``low``/``high`` (``None`` for no bound), each end open
    or closed.

    Parameters
    ----------
    low, high : number or None, optional
        The bounds; None for none.
    low_open, high_open : bool, optional
        Whether each end is open (excluded).

    Examples
    --------
    >>> str(Interval(0, 1, low_open=True, high_open=True)), Interval(0, 1).contains(1)
    ('in (0, 1)', True)
    """

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def contains(self, v: Any) -> bool:
        """Whether the number ``v`` lies in the interval."""
        if self.low is not None and (v <= self.low if self.low_open else v < self.low):
            return False
        return self.high is None or (v < self.high if self.high_open else v <= self.high)

    def __str__(self) -> str:
        if self.high is None:
            return f"{'>' if self.low_open else '>='} {_num(self.low)}"
        if self.low is None:
            return f"{'<' if self.high_open else '<='} {_num(self.high)}"
        return (f"in {'(' if self.low_open else '['}{_num(self.low)}, {_num(self.high)}"
                f"{')' if self.high_open else ']'}")


def _num(x: float | None) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


#: x >= 0: a gain, cost or loss.
NONNEGATIVE = Interval(0)
#: x > 0.
POSITIVE = Interval(0, low_open=True)
#: 0 <= x <= 1: a probability (deliverability, resolve, a prior).
PROBABILITY = Interval(0, 1)
#: 0 < x < 1: a prior strictly inside, where both types exist.
OPEN_UNIT = Interval(0, 1, low_open=True, high_open=True)
#: 0 < d < 1: a per-round discount factor (``docs/model.md``: flows are normalised by
#: 1 - d, so d = 1 is no discounting at all and d = 0 leaves no future).
DISCOUNT = OPEN_UNIT
#: k >= 1: a cost curvature.
AT_LEAST_ONE = Interval(1)


def _where(func: str, field: str, sector: str | None) -> str:
    return f"{func}: {'' if sector is None else f'sector {sector!r}: '}{field}"


def check_number(func: str, field: str, value: Any, *, sector: str | None = None,
                 fractions: bool = True) -> Any:
    """``value`` if it is a finite real number (not a bool); with ``fractions=False`` only
    an ``int`` or ``float`` (numpy's included).

    Parameters
    ----------
    func : str
        The calling function's name, which starts the error message (e.g. ``"Sector()"``).
    field : str
        The field's name, for the message.
    value : object
        The value checked.
    sector : str or None, optional
        The sector named in the message, if any.
    fractions : bool, optional
        Accept any real number (Fractions included); False: only ``int`` and ``float``.

    Returns
    -------
    number
        ``value``, unchanged.

    Raises
    ------
    InputError
        When ``value`` is not such a number, or is not finite.

    Examples
    --------
    >>> check_number("f()", "cost", 2.5)
    2.5
    >>> check_number("f()", "cost", float("nan"))
    Traceback (most recent call last):
    ...
    solver.errors.InputError: f(): cost must be a finite number, got nan
    """
    kinds: Any = Real if fractions else (int, float)
    ok = not isinstance(value, bool) and isinstance(value, kinds)
    if ok and not isinstance(value, Rational):  # a rational is finite (float() may overflow)
        ok = math.isfinite(float(value))
    if not ok:
        raise InputError(f"{_where(func, field, sector)} must be a finite number, got {value!r}")
    return value


def check_in(func: str, field: str, value: Any, interval: Interval, *,
             sector: str | None = None, fractions: bool = True) -> Any:
    """``value`` if it is a finite number in ``interval``.

    Parameters
    ----------
    func : str
        The calling function's name, which starts the error message (e.g. ``"Sector()"``).
    field : str
        The field's name, for the message.
    value : object
        The value checked.
    interval : Interval
        Where it must lie.
    sector : str or None, optional
        The sector named in the message, if any.
    fractions : bool, optional
        Accept any real number (Fractions included); False: only ``int`` and ``float``.

    Returns
    -------
    number
        ``value``, unchanged.

    Raises
    ------
    InputError
        When ``value`` is not a finite number (see :func:`check_number`) or lies outside.

    Examples
    --------
    >>> check_in("f()", "curvature", 0.5, AT_LEAST_ONE)
    Traceback (most recent call last):
    ...
    solver.errors.InputError: f(): curvature must be >= 1, got 0.5
    """
    check_number(func, field, value, sector=sector, fractions=fractions)
    if not interval.contains(value):
        raise InputError(f"{_where(func, field, sector)} must be {interval}, got {value!r}")
    return value


def nonnegative(func: str, field: str, value: Any, *, sector: str | None = None) -> Any:
    """``value`` if it is a finite number >= 0.

    Parameters
    ----------
    func : str
        The calling function's name, which starts the error message (e.g. ``"Sector()"``).
    field : str
        The field's name, for the message.
    value : number
        The value checked.
    sector : str or None, optional
        The sector named in the message, if any.

    Returns
    -------
    number
        ``value``, unchanged.

    Raises
    ------
    InputError
        Unless ``value`` is a finite real number (not a bool) that is >= 0.

    Examples
    --------
    >>> nonnegative("Sector()", "gain", 0)
    0
    >>> nonnegative("Sector()", "gain", -1, sector="glass")
    Traceback (most recent call last):
    ...
    solver.errors.InputError: Sector(): sector 'glass': gain must be >= 0, got -1
    """
    return check_in(func, field, value, NONNEGATIVE, sector=sector)


def positive(func: str, field: str, value: Any, *, sector: str | None = None) -> Any:
    """``value`` if it is a finite number > 0.

    Parameters
    ----------
    func : str
        The calling function's name, which starts the error message (e.g. ``"Sector()"``).
    field : str
        The field's name, for the message.
    value : number
        The value checked.
    sector : str or None, optional
        The sector named in the message, if any.

    Returns
    -------
    number
        ``value``, unchanged.

    Raises
    ------
    InputError
        Unless ``value`` is a finite real number (not a bool) that is > 0.

    Examples
    --------
    >>> positive("f()", "x", Fraction(1, 2))
    Fraction(1, 2)
    >>> positive("Sector()", "gain", 0, sector="glass")
    Traceback (most recent call last):
    ...
    solver.errors.InputError: Sector(): sector 'glass': gain must be > 0, got 0
    """
    return check_in(func, field, value, POSITIVE, sector=sector)


def probability(func: str, field: str, value: Any, *, sector: str | None = None) -> Any:
    """``value`` if it is a number in [0, 1].

    Parameters
    ----------
    func : str
        The calling function's name, which starts the error message (e.g. ``"Sector()"``).
    field : str
        The field's name, for the message.
    value : number
        The value checked.
    sector : str or None, optional
        The sector named in the message, if any.

    Returns
    -------
    number
        ``value``, unchanged.

    Raises
    ------
    InputError
        Unless ``value`` is a finite real number (not a bool) in [0, 1].

    Examples
    --------
    >>> probability("f()", "p", 1)
    1
    >>> probability("Sector()", "gain", 1.5, sector="glass")
    Traceback (most recent call last):
    ...
    solver.errors.InputError: Sector(): sector 'glass': gain must be in [0, 1], got 1.5
    """
    return check_in(func, field, value, PROBABILITY, sector=sector)


def discount(func: str, field: str, value: Any, *, sector: str | None = None) -> Any:
    """``value`` if it is a discount factor, in (0, 1).

    Parameters
    ----------
    func : str
        The calling function's name, which starts the error message (e.g. ``"Sector()"``).
    field : str
        The field's name, for the message.
    value : number
        The value checked.
    sector : str or None, optional
        The sector named in the message, if any.

    Returns
    -------
    number
        ``value``, unchanged.

    Raises
    ------
    InputError
        Unless ``value`` is a finite real number (not a bool) in the open interval (0, 1).

    Examples
    --------
    >>> discount("f()", "d", 0.9)
    0.9
    >>> discount("Sector()", "gain", 1, sector="glass")
    Traceback (most recent call last):
    ...
    solver.errors.InputError: Sector(): sector 'glass': gain must be in (0, 1), got 1
    """
    return check_in(func, field, value, DISCOUNT, sector=sector)


def check_sums_to_one(func: str, field: str, values: Sequence[Any], *, tol: float = SUM_TOL,
                      sector: str | None = None) -> bool:
    """Whether ``values`` (already checked to be numbers) are all rational; raises unless
    they sum to 1: exactly when all are rational, else within ``tol`` (:data:`SUM_TOL`).

    Parameters
    ----------
    func : str
        The calling function's name, which starts the error message (e.g. ``"Sector()"``).
    field : str
        The field's name, for the message.
    values : sequence of numbers
        The numbers, already checked to be numbers.
    tol : float, optional
        The tolerance on a float sum.
    sector : str or None, optional
        The sector named in the message, if any.

    Returns
    -------
    bool
        True when every value is rational (the sum is exactly 1), False when some is a
        float (the sum is within ``tol`` of 1).

    Raises
    ------
    InputError
        When they do not sum to 1.

    Examples
    --------
    >>> check_sums_to_one("f()", "weights", (Fraction(1, 3), Fraction(2, 3)))
    True
    >>> check_sums_to_one("f()", "weights", (0.5, 0.6))
    Traceback (most recent call last):
    ...
    solver.errors.InputError: f(): weights sum to 1.1, not 1 (tolerance 1e-09)
    """
    total: Any
    if all(isinstance(v, Rational) for v in values):
        total = sum((Fraction(int(v)) if isinstance(v, Integral) else Fraction(v)
                     for v in values), Fraction(0))
        if total == 1:
            return True
    else:
        total = math.fsum(float(v) for v in values)
        if abs(total - 1.0) <= tol:
            return False
    raise InputError(f"{_where(func, field, sector)} sum to {total}, not 1 (tolerance {tol!r})")


def check_weights(func: str, field: str, weights: Any, *, count: int = 2,
                  tol: float = SUM_TOL) -> tuple[Any, ...]:
    """``weights`` as a tuple, if they are ``count`` positive finite numbers summing to 1
    (see :func:`check_sums_to_one`).

    Parameters
    ----------
    func : str
        The calling function's name, which starts the error message (e.g. ``"Sector()"``).
    field : str
        The field's name, for the message.
    weights : object
        The weights: a sized collection of numbers (not a string).
    count : int, optional
        How many weights there must be.
    tol : float, optional
        The tolerance on a float sum.

    Returns
    -------
    tuple
        The weights, unchanged, as a tuple.

    Raises
    ------
    InputError
        When there are not ``count`` of them, one is not a positive finite number, or they
        do not sum to 1.

    Examples
    --------
    >>> check_weights("f()", "weights", (0.25, 0.75))
    (0.25, 0.75)
    >>> check_weights("f()", "weights", (1,))
    Traceback (most recent call last):
    ...
    solver.errors.InputError: f(): weights must be 2 numbers, got (1,)
    """
    if isinstance(weights, str | bytes) or not hasattr(weights, "__len__") or (
            len(weights) != count):
        raise InputError(f"{func}: {field} must be {count} numbers, got {weights!r}")
    out = tuple(weights)
    for w in out:
        if not (not isinstance(w, bool) and isinstance(w, Real) and POSITIVE.contains(w)
                and (isinstance(w, Rational) or math.isfinite(float(w)))):
            raise InputError(f"{func}: {field} must be positive finite numbers, got {weights!r}")
    check_sums_to_one(func, field, out, tol=tol)
    return out
