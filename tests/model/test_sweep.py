"""Uncertainty sweeps: the same game as solve_talks draw by draw, reproducibility, Dask
equivalence, the summary, distributions, bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
from solver.model import sweep as sweep_module
from solver.model.distributions import Distribution
from solver.model.protocol import Protocol
from solver.model.scenario import Scenario, ScenarioFileError, load_scenario
from solver.model.sector import Sector
from solver.model.sweep import AGENDAS, CHUNK, _draw, _Plan, summarize, sweep
from solver.model.talks import solve_talks
from tests import strategies

SCENARIO = load_scenario()
#: Relative tolerance of the sweep against the scalar path, to the draw's payoff scale.
RTOL = 1e-9

pytestmark = pytest.mark.filterwarnings("ignore:All-NaN slice encountered:RuntimeWarning")


def payoff_scale(sc: Scenario) -> float:
    """The engine's payoff scale of the whole scenario (bundle_game.payoff_scale)."""
    return sum(s.value + s.cost + s.loss_target + s.loss_sender + s.backdown_cost
               for s in sc.sectors)


def drawn_scenario(sc: Scenario, fields: dict[str, np.ndarray], i: int) -> Scenario:
    """Draw ``i`` as a scenario of its own: every sector field and floor at its drawn value."""
    sectors = tuple(
        s.with_values(**{attr: float(fields[attr][i, j]) for attr in fields if attr != "floor"})
        for j, s in enumerate(sc.sectors))
    floors = tuple((s.name, float(fields["floor"][i, j])) for j, s in enumerate(sc.sectors))
    return Scenario(sc.name, sc.sender, sc.target, sectors, floors, protocol=sc.protocol)


def assert_row_is_the_scalar_path(row: pd.Series, sc: Scenario, protocol: Protocol) -> None:
    tol = RTOL * payoff_scale(sc) + 1e-300
    payoffs = {}
    for agenda in AGENDAS:
        t = solve_talks(sc, protocol, agenda)
        payoffs[agenda] = (t.sender_payoff, t.target_payoff)
        assert abs(row[f"{agenda}_sender"] - t.sender_payoff) <= tol, agenda
        assert abs(row[f"{agenda}_target"] - t.target_payoff) <= tol, agenda
        for name, s in t.sectors.items():
            assert bool(row[f"{agenda}_deal_{name}"]) == s.deal, (agenda, name)
            assert row[f"{agenda}_round_{name}"] == (-1 if s.round is None else s.round), (
                agenda, name)
        probs = [s.sanction_probability for s in t.sectors.values()]
        assert row[f"{agenda}_sanction_probability"] == pytest.approx(max(probs), abs=1e-12)
        assert bool(row[f"total_breakdown_{agenda}"]) == (not t.deals)
        assert row[f"{agenda}_residual"] == pytest.approx(t.residual, abs=1e-9)
    assert bool(row["package_breakdown"]) == bool(row["total_breakdown_package"])
    for k, player in enumerate(("sender", "target")):
        best = max(payoffs[a][k] for a in AGENDAS)
        top = [a for a in AGENDAS if payoffs[a][k] >= best - 1e-6 * payoff_scale(sc)]
        assert row[f"winner_{player}"] in ({top[0]} if len(top) == 1 else {*top, "tie"})


PROTOCOLS = [
    None,  # the scenario's own: four rounds, breakdown 0.05, own retaliation
    # No deadline with pooled sanctions: the stationary search runs to its cap (~270 s
    # under load, the suite's slowest test).
    pytest.param(Protocol(rounds=None, breakdown=0.1, retaliation="cross"),
                 marks=pytest.mark.slow),
    Protocol(rounds=3, breakdown=0.0, first="target", alternate=False),
    Protocol(rounds=2, breakdown=0.2, first="target", retaliation="cross"),
]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_each_draw_is_the_scalar_game(protocol: Protocol | None) -> None:
    """Draw by draw, the sweep's row is solve_talks on that draw's scenario: payoffs, deals,
    rounds and sanction probabilities, for every agenda it compares."""
    n, seed = 20, 13
    df = sweep(SCENARIO, draws=n, seed=seed, protocol=protocol)
    proto = SCENARIO.protocol if protocol is None else protocol
    fields = _draw(_Plan(SCENARIO, proto), n,
                   np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0]))
    for i in range(n):
        assert_row_is_the_scalar_path(df.iloc[i], drawn_scenario(SCENARIO, fields, i), proto)


def test_the_default_protocol_is_the_scenarios() -> None:
    a = sweep(SCENARIO, draws=50, seed=4)
    b = sweep(SCENARIO, draws=50, seed=4, protocol=SCENARIO.protocol)
    pd.testing.assert_frame_equal(a, b)
    c = sweep(SCENARIO, draws=50, seed=4, protocol=SCENARIO.protocol.with_values(rounds=1))
    assert not c.equals(a)


