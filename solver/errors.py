"""The solver's errors, for ``except`` clauses: ``from solver.errors import InputError``.

See :mod:`solver._core.errors` for what each kind means.
"""

from __future__ import annotations

from solver._core.errors import (
    BudgetExceeded,
    CertificateError,
    EngineError,
    InputError,
    SolverError,
)

__all__ = ["SolverError", "InputError", "CertificateError", "EngineError", "BudgetExceeded"]
