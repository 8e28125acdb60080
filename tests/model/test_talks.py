"""The negotiation game over sectors (``solve_talks``): accounting, separability, individual
rationality, and a brute-force backward induction over (round, open set) with offers found
by scipy's SLSQP (nothing shared with the engine's common-slope kernel) for the package,
the linked package and the free agenda."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from solver.model.protocol import Protocol
from solver.model.sanction_subgame import solve_subgame
from solver.model.scenario import Scenario, load_scenario
from solver.model.sector import Sector
from solver.model.talks import AGENDAS, solve_sector, solve_talks
from tests import strategies
from tests.model.test_sector_game import disagreement_value, payoff_scale, sectors

SCENARIO = load_scenario()
Pair = tuple[float, float]


def scenario(secs: Sequence[Sector], floors: Sequence[tuple[str, float]] = ()) -> Scenario:
    return Scenario("test", "US", "Japan", tuple(secs), tuple(floors))


def total_scale(secs: Sequence[Sector]) -> float:
    return sum(payoff_scale(s) for s in secs)


def _distinct_ratios(secs: Sequence[Sector]) -> bool:
    """No two linear sectors with the same v / c: otherwise a bundle's best offer splits the
    openings arbitrarily between them, and with sector-specific discounts the split changes
    later rounds' values (see ``test_sector_specific_discounts_...`` below)."""
    ratios = sorted(s.value / s.cost for s in secs if s.curvature == 1.0)
    return all(b > a * (1 + 1e-3) for a, b in itertools.pairwise(ratios))


@st.composite
def scenarios(draw: st.DrawFn, n: tuple[int, int] = (2, 3), patient_target: bool = False,
              common_discounts: bool = False) -> Scenario:
    """Scenarios of random sectors with distinct linear ratios; with ``common_discounts`` each
    side has one discount factor across sectors."""
    k = draw(st.integers(*n))
    secs = [draw(sectors(patient_target=patient_target, name=f"s{i}")) for i in range(k)]
    if common_discounts:
        d = (secs[0].discount_sender, secs[0].discount_target)
        secs = [s.with_values(discount_sender=d[0], discount_target=d[1]) for s in secs]
    assume(_distinct_ratios(secs))
    return scenario(secs)


def protocols(max_rounds: int = 3, cross: bool = False) -> st.SearchStrategy[Protocol]:
    return strategies.protocols(rounds=st.integers(1, max_rounds), breakdown=(0.0, 0.3),
                                setter=True, retaliation=["own", "cross"] if cross else None)


# -- a brute-force solver of the talks (docs/model.md, "The negotiation game over sectors") --


def _best_offer_slsqp(secs: Sequence[Sector], lo: Sequence[float], need: float,
                      responder: str) -> np.ndarray | None:
    """The proposer's best offer on a bundle giving the responder at least ``need``, by
    closed form (one sector) or SLSQP from several starts; None when none is acceptable."""
    v = np.array([s.value for s in secs])
    c = np.array([s.cost for s in secs])
    k = np.array([s.curvature for s in secs])
    lo_, hi = np.array(lo, float), np.ones(len(secs))
    scale = float(v.sum() + c.sum())

    def resp(x: np.ndarray) -> float:
        x = np.clip(x, 0.0, 1.0)
        return float((v * x).sum()) if responder == "sender" else -float((c * x ** k).sum())

    def prop(x: np.ndarray) -> float:
        x = np.clip(x, 0.0, 1.0)
        return -float((c * x ** k).sum()) if responder == "sender" else float((v * x).sum())

    corner = lo_ if responder == "sender" else hi  # the proposer's best corner
    if resp(corner) >= need:
        return corner
    if resp(hi if responder == "sender" else lo_) < need - 1e-12 * scale:
        return None
    if len(secs) == 1:
        x = need / v[0] if responder == "sender" else (max(-need, 0.0) / c[0]) ** (1 / k[0])
        return np.clip(np.array([x]), lo_, hi)
    def grad(x: np.ndarray, of_sender_value: bool) -> np.ndarray:
        x = np.clip(x, 0.0, 1.0)
        return v if of_sender_value else -c * k * np.power(x, k - 1.0)

    cons = [{"type": "ineq", "fun": lambda x: (resp(x) - need) / scale,
             "jac": lambda x: grad(x, responder == "sender") / scale}]
    best, best_x = -np.inf, None
    rng = np.random.default_rng(1)
    for x0 in [lo_, hi, 0.5 * (lo_ + hi), lo_ + rng.random(len(secs)) * (hi - lo_)]:
        res = minimize(lambda x: -prop(x) / scale, x0, method="SLSQP",
                       jac=lambda x: -grad(x, responder == "target") / scale,
                       bounds=list(zip(lo_, hi, strict=True)), constraints=cons,
                       options={"ftol": 1e-15, "maxiter": 500})
        x = _repair(np.clip(res.x, lo_, hi), hi if responder == "sender" else lo_, resp, need)
        if prop(x) > best:
            best, best_x = prop(x), x
    assert best_x is not None
    return best_x


