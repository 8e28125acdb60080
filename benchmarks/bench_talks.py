"""Time the negotiation game (``solver.model.talks``): every agenda, sectors and rounds scaling,
and one sector's game against independent solvers in the same run.

Run: ``.venv/bin/python benchmarks/bench_talks.py [--max-sectors 12] [--max-free 10]``.

Prints Markdown tables (the timings are not asserted by any test):

1. The reference case (``load_scenario()``, six sectors) under ``Protocol(rounds=8,
   breakdown=0.05)``: ``solve_talks`` for each agenda. Target: the free agenda in under 1 s.
2. Scaling in the number of sectors S = 2..12. Sector ``i`` is reference sector ``i mod 6``
   with its gain scaled by ``1 + 0.03 (i div 6)`` and a unique name (S <= 6: the reference
   sectors themselves; copies keep their original's package floor). Piecemeal, package and
   linked for every S (target: 12 sectors in under 10 s); free up to ``MAX_FREE_SECTORS``,
   with its state count, and the error it raises beyond.
3. Rounds scaling: the free agenda on the reference case for 1, 4, 8, 16, 32 rounds.
4. One sector's game against independent implementations: the project's scalar
   ``rubinstein(..., horizon=N)`` on the sector's frontier ``u_T = -c x**k`` (sender payoff
   in units of ``v``) with the sanction subgame's threat as breakdown payoffs, valid when
   waiting never pays (here ``d_S <= d_T``, checked: agreement in round 0 and equal
   payoffs); and for rounds = 2, ``subgame_perfect`` on the literal game tree with the
   opening discretised to a grid of 21 offers in [0, 1] (chance nodes for breakdown), plus a
   101-offer grid to show the discretised game's payoffs approaching ours. Ratios are
   theirs / ours (above 1: ours is faster).

Times are the best of 5 repeats (best of 3 for calls over 1 s). ``import solver`` is not
needed: only the submodules are imported.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from solver.algorithms.bargaining.alternating_offers import rubinstein
from solver.algorithms.extensive.backward_induction import subgame_perfect
from solver.model.bundle_game import SectorArrays, solve_bundle
from solver.model.protocol import Protocol
from solver.model.scenario import Scenario, load_scenario
from solver.model.sector import Sector
from solver.model.talks import AGENDAS, MAX_FREE_SECTORS, solve_sector, solve_talks
from solver.representations.tree import Chance, Decision, GameTree, Outcome

REFERENCE = Protocol(rounds=8, breakdown=0.05)
GRID = 21


def best_of(fn: Callable[[], Any], repeats: int = 5, slow: float = 1.0) -> tuple[float, Any]:
    """Best wall time of ``repeats`` calls (3 when the first call takes over ``slow`` s)."""
    start = time.perf_counter()
    out = fn()
    times = [time.perf_counter() - start]
    n = repeats if times[0] <= slow else min(repeats, 3)
    for _ in range(n - 1):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "cpu"


def fmt(t: float) -> str:
    return f"{t:.3g}"


def scaled_scenario(ref: Scenario, n: int) -> Scenario:
    """``n`` sectors cycling the reference ones, gains scaled by 3% a cycle, names unique."""
    sectors, floors = [], []
    for i in range(n):
        s = ref.sectors[i % len(ref.sectors)]
        cycle = i // len(ref.sectors)
        name = s.name if cycle == 0 else f"{s.name}_{cycle + 1}"
        sectors.append(s.with_values(name=name, gain=s.gain * (1 + 0.03 * cycle)))
        if ref.floor(s.name) > 0:
            floors.append((name, ref.floor(s.name)))
    return Scenario(f"{ref.name} ({n} sectors)", ref.sender, ref.target, tuple(sectors),
                    tuple(floors))


# -- 1. the reference case ------------------------------------------------------------------


def reference_case(ref: Scenario) -> None:
    print("## 1. Reference case: six sectors, Protocol(rounds=8, breakdown=0.05)\n")
    print("| agenda | best (s) | sender payoff | target payoff | deals | target |")
    print("| --- | --- | --- | --- | --- | --- |")
    for agenda in AGENDAS:
        t, talks = best_of(partial(solve_talks, ref, REFERENCE, agenda))
        target = ("under 1 s: " + ("met" if t < 1 else "missed")) if agenda == "free" else ""
        print(f"| {agenda} | {fmt(t)} | {talks.sender_payoff:.4f} | {talks.target_payoff:.4f} "
              f"| {len(talks.deals)} | {target} |")
    print()


# -- 2. sectors scaling ---------------------------------------------------------------------


def sectors_scaling(ref: Scenario, max_sectors: int, max_free: int) -> None:
    print("## 2. Scaling in the number of sectors S (rounds=8, breakdown=0.05)\n")
    print("Free agenda: 2^S - 1 open sets (states a round); 3^S - 2^S (open set, bundle) "
          "pairs solved a round.\n")
    print("| S | piecemeal (s) | package (s) | linked (s) | free (s) | free open sets | "
          "free pairs a round | free x per added sector |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    error = ""
    last_free = None
    for n in range(2, max_sectors + 1):
        sc = scaled_scenario(ref, n)
        cells = [fmt(best_of(partial(solve_talks, sc, REFERENCE, a))[0])
                 for a in ("piecemeal", "package", "linked")]
        growth = ""
        if n <= min(max_free, MAX_FREE_SECTORS):
            t_free = best_of(partial(solve_talks, sc, REFERENCE, "free"))[0]
            free = fmt(t_free)
            if last_free is not None:
                growth = f"{t_free / last_free:.2f}"
            last_free = t_free
        elif n <= MAX_FREE_SECTORS:
            free = "not run (--max-free)"
        else:
            try:
                solve_talks(sc, REFERENCE, "free")
                free = "ran (no error)"
            except ValueError as exc:
                free = "ValueError"
                if not error:
                    error = f"S = {n}: `ValueError: {exc}`"
        print(f"| {n} | {' | '.join(cells)} | {free} | {2 ** n - 1:,} | {3 ** n - 2 ** n:,} "
              f"| {growth} |")
    if error:
        print(f"\nFree agenda beyond MAX_FREE_SECTORS = {MAX_FREE_SECTORS}: {error}")
    print()


# -- 3. rounds scaling ----------------------------------------------------------------------


def rounds_scaling(ref: Scenario) -> None:
    print("## 3. Rounds: the free agenda, reference case (breakdown=0.05)\n")
    print("| rounds | free (s) | per round (ms) | sender payoff |")
    print("| --- | --- | --- | --- |")
    for rounds in (1, 4, 8, 16, 32):
        proto = Protocol(rounds=rounds, breakdown=0.05)
        t, talks = best_of(partial(solve_talks, ref, proto, "free"))
        print(f"| {rounds} | {fmt(t)} | {1000 * t / rounds:.3g} | {talks.sender_payoff:.4f} |")
    print()


# -- 4. one sector against independent implementations -------------------------------------


def frontier(s: Sector) -> Callable[[float], float]:
    """The sector's frontier for ``rubinstein``: target payoff against the opening x, which is
    the sender's payoff in units of v (``u_T = -c x**k``, concave and decreasing)."""
    c, k = s.cost, s.curvature
    return lambda x: -c * x ** k


