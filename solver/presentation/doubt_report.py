"""The printed tables of the talks with the sender's type in doubt (the ``doubt`` command):
each sector's PBE, the rounds, their notes, and the JSON document with its schema.

Every number is read from :class:`solver.model.doubt.typed_talks.TypedTalks`; nothing is
solved here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solver._core.errors import InputError
from solver.model.doubt.resolve_game import TypedSectorGame
from solver.model.doubt.typed_talks import TypedTalks
from solver.model.scenario import Scenario
from solver.model.talks import DEAL_OPENING
from solver.presentation.table import Column, Table

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DOUBT_SCHEMA",
    "doubt_document",
    "doubt_frame",
    "doubt_notes",
    "doubt_report",
    "doubt_rounds_frame",
    "doubt_tables",
    "doubt_title",
]

#: JSON document of ``sanction-solver doubt``; its schema is :data:`DOUBT_SCHEMA`.
DOUBT_SCHEMA_ID = "sanction-solver/doubt/1"
_P = {"type": "number", "minimum": 0, "maximum": 1}
_P_OR_NULL = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
#: JSON Schema (draft 2020-12) of :func:`doubt_document`.
DOUBT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "additionalProperties": False,
    "required": ["schema", "scenario", "agenda", "protocol", "types", "game", "units",
                 "sectors"],
    "properties": {
        "schema": {"const": DOUBT_SCHEMA_ID},
        "scenario": {"type": "object", "required": ["name", "sender", "target", "source"],
                     "properties": {k: {"type": "string"}
                                    for k in ("name", "sender", "target", "source")}},
        "agenda": {"type": "string"},
        "protocol": {"type": "object", "required": ["rounds", "breakdown", "first", "types"]},
        "types": {"enum": ["resolve", "audience"]},
        "game": {"type": "string"},
        "units": {"type": "object"},
        "sectors": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["sector", "prior", "demand", "deal_probability",
                         "deadline_probability", "breakdown_probability",
                         "sanction_probability", "bluff_probability",
                         "posterior_at_deadline", "agreement_by_round", "no_deal",
                         "payoffs", "type_payoffs", "check"],
            "properties": {
                "sector": {"type": "string"}, "prior": _P,
                "demand": {"type": ["number", "null"]},
                "deal_probability": _P, "deadline_probability": _P,
                "breakdown_probability": _P, "sanction_probability": _P,
                "bluff_probability": {"type": "object", "additionalProperties": _P},
                "posterior_at_deadline": _P_OR_NULL,
                "agreement_by_round": {"type": "array", "items": _P},
                "no_deal": _P,
                "payoffs": {"type": "array", "items": {"type": "number"}, "minItems": 2,
                            "maxItems": 2},
                "type_payoffs": {"type": "object",
                                 "additionalProperties": {"type": "number"}},
                "check": {"type": ["object", "null"], "required": ["passed", "residual"],
                          "properties": {"passed": {"type": "boolean"},
                                         "residual": {"type": "number", "minimum": 0}}}}}},
    },
}
#: What each kind of type makes private (the protocol's ``types``).
_KIND_NOTES = {
    "resolve": "Types (resolve): nature draws the sender's own loss from sanctioning, which "
               "only the sender knows: the resolute type loses nothing, the irresolute type "
               "loses the sector's L_S. The prior that the sender is resolute is the sector's "
               "resolve.",
    "audience": "Types (audience): nature draws the sender's audience cost of backing down, "
                "which only the sender knows: the resolute type pays the sector's backdown "
                "cost a, the irresolute type pays none. The prior that the sender is "
                "resolute is the sector's resolve.",
}


def _resolute_prior(g: TypedSectorGame) -> float:
    """The prior that the sender is resolute (the posterior at the deadline is its update)."""
    return float(next(x.prior for x in g.types if x.name == "resolute"))


def _type_names(t: TypedTalks) -> list[str]:
    """Every type name, resolute first."""
    names = sorted({x.name for g in t.sectors.values() for x in g.types})
    return sorted(names, key=lambda n: n != "resolute")


def doubt_frame(t: TypedTalks, headers: str = "snake") -> pd.DataFrame:
    """One row per sector: the PBE quantities of ``sanction-solver doubt``.

    ``headers``: ``"snake"`` (snake_case, for CSV), ``"text"`` (two header lines, for
    :func:`~solver.presentation.tables.render_text`) or ``"flat"`` (one readable line, for
    Markdown and LaTeX).

    Parameters
    ----------
    t : TypedTalks
        The talks with the sender's type in doubt, from :func:`solver.solve_talks` with
        ``Protocol(types=...)``.
    headers : {'snake', 'text', 'flat'}, default 'snake'
        The style of the column names.

    Returns
    -------
    pandas.DataFrame
        One row per sector: the resolute prior, the demand, the probabilities of a deal, of a
        deal at the deadline, of a breakdown and of a sanction, each type's bluff probability,
        the belief at the deadline and the PBE check's residual.

    Raises
    ------
    InputError
        If ``headers`` is not one of the three styles.

    Examples
    --------
    >>> from solver import Protocol, load_scenario, solve_talks
    >>> sc = load_scenario()
    >>> t = solve_talks(sc, Protocol(rounds=2, types="resolve"), "piecemeal")
    >>> f = doubt_frame(t)
    >>> f.shape
    (6, 11)
    >>> list(f.columns[:4])
    ['sector', 'prior', 'demand', 'deal_probability']
    """
    import pandas as pd

    if headers not in ("snake", "text", "flat"):
        raise InputError(f"doubt_frame(): headers must be 'snake', 'text' or 'flat', got "
                         f"{headers!r}")
    types = _type_names(t)
    rows = []
    for name, g in t.sectors.items():
        row: dict[str, Any] = {
            "sector": name, "prior": _resolute_prior(g), "demand": g.demand,
            "deal_probability": g.deal_probability,
            "deadline_probability": g.deadline_probability,
            "breakdown_probability": g.breakdown_probability,
            "sanction_probability": g.sanction_probability}
        for ty in types:
            row[f"bluff_{ty}"] = g.bluff_probability.get(ty, float("nan"))
        row["posterior_at_deadline"] = g.posterior_at_deadline
        if headers == "snake":
            row["check_residual"] = None if g.check is None else float(g.check.residual)
        rows.append(row)
    frame = pd.DataFrame(rows)
    if headers == "snake":
        return frame
    heads = _HEADS[headers] | {f"bluff_{ty}": ("bluff\n" if headers == "text" else "bluff: ")
                               + ty for ty in types}
    return frame.rename(columns=heads)


_HEADS = {
    "text": {"prior": "prior\nresolute", "demand": "demand\nshare", "deal_probability":
             "deal\nprob.", "deadline_probability": "deal at\ndeadline",
             "breakdown_probability": "break-\ndown", "sanction_probability": "sanc-\ntion",
             "posterior_at_deadline": "posterior\nat deadline"},
    "flat": {"prior": "prior P(resolute)", "demand": "demand (share)",
             "deal_probability": "P(deal)", "deadline_probability": "P(deal at deadline)",
             "breakdown_probability": "P(breakdown)", "sanction_probability": "P(sanction)",
             "posterior_at_deadline": "posterior at deadline"},
}


def doubt_rounds_frame(t: TypedTalks, *, skip_empty: bool = False) -> pd.DataFrame:
    """Each sector's probability of a deal in each round (columns ``round_0`` ...) and of
    none (``no_deal``); ``skip_empty`` leaves out the rounds before the last in which no
    sector agrees.

    Parameters
    ----------
    t : TypedTalks
        The talks with the sender's type in doubt, from :func:`solver.solve_talks` with
        ``Protocol(types=...)``.
    skip_empty : bool, default False
        Leave out the rounds before the last in which no sector agrees.

    Returns
    -------
    pandas.DataFrame
        One row per sector: ``sector``, ``round_0`` ... (the probability of a deal in each
        round) and ``no_deal``.

    Examples
    --------
    >>> from solver import Protocol, load_scenario, solve_talks
    >>> sc = load_scenario()
    >>> t = solve_talks(sc, Protocol(rounds=2, types="resolve"), "piecemeal")
    >>> list(doubt_rounds_frame(t).columns)
    ['sector', 'round_0', 'round_1', 'no_deal']
    """
    import pandas as pd

    rounds = t.protocol.rounds or 0
    shown = [r for r in range(rounds) if not skip_empty or r == rounds - 1 or any(
        t.agreement_by_round[n].get(r, 0.0) > 0 for n in t.sectors)]
    rows = []
    for name in t.sectors:
        dist = t.agreement_by_round[name]
        row: dict[str, Any] = {"sector": name}
        row.update({f"round_{r}": float(dist.get(r, 0.0)) for r in shown})
        row["no_deal"] = float(dist.get(None, 0.0))
        rows.append(row)
    return pd.DataFrame(rows)


def doubt_notes(t: TypedTalks, scenario: Scenario) -> tuple[str, ...]:
    """The notes under the doubt table: the columns, the kind of type, the game.

    Parameters
    ----------
    t : TypedTalks
        The talks with the sender's type in doubt, from :func:`solver.solve_talks` with
        ``Protocol(types=...)``.
    scenario : Scenario
        The scenario ``t`` was solved for (its name, sides and source).

    Returns
    -------
    tuple of str
        The notes printed under the doubt table, one paragraph each.

    Examples
    --------
    >>> from solver import Protocol, load_scenario, solve_talks
    >>> sc = load_scenario()
    >>> t = solve_talks(sc, Protocol(rounds=2, types="resolve"), "piecemeal")
    >>> notes = doubt_notes(t, sc)
    >>> notes[0].startswith("All columns but demand are probabilities")
    True
    """
    p = t.protocol
    rounds = p.rounds or 0
    checks = [g.check for g in t.sectors.values() if g.check is not None]
    check = (f"Each sector's PBE is checked independently (Bayes' rule and sequential "
             f"rationality at every state on the path, solver.model.doubt.resolve_check): "
             f"{sum(bool(c.passed) for c in checks)} of {len(t.sectors)} pass; the largest "
             f"residual is {max(float(c.residual) for c in checks):.1e} of the payoff scale."
             if checks else "")
    return (
        f"All columns but demand are probabilities (PBE: perfect Bayesian equilibrium). "
        f"deal: the probability that the sector agrees (an opening of at least "
        f"{DEAL_OPENING:.0%} of a full opening) in some round; at deadline: in the last "
        f"round ({rounds - 1}); breakdown: the talks break down, or the deadline passes, "
        f"without a deal; sanction: a breakdown after which the sender's type imposes its "
        f"sanction. bluff: the probability that a type which would back down keeps up the "
        f"demand in round 0 rather than reveal itself (0 for a type that would sanction). "
        f"belief at deadline: the target's posterior that the sender is resolute when the "
        f"last round is "
        f"reached without a deal ('-': never reached). demand: the standing demand, as a "
        f"share of a full opening ('-': none is made).",
        _KIND_NOTES.get(p.types or "", ""),
        f"The game (docs/model.md, 'Resolve in doubt'): {p.describe()}. The sender is "
        f"{scenario.sender}, the target {scenario.target}; each sector is solved on its own "
        f"({'piece by piece' if t.agenda == 'piecemeal' else t.agenda}), rounds numbered "
        f"from 0.",
        check,
    )


def doubt_title(t: TypedTalks) -> str:
    """The title of the doubt table: the scenario, the kind of doubt and the agenda.

    Parameters
    ----------
    t : TypedTalks
        The talks with the sender's type in doubt, from :func:`solver.solve_talks` with
        ``Protocol(types=...)``.

    Returns
    -------
    str
        The title, naming what is in doubt (the sanction loss for ``types="resolve"``, the
        audience cost for ``types="audience"``).

    Examples
    --------
    >>> from solver import Protocol, load_scenario, solve_talks
    >>> t = solve_talks(load_scenario(), Protocol(rounds=1, types="resolve"), "piecemeal")
    >>> doubt_title(t)
    "US-Japan Framework talks, 1993-95: the sender's sanction loss in doubt, piece by piece (PBE)"
    """
    words = {"resolve": "sanction loss", "audience": "audience cost"}
    return (f"{t.scenario}: the sender's {words.get(t.protocol.types or '', '')} in doubt, "
            f"piece by piece (PBE)")


def doubt_tables(t: TypedTalks, scenario: Scenario) -> tuple[Table, Table]:
    """The PBE table of ``sanction-solver doubt`` and the round of agreement.

    Parameters
    ----------
    t : TypedTalks
        The talks with the sender's type in doubt, from :func:`solver.solve_talks` with
        ``Protocol(types=...)``.
    scenario : Scenario
        The scenario ``t`` was solved for (its name, sides and source).

    Returns
    -------
    tuple of Table
        The PBE table (``doubt``) and the round of agreement (``rounds``).

    Examples
    --------
    >>> from solver import Protocol, load_scenario, solve_talks
    >>> sc = load_scenario()
    >>> t = solve_talks(sc, Protocol(rounds=2, types="resolve"), "piecemeal")
    >>> [x.name for x in doubt_tables(t, sc)]
    ['doubt', 'rounds']
    """
    frame = doubt_frame(t)
    types = _type_names(t)
    pbe = Table(
        "doubt", doubt_title(t),
        (Column("sector", "sector", kind="text"), Column("prior", "prior\nresolute"),
         Column("demand", "demand", "share"), Column("deal_probability", "P(deal)"),
         Column("deadline_probability", "P(deal at\ndeadline)"),
         Column("breakdown_probability", "P(break-\ndown)"),
         Column("sanction_probability", "P(sanc-\ntion)"),
         *(Column(f"bluff_{ty}", f"bluff:\n{ty}") for ty in types),
         Column("posterior_at_deadline", "belief at\ndeadline")),
        tuple(tuple(r[:-1]) for r in frame.itertuples(index=False)),
        doubt_notes(t, scenario))
    by_round = doubt_rounds_frame(t, skip_empty=True)
    shown = [c for c in by_round.columns if c.startswith("round_")]
    rounds = t.protocol.rounds or 0
    hidden = rounds - len(shown)
    note = ("The probability of a deal in each round, and of none (each row sums to 1)"
            + (f"; the {hidden} rounds not shown have no deal in any sector."
               if hidden else "."))
    agreement = Table(
        "rounds", f"{t.scenario}: the round of agreement",
        (Column("sector", "sector", kind="text"),
         *(Column(c, f"round\n{c[6:]}") for c in shown), Column("no_deal", "no\ndeal")),
        tuple(tuple(r) for r in by_round.itertuples(index=False)), (note,))
    return pbe, agreement


def doubt_report(t: TypedTalks, scenario: Scenario) -> str:
    """The text of ``sanction-solver doubt``: the PBE table, then the round of agreement.

    Parameters
    ----------
    t : TypedTalks
        The talks with the sender's type in doubt, from :func:`solver.solve_talks` with
        ``Protocol(types=...)``.
    scenario : Scenario
        The scenario ``t`` was solved for (its name, sides and source).

    Returns
    -------
    str
        :func:`doubt_tables` as plain text, separated by a blank line.

    Examples
    --------
    >>> from solver import Protocol, load_scenario, solve_talks
    >>> sc = load_scenario()
    >>> t = solve_talks(sc, Protocol(rounds=2, types="resolve"), "piecemeal")
    >>> doubt_report(t, sc).splitlines()[0] == doubt_title(t)
    True
    """
    return "\n\n".join(x.to_text() for x in doubt_tables(t, scenario))


def doubt_document(t: TypedTalks, scenario: Scenario) -> dict[str, Any]:
    """The doubt table as a JSON document (schema :data:`DOUBT_SCHEMA`).

    Parameters
    ----------
    t : TypedTalks
        The talks with the sender's type in doubt, from :func:`solver.solve_talks` with
        ``Protocol(types=...)``.
    scenario : Scenario
        The scenario ``t`` was solved for (its name, sides and source).

    Returns
    -------
    dict
        A JSON-ready document: ``schema`` (``DOUBT_SCHEMA_ID``), ``scenario``, ``agenda``,
        ``protocol``, ``types``, ``game``, ``units`` and ``sectors`` (one dict per sector).

    Examples
    --------
    >>> from solver import Protocol, load_scenario, solve_talks
    >>> sc = load_scenario()
    >>> t = solve_talks(sc, Protocol(rounds=2, types="resolve"), "piecemeal")
    >>> d = doubt_document(t, sc)
    >>> d["schema"]
    'sanction-solver/doubt/1'
    >>> sorted(d)[:4]
    ['agenda', 'game', 'protocol', 'scenario']
    """
    p = t.protocol
    rounds = p.rounds or 0
    rows = []
    for name, g in t.sectors.items():
        dist = t.agreement_by_round[name]
        rows.append({
            "sector": name, "prior": _resolute_prior(g),
            "demand": None if g.demand is None else float(g.demand),
            "deal_probability": float(g.deal_probability),
            "deadline_probability": float(g.deadline_probability),
            "breakdown_probability": float(g.breakdown_probability),
            "sanction_probability": float(g.sanction_probability),
            "bluff_probability": {k: float(v) for k, v in g.bluff_probability.items()},
            "posterior_at_deadline": (None if g.posterior_at_deadline is None
                                      else float(g.posterior_at_deadline)),
            "agreement_by_round": [float(dist.get(r, 0.0)) for r in range(rounds)],
            "no_deal": float(dist.get(None, 0.0)),
            "payoffs": [float(v) for v in g.payoffs],
            "type_payoffs": {k: float(v) for k, v in g.type_payoffs.items()},
            "check": None if g.check is None else {"passed": bool(g.check.passed),
                                                   "residual": float(g.check.residual)},
        })
    return {
        "schema": DOUBT_SCHEMA_ID,
        "scenario": {"name": scenario.name, "sender": scenario.sender,
                     "target": scenario.target, "source": scenario.source},
        "agenda": t.agenda,
        "protocol": {"rounds": p.rounds, "breakdown": p.breakdown, "first": p.first,
                     "alternate": p.alternate, "types": p.types},
        "types": p.types,
        "game": p.describe(),
        "units": {"probabilities": "probability", "demand": "share of full opening",
                  "payoffs": "$B/yr", "agreement_by_round": "probability of a deal in "
                  "round 0, 1, ... (0-based)", "posterior_at_deadline": "probability"},
        "sectors": rows,
    }
