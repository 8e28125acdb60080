"""Uncertainty sweeps: the agendas compared over many draws of the scenario's parameters.

Draws come in fixed chunks of :data:`CHUNK` with seeds spawned from one
:class:`numpy.random.SeedSequence`, so a sweep gives the same rows whether its chunks run
here, one after another, or on a Dask cluster.

Each draw is solved with the vectorised, KKT-certified Nash program
(:func:`solver.algorithms.opening_program.nash_openings_batch`) and the closed-form threat
point of ``docs/model.md`` (the sanction if the sender prefers it to backing down against a
holdout, L_S < a; otherwise backing down). A certificate failure raises; it is never
silently dropped.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from solver.algorithms.backward_induction import TIE_TOL
from solver.algorithms.opening_program import OPENING_TOL, nash_openings_batch
from solver.model.agendas import OPENING_EPS, PAYOFF_TIE_TOL
from solver.model.scenario import Scenario
from solver.model.sector import FIELDS

__all__ = ["AGENDAS", "CHUNK", "sweep", "summarize"]

#: Draws per chunk: the unit of work and of seeding.
CHUNK = 10_000
#: The agendas a sweep compares, as they are named in its columns.
AGENDAS = ("piece_by_piece", "package", "linked_package")


@dataclass(frozen=True)
class _Plan:
    """What a chunk needs: the scenario and, per (sector, field), a distribution or a value."""

    scenario: Scenario


def _draw(plan: _Plan, n: int, rng: np.random.Generator) -> dict[str, NDArray[np.float64]]:
    """Arrays of shape (n, S) for every sector field, and the floors."""
    sectors = plan.scenario.sectors
    out: dict[str, NDArray[np.float64]] = {}
    for spec in FIELDS:
        cols = []
        for s in sectors:
            prm = dict(s.provenance).get(spec.key)
            if prm is not None and prm.distribution is not None:
                cols.append(prm.distribution.sample(n, rng))
            else:
                cols.append(np.full(n, float(getattr(s, spec.attr))))
        out[spec.attr] = np.stack(cols, axis=1)
    floor_prov = dict(plan.scenario.floor_provenance)
    floors = []
    for s in sectors:
        prm = floor_prov.get(s.name)
        if prm is not None and prm.distribution is not None:
            floors.append(prm.distribution.sample(n, rng))
        else:
            floors.append(np.full(n, plan.scenario.floor(s.name)))
    out["floor"] = np.stack(floors, axis=1)
    return out


def _solve(
    value: NDArray[np.float64], cost: NDArray[np.float64], curv: NDArray[np.float64],
    lower: NDArray[np.float64], d: NDArray[np.float64],
) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    agree, x, residual = nash_openings_batch(value, cost, curv, lower, np.ones_like(value), d)
    worst = float(residual.max(initial=0.0))
    if worst > OPENING_TOL:
        raise ArithmeticError(f"sweep(): a draw failed its KKT certificate (residual {worst:.3g})")
    return agree, x


def _chunk(plan: _Plan, n: int, seed: np.random.SeedSequence, first: int) -> pd.DataFrame:
    """Solve ``n`` draws; rows numbered from ``first``."""
    p = _draw(plan, n, np.random.default_rng(seed))
    names = [s.name for s in plan.scenario.sectors]
    n_s = len(names)
    value = p["deliverability"] * p["gain"]
    cost, curv = p["cost"], p["curvature"]
    # Credible against a holdout beyond the trees' tie tolerance; a tie backs down, as in
    # analyse_sanction_game.
    sanction = p["backdown_cost"] - p["loss_sender"] > TIE_TOL
    d_s = np.where(sanction, -p["loss_sender"], -p["backdown_cost"])
    d_t = np.where(sanction, -p["loss_target"], 0.0)

    def payoffs(x: NDArray[np.float64], agree: NDArray[np.bool_]) -> tuple[Any, Any]:
        u_s = np.where(agree, value * x, d_s)
        u_t = np.where(agree, -cost * x**curv, d_t)
        return u_s, u_t

    # Piece by piece: every (draw, sector) is its own one-sector problem.
    flat = (value.reshape(-1, 1), cost.reshape(-1, 1), curv.reshape(-1, 1),
            np.zeros((n * n_s, 1)), np.stack([d_s.ravel(), d_t.ravel()], axis=1))
    a_flat, x_flat = _solve(*flat)
    pbp_agree, pbp_x = a_flat.reshape(n, n_s), x_flat.reshape(n, n_s)
    cols: dict[str, Any] = {"draw": np.arange(first, first + n)}
    results = {"piece_by_piece": payoffs(pbp_x, pbp_agree)}
    agreed = {"piece_by_piece": pbp_agree & (pbp_x > OPENING_EPS)}
    d_total = np.stack([d_s.sum(axis=1), d_t.sum(axis=1)], axis=1)
    for agenda, lower in (("package", p["floor"]), ("linked_package", np.zeros_like(value))):
        a, x = _solve(value, cost, curv, lower, d_total)
        per_draw = np.broadcast_to(a[:, None], x.shape)
        results[agenda] = payoffs(x, per_draw)
        agreed[agenda] = per_draw & (x > OPENING_EPS)
        if agenda == "package":
            cols["package_breakdown"] = ~a
    for agenda in AGENDAS:
        u_s, u_t = results[agenda]
        cols[f"{agenda}_sender"] = u_s.sum(axis=1)
        cols[f"{agenda}_target"] = u_t.sum(axis=1)
    for player in ("sender", "target"):
        table = np.stack([cols[f"{a}_{player}"] for a in AGENDAS], axis=1)
        best = table.max(axis=1, keepdims=True)
        close = np.abs(table - best) <= PAYOFF_TIE_TOL * np.maximum(1.0, np.abs(best))
        winner = np.array(AGENDAS, dtype=object)[table.argmax(axis=1)]
        cols[f"winner_{player}"] = np.where(close.sum(axis=1) > 1, "tie", winner)
    for agenda in AGENDAS:
        for j, name in enumerate(names):
            cols[f"{agenda}_agreed_{name}"] = agreed[agenda][:, j]
    cols["sanction_imposed_package"] = cols["package_breakdown"] & sanction.any(axis=1)
    return pd.DataFrame(cols)


def sweep(
    scenario: Scenario,
    draws: int = 10_000,
    seed: int | None = None,
    *,
    scheduler: Any = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Compare the agendas over ``draws`` draws of the scenario's uncertain parameters.

    Parameters
    ----------
    scenario
        A scenario whose parameters carry distributions (``distribution`` or the
        ``[uncertainty] default``); parameters without one stay at their value.
    draws
        Number of draws, >= 1.
    seed
        Seed of the :class:`numpy.random.SeedSequence` every chunk's seed is spawned from.
    scheduler
        ``None`` to run here; or a ``dask.distributed.Client`` to run the chunks on its
        cluster. The rows are identical for the same seed.
    progress
        Show a progress bar (tqdm); by default when there are several chunks and standard
        error is a terminal.

    Returns
    -------
    pandas.DataFrame
        One row per draw: each agenda's payoffs (``<agenda>_sender``, ``<agenda>_target``),
        ``winner_sender`` and ``winner_target`` (an agenda name or ``"tie"``),
        ``package_breakdown``, ``<agenda>_agreed_<sector>``, and ``sanction_imposed_package``.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> df = sweep(load_scenario(), draws=500, seed=1)
    >>> len(df), int(df["draw"].iloc[-1])
    (500, 499)
    >>> set(df["winner_sender"]) <= {"piece_by_piece", "package", "linked_package", "tie"}
    True
    """
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ValueError(f"sweep(): draws must be an integer >= 1, got {draws!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | np.integer)
                             or seed < 0):
        raise ValueError(f"sweep(): seed must be a non-negative integer or None, got {seed!r}")
    plan = _Plan(scenario)
    n_chunks = math.ceil(draws / CHUNK)
    seeds = np.random.SeedSequence(seed).spawn(n_chunks)
    sizes = [min(CHUNK, draws - i * CHUNK) for i in range(n_chunks)]
    starts = [i * CHUNK for i in range(n_chunks)]
    if scheduler is not None:
        futures = scheduler.map(_chunk, [plan] * n_chunks, sizes, seeds, starts, pure=False)
        frames = scheduler.gather(futures)
    else:
        show = progress if progress is not None else (n_chunks > 1 and sys.stderr.isatty())
        frames = [_chunk(plan, n, s, f) for n, s, f in
                  _progress(zip(sizes, seeds, starts, strict=True), n_chunks, show)]
    return pd.concat(frames, ignore_index=True)