def _repair(x: np.ndarray, safe: np.ndarray, resp: object, need: float) -> np.ndarray:
    """Move SLSQP's answer toward the responder's best corner ``safe`` (by bisection on the
    segment) until the responder's constraint holds exactly: a violation of 1e-14 would be
    worth (1e-14)**(1/3) = 2e-5 of opening to a proposer facing a cubic cost."""
    if resp(x) >= need:  # type: ignore[operator]
        return x
    a, b = 0.0, 1.0  # fraction of the way from x to safe: b is feasible
    for _ in range(200):
        m = 0.5 * (a + b)
        if resp(x + m * (safe - x)) >= need:  # type: ignore[operator]
            b = m
        else:
            a = m
    return x + b * (safe - x)


def brute_talks(sc: Scenario, protocol: Protocol, agenda: str,
                demands: Sequence[float]) -> tuple[list[Pair], list[tuple[frozenset[int], bool]]]:
    """Backward induction over (round, open set) written from the game's statement.

    Each round the setter puts a bundle B of the open sectors O on the table (``"free"``: any
    nonempty subset, the one it prefers, the first in the engine's order on a tie; otherwise
    B = O, with the floors as the box for ``"package"``). The proposer offers on B (its best
    acceptable offer, or waits when that pays more; ties go to agreement). Accepted: B closes
    with (v x, -c x**k) from this round, the others go on to the next round (or, after the
    last round, to their own subgames).
    Rejected: breakdown with probability p (B to its subgame, pooled under cross-sector
    retaliation, the others to their own), else the next round with O open, each sector
    discounted by its own factors; after the last round, the subgames for certain.

    Returns each sector's expected payoffs from round 0 and the path (bundle, accepted).
    """
    secs = sc.sectors
    n, p, r_max = len(secs), protocol.breakdown, protocol.rounds
    assert r_max is not None
    own = [solve_subgame([s], [d]).per_sector[0] for s, d in zip(secs, demands, strict=True)]
    disc = [(s.discount_sender, s.discount_target) for s in secs]
    floors = [sc.floor(s.name) if agenda == "package" else 0.0 for s in secs]
    scale = total_scale(secs)

    def threat(bundle: frozenset[int]) -> dict[int, Pair]:
        if protocol.retaliation == "cross":
            idx = sorted(bundle)
            g = solve_subgame([secs[j] for j in idx], [demands[j] for j in idx])
            return dict(zip(idx, g.per_sector, strict=True))
        return {j: own[j] for j in bundle}

    full = frozenset(range(n))
    subsets = [frozenset(c) for m in range(n, 0, -1) for c in itertools.combinations(range(n), m)]

    def bundles(open_: frozenset[int]) -> list[frozenset[int]]:
        """The setter's menu in the engine's order, which decides exact ties: the nonempty
        subsets of the open set by decreasing bit mask (sector j is bit j), the whole first."""
        if agenda != "free":
            return [open_]
        return sorted((b for b in subsets if b <= open_), key=lambda b: -sum(1 << j for j in b))
    value: dict[tuple[int, frozenset[int]], dict[int, Pair]] = {}
    choice: dict[tuple[int, frozenset[int]], tuple[frozenset[int], bool]] = {}
    for t in reversed(range(r_max)):
        proposer = protocol.proposer(t)
        pi, ri = (0, 1) if proposer == "sender" else (1, 0)
        setter = 0 if protocol.setter == "sender" else 1
        for open_ in subsets:
            menu = bundles(open_)
            best: tuple[float, dict[int, Pair], frozenset[int], bool] | None = None
            for b in menu:
                rest = open_ - b
                th = {**threat(b), **{j: own[j] for j in rest}}
                if t == r_max - 1:
                    rejected = th
                    accepted = {j: own[j] for j in rest}
                else:
                    nxt = value[(t + 1, open_)]
                    rejected = {j: tuple(p * th[j][i] + (1 - p) * disc[j][i] * nxt[j][i]
                                         for i in (0, 1)) for j in open_}
                    later = value[(t + 1, rest)] if rest else {}
                    accepted = {j: (disc[j][0] * later[j][0], disc[j][1] * later[j][1])
                                for j in rest}
                need = sum(rejected[j][ri] for j in open_) - sum(accepted[j][ri] for j in rest)
                idx = sorted(b)
                x = _best_offer_slsqp([secs[j] for j in idx], [floors[j] for j in idx], need,
                                      "target" if proposer == "sender" else "sender")
                agree = False
                out = rejected
                if x is not None:
                    deal = {j: (secs[j].value * x[i], -secs[j].cost * x[i] ** secs[j].curvature)
                            for i, j in enumerate(idx)}
                    deal.update(accepted)
                    if sum(deal[j][pi] for j in open_) >= (sum(rejected[j][pi] for j in open_)
                                                          - 1e-9 * scale):
                        agree, out = True, deal
                score = sum(out[j][setter] for j in open_)
                if best is None or score > best[0] + 1e-9 * scale:
                    best = (score, out, b, agree)
            assert best is not None
            value[(t, open_)] = best[1]
            choice[(t, open_)] = (best[2], best[3])
    path, open_ = [], full
    for t in range(r_max):
        if not open_:
            break
        b, ok = choice[(t, open_)]
        path.append((b, ok))
        if ok:
            open_ = open_ - b
    return [value[(0, full)][j] for j in range(n)], path


