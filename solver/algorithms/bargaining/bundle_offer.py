"""The proposer's best acceptable offer on a bundle of openings (the Minkowski-sum frontier).

A bundle is a set of sectors bargained as one: an offer is a vector of openings
``x_s in [lo_s, hi_s]``; the sender values it at ``sum_s v_s x_s`` and the target at
``-sum_s c_s x_s**k_s`` (``k_s >= 1``). The bundle's utility frontier is the Minkowski sum of
the sector frontiers, and every point of it is traced by one common slope ``lam >= 0``: each
sector maximises ``v_s x - lam c_s x**k_s`` on its box (the support-function property of a
Minkowski sum). So the proposer's problem

* sender proposes, target must get at least ``need``: maximise ``sum v x`` subject to
  ``sum c x**k <= -need``;
* target proposes, sender must get at least ``need``: minimise ``sum c x**k`` subject to
  ``sum v x >= need``;

is a one-dimensional search for the slope, done by bisection in ``log lam`` for a whole batch
at once (arrays of shape ``(n, S)``); sectors with a linear cost (``k = 1``) that sit exactly
at the threshold slope share the remaining budget in order of their ratio ``v / c`` (the
fractional-knapsack rule). A one-sector bundle is solved in closed form. The answer is
certified by :func:`offer_residual` (the common-slope conditions and the responder's
constraint), independently of the search.
"""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import InputError

