"""The one validation module: what each check accepts, what it rejects, and its message."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from solver._core.errors import InputError
from solver._core.tolerances import SUM_TOL
from solver._core.validation import (
    AT_LEAST_ONE,
    DISCOUNT,
    NONNEGATIVE,
    POSITIVE,
    PROBABILITY,
    Interval,
    check_in,
    check_number,
    check_sums_to_one,
    check_weights,
    discount,
    nonnegative,
    positive,
    probability,
)

finite = st.one_of(st.integers(-10**6, 10**6), st.fractions(),
                   st.floats(allow_nan=False, allow_infinity=False))


@given(finite)
def test_a_finite_number_comes_back_unchanged(x: object) -> None:
    out = check_number("f()", "x", x)
    assert out is x


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, True, "1", None, 1j, [1]])
def test_anything_else_is_not_a_finite_number(bad: object) -> None:
    with pytest.raises(InputError, match=r"^f\(\): x must be a finite number, got "):
        check_number("f()", "x", bad)


def test_numpy_scalars_and_huge_integers_are_numbers() -> None:
    assert check_number("f()", "x", np.float32(0.5)) == np.float32(0.5)
    assert check_number("f()", "x", np.int64(3)) == 3
    assert check_number("f()", "x", 10**400) == 10**400  # float() would overflow


def test_fractions_false_keeps_to_int_and_float() -> None:
    assert check_number("f()", "x", 2, fractions=False) == 2
    with pytest.raises(InputError, match="must be a finite number, got Fraction"):
        check_number("f()", "x", Fraction(1, 2), fractions=False)


def test_the_message_names_the_function_the_sector_and_the_field() -> None:
    with pytest.raises(InputError) as info:
        check_in("Sector()", "discount.sender", 1.0, DISCOUNT, sector="autos")
    assert str(info.value) == ("Sector(): sector 'autos': discount.sender must be in (0, 1), "
                               "got 1.0")
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("interval", "inside", "outside", "words"),
    [
        (NONNEGATIVE, [0, 0.0, 5], [-1e-300, -1], ">= 0"),
        (POSITIVE, [1e-300, 3], [0, -1], "> 0"),
        (PROBABILITY, [0, 1, Fraction(1, 3)], [-0.1, 1.0000001], "in [0, 1]"),
        (DISCOUNT, [Fraction(9, 10), 1e-9], [0, 1, 1.5], "in (0, 1)"),
        (AT_LEAST_ONE, [1, 2.5], [0.999], ">= 1"),
        (Interval(high=2, high_open=True), [-5, 1.9], [2], "< 2"),
        (Interval(0, 1, high_open=True), [0], [1], "in [0, 1)"),
    ],
)
def test_intervals(interval: Interval, inside: list[object], outside: list[object],
                   words: str) -> None:
    assert str(interval) == words
    for x in inside:
        assert check_in("f()", "x", x, interval) is x
    for x in outside:
        with pytest.raises(InputError, match=r"^f\(\): x must be " + re.escape(words)):
            check_in("f()", "x", x, interval)


@given(st.floats(-2, 2))
def test_the_named_checks_are_their_intervals(x: float) -> None:
    for check, interval in ((nonnegative, NONNEGATIVE), (positive, POSITIVE),
                            (probability, PROBABILITY), (discount, DISCOUNT)):
        if interval.contains(x):
            assert check("f()", "x", x) == x
        else:
            with pytest.raises(InputError):
                check("f()", "x", x)


def test_the_named_checks_take_a_sector() -> None:
    with pytest.raises(InputError, match=r"^g\(\): sector 's': cost must be >= 0, got -1$"):
        nonnegative("g()", "cost", -1, sector="s")


@given(st.lists(st.fractions(0, 1), min_size=1, max_size=5))
def test_exact_numbers_must_sum_to_exactly_one(parts: list[Fraction]) -> None:
    total = sum(parts, Fraction(0))
    values = [*parts, 1 - total]
    assert check_sums_to_one("f()", "p", values) is True
    with pytest.raises(InputError, match=r"^f\(\): p sum to .*, not 1"):
        check_sums_to_one("f()", "p", [*values[:-1], values[-1] + Fraction(1, 10**15)])


@given(st.floats(0, 1))
def test_floats_may_miss_one_by_the_tolerance(w: float) -> None:
    assert check_sums_to_one("f()", "p", [w, 1 - w]) is False
    assert check_sums_to_one("f()", "p", [w, 1 - w + SUM_TOL / 2]) is False
    with pytest.raises(InputError, match=r"not 1 \(tolerance 1e-09\)"):
        check_sums_to_one("f()", "p", [w, 1 - w + 3 * SUM_TOL])


def test_a_caller_may_give_its_own_tolerance() -> None:
    assert check_sums_to_one("f()", "p", [0.5, 0.5 + 1e-6], tol=1e-5) is False
    with pytest.raises(InputError):
        check_sums_to_one("f()", "p", [0.5, 0.5 + 1e-6])


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ((0.5,), r"weights must be 2 numbers, got \(0.5,\)"),
        ("ab", r"weights must be 2 numbers, got 'ab'"),
        (5, r"weights must be 2 numbers, got 5"),
        ((0, 1), r"weights must be positive finite numbers, got \(0, 1\)"),
        ((math.nan, 0.5), r"weights must be positive finite numbers"),
        ((True, 0.5), r"weights must be positive finite numbers"),
        ((0.5, 0.6), r"weights sum to 1.1, not 1"),
        ((Fraction(1, 3), Fraction(1, 3)), r"weights sum to 2/3, not 1"),
    ],
)
def test_bad_weights(weights: object, match: str) -> None:
    with pytest.raises(InputError, match=r"^h\(\): " + match):
        check_weights("h()", "weights", weights)


def test_good_weights_come_back_as_given() -> None:
    assert check_weights("h()", "weights", [Fraction(1, 3), Fraction(2, 3)]) == (
        Fraction(1, 3), Fraction(2, 3))
    assert check_weights("h()", "weights", np.array([0.25, 0.75])) == (0.25, 0.75)
    assert check_weights("h()", "w", (0.2, 0.3, 0.5), count=3) == (0.2, 0.3, 0.5)
