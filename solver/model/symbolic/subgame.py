"""The sanction subgame in closed form: the one threat point and its path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sympy


from solver.model.symbolic._common import (
    _check,
    _param,
    _piecewise,
    _Sector,
)


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
