"""One round of the negotiation game with the sender's resolve in doubt, solved at a vector of
beliefs (``docs/model.md``, "Resolve in doubt").

Two sender types: ``H`` (index 0, the more resolute: the higher threat payoff for the
sender) and ``L`` (index 1). The state is the round and the target's belief ``mu`` that the
sender is ``H``. The next round's equilibrium values, as functions of the belief on a grid,
give the continuation after a rejection in this round (:class:`Continuation`); this module
computes the round's equilibrium at any beliefs. The same functions serve the backward
recursion (beliefs = the grid) and the forward path (beliefs = the states on the path), so
the rule is written once.

**The sender proposes.** ``H`` makes the offer it would make if its type were known
(``x_H``: the largest opening the target accepts at belief 1), or makes no acceptable offer
and waits, whichever pays it more. ``L`` either mimics ``H`` (a bluff) or reveals itself by
playing as under complete information (its *reveal value* ``R_L``, the belief-0 value).
When the target, at the belief that mimicry leaves, would reject ``x_H``, ``L`` bluffs just
enough that the target is indifferent, and the target accepts with the probability that
leaves ``L`` indifferent: the mixed equilibrium of the one-shot resolve game, round by
round. Other offers are off the path; the target then keeps its belief (passive beliefs),
and any offer other than ``x_H`` or ``L``'s own is rejected or worth no more to the sender.

**The target proposes (screening).** Either an offer that every type accepts (the
smallest that meets every type's continuation), or a screening offer that ``H`` rejects and
``L`` accepts with a probability chosen so that the posterior after a rejection is ``mu'``
(``L`` indifferent: the offer is worth its continuation at ``mu'``), or no acceptable offer.
The target picks ``mu'`` on the belief grid and the best of the three; ties go to agreement.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Continuation", "RoundPlay", "SectorParams", "sender_round", "target_round"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SectorParams:
    """One sector's numbers: frontier ``(v x, -c x**k)``, the two types' threat points
    ``(sender, target)``, discounts, the breakdown risk and the tie tolerance.

    Parameters
    ----------
    v : float
        The sender's value of a full opening, ``q G`` (its payoff from opening x is ``v x``).
    c : float
        The target's cost scale (its payoff from opening x is ``-c x**k``).
    k : float
        The cost curvature.
    theta_h : tuple of float
        The threat point ``(sender, target)`` when the sender is ``H``.
    theta_l : tuple of float
        The threat point ``(sender, target)`` when the sender is ``L``.
    d_sender : float
        The sender's discount factor per round.
    d_target : float
        The target's discount factor per round.
    breakdown : float
        The probability that the talks break down after a rejection (before the last round).
    tol : float
        The tolerance of ties (in payoff units).

    Examples
    --------
    >>> import numpy as np
    >>> s = SectorParams(v=1.0, c=2.0, k=1.0, theta_h=(-0.2, -0.5), theta_l=(-0.3, -0.1),
    ...                  d_sender=0.9, d_target=0.9, breakdown=0.05, tol=1e-9)
    >>> s.largest_acceptable(-0.5)  # the target's continuation -0.5: up to 0.5 / c
    0.25
    >>> s.largest_acceptable(0.1) is None  # a continuation above 0: no opening is accepted
    True
    """

    v: float
    c: float
    k: float
    theta_h: tuple[float, float]
    theta_l: tuple[float, float]
    d_sender: float
    d_target: float
    breakdown: float
    tol: float

    def largest_acceptable(self, cont_target: float) -> float | None:
        """The largest opening the target accepts rather than take ``cont_target``."""
        if cont_target > self.tol:
            return None
        if self.c <= 0:
            return 1.0
        return float(min(1.0, (max(-cont_target, 0.0) / self.c) ** (1.0 / self.k)))


@dataclass(frozen=True)
class Continuation:
    """Each side's value after a rejection in this round, on the belief grid.

    Parameters
    ----------
    grid : numpy.ndarray
        The belief grid, increasing from 0 to 1.
    target : numpy.ndarray
        The target's value after a rejection, at each grid belief.
    high : numpy.ndarray
        ``H``'s value after a rejection, at each grid belief.
    low : numpy.ndarray
        ``L``'s value after a rejection, at each grid belief.

    Examples
    --------
    In the last round a rejection leads to the subgame: the target expects the types' threat
    payoffs, weighted by its belief.

    >>> import numpy as np
    >>> s = SectorParams(v=1.0, c=2.0, k=1.0, theta_h=(-0.2, -0.5), theta_l=(-0.3, -0.1),
    ...                  d_sender=0.9, d_target=0.9, breakdown=0.05, tol=1e-9)
    >>> grid = np.linspace(0.0, 1.0, 5)
    >>> cont = Continuation.of(s, grid, None)
    >>> cont.target.tolist()
    [-0.1, -0.2, -0.3, -0.4, -0.5]
    >>> [float(v[0]) for v in cont.at(np.array([0.5]))]
    [-0.3, -0.2, -0.3]
    """

    grid: FloatArray
    target: FloatArray
    high: FloatArray
    low: FloatArray

    @staticmethod
    def of(s: SectorParams, grid: FloatArray,
           nxt: tuple[FloatArray, FloatArray, FloatArray] | None) -> Continuation:
        """``nxt`` is the next round's values (target, H, L) on the grid, or ``None`` in the
        last round (then a rejection leads to the sanction subgame for certain)."""
        brk_t = grid * s.theta_h[1] + (1 - grid) * s.theta_l[1]
        brk_h = np.full_like(grid, s.theta_h[0])
        brk_l = np.full_like(grid, s.theta_l[0])
        if nxt is None:
            return Continuation(grid, brk_t, brk_h, brk_l)
        p = s.breakdown
        t, h, lo = nxt
        return Continuation(grid, p * brk_t + (1 - p) * s.d_target * t,
                            p * brk_h + (1 - p) * s.d_sender * h,
                            p * brk_l + (1 - p) * s.d_sender * lo)

    def at(self, mu: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        g = self.grid
        return (np.interp(mu, g, self.target), np.interp(mu, g, self.high),
                np.interp(mu, g, self.low))


@dataclass(frozen=True)
class RoundPlay:
    """The round's equilibrium at each belief ``mu``.

    Sender rounds: ``action`` 1 if ``H`` offers ``offer`` = its own complete-information
    opening, 2 if it offers ``L``'s (pooling), 0 if it waits; ``post`` the belief
    after the pooled action; ``accept`` the target's probability of accepting it; ``mimic``
    ``L``'s probability of mimicking (1 - its probability of revealing); ``reveal_offer``
    ``L``'s complete-information offer (NaN if it waits instead).

    Target rounds: ``action`` 0 (an offer all accept), 1 (a screening offer), 2 (no
    acceptable offer); ``offer`` the opening; ``post`` the belief after a rejection;
    ``accept`` and ``mimic`` hold ``H``'s and ``L``'s probabilities of accepting.

    ``value`` is ``(target, H, L)``, each at ``mu``.

    Parameters
    ----------
    proposer : {'sender', 'target'}
        Who proposes in the round.
    mu : numpy.ndarray
        The beliefs at which the round is solved.
    action : numpy.ndarray of int
        The proposer's action at each belief (codes above).
    offer : numpy.ndarray
        The opening offered (NaN when no acceptable offer is made).
    post : numpy.ndarray
        The belief after the pooled action (sender rounds) or after a rejection (target rounds).
    accept : numpy.ndarray
        The target's probability of accepting (sender rounds) or ``H``'s (target rounds).
    mimic : numpy.ndarray
        ``L``'s probability of mimicking ``H`` (sender rounds) or of accepting (target rounds).
    reveal_offer : float
        ``L``'s complete-information offer in a sender round (NaN if it waits, and in target
        rounds).
    value : tuple of numpy.ndarray
        The values ``(target, H, L)`` at each belief.

    Examples
    --------
    >>> import numpy as np
    >>> s = SectorParams(v=1.0, c=2.0, k=1.0, theta_h=(-0.2, -0.5), theta_l=(-0.3, -0.1),
    ...                  d_sender=0.9, d_target=0.9, breakdown=0.05, tol=1e-9)
    >>> grid = np.linspace(0.0, 1.0, 5)
    >>> cont = Continuation.of(s, grid, None)
    >>> play = sender_round(s, cont, np.array([0.0, 1.0]))
    >>> play.proposer, play.action.tolist(), play.offer.tolist()
    ('sender', [2, 1], [0.05, 0.25])
    """

    proposer: str
    mu: FloatArray
    action: NDArray[np.int64]
    offer: FloatArray
    post: FloatArray
    accept: FloatArray
    mimic: FloatArray
    reveal_offer: float
    value: tuple[FloatArray, FloatArray, FloatArray]


def _bayes_mimic(mu: FloatArray, post: FloatArray) -> FloatArray:
    """``L``'s probability of taking the pooled action that moves the belief from ``mu`` to
    ``post`` (1 when it stays)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        b = mu * (1 - post) / ((1 - mu) * post)
    return np.where(post <= mu, 1.0, np.where(np.isfinite(b), np.clip(b, 0.0, 1.0), 0.0))


