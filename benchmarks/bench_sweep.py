"""Sweep throughput: the vectorised sweep against the per-draw scalar path, in one run.

The scalar path solves each draw as the tables do (sanction game trees, then the scalar
Nash program for piece by piece, the package and the linked package); it is timed on a
subsample and extrapolated. Target (issue 6): 100,000 draws of the reference case in under
10 s on 2 cores.

    .venv/bin/python benchmarks/bench_sweep.py            # --draws 100000 --scalar 200
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np

from solver import (
    Scenario,
    analyse_scenario,
    linked_package,
    load_scenario,
    package,
    piece_by_piece,
    sweep,
)
from solver.model.sweep import _draw, _Plan


def scalar_draws(scenario: Scenario, n: int, seed: int) -> float:
    """Seconds for ``n`` draws solved one by one through the tables' path."""
    fields = _draw(_Plan(scenario), n, np.random.default_rng(seed))
    start = time.perf_counter()
    for i in range(n):
        sectors = tuple(
            s.with_values(**{attr: float(fields[attr][i, j]) for attr in fields
                             if attr != "floor"})
            for j, s in enumerate(scenario.sectors))
        floors = tuple((s.name, float(fields["floor"][i, j]))
                       for j, s in enumerate(scenario.sectors) if scenario.floor(s.name) > 0)
        sc = Scenario(scenario.name, scenario.sender, scenario.target, sectors, floors)
        # The same three agendas the sweep compares, threat points from the game trees.
        threats = {a.sector.name: a.threat for a in analyse_scenario(sc)}
        _ = (piece_by_piece(sc, threats).sender_payoff, package(sc, threats).sender_payoff,
             linked_package(sc, threats).sender_payoff)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--draws", type=int, default=100_000)
    ap.add_argument("--scalar", type=int, default=200, help="draws timed on the scalar path")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    scenario = load_scenario()
    times = []
    for r in range(args.repeats):
        start = time.perf_counter()
        sweep(scenario, draws=args.draws, seed=r, progress=False)
        times.append(time.perf_counter() - start)
    ours = statistics.median(times)
    per_draw = scalar_draws(scenario, args.scalar, seed=0) / args.scalar
    projected = per_draw * args.draws
    print(f"machine: {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    print("| path | draws | median seconds | per draw (ms) | scalar / vectorised |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| vectorised sweep | {args.draws} | {ours:.2f} | {1000 * ours / args.draws:.4f} | 1 |")
    print(f"| scalar tables path (projected from {args.scalar}) | {args.draws} | "
          f"{projected:.0f} | {1000 * per_draw:.2f} | {projected / ours:.0f} |")


if __name__ == "__main__":
    main()
