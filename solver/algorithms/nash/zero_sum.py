"""Zero-sum (constant-sum) games by linear programming: one equilibrium, the maximin pair.

The kernel runs on the normalised game (each player's payoffs mapped to [0, 1]), where a
game is constant-sum exactly when it is a positive affine image of a zero-sum game
(then ``A' + B' = 1``). So ``3 A`` against ``-B / 2``, or payoffs offset by 1e12, are
accepted and solved on numbers of order 1, which HiGHS handles.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver._core.arrays import readonly
from solver._core.errors import EngineError, InputError
from solver._core.results import Certified, frozen_mapping
from solver._core.tabular import one_line
from solver.representations.bimatrix import Bimatrix

__all__ = ["ZeroSumValue", "is_constant_sum", "maximin", "zero_sum_profiles"]


@dataclass(frozen=True, eq=False)
class ZeroSumValue(Certified):
    """The value of a zero-sum matrix game (the row player maximises) and optimal strategies.

    ``residuals`` is the certificate, read off the matrix itself: ``"row"`` is how far the
    row strategy's guarantee ``min_j (x^T M)_j`` falls short of ``value``, ``"col"`` how far
    the column strategy's ``max_i (M y)_i`` exceeds it (both 0 at an exact solution).
    Unpacks and indexes as the ``(value, row, col)`` tuple it replaces.

    Parameters
    ----------
    value : float
        The game's value to the row player.
    row, col : numpy.ndarray
        The optimal mixed strategies of the row and column player (stored read-only).
    residuals : Mapping[str, float]
        The certificate: ``"row"`` and ``"col"`` shortfalls, described above.
    method : str
        How the value was computed.
    exact : bool, optional
        Whether it was computed in exact arithmetic.

    Examples
    --------
    >>> z = ZeroSumValue.certify([[1, -1], [-1, 1]], 0.0, [0.5, 0.5], [0.5, 0.5],
    ...                          method="by hand")
    >>> z.max_residual, z[0]
    (0.0, 0.0)
    """

    value: float
    row: NDArray[np.float64]
    col: NDArray[np.float64]
    residuals: Mapping[str, float]
    method: str
    exact: bool = False

    def __repr__(self) -> str:
        return one_line("ZeroSumValue", value=self.value, row=tuple(self.row),
                        col=tuple(self.col), max_residual=self.max_residual)

    def __post_init__(self) -> None:
        object.__setattr__(self, "row", readonly(np.asarray(self.row, dtype=float)))
        object.__setattr__(self, "col", readonly(np.asarray(self.col, dtype=float)))
        object.__setattr__(self, "residuals", frozen_mapping(self.residuals))

    @classmethod
    def certify(cls, M: Any, value: float, row: Any, col: Any, *, method: str) -> ZeroSumValue:
        """The answer with its residuals computed against the matrix ``M``."""
        m = np.asarray(M, dtype=float)
        x, y = np.asarray(row, dtype=float), np.asarray(col, dtype=float)
        residuals = {"row": max(0.0, value - float((x @ m).min())),
                     "col": max(0.0, float((m @ y).max()) - value)}
        return cls(value, x, y, residuals, method)

    def _astuple(self) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
        return (self.value, self.row, self.col)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._astuple())

    def __getitem__(self, i: int) -> Any:
        return self._astuple()[i]

    def __len__(self) -> int:
        return 3


def is_constant_sum(game: Bimatrix, tol: float = 1e-9) -> bool:
    """Whether ``A + B`` is constant (exactly, for exact games).

    Parameters
    ----------
    game : Bimatrix
        The game.
    tol : float, optional
        Float games: the spread of ``A + B`` allowed, relative to the largest absolute
        payoff (at least 1).

    Returns
    -------
    bool

    Examples
    --------
    >>> is_constant_sum(Bimatrix.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    True
    """
    S = game.A + game.B
    if game.is_exact:
        return bool(np.all(S.flat[0] == S))
    scale = max(1.0, float(np.abs(game.A).max()), float(np.abs(game.B).max()))
    return float(S.max() - S.min()) <= tol * scale


def maximin(M: Any, *, func: str = "nash_equilibria()") -> tuple[Any, float]:
    """The row player's maximin strategy of payoff matrix ``M`` and the game's value, by
    linear programming (HiGHS).

    Parameters
    ----------
    M : ndarray
        The row player's payoffs (finite floats; best scaled to ``[-1, 1]``).
    func : str
        The public function whose error message names a solver failure.

    Returns
    -------
    x : ndarray
        The maximin mixed strategy.
    value : float
        The value the row player guarantees.

    Examples
    --------
    >>> x, v = maximin(np.array([[1.0, -1.0], [-1.0, 1.0]]))
    >>> x.round(12).tolist(), round(v, 12) + 0.0
    ([0.5, 0.5], 0.0)
    """
    from scipy.optimize import linprog

    m, n = M.shape
    # variables (x_1..x_m, v): maximise v  s.t.  v - (M^T x)_j <= 0,  sum x = 1,  x >= 0
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-M.T, np.ones((n, 1))])
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    res = linprog(
        c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)], method="highs",
    )
    if not res.success:  # pragma: no cover - a finite matrix game always solves
        raise EngineError(f"{func}: linprog failed on a normalised game: {res.message}")
    x = np.clip(res.x[:m], 0, None)
    return x / x.sum(), float(res.x[-1])


def zero_sum_profiles(game: Bimatrix, tol: float) -> tuple[list[tuple[Any, Any]], dict[str, Any]]:
    """Kernel of ``method="zero-sum"``: the pair of maximin strategies.

    ``game`` is the normalised game the front door prepared.

    Parameters
    ----------
    game : Bimatrix
        The game, as the front door (:func:`nash_equilibria`) prepared it.
    tol : float
        The tolerance of float comparisons.

    Returns
    -------
    profiles : list of (row, col)
        The candidate profiles, which the front door certifies.
    diagnostics : dict
        Counts and notes for ``NashResult.diagnostics``.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [(x.round(6).tolist(), y.round(6).tolist()) for x, y in zero_sum_profiles(g, 1e-9)[0]]
    [([0.5, 0.5], [0.5, 0.5])]
    """
    if not is_constant_sum(game, tol):
        S = np.asarray(game.A + game.B, dtype=float)
        raise InputError(
            "nash_equilibria(): method='zero-sum' needs a constant-sum game (A + B constant "
            "after rescaling each player's payoffs to [0, 1]); the rescaled A + B ranges over "
            f"[{S.min():.6g}, {S.max():.6g}]"
        )
    A = np.asarray(game.A, dtype=float)
    x, _ = maximin(A)
    y, _ = maximin(-A.T)
    return [(x, y)], {}
