"""Closed forms of the sector model (``docs/model.md``) in sympy.

Parameters arrive as numbers (int, Fraction, float) or sympy expressions such as Symbols,
never as text: a string would have to go through :func:`sympy.sympify`, which evaluates
Python, so strings are refused. Exact input (int, Fraction, sympy Rational) gives exact output.

* :func:`nash_opening` -- the Nash opening with a linear cost (``k = 1``) and the threat point
  ``d = (-L_S, -L_T)``: ``x* = clip(L_T / (2 c) - L_S / (2 q G), 0, 1)``;
* :func:`nash_opening_foc` -- its first-order condition for any curvature ``k``;
* :func:`credibility_threshold` -- the backdown cost above which the sanction is credible;
* :func:`compliance_threshold` -- the belief ``mu*`` at which the target complies;
* :func:`comparative_statics` -- derivatives with respect to parameters;
* :func:`to_numpy` -- a vectorised numpy function for parameter sweeps.

Examples
--------
>>> from fractions import Fraction
>>> nash_opening(6, 3, 1, 2, 4)
1/2
>>> G, c = sympy.symbols("G c", positive=True)
>>> nash_opening(G, c, 1, 2, 4, clip=False) == 2 / c - 1 / G
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from numbers import Integral, Real
from typing import Any

import numpy as np
import sympy

__all__ = [
    "SYMBOLS",
    "comparative_statics",
    "compliance_threshold",
    "credibility_threshold",
    "nash_opening",
    "nash_opening_foc",
    "to_numpy",
]

#: The model's parameters as positive sympy Symbols, by scenario field name (``x``: opening).
SYMBOLS: Mapping[str, sympy.Symbol] = {
    "gain": sympy.Symbol("G", positive=True),
    "cost": sympy.Symbol("c", positive=True),
    "curvature": sympy.Symbol("k", positive=True),
    "deliverability": sympy.Symbol("q", positive=True),
    "loss_target": sympy.Symbol("L_T", positive=True),
    "loss_sender": sympy.Symbol("L_S", positive=True),
    "backdown_cost": sympy.Symbol("a", positive=True),
    "resolve": sympy.Symbol("p", positive=True),
    "discount_sender": sympy.Symbol("delta_S", positive=True),
    "discount_target": sympy.Symbol("delta_T", positive=True),
    "opening": sympy.Symbol("x", nonnegative=True),
}


def _param(func: str, name: str, v: Any) -> sympy.Expr:
    """A parameter as a sympy expression: numbers converted exactly, Symbols kept, text refused."""
    if isinstance(v, str):
        raise ValueError(
            f"{func}: {name} must be a number or a sympy expression, not the string {v!r} "
            "(text is never passed to sympify)"
        )
    if isinstance(v, bool):
        raise ValueError(f"{func}: {name} must be a number or a sympy expression, got {v!r}")
    if isinstance(v, sympy.Basic):
        return v
    if isinstance(v, Integral | np.integer):
        return sympy.Integer(int(v))
    if isinstance(v, Fraction):
        return sympy.Rational(v.numerator, v.denominator)
    if isinstance(v, Real | np.floating):
        return sympy.Float(float(v))
    raise ValueError(f"{func}: {name} must be a number or a sympy expression, got {v!r}")


def nash_opening(
    gain: Any, cost: Any, deliverability: Any, loss_sender: Any, loss_target: Any,
    *, clip: bool = True,
) -> sympy.Expr:
    """The Nash bargaining opening of a sector with linear cost (k = 1), ``docs/model.md``.

    ``x* = clip(L_T / (2 c) - L_S / (2 q G), 0, 1)``, from maximising
    ``(q G x + L_S)(L_T - c x)`` with the threat point ``d = (-L_S, -L_T)``. It presumes
    ``c > 0``, ``q G > 0`` and ``L_T > 0`` (with ``L_T = 0`` nothing is strictly better for
    the target and there is no agreement). ``clip=False`` returns the unclipped root.

    Examples
    --------
    >>> from fractions import Fraction
    >>> nash_opening(6, 3, Fraction(9, 10), 2, 4)
    13/27
    >>> nash_opening(1.0, 1.0, 1.0, 0.0, 4.0)
    1
    """
    f = "nash_opening()"
    g, c, q = (_param(f, n, v) for n, v in (("gain", gain), ("cost", cost),
                                            ("deliverability", deliverability)))
    ls, lt = _param(f, "loss_sender", loss_sender), _param(f, "loss_target", loss_target)
    interior = lt / (2 * c) - ls / (2 * q * g)
    if not clip:
        return interior
    return sympy.Min(sympy.Max(interior, 0), 1)


def nash_opening_foc(
    gain: Any, cost: Any, curvature: Any, deliverability: Any, loss_sender: Any,
    loss_target: Any, opening: Any = None,
) -> sympy.Expr:
    """The first-order condition of the Nash opening for any curvature ``k``.

    The expression ``q G (L_T - c x**k) - c k x**(k-1) (q G x + L_S)`` is the derivative of
    the Nash product ``(q G x + L_S)(L_T - c x**k)`` in ``x``; an interior Nash opening is
    its root (it is decreasing in ``x`` on ``[0, 1]`` for ``k >= 1``). ``opening`` defaults
    to the symbol ``x``.

    Examples
    --------
    >>> foc = nash_opening_foc(6, 3, 1, 1, 2, 4)
    >>> sympy.solve(foc, SYMBOLS["opening"])
    [1/2]
    """
    f = "nash_opening_foc()"
    g, c, k, q = (_param(f, n, v) for n, v in (("gain", gain), ("cost", cost),
                                               ("curvature", curvature),
                                               ("deliverability", deliverability)))
    ls, lt = _param(f, "loss_sender", loss_sender), _param(f, "loss_target", loss_target)
    x = SYMBOLS["opening"] if opening is None else _param(f, "opening", opening)
    return sympy.expand(q * g * (lt - c * x**k) - c * k * x ** (k - 1) * (q * g * x + ls))


def credibility_threshold(
    gain: Any, cost: Any, deliverability: Any, loss_sender: Any, loss_target: Any,
    discount_sender: Any,
) -> sympy.Expr:
    """The backdown cost ``a*`` above which the sanction threat is credible (``docs/model.md``).

    If the target would concede under sanctions (``c < L_T``) the sender sanctions iff
    ``(1 - d_S)(-L_S) + d_S q G > -a``, i.e. ``a > (1 - d_S) L_S - d_S q G``; if it would hold
    out, iff ``L_S < a``. (At ``c = L_T`` both replies are subgame perfect; the holdout branch
    is returned.)

    Examples
    --------
    >>> from fractions import Fraction
    >>> credibility_threshold(6, 3, 1, 2, 4, Fraction(1, 2))
    -2
    >>> credibility_threshold(6, 5, 1, 2, 4, Fraction(1, 2))
    2
    """
    f = "credibility_threshold()"
    g, c, q = (_param(f, n, v) for n, v in (("gain", gain), ("cost", cost),
                                            ("deliverability", deliverability)))
    ls, lt = _param(f, "loss_sender", loss_sender), _param(f, "loss_target", loss_target)
    ds = _param(f, "discount_sender", discount_sender)
    return sympy.Piecewise(((1 - ds) * ls - ds * q * g, sympy.StrictLessThan(c, lt)), (ls, True))


def compliance_threshold(cost: Any, loss_target: Any, discount_target: Any) -> sympy.Expr:
    """The belief ``mu* = c / (-V)`` above which the target complies (incomplete information).

    ``V = max(-L_T, (1 - d_T)(-L_T) - d_T c)`` is the target's value of facing sanctions;
    when ``mu* > 1`` the target never complies (``docs/model.md``).

    Examples
    --------
    >>> from fractions import Fraction
    >>> compliance_threshold(3, 4, Fraction(1, 2))
    6/7
    """
    f = "compliance_threshold()"
    c, lt = _param(f, "cost", cost), _param(f, "loss_target", loss_target)
    dt = _param(f, "discount_target", discount_target)
    return c / sympy.Min(lt, (1 - dt) * lt + dt * c)


def comparative_statics(
    expr: sympy.Expr, parameters: Sequence[sympy.Symbol]
) -> dict[sympy.Symbol, sympy.Expr]:
    """The derivative of ``expr`` with respect to each parameter, simplified.

    Examples
    --------
    >>> G, c, q, LS, LT = (SYMBOLS[n] for n in ("gain", "cost", "deliverability",
    ...                                          "loss_sender", "loss_target"))
    >>> comparative_statics(nash_opening(G, c, q, LS, LT, clip=False), [LT, LS])
    {L_T: 1/(2*c), L_S: -1/(2*G*q)}
    """
    out = {}
    for s in parameters:
        if not isinstance(s, sympy.Symbol):
            raise ValueError(f"comparative_statics(): parameters must be sympy Symbols, got {s!r}")
        out[s] = sympy.simplify(sympy.diff(expr, s))
    return out


def to_numpy(expr: sympy.Expr, parameters: Sequence[sympy.Symbol]) -> Callable[..., Any]:
    """A vectorised numpy function of ``parameters`` (broadcasting arrays), via ``lambdify``.

    Examples
    --------
    >>> G, c, q, LS, LT = (SYMBOLS[n] for n in ("gain", "cost", "deliverability",
    ...                                          "loss_sender", "loss_target"))
    >>> f = to_numpy(nash_opening(G, c, q, LS, LT), [G, c, q, LS, LT])
    >>> f(6.0, 3.0, 1.0, 2.0, np.array([1.0, 4.0, 10.0])).tolist()
    [0.0, 0.5, 1.0]
    """
    for s in parameters:
        if not isinstance(s, sympy.Symbol):
            raise ValueError(f"to_numpy(): parameters must be sympy Symbols, got {s!r}")
    return sympy.lambdify(list(parameters), expr, modules="numpy")
