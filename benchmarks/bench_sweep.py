"""Sweep throughput: the vectorised sweep against the per-draw scalar path, in one run.

Both solve the same negotiation game (``docs/model.md``) under the scenario's protocol: the
sweep through the vectorised engine with one row per draw, the scalar path by rebuilding each
draw's scenario and calling :func:`solver.solve_talks` once for each agenda the sweep compares
(piecemeal, package, linked). The scalar path is timed on a subsample and extrapolated.
Target (issue 6): 100,000 draws of the reference case in under 10 s on 2 cores.

    .venv/bin/python benchmarks/bench_sweep.py            # --draws 100000 --scalar 300
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np

from solver import Scenario, load_scenario, solve_talks, sweep
from solver.model.protocol import Protocol
from solver.model.sweep import AGENDAS, _draw, _Plan


def scalar_draws(scenario: Scenario, protocol: Protocol, n: int, seed: int) -> float:
    """Seconds for ``n`` draws solved one by one through ``solve_talks``."""
    fields = _draw(_Plan(scenario, protocol), n, np.random.default_rng(seed))
    start = time.perf_counter()
    for i in range(n):
        sectors = tuple(
            s.with_values(**{attr: float(fields[attr][i, j]) for attr in fields
                             if attr != "floor"})
            for j, s in enumerate(scenario.sectors))
        floors = tuple((s.name, float(fields["floor"][i, j]))
                       for j, s in enumerate(scenario.sectors))
        sc = Scenario(scenario.name, scenario.sender, scenario.target, sectors, floors,
                      protocol=protocol)
        for agenda in AGENDAS:
            _ = solve_talks(sc, protocol, agenda).sender_payoff
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--draws", type=int, default=100_000)
    ap.add_argument("--scalar", type=int, default=300, help="draws timed on the scalar path")
    ap.add_argument("--repeats", type=int, default=1)
    args = ap.parse_args()
    scenario = load_scenario()
    protocol = scenario.protocol
    times = []
    for r in range(args.repeats):
        start = time.perf_counter()
        sweep(scenario, draws=args.draws, seed=r, protocol=protocol, progress=False)
        times.append(time.perf_counter() - start)
    ours = statistics.median(times)
    per_draw = scalar_draws(scenario, protocol, args.scalar, seed=0) / args.scalar
    projected = per_draw * args.draws
    print(f"machine: {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    print(f"protocol: {protocol.describe()}")
    print("| path | draws | median seconds | per draw (ms) | scalar / vectorised |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| vectorised sweep | {args.draws} | {ours:.2f} | {1000 * ours / args.draws:.4f} | 1 |")
    print(f"| scalar solve_talks path (projected from {args.scalar}) | {args.draws} | "
          f"{projected:.0f} | {1000 * per_draw:.2f} | {projected / ours:.1f} |")


if __name__ == "__main__":
    main()
