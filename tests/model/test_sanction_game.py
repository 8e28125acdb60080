"""The sector sanction game of docs/model.md: closed forms checked against the solver."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from solver._core.errors import InputError
from solver.model.sanction_game import (
    analyse_sanction_game,
    resolve_game_tree,
    sanction_game_tree,
)
from solver.model.sector import Sector
from solver.model.target_resolve import analyse_target_resolve, target_resolve_tree

# (G, c, L_T, L_S, a, d_S, d_T, q)
CASES = [
    pytest.param(10, 4, 6, 2, 3, F(9, 10), F(9, 10), 1, id="credible-concede-comply"),
    pytest.param(10, 4, 6, 5, 3, F(9, 10), F(9, 10), 1, id="concede-credible-by-gain"),
    pytest.param(10, 4, 6, 5, 3, F(1, 10), F(9, 10), F(1, 2), id="not-credible"),
    pytest.param(10, 8, 6, 2, 3, F(9, 10), F(9, 10), 1, id="holdout-credible"),
    pytest.param(10, 8, 6, 5, 3, F(9, 10), F(9, 10), 1, id="holdout-not-credible"),
]


@pytest.mark.parametrize(("G", "c", "LT", "LS", "a", "dS", "dT", "q"), CASES)
def test_complete_information_closed_form(G, c, LT, LS, a, dS, dT, q) -> None:  # type: ignore[no-untyped-def]
    """SPE conditions in closed form (docs/model.md; the tree of Drezner 1999, *The
    Sanctions Paradox*, ch. 2), derived by backward induction:

    1. Under sanctions the target compares Concede, (1-d_T)(-L_T) - d_T c, with HoldOut, -L_T:
       it concedes iff d_T c < d_T L_T, i.e. iff c < L_T.
    2. After a refusal the sender compares Sanction with BackDown (-a). Against HoldOut the
       sanction pays -L_S, credible iff L_S < a; against Concede it pays
       (1-d_S)(-L_S) + d_S q G, credible iff that exceeds -a.
    3. The target compares Comply (-c) with Refuse: against a credible sanction it gets
       the value of step 1, and Comply wins iff it concedes (by (1-d_T)(L_T - c) > 0);
       against BackDown refusing gets 0 > -c.
    4. The sender demands iff the outcome of Demand beats 0.
    """
    res = analyse_sanction_game(gain=G, cost=c, loss_target=LT, loss_sender=LS, backdown_cost=a,
                                discount_sender=dS, discount_target=dT,
                                deliverability=q)
    concede = c < LT
    w = (1 - dS) * -LS + dS * q * G
    credible = (w > -a) if concede else (a > LS)
    complies = credible and concede
    assert res.target_concedes == concede
    assert res.credible == credible
    assert res.target_complies == complies
    (spe,) = res.spe
    if complies:
        demand_value = q * G
    elif credible:
        demand_value = -LS  # sanction imposed, target holds out
    else:
        demand_value = -a
    assert res.sender_demands == (demand_value > 0)
    assert spe.payoffs[0] == max(demand_value, 0)
    # every SPE is among the classified Nash equilibria of the reduced form
    assert res.nash.reduced.game.shape == (3, 3)
    assert any(e.subgame_perfect and e.payoffs == spe.payoffs for e in res.nash.equilibria)
    for e in res.incredible_threats:
        assert e.threats and all(not t.on_path for t in e.threats)


def test_incredible_threat_of_sanction_is_flagged() -> None:
    """The target would concede (c < L_T) but sanctioning does not pay the sender
    ((1-d_S)(-L_S) + d_S q G = -4 < -a = -3): the target complying because the sender
    threatens to sanction is a Nash equilibrium resting on an incredible threat."""
    res = analyse_sanction_game(gain=10, cost=4, loss_target=6, loss_sender=5, backdown_cost=3,
                                discount_sender=F(1, 10),
                                discount_target=F(9, 10), deliverability=F(1, 2))
    assert not res.credible and not res.target_complies
    comply = [e for e in res.incredible_threats if e.path == ("Demand", "Comply")]
    assert comply
    for e in comply:
        assert [(t.player, t.action, t.path) for t in e.threats] == [
            ("Sender", "Sanction", ("Demand", "Refuse"))]


def test_float_parameters() -> None:
    res = analyse_sanction_game(gain=10.0, cost=4.0, loss_target=6.0, loss_sender=2.0,
                                backdown_cost=3.0, discount_sender=0.9,
                                discount_target=0.9)
    assert not res.tree.is_exact
    assert res.target_complies and res.spe[0].payoffs == pytest.approx((10.0, -4.0))


def _closed_form(p, G, c, LT, LS, a, dT, q):  # type: ignore[no-untyped-def]
    """docs/model.md, incomplete information about the sender's resolve (the irresolute
    type backs down, the resolute one sanctions):
    V = max(-L_T, (1-d_T)(-L_T) - d_T c); the target complies iff its belief mu >= c/(-V)
    (Comply -c vs Refuse mu V, since the irresolute type backs down); below mu* the
    irresolute type bluffs with beta so that Bayes gives mu = mu*, and the target complies
    with sigma = a/(qG + a) so that bluffing is worth 0 to the irresolute type."""
    V = max(-LT, (1 - dT) * -LT - dT * c)
    mu = F(c) / -V
    if p >= mu:
        return mu, 1, 1, 0
    beta = p * (1 - mu) / ((1 - p) * mu)
    sigma = F(a) / (q * G + a)
    return mu, beta, sigma, p * (1 - sigma)


@pytest.mark.parametrize("p", [F(1, 10), F(1, 4), F(1, 2), F(3, 4)])
def test_incomplete_information_threshold_and_bluffing(p: F) -> None:
    # d_S = 1/10: the irresolute type backs down even against a concession,
    # (1 - d_S)(-L_S) + d_S q G = -7/2 < -a, as the closed form assumes.
    G, c, LT, LS, a, dS, dT, q = 10, 4, 6, 5, 2, F(1, 10), F(1, 2), 1
    res = analyse_sanction_game(gain=G, cost=c, loss_target=LT, loss_sender=LS, backdown_cost=a,
                                discount_sender=dS, discount_target=dT,
                                deliverability=q, resolve=p)
    inc = res.incomplete
    assert inc is not None and inc.closed_form
    mu, beta, sigma, sanction = _closed_form(p, G, c, LT, LS, a, dT, q)
    assert inc.threshold == mu == F(4, 5)
    assert inc.pooling == (p >= mu)
    assert inc.bluff_probability == beta
    assert inc.demand_probability["resolute"] == 1
    assert inc.compliance_probability == sigma
    assert inc.sanction_probability == sanction
    assert inc.engine_agrees  # the engine's PBE reproduce the closed form
    # on-path beliefs follow Bayes' rule
    for e in inc.pbe:
        if "Target:Demand" in e.on_path:
            mu_post = e.beliefs["Target:Demand"][("resolute", "Demand")]
            d_r = e.probability(("resolute",), "Demand")
            d_i = e.probability(("irresolute",), "Demand")
            assert mu_post == p * d_r / (p * d_r + (1 - p) * d_i)


def test_incomplete_information_float_matches_closed_form() -> None:
    res = analyse_sanction_game(gain=10.0, cost=4.0, loss_target=6.0, loss_sender=5.0,
                                backdown_cost=2.0, discount_sender=0.1,
                                discount_target=0.5, resolve=0.25)
    inc = res.incomplete
    assert inc is not None
    assert inc.threshold == pytest.approx(0.8)
    assert inc.bluff_probability == pytest.approx(0.25 * 0.2 / (0.75 * 0.8))
    assert inc.compliance_probability == pytest.approx(2 / 12)
    assert inc.engine_agrees


def test_resolve_tree_types() -> None:
    t = resolve_game_tree(gain=10, cost=4, loss_target=6, loss_sender=5, backdown_cost=2,
                          types={"a": (F(1, 2), 0), "b": (F(1, 4), 3), "c": (F(1, 4), 5)},
                          discount_sender=F(9, 10), discount_target=F(1, 2))
    assert t.node(()).labels == ("a", "b", "c")  # type: ignore[union-attr]
    assert len(t.infoset("Target:Demand").members) == 3
    assert resolve_game_tree(gain=10, cost=4, loss_target=6, loss_sender=5, backdown_cost=2,
                             resolve=1, discount_sender=F(9, 10),
                             discount_target=F(9, 10)).players == ("Sender", "Target")


def test_target_resolve_selection_effect() -> None:
    """Lacy & Niou (2004), J. Politics 66(1): with the target's resolve unknown, the sender
    after a refusal is indifferent at belief rho* = (W + a)/(W + L_S); the sanctions it
    imposes fail (the target is resolute) with probability rho* > r, the prior: imposed
    sanctions are selected to fail."""
    r = F(1, 5)
    res = analyse_target_resolve(gain=10, cost=4, loss_target=6, loss_sender=8, backdown_cost=2,
                                 resolve_target=r, loss_target_resolute=1,
                                 discount_sender=F(1, 2), discount_target=F(1, 2))
    W = F(1, 2) * -8 + F(1, 2) * 10
    rho = (W + 2) / (W + 8)
    assert res.closed_form
    assert res.refusal_belief == rho == F(1, 3)
    assert res.failure_probability == rho > r
    VI = F(1, 2) * -6 - F(1, 2) * 4
    assert res.sanction_probability_after_refusal == F(4) / -VI
    gamma = r * (1 - rho) / ((1 - r) * rho)
    assert res.irresolute_refusal_probability == gamma
    assert res.sanction_probability == (r + (1 - r) * gamma) * F(4, 5)
    # the engine finds this equilibrium: sender mixes after refusal, beliefs by Bayes
    match = [e for e in res.pbe
             if e.probability(("irresolute", "Demand"), "Refuse") == gamma]
    assert match
    assert match[0].beliefs["Sender:Refused"][("resolute", "Demand", "Refuse")] == rho
    assert match[0].probability(("resolute", "Demand", "Refuse"), "Sanction") == F(4, 5)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"gain": -1}, r"gain must be > 0, got -1", id="negative"),
        pytest.param({"gain": 0}, r"^sanction_game_tree\(\): gain must be > 0, got 0$",
                     id="no-gain"),
        pytest.param({"discount_sender": 1}, r"discount_sender must be in \(0, 1\), got 1",
                     id="no-discounting"),
        pytest.param({"discount_target": 0}, r"discount_target must be in \(0, 1\), got 0",
                     id="no-future"),
        pytest.param({"deliverability": 2}, r"deliverability must be in \[0, 1\]", id="q"),
        pytest.param({"cost": "x"}, r"cost must be a finite number", id="type"),
    ],
)
def test_bad_parameters(kwargs, match) -> None:  # type: ignore[no-untyped-def]
    args = {"gain": 10, "cost": 4, "loss_target": 6, "loss_sender": 2, "backdown_cost": 3,
            "discount_sender": F(9, 10), "discount_target": F(9, 10)}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        sanction_game_tree(**args)


PARAMS = ("gain", "cost", "loss_target", "loss_sender", "backdown_cost", "deliverability",
          "discount_sender", "discount_target")
edge = st.sampled_from([-1, 0, F(1, 2), 1, 2])


@given(st.fixed_dictionaries({name: edge for name in PARAMS}))
def test_sector_and_the_one_shot_game_accept_the_same_parameters(values: dict) -> None:
    """Issue 15: Sector rejected gain = 0 and a discount factor of 1 while
    analyse_sanction_game accepted both. One rule now (docs/model.md: G > 0, d in (0, 1))."""
    def accepts(make) -> bool:  # type: ignore[no-untyped-def]
        try:
            make()
        except InputError:
            return False
        return True

    floats = {k: float(v) for k, v in values.items()}
    by_sector = accepts(lambda: Sector("s", **floats))
    assert accepts(lambda: sanction_game_tree(**values)) == by_sector
    assert accepts(lambda: analyse_sanction_game(**floats)) == by_sector


def _game(**kw):  # type: ignore[no-untyped-def]
    return {"gain": 10, "cost": 4, "loss_target": 6, "loss_sender": 2, "backdown_cost": 3,
            "discount_sender": F(9, 10), "discount_target": F(9, 10), **kw}


@pytest.mark.parametrize("func", [sanction_game_tree, analyse_sanction_game, resolve_game_tree,
                                  target_resolve_tree, analyse_target_resolve])
def test_the_losses_cannot_be_swapped_by_position(func) -> None:  # type: ignore[no-untyped-def]
    """Issue 15: (gain, cost, loss_target, loss_sender, ...) positionally, in a different
    order from symbolic.py's, let two swapped losses give another game silently."""
    with pytest.raises(TypeError, match="positional"):
        func(10, 4, 2, 6, 3, discount_sender=F(9, 10), discount_target=F(9, 10))


