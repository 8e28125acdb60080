"""Trees drawn with the scenario's player names."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from solver import load_scenario, solve_sector
from solver.presentation.plots import plot_game_tree  # noqa: E402


def test_tree_uses_the_scenario_players(tmp_path: Path) -> None:
    sc = load_scenario()
    game = solve_sector(sc.sector("autos"), sc.protocol)
    ax = plot_game_tree(game, players=(sc.sender, sc.target))
    texts = [t.get_text() for t in ax.texts] + [ax.get_title()]
    assert "US" in texts and "Japan" in texts
    assert not any("Sender" in t or "Target" in t for t in texts)
    assert "payoffs (US, Japan)" in ax.get_title()
    # The SPE play is still highlighted after the renaming.
    thick = sorted(ln.get_gid() for ln in ax.lines if ln.get_linewidth() > 2)
    assert thick == ["edge:Sanction", "edge:Sanction > Concede"]
    png = tmp_path / "tree.png"
    ax.figure.savefig(png, dpi=80)
    assert png.stat().st_size > 10_000
    with pytest.raises(ValueError, match="players must name the tree's 2 players"):
        plot_game_tree(game, players=("US",))  # type: ignore[arg-type]
