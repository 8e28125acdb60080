"""Tables for every result object: one ``to_frame()`` gives all the other forms.

A result class defines ``to_frame()`` (a pandas DataFrame) and inherits from :class:`Tabular`
to get ``to_markdown()``, ``to_latex()``, ``to_csv()`` and ``_repr_html_()`` (Jupyter). This
module imports nothing from the solver, so every layer may use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

__all__ = ["Tabular", "format_mixed"]


def format_mixed(labels: Sequence[str], probs: Iterable[Any]) -> str:
    """A mixed strategy as ``"label: p, ..."`` over its support (pure: just the label).

    Examples
    --------
    >>> format_mixed(["H", "T"], [0.5, 0.5]), format_mixed(["L", "R"], [0, 1])
    ('H: 0.5, T: 0.5', 'R')
    """
    support = [(lab, p) for lab, p in zip(labels, probs, strict=True) if p != 0]
    if len(support) == 1 and support[0][1] == 1:
        return support[0][0]
    return ", ".join(f"{lab}: {float(p):.4g}" for lab, p in support)


class Tabular:
    """Mixin: table forms derived from ``to_frame()``.

    Examples
    --------
    >>> class Demo(Tabular):
    ...     def to_frame(self) -> pd.DataFrame:
    ...         return pd.DataFrame({"sector": ["autos"], "x*": [0.25]})
    >>> print(Demo().to_markdown())
    | sector   |   x* |
    |:---------|-----:|
    | autos    | 0.25 |
    >>> Demo().to_csv().splitlines()
    ['sector,x*', 'autos,0.25']
    """

    def to_frame(self) -> pd.DataFrame:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def to_markdown(self) -> str:
        """The table as GitHub-flavoured Markdown."""
        return str(self.to_frame().to_markdown(index=False))

    def to_latex(self) -> str:
        """The table as a LaTeX ``tabular``."""
        return str(self.to_frame().to_latex(index=False, float_format="%.4g"))

    def to_csv(self) -> str:
        """The table as CSV text."""
        return str(self.to_frame().to_csv(index=False))

    def _repr_html_(self) -> str:
        return str(self.to_frame().to_html(index=False))
