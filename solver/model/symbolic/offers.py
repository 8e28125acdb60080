"""The openings in closed form: take it or leave it, Ståhl's deadline game, and the
Binmore-Rubinstein-Wolinsky limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sympy


from solver._core.errors import InputError
from solver.model.symbolic._common import (
    MAX_SYMBOLIC_ROUNDS,
    _check,
    _max0,
    _min1,
    _opening,
    _param,
    _piecewise,
    _Sector,
)


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
