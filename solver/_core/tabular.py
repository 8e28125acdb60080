"""Tables for every result object: one ``to_frame()`` gives all the other forms.

A result class defines ``to_frame()`` (a pandas DataFrame) and inherits from :class:`Tabular`
to get ``to_markdown()``, ``to_latex()``, ``to_csv()`` and ``_repr_html_()`` (Jupyter). This
module imports nothing from the solver, so every layer may use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["HTML_WIDTH", "REPR_WIDTH", "Tabular", "compact_html", "csv_cell", "csv_frame",
           "format_mixed", "latex_escape", "markdown_escape", "one_line", "plain_text",
           "short_value"]


def format_mixed(labels: Sequence[str], probs: Iterable[Any]) -> str:
    """A mixed strategy as ``"label: p, ..."`` over its support (pure: just the label).

    Parameters
    ----------
    labels : sequence of str
        The strategies' labels.
    probs : iterable of numbers
        Their probabilities, one per label.

    Returns
    -------
    str
        The label of a pure strategy, else ``label: p`` (4 significant digits) for each
        strategy played with positive probability, joined by ``", "``.

    Examples
    --------
    >>> format_mixed(["H", "T"], [0.5, 0.5]), format_mixed(["L", "R"], [0, 1])
    ('H: 0.5, T: 0.5', 'R')
    """
    support = [(lab, p) for lab, p in zip(labels, probs, strict=True) if p != 0]
    if len(support) == 1 and support[0][1] == 1:
        return support[0][0]
    return ", ".join(f"{lab}: {float(p):.4g}" for lab, p in support)


#: Control characters (C0 but newline and tab, DEL, C1) and the bidirectional overrides that
#: can make text display as something other than what it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain_text(text: str, *, newlines: bool = True) -> str:
    """``text`` with control characters removed (ESC, NUL, bidi overrides, ...), so that data
    printed to a terminal cannot move the cursor, recolour it or hide what follows. With
    ``newlines=False`` line breaks and tabs become spaces too.

    Parameters
    ----------
    text : str
        The text (converted with ``str``).
    newlines : bool, optional
        Keep line breaks and tabs (default) or make them spaces.

    Returns
    -------
    str
        The cleaned text.

    Examples
    --------
    >>> plain_text("autos\x1b[2J\x07 (cars)")
    'autos[2J (cars)'
    """
    out = _CONTROL.sub("", str(text))
    return out if newlines else re.sub(r"[\r\n\t]", " ", out)


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
                  "|": r"\textbar{}", "[": "{[}", "]": "{]}"}


def latex_escape(text: str) -> str:
    r"""Escape LaTeX's special characters in running text: no character of the data can
    start a control sequence (``\``), a group, math, a comment, a table cell, a ``^^``
    character code or the optional argument of a line break; control characters and line
    breaks (a blank line would end the paragraph) are removed or made spaces.

    Parameters
    ----------
    text : str
        The text (converted with ``str``).

    Returns
    -------
    str
        The escaped text.

    Examples
    --------
    >>> print(latex_escape("L_S in $B/yr, 5% & more"))
    L\_S in \$B/yr, 5\% \& more
    >>> print(latex_escape(r"\input{/etc/hostname}"))
    \textbackslash{}input\{/etc/hostname\}
    """
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in plain_text(text, newlines=False))


_MD_SPECIAL = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "\\|", "\\": "\\\\", "`": "\\`",
               "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]"}


def markdown_escape(text: str) -> str:
    r"""Escape text for a Markdown table cell: raw HTML is shown, not interpreted (``<`` and
    ``&`` as entities), and pipes, backslashes, backticks, emphasis and link brackets are
    literal; control characters are removed and line breaks made spaces.

    Parameters
    ----------
    text : str
        The text (converted with ``str``).

    Returns
    -------
    str
        The escaped text (an underscore inside a word is left alone).

    Examples
    --------
    >>> print(markdown_escape("<img src=x onerror=alert(1)> a|b *c*"))
    &lt;img src=x onerror=alert(1)&gt; a\|b \*c\*
    """
    out = "".join(_MD_SPECIAL.get(ch, ch) for ch in plain_text(text, newlines=False))
    return re.sub(r"(?<=[A-Za-z0-9])\\_(?=[A-Za-z0-9])", "_", out)  # auto_parts: no emphasis


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def csv_cell(v: Any) -> Any:
    """A cell as a spreadsheet may safely open it (OWASP, "CSV injection"): text that starts
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so it
    is not read as a formula. Numbers, and text that is a plain number (``-0.5``) or the
    missing-value mark ``-``, are left as they are.

    Parameters
    ----------
    v : object
        The cell's value.

    Returns
    -------
    object
        ``v`` unchanged if not a string; a string with control characters removed, and
        prefixed with ``'`` when it would read as a formula.

    Examples
    --------
    >>> csv_cell("=cmd|' /C calc'!A0"), csv_cell("-0.500"), csv_cell(-2.5), csv_cell("@SUM")
    ("'=cmd|' /C calc'!A0", '-0.500', -2.5, "'@SUM")
    """
    if not isinstance(v, str):
        return v
    v = plain_text(v)
    if v[:1] in ("=", "+", "-", "@", "\t", "\r") and v != "-" and not _NUMBER.fullmatch(v):
        return "'" + v
    return v


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell and column name passed through :func:`csv_cell`.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (left unchanged).

    Returns
    -------
    pandas.DataFrame
        A copy whose column names (as strings) and non-numeric columns' cells are safe.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"=x": ["=1+1", "-0.5"], "n": [1, 2]})
    >>> csv_frame(df).to_dict("list")
    {"'=x": ["'=1+1", '-0.5'], 'n': [1, 2]}
    """
    import pandas as pd

    out = frame.copy()
    out.columns = [csv_cell(str(c)) for c in frame.columns]
    for c in out.columns:
        if not pd.api.types.is_numeric_dtype(out[c]):  # object, or pandas 3's str
            out[c] = out[c].map(csv_cell)
    return out



