"""Two-player normal-form games as immutable values."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from numbers import Rational
from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver._core.arrays import readonly
from solver._core.errors import InputError
from solver._core.tabular import one_line
from solver._core.validation import check_number
from solver.representations.io.gambit_lexer import read_game_file
from solver.representations.io.nfg import NfgData, parse_nfg, write_nfg

__all__ = ["Bimatrix"]


def _as_payoff_matrix(func: str, arg: str, values: Any, exact: bool) -> NDArray[Any]:
    """Validate and copy one payoff matrix, read-only; Fractions when ``exact``."""
    try:
        rows = [list(r) for r in values]
    except TypeError:
        raise InputError(f"{func}: {arg} must be a 2-D array of numbers, got {values!r}") from None
    if not rows or any(len(r) == 0 for r in rows):
        raise InputError(f"{func}: {arg} has an empty strategy set: {values!r}")
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise InputError(f"{func}: {arg} is ragged (rows of unequal length): {values!r}")
    for r in rows:
        for v in r:
            check_number(func, f"{arg} entry", v)
    if exact:
        out = np.array(
            [[_to_fraction(func, arg, v) for v in r] for r in rows], dtype=object
        )
    else:
        out = np.array(rows, dtype=float)
    out.setflags(write=False)
    return out


def _to_fraction(func: str, arg: str, v: Any) -> Fraction:
    if isinstance(v, Rational | np.integer):
        return Fraction(int(v.numerator), int(v.denominator)) if isinstance(v, Rational) else (
            Fraction(int(v))
        )
    # A float is converted to the shortest decimal that round-trips, so 0.1 -> 1/10.
    return Fraction(repr(float(v)))


def _labels(func: str, arg: str, labels: Sequence[str] | None, n: int, prefix: str) -> tuple[
    str, ...
]:
    if labels is None:
        return tuple(f"{prefix}{i}" for i in range(n))
    out = tuple(str(s) for s in labels)
    if len(out) != n:
        raise InputError(f"{func}: {arg} has {len(out)} labels for {n} strategies: {labels!r}")
    return out  # labels may repeat, as Gambit allows


@dataclass(frozen=True, eq=False)
class Bimatrix:
    """A two-player game in normal form: payoff matrices ``A`` (row) and ``B`` (column).

    Build it with :meth:`from_arrays`. Arrays are copied and made read-only; equality
    is by value. Exact games hold :class:`fractions.Fraction` entries (``dtype=object``).

    Parameters
    ----------
    A, B : numpy.ndarray
        The row and column player's payoff matrices, of equal shape (m, n); float, or
        ``dtype=object`` of Fractions for an exact game. Prefer :meth:`from_arrays`, which
        validates, copies and freezes them.
    row_labels, col_labels : tuple of str
        The m row and n column strategies' labels.
    players : (str, str), optional
        The two players' names.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
    ...                          row_labels=["H", "T"], col_labels=["H", "T"])
    >>> g.shape
    (2, 2)
    >>> g.is_exact
    False
    >>> g.to_exact().A[0, 1]
    Fraction(-1, 1)
    """

    A: NDArray[Any]
    B: NDArray[Any]
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    players: tuple[str, str] = ("Row", "Column")

    def __repr__(self) -> str:
        return one_line("Bimatrix", shape=self.shape, players=self.players,
                        exact=self.is_exact, rows=self.row_labels, cols=self.col_labels)

    @classmethod
    def from_arrays(
        cls,
        A: Any,
        B: Any,
        *,
        row_labels: Sequence[str] | None = None,
        col_labels: Sequence[str] | None = None,
        players: Sequence[str] = ("Row", "Column"),
        exact: bool = False,
    ) -> Bimatrix:
        """Build a game from two payoff arrays of equal shape.

        ``exact=True`` stores Fractions (floats convert through their shortest decimal).
        """
        func = "Bimatrix.from_arrays()"
        a = _as_payoff_matrix(func, "A", A, exact)
        b = _as_payoff_matrix(func, "B", B, exact)
        if a.shape != b.shape:
            raise InputError(f"{func}: A has shape {a.shape} but B has shape {b.shape}")
        pl = tuple(str(p) for p in players)
        if len(pl) != 2:
            raise InputError(f"{func}: players must be two names, got {players!r}")
        return cls(
            a,
            b,
            _labels(func, "row_labels", row_labels, a.shape[0], "r"),
            _labels(func, "col_labels", col_labels, a.shape[1], "c"),
            (pl[0], pl[1]),
        )

    @classmethod
    def from_nfg(cls, source: str | os.PathLike[str], *, exact: bool = True) -> Bimatrix:
        """Read a two-player game from Gambit ``.nfg`` text or a path to a ``.nfg`` file.

        A ``str`` that names an existing file is read from it; otherwise a ``str`` that
        starts with ``NFG`` and a blank is read as text, and any other ``str`` or a
        path-like is a file name. Payoffs are exact Fractions unless ``exact=False``.
        Player names and strategy labels may repeat or be empty, as Gambit allows.

        Examples
        --------
        >>> g = Bimatrix.from_nfg('''NFG 1 R "Battle" { "Wife" "Husband" }
        ... { { "Opera" "Fight" } { "Opera" "Fight" } } ""
        ... 3 2 0 0 0 0 2 3''')
        >>> g.players, g.row_labels, g.A[1, 1], g.B[0, 0]
        (('Wife', 'Husband'), ('Opera', 'Fight'), Fraction(2, 1), Fraction(2, 1))
        """
        func = "Bimatrix.from_nfg()"
        if isinstance(source, str) and not os.path.isfile(source) and re.match(
            r"\s*NFG\s", source
        ):
            text = source
        elif isinstance(source, str | os.PathLike):
            if not os.path.exists(source):
                raise InputError(f"{func}: source is neither .nfg text nor a readable file: "
                                 f"{source!r} (no such file)")
            text = read_game_file(source, func)
        else:
            raise InputError(f"{func}: source must be .nfg text or a path, got {source!r}")
        try:
            data = parse_nfg(text)
        except ValueError as err:
            raise InputError(f"{func}: {err} (source {str(source)[:60]!r})") from None
        if len(data.players) != 2:
            raise InputError(
                f"{func}: source has {len(data.players)} players {data.players!r}; "
                "a Bimatrix has exactly 2"
            )
        m, n = len(data.strategies[0]), len(data.strategies[1])
        A = [[data.payoffs[i + m * j][0] for j in range(n)] for i in range(m)]
        B = [[data.payoffs[i + m * j][1] for j in range(n)] for i in range(m)]
        if not exact:
            A = [[float(v) for v in r] for r in A]  # type: ignore[misc]
            B = [[float(v) for v in r] for r in B]  # type: ignore[misc]
        return cls.from_arrays(
            A, B, row_labels=data.strategies[0], col_labels=data.strategies[1],
            players=data.players, exact=exact,
        )

    def to_nfg(self, title: str = "") -> str:
        """The game as Gambit ``.nfg`` text (payoff version, labels and players kept).

        Examples
        --------
        >>> g = Bimatrix.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]], exact=True)
        >>> Bimatrix.from_nfg(g.to_nfg()) == g
        True
        """
        m, n = self.shape
        cells = tuple(
            (self.A[i, j], self.B[i, j]) for j in range(n) for i in range(m)
        )
        return write_nfg(
            NfgData(str(title), self.players, (self.row_labels, self.col_labels), cells)
        )

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.A.shape[0]), int(self.A.shape[1]))

    @property
    def is_exact(self) -> bool:
        return self.A.dtype == object

    @cached_property
    def payoff_ranges(self) -> tuple[Any, Any]:
        """Each player's payoff range ``max - min`` (Fractions when exact): the scale
        against which regrets and tolerances are measured.

        Examples
        --------
        >>> Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]]).payoff_ranges
        (3.0, 3.0)
        """
        if self.is_exact:
            return (self.A.max() - self.A.min(), self.B.max() - self.B.min())
        return (float(np.ptp(self.A)), float(np.ptp(self.B)))

    def normalised(self) -> Bimatrix:
        """The strategically equivalent game with each player's payoffs mapped to [0, 1].

        ``(A - min A) / range A`` and the same for ``B`` (a player with constant payoffs
        gets zeros). Positive affine maps of either player's payoffs leave the result
        unchanged (exactly for exact games, to rounding for floats).

        Examples
        --------
        >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]], exact=True)
        >>> g.normalised().A.tolist()
        [[Fraction(1, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(2, 3)]]
        """
        return self._normalised

    def normalised_integers(self) -> tuple[NDArray[Any], NDArray[Any], int, int]:
        """An exact game's normalised payoffs as integers over each player's common
        denominator: ``normalised().A == NA / dA`` and ``normalised().B == NB / dB``.

        Integer arithmetic is what makes exact regrets cheap.

        Examples
        --------
        >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]], exact=True)
        >>> NA, NB, dA, dB = g.normalised_integers()
        >>> NA.tolist(), dA
        ([[3, 0], [0, 2]], 3)
        """
        if not self.is_exact:
            raise InputError("Bimatrix.normalised_integers(): the game is not exact")
        return self._normalised_integers

    @cached_property
    def _normalised_integers(self) -> tuple[NDArray[Any], NDArray[Any], int, int]:
        out: list[Any] = []
        for M in (self.normalised().A, self.normalised().B):
            den = 1
            for v in M.flat:
                den = math.lcm(den, v.denominator)
            ints = np.array([[int(v * den) for v in r] for r in M], dtype=object)
            ints.setflags(write=False)
            out.append((ints, den))
        return out[0][0], out[1][0], out[0][1], out[1][1]

    @cached_property
    def _normalised(self) -> Bimatrix:
        # Computed once per game (the value is immutable, so caching is safe).
        out = []
        for M in (self.A, self.B):
            lo, span = M.min(), M.max() - M.min()
            if self.is_exact:
                N = np.array([[(v - lo) / span if span else Fraction(0) for v in r]
                              for r in M], dtype=object)
            else:
                N = (M - lo) / span if span > 0 else np.zeros(M.shape)
            N.setflags(write=False)
            out.append(N)
        return Bimatrix(out[0], out[1], self.row_labels, self.col_labels, self.players)

    def to_exact(self) -> Bimatrix:
        """The same game with Fraction payoffs."""
        if self.is_exact:
            return self
        return Bimatrix.from_arrays(
            self.A, self.B, row_labels=self.row_labels, col_labels=self.col_labels,
            players=self.players, exact=True,
        )

    def to_float(self) -> Bimatrix:
        """The same game with float payoffs."""
        if not self.is_exact:
            return self
        return Bimatrix.from_arrays(
            self.A.astype(float), self.B.astype(float), row_labels=self.row_labels,
            col_labels=self.col_labels, players=self.players,
        )

    def with_players(self, players: Sequence[str]) -> Bimatrix:
        """The same game with the players renamed.

        Examples
        --------
        >>> Bimatrix.from_arrays([[1]], [[1]]).with_players(("US", "Japan")).players
        ('US', 'Japan')
        """
        pl = tuple(str(p) for p in players)
        if len(pl) != 2:
            raise InputError(f"Bimatrix.with_players(): players must be two names, "
                             f"got {players!r}")
        return Bimatrix(self.A, self.B, self.row_labels, self.col_labels, (pl[0], pl[1]))

    def transpose(self) -> Bimatrix:
        """The game with the players' roles swapped."""
        return Bimatrix(
            readonly(self.B.T), readonly(self.A.T), self.col_labels, self.row_labels,
            (self.players[1], self.players[0]),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Bimatrix):
            return NotImplemented
        return (
            self.row_labels == other.row_labels
            and self.col_labels == other.col_labels
            and self.players == other.players
            and self.A.shape == other.A.shape
            and bool(np.all(self.A == other.A))
            and bool(np.all(self.B == other.B))
        )

    def __hash__(self) -> int:
        return hash((self.row_labels, self.col_labels, self.players,
                     tuple(map(float, self.A.ravel())), tuple(map(float, self.B.ravel()))))