def test_rows_columns_and_reproducibility() -> None:
    a = sweep(SCENARIO, draws=300, seed=7)
    b = sweep(SCENARIO, draws=300, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 300 and list(a["draw"]) == list(range(300))
    for agenda in AGENDAS:
        for s in SCENARIO.sectors:
            assert a[f"{agenda}_deal_{s.name}"].dtype == bool
            assert a[f"{agenda}_round_{s.name}"].dtype == np.int64
        assert a[f"total_breakdown_{agenda}"].dtype == bool
        p = a[f"{agenda}_sanction_probability"]
        assert ((p >= 0) & (p <= 1)).all()
        assert (a[f"{agenda}_residual"] >= 0).all()
    assert set(a["winner_sender"]) | set(a["winner_target"]) <= {*AGENDAS, "tie"}
    assert not sweep(SCENARIO, draws=300, seed=8).equals(a)


def test_chunks_are_seeded_independently_of_the_total(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first chunk's rows depend only on the seed, not on how many draws follow."""
    monkeypatch.setattr(sweep_module, "CHUNK", 40)
    small = sweep(SCENARIO, draws=40, seed=3)
    large = sweep(SCENARIO, draws=40 + 5, seed=3)
    pd.testing.assert_frame_equal(small, large.iloc[:40])
    assert CHUNK == 10_000  # the module's own value is untouched outside the patch


def test_fixed_parameters_reproduce_the_point_solution(tmp_path: Path) -> None:
    """With every distribution removed, each draw is the reference case itself."""
    text = games.default_path().read_text(encoding="utf-8")
    text = text.replace('default = "triangular"', "")
    path = tmp_path / "fixed.toml"
    path.write_text(text.replace("[uncertainty]", ""), encoding="utf-8")
    sc = load_scenario(path)
    df = sweep(sc, draws=3, seed=0)
    for i in range(3):
        assert_row_is_the_scalar_path(df.iloc[i], sc, sc.protocol)


def test_dask_local_cluster_gives_identical_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")  # installed by the test extra
    monkeypatch.setattr(sweep_module, "CHUNK", 50)  # several chunks, quickly
    draws = 2 * 50 + 17
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = sweep(SCENARIO, draws=draws, seed=11, scheduler=client)
    local = sweep(SCENARIO, draws=draws, seed=11)
    pd.testing.assert_frame_equal(remote, local)
    assert list(local["draw"]) == list(range(draws))


def test_summary_shares_and_intervals() -> None:
    df = sweep(SCENARIO, draws=400, seed=5)
    s = summarize(df)
    assert list(s.columns) == ["quantity", "share", "ci_low", "ci_high", "draws"]
    s = s.set_index("quantity")
    names = [sec.name for sec in SCENARIO.sectors]
    expected = [f"{p} prefers {a}" for p in ("sender", "target") for a in (*AGENDAS, "tie")]
    expected += [f"{a}: no deal in any sector" for a in AGENDAS]
    expected += [f"{a}: {n} deal" for a in AGENDAS for n in names]
    assert list(s.index) == expected
    for player in ("sender", "target"):
        total = sum(s.loc[f"{player} prefers {a}", "share"] for a in (*AGENDAS, "tie"))
        assert total == pytest.approx(1.0)
    assert np.all(s["ci_low"] <= s["share"]) and np.all(s["share"] <= s["ci_high"])
    assert (s["draws"] == 400).all()
    for a in AGENDAS:
        assert s.loc[f"{a}: no deal in any sector", "share"] == df[f"total_breakdown_{a}"].mean()
        assert s.loc[f"{a}: autos deal", "share"] == df[f"{a}_deal_autos"].mean()
    only = summarize(df, sectors=["autos"]).set_index("quantity")
    assert "piecemeal: autos deal" in only.index and "piecemeal: telecom deal" not in only.index


@pytest.mark.parametrize("draws", [0, -5, 2.5, True])
def test_draws_must_be_a_positive_integer(draws: object) -> None:
    with pytest.raises(ValueError, match=r"sweep\(\): draws must be an integer >= 1"):
        sweep(SCENARIO, draws=draws)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [-1, 1.5, "7"])
def test_seed_must_be_a_non_negative_integer(seed: object) -> None:
    with pytest.raises(ValueError, match=r"sweep\(\): seed must be a non-negative integer"):
        sweep(SCENARIO, draws=5, seed=seed)  # type: ignore[arg-type]


def test_protocol_must_be_a_protocol() -> None:
    with pytest.raises(ValueError, match=r"sweep\(\): protocol must be a Protocol"):
        sweep(SCENARIO, draws=5, seed=0, protocol="alternating")  # type: ignore[arg-type]


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


def magnitude(hi: float) -> st.SearchStrategy[float]:
    """Zero, or a magnitude in [1e-3, hi] ($B/yr)."""
    return st.one_of(st.just(0.0), st.floats(1e-3, hi))


random_sector = strategies.sectors(
    name=st.integers(0, 10**6).map(lambda i: f"s{i}"), gain=(0.1, 30), cost=(0.1, 30),
    curvature=[1.0, 1.5, 2.0], deliverability=(0.05, 1.0), loss_target=magnitude(10.0),
    loss_sender=magnitude(5.0), backdown_cost=magnitude(5.0), discount_sender=(0.5, 0.95),
    discount_target=(0.5, 0.95),
)

random_protocol = strategies.protocols(
    rounds=st.one_of(st.none(), st.integers(1, 5)), breakdown=(0.0, 0.3), alternate=True,
    retaliation=["own", "cross"],
)


@pytest.mark.slow  # 30 random scenarios, each solved by sweep and by solve_talks
@settings(max_examples=30)
@given(st.lists(random_sector, min_size=1, max_size=4, unique_by=lambda s: s.name),
       st.floats(0.0, 0.6), random_protocol)
def test_sweep_equals_solve_talks_on_random_games(sectors: list[Sector], floor: float,
                                                  protocol: Protocol) -> None:
    """On random sectors and protocols (credible and incredible threats, convex costs, a
    floor, deadlines or none), a fixed scenario's row is solve_talks under every agenda."""
    sc = Scenario("h", "S", "T", tuple(sectors), floors=((sectors[0].name, floor),))
    row = sweep(sc, draws=1, seed=0, protocol=protocol).iloc[0]
    assert_row_is_the_scalar_path(row, sc, protocol)
