"""``python -m solver``: the equilibrium tables of a scenario (default: the reference case)."""

import sys

from solver.presentation.cli import main

sys.exit(main())