#: A result's one-line repr is cut to this many characters (with "...").
REPR_WIDTH = 160


def short_value(v: Any) -> str:
    """``v`` for a one-line repr: numbers to 4 significant digits (exact fractions too),
    tuples and lists element by element, strings quoted.

    Parameters
    ----------
    v : object
        The value.

    Returns
    -------
    str
        ``repr`` for None, bools and strings; ints in full; other numbers with ``.4g``;
        anything else its ``repr``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> short_value((0.16064981949458484, Fraction(44, 5), None, True, 3, "autos"))
    "(0.1606, 8.8, None, True, 3, 'autos')"
    """
    if v is None or isinstance(v, bool | str):
        return repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, tuple | list):
        inner = ", ".join(short_value(x) for x in v)
        if isinstance(v, list):
            return f"[{inner}]"
        return f"({inner},)" if len(v) == 1 else f"({inner})"
    try:
        return f"{float(v):.4g}"
    except (TypeError, ValueError):
        return repr(v)


def one_line(name: str, *args: Any, **fields: Any) -> str:
    """A result's repr: ``name(arg, ..., field=value, ...)`` on one line, numbers to 4
    significant digits, cut to :data:`REPR_WIDTH` characters.

    Parameters
    ----------
    name : str
        The class name.
    *args : object
        Positional values, shown first.
    **fields : object
        Named values, shown as ``field=value``.

    Returns
    -------
    str
        The repr, each value through :func:`short_value`, line breaks made spaces.

    Examples
    --------
    >>> one_line("SectorGame", "autos", demand=0.16064981949458484, round=3)
    "SectorGame('autos', demand=0.1606, round=3)"
    """
    parts = [short_value(a) for a in args] + [f"{k}={short_value(v)}" for k, v in fields.items()]
    text = f"{name}({', '.join(parts)})".replace("\n", " ")
    if len(text) > REPR_WIDTH:
        text = text[: REPR_WIDTH - 4] + "...)"
    return text


