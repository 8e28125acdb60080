"""An independent check that a solved game with the sender's type in doubt is a perfect
Bayesian equilibrium on its path.

The solver computes each round's equilibrium from the next round's values on a belief grid
(:mod:`solver.model.doubt.resolve_rounds`). This check does not use those values. It takes the
strategies the solver plays at each state (the round's play at that exact belief) and
evaluates them forward: each player's expected payoff from a state is computed by following
the strategies through every branch to the end of the game (:func:`evaluate`). With those
payoffs it tests, at every state on the path:

* **Bayes' rule:** the belief equals the probability mass of the threatening type over the
  mass of both types that reach the state;
* **sequential rationality:** every action a player takes with positive probability is a
  best reply among its alternatives (the target: accept or reject; each type of sender:
  mimic, reveal, wait, or take the other type's offer; the target as proposer: the offer
  all accept, no offer, and screening offers to each posterior of a coarse grid), and every
  mixed action leaves its player indifferent.

The residuals are relative to the sector's payoff scale; the largest is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from solver._core.tabular import one_line
from solver.model.doubt.resolve_game import TypedSectorGame, plays_at
from solver.model.doubt.resolve_rounds import RoundPlay, SectorParams

__all__ = ["CHECK_TOL", "PBECheck", "check_pbe", "evaluate"]

#: ``value(t, mu)``: (target, H, L) expected payoffs from round ``t`` at belief ``mu``.
Value = Callable[[int, float], tuple[float, float, float]]
Triple = tuple[float, float, float]

#: Largest residual (relative to the payoff scale) at which the check passes.
CHECK_TOL = 1e-6
#: Posteriors at which the target's alternative screening offers are tried.
SCREEN_GRID = 41


@dataclass(frozen=True)
class PBECheck:
    """The check's result: the largest residual of each kind, relative to the payoff scale,
    and where the largest of all occurred.

    Attributes
    ----------
    bayes : float
        Largest violation of Bayes' rule at a state on the path.
    sequential : float
        Largest violation of sequential rationality: the gain from a better alternative to
        an action played with positive probability, or the payoff gap of a mixed action.
    worst : str
        Where the largest residual occurred.
    residual : float
        The larger of the two.
    passed : bool
        Whether ``residual`` is within ``CHECK_TOL``.

    Examples
    --------
    >>> c = PBECheck(bayes=0.0, sequential=2e-7, worst="round 0, belief 0.2: L's bluff")
    >>> c.residual, c.passed
    (2e-07, True)
    """

    bayes: float
    sequential: float
    worst: str

    def __repr__(self) -> str:
        return one_line("PBECheck", passed=self.passed, bayes=self.bayes,
                        sequential=self.sequential, worst=self.worst)

    @property
    def residual(self) -> float:
        return max(self.bayes, self.sequential)

    @property
    def passed(self) -> bool:
        return self.residual <= CHECK_TOL


def evaluate(game: TypedSectorGame) -> Value:
    """``value(t, mu)``: (target, H, L) expected payoffs from the start of round ``t`` at
    belief ``mu``, following the solved strategies forward (memoised).

    Parameters
    ----------
    game : TypedSectorGame
        A solved game.

    Returns
    -------
    callable
        ``value(t, mu) -> (target, H, L)``, independent of the solver's backward values.

    Examples
    --------
    >>> from solver import Protocol, load_scenario, solve_sector_types
    >>> g = solve_sector_types(load_scenario().sector("telecom"), Protocol(rounds=2),
    ...                        "audience")
    >>> [round(x, 6) for x in evaluate(g)(0, 0.2)]
    [-0.205792, 0.545262, 0.545262]
    """
    s = game.params
    rounds = len(game.plays)
    p = game.protocol.breakdown
    brk_t = (s.theta_h[1], s.theta_l[1])

    @cache
    def value(t: int, mu: float) -> tuple[float, float, float]:
        if t >= rounds:
            raise AssertionError(t)
        parts = [(w, _round_value(s, play, t, mu, rounds, p, brk_t, value))
                 for w, play in plays_at(game, t, mu)]
        return tuple(sum(w * v[i] for w, v in parts) for i in range(3))  # type: ignore[return-value]

    return value


def _after_rejection(t: int, mu: float, rounds: int, p: float, s: SectorParams,
                     brk_t: tuple[float, float], value: Value) -> Triple:
    brk = (mu * brk_t[0] + (1 - mu) * brk_t[1], s.theta_h[0], s.theta_l[0])
    if t == rounds - 1:
        return brk
    nt, nh, nl = value(t + 1, mu)
    return (p * brk[0] + (1 - p) * s.d_target * nt, p * brk[1] + (1 - p) * s.d_sender * nh,
            p * brk[2] + (1 - p) * s.d_sender * nl)


def _round_value(s: SectorParams, play: RoundPlay, t: int, mu: float, rounds: int, p: float,
                 brk_t: tuple[float, float], value: Value) -> Triple:
    post = float(play.post[0])
    rej = _after_rejection(t, post, rounds, p, s, brk_t, value)
    if play.proposer == "sender":
        x = float(play.offer[0])
        sigma = float(play.accept[0]) if int(play.action[0]) else 0.0
        acc = (-s.c * x ** s.k, s.v * x, s.v * x) if int(play.action[0]) else (0.0, 0.0, 0.0)
        pooled = tuple(sigma * a + (1 - sigma) * r for a, r in zip(acc, rej, strict=True))
        reveal = _reveal_value(s, play, t, rounds, p, brk_t, value)
        if mu <= 0:  # only L: it plays as under complete information; H's value is off path
            return (reveal[0], pooled[1], reveal[2])
        share = mu / post if post > 0 else 0.0
        mimic = float(play.mimic[0])
        return (share * pooled[0] + (1 - share) * reveal[0], pooled[1],
                mimic * pooled[2] + (1 - mimic) * reveal[2])
    y = float(play.offer[0])
    a_h, a_l = float(play.accept[0]), float(play.mimic[0])
    if np.isnan(y):
        return rej
    acc = (-s.c * y ** s.k, s.v * y, s.v * y)
    reach = mu * (1 - a_h) + (1 - mu) * (1 - a_l)
    t_val = (mu * a_h + (1 - mu) * a_l) * acc[0] + reach * rej[0]
    return (t_val, a_h * acc[1] + (1 - a_h) * rej[1], a_l * acc[2] + (1 - a_l) * rej[2])


def _reveal_value(s: SectorParams, play: RoundPlay, t: int, rounds: int, p: float,
                  brk_t: tuple[float, float], value: Value) -> Triple:
    """What L's complete-information play in this round is worth (belief 0 afterwards)."""
    if not np.isnan(play.reveal_offer):
        x = float(play.reveal_offer)
        return (-s.c * x ** s.k, s.v * x, s.v * x)
    return _after_rejection(t, 0.0, rounds, p, s, brk_t, value)


