"""Uncertainty sweeps: the agendas compared over many draws of the scenario's parameters.

Each draw is solved in the same negotiation game as :func:`solver.solve_talks`
(``docs/model.md``), through the same vectorised engine (:mod:`solver.model.bundle_game`),
with one row of the engine per draw (or per draw and sector) instead of one per scenario:

* piecemeal: every (draw, sector) pair is a one-sector row; :func:`best_demands` gives each
  sector's SPE demand (the sender's standing demand under every agenda) and its SPE path;
* package (the drawn floors as lower bounds) and linked (no floors): every draw is one row
  with all its sectors as one bundle, solved by :func:`solve_bundle` with the threat point of
  the protocol's retaliation: each sector's own sanction subgame at its piecemeal demand
  (``"own"``), or the bundle's pooled subgame (``"cross"``), exactly as ``solve_talks`` does.

A deal is :data:`solver.model.talks.DEAL_OPENING` or more agreed in some round; a sector's
sanction probability is ``breakdown_probability(round) * sanction`` as in ``solve_talks``.
The free agenda is solved by the scalar path only and is not swept.

Draws come in fixed chunks of :data:`CHUNK` with seeds spawned from one
:class:`numpy.random.SeedSequence`, so a sweep gives the same rows whether its chunks run
here, one after another, or on a Dask cluster. Each agenda's offer certificate (the engine's
residual, as ``Talks.residual``) is a column of its own; a residual above
:data:`CERTIFICATE_TOL` raises, so no uncertified row is ever returned.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from numpy.typing import NDArray

from solver._core.errors import CertificateError, InputError
from solver.model.bundle_game import (
    OFFER_TOL,
    SectorArrays,
    best_demands,
    breakdown_probability,
    payoff_scale,
    solve_bundle,
)
from solver.model.protocol import Protocol
from solver.model.scenario import Scenario
from solver.model.sector import FIELDS
from solver.model.talks import DEAL_OPENING

__all__ = ["AGENDAS", "CERTIFICATE_TOL", "CHUNK", "sweep", "summarize"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: Draws per chunk: the unit of work and of seeding.
CHUNK = 10_000
#: Most draws one call returns (the rows are held in memory: about 1 kB each).
MAX_DRAWS = 5_000_000
#: The agendas a sweep compares, as :func:`solver.solve_talks` names them.
AGENDAS = ("piecemeal", "package", "linked")


#: Largest offer-certificate residual (relative to the payoff scale) a sweep accepts.
CERTIFICATE_TOL = 1e-7

@dataclass(frozen=True)
class _Plan:
    """What a chunk needs: the scenario (whose parameters carry the distributions) and the
    protocol the game is played under."""

    scenario: Scenario
    protocol: Protocol


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


def _arrays(p: dict[str, FloatArray]) -> SectorArrays:
    """The engine's per-sector arrays (n, S) of the drawn fields (``v = q G`` as
    :attr:`Sector.value` computes it)."""
    return SectorArrays(p["deliverability"] * p["gain"], p["cost"], p["curvature"],
                        p["loss_target"], p["loss_sender"], p["backdown_cost"],
                        p["discount_sender"], p["discount_target"])


def _flat(r: SectorArrays) -> SectorArrays:
    """Every (row, sector) pair of ``r`` as a one-sector row, row-major."""
    return SectorArrays(*(a.reshape(-1, 1) for a in (r.v, r.c, r.k, r.loss_target,
                                                     r.loss_sender, r.backdown, r.d_sender,
                                                     r.d_target)))


def _reach(rnd: NDArray[np.int64], protocol: Protocol) -> FloatArray:
    """:func:`breakdown_probability` of each agreement round (-1: none), elementwise."""
    out = np.empty(rnd.shape)
    for t in np.unique(rnd):
        out[rnd == t] = breakdown_probability(int(t), protocol)
    return out


def _chunk(plan: _Plan, n: int, seed: np.random.SeedSequence, first: int) -> pd.DataFrame:
    """Solve ``n`` draws; rows numbered from ``first``."""
    import pandas as pd

    protocol = plan.protocol
    p = _draw(plan, n, np.random.default_rng(seed))
    names = [s.name for s in plan.scenario.sectors]
    n_s = len(names)
    r = _arrays(p)
    flat = _flat(r)
    # Piecemeal: each (draw, sector) its own one-sector game, at the sender's best demand.
    demand, pm, own_sanction = best_demands(flat, protocol)
    # (n, S, 2) payoffs, (n, S) rounds and openings, (n, S) sanction in the sector's subgame.
    payoffs = {"piecemeal": pm.payoffs.reshape(n, n_s, 2)}
    rounds = {"piecemeal": pm.round.reshape(n, n_s)}
    openings = {"piecemeal": pm.openings.reshape(n, n_s)}
    sanctioned = {"piecemeal": own_sanction.reshape(n, n_s)}
    residual = {"piecemeal": pm.residual.reshape(n, n_s).max(axis=1)}
    # Package and linked: each draw one bundle of all sectors, at the piecemeal demands.
    mask = np.ones((n, n_s), bool)
    demands = demand.reshape(n, n_s)
    if protocol.retaliation == "cross":
        threat, pooled = r.threats(demands, mask)
        bundle_sanction = np.broadcast_to(pooled[:, None], (n, n_s))
    else:
        own, _ = flat.threats(demand[:, None], np.ones((n * n_s, 1), bool))
        threat = own.reshape(n, n_s, 2)
        bundle_sanction = sanctioned["piecemeal"]
    for agenda, lo in (("package", p["floor"]), ("linked", np.zeros((n, n_s)))):
        path = solve_bundle(r, lo, mask, threat, protocol)
        residual[agenda] = path.residual
        payoffs[agenda] = path.payoffs
        rounds[agenda] = np.broadcast_to(path.round[:, None], (n, n_s))
        openings[agenda] = path.openings
        sanctioned[agenda] = bundle_sanction

    cols: dict[str, Any] = {"draw": np.arange(first, first + n)}
    deals: dict[str, BoolArray] = {}
    for agenda in AGENDAS:
        rnd = rounds[agenda]
        opening = np.where(rnd >= 0, openings[agenda], 0.0)
        deals[agenda] = (rnd >= 0) & (opening >= DEAL_OPENING)
        cols[f"{agenda}_sender"] = payoffs[agenda][..., 0].sum(axis=1)
        cols[f"{agenda}_target"] = payoffs[agenda][..., 1].sum(axis=1)
        for j, name in enumerate(names):
            cols[f"{agenda}_deal_{name}"] = deals[agenda][:, j]
        for j, name in enumerate(names):
            cols[f"{agenda}_round_{name}"] = rnd[:, j].astype(np.int64)
        # One breakdown event ends the talks for every open sector, so the sectors' sanction
        # events are nested: at least one sanction is the likeliest sector's.
        prob = _reach(rnd, protocol) * sanctioned[agenda]
        cols[f"{agenda}_sanction_probability"] = prob.max(axis=1)
        cols[f"{agenda}_residual"] = residual[agenda]
        worst = float(np.max(residual[agenda], initial=0.0))
        if worst > CERTIFICATE_TOL:
            raise CertificateError(f"sweep(): a {agenda} offer failed its certificate "
                                  f"(residual {worst:.3g} > {CERTIFICATE_TOL:g})")
    scale = payoff_scale(r, mask)
    for player in ("sender", "target"):
        table = np.stack([cols[f"{a}_{player}"] for a in AGENDAS], axis=1)
        best = table.max(axis=1, keepdims=True)
        close = best - table <= OFFER_TOL * scale[:, None]
        winner = np.array(AGENDAS, dtype=object)[table.argmax(axis=1)]
        cols[f"winner_{player}"] = np.where(close.sum(axis=1) > 1, "tie", winner)
    for agenda in AGENDAS:
        cols[f"total_breakdown_{agenda}"] = ~deals[agenda].any(axis=1)
    cols["package_breakdown"] = cols["total_breakdown_package"]
    return pd.DataFrame(cols)


def sweep(
    scenario: Scenario,
    draws: int = 10_000,
    seed: int | None = None,
    *,
    protocol: Protocol | None = None,
    scheduler: Any = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Compare the agendas over ``draws`` draws of the scenario's uncertain parameters, each
    draw solved in the negotiation game of :func:`solver.solve_talks`.

    Parameters
    ----------
    scenario
        A scenario whose parameters carry distributions (``distribution`` or the
        ``[uncertainty] default``); parameters without one stay at their value. Every sector
        field is drawn (discount factors and resolve included), and the package floors.
    draws
        Number of draws, >= 1.
    seed
        Seed of the :class:`numpy.random.SeedSequence` every chunk's seed is spawned from.
    protocol
        The bargaining protocol; by default the scenario's (its ``[protocol]`` table).
    scheduler
        ``None`` to run here; or a ``dask.distributed.Client`` to run the chunks on its
        cluster. The rows are identical for the same seed.
    progress
        Show a progress bar (tqdm); by default when there are several chunks and standard
        error is a terminal.

    Returns
    -------
    pandas.DataFrame
        One row per draw (``draw``, numbered from 0) and, for each agenda in :data:`AGENDAS`
        (``piecemeal``, ``package``, ``linked``):

        * ``<agenda>_sender``, ``<agenda>_target``: expected SPE payoffs from round 0, summed
          over the sectors ($B/yr), as ``solve_talks(...).sender_payoff`` / ``target_payoff``;
        * ``<agenda>_deal_<sector>`` (bool): a deal in the sector (an opening of at least
          ``DEAL_OPENING`` agreed in some round), as ``SectorResult.deal``;
        * ``<agenda>_round_<sector>`` (int): the round of agreement on the path without
          breakdown, -1 for none (``SectorResult.round`` is ``None``);
        * ``<agenda>_sanction_probability``: probability that at least one sanction is
          imposed on the equilibrium path. A breakdown is one event that ends the talks for
          every open sector, so the sectors' events "breaks down before its agreement and its
          subgame sanctions" are nested and the probability is the largest sector's
          ``SectorResult.sanction_probability`` (under the package and the linked package,
          the bundle's probability of breaking down when any sector's subgame sanctions);
        * ``total_breakdown_<agenda>`` (bool): no deal in any sector;
        * ``<agenda>_residual``: the offer certificate at the agreement round(s), relative to
          the payoff scale (0 for a certified offer), as ``solve_talks(...).residual``;

        and ``winner_sender``, ``winner_target`` (the agenda that player does best under, or
        ``"tie"`` when two are within ``OFFER_TOL`` of the draw's payoff scale), and
        ``package_breakdown`` (the same as ``total_breakdown_package``).

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> df = sweep(load_scenario(), draws=500, seed=1)
    >>> len(df), int(df["draw"].iloc[-1])
    (500, 499)
    >>> set(df["winner_sender"]) <= {"piecemeal", "package", "linked", "tie"}
    True
    """
    import pandas as pd

    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise InputError(f"sweep(): draws must be an integer >= 1, got {draws!r}")
    if draws > MAX_DRAWS:
        raise InputError(f"sweep(): draws must be at most {MAX_DRAWS:,} (one row each is "
                         f"returned in memory), got {draws:,}; run several seeds instead")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | np.integer)
                             or seed < 0):
        raise InputError(f"sweep(): seed must be a non-negative integer or None, got {seed!r}")
    if protocol is None:
        protocol = scenario.protocol
    if not isinstance(protocol, Protocol):
        raise InputError(f"sweep(): protocol must be a Protocol or None, got {protocol!r}")
    plan = _Plan(scenario, protocol)
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
    """Shares of draws with 95% Wilson confidence intervals: under which agenda each player
    does best (``"<player> prefers <agenda>"``, and ``"... prefers tie"``), total breakdown
    under each agenda (``"<agenda>: no deal in any sector"``), and each sector's deals under
    each agenda (``"<agenda>: <sector> deal"``).

    Parameters
    ----------
    df : pandas.DataFrame
        A :func:`sweep` frame, one row per draw.
    sectors : sequence of str or None, optional
        The sectors whose deals to summarise; ``None``: every sector in ``df``.

    Returns
    -------
    pandas.DataFrame
        One row per quantity: ``quantity``, ``share`` of draws, the Wilson interval
        ``ci_low``/``ci_high`` and the number of ``draws``.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> s = summarize(sweep(load_scenario(), draws=200, seed=2))
    >>> list(s.columns)
    ['quantity', 'share', 'ci_low', 'ci_high', 'draws']
    """
    import pandas as pd

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
    for agenda in AGENDAS:
        add(f"{agenda}: no deal in any sector", df[f"total_breakdown_{agenda}"])
    if sectors is None:
        prefix = f"{AGENDAS[0]}_deal_"
        sectors = [c[len(prefix):] for c in df.columns if c.startswith(prefix)]
    for agenda in AGENDAS:
        for name in sectors:
            add(f"{agenda}: {name} deal", df[f"{agenda}_deal_{name}"])
    return pd.DataFrame(rows)
