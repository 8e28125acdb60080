"""The talks with the sender's type in doubt, across parameters drawn from their distributions.

Each draw redraws every scenario field that carries a distribution
(:func:`solver.model.scorecard.draw_scenarios`) and solves each sector's game of incomplete
information (:func:`solver.model.doubt.resolve_game.solve_sector_types`). The result has one row per
draw and sector, with the drawn parameters beside the outcome probabilities, so that
:func:`deciding_parameters` can say which parameters decide an outcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


from solver._core.errors import InputError
from solver.model.doubt.resolve_game import solve_sector_types
from solver.model.protocol import Protocol
from solver.model.scenario import Scenario
from solver.model.scorecard import draw_scenarios
from solver.model.sector import FIELDS

__all__ = ["OUTCOMES", "deciding_parameters", "sweep_types"]

#: The outcome columns of a typed sweep.
OUTCOMES = ("deal_probability", "deadline_probability", "sanction_probability",
            "breakdown_probability", "bluff_irresolute", "posterior_at_deadline",
            "check_residual")
#: A coarser belief grid than the default: the sweep's cost is draws x sectors solves.
SWEEP_GRID = 201


def sweep_types(scenario: Scenario, protocol: Protocol, *, draws: int, seed: int | None = None,
                grid: int = SWEEP_GRID) -> pd.DataFrame:
    """One row per draw and sector: the drawn parameters and the outcome probabilities.

    ``protocol.types`` must be set. Draw 0 is the scenario as calibrated; draws 1..draws are
    drawn with one ``numpy`` generator seeded with ``seed``.

    Parameters
    ----------
    scenario : Scenario
        The scenario whose parameters' distributions are drawn from.
    protocol : Protocol
        The protocol, with ``types`` set (the kind of the sender's private type).
    draws : int
        Number of drawn scenarios (>= 0) beside the calibrated one.
    seed : int or None, optional
        Seed of the generator (``None``: fresh entropy, not reproducible).
    grid : int, optional
        Belief grid of each solve (coarser than :func:`solve_sector_types`'s default).

    Returns
    -------
    pandas.DataFrame
        Columns ``draw``, ``sector``, every sector field by its scenario key, and the
        outcomes (``deal_probability``, ``deadline_probability``, ``sanction_probability``,
        ``breakdown_probability``, ``bluff_irresolute``, ``posterior_at_deadline``,
        ``check_residual``).

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> df = sweep_types(load_scenario(), Protocol(rounds=2, types="audience"), draws=2,
    ...                  seed=1)
    >>> len(df), sorted(int(d) for d in df["draw"].unique())
    (18, [0, 1, 2])
    """
    import pandas as pd

    if protocol.types is None:
        raise InputError("sweep_types(): set Protocol(types='resolve' or 'audience')")
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 0:
        raise InputError(f"sweep_types(): draws must be an integer >= 0, got {draws!r}")
    rng = np.random.default_rng(seed)
    rows = []
    for i, sc in enumerate([scenario, *draw_scenarios(scenario, draws, rng)]):
        for s in sc.sectors:
            g = solve_sector_types(s, protocol, protocol.types, grid=grid)
            row: dict[str, object] = {"draw": i, "sector": s.name}
            row.update({f.key: float(getattr(s, f.attr)) for f in FIELDS})
            out = g.row()
            row.update({k: out.get(k) for k in OUTCOMES})
            rows.append(row)
    return pd.DataFrame(rows)


def deciding_parameters(df: pd.DataFrame, outcome: str, top: int = 3) -> pd.DataFrame:
    """For each sector, the drawn parameters most associated with ``outcome`` across draws:
    Spearman's rank correlation, largest in absolute value first (parameters that were not
    drawn, or an outcome that does not vary, are left out).

    Parameters
    ----------
    df : pandas.DataFrame
        A :func:`sweep_types` frame (draw 0, the calibrated scenario, is left out).
    outcome : str
        The outcome column to explain, e.g. ``"sanction_probability"``.
    top : int, optional
        How many parameters to keep per sector.

    Returns
    -------
    pandas.DataFrame
        Columns ``sector``, ``outcome``, ``parameter`` and ``spearman``, at most ``top``
        rows per sector.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"draw": [1, 2, 3, 4], "sector": ["a"] * 4,
    ...                    "resolve": [0.1, 0.2, 0.3, 0.4], "gain": [1.0, 1.0, 1.0, 1.0],
    ...                    "sanction_probability": [0.1, 0.3, 0.2, 0.5]})
    >>> deciding_parameters(df, "sanction_probability").to_dict("records")
    [{'sector': 'a', 'outcome': 'sanction_probability', 'parameter': 'resolve', 'spearman': 0.8}]
    """
    import pandas as pd
    from scipy import stats

    out = []
    for sector, part in df[df["draw"] > 0].groupby("sector", sort=False):
        y = part[outcome].astype(float)
        if y.nunique() < 2:
            continue
        found = []
        for f in FIELDS:
            if f.key not in part:
                continue
            x = part[f.key].astype(float)
            if x.nunique() < 2:
                continue
            rho = round(float(stats.spearmanr(x, y).statistic), 12)
            if np.isfinite(rho):
                found.append((abs(rho), f.key, rho))
        for _, key, rho in sorted(found, reverse=True)[:top]:
            out.append({"sector": sector, "outcome": outcome, "parameter": key,
                        "spearman": rho})
    return pd.DataFrame(out, columns=["sector", "outcome", "parameter", "spearman"])
