"""``import solver`` loads the heavy libraries only when they are used (issue 14, item 7):
sympy (solver.model.symbolic), scipy.stats and scipy.optimize, matplotlib, pandas and nashpy are
imported inside the functions that need them. benchmarks/bench_import.py measures the time."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sympy", "scipy.stats", "scipy.optimize", "matplotlib", "pandas", "nashpy")


def _loaded(code: str) -> set[str]:
    probe = (f"import sys; {code}; import json; "
             f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=300)
    return set(json.loads(res.stdout))


def test_import_solver_loads_no_heavy_library() -> None:
    assert _loaded("import solver") == set()


def test_each_heavy_library_is_loaded_where_it_is_used() -> None:
    assert "sympy" in _loaded("import solver; solver.symbolic.SYMBOLS")
    assert "pandas" in _loaded("import solver; solver.load_scenario().to_frame()")
    assert "scipy.stats" in _loaded(
        "import solver; solver.sweep(solver.load_scenario(), draws=2, seed=0)")
