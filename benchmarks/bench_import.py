"""Cold start: how long ``import solver`` and ``python -m solver`` take (issue 14, item 7).

Run: ``.venv/bin/python benchmarks/bench_import.py [--repeats 5]``.

Prints Markdown (no test asserts on timing):

1. ``python -c "import solver"`` wall time, and ``python -m solver`` (the reference case's
   tables) wall time: each the median of ``--repeats`` warm runs (after one unmeasured run,
   so the OS file cache is warm). Targets (issue 14): ``import solver`` under 0.3 s, the
   tables under 1 s.
2. The top contributors to ``import solver`` by cumulative time, from
   ``python -X importtime -c "import solver"`` (one run), and whether the heavy optional
   libraries (sympy, scipy.stats, scipy.optimize, matplotlib, pandas, nashpy) are imported
   at all: they should not be until used.
"""

from __future__ import annotations

import argparse
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sympy", "scipy.stats", "scipy.optimize", "matplotlib", "pandas", "nashpy")


def wall(argv: list[str], repeats: int) -> list[float]:
    subprocess.run(argv, cwd=ROOT, capture_output=True, check=True)  # warm the caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def importtime() -> list[tuple[int, int, str]]:
    """(self us, cumulative us, module) for every module ``import solver`` loads."""
    res = subprocess.run([sys.executable, "-X", "importtime", "-c", "import solver"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    rows = []
    for line in res.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(1)), int(m.group(2)), m.group(3) + m.group(4)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}, "
          f"median of {args.repeats} warm runs\n")
    print("| command | median (s) | min (s) | max (s) |\n|---|---:|---:|---:|")
    for label, argv in (("python -c 'import solver'", [sys.executable, "-c", "import solver"]),
                        ("python -m solver (tables)", [sys.executable, "-m", "solver"])):
        t = wall(argv, args.repeats)
        print(f"| `{label}` | {statistics.median(t):.2f} | {min(t):.2f} | {max(t):.2f} |")
    rows = importtime()
    names = {r[2].strip() for r in rows}
    print("\nHeavy libraries imported by `import solver`: "
          + (", ".join(h for h in HEAVY if h in names) or "none"))
    print(f"\nTop {args.top} by cumulative import time (one run, `-X importtime`):\n")
    print("| module | cumulative (ms) | self (ms) |\n|---|---:|---:|")
    for self_us, cum_us, name in sorted(rows, key=lambda r: -r[1])[:args.top]:
        print(f"| `{name.strip()}` | {cum_us / 1000:.0f} | {self_us / 1000:.0f} |")


if __name__ == "__main__":
    main()
