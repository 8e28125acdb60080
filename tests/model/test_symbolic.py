"""solver.model.symbolic: the closed forms against the numeric game (solve_subgame, solve_sector),
exactness, and no text ever reaching sympify."""

from __future__ import annotations

import math
from fractions import Fraction as F
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.model.protocol import Protocol
from solver.model.sanction_subgame import solve_subgame
from solver.model.sector import Sector
from solver.model.symbolic import (
    SYMBOLS,
    brw_limit,
    comparative_statics,
    stahl_opening,
    subgame_path,
    subgame_threat_point,
    tioli_opening,
    to_numpy,
)
from solver.model.talks import solve_sector

G, c, k, q, LT, LS, a, dS, dT, D, p = (SYMBOLS[n] for n in (
    "gain", "cost", "curvature", "deliverability", "loss_target", "loss_sender",
    "backdown_cost", "discount_sender", "discount_target", "demand", "breakdown"))
lam, rS, rT = (SYMBOLS[n] for n in ("breakdown_rate", "rate_sender", "rate_target"))

# Dyadic grids: every payoff of the subgame is then exact in floating point, so a tie of the
# closed form (exact) is a tie of the numeric tree too.
quarters = st.integers(0, 16).map(lambda n: F(n, 4))
pos_quarters = st.integers(1, 16).map(lambda n: F(n, 4))
probs = st.sampled_from([F(1, 4), F(1, 2), F(3, 4), F(1)])
discounts = st.sampled_from([F(1, 4), F(1, 2), F(3, 4), F(7, 8)])
curvatures = st.sampled_from([1, 2, 3])


def sector(**v: Any) -> Sector:
    return Sector("s", **{n: float(x) for n, x in v.items()})


def num(e: Any) -> float:
    return float(sympy.N(e, 30))


def sanction_value(gain: F, cost: F, curv: int, q_: F, lt: F, ls: F, ds: F, d: F) -> F:
    """The sender's value of sanctioning, given the target's reply (exact)."""
    if cost * d**curv <= lt:
        return (1 - ds) * -ls + ds * q_ * gain * d
    return -ls


@settings(max_examples=150)
@given(gain=pos_quarters, cost=pos_quarters, curv=curvatures, q_=probs, lt=quarters,
       ls=quarters, bd=quarters, ds=discounts, dt=discounts,
       d=st.integers(1, 4).map(lambda n: F(n, 4)), tie_target=st.booleans(),
       tie_sender=st.booleans())
def test_subgame_threat_point_is_the_first_spe_of_the_subgame(
    gain: F, cost: F, curv: int, q_: F, lt: F, ls: F, bd: F, ds: F, dt: F, d: F,
    tie_target: bool, tie_sender: bool,
) -> None:
    """theta against solve_subgame (the tree, solved by subgame_perfect), ties included: a
    tie c D^k = L_T goes to Concede, a tie of the sender's values to Sanction."""
    if tie_target:
        lt = cost * d**curv
    if tie_sender:
        val = sanction_value(gain, cost, curv, q_, lt, ls, ds, d)
        if val <= 0:
            bd = -val
    params = dict(gain=gain, cost=cost, curvature=curv, deliverability=q_, loss_target=lt,
                  loss_sender=ls, backdown_cost=bd, discount_sender=ds)
    theta = subgame_threat_point(**params, discount_target=dt, demand=d)
    sanction, concede = subgame_path(**params, demand=d)
    sub = solve_subgame([sector(**params, discount_target=dt)], [float(d)])
    assert all(isinstance(t, sympy.Rational) for t in theta)  # exact in, exact out
    assert (float(theta[0]), float(theta[1])) == pytest.approx(sub.payoffs, abs=1e-12)
    assert bool(sanction) == sub.sanction
    assert bool(sanction & concede) == sub.concede
    if tie_target:
        assert bool(concede)


