"""The sector game with the sender's resolve in doubt: perfect Bayesian equilibrium by
backward induction over (round, belief), and the distribution of outcomes it implies.

The game is the negotiation game of ``docs/model.md`` with one change: nature first draws
the sender's type (:mod:`solver.model.doubt.sender_types`), which only the sender sees. The target
holds a belief about it, updated by Bayes' rule on every action on the path. The rounds are
solved backwards on a grid of beliefs (:mod:`solver.model.doubt.resolve_rounds`), and the path is
then followed forward from the prior, branching on every mixed action, so each outcome comes
with its probability. A prior of 0 or 1 is the game of complete information.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import InputError
from solver._core.tabular import Tabular
from solver.model.bundle_game import OFFER_TOL, SectorArrays, best_demands, payoff_scale
from solver.model.doubt.resolve_rounds import (
    Continuation,
    RoundPlay,
    SectorParams,
    sender_round,
    target_round,
)
from solver.model.doubt.sender_types import SenderType, sender_types
from solver.model.outcomes import DEAL_OPENING
from solver.model.protocol import Protocol
from solver.model.sanction_subgame import Subgame, solve_subgame
from solver.model.sector import Sector

if TYPE_CHECKING:  # the check reads the solved game, so it is imported where it runs
    from solver.model.doubt.resolve_check import PBECheck
from solver._core.tabular import one_line

if TYPE_CHECKING:  # the check reads the solved game, so it is imported where it runs
    import pandas as pd

    from solver.model.doubt.resolve_check import PBECheck

__all__ = ["BELIEF_GRID", "EPS", "Branch", "TypedSectorGame", "plays_at", "solve_sector_types"]

FloatArray = NDArray[np.float64]
#: Points of the belief grid on which the rounds are solved backwards.
BELIEF_GRID = 1001
#: Half-width of the belief interval that resolves a threshold: beliefs within EPS of one
#: are where its switching player mixes.
EPS = 1e-9
#: A change in a responder's acceptance probability between neighbouring grid beliefs larger
#: than this is a switch (a threshold), not the slope of a mixed strategy.
JUMP = 0.05


@dataclass(frozen=True)
class Branch:
    """A state on the path: the round, the target's belief that the sender is the more
    threatening type, and each type's probability of being in this state.

    Attributes
    ----------
    round : int
        The round (0-based).
    belief : float
        The target's belief that the sender is the more threatening type.
    mass : (float, float)
        The probability that each type (more threatening first) reaches this state.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> g = solve_sector_types(load_scenario().sector("telecom"), Protocol(rounds=2),
    ...                        "audience")
    >>> g.path[0]
    Branch(round=0, belief=0.2, mass=(0.2, 0.8))
    """

    round: int
    belief: float
    mass: tuple[float, float]


@dataclass(frozen=True, eq=False)
class TypedSectorGame(Tabular):
    """One sector's negotiation game with the sender's type in doubt, solved for its PBE.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> g = solve_sector_types(load_scenario().sector("autos"), Protocol(rounds=4))
    >>> {k: round(v, 3) for k, v in g.agreement_by_round.items() if v > 0}
    {3: 0.686, None: 0.314}
    >>> round(g.sanction_probability, 3), g.check.passed
    (0.314, True)

    Attributes
    ----------
    sector, protocol, kind
        The game: ``kind`` is the type dimension (``"resolve"`` or ``"audience"``).
    types : tuple of SenderType
        ``(more threatening, less threatening)``: ``types[0]`` is the type whose threat the
        target fears more (the lower target threat payoff); the belief is its probability.
    demand : float or None
        The standing demand (``None``: no demand is made, the status quo).
    subgames : tuple of Subgame
        Each type's sanction subgame at the demand (the threat points).
    params : SectorParams
        The numbers the rounds are solved with.
    plays : tuple of RoundPlay
        Each round's equilibrium on the belief grid (refined at the thresholds).
    thresholds : tuple of tuple of float
        Each round's beliefs at which the play switches; within ``EPS`` of one the play is
        the mixture of the two sides (:func:`plays_at`).
    path : tuple of Branch
        The states reached with positive probability, round by round.
    agreement_by_round : mapping
        Probability of a deal (an opening of at least ``DEAL_OPENING``) in each round
        ``0..R-1``; key ``None`` is the probability of none.
    breakdown_probability, sanction_probability : float
        Probability the talks break down (or reach the deadline) unsettled, and that a
        sanction is then imposed.
    bluff_probability : mapping
        For each type whose own threat is not carried out (its subgame path is BackDown), the
        probability that it keeps up the demand in round 0 rather than reveal itself; 0 for
        a type that would sanction.
    posterior_at_deadline : float or None
        The target's belief that the sender is resolute, given that the last round is
        reached without a deal (``None`` if it is not reached).
    payoffs : (float, float)
        Ex-ante expected payoffs (sender, target) from round 0.
    type_payoffs : mapping
        Each type's expected payoff.
    check : PBECheck
        The independent check of the equilibrium on its path
        (:func:`solver.model.doubt.resolve_check.check_pbe`): Bayes' rule and sequential
        rationality, with its largest residual relative to the payoff scale.
    """

    sector: Sector
    protocol: Protocol
    kind: str
    types: tuple[SenderType, SenderType]
    demand: float | None
    subgames: tuple[Subgame, Subgame]
    params: SectorParams
    plays: tuple[RoundPlay, ...]
    thresholds: tuple[tuple[float, ...], ...]
    path: tuple[Branch, ...]
    agreement_by_round: Mapping[int | None, float]
    breakdown_probability: float
    sanction_probability: float
    bluff_probability: Mapping[str, float]
    posterior_at_deadline: float | None
    payoffs: tuple[float, float]
    type_payoffs: Mapping[str, float]
    check: PBECheck | None = None

    def __repr__(self) -> str:
        return one_line("TypedSectorGame", self.sector.name, kind=self.kind, demand=self.demand,
                        payoffs=self.payoffs, sanction_probability=self.sanction_probability)

    @property
    def deadline_probability(self) -> float:
        """Probability of a deal in the last round."""
        rounds = self.protocol.rounds
        return 0.0 if rounds is None else float(self.agreement_by_round.get(rounds - 1, 0.0))

    @property
    def deal_probability(self) -> float:
        return 1.0 - float(self.agreement_by_round.get(None, 0.0))

    def row(self) -> dict[str, object]:
        """The sector's row: deal, deadline, breakdown and sanction probabilities, bluffs."""
        row: dict[str, object] = {
            "sector": self.sector.name, "types": self.kind,
            "prior": next(t.prior for t in self.types if t.name == "resolute"),
            "demand": self.demand,
            "deal_probability": self.deal_probability,
            "deadline_probability": self.deadline_probability,
            "breakdown_probability": self.breakdown_probability,
            "sanction_probability": self.sanction_probability,
            "posterior_at_deadline": self.posterior_at_deadline,
        }
        for t in self.types:
            row[f"bluff_{t.name}"] = self.bluff_probability[t.name]
        row["payoff_sender"], row["payoff_target"] = self.payoffs
        row["check_residual"] = None if self.check is None else self.check.residual
        return row

    def to_frame(self) -> pd.DataFrame:
        """One row (see :meth:`row`)."""
        import pandas as pd

        return pd.DataFrame([self.row()])


