"""What every closed form shares: the parameters as sympy expressions, checked against
the model's ranges, and the opening the sender's best demand leads to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import sympy


from solver._core.errors import InputError
from solver._core.validation import Interval


#: The parameters as positive sympy Symbols, by scenario / protocol field name. ``demand`` is
#: the standing demand D, ``opening`` an opening x, ``breakdown`` the per-round breakdown
#: probability p; ``breakdown_rate``, ``rate_sender`` and ``rate_target`` are the continuous
#: time rates lambda, r_S, r_T of :func:`brw_limit`. (The one-shot game's ``resolve`` prior
#: enters none of these closed forms.)
def _symbols_table() -> Mapping[str, sympy.Symbol]:
    import sympy


    return {
        "gain": sympy.Symbol("G", positive=True),
        "cost": sympy.Symbol("c", positive=True),
        "curvature": sympy.Symbol("k", positive=True),
        "deliverability": sympy.Symbol("q", positive=True),
        "loss_target": sympy.Symbol("L_T", positive=True),
        "loss_sender": sympy.Symbol("L_S", positive=True),
        "backdown_cost": sympy.Symbol("a", positive=True),
        "discount_sender": sympy.Symbol("delta_S", positive=True),
        "discount_target": sympy.Symbol("delta_T", positive=True),
        "demand": sympy.Symbol("D", positive=True),
        "opening": sympy.Symbol("x", nonnegative=True),
        "breakdown": sympy.Symbol("p", positive=True),
        "breakdown_rate": sympy.Symbol("lambda", positive=True),
        "rate_sender": sympy.Symbol("r_S", positive=True),
        "rate_target": sympy.Symbol("r_T", positive=True),
    }



#: Most rounds :func:`stahl_opening` nests (the expression grows with each round).
MAX_SYMBOLIC_ROUNDS = 100


def _param(func: str, name: str, v: Any) -> sympy.Expr:
    """A parameter as a sympy expression: numbers converted exactly, Symbols kept, text refused."""
    import sympy

    if isinstance(v, str):
        raise InputError(
            f"{func}: {name} must be a number or a sympy expression, not the string {v!r} "
            "(text is never passed to sympify)"
        )
    if isinstance(v, bool):
        raise InputError(f"{func}: {name} must be a number or a sympy expression, got {v!r}")
    if isinstance(v, sympy.Basic):
        return _safe(func, name, v)
    if isinstance(v, Integral | np.integer):
        return sympy.Integer(int(v))
    if isinstance(v, Fraction):
        return sympy.Rational(v.numerator, v.denominator)
    if isinstance(v, Real | np.floating):
        return sympy.Float(float(v))
    raise InputError(f"{func}: {name} must be a number or a sympy expression, got {v!r}")


def _check(func: str, name: str, v: sympy.Expr, lo: Any, hi: Any, *, lo_open: bool = False,
           hi_open: bool = False) -> None:
    """Refuse a numeric parameter outside its range (symbolic ones are taken as given)."""
    import sympy

    if not (isinstance(v, sympy.Expr) and v.is_number and v.is_real):
        return
    interval = Interval(lo, None if hi is sympy.oo else hi, lo_open, hi_open)
    if not interval.contains(v):
        raise InputError(f"{func}: {name} must be {interval}, got {v}")


def _min1(e: Any) -> Any:
    """``min(1, e)``; left unevaluated unless ``e`` is a number (sympy's search for redundant
    arguments of a symbolic Min is slow, and substituting numbers evaluates it anyway)."""
    import sympy

    return sympy.Min(1, e, evaluate=bool(e.is_number))


def _max0(e: Any) -> Any:
    """``max(0, e)``, evaluated only for a number (see :func:`_min1`)."""
    import sympy

    return sympy.Max(0, e, evaluate=bool(e.is_number))


class _Sector:
    """One sector's parameters as sympy expressions (``v = q G``)."""

    def __init__(self, func: str, *, gain: Any, cost: Any, curvature: Any, deliverability: Any,
                 loss_target: Any, loss_sender: Any, backdown_cost: Any, discount_sender: Any,
                 discount_target: Any, opening: bool = False) -> None:
        import sympy

        p = {n: _param(func, n, v) for n, v in (
            ("gain", gain), ("cost", cost), ("curvature", curvature),
            ("deliverability", deliverability), ("loss_target", loss_target),
            ("loss_sender", loss_sender), ("backdown_cost", backdown_cost),
            ("discount_sender", discount_sender), ("discount_target", discount_target))}
        # The openings divide by c and v = q G: there they must be positive.
        for n in ("gain", "cost", "loss_target", "loss_sender", "backdown_cost"):
            _check(func, n, p[n], 0, sympy.oo, lo_open=opening and n in ("gain", "cost"),
                   hi_open=True)
        _check(func, "curvature", p["curvature"], 1, sympy.oo, hi_open=True)
        _check(func, "deliverability", p["deliverability"], 0, 1, lo_open=opening)
        for n in ("discount_sender", "discount_target"):
            _check(func, n, p[n], 0, 1, lo_open=True)
        self.v = p["deliverability"] * p["gain"]
        self.c, self.k = p["cost"], p["curvature"]
        self.lt, self.ls, self.a = p["loss_target"], p["loss_sender"], p["backdown_cost"]
        self.ds, self.dt = p["discount_sender"], p["discount_target"]

    def threat_cases(self, demand: Any, cost_at_demand: Any, concede: Any,
                     discounts: tuple[Any, Any] | None = None) -> list[tuple[Any, Any, Any]]:
        """The subgame's first SPE as cases ``(condition, theta_S, theta_T)``.

        ``cost_at_demand`` is ``c D**k`` and ``concede`` the target's reply, ``c D**k <= L_T``
        (passed in so that a demand at which it holds by construction is not re-tested in
        floating point). Cases whose condition is false are dropped.
        """
        import sympy

        ds, dt = (self.ds, self.dt) if discounts is None else discounts
        s_concede = (1 - ds) * -self.ls + ds * self.v * demand
        t_concede = (1 - dt) * -self.lt - dt * cost_at_demand
        cases = [
            (sympy.And(concede, sympy.Ge(s_concede, -self.a)), s_concede, t_concede),
            (sympy.And(concede, sympy.Lt(s_concede, -self.a)), -self.a, sympy.Integer(0)),
            (sympy.And(sympy.Not(concede), sympy.Le(self.ls, self.a)), -self.ls, -self.lt),
            (sympy.And(sympy.Not(concede), sympy.Gt(self.ls, self.a)), -self.a,
             sympy.Integer(0)),
        ]
        return [case for case in cases if case[0] is not sympy.false]