def test_subgame_threat_point_symbolic_cases() -> None:
    theta = subgame_threat_point(gain=G, cost=c, curvature=k, deliverability=q, loss_target=LT,
                                 loss_sender=LS, backdown_cost=a, discount_sender=dS,
                                 discount_target=dT, demand=D)
    concession = {G: 2, c: 1, k: 1, q: 1, LT: 2, LS: 1, a: 0, dS: F(1, 2), dT: F(1, 2), D: 1}
    assert theta[0].subs(concession) == sympy.Rational(1, 2)  # (1/2)(-1) + (1/2) 2
    assert theta[1].subs(concession) == sympy.Rational(-3, 2)  # (1/2)(-2) - (1/2) 1
    holdout = {**concession, LT: F(1, 2), a: 1}
    assert (theta[0].subs(holdout), theta[1].subs(holdout)) == (-1, -sympy.Rational(1, 2))
    backdown = {**holdout, a: F(1, 2)}
    assert (theta[0].subs(backdown), theta[1].subs(backdown)) == (-sympy.Rational(1, 2), 0)


@settings(max_examples=120)
@given(gain=pos_quarters, cost=pos_quarters, curv=curvatures, q_=probs, lt=quarters,
       ls=quarters, bd=quarters, ds=discounts, dt=discounts,
       tie=st.sampled_from(["none", "credible", "resisted"]))
def test_tioli_opening_matches_solve_sector(
    gain: F, cost: F, curv: int, q_: F, lt: F, ls: F, bd: F, ds: F, dt: F, tie: str
) -> None:
    """One round, the sender proposing, no breakdown: x = min(1, (L_T/c)^(1/k)) when a
    demand backs a credible threat, else 0; ties at the credibility margins included."""
    exact_bd: Any = bd
    if tie == "credible":  # (1-d_S)(-L_S) + d_S v T = -a at the top demand T
        R = sympy.Rational
        top = sympy.Min(1, (R(lt) / R(cost)) ** R(1, curv))
        margin = (1 - R(ds)) * R(ls) - R(ds * q_ * gain) * top
        if margin >= 0:
            exact_bd = margin
    elif tie == "resisted":
        exact_bd = ls
    x = tioli_opening(gain=gain, cost=cost, curvature=curv, deliverability=q_, loss_target=lt,
                      loss_sender=ls, backdown_cost=exact_bd, discount_sender=ds,
                      discount_target=dt)
    s = sector(gain=gain, cost=cost, curvature=curv, deliverability=q_, loss_target=lt,
               loss_sender=ls, backdown_cost=num(exact_bd), discount_sender=ds,
               discount_target=dt)
    g = solve_sector(s, Protocol(rounds=1, breakdown=0.0))
    assert num(x) == pytest.approx(g.opening, abs=1e-9)
    if num(x) > 0:
        assert g.round == 0
        assert g.payoffs[0] == pytest.approx(float(q_ * gain) * num(x), abs=1e-9)
    # Given the SPE demand (exact: T = (L_T/c)^(1/k) or 1), the opening is the take-it-or-
    # leave-it offer against that demand's theta.
    if g.demand is not None:
        top = (sympy.Rational(lt) / sympy.Rational(cost)) ** sympy.Rational(1, curv)
        at = tioli_opening(gain=gain, cost=cost, curvature=curv, deliverability=q_,
                           loss_target=lt, loss_sender=ls, backdown_cost=exact_bd,
                           discount_sender=ds, discount_target=dt,
                           demand=1 if g.demand == 1.0 else top)
        assert num(at) == pytest.approx(g.opening, abs=1e-9)


def test_tioli_opening_cases() -> None:
    """The three branches, and the general Piecewise in the symbols."""
    half = F(1, 2)
    base = dict(gain=1, cost=4, curvature=2, loss_target=1, discount_sender=half,
                discount_target=half)
    # Target resists (c > L_T), threat credible (L_S <= a): x = (L_T/c)^(1/k).
    assert tioli_opening(**base, loss_sender=1, backdown_cost=1) == half
    # Not credible against a holdout, but the concession at T = 1/2 is enforced.
    assert tioli_opening(**base, loss_sender=2, backdown_cost=1) == half
    # Neither: no demand, no opening.
    assert tioli_opening(**base, loss_sender=3, backdown_cost=1) == 0
    x = tioli_opening(gain=G, cost=c, curvature=k, deliverability=q, loss_target=LT,
                      loss_sender=LS, backdown_cost=a, discount_sender=dS, discount_target=dT)
    assert isinstance(x, sympy.Piecewise)
    assert x.subs({G: 1, c: 4, k: 2, q: 1, LT: 1, LS: 1, a: 1, dS: half, dT: half}) == half
    assert (LT / c) ** (1 / k) in [arg.expr for arg in x.args]


