"""Stable JSON output of the command line, with its JSON Schema.

The documents are versioned by their ``schema`` field; a change that removes or renames a
field bumps the version. Numbers are JSON numbers (exact fractions are written as floats);
``null`` marks a quantity that does not apply.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from solver.model.analysis import AgendaComparison, ScenarioAnalysis
from solver.model.scenario import Scenario

__all__ = ["SCHEMAS", "sweep_document", "tables_document"]

TABLES_SCHEMA_ID = "sanction-solver/tables/1"
SWEEP_SCHEMA_ID = "sanction-solver/sweep/1"

_NUM = {"type": "number"}
_PAIR = {"type": "array", "items": _NUM, "minItems": 2, "maxItems": 2}
_NUM_OR_NULL = {"type": ["number", "null"]}

_SECTOR = {
    "type": "object",
    "required": ["sector", "spe", "credible", "nash_equilibria", "components", "incredible",
                 "threat_point", "sanction_at_threat_point", "nash_opening", "agreement",
                 "payoffs", "pbe"],
    "additionalProperties": False,
    "properties": {
        "sector": {"type": "string"},
        "spe": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["path", "payoffs"], "additionalProperties": False,
            "properties": {"path": {"type": "array", "items": {"type": "string"}},
                           "payoffs": _PAIR}}},
        "credible": {"type": "boolean"},
        "nash_equilibria": {"type": "integer", "minimum": 1},
        "components": {"type": "integer", "minimum": 1},
        "incredible": {"type": "integer", "minimum": 0},
        "threat_point": _PAIR,
        "sanction_at_threat_point": {"type": "boolean"},
        "nash_opening": {"type": "number", "minimum": 0, "maximum": 1},
        "agreement": {"type": "boolean"},
        "payoffs": _PAIR,
        "pbe": {"type": "object", "additionalProperties": False,
                "required": ["resolve", "threshold", "bluff_probability",
                             "compliance_probability", "sanction_probability"],
                "properties": {k: _NUM_OR_NULL for k in (
                    "resolve", "threshold", "bluff_probability", "compliance_probability",
                    "sanction_probability")}},
    },
}

_AGENDA = {
    "type": "object",
    "required": ["agenda", "order", "package_agreed", "sender_payoff", "target_payoff",
                 "joint_surplus", "sectors"],
    "additionalProperties": False,
    "properties": {
        "agenda": {"type": "string"},
        "order": {"type": ["array", "null"], "items": {"type": "string"}},
        "package_agreed": {"type": ["boolean", "null"]},
        "sender_payoff": _NUM, "target_payoff": _NUM, "joint_surplus": _NUM,
        "sectors": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["sector", "status", "opening", "sender_payoff", "target_payoff",
                         "sanction_imposed"],
            "properties": {
                "sector": {"type": "string"},
                "status": {"enum": ["agreed", "standstill", "no agreement"]},
                "opening": {"type": "number", "minimum": 0, "maximum": 1},
                "sender_payoff": _NUM, "target_payoff": _NUM,
                "sanction_imposed": {"type": "boolean"}}}},
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
        "required": ["schema", "scenario", "units", "sectors", "agendas", "verdict"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": TABLES_SCHEMA_ID},
            "scenario": _SCENARIO,
            "units": {"type": "object"},
            "sectors": {"type": "array", "items": _SECTOR},
            "agendas": {"type": "array", "items": _AGENDA},
            "verdict": {"type": "object", "required": ["sender", "target"], "properties": {
                p: {"type": "object", "required": ["better", "margin"], "properties": {
                    "better": {"type": "string"}, "margin": _NUM}}
                for p in ("sender", "target")}},
        },
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


def _f(v: Any) -> float | None:
    if v is None:
        return None
    x = float(v)
    return None if math.isnan(x) else x


def _scenario(scenario: Scenario) -> dict[str, str]:
    return {"name": scenario.name, "sender": scenario.sender, "target": scenario.target,
            "source": scenario.source}


def tables_document(
    scenario: Scenario, analyses: ScenarioAnalysis, comparison: AgendaComparison | None
) -> dict[str, Any]:
    """The sector table and (when given) the agenda comparison as one JSON document."""
    sectors = []
    for a in analyses:
        g = a.game
        pbe = g.incomplete
        sectors.append({
            "sector": a.sector.name,
            "spe": [{"path": list(e.path), "payoffs": [float(v) for v in e.payoffs]}
                    for e in g.spe],
            "credible": bool(g.credible),
            "nash_equilibria": len(g.nash.equilibria),
            "components": int(a.to_frame()["components"].iloc[0]),
            "incredible": len(g.nash.incredible),
            "threat_point": [float(v) for v in a.threat.payoffs],
            "sanction_at_threat_point": bool(a.threat.sanction),
            "nash_opening": float(a.opening),
            "agreement": bool(a.nash.agreement),
            "payoffs": [float(v) for v in a.payoffs],
            "pbe": {
                "resolve": float(a.sector.resolve),
                "threshold": _f(pbe.threshold) if pbe else None,
                "bluff_probability": _f(pbe.bluff_probability) if pbe else None,
                "compliance_probability": _f(pbe.compliance_probability) if pbe else None,
                "sanction_probability": _f(pbe.sanction_probability) if pbe else None,
            },
        })
    agendas: list[dict[str, Any]] = []
    verdict: dict[str, Any] = {}
    if comparison is not None:
        for o in comparison.agendas:
            agendas.append({
                "agenda": comparison.label(o),
                "order": list(o.order) if o.order else None,
                "package_agreed": o.package_agreed,
                "sender_payoff": o.sender_payoff,
                "target_payoff": o.target_payoff,
                "joint_surplus": o.joint_surplus,
                "sectors": [{"sector": s.sector, "status": s.status, "opening": s.opening,
                             "sender_payoff": s.sender_payoff, "target_payoff": s.target_payoff,
                             "sanction_imposed": s.sanction_imposed} for s in o.sectors],
            })
        for player in ("sender", "target"):
            better, margin = comparison.better_for(player)
            verdict[player] = {"better": better, "margin": margin}
    else:
        verdict = {p: {"better": "not compared", "margin": 0.0} for p in ("sender", "target")}
    return {
        "schema": TABLES_SCHEMA_ID,
        "scenario": _scenario(scenario),
        "units": {"payoffs": "$B/yr", "opening": "share of full opening",
                  "probabilities": "probability"},
        "sectors": sectors,
        "agendas": agendas,
        "verdict": verdict,
    }


def sweep_document(
    scenario: Scenario, summary: pd.DataFrame, draws: int, seed: int | None
) -> dict[str, Any]:
    """A sweep's robustness summary as a JSON document."""
    records = [{str(k): v for k, v in r.items()} for r in summary.to_dict("records")]
    rows = [{"quantity": str(r["quantity"]), "share": float(r["share"]),
             "ci_low": float(r["ci_low"]), "ci_high": float(r["ci_high"]),
             "draws": int(r["draws"])} for r in records]
    return {"schema": SWEEP_SCHEMA_ID, "scenario": _scenario(scenario), "draws": draws,
            "seed": seed, "summary": rows}
