"""The sanction subgame (the threat point of the negotiation game): the solved tree, the
vectorised batch and the tie-break, against ``subgame_perfect`` on the literal tree."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.algorithms.extensive.backward_induction import subgame_perfect
from solver.model.sanction_subgame import (
    PATHS,
    batch_threats,
    sanction_subgame,
    sector_terminals,
    solve_subgame,
    terminal_payoffs,
)
from solver.model.scenario import load_scenario
from solver.model.sector import Sector
from tests import strategies

discount = st.floats(0.05, 0.99)


def sectors(name: str = "s") -> st.SearchStrategy[Sector]:
    return strategies.sectors(
        gain=(0.1, 20.0), cost=(0.0, 30.0), curvature=[1.0, 1.5, 2.0, 3.0],
        deliverability=(0.1, 1.0), loss_target=(0.0, 10.0), loss_sender=(0.0, 3.0),
        backdown_cost=(0.0, 3.0), discount_sender=discount, discount_target=discount, name=name)


@st.composite
def bundles(draw: st.DrawFn) -> tuple[list[Sector], list[float]]:
    n = draw(st.integers(1, 4))
    secs = [draw(sectors(f"s{i}")) for i in range(n)]
    return secs, [draw(st.floats(0.0, 1.0)) for _ in secs]


def _scale(secs: list[Sector]) -> float:
    return sum(s.value + s.cost + s.loss_target + s.loss_sender + s.backdown_cost for s in secs)


@settings(max_examples=40)
@given(bundles())
def test_solve_subgame_is_the_first_spe_of_its_tree(bundle) -> None:  # type: ignore[no-untyped-def]
    """``solve_subgame`` reads its threat point off ``subgame_perfect`` of the literal tree;
    its per-sector split sums to it along that SPE's path; the flags match the path."""
    secs, demands = bundle
    g = solve_subgame(secs, demands)
    spe = subgame_perfect(sanction_subgame(secs, demands))
    assert g.payoffs == spe[0].payoffs
    assert g.path == tuple(spe[0].path)
    tol = 1e-12 * _scale(secs)
    for i in (0, 1):
        assert abs(sum(p[i] for p in g.per_sector) - g.payoffs[i]) <= tol
    assert g.sanction == (g.path[0] == "Sanction")
    assert g.concede == (g.path == ("Sanction", "Concede"))


def test_known_subgame_paths() -> None:
    """By hand, from the tree in ``sanction_subgame``'s docstring. Glass-like sector
    (v = 1, c = 0.6, L_T = 0.5, L_S = 0.1, a = 0.3, d = (0.9, 0.75)):

    * D = 1: conceding costs the target 0.25 * 0.5 + 0.75 * 0.6 = 0.575 > 0.5, so it holds
      out; sanctioning then costs the sender 0.1 < 0.3 (backing down): (-0.1, -0.5).
    * D = 0.5: conceding costs 0.125 + 0.225 = 0.35 < 0.5: it concedes, and the sender gets
      0.1 * -0.1 + 0.9 * 0.5 = 0.44: (0.44, -0.35).
    * L_S = 0.5 > a = 0.3 and D = 1: the target would hold out, so the sender backs down:
      (-0.3, 0).
    """
    s = Sector("glass", gain=1.0, cost=0.6, loss_target=0.5, loss_sender=0.1,
               backdown_cost=0.3, discount_sender=0.9, discount_target=0.75)
    g = solve_subgame([s], [1.0])
    assert g.path == ("Sanction", "HoldOut") and g.payoffs == pytest.approx((-0.1, -0.5))
    g = solve_subgame([s], [0.5])
    assert g.path == ("Sanction", "Concede") and g.payoffs == pytest.approx((0.44, -0.35))
    g = solve_subgame([s.with_values(loss_sender=0.5)], [1.0])
    assert g.path == ("BackDown",) and g.payoffs == pytest.approx((-0.3, 0.0))


def _batch(rows: list[tuple[list[Sector], list[float]]]) -> tuple[np.ndarray, np.ndarray]:
    width = max(len(s) for s, _ in rows)

    def col(attr: str) -> np.ndarray:
        return np.array([[getattr(s, attr) for s in secs] + [1.0] * (width - len(secs))
                         for secs, _ in rows])

    v = np.array([[s.value for s in secs] + [1.0] * (width - len(secs)) for secs, _ in rows])
    demand = np.array([list(d) + [1.0] * (width - len(d)) for _, d in rows])
    mask = np.array([[j < len(secs) for j in range(width)] for secs, _ in rows])
    return batch_threats(v=v, c=col("cost"), k=col("curvature"), loss_target=col("loss_target"),
                         loss_sender=col("loss_sender"), backdown=col("backdown_cost"),
                         d_sender=col("discount_sender"), d_target=col("discount_target"),
                         demand=demand, mask=mask)