def _progress(items: Any, total: int, show: bool) -> Any:
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc="sweep", unit="chunk", file=sys.stderr)


def _wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval for a proportion (95% by default)."""
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # Float rounding can put an end a hair past p when k is 0 or n; the interval holds p.
    return (max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half)))


def summarize(df: pd.DataFrame, sectors: Sequence[str] | None = None) -> pd.DataFrame:
    """Shares of draws with 95% Wilson confidence intervals: which agenda each player prefers,
    total package breakdown, and each sector's agreement under each agenda.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> s = summarize(sweep(load_scenario(), draws=200, seed=2))
    >>> list(s.columns)
    ['quantity', 'share', 'ci_low', 'ci_high', 'draws']
    """
    n = len(df)
    rows = []

    def add(label: str, mask: Any) -> None:
        k = int(np.asarray(mask).sum())
        lo, hi = _wilson(k, n)
        rows.append({"quantity": label, "share": k / n if n else math.nan, "ci_low": lo,
                     "ci_high": hi, "draws": n})

    for player in ("sender", "target"):
        for agenda in (*AGENDAS, "tie"):
            add(f"{player} prefers {agenda}", df[f"winner_{player}"] == agenda)
    add("package breaks down entirely", df["package_breakdown"])
    if sectors is None:
        prefix = "piece_by_piece_agreed_"
        sectors = [c[len(prefix):] for c in df.columns if c.startswith(prefix)]
    for agenda in AGENDAS:
        for name in sectors:
            add(f"{agenda}: {name} agreed", df[f"{agenda}_agreed_{name}"])
    return pd.DataFrame(rows)
