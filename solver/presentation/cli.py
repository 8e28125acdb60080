"""The command line: equilibrium tables for a scenario file.

Exit codes: 0 success; 2 bad input (a scenario file that is missing, malformed or invalid, or
bad arguments); 1 an internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from solver.model.analysis import analyse_scenario, compare_agendas
from solver.model.scenario import ScenarioFileError, load_scenario
from solver.presentation.report import agenda_report, sector_report

__all__ = ["main"]

PROG = "sanction-solver"

EPILOG = """\
examples:
  python -m solver                       tables for the embedded 1993-95 US-Japan case
  python -m solver my_case.toml          tables for a scenario file of your own
  sanction-solver games/us_japan_1994.toml

exit codes:
  0  success
  1  internal error (a bug)
  2  bad input: unreadable, malformed or invalid scenario file, or bad arguments
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Solve every sector's sanction game and bargaining problem, and compare "
        "an all-or-nothing package with piece by piece.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "scenario", nargs="?", default=None,
        help="scenario TOML file (default: the embedded US-Japan 1993-95 case)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Examples
    --------
    >>> main(["/nonexistent.toml"])
    2
    """
    args = build_parser().parse_args(argv)
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioFileError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    analyses = analyse_scenario(scenario)
    comparison = compare_agendas(scenario, analyses=analyses)
    print(sector_report(scenario, analyses))
    print()
    print(agenda_report(scenario, comparison))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
