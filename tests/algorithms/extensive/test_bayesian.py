"""Perfect Bayesian equilibria through the Bayesian normal form and the engine."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from solver.algorithms.extensive.bayesian import (
    PerfectBayesianEquilibrium,
    bayes_beliefs,
    perfect_bayesian_equilibria,
)
from solver.model.target_resolve import target_resolve_tree
from solver.representations.tree import Chance, Decision, GameTree, Outcome
from tests.algorithms.extensive.pbe_check import pure_weak_pbe_outcomes, weak_pbe_violations


def challenge_game(p: Fraction) -> GameTree:
    """A strong (prior p) or weak sender challenges or stays quiet; the receiver, seeing only
    a challenge, yields (1, -1) or fights: the strong sender wins (1, -2), the weak loses
    (-1, 1). Closed form (p < 2/3): the receiver is indifferent at belief 2/3, so the weak
    type challenges with probability beta = p (1 - 2/3) / ((1 - p) 2/3) = p / (2 (1 - p)), and
    the receiver yields with probability 1/2, which leaves the weak type indifferent."""
    def sender(fight: tuple[int, int]) -> Decision:
        return Decision("S", {"Quiet": Outcome((0, 0)), "Challenge": Decision(
            "R", {"Yield": Outcome((1, -1)), "Fight": Outcome(fight)}, infoset="R")})
    return GameTree(Chance({"strong": (sender((1, -2)), p), "weak": (sender((-1, 1)), 1 - p)}))


@pytest.mark.parametrize("p", [Fraction(1, 5), Fraction(1, 3), Fraction(1, 2)])
def test_semi_separating_closed_form(p: Fraction) -> None:
    (e,) = perfect_bayesian_equilibria(challenge_game(p))
    assert e.probability(("weak",), "Challenge") == p / (2 * (1 - p))
    assert e.probability(("strong",), "Challenge") == 1
    assert e.probability(("strong", "Challenge"), "Yield") == Fraction(1, 2)
    assert e.beliefs["R"][("strong", "Challenge")] == Fraction(2, 3)
    assert "R" in e.on_path and not e.off_path_beliefs


def test_pooling_above_threshold() -> None:
    (e,) = perfect_bayesian_equilibria(challenge_game(Fraction(3, 4)))
    assert e.probability(("weak",), "Challenge") == 1
    assert e.probability(("weak", "Challenge"), "Yield") == 1
    assert e.beliefs["R"][("strong", "Challenge")] == Fraction(3, 4)  # Bayes = prior


def test_off_path_beliefs_are_stated() -> None:
    """Both types quiet, supported by the belief that a challenger is weak (the receiver
    fights): the receiver's set is off the path and its belief is stated."""
    def sender(win: int) -> Decision:
        return Decision("S", {"Quiet": Outcome((1, 0)), "Challenge": Decision(
            "R", {"Yield": Outcome((2, -1)), "Fight": Outcome((win, 1 - 3 * (win > 0)))},
            infoset="R")})
    tree = GameTree(Chance({"strong": (sender(0), Fraction(1, 2)),
                            "weak": (sender(-1), Fraction(1, 2))}))
    pbes = perfect_bayesian_equilibria(tree)
    quiet = [e for e in pbes if e.path == ()]
    assert quiet and all("R" in e.off_path_beliefs for e in quiet)


def test_bayes_beliefs() -> None:
    tree = challenge_game(Fraction(1, 3))
    beh = {("strong",): {"Challenge": 1}, ("weak",): {"Challenge": Fraction(1, 4),
                                                       "Quiet": Fraction(3, 4)}}
    mu = bayes_beliefs(tree, beh)["R"]
    assert mu == {("strong", "Challenge"): Fraction(2, 3), ("weak", "Challenge"): Fraction(1, 3)}


# -- issue 13: beliefs over the whole simplex, every answer checked against the definition --


def _checked(tree: GameTree) -> tuple[PerfectBayesianEquilibrium, ...]:
    pbes = perfect_bayesian_equilibria(tree)
    for e in pbes:
        assert weak_pbe_violations(tree, e.behaviour, e.beliefs) == []
    return pbes