def _engine_pairs(t: object, sc: Scenario) -> list[Pair]:
    return [(t.sectors[s.name].sender_payoff, t.sectors[s.name].target_payoff)  # type: ignore[attr-defined]
            for s in sc.sectors]


def _demands(t: object, sc: Scenario) -> list[float]:
    return [t.sectors[s.name].demand for s in sc.sectors]  # type: ignore[attr-defined]


def _assert_close(ours: Sequence[Pair], brute: Sequence[Pair], tol: float) -> None:
    for a, b in zip(ours, brute, strict=True):
        assert abs(a[0] - b[0]) <= tol and abs(a[1] - b[1]) <= tol, (ours, brute)


# -- accounting --------------------------------------------------------------------------------


@settings(max_examples=15)
@given(scenarios(), protocols())
def test_per_sector_payoffs_add_up_and_follow_the_path(sc: Scenario, protocol: Protocol) -> None:
    """Every agenda's totals are its sectors' sums; and under one bundle whose rejection
    leaves it open (piece by piece, the packages) each sector's payoff is what its path
    gives: the threat (own subgame) valued in the round of any breakdown before its round of
    agreement r, then (1 - p)**r d**r (v x, -c x**k); or the disagreement value without a
    round."""
    p = protocol.breakdown
    for agenda in AGENDAS:
        t = solve_talks(sc, protocol, agenda)
        assert t.sender_payoff == pytest.approx(sum(s.sender_payoff for s in t.sectors.values()))
        assert t.target_payoff == pytest.approx(sum(s.target_payoff for s in t.sectors.values()))
        if agenda == "free":
            continue
        for s in sc.sectors:
            res = t.sectors[s.name]
            theta = solve_subgame([s], [res.demand]).payoffs
            d = (s.discount_sender, s.discount_target)
            tol = 1e-9 * total_scale(sc.sectors)
            if res.round is None:
                expected = disagreement_value(theta, d, protocol)
            else:
                r, x = res.round, res.opening
                agreed = (s.value * x, -s.cost * x ** s.curvature)
                expected = tuple(sum(p * ((1 - p) * d[i]) ** u * theta[i] for u in range(r))
                                 + ((1 - p) * d[i]) ** r * agreed[i] for i in (0, 1))
            assert abs(res.sender_payoff - expected[0]) <= tol
            assert abs(res.target_payoff - expected[1]) <= tol


@settings(max_examples=15)
@given(scenarios(n=(1, 4)), protocols(max_rounds=5) | st.builds(
    Protocol, rounds=st.none(), breakdown=st.floats(0.05, 0.4),
    first=st.sampled_from(["sender", "target"])))
def test_piecemeal_is_the_sum_of_sector_games(sc: Scenario, protocol: Protocol) -> None:
    """docs/model.md, "Separability": with own threats piece by piece is the sum of the
    independent sector games, each against its own threat with its standing demand (its own
    sector game's SPE demand): equal to ``solve_sector`` sector by sector for every sector
    whose sender makes a demand: exactly with a deadline; to rounding without one (the batch
    iterates to the convergence of its slowest row)."""
    t = solve_talks(sc, protocol, "piecemeal")
    for s in sc.sectors:
        g, res = solve_sector(s, protocol), t.sectors[s.name]
        if g.demand is None:
            continue
        assert res.demand == g.demand and res.round == g.round
        if protocol.rounds is not None:  # the same closed-form steps: bit for bit
            assert (res.sender_payoff, res.target_payoff) == g.payoffs
            assert res.opening == g.opening
            assert res.sanction_probability == g.sanction_probability
        else:  # a batch iterates until its slowest row converges: equal to rounding
            tol = 1e-12 * payoff_scale(s)
            assert abs(res.sender_payoff - g.payoffs[0]) <= tol
            assert abs(res.target_payoff - g.payoffs[1]) <= tol
            assert res.opening == pytest.approx(g.opening, rel=1e-12, abs=1e-14)
            assert res.sanction_probability == pytest.approx(g.sanction_probability)