def check_pbe(game: TypedSectorGame) -> PBECheck:
    """Check the game's equilibrium on its path (see the module docstring).

    Parameters
    ----------
    game : TypedSectorGame
        A solved game, as :func:`solve_sector_types` returns it.

    Returns
    -------
    PBECheck
        The largest Bayes and sequential-rationality residuals, relative to the payoff
        scale, and where the worst occurred.

    Examples
    --------
    >>> from solver import Protocol, load_scenario, solve_sector_types
    >>> g = solve_sector_types(load_scenario().sector("telecom"), Protocol(rounds=2),
    ...                        "audience")
    >>> check_pbe(g).passed
    True
    """
    s = game.params
    value = evaluate(game)
    rounds = len(game.plays)
    p = game.protocol.breakdown
    brk_t = (s.theta_h[1], s.theta_l[1])
    scale = s.tol / 1e-9
    worst = (0.0, "")
    bayes = 0.0
    for b in game.path:
        total = b.mass[0] + b.mass[1]
        if total > 1e-300 and b.belief > 0:
            bayes = max(bayes, abs(b.mass[0] / total - b.belief))
        for gap, what in _gaps(s, game, b.round, b.belief, rounds, p, brk_t, value):
            if gap / scale > worst[0]:
                worst = (gap / scale, f"round {b.round}, belief {b.belief:.6g}: {what}")
    return PBECheck(bayes, worst[0], worst[1])


def _gaps(s: SectorParams, game: TypedSectorGame, t: int, mu: float, rounds: int, p: float,
          brk_t: tuple[float, float], value: Value) -> list[tuple[float, str]]:
    """How far each action taken falls short of the best alternative (0 when optimal), and
    how far each mixed action is from indifference. At a threshold the play is a mixture;
    the player who switches there must be indifferent between its sides."""
    mix = plays_at(game, t, mu)
    out: list[tuple[float, str]] = []
    for _, play in mix:
        out += _play_gaps(s, play, t, mu, rounds, p, brk_t, value)
    if len(mix) == 2:
        (_, a), (_, b) = mix
        va = _round_value(s, a, t, mu, rounds, p, brk_t, value)
        vb = _round_value(s, b, t, mu, rounds, p, brk_t, value)
        who = 1 if a.proposer == "sender" and int(a.action[0]) != int(b.action[0]) else 0
        out.append((abs(va[who] - vb[who]), "indifference at a threshold"))
    return out


