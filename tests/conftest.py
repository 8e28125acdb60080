"""Test configuration.

Hypothesis: one profile for every property test. ``ci`` (the default) runs derandomized, so
CI sees the same examples each run (a failure found once is found again); set
``HYPOTHESIS_PROFILE=explore`` locally to search with fresh random examples. Both carry
``deadline=None`` (the solvers' run time varies with the machine's load, and a deadline
would make a test flaky, not a property false) and ``print_blob`` (a failure prints the
blob that reproduces it). A test sets ``@settings(max_examples=N)`` only when it needs its
own budget; shared strategies live in ``tests/strategies.py``.

The ``slow`` marker (pyproject.toml) tags the subprocess, notebook, browser and LaTeX tests
and any test over ~5 s; ``python -m pytest -m "not slow"`` is the fast development subset.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
