"""Closed forms of the negotiation game (``docs/model.md``) in sympy, for its special cases.

The model is one extensive-form game: the sender's standing demand D, alternating offers over
the opening, and after a breakdown (or the deadline) the sanction subgame. There is **one
threat point**: the payoff theta of the sanction subgame's first subgame-perfect equilibrium,
written here once, by :func:`subgame_threat_point`. Every other closed form takes its threat
point from it; none states a threat rule of its own. Each closed form is checked against the
numeric path (:func:`solver.model.sanction_subgame.solve_subgame`,
:func:`solver.model.talks.solve_sector`) in ``tests/model/test_symbolic.py``.

* :func:`subgame_threat_point` -- theta as a Piecewise in the parameters and the demand;
* :func:`subgame_path` -- the conditions under which the sender sanctions and the target
  concedes;
* :func:`tioli_opening` -- one round, the sender proposing (take it or leave it), any
  curvature ``k``: ``x = min(1, (L_T / c)**(1/k))`` when some demand backs a credible threat;
* :func:`stahl_opening` -- a deadline of ``rounds`` rounds with a breakdown risk ``p``
  (Ståhl 1972), linear cost (``k = 1``), ``d_S <= d_T``;
* :func:`brw_limit` -- no deadline, breakdown rate ``lambda`` and discount rates ``r_S``,
  ``r_T``, in the limit of short intervals (Binmore, Rubinstein & Wolinsky 1986), ``k = 1``;
* :func:`comparative_statics` -- derivatives with respect to parameters;
* :func:`to_numpy` -- a vectorised numpy function for parameter sweeps.

The openings of :func:`tioli_opening`, :func:`stahl_opening` and :func:`brw_limit` are the
SPE openings of :func:`solver.solve_sector` under the matching protocol: the sender's best
demand among ``{min(1, (L_T / c)**(1/k)), 1}`` (``docs/model.md``, "The demand") is part of
the closed form, as a Piecewise over the two candidates, unless ``demand`` is given.

Parameters arrive as numbers (int, Fraction, float) or sympy expressions such as the Symbols
of :data:`SYMBOLS`, never as text: a string would have to go through :func:`sympy.sympify`,
which evaluates Python, so strings are refused (``ValueError``), and so are non-sympy
expressions given to :func:`comparative_statics` and :func:`to_numpy`. Expressions that carry
text a code printer would copy into generated code (undefined ``Function('...')`` names,
matrix or indexed symbols, classes from outside sympy) are refused everywhere, and
:func:`to_numpy` prints Symbols as dummies, so no name becomes code. Exact input (int,
Fraction, sympy Rational) gives exact output. Numeric parameters outside the model's ranges
are refused; the openings also need ``c > 0`` and ``v = q G > 0`` (they divide by both; with
``v = 0`` the sender is indifferent among all openings). Symbols are taken to lie in range.
The numeric solvers treat payoffs within ``TIE_TOL`` (1e-9) as tied; the closed forms compare
exactly (give exact numbers, or the exact tie, to reproduce a tie).

Examples
--------
>>> from fractions import Fraction
>>> tioli_opening(gain=1, cost=Fraction(3, 5), loss_target=Fraction(1, 2),
...               loss_sender=Fraction(1, 10), backdown_cost=Fraction(3, 10),
...               discount_sender=Fraction(9, 10), discount_target=Fraction(3, 4))
5/6
>>> from solver.model.symbolic import SYMBOLS
>>> p, dT = SYMBOLS["breakdown"], SYMBOLS["discount_target"]
>>> stahl_opening(rounds=2, gain=1, cost=2, loss_target=1, loss_sender=0, backdown_cost=1,
...               discount_sender=Fraction(1, 2), discount_target=dT, breakdown=p, demand=1)
Min(1, p/2)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import sympy


from solver._core.errors import InputError
from solver._core.validation import Interval

__all__ = [
    "SYMBOLS",
    "brw_limit",
    "comparative_statics",
    "stahl_opening",
    "subgame_path",
    "subgame_threat_point",
    "tioli_opening",
    "to_numpy",
]

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


SYMBOLS: Mapping[str, sympy.Symbol]  # declared here; built by __getattr__ on first use


def __getattr__(name: str) -> Any:
    """``SYMBOLS`` is built on first use (PEP 562), so importing this module does not
    import sympy."""
    if name == "SYMBOLS":
        table = _symbols_table()
        globals()["SYMBOLS"] = table
        return table
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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


def subgame_threat_point(
    *, gain: Any, cost: Any, curvature: Any = 1, deliverability: Any = 1, loss_target: Any,
    loss_sender: Any, backdown_cost: Any, discount_sender: Any, discount_target: Any,
    demand: Any,
) -> tuple[sympy.Expr, sympy.Expr]:
    """The threat point theta: the sanction subgame's first SPE payoff (sender, target).

    The subgame (``docs/model.md``, :mod:`solver.model.sanction_subgame`) after a breakdown
    with standing demand D, ``v = q G``::

        Sender: BackDown                  -> (-a, 0)
                Sanction -> Target: Concede -> ((1-d_S)(-L_S) + d_S v D, (1-d_T)(-L_T) - d_T c D**k)
                                    HoldOut -> (-L_S, -L_T)

    Backward induction (Selten 1965): the target concedes iff
    ``(1-d_T)(-L_T) - d_T c D**k >= -L_T``, i.e. iff ``c D**k <= L_T`` (``d_T > 0``); the
    sender sanctions iff the value of sanctioning, given that reply, is at least ``-a``.
    Ties go to Concede and Sanction, the first actions, as in the first SPE that
    :func:`solver.subgame_perfect` returns. Hence::

        theta = ((1-d_S)(-L_S) + d_S v D, (1-d_T)(-L_T) - d_T c D**k)
                        if c D**k <= L_T and (1-d_S)(-L_S) + d_S v D >= -a,
                (-L_S, -L_T)   if c D**k > L_T and L_S <= a,
                (-a, 0)        otherwise.

    Parameters
    ----------
    gain : number or sympy.Expr
        The sender's gain G from full compliance (>= 0).
    cost : number or sympy.Expr
        The target's cost scale c of complying (>= 0).
    curvature : number or sympy.Expr, default 1
        The cost curvature k >= 1 (the target pays ``c D**k`` for compliance D).
    deliverability : number or sympy.Expr, default 1
        The share q in [0, 1] of the gain the sender can collect (``v = q G``).
    loss_target : number or sympy.Expr
        The target's loss L_T >= 0 under sanctions.
    loss_sender : number or sympy.Expr
        The sender's loss L_S >= 0 from imposing sanctions.
    backdown_cost : number or sympy.Expr
        The sender's cost a >= 0 of backing down.
    discount_sender : number or sympy.Expr
        The sender's per-round discount factor d_S in (0, 1].
    discount_target : number or sympy.Expr
        The target's per-round discount factor d_T in (0, 1].
    demand : number or sympy.Expr
        The standing demand D in [0, 1].

    Returns
    -------
    tuple of sympy.Expr
        ``(theta_S, theta_T)``: the sender's and the target's payoffs in the subgame's first
        SPE, each a Piecewise over the cases above (a plain number when all parameters are numbers).

    Raises
    ------
    InputError
        If a parameter is text or another non-number, or a number is outside its range.

    Examples
    --------
    >>> from fractions import Fraction
    >>> subgame_threat_point(gain=1, cost=Fraction(3, 5), loss_target=Fraction(1, 2),
    ...                      loss_sender=Fraction(1, 10), backdown_cost=Fraction(3, 10),
    ...                      discount_sender=Fraction(9, 10), discount_target=Fraction(3, 4),
    ...                      demand=1)
    (-1/10, -1/2)
    >>> from solver.model.symbolic import SYMBOLS
    >>> D = SYMBOLS["demand"]
    >>> subgame_threat_point(gain=1, cost=1, loss_target=1, loss_sender=1,
    ...                      backdown_cost=Fraction(1, 4), discount_sender=Fraction(1, 2),
    ...                      discount_target=Fraction(1, 2), demand=D)[0]
    Piecewise((D/2 - 1/2, (D >= 1/2) & (D <= 1)), (-1/4, True))
    """
    import sympy

    f = "subgame_threat_point()"
    s = _Sector(f, gain=gain, cost=cost, curvature=curvature, deliverability=deliverability,
                loss_target=loss_target, loss_sender=loss_sender, backdown_cost=backdown_cost,
                discount_sender=discount_sender, discount_target=discount_target)
    d = _param(f, "demand", demand)
    _check(f, "demand", d, 0, 1)
    cost_d = s.c * d**s.k
    cases = s.threat_cases(d, cost_d, sympy.Le(cost_d, s.lt))
    return (_piecewise([(th_s, cond) for cond, th_s, _ in cases]),
            _piecewise([(th_t, cond) for cond, _, th_t in cases]))


def subgame_path(
    *, gain: Any, cost: Any, curvature: Any = 1, deliverability: Any = 1, loss_target: Any,
    loss_sender: Any, backdown_cost: Any, discount_sender: Any, demand: Any,
) -> tuple[Any, Any]:
    """The subgame's first SPE path as conditions ``(sanction, concede)``.

    ``concede``: ``c D**k <= L_T``, the target's reply under sanctions; ``sanction``: the
    sender sanctions, i.e. ``concede and (1-d_S)(-L_S) + d_S v D >= -a``, or
    ``not concede and L_S <= a`` (see :func:`subgame_threat_point`). The path is
    Sanction > Concede when both hold, Sanction > HoldOut when only ``sanction`` does, and
    BackDown otherwise. Numbers give sympy's ``true`` or ``false``.

    Parameters
    ----------
    gain : number or sympy.Expr
        The sender's gain G from full compliance (>= 0).
    cost : number or sympy.Expr
        The target's cost scale c of complying (>= 0).
    curvature : number or sympy.Expr, default 1
        The cost curvature k >= 1 (the target pays ``c D**k`` for compliance D).
    deliverability : number or sympy.Expr, default 1
        The share q in [0, 1] of the gain the sender can collect (``v = q G``).
    loss_target : number or sympy.Expr
        The target's loss L_T >= 0 under sanctions.
    loss_sender : number or sympy.Expr
        The sender's loss L_S >= 0 from imposing sanctions.
    backdown_cost : number or sympy.Expr
        The sender's cost a >= 0 of backing down.
    discount_sender : number or sympy.Expr
        The sender's per-round discount factor d_S in (0, 1].
    demand : number or sympy.Expr
        The standing demand D in [0, 1].

    Returns
    -------
    tuple
        ``(sanction, concede)``: sympy boolean conditions (``true``/``false`` for numbers) that
        the sender sanctions and that the target then concedes.

    Examples
    --------
    >>> subgame_path(gain=1, cost=2, loss_target=1, loss_sender=1, backdown_cost=1,
    ...              discount_sender=0.5, demand=1)
    (True, False)
    """
    import sympy

    f = "subgame_path()"
    # The path does not depend on d_T (> 0); any admissible value stands in for it.
    s = _Sector(f, gain=gain, cost=cost, curvature=curvature, deliverability=deliverability,
                loss_target=loss_target, loss_sender=loss_sender, backdown_cost=backdown_cost,
                discount_sender=discount_sender, discount_target=sympy.Rational(1, 2))
    d = _param(f, "demand", demand)
    _check(f, "demand", d, 0, 1)
    concede = sympy.Le(s.c * d**s.k, s.lt)
    sanction = sympy.Or(
        sympy.And(concede, sympy.Ge((1 - s.ds) * -s.ls + s.ds * s.v * d, -s.a)),
        sympy.And(sympy.Not(concede), sympy.Le(s.ls, s.a)))
    return sanction, concede


def tioli_opening(
    *, gain: Any, cost: Any, curvature: Any = 1, deliverability: Any = 1, loss_target: Any,
    loss_sender: Any, backdown_cost: Any, discount_sender: Any, discount_target: Any,
    demand: Any = None,
) -> sympy.Expr:
    """The SPE opening with one round, the sender proposing: take it or leave it.

    ``solve_sector(sector, Protocol(rounds=1))`` (the breakdown risk does not matter: a
    rejection of the only offer leads to the subgame for certain). The sender offers the
    largest opening the target accepts rather than face the subgame,
    ``x = min(1, (-theta_T / c)**(1/k))``, and the target accepts it (it leaves the target
    exactly ``theta_T``, and ``v x >= theta_S`` in every case of the subgame, so the sender
    never prefers the subgame). With a given ``demand`` D that is the answer.

    The SPE demand (``demand=None``) is the better of ``T = min(1, (L_T / c)**(1/k))`` and 1:

    * D = T: the target concedes (``c T**k <= L_T``, a tie when ``T < 1``, resolved to
      Concede). If the sender then sanctions, ``(1-d_S)(-L_S) + d_S v T >= -a``, the target's
      threat payoff is ``(1-d_T)(-L_T) - d_T c T**k``, and ``x = T``; otherwise it backs down,
      theta = (-a, 0) and ``x = 0``.
    * D = 1, when ``c > L_T``: the target holds out; a credible threat (``L_S <= a``) gives
      theta_T = -L_T and ``x = (L_T / c)**(1/k) = T``; otherwise ``x = 0``.

    So ``x = T`` if the concession is credibly enforced at T, or the target resists a
    credible threat (``c > L_T`` and ``L_S <= a``); else ``x = 0`` (the sender makes no
    demand). ``docs/model.md``, "Known limits"; the take-it-or-leave-it limit of Ståhl (1972).

    Parameters
    ----------
    gain : number or sympy.Expr
        The sender's gain G from full compliance (>= 0, > 0 here).
    cost : number or sympy.Expr
        The target's cost scale c of complying (>= 0, > 0 here).
    curvature : number or sympy.Expr, default 1
        The cost curvature k >= 1 (the target pays ``c D**k`` for compliance D).
    deliverability : number or sympy.Expr, default 1
        The share q in [0, 1], > 0 here, of the gain the sender can collect (``v = q G``).
    loss_target : number or sympy.Expr
        The target's loss L_T >= 0 under sanctions.
    loss_sender : number or sympy.Expr
        The sender's loss L_S >= 0 from imposing sanctions.
    backdown_cost : number or sympy.Expr
        The sender's cost a >= 0 of backing down.
    discount_sender : number or sympy.Expr
        The sender's per-round discount factor d_S in (0, 1].
    discount_target : number or sympy.Expr
        The target's per-round discount factor d_T in (0, 1].
    demand : number or sympy.Expr, optional
        A fixed standing demand D in [0, 1]; None (the default) takes the sender's SPE demand.

    Returns
    -------
    sympy.Expr
        The opening x in [0, 1] agreed in the only round, a Piecewise over the parameter cases
        (a number when all parameters are numbers).

    Examples
    --------
    >>> from fractions import Fraction
    >>> tioli_opening(gain=1, cost=4, curvature=2, loss_target=1, loss_sender=1,
    ...               backdown_cost=1, discount_sender=Fraction(1, 2),
    ...               discount_target=Fraction(1, 2))
    1/2
    >>> tioli_opening(gain=1, cost=4, curvature=2, loss_target=1, loss_sender=2,
    ...               backdown_cost=1, discount_sender=Fraction(1, 2),
    ...               discount_target=Fraction(1, 2))
    1/2
    >>> tioli_opening(gain=1, cost=4, curvature=2, loss_target=1, loss_sender=3,
    ...               backdown_cost=1, discount_sender=Fraction(1, 2),
    ...               discount_target=Fraction(1, 2))
    0
    """
    import sympy

    f = "tioli_opening()"
    s = _Sector(f, gain=gain, cost=cost, curvature=curvature, deliverability=deliverability,
                loss_target=loss_target, loss_sender=loss_sender, backdown_cost=backdown_cost,
                discount_sender=discount_sender, discount_target=discount_target, opening=True)
    if demand is not None:
        def stage(th_s: Any, th_t: Any) -> list[tuple[Any, Any, Any]]:
            import sympy

            x = _min1((-th_t / s.c) ** (1 / s.k))
            return [(sympy.true, x, s.v * x)]

        return _opening(s, demand, f, stage)
    top = (s.lt / s.c) ** (1 / s.k)
    full = sympy.And(sympy.Le(s.c, s.lt), sympy.Ge((1 - s.ds) * -s.ls + s.ds * s.v, -s.a))
    partial = sympy.And(sympy.Gt(s.c, s.lt), sympy.Or(
        sympy.Ge((1 - s.ds) * -s.ls + s.ds * s.v * top, -s.a), sympy.Le(s.ls, s.a)))
    return _piecewise([(sympy.Integer(1), full), (top, partial), (sympy.Integer(0), sympy.true)])


def _proposers(rounds: int, first: str, alternate: bool) -> list[str]:
    other = "target" if first == "sender" else "sender"
    return [first if not alternate or t % 2 == 0 else other for t in range(rounds)]


def stahl_opening(
    *, rounds: int, gain: Any, cost: Any, deliverability: Any = 1, loss_target: Any,
    loss_sender: Any, backdown_cost: Any, discount_sender: Any, discount_target: Any,
    breakdown: Any, first: str = "sender", alternate: bool = True, demand: Any = None,
) -> sympy.Expr:
    """The SPE opening with a deadline of ``rounds`` rounds and breakdown risk ``p``, ``k = 1``.

    ``solve_sector(sector, Protocol(rounds=rounds, breakdown=p, first=first,
    alternate=alternate))`` for a linear cost and ``d_S <= d_T``. Backward induction
    (Ståhl 1972; ``docs/model.md``, "The bargaining stage"): write openings x_t for the
    agreement in round t. After a rejection in the last round the subgame follows, so the
    continuation is C = theta; in earlier rounds ``C_t = p theta + (1-p)(d_S v x_{t+1},
    -d_T c x_{t+1})``. The proposer leaves the responder exactly its continuation:

    * the sender proposing: ``x_t = min(1, -C_{t,T} / c)``;
    * the target proposing: ``x_t = max(0, C_{t,S} / v)``.

    With ``d_S <= d_T`` every theta of the subgame lies on or below the frontier
    (``c theta_S / v + theta_T <= 0``: for the concession it is
    ``-(1-d_S) c L_S / v - (1-d_T) L_T + (d_S - d_T) c D``), so each proposer prefers its
    offer to waiting and agreement comes in round 0 (with ``d_S > d_T`` the target can gain
    from delay, ``docs/model.md`` "Delay"; numeric ``d_S > d_T`` is refused). For example,
    two rounds, the sender first, against a resisted credible threat (theta = (-L_S, -L_T)):
    ``x_1 = max(0, -L_S / v) = 0`` and ``x_0 = min(1, p L_T / c)``; three rounds:
    ``x_0 = min(1, p L_T / c + (1-p) d_T max(0, (1-p) d_S L_T / c - p L_S / v))``.

    The sender's payoff is ``v x_0``, so its SPE demand is the candidate (``T = min(1, L_T /
    c)`` or 1) with the larger ``x_0``, T on a tie; a given ``demand`` fixes it.

    Parameters
    ----------
    rounds : int
        The number of rounds, 1 to ``MAX_SYMBOLIC_ROUNDS`` (100).
    gain : number or sympy.Expr
        The sender's gain G from full compliance (>= 0, > 0 here).
    cost : number or sympy.Expr
        The target's cost scale c of complying (>= 0, > 0 here).
    deliverability : number or sympy.Expr, default 1
        The share q in [0, 1], > 0 here, of the gain the sender can collect (``v = q G``).
    loss_target : number or sympy.Expr
        The target's loss L_T >= 0 under sanctions.
    loss_sender : number or sympy.Expr
        The sender's loss L_S >= 0 from imposing sanctions.
    backdown_cost : number or sympy.Expr
        The sender's cost a >= 0 of backing down.
    discount_sender : number or sympy.Expr
        The sender's per-round discount factor d_S in (0, 1].
    discount_target : number or sympy.Expr
        The target's per-round discount factor d_T in (0, 1].
    breakdown : number or sympy.Expr
        The breakdown risk p in [0, 1) after each rejected offer but the last.
    first : {'sender', 'target'}, default 'sender'
        Who proposes in round 0.
    alternate : bool, default True
        Whether the proposer alternates (False: ``first`` proposes every round).
    demand : number or sympy.Expr, optional
        A fixed standing demand D in [0, 1]; None (the default) takes the sender's SPE demand.

    Returns
    -------
    sympy.Expr
        The opening x_0 agreed in round 0, in terms of the parameters.

    Raises
    ------
    InputError
        If ``rounds``, ``first`` or ``alternate`` is invalid, a number is out of range, or
        numeric discounts have ``discount_sender > discount_target``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from solver.model.symbolic import SYMBOLS
    >>> p, dS, dT = (SYMBOLS[n] for n in ("breakdown", "discount_sender", "discount_target"))
    >>> stahl_opening(rounds=3, gain=1, cost=2, loss_target=1, loss_sender=Fraction(1, 4),
    ...               backdown_cost=1, discount_sender=dS, discount_target=dT, breakdown=p,
    ...               demand=1)
    Min(1, delta_T*(1 - p)*Max(0, delta_S*(1 - p)/2 - p/4) + p/2)
    """
    f = "stahl_opening()"
    if isinstance(rounds, bool) or not isinstance(rounds, int) or not (
        1 <= rounds <= MAX_SYMBOLIC_ROUNDS
    ):
        raise InputError(f"{f}: rounds must be an integer in [1, {MAX_SYMBOLIC_ROUNDS}], got "
                         f"{rounds!r}")
    if first not in ("sender", "target"):
        raise InputError(f"{f}: first must be 'sender' or 'target', got {first!r}")
    if not isinstance(alternate, bool):
        raise InputError(f"{f}: alternate must be True or False, got {alternate!r}")
    s = _Sector(f, gain=gain, cost=cost, curvature=1, deliverability=deliverability,
                loss_target=loss_target, loss_sender=loss_sender, backdown_cost=backdown_cost,
                discount_sender=discount_sender, discount_target=discount_target, opening=True)
    p = _param(f, "breakdown", breakdown)
    _check(f, "breakdown", p, 0, 1, hi_open=True)
    gap = s.ds - s.dt
    if gap.is_number and gap.is_real and gap > 0:
        raise InputError(f"{f}: the closed form needs discount_sender <= discount_target (no "
                         f"incentive to delay), got {s.ds} > {s.dt}")
    order = _proposers(rounds, first, alternate)

    def stage(th_s: Any, th_t: Any) -> list[tuple[Any, Any, Any]]:
        import sympy

        x: Any = None
        for t in reversed(range(rounds)):
            if x is None:
                c_s, c_t = th_s, th_t
            else:
                c_s = p * th_s + (1 - p) * s.ds * s.v * x
                c_t = p * th_t - (1 - p) * s.dt * s.c * x
            x = _min1(-c_t / s.c) if order[t] == "sender" else _max0(c_s / s.v)
        return [(sympy.true, x, s.v * x)]

    return _opening(s, demand, f, stage)


def brw_limit(
    *, gain: Any, cost: Any, deliverability: Any = 1, loss_target: Any, loss_sender: Any,
    backdown_cost: Any, breakdown_rate: Any, rate_sender: Any, rate_target: Any,
    demand: Any = None, clip: bool = True,
) -> sympy.Expr:
    """The limit SPE opening of alternating offers with no deadline as the interval -> 0, ``k = 1``.

    Let the interval between offers be Delta, ``breakdown = lambda Delta`` and
    ``d_i = exp(-r_i Delta)``: ``solve_sector(sector, Protocol(rounds=None,
    breakdown=lambda Delta))``. Binmore, Rubinstein & Wolinsky (1986): as Delta -> 0 the
    stationary SPE tends to the asymmetric Nash solution maximising
    ``(u_S - e_S)**(1/(lambda + r_S)) (u_T - e_T)**(1/(lambda + r_T))`` with
    ``e_i = lambda theta_i / (lambda + r_i)``, the value of perpetual disagreement
    (``e = p theta + (1-p) d e``). Derivation: the responders' indifference conditions,
    ``-c x_S = p theta_T - (1-p) d_T c x_T`` and ``v x_T = p theta_S + (1-p) d_S v x_S``,
    to first order in Delta and with ``x_S, x_T -> x``, give
    ``(lambda + r_S) x - lambda theta_S / v = -(lambda + r_T) x - lambda theta_T / c``, i.e.
    the Nash first-order condition on the frontier ``u = (v x, -c x)``::

        x* = lambda (theta_S / v - theta_T / c) / (2 lambda + r_S + r_T),

    clipped to [0, 1]. It is an agreement iff some opening beats e for both sides,
    ``e_S / v <= -e_T / c``, i.e. ``(lambda + r_T) theta_S / v <= (lambda + r_S)(-theta_T) / c``
    (the interior x* then beats e); otherwise no acceptable offer is made, the opening is 0
    and the sender gets ``e_S``. With ``r_S = r_T = 0`` x* is the symmetric Nash solution
    against theta (``docs/model.md``'s Nash lens).

    The subgame's per-round discounts are ``exp(-r_i Delta) -> 1``, so theta is
    :func:`subgame_threat_point` at ``d_S = d_T = 1``: a concession is no longer late,
    ``theta = (v D, -c D)``, on the frontier, and always enforced (``v D >= -a``). The
    sender's SPE demand is the candidate with the larger payoff (``v x`` or ``e_S``), the
    first, ``T = min(1, L_T / c)``, on a tie; with it ``x* = 2 lambda T / (2 lambda + r_S +
    r_T)`` when ``r_S >= r_T``, and no agreement when ``r_S < r_T``. ``clip=False`` gives the
    interior ``x*`` at the chosen demand's theta, without the clip and the agreement test.

    Parameters
    ----------
    gain : number or sympy.Expr
        The sender's gain G from full compliance (>= 0, > 0 here).
    cost : number or sympy.Expr
        The target's cost scale c of complying (>= 0, > 0 here).
    deliverability : number or sympy.Expr, default 1
        The share q in [0, 1], > 0 here, of the gain the sender can collect (``v = q G``).
    loss_target : number or sympy.Expr
        The target's loss L_T >= 0 under sanctions.
    loss_sender : number or sympy.Expr
        The sender's loss L_S >= 0 from imposing sanctions.
    backdown_cost : number or sympy.Expr
        The sender's cost a >= 0 of backing down.
    breakdown_rate : number or sympy.Expr
        The breakdown rate lambda > 0 (the breakdown risk per interval is ``lambda Delta``).
    rate_sender : number or sympy.Expr
        The sender's discount rate r_S >= 0 (``d_S = exp(-r_S Delta)``).
    rate_target : number or sympy.Expr
        The target's discount rate r_T >= 0.
    demand : number or sympy.Expr, optional
        A fixed standing demand D in [0, 1]; None (the default) takes the sender's SPE demand.
    clip : bool, default True
        Clip the opening to [0, 1] and apply the agreement test; False gives the interior x*.

    Returns
    -------
    sympy.Expr
        The limit opening x as the interval between offers tends to 0.

    Examples
    --------
    >>> from solver.model.symbolic import SYMBOLS
    >>> lam, rS, rT = (SYMBOLS[n] for n in ("breakdown_rate", "rate_sender", "rate_target"))
    >>> brw_limit(gain=1, cost=2, loss_target=1, loss_sender=0, backdown_cost=1,
    ...           breakdown_rate=lam, rate_sender=rS, rate_target=rT, demand=1, clip=False)
    lambda/(2*(2*lambda + r_S + r_T))
    >>> brw_limit(gain=1, cost=2, loss_target=1, loss_sender=0, backdown_cost=1,
    ...           breakdown_rate=1, rate_sender=1, rate_target=1)
    1/4
    """
    import sympy

    f = "brw_limit()"
    s = _Sector(f, gain=gain, cost=cost, curvature=1, deliverability=deliverability,
                loss_target=loss_target, loss_sender=loss_sender, backdown_cost=backdown_cost,
                discount_sender=1, discount_target=1, opening=True)
    lam = _param(f, "breakdown_rate", breakdown_rate)
    r_s, r_t = _param(f, "rate_sender", rate_sender), _param(f, "rate_target", rate_target)
    for n, val in (("breakdown_rate", lam), ("rate_sender", r_s), ("rate_target", r_t)):
        _check(f, n, val, 0, sympy.oo, lo_open=n == "breakdown_rate", hi_open=True)
    rho_s, rho_t = lam + r_s, lam + r_t
    if not isinstance(clip, bool):
        raise InputError(f"{f}: clip must be True or False, got {clip!r}")

    def stage(th_s: Any, th_t: Any) -> list[tuple[Any, Any, Any]]:
        import sympy

        interior = lam * (th_s / s.v - th_t / s.c) / (rho_s + rho_t)
        x = _min1(_max0(interior))
        agree = sympy.Le(rho_t * th_s / s.v, rho_s * -th_t / s.c)
        return [(agree, x if clip else interior, s.v * x),
                (sympy.Not(agree), sympy.Integer(0) if clip else interior, lam * th_s / rho_s)]

    return _opening(s, demand, f, stage, discounts=(sympy.Integer(1), sympy.Integer(1)))


def _expression(func: str, expr: Any) -> Any:
    """A sympy expression, or a tuple of them; anything else (text above all) refused."""
    import sympy

    if isinstance(expr, tuple | list) and expr:
        return type(expr)(_expression(func, e) for e in expr)
    if isinstance(expr, str):
        raise InputError(f"{func}: expr must be a sympy expression, not the string {expr!r} "
                         "(text is never passed to sympify)")
    if not isinstance(expr, sympy.Basic):
        raise InputError(f"{func}: expr must be a sympy expression, got {type(expr).__name__}")
    return _safe(func, "expr", expr)


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


def _symbols(func: str, parameters: Sequence[Any]) -> list[sympy.Symbol]:
    import sympy

    if isinstance(parameters, str) or not isinstance(parameters, Sequence):
        raise InputError(f"{func}: parameters must be a sequence of sympy Symbols, got "
                         f"{parameters!r}")
    for s in parameters:
        if not isinstance(s, sympy.Symbol):
            raise InputError(f"{func}: parameters must be sympy Symbols, got {s!r}")
    return list(parameters)


def comparative_statics(
    expr: sympy.Expr, parameters: Sequence[sympy.Symbol]
) -> dict[sympy.Symbol, sympy.Expr]:
    """The derivative of ``expr`` with respect to each parameter, simplified.

    ``expr`` must be a sympy expression and ``parameters`` sympy Symbols: text is refused.

    Parameters
    ----------
    expr : sympy.Expr
        One sympy expression, e.g. an opening from :func:`stahl_opening` or :func:`brw_limit`.
    parameters : sequence of sympy.Symbol
        The symbols to differentiate by.

    Returns
    -------
    dict of sympy.Symbol to sympy.Expr
        For each parameter, the simplified partial derivative of ``expr``.

    Raises
    ------
    InputError
        If ``expr`` is not one sympy expression (text included) or a parameter is not a Symbol.

    Examples
    --------
    >>> from solver.model.symbolic import SYMBOLS
    >>> lam, rS, rT = (SYMBOLS[n] for n in ("breakdown_rate", "rate_sender", "rate_target"))
    >>> x = brw_limit(gain=1, cost=2, loss_target=1, loss_sender=0, backdown_cost=1,
    ...               breakdown_rate=lam, rate_sender=rS, rate_target=rT, demand=1, clip=False)
    >>> comparative_statics(x, [rS])
    {r_S: -lambda/(2*(2*lambda + r_S + r_T)**2)}
    """
    import sympy

    f = "comparative_statics()"
    e = _expression(f, expr)
    if not isinstance(e, sympy.Basic):
        raise InputError(f"{f}: expr must be one sympy expression")
    return {s: sympy.simplify(sympy.diff(e, s)) for s in _symbols(f, parameters)}


def to_numpy(expr: Any, parameters: Sequence[sympy.Symbol]) -> Callable[..., Any]:
    """A vectorised numpy function of ``parameters`` (broadcasting arrays), via ``lambdify``.

    ``expr`` is a sympy expression or a tuple of them (e.g. :func:`subgame_threat_point`'s
    pair); text is refused.

    Parameters
    ----------
    expr : sympy.Expr or tuple of sympy.Expr
        The expression (or expressions) to turn into numpy code.
    parameters : sequence of sympy.Symbol
        The function's positional arguments, in order; they must cover every free symbol of
        ``expr``.

    Returns
    -------
    callable
        A function of ``len(parameters)`` numbers or arrays that evaluates ``expr`` with numpy
        broadcasting (a tuple of results for a tuple ``expr``).

    Raises
    ------
    InputError
        If ``expr`` is not a sympy expression, a parameter is not a Symbol, or ``expr`` has a
        free symbol not among ``parameters``.

    Examples
    --------
    >>> from solver.model.symbolic import SYMBOLS
    >>> lam, rS, rT = (SYMBOLS[n] for n in ("breakdown_rate", "rate_sender", "rate_target"))
    >>> x = brw_limit(gain=1, cost=2, loss_target=1, loss_sender=0, backdown_cost=1,
    ...               breakdown_rate=lam, rate_sender=rS, rate_target=rT)
    >>> to_numpy(x, [lam, rS, rT])(1.0, np.array([1.0, 3.0, 0.5]), 1.0).tolist()
    [0.25, 0.16666666666666666, 0.0]
    """
    import sympy

    f = "to_numpy()"
    e = _expression(f, expr)
    params = _symbols(f, parameters)
    parts = e if isinstance(e, tuple | list) else (e,)
    free = set().union(*(x.free_symbols for x in parts)) - set(params)
    if free:
        raise InputError(f"{f}: expr has symbols {sorted(map(str, free))} that are not among "
                         f"parameters {[str(x) for x in params]}")
    return sympy.lambdify(params, e, modules="numpy", dummify=True)
