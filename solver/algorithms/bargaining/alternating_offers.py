"""Alternating offers (Rubinstein 1982), with outside options and a risk of breakdown.

Two players alternate proposals of a point on a Pareto frontier ``u2 = g(u1)``, ``u1`` in
``[lo, hi]`` (the pie of size 1, ``g(u) = 1 - u`` on ``[0, 1]``, unless a frontier is given).
After a rejection, negotiations break down with probability ``breakdown`` (payoffs
``breakdown_payoffs``, at once); otherwise the next round comes, discounted by ``d_i``.
A responder may instead take its outside option ``w_i`` and leave.

Discount factors lie in ``(0, 1]``. A factor of 1 (no impatience) needs another friction:
a risk of breakdown ``p > 0``, or a finite ``horizon``. With ``d_0 = d_1 = 1`` and ``p = 0``
the infinite game has no frictions at all and every split is a subgame-perfect outcome, so
that case is rejected. Pure breakdown risk (``d = 1``, ``p > 0``) is the model of Binmore,
Rubinstein and Wolinsky (1986) with an exogenous risk of breakdown: on the pie with breakdown
payoffs ``(0, 0)`` the first proposer gets ``1 / (2 - p)``, which tends to the Nash solution
``1/2`` as ``p -> 0``.

The stationary subgame-perfect equilibrium (``x``: player 0's payoff from its own proposal,
``y``: player 0's payoff from player 1's proposal; ``A = (1 - p) d_0``, ``B = (1 - p) d_1``)
solves

    y = max(lo, w_0, A x + p b_0)           player 0 is just willing to accept y
    g(x) = max(g(hi), w_1, B g(y) + p b_1)  player 1 is just willing to accept x

Outside options enter only through ``max``: an option binds only when it beats what the
player would get by rejecting and bargaining on. That is the outside option principle of
Binmore, Shaked and Sutton (1989). On the pie with neither options nor breakdown this gives
Rubinstein's (1982) ``x = (1 - d_1) / (1 - d_0 d_1)``.

On the pie the equations are piecewise affine with slope at most ``A B < 1`` (also when a
``d_i = 1``, as then ``p > 0``); they are solved
exactly, case by case (closed forms, Fractions for rational input). On a nonlinear frontier
the fixed point of the monotone map ``x -> x'`` is found by :func:`scipy.optimize.brentq`.
With ``horizon=N`` the finite game of ``N`` rounds is solved by backward induction (after the
last rejection the players get ``breakdown_payoffs``); it converges to the stationary answer.
With discount rates ``r_i`` and a time between offers ``interval``, ``d_i = exp(-r_i interval)``;
``interval=0`` gives the limit: the asymmetric Nash solution with weights ``r_1 / (r_0 + r_1)``
and ``r_0 / (r_0 + r_1)`` and disagreement point ``(0, 0)`` (Binmore, Rubinstein and Wolinsky
1986), capped by the outside options.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from fractions import Fraction
from numbers import Rational
from typing import Any

from solver._core.errors import CertificateError, InputError
from solver._core.validation import Interval, check_in, check_number
from solver.algorithms.bargaining.axiomatic import nash_bargaining
from solver.algorithms.bargaining.offer_frontier import (
    MAX_ROOT_ITER,
    OfferFrontier,
    budgeted_root,
    offer_frontier,
    pie,
    to_floats,
)
from solver.algorithms.bargaining.result import RubinsteinSolution
from solver.representations.bargaining import BargainingProblem

__all__ = ["MAX_EXACT_HORIZON", "MAX_HORIZON", "MAX_ROOT_ITER", "rubinstein"]

FUNC = "rubinstein()"

#: The work budget of :func:`rubinstein`. A finite game is solved by backward induction, one
#: step a round: at most ``MAX_HORIZON`` rounds in floats, and ``MAX_EXACT_HORIZON`` with
#: exact (Fraction) inputs, whose numbers grow with every round. Past them the stationary
#: (infinite-horizon) answer differs from the finite one by a factor ``d ** horizon``.
MAX_HORIZON = 100_000
MAX_EXACT_HORIZON = 5_000


def _num(arg: str, v: Any) -> Any:
    check_number(FUNC, arg, v)
    return Fraction(v) if isinstance(v, Rational) else float(v)


def _pair(arg: str, v: Any, allow_none: bool = False) -> tuple[Any, Any]:
    try:
        a, b = v
    except (TypeError, ValueError):
        raise InputError(f"{FUNC}: {arg} must be a pair, got {v!r}") from None
    return tuple(None if (allow_none and x is None) else _num(arg, x) for x in (a, b))  # type: ignore[return-value]


def _discount(discount: Any, rates: Any, interval: Any, frictions: bool
              ) -> tuple[tuple[Any, Any], bool]:
    """The discount factors, and whether this is the limit ``interval = 0``.

    Factors lie in ``(0, 1]``; a factor of 1 is admitted only with ``frictions`` (a risk of
    breakdown ``p > 0`` or a finite horizon): then ``(1 - p) d_i < 1``, or backward induction
    ends. Without them the infinite game with ``d = 1`` has every split as an SPE.
    """
    if rates is not None or interval is not None:
        if discount is not None:
            raise InputError(f"{FUNC}: give discount, or rates with interval, not both")
        if rates is None or interval is None:
            raise InputError(f"{FUNC}: rates and interval go together, got rates={rates!r}, "
                             f"interval={interval!r}")
        r = _pair("rates", rates)
        if not all(v > 0 for v in r):
            raise InputError(f"{FUNC}: rates must be positive, got {rates!r}")
        dt = _num("interval", interval)
        if dt < 0:
            raise InputError(f"{FUNC}: interval must be >= 0, got {interval!r}")
        if dt == 0:
            return r, True
        d = (math.exp(-float(r[0]) * dt), math.exp(-float(r[1]) * dt))
        if not frictions and 1 in d:
            raise InputError(f"{FUNC}: rates * interval is too small: a discount factor rounds "
                             f"to 1, got rates={rates!r}, interval={interval!r}; use interval=0 "
                             f"for the limit")
        return d, False
    if discount is None:
        raise InputError(f"{FUNC}: discount (d1, d2) is required, or rates with interval")
    d = _pair("discount", discount)
    if not all(0 < v <= 1 for v in d):
        raise InputError(f"{FUNC}: discount must be two factors in (0, 1) (or 1 with breakdown "
                         f"> 0 or a horizon), got {discount!r}")
    if not frictions and 1 in d:
        raise InputError(f"{FUNC}: discount must be two factors in (0, 1), got {discount!r}; a "
                         f"factor of 1 needs breakdown > 0 or a horizon (with d = (1, 1) and no "
                         f"breakdown there are no frictions: every split is a subgame-perfect "
                         f"equilibrium of the infinite game)")
    return d, False


def rubinstein(
    discount: Sequence[Any] | None = None,
    first: int = 0,
    outside_options: Sequence[Any] | None = None,
    breakdown: Any = 0.0,
    breakdown_payoffs: Sequence[Any] = (0, 0),
    frontier: Any = None,
    *,
    rates: Sequence[Any] | None = None,
    interval: Any = None,
    horizon: int | None = None,
) -> RubinsteinSolution:
    """The subgame-perfect agreement of alternating-offers bargaining.

    Parameters
    ----------
    discount : (d1, d2), each in (0, 1], 1 only if ``breakdown > 0`` or ``horizon`` is given
        Per-round discount factors. Alternatively give ``rates`` and ``interval``. A factor of
        1 means no impatience: only the risk of breakdown (or the last round) drives a deal.
    first : 0 or 1
        Who proposes first; ``.point`` is the agreement reached then (at once).
    outside_options : (w1, w2), optional
        Payoffs a responder gets by leaving; ``None`` for either means no option.
    breakdown : float in [0, 1)
        Probability that negotiations break down after a rejection.
    breakdown_payoffs : (b1, b2)
        Payoffs on breakdown (and after the last rejection of a finite game); feasible.
    frontier : None, callable or BargainingProblem
        None: a pie of size 1. A callable ``u1 -> u2``, concave and decreasing on [0, 1].
        A BargainingProblem: its Pareto frontier (its disagreement point is not used).
    rates, interval : keyword-only
        Discount rates and time between offers: ``d_i = exp(-r_i * interval)``;
        ``interval=0`` gives the limit, the asymmetric Nash solution.
    horizon : int, optional
        Solve the finite game of this many rounds by backward induction instead: at most
        :data:`MAX_HORIZON` rounds (:data:`MAX_EXACT_HORIZON` with exact inputs), else a
        ``ValueError`` says the budget was hit.

    Returns
    -------
    RubinsteinSolution

    Examples
    --------
    Rubinstein (1982): the first proposer gets ``(1 - d2) / (1 - d1 d2)``.

    >>> from fractions import Fraction as F
    >>> rubinstein(discount=(F(1, 2), F(2, 3))).point
    (Fraction(1, 2), Fraction(1, 2))
    >>> [round(v, 12) for v in rubinstein(discount=(0.9, 0.9), first=1).point]  # 1 gets 1/1.9
    [0.473684210526, 0.526315789474]

    An outside option binds only when it beats the bargaining share (Binmore, Shaked and
    Sutton 1989):

    >>> s = rubinstein(discount=(F(9, 10), F(9, 10)), outside_options=(0, F(3, 5)))
    >>> s.point, s.binding
    ((Fraction(2, 5), Fraction(3, 5)), (False, True))

    Pure risk of breakdown, no discounting (Binmore, Rubinstein and Wolinsky 1986): the first
    proposer gets ``1 / (2 - p)``.

    >>> rubinstein(discount=(1, 1), breakdown=F(1, 10)).point
    (Fraction(10, 19), Fraction(9, 19))
    """
    p = _num("breakdown", breakdown)
    if p == 0:
        p = Fraction(0)  # the default 0.0 keeps rational inputs exact
    check_in(FUNC, "breakdown", p, Interval(0, 1, high_open=True))
    d, limit = _discount(discount, rates, interval, frictions=p > 0 or horizon is not None)
    if first not in (0, 1) or isinstance(first, bool):
        raise InputError(f"{FUNC}: first must be 0 or 1, got {first!r}")
    b = _pair("breakdown_payoffs", breakdown_payoffs)
    w = (None, None) if outside_options is None else _pair("outside_options", outside_options,
                                                             allow_none=True)
    fr = offer_frontier(FUNC, frontier)
    if b[0] > fr.hi or b[1] > fr.g(fr.give(b[0])):
        raise InputError(f"{FUNC}: breakdown_payoffs {tuple(breakdown_payoffs)!r} are not feasible")
    if horizon is not None and (isinstance(horizon, bool) or not isinstance(horizon, int)
                                or horizon < 1):
        raise InputError(f"{FUNC}: horizon must be a positive int, got {horizon!r}")
    if horizon is not None and horizon > MAX_HORIZON:
        raise InputError(f"{FUNC}: horizon {horizon} is beyond the budget of {MAX_HORIZON:,} "
                         f"rounds of backward induction; omit it for the infinite game")
    inputs = [*d, p, *b, *(v for v in w if v is not None)]
    exact = fr.linear_pie and not limit and all(isinstance(v, Fraction) for v in inputs)
    if exact and horizon is not None and horizon > MAX_EXACT_HORIZON:
        raise InputError(f"{FUNC}: horizon {horizon} with exact (Fraction) inputs is beyond "
                         f"the budget of {MAX_EXACT_HORIZON:,} rounds (the numbers grow each "
                         f"round); pass floats, or omit it for the infinite game")
    if not exact:
        fr = to_floats(fr)
        d, p = (float(d[0]), float(d[1])), float(p)
        b = (float(b[0]), float(b[1]))
        w = tuple(None if v is None else float(v) for v in w)  # type: ignore[assignment]
    params = {"breakdown": p, "breakdown_payoffs": b, "outside_options": w, "horizon": horizon}
    # Outside options that leave no gains from trade: each player takes its option.
    w0 = fr.lo if w[0] is None else w[0]
    w1 = fr.g(fr.hi) if w[1] is None else w[1]
    if (w[0] is not None or w[1] is not None) and (w0 >= fr.hi or w1 >= fr.g(fr.give(w0))):
        pt = (w0, w1)
        return RubinsteinSolution(pt, (pt, pt), first, d, (w[0] is not None, w[1] is not None),
                                  "no-agreement", exact, False, {}, params)
    if fr.linear_pie and not limit and horizon is None:
        # The closed form is computed exactly even from floats (their binary values).
        sol = _stationary(pie(), tuple(map(Fraction, d)), first,  # type: ignore[arg-type]
                          tuple(None if v is None else Fraction(v) for v in w),
                          Fraction(p), tuple(map(Fraction, b)), exact, params)
        return sol if exact else _as_floats(sol)
    if limit:
        if p != 0:
            raise InputError(f"{FUNC}: interval=0 (the limit) needs breakdown=0, got {breakdown!r}")
        return _limit(fr, d, w, first, params)
    if horizon is not None:
        return _backward(fr, d, first, w, p, b, horizon, exact, params)
    return _stationary(fr, d, first, w, p, b, exact, params)


def _as_floats(s: RubinsteinSolution) -> RubinsteinSolution:
    def pt(v: Any) -> tuple[float, float]:
        return (float(v[0]), float(v[1]))

    params = dict(s.parameters)
    return replace(s, point=pt(s.point), proposals=(pt(s.proposals[0]), pt(s.proposals[1])),
                   discount=pt(s.discount), parameters=params)


def _maps(fr: OfferFrontier, d: Sequence[Any], w: Sequence[Any], p: Any, b: Sequence[Any]) -> tuple[
        Callable[[Any], Any], Callable[[Any], Any]]:
    """Each responder's requirement: player 0 given x, player 1 given y."""
    a_0, b_1 = (1 - p) * d[0], (1 - p) * d[1]

    def need0(x: Any) -> Any:
        v = a_0 * x + p * b[0]
        return v if w[0] is None else max(w[0], v)

    def need1(y: Any) -> Any:
        v = b_1 * fr.g(y) + p * b[1]
        return v if w[1] is None else max(w[1], v)

    return need0, need1