__all__ = ["BISECTION_STEPS", "LINEAR_TOL", "best_offer", "offer_residual"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: Curvatures within this of 1 are treated as linear costs.
LINEAR_TOL = 1e-12
#: The work budget of the slope search (the bisection the sweep runs for every bundle
#: offer): a fixed number of halvings of the bracket in log(lambda), which starts at the
#: log of the sectors' value/cost ratios +- 60, so it always ends; 64 halvings leave the
#: bracket below 1e-16 of its start. What it finds is certified by offer_residual.
BISECTION_STEPS = 64
_ITER = BISECTION_STEPS


def _point(v: FloatArray, c: FloatArray, k: FloatArray, lo: FloatArray, hi: FloatArray,
           lam: FloatArray, linear: BoolArray, tie_high: bool) -> FloatArray:
    """Each sector's best opening at slope ``lam`` (shape (n, 1)) on its box."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        lin = np.where(v > lam * c, hi, np.where(v < lam * c, lo, hi if tie_high else lo))
        expo = 1.0 / np.where(linear, 2.0, k - 1.0)
        base = v / (lam * c * k)
        curved = np.where(base >= 1.0, hi, np.power(np.where(base > 0, base, 0.0), expo))
    x = np.where(linear, lin, curved)
    x = np.where(c <= 0, np.where(v > 0, hi, lo), x)
    return np.clip(np.nan_to_num(x, nan=0.0, posinf=1.0), lo, hi)


def _cost(c: FloatArray, k: FloatArray, x: FloatArray) -> FloatArray:
    return (c * np.power(x, k)).sum(axis=-1)


def best_offer(
    v: FloatArray, c: FloatArray, k: FloatArray, lo: FloatArray, hi: FloatArray,
    mask: BoolArray, need: FloatArray, responder: str,
) -> tuple[BoolArray, FloatArray]:
    """The proposer's best offer that gives the responder at least ``need``.

    Parameters
    ----------
    v, c, k, lo, hi, mask : arrays of shape (n, S)
        Sender's value of a full opening, target's cost of a full opening, cost curvature,
        the box of admissible openings, and which sectors are in the bundle (others get 0
        and do not count).
    need : array of shape (n,)
        The responder's required payoff over the bundle.
    responder : "target" or "sender"

    Returns
    -------
    feasible, x
        Whether some offer meets ``need``, and the proposer's best such offer (the
        responder's best offer where none does).

    Examples
    --------
    Two linear sectors, the target needs at least -1: the sender spends the target's budget
    on the sector with the better ratio v/c first.

    >>> one = np.ones((1, 2))
    >>> ok, x = best_offer(np.array([[2.0, 3.0]]), np.array([[1.0, 2.0]]), one, 0 * one, one,
    ...                    one > 0, np.array([-1.0]), "target")
    >>> bool(ok[0]), x.round(12).tolist()
    (True, [[1.0, 0.0]])
    """
    if responder not in ("target", "sender"):
        raise InputError(f"best_offer(): responder must be 'target' or 'sender', got "
                         f"{responder!r}")
    n, _ = v.shape
    lo = np.where(mask, lo, 0.0)
    hi = np.where(mask, hi, 0.0)
    v = np.where(mask, v, 0.0)
    c = np.where(mask, c, 0.0)
    linear = np.abs(k - 1.0) <= LINEAR_TOL
    need = np.asarray(need, dtype=float).reshape(n)
    if responder == "target":
        budget = -need
        floor_cost, top = _cost(c, k, lo), _cost(c, k, hi)
        scale = np.maximum(top, 1e-300)
        feasible = floor_cost <= budget + 1e-12 * scale
        easy = top <= budget
    else:
        top_value, floor_value = (v * hi).sum(axis=-1), (v * lo).sum(axis=-1)
        scale = np.maximum(np.abs(top_value), 1e-300)
        feasible = top_value >= need - 1e-12 * scale
        easy = floor_value >= need
    # Closed forms: the whole box is acceptable, or nothing is.
    if responder == "target":
        x = np.where(easy[:, None], hi, lo)
    else:
        x = np.where(easy[:, None], lo, hi)
    todo = feasible & ~easy
    if not todo.any():
        return feasible, x
    idx = np.flatnonzero(todo)
    sv, sc, sk, slo, shi, slin = (a[idx] for a in (v, c, k, lo, hi, linear))
    sneed = need[idx]
    single = mask[idx].sum(axis=-1) == 1
    out = np.empty_like(sv)
    if single.any():
        out[single] = _single(sv[single], sc[single], sk[single], slo[single], shi[single],
                              sneed[single], responder)
    multi = ~single
    if multi.any():
        out[multi] = _search(sv[multi], sc[multi], sk[multi], slo[multi], shi[multi],
                             slin[multi], sneed[multi], responder)
    x[idx] = out
    return feasible, x


def _single(v: FloatArray, c: FloatArray, k: FloatArray, lo: FloatArray, hi: FloatArray,
            need: FloatArray, responder: str) -> FloatArray:
    """One sector in the bundle: invert its frontier."""
    col = np.argmax((v > 0) | (c > 0) | (hi > lo), axis=-1)
    rows = np.arange(len(v))
    vs, cs, ks = v[rows, col], c[rows, col], k[rows, col]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        xs = np.power(np.maximum(-need, 0.0) / cs, 1.0 / ks) if responder == "target" else need / vs
    xs = np.clip(np.nan_to_num(xs, nan=0.0, posinf=1.0), lo[rows, col], hi[rows, col])
    out = np.zeros_like(v)
    out[rows, col] = xs
    return out


def _search(v: FloatArray, c: FloatArray, k: FloatArray, lo: FloatArray, hi: FloatArray,
            linear: BoolArray, need: FloatArray, responder: str) -> FloatArray:
    """Bisection on the common slope, then the linear sectors at the threshold fill in."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratios = np.where((c > 0) & (v > 0), v / (c * np.where(linear, 1.0, k)), np.nan)
    with np.errstate(divide="ignore"):  # a ratio that underflowed to 0: log -inf, replaced below
        lo_log = np.log(np.nanmin(np.where(np.isnan(ratios), np.inf, ratios), axis=-1)) - 60.0
        hi_log = np.log(np.nanmax(np.where(np.isnan(ratios), 0.0, ratios), axis=-1)) + 60.0
    lo_log = np.where(np.isfinite(lo_log), lo_log, -60.0)
    hi_log = np.where(np.isfinite(hi_log), hi_log, 60.0)

    def ok(lam: FloatArray) -> BoolArray:
        # Target responder: the offer at this slope (threshold sectors low) is affordable.
        # Sender responder: the offer at this slope (threshold sectors high) is enough.
        if responder == "target":
            x = _point(v, c, k, lo, hi, lam, linear, tie_high=False)
            return _cost(c, k, x) <= -need
        x = _point(v, c, k, lo, hi, lam, linear, tie_high=True)
        return (v * x).sum(axis=-1) >= need

    a, b = lo_log.copy(), hi_log.copy()
    # Target responder: cost falls with lam, find the smallest affordable lam (b side ok).
    # Sender responder: value falls with lam, find the largest sufficient lam (a side ok).
    for _ in range(_ITER):
        mid = 0.5 * (a + b)
        with np.errstate(over="ignore"):  # a slope beyond 1e308 saturates at inf
            lam_mid = np.exp(mid)[:, None]
        good = ok(lam_mid)
        if responder == "target":
            b = np.where(good, mid, b)
            a = np.where(good, a, mid)
        else:
            a = np.where(good, mid, a)
            b = np.where(good, b, mid)
    with np.errstate(over="ignore"):
        lam_ok = np.exp(b if responder == "target" else a)[:, None]
        lam_bad = np.exp(a if responder == "target" else b)[:, None]
    if responder == "target":
        x = _point(v, c, k, lo, hi, lam_ok, linear, tie_high=False)
        upper = _point(v, c, k, lo, hi, lam_bad, linear, tie_high=True)
    else:
        x = _point(v, c, k, lo, hi, lam_ok, linear, tie_high=True)
        upper = _point(v, c, k, lo, hi, lam_bad, linear, tie_high=False)
    # Linear sectors whose state differs between the two brackets sit at the threshold:
    # move them toward the responder's constraint, best ratio first.
    gap = linear & (upper != x)
    if gap.any():
        x = _fill(v, c, k, x, upper, gap, need, responder)
    return x


def _fill(v: FloatArray, c: FloatArray, k: FloatArray, x: FloatArray, other: FloatArray,
          gap: BoolArray, need: FloatArray, responder: str) -> FloatArray:
    """Move the threshold sectors (``gap``) from ``x`` toward ``other`` until the responder's
    constraint binds, best ratio ``v / c`` first (target responder: raise openings while the
    target can afford them; sender responder: lower them, worst ratio first, while the sender
    still gets enough). Vectorised over rows: a cumulative sum over the sorted sectors."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(c > 0, v / np.where(c > 0, c, 1.0), np.inf)
    if responder == "target":
        room = -need - (c * np.power(x, k)).sum(axis=-1)
        unit = c  # cost of a unit of opening in a linear sector
        key = np.where(gap, -ratio, np.inf)  # best ratio first
    else:
        room = (v * x).sum(axis=-1) - need
        unit = v
        key = np.where(gap, ratio, np.inf)  # worst ratio first
    order = np.argsort(key, axis=-1, kind="stable")
    rows = np.arange(len(x))[:, None]
    span = np.abs(other - x)[rows, order] * gap[rows, order]
    cap = (unit[rows, order] * span)
    before = np.cumsum(cap, axis=-1) - cap
    budget = np.maximum(room, 0.0)[:, None]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        step = np.where(unit[rows, order] > 0,
                        np.clip(budget - before, 0.0, cap) / np.where(unit[rows, order] > 0,
                                                                       unit[rows, order], 1.0),
                        span)
    step = np.minimum(step, span)
    moved = np.zeros_like(x)
    moved[rows, order] = step
    sign = 1.0 if responder == "target" else -1.0
    return x + sign * moved * np.sign(np.abs(other - x)) * gap


def offer_residual(
    v: FloatArray, c: FloatArray, k: FloatArray, lo: FloatArray, hi: FloatArray,
    mask: BoolArray, need: FloatArray, responder: str, x: FloatArray,
) -> FloatArray:
    """How far ``x`` is from the proposer's best acceptable offer (0 for a certified offer).

    The certificate, independent of the search, for each row: (1) the responder gets at least
    ``need`` (the shortfall relative to the bundle's payoff scale); (2) one slope ``lam >= 0``
    supports every sector: each opening equals that sector's best reply
    ``argmax v x - lam c x**k`` on its box (linear sectors exactly at the slope may sit
    anywhere), measured as the largest gap in openings; (3) the responder's constraint binds
    unless the proposer's best corner of the box is already acceptable. The slope is taken
    from the interior sectors (their first-order condition) or, if none, from the bounds the
    sectors at the box's ends put on it; the best of these candidates is reported.

    Parameters
    ----------
    v, c, k, lo, hi, mask : arrays of shape (n, S)
        As for :func:`best_offer`: values, costs, curvatures, the box, and the bundle's
        sectors.
    need : array of shape (n,)
        The responder's required payoff over the bundle.
    responder : "target" or "sender"
        Who must accept the offer.
    x : array of shape (n, S)
        The offers to check.

    Returns
    -------
    array of shape (n,)
        Each row's residual, relative to the bundle's payoff scale ``sum |v| + |c|`` (the
        support gap capped at 1); 0 for a certified offer.

    Examples
    --------
    The offer of :func:`best_offer`'s example is certified; spending the target's budget on
    the sector with the worse ratio v/c is not.

    >>> one = np.ones((1, 2))
    >>> args = (np.array([[2.0, 3.0]]), np.array([[1.0, 2.0]]), one, 0 * one, one, one > 0,
    ...         np.array([-1.0]), "target")
    >>> offer_residual(*args, np.array([[1.0, 0.0]])).tolist()
    [0.0]
    >>> offer_residual(*args, np.array([[0.0, 0.5]])).tolist()
    [0.5]
    """
    v = np.where(mask, v, 0.0)
    c = np.where(mask, c, 0.0)
    lo = np.where(mask, lo, 0.0)
    hi = np.where(mask, hi, 0.0)
    x = np.where(mask, x, 0.0)
    scale = np.maximum((np.abs(v) + np.abs(c)).sum(axis=-1), 1e-300)
    got = -(c * np.power(x, k)).sum(axis=-1) if responder == "target" else (v * x).sum(axis=-1)
    short = np.maximum(need - got, 0.0) / scale
    slack = np.maximum(got - need, 0.0) / scale
    members = mask & (c > 0)
    at_lo = np.all(~members | (x <= lo + 1e-12), axis=-1)
    at_hi = np.all(~members | (x >= hi - 1e-12), axis=-1)
    # The proposer's best corner, acceptable: nothing to support. The responder's best
    # corner: the only acceptable offer when the constraint binds there.
    corner = at_hi if responder == "target" else at_lo
    forced = at_lo if responder == "target" else at_hi
    linear = np.abs(k - 1.0) <= LINEAR_TOL
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        marginal = c * k * np.power(x, k - 1.0)
        slope = v / marginal
        interior = members & (x > lo + 1e-12) & (x < hi - 1e-12) & np.isfinite(slope)
        with warnings.catch_warnings():  # rows without interior sectors: NaN, handled below
            warnings.simplefilter("ignore", RuntimeWarning)
            lam_mid = np.nanmedian(np.where(interior, slope, np.nan), axis=-1)
        top = members & (x >= hi - 1e-12)
        bottom = members & (x <= lo + 1e-12)
        lam_hi = np.min(np.where(top, v / (c * k), np.inf), axis=-1)
        lam_lo = np.max(np.where(bottom, np.where(np.isfinite(slope), slope, np.inf), 0.0),
                        axis=-1)
    gaps = []
    for lam in (lam_mid, lam_hi, lam_lo, np.sqrt(np.where(np.isfinite(lam_hi), lam_hi, 1.0)
                                                 * np.where(np.isfinite(lam_lo), lam_lo, 1.0))):
        lam = np.where(np.isfinite(lam) & (lam > 0), lam, np.nan)
        lam_c = np.nan_to_num(lam, nan=1.0)[:, None]
        best = _point(v, c, k, lo, hi, lam_c, linear, tie_high=True)
        with np.errstate(invalid="ignore", over="ignore"):
            tied = linear & (np.abs(v - lam_c * c) <= 1e-9 * np.maximum(v, lam_c * c))
        gap = np.where(members & ~tied, np.abs(x - best), 0.0).max(axis=-1, initial=0.0)
        gaps.append(np.where(np.isnan(lam), np.inf, gap))
    support = np.min(np.stack(gaps), axis=0)
    no_interior_or_bounds = ~np.isfinite(support)
    support = np.where(no_interior_or_bounds, 0.0, support)
    return np.where(corner, short, np.where(forced, np.maximum(short, slack), np.maximum.reduce(
        [short, np.minimum(support, 1.0), slack])))
