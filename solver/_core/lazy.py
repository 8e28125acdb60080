"""Public names that load on first use (PEP 562), so ``import solver`` stays cheap.

A package lists its public names and where each lives; :func:`lazy_exports` gives the
package's module-level ``__getattr__`` and ``__dir__``. The first access imports the
defining module and caches the value in the package, so later accesses are plain lookups.
Type checkers and IDEs see the same names through an ``if TYPE_CHECKING:`` block of real
imports beside the table (``tests/test_public_api.py`` checks that the two agree).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, where: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose names live in ``where``.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    where : Mapping[str, str]
        Each public name and the module that defines it. The name is that module's
        attribute; a module without such an attribute stands for itself
        (``"symbolic": "solver.model.symbolic"``).

    Returns
    -------
    tuple
        ``(__getattr__, __dir__)`` to bind at the package's top level.

    Examples
    --------
    >>> getattr_, dir_ = lazy_exports("solver", {"Sector": "solver.model.sector"})
    >>> getattr_("Sector").__name__
    'Sector'
    >>> getattr_, _ = lazy_exports("solver", {"sweep": "solver.model.sweep",
    ...                                       "symbolic": "solver.model.symbolic"})
    >>> getattr_("sweep").__name__, getattr_("symbolic").__name__
    ('sweep', 'solver.model.symbolic')
    >>> "Sector" in dir_()
    True
    """

    def __getattr__(name: str) -> Any:
        try:
            module = where[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        loaded = importlib.import_module(module)
        value = getattr(loaded, name, loaded)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__
