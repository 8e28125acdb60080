"""Every plot renders to PNG on a headless backend, draws the data it was given, and keeps
its markers and labels apart."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from solver import (
    Decision,
    GameTree,
    Outcome,
    Protocol,
    Sector,
    analyse_negotiation,
    analyse_sanction_game,
    load_scenario,
    solve_sector,
    subgame_perfect,
    tree_equilibria,
)
from solver.model.concepts import solution_openings  # noqa: E402
from solver.model.negotiation import SectorAnalysis  # noqa: E402
from solver.presentation.plots import (  # noqa: E402
    plot_agenda_map,
    plot_agendas,
    plot_frontier,
    plot_game_tree,
    plot_sweep,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png(fig: Figure, path: Path) -> None:
    fig.savefig(path, format="png")
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert len(data) > 1000


def _line(ax: Axes, gid: str) -> np.ndarray:
    """The data of the one line with ``gid`` in ``ax``, or else in its inset."""
    for a in (ax, *ax.child_axes):
        found = [ln for ln in a.lines if ln.get_gid() == gid]
        if found:
            (line,) = found
            return line.get_xydata()
    raise AssertionError(f"no line {gid!r}")


def _boxes_apart(fig: Figure, texts: list) -> None:
    """No two of the texts' boxes overlap once the figure is drawn."""
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    for (a, ba), (b, bb) in itertools.combinations(boxes, 2):
        assert not ba.overlaps(bb), f"labels {a!r} and {b!r} overlap"


@pytest.fixture(scope="module")
def analysis():
    return analyse_negotiation(load_scenario())


def _analysis(sector: Sector, protocol: Protocol | None = None) -> SectorAnalysis:
    game = solve_sector(sector, protocol)
    return SectorAnalysis(game, solution_openings(sector, game.threat_point))


# -- frontier ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["autos", "medical", "flat_glass"])
def test_frontier_draws_the_game_and_its_lenses(tmp_path: Path, analysis, name: str) -> None:
    a = analysis[name]
    g = a.game
    ax = plot_frontier(a, players=("US", "Japan"))
    assert isinstance(ax, Axes)
    _png(ax.figure, tmp_path / "frontier.png")
    s = g.sector
    np.testing.assert_allclose(_line(ax, "threat point"), [g.threat_point])
    np.testing.assert_allclose(_line(ax, "spe payoffs"), [g.payoffs])
    assert g.demand is not None
    np.testing.assert_allclose(_line(ax, "spe agreement"),
                               [[s.value * g.opening, -s.cost * g.opening ** s.curvature]])
    np.testing.assert_allclose(_line(ax, "demand"),
                               [[s.value * g.demand, -s.cost * g.demand ** s.curvature]])
    for lens in a.lenses:
        np.testing.assert_allclose(_line(ax, f"lens:{lens.concept}"), [lens.payoffs])
    xs, ys = _line(ax, "frontier").T
    np.testing.assert_allclose(ys, -s.cost * (xs / s.value) ** s.curvature, atol=1e-12)
    assert "US" in ax.get_xlabel() and "Japan" in ax.get_ylabel()


def _marker_sizes_differ(ax: Axes) -> None:
    """Markers drawn at the same place have different sizes: none hides another."""
    pts: dict[tuple[float, float], list[float]] = {}
    for ln in ax.lines:
        gid = str(ln.get_gid())
        if gid in ("threat point", "demand", "spe agreement", "spe payoffs") or gid.startswith(
                "lens:"):
            (xy,) = ln.get_xydata()
            pts.setdefault((round(float(xy[0]), 9), round(float(xy[1]), 9)), []).append(
                ln.get_markersize())
    for sizes in pts.values():
        assert len(set(sizes)) == len(sizes), sizes


def test_frontier_keeps_coinciding_markers_visible_and_labels_apart(analysis) -> None:
    # Autos: the SPE agreement is the utilitarian lens's point (the target, proposing in the
    # last round, leaves the sender its threat payoff), and Nash and KS coincide.
    ax = plot_frontier(analysis["autos"])
    insets = ax.child_axes
    assert len(insets) == 1  # the bargain is small in the full view: a zoomed inset
    inset = insets[0]
    _marker_sizes_differ(inset)
    # Each point is drawn once: the bargain in the inset, the expected payoffs in the view.
    gids = [str(ln.get_gid()) for a in (ax, inset) for ln in a.lines]
    points = [g for g in gids if g in ("threat point", "demand", "spe agreement",
                                       "spe payoffs") or g.startswith("lens:")]
    assert sorted(points) == sorted({*points}) and len(points) == 8
    assert [str(ln.get_gid()) for ln in ax.lines if ln.get_marker() not in ("None", None)] \
        == ["spe payoffs"]
    labels = [t for t in inset.texts if str(t.get_gid()).startswith("label:")]
    text = " | ".join(t.get_text() for t in labels)
    assert "threat" in text and "Nash, KS" in text and "SPE x = 0.129" in text
    _boxes_apart(ax.figure, labels + [t for t in ax.texts
                                      if str(t.get_gid()).startswith("label:")])


