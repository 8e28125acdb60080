"""The result types of the bargaining solutions: one per kind of answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import pandas as pd


from solver._core.results import Certified, frozen_mapping
from solver._core.tabular import Tabular, one_line
from solver.representations.bargaining import BARGAINING_TOL

__all__ = ["BargainingSolution", "RubinsteinSolution", "VariableThreatSolution"]


class _Certified(Certified, Tabular):
    """A bargaining answer: its certificate's residuals (read-only), as a table row."""

    def __post_init__(self) -> None:
        # Read-only views, so a frozen result cannot be changed through its mappings.
        object.__setattr__(self, "residuals", frozen_mapping(self.residuals))

    def to_frame(self) -> pd.DataFrame:
        """One row: the solution's fields (points as u1, u2), exactness, worst residual."""
        import pandas as pd

        row: dict[str, Any] = {}
        for f in fields(cast(Any, self)):
            v = getattr(self, f.name)
            if f.name == "residuals":
                continue
            if isinstance(v, tuple) and len(v) == 2 and all(_is_number(x) for x in v):
                row[f"{f.name}_1"], row[f"{f.name}_2"] = float(v[0]), float(v[1])
            elif _is_number(v) or isinstance(v, str | bool):
                row[f.name] = v if isinstance(v, str | bool | int) else float(v)
        row["max_residual"] = float(self.max_residual)
        return pd.DataFrame([row])

    def is_certified(self, tol: float = BARGAINING_TOL) -> bool:
        """Whether every residual is at most ``tol`` (exactly 0 for exact answers).

        Examples
        --------
        >>> from solver.algorithms.bargaining import nash_bargaining
        >>> from solver.representations.bargaining import BargainingProblem
        >>> nash_bargaining(BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))).is_certified()
        True
        """
        return super().is_certified(tol)


@dataclass(frozen=True)
class BargainingSolution(_Certified):
    """An axiomatic bargaining solution, with the certificate of its defining conditions.

    Attributes
    ----------
    point : (u1, u2)
        The agreed payoffs; the disagreement point when ``agreement`` is False. Fractions
        when ``exact``.
    method : str
        ``"nash"``, ``"kalai_smorodinsky"``, ``"egalitarian"`` or ``"utilitarian"``.
    exact : bool
        Whether the point was computed in exact rational arithmetic.
    agreement : bool
        False when no feasible point is strictly better than ``d`` for both players.
    residuals : mapping of str to float
        The certificate: each defining condition's violation, 0 when it holds
        (see :mod:`solver.algorithms.bargaining.certificate`).
    parameters : mapping
        The inputs that shaped the answer (e.g. the Nash weights).
    """

    point: tuple[Any, Any]
    method: str
    exact: bool
    agreement: bool
    residuals: Mapping[str, float]
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "parameters", frozen_mapping(self.parameters))

    def __repr__(self) -> str:
        return one_line("BargainingSolution", self.method, point=self.point,
                        agreement=self.agreement, exact=self.exact)


@dataclass(frozen=True)
class VariableThreatSolution(_Certified):
    """Nash's (1953) variable-threat solution of a bimatrix game.

    Attributes
    ----------
    point : (u1, u2)
        The agreed payoffs: the Nash bargaining solution from the threat point.
    threat_point : (u1, u2)
        The payoffs if both players carry out their threats.
    threats : (row strategy, column strategy)
        Optimal threat strategies (mixed strategies as tuples of probabilities).
    slope : float
        ``h``: the frontier at ``point`` has supporting slope ``-h``; the threats are optimal
        in the zero-sum game ``h A - B``.
    value : float
        The value of that zero-sum game.
    """

    point: tuple[float, float]
    threat_point: tuple[float, float]
    threats: tuple[tuple[float, ...], tuple[float, ...]]
    slope: float
    value: float
    method: str
    exact: bool
    agreement: bool
    residuals: Mapping[str, float]

    def __repr__(self) -> str:
        return one_line("VariableThreatSolution", point=self.point,
                        threat_point=self.threat_point, agreement=self.agreement,
                        exact=self.exact)


@dataclass(frozen=True)
class RubinsteinSolution(_Certified):
    """The subgame-perfect agreement of alternating-offers bargaining.

    Attributes
    ----------
    point : (u1, u2)
        The agreed payoffs when player ``first`` proposes first (agreement is immediate).
    proposals : ((u1, u2), (u1, u2))
        What player 0 proposes when it is its turn, and what player 1 proposes.
    first : int
        Who proposes first.
    discount : (d1, d2)
        The per-round discount factors used.
    binding : (bool, bool)
        Whether each player's outside option binds (outside option principle).
    method : str
        ``"closed-form"``, ``"fixed-point"``, ``"backward-induction"`` or ``"limit"``.
    """

    point: tuple[Any, Any]
    proposals: tuple[tuple[Any, Any], tuple[Any, Any]]
    first: int
    discount: tuple[Any, Any]
    binding: tuple[bool, bool]
    method: str
    exact: bool
    agreement: bool
    residuals: Mapping[str, float]
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "parameters", frozen_mapping(self.parameters))

    def __repr__(self) -> str:
        return one_line("RubinsteinSolution", point=self.point, first=self.first,
                        discount=self.discount, agreement=self.agreement)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float | Fraction) and not isinstance(v, bool)
