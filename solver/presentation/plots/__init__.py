"""Plots (matplotlib) of the negotiation game's results: a sector's frontier, the sanction
subgame's tree, the agendas, sweeps and parameter maps.

Presentation only: every function draws what the model layer has already computed
(:func:`solver.analyse_negotiation`, :func:`solver.solve_sector`, :func:`solver.solve_talks`,
:func:`solver.sweep`, or a table of such results) and solves nothing itself.

Every function draws on the ``ax`` it is given, or on a new
:class:`matplotlib.figure.Figure` (no pyplot, no global state, safe on a headless machine),
and returns the Axes it drew on (an array of Axes for the figures of several panels:
:func:`plot_agendas`, :func:`plot_sweep`). None calls ``show()``. Text is drawn as written:
a ``$`` in data never starts mathtext and no text goes through TeX.
matplotlib is imported only when a plot is drawn: it is an optional dependency (the ``plot``
extra), and the rest of the solver does not need it.

Artists that carry data have a ``gid`` (``"threat point"``, ``"lens:nash"``,
``"edge:Sanction > HoldOut"``, ...), so that a drawing can be checked against its inputs.
"""

from __future__ import annotations

from solver.presentation.plots._common import _axes_list, _renderer
from solver.presentation.plots.agenda_map import plot_agenda_map
from solver.presentation.plots.agendas import plot_agendas
from solver.presentation.plots.frontier import LENSES, plot_frontier
from solver.presentation.plots.resolve import RESOLVE_LINES, plot_resolve
from solver.presentation.plots.sweep import SWEEP_LABELS, plot_sweep
from solver.presentation.plots.tree import plot_game_tree

__all__ = [
    "plot_agenda_map",
    "plot_agendas",
    "plot_frontier",
    "plot_game_tree",
    "plot_resolve",
    "plot_sweep",
]

# Importable from here as before the split: the tables of labels, and the helpers the doubt
# plot draws with.
_ = (LENSES, RESOLVE_LINES, SWEEP_LABELS, _axes_list, _renderer)