def test_frontier_of_a_sector_game_without_a_demand(tmp_path: Path) -> None:
    s = Sector("quiet", gain=1.0, cost=1.0, loss_sender=0.5)
    game = solve_sector(s)
    assert game.demand is None
    ax = plot_frontier(game)
    _png(ax.figure, tmp_path / "quiet.png")
    assert not [ln for ln in ax.lines if str(ln.get_gid()).startswith("lens:")]
    np.testing.assert_allclose(_line(ax, "spe payoffs"), [[0.0, 0.0]])
    np.testing.assert_allclose(_line(ax, "threat point"), [game.threat_point])
    _marker_sizes_differ(ax)
    # Every point coincides at (0, 0): one label names them all.
    (label,) = [t for t in ax.texts if str(t.get_gid()).startswith("label:")]
    assert label.get_text() == "threat, SPE: no demand"


def test_frontier_on_given_axes_and_a_deal_before_the_deadline() -> None:
    ax = Figure().add_subplot()
    s = Sector("x", gain=1.0, cost=1.0, loss_target=0.1, loss_sender=1.0, backdown_cost=0.1)
    a = _analysis(s)
    assert a.game.round == 0
    assert plot_frontier(a, ax=ax) is ax
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("round 0, before the deadline" in t for t in legend)
    _marker_sizes_differ(ax)


def test_frontier_rejects_other_input() -> None:
    with pytest.raises(ValueError, match=r"plot_frontier\(\): expected a SectorAnalysis"):
        plot_frontier("autos")  # type: ignore[arg-type]


# -- game tree -----------------------------------------------------------------------------

ENTRY = GameTree(Decision("Entrant", {
    "Out": Outcome((0, 2)),
    "In": Decision("Incumbent", {"Fight": Outcome((-1, -1)), "Accommodate": Outcome((1, 1))}),
}))


def _thick(ax: Axes) -> list[str]:
    return sorted(str(ln.get_gid()) for ln in ax.lines
                  if str(ln.get_gid()).startswith("edge:") and ln.get_linewidth() > 2)


def _payoffs(ax: Axes) -> dict[str, str]:
    return {t.get_gid(): t.get_text() for t in ax.texts if str(t.get_gid()).startswith("pay")}


def test_game_tree_highlights_the_spe_path(tmp_path: Path) -> None:
    ax = plot_game_tree(ENTRY, subgame_perfect(ENTRY)[0])
    _png(ax.figure, tmp_path / "tree.png")
    assert _thick(ax) == ["edge:In", "edge:In > Accommodate"]
    assert _payoffs(ax) == {"payoff:Out": "(0, 2)", "payoff:In > Fight": "(-1, -1)",
                            "payoff:In > Accommodate": "(1, 1)"}


def test_game_tree_does_not_solve_a_bare_tree() -> None:
    assert _thick(plot_game_tree(ENTRY)) == []
    assert _thick(plot_game_tree(ENTRY, subgame_perfect(ENTRY)[0], highlight=False)) == []


def test_game_tree_of_a_sector_s_sanction_subgame(tmp_path: Path, analysis) -> None:
    g = analysis["autos"].game
    ax = plot_game_tree(g)
    _png(ax.figure, tmp_path / "subgame.png")
    path = g.subgame.path
    assert _thick(ax) == sorted("edge:" + " > ".join(path[:i + 1]) for i in range(len(path)))
    texts = _payoffs(ax)
    for p in g.sanction_subgame.terminal_paths():
        u = g.sanction_subgame.node(p).payoffs
        assert texts["payoff:" + " > ".join(p)].replace("\n", " ") == \
            f"({float(u[0]) + 0.0:.3g}, {float(u[1]) + 0.0:.3g})"
    assert "demand D = 0.161" in ax.get_title()
    # The same drawing from the solved Subgame, and its first SPE is the threat point.
    assert _thick(plot_game_tree(g.subgame)) == _thick(ax)
    assert subgame_perfect(g.sanction_subgame)[0].payoffs == g.threat_point


