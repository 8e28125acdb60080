"""Iterated elimination of strictly dominated strategies, by pure and by mixed strategies."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from numpy.typing import NDArray

from solver._core.errors import InputError
from solver._core.tabular import Tabular, one_line
from solver.algorithms.nash.regret import NASH_TOL
from solver.representations.bimatrix import Bimatrix

__all__ = ["iterated_elimination", "Elimination", "Removal"]


@dataclass(frozen=True, eq=False)
class Removal:
    """One strategy removed: in which round, whose, which, and what dominated it.

    ``dominator`` is a mixed strategy over the player's original strategies (a unit
    vector for pure dominance).

    Parameters
    ----------
    round : int
        The elimination round (from 1) in which the strategy was removed.
    player : int
        Whose strategy: 0 the row player, 1 the column player.
    strategy : int
        Its index among the player's original strategies.
    label : str
        Its label.
    dominator : numpy.ndarray
        The dominating mixed strategy over the player's original strategies.

    Examples
    --------
    >>> r = Removal(1, 0, 0, "C", np.array([0.0, 1.0]))
    >>> r, r.by_pure
    (Removal('C', round=1, player=0), True)
    """

    round: int
    player: int
    strategy: int
    label: str
    dominator: NDArray[Any]

    def __repr__(self) -> str:
        return one_line("Removal", self.label, round=self.round, player=self.player)

    @property
    def by_pure(self) -> bool:
        return int(np.count_nonzero(self.dominator)) == 1


@dataclass(frozen=True, eq=False)
class Elimination(Tabular):
    """The reduced game, the surviving original indices, and the removals in order.

    Built by :func:`iterated_elimination`.

    Parameters
    ----------
    game : Bimatrix
        The reduced game: the strategies that survive.
    rows, cols : tuple of int
        The surviving strategies' indices in the original game.
    removed : tuple of Removal
        The removals, in the order they were made.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                          row_labels=["C", "D"], col_labels=["C", "D"])
    >>> e = iterated_elimination(g)
    >>> e, e.rows, e.cols, e.rounds
    (Elimination(rows=('D',), cols=('D',), removed=2), (1,), (1,), 1)
    """

    game: Bimatrix
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    removed: tuple[Removal, ...]

    def __repr__(self) -> str:
        return one_line("Elimination", rows=self.game.row_labels,
                        cols=self.game.col_labels,
                        removed=len(self.removed))

    @property
    def rounds(self) -> int:
        return max((r.round for r in self.removed), default=0)

    def to_frame(self) -> pd.DataFrame:
        """One row per removal: round, player, strategy, and pure or mixed dominance."""
        import pandas as pd

        return pd.DataFrame([{"round": r.round, "player": r.player, "strategy": r.label,
                              "dominated_by": "pure" if r.by_pure else "mixed"}
                             for r in self.removed],
                            columns=["round", "player", "strategy", "dominated_by"])


def _dominated_by_pure(M: NDArray[Any], k: int, others: list[int], tol: float,
                       exact: bool) -> int | None:
    for o in others:
        diff = M[o] - M[k]
        if (exact and all(d > 0 for d in diff)) or (not exact and np.all(diff > tol)):
            return o
    return None


def _dominated_by_mixed(M: NDArray[Any], k: int, others: list[int], tol: float,
                        exact: bool) -> NDArray[Any] | None:
    """Mixed p over ``others`` with p @ M[others] > M[k] everywhere, by LP (max margin)."""
    from scipy.optimize import linprog

    if len(others) < 2:
        return None
    Mf = np.asarray(M, dtype=float)
    scale = max(1.0, float(np.abs(Mf).max()))
    S = Mf[others] / scale
    target = Mf[k] / scale
    r, c = S.shape
    # variables (p_1..p_r, e): max e  s.t.  e - (p @ S)_j <= -target_j,  sum p = 1
    obj = np.zeros(r + 1)
    obj[-1] = -1.0
    A_ub = np.hstack([-S.T, np.ones((c, 1))])
    res = linprog(
        obj, A_ub=A_ub, b_ub=-target, A_eq=np.hstack([np.ones((1, r)), [[0.0]]]), b_eq=[1.0],
        bounds=[(0, None)] * r + [(None, 1.0)], method="highs",
    )
    if not res.success or -res.fun <= tol:
        return None
    p = np.clip(res.x[:r], 0.0, None)
    p = p / p.sum()
    if exact:
        q = [Fraction(float(v)).limit_denominator(10**6) for v in p]
        total = sum(q)
        q = [v / total for v in q]
        mix = sum((q[a] * M[others[a]] for a in range(r)), np.zeros(M.shape[1], dtype=object))
        if not all(d > 0 for d in mix - M[k]):
            return None
        return np.array(q, dtype=object)
    if np.any(p @ Mf[others] - Mf[k] <= tol):
        return None
    return p


def iterated_elimination(
    game: Bimatrix, *, mixed: bool = True, tol: float = NASH_TOL
) -> Elimination:
    """Remove strictly dominated strategies round by round until none is left.

    In each round every strategy strictly dominated (for float games, by more than
    ``tol`` in every column/row) by another surviving pure strategy, or with
    ``mixed=True`` by a mixture found by linear programming, is removed for both players
    at once. Exact games are checked exactly (a mixed dominator is verified in
    Fractions). The order does not change the result for strict dominance.

    Parameters
    ----------
    game : Bimatrix
    mixed : bool
        Also eliminate strategies dominated only by mixed strategies (default True).
    tol : float
        Margin a float dominator must exceed.

    Returns
    -------
    Elimination
        The reduced game (labels kept), surviving original indices and the removals.

    Examples
    --------
    Prisoner's dilemma: Cooperate is dominated for both in round 1.

    >>> g = Bimatrix.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                          row_labels=["C", "D"], col_labels=["C", "D"])
    >>> e = iterated_elimination(g)
    >>> [(r.round, r.player, r.label) for r in e.removed], e.game.shape
    ([(1, 0, 'C'), (1, 1, 'C')], (1, 1))

    Row 2 dominated only by the mixture (1/2, 1/2) of rows 0 and 1:

    >>> g = Bimatrix.from_arrays([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]])
    >>> [(r.strategy, r.dominator.tolist()) for r in iterated_elimination(g).removed]
    [(2, [0.5, 0.5, 0.0])]
    """
    func = "iterated_elimination()"
    if not isinstance(game, Bimatrix):
        raise InputError(f"{func}: game must be a Bimatrix, got {type(game).__name__}")
    if not isinstance(tol, int | float) or not np.isfinite(tol) or tol < 0:
        raise InputError(f"{func}: tol must be a finite number >= 0, got {tol!r}")
    exact = game.is_exact
    rows = list(range(game.shape[0]))
    cols = list(range(game.shape[1]))
    removed: list[Removal] = []
    rnd = 0
    while True:
        rnd += 1
        found: list[Removal] = []
        for player in (0, 1):
            mine = rows if player == 0 else cols
            M = game.A[np.ix_(rows, cols)] if player == 0 else game.B[np.ix_(rows, cols)].T
            labels = game.row_labels if player == 0 else game.col_labels
            width = game.shape[player]
            for a, k in enumerate(mine):
                if len(mine) == 1:
                    break
                others = [b for b in range(len(mine)) if b != a]
                dom = (
                    np.array([Fraction(0)] * width, dtype=object) if exact else np.zeros(width)
                )
                o = _dominated_by_pure(M, a, others, tol, exact)
                if o is not None:
                    dom[mine[o]] = Fraction(1) if exact else 1.0
                elif mixed:
                    p = _dominated_by_mixed(M, a, others, tol, exact)
                    if p is None:
                        continue
                    for b, v in zip(others, p, strict=True):
                        dom[mine[b]] = v
                else:
                    continue
                dom.setflags(write=False)
                found.append(Removal(rnd, player, k, labels[k], dom))
        if not found:
            break
        gone = {(r.player, r.strategy) for r in found}
        rows = [i for i in rows if (0, i) not in gone]
        cols = [j for j in cols if (1, j) not in gone]
        removed.extend(found)
    reduced = Bimatrix.from_arrays(
        game.A[np.ix_(rows, cols)], game.B[np.ix_(rows, cols)],
        row_labels=[game.row_labels[i] for i in rows],
        col_labels=[game.col_labels[j] for j in cols],
        players=game.players, exact=exact,
    )
    return Elimination(reduced, tuple(rows), tuple(cols), tuple(removed))
