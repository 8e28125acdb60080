"""The reference sectors' sanction games: complete, certified equilibria, and nashpy's gap.

Two games per sector: the sanction subgame of the negotiation game (its threat point), and
the one-shot sanction game of ``docs/model.md`` (demand, comply or refuse, sanction,
concede), whose degenerate 3x3 normal form is where nashpy's gap shows.
"""

from __future__ import annotations

import warnings
from importlib.metadata import version

import nashpy
import pytest

from solver import (
    analyse_sanction_game,
    equilibrium_components,
    load_scenario,
    nash_equilibria,
    reduced_normal_form,
    solve_sector,
    subgame_perfect,
)
from solver.algorithms.nash import is_nash
from tests.algorithms.nash.test_nash_gambit import gambit_set


def _one_shot(s):  # type: ignore[no-untyped-def]
    return analyse_sanction_game(gain=s.gain, cost=s.cost, loss_target=s.loss_target,
                                 loss_sender=s.loss_sender, backdown_cost=s.backdown_cost,
                                 discount_sender=s.discount_sender,
                                 discount_target=s.discount_target,
                                 deliverability=s.deliverability)


class _Analysis:
    def __init__(self, sector) -> None:  # type: ignore[no-untyped-def]
        self.sector = sector
        self.game = _one_shot(sector)


ANALYSES = {s.name: _Analysis(s) for s in load_scenario().sectors}
SECTORS = [pytest.param(a, id=n) for n, a in ANALYSES.items()]
SUBGAMES = [pytest.param(solve_sector(s).sanction_subgame, id=s.name)
            for s in load_scenario().sectors]


@pytest.mark.parametrize("tree", SUBGAMES)
def test_subgame_equilibria_certified_and_match_gambit(tree) -> None:  # type: ignore[no-untyped-def]
    """The sanction subgame's reduced normal form: every extreme equilibrium has zero regret,
    the set equals pygambit's enummixed in exact rationals, and the SPE (the threat point)
    is among them."""
    game = reduced_normal_form(tree)
    result = nash_equilibria(game)
    for e in result.equilibria:
        assert is_nash(game, (e.row, e.col))
    assert {(tuple(e.row), tuple(e.col)) for e in nash_equilibria(game.to_exact()).equilibria} \
        == gambit_set(game.to_exact())
    spe = subgame_perfect(tree)[0].payoffs
    pay = [(float(e.row @ game.A @ e.col), float(e.row @ game.B @ e.col))
           for e in result.equilibria]
    assert any(abs(a - spe[0]) < 1e-9 and abs(b - spe[1]) < 1e-9 for a, b in pay)


@pytest.mark.parametrize("analysis", SECTORS)
def test_every_equilibrium_certified_and_spe_among_them(analysis) -> None:  # type: ignore[no-untyped-def]
    game = analysis.game.nash.reduced.game
    result = nash_equilibria(game)
    assert result.equilibria, "every finite game has an equilibrium"
    for e in result.equilibria:
        assert is_nash(game, (e.row, e.col))  # zero regret, independent of the algorithm
    # Subgame perfection refines Nash: every SPE's payoffs are those of a classified NE.
    spe_payoffs = {tuple(float(v) for v in s.payoffs) for s in analysis.game.spe}
    ne_payoffs = {tuple(float(v) for v in e.payoffs) for e in analysis.game.nash.subgame_perfect}
    assert all(any(abs(s[0] - n[0]) < 1e-9 and abs(s[1] - n[1]) < 1e-9 for n in ne_payoffs)
               for s in spe_payoffs)
    # The normal form is degenerate (the NoDemand row is constant): more than one component
    # or a component with several extreme points, never a silently missed corner.
    comps = equilibrium_components(game)
    assert sum(len(c.extreme_points) for c in comps) >= len(result.equilibria)


@pytest.mark.parametrize("analysis", SECTORS)
def test_same_set_as_gambit_enummixed(analysis) -> None:  # type: ignore[no-untyped-def]
    """Cross-check, in exact rationals, against pygambit 16.7's enummixed_solve (the field's
    reference for all extreme equilibria of two-player games)."""
    game = analysis.game.nash.reduced.game.to_exact()
    ours = {(tuple(e.row), tuple(e.col)) for e in nash_equilibria(game).equilibria}
    assert ours == gambit_set(game)


def test_ours_finds_the_three_autos_equilibria() -> None:
    """The project's engine (``nash_equilibria``) returns all 3 extreme equilibria of the
    autos sanction game, where nashpy's support enumeration alone misses some (below)."""
    assert len(nash_equilibria(ANALYSES["autos"].game.nash.reduced.game).equilibria) == 3


@pytest.mark.known_gap
@pytest.mark.xfail(strict=False, reason=(
    f"nashpy {version('nashpy')}: support enumeration finds 1 of the 3 extreme equilibria "
    "of the autos sanction game (supports of unequal size fail; see peer-libraries.md)"))
def test_nashpy_support_enumeration_on_sector_game() -> None:
    """What a correct nashpy returns: all 3. Non-strict xfail, so a nashpy release that
    closes the gap shows as an XPASS rather than failing the suite."""
    game = ANALYSES["autos"].game.nash.reduced.game
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = list(nashpy.Game(game.A.astype(float), game.B.astype(float))
                     .support_enumeration())
    assert len(found) == 3
