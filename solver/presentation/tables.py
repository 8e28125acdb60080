"""Plain-text tables: aligned columns, units in the headers, readable at 100 columns."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from solver._core.tabular import (
    csv_cell,
    csv_frame,
    latex_escape,
    markdown_escape,
    plain_text,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["WIDTH", "csv_cell", "csv_frame", "format_notes", "latex_escape", "markdown_escape",
           "plain_text", "render_text"]

#: Printed tables and their notes fit this many columns.
WIDTH = 100


def _cell(v: Any, digits: int) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        if math.isnan(v):
            return "-"
        return f"{v:.{digits}f}"
    if v is None:
        return "-"
    return str(v)


def render_text(
    frame: pd.DataFrame,
    title: str = "",
    *,
    digits: int = 3,
    notes: Sequence[str] = (),
) -> str:
    """Render a DataFrame as an aligned text table.

    Column names may carry a unit after a newline (``"payoff\\n$B/yr"``); it is printed as a
    second header line. Numbers are right-aligned, text left-aligned. Notes are wrapped at
    :data:`WIDTH` columns.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; its index is not printed.
    title : str, optional
        A line printed above the header; omitted when empty.
    digits : int, default 3
        Decimals of float cells (NaN and None print as ``-``, booleans as yes/no).
    notes : sequence of str, optional
        Paragraphs printed under the table, wrapped with a hanging indent.

    Returns
    -------
    str
        The table as lines of text, without a trailing newline.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sector": ["autos", "glass"], "x*\\nshare": [0.25, 0.5]})
    >>> print(render_text(df, "Openings"))
    Openings
    sector  x*
            share
    ------  -----
    autos   0.250
    glass   0.500
    """
    import pandas as pd

    heads = [plain_text(str(c)).split("\n", 1) for c in frame.columns]
    names = [h[0] for h in heads]
    units = [h[1] if len(h) > 1 else "" for h in heads]
    body = [[plain_text(_cell(v, digits), newlines=False) for v in row]
            for row in frame.itertuples(index=False)]
    numeric = [
        pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
        for c in frame.columns
    ]
    widths = [max([len(names[i]), len(units[i]), *(len(r[i]) for r in body)])
              for i in range(len(names))]

    def line(cells: Sequence[str], align_numbers: bool) -> str:
        out = []
        for i, c in enumerate(cells):
            right = align_numbers and numeric[i]
            out.append(c.rjust(widths[i]) if right else c.ljust(widths[i]))
        return "  ".join(out).rstrip()

    lines = [plain_text(title)] if title else []
    lines.append(line(names, False))
    if any(units):
        lines.append(line(units, False))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(line(r, True) for r in body)
    for note in notes:
        lines.extend(textwrap.wrap(plain_text(note), width=WIDTH, subsequent_indent="    ") or [""])
    return "\n".join(lines)


def format_notes(notes: Sequence[str], fmt: str) -> str:
    r"""Notes under a Markdown table (paragraphs) or a LaTeX one (small, escaped paragraphs).

    Parameters
    ----------
    notes : sequence of str
        The notes; empty ones are dropped.
    fmt : str
        ``"latex"`` for LaTeX paragraphs; anything else gives Markdown-escaped paragraphs.

    Returns
    -------
    str
        The notes, separated by blank lines.

    Examples
    --------
    >>> print(format_notes(["L_S in $B/yr.", ""], "latex"))
    \par\noindent{\footnotesize L\_S in \$B/yr.}
    >>> print(format_notes(["First.", "Second."], "markdown"))
    First.
    <BLANKLINE>
    Second.
    """
    kept = [n for n in notes if n]
    if fmt == "latex":
        return "\n\n".join(r"\par\noindent{\footnotesize " + latex_escape(n) + "}"
                            for n in kept)
    return "\n\n".join(markdown_escape(n) for n in kept)