def test_game_tree_draws_a_nash_equilibrium_with_its_threat() -> None:
    incredible = tree_equilibria(ENTRY).incredible[0]
    ax = plot_game_tree(ENTRY, incredible)
    assert _thick(ax) == ["edge:Out"]
    (fight,) = [ln for ln in ax.lines if ln.get_gid() == "edge:In > Fight"]
    assert fight.get_linestyle() == "--"  # the threat, off the path


def test_game_tree_with_chance_and_infosets(tmp_path: Path) -> None:
    res = analyse_sanction_game(gain=10, cost=4, loss_target=6, loss_sender=2, backdown_cost=1,
                                discount_sender=Fraction(9, 10),
                                discount_target=Fraction(9, 10), resolve=Fraction(1, 4))
    ax = plot_game_tree(res.tree, res.spe[0])
    assert "edge:Demand > Comply" in _thick(ax)
    assert _payoffs(ax)["payoff:Demand > Refuse > Sanction > Concede"] == "(44/5, -21/5)"
    assert res.incomplete is not None
    ax = plot_game_tree(res.incomplete.tree, res.incomplete.pbe[0])
    assert {str(ln.get_gid()) for ln in ax.lines} >= {"infoset:Target:Demand",
                                                      "infoset:Target:Sanction"}
    _png(ax.figure, tmp_path / "resolve.png")


def test_game_tree_payoffs_never_touch() -> None:
    long = GameTree(Decision("A", {a: Outcome((Fraction(-12345, 97 - i), Fraction(54321, 89),
                                               Fraction(-11111, 83)))
                                   for i, a in enumerate("pqrstu")}), players=("A", "B", "C"))
    ax = plot_game_tree(long)
    texts = [t for t in ax.texts if str(t.get_gid()).startswith("payoff:")]
    assert all("\n" in t.get_text() for t in texts)  # broken onto two lines
    _boxes_apart(ax.figure, texts)


def test_game_tree_bad_input() -> None:
    with pytest.raises(ValueError, match=r"plot_game_tree\(\): tree must be a GameTree"):
        plot_game_tree("tree")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="behaviour"):
        plot_game_tree(ENTRY, spe=3)


# -- agendas -------------------------------------------------------------------------------


def test_agendas_bars_match_the_analysis(tmp_path: Path, analysis) -> None:
    axes = plot_agendas(analysis)
    assert isinstance(axes, np.ndarray) and all(isinstance(a, Axes) for a in axes)
    left, right = axes
    assert left.figure is right.figure
    _png(left.figure, tmp_path / "agendas.png")
    sectors = [a.name for a in analysis.sectors]
    for bars, talks in zip(left.containers, analysis.agendas.values(), strict=True):
        np.testing.assert_allclose([b.get_height() for b in bars],
                                   [talks.sectors[s].opening for s in sectors])
    sender, target = right.containers
    np.testing.assert_allclose([b.get_width() for b in sender],
                               [t.sender_payoff for t in analysis.agendas.values()])
    np.testing.assert_allclose([b.get_width() for b in target],
                               [t.target_payoff for t in analysis.agendas.values()])
    ticks = [t.get_text() for t in right.get_yticklabels()]
    s_choice, t_choice = analysis.choice("sender")[0], analysis.choice("target")[0]
    assert [t for t in ticks if "US's choice" in t][0].startswith(s_choice)
    assert [t for t in ticks if "Japan's choice" in t][0].startswith(t_choice)
    # Above each bar: its round ("r3"), "nil" for an agreement below the deal threshold,
    # "never" for a sector never agreed.
    marks = {t.get_text().strip() for t in left.texts}
    assert "never" in marks and "r3" in marks


def test_agendas_rejects_other_input(analysis) -> None:
    with pytest.raises(ValueError, match="NegotiationAnalysis"):
        plot_agendas(analysis.scenario)


# -- sweeps ----------------------------------------------------------------------------------

SECTORS = ("autos", "medical", "telecom")


