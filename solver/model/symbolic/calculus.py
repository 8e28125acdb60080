"""Calculus on the closed forms: comparative statics and vectorised numpy functions,
with every expression checked to carry no text into generated code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sympy


from solver._core.errors import InputError
from solver.model.symbolic._common import _safe


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
    >>> from solver.model.symbolic import SYMBOLS, brw_limit
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
    >>> import numpy as np
    >>> from solver.model.symbolic import SYMBOLS, brw_limit
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