@settings(max_examples=15)
@given(scenarios(n=(1, 3), common_discounts=True), protocols())
def test_individually_rational_against_the_disagreement_path(sc: Scenario,
                                                             protocol: Protocol) -> None:
    """What must hold (own threats, each side with one discount factor across sectors):
    either side can force disagreement in every sector (reject every bundle, make no
    acceptable offer), which sends each sector to its own subgame at a breakdown or at the
    deadline. So under every agenda each side's total is at least the sum of the sectors'
    disagreement values (the threat valued in the round it is reached), and the target's at
    least the sum of its threat payoffs (theta_T <= 0). The threat point undiscounted is not a
    bound for the sender (docs/model.md, "Payoffs"). With sector-specific discount factors the
    bound holds piece by piece (each sector game alone), but not for bundles: see the next
    test."""
    tol = 1e-9 * total_scale(sc.sectors)
    for agenda in AGENDAS:
        t = solve_talks(sc, protocol, agenda)
        _assert_above_disagreement(t, sc, protocol, tol)


def _assert_above_disagreement(t: object, sc: Scenario, protocol: Protocol, tol: float) -> None:
    theta = [solve_subgame([s], [d]).payoffs for s, d in zip(sc.sectors, _demands(t, sc),
                                                             strict=True)]
    floor = [disagreement_value(th, (s.discount_sender, s.discount_target), protocol)
             for s, th in zip(sc.sectors, theta, strict=True)]
    agenda = t.agenda  # type: ignore[attr-defined]
    assert t.sender_payoff >= sum(f[0] for f in floor) - tol, agenda  # type: ignore[attr-defined]
    assert t.target_payoff >= sum(f[1] for f in floor) - tol, agenda  # type: ignore[attr-defined]
    assert t.target_payoff >= sum(th[1] for th in theta) - tol, agenda  # type: ignore[attr-defined]


@settings(max_examples=10)
@given(scenarios(n=(1, 3)), protocols())
def test_piecemeal_individually_rational_with_sector_specific_discounts(
        sc: Scenario, protocol: Protocol) -> None:
    """Piece by piece each sector is its own game, so the bound holds whatever the discounts."""
    _assert_above_disagreement(solve_talks(sc, protocol, "piecemeal"), sc, protocol,
                               1e-9 * total_scale(sc.sectors))


def test_sector_specific_discounts_make_bundle_preferences_time_inconsistent() -> None:
    """A finding, not a bug of the engine: with discount factors that differ across sectors a
    side's preferences over bundles are time-inconsistent (a sum of exponentials with
    different rates), and the SPE (the engine's, equal to the brute force) can leave the
    sender below its disagreement path, which it could reach only by a commitment its later
    self would not keep.

    Two sectors, v = 1, two rounds, no breakdown, sender first. s0: c = 0.9, L_T = 0 (threat
    (0, 0)), d = (0.5, 0.5); s1: c = 1 <= L_T = 1, so it concedes to D = 1: threat
    (0.75 * 1, 0.5 * -1 - 0.5 * 1) = (0.75, -1), d_S = 0.75. Round 1: the target proposes the
    cheapest bundle worth 0.75 to the sender, x0 = 0.75 (s0 costs 0.9 per unit of value, s1
    costs 1), paying 0.675 < 1. The round-1 sender gets exactly its deadline threat (0.75 in
    round-1 terms) and accepts. From round 0 that agreement is worth 0.5 * 0.75 = 0.375 to the
    sender (s0's factor), the threat 0.75 * 0.75 = 0.5625 (s1's). In round 0 the target needs
    0.5 * -0.675 = -0.3375; the sender's best offer, x0 = 0.375, gives it 0.375, as much as
    waiting. So 0.375 < 0.5625, while piece by piece (s1 alone) the sender gets 0.5625."""
    s0 = Sector("s0", gain=1.0, cost=0.9, loss_target=0.0, discount_sender=0.5,
                discount_target=0.5)
    s1 = Sector("s1", gain=1.0, cost=1.0, loss_target=1.0, discount_sender=0.75,
                discount_target=0.5)
    sc, protocol = scenario([s0, s1]), Protocol(rounds=2, breakdown=0.0)
    t = solve_talks(sc, protocol, "linked")
    assert t.sender_payoff == pytest.approx(0.375, rel=1e-12)
    assert t.target_payoff == pytest.approx(-0.3375, rel=1e-12)
    for agenda in ("linked", "free"):
        brute, _ = brute_talks(sc, protocol, agenda, _demands(t, sc))
        _assert_close(_engine_pairs(solve_talks(sc, protocol, agenda), sc), brute,
                      1e-7 * total_scale(sc.sectors))
    theta = solve_subgame([s1], [t.sectors["s1"].demand]).payoffs
    assert theta == pytest.approx((0.75, -1.0))
    assert t.sender_payoff < disagreement_value(theta, (0.75, 0.5), protocol)[0] == 0.5625
    assert solve_talks(sc, protocol, "piecemeal").sender_payoff == pytest.approx(0.5625)


