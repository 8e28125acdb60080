"""Uncertainty sweeps: shape, reproducibility, Dask equivalence, distributions, bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import games
from solver.model.analysis import compare_agendas
from solver.model.distributions import Distribution
from solver.model.scenario import ScenarioFileError, load_scenario
from solver.model.sweep import AGENDAS, CHUNK, summarize, sweep

SCENARIO = load_scenario()


def test_rows_columns_and_reproducibility() -> None:
    a = sweep(SCENARIO, draws=300, seed=7)
    b = sweep(SCENARIO, draws=300, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 300 and list(a["draw"]) == list(range(300))
    for agenda in AGENDAS:
        for s in SCENARIO.sectors:
            assert a[f"{agenda}_agreed_{s.name}"].dtype == bool
    assert not sweep(SCENARIO, draws=300, seed=8).equals(a)


def test_chunks_are_seeded_independently_of_the_total() -> None:
    """The first CHUNK rows depend only on the seed, not on how many draws follow."""
    small = sweep(SCENARIO, draws=CHUNK, seed=3)
    large = sweep(SCENARIO, draws=CHUNK + 5, seed=3)
    pd.testing.assert_frame_equal(small, large.iloc[:CHUNK])


def test_fixed_parameters_reproduce_the_point_solution(tmp_path: Path) -> None:
    """With every distribution removed, each draw is the reference case itself."""
    text = games.default_path().read_text(encoding="utf-8")
    text = text.replace('default = "triangular"', "")
    path = tmp_path / "fixed.toml"
    path.write_text(text.replace("[uncertainty]", ""), encoding="utf-8")
    sc = load_scenario(path)
    df = sweep(sc, draws=5, seed=0)
    cmp = compare_agendas(sc)
    assert df["piece_by_piece_sender"].to_numpy() == pytest.approx(
        [cmp.piece_by_piece.sender_payoff] * 5, abs=1e-9)
    assert df["package_target"].to_numpy() == pytest.approx(
        [cmp.package.target_payoff] * 5, abs=1e-9)
    assert bool(df["package_breakdown"].iloc[0]) == (not cmp.package.package_agreed)


def test_dask_local_cluster_gives_identical_rows() -> None:
    distributed = pytest.importorskip("distributed")  # installed by the test extra
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = sweep(SCENARIO, draws=2 * CHUNK + 17, seed=11, scheduler=client)
    local = sweep(SCENARIO, draws=2 * CHUNK + 17, seed=11)
    pd.testing.assert_frame_equal(remote, local)


def test_summary_shares_and_intervals() -> None:
    df = sweep(SCENARIO, draws=400, seed=5)
    s = summarize(df).set_index("quantity")
    total = sum(s.loc[f"sender prefers {a}", "share"] for a in (*AGENDAS, "tie"))
    assert total == pytest.approx(1.0)
    assert np.all(s["ci_low"] <= s["share"]) and np.all(s["share"] <= s["ci_high"])
    assert s.loc["package breaks down entirely", "share"] == df["package_breakdown"].mean()


@pytest.mark.parametrize("draws", [0, -5, 2.5, True])
def test_draws_must_be_a_positive_integer(draws: object) -> None:
    with pytest.raises(ValueError, match=r"sweep\(\): draws must be an integer >= 1"):
        sweep(SCENARIO, draws=draws)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "extra", "match"),
    [
        ("gaussian", {}, "kind 'gaussian' is not one of"),
        ("truncnormal", {}, "truncnormal needs sd > 0"),
        ("truncnormal", {"sd": -1.0}, "truncnormal needs sd > 0"),
        ("lognormal", {"sigma": 0.0}, "lognormal needs sigma > 0"),
    ],
)
def test_invalid_distributions(kind: str, extra: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Distribution(kind, value=1.0, low=0.5, high=2.0, **extra)


def test_invalid_distribution_in_a_file_names_sector_and_field(tmp_path: Path) -> None:
    text = games.default_path().read_text(encoding="utf-8").replace(
        'range = [27.1, 35.0]', 'range = [27.1, 35.0]\ndistribution = { kind = "truncnormal" }')
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioFileError,
                       match=r"sector 'autos': field 'gain' Distribution\(\): truncnormal needs"):
        load_scenario(path)


@pytest.mark.parametrize("kind", ["uniform", "triangular", "truncnormal", "lognormal"])
def test_samples_stay_in_the_sourced_range(kind: str) -> None:
    d = Distribution(kind, value=1.0, low=0.5, high=2.0, sd=0.5, sigma=0.4)
    x = d.sample(5000, np.random.default_rng(0))
    assert x.min() >= 0.5 and x.max() <= 2.0
    if kind == "triangular":  # mean of a triangular distribution: (a + b + c) / 3
        assert x.mean() == pytest.approx((0.5 + 1.0 + 2.0) / 3, abs=0.02)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from solver import Scenario, Sector  # noqa: E402


def magnitude(hi: float) -> st.SearchStrategy[float]:
    """Zero, or a magnitude in [1e-3, hi] ($B/yr): the domain the batch solver's slope bracket
    covers (slopes within e^+-60 of the problem's scale; see nash_openings_batch)."""
    return st.one_of(st.just(0.0), st.floats(1e-3, hi))


random_sector = st.builds(
    lambda i, g, c, k, q, lt, ls, a: Sector(f"s{i}", gain=g, cost=c, curvature=k,
                                            deliverability=q, loss_target=lt, loss_sender=ls,
                                            backdown_cost=a),
    st.integers(0, 10**6), st.floats(0.1, 30), st.floats(0.1, 30),
    st.sampled_from([1.0, 1.5, 2.0]), st.floats(0.05, 1.0), magnitude(10.0), magnitude(5.0),
    magnitude(5.0),
)


@settings(max_examples=30, deadline=None)
@given(st.lists(random_sector, min_size=1, max_size=4, unique_by=lambda s: s.name),
       st.floats(0.0, 0.6))
def test_vectorised_sweep_equals_the_tree_based_analysis(sectors: list[Sector],
                                                         floor: float) -> None:
    """The sweep's vectorised threat points (the closed form of docs/model.md) and openings
    agree with the tables' path (sanction game trees, then the scalar Nash program), on
    random sectors with credible and incredible threats, convex costs and a floor."""
    sc = Scenario("h", "S", "T", tuple(sectors), floors=((sectors[0].name, floor),))
    row = sweep(sc, draws=1, seed=0).iloc[0]
    cmp = compare_agendas(sc)
    for agenda, out in (("piece_by_piece", cmp.piece_by_piece), ("package", cmp.package),
                        ("linked_package", cmp.linked_package)):
        assert row[f"{agenda}_sender"] == pytest.approx(out.sender_payoff, rel=1e-6, abs=1e-7)
        assert row[f"{agenda}_target"] == pytest.approx(out.target_payoff, rel=1e-6, abs=1e-7)
    assert bool(row["package_breakdown"]) == (not cmp.package.package_agreed)


@pytest.mark.parametrize("seed", [-1, 1.5, "7"])
def test_seed_must_be_a_non_negative_integer(seed: object) -> None:
    with pytest.raises(ValueError, match=r"sweep\(\): seed must be a non-negative integer"):
        sweep(SCENARIO, draws=5, seed=seed)  # type: ignore[arg-type]


@pytest.mark.parametrize("backdown", [2.0, 2.0 + 1e-13, 2.0 + 1e-6])
def test_sweep_and_trees_agree_at_the_credibility_tie(backdown: float) -> None:
    """Code review: the tree solves ties within TIE_TOL while the threat point compared
    exactly, so at L_S = a + 1e-13 the target's threat payoff jumped by L_T. Both paths now
    take the sender to back down at a tie."""
    s = Sector("s", gain=10.0, cost=8.0, loss_target=6.0, loss_sender=2.0,
               backdown_cost=backdown)
    sc = Scenario("tie", "S", "T", (s,))
    row = sweep(sc, draws=1, seed=0).iloc[0]
    cmp = compare_agendas(sc)
    assert row["piece_by_piece_target"] == pytest.approx(cmp.piece_by_piece.target_payoff)
    assert row["piece_by_piece_sender"] == pytest.approx(cmp.piece_by_piece.sender_payoff)
    from solver import analyse_sector

    assert analyse_sector(s).threat.sanction == (backdown - 2.0 > 1e-9)
