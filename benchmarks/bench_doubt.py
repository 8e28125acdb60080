"""Time the negotiation game with the sender's type in doubt (``solver.model.doubt.resolve_game``).

Run: ``.venv/bin/python benchmarks/bench_doubt.py``.

Prints Markdown tables (no test asserts on timing):

1. The reference case (six sectors), two sender types, an 8-round deadline: ``solve_talks``
   piece by piece under ``types="resolve"`` and ``types="audience"``, each solve including
   its independent PBE check. Target: under 5 s.
2. How the cost grows with the rounds (1..32) and with the belief grid (201..2001 points),
   for one sector (autos, ``types="audience"``). The number of types is fixed at two (the
   only number the solver takes).
3. One round against independent solvers of the same game: the one-shot resolve game as a
   tree (``resolve_game_tree``), solved by this project's tree PBE engine
   (``perfect_bayesian_equilibria``: the Bayesian normal form, all extreme equilibria) and by
   pygambit 16's ``lcp_solve`` on the tree read from its ``.efg`` export. Ratios are theirs /
   ours (above 1: ours is faster). The games agree: ours gives the one-shot closed forms
   (a test), so the comparison is like for like.

Times are the best of 3 repeats.
"""

from __future__ import annotations

import io
import platform
import time
from collections.abc import Callable
from typing import Any

from solver import Protocol, load_scenario, perfect_bayesian_equilibria
from solver.model import resolve_game_tree
from solver.model.doubt.resolve_game import solve_sector_types
from solver.model.sector import Sector
from solver.model.talks import solve_talks
from solver.representations.io.efg import to_efg


def best(f: Callable[[], Any], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def reference() -> None:
    sc = load_scenario()
    print("### Reference case: six sectors, two types, 8 rounds (solve + check)\n")
    print("| types | seconds | all checks pass |")
    print("| --- | --- | --- |")
    for kind in ("resolve", "audience"):
        p = Protocol(rounds=8, breakdown=0.05, types=kind)
        t = best(lambda p=p: solve_talks(sc, p, "piecemeal"))
        talks = solve_talks(sc, p, "piecemeal")
        ok = all(g.check.passed for g in talks.sectors.values())  # type: ignore[union-attr]
        print(f"| {kind} | {t:.2f} | {ok} |")
    print()


def scaling() -> None:
    s = load_scenario().sector("autos")
    print("### Growth: one sector (autos, audience types)\n")
    print("| rounds | grid 201 (s) | grid 1001 (s) | grid 2001 (s) |")
    print("| --- | --- | --- | --- |")
    for rounds in (1, 2, 4, 8, 16, 32):
        p = Protocol(rounds=rounds, breakdown=0.05)
        cells = [best(lambda g=g, p=p: solve_sector_types(s, p, "audience", grid=g), 2)
                 for g in (201, 1001, 2001)]
        print(f"| {rounds} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    print()


def one_round() -> None:
    print("### One round against the tree PBE engine and pygambit\n")
    print("| game | ours (s) | perfect_bayesian_equilibria (s) | ratio | pygambit lcp (s) "
          "| ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    cases = [("closed form, prior 0.2", dict(gain=1.0, cost=0.4, loss_target=0.8,
                                              loss_sender=2.0, backdown_cost=0.3,
                                              resolve=0.2, discount_sender=0.5,
                                              discount_target=0.9)),
             ("pooling, prior 0.95", dict(gain=1.0, cost=0.4, loss_target=0.8,
                                          loss_sender=2.0, backdown_cost=0.3, resolve=0.95,
                                          discount_sender=0.5, discount_target=0.9))]
    for name, kw in cases:
        s = Sector("x", **kw)  # type: ignore[arg-type]
        p = Protocol(rounds=1, breakdown=0.0)
        ours = best(lambda s=s, p=p: solve_sector_types(s, p, "resolve"))
        tree = resolve_game_tree(gain=s.gain, cost=s.cost, loss_target=s.loss_target,
                                 loss_sender=s.loss_sender,
                                 backdown_cost=s.backdown_cost, resolve=s.resolve,
                                 discount_sender=s.discount_sender,
                                 discount_target=s.discount_target)
        engine = best(lambda tree=tree: perfect_bayesian_equilibria(tree))
        row = f"| {name} | {ours:.4f} | {engine:.4f} | {engine / ours:.2f} |"
        try:
            import pygambit as gbt

            text = to_efg(tree)

            def gambit(text: str = text) -> Any:
                g = gbt.read_efg(io.StringIO(text))
                return gbt.nash.lcp_solve(g, rational=False)

            gb = best(gambit)
            row += f" {gb:.4f} | {gb / ours:.2f} |"
        except Exception as exc:  # pygambit missing or cannot read: say so in the table
            row += f" n/a ({type(exc).__name__}) | - |"
        print(row)
    print()


if __name__ == "__main__":
    print(f"Python {platform.python_version()}, {platform.machine()}, "
          f"{time.strftime('%Y-%m-%d')}\n")
    reference()
    scaling()
    one_round()
