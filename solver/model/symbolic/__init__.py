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

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from solver.model.symbolic._common import MAX_SYMBOLIC_ROUNDS, _symbols_table
from solver.model.symbolic.calculus import comparative_statics, to_numpy
from solver.model.symbolic.offers import brw_limit, stahl_opening, tioli_opening
from solver.model.symbolic.subgame import subgame_path, subgame_threat_point

if TYPE_CHECKING:
    import sympy

__all__ = [
    "MAX_SYMBOLIC_ROUNDS",
    "SYMBOLS",
    "brw_limit",
    "comparative_statics",
    "stahl_opening",
    "subgame_path",
    "subgame_threat_point",
    "tioli_opening",
    "to_numpy",
]

SYMBOLS: Mapping[str, sympy.Symbol]  # declared here; built by __getattr__ on first use


def __getattr__(name: str) -> Any:
    """``SYMBOLS`` is built on first use (PEP 562), so importing this module does not
    import sympy."""
    if name == "SYMBOLS":
        table = _symbols_table()
        globals()["SYMBOLS"] = table
        return table
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
