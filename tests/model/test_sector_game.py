"""The sector game (``solve_sector``): known limits with their sources, and the literal
extensive form solved by ``subgame_perfect`` as the independent check.

The game (docs/model.md, "The sector game"): the sender picks a demand D (or none); then
alternating offers over the opening x in [0, 1], worth (v x, -c x**k) from the round of
agreement (v = deliverability * gain); after a rejection the talks break down with
probability p into the sanction subgame, else the next round follows, each side discounting
it by its own factor; after the last round the subgame follows for certain; a proposer may
make no acceptable offer (wait).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from solver.algorithms.bargaining import rubinstein
from solver.algorithms.extensive.backward_induction import subgame_perfect
from solver.model.bargaining_problem import SectorBargaining
from solver.model.bundle_game import SectorArrays, breakdown_probability, solve_bundle
from solver.model.protocol import Protocol
from solver.model.sanction_subgame import PATHS, sector_terminals, solve_subgame
from solver.model.scenario import load_scenario
from solver.model.sector import Sector
from solver.model.talks import solve_sector
from solver.representations.tree import Chance, Decision, GameTree, Outcome
from tests import strategies

SCENARIO = load_scenario()
PLAYERS = ("Sender", "Target")


def payoff_scale(s: Sector) -> float:
    """The payoff scale every tolerance here is relative to: v + c + L_T + L_S + a."""
    return s.value + s.cost + s.loss_target + s.loss_sender + s.backdown_cost


# -- strategies ------------------------------------------------------------------------------


def sectors(patient_target: bool = False, name: str = "s") -> st.SearchStrategy[Sector]:
    """A sector; with ``patient_target`` the discounts satisfy d_S <= d_T**(1/k), the case
    in which delaying an agreement never pays (docs/model.md, "Delay")."""
    return strategies.sectors(
        gain=(0.5, 20.0), cost=(0.2, 30.0), curvature=[1.0, 1.0, 1.5, 2.0, 3.0],
        deliverability=(0.3, 1.0), loss_target=(0.0, 10.0), loss_sender=(0.0, 3.0),
        backdown_cost=(0.0, 3.0), discount_target=(0.5, 0.98),
        discount_sender=(0.3, 1.0) if patient_target else (0.5, 0.98),
        patient_target=patient_target, name=name)


def protocols(max_rounds: int = 6, deadline: bool = True) -> st.SearchStrategy[Protocol]:
    """A deadline in 1..max_rounds and breakdown risk in [0, 0.4]; or no deadline and a
    risk in [0.05, 0.4] (so the talks end)."""
    if deadline:
        return strategies.protocols(rounds=st.integers(1, max_rounds), breakdown=(0.0, 0.4))
    return strategies.protocols(rounds=st.none(), breakdown=(0.05, 0.4))


# -- shared helpers (also used by tests/model/test_talks.py) ---------------------------------


def disagreement_value(threat: Sequence[float], discounts: Sequence[float],
                       protocol: Protocol) -> tuple[float, float]:
    """Each side's expected payoff if nothing is ever agreed: the threat, valued in the round
    of breakdown (p after each rejection) or of the deadline (the last round, for certain)."""
    p, out = protocol.breakdown, []
    for theta, d in zip(threat, discounts, strict=True):
        if protocol.rounds is None:
            weight = p / (1 - (1 - p) * d) if p > 0 else 0.0
        else:
            r = protocol.rounds
            weight = sum(p * ((1 - p) * d) ** t for t in range(r - 1)) + ((1 - p) * d) ** (r - 1)
        out.append(weight * theta)
    return out[0], out[1]


def fixed_demand_payoffs(sector: Sector, protocol: Protocol,
                         demands: Sequence[float]) -> np.ndarray:
    """The bargaining stage for each fixed demand (the engine's one-bundle recursion on
    one-sector rows, each row's threat from the scalar subgame): (n, 2) payoffs."""
    rows = SectorArrays.of([sector] * len(demands)).transposed()
    threat = np.array([[solve_subgame([sector], [d]).per_sector[0]] for d in demands])
    mask = np.ones((len(demands), 1), bool)
    path = solve_bundle(rows, np.zeros((len(demands), 1)), mask, threat, protocol)
    return path.payoffs[:, 0, :]


def subgame_node(s: Sector, demand: float, scale: tuple[float, float], eps: float) -> Decision:
    """The literal sanction subgame, payoffs scaled by ``scale`` (discounting to round 0).

    ``eps`` encodes the solver's stated equilibrium selection (first action on a tie: Sanction
    before BackDown, Concede before HoldOut; docs/model.md, "The threat point") by lowering the
    second action's payoff to the mover by eps. Without it every tie would double the SPE set
    in each of the tree's copies of the subgame, and ``subgame_perfect`` would enumerate 2**G
    equilibria. ``test_nudged_subgame_selects_the_first_spe`` checks the nudge selects
    exactly ``subgame_perfect(...)[0]``.
    """
    t = sector_terminals(s, demand)

    def leaf(path: tuple[str, ...], nudge: tuple[float, float] = (0.0, 0.0)) -> Outcome:
        return Outcome((scale[0] * float(t[path][0]) - nudge[0],
                        scale[1] * float(t[path][1]) - nudge[1]))

    return Decision("Sender", [
        ("Sanction", Decision("Target", [("Concede", leaf(PATHS[0])),
                                         ("HoldOut", leaf(PATHS[1], (0.0, eps)))])),
        ("BackDown", leaf(PATHS[2], (eps, 0.0))),
    ])


def _eps(s: Sector) -> float:
    return 1e-8 * (1.0 + payoff_scale(s))


H = 1e-6  # spacing of the extra offers placed around each round's best acceptable offer


def _offer_grid(s: Sector, proposer: str, need: float, n: int) -> list[float]:
    """``n`` evenly spaced openings, plus offers at +-1, 2, 3 H around the best acceptable
    one for this round's continuation (computed here from the tree's own values: the
    largest x with -c x**k >= need, or the smallest with v x >= need). Interior grid points
    within H of it are dropped, so that no offer leaves the responder indifferent (which
    would multiply the SPE set); the box's ends 0 and 1 always stay."""
    if proposer == "sender":
        best = 1.0 if -need >= s.cost else max(-need, 0.0) / s.cost
        best = best ** (1 / s.curvature) if best < 1.0 else 1.0
    else:
        best = min(1.0, max(0.0, need / s.value))
    grid = [x for x in np.linspace(0.0, 1.0, n) if abs(x - best) > H or x in (0.0, 1.0)]
    near = [best + j * H for j in (-3, -2, -1, 1, 2, 3) if 0.0 <= best + j * H <= 1.0]
    return sorted({*map(float, grid), *near})


def _round_tree(s: Sector, proposer: str, offers: Sequence[float], after_reject: object,
                scale: tuple[float, float]) -> Decision:
    mover, responder = ("Sender", "Target") if proposer == "sender" else ("Target", "Sender")
    return Decision(mover, [
        (f"x={x!r}", Decision(responder, [
            ("Accept", Outcome((scale[0] * s.value * x, -scale[1] * s.cost * x ** s.curvature))),
            ("Reject", after_reject),
        ])) for x in offers
    ])


def literal_rounds(s: Sector, protocol: Protocol, demand: float, n: int = 21
                   ) -> tuple[tuple[float, float], int | None, list[list[float]]]:
    """Backward induction over the rounds, each round's game a literal ``GameTree`` solved by
    ``subgame_perfect``: the proposer's grid of offers, the responder's Accept/Reject, after a
    rejection a Chance node between the literal sanction subgame (breakdown) and the next
    round's SPE value (discounted by each side's factor). Since the continuation from round
    t + 1 does not depend on the history, this is the SPE of the whole game on the grid.

    Returns the SPE payoffs from round 0, the round of agreement on the path without
    breakdown (None if none) and each round's grid of offers.
    """
    assert protocol.rounds is not None
    p, eps = protocol.breakdown, _eps(s)
    sub = subgame_node(s, demand, (1.0, 1.0), eps)
    (theta_spe,) = subgame_perfect(GameTree(sub, players=PLAYERS))
    theta = theta_spe.payoffs
    nxt: tuple[float, float] | None = None
    grids: list[list[float]] = [[] for _ in range(protocol.rounds)]
    agreed: list[bool] = [False] * protocol.rounds
    for t in reversed(range(protocol.rounds)):
        proposer = protocol.proposer(t)
        if nxt is None:
            cont, after = theta, sub
        else:
            later = (s.discount_sender * nxt[0], s.discount_target * nxt[1])
            cont = (p * theta[0] + (1 - p) * later[0], p * theta[1] + (1 - p) * later[1])
            after = (Chance([("Breakdown", (sub, p)), ("Continue", (Outcome(later), 1 - p))])
                     if p > 0 else Outcome(later))
        grids[t] = _offer_grid(s, proposer, cont[1] if proposer == "sender" else cont[0], n)
        tree = GameTree(_round_tree(s, proposer, grids[t], after, (1.0, 1.0)), players=PLAYERS)
        spe = subgame_perfect(tree)
        nxt = spe[0].payoffs
        agreed[t] = spe[0].path[-1] == "Accept"
    assert nxt is not None
    rnd = next((t for t, a in enumerate(agreed) if a), None)
    return (float(nxt[0]), float(nxt[1])), rnd, grids


def literal_tree(s: Sector, protocol: Protocol, demand: float,
                 grids: Sequence[Sequence[float]]) -> GameTree:
    """The whole bargaining stage as one ``GameTree``: every round's offers, Accept/Reject,
    Chance(breakdown) and the literal sanction subgame at every breakdown and at the
    deadline, payoffs discounted to round 0 by each side's own factor."""
    assert protocol.rounds is not None
    p, eps = protocol.breakdown, _eps(s)

    def round_node(t: int) -> Decision:
        scale = (s.discount_sender ** t, s.discount_target ** t)
        sub = subgame_node(s, demand, scale, eps)
        if t == protocol.rounds - 1:
            after: object = sub
        else:
            nxt = round_node(t + 1)
            after = Chance([("Breakdown", (sub, p)), ("Continue", (nxt, 1 - p))]) if p > 0 else nxt
        return _round_tree(s, protocol.proposer(t), grids[t], after, scale)

    return GameTree(round_node(0), players=PLAYERS)


def agreement_round(spe: object) -> int | None:
    """The round of agreement on the path without breakdown, read off an SPE's outcome
    distribution: the terminal reached with positive probability that ends in Accept."""
    accepted = [path for path, prob in spe.outcomes.items()  # type: ignore[attr-defined]
                if prob > 0 and path[-1] == "Accept"]
    if not accepted:
        return None
    assert len(accepted) == 1
    return sum(1 for a in accepted[0] if a.startswith("x=")) - 1


def grid_tolerance(s: Sector, protocol: Protocol) -> float:
    """One grid cell's payoff step per round: the offers around each round's best acceptable
    one are H apart, worth at most H (v + c k) to either side."""
    assert protocol.rounds is not None
    return 3 * protocol.rounds * H * (s.value + s.cost * s.curvature) + 10 * _eps(s)


# -- known limits ----------------------------------------------------------------------------


@pytest.mark.parametrize("sector", [pytest.param(s, id=s.name) for s in SCENARIO.sectors])
def test_take_it_or_leave_it_reference_sectors(sector: Sector) -> None:
    """One round, the sender proposing, no breakdown: take it or leave it (docs/model.md,
    "Known limits"; the ultimatum game, Stahl 1972 with one round). Each reference sector's
    sanction is credible and the target would resist it, so the target accepts the largest
    opening it prefers to the sanction: x = min(1, (L_T / c)**(1/k)). Autos:
    4.45 / 27.7 = 0.16065; flat glass: 0.3 / 0.36 = 0.8333; medical (L_T > c): 1."""
    r = solve_sector(sector, Protocol(rounds=1, breakdown=0.0, first="sender"))
    expected = min(1.0, (sector.loss_target / sector.cost) ** (1 / sector.curvature))
    assert r.round == 0 and r.subgame.sanction
    assert r.opening == pytest.approx(expected, rel=1e-12)
    tol = 1e-12 * payoff_scale(sector)
    assert abs(r.payoffs[0] - sector.value * expected) <= tol
    assert abs(r.payoffs[1] + sector.cost * expected ** sector.curvature) <= tol
    if sector.name == "autos":
        assert r.opening == pytest.approx(4.45 / 27.7, rel=1e-12)
        assert round(r.opening, 3) == 0.161
    if sector.name == "flat_glass":
        assert r.opening == pytest.approx(0.3 / 0.36, rel=1e-12)


@settings(max_examples=40)
@given(sectors(), st.floats(0.0, 0.5))
def test_take_it_or_leave_it_property(s: Sector, p: float) -> None:
    """One round, sender proposing (the breakdown risk is irrelevant: a rejection in the last
    round leads to the subgame for certain). With the sanction imposed in the subgame the
    opening is min(1, (L_T / c)**(1/k)) (at the SPE demand the tie goes to Concede, which
    leaves the target -L_T; with L_T > c it concedes to D = 1 and accepts x = 1). Without a
    credible sanction the target accepts nothing (theta_T = 0): the sender makes no demand."""
    r = solve_sector(s, Protocol(rounds=1, breakdown=p, first="sender"))
    expected = min(1.0, (s.loss_target / s.cost) ** (1 / s.curvature)) if r.subgame.sanction \
        else 0.0
    assert r.opening == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert r.opening == pytest.approx(min(1.0, (-r.threat_point[1] / s.cost) ** (1 / s.curvature)),
                                      rel=1e-9, abs=1e-12)
    scale = s.value + s.cost + s.loss_target + s.loss_sender + s.backdown_cost
    if s.value * expected <= 1e-9 * scale:  # demanding gets nothing at the payoff scale
        assert r.demand is None and r.payoffs == (0.0, 0.0) and r.round is None
    else:
        assert r.round == 0 and r.sanction_probability == 0.0


def _rubinstein(s: Sector, protocol: Protocol, threat: tuple[float, float]) -> tuple[float, float]:
    problem = SectorBargaining.from_sector(gain=s.gain, cost=s.cost, curvature=s.curvature,
                                           deliverability=s.deliverability,
                                           disagreement=threat).problem
    sol = rubinstein(discount=(s.discount_sender, s.discount_target),
                     first=0 if protocol.first == "sender" else 1, breakdown=protocol.breakdown,
                     breakdown_payoffs=threat, frontier=problem, horizon=protocol.rounds)
    return float(sol.point[0]), float(sol.point[1])


@settings(max_examples=40)
@given(sectors(patient_target=True), protocols())
def test_finite_horizon_agrees_with_rubinstein_backward_induction(s: Sector,
                                                                  protocol: Protocol) -> None:
    """Stahl (1972), finite alternating offers solved backward from the deadline, computed by
    the independent ``rubinstein(..., horizon=R)`` on the sector frontier with the subgame's
    SPE payoff as breakdown payoff. When d_S <= d_T**(1/k) delaying never pays (the
    continuation (p theta + (1-p)(d_S u_S, d_T u_T)) is a convex combination of feasible
    points: (d_S v x, -d_T c x**k) is feasible iff d_T >= d_S**k), so every round's proposer
    settles and the engine must agree at once with rubinstein's point."""
    r = solve_sector(s, protocol)
    tol = 1e-9 * payoff_scale(s)
    point = _rubinstein(s, protocol, r.threat_point)
    if r.demand is None:  # nothing to gain: rubinstein's agreement is the status quo for it
        assert point[0] <= tol and r.payoffs == (0.0, 0.0)
        return
    assert r.round == 0
    assert abs(r.payoffs[0] - point[0]) <= tol and abs(r.payoffs[1] - point[1]) <= tol
    assert abs(r.opening - point[0] / s.value) <= 1e-9


@settings(max_examples=25)
@given(sectors(patient_target=True), protocols(deadline=False))
def test_no_deadline_agrees_with_stationary_rubinstein(s: Sector, protocol: Protocol) -> None:
    """No deadline, breakdown risk p > 0: the stationary SPE of alternating offers with a
    risk of breakdown (Rubinstein 1982, Econometrica 50(1), for the structure; Binmore,
    Rubinstein & Wolinsky 1986 for the breakdown risk), computed independently by
    ``rubinstein`` without a horizon (a fixed point by brentq), must equal the engine's
    iteration to convergence (1e-9 of the payoff scale)."""
    r = solve_sector(s, protocol)
    point = _rubinstein(s, protocol, r.threat_point)
    tol = 1e-9 * payoff_scale(s)
    if r.demand is None:
        assert point[0] <= tol
        return
    assert r.round == 0
    assert abs(r.payoffs[0] - point[0]) <= tol and abs(r.payoffs[1] - point[1]) <= tol


@pytest.mark.parametrize("first", ["sender", "target"])
@pytest.mark.parametrize("name", ["autos", "flat_glass", "insurance"])
def test_rubinstein_1982_no_deadline_no_breakdown_opens_nothing(name: str, first: str) -> None:
    """Rubinstein (1982) on the sector frontier, no deadline and no breakdown: the sanction
    subgame is never reached, so the impasse payoff is the status quo (0, 0), which is itself
    the frontier's point x = 0 and the target's best point. The stationary conditions
    -c x**k = d_T (-c y**k) (target indifferent to the sender's offer x) and v y = d_S v x
    (sender indifferent to the target's offer y) give x**k = d_T d_S**k x**k, so x = y = 0:
    a threat that is never reached gives no bargaining power, and with nothing to gain the
    sender makes no demand. ``rubinstein`` on the same frontier agrees."""
    s = SCENARIO.sector(name).with_values(discount_sender=0.8, discount_target=0.9)
    r = solve_sector(s, Protocol(rounds=None, breakdown=0.0, first=first))
    tol = 1e-9 * payoff_scale(s)
    assert r.opening <= 1e-9 and not r.deal
    assert abs(r.payoffs[0]) <= tol and abs(r.payoffs[1]) <= tol
    problem = SectorBargaining.from_sector(gain=s.gain, cost=s.cost, curvature=s.curvature,
                                           deliverability=s.deliverability,
                                           disagreement=(0, 0)).problem
    sol = rubinstein(discount=(0.8, 0.9), first=0 if first == "sender" else 1, frontier=problem)
    assert float(sol.point[0]) == 0.0 and float(sol.point[1]) == 0.0
    # The engine's bargaining stage for the demand it would make also agrees on x = 0.
    pay = fixed_demand_payoffs(s, Protocol(rounds=None, breakdown=0.0, first=first), [1.0])
    assert abs(pay[0, 0]) <= 1e-12 * payoff_scale(s) and abs(pay[0, 1]) <= 1e-12 * payoff_scale(s)


def _brw_sector(k: float, r_s: float, r_t: float, delta: float) -> Sector:
    return Sector("brw", gain=4.0, cost=6.0, curvature=k, loss_target=3.0, loss_sender=0.5,
                  backdown_cost=1.0, discount_sender=math.exp(-r_s * delta),
                  discount_target=math.exp(-r_t * delta))


def _nash_maximiser(s: Sector, e: tuple[float, float], w: tuple[float, float]) -> float:
    """The opening maximising w_S log(v x - e_S) + w_T log(-c x**k - e_T), by scipy's bounded
    scalar minimiser over the openings where both factors are positive."""
    lo = max(e[0] / s.value, 0.0)
    hi = min((-e[1] / s.cost) ** (1 / s.curvature), 1.0)
    assert lo < hi

    def minus(x: float) -> float:
        a, b = s.value * x - e[0], -s.cost * x ** s.curvature - e[1]
        return math.inf if a <= 0 or b <= 0 else -(w[0] * math.log(a) + w[1] * math.log(b))

    return float(minimize_scalar(minus, bounds=(lo, hi), method="bounded",
                                 options={"xatol": 1e-13}).x)


@pytest.mark.parametrize(("k", "lam", "r_s", "r_t", "deltas"), [
    (2.0, 1.0, 0.5, 0.5, (0.1, 0.03, 0.01)),
    (1.0, 1.0, 1.0, 0.5, (0.2, 0.06, 0.02)),
])
def test_binmore_rubinstein_wolinsky_limit(k: float, lam: float, r_s: float, r_t: float,
                                           deltas: tuple[float, ...]) -> None:
    """Binmore, Rubinstein & Wolinsky (1986), "The Nash bargaining solution in economic
    modelling", RAND Journal of Economics 17(2), 176-188: with breakdown p = lam Delta and
    d_i = exp(-r_i Delta), as Delta -> 0 the SPE converges to the maximiser over the frontier
    of (u_S - e_S)**(1/(lam + r_S)) (u_T - e_T)**(1/(lam + r_T)), e_i = lam theta_i/(lam + r_i)
    (docs/model.md, "Known limits").

    Derivation: the responder i to j's offer is indifferent between it and rejecting,
    u_i(j's offer) = (1 - p) d_i u_i(i's offer) + p theta_i. With
    delta_i = (1 - p) d_i = 1 - (lam + r_i) Delta + O(Delta**2) and
    e'_i = p theta_i / (1 - delta_i) = lam theta_i / (lam + r_i) + O(Delta) this reads
    u_i(j's) - e'_i = delta_i (u_i(i's) - e'_i). With weights alpha_i = -1/log(delta_i)
    (so alpha_i Delta -> 1/(lam + r_i)) the products prod_i (u_i - e'_i)**alpha_i are equal
    at the two proposals, so the maximiser lies between them; the two proposals merge as
    Delta -> 0. The error is O(Delta): it must shrink with Delta, and be at most Delta / 2
    in the opening here (observed about Delta / 5)."""
    errors = []
    for delta in deltas:
        s = _brw_sector(k, r_s, r_t, delta)
        r = solve_sector(s, Protocol(rounds=None, breakdown=lam * delta, first="sender"))
        assert r.round == 0
        theta = r.threat_point
        e = (lam * theta[0] / (lam + r_s), lam * theta[1] / (lam + r_t))
        x_star = _nash_maximiser(s, e, (1 / (lam + r_s), 1 / (lam + r_t)))
        errors.append(abs(r.opening - x_star))
        assert errors[-1] <= delta / 2
    assert all(a > b for a, b in itertools.pairwise(errors))


@settings(max_examples=20)
@given(sectors(patient_target=True), st.floats(0.02, 0.4))
def test_stationary_proposals_have_equal_nash_products(s: Sector, p: float) -> None:
    """The exact finite-Delta form of the BRW argument above (no expansion in Delta): with
    delta_i = (1 - p) d_i, e'_i = p theta_i / (1 - delta_i) and alpha_i = -1/log(delta_i),
    the sender's proposal x and the target's proposal y satisfy
    sum_i alpha_i log(u_i - e'_i) equal at x and at y (each responder's indifference), so the
    maximiser of that product lies between y and x. Checked where both proposals are interior
    and strictly better than e' for both."""
    out = {f: solve_sector(s, Protocol(rounds=None, breakdown=p, first=f))
           for f in ("sender", "target")}
    assume(all(r.demand is not None and r.round == 0 for r in out.values()))
    x, y = out["sender"].opening, out["target"].opening
    assume(1e-6 < y <= x < 1 - 1e-6)
    theta = out["sender"].threat_point
    assert out["target"].threat_point == theta
    delta = ((1 - p) * s.discount_sender, (1 - p) * s.discount_target)
    e = (p * theta[0] / (1 - delta[0]), p * theta[1] / (1 - delta[1]))
    alpha = (-1 / math.log(delta[0]), -1 / math.log(delta[1]))

    def log_product(z: float) -> float:
        a, b = s.value * z - e[0], -s.cost * z ** s.curvature - e[1]
        assume(a > 1e-9 * payoff_scale(s) and b > 1e-9 * payoff_scale(s))
        return alpha[0] * math.log(a) + alpha[1] * math.log(b)

    nx, ny = log_product(x), log_product(y)
    assert abs(nx - ny) <= 1e-6 * (1 + abs(nx))
    z = _nash_maximiser(s, e, alpha)
    assert y - 1e-7 <= z <= x + 1e-7


def test_rubinstein_1982_limit_reports_no_demand() -> None:
    """Repro: autos with d = (0.8, 0.9), Protocol(rounds=None, breakdown=0.0): the exact
    SPE opening is 0 (see the test above), so the sender makes no demand."""
    s = SCENARIO.sector("autos").with_values(discount_sender=0.8, discount_target=0.9)
    r = solve_sector(s, Protocol(rounds=None, breakdown=0.0))
    assert r.demand is None and r.round is None


# -- the literal extensive form ---------------------------------------------------------------


def test_nudged_subgame_selects_the_first_spe() -> None:
    """The tie-break nudge in ``subgame_node`` leaves one SPE, and it is
    ``subgame_perfect(sanction_subgame)[0]`` (payoffs within eps)."""
    for s in SCENARIO.sectors:
        r = solve_sector(s, Protocol(rounds=1, breakdown=0.0))
        spe = subgame_perfect(GameTree(subgame_node(s, r.demand, (1.0, 1.0), _eps(s)),
                                       players=PLAYERS))
        assert len(spe) == 1 and tuple(spe[0].path) == r.subgame.path
        assert np.allclose(spe[0].payoffs, r.threat_point, rtol=0, atol=_eps(s))


#: (sector, changes, protocol): one or two rounds, solved as one literal tree.
FULL_TREE_CASES = [
    pytest.param("autos", {}, Protocol(rounds=1, breakdown=0.0), id="autos-R1-sender"),
    pytest.param("autos", {}, Protocol(rounds=1, breakdown=0.05, first="target"),
                 id="autos-R1-target"),
    # Waiting pays (d_S = 0.9 > d_T = 0.75, k = 1): the sender makes no acceptable offer in
    # round 0 and the target settles at the deadline, round 1.
    pytest.param("autos", {}, Protocol(rounds=2, breakdown=0.05), id="autos-R2-waits"),
    pytest.param("flat_glass", {}, Protocol(rounds=2, breakdown=0.05, first="target"),
                 id="glass-R2-target-waits"),
    # Waiting never pays (d_S <= d_T): agreement at once.
    pytest.param("insurance", {"discount_sender": 0.7, "discount_target": 0.8},
                 Protocol(rounds=2, breakdown=0.1), id="insurance-R2-at-once"),
    pytest.param("telecom", {"curvature": 2.0, "discount_sender": 0.8},
                 Protocol(rounds=2, breakdown=0.2, first="target"), id="telecom-k2-R2"),
    # Three rounds as one tree (about 26,000 nodes with 15 offers a round). Only where nobody
    # waits: a proposer that waits ties across all its rejected offers, and the SPE set of
    # the whole tree would be the product of those ties over the earlier rounds' offers.
    pytest.param("insurance", {"discount_sender": 0.7, "discount_target": 0.8},
                 Protocol(rounds=3, breakdown=0.1), id="insurance-R3-sender"),
    pytest.param("insurance", {"discount_sender": 0.7, "discount_target": 0.8},
                 Protocol(rounds=3, breakdown=0.1, first="target"), id="insurance-R3-target"),
]


@pytest.mark.parametrize(("name", "changes", "protocol"), FULL_TREE_CASES)
def test_literal_game_tree_matches_the_engine(name: str, changes: dict[str, float],
                                             protocol: Protocol) -> None:
    """THE independent check. The bargaining stage, written out as one ``GameTree`` (offers on
    a grid that includes the neighbourhood of each round's best acceptable offer,
    Accept/Reject, Chance nodes for breakdown, the literal sanction subgame at every
    breakdown and at the deadline, payoffs discounted to round 0), with the sender's demand
    fixed to the engine's, solved by ``subgame_perfect``: its SPE payoffs equal the engine's
    within one grid cell's payoff step, and it agrees in the same round."""
    s = SCENARIO.sector(name).with_values(**changes)
    r = solve_sector(s, protocol)
    assert r.demand is not None
    _, rnd, grids = literal_rounds(s, protocol, r.demand, n=31 if protocol.rounds < 3 else 9)
    spe = subgame_perfect(literal_tree(s, protocol, r.demand, grids))
    tol = grid_tolerance(s, protocol)
    assert abs(spe[0].payoffs[0] - r.payoffs[0]) <= tol
    assert abs(spe[0].payoffs[1] - r.payoffs[1]) <= tol
    assert all(abs(e.payoffs[0] - spe[0].payoffs[0]) <= 1e-9 for e in spe)  # ties: same value
    assert agreement_round(spe[0]) == r.round == rnd
    if name in ("autos", "flat_glass") and protocol.rounds == 2:
        assert r.round == 1 and r.timing == "at"  # waiting pays: the deal is at the deadline


@pytest.mark.parametrize("rounds", [3, 4])
@pytest.mark.parametrize("first", ["sender", "target"])
@pytest.mark.parametrize("name", [s.name for s in SCENARIO.sectors])
def test_literal_rounds_match_the_engine_reference(name: str, first: str, rounds: int) -> None:
    """The reference sectors under the reference-like protocol (d_S = 0.9 > d_T = 0.75,
    k = 1: waiting pays, so the agreement comes at the deadline), solved round by round on
    literal per-round trees: same payoffs (one grid cell) and the same round of agreement."""
    s = SCENARIO.sector(name)
    protocol = Protocol(rounds=rounds, breakdown=0.05, first=first)
    r = solve_sector(s, protocol)
    assert r.demand is not None
    pay, rnd, _ = literal_rounds(s, protocol, r.demand)
    tol = grid_tolerance(s, protocol)
    assert abs(pay[0] - r.payoffs[0]) <= tol and abs(pay[1] - r.payoffs[1]) <= tol
    assert rnd == r.round


@settings(max_examples=25)
@given(sectors(), protocols(max_rounds=5))
def test_literal_rounds_match_the_engine_property(s: Sector, protocol: Protocol) -> None:
    """The same round-by-round literal check on random sectors and protocols, for the
    engine's demand (or, where the sender makes none, for the best demand candidate)."""
    r = solve_sector(s, protocol)
    demand = r.demand if r.demand is not None else min(
        1.0, (s.loss_target / s.cost) ** (1 / s.curvature))
    pay, rnd, _ = literal_rounds(s, protocol, demand)
    tol = grid_tolerance(s, protocol)
    if r.demand is None:
        # No demand: the bargaining stage would give the sender nothing (at most one grid
        # cell), so the status quo (0, 0) is as good.
        assert pay[0] <= tol
        return
    assert abs(pay[0] - r.payoffs[0]) <= tol and abs(pay[1] - r.payoffs[1]) <= tol
    # The round can differ only where the proposer is within a grid cell of indifferent
    # between settling and waiting.
    if rnd != r.round:
        assert abs(pay[0] - r.payoffs[0]) + abs(pay[1] - r.payoffs[1]) <= 2 * tol


def test_literal_tree_with_the_demand_as_the_first_move() -> None:
    """One round, the whole sector game as one tree: the sender's first move is NoDemand
    ((0, 0)) or a demand from a grid that includes the engine's; then the take-it-or-leave-it
    round and the subgame. Its SPE payoff is the engine's (one grid cell), and the engine's
    demand is among the demands that attain it. (Demands in the holdout region tie with the
    boundary demand here: the target's threat payoff is -L_T either way; the engine keeps
    the boundary, the first candidate.)"""
    protocol = Protocol(rounds=1, breakdown=0.0)
    for name in ("autos", "flat_glass", "telecom"):
        s = SCENARIO.sector(name)
        r = solve_sector(s, protocol)
        demands = sorted({*np.linspace(0.05, 1.0, 20).tolist(), r.demand})
        actions: list[tuple[str, object]] = [("NoDemand", Outcome((0.0, 0.0)))]
        value = {}
        for d in demands:
            _, _, grids = literal_rounds(s, protocol, d, n=21)
            tree = literal_tree(s, protocol, d, grids)
            value[d] = subgame_perfect(tree)[0].payoffs[0]
            actions.append((f"D={d!r}", tree.root))
        spe = subgame_perfect(GameTree(Decision("Sender", actions), players=PLAYERS))
        tol = grid_tolerance(s, protocol)
        assert spe[0].path[0] != "NoDemand"
        assert abs(spe[0].payoffs[0] - r.payoffs[0]) <= tol
        assert abs(spe[0].payoffs[1] - r.payoffs[1]) <= tol
        assert value[r.demand] >= max(value.values()) - tol


# -- the demand, the threat point, the sanction ----------------------------------------------


@settings(max_examples=30)
@given(sectors(), protocols())
def test_no_demand_on_a_grid_beats_the_engines(s: Sector, protocol: Protocol) -> None:
    """docs/model.md, "The demand": the best demand is among {min(1, (L_T/c)**(1/k)), 1}.
    Over 41 demands in [0, 1] (and the boundary itself) none gives the sender more than the
    engine's SPE payoff, and no demand (the status quo, 0) never beats it either."""
    r = solve_sector(s, protocol)
    top = min(1.0, (s.loss_target / s.cost) ** (1 / s.curvature))
    demands = [*np.linspace(0.0, 1.0, 41).tolist(), top]
    pay = fixed_demand_payoffs(s, protocol, demands)
    tol = 1e-9 * payoff_scale(s)
    assert r.payoffs[0] >= 0.0
    assert np.all(pay[:, 0] <= r.payoffs[0] + tol)
    if r.demand is not None:  # the chosen demand's bargaining stage is what is reported
        (own,) = fixed_demand_payoffs(s, protocol, [r.demand])
        assert abs(own[0] - r.payoffs[0]) <= tol and abs(own[1] - r.payoffs[1]) <= tol


@settings(max_examples=30)
@given(sectors(), protocols(deadline=False) | protocols())
def test_threat_point_and_sanction_rest_on_the_subgame(s: Sector, protocol: Protocol) -> None:
    """The threat point is the subgame's first SPE payoff, read off the reported tree, and a
    sanction has positive probability only if that SPE imposes it (no outcome rests on a
    threat that would not be carried out). The probability is that of a breakdown before the
    round of agreement, or 1 without one."""
    r = solve_sector(s, protocol)
    spe = subgame_perfect(r.sanction_subgame)
    assert r.threat_point == spe[0].payoffs == r.subgame.payoffs
    assert r.subgame.path == tuple(spe[0].path)
    if r.sanction_probability > 0:
        assert "Sanction" in spe[0].path
    if r.demand is None:
        assert r.sanction_probability == 0.0
        return
    reach = breakdown_probability(-1 if r.round is None else r.round, protocol)
    assert r.sanction_probability == pytest.approx(reach * ("Sanction" in spe[0].path))
    if r.round is not None:
        assert r.sanction_probability == pytest.approx(
            (1 - (1 - protocol.breakdown) ** r.round) * ("Sanction" in spe[0].path))


@settings(max_examples=30)
@given(sectors(), protocols(deadline=False) | protocols())
def test_individually_rational_against_the_disagreement_path(s: Sector,
                                                             protocol: Protocol) -> None:
    """What must hold: either side can force disagreement (reject everything, offer nothing
    acceptable), so each side's SPE payoff is at least its payoff on the disagreement path,
    the threat valued in the round of breakdown or at the deadline. Not the threat point
    itself: the sender's can be positive and only reachable later (docs/model.md, "The
    threat point is a breakdown payoff"), e.g. autos under the reference protocol. The target's
    payoff is also at least theta_T itself (theta_T <= 0, so discounting only helps it)."""
    r = solve_sector(s, protocol)
    if r.demand is None:
        assert r.payoffs == (0.0, 0.0)
        return
    floor = disagreement_value(r.threat_point, (s.discount_sender, s.discount_target), protocol)
    tol = 1e-9 * payoff_scale(s)
    assert r.payoffs[0] >= floor[0] - tol
    assert r.payoffs[1] >= floor[1] - tol
    assert r.payoffs[1] >= r.threat_point[1] - tol


def test_sender_payoff_can_lie_below_its_threat_point() -> None:
    """The known example: autos, two rounds, sender first, reference discounts. The sender
    waits, the target settles at the deadline, and the sender gets less than theta_S, which
    it could only have had later: 0.05 theta_S + 0.95 * 0.9 theta_S = 0.905 theta_S."""
    r = solve_sector(SCENARIO.sector("autos"), Protocol(rounds=2, breakdown=0.05))
    assert r.round == 1
    assert r.payoffs[0] == pytest.approx(0.905 * r.threat_point[0], rel=1e-12)
    assert r.payoffs[0] < r.threat_point[0]