def test_swapping_the_losses_by_keyword_is_another_game() -> None:
    one = sanction_game_tree(**_game(loss_target=6, loss_sender=2))
    other = sanction_game_tree(**_game(loss_target=2, loss_sender=6))
    assert one != other


def test_pbe_quantities_report_their_spread_when_equilibria_disagree() -> None:
    """Code review: outside the closed form the first PBE was reported as the answer with
    engine_agrees=True. In the reference autos sector the resolute type is tied between
    demanding and not (the target holds out), so two PBE give sanction probabilities 0 and
    0.2 (= p): the analysis reports that spread and claims no independent agreement."""
    from solver import analyse_sanction_game, load_scenario

    s = load_scenario().sector("autos")
    res = analyse_sanction_game(gain=s.gain, cost=s.cost, loss_target=s.loss_target,
                                loss_sender=s.loss_sender, backdown_cost=s.backdown_cost,
                                discount_sender=s.discount_sender,
                                discount_target=s.discount_target,
                                deliverability=s.deliverability, resolve=s.resolve).incomplete
    assert res is not None and not res.closed_form
    assert res.engine_agrees is None
    assert res.ambiguous
    lo, hi = res.ranges["sanction_probability"]
    assert (float(lo), float(hi)) == pytest.approx((0.0, 0.2))


