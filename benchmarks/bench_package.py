"""Time the discrete package frontier and its Nash point: Minkowski sum against enumeration.

Run: ``.venv/bin/python benchmarks/bench_package.py [--levels 5] [--max-sectors 50] [--cap 10]``.

For each number of sectors S = 2..``--max-sectors``, S seeded random sectors
(``np.random.default_rng(S)``: value and cost uniform in [0.1, 5], curvature from
{1, 1.5, 2, 3}, every fourth sector with floor 0.25; threat point d = (-0.1 sum v,
-0.5 sum c)) are solved three ways in one process:

* **ours (floats)**: ``package_frontier`` + ``nash_on_frontier`` (merge of sector frontiers).
* **ours (exact)**: the same with the inputs as fractions (curvature 1.5 replaced by 2, so
  the exact path applies).
* **enumeration**: every one of the L**S packages (the product of sector outcomes, numpy
  broadcasting), the convex hull of their outcomes (scipy ``ConvexHull``), then the Nash point
  on its upper-right edges (the same closed form per edge, vectorised). This is the approach of
  NegMAS-style outcome enumeration.

Each median is over repeats (a call under 0.05 s is repeated for about 0.3 s). Enumeration is
given up at the first S whose projected time (last time x L) exceeds ``--cap`` seconds or whose
outcome arrays would exceed ``--mem`` GB; the table says so. Where both run, the Nash points
are compared (largest coordinate difference). The growth exponent of our time is the slope of
log(time) against log(S) for S >= 10 (least squares); for enumeration the fitted factor per
added sector.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import scipy
from scipy.spatial import ConvexHull

from solver.algorithms.openings.package_frontier import package_frontier
from solver.algorithms.openings.package_nash import nash_on_frontier

Params = list[tuple[float, float, float, float]]


def instance(n: int) -> tuple[Params, tuple[float, float]]:
    rng = np.random.default_rng(n)
    params = [(float(rng.uniform(0.1, 5)), float(rng.uniform(0.1, 5)),
               float(rng.choice([1.0, 1.5, 2.0, 3.0])), 0.25 if s % 4 == 3 else 0.0)
              for s in range(n)]
    d = (-0.1 * sum(p[0] for p in params), -0.5 * sum(p[1] for p in params))
    return params, d


def ours(params: Params, d: tuple[float, float], levels: int) -> tuple[float, float]:
    sol = nash_on_frontier(package_frontier(params, levels), d)
    return float(sol.point[0]), float(sol.point[1])


def exact_inputs(params: Params, d: tuple[float, float]) -> tuple[list[tuple[Any, ...]],
                                                                  tuple[Fraction, Fraction]]:
    def q(x: float) -> Fraction:
        return Fraction(x).limit_denominator(10**6)

    rows = [(q(v), q(c), 2 if k == 1.5 else int(k), q(f)) for v, c, k, f in params]
    return rows, (q(d[0]), q(d[1]))


def ours_exact(rows: list[tuple[Any, ...]], d: tuple[Fraction, Fraction],
               levels: int) -> tuple[float, float]:
    sol = nash_on_frontier(package_frontier(rows, levels), d)
    assert sol.exact
    return float(sol.point[0]), float(sol.point[1])


def enumeration(params: Params, d: tuple[float, float], levels: int) -> tuple[float, float]:
    grid = np.linspace(0.0, 1.0, levels)
    us, ut = np.zeros(1), np.zeros(1)
    for v, c, k, f in params:
        xs = grid[grid >= f - 1e-12]
        us = np.add.outer(us, v * xs).ravel()
        ut = np.add.outer(ut, -c * xs**k).ravel()
    pts = np.column_stack([us, ut])
    hull = pts[ConvexHull(pts).vertices]  # counter-clockwise
    # Upper-right part: from the highest point to the rightmost, clockwise.
    order = hull[::-1]
    start = int(np.lexsort((order[:, 0], order[:, 1]))[-1])
    order = np.roll(order, -start, axis=0)
    stop = int(np.lexsort((order[:, 1], order[:, 0]))[-1])
    chain = order[: stop + 1]
    if len(chain) == 1:
        return float(chain[0, 0]), float(chain[0, 1])
    a, b = chain[:-1], chain[1:]
    da, db = a - d, b - a
    # Maximise (da_s + t db_s)(da_t + t db_t) on t in [0, 1]: vertex of the parabola.
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -(da[:, 0] * db[:, 1] + da[:, 1] * db[:, 0]) / (2 * db[:, 0] * db[:, 1])
    t = np.clip(np.nan_to_num(t), 0.0, 1.0)
    p = a + t[:, None] * db
    prod = np.where((p[:, 0] > d[0]) & (p[:, 1] > d[1]), (p[:, 0] - d[0]) * (p[:, 1] - d[1]),
                    -np.inf)
    best = p[int(np.argmax(prod))]
    return float(best[0]), float(best[1])


def timed(fn: Callable[[], tuple[float, float]]) -> tuple[float, tuple[float, float]]:
    """Median time of ``fn``: one call, or (under 0.05 s) repeats for about 0.3 s after it."""
    t0 = time.perf_counter()
    result = fn()
    times = [time.perf_counter() - t0]
    if times[0] < 0.05:
        times, start = [], time.perf_counter()
        while not times or time.perf_counter() - start < 0.3:
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def fit_loglog(xs: list[float], ys: list[float]) -> float:
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--levels", type=int, default=5)
    ap.add_argument("--max-sectors", type=int, default=50)
    ap.add_argument("--cap", type=float, default=10.0, help="give enumeration up past this (s)")
    ap.add_argument("--mem", type=float, default=8.0, help="give enumeration up past this (GB)")
    args = ap.parse_args()
    L = args.levels

    print(f"# package frontier: {datetime.date.today()}, {platform.machine()} "
          f"{platform.system()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {np.__version__}, scipy {scipy.__version__}; {L} levels per sector")
    print("| S | packages L^S | ours floats (s) | ours exact (s) | enumeration (s) | "
          "enum / ours | Nash points differ by |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    enum_on, enum_last, gave_up = True, 0.0, ""
    ss, ours_t, enum_s, enum_t = [], [], [], []
    for n in range(2, args.max_sectors + 1):
        params, d = instance(n)
        t_ours, p_ours = timed(lambda params=params, d=d: ours(params, d, L))
        rows, dq = exact_inputs(params, d)
        t_exact, _ = timed(lambda rows=rows, dq=dq: ours_exact(rows, dq, L))
        ss.append(n)
        ours_t.append(t_ours)
        enum_cell, ratio, diff = "", "", ""
        if enum_on:
            mem_gb = L**n * 8 * 2 * 3 / 1e9  # two coordinates, temporaries and hull input
            if enum_last * L > args.cap or mem_gb > args.mem:
                enum_on = False
                why = (f"projected {enum_last * L:.0f} s > {args.cap:g} s cap"
                       if enum_last * L > args.cap else
                       f"needs ~{mem_gb:.1f} GB > {args.mem:g} GB cap")
                gave_up = f"enumeration gave up at S = {n} ({L**n:,} packages): {why}"
                enum_cell = "gave up"
            else:
                enum_last, p_enum = timed(lambda params=params, d=d: enumeration(params, d, L))
                enum_s.append(n)
                enum_t.append(enum_last)
                r = enum_last / t_ours
                enum_cell, ratio = f"{enum_last:.4g}", f"{r:.2f}" if r < 10 else f"{r:,.0f}"
                diff = f"{max(abs(p_ours[0] - p_enum[0]), abs(p_ours[1] - p_enum[1])):.1e}"
        if n <= 12 or n % 5 == 0 or n == args.max_sectors or enum_cell:
            print(f"| {n} | {L**n:.3g} | {t_ours:.3g} | {t_exact:.3g} | {enum_cell or '-'} | "
                  f"{ratio or '-'} | {diff or '-'} |")
    print()
    big = [i for i, n in enumerate(ss) if n >= 10]
    print(f"ours (floats): {ss[-1]} sectors x {L} levels in {ours_t[-1] * 1e3:.2f} ms "
          f"({'under' if ours_t[-1] < 1 else 'OVER'} the 1 s target); growth exponent "
          f"{fit_loglog([ss[i] for i in big], [ours_t[i] for i in big]):.2f} "
          f"(time ~ S^p, fitted for S >= 10)")
    if len(enum_s) >= 3:
        tail = enum_s[-4:], enum_t[-4:]
        factor = float(np.exp(np.polyfit(tail[0], np.log(tail[1]), 1)[0]))
        print(f"enumeration: time x{factor:.2f} per added sector (fitted on S = "
              f"{tail[0][0]}..{tail[0][-1]}; L = {L} would give x{L})")
    print(gave_up or "enumeration ran at every S")


if __name__ == "__main__":
    main()
