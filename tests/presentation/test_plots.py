"""Every plot renders to PNG on a headless backend, and draws the data it was given."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from solver import (  # noqa: E402
    Decision,
    GameTree,
    Outcome,
    Sector,
    analyse_sanction_game,
    analyse_sector,
    compare_agendas,
    load_scenario,
    subgame_perfect,
    sweep,
    tree_equilibria,
)
from solver.algorithms.bargaining import nash_bargaining  # noqa: E402
from solver.presentation.plots import (  # noqa: E402
    plot_agenda_map,
    plot_agendas,
    plot_frontier,
    plot_game_tree,
    plot_sweep,
)
from solver.representations.bargaining import BargainingProblem  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png(fig: Figure, path: Path) -> None:
    fig.savefig(path, format="png")
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert len(data) > 1000


def _line(ax: Axes, gid: str) -> np.ndarray:
    (line,) = [ln for ln in ax.lines if ln.get_gid() == gid]
    return line.get_xydata()


TOY = Sector("toy", gain=6.0, cost=3.0, loss_target=4.0, loss_sender=2.0, backdown_cost=3.0)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario()


# -- frontier ------------------------------------------------------------------------------


@pytest.mark.parametrize("curvature", [1.0, 2.0], ids=["linear", "convex-cost"])
def test_frontier_marks_threat_point_and_solutions(tmp_path: Path, curvature: float) -> None:
    sector = TOY.with_values(curvature=curvature)
    ax = plot_frontier(sector)
    assert isinstance(ax, Axes)
    _png(ax.figure, tmp_path / "frontier.png")
    threat = analyse_sector(sector).threat.payoffs
    np.testing.assert_allclose(_line(ax, "threat point"), [threat])
    problem = BargainingProblem.from_sector(6.0, 3.0, curvature, 1.0, threat)
    nash = nash_bargaining(problem).point
    np.testing.assert_allclose(_line(ax, "solution:nash"), [[float(v) for v in nash]])
    for method in ("kalai_smorodinsky", "egalitarian", "utilitarian"):
        (u,) = _line(ax, f"solution:{method}")
        # Every solution lies on the frontier u_T = -c (u_S / (q G))**k.
        assert u[1] == pytest.approx(-3.0 * (u[0] / 6.0) ** curvature, abs=1e-7)
    xs, ys = _line(ax, "frontier").T
    inside = xs >= 0
    np.testing.assert_allclose(ys[inside], -3.0 * (xs[inside] / 6.0) ** curvature, atol=1e-12)


def test_frontier_of_a_problem_and_on_given_axes(tmp_path: Path) -> None:
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
    assert plot_frontier(p, ax=ax) is ax
    np.testing.assert_allclose(_line(ax, "solution:nash"), [[0.5, 0.5]])
    _png(ax.figure, tmp_path / "p.png")


def test_frontier_without_agreement_marks_only_the_threat_point() -> None:
    p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 1))
    ax = plot_frontier(p)
    assert not [ln for ln in ax.lines if str(ln.get_gid()).startswith("solution:")]
    np.testing.assert_allclose(_line(ax, "threat point"), [[0, 1]])


def test_frontier_rejects_other_input() -> None:
    with pytest.raises(ValueError, match=r"plot_frontier\(\): expected a Sector"):
        plot_frontier("autos")  # type: ignore[arg-type]


# -- game tree -----------------------------------------------------------------------------

ENTRY = GameTree(Decision("Entrant", {
    "Out": Outcome((0, 2)),
    "In": Decision("Incumbent", {"Fight": Outcome((-1, -1)), "Accommodate": Outcome((1, 1))}),
}))


def _thick(ax: Axes) -> list[str]:
    return sorted(str(ln.get_gid()) for ln in ax.lines
                  if str(ln.get_gid()).startswith("edge:") and ln.get_linewidth() > 2)


def test_game_tree_highlights_the_spe_path(tmp_path: Path) -> None:
    ax = plot_game_tree(ENTRY)
    _png(ax.figure, tmp_path / "tree.png")
    assert _thick(ax) == ["edge:In", "edge:In > Accommodate"]
    payoffs = {t.get_gid(): t.get_text() for t in ax.texts if str(t.get_gid()).startswith("pay")}
    assert payoffs == {"payoff:Out": "(0, 2)", "payoff:In > Fight": "(-1, -1)",
                       "payoff:In > Accommodate": "(1, 1)"}


def test_game_tree_draws_a_nash_equilibrium_with_its_threat() -> None:
    incredible = tree_equilibria(ENTRY).incredible[0]
    ax = plot_game_tree(ENTRY, incredible)
    assert _thick(ax) == ["edge:Out"]
    (fight,) = [ln for ln in ax.lines if ln.get_gid() == "edge:In > Fight"]
    assert fight.get_linestyle() == "--"  # the threat, off the path


def test_game_tree_of_the_sanction_game_with_chance_and_infosets(tmp_path: Path) -> None:
    res = analyse_sanction_game(10, 4, 6, 2, 1, discount_sender=Fraction(9, 10),
                                discount_target=Fraction(9, 10), resolve=Fraction(1, 4))
    ax = plot_game_tree(res.tree, res.spe[0])
    assert "edge:Demand > Comply" in _thick(ax)
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    assert texts["payoff:Demand > Refuse > Sanction > Concede"] == "(44/5, -21/5)"
    assert res.incomplete is not None
    ax = plot_game_tree(res.incomplete.tree, res.incomplete.pbe[0])
    assert {str(ln.get_gid()) for ln in ax.lines} >= {"infoset:Target:Demand",
                                                      "infoset:Target:Sanction"}
    _png(ax.figure, tmp_path / "resolve.png")


def test_game_tree_bare_and_bad_input() -> None:
    assert _thick(plot_game_tree(ENTRY, highlight=False)) == []
    with pytest.raises(ValueError, match=r"plot_game_tree\(\): tree must be a GameTree"):
        plot_game_tree("tree")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="behaviour"):
        plot_game_tree(ENTRY, spe=3)
    assert subgame_perfect(ENTRY)  # the default equilibrium exists


# -- agendas, sweeps, maps ------------------------------------------------------------------


def test_agendas_bars_match_the_comparison(tmp_path: Path, scenario) -> None:
    c = compare_agendas(scenario)
    fig = plot_agendas(c)
    assert isinstance(fig, Figure)
    _png(fig, tmp_path / "agendas.png")
    left, right = fig.axes
    for bars, outcome in zip(left.containers, c.agendas, strict=True):
        np.testing.assert_allclose([b.get_height() for b in bars],
                                   [s.opening for s in outcome.sectors])
    sender, target = right.containers
    np.testing.assert_allclose([b.get_width() for b in sender],
                               [o.sender_payoff for o in c.agendas])
    np.testing.assert_allclose([b.get_width() for b in target],
                               [o.target_payoff for o in c.agendas])
    with pytest.raises(ValueError, match="AgendaComparison"):
        plot_agendas(scenario)


def test_sweep_shares_match_the_frame(tmp_path: Path, scenario) -> None:
    df = sweep(scenario, draws=400, seed=3)
    fig = plot_sweep(df)
    _png(fig, tmp_path / "sweep.png")
    shares = fig.axes[2]
    agendas = ("piece_by_piece", "package", "linked_package", "tie")
    for agenda, bars in zip(agendas, shares.containers, strict=True):
        expected = [(df[f"winner_{p}"] == agenda).mean() for p in ("sender", "target")]
        np.testing.assert_allclose([b.get_width() for b in bars], expected)
    with pytest.raises(ValueError, match="missing columns"):
        plot_sweep(df.drop(columns=["winner_sender"]))


def test_agenda_map_matches_a_direct_comparison(tmp_path: Path, scenario) -> None:
    ax = plot_agenda_map(scenario, ("autos", "cost"), ("autos", "loss_target"), grid=3,
                         player="target", x_values=[20.0, 27.7, 40.0])
    _png(ax.figure, tmp_path / "map.png")
    codes = np.asarray(ax.collections[0].get_array()).reshape(3, 3)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    # The scenario's own point, re-solved directly: x = 27.7 is column 1, and loss_target
    # 4.45 is the middle of the sourced range [2.95, 5.9] only approximately, so re-solve
    # the middle row's value.
    y_mid = (2.95 + 5.9) / 2
    import dataclasses

    changed = dataclasses.replace(scenario, sectors=tuple(
        s.with_values(loss_target=y_mid) if s.name == "autos" else s for s in scenario.sectors))
    c = compare_agendas(changed)
    pay = {o.agenda: o.target_payoff for o in (c.piece_by_piece, c.package, c.linked_package)}
    best = max(pay, key=lambda k: pay[k])
    order = ["piece by piece", "package", "linked package", "tie"]
    assert order[int(codes[1, 1])] == best
    assert best in legend
    np.testing.assert_allclose(_line(ax, "scenario point"), [[27.7, 4.45]])


def test_agenda_map_with_floors_and_sequential_agendas(scenario) -> None:
    ax = plot_agenda_map(scenario, ("autos", "floor"), ("medical", "cost"), grid=(2, 1),
                         y_values=[0.26], sequential=True)
    assert np.asarray(ax.collections[0].get_array()).size == 2


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"x_param": ("cars", "cost")}, "unknown sector 'cars'"),
    ({"x_param": ("autos", "price")}, "unknown parameter 'price'"),
    ({"player": "both"}, "player must be"),
    ({"grid": 0}, "grid must be"),
], ids=["sector", "field", "player", "grid"])
def test_agenda_map_bad_input(scenario, kwargs, match) -> None:
    args = {"x_param": ("autos", "cost"), "y_param": ("autos", "loss_target"), "grid": 2}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        plot_agenda_map(scenario, **args)
