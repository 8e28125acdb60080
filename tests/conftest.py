"""Test configuration: hypothesis runs derandomized, so CI sees the same examples each run
(a failure found once is found again); set HYPOTHESIS_PROFILE=explore locally to search
with fresh random examples."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
