"""Hypothesis strategies shared by the test modules: sectors, protocols, bimatrix payoffs and
game trees.

Each strategy is parametrised by the ranges its callers draw from, and every caller passes
its own ranges (a test's ranges are part of what it claims), so one definition serves the
sector game's patient-target sectors and the sweep's zero-or-magnitude losses alike. The
budget (``max_examples``) and the profile (derandomized, ``deadline=None``) come from
``tests/conftest.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from solver.model.protocol import Protocol
from solver.model.sector import Sector
from solver.representations.tree import Chance, Decision, GameTree, Node, Outcome

#: A float range: ``(lo, hi)`` for ``st.floats(lo, hi)``, or any float strategy.
Floats = tuple[float, float] | st.SearchStrategy[float]

SIDES = ("sender", "target")


def floats(spec: Floats) -> st.SearchStrategy[float]:
    """``st.floats(lo, hi)`` for a pair, the strategy itself otherwise."""
    return st.floats(*spec) if isinstance(spec, tuple) else spec


# -- the model ------------------------------------------------------------------------------


@st.composite
def sectors(draw: st.DrawFn, *, gain: Floats, cost: Floats, curvature: Sequence[float],
            deliverability: Floats, loss_target: Floats | None = None,
            loss_sender: Floats | None = None, backdown_cost: Floats | None = None,
            discount_sender: Floats | None = None, discount_target: Floats | None = None,
            patient_target: bool = False, name: str | st.SearchStrategy[str] = "s") -> Sector:
    """A ``Sector`` with each field drawn from the caller's range; a field given ``None``
    keeps ``Sector``'s default.

    With ``patient_target`` the sender's discount is ``discount_sender`` (a factor in
    ``[lo, hi]``) times ``d_T**(1/k)``, floored at 0.01: then ``d_S <= d_T**(1/k)``, the case
    in which delaying an agreement never pays (docs/model.md, "Delay").
    """
    label = name if isinstance(name, str) else draw(name)
    fields: dict[str, float] = {
        "gain": draw(floats(gain)), "cost": draw(floats(cost)),
        "curvature": draw(st.sampled_from(list(curvature))),
        "deliverability": draw(floats(deliverability)),
    }
    for key, spec in (("loss_target", loss_target), ("loss_sender", loss_sender),
                      ("backdown_cost", backdown_cost), ("discount_target", discount_target)):
        if spec is not None:
            fields[key] = draw(floats(spec))
    if discount_sender is not None:
        d_s = draw(floats(discount_sender))
        if patient_target:
            d_t = fields.get("discount_target", Sector.discount_target)
            d_s = max(d_s * d_t ** (1 / fields["curvature"]), 0.01)
        fields["discount_sender"] = d_s
    return Sector(label, **fields)


def protocols(*, rounds: st.SearchStrategy[int | None], breakdown: Floats,
              setter: bool = False, alternate: bool = False,
              retaliation: Sequence[str] | None = None) -> st.SearchStrategy[Protocol]:
    """A ``Protocol``: the deadline from ``rounds``, the breakdown risk from ``breakdown``
    and the first proposer drawn; with ``setter``/``alternate`` those are drawn too, and
    ``retaliation`` lists the retaliation kinds to draw from (else ``Protocol``'s default)."""
    fields: dict[str, st.SearchStrategy[Any]] = {
        "rounds": rounds, "breakdown": floats(breakdown), "first": st.sampled_from(SIDES),
    }
    if setter:
        fields["setter"] = st.sampled_from(SIDES)
    if alternate:
        fields["alternate"] = st.booleans()
    if retaliation is not None:
        fields["retaliation"] = st.sampled_from(list(retaliation))
    return st.builds(Protocol, **fields)


# -- normal forms ---------------------------------------------------------------------------


@st.composite
def int_payoffs(draw: st.DrawFn, *, lo: int, hi: int, max_side: int = 4,
                constant_sum: bool = False) -> tuple[list[list[int]], list[list[int]]]:
    """Payoff lists (A, B) of an m x n game, 1 <= m, n <= ``max_side``, integers in
    ``[lo, hi]`` (a small range, so degenerate games are common); ``constant_sum`` makes
    B = -A."""
    m = draw(st.integers(1, max_side))
    n = draw(st.integers(1, max_side))
    cell = st.integers(lo, hi)
    A = [[draw(cell) for _ in range(n)] for _ in range(m)]
    B = [[-v for v in row] for row in A] if constant_sum else \
        [[draw(cell) for _ in range(n)] for _ in range(m)]
    return A, B


# -- game trees -----------------------------------------------------------------------------


@st.composite
def perfect_info_trees(draw: st.DrawFn, ties: bool = False) -> GameTree:
    """Two-player perfect-information trees of depth <= 3 with integer payoffs.

    Without ties every payoff of a player is distinct and there are no chance nodes (whose
    expectations could tie), so backward induction is unique.
    """
    counter = itertools.count()
    kinds = ["A", "B", "chance"] if ties else ["A", "B"]
    shape = draw(st.recursive(
        st.just("leaf"),
        lambda kids: st.tuples(st.sampled_from(kinds),
                               st.lists(kids, min_size=2, max_size=3)),
        max_leaves=8,
    ))
    n_leaves = str(shape).count("leaf")
    if ties:
        pays = [(draw(st.integers(-2, 2)), draw(st.integers(-2, 2))) for _ in range(n_leaves)]
    else:
        a = draw(st.permutations(range(n_leaves)))
        b = draw(st.permutations(range(n_leaves)))
        pays = list(zip(a, b, strict=True))

    def build(s: Any) -> Node:
        if s == "leaf":
            return Outcome(pays[next(counter)])
        kind, kids = s
        if kind == "chance":
            p = Fraction(1, len(kids))
            return Chance({f"c{k}": (build(c), p) for k, c in enumerate(kids)})
        return Decision(kind, {f"{kind.lower()}{k}": build(c) for k, c in enumerate(kids)})

    return GameTree(build(shape), players=("A", "B"))