def _sweep_frame(n: int = 400, seed: int = 0) -> pd.DataFrame:
    """A frame with the columns of ``sweep()`` (documented there), filled at random."""
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {"draw": np.arange(n)}
    agendas = ("piecemeal", "package", "linked")
    for ag in agendas:
        cols[f"{ag}_sender"] = rng.normal(3.5, 0.3, n)
        cols[f"{ag}_target"] = rng.normal(-3.0, 0.4, n)
        for s in SECTORS:
            cols[f"{ag}_deal_{s}"] = rng.random(n) < 0.6
            cols[f"{ag}_round_{s}"] = rng.integers(-1, 4, n)
        cols[f"{ag}_sanction_probability"] = rng.random(n) * 0.2
        cols[f"total_breakdown_{ag}"] = rng.random(n) < 0.1
    for p in ("sender", "target"):
        table = np.stack([cols[f"{a}_{p}"] for a in agendas], axis=1)  # type: ignore[misc]
        winner = np.array(agendas, dtype=object)[table.argmax(axis=1)]
        winner[:17] = "tie"
        cols[f"winner_{p}"] = winner
    cols["package_breakdown"] = cols["total_breakdown_package"]
    return pd.DataFrame(cols)


def test_sweep_shares_match_the_frame(tmp_path: Path) -> None:
    df = _sweep_frame()
    axes = plot_sweep(df)
    assert isinstance(axes, np.ndarray) and all(isinstance(a, Axes) for a in axes)
    _png(axes[0].figure, tmp_path / "sweep.png")
    sender, target, shares, deals = axes
    for agenda, bars in zip(("piecemeal", "package", "linked", "tie"), shares.containers,
                            strict=True):
        expected = [(df[f"winner_{p}"] == agenda).mean() for p in ("sender", "target")]
        np.testing.assert_allclose([b.get_width() for b in bars], expected)
    for agenda, bars in zip(("piecemeal", "package", "linked"), deals.containers, strict=True):
        np.testing.assert_allclose([b.get_height() for b in bars],
                                   [df[f"{agenda}_deal_{s}"].mean() for s in SECTORS])
    assert [t.get_text() for t in deals.get_xticklabels()] == list(SECTORS)
    # Each histogram holds every draw of each agenda's difference from piece by piece.
    for patch in sender.patches[:1]:
        assert patch.get_label().startswith("package with floors")


def test_sweep_bad_input() -> None:
    df = _sweep_frame(20)
    with pytest.raises(ValueError, match="missing columns"):
        plot_sweep(df.drop(columns=["winner_sender"]))
    with pytest.raises(ValueError, match="no rows"):
        plot_sweep(df.iloc[:0])
    with pytest.raises(ValueError, match="sweep"):
        plot_sweep([1, 2])  # type: ignore[arg-type]


# -- maps ------------------------------------------------------------------------------------


def _grid() -> pd.DataFrame:
    rows = []
    for x in (20.0, 27.7, 40.0):
        for y in (3.0, 4.45, 6.0):
            rows.append({"autos cost": x, "autos loss_target": y,
                         "winner_sender": "piece by piece" if x < 30 else "linked package",
                         "winner_target": "package with floors" if y < 4 else "linked package"})
    return pd.DataFrame(rows)


def test_agenda_map_draws_the_results_it_is_given(tmp_path: Path) -> None:
    df = _grid()
    ax = plot_agenda_map(df, "autos cost", "autos loss_target", point=(27.7, 4.45))
    _png(ax.figure, tmp_path / "map.png")
    codes = np.asarray(ax.collections[0].get_array()).reshape(3, 3)
    # Rows are y, columns x; the codes index the agendas in order of first appearance.
    np.testing.assert_array_equal(codes, [[0, 0, 1]] * 3)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["piece by piece", "linked package", "the scenario"]
    np.testing.assert_allclose(_line(ax, "scenario point"), [[27.7, 4.45]])
    ax = plot_agenda_map(df, "autos cost", "autos loss_target", player="target",
                         order=["linked package", "package with floors"])
    codes = np.asarray(ax.collections[0].get_array()).reshape(3, 3)
    np.testing.assert_array_equal(codes, [[1] * 3, [0] * 3, [0] * 3])
    assert "target" in ax.get_title()


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"x": "cost"}, r"no column\(s\) \['cost'\]"),
    ({"player": "both"}, "player must be"),
    ({"order": ["linked package"]}, "not in order"),
], ids=["column", "player", "order"])
def test_agenda_map_bad_input(kwargs, match) -> None:
    args = {"x": "autos cost", "y": "autos loss_target"}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        plot_agenda_map(_grid(), **args)


def test_agenda_map_needs_a_full_grid() -> None:
    with pytest.raises(ValueError, match="full grid"):
        plot_agenda_map(_grid().iloc[1:], "autos cost", "autos loss_target")
