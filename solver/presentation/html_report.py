"""HTML: ``--format html`` (the tables on one page) and ``report`` (one file to email).

The report of a scenario holds every table of ``python -m solver``, the figures inline as
SVG, the scenario's parameters with their units, ranges and sources, the protocol with its
sources, and the model's scorecard against the 1993-95 record. It loads nothing from the
network: styles are inline and the figures are SVG text, so the one file is the report.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from solver.model.negotiation import NegotiationAnalysis
from solver.model.scenario import Scenario
from solver.presentation.table import Column, Table

__all__ = ["full_report", "html_page", "negotiation_page", "protocol_table",
           "scenario_table"]

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:72rem;
margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #ccc} .meta{color:#555;font-size:.9rem}
table.solver-table{border-collapse:collapse;margin:1rem 0 .4rem;font-size:.85rem}
table.solver-table caption{text-align:left;font-weight:600;padding-bottom:.3rem}
table.solver-table th{border-bottom:2px solid #333;padding:.2rem .5rem;text-align:left;
vertical-align:bottom}
table.solver-table td{padding:.15rem .5rem;border-bottom:1px solid #e4e4e4}
td.num{text-align:right;font-variant-numeric:tabular-nums} td.txt{text-align:left}
p.note{font-size:.8rem;color:#444;max-width:60rem;margin:.2rem 0}
figure{margin:1rem 0} figure svg{max-width:100%;height:auto}
figcaption{font-size:.85rem;color:#444}
nav ul{columns:2;font-size:.9rem}
"""


def html_page(title: str, tables: Sequence[Table], *, sections: Sequence[str] = (),
              intro: str = "") -> str:
    """A complete, self-contained HTML document: ``tables``, then the raw HTML
    ``sections``.

    Parameters
    ----------
    title : str
        The page title (``<title>`` and the ``<h1>`` heading), HTML-escaped.
    tables : sequence of Table
        The tables, in order; with more than one, a contents list links to each.
    sections : sequence of str, optional
        Raw HTML appended after the tables, unescaped.
    intro : str, optional
        A line under the heading, HTML-escaped; omitted when empty.

    Returns
    -------
    str
        The HTML document, with its styles inline.

    Examples
    --------
    >>> from solver.presentation.table import Column, Table
    >>> t = Table("x", "Openings", (Column("sector", "sector", kind="text"),), (("autos",),))
    >>> page = html_page("A & B", [t], intro="one table")
    >>> page.splitlines()[0]
    '<!DOCTYPE html>'
    >>> "<title>A &amp; B</title>" in page, "<nav>" in page
    (True, False)
    """
    e = html.escape
    body = [f"<h1>{e(title)}</h1>"]
    if intro:
        body.append(f'<p class="meta">{e(intro)}</p>')
    if len(tables) > 1:
        body.append("<nav><ul>" + "".join(
            f'<li><a href="#table-{e(t.name)}">{e(t.title)}</a></li>' for t in tables)
            + "</ul></nav>")
    body += [t.to_html() for t in tables]
    body += list(sections)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{e(title)}</title>\n<meta name=\"viewport\" "
            "content=\"width=device-width, initial-scale=1\">\n"
            f"<style>{_STYLE}</style>\n</head>\n<body>\n" + "\n".join(body)
            + "\n</body>\n</html>\n")


def scenario_table(scenario: Scenario) -> Table:
    """Every parameter of every sector (and the package floors): value, unit, range and
    its source or the modelling reason for it.

    Parameters
    ----------
    scenario : Scenario
        The scenario whose parameters are listed.

    Returns
    -------
    Table
        The ``parameters`` table: one row per sector and parameter (sector, parameter, value,
        unit, range, source or reason), noting the scenario file it was read from.

    Examples
    --------
    >>> from solver import load_scenario
    >>> t = scenario_table(load_scenario())
    >>> t.name, t.rows[0][:4]
    ('parameters', ('autos', 'gain', 27.7, '$B/yr'))
    """
    rows = tuple(
        (r["sector"], r["parameter"], r["value"], r["unit"],
         "-" if _missing(r["low"]) else f"{float(r['low']):g} to {float(r['high']):g}",
         r["source"] if isinstance(r["source"], str) else f"reason: {r['reason']}")
        for r in scenario.to_frame().to_dict("records"))
    return Table(
        "parameters", f"{scenario.name}: the parameters and their sources",
        (Column("sector", "sector", kind="text"), Column("parameter", "parameter", kind="text"),
         Column("value", "value", digits=4), Column("unit", "unit", kind="text"),
         Column("range", "range", kind="text"), Column("source", "source or reason",
                                                        kind="text")),
        rows, (f"Read from {scenario.source}.",))


def _missing(v: Any) -> bool:
    return v is None or v != v  # None, or NaN from a column that mixes None and numbers


