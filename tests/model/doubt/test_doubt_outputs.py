"""What users read from the game with the sender's type in doubt: the talks' mappings, the
record scored as probabilities, and the typed sweep."""

from __future__ import annotations

import math

import pytest

from solver import Protocol, load_scenario, solve_talks, sweep_types
from solver.model.doubt import deciding_parameters, score_timing
from solver.model.doubt.typed_talks import TypedTalks


def test_talks_mappings_agree_with_each_sector() -> None:
    sc = load_scenario()
    t = solve_talks(sc, Protocol(rounds=4, breakdown=0.05, types="audience"), "piecemeal")
    assert isinstance(t, TypedTalks)
    assert list(t.agreement_by_round) == [s.name for s in sc.sectors]
    for name, g in t.sectors.items():
        assert t.sanction_probability[name] == g.sanction_probability
        dist = t.agreement_by_round[name]
        assert set(dist) == {0, 1, 2, 3, None}
        assert math.isclose(sum(dist.values()), 1.0, abs_tol=1e-12)
        assert t.deadline_probability[name] == dist[3]
    frame = t.to_frame()
    assert list(frame["sector"]) == [s.name for s in sc.sectors]
    assert (frame["check_residual"] <= 1e-6).all()


def test_timing_scorecard_scores_probabilities_of_the_recorded_values() -> None:
    card = score_timing("audience", grid=101)
    rows = {(r.episode, r.observable): r for r in card.rows}
    assert rows[("1994_02_package", "(all)")].probability is None  # not solved with types
    for r in card.rows:
        if r.probability is not None:
            assert 0.0 <= r.probability <= 1.0 + 1e-12
    # A deal after the deadline is impossible in a game that ends at its deadline.
    assert rows[("1994_piece_by_piece", "flat_glass: timing")].record == "after"
    assert rows[("1994_piece_by_piece", "flat_glass: timing")].probability == 0.0


def test_timing_scorecard_with_draws_reports_mean_and_share() -> None:
    card = score_timing("resolve", draws=2, seed=3, grid=51)
    assert card.to_frame().columns.tolist()[-2:] == ["mean", "share"]
    solved = [r for r in card.rows if r.probability is not None]
    assert all(r.mean is not None and 0 <= r.share <= 1 for r in solved)  # type: ignore[operator]
    with pytest.raises(ValueError, match="draws must be an integer"):
        score_timing(draws=-1)


def test_sweep_rows_and_deciding_parameters() -> None:
    df = sweep_types(load_scenario(), Protocol(rounds=2, types="audience"), draws=4, seed=5,
                     grid=51)
    assert len(df) == 5 * 6
    assert ((df["sanction_probability"] >= 0) & (df["sanction_probability"] <= 1)).all()
    d = deciding_parameters(df, "sanction_probability")
    assert set(d.columns) == {"sector", "outcome", "parameter", "spearman"}
    assert (d["spearman"].abs() <= 1).all()
    with pytest.raises(ValueError, match="set Protocol"):
        sweep_types(load_scenario(), Protocol(rounds=2), draws=1)