def grid_tree(s: Sector, threat: tuple[float, float], p: float, grid: int) -> GameTree:
    """The literal two-round game, openings on a grid: the sender proposes in round 0, the
    target in round 1; a rejection in round 0 breaks down with probability p (threat), else
    round 1 comes, discounted; a rejection in round 1 ends in the threat."""
    v, c, k = s.value, s.cost, s.curvature
    d = (s.discount_sender, s.discount_target)
    xs = [i / (grid - 1) for i in range(grid)]

    def agreed(x: float, disc: tuple[float, float]) -> Outcome:
        return Outcome((disc[0] * v * x, disc[1] * -c * x ** k))

    last = Decision("target", [(f"x={x:.4g}", Decision("sender", [
        ("accept", agreed(x, d)),
        ("reject", Outcome((d[0] * threat[0], d[1] * threat[1]))),
    ])) for x in xs])
    root = Decision("sender", [(f"x={x:.4g}", Decision("target", [
        ("accept", agreed(x, (1.0, 1.0))),
        ("reject", Chance([("breakdown", (Outcome(threat), p)),
                           ("continue", (last, 1 - p))])),
    ])) for x in xs])
    return GameTree(root, players=("sender", "target"))


def one_sector(ref: Scenario, grids: tuple[int, ...]) -> None:
    print("## 4. One sector's game against independent solvers (breakdown=0.05)\n")
    base = ref.sector("autos")
    cases = [
        ("autos, d_T = 0.9 (k = 1)", base.with_values(discount_target=0.9)),
        ("autos, d_T = 0.9, k = 2", base.with_values(discount_target=0.9, curvature=2.0)),
    ]
    print("Ours: `solve_bundle` on the one-sector row with the threat point given (the kernel "
          "every agenda runs); `solve_sector` adds the sender's demand choice and the "
          "sanction subgame's game tree. Ratio = theirs / ours (`solve_bundle`). Payoffs are "
          "expected SPE payoffs (sender, target), $B/yr.\n")
    print("| case | rounds | solver | best (s) | theirs / ours | SPE payoffs | vs ours |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    ones = np.ones((1, 1), bool)
    for label, s in cases:
        for rounds in (2, 8):
            proto = Protocol(rounds=rounds, breakdown=0.05)
            game = solve_sector(s, proto)
            assert game.demand is not None
            rows = SectorArrays.of([s])
            threat_arr, _ = rows.threats(np.array([[game.demand]]), ones)
            threat = (float(threat_arr[0, 0, 0]), float(threat_arr[0, 0, 1]))
            t_ours, path = best_of(partial(solve_bundle, rows, np.zeros((1, 1)), ones,
                                           threat_arr, proto))
            assert int(path.round[0]) == 0, "waiting pays: rubinstein() does not apply"
            ours = (float(path.payoffs[0, 0, 0]), float(path.payoffs[0, 0, 1]))
            t_sector, _ = best_of(partial(solve_sector, s, proto))
            v = s.value
            t_rub, sol = best_of(partial(
                rubinstein, discount=(s.discount_sender, s.discount_target), breakdown=0.05,
                breakdown_payoffs=(threat[0] / v, threat[1]), frontier=frontier(s),
                horizon=rounds))
            theirs = (float(sol.point[0]) * v, float(sol.point[1]))
            gap = max(abs(a - b) for a, b in zip(theirs, ours, strict=True))
            opening = f"opening {float(path.openings[0, 0]):.4f} in round 0"
            print(f"| {label} | {rounds} | ours: solve_bundle | {fmt(t_ours)} | 1 | "
                  f"({ours[0]:.4f}, {ours[1]:.4f}) | {opening} |")
            print(f"| {label} | {rounds} | ours: solve_sector | {fmt(t_sector)} | "
                  f"{t_sector / t_ours:.3g} | ({game.payoffs[0]:.4f}, {game.payoffs[1]:.4f}) | |")
            print(f"| {label} | {rounds} | rubinstein(horizon={rounds}) | {fmt(t_rub)} | "
                  f"{t_rub / t_ours:.3g} | ({theirs[0]:.4f}, {theirs[1]:.4f}) | "
                  f"{'same' if gap < 1e-8 else 'DIFFERENT'} (max diff {gap:.1e}) |")
            if rounds != 2:
                continue
            for grid in grids:
                t_build, tree = best_of(partial(grid_tree, s, threat, 0.05, grid))
                t_spe, spe = best_of(partial(subgame_perfect, tree))
                pay = (float(spe[0].payoffs[0]), float(spe[0].payoffs[1]))
                same = all(e.payoffs == spe[0].payoffs for e in spe)
                delay = spe[0].path[-1] == "reject"
                print(f"| {label} | 2 | subgame_perfect, {grid}-offer grid tree "
                      f"({len(tree.paths()):,} nodes) | {fmt(t_spe)} (+ build {fmt(t_build)}) | "
                      f"{t_spe / t_ours:.3g} (with build {(t_spe + t_build) / t_ours:.3g}) | "
                      f"({pay[0]:.4f}, {pay[1]:.4f}) | sender {pay[0] - ours[0]:+.4f}, target "
                      f"{pay[1] - ours[1]:+.4f}; {len(spe)} SPE"
                      f"{'' if same else ' (payoffs differ)'}"
                      f"{', round-0 offer rejected' if delay else ''} |")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--max-sectors", type=int, default=12)
    ap.add_argument("--max-free", type=int, default=MAX_FREE_SECTORS,
                    help="largest S for which the free agenda is timed")
    ap.add_argument("--grids", type=int, nargs="+", default=[GRID, 101],
                    help="offers on the brute-force tree's grid (21: the peer; finer: "
                         "convergence of the discretised game to ours)")
    args = ap.parse_args()
    ref = load_scenario()
    print(f"Measured {datetime.date.today()} on {platform.machine()} {platform.system()}, "
          f"{os.cpu_count()} cores ({cpu_name()}), Python "
          f"{platform.python_version()}, numpy {np.__version__}; load average at start "
          f"{load()}.\n")
    reference_case(ref)
    sectors_scaling(ref, args.max_sectors, args.max_free)
    rounds_scaling(ref)
    one_sector(ref, tuple(args.grids))
    print(f"Load average at end: {load()} (other processes on the machine slow the timings).")


def load() -> str:
    try:
        return " / ".join(f"{v:.2f}" for v in os.getloadavg()) + " (1/5/15 min)"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
