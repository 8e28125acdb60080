"""External programs some tests need (Debian's chromium, pdflatex).

Locally a missing program skips the test with the package to install. In CI (the ``CI``
environment variable set to anything but ``""``/``0``/``false``, as ``.ci/run`` does) a
missing program fails the test: ``.ci/run`` installs them, so a skip there would hide that
the test never ran.
"""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_program(*names: str, packages: str) -> str:
    """The path of the first of ``names`` on PATH; otherwise skip (locally) or fail (CI)."""
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    reason = f"needs {' or '.join(names)} (Debian: apt-get install {packages})"
    if in_ci():
        pytest.fail(f"{reason}; .ci/run installs it, so in CI this must not skip")
    pytest.skip(f"{reason}; .ci/run installs it")
