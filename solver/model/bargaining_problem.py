"""A sector's bargaining problem, built from its parameters (``docs/model.md``).

The sector's frontier is ``u_T = -c (u_S / (q G))**k``: the sender's payoff ``u_S = q G x``
runs over ``[0, q G]`` as the opening ``x`` runs over ``[0, 1]``. This is domain knowledge,
so it lives in the model layer; the problem itself is a plain
:class:`~solver.representations.bargaining.BargainingProblem`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver._core.errors import InputError
from solver.representations.bargaining import BargainingProblem
from solver.representations.bargaining.problem import read_number

__all__ = ["SectorBargaining"]


@dataclass(frozen=True)
class SectorBargaining:
    """A sector's bargaining problem with the map from payoffs back to openings.

    Build it with :meth:`from_sector`.

    Attributes
    ----------
    problem : BargainingProblem
        A polygon (exact for rational inputs) when the frontier is a segment (``k = 1``,
        ``c = 0`` or ``q G = 0``); a smooth frontier otherwise.
    scale : number
        ``q G``, the sender's payoff from the full opening ``x = 1``.

    Examples
    --------
    >>> sb = SectorBargaining.from_sector(gain=6, cost=3, curvature=1, deliverability=1,
    ...                                   disagreement=(-2, -4))
    >>> sb.problem.kind, sb.opening((3, -3 / 2))
    ('polygon', 0.5)
    """

    problem: BargainingProblem
    scale: Any

    @classmethod
    def from_sector(
        cls, *, gain: Any, cost: Any, curvature: Any, deliverability: Any,
        disagreement: Sequence[Any],
    ) -> SectorBargaining:
        """A sector's bargaining problem: ``u_T = -c (u_S / (q G))**k`` against ``d``.

        Parameters
        ----------
        gain : number
            ``G > 0``, the sender's gain from a full opening.
        cost : number
            ``c >= 0``, the target's cost of a full opening.
        curvature : number
            ``k >= 1``.
        deliverability : number
            ``q`` in ``[0, 1]``.
        disagreement : (d_S, d_T)

        Returns
        -------
        SectorBargaining

        Examples
        --------
        >>> sb = SectorBargaining.from_sector(gain=2, cost=1, curvature=2, deliverability=0.5,
        ...                                   disagreement=(-1, -1))
        >>> sb.problem.kind, sb.opening((0.25, -0.0625))
        ('frontier', 0.25)
        """
        func = "SectorBargaining.from_sector()"
        checks: tuple[tuple[str, Any, Callable[[Any], bool], str], ...] = (
            ("gain", gain, lambda v: v > 0, "> 0"),
            ("cost", cost, lambda v: v >= 0, ">= 0"),
            ("curvature", curvature, lambda v: v >= 1, ">= 1"),
            ("deliverability", deliverability, lambda v: 0 <= v <= 1, "in [0, 1]"),
        )
        for name, v, ok, text in checks:
            read_number(func, name, v)
            if not ok(v):
                raise InputError(f"{func}: {name} must be {text}, got {v!r}")
        scale = deliverability * gain
        problem: BargainingProblem
        if curvature == 1 or cost == 0 or scale == 0:
            pts = [(0, 0)] if scale == 0 else [(0, 0), (scale, -cost)]
            problem = BargainingProblem.from_points(pts, disagreement)
        else:
            k, c, s = float(curvature), float(cost), float(scale)
            problem = BargainingProblem.from_frontier(
                lambda u: -c * (max(u, 0.0) / s) ** k, domain=(0.0, s), disagreement=disagreement,
                # c k u^(k-1) / s^k, written so that a large k does not overflow s^k
                derivative=lambda u: -c * k / s * (max(u, 0.0) / s) ** (k - 1),
            )
        return cls(problem, scale)

    def opening(self, point: Sequence[Any]) -> Any:
        """The opening ``x = u_S / (q G)`` of a payoff pair (exact for exact inputs).

        Examples
        --------
        >>> sb = SectorBargaining.from_sector(gain=6, cost=3, curvature=1,
        ...                                   deliverability=Fraction(1, 2), disagreement=(-2, -4))
        >>> sb.opening((Fraction(3, 2), Fraction(-3, 4)))
        Fraction(1, 2)
        """
        if self.scale == 0:
            return 0
        u = point[0]
        if isinstance(u, Fraction) and isinstance(self.scale, Fraction | int):
            return u / self.scale
        return float(u) / float(self.scale)
