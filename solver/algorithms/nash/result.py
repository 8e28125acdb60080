"""The one result type of every equilibrium computation, and how a profile becomes one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from numpy.typing import NDArray

from solver._core.arrays import readonly
from solver._core.errors import InputError
from solver._core.tabular import Tabular, format_mixed, one_line
from solver.algorithms.nash.regret import NASH_TOL, profile_report
from solver.representations.bimatrix import Bimatrix

__all__ = ["Equilibrium", "NashResult", "Component", "SUPPORT_TOL"]

#: Float probabilities at or below this are set to exactly 0 before renormalising.
SUPPORT_TOL = 1e-12


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """One certified equilibrium of a bimatrix game.

    ``row`` and ``col`` are read-only probability vectors (floats, or Fractions in an
    object array when exact); ``regret`` is the larger player's regret in payoff units and
    ``relative_regret`` the larger regret divided by that player's payoff range, both
    computed by :mod:`solver.algorithms.nash.regret` independently of the algorithm that found
    the profile. Tolerances bound ``relative_regret``.

    Attributes
    ----------
    row, col : numpy.ndarray
        The two players' mixed strategies (read-only).
    payoffs : (number, number)
        The expected payoffs of the row and column player.
    row_support, col_support : tuple of int
        The strategies played with positive probability.
    regret : number
        The larger player's regret, in payoff units.
    relative_regret : number
        The larger regret over that player's payoff range.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> eq = Equilibrium.from_profile(g, [1, 0], [1, 0])
    >>> eq.payoffs, eq.row_support, eq.regret, eq.relative_regret
    ((1.0, 1.0), (0,), 0.0, 0.0)
    """

    row: NDArray[Any]
    col: NDArray[Any]
    payoffs: tuple[Any, Any]
    row_support: tuple[int, ...]
    col_support: tuple[int, ...]
    regret: Any
    relative_regret: Any = 0

    @classmethod
    def from_profile(cls, game: Bimatrix, row: Any, col: Any) -> Equilibrium:
        """Normalise a profile (clip, renormalise), compute its payoffs and its regret.

        It does not judge the profile: compare ``regret`` with a tolerance, or use
        :func:`certified`.
        """
        x = _clean(row, game.is_exact)
        y = _clean(col, game.is_exact)
        (r1, r2), rel, pay = profile_report(game, x, y)
        return cls(
            readonly(x), readonly(y), pay,
            tuple(int(i) for i in np.flatnonzero(x != 0)),
            tuple(int(j) for j in np.flatnonzero(y != 0)),
            max(r1, r2),
            rel,
        )

    def key(self, digits: int = 9) -> tuple[Any, ...]:
        """A hashable key: exact values, or floats rounded to ``digits`` decimals."""
        if self.row.dtype == object:
            return (tuple(self.row), tuple(self.col))
        return (
            tuple(np.round(self.row, digits) + 0.0),
            tuple(np.round(self.col, digits) + 0.0),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Equilibrium):
            return NotImplemented
        return (
            self.row.dtype == other.row.dtype
            and self.row.shape == other.row.shape
            and self.col.shape == other.col.shape
            and bool(np.all(self.row == other.row))
            and bool(np.all(self.col == other.col))
        )

    def __hash__(self) -> int:
        return hash((tuple(map(float, self.row)), tuple(map(float, self.col))))

    def __repr__(self) -> str:
        def fmt(v: NDArray[Any]) -> str:
            if v.dtype == object:
                return "[" + ", ".join(str(f) for f in v) + "]"
            return np.array2string(v, precision=6, suppress_small=True, separator=", ")

        return f"Equilibrium(row={fmt(self.row)}, col={fmt(self.col)}, payoffs={self.payoffs})"


@dataclass(frozen=True, eq=False)
class NashResult(Tabular):
    """What an equilibrium computation returned, and how it was computed.

    ``complete`` says whether the run found every extreme equilibrium (the method is
    complete and no budget or cap cut it short); ``tol`` bounds each float equilibrium's
    ``relative_regret`` (regret over that player's payoff range, so the same for payoffs in
    $ and in $B; :attr:`absolute_tol` gives it in each player's payoff units);
    ``diagnostics`` is a read-only mapping (counts, snapping, skipped starts, caps).

    Attributes
    ----------
    game : Bimatrix
        The game solved.
    equilibria : tuple of Equilibrium
        The equilibria found, each certified (also by iteration and indexing).
    method : str
        The method that ran (``"auto"`` resolved to one of ``METHODS``).
    exact : bool
        Whether the computation was in exact rationals.
    complete : bool
        Whether every extreme equilibrium was found.
    tol : float
        The bound on each float equilibrium's ``relative_regret``.
    diagnostics : Mapping[str, Any]
        Counts, snapping, skipped starts and caps.
    absolute_tol : (float, float)
        ``tol`` in each player's payoff units.

    Examples
    --------
    >>> from solver.algorithms.nash import nash_equilibria
    >>> g = Bimatrix.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> res = nash_equilibria(g)
    >>> res.method, res.exact, res.complete, len(res)
    ('vertex', False, True, 1)
    """

    game: Bimatrix
    equilibria: tuple[Equilibrium, ...]
    method: str
    exact: bool
    complete: bool
    tol: float = NASH_TOL
    diagnostics: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __repr__(self) -> str:
        return one_line("NashResult", shape=self.game.shape,
                        equilibria=len(self.equilibria), method=self.method, exact=self.exact,
                        complete=self.complete)

    def __len__(self) -> int:
        return len(self.equilibria)

    @property
    def absolute_tol(self) -> tuple[float, float]:
        """``tol`` in each player's payoff units: ``tol`` times the payoff ranges."""
        r1, r2 = self.game.payoff_ranges
        return (self.tol * float(r1), self.tol * float(r2))

    def to_frame(self) -> pd.DataFrame:
        """One row per equilibrium: both strategies, payoffs, supports and regret."""
        import pandas as pd

        g = self.game
        first, second = g.players
        if first == second:  # Gambit allows two players of one name (even "")
            first, second = f"{first} (row)", f"{second} (column)"
        return pd.DataFrame([{
            first: format_mixed(g.row_labels, e.row),
            second: format_mixed(g.col_labels, e.col),
            "payoff_row": float(e.payoffs[0]), "payoff_col": float(e.payoffs[1]),
            "row_support": len(e.row_support), "col_support": len(e.col_support),
            "regret": float(e.regret), "relative_regret": float(e.relative_regret),
        } for e in self.equilibria])

    def __iter__(self) -> Any:
        return iter(self.equilibria)

    def __getitem__(self, i: int) -> Equilibrium:
        return self.equilibria[i]


@dataclass(frozen=True, eq=False)
class Component:
    """A maximal Nash subset: the convex set ``conv(rows) x conv(cols)`` of equilibria.

    ``extreme_points`` are all its vertex pairs (every row vertex with every column
    vertex). Payoffs are not always constant on it: the row player's payoff depends only
    on the column strategy and vice versa, so the payoff set is the box
    ``payoffs = ((row_min, row_max), (col_min, col_max))``; :attr:`constant_payoffs`
    gives the single pair when the box is a point. ``connected`` numbers the topological
    component (maximal Nash subsets that share an extreme point share a number).

    Attributes
    ----------
    rows, cols : tuple of numpy.ndarray
        The vertices of the row and column strategy sets.
    extreme_points : tuple of Equilibrium
        Every (row vertex, column vertex) pair.
    payoffs : ((number, number), (number, number))
        The range of the row player's and of the column player's payoff over the set.
    connected : int
        The topological component's number.
    constant_payoffs : (number, number) or None
        The payoffs when they are constant on the set.
    is_singleton : bool
        Whether the set is one equilibrium.

    Examples
    --------
    >>> from solver.algorithms.nash import equilibrium_components
    >>> g = Bimatrix.from_arrays([[1, 1], [1, 1]], [[1, 1], [1, 1]])
    >>> (c,) = equilibrium_components(g)
    >>> len(c.extreme_points), c.constant_payoffs
    (4, (1.0, 1.0))
    """

    rows: tuple[NDArray[Any], ...]
    cols: tuple[NDArray[Any], ...]
    extreme_points: tuple[Equilibrium, ...]
    payoffs: tuple[tuple[Any, Any], tuple[Any, Any]]
    connected: int

    def __repr__(self) -> str:
        return one_line("Component", extreme_points=len(self.extreme_points),
                        payoffs=self.payoffs, connected=self.connected)

    @property
    def constant_payoffs(self) -> tuple[Any, Any] | None:
        """``(u_row, u_col)`` when both payoffs are constant on the set, else ``None``."""
        (a, b), (c, d) = self.payoffs
        exact = isinstance(a, Fraction)
        if exact and a == b and c == d:
            return (a, c)
        if not exact and abs(b - a) <= NASH_TOL * max(1.0, abs(a)) and abs(d - c) <= (
            NASH_TOL * max(1.0, abs(c))
        ):
            return (a, c)
        return None

    @property
    def is_singleton(self) -> bool:
        return len(self.extreme_points) == 1


def certified(
    game: Bimatrix, profiles: Iterable[tuple[Any, Any]], tol: float
) -> tuple[tuple[Equilibrium, ...], int]:
    """Certify, deduplicate and sort profiles; also return how many were rejected."""
    seen: dict[tuple[Any, ...], Equilibrium] = {}
    rejected = 0
    for x, y in profiles:
        try:
            eq = Equilibrium.from_profile(game, x, y)
        except ValueError:
            rejected += 1
            continue
        ok = eq.relative_regret == 0 if game.is_exact else eq.relative_regret <= tol
        if not ok:
            rejected += 1
            continue
        seen.setdefault(eq.key(), eq)
    return sort_equilibria(seen.values()), rejected


def sort_equilibria(eqs: Iterable[Equilibrium]) -> tuple[Equilibrium, ...]:
    """Deterministic order: by row strategy, then column, heaviest first strategies first."""
    return tuple(sorted(eqs, key=lambda e: (tuple(-v for v in e.row), tuple(-v for v in e.col))))


def _clean(v: Any, exact: bool) -> NDArray[Any]:
    if exact:
        arr = np.array(
            [Fraction(int(a)) if isinstance(a, np.integer) else Fraction(a) for a in v],
            dtype=object,
        )
        if any(a < 0 for a in arr):
            raise InputError(f"negative probability in exact profile {v!r}")
        s = sum(arr)
        if s == 0:
            raise InputError("zero vector is not a mixed strategy")
        return np.array([a / s for a in arr], dtype=object)
    arr = np.asarray(v, dtype=float).copy()
    if not np.all(np.isfinite(arr)):
        raise InputError(f"non-finite profile {v!r}")
    arr[arr <= SUPPORT_TOL] = 0.0
    s = arr.sum()
    if s <= 0:
        raise InputError("zero vector is not a mixed strategy")
    return arr / s
