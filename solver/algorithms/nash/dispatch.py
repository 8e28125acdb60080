"""``nash_equilibria``: the front door, and the one registry of methods."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType
from typing import Any

import numpy as np

from solver._core.errors import BudgetExceeded, InputError
from solver.algorithms.nash.enumeration import complete_profiles
from solver.algorithms.nash.lemke_howson import lemke_howson_profiles
from solver.algorithms.nash.pure import pure_profiles
from solver.algorithms.nash.regret import NASH_TOL
from solver.algorithms.nash.result import NashResult, certified
from solver.algorithms.nash.scale import prepared
from solver.algorithms.nash.support import MAX_SUPPORT_PAIRS, support_profiles
from solver.algorithms.nash.zero_sum import zero_sum_profiles
from solver.representations.bimatrix import Bimatrix

__all__ = [
    "nash_equilibria", "lemke_howson", "METHODS", "Method", "PivotCapWarning", "BudgetExceeded",
]


class PivotCapWarning(UserWarning):
    """A Lemke-Howson path reached the caller's ``max_pivots`` before it ended."""

Kernel = Callable[[Bimatrix, float], tuple[list[tuple[Any, Any]], dict[str, Any]]]


@dataclass(frozen=True)
class Method:
    """A registered method: its kernel, whether it is complete, whether it is exact.

    Attributes
    ----------
    name : str
        Its key in :data:`METHODS` (the ``method=`` of :func:`nash_equilibria`).
    kernel : Kernel
        The function that computes the equilibria.
    complete : bool
        Whether it finds every extreme equilibrium.
    exact : bool
        Whether it computes in exact rationals.
    check : callable or None
        A precondition on the game (e.g. a size limit), raising ``ValueError``.
    summary : str
        One line for the documentation.

    Examples
    --------
    >>> METHODS["vertex"].complete, METHODS["lemke-howson"].complete
    (True, False)
    """

    name: str
    kernel: Kernel
    complete: bool
    exact: bool
    check: Callable[[str, Bimatrix], None] | None = None
    summary: str = ""


def _support_size(func: str, game: Bimatrix) -> None:
    m, n = game.shape
    if (2**m - 1) * (2**n - 1) > MAX_SUPPORT_PAIRS:
        raise InputError(
            f"{func}: game of shape {game.shape} is too large for method='support' "
            f"({(2**m - 1) * (2**n - 1)} support pairs, limit {MAX_SUPPORT_PAIRS}); use "
            "method='vertex' for all equilibria or method='lemke-howson' for some"
        )


#: The methods, in one place. ``auto`` is resolved by :func:`_choose`.
METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method("vertex", partial(complete_profiles, exact=False), True, False, None,
               "the smaller player's polytope by qhull/cddlib, then each vertex's face of "
               "the other's (lrsnash's scheme), floats; exact re-run when floats tie"),
        Method("exact", partial(complete_profiles, exact=True), True, True, None,
               "the same in rationals (own double description, FLINT solves), Fractions"),
        Method("support", support_profiles, False, False, _support_size,
               "support enumeration over all support pairs; complete if nondegenerate"),
        Method("lemke-howson", lemke_howson_profiles, False, True, None,
               "Lemke-Howson paths (every label up to m + n = 60, else label 0); "
               "lexicographic, exact on exact games; see lemke_howson()"),
        Method("pure", pure_profiles, False, True, None,
               "pure-strategy equilibria only"),
        Method("zero-sum", zero_sum_profiles, False, False, None,
               "maximin strategies by linear programming; constant-sum games only"),
    )
}


def _choose(game: Bimatrix) -> str:
    """A complete method for the game in hand: exact for exact games, else vertex."""
    return "exact" if game.is_exact else "vertex"