def _params(sector: Sector, subs: tuple[Subgame, Subgame], protocol: Protocol) -> SectorParams:
    r = SectorArrays.of([sector])
    scale = float(payoff_scale(r, np.ones((1, 1), bool))[0])
    return SectorParams(sector.value, sector.cost, sector.curvature, subs[0].payoffs,
                        subs[1].payoffs, sector.discount_sender, sector.discount_target,
                        protocol.breakdown, OFFER_TOL * scale)


def _backward(s: SectorParams, protocol: Protocol, grid: FloatArray
              ) -> tuple[tuple[RoundPlay, ...], tuple[tuple[float, ...], ...]]:
    """Each round's play on the grid refined at its thresholds, and the thresholds."""
    assert protocol.rounds is not None
    plays: list[RoundPlay] = []
    cuts: list[tuple[float, ...]] = []
    later: list[float] = []
    nxt: RoundPlay | None = None
    for t in reversed(range(protocol.rounds)):
        cont = Continuation.of(s, nxt.mu if nxt is not None else grid,
                               nxt.value if nxt is not None else None)
        solve = sender_round if protocol.proposer(t) == "sender" else target_round
        base = np.unique(np.concatenate([grid, [EPS, 1 - EPS]]))
        coarse = solve(s, cont, base)
        found = _thresholds(s, cont, solve, coarse)
        # A later round's threshold can make this round's values jump too (where this
        # round leaves the belief as it is), so the grid is refined at all of them.
        later.extend(found)
        extra = np.setdiff1d(np.clip([m + d for m in later for d in (-EPS, EPS)], 0.0, 1.0),
                             base)
        nxt = _merge(coarse, solve(s, cont, extra)) if len(extra) else coarse
        plays.append(nxt)
        cuts.append(tuple(found))
    plays.reverse()
    cuts.reverse()
    return tuple(plays), tuple(cuts)