@settings(max_examples=120)
@given(rounds=st.sampled_from([1, 2, 3]), first=st.sampled_from(["sender", "target"]),
       alternate=st.booleans(), gain=pos_quarters, cost=pos_quarters, q_=probs,
       lt=quarters, ls=quarters, bd=quarters,
       ds_dt=st.tuples(discounts, discounts).map(sorted),
       p_=st.sampled_from([F(0), F(1, 8), F(1, 4), F(1, 2), F(3, 4)]))
def test_stahl_opening_matches_solve_sector(
    rounds: int, first: str, alternate: bool, gain: F, cost: F, q_: F, lt: F, ls: F, bd: F,
    ds_dt: list[F], p_: F,
) -> None:
    """k = 1, d_S <= d_T: the backward-induction closed form, built symbolic in the discounts
    and the breakdown risk, then evaluated, against solve_sector with that protocol."""
    ds, dt = ds_dt
    params = dict(gain=gain, cost=cost, deliverability=q_, loss_target=lt, loss_sender=ls,
                  backdown_cost=bd)
    x = stahl_opening(rounds=rounds, **params, discount_sender=dS, discount_target=dT,
                      breakdown=p, first=first, alternate=alternate)
    value = x.xreplace({dS: sympy.Rational(ds), dT: sympy.Rational(dt), p: sympy.Rational(p_)})
    assert isinstance(value, sympy.Rational)
    g = solve_sector(sector(**params, discount_sender=ds, discount_target=dt),
                     Protocol(rounds=rounds, breakdown=float(p_), first=first,
                              alternate=alternate))
    assert float(value) == pytest.approx(g.opening, abs=1e-9)
    if value > 0:
        assert g.round == 0  # no delay when d_S <= d_T
    if rounds == 1 and first == "sender":  # take it or leave it
        assert value == tioli_opening(**params, discount_sender=ds, discount_target=dt)


def test_stahl_opening_fully_symbolic() -> None:
    """Every parameter a Symbol: the same Piecewise, evaluated at points, against the game."""
    x = stahl_opening(rounds=3, gain=G, cost=c, deliverability=q, loss_target=LT,
                      loss_sender=LS, backdown_cost=a, discount_sender=dS, discount_target=dT,
                      breakdown=p)
    f = to_numpy(x, [G, c, q, LT, LS, a, dS, dT, p])
    rng = np.random.default_rng(3)
    for _ in range(6):
        gv, cv, lt_, ls_, bd_ = rng.uniform(0.2, 3.0, 5)
        qv, p_ = rng.uniform(0.3, 1.0), rng.uniform(0.0, 0.6)
        ds_, dt_ = sorted(rng.uniform(0.3, 0.99, 2))
        values = (gv, cv, qv, lt_, ls_, bd_, ds_, dt_, p_)
        point = {s: sympy.Float(v) for s, v in zip((G, c, q, LT, LS, a, dS, dT, p), values,
                                                   strict=True)}
        g = solve_sector(Sector("s", gain=gv, cost=cv, deliverability=qv, loss_target=lt_,
                                loss_sender=ls_, backdown_cost=bd_, discount_sender=ds_,
                                discount_target=dt_), Protocol(rounds=3, breakdown=p_))
        assert float(x.xreplace(point)) == pytest.approx(g.opening, abs=1e-9)
        assert float(f(gv, cv, qv, lt_, ls_, bd_, ds_, dt_, p_)) == pytest.approx(g.opening,
                                                                                  abs=1e-9)


def test_stahl_known_forms() -> None:
    """Against a resisted credible threat, theta = (-L_S, -L_T): two rounds, the sender first,
    x_0 = min(1, p L_T / c) (the target, proposing last, offers nothing); three rounds,
    x_0 = min(1, p L_T/c + (1-p) d_T max(0, (1-p) d_S L_T/c - p L_S/v))."""
    params = dict(gain=1, cost=2, loss_target=1, loss_sender=F(1, 4), backdown_cost=1,
                  discount_sender=dS, discount_target=dT, breakdown=p, demand=1)
    assert stahl_opening(rounds=2, **params) == sympy.Min(1, p / 2)
    three = stahl_opening(rounds=3, **params)
    assert three == sympy.Min(1, p / 2 + (1 - p) * dT * sympy.Max(0, (1 - p) * dS / 2 - p / 4))
    assert stahl_opening(rounds=1, **params) == sympy.Rational(1, 2)