def protocol_table(scenario: Scenario, analysis: NegotiationAnalysis | None = None) -> Table:
    """The protocol solved, each setting with the scenario file's source for it.

    Parameters
    ----------
    scenario : Scenario
        The scenario, whose file gives each setting's source.
    analysis : NegotiationAnalysis, optional
        The solved negotiation; its protocol is shown. None (the default) shows
        ``scenario.protocol``.

    Returns
    -------
    Table
        The ``protocol`` table: one row per setting (rounds, breakdown, first, alternate, setter,
        retaliation, types) with its value and source, noted with the protocol's description.

    Examples
    --------
    >>> from solver import load_scenario
    >>> t = protocol_table(load_scenario())
    >>> [r[:2] for r in t.rows[:3]]
    [('rounds', '4'), ('breakdown', '0.05'), ('first', 'sender')]
    """
    p = scenario.protocol if analysis is None else analysis.protocol
    sources = dict(scenario.protocol_provenance)
    settings = {"rounds": p.rounds, "breakdown": p.breakdown, "first": p.first,
                "alternate": p.alternate, "setter": p.setter, "retaliation": p.retaliation,
                "types": p.types}
    rows = tuple((k, "none" if v is None else str(v), sources.get(k, "-"))
                 for k, v in settings.items())
    return Table("protocol", "The protocol solved",
                 (Column("setting", "setting", kind="text"),
                  Column("value", "value", kind="text"),
                  Column("source", "source or reason (scenario file)", kind="text")),
                 rows, (p.describe(),))


def negotiation_page(analysis: NegotiationAnalysis, tables: Sequence[Table]) -> str:
    """``--format html``: the tables, the protocol and the parameters, on one page.

    Parameters
    ----------
    analysis : NegotiationAnalysis
        The solved negotiation.
    tables : sequence of Table
        The tables to show first (e.g. from
        :func:`~solver.presentation.report.negotiation_tables`).

    Returns
    -------
    str
        An HTML document (:func:`html_page`) with ``tables``, then :func:`protocol_table` and
        :func:`scenario_table`.

    Examples
    --------
    >>> from solver import Protocol, analyse_negotiation, load_scenario
    >>> a = analyse_negotiation(load_scenario(), Protocol(rounds=2))
    >>> page = negotiation_page(a, [])
    >>> page.count("<table"), 'id="table-protocol"' in page
    (2, True)
    """
    sc = analysis.scenario
    return html_page(sc.name, (*tables, protocol_table(sc, analysis), scenario_table(sc)),
                     intro=f"Sender {sc.sender}, target {sc.target}; scenario file "
                           f"{sc.source}.")


def _svg(fig: Any) -> str:
    """A matplotlib figure as inline SVG text (its XML header dropped), then closed."""
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _figure(fig: Any, caption: str) -> str:
    return (f"<figure>{_svg(fig)}<figcaption>{html.escape(caption)}</figcaption></figure>")


def figures(analysis: NegotiationAnalysis) -> list[str]:
    """The report's figures, as HTML ``<figure>`` elements with inline SVG."""
    import matplotlib

    matplotlib.use("Agg")
    from solver.presentation.plots import plot_agendas, plot_frontier, plot_game_tree

    sc = analysis.scenario
    out = [_figure(plot_agendas(analysis)[0].figure,
                   "Each agenda's opening by sector (labelled with the round of agreement) "
                   "and each player's expected payoff.")]
    for a in analysis.sectors:
        ax = plot_frontier(a, players=(sc.sender, sc.target))
        out.append(_figure(ax.figure, f"{a.name}: the frontier, the threat point read from "
                                      f"the sanction subgame, the SPE and the lenses."))
    first = analysis.sectors[0]
    ax = plot_game_tree(first.game, players=(sc.sender, sc.target))
    out.append(_figure(ax.figure, f"{first.name}: the sanction subgame, its SPE play "
                                  f"highlighted."))
    return out


def full_report(analysis: NegotiationAnalysis, *, record: bool = True) -> str:
    """The one-file HTML report of ``sanction-solver report``.

    Parameters
    ----------
    analysis : NegotiationAnalysis
        The solved negotiation.
    record : bool, default True
        Also score the model against the 1993-95 record
        (:func:`solver.model.scorecard.score_record`) and add its table.

    Returns
    -------
    str
        A self-contained HTML document: the tables of
        :func:`~solver.presentation.report.negotiation_tables`, the figures as inline SVG
        (the agendas, each sector's frontier, the first sector's subgame tree), the protocol
        and parameter tables, and the record when ``record`` is true; its intro line carries
        the time it was made.

    Examples
    --------
    One sector over two rounds (the figures make this the slowest example, a few seconds):

    >>> import dataclasses
    >>> from solver import Protocol, analyse_negotiation, load_scenario
    >>> sc = load_scenario()
    >>> one = dataclasses.replace(sc, sectors=sc.sectors[:1], floors=sc.floors[:1],
    ...                           protocol=Protocol(rounds=2))
    >>> page = full_report(analyse_negotiation(one), record=False)
    >>> page.startswith("<!DOCTYPE html>"), page.count("<figure>")
    (True, 3)
    """
    from solver.presentation.report import negotiation_tables

    sc = analysis.scenario
    tables = negotiation_tables(analysis)
    sections = ["<h2 id=\"figures\">Figures</h2>", *figures(analysis),
                "<h2 id=\"scenario\">The game and its parameters</h2>",
                protocol_table(sc, analysis).to_html(), scenario_table(sc).to_html()]
    if record:
        from solver.model.scorecard import score_record

        card = score_record()
        rec = Table.from_frame("record", "The model against the 1993-95 record "
                               "(games/record.toml; each episode under its own scenario file)",
                               card.to_frame(), notes=(card.summary() + ".",))
        sections += ["<h2>The record</h2>", rec.to_html()]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return html_page(f"{sc.name}: report", tables, sections=sections,
                     intro=f"Sender {sc.sender}, target {sc.target}; scenario file "
                           f"{sc.source}; {analysis.protocol.describe()}; made {stamp}.")