def _merge(a: RoundPlay, b: RoundPlay) -> RoundPlay:
    """One play from two solved at different beliefs, in order of belief."""
    order = np.argsort(np.concatenate([a.mu, b.mu]), kind="stable")

    def cat(x: NDArray[Any], y: NDArray[Any]) -> NDArray[Any]:
        return np.concatenate([x, y])[order]

    return RoundPlay(a.proposer, cat(a.mu, b.mu), cat(a.action, b.action),
                     cat(a.offer, b.offer), cat(a.post, b.post), cat(a.accept, b.accept),
                     cat(a.mimic, b.mimic), a.reveal_offer,
                     tuple(cat(x, y) for x, y in zip(a.value, b.value, strict=True)))  # type: ignore[arg-type]


def _signature(play: RoundPlay, i: int) -> tuple[int, float, float]:
    return int(play.action[i]), float(play.post[i] - play.mu[i]), float(play.accept[i])


def _jumps(a: tuple[int, float, float], b: tuple[int, float, float], step: float) -> bool:
    return a[0] != b[0] or abs(a[1] - b[1]) > 3 * step or abs(a[2] - b[2]) > JUMP


def _closer(m: tuple[int, float, float], a: tuple[int, float, float],
            b: tuple[int, float, float]) -> bool:
    """Whether the play ``m`` is on ``a``'s side of a switch between ``a`` and ``b``."""
    if a[0] != b[0]:
        return m[0] == a[0]
    da = abs(m[1] - a[1]) + abs(m[2] - a[2])
    db = abs(m[1] - b[1]) + abs(m[2] - b[2])
    return da <= db


def _thresholds(s: SectorParams, cont: Continuation, solve: Any, play: RoundPlay
                ) -> list[float]:
    """Beliefs at which the round's play switches (a proposer's choice, or the posterior a
    screening offer aims at, jumps), located by bisection to within EPS / 4. There the
    player who switches is indifferent, and may mix: a previous round that sends the belief
    to such a threshold relies on that mixture to make a bluffer indifferent."""
    mu = play.mu
    step = float(np.max(np.diff(mu))) if len(mu) > 1 else 1.0
    out: list[float] = []
    for i in range(len(mu) - 1):
        a, b = _signature(play, i), _signature(play, i + 1)
        if not _jumps(a, b, step):
            continue
        lo, hi = float(mu[i]), float(mu[i + 1])
        while hi - lo > EPS / 4:
            mid = 0.5 * (lo + hi)
            m = _signature(solve(s, cont, np.array([mid])), 0)
            if _closer(m, a, b):
                lo = mid
            else:
                hi = mid
        out.append(0.5 * (lo + hi))
    return out


def solve_sector_types(sector: Sector, protocol: Protocol | None = None, kind: str = "resolve",
                       *, grid: int = BELIEF_GRID) -> TypedSectorGame:
    """Solve one sector's negotiation game with the sender's type private (``docs/model.md``,
    "Resolve in doubt") for its perfect Bayesian equilibrium.

    The standing demand is the complete-information SPE demand of the more resolute type with
    positive prior (bluffers make the demand a resolute sender would make). The prior is
    ``sector.resolve``.

    Parameters
    ----------
    sector : Sector
        The sector's parameters; ``sector.resolve`` is the prior on the resolute type.
    protocol : Protocol or None, optional
        The bargaining protocol; it needs a deadline (``rounds`` not ``None``). ``None``
        means ``Protocol()``.
    kind : str, optional
        The sender's private type: ``"resolve"`` (its own sanction loss) or ``"audience"``
        (its audience cost of backing down); see
        :func:`solver.model.doubt.sender_types.sender_types`.
    grid : int, optional
        Points of the belief grid of the backward pass (refined at the thresholds).

    Returns
    -------
    TypedSectorGame
        The PBE on its path: the demand, each round's agreement, bluff and sanction
        probabilities, the posterior, and ``check`` (:func:`check_pbe`'s certificate).

    Raises
    ------
    ValueError
        If the protocol has no deadline or ``kind`` is unknown.

    Examples
    --------
    One round, the sender proposing: the one-shot resolve game. The irresolute type (whose
    sanction loss makes it back down) bluffs just enough that the target is indifferent at
    mu* = c / (-V) = 10/11, and the target complies with probability a / (v + a) = 3/13,
    which leaves the bluffer indifferent; a sanction follows with probability
    0.2 (1 - 3/13) = 2/13:

    >>> s = Sector("glass", gain=1.0, cost=0.4, loss_target=0.8, loss_sender=2.0,
    ...            backdown_cost=0.3, resolve=0.2, discount_sender=0.5, discount_target=0.9)
    >>> g = solve_sector_types(s, Protocol(rounds=1, breakdown=0.0), "resolve")
    >>> round(g.bluff_probability["irresolute"], 9), round(g.sanction_probability, 9)
    (0.025, 0.153846154)
    >>> g.check.passed
    True
    """
    protocol = Protocol() if protocol is None else protocol
    if protocol.rounds is None:
        raise InputError("solve_sector_types(): incomplete information needs a deadline "
                         "(Protocol.rounds); the game without one is not solved here")
    pair = sender_types(sector, kind)
    strong = pair[0] if pair[0].prior > 0 else pair[1]
    demand_arr, _, _ = best_demands(SectorArrays.of([strong.sector]), protocol)
    demand = float(demand_arr[0])
    subs = (solve_subgame([pair[0].sector], [demand]), solve_subgame([pair[1].sector], [demand]))
    # Order the types: the belief is the probability of the more threatening one.
    key = [(sub.payoffs[1], -sub.payoffs[0]) for sub in subs]
    order = (0, 1) if key[0] <= key[1] else (1, 0)
    types = (pair[order[0]], pair[order[1]])
    subs = (subs[order[0]], subs[order[1]])
    s = _params(sector, subs, protocol)
    g = np.linspace(0.0, 1.0, grid)
    plays, cuts = _backward(s, protocol, g)
    game = _forward(sector, protocol, kind, types, demand, subs, s, plays, cuts)
    from solver.model.doubt.resolve_check import check_pbe  # the check reads the solved game

    return replace(game, check=check_pbe(game))