def brw_sector(delta: float, r_s: float, r_t: float, **v: float) -> Sector:
    return Sector("s", discount_sender=math.exp(-r_s * delta),
                  discount_target=math.exp(-r_t * delta), **v)


@pytest.mark.parametrize(
    ("params", "rates"),
    [
        pytest.param(dict(gain=1.0, cost=2.0, loss_target=1.0, loss_sender=0.2,
                          backdown_cost=0.5), (0.5, 0.2, 0.1), id="concession-rS>rT"),
        pytest.param(dict(gain=2.0, cost=0.5, deliverability=0.5, loss_target=1.0,
                          loss_sender=0.2, backdown_cost=0.0), (1.0, 0.5, 0.5), id="full"),
        pytest.param(dict(gain=1.0, cost=2.0, loss_target=1.0, loss_sender=0.2,
                          backdown_cost=0.5), (0.5, 0.1, 0.3), id="no-agreement-rS<rT"),
    ],
)
def test_brw_limit_matches_short_intervals(params: dict[str, float],
                                           rates: tuple[float, float, float]) -> None:
    """rounds=None, breakdown = lambda Delta, d_i = exp(-r_i Delta): the opening is within
    O(Delta) of the asymmetric Nash limit (Sector needs d in (0, 1), so r_i > 0)."""
    lam_, r_s, r_t = rates
    x = num(brw_limit(**params, breakdown_rate=lam_, rate_sender=r_s, rate_target=r_t))
    delta = 0.05
    g = solve_sector(brw_sector(delta, r_s, r_t, **params),
                     Protocol(rounds=None, breakdown=lam_ * delta))
    assert g.opening == pytest.approx(x, abs=delta)
    assert (g.round is None) == (x == 0)


def test_brw_limit_converges() -> None:
    """The error shrinks with the interval (first order)."""
    params = dict(gain=1.0, cost=2.0, loss_target=1.0, loss_sender=0.2, backdown_cost=0.5)
    x = num(brw_limit(**params, breakdown_rate=0.5, rate_sender=0.2, rate_target=0.1))
    assert x == pytest.approx(2 * 0.5 * 0.5 / (2 * 0.5 + 0.3))  # 2 lambda T / (2 lambda + ...)
    errors = [abs(solve_sector(brw_sector(d, 0.2, 0.1, **params),
                               Protocol(rounds=None, breakdown=0.5 * d)).opening - x)
              for d in (0.1, 0.05)]
    assert errors[1] < 0.75 * errors[0]
    assert errors[0] < 0.01


def test_brw_limit_symbolic() -> None:
    """Interior x* = lambda (theta_S/v - theta_T/c) / (2 lambda + r_S + r_T); against a
    holdout theta = (-L_S, -L_T); with r -> 0 the symmetric Nash solution against theta."""
    x = brw_limit(gain=G, cost=c, loss_target=LT, loss_sender=LS, backdown_cost=a,
                  breakdown_rate=lam, rate_sender=rS, rate_target=rT, demand=1, clip=False)
    holdout = {c: 2, LT: 1, LS: F(1, 4), a: 1}
    expected = lam * (-LS / G + LT / c) / (2 * lam + rS + rT)
    assert sympy.simplify(x.subs(holdout) - expected.subs(holdout)) == 0
    nash = brw_limit(gain=1, cost=2, loss_target=1, loss_sender=F(1, 4), backdown_cost=1,
                     breakdown_rate=1, rate_sender=0, rate_target=0, demand=1)
    assert nash == sympy.Rational(1, 2) * (sympy.Rational(1, 2) - sympy.Rational(1, 4))
    d = comparative_statics(x.subs(holdout), [lam, rS])
    assert sympy.simplify(d[rS] + lam * (G / 2 - sympy.Rational(1, 4)) / (
        G * (2 * lam + rS + rT) ** 2)) == 0
    # The best demand's closed form, evaluated and lambdified.
    full = brw_limit(gain=1, cost=2, loss_target=1, loss_sender=F(1, 4), backdown_cost=1,
                     breakdown_rate=lam, rate_sender=rS, rate_target=rT)
    assert full.subs({lam: 1, rS: 1, rT: 1}) == sympy.Rational(1, 4)
    assert full.subs({lam: 1, rS: F(1, 2), rT: 1}) == 0
    f = to_numpy(full, [lam, rS, rT])
    assert f(1.0, np.array([1.0, 3.0, 0.5]), 1.0) == pytest.approx([0.25, 1 / 6, 0.0])


