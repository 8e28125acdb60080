"""One table model, six renderings: text, Markdown, LaTeX, CSV, JSON and HTML.

A :class:`Table` holds a name, a title, its :class:`Column` s (label, unit, how a value is
formatted), the raw values of its rows and its footnotes. Every rendering goes through one
cell formatter, :meth:`Column.format`, so the formats cannot drift apart: a value that the
text prints as ``0.137`` is ``0.137`` in the Markdown, the LaTeX, the CSV, the HTML and the
JSON (where it is the number 0.137), and a value that does not apply (``None`` or NaN) is
``-`` everywhere and ``null`` in JSON.

The raw, unrounded numbers stay available from each result's ``to_frame()`` and from
``--format csv --raw`` on the command line.

Examples
--------
>>> t = Table("openings", "Openings", (Column("sector", "sector", kind="text"),
...           Column("x", "x*", "share")), (("autos", 0.25), ("glass", None)))
>>> print(t.to_text())
Openings
sector  x*
        share
------  -----
autos   0.250
glass       -
>>> print(t.to_csv(), end="")
sector,x* (share)
autos,0.250
glass,-
>>> t.to_json()["rows"]
[['autos', 0.25], ['glass', None]]
"""

from __future__ import annotations

import csv
import html
import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver._core.errors import InputError
from solver.presentation.tables import (
    WIDTH,
    csv_cell,
    latex_escape,
    markdown_escape,
    plain_text,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KINDS", "TABLE_SCHEMA", "Column", "Table"]

#: How a column's values are formatted: numbers with ``digits`` decimals, integers, text,
#: and yes/no flags.
KINDS = ("number", "int", "text", "bool")

#: What a value that does not apply prints as (``null`` in JSON).
MISSING = "-"

#: JSON Schema (draft 2020-12) of :meth:`Table.to_json`: a cell is the number printed, the
#: text printed, a flag, or ``null`` where the text prints ``-``.
TABLE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "additionalProperties": False,
    "required": ["name", "title", "columns", "rows", "notes"],
    "properties": {
        "name": {"type": "string"}, "title": {"type": "string"},
        "columns": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["key", "label", "unit", "kind"],
            "properties": {"key": {"type": "string"}, "label": {"type": "string"},
                           "unit": {"type": "string"}, "kind": {"enum": list(KINDS)}}}},
        "rows": {"type": "array", "items": {"type": "array", "items": {
            "type": ["number", "string", "boolean", "null"]}}},
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


@dataclass(frozen=True)
class Column:
    """One column: its key (snake_case, as in ``to_frame()``), its label, its unit, and how
    its values are formatted.

    A ``\\n`` in the label is a line break in the text header only; elsewhere the label is
    one line, and a word hyphenated over the break is joined (``"P(sanc-\\ntion)"`` is
    ``P(sanction)``; ``"Kalai-\\nSmorodinsky"`` keeps its hyphen).

    Parameters
    ----------
    key : str
        The column's key, snake_case, as in ``to_frame()``, CSV ``--raw`` and JSON.
    label : str
        The header; a ``\\n`` breaks it over two lines in the text rendering.
    unit : str, optional
        The unit, printed under the label in text and in parentheses elsewhere.
    kind : {'number', 'int', 'text', 'bool'}, default 'number'
        How values are formatted (see :data:`KINDS`).
    digits : int, default 3
        Decimals of a ``number`` column.

    Raises
    ------
    InputError
        If ``kind`` is not one of :data:`KINDS`.

    Examples
    --------
    >>> c = Column("sanction_probability", "P(sanc-\\ntion)", "probability")
    >>> c.heading
    'P(sanction) (probability)'
    >>> c.format(0.05), c.format(None), c.value(0.0504)
    ('0.050', '-', 0.05)
    >>> Column("deal", "deal", kind="bool").format(1)
    'yes'
    """

    key: str
    label: str
    unit: str = ""
    kind: str = "number"
    digits: int = 3

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InputError(f"Column(): kind must be one of {', '.join(KINDS)}, got "
                             f"{self.kind!r}")

    @property
    def flat_label(self) -> str:
        """The label on one line."""
        lines = [x.strip() for x in self.label.split("\n")]
        out = lines[0]
        for x in lines[1:]:
            if out.endswith("-"):  # a word broken over the text header's lines
                out = out[:-1] + x if x[:1].islower() else out + x
            else:
                out += " " + x
        return out

    @property
    def heading(self) -> str:
        """The label and the unit on one line, as Markdown, LaTeX, CSV and HTML head it."""
        return f"{self.flat_label} ({self.unit})" if self.unit else self.flat_label

    def format(self, v: Any) -> str:
        """The text of a value, as every rendering prints it."""
        if _missing(v):
            return MISSING
        if self.kind == "bool":
            return "yes" if v else "no"
        if self.kind == "int":
            return str(int(v))
        if self.kind == "number" and isinstance(v, (int, float)) and not isinstance(v, bool):
            text = f"{float(v):.{self.digits}f}"
            return text[1:] if text.startswith("-") and float(text) == 0 else text
        return str(v)

    def value(self, v: Any) -> float | int | str | bool | None:
        """The value JSON carries: the number printed, the text printed, a flag, or None."""
        text = self.format(v)
        if text == MISSING:
            return None
        if self.kind == "bool":
            return bool(v)
        if self.kind == "int":
            return int(text)
        if self.kind == "number" and isinstance(v, (int, float)):
            return float(text)
        return text

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "int")


