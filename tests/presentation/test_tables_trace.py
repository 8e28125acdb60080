"""Every number ``python -m solver`` prints comes from the stated game.

The test walks the printed text tables and the JSON document and recomputes each number
from :func:`solver.solve_sector` and :func:`solver.solve_talks` under the scenario's protocol
(independently of :mod:`solver.model.negotiation`, which the printing goes through).
"""

from __future__ import annotations

import json

import pytest

from solver import Protocol, load_scenario, solve_sector, solve_talks, subgame_perfect
from solver.model.concepts import solution_openings
from solver.presentation.cli import main

SCENARIO = load_scenario()
PROTOCOL = SCENARIO.protocol
SUBGAME = {"Sanction>Concede": "concede", "Sanction>HoldOut": "hold out",
           "BackDown": "back down"}
LABELS = {"piece by piece": ("piecemeal", None), "package with floors": ("package", None),
          "linked package": ("linked", None), "free agenda, sender sets": ("free", "sender"),
          "free agenda, target sets": ("free", "target")}


def _f(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def _section(out: str, title: str) -> list[str]:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if title in line)
    body = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        body.append(line)
    return body


def test_sector_table_recomputed_from_solve_sector(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    rows = _section(out, "each sector's negotiation game")
    for s in SCENARIO.sectors:
        g = solve_sector(s, PROTOCOL)
        # The threat point is the sanction subgame's first SPE, read off the tree here.
        threat = subgame_perfect(g.sanction_subgame)[0].payoffs
        nash = next(x for x in solution_openings(s, threat) if x.concept == "nash")
        deal = (["deal,", g.timing] if g.deal else ["deadlock"])
        expected = [s.name, _f(g.demand), _f(g.opening), "-" if g.round is None else
                    str(g.round), *deal, _f(g.sanction_probability), _f(threat[0]),
                    _f(threat[1]), *SUBGAME[">".join(g.subgame.path)].split(),
                    _f(g.payoffs[0]),
                    _f(g.payoffs[1]), _f(nash.opening)]
        line = next(r for r in rows if r.startswith(s.name + " "))
        assert line.split() == expected


def test_agenda_tables_recomputed_from_solve_talks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    totals = _section(out, "the agendas compared")
    openings = _section(out, "openings by agenda")
    talks = {label: solve_talks(SCENARIO, PROTOCOL if setter is None else
                                PROTOCOL.with_values(setter=setter), agenda)
             for label, (agenda, setter) in LABELS.items()}
    for label, t in talks.items():
        line = next(r for r in totals if r.startswith(label + " "))
        cells = line[len(label):].split()
        assert cells[:4] == [_f(t.sender_payoff), _f(t.target_payoff), _f(t.joint_surplus),
                             str(len(t.deals))]
    for s in SCENARIO.sectors:
        line = next(r for r in openings if r.startswith(s.name + " "))
        expected = [s.name]
        for t in talks.values():
            r = t.sectors[s.name]
            expected += ["-"] if r.round is None else [f"{r.opening:.3f}", f"({r.round})"]
        assert line.split() == expected
    best_s = max(talks, key=lambda k: talks[k].sender_payoff)
    best_t = max(talks, key=lambda k: talks[k].target_payoff)
    flat = " ".join(out.split())
    assert f"US would choose: {best_s}" in flat and f"Japan would choose: {best_t}" in flat


def test_json_document_recomputed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--format", "json", "--rounds", "6", "--breakdown", "0.1"]) == 0
    doc = json.loads(capsys.readouterr().out)
    protocol = Protocol(rounds=6, breakdown=0.1)
    assert doc["protocol"]["rounds"] == 6
    for row in doc["sectors"]:
        g = solve_sector(SCENARIO.sector(row["sector"]), protocol)
        assert row["opening"] == g.opening and row["round"] == g.round
        assert row["threat_point"] == list(subgame_perfect(g.sanction_subgame)[0].payoffs)
        assert row["payoffs"] == list(g.payoffs)
    for row in doc["agendas"]:
        agenda, setter = LABELS[row["agenda"]]
        t = solve_talks(SCENARIO, protocol if setter is None else
                        protocol.with_values(setter=setter), agenda)
        assert row["sender_payoff"] == t.sender_payoff
        assert [(r["sector"], r["opening"], r["round"]) for r in row["sectors"]] == [
            (n, r.opening, r.round) for n, r in t.sectors.items()]