def test_to_numpy_of_the_threat_point() -> None:
    theta = subgame_threat_point(gain=G, cost=c, curvature=1, deliverability=1,
                                 loss_target=LT, loss_sender=LS, backdown_cost=a,
                                 discount_sender=dS, discount_target=dT, demand=D)
    f = to_numpy(theta, [G, c, LT, LS, a, dS, dT, D])
    rng = np.random.default_rng(1)
    vals = [rng.uniform(0.1, 3.0, 40) for _ in range(5)] + [rng.uniform(0.2, 0.95, 40)
                                                            for _ in range(2)]
    d = rng.uniform(0.1, 1.0, 40)
    ts, tt = f(*vals, d)
    for i in range(40):
        s = Sector("s", gain=vals[0][i], cost=vals[1][i], loss_target=vals[2][i],
                   loss_sender=vals[3][i], backdown_cost=vals[4][i],
                   discount_sender=vals[5][i], discount_target=vals[6][i])
        assert (ts[i], tt[i]) == pytest.approx(solve_subgame([s], [d[i]]).payoffs, abs=1e-12)


def test_exact_in_exact_out_and_floats_stay_floats() -> None:
    args = dict(gain=1, cost=F(3, 5), loss_target=F(1, 2), loss_sender=F(1, 10),
                backdown_cost=F(3, 10), discount_sender=F(9, 10), discount_target=F(3, 4))
    assert tioli_opening(**args) == sympy.Rational(5, 6)
    floats = {n: float(v) for n, v in args.items()}
    assert isinstance(tioli_opening(**floats), sympy.Float)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        pytest.param(lambda: tioli_opening(gain="1", cost=1, loss_target=1, loss_sender=0,
                                           backdown_cost=0, discount_sender=0.5,
                                           discount_target=0.5),
                     ValueError, r"tioli_opening\(\): gain must be a number or a sympy "
                     r"expression, not the string '1'", id="string"),
        pytest.param(lambda: subgame_threat_point(gain=1, cost=1, loss_target=1,
                                                  loss_sender="__import__('os')",
                                                  backdown_cost=0, discount_sender=0.5,
                                                  discount_target=0.5, demand=1),
                     ValueError, r"loss_sender .* not the string", id="code"),
        pytest.param(lambda: brw_limit(gain=1, cost=1, loss_target=1, loss_sender=0,
                                       backdown_cost=True, breakdown_rate=1, rate_sender=1,
                                       rate_target=1),
                     ValueError, r"backdown_cost must be a number", id="bool"),
        pytest.param(lambda: comparative_statics(G * c, ["G"]), ValueError,
                     r"parameters must be sympy Symbols", id="statics-parameters"),
        pytest.param(lambda: comparative_statics("G*c", [G]), ValueError,  # type: ignore[arg-type]
                     r"comparative_statics\(\): expr must be a sympy expression, not the "
                     r"string", id="statics-string"),
        pytest.param(lambda: to_numpy("__import__('os').getcwd()", [G]), ValueError,
                     r"to_numpy\(\): expr must be a sympy expression, not the string",
                     id="numpy-string"),
        pytest.param(lambda: to_numpy((G, "c"), [G]), ValueError, r"not the string 'c'",
                     id="numpy-tuple-string"),
        pytest.param(lambda: to_numpy(1.5, [G]), ValueError, r"got float", id="numpy-float"),
        pytest.param(lambda: to_numpy(G, "G"), ValueError, r"sequence of sympy Symbols",
                     id="numpy-parameters-string"),
    ],
)
def test_text_is_refused(call: Any, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


def test_text_never_reaches_sympify(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"sympify called with {args!r}")

    monkeypatch.setattr(sympy, "sympify", refuse)
    for call in (lambda: to_numpy("x", [G]), lambda: comparative_statics("x", [G])):
        with pytest.raises(ValueError, match="not the string"):
            call()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param(dict(rounds=0), r"rounds must be an integer in \[1, 100\]", id="rounds"),
        pytest.param(dict(rounds=True), r"rounds must be an integer", id="rounds-bool"),
        pytest.param(dict(first="Sender"), r"first must be 'sender' or 'target'", id="first"),
        pytest.param(dict(discount_sender=0.9, discount_target=0.5),
                     r"needs discount_sender <= discount_target", id="delay"),
        pytest.param(dict(breakdown=1), r"breakdown must be in \[0, 1\)", id="breakdown"),
        pytest.param(dict(loss_target=-1), r"loss_target must be >= 0, got -1", id="loss"),
        pytest.param(dict(demand=2), r"demand must be in \[0, 1\]", id="demand"),
        pytest.param(dict(cost=0), r"cost must be > 0, got 0", id="cost"),
        pytest.param(dict(deliverability=0), r"deliverability must be in \(0, 1\]",
                     id="deliverability"),
    ],
)
def test_stahl_opening_validates(kwargs: dict[str, Any], match: str) -> None:
    args: dict[str, Any] = dict(rounds=2, gain=1, cost=1, loss_target=1, loss_sender=0,
                                backdown_cost=0, discount_sender=0.5, discount_target=0.5,
                                breakdown=0.1)
    with pytest.raises(ValueError, match=match):
        stahl_opening(**{**args, **kwargs})


