"""Time Nash equilibrium enumeration and Lemke-Howson against the peers, in one run.

Run (install lrsnash first: ``apt-get install lrslib``; it is used when on the PATH)::

    .venv/bin/python benchmarks/bench_nash.py                 # every family, defaults below
    .venv/bin/python benchmarks/bench_nash.py --sizes 4 8 12 --games 2 --lh 50 100

Families, all with integer payoffs so that every solver (lrsnash reads rationals) gets the
same exact game: ``random`` n x n, payoffs uniform in [0, 10**6) (nondegenerate with
probability ~1); ``012`` n x n with payoffs in {0, 1, 2} (degenerate); ``rect`` 2x300,
3x130 and 4x62, payoffs in [0, 1000). Game k of size n uses
``np.random.default_rng(1000 * n + k)``. Each call is timed once (a call under 0.05 s is
repeated for about 0.2 s and averaged). A solver whose median exceeds a tenth of ``--cap``
seconds is not run on larger sizes of that family ("skipped"). On the rectangular games
only ours and lrsnash run: the other peers enumerate both polytopes, one of them
300-dimensional (nashpy, QuantEcon and pygambit's enummixed would take hours).
"same set" counts the games where a peer's equilibria equal ours (within 1e-6, no more, no
fewer); peers that are not complete on degenerate games (QuantEcon, nashpy support
enumeration) are expected to differ there.

Lemke-Howson: one path from label 0 on random n x n games (uniform [0, 1) payoffs),
ours (``lemke_howson(game, label=0)``) against QuantEcon's ``lemke_howson`` (same label,
``init_pivot=0``) and pygambit's ``lcp_solve(stop_after=1)``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

Profile = tuple[np.ndarray, np.ndarray]
Solver = Callable[[np.ndarray, np.ndarray], list[Profile]]


def ours(method: str) -> Solver:
    def run(A: np.ndarray, B: np.ndarray) -> list[Profile]:
        from solver.algorithms.nash import nash_equilibria
        from solver.representations.bimatrix import Bimatrix

        exact = method == "exact"
        g = Bimatrix.from_arrays(A.tolist(), B.tolist(), exact=exact) if exact else (
            Bimatrix.from_arrays(A.astype(float), B.astype(float)))
        res = nash_equilibria(g, method)
        return [(e.row.astype(float), e.col.astype(float)) for e in res.equilibria]

    return run


def nashpy_solver(name: str) -> Solver:
    def run(A: np.ndarray, B: np.ndarray) -> list[Profile]:
        import nashpy as nash

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(getattr(nash.Game(A, B), name)())

    return run


def gambit_solver(name: str, rational: bool) -> Solver:
    def run(A: np.ndarray, B: np.ndarray) -> list[Profile]:
        import pygambit as gbt

        g = gbt.Game.from_arrays(A.astype(int).tolist(), B.astype(int).tolist())
        res = getattr(gbt.nash, name)(g, rational=rational)
        p1, p2 = g.players
        return [
            (np.array([float(eq[s]) for s in p1.strategies]),
             np.array([float(eq[s]) for s in p2.strategies]))
            for eq in res.equilibria
        ]

    return run


def quantecon_solver(name: str) -> Solver:
    def run(A: np.ndarray, B: np.ndarray) -> list[Profile]:
        import quantecon.game_theory as gt

        g = gt.NormalFormGame((gt.Player(A.astype(float)), gt.Player(B.T.astype(float))))
        return list(getattr(gt, name)(g))

    return run


def lrsnash(A: np.ndarray, B: np.ndarray) -> list[Profile]:
    """lrsnash (lrslib) on the game written in its input format; its output parsed."""
    m, n = A.shape
    text = f"{m} {n}\n\n" + "\n".join(" ".join(str(int(v)) for v in r) for r in A)
    text += "\n\n" + "\n".join(" ".join(str(int(v)) for v in r) for r in B) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".game", delete=False) as fh:
        fh.write(text)
    try:
        out = subprocess.run(["lrsnash", fh.name], capture_output=True, text=True,
                             check=True).stdout
        if "Error" in out:  # lrsnash reports some input errors on stdout, exit status 0
            raise subprocess.CalledProcessError(1, "lrsnash", out)
    finally:
        os.unlink(fh.name)
    profiles: list[Profile] = []
    ones: list[np.ndarray] = []
    twos: list[np.ndarray] = []

    def flush() -> None:
        profiles.extend((x, y) for x in ones for y in twos)

    for line in out.splitlines():
        parts = line.split()
        if not parts or parts[0] not in ("1", "2"):
            continue
        vec = np.array([float(Fraction(p)) for p in parts[1:-1]])
        if parts[0] == "2" and ones:  # a new block starts
            flush()
            ones, twos = [], []
        (ones if parts[0] == "1" else twos).append(vec)
    flush()
    return profiles


def complete_solvers() -> dict[str, Solver]:
    solvers: dict[str, Solver] = {
        "ours vertex (float)": ours("vertex"),
        "ours exact (rationals)": ours("exact"),
        "nashpy support_enumeration": nashpy_solver("support_enumeration"),
        "nashpy vertex_enumeration": nashpy_solver("vertex_enumeration"),
        "pygambit enummixed double": gambit_solver("enummixed_solve", False),
        "pygambit enummixed rational": gambit_solver("enummixed_solve", True),
        "quantecon vertex_enumeration": quantecon_solver("vertex_enumeration"),
    }
    if shutil.which("lrsnash"):
        solvers["lrsnash (lrslib)"] = lrsnash
    return solvers


REFERENCE = "ours vertex (float)"


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


def timed(f: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = f()
    dt = time.perf_counter() - t
    if dt < 0.05:
        reps = int(0.2 / max(dt, 1e-5)) + 1
        t = time.perf_counter()
        for _ in range(reps):
            f()
        dt = (time.perf_counter() - t) / reps
    return dt, out


def games(family: str, size: Any, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for k in range(count):
        if family == "rect":
            m, n = size
            rng = np.random.default_rng(1000 * m * n + k)
            out.append((rng.integers(0, 1000, (m, n)), rng.integers(0, 1000, (m, n))))
            continue
        rng = np.random.default_rng(1000 * size + k)
        hi = 3 if family == "012" else 10**6
        out.append((rng.integers(0, hi, (size, size)), rng.integers(0, hi, (size, size))))
    return out


def enumeration_table(args: argparse.Namespace) -> None:
    solvers = complete_solvers()
    A0, B0 = np.random.default_rng(0).integers(0, 9, (2, 3, 3))
    for f in solvers.values():  # imports and numba compilation, untimed
        f(A0, B0)
    plan: list[tuple[str, Any]] = [("random", n) for n in args.sizes]
    plan += [("012", n) for n in args.degenerate]
    plan += [("rect", (2, 300)), ("rect", (3, 130)), ("rect", (4, 62))]
    slow: dict[tuple[str, str], bool] = {}
    print("| family | size | solver | median (s) | peer / ours | same set | equilibria |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for family, size in plan:
        batch = games(family, size, args.games)
        label = f"{size[0]}x{size[1]}" if family == "rect" else f"{size}x{size}"
        results: dict[str, tuple[float, list[list[Profile]]]] = {}
        for name, f in solvers.items():
            key = (family, name)
            if family == "rect" and not name.startswith(("ours", "lrsnash")):
                continue  # these enumerate the 300-dimensional polytope too: hours
            if slow.get(key):
                print(f"| {family} | {label} | {name} | skipped (over cap) | | | |")
                continue
            times, sets = [], []
            try:
                for A, B in batch:
                    dt, out = timed(lambda f=f, A=A, B=B: f(A, B))
                    times.append(dt)
                    sets.append(out)
            except subprocess.CalledProcessError as err:  # lrsnash: at most 200 strategies
                lines = [ln for ln in (err.stdout or "").splitlines() if "Error" in ln]
                print(f"| {family} | {label} | {name} | failed: "
                      f"{lines[0].strip()[:80] if lines else err} | | | |")
                continue
            med = statistics.median(times)
            results[name] = (med, sets)
            slow[key] = med * 10 > args.cap  # the next size is projected over the cap
        ref_t, ref_sets = results.get(REFERENCE, (float("nan"), None))
        for name, (med, sets) in results.items():
            same = "-" if ref_sets is None else (
                f"{sum(same_set(s, r) for s, r in zip(sets, ref_sets, strict=True))}/"
                f"{len(batch)}")
            print(f"| {family} | {label} | {name} | {med:.4g} | {med / ref_t:.3g} | "
                  f"{same} | {[len(s) for s in sets]} |", flush=True)


def lemke_howson_table(args: argparse.Namespace) -> None:
    import pygambit as gbt
    import quantecon.game_theory as gt

    from solver.algorithms.nash import lemke_howson
    from solver.representations.bimatrix import Bimatrix

    def ours_lh(A: np.ndarray, B: np.ndarray) -> Any:
        return lemke_howson(Bimatrix.from_arrays(A, B), label=0)

    def qe_lh(A: np.ndarray, B: np.ndarray) -> Any:
        return gt.lemke_howson(gt.NormalFormGame((gt.Player(A), gt.Player(B.T))), init_pivot=0)

    def gambit_lcp(A: np.ndarray, B: np.ndarray) -> Any:
        g = gbt.Game.from_arrays(A, B)
        return gbt.nash.lcp_solve(g, rational=False, stop_after=1)

    qe_lh(*np.random.default_rng(0).random((2, 3, 3)))  # numba compilation, untimed
    print("| n | solver (one path, label 0) | median (s) | peer / ours |")
    print("| --- | --- | --- | --- |")
    for n in args.lh:
        batch = [np.random.default_rng(1000 * n + k).random((2, n, n)) for k in range(2)]
        rows = {}
        for name, f in (("ours lemke_howson", ours_lh), ("quantecon lemke_howson", qe_lh),
                        ("pygambit lcp_solve stop_after=1", gambit_lcp)):
            rows[name] = statistics.median(timed(lambda f=f, g=g: f(*g))[0] for g in batch)
        ref = rows["ours lemke_howson"]
        for name, med in rows.items():
            print(f"| {n} | {name} | {med:.4g} | {med / ref:.3g} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[4, 6, 8, 10, 12, 13, 14, 16])
    ap.add_argument("--degenerate", type=int, nargs="*", default=[4, 6, 8, 10])
    ap.add_argument("--games", type=int, default=2)
    ap.add_argument("--cap", type=float, default=20.0)
    ap.add_argument("--lh", type=int, nargs="+", default=[50, 100, 200, 400])
    args = ap.parse_args()
    print(f"# {time.strftime('%Y-%m-%d')} | {platform.machine()} | Python "
          f"{platform.python_version()} | {args.games} games per size, cap {args.cap} s | "
          f"lrsnash: {shutil.which('lrsnash') or 'not on PATH'}")
    enumeration_table(args)
    print()
    lemke_howson_table(args)


if __name__ == "__main__":
    main()