def _forward(sector: Sector, protocol: Protocol, kind: str,
             types: tuple[SenderType, SenderType], demand: float,
             subs: tuple[Subgame, Subgame], s: SectorParams,
             plays: tuple[RoundPlay, ...], cuts: tuple[tuple[float, ...], ...]
             ) -> TypedSectorGame:
    assert protocol.rounds is not None
    prior = types[0].prior
    v0 = _mixed_value(_plays_at(s, protocol, plays, cuts, 0, prior))
    pay_h, pay_l = v0[1], v0[2]
    sender_pay = prior * pay_h + (1 - prior) * pay_l
    rounds = protocol.rounds
    states: dict[float, list[float]] = {prior: [prior, 1 - prior]}
    path: list[Branch] = []
    walk = _Walk(dict.fromkeys(range(rounds), 0.0), [0.0, 0.0],
                 {t.name: 0.0 for t in types}, [], {})
    posterior: float | None = None
    p = protocol.breakdown
    demanded = sender_pay > s.tol
    if not demanded:  # no demand: the status quo
        states = {}
    for t in range(rounds):
        if t == rounds - 1:
            live = sum(sum(m) for m in states.values())
            if live > 0:
                posterior = sum(m[0] for m in states.values()) / live
                if types[0].name != "resolute":
                    posterior = 1.0 - posterior
        walk.nxt = {}
        walk.todo = sorted(states.items())
        while walk.todo:
            mu, whole = walk.todo.pop(0)
            path.append(Branch(t, mu, (whole[0], whole[1])))
            for weight, play in _plays_at(s, protocol, plays, cuts, t, mu):
                _step(play, t, mu, [weight * m for m in whole], prior, types, walk, rounds, p)
        states = walk.nxt
    bluff = {t.name: 0.0 if sub.sanction or not demanded else walk.bluff[t.name]
             for t, sub in zip(types, subs, strict=True)}
    by_round: dict[int | None, float] = {k: float(v) for k, v in walk.deal.items()}
    by_round[None] = max(0.0, 1.0 - sum(walk.deal.values()))
    brk = walk.breakdown
    sanction = sum(b for b, sub in zip(brk, subs, strict=True) if sub.sanction)
    target_pay = v0[0] if demanded else 0.0
    if not demanded:
        pay_h = pay_l = sender_pay = 0.0
    return TypedSectorGame(
        sector, protocol, kind, types, demand if demanded else None, subs, s, plays, cuts,
        tuple(path), MappingProxyType(by_round), float(sum(brk)), float(sanction),
        MappingProxyType(bluff), posterior, (float(sender_pay), target_pay),
        MappingProxyType({types[0].name: pay_h, types[1].name: pay_l}))