def nash_equilibria(
    game: Bimatrix, method: str = "auto", *, tol: float = NASH_TOL,
    max_vertices: int | None = None, time_limit: float | None = None,
) -> NashResult:
    """Certified Nash equilibria of a bimatrix game.

    Every profile returned has maximum regret at most ``tol`` (exactly 0 with the exact
    method), has no negative probability and appears once. The complete methods
    (``"vertex"``, ``"exact"``, and ``"auto"``, which picks one of them) return every
    extreme equilibrium: for a degenerate game, the vertices of every component, the set
    Gambit's ``enummixed_solve`` lists.

    Parameters
    ----------
    game : Bimatrix
        The game. ``"exact"`` runs on ``game.to_exact()`` and gives Fractions; ``"pure"``
        and ``"auto"`` keep an exact game exact; the float methods run on
        ``game.to_float()``.
    method : str
        ``"auto"`` (default), ``"vertex"``, ``"exact"``, ``"support"``,
        ``"lemke-howson"``, ``"pure"`` or ``"zero-sum"``.
    tol : float
        Largest regret a float profile may have; default ``NASH_TOL`` (1e-9).

    Returns
    -------
    NashResult
        Equilibria sorted, with the method used, exactness and diagnostics.

    Raises
    ------
    ValueError
        An unknown method, a bad ``tol``, a non-constant-sum game for ``"zero-sum"``,
        or a game too large for the method (the message names one that can run).

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])   # battle of the sexes
    >>> res = nash_equilibria(g)
    >>> [eq.row.round(3).tolist() for eq in res.equilibria]
    [[1.0, 0.0], [0.6, 0.4], [0.0, 1.0]]
    >>> nash_equilibria(g.to_exact()).equilibria[1].row.tolist()
    [Fraction(3, 5), Fraction(2, 5)]
    """
    func = "nash_equilibria()"
    if not isinstance(game, Bimatrix):
        raise InputError(f"{func}: game must be a Bimatrix, got {type(game).__name__}")
    if not isinstance(method, str) or (method != "auto" and method not in METHODS):
        raise InputError(
            f"{func}: method must be one of {['auto', *METHODS]}, got {method!r}"
        )
    _check_tol(func, tol)
    _check_count(func, "max_vertices", max_vertices, 1)
    if time_limit is not None and (isinstance(time_limit, bool) or not isinstance(
            time_limit, int | float) or not time_limit > 0):
        raise InputError(f"{func}: time_limit must be None or seconds > 0, got {time_limit!r}")
    name = _choose(game) if method == "auto" else method
    spec = METHODS[name]
    if spec.check is not None:
        spec.check(func, game)
    kernel = spec.kernel
    if max_vertices is not None or time_limit is not None:
        if not spec.complete:
            raise InputError(f"{func}: max_vertices and time_limit apply to the complete "
                             f"methods ('auto', 'vertex', 'exact'), not method={name!r}")
        budgeted: Any = spec.kernel  # the complete kernels take the budget keywords
        kernel = partial(budgeted, max_vertices=max_vertices, time_limit=time_limit)
    res = _run(game, spec, kernel, float(tol), {"requested": method})
    if res.diagnostics.get("budget"):
        raise BudgetExceeded(
            f"{func}: {res.diagnostics['budget']} for method={name!r} on a game of shape "
            f"{game.shape}; the {len(res)} equilibria found so far are in .partial "
            "(complete=False). Raise the budget, or use lemke_howson() for some equilibria",
            res,
        )
    return res


def _run(
    game: Bimatrix, spec: Method, kernel: Kernel, tol: float, extra: dict[str, Any]
) -> NashResult:
    """Prepare the game, run a kernel, certify every profile against the game itself."""
    exact = spec.name == "exact" or (spec.exact and game.is_exact)
    run_on, prep = prepared(game, exact=exact)
    profiles, diag = kernel(run_on, tol)
    certify_on = game.to_exact() if exact else game.to_float()
    eqs, rejected = certified(certify_on, profiles, tol)
    diagnostics = {**extra, "candidates": len(profiles), "rejected": rejected,
                   "tolerance": "relative to each player's payoff range", **prep, **diag}
    cut_short = bool(diag.get("capped_labels")) or bool(diag.get("budget"))
    return NashResult(
        game=game,
        equilibria=eqs,
        method=spec.name,
        exact=exact,
        complete=spec.complete and not cut_short,
        tol=tol,
        diagnostics=MappingProxyType(diagnostics),
    )


