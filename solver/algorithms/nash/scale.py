"""What every method runs on: the game normalised to [0, 1], floats snapped at a stated resolution.

Two rules, in this one place:

1. **Scale.** Each player's payoffs are mapped to [0, 1] (:meth:`Bimatrix.normalised`), so
   every kernel sees the same numbers for a game in $ and in $B, or shifted by 1e12, and
   every tolerance downstream is relative to the payoff range.
2. **Near-degenerate floats (the snapping rule).** A float game whose normalised payoffs
   *all* lie within ``SNAP_TOL`` (1e-9) of rationals with denominator at most
   ``SNAP_DENOMINATOR`` (4096) is solved as that rational game: it is read as an exact game
   written down in floating point (integer payoffs times 1e9, or shifted by 1e12, or
   rounded on the way in). Its equilibria are then certified against the float game as
   given, at the relative tolerance. A game that does not snap is solved as the floats say;
   for random payoffs the chance that all entries snap is negligible (about 0.01 per
   entry). The result's diagnostics say whether the game was snapped.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver.representations.bimatrix import Bimatrix

__all__ = ["SNAP_TOL", "SNAP_DENOMINATOR", "prepared", "snapped"]

#: Largest distance (in normalised payoff units) at which a float payoff snaps to a rational.
SNAP_TOL = 1e-9
#: Largest denominator of the rationals a normalised float payoff may snap to.
SNAP_DENOMINATOR = 4096


def _snap_matrix(M: Any) -> tuple[NDArray[Any], NDArray[np.float64]] | None:
    """(Fractions, floats) of a normalised float matrix snapped to small rationals, or None.

    Works on the distinct values only, so a 400 x 400 game of {0, 1} costs two look-ups.
    """
    values, inverse = np.unique(np.asarray(M, dtype=float), return_inverse=True)
    fracs = []
    for v in values:
        f = Fraction(float(v)).limit_denominator(SNAP_DENOMINATOR)
        if abs(float(v) - float(f)) > SNAP_TOL:
            return None
        fracs.append(f)
    exact = np.empty(len(fracs), dtype=object)
    exact[:] = fracs
    floats = np.array([float(f) for f in fracs])
    shape = np.shape(M)
    return exact[inverse].reshape(shape), floats[inverse].reshape(shape)


def snapped(game: Bimatrix, *, exact: bool = True) -> Bimatrix | None:
    """The rational game a normalised float game is a rounding of, or ``None``.

    Parameters
    ----------
    game : Bimatrix
        The game, already normalised to [0, 1]; an exact game is returned as it is.
    exact : bool, optional
        Give the snapped payoffs as Fractions (default) or as floats (equal rationals, equal
        floats).

    Returns
    -------
    Bimatrix or None
        The snapped game (labels and players kept), or None when some payoff lies farther
        than ``SNAP_TOL`` from every rational with denominator at most ``SNAP_DENOMINATOR``.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[1e12 + 3, 1e12], [1e12, 1e12 + 2]], [[2, 0], [0, 3]])
    >>> snapped(g.normalised()).A.tolist()
    [[Fraction(1, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(2, 3)]]
    >>> snapped(Bimatrix.from_arrays([[0.5, 1e-7], [1, 0]], [[1, 0], [0, 1]])) is None
    True
    """
    if game.is_exact:
        return game if exact else game.to_float()
    a = _snap_matrix(game.A)
    b = _snap_matrix(game.B) if a is not None else None
    if a is None or b is None:
        return None
    k = 0 if exact else 1
    A, B = a[k], b[k]
    A.setflags(write=False)
    B.setflags(write=False)
    return Bimatrix(A, B, game.row_labels, game.col_labels, game.players)


def prepared(game: Bimatrix, *, exact: bool) -> tuple[Bimatrix, dict[str, Any]]:
    """The normalised game a kernel runs on, exact or float, and what was done to it.

    ``exact=True`` works on the game's rationals as written (``to_exact``: a float is its
    shortest decimal), never snapped. Float kernels get the normalised floats; an exact
    game is normalised in rationals first (equal payoffs stay equal), a float game is
    snapped when it snaps.

    Parameters
    ----------
    game : Bimatrix
        The game as given.
    exact : bool
        Whether the kernel runs in rationals.

    Returns
    -------
    game : Bimatrix
        The normalised game the kernel runs on.
    info : dict
        ``{"snapped": bool}``: whether a float game was replaced by its snapped rationals.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3e9, 0], [0, 2e9]], [[2e9, 0], [0, 3e9]])
    >>> run_on, info = prepared(g, exact=False)
    >>> run_on.A.tolist(), info
    ([[1.0, 0.0], [0.0, 0.6666666666666666]], {'snapped': True})
    """
    if exact:
        return game.to_exact().normalised(), {"snapped": False}
    if game.is_exact:
        return game.normalised().to_float(), {"snapped": False}
    norm = game.normalised()
    snap = snapped(norm, exact=False)
    if snap is None:
        return norm, {"snapped": False}
    return snap, {"snapped": True}