def _stationary(fr: OfferFrontier, d: tuple[Any, Any], first: int, w: Sequence[Any], p: Any,
                b: Sequence[Any], exact: bool, params: dict[str, Any]) -> RubinsteinSolution:

    need0, need1 = _maps(fr, d, w, p, b)

    def phi(x: Any) -> Any:
        return fr.take(need1(fr.give(need0(x))))

    if fr.linear_pie:
        x, method = _affine_fixed_point(phi, fr, d, w, p, b), "closed-form"
    else:
        if phi(fr.lo) <= fr.lo:
            x = fr.lo
        elif phi(fr.hi) >= fr.hi:
            x = fr.hi
        else:
            x = budgeted_root(lambda t: phi(t) - t, fr.lo, fr.hi, "the stationary offer", FUNC)
        method = "fixed-point"
    y = fr.give(need0(x))
    binding = (w[0] is not None and w[0] > (1 - p) * d[0] * x + p * b[0],
               w[1] is not None and w[1] > (1 - p) * d[1] * fr.g(y) + p * b[1])
    return _answer(fr, d, first, w, p, b, x, y, binding, method, exact, params)


def _affine_fixed_point(phi: Callable[[Any], Any], fr: OfferFrontier, d: Sequence[Any],
                        w: Sequence[Any], p: Any, b: Sequence[Any]) -> Any:
    """Exact fixed point of the piecewise-affine map on the pie: try each case's closed form."""
    a_0, b_1 = (1 - p) * d[0], (1 - p) * d[1]
    r0_cases = [(0, w[0])] if w[0] is not None else []
    r0_cases.append((a_0, p * b[0]))
    for r0 in r0_cases:
        for y in ((0, fr.lo), (0, fr.hi), r0):
            v1 = (-y[0], 1 - y[1])  # g(y) = 1 - y
            r1_cases = [(0, w[1])] if w[1] is not None else []
            r1_cases.append((b_1 * v1[0], b_1 * v1[1] + p * b[1]))
            for r1 in r1_cases:
                for slope, icpt in ((0, fr.hi), (0, fr.lo), (-r1[0], 1 - r1[1])):
                    if slope == 1:
                        continue
                    x = icpt / (1 - slope)
                    if fr.lo <= x <= fr.hi and phi(x) == x:
                        return x
    raise CertificateError(f"{FUNC}: no case of the closed form is consistent")  # pragma: no cover