# -- issue 13: no code from text, through any public function that takes an expression ------


def _payloads(marker: Any) -> list[Any]:
    code = f"__import__('pathlib').Path({str(marker)!r}).touch()"

    class Printed(sympy.Expr):  # a class from outside sympy, with its own code printer
        def _numpycode(self, printer: Any) -> str:
            return code

        _lambdacode = _pythoncode = _numpycode

    return [
        code,
        sympy.Function(f"({code} or abs)")(G),
        sympy.MatrixSymbol(f"({code})", 1, 1)[0, 0],
        sympy.IndexedBase(f"({code})")[0],
        Printed(),
    ]


def _calls(v: Any) -> list[Any]:
    base: dict[str, Any] = dict(gain=1, cost=1, loss_target=1, loss_sender=0, backdown_cost=0,
                                discount_sender=F(1, 2), discount_target=F(1, 2))
    return [
        lambda: subgame_threat_point(**{**base, "loss_sender": v}, demand=1),
        lambda: subgame_path(**{k: w for k, w in {**base, "gain": v}.items()
                                if k != "discount_target"}, demand=1),
        lambda: tioli_opening(**{**base, "cost": v}),
        lambda: stahl_opening(rounds=2, **{**base, "loss_target": v}, breakdown=F(1, 10)),
        lambda: brw_limit(**{k: w for k, w in base.items() if not k.startswith("discount")},
                          breakdown_rate=v, rate_sender=1, rate_target=1),
        lambda: comparative_statics(v, [G]),
        lambda: to_numpy(v, [G])(1.0),
        lambda: to_numpy((G, v), [G])(1.0),
    ]


def test_payloads_are_refused_by_every_function_that_takes_an_expression(
    tmp_path: Any,
) -> None:
    marker = tmp_path / "written"
    for payload in _payloads(marker):
        for call in _calls(payload):
            with pytest.raises(ValueError, match=r"\(\): .*(not the string|not allowed)"):
                call()
    assert not marker.exists()


def test_symbol_names_never_become_code(tmp_path: Any) -> None:
    marker = tmp_path / "written"
    x = sympy.Symbol(f"x=__import__('pathlib').Path({str(marker)!r}).touch()")
    assert to_numpy(x + 1, [x])(1.0) == 2.0
    with pytest.raises(ValueError, match=r"to_numpy\(\): expr has symbols .* not among"):
        to_numpy(x + G, [G])
    assert not marker.exists()
