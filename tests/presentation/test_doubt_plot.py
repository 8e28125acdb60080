"""The plot of the talks with the sender's type in doubt draws the API's distribution of the
round of agreement, marks the deadline, shows the no-deal mass, and keeps its labels apart."""

from __future__ import annotations

import itertools
from types import MappingProxyType, SimpleNamespace

import matplotlib
import pytest

matplotlib.use("Agg")

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from solver import Protocol, load_scenario
from solver.model.doubt.typed_talks import TypedTalks  # noqa: E402
from solver.model.talks import solve_talks  # noqa: E402
from solver.presentation.doubt_plot import plot_agreement_by_round, plot_bytes  # noqa: E402


@pytest.fixture(scope="module")
def talks() -> TypedTalks:
    sc = load_scenario()
    t = solve_talks(sc, sc.protocol.with_values(rounds=3, types="audience"), "piecemeal")
    assert isinstance(t, TypedTalks)
    return t


def _spread(rounds: int = 5) -> TypedTalks:
    """Talks whose deals fall in every round (a stand-in for the sector games: the plot reads
    only ``agreement_by_round``), to exercise the labels."""
    sectors = {}
    for i, name in enumerate(["autos", "auto_parts", "insurance", "medical", "telecom",
                              "flat_glass"]):
        weights = [(r + 1 + i) % 4 + 0.5 for r in range(rounds)] + [1.0 + i]
        total = sum(weights)
        dist: dict[int | None, float] = {r: w / total for r, w in enumerate(weights[:-1])}
        dist[None] = weights[-1] / total
        sectors[name] = SimpleNamespace(agreement_by_round=MappingProxyType(dist))
    return TypedTalks("a spread case", "piecemeal", Protocol(rounds=rounds, types="resolve"),
                      MappingProxyType(sectors))  # type: ignore[arg-type]


def _heights(ax, gid: str) -> list[float]:
    (container,) = [c for c in ax.containers if c.patches[0].get_gid() == gid]
    return [p.get_height() for p in container.patches]


def test_bars_are_the_distribution_of_the_round_of_agreement(talks: TypedTalks) -> None:
    ax = plot_agreement_by_round(talks)
    assert isinstance(ax, Axes)
    assert len(ax.containers) == 2 * len(talks.sectors)
    for name, dist in talks.agreement_by_round.items():
        rounds = _heights(ax, f"round:{name}")
        (none,) = _heights(ax, f"no deal:{name}")
        assert rounds == pytest.approx([dist[r] for r in range(3)])
        assert none == pytest.approx(dist[None])
        assert sum(rounds) + none == pytest.approx(1.0)
    assert ax.get_legend_handles_labels()[1] == list(talks.sectors)


def test_deadline_is_marked_and_the_title_states_the_game(talks: TypedTalks) -> None:
    ax = plot_agreement_by_round(talks)
    (line,) = [ln for ln in ax.lines if ln.get_gid() == "deadline"]
    assert set(line.get_xdata()) == {2.5}  # after the last round, 2
    assert any("deadline (after round 2)" in t.get_text() for t in ax.texts)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[-1] == "no deal" and ticks[0] == "0" and ticks[-2].startswith("2")
    title = " ".join(ax.get_title().split())
    assert " ".join(talks.protocol.describe().split()) in title
    assert "audience cost is private" in title


def test_dollars_are_drawn_as_written() -> None:
    """A '$' in the scenario's name (e.g. '$B/yr') is escaped, not read as mathtext."""
    base = _spread(2)
    t = TypedTalks("Two $B/yr sectors at $5", base.agenda, base.protocol, base.sectors)
    ax = plot_agreement_by_round(t)
    title = ax.title
    assert r"Two \$B/yr sectors at \$5" in title.get_text()
    # Drawn as written: not mathtext, and shown with its dollars.
    shown, math = title._preprocess_math(title.get_text())
    assert not math and "Two $B/yr sectors at $5" in shown
    assert plot_bytes(t, "png").startswith(b"\x89PNG")


def _renderer(fig: Figure):
    fig.draw_without_rendering()
    return fig._get_renderer()  # type: ignore[attr-defined]


def _boxes(fig: Figure, artists) -> list:
    renderer = _renderer(fig)
    return [a.get_window_extent(renderer) for a in artists]


def test_labels_do_not_overlap_and_stay_in_the_figure() -> None:
    ax = plot_agreement_by_round(_spread())
    fig = ax.figure
    values = [t for t in ax.texts if str(t.get_gid()).startswith("value:")]
    assert len(values) == 6 * 6  # every bar of the spread case is labelled
    boxes = _boxes(fig, [*values, *ax.get_xticklabels()])
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    fig_box = fig.bbox
    legend = fig.legends[0].get_window_extent(_renderer(fig))
    title = ax.title.get_window_extent(_renderer(fig))
    for box in (legend, title, *boxes):
        assert fig_box.x0 <= box.x0 and box.x1 <= fig_box.x1
        assert fig_box.y0 <= box.y0 and box.y1 <= fig_box.y1
    assert not legend.overlaps(ax.xaxis.label.get_window_extent(_renderer(fig)))
    (deadline,) = [t for t in ax.texts if t.get_text().startswith("deadline")]
    assert not deadline.get_window_extent(_renderer(fig)).overlaps(title)


def test_many_rounds_thin_the_ticks_and_drop_the_value_labels() -> None:
    ax = plot_agreement_by_round(_spread(40))
    fig = ax.figure
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert len(ticks) < 20 and ticks[-1] == "no deal" and ticks[-2].startswith("39")
    assert not [t for t in ax.texts if str(t.get_gid()).startswith("value:")]
    boxes = _boxes(fig, ax.get_xticklabels())
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_draws_on_a_given_axes_and_rejects_other_input(talks: TypedTalks) -> None:
    fig = Figure()
    ax = fig.subplots()
    assert plot_agreement_by_round(talks, ax=ax) is ax
    assert ax.get_legend() is not None
    with pytest.raises(ValueError, match="TypedTalks"):
        plot_agreement_by_round({"autos": {0: 1.0}})  # type: ignore[arg-type]


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"),
                                            ("pdf", b"%PDF")])
def test_plot_bytes(talks: TypedTalks, fmt: str, magic: bytes) -> None:
    data = plot_bytes(talks, fmt)
    assert data.startswith(magic) and len(data) > 2000
    with pytest.raises(ValueError, match="fmt"):
        plot_bytes(talks, "gif")