#: What a bargaining stage gives for one threat point: cases ``(condition, opening, sender's
#: payoff)`` whose conditions cover every parameter value.
_Stage = Callable[[Any, Any], list[tuple[Any, Any, Any]]]


def _piecewise(pieces: list[tuple[Any, Any]]) -> sympy.Expr:
    """A Piecewise of exhaustive pieces ``(value, condition)`` (the last made the default).

    Every condition is free of Piecewise (numpy's printer cannot lambdify one that is not).
    """
    import sympy

    live = [(v, c) for v, c in pieces if c is not sympy.false]
    last = next((i for i, (_, c) in enumerate(live) if c is sympy.true), len(live) - 1)
    return sympy.Piecewise(*live[:last], (live[last][0], True))


def _opening(s: _Sector, demand: Any, func: str, stage: _Stage,
             discounts: tuple[Any, Any] | None = None) -> sympy.Expr:
    """The SPE opening: the bargaining ``stage`` against the subgame's threat point at the
    given ``demand``, or at the sender's best demand, the better for the sender of
    ``T = min(1, (L_T / c)**(1/k))`` and 1, T on a tie (``docs/model.md``, "The demand").
    """
    import sympy

    pieces: list[tuple[Any, Any]] = []
    if demand is not None:
        d = _param(func, "demand", demand)
        _check(func, "demand", d, 0, 1)
        cost = s.c * d**s.k
        for cond, th_s, th_t in s.threat_cases(d, cost, sympy.Le(cost, s.lt), discounts):
            pieces += [(x, sympy.And(cond, c2)) for c2, x, _ in stage(th_s, th_t)]
        return _piecewise(pieces)
    # c <= L_T: T = 1, the one candidate; the target concedes to it.
    one_concedes = sympy.Le(s.c, s.lt)
    for cond, th_s, th_t in s.threat_cases(sympy.Integer(1), s.c, sympy.true, discounts):
        pieces += [(x, sympy.And(one_concedes, cond, c2)) for c2, x, _ in stage(th_s, th_t)]
    # c > L_T: T = (L_T / c)**(1/k) < 1, where c T**k = L_T (the tie, to Concede), or 1, held
    # out against.
    top = (s.lt / s.c) ** (1 / s.k)
    tops = [(sympy.And(cond, c2), x, u)
            for cond, th_s, th_t in s.threat_cases(top, s.lt, sympy.true, discounts)
            for c2, x, u in stage(th_s, th_t)]
    ones = [(sympy.And(cond, c2), x, u)
            for cond, th_s, th_t in s.threat_cases(sympy.Integer(1), s.c, sympy.false,
                                                   discounts)
            for c2, x, u in stage(th_s, th_t)]
    for c_top, x_top, u_top in tops:
        for c_one, x_one, u_one in ones:
            base = sympy.And(sympy.Not(one_concedes), c_top, c_one)
            pieces += [(x_top, sympy.And(base, sympy.Ge(u_top, u_one))), (x_one, base)]
    return _piecewise(pieces)


def _named() -> tuple[type, ...]:
    """sympy classes whose text (a name) a code printer writes into generated code
    verbatim."""
    import sympy
    from sympy.core.function import AppliedUndef, UndefinedFunction
    from sympy.core.symbol import Str

    return (AppliedUndef, UndefinedFunction, sympy.MatrixSymbol, sympy.IndexedBase,
            sympy.Indexed, sympy.Idx, Str)


def _safe(func: str, name: str, expr: sympy.Basic) -> sympy.Basic:
    """``expr`` if it is made only of sympy's own classes and carries no text that a code
    printer would copy into code: no undefined functions (``Function('...')``), no matrix or
    indexed symbols, no classes from outside sympy (they may carry their own printers).
    Symbols are fine: :func:`to_numpy` replaces them by dummies before printing."""
    import sympy

    named = _named()
    for node in sympy.preorder_traversal(expr):
        cls = type(node)
        if isinstance(node, named) or isinstance(cls, named[1]) or not (
            cls.__module__.startswith("sympy.")
        ):
            raise InputError(f"{func}: {name} holds {cls.__name__} {str(node)[:60]!r}, which is "
                             "not allowed: build expressions from numbers, Symbols and "
                             "sympy's own functions")
    return expr