def test_target_resolve_at_three_tenths_has_the_backdown_pbe() -> None:
    """Issue 13 repro: the target-resolve game (Lacy & Niou 2004) at r = 3/10 returned no
    PBE. By hand: with the sender backing down after a refusal, both targets refuse and the
    sender prefers not to demand (-2 < 0); backing down is a best reply at the refusal set for
    beliefs mu(resolute) >= 1/3, since Sanction pays -8 mu + 1 (1 - mu) and BackDown -2."""
    tree = target_resolve_tree(gain=10, cost=4, loss_target=6, loss_sender=8, backdown_cost=2,
                               resolve_target=Fraction(3, 10),
                               loss_target_resolute=1, discount_sender=Fraction(1, 2),
                               discount_target=Fraction(1, 2))
    pbes = _checked(tree)
    assert pbes.complete
    back = [e for e in pbes if e.path == ("resolute", "NoDemand") or e.path == ()]
    backdown = [e for e in back
                if e.probability(("resolute", "Demand", "Refuse"), "BackDown") == 1]
    assert backdown
    mu = backdown[0].off_path_beliefs["Sender:Refused"]
    assert mu[("resolute", "Demand", "Refuse")] >= Fraction(1, 3)


def three_type_signalling(prior: tuple[Fraction, Fraction, Fraction]) -> GameTree:
    """Three sender types stay Quiet (0) or Signal. The receiver, seeing a signal, guesses a
    type (1 to the receiver if right, 0 if not) or Punishes (2/5 whatever the type). Each
    type gets 1 if guessed, -1 otherwise. Punish is a best reply only where every type has
    belief <= 2/5: inside the simplex, on no edge."""
    guess = {f"G{k}": k for k in range(3)}

    def sender(t: int) -> Decision:
        acts = {g: Outcome((1 if k == t else -1, 1 if k == t else 0)) for g, k in guess.items()}
        acts["Punish"] = Outcome((-1, Fraction(2, 5)))
        return Decision("S", {"Quiet": Outcome((0, 0)),
                              "Signal": Decision("R", acts, infoset="R")})

    return GameTree(Chance({f"t{t}": (sender(t), prior[t]) for t in range(3)}))


def test_three_type_pooling_needs_an_interior_belief() -> None:
    """Issue 13 repro: with priors (1/2, 1/4, 1/4) every type staying quiet is a weak PBE
    only with an off-path belief inside the simplex (each type <= 2/5); an engine that tries
    the prior, the vertices and the edges finds none of them."""
    tree = three_type_signalling((Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)))
    pbes = _checked(tree)
    quiet = [e for e in pbes if all(e.probability((f"t{t}",), "Quiet") == 1 for t in range(3))]
    assert quiet
    mu = quiet[0].off_path_beliefs["R"]
    assert all(0 < x <= Fraction(2, 5) for x in mu.values())


@st.composite
def signalling_games(draw: Any) -> GameTree:
    """2 or 3 types, 2 messages, 2 or 3 receiver replies, small integer payoffs."""
    n = draw(st.integers(2, 3))
    weights = [draw(st.integers(1, 3)) for _ in range(n)]
    replies = [f"r{k}" for k in range(draw(st.integers(2, 3)))]
    pay = st.integers(-2, 2)

    def sender() -> Decision:
        return Decision("S", {msg: Decision("R", {r: Outcome((draw(pay), draw(pay)))
                                                  for r in replies}, infoset=f"R:{msg}")
                              for msg in ("m0", "m1")})

    return GameTree(Chance({f"t{t}": (sender(), Fraction(w, sum(weights)))
                            for t, w in enumerate(weights)}))


@settings(max_examples=25)
@given(signalling_games())
def test_every_pure_weak_pbe_outcome_is_found(tree: GameTree) -> None:
    """Brute force over pure profiles, beliefs by linear programming: each pure weak PBE's
    play is the play of some equilibrium the engine returns, and each one returned passes
    the definition."""
    pbes = _checked(tree)
    found = {tuple(sorted((p, x) for p, x in e.outcomes.items() if x)) for e in pbes}
    assert pure_weak_pbe_outcomes(tree) <= found


def test_a_search_cut_short_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no fillings allowed, the r = 3/10 target-resolve game cannot be searched: the
    answer must say it is incomplete rather than claim there is no such equilibrium."""
    import solver.algorithms.extensive.bayesian as bayesian

    tree = target_resolve_tree(gain=10, cost=4, loss_target=6, loss_sender=8, backdown_cost=2,
                               resolve_target=Fraction(3, 10),
                               loss_target_resolute=1, discount_sender=Fraction(1, 2),
                               discount_target=Fraction(1, 2))
    monkeypatch.setattr(bayesian, "SEARCH_LIMIT", 0)
    assert not perfect_bayesian_equilibria(tree).complete


def test_best_reply_cells_limit_is_reported() -> None:
    from solver.algorithms.extensive.belief_cells import best_reply_cells

    v = [[1, 0, 0, Fraction(2, 5)], [0, 1, 0, Fraction(2, 5)], [0, 0, 1, Fraction(2, 5)]]
    cells, complete = best_reply_cells(v, exact=True, limit=3)
    assert not complete
    assert best_reply_cells(v, exact=True)[1]
