"""The printed tables of the negotiation game: each sector's game and the agendas.

Every number is read from :class:`solver.model.negotiation.NegotiationAnalysis`; nothing is
solved here. The talks with the sender's type in doubt are in
:mod:`solver.presentation.doubt_report`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solver.model.negotiation import NegotiationAnalysis
from solver.model.talks import DEAL_OPENING
from solver.presentation.table import Column, Table

if TYPE_CHECKING:
    pass

__all__ = [
    "agenda_report",
    "agenda_tables",
    "negotiation_report",
    "negotiation_tables",
    "sector_report",
    "sector_tables",
]

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


def sector_tables(a: NegotiationAnalysis) -> tuple[Table, Table]:
    """The sector table (each sector's SPE, its threat point, the Nash lens) and the lenses.

    Parameters
    ----------
    a : NegotiationAnalysis
        The solved negotiation, from :func:`solver.analyse_negotiation`.

    Returns
    -------
    tuple of Table
        The ``sectors`` table and the ``lenses`` table.

    Examples
    --------
    >>> from solver import Protocol, analyse_negotiation, load_scenario
    >>> a = analyse_negotiation(load_scenario(), Protocol(rounds=2))
    >>> [t.name for t in sector_tables(a)]
    ['sectors', 'lenses']
    """
    f = a.to_frame()
    sc = a.scenario
    pay = "$B/yr"
    rows = tuple(
        (r["sector"], r["demand"], r["opening"], r["round"],
         f"deal, {r['timing']}" if r["deal"] else "deadlock", r["sanction_probability"],
         r["threat_sender"], r["threat_target"],
         _SUBGAME.get(str(r["subgame_spe"]), str(r["subgame_spe"])),
         r["payoff_sender"], r["payoff_target"], r["nash_lens"])
        for r in f.to_dict("records"))
    columns = (
        Column("sector", "sector", kind="text"), Column("demand", "demand", "share"),
        Column("opening", "x", "share"), Column("round", "round", kind="int"),
        Column("deal", "deal", kind="text"),
        Column("sanction_probability", "P\nsanc."),
        Column("threat_sender", "d S", pay), Column("threat_target", "d T", pay),
        Column("subgame_spe", "subgame", kind="text"),
        Column("payoff_sender", "u S", pay), Column("payoff_target", "u T", pay),
        Column("nash_lens", "Nash\nlens", "share"))
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
    lens_keys = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
    lenses = Table(
        "lenses", "Openings (share of a full opening) through each lens",
        (Column("sector", "sector", kind="text"), Column("opening", "SPE\nopening"),
         Column("nash_lens", "Nash"), Column("kalai_smorodinsky_lens", "Kalai-\nSmorodinsky"),
         Column("egalitarian_lens", "egalit-\narian"),
         Column("utilitarian_lens", "utilit-\narian")),
        tuple((r["sector"], r["opening"], *(r[f"{k}_lens"] for k in lens_keys))
              for r in f.to_dict("records")),
        ("Lenses: the axiomatic bargaining solutions over the sector's frontier, each "
         "against the sector game's own threat point, beside the game's SPE opening.",))
    return Table("sectors", title, columns, rows, notes), lenses


def sector_report(a: NegotiationAnalysis) -> str:
    """The sector table and the lenses, as text.

    Parameters
    ----------
    a : NegotiationAnalysis
        The solved negotiation, from :func:`solver.analyse_negotiation`.

    Returns
    -------
    str
        :func:`sector_tables` as plain text, separated by a blank line.

    Examples
    --------
    >>> from solver import Protocol, analyse_negotiation, load_scenario
    >>> a = analyse_negotiation(load_scenario(), Protocol(rounds=2))
    >>> sector_report(a).splitlines()[0]
    "US-Japan Framework talks, 1993-95: each sector's negotiation game (S = US, T = Japan)"
    """
    return "\n\n".join(t.to_text() for t in sector_tables(a))


def agenda_tables(a: NegotiationAnalysis) -> tuple[Table, Table]:
    """The openings by sector under each agenda, and the agendas compared (totals, deals,
    sanction risk, the agenda each side would choose).

    Parameters
    ----------
    a : NegotiationAnalysis
        The solved negotiation, from :func:`solver.analyse_negotiation`.

    Returns
    -------
    tuple of Table
        The ``openings`` table (openings by sector under each agenda) and the ``agendas`` table.

    Examples
    --------
    >>> from solver import Protocol, analyse_negotiation, load_scenario
    >>> a = analyse_negotiation(load_scenario(), Protocol(rounds=2))
    >>> [t.name for t in agenda_tables(a)]
    ['openings', 'agendas']
    """
    sc = a.scenario
    o = a.openings_frame()
    short = {label: label.replace("free agenda, ", "free, ").replace(" with floors", "")
             for label in a.agendas}
    open_rows = []
    for _, r in o.iterrows():
        row: list[Any] = [r["sector"]]
        for label in a.agendas:
            x, rnd = r[f"{label}: opening"], r[f"{label}: round"]
            row.append("-" if _absent(rnd) else f"{x:.3f} ({int(rnd)})")
        open_rows.append(tuple(row))
    openings = Table(
        "openings", f"{sc.name}: openings by agenda",
        (Column("sector", "sector", kind="text"),
         *(Column(f"{label}: opening (round)", short[label], "x (round)", kind="text")
           for label in a.agendas)),
        tuple(open_rows))
    f = a.agenda_frame()
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
    totals = Table(
        "agendas", f"{sc.name}: the agendas compared",
        (Column("agenda", "agenda", kind="text"),
         Column("payoff_sender", f"u {sc.sender}", "$B/yr"),
         Column("payoff_target", f"u {sc.target}", "$B/yr"),
         Column("joint_surplus", "joint", "$B/yr"), Column("deals", "deals", kind="int"),
         Column("rounds_of_deals", "deals in\nrounds", kind="text"),
         Column("sectors_at_risk", "sectors at\nsanction risk", kind="int"),
         Column("max_sanction_probability", "max P(sanc-\ntion)")),
        tuple((r["agenda"], r["payoff_sender"], r["payoff_target"], r["joint_surplus"],
               r["deals"], r["rounds_of_deals"], r["sectors_at_risk"],
               r["max_sanction_probability"]) for r in f.to_dict("records")),
        tuple(notes))
    return openings, totals


def _absent(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def agenda_report(a: NegotiationAnalysis) -> str:
    """The agendas, as text: openings by sector, totals, the agenda each side would choose.

    Parameters
    ----------
    a : NegotiationAnalysis
        The solved negotiation, from :func:`solver.analyse_negotiation`.

    Returns
    -------
    str
        :func:`agenda_tables` as plain text, separated by a blank line.

    Examples
    --------
    >>> from solver import Protocol, analyse_negotiation, load_scenario
    >>> a = analyse_negotiation(load_scenario(), Protocol(rounds=2))
    >>> agenda_report(a).splitlines()[0]
    'US-Japan Framework talks, 1993-95: openings by agenda'
    """
    return "\n\n".join(t.to_text() for t in agenda_tables(a))


def negotiation_tables(a: NegotiationAnalysis, sectors: bool = True,
                       agendas: bool = True) -> tuple[Table, ...]:
    """The tables of ``python -m solver`` (``solve``: the sectors; ``compare``: the agendas).

    Parameters
    ----------
    a : NegotiationAnalysis
        The solved negotiation, from :func:`solver.analyse_negotiation`.
    sectors : bool, default True
        Include the sector tables (:func:`sector_tables`).
    agendas : bool, default True
        Include the agenda tables (:func:`agenda_tables`).

    Returns
    -------
    tuple of Table
        The selected tables, sectors first.

    Examples
    --------
    >>> from solver import Protocol, analyse_negotiation, load_scenario
    >>> a = analyse_negotiation(load_scenario(), Protocol(rounds=2))
    >>> [t.name for t in negotiation_tables(a)]
    ['sectors', 'lenses', 'openings', 'agendas']
    >>> [t.name for t in negotiation_tables(a, agendas=False)]
    ['sectors', 'lenses']
    """
    return ((sector_tables(a) if sectors else ()) + (agenda_tables(a) if agendas else ()))


def negotiation_report(a: NegotiationAnalysis, sectors: bool = True,
                       agendas: bool = True) -> str:
    """Both reports, as ``python -m solver`` prints them.

    Parameters
    ----------
    a : NegotiationAnalysis
        The solved negotiation, from :func:`solver.analyse_negotiation`.
    sectors : bool, default True
        Include the sector tables (:func:`sector_tables`).
    agendas : bool, default True
        Include the agenda tables (:func:`agenda_tables`).

    Returns
    -------
    str
        :func:`negotiation_tables` as plain text, separated by blank lines.

    Examples
    --------
    >>> from solver import Protocol, analyse_negotiation, load_scenario
    >>> a = analyse_negotiation(load_scenario(), Protocol(rounds=2))
    >>> negotiation_report(a, sectors=False).splitlines()[0]
    'US-Japan Framework talks, 1993-95: openings by agenda'
    """
    return "\n\n".join(t.to_text() for t in negotiation_tables(a, sectors, agendas))