@dataclass(frozen=True)
class Table:
    """A titled table: columns, the raw values of its rows, and footnotes.

    Parameters
    ----------
    name : str
        A short identifier (the HTML anchor ``table-<name>``, the JSON ``name``).
    title : str
        The caption printed above the table.
    columns : tuple of Column
        The columns, in order.
    rows : tuple of tuple
        The raw values, one tuple per row with one value per column (None or NaN: missing).
    notes : tuple of str, optional
        Footnotes printed under the table.

    Raises
    ------
    InputError
        If a row does not have one value per column.

    Examples
    --------
    >>> t = Table("deals", "Deals", (Column("sector", "sector", kind="text"),
    ...           Column("deal", "deal", kind="bool")), (("autos", True),), ("A note.",))
    >>> print(t.to_text())
    Deals
    sector  deal
    ------  ----
    autos   yes
    A note.
    >>> t.to_json()["rows"]
    [['autos', True]]
    """

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise InputError(f"Table({self.name!r}): row {i} has {len(row)} cells for "
                                 f"{len(self.columns)} columns")

    @classmethod
    def from_frame(cls, name: str, title: str, frame: pd.DataFrame, *,
                   labels: dict[str, str] | None = None, units: dict[str, str] | None = None,
                   digits: int = 3, notes: Sequence[str] = ()) -> Table:
        """A table of a DataFrame's columns, each column's kind read from its dtype."""
        import pandas as pd

        labels, units = labels or {}, units or {}
        cols = []
        for c in frame.columns:
            s = frame[c]
            kind = ("bool" if pd.api.types.is_bool_dtype(s) else
                    "int" if pd.api.types.is_integer_dtype(s) else
                    "number" if pd.api.types.is_numeric_dtype(s) else "text")
            cols.append(Column(str(c), labels.get(str(c), str(c).replace("_", " ")),
                               units.get(str(c), ""), kind, digits))
        rows = tuple(tuple(r) for r in frame.itertuples(index=False))
        return cls(name, title, tuple(cols), rows, tuple(notes))

    # -- the one formatter, applied ------------------------------------------------------

    def cells(self) -> list[list[str]]:
        """Every cell as printed (the same text in every rendering)."""
        return [[c.format(v) for c, v in zip(self.columns, row, strict=True)]
                for row in self.rows]

    def to_frame(self) -> pd.DataFrame:
        """The printed values (JSON's), headed by the column keys."""
        import pandas as pd

        return pd.DataFrame([[c.value(v) for c, v in zip(self.columns, row, strict=True)]
                             for row in self.rows], columns=[c.key for c in self.columns])

    # -- renderings -------------------------------------------------------------------------

    def to_text(self) -> str:
        """Aligned columns, the unit on a second header line, notes wrapped at 100 columns."""
        heads = [plain_text(c.label).split("\n") for c in self.columns]
        depth = max((len(h) for h in heads), default=1)
        head_lines = [[h[i] if i < len(h) else "" for h in heads] for i in range(depth)]
        if any(c.unit for c in self.columns):
            head_lines.append([plain_text(c.unit, newlines=False) for c in self.columns])
        body = [[plain_text(x, newlines=False) for x in r] for r in self.cells()]
        widths = [max([len(x[i]) for x in head_lines] + [len(r[i]) for r in body])
                  for i in range(len(self.columns))]

        def line(cells: Sequence[str], align: bool) -> str:
            return "  ".join(x.rjust(w) if align and c.numeric else x.ljust(w)
                             for x, w, c in zip(cells, widths, self.columns, strict=True)
                             ).rstrip()

        out = [plain_text(self.title)] if self.title else []
        out += [line(h, False) for h in head_lines]
        out.append("  ".join("-" * w for w in widths))
        out += [line(r, True) for r in body]
        for note in self.notes:
            out.extend(textwrap.wrap(plain_text(note), width=WIDTH,
                                     subsequent_indent="    ") or [""])
        return "\n".join(out)

    def to_markdown(self) -> str:
        """A GitHub-flavoured Markdown table under a ``##`` title, the notes below it; data
        is escaped (raw HTML shown, not interpreted; pipes, emphasis and links literal)."""
        esc = markdown_escape

        out = [f"## {esc(self.title)}", ""] if self.title else []
        out.append("| " + " | ".join(esc(c.heading) for c in self.columns) + " |")
        out.append("|" + "|".join("---:" if c.numeric else ":---" for c in self.columns)
                   + "|")
        out += ["| " + " | ".join(esc(x) for x in r) + " |" for r in self.cells()]
        out += [n for note in self.notes if note for n in ("", esc(note))]
        return "\n".join(out)

    def to_latex(self) -> str:
        """A booktabs ``tabular`` (every cell, heading and note escaped), its title above."""
        spec = "".join("r" if c.numeric else "l" for c in self.columns)
        out = [f"% {self.name}"]
        if self.title:
            out.append(r"\par\noindent\textbf{" + latex_escape(self.title) + r"}\par")
        out += [r"\begin{tabular}{" + spec + "}", r"\toprule"]
        out.append(" & ".join(latex_escape(c.flat_label) for c in self.columns) + r" \\")
        if any(c.unit for c in self.columns):
            out.append(" & ".join(latex_escape(c.unit) for c in self.columns) + r" \\")
        out.append(r"\midrule")
        out += [" & ".join(latex_escape(x) for x in r) + r" \\" for r in self.cells()]
        out += [r"\bottomrule", r"\end{tabular}"]
        out += [r"\par\noindent{\footnotesize " + latex_escape(n) + "}"
                for n in self.notes if n]
        return "\n".join(out)

    def to_csv(self) -> str:
        """One table: a header line of ``label (unit)`` and the printed values; no notes.
        ``pandas.read_csv`` reads it back with ``na_values="-"``. Text that a spreadsheet
        would read as a formula (``=``, ``+``, ``-``, ``@``, ...) starts with ``'``."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([csv_cell(c.heading) for c in self.columns])
        writer.writerows([[csv_cell(x) for x in r] for r in self.cells()])
        return buf.getvalue()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready document (:data:`TABLE_SCHEMA`) of the printed values."""
        return {
            "name": self.name, "title": self.title,
            "columns": [{"key": c.key, "label": c.flat_label, "unit": c.unit, "kind": c.kind}
                        for c in self.columns],
            "rows": [[c.value(v) for c, v in zip(self.columns, row, strict=True)]
                     for row in self.rows],
            "notes": [n for n in self.notes if n],
        }

    def to_html(self) -> str:
        """An HTML ``<table>`` with its caption, the notes in ``<p class="note">``."""
        def e(text: str) -> str:
            return html.escape(plain_text(text))

        out = [f'<table class="solver-table" id="table-{e(self.name)}">']
        if self.title:
            out.append(f"<caption>{e(self.title)}</caption>")
        out.append("<thead><tr>" + "".join(
            f"<th>{e(c.flat_label)}" + (f"<br><small>{e(c.unit)}</small>" if c.unit else "")
            + "</th>" for c in self.columns) + "</tr></thead><tbody>")
        for r in self.cells():
            out.append("<tr>" + "".join(
                f'<td class="{"num" if c.numeric else "txt"}">{e(x)}</td>'
                for c, x in zip(self.columns, r, strict=True)) + "</tr>")
        out.append("</tbody></table>")
        out += [f'<p class="note">{e(n)}</p>' for n in self.notes if n]
        return "\n".join(out)

    def render(self, fmt: str) -> str:
        """The table in ``fmt``: text, markdown, latex, csv or html (JSON: :meth:`to_json`)."""
        render = {"text": self.to_text, "markdown": self.to_markdown,
                  "latex": self.to_latex, "csv": self.to_csv, "html": self.to_html}
        if fmt not in render:
            raise InputError(f"Table.render(): format must be one of {', '.join(render)}, "
                             f"got {fmt!r}")
        return render[fmt]()

    def __repr__(self) -> str:
        return (f"Table({self.name!r}, {len(self.rows)} rows x {len(self.columns)} columns: "
                f"{self.title!r})")

    def _repr_html_(self) -> str:
        return self.to_html()