# -- separability and bundling -----------------------------------------------------------------


@settings(max_examples=15)
@given(sectors(), st.lists(st.floats(0.2, 5.0), min_size=1, max_size=3),
       protocols(max_rounds=4))
def test_proportional_sectors_linked_equals_piecemeal(s: Sector, factors: list[float],
                                                      protocol: Protocol) -> None:
    """Copies of one sector scaled by m (gain, cost, losses and audience cost times m; same
    curvature, deliverability and discounts): each copy's feasible set is m times the first's,
    so their Minkowski sum is (1 + sum m) times it, and the threats scale alike. Bundling
    offers no cross-sector trade: the linked package equals piece by piece (docs/model.md,
    "Separability"), in totals; identical copies (m = 1) are the special case."""
    copies = [s] + [s.with_values(name=f"c{i}", gain=m * s.gain, cost=m * s.cost,
                                  loss_target=m * s.loss_target, loss_sender=m * s.loss_sender,
                                  backdown_cost=m * s.backdown_cost)
                    for i, m in enumerate(factors)]
    sc = scenario(copies)
    tol = 1e-8 * total_scale(copies)
    pm, ln = solve_talks(sc, protocol, "piecemeal"), solve_talks(sc, protocol, "linked")
    assert abs(pm.sender_payoff - ln.sender_payoff) <= tol
    assert abs(pm.target_payoff - ln.target_payoff) <= tol


@pytest.mark.parametrize("rounds", [1, 2, 4])
@pytest.mark.parametrize("name", ["autos", "insurance", "flat_glass"])
def test_identical_copies_linked_equals_piecemeal(name: str, rounds: int) -> None:
    """Three identical copies of a reference sector under the reference-like protocol (own
    threats): the bundle is three times one sector's game, so the linked package gives each
    side exactly three times its sector game, as piece by piece does."""
    s = SCENARIO.sector(name)
    sc = scenario([s, s.with_values(name="copy1"), s.with_values(name="copy2")])
    protocol = Protocol(rounds=rounds, breakdown=0.05)
    pm, ln = solve_talks(sc, protocol, "piecemeal"), solve_talks(sc, protocol, "linked")
    g = solve_sector(s, protocol)
    tol = 1e-9 * total_scale(sc.sectors)
    assert abs(pm.sender_payoff - 3 * g.payoffs[0]) <= tol
    assert abs(ln.sender_payoff - pm.sender_payoff) <= tol
    assert abs(ln.target_payoff - pm.target_payoff) <= tol


def test_free_agenda_gains_from_sequencing_scaled_copies() -> None:
    """docs/model.md, "Separability": scaled copies remove the cross-sector trade (linked
    equals piece by piece) but, where delay pays (here d_S = 0.89 > d_T = 0.885), still leave
    a gain from sequencing: the sender as setter tables the small copy alone and settles it
    at once, the large one waiting off the table free of breakdown risk, then settles the
    large one in round 1. It gets more than piece by piece, and the brute force (every bundle
    in every state) agrees on the payoffs and on the path."""
    a = Sector("a", gain=15.0, cost=6.0, deliverability=0.9, loss_target=5.4, loss_sender=0.9,
               backdown_cost=1.3, discount_sender=0.89, discount_target=0.885)
    m = 0.4
    b = a.with_values(name="b", gain=m * a.gain, cost=m * a.cost, loss_target=m * a.loss_target,
                      loss_sender=m * a.loss_sender, backdown_cost=m * a.backdown_cost)
    sc, protocol = scenario([a, b]), Protocol(rounds=2, breakdown=0.2)
    pm, ln, fr = (solve_talks(sc, protocol, ag) for ag in ("piecemeal", "linked", "free"))
    tol = 1e-9 * total_scale(sc.sectors)
    assert abs(ln.sender_payoff - pm.sender_payoff) <= tol
    assert fr.sender_payoff > pm.sender_payoff + 0.05
    assert fr.choices == ("b", "a")
    brute, path = brute_talks(sc, protocol, "free", _demands(fr, sc))
    _assert_close(_engine_pairs(fr, sc), brute, 1e-7 * total_scale(sc.sectors))
    assert _trace(path, sc) == fr.choices


