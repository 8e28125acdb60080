"""The solver's errors: one hierarchy, so a caller can catch the kind of failure it means.

- :class:`InputError` (a :class:`ValueError`): the caller's input is outside what the
  function accepts. Nothing was computed or written.
- :class:`CertificateError` (an :class:`ArithmeticError`): an answer failed the independent
  check of its defining conditions. On valid input this is a bug in the solver, and the
  message names the function and the residual.
- :class:`BudgetExceeded` (a :class:`RuntimeError`): a routine reached the iteration,
  size or time budget its caller set; ``partial`` holds what was certified so far.
- :class:`EngineError` (a :class:`RuntimeError`): a numerical engine (linprog, cddlib, an
  iteration) failed in a way no certificate can repair.

Every message starts with the name of the public function the caller called, e.g.
``"nash_equilibria(): ..."``, or with the file it read.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SolverError", "InputError", "CertificateError", "BudgetExceeded", "EngineError"]


class SolverError(Exception):
    """The base of every error the solver raises on purpose."""


class InputError(SolverError, ValueError):
    """The caller's input is outside what the function accepts; nothing was done."""


class CertificateError(SolverError, ArithmeticError):
    """An answer failed the independent check of its defining conditions."""


class EngineError(SolverError, RuntimeError):
    """A numerical engine failed (a solver status, an unbounded ray, no convergence)."""


class BudgetExceeded(SolverError, RuntimeError):
    """A routine reached the caller's iteration, size or time budget.

    ``partial`` is the result so far, if the routine has one: what it holds is certified,
    but it is marked incomplete (for the Nash engines, ``complete=False`` with
    ``diagnostics["budget"]`` naming the limit that stopped it).
    """

    def __init__(self, message: str, partial: Any = None) -> None:
        super().__init__(message)
        self.partial = partial


# Tracebacks name each error by the path users import it from.
for _error in (SolverError, InputError, CertificateError, EngineError, BudgetExceeded):
    _error.__module__ = "solver.errors"