@settings(max_examples=30)
@given(st.lists(bundles(), min_size=1, max_size=6))
def test_batch_threats_equal_the_scalar_path_row_by_row(rows) -> None:  # type: ignore[no-untyped-def]
    """The vectorised subgame (for sweeps and bundles) gives each row the scalar tree's
    per-sector split and sanction flag; padded columns get nothing."""
    per, sanction = _batch(rows)
    for i, (secs, demands) in enumerate(rows):
        g = solve_subgame(secs, demands)
        assert bool(sanction[i]) == g.sanction
        tol = 1e-12 * _scale(secs)
        for j in range(len(secs)):
            assert abs(per[i, j, 0] - g.per_sector[j][0]) <= tol
            assert abs(per[i, j, 1] - g.per_sector[j][1]) <= tol
        assert np.all(per[i, len(secs):] == 0.0)


@pytest.mark.parametrize("name", [s.name for s in load_scenario().sectors])
def test_tie_at_the_targets_node_goes_to_concede(name: str) -> None:
    """At D = (L_T / c)**(1/k) the target is indifferent (both give -L_T; docs/model.md,
    "The threat point"); the first SPE, the scalar path and the batch all take Concede, the
    first action, and the tree's SPE set contains both."""
    s = load_scenario().sector(name)
    d = min(1.0, (s.loss_target / s.cost) ** (1 / s.curvature))
    spe = subgame_perfect(sanction_subgame([s], [d]))
    g = solve_subgame([s], [d])
    assert g.path == ("Sanction", "Concede") == tuple(spe[0].path)
    if d < 1:  # a real tie (medical has L_T > c: it concedes to full opening outright)
        assert {tuple(e.path) for e in spe} >= {("Sanction", "Concede"), ("Sanction", "HoldOut")}
        assert g.payoffs[1] == pytest.approx(-s.loss_target, rel=1e-12)
    _, sanction = _batch([([s], [d])])
    assert bool(sanction[0])


def test_tie_at_the_senders_node_goes_to_sanction() -> None:
    """With L_S = a and a target that holds out, the sender is indifferent between
    sanctioning (-L_S) and backing down (-a): Sanction, the first action, is taken by the
    first SPE, the scalar path and the batch."""
    s = Sector("tie", gain=1.0, cost=2.0, loss_target=0.5, loss_sender=0.25,
               backdown_cost=0.25)
    spe = subgame_perfect(sanction_subgame([s], [1.0]))
    assert len(spe) == 2 and tuple(spe[0].path) == ("Sanction", "HoldOut")
    g = solve_subgame([s], [1.0])
    assert g.sanction and g.payoffs == (-0.25, -0.5)
    per, sanction = _batch([([s], [1.0])])
    assert bool(sanction[0]) and tuple(per[0, 0]) == (-0.25, -0.5)


def test_pooled_subgame_sums_the_sectors() -> None:
    """A bundle's subgame (cross-sector retaliation) sums each terminal over its sectors, and
    a threat that is not credible alone can be carried out in a pool (docs/model.md,
    "Cross-sector retaliation"). By hand: alone, "weak" would hold out (conceding costs
    0.01 + 4.5 > 0.1), so the sender backs down (-0.2 > -1). Pooled with "strong", the
    target holds out on both (-5.61 < -2.1) and sanctioning costs the sender 1.1 < 2.2."""
    weak = Sector("weak", gain=0.5, cost=5.0, loss_target=0.1, loss_sender=1.0,
                  backdown_cost=0.2)
    strong = Sector("strong", gain=5.0, cost=1.0, loss_target=2.0, loss_sender=0.1,
                    backdown_cost=2.0)
    alone = solve_subgame([weak], [1.0])
    assert alone.path == ("BackDown",)
    pooled = solve_subgame([weak, strong], [1.0, 1.0])
    assert pooled.sanction
    t = [sector_terminals(s, 1.0) for s in (weak, strong)]
    tree = sanction_subgame([weak, strong], [1.0, 1.0])
    for p in PATHS:
        assert tree.node(p).payoffs == pytest.approx(
            (t[0][p][0] + t[1][p][0], t[0][p][1] + t[1][p][1]))


def test_the_losses_and_discounts_cannot_be_swapped_by_position() -> None:
    """Issue 15: nine positional parameters, two losses and two discount factors among them."""
    args = (1.0, 0.5, 1.0, 0.6, 0.2, 0.3, 0.9, 0.8, 1.0)
    with pytest.raises(TypeError, match="positional"):
        terminal_payoffs(*args)  # type: ignore[misc]
    names = ("v", "c", "k", "loss_target", "loss_sender", "backdown", "d_sender", "d_target",
             "demand")
    kw = dict(zip(names, args, strict=True))
    swapped = {**kw, "loss_target": kw["loss_sender"], "loss_sender": kw["loss_target"]}
    assert terminal_payoffs(**kw) != terminal_payoffs(**swapped)
    s = Sector("s", gain=1.0, cost=0.5, loss_target=0.6, loss_sender=0.2, backdown_cost=0.3,
               discount_sender=0.9, discount_target=0.8)
    assert sector_terminals(s, 1.0) == terminal_payoffs(**kw)
