"""Stable JSON output of the command line, with its JSON Schema.

The documents are versioned by their ``schema`` field; a change that removes or renames a
field bumps the version. Numbers are JSON numbers (exact fractions are written as floats);
``null`` marks a quantity that does not apply. The tables document (``tables/3``) also
carries ``tables``: each printed table as :data:`~solver.presentation.table.TABLE_SCHEMA`
states it, with the values exactly as the text prints them (``null`` where it prints ``-``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from solver.model.negotiation import NegotiationAnalysis
from solver.model.scenario import Scenario
from solver.presentation.table import TABLE_SCHEMA

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COMPARE_SCHEMA_ID", "SCHEMAS", "sweep_document", "tables_document"]

TABLES_SCHEMA_ID = "sanction-solver/tables/3"
SWEEP_SCHEMA_ID = "sanction-solver/sweep/1"
#: ``compare A B ...``: each scenario's tables document, and the side-by-side tables.
COMPARE_SCHEMA_ID = "sanction-solver/compare/1"

_NUM = {"type": "number"}
_PAIR = {"type": "array", "items": _NUM, "minItems": 2, "maxItems": 2}
_NUM_OR_NULL = {"type": ["number", "null"]}

_INT_OR_NULL = {"type": ["integer", "null"]}
_PROTOCOL = {
    "type": "object", "additionalProperties": False,
    "required": ["rounds", "breakdown", "first", "alternate", "setter", "retaliation"],
    "properties": {"rounds": _INT_OR_NULL, "breakdown": _NUM,
                   "first": {"enum": ["sender", "target"]}, "alternate": {"type": "boolean"},
                   "setter": {"enum": ["sender", "target"]},
                   "retaliation": {"enum": ["own", "cross"]}},
}
_TIMING = {"enum": ["before", "at", "none"]}

_SECTOR = {
    "type": "object",
    "required": ["sector", "demand", "opening", "round", "deal", "timing",
                 "sanction_probability", "threat_point", "subgame_spe", "payoffs", "lenses"],
    "additionalProperties": False,
    "properties": {
        "sector": {"type": "string"},
        "demand": _NUM_OR_NULL,
        "opening": {"type": "number", "minimum": 0, "maximum": 1},
        "round": _INT_OR_NULL,
        "deal": {"type": "boolean"},
        "timing": _TIMING,
        "sanction_probability": {"type": "number", "minimum": 0, "maximum": 1},
        "threat_point": _PAIR,
        "subgame_spe": {"type": "array", "items": {"type": "string"}},
        "payoffs": _PAIR,
        "lenses": {"type": "object", "additionalProperties": _NUM},
    },
}

_AGENDA = {
    "type": "object",
    "required": ["agenda", "sender_payoff", "target_payoff", "joint_surplus", "sectors"],
    "additionalProperties": False,
    "properties": {
        "agenda": {"type": "string"},
        "sender_payoff": _NUM, "target_payoff": _NUM, "joint_surplus": _NUM,
        "sectors": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["sector", "demand", "opening", "round", "deal", "timing",
                         "sender_payoff", "target_payoff", "sanction_probability"],
            "properties": {
                "sector": {"type": "string"},
                "demand": _NUM,
                "opening": {"type": "number", "minimum": 0, "maximum": 1},
                "round": _INT_OR_NULL, "deal": {"type": "boolean"}, "timing": _TIMING,
                "sender_payoff": _NUM, "target_payoff": _NUM,
                "sanction_probability": {"type": "number", "minimum": 0, "maximum": 1}}}},
    },
}

_SCENARIO = {"type": "object", "required": ["name", "sender", "target", "source"],
             "additionalProperties": False,
             "properties": {k: {"type": "string"} for k in ("name", "sender", "target", "source")}}

#: JSON Schemas (draft 2020-12) of the documents, by their ``schema`` id.
SCHEMAS: dict[str, dict[str, Any]] = {
    TABLES_SCHEMA_ID: {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["schema", "scenario", "protocol", "units", "sectors", "agendas",
                     "choice"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": TABLES_SCHEMA_ID},
            "scenario": _SCENARIO,
            "protocol": _PROTOCOL,
            "units": {"type": "object"},
            "sectors": {"type": "array", "items": _SECTOR},
            "agendas": {"type": "array", "items": _AGENDA},
            "tables": {"type": "array", "items": TABLE_SCHEMA},
            "choice": {"type": "object", "required": ["sender", "target"], "properties": {
                p: {"type": "object", "required": ["agenda", "payoff"], "properties": {
                    "agenda": {"type": ["string", "null"]}, "payoff": _NUM_OR_NULL}}
                for p in ("sender", "target")}},
        },
    },
    COMPARE_SCHEMA_ID: {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object", "additionalProperties": False,
        "required": ["schema", "scenarios", "tables"],
        "properties": {"schema": {"const": COMPARE_SCHEMA_ID},
                       "scenarios": {"type": "array", "minItems": 2, "items": {
                           "$ref": "#/$defs/tables"}},
                       "tables": {"type": "array", "items": TABLE_SCHEMA}},
    },
    SWEEP_SCHEMA_ID: {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["schema", "scenario", "draws", "seed", "summary"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": SWEEP_SCHEMA_ID},
            "scenario": _SCENARIO,
            "draws": {"type": "integer", "minimum": 1},
            "seed": {"type": ["integer", "null"]},
            "summary": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["quantity", "share", "ci_low", "ci_high", "draws"],
                "properties": {"quantity": {"type": "string"}, "share": _NUM,
                               "ci_low": _NUM, "ci_high": _NUM,
                               "draws": {"type": "integer"}}}},
        },
    },
}

SCHEMAS[COMPARE_SCHEMA_ID]["$defs"] = {
    "tables": {k: v for k, v in SCHEMAS[TABLES_SCHEMA_ID].items() if k != "$schema"}}


def _f(v: Any) -> float | None:
    if v is None:
        return None
    x = float(v)
    return None if math.isnan(x) else x


def _scenario(scenario: Scenario) -> dict[str, str]:
    return {"name": scenario.name, "sender": scenario.sender, "target": scenario.target,
            "source": scenario.source}


def tables_document(analysis: NegotiationAnalysis, sectors: bool = True,
                    agendas: bool = True) -> dict[str, Any]:
    """The sector table and the agenda comparison of the negotiation game as one document.

    Parameters
    ----------
    analysis : NegotiationAnalysis
        The solved negotiation.
    sectors : bool, default True
        Fill ``sectors``, one entry per sector's SPE (else an empty list).
    agendas : bool, default True
        Fill ``agendas``, one entry per agenda's talks, and ``choice``, the agenda each side
        would choose (else an empty list and null choices).

    Returns
    -------
    dict
        A JSON-ready document with ``schema`` (``sanction-solver/tables/3``), ``scenario``,
        ``protocol``, ``units``, ``sectors``, ``agendas`` and ``choice``.

    Examples
    --------
    >>> from solver import Protocol, analyse_negotiation, load_scenario
    >>> a = analyse_negotiation(load_scenario(), Protocol(rounds=2))
    >>> d = tables_document(a)
    >>> d["schema"], d["sectors"][0]["sector"], d["choice"]["sender"]["agenda"]
    ('sanction-solver/tables/3', 'autos', 'free agenda, sender sets')
    >>> tables_document(a, agendas=False)["choice"]["target"]
    {'agenda': None, 'payoff': None}
    """
    rows = []
    for a in analysis.sectors if sectors else ():
        g = a.game
        rows.append({
            "sector": a.name,
            "demand": g.demand,
            "opening": g.opening,
            "round": g.round,
            "deal": g.deal,
            "timing": g.timing,
            "sanction_probability": g.sanction_probability,
            "threat_point": [float(v) for v in g.threat_point],
            "subgame_spe": list(g.subgame.path),
            "payoffs": [float(v) for v in g.payoffs],
            "lenses": {s.concept: float(s.opening) for s in a.lenses},
        })
    talks = []
    for label, t in analysis.agendas.items() if agendas else ():
        talks.append({
            "agenda": label, "sender_payoff": t.sender_payoff, "target_payoff": t.target_payoff,
            "joint_surplus": t.joint_surplus,
            "sectors": [{"sector": s.sector, "demand": s.demand, "opening": s.opening,
                         "round": s.round, "deal": s.deal, "timing": s.timing,
                         "sender_payoff": s.sender_payoff, "target_payoff": s.target_payoff,
                         "sanction_probability": s.sanction_probability}
                        for s in t.sectors.values()],
        })
    choice: dict[str, Any] = {}
    for player in ("sender", "target"):
        if agendas and analysis.agendas:
            label, pay = analysis.choice(player)
            choice[player] = {"agenda": label, "payoff": pay}
        else:
            choice[player] = {"agenda": None, "payoff": None}
    p = analysis.protocol
    return {
        "schema": TABLES_SCHEMA_ID,
        "scenario": _scenario(analysis.scenario),
        "protocol": {"rounds": p.rounds, "breakdown": p.breakdown, "first": p.first,
                     "alternate": p.alternate, "setter": p.setter,
                     "retaliation": p.retaliation},
        "units": {"payoffs": "$B/yr", "opening": "share of full opening",
                  "probabilities": "probability", "round": "0-based round of the talks"},
        "sectors": rows,
        "agendas": talks,
        "choice": choice,
    }


def sweep_document(
    scenario: Scenario, summary: pd.DataFrame, draws: int, seed: int | None
) -> dict[str, Any]:
    """A sweep's robustness summary as a JSON document.

    Parameters
    ----------
    scenario : Scenario
        The scenario swept (its name, sides and source are recorded).
    summary : pandas.DataFrame
        The sweep's summary: one row per quantity with columns ``quantity``, ``share``,
        ``ci_low``, ``ci_high`` and ``draws``.
    draws : int
        The number of parameter draws.
    seed : int or None
        The random seed of the sweep, None if it had none.

    Returns
    -------
    dict
        A JSON-ready document with ``schema`` (``sanction-solver/sweep/1``), ``scenario``,
        ``draws``, ``seed`` and ``summary`` (one dict per row of ``summary``).

    Examples
    --------
    >>> import pandas as pd
    >>> from solver import load_scenario
    >>> summary = pd.DataFrame({"quantity": ["deal: autos"], "share": [0.9], "ci_low": [0.8],
    ...                         "ci_high": [0.95], "draws": [50]})
    >>> d = sweep_document(load_scenario(), summary, draws=50, seed=1)
    >>> d["schema"], d["draws"], d["seed"]
    ('sanction-solver/sweep/1', 50, 1)
    >>> d["summary"]
    [{'quantity': 'deal: autos', 'share': 0.9, 'ci_low': 0.8, 'ci_high': 0.95, 'draws': 50}]
    """
    records = [{str(k): v for k, v in r.items()} for r in summary.to_dict("records")]
    rows = [{"quantity": str(r["quantity"]), "share": float(r["share"]),
             "ci_low": float(r["ci_low"]), "ci_high": float(r["ci_high"]),
             "draws": int(r["draws"])} for r in records]
    return {"schema": SWEEP_SCHEMA_ID, "scenario": _scenario(scenario), "draws": draws,
            "seed": seed, "summary": rows}
