"""The printed tables of the negotiation game: sectors, and the agendas.

Every number is read from :class:`solver.model.negotiation.NegotiationAnalysis`; nothing is
solved here.
"""

from __future__ import annotations

import pandas as pd

from solver.model.negotiation import NegotiationAnalysis
from solver.model.talks import DEAL_OPENING
from solver.presentation.tables import render_text

__all__ = ["agenda_report", "negotiation_report", "sector_report"]

#: The sanction subgame's SPE paths, as the sector table names them.
_SUBGAME = {"Sanction>Concede": "concede", "Sanction>HoldOut": "hold out",
            "BackDown": "back down"}


def _protocol_note(a: NegotiationAnalysis) -> str:
    p = a.protocol
    sc = a.scenario
    who = {"sender": sc.sender, "target": sc.target}
    return (f"The game (docs/model.md): the sender ({sc.sender}) chooses its demand; then "
            f"alternating offers over the opening, {who[p.first]} proposing first"
            f"{'' if p.alternate else ' every round'}; after a rejection the talks break down "
            f"with probability {p.breakdown:g} a round, and "
            + ("for certain after round " + str(p.rounds - 1) if p.rounds is not None
               else "there is no deadline")
            + "; a breakdown leads to the sanction subgame. Rounds are numbered from 0. "
            f"A deal is an agreed opening of at least {DEAL_OPENING:.0%} of a full opening; "
            "'at' the deadline means in the last round.")


def sector_report(a: NegotiationAnalysis) -> str:
    """The sector table: each sector's SPE, its threat point, and the Nash lens."""
    f = a.to_frame()
    table = pd.DataFrame({
        "sector": f["sector"],
        "demand\nshare": f["demand"],
        "x\nshare": f["opening"],
        "round": f["round"],
        "deal": [("deal, " + t if d else "deadlock") for d, t in zip(f["deal"], f["timing"],
                                                                      strict=True)],
        "P\nsanc.": f["sanction_probability"],
        "d S\n$B/yr": f["threat_sender"],
        "d T\n$B/yr": f["threat_target"],
        "subgame": [_SUBGAME.get(p, p) for p in f["subgame_spe"]],
        "u S\n$B/yr": f["payoff_sender"],
        "u T\n$B/yr": f["payoff_target"],
        "Nash\nlens": f["nash_lens"],
    })
    sc = a.scenario
    title = (f"{sc.name}: each sector's negotiation game (S = {sc.sender}, "
             f"T = {sc.target})")
    notes = (
        "demand: the sender's SPE demand, the opening its sanction enforces ('-': it demands "
        "nothing). x, round: the SPE opening agreed and its round. P sanc.: the probability "
        "that a sanction is imposed on the equilibrium path (a breakdown before agreement). "
        "d: the threat point, the payoff of the sanction subgame's SPE; subgame: its path "
        "(the sender sanctions and the target concedes to the demand a round later, or holds "
        "out; or the sender backs down). u: the expected SPE payoffs. Nash lens: the "
        "symmetric Nash bargaining solution against the same threat point (a lens, not the "
        "game's equilibrium).",
        _protocol_note(a),
    )
    lenses = pd.DataFrame({
        "sector": f["sector"],
        "SPE\nopening": f["opening"],
        "Nash": f["nash_lens"],
        "Kalai-\nSmorodinsky": f["kalai_smorodinsky_lens"],
        "egalit-\narian": f["egalitarian_lens"],
        "utilit-\narian": f["utilitarian_lens"],
    })
    lens_notes = ("Lenses: the axiomatic bargaining solutions over the sector's frontier, each "
                  "against the sector game's own threat point, beside the game's SPE opening.",)
    return (render_text(table, title, notes=notes) + "\n\n"
            + render_text(lenses, "Openings (share of a full opening) through each lens",
                          notes=lens_notes))


def agenda_report(a: NegotiationAnalysis) -> str:
    """The agendas: openings by sector, totals, and the agenda each side would choose."""
    sc = a.scenario
    o = a.openings_frame()
    short = {label: label.replace("free agenda, ", "free, ").replace(" with floors", "")
             for label in a.agendas}
    openings = pd.DataFrame({"sector": o["sector"]})
    for label in a.agendas:
        openings[f"{short[label]}\nx (round)"] = [
            "-" if r is None else f"{x:.3f} ({r})"
            for x, r in zip(o[f"{label}: opening"], o[f"{label}: round"], strict=True)]
    f = a.agenda_frame()
    totals = pd.DataFrame({
        "agenda": f["agenda"],
        f"u {sc.sender}\n$B/yr": f["payoff_sender"],
        f"u {sc.target}\n$B/yr": f["payoff_target"],
        "joint\n$B/yr": f["joint_surplus"],
        "deals": f["deals"],
        "deals in\nrounds": f["rounds_of_deals"],
        "sectors at\nsanction risk": f["sectors_at_risk"],
        "max P(sanc-\ntion)": f["max_sanction_probability"],
    })
    s_label, s_pay = a.choice("sender")
    t_label, t_pay = a.choice("target")
    notes = [
        "x (round): the opening agreed and its round; '-': never agreed (the sector's threat "
        "stays in reserve until a breakdown or the deadline sends it to its sanction subgame). "
        "Package: one bundle of all sectors, the sender committed to its floors; linked: one "
        "bundle, no floors; free: each round the setter puts any bundle of the open sectors on "
        "the table. A failed bundle does not end the talks.",
        f"{sc.sender} would choose: {s_label} ({s_pay:.3f} $B/yr). "
        f"{sc.target} would choose: {t_label} ({t_pay:.3f} $B/yr).",
        _protocol_note(a),
    ]
    if a.skipped:
        notes.append(f"Not solved: {', '.join(a.skipped)} (more sectors than the free agenda's "
                     "limit).")
    return (render_text(openings, f"{sc.name}: openings by agenda") + "\n\n"
            + render_text(totals, f"{sc.name}: the agendas compared", notes=notes))


def negotiation_report(a: NegotiationAnalysis, sectors: bool = True,
                       agendas: bool = True) -> str:
    """Both reports, as ``python -m solver`` prints them."""
    parts = ([sector_report(a)] if sectors else []) + ([agenda_report(a)] if agendas else [])
    return "\n\n".join(parts)