def _check_tol(func: str, tol: Any) -> None:
    if (
        isinstance(tol, bool)
        or not isinstance(tol, int | float)
        or not math.isfinite(tol)
        or tol < 0
    ):
        raise InputError(f"{func}: tol must be a finite number >= 0, got {tol!r}")


def _check_count(func: str, name: str, value: Any, low: int) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                              or value < low):
        raise InputError(f"{func}: {name} must be None or an integer >= {low}, got {value!r}")


def lemke_howson(
    game: Bimatrix, *, label: int | Sequence[int] | str | None = None,
    stop_after: int | None = None, max_pivots: int | None = None, tol: float = NASH_TOL,
) -> NashResult:
    """Equilibria found by Lemke-Howson paths, one per starting label.

    Every path ends: degenerate games are handled by the lexicographic rule, re-run in
    exact rationals if the floats ever repeat a basis (see
    :mod:`solver.algorithms.nash.lemke_howson`). Not complete: a game may have equilibria
    no path reaches.

    Parameters
    ----------
    game : Bimatrix
        The game; an exact game is solved in exact rationals (Fractions out).
    label : int, sequence of int, "all" or None
        The starting label(s), ``0 .. m + n - 1`` (``0 .. m - 1`` the row player's
        strategies, ``m ..`` the column player's). ``None`` (default): every label when
        ``m + n <= 60``, else label 0 alone (one path, as QuantEcon's default); ``"all"``
        every label.
    stop_after : int or None
        Stop once this many distinct equilibria are found.
    max_pivots : int or None
        Cap on the pivots of each path; ``None`` (default) is no cap. A capped path is
        listed in ``diagnostics["capped_labels"]`` and the result has ``complete=False``.
    tol : float
        Largest relative regret a float profile may have.

    Returns
    -------
    NashResult
        The distinct equilibria the paths end at (``complete=False``), with the labels
        run in ``diagnostics["labels"]``.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> res = lemke_howson(g, label=2)
    >>> [e.row.tolist() for e in res], res.diagnostics["labels"]
    ([[1.0, 0.0]], (2,))
    >>> len(lemke_howson(g, label="all", stop_after=1))
    1
    """
    func = "lemke_howson()"
    if not isinstance(game, Bimatrix):
        raise InputError(f"{func}: game must be a Bimatrix, got {type(game).__name__}")
    m, n = game.shape
    labels: tuple[int, ...] | None
    if label is None:
        labels = None
    elif label == "all":
        labels = tuple(range(m + n))
    else:
        raw = (label,) if isinstance(label, int | np.integer) else label
        try:
            labels = tuple(raw)  # type: ignore[arg-type]
        except TypeError:
            raise InputError(f"{func}: label must be an int, a sequence of ints, 'all' or "
                             f"None, got {label!r}") from None
        if not labels or any(isinstance(k, bool) or not isinstance(k, int | np.integer)
                             or not 0 <= k < m + n for k in labels):
            raise InputError(f"{func}: label must lie in 0..{m + n - 1} (m + n labels), "
                             f"got {label!r}")
    _check_count(func, "stop_after", stop_after, 1)
    _check_count(func, "max_pivots", max_pivots, 1)
    _check_tol(func, tol)
    kernel = partial(lemke_howson_profiles, labels=labels, stop_after=stop_after,
                     max_pivots=max_pivots)
    spec = METHODS["lemke-howson"]
    res = _run(game, spec, kernel, float(tol), {"requested": "lemke-howson"})
    capped = res.diagnostics["capped_labels"]
    if capped:
        warnings.warn(
            f"{func}: max_pivots={max_pivots} reached on label(s) {list(capped)}; their "
            "paths were not finished (diagnostics['capped_labels'])",
            PivotCapWarning, stacklevel=2,
        )
    return res