def _answer(fr: OfferFrontier, d: tuple[Any, Any], first: int, w: Sequence[Any], p: Any,
            b: Sequence[Any], x: Any, y: Any, binding: tuple[bool, bool], method: str,
            exact: bool, params: dict[str, Any]) -> RubinsteinSolution:
    need0, need1 = _maps(fr, d, w, p, b)
    gx, gy = fr.g(x), fr.g(y)
    r0, r1 = need0(x), need1(y)
    res = {
        "responder_0": float(abs(y - r0) if y > fr.lo else max(0, r0 - y)),
        "responder_1": float(abs(gx - r1) if x < fr.hi else max(0, r1 - gx)),
        "proposer_0_no_delay": float(max(0, (1 - p) * d[0] * y + p * b[0] - x)),
        "proposer_1_no_delay": float(max(0, (1 - p) * d[1] * gx + p * b[1] - gy)),
    }
    props = ((x, gx), (y, gy))
    return RubinsteinSolution(props[first], props, first, d, binding, method, exact, True, res,
                              params)


def _backward(fr: OfferFrontier, d: tuple[Any, Any], first: int, w: Sequence[Any], p: Any,
              b: Sequence[Any], horizon: int, exact: bool, params: dict[str, Any]
              ) -> RubinsteinSolution:
    """Backward induction over ``horizon`` rounds; ``(first + t) % 2`` proposes in round t."""
    nxt: tuple[Any, Any] | None = None
    offers: list[tuple[Any, Any]] = []
    for t in reversed(range(horizon)):
        proposer = (first + t) % 2
        resp = 1 - proposer
        cont = b[resp] if nxt is None else (1 - p) * d[resp] * nxt[resp] + p * b[resp]
        need = cont if w[resp] is None else max(w[resp], cont)
        u1 = fr.take(need) if proposer == 0 else fr.give(need)
        nxt = (u1, fr.g(u1))
        offers.append(nxt)
    assert nxt is not None
    by_player = {(first + t) % 2: offers[horizon - 1 - t] for t in range(min(horizon, 2))}
    props = (by_player.get(0, nxt), by_player.get(1, nxt))
    # No certificate residuals: the finite game is checked against the stationary answer.
    return RubinsteinSolution(nxt, props, first, d, (False, False), "backward-induction", exact,
                              True, {}, params)