def _step(play: RoundPlay, t: int, mu: float, mass: list[float], prior: float,
          types: tuple[SenderType, SenderType], walk: _Walk, rounds: int, p: float) -> None:
    """One state's round: deals, breakdowns and the states it sends on."""
    post = float(play.post[0])
    if play.proposer == "sender":
        mimic = float(play.mimic[0])
        if t == 0 and mu == prior:
            walk.bluff[types[1].name] += mimic * mass[1] / max(1 - prior, 1e-300)
        if mu > 0 and mimic < 1 and mass[1] > 0:
            walk.todo.append((0.0, [0.0, mass[1] * (1 - mimic)]))
            walk.todo.sort()
            mass = [mass[0], mass[1] * mimic]
        sigma = float(play.accept[0])
        x = float(play.offer[0]) if int(play.action[0]) else np.nan
        if mu <= 0 and not np.isnan(play.reveal_offer):
            x, sigma = play.reveal_offer, 1.0
        acc = [m * sigma for m in mass] if not np.isnan(x) else [0.0, 0.0]
        if mu <= 0:
            post = 0.0
    else:
        a_h, a_l = float(play.accept[0]), float(play.mimic[0])
        if t == 0 and mu == prior:
            walk.bluff[types[1].name] += (1.0 - a_l) * mass[1] / max(1 - prior, 1e-300)
        x = float(play.offer[0])
        acc = [mass[0] * a_h, mass[1] * a_l]
    if not np.isnan(x) and x >= DEAL_OPENING:
        walk.deal[t] += sum(acc)
    rej = [m - a for m, a in zip(mass, acc, strict=True)]
    stop = 1.0 if t == rounds - 1 else p
    for i in (0, 1):
        walk.breakdown[i] += rej[i] * stop
    go = [m * (1 - stop) for m in rej]
    if sum(go) > 0:
        cur = walk.nxt.setdefault(round(post, 15), [0.0, 0.0])
        cur[0] += go[0]
        cur[1] += go[1]


@dataclass
class _Walk:
    """The forward walk's accumulators."""

    deal: dict[int, float]
    breakdown: list[float]
    bluff: dict[str, float]
    todo: list[tuple[float, list[float]]]
    nxt: dict[float, list[float]]


def _plays_at(s: SectorParams, protocol: Protocol, plays: tuple[RoundPlay, ...],
              cuts: tuple[tuple[float, ...], ...], t: int, mu: float
              ) -> list[tuple[float, RoundPlay]]:
    """The round-``t`` equilibrium at the exact belief ``mu``: one play, or, within EPS of a
    threshold, the mixture of the plays on either side that the interpolated values stand
    for (weights by position)."""
    grid = plays[t].mu
    nxt = plays[t + 1] if t + 1 < len(plays) else None
    cont = Continuation.of(s, nxt.mu if nxt is not None else grid,
                           nxt.value if nxt is not None else None)
    solve = sender_round if protocol.proposer(t) == "sender" else target_round
    if any(abs(mu - m) < EPS for m in cuts[t]):
        # The grid's neighbours of mu straddle the switch; mixing their plays by position is
        # what the linearly interpolated values (used by the round before) stand for.
        i = int(np.searchsorted(grid, mu, side="right"))
        lo, hi = float(grid[i - 1]), float(grid[min(i, len(grid) - 1)])
        if lo < mu < hi:
            left = (hi - mu) / (hi - lo)
            return [(left, solve(s, cont, np.array([lo]))),
                    (1 - left, solve(s, cont, np.array([hi])))]
    return [(1.0, solve(s, cont, np.array([mu])))]


def plays_at(game: TypedSectorGame, t: int, mu: float) -> list[tuple[float, RoundPlay]]:
    """The round-``t`` equilibrium at the exact belief ``mu``: ``[(weight, play), ...]``.

    Parameters
    ----------
    game : TypedSectorGame
        A solved game.
    t : int
        The round.
    mu : float
        The target's belief that the sender is the more threatening type.

    Returns
    -------
    list of (float, RoundPlay)
        One play of weight 1; or, within ``EPS`` of a threshold where the play switches,
        the mixture of the plays on either side (weights by position on the grid).

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> g = solve_sector_types(load_scenario().sector("telecom"), Protocol(rounds=2),
    ...                        "audience")
    >>> [w for w, _ in plays_at(g, 0, 0.2)]
    [1.0]
    """
    return _plays_at(game.params, game.protocol, game.plays, game.thresholds, t, mu)


def _mixed_value(mix: list[tuple[float, RoundPlay]]) -> tuple[float, float, float]:
    return tuple(sum(w * float(pl.value[i][0]) for w, pl in mix)  # type: ignore[return-value]
                 for i in range(3))


def sector_types_frame(games: Mapping[str, TypedSectorGame]) -> pd.DataFrame:
    """One row per sector."""
    import pandas as pd

    return pd.DataFrame([g.row() for g in games.values()])
