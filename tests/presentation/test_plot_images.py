"""An image test for every plot: the saved PNG has the figure's size and more than one
colour, no two texts overlap, every legend lies inside the figure and off the data, and
data text is drawn as written.

Set ``SOLVER_PLOT_DIR`` to keep the PNGs (the note for issue 14 lists them); otherwise they
go to each test's temporary directory.
"""

from __future__ import annotations

import itertools
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.legend import Legend  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PIL import Image  # noqa: E402

from solver import (
    Decision,
    GameTree,
    Outcome,
    Protocol,
    analyse_negotiation,
    analyse_sanction_game,
    load_scenario,
    solve_talks,
    subgame_perfect,
    sweep,
)
from solver.presentation.doubt_plot import plot_agreement_by_round  # noqa: E402
from solver.presentation.plots import (  # noqa: E402
    plot_agenda_map,
    plot_agendas,
    plot_frontier,
    plot_game_tree,
    plot_resolve,
    plot_sweep,
)

DPI = 100


def _out(tmp_path: Path, name: str) -> Path:
    folder = os.environ.get("SOLVER_PLOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder) / f"{name}.png"
    return tmp_path / f"{name}.png"


def _axes_of(fig: Figure) -> list[Any]:
    return [*fig.axes, *(c for a in fig.axes for c in a.child_axes if c not in fig.axes)]


def _texts(fig: Figure, renderer: Any) -> list[tuple[Text, Any]]:
    """Every text drawn, with its box (tick labels only of the ticks in view)."""
    ticks, shown = set(), set()
    for a in _axes_of(fig):
        for axis in (a.xaxis, a.yaxis):
            for tick in (*axis.majorTicks, *axis.minorTicks):
                ticks |= {id(tick.label1), id(tick.label2)}
            # The ticks drawn: those in the view interval (matplotlib's own filter), and
            # none when the axes are switched off.
            if a.axison:
                shown |= {id(lab) for tick in axis._update_ticks()
                          for lab in (tick.label1, tick.label2)}
    out = []
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip() or (
                id(t) in ticks and id(t) not in shown):
            continue
        box = t.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            out.append((t, box))
    return out


def _legends(fig: Figure) -> list[Legend]:
    found = list(fig.legends)
    found += [a.get_legend() for a in _axes_of(fig) if a.get_legend() is not None]
    return found


def _data_boxes(ax: Any, renderer: Any) -> list[Any]:
    """Display boxes of the data: bars, the cells of a map, and every line's points."""
    boxes = []
    for p in ax.patches:
        if isinstance(p, Rectangle) and p.get_width() != 0 and p.get_height() != 0 \
                and p.get_gid() != "zoom":
            boxes.append(p.get_window_extent(renderer))
    for c in ax.collections:
        if not isinstance(c, LineCollection):
            boxes.append(c.get_window_extent(renderer))
    return boxes


def _line_points(ax: Any) -> list[np.ndarray]:
    pts = []
    for ln in ax.lines:
        xy = ln.get_xydata()
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if len(xy) == 0:
            continue
        # A dense sample of each segment, in display coordinates.
        t = np.linspace(0.0, 1.0, 25)[:, None]
        dense = [xy[:1]] + [a + t * (b - a) for a, b in zip(xy[:-1], xy[1:], strict=True)]
        pts.append(ln.get_transform().transform(np.concatenate(dense)))
    return pts


def check_image(fig: Any, tmp_path: Path, name: str) -> Path:
    """Save ``fig`` as a PNG and check it: size, colours, text, legends."""
    fig = fig.get_figure(root=True) if hasattr(fig, "get_figure") else fig
    path = _out(tmp_path, name)
    fig.savefig(path, dpi=DPI)
    assert path.stat().st_size > 15_000
    with Image.open(path) as im:
        w, h = fig.get_size_inches() * DPI
        assert abs(im.size[0] - w) <= 1 and abs(im.size[1] - h) <= 1
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 20
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    texts = _texts(fig, renderer)
    clashes = [(a.get_text(), b.get_text()) for (a, ba), (b, bb)
               in itertools.combinations(texts, 2) if ba.overlaps(bb)
               and not _same_legend(a, b)]
    assert clashes == []
    page = fig.bbox
    cut = [t.get_text() for t, box in texts if box.x0 < page.x0 - 1 or box.x1 > page.x1 + 1
           or box.y0 < page.y0 - 1 or box.y1 > page.y1 + 1]
    assert cut == [], f"{name}: text outside the figure"
    for legend in _legends(fig):
        box = legend.get_window_extent(renderer)
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1, name
        assert page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1, name
        for ax in _axes_of(fig):
            for d in _data_boxes(ax, renderer):
                assert not box.overlaps(d), f"{name}: the legend covers data"
            for pts in _line_points(ax):
                inside = (pts[:, 0] > box.x0) & (pts[:, 0] < box.x1) & \
                    (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1)
                assert not inside.any(), f"{name}: the legend covers a line"
    return path


def _same_legend(a: Text, b: Text) -> bool:
    """Two texts of one legend (its title and entries) are laid out by the legend."""
    def owner(t: Text) -> Any:
        for leg in _legends(t.get_figure(root=True)):
            if t in leg.get_texts() or t is leg.get_title():
                return leg
        return None

    la = owner(a)
    return la is not None and la is owner(b)


@pytest.fixture(scope="module")
def analysis():
    return analyse_negotiation(load_scenario())


@pytest.mark.parametrize("sector", ["autos", "telecom", "medical"])
def test_frontier_image(tmp_path: Path, analysis, sector: str) -> None:
    sc = analysis.scenario
    ax = plot_frontier(analysis[sector], players=(sc.sender, sc.target))
    check_image(ax, tmp_path, f"frontier-{sector}")
    # The zoom shows the region from the threat point to the ideal point, and the Nash
    # marker is drawn inside it.
    inset = ax.child_axes[0] if ax.child_axes else ax
    gids = {ln.get_gid(): ln.get_xydata()[0] for ln in inset.lines if ln.get_gid()}
    x0, x1 = inset.get_xlim()
    y0, y1 = inset.get_ylim()
    for gid in ("threat point", "ideal point", "lens:nash"):
        x, y = gids[gid]
        assert x0 < x < x1 and y0 < y < y1, gid


def test_tree_image(tmp_path: Path, analysis) -> None:
    sc = analysis.scenario
    ax = plot_game_tree(analysis["autos"].game, players=(sc.sender, sc.target))
    check_image(ax, tmp_path, "tree-autos")
    assert {"US", "Japan"} <= {t.get_text() for t in ax.texts}
    entry = GameTree(Decision("Entrant", {"Out": Outcome((0, 2)), "In": Decision(
        "Incumbent", {"Fight": Outcome((-1, -1)), "Accommodate": Outcome((1, 1))})}))
    ax = plot_game_tree(entry, subgame_perfect(entry)[0])
    check_image(ax, tmp_path, "tree-entry")
    r = analyse_sanction_game(gain=10, cost=4, loss_target=6, loss_sender=20, backdown_cost=1,
                              discount_sender=Fraction(1, 2),
                              discount_target=Fraction(9, 10), resolve=Fraction(1, 2))
    assert r.incomplete is not None
    ax = plot_game_tree(r.incomplete.tree, r.incomplete.pbe[0])
    check_image(ax, tmp_path, "tree-resolve")


def test_agendas_image(tmp_path: Path, analysis) -> None:
    left, _ = plot_agendas(analysis)
    check_image(left, tmp_path, "agendas")


def test_sweep_image(tmp_path: Path) -> None:
    axes = plot_sweep(sweep(load_scenario(), draws=300, seed=3))
    check_image(axes[0], tmp_path, "sweep")


def _threshold_grid(n: int) -> pd.DataFrame:
    """A fine grid whose agenda changes along a curve (the model's maps are computed in
    the sensitivity notebook; this one is cheap)."""
    xs, ys = np.linspace(0.0, 1.0, n), np.linspace(0.0, 0.3, n)
    rows = []
    for x in xs:
        for y in ys:
            rows.append({"autos cost": x, "breakdown risk": y,
                         "winner_sender": "linked package" if y > 0.1 + 0.1 * x * x
                         else "piece by piece",
                         "winner_target": "tie" if x < 0.3 else "linked package"})
    return pd.DataFrame(rows)


def test_agenda_map_image(tmp_path: Path) -> None:
    fig = Figure(figsize=(13, 4.8), layout="constrained")
    axes = fig.subplots(1, 2)
    df = _threshold_grid(41)
    for ax, player in zip(axes, ("sender", "target"), strict=True):
        assert plot_agenda_map(df, "autos cost", "breakdown risk", player, ax=ax,
                               point=(0.5, 0.05)) is ax
    check_image(fig, tmp_path, "agenda-map")
    for ax in axes:
        assert ax.xaxis.label._preprocess_math(ax.get_xlabel())[0] == "autos cost ($B/yr)"
        assert ax.get_ylabel() == "breakdown risk (probability per round)"
        # Both panels show more than one agenda, with the boundary drawn between them.
        assert len(set(ax.collections[0].get_array().ravel().tolist())) > 1
        assert [c for c in ax.collections if c.get_gid() == "boundary"]


def test_resolve_image_breaks_at_the_threshold(tmp_path: Path) -> None:
    kw: dict[str, Any] = {"gain": 10, "cost": 4, "loss_target": 6, "loss_sender": 20,
                          "backdown_cost": 1, "discount_sender": Fraction(1, 2),
                          "discount_target": Fraction(9, 10)}
    runs = [analyse_sanction_game(resolve=Fraction(p, 40), **kw).incomplete
            for p in range(1, 40, 2)]
    ax = plot_resolve(runs)
    check_image(ax, tmp_path, "resolve-priors")
    mu = float(runs[0].threshold)
    for ln in ax.lines:
        if ln.get_gid() == "threshold":
            continue
        xy = ln.get_xydata()
        # No segment joins a point below mu* to one at or above it.
        for (x0, _), (x1, _) in itertools.pairwise(xy):
            assert not (np.isfinite(x0) and np.isfinite(x1) and x0 < mu <= x1), ln.get_gid()
        assert np.isnan(xy[:, 0]).sum() == 1


def test_doubt_image(tmp_path: Path) -> None:
    talks = solve_talks(load_scenario(), Protocol(rounds=3, types="resolve"), "piecemeal")
    ax = plot_agreement_by_round(talks)
    check_image(ax, tmp_path, "doubt-rounds")
    fig = Figure(figsize=(12, 5), layout="constrained")
    given = fig.subplots()
    assert plot_agreement_by_round(talks, ax=given) is given
    check_image(fig, tmp_path, "doubt-rounds-given-axes")


LITERAL = ("$x$", r"\input{x}")


def _shown(fig: Any) -> list[str]:
    """Every text as drawn, checking that none is mathtext or TeX."""
    fig = fig.get_figure(root=True)
    fig.draw_without_rendering()
    out = []
    for t in fig.findobj(Text):
        shown, math = t._preprocess_math(t.get_text())
        if t.get_text() and not t.get_text().startswith("$\\mathdefault"):
            assert math is False and not t.get_usetex(), t.get_text()
        out.append(shown)
    return out


def test_data_text_is_drawn_literally(tmp_path: Path) -> None:
    df = pd.DataFrame({LITERAL[0]: [0, 1, 0, 1], LITERAL[1]: [0, 0, 1, 1],
                       "winner_sender": [LITERAL[0], LITERAL[1], LITERAL[1], LITERAL[0]]})
    ax = plot_agenda_map(df, LITERAL[0], LITERAL[1])
    shown = _shown(ax)
    for label in LITERAL:
        assert label in shown  # the axis label and the legend entry, as written
    tree = GameTree(Decision(LITERAL[0], {LITERAL[1]: Outcome((0, 1)), "b": Decision(
        "other", {"c": Outcome((1, 0)), "d": Outcome((2, 2))})}))
    ax = plot_game_tree(tree, subgame_perfect(tree)[0])
    shown = _shown(ax)
    assert LITERAL[0] in shown and LITERAL[1] in shown
    check_image(ax, tmp_path, "literal-tree")
