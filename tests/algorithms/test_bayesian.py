"""Perfect Bayesian equilibria through the Bayesian normal form and the engine."""

from __future__ import annotations

from fractions import Fraction

import pytest

from solver.algorithms.bayesian import bayes_beliefs, perfect_bayesian_equilibria
from solver.representations.tree import Chance, Decision, GameTree, Outcome


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