@settings(max_examples=20)
@given(scenarios(n=(2, 4)), st.sampled_from(["sender", "target"]), st.floats(0.0, 0.3))
def test_one_round_bundling_favours_the_proposer(sc: Scenario, first: str, p: float) -> None:
    """One round (Inderst 2000, bundling relaxes the proposer's constraints): the responder's
    per-sector constraints of piece by piece add up to the linked package's single constraint,
    so the piecemeal offers are feasible in the bundle, and the proposer gets at least as much
    linked. (In one round every threat point lies inside its sector's frontier, so every
    proposer settles.) With the proposer also setting the agenda, the free agenda can put the
    whole bundle on the table and any sector left out would only reach its threat: free
    equals linked."""
    protocol = Protocol(rounds=1, breakdown=p, first=first, setter=first)
    pm, ln, fr = (solve_talks(sc, protocol, a) for a in ("piecemeal", "linked", "free"))
    tol = 1e-9 * total_scale(sc.sectors)
    if first == "sender":
        assert ln.sender_payoff >= pm.sender_payoff - tol
        assert abs(fr.sender_payoff - ln.sender_payoff) <= tol
    else:
        assert ln.target_payoff >= pm.target_payoff - tol
        assert abs(fr.target_payoff - ln.target_payoff) <= tol
    assert all(r.round == 0 for r in ln.sectors.values())


# -- floors, cross-sector retaliation ----------------------------------------------------------


@pytest.mark.parametrize("rounds", [1, 4, None])
def test_package_floors_no_offer_can_meet(rounds: int | None) -> None:
    """The reference sectors with a floor of 1 (full opening) in every sector: full opening
    costs the target 51.3 in all, more than it loses from every sanction (7.8), and even
    the target, proposing, must offer inside the floors. No offer is acceptable: no deal in
    any sector, the talks wait, and each sector reaches its own subgame at a breakdown or at
    the deadline: with a deadline the sanction probability is 1 in every sector whose own
    subgame imposes it, and each side gets the disagreement value."""
    sc = scenario(SCENARIO.sectors, [(s.name, 1.0) for s in SCENARIO.sectors])
    protocol = Protocol(rounds=rounds, breakdown=0.05)
    t = solve_talks(sc, protocol, "package")
    assert t.deals == ()
    for s in sc.sectors:
        res = t.sectors[s.name]
        sub = solve_subgame([s], [res.demand])
        assert res.round is None and res.opening == 0.0 and not res.deal
        assert res.sanction_probability == (1.0 if sub.sanction else 0.0)
        expected = disagreement_value(sub.payoffs, (s.discount_sender, s.discount_target),
                                      protocol)
        tol = 1e-9 * payoff_scale(s)
        assert abs(res.sender_payoff - expected[0]) <= tol
        assert abs(res.target_payoff - expected[1]) <= tol


#: A sector whose own sanction would not be carried out (the target would hold out, and
#: sanctioning costs the sender more than backing down), and one whose would.
WEAK = Sector("weak", gain=2.0, cost=6.0, loss_target=0.5, loss_sender=3.0, backdown_cost=0.2,
              discount_sender=0.8, discount_target=0.85)
STRONG = Sector("strong", gain=6.0, cost=2.0, curvature=2.0, loss_target=3.0, loss_sender=0.1,
                backdown_cost=2.0, discount_sender=0.8, discount_target=0.85)


def test_cross_retaliation_pools_the_linked_packages_threat() -> None:
    """Under cross-sector retaliation the linked package is backed by one pooled subgame
    (docs/model.md, "Cross-sector retaliation"): its value is the brute-force backward
    induction against ``solve_subgame`` on all sectors (and differs from the own-threat
    package's), and a sanction is imposed in a sector only as the pooled SPE imposes it."""
    sc = scenario([WEAK, STRONG])
    for rounds in (1, 2, 3):
        own = Protocol(rounds=rounds, breakdown=0.1)
        cross = own.with_values(retaliation="cross")
        t_own, t_cross = solve_talks(sc, own, "linked"), solve_talks(sc, cross, "linked")
        demands = _demands(t_cross, sc)
        pooled = solve_subgame(list(sc.sectors), demands)
        singles = [solve_subgame([s], [d]) for s, d in zip(sc.sectors, demands, strict=True)]
        assert pooled.per_sector != tuple(g.per_sector[0] for g in singles)  # pooling matters
        brute, _ = brute_talks(sc, cross, "linked", demands)
        tol = 1e-7 * total_scale(sc.sectors)
        _assert_close(_engine_pairs(t_cross, sc), brute, tol)
        brute_own, _ = brute_talks(sc, own, "linked", demands)
        _assert_close(_engine_pairs(t_own, sc), brute_own, tol)
        for s in sc.sectors:
            if t_cross.sectors[s.name].sanction_probability > 0:
                assert pooled.sanction


# -- the package, the linked package and the free agenda against the brute force -------------