def _first_crossings(grid: FloatArray, f: FloatArray, level: float) -> FloatArray:
    """Where ``f`` (piecewise linear on ``grid``) crosses up through ``level``."""
    a, b = f[:-1] - level, f[1:] - level
    up = (a < 0) & (b >= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(up, -a / (b - a), 0.0)
    return (grid[:-1] + w * (grid[1:] - grid[:-1]))[up]


def _mixing_posterior(s: SectorParams, cont: Continuation, mu: FloatArray,
                      gain: FloatArray | None, reveal: float,
                      accepted: float | None) -> tuple[FloatArray, FloatArray]:
    """The belief ``mu'`` after ``H``'s action, and the target's probability of accepting it,
    when ``L`` chooses between mimicking the action and revealing itself (value ``reveal``).

    ``gain`` is the target's gain from accepting the offer at each grid belief and
    ``accepted`` is what ``L`` gets if it is accepted (both ``None`` for waiting). Scanning
    up from ``mu``, the first belief at which ``L``'s continuation reaches its reveal value
    (the target rejects there) or at which the target becomes willing to accept (it then
    accepts with the probability that leaves ``L`` indifferent) is the posterior.
    """
    g, tol = cont.grid, s.tol
    _, _, l_mu = cont.at(mu)
    ev_l = _first_crossings(g, cont.low, reveal)
    ev_g = _first_crossings(g, gain, 0.0) if gain is not None else np.empty(0)
    pos = np.concatenate([ev_l, ev_g, [np.inf]])
    kind = np.concatenate([np.zeros(len(ev_l), int), np.ones(len(ev_g), int), [2]])
    order = np.argsort(pos, kind="stable")
    pos, kind = pos[order], kind[order]
    idx = np.searchsorted(pos, mu, side="right")
    post = np.minimum(pos[idx], 1.0)
    k_at = kind[idx]
    _, _, l_post = cont.at(post)
    if gain is None or accepted is None:
        post = np.where(l_mu >= reveal - tol, mu, post)
        return np.where(mu <= 0, 0.0, post), np.zeros_like(mu)
    with np.errstate(divide="ignore", invalid="ignore"):
        indiff = np.clip((reveal - l_post) / (accepted - l_post), 0.0, 1.0)
    indiff = np.where(accepted > l_post, indiff, 1.0)
    sigma = np.where(k_at == 0, 0.0, indiff)
    gain_mu = np.interp(mu, g, gain)
    gain_one = float(gain[-1])
    # L would reveal even if the offer were accepted: only H makes it.
    never = accepted < reveal - tol
    post = np.where(never, 1.0, post)
    sigma = np.where(never, float(gain_one >= -tol), sigma)
    # L mimics even when rejected: the offer pools and is rejected.
    stay = l_mu >= reveal - tol
    post = np.where(stay, mu, post)
    sigma = np.where(stay, 0.0, sigma)
    # The target accepts at mu already: pool (or L reveals, if it gains nothing by mimicking).
    acc = gain_mu >= -tol
    post = np.where(acc, np.where(never, 1.0, mu), post)
    sigma = np.where(acc, 1.0, sigma)
    # No H: the action is off the path and the belief is kept.
    post = np.where(mu <= 0, 0.0, post)
    sigma = np.where(mu <= 0, (gain_mu >= -tol).astype(float), sigma)
    return post, sigma


def sender_round(s: SectorParams, cont: Continuation, mu: FloatArray) -> RoundPlay:
    """The round's equilibrium at beliefs ``mu`` when the sender proposes.

    Parameters
    ----------
    s : SectorParams
        The sector's numbers.
    cont : Continuation
        The values after a rejection in this round, on the belief grid.
    mu : numpy.ndarray
        The target's beliefs that the sender is ``H``, each in [0, 1].

    Returns
    -------
    RoundPlay
        The round's equilibrium at each belief in ``mu`` (``proposer`` is ``'sender'``).

    Examples
    --------
    With the target sure of ``L`` (belief 0), the sender offers ``L``'s opening (action 2);
    sure of ``H`` (belief 1), ``H``'s own, the larger ``0.5 / c``, which the target accepts.

    >>> import numpy as np
    >>> s = SectorParams(v=1.0, c=2.0, k=1.0, theta_h=(-0.2, -0.5), theta_l=(-0.3, -0.1),
    ...                  d_sender=0.9, d_target=0.9, breakdown=0.05, tol=1e-9)
    >>> grid = np.linspace(0.0, 1.0, 5)
    >>> cont = Continuation.of(s, grid, None)
    >>> play = sender_round(s, cont, np.array([0.0, 1.0]))
    >>> play.action.tolist(), play.offer.tolist(), play.accept.tolist()
    ([2, 1], [0.05, 0.25], [1.0, 1.0])
    >>> [v.round(3).tolist() for v in play.value]
    [[-0.1, -0.5], [0.05, 0.25], [0.05, 0.25]]
    """
    c1, c0 = float(cont.target[-1]), float(cont.target[0])
    x_h, x_l = s.largest_acceptable(c1), s.largest_acceptable(c0)
    # L's complete-information play, the belief-0 values, is its reveal value.
    l_offers = x_l is not None and s.v * x_l >= float(cont.low[0]) - s.tol
    reveal_l = s.v * x_l if l_offers and x_l is not None else float(cont.low[0])
    reveal_t = -s.c * x_l ** s.k if l_offers and x_l is not None else c0
    t_mu = cont.at(mu)[0]
    ones = np.ones_like(mu)
    # H waits (an offer the target rejects). If L would wait too, waiting pools.
    post = mu.copy() if not l_offers else _mixing_posterior(s, cont, mu, None, reveal_l,
                                                             None)[0]
    t_p, h_p, l_p = cont.at(post)
    action, offer, sigma = np.zeros(len(mu), np.int64), np.full_like(mu, np.nan), 0 * mu
    val_t, val_h, val_l = t_p, h_p, l_p
    if x_h is not None:
        cost, pay = s.c * x_h ** s.k, s.v * x_h
        if l_offers and x_l is not None and abs(x_l - x_h) <= 1e-12:
            post_o, sig_o = mu.copy(), (-cost - t_mu >= -s.tol).astype(float)
        else:
            post_o, sig_o = _mixing_posterior(s, cont, mu, -cost - cont.target, reveal_l, pay)
        t_o, h_o, l_o = cont.at(post_o)
        h_offer = sig_o * pay + (1 - sig_o) * h_o
        use = h_offer >= val_h - s.tol
        action = np.where(use, 1, action)
        offer = np.where(use, x_h * ones, offer)
        post = np.where(use, post_o, post)
        sigma = np.where(use, sig_o, sigma)
        val_t = np.where(use, sig_o * -cost + (1 - sig_o) * t_o, val_t)
        val_h = np.where(use, h_offer, val_h)
        val_l = np.where(use, sig_o * pay + (1 - sig_o) * l_o, val_l)
    if l_offers and x_l is not None and x_l != x_h:
        # H may also offer L's complete-information opening, which pools (and is accepted:
        # more weight on H only makes the target readier to accept).
        pay, cost = s.v * x_l, s.c * x_l ** s.k
        sig = (-cost - t_mu >= -s.tol).astype(float)
        t_m, h_m, l_m = cont.at(mu)
        h_pool = sig * pay + (1 - sig) * h_m
        use = h_pool > val_h + s.tol
        action = np.where(use, 2, action)
        offer = np.where(use, x_l, offer)
        post = np.where(use, mu, post)
        sigma = np.where(use, sig, sigma)
        val_t = np.where(use, sig * -cost + (1 - sig) * t_m, val_t)
        val_h = np.where(use, h_pool, val_h)
        val_l = np.where(use, sig * pay + (1 - sig) * l_m, val_l)
    share = np.divide(mu, post, out=np.zeros_like(mu), where=post > 0)
    value_t = (1 - share) * reveal_t + share * val_t
    value_l = np.maximum(reveal_l, val_l)
    mimic = np.where(mu <= 0, 0.0, _bayes_mimic(mu, post))
    # At belief 1, L has probability 0 and replies as it prefers.
    mimic = np.where(mu >= 1, (val_l >= reveal_l - s.tol).astype(float), mimic)
    return RoundPlay("sender", mu, action, offer, post, sigma, mimic,
                     float(x_l) if l_offers and x_l is not None else np.nan,
                     (value_t, val_h, value_l))


def target_round(s: SectorParams, cont: Continuation, mu: FloatArray) -> RoundPlay:
    """The round's equilibrium at beliefs ``mu`` when the target proposes (screening).

    Parameters
    ----------
    s : SectorParams
        The sector's numbers.
    cont : Continuation
        The values after a rejection in this round, on the belief grid.
    mu : numpy.ndarray
        The target's beliefs that the sender is ``H``, each in [0, 1].

    Returns
    -------
    RoundPlay
        The round's equilibrium at each belief in ``mu`` (``proposer`` is ``'target'``).

    Examples
    --------
    Both types' threat payoffs are negative, so the target offers nothing and every type
    accepts (action 0, the offer all accept).

    >>> import numpy as np
    >>> s = SectorParams(v=1.0, c=2.0, k=1.0, theta_h=(-0.2, -0.5), theta_l=(-0.3, -0.1),
    ...                  d_sender=0.9, d_target=0.9, breakdown=0.05, tol=1e-9)
    >>> grid = np.linspace(0.0, 1.0, 5)
    >>> cont = Continuation.of(s, grid, None)
    >>> play = target_round(s, cont, np.array([0.0, 0.5, 1.0]))
    >>> play.proposer, play.action.tolist(), play.offer.tolist()
    ('target', [0, 0, 0], [0.0, 0.0, 0.0])
    >>> play.accept.tolist(), play.mimic.tolist()
    ([1.0, 1.0, 1.0], [1.0, 1.0, 1.0])
    """
    g, tol = cont.grid, s.tol
    t_mu, h_mu, l_mu = cont.at(mu)
    n = np.arange(len(mu))
    # A: every type with positive probability accepts; a rejection would be off the path,
    # and the belief after it is kept.
    need = np.where(mu >= 1, h_mu, np.where(mu <= 0, l_mu, np.maximum(h_mu, l_mu)))
    y_a = np.maximum(need, 0.0) / s.v
    val_a = np.where(y_a <= 1 + tol / s.v, -s.c * np.minimum(y_a, 1.0) ** s.k, -np.inf)
    y_a = np.minimum(y_a, 1.0)
    # B: screen to the belief mu' after a rejection. One type rejects for sure; the other
    # accepts with the probability that makes mu' the posterior, and is indifferent: the
    # offer is worth its continuation at mu' (or it accepts for sure, at mu' = 0 or 1).
    best_b = np.full(len(mu), -np.inf)
    post_b, y_bb, side_b = mu.copy(), np.zeros_like(mu), np.zeros(len(mu), np.int64)
    for side, acc, rej in ((1, cont.low, cont.high), (-1, cont.high, cont.low)):
        end = g >= 1 if side == 1 else g <= 0
        y = np.maximum(acc, 0.0) / s.v
        ok = (y <= 1 + tol / s.v) & (s.v * y <= rej + tol) & ((acc >= -tol) | end)
        y = np.minimum(y, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            if side == 1:  # L accepts, H rejects: the belief rises
                share = mu[:, None] / g[None, :]
                valid = (g[None, :] > mu[:, None]) & (mu[:, None] > 0)
            else:  # H accepts, L rejects: the belief falls
                share = (1 - mu[:, None]) / (1 - g[None, :])
                valid = (g[None, :] < mu[:, None]) & (mu[:, None] < 1)
            f = (1 - share) * (-s.c * y ** s.k)[None, :] + share * cont.target[None, :]
        f = np.where(valid & ok[None, :], f, -np.inf)
        j = np.argmax(f, axis=1)
        better = f[n, j] > best_b
        best_b = np.where(better, f[n, j], best_b)
        post_b = np.where(better, g[j], post_b)
        y_bb = np.where(better, y[j], y_bb)
        side_b = np.where(better, side, side_b)
    choose_a = np.isfinite(val_a) & (val_a >= np.maximum(best_b, t_mu) - tol)
    choose_b = ~choose_a & np.isfinite(best_b) & (best_b >= t_mu - tol)
    action = np.where(choose_a, 0, np.where(choose_b, 1, 2)).astype(np.int64)
    post = np.where(choose_b, post_b, mu)
    offer = np.where(choose_a, y_a, np.where(choose_b, y_bb, np.nan))
    t_p, h_p, l_p = cont.at(post)
    # Each type's probability of accepting, from Bayes' rule on the posterior.
    rise, fall = choose_b & (side_b == 1), choose_b & (side_b == -1)
    # Under the offer all accept, a type of probability 0 (at belief 0 or 1) replies as it
    # prefers.
    all_h = (s.v * y_a >= h_mu - tol).astype(float)
    all_l = (s.v * y_a >= l_mu - tol).astype(float)
    acc_l = np.where(choose_a, all_l, np.where(rise, 1 - _bayes_mimic(mu, post), 0.0))
    acc_h = np.where(choose_a, all_h, np.where(fall, 1 - _bayes_mimic(1 - mu, 1 - post), 0.0))
    value_t = np.where(choose_a, val_a, np.where(choose_b, best_b, t_mu))
    value_h = np.where(choose_a, np.maximum(s.v * y_a, h_mu),
                       np.where(rise, h_p, np.where(fall, s.v * y_bb, h_mu)))
    value_l = np.where(choose_a, np.maximum(s.v * y_a, l_mu),
                       np.where(rise, s.v * y_bb, np.where(fall, l_p, l_mu)))
    return RoundPlay("target", mu, action, offer, post, acc_h, acc_l, np.nan,
                     (value_t, value_h, value_l))
