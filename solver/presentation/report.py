"""The two printed tables: sectors, and the agenda comparison."""

from __future__ import annotations

import math

import pandas as pd

from solver.model.analysis import AgendaComparison, ScenarioAnalysis, sector_frame
from solver.model.scenario import Scenario
from solver.presentation.tables import render_text

__all__ = ["agenda_report", "sector_report"]


def sector_report(scenario: Scenario, analyses: ScenarioAnalysis) -> str:
    """The sector table: sanction game (SPE, credibility, Nash equilibria) and the bargain."""
    f = sector_frame(analyses)
    table = pd.DataFrame({
        "sector": f["sector"],
        "SPE play\n(actions)": f["spe_outcome"],
        "credible\nthreat": f["threat_credible"],
        "NE": f["nash_equilibria"],
        "comp-\nonents": f["components"],
        "NE on\nincred.": f["incredible"],
        "d S\n$B/yr": f["threat_sender"],
        "d T\n$B/yr": f["threat_target"],
        "Nash x*\nshare": f["nash_opening"],
        "u S\n$B/yr": f["payoff_sender"],
        "u T\n$B/yr": f["payoff_target"],
    })
    title = (f"{scenario.name}: sectors (S = {scenario.sender}, sender; "
             f"T = {scenario.target}, target)")
    notes = (
        "SPE: the subgame-perfect play(s) of the sanction game. NE: the extreme Nash "
        "equilibria of its reduced normal form, each certified by zero regret; components: the "
        "maximal convex sets they form; 'on incred.': how many rest on a threat that would not "
        "be carried out. d: the threat point, the payoffs of the no-deal path; u: the payoffs. "
        "Nash x*: the opening that maximises the Nash product (KKT-certified); where no "
        "opening is better for both than the threat point, the payoffs are the threat point's.",
    )
    pbe = pd.DataFrame({
        "sector": f["sector"],
        "prior p\nresolute": f["resolve"],
        "threshold\nmu*": [_threshold(v) for v in f["compliance_threshold"]],
        "bluff\nprob.": _spread(f, "bluff_probability"),
        "comply\nprob.": _spread(f, "compliance_probability"),
        "sanction\nprob.": _spread(f, "sanction_probability"),
    })
    pbe_notes = (
        "Perfect Bayesian equilibrium with a resolute sender type (prior p, no loss from "
        "sanctioning) and an irresolute one (loss L_S): the target complies once its belief "
        "that the sender is resolute reaches mu* ('never': no belief makes it comply); bluff: "
        "the irresolute type's probability of demanding; sanction: the ex-ante probability "
        "that a sanction is imposed. Where L_S < a both types sanction, and p does not "
        "matter. A range (lo-hi) means the equilibria found disagree on that quantity.",
    )
    concepts = pd.DataFrame({
        "sector": f["sector"],
        "Nash\nx*": f["nash_opening"],
        "Kalai-\nSmorodinsky": f["kalai_smorodinsky_opening"],
        "egalit-\narian": f["egalitarian_opening"],
        "utilit-\narian": f["utilitarian_opening"],
        "Rubinstein\n(S first)": f["rubinstein_opening"],
    })
    concept_notes = (
        "Openings (share of a full opening) under each bargaining solution, against the "
        "sector's threat point. Rubinstein: alternating offers with the sector's discount "
        "factors, the sender proposing first, the threat point paid while talks go on.",
    )
    return (render_text(table, title, notes=notes) + "\n\n"
            + render_text(pbe, "Under uncertainty about the sender's resolve",
                          notes=pbe_notes) + "\n\n"
            + render_text(concepts, "Opening by bargaining solution", notes=concept_notes))


def agenda_report(scenario: Scenario, comparison: AgendaComparison) -> str:
    """The agenda comparison: openings by sector, then totals and the verdict per player."""
    agendas = comparison.agendas
    short = {id(o): _short(comparison.label(o)) for o in agendas}
    by_sector = pd.DataFrame({"sector": [s.sector for s in comparison.piece_by_piece.sectors]})
    for o in agendas:
        by_sector[f"{short[id(o)]}\nx*"] = [s.opening for s in o.sectors]
    by_sector["package\nfloor"] = [scenario.floor(s) for s in by_sector["sector"]]
    t = comparison.to_frame()
    totals = pd.DataFrame({
        "agenda": [short[id(o)] for o in agendas],
        "agreed\nsectors": t["sectors_agreed"],
        "payoff S\n$B/yr": t["payoff_sender"],
        "payoff T\n$B/yr": t["payoff_target"],
        "joint\n$B/yr": t["joint_surplus"],
        "sanctions\nimposed": t["sanctions_imposed"],
    })
    notes = [f"{short[id(o)]}: {comparison.label(o)}"
             + (f" ({' > '.join(o.order)})" if o.order else "") for o in agendas]
    verdicts = []
    for player, name in (("sender", scenario.sender), ("target", scenario.target)):
        agenda, margin = comparison.better_for(player)
        if agenda == "neither":
            verdicts.append(f"{name} ({player}): indifferent between piece by piece and the "
                            "package.")
        else:
            verdicts.append(f"{name} ({player}) does better {agenda} than "
                            f"{'the package' if agenda == 'piece by piece' else 'piece by piece'}"
                            f", by {margin:.3f} $B/yr.")
        best, value = comparison.best_for(player)
        verdicts.append(f"  Best of all agendas for {name}: {_short(best)} ({value:.3f} $B/yr).")
    head = render_text(by_sector, f"{scenario.name}: opening x* by sector and agenda (share)")
    out = head + "\n\n" + render_text(totals, "Agenda comparison", notes=[*notes, "", *verdicts])
    c = comparison.concepts_frame()
    if len(c) > 1:
        names = {"nash": "Nash", "kalai_smorodinsky": "Kalai-Smorodinsky",
                 "egalitarian": "egalitarian", "utilitarian": "utilitarian"}
        by_concept = pd.DataFrame({
            "solution": [names.get(v, v) for v in c["concept"]],
            "PbP S\n$B/yr": c["pbp_sender"], "PbP T\n$B/yr": c["pbp_target"],
            "Package S\n$B/yr": c["package_sender"], "Package T\n$B/yr": c["package_target"],
            "Linked S\n$B/yr": c["linked_sender"], "Linked T\n$B/yr": c["linked_target"],
        })
        out += "\n\n" + render_text(by_concept, "Agendas under each bargaining solution", notes=(
            "Payoffs summed over sectors when every bargain (each sector piece by piece, or one "
            "package) is settled by the named solution; the package keeps the sender's "
            "floors and breaks down entirely when no point meets them.",))
    return out


def _spread(f: pd.DataFrame, name: str) -> list[str]:
    """Each sector's value, or its range over the PBE found when they disagree."""
    out = []
    for i in range(len(f)):
        rng = f[f"{name}_range"].iloc[i] if f"{name}_range" in f else None
        v = f[name].iloc[i]
        if isinstance(rng, tuple) and rng[0] != rng[1]:
            out.append(f"{rng[0]:.3f}-{rng[1]:.3f}")
        else:
            out.append("-" if math.isnan(v) else f"{v:.3f}")
    return out


def _threshold(mu: float) -> str:
    if math.isnan(mu):
        return "-"
    return "never" if mu > 1 else f"{mu:.3f}"


_SHORT = {
    "piece by piece": "PbP",
    "package": "Package",
    "linked package": "Linked",
}


def _short(label: str) -> str:
    if label.startswith("sequential, "):
        return "Seq:" + label.removeprefix("sequential, ").split("'s best order")[0]
    return _SHORT.get(label, label)