@settings(max_examples=12)
@given(scenarios(n=(2, 3)), protocols(max_rounds=3, cross=True),
       st.lists(st.sampled_from([0.0, 0.0, 0.1, 0.3]), min_size=3, max_size=3))
def test_packages_match_brute_force(sc: Scenario, protocol: Protocol,
                                    floors: list[float]) -> None:
    """The package (with floors) and the linked package, both retaliation settings, equal
    the brute-force backward induction within SLSQP's accuracy (1e-7 of the payoff scale)."""
    sc = scenario(sc.sectors, [(s.name, f) for s, f in zip(sc.sectors, floors, strict=False)])
    tol = 1e-7 * total_scale(sc.sectors)
    for agenda in ("package", "linked"):
        t = solve_talks(sc, protocol, agenda)
        brute, _ = brute_talks(sc, protocol, agenda, _demands(t, sc))
        _assert_close(_engine_pairs(t, sc), brute, tol)


def _trace(path: Sequence[tuple[frozenset[int], bool]], sc: Scenario) -> tuple[str, ...]:
    names = [s.name for s in sc.sectors]
    return tuple("+".join(names[j] for j in sorted(b)) + ("" if ok else " (rejected)")
                 for b, ok in path)


FREE_CASES = [
    pytest.param(("autos", "insurance"), Protocol(rounds=2, breakdown=0.05), id="ref-2"),
    pytest.param(("autos", "medical"), Protocol(rounds=2, breakdown=0.05, first="target"),
                 id="ref-2-target-first"),
    pytest.param(("insurance", "medical"), Protocol(rounds=2, breakdown=0.1, setter="target"),
                 id="ref-2-target-sets"),
    pytest.param(("telecom", "auto_parts"), Protocol(rounds=2, breakdown=0.05,
                                                     retaliation="cross"), id="ref-2-cross"),
    pytest.param(("weak", "strong"), Protocol(rounds=2, breakdown=0.1, retaliation="cross"),
                 id="weak-strong-cross"),
]


def _sector(name: str) -> Sector:
    return {"weak": WEAK, "strong": STRONG}.get(name) or SCENARIO.sector(name)


@pytest.mark.parametrize(("names", "protocol"), FREE_CASES)
def test_free_agenda_brute_force_two_sectors(names: tuple[str, str], protocol: Protocol) -> None:
    """Two sectors, two rounds: the setter's menu each round is {both}, {first}, {second}.
    The brute force enumerates every choice in every state, so the engine's choice is optimal
    for the setter, its payoffs match, and its path (``choices``) is the brute force's."""
    sc = scenario([_sector(n) for n in names])
    t = solve_talks(sc, protocol, "free")
    brute, path = brute_talks(sc, protocol, "free", _demands(t, sc))
    _assert_close(_engine_pairs(t, sc), brute, 1e-7 * total_scale(sc.sectors))
    assert t.choices == _trace(path, sc)


@settings(max_examples=10)
@given(scenarios(n=(2, 2)), protocols(max_rounds=2, cross=True))
def test_free_agenda_brute_force_property(sc: Scenario, protocol: Protocol) -> None:
    """The same on random two-sector scenarios and protocols (payoffs only: the path can
    differ where the setter is within tolerance of indifferent)."""
    t = solve_talks(sc, protocol, "free")
    brute, _ = brute_talks(sc, protocol, "free", _demands(t, sc))
    _assert_close(_engine_pairs(t, sc), brute, 1e-7 * total_scale(sc.sectors))


def test_free_agenda_reference_beats_the_packages_for_its_setter() -> None:
    """The free agenda contains the linked package (the whole bundle every round) and piece by
    piece's sequential variants, so its setter gets at least the linked package's payoff;
    under the reference protocol it gets strictly more (it settles medical apart, at the
    deadline)."""
    protocol = SCENARIO.protocol
    fr, ln = solve_talks(SCENARIO, protocol, "free"), solve_talks(SCENARIO, protocol, "linked")
    assert fr.sender_payoff > ln.sender_payoff
    assert fr.choices[0] == "autos+auto_parts+insurance+telecom+flat_glass"
    assert fr.sectors["medical"].round == protocol.rounds - 1