class Tabular:
    """Mixin: table forms derived from ``to_frame()``.

    Examples
    --------
    >>> import pandas as pd
    >>> class Demo(Tabular):
    ...     def to_frame(self) -> pd.DataFrame:
    ...         return pd.DataFrame({"sector": ["autos"], "x*": [0.25]})
    >>> print(Demo().to_markdown())
    | sector   |   x\\* |
    |:---------|------:|
    | autos    |  0.25 |
    >>> Demo().to_csv().splitlines()
    ['sector,x*', 'autos,0.25']
    """

    def to_frame(self) -> pd.DataFrame:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def to_markdown(self) -> str:
        """The table as GitHub-flavoured Markdown (text escaped: raw HTML is shown)."""
        return str(_escaped(self.to_frame(), markdown_escape).to_markdown(index=False))

    def to_latex(self) -> str:
        """The table as a LaTeX ``tabular`` (text escaped: no control sequence from data)."""
        return str(_escaped(self.to_frame(), latex_escape).to_latex(
            index=False, float_format="%.4g", escape=False))

    def to_csv(self) -> str:
        """The table as CSV text (text that would read as a formula starts with ``'``)."""
        return str(csv_frame(self.to_frame()).to_csv(index=False))

    def _repr_html_(self) -> str:
        """Jupyter's view: the one-line repr, the leading columns that fit in
        :data:`HTML_WIDTH` characters (4 significant digits), and every column behind a
        ``<details>``."""
        return compact_html(repr(self), self.to_frame())


def _escaped(frame: pd.DataFrame, esc: Any) -> pd.DataFrame:
    """``frame`` with its column names and text cells passed through ``esc``."""
    import pandas as pd

    out = frame.copy()
    out.columns = [esc(str(c)) for c in frame.columns]
    for c in out.columns:
        if not pd.api.types.is_numeric_dtype(out[c]):  # object, or pandas 3's str
            out[c] = out[c].map(lambda v: esc(v) if isinstance(v, str) else v)
    return out


#: The compact HTML view shows the columns that fit in this many characters.
HTML_WIDTH = 100


def _short(v: Any) -> str:
    if isinstance(v, float):
        return "-" if v != v else f"{v:.4g}"
    return "-" if v is None else str(v)


def compact_html(title: str, frame: pd.DataFrame, width: int = HTML_WIDTH) -> str:
    """A compact HTML view of ``frame``: the leading columns that fit in ``width``
    characters, values to 4 significant digits, and the whole table behind ``<details>``.

    Parameters
    ----------
    title : str
        Shown above the table (HTML-escaped), usually the object's repr.
    frame : pandas.DataFrame
        The table.
    width : int, optional
        The characters the leading columns may take (at least one column is shown).

    Returns
    -------
    str
        The HTML (all text escaped).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({f"column_{i}": [1 / 3] for i in range(20)})
    >>> view = compact_html("Demo()", df)
    >>> view.split("<details>")[0].count("<th>column_"), "all 20 columns" in view
    (10, True)
    """
    import html

    shown = frame.map(_short) if len(frame.columns) else frame
    keep: list[Any] = []
    used = 0
    for c in shown.columns:
        w = max([len(str(c)), *(len(x) for x in shown[c])]) + 2
        if keep and used + w > width:
            break
        keep.append(c)
        used += w
    head = f"<p><code>{html.escape(title)}</code></p>"
    table = shown[keep].to_html(index=False, escape=True)
    rest = len(shown.columns) - len(keep)
    if not rest:
        return head + table
    return (head + table + f"<details><summary>all {len(shown.columns)} columns "
            f"({rest} more; <code>to_frame()</code> has the unrounded values)</summary>"
            + shown.to_html(index=False, escape=True) + "</details>")