def _play_gaps(s: SectorParams, play: RoundPlay, t: int, mu: float, rounds: int, p: float,
               brk_t: tuple[float, float], value: Value) -> list[tuple[float, str]]:
    post = float(play.post[0])
    rej = _after_rejection(t, post, rounds, p, s, brk_t, value)
    out: list[tuple[float, str]] = []
    if play.proposer == "sender":
        reveal = _reveal_value(s, play, t, rounds, p, brk_t, value)
        act = int(play.action[0])
        x = float(play.offer[0])
        sigma = float(play.accept[0]) if act else 0.0
        if act and mu > 0:
            gain = -s.c * x ** s.k - rej[0]
            out.append((_mixed_gap(sigma, gain), "target's reply to the offer"))
        pay = (s.v * x if act else 0.0)
        h_now = sigma * pay + (1 - sigma) * rej[1]
        l_now = sigma * pay + (1 - sigma) * rej[2]
        if mu > 0 and mu < 1:
            mimic = float(play.mimic[0])
            out.append((_mixed_gap(mimic, l_now - reveal[2]), "L's bluff"))
        if mu > 0:
            # H's alternatives: wait (rejected; belief kept or raised by L's exit), or L's
            # complete-information offer (pooled, belief kept).
            alts = [_after_rejection(t, mu, rounds, p, s, brk_t, value)[1]]
            if not np.isnan(play.reveal_offer):
                xl = float(play.reveal_offer)
                here = _after_rejection(t, mu, rounds, p, s, brk_t, value)
                ok = -s.c * xl ** s.k >= here[0] - s.tol
                alts.append(s.v * xl if ok else here[1])
            out.append((max(0.0, max(alts) - h_now), "H's offer"))
        return out
    y = float(play.offer[0])
    a_h, a_l = float(play.accept[0]), float(play.mimic[0])
    if not np.isnan(y):
        if mu > 0:
            out.append((_mixed_gap(a_h, s.v * y - rej[1]), "H's reply"))
        if mu < 1:
            out.append((_mixed_gap(a_l, s.v * y - rej[2]), "L's reply"))
    chosen = value(t, mu)[0]
    for alt, what in _target_alternatives(s, t, mu, rounds, p, brk_t, value):
        out.append((max(0.0, alt - chosen), f"target's offer vs {what}"))
    return out


def _target_alternatives(s: SectorParams, t: int, mu: float, rounds: int, p: float,
                         brk_t: tuple[float, float], value: Value) -> list[tuple[float, str]]:
    here = _after_rejection(t, mu, rounds, p, s, brk_t, value)
    alts = [(here[0], "no offer")]
    need = here[1] if mu >= 1 else here[2] if mu <= 0 else max(here[1], here[2])
    y = max(need, 0.0) / s.v
    if y <= 1 + s.tol / s.v:
        alts.append((-s.c * min(y, 1.0) ** s.k, "an offer every type accepts"))
    if 0 < mu < 1:
        for post in np.linspace(0.0, 1.0, SCREEN_GRID):
            if post == mu:
                continue
            after = _after_rejection(t, float(post), rounds, p, s, brk_t, value)
            rise = post > mu
            acc_cont, rej_cont = (after[2], after[1]) if rise else (after[1], after[2])
            y = max(acc_cont, 0.0) / s.v
            end = post >= 1 if rise else post <= 0
            if y > 1 or s.v * y > rej_cont + s.tol or (acc_cont < -s.tol and not end):
                continue
            share = mu / post if rise else (1 - mu) / (1 - post)
            alts.append(((1 - share) * -s.c * y ** s.k + share * after[0],
                         f"screening to {post:.3g}"))
    return alts


def _mixed_gap(prob: float, gain: float) -> float:
    """Shortfall from a best reply: playing with probability ``prob`` an action that gains
    ``gain`` over the alternative."""
    if 0 < prob < 1:
        return abs(gain)
    return max(0.0, -gain) if prob >= 1 else max(0.0, gain)