def expected_sanction_probability(t: object, sc: Scenario, protocol: Protocol) -> dict[str, float]:
    """Each sector's probability of a sanction on the free agenda's path (``choices``), from
    the game's statement (docs/model.md, "State, bundles and offers"): a breakdown can only
    follow a round whose bundle was rejected (probability p, or 1 after the last round); it
    sends the rejected bundle to its subgame (pooled under cross-sector retaliation) and every
    other open sector to its own; sectors still open at the deadline go to their own. A
    sector is sanctioned there only if that subgame's first SPE imposes the sanction."""
    names = [s.name for s in sc.sectors]
    demand = {n: t.sectors[n].demand for n in names}  # type: ignore[attr-defined]

    def sanctioned(bundle: Sequence[str]) -> bool:
        return solve_subgame([sc.sector(n) for n in bundle], [demand[n] for n in bundle]).sanction

    own = {n: sanctioned([n]) for n in names}
    reach, alive, open_ = dict.fromkeys(names, 0.0), 1.0, set(names)
    rounds = protocol.rounds
    for i, choice in enumerate(t.choices):  # type: ignore[attr-defined]
        bundle = choice.removesuffix(" (rejected)").split("+")
        if not choice.endswith(" (rejected)"):
            open_ -= set(bundle)
            continue
        p = 1.0 if rounds is not None and i == rounds - 1 else protocol.breakdown
        pooled = sanctioned(bundle) if protocol.retaliation == "cross" else None
        for n in open_:
            flag = pooled if pooled is not None and n in bundle else own[n]
            reach[n] += alive * p * flag
        alive *= 1 - p
    if rounds is not None and len(t.choices) == rounds:  # type: ignore[attr-defined]
        for n in open_:  # open at the deadline after an accepted last bundle: own subgame
            if not t.choices[-1].endswith(" (rejected)"):  # type: ignore[attr-defined]
                reach[n] += alive * own[n]
    return reach


def test_free_agenda_sanction_probability_follows_the_path() -> None:
    """Reference scenario, reference protocol: medical waits while the other five settle in
    round 0 (no breakdown risk that round: nothing was rejected), is rejected in rounds 1 and
    2 and agrees in round 3: its sanction probability is 1 - 0.95**2 (commit 5166c7d fixed the
    earlier 1 - 0.95**3, which counted round 0)."""
    t = solve_talks(SCENARIO, SCENARIO.protocol, "free")
    expected = expected_sanction_probability(t, SCENARIO, SCENARIO.protocol)
    assert expected["medical"] == pytest.approx(1 - 0.95**2)
    for name, res in t.sectors.items():
        assert res.sanction_probability == pytest.approx(expected[name], abs=1e-12), name


@pytest.mark.parametrize("names", [("weak", "strong"), ("weak", "insurance")])
def test_free_agenda_cross_sanction_follows_the_subgame_reached(names: tuple[str, str]) -> None:
    """A sector waiting off the table reaches its OWN subgame at a breakdown or the
    deadline (here the sender backs down there: no sanction), not the pooled subgame of all
    sectors (regression: the flag was taken from the pooled subgame of every sector)."""
    sc = scenario([_sector(n) for n in names])
    assert solve_subgame([WEAK], [solve_sector(WEAK, Protocol(rounds=1)).demand or 1.0]).path \
        == ("BackDown",)
    for rounds, first, setter in itertools.product((1, 2, 3), ("sender", "target"),
                                                   ("sender", "target")):
        protocol = Protocol(rounds=rounds, breakdown=0.1, first=first, setter=setter,
                            retaliation="cross")
        t = solve_talks(sc, protocol, "free")
        expected = expected_sanction_probability(t, sc, protocol)
        for name, res in t.sectors.items():
            assert res.sanction_probability == pytest.approx(expected[name], abs=1e-12), (
                protocol, t.choices, name)


@settings(max_examples=10)
@given(scenarios(n=(2, 3)), protocols(max_rounds=3))
def test_free_agenda_sanction_probability_property(sc: Scenario, protocol: Protocol) -> None:
    """The same bookkeeping on random scenarios with own threats."""
    t = solve_talks(sc, protocol, "free")
    expected = expected_sanction_probability(t, sc, protocol)
    for name, res in t.sectors.items():
        assert res.sanction_probability == pytest.approx(expected[name], abs=1e-12), name


def test_free_agenda_medical_payoff_has_no_risk_in_round_0() -> None:
    """The payoffs (unlike the reported probability above) follow the path: medical's
    expected payoff is the threat at a breakdown after round 1 or 2 (never after round 0,
    where the other bundle was accepted) and its opening agreed in round 3."""
    t = solve_talks(SCENARIO, SCENARIO.protocol, "free")
    s, res, p = SCENARIO.sector("medical"), t.sectors["medical"], SCENARIO.protocol.breakdown
    assert t.choices[1:] == ("medical (rejected)", "medical (rejected)", "medical")
    theta = solve_subgame([s], [res.demand]).payoffs
    for i, (d, agreed) in enumerate([(s.discount_sender, s.value * res.opening),
                                     (s.discount_target, -s.cost * res.opening)]):
        expected = (p * d * theta[i] + (1 - p) * p * d**2 * theta[i]
                    + (1 - p) ** 2 * d**3 * agreed)
        got = res.sender_payoff if i == 0 else res.target_payoff
        assert got == pytest.approx(expected, rel=1e-12)
