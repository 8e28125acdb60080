"""Time all-equilibria enumeration: this project against nashpy, pygambit and QuantEcon.

Run: ``.venv/bin/python benchmarks/bench_nash.py [--sizes 3 5 7] [--games 3] [--cap 30]``.

For each size n, ``--games`` seeded random n x n games (uniform [0, 1) payoffs from
``np.random.default_rng(1000 * n + k)``) are solved by each solver in one process (a
call under 0.05 s is repeated for about 0.2 s and averaged).
It prints each solver's median time, the ratio peer / ours, and in how many games the
peer's set equals ours (same profiles within 1e-6, no more, no fewer). A solver whose
median at one size exceeds ``--cap`` seconds, or is projected to (x20 per size step), is
skipped at larger sizes and marked "skipped".
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

Profile = tuple[np.ndarray, np.ndarray]


def ours(A: np.ndarray, B: np.ndarray) -> list[Profile]:
    from solver.algorithms.nash import nash_equilibria
    from solver.representations.bimatrix import Bimatrix

    res = nash_equilibria(Bimatrix.from_arrays(A, B))
    return [(e.row, e.col) for e in res.equilibria]


def ours_exact(A: np.ndarray, B: np.ndarray) -> list[Profile]:
    from solver.algorithms.nash import nash_equilibria
    from solver.representations.bimatrix import Bimatrix

    res = nash_equilibria(Bimatrix.from_arrays(A, B, exact=True), "exact")
    return [(e.row.astype(float), e.col.astype(float)) for e in res.equilibria]


def nashpy_solver(name: str) -> Callable[[np.ndarray, np.ndarray], list[Profile]]:
    def run(A: np.ndarray, B: np.ndarray) -> list[Profile]:
        import nashpy as nash

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(getattr(nash.Game(A, B), name)())

    return run


def gambit_solver(name: str, rational: bool) -> Callable[[np.ndarray, np.ndarray], list[Profile]]:
    def run(A: np.ndarray, B: np.ndarray) -> list[Profile]:
        import pygambit as gbt

        g = gbt.Game.from_arrays(A, B)
        res = getattr(gbt.nash, name)(g, rational=rational)
        p1, p2 = g.players
        return [
            (np.array([float(eq[s]) for s in p1.strategies]),
             np.array([float(eq[s]) for s in p2.strategies]))
            for eq in res.equilibria
        ]

    return run


def quantecon_solver(name: str) -> Callable[[np.ndarray, np.ndarray], list[Profile]]:
    def run(A: np.ndarray, B: np.ndarray) -> list[Profile]:
        import quantecon.game_theory as gt

        g = gt.NormalFormGame((gt.Player(A), gt.Player(B.T)))
        return list(getattr(gt, name)(g))

    return run


SOLVERS: dict[str, Callable[[np.ndarray, np.ndarray], list[Profile]]] = {
    "ours (vertex)": ours,
    "ours (exact, rationals)": ours_exact,
    "nashpy support_enumeration": nashpy_solver("support_enumeration"),
    "nashpy vertex_enumeration": nashpy_solver("vertex_enumeration"),
    "pygambit enummixed double": gambit_solver("enummixed_solve", False),
    "pygambit enummixed rational": gambit_solver("enummixed_solve", True),
    "pygambit lcp double": gambit_solver("lcp_solve", False),
    "pygambit lcp rational": gambit_solver("lcp_solve", True),
    "quantecon support_enumeration": quantecon_solver("support_enumeration"),
    "quantecon vertex_enumeration": quantecon_solver("vertex_enumeration"),
}
REFERENCE = "ours (vertex)"


def same_set(a: list[Profile], b: list[Profile], tol: float = 1e-6) -> bool:
    if len(a) != len(b):
        return False
    used = [False] * len(b)
    for x, y in a:
        for k, (u, v) in enumerate(b):
            if not used[k] and np.allclose(x, u, atol=tol) and np.allclose(y, v, atol=tol):
                used[k] = True
                break
        else:
            return False
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[3, 5, 7, 9, 11, 13])
    ap.add_argument("--games", type=int, default=3)
    ap.add_argument("--cap", type=float, default=30.0)
    args = ap.parse_args()
    # Warm up (imports, numba compilation) outside the timings.
    A0, B0 = np.random.default_rng(0).random((2, 3, 3))
    for f in SOLVERS.values():
        f(A0, B0)
    print(f"# {time.strftime('%Y-%m-%d')} | {platform.machine()} | {platform.processor() or '?'}"
          f" | Python {platform.python_version()} | {args.games} games per size, cap {args.cap}s")
    skipped: set[str] = set()
    refused: dict[tuple[int, str], str] = {}
    last: dict[str, float] = {}
    rows: list[dict[str, Any]] = []
    for n in args.sizes:
        games = [np.random.default_rng(1000 * n + k).random((2, n, n)) for k in range(args.games)]
        times: dict[str, list[float]] = {}
        sets: dict[str, list[list[Profile]]] = {}
        for name, f in SOLVERS.items():
            if name in skipped:
                continue
            if name in last and last[name] * 20 > args.cap and name != REFERENCE:
                skipped.add(name)
                continue
            try:
                for A, B in games:
                    t = time.perf_counter()
                    out = f(A, B)
                    dt = time.perf_counter() - t
                    if dt < 0.05:  # fast: repeat for about 0.2 s and take the mean
                        reps = int(0.2 / max(dt, 1e-5)) + 1
                        t = time.perf_counter()
                        for _ in range(reps):
                            f(A, B)
                        dt = (time.perf_counter() - t) / reps
                    times.setdefault(name, []).append(dt)
                    sets.setdefault(name, []).append(out)
            except ValueError as err:  # our exact method refuses games too large for it
                refused[(n, name)] = str(err).split(";")[0].split("(")[0].strip()
                times.pop(name, None)
                sets.pop(name, None)
                skipped.add(name)
                continue
            last[name] = statistics.median(times[name])
        ref = statistics.median(times[REFERENCE])
        for name in SOLVERS:
            if name not in times:
                rows.append({"n": n, "solver": name, "median": None,
                             "why": "refused (too large)" if (n, name) in refused
                             else "skipped (over cap)"})
                continue
            med = statistics.median(times[name])
            eq = sum(same_set(s, r) for s, r in zip(sets[name], sets[REFERENCE], strict=True))
            counts = [len(s) for s in sets[name]]
            rows.append({"n": n, "solver": name, "median": med, "ratio": med / ref,
                         "equal": f"{eq}/{len(games)}", "counts": counts})
    print("| n | solver | median (s) | peer / ours | same set as ours | equilibria found |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        if r["median"] is None:
            print(f"| {r['n']} | {r['solver']} | {r['why']} | | | |")
        else:
            print(f"| {r['n']} | {r['solver']} | {r['median']:.4g} | {r['ratio']:.3g} | "
                  f"{r['equal']} | {r['counts']} |")


if __name__ == "__main__":
    main()