@pytest.mark.parametrize("prior", [0, 1])
def test_known_type_priors_give_the_complete_information_answer(prior: int) -> None:
    """Code review: p = 0 or 1 gave an empty analysis. The type is then known, so the
    quantities are the one-type game's SPE: here L_S = 2 < a = 3 (credible) and c = 4 <
    L_T = 6 (the target concedes), so the target complies and no sanction is imposed."""
    from fractions import Fraction

    from solver import analyse_sanction_game

    res = analyse_sanction_game(gain=10, cost=4, loss_target=6, loss_sender=2, backdown_cost=3,
                                discount_sender=Fraction(9, 10),
                                discount_target=Fraction(9, 10), resolve=prior).incomplete
    assert res is not None
    assert res.compliance_probability == 1 and res.sanction_probability == 0
    assert (res.bluff_probability is None) == (prior == 1)


def test_target_resolve_off_path_belief_supports_backing_down() -> None:
    """Issue 13's repro: at r = 3/10 the sender makes no demand (demanding would pay
    (1 - r/rho) qG - (r/rho) a < 0 with rho = 1/3), so a refusal is off the path. Its belief
    must make BackDown a best reply: at 3/10 Sanction pays 3/10 (-8) + 7/10 (1) = -17/10 > -2,
    so the reported belief is rho = 1/3, where the sender is indifferent."""
    from fractions import Fraction

    from solver.model import analyse_target_resolve

    res = analyse_target_resolve(gain=10, cost=4, loss_target=6, loss_sender=8, backdown_cost=2,
                                 resolve_target=Fraction(3, 10),
                                 loss_target_resolute=1, discount_sender=Fraction(1, 2),
                                 discount_target=Fraction(1, 2))
    assert res.closed_form and res.demand_probability == 0
    mu = res.refusal_belief
    sanction = mu * -8 + (1 - mu) * 1
    assert mu == Fraction(1, 3) and sanction <= -2
    assert res.sanction_probability_after_refusal == 0