def _limit(fr: OfferFrontier, rates: tuple[Any, Any], w: Sequence[Any], first: int,
           params: dict[str, Any]) -> RubinsteinSolution:
    r0, r1 = float(rates[0]), float(rates[1])
    weights = (r1 / (r0 + r1), r0 / (r0 + r1))
    prob = fr.problem if fr.problem is not None else BargainingProblem.from_points(
        [(0.0, 1.0), (1.0, 0.0)], (0.0, 0.0))
    nash = nash_bargaining(prob.with_disagreement((0.0, 0.0)), weights)
    u1 = float(nash.point[0])
    binding = (False, False)
    if w[0] is not None and u1 < w[0]:
        u1, binding = float(w[0]), (True, False)
    if w[1] is not None and fr.g(u1) < w[1]:
        u1, binding = float(fr.take(w[1])), (False, True)
    pt = (u1, float(fr.g(u1)))
    res = dict(nash.residuals) if binding == (False, False) else {}
    params = {**params, "rates": (r0, r1), "weights": weights}
    # The limit is the Nash solution against (0, 0): where that has no agreement (nothing is
    # strictly better than (0, 0) for both), neither has the limit, unless an option binds.
    agreement = nash.agreement or binding != (False, False)
    return RubinsteinSolution(pt, (pt, pt), first, (1.0, 1.0), binding, "limit", False,
                              agreement, res, params)
