"""The command line's parsers: one per command, global options anywhere, "did you mean".

``python -m solver --format json compare``, ``python -m solver compare --format json`` and
``python -m solver case.toml compare --format json`` are the same command: the first word
that names a command is the command, wherever it stands, and every other word is parsed by
that command's parser. A word that is neither a command, a scenario file nor a catalogue name
but is close to a command is refused with a suggestion.
"""

from __future__ import annotations

import argparse
import difflib
import re
import textwrap
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import games

__all__ = ["COMMANDS", "FORMATS", "PROG", "UsageError", "build_parser", "split_command"]

PROG = "sanction-solver"
FORMATS = ("text", "markdown", "latex", "csv", "json", "html")
#: Each command and the line ``--help`` describes it with.
COMMAND_HELP = {
    "tables": "(default) both tables: every sector's negotiation game, then the agendas",
    "solve": "the sector table: each sector's SPE demand, opening, round, threat point, lenses",
    "compare": "the agendas: piece by piece, package with floors, linked package, free agenda",
    "doubt": "the sender's type in doubt: each sector's perfect Bayesian equilibrium, piece "
             "by piece; --plot FILE draws the probability of a deal by round",
    "sweep": "robustness over the scenario's parameter distributions",
    "record": "the model scored against the 1993-95 record (games/record.toml)",
    "report": "a one-file HTML report: every table, the figures inline, the parameters with "
              "their sources, the protocol",
    "export": "a sector's sanction subgame as Gambit .efg (tree) or .nfg (reduced normal form)",
    "list": "the built-in scenario catalogue",
}
COMMANDS = tuple(COMMAND_HELP)
#: The commands that print tables (and take --table, --raw and -o).
TABLE_COMMANDS = ("tables", "solve", "compare", "doubt", "sweep", "record", "list")

EPILOG = "commands:\n" + "\n".join(
    textwrap.fill(h, 90, initial_indent=f"  {c:<8} ", subsequent_indent=" " * 11)
    for c, h in COMMAND_HELP.items()) + """

global options (before or after the command): --format, --table, --raw, -o, --version

examples:
  python -m solver                                 both tables, embedded 1993-95 case
  python -m solver --format markdown               the same as Markdown
  python -m solver my_case.toml                    a scenario file of your own
  python -m solver episode_1995_autos              a built-in scenario, by name
  python -m solver solve --sector autos            one sector
  python -m solver --format json compare           the agenda comparison as JSON
  python -m solver compare --rounds 8 --breakdown 0.1   another protocol
  python -m solver --format csv -o tables/         one CSV file per table
  python -m solver --format csv --table agendas    one table as CSV
  python -m solver doubt --rounds 8 --types audience --plot doubt.png
  python -m solver sweep --draws 100000 --seed 1   robustness summary
  python -m solver sweep --draws 1000 --rows draws.csv   and every draw's row
  python -m solver compare us_japan_1994 episode_1995_autos   two scenarios side by side
  python -m solver record --draws 200 --seed 1     the scorecard against the record
  python -m solver report -o report.html           one HTML file: tables, figures, sources
  python -m solver export --sector autos --game efg -o autos.efg
  python -m solver list
  python -m solver compare --help                  one command's options

exit codes:
  0  success
  1  internal error (a bug)
  2  bad input: unreadable, malformed or invalid scenario file, unknown sector, format,
     command or option; nothing is written
"""

_SHORT_EPILOG = """\
global options (before or after the command): --format, --table, --raw, -o, --version
exit codes: 0 success; 1 internal error (a bug); 2 bad input (nothing is written)
"""

_DESCRIPTION = ("Solve each sector's negotiation game (alternating offers backed by a "
                "sanction subgame) for its subgame-perfect equilibrium, and the talks over "
                "all sectors under each agenda: piece by piece, the package, the linked "
                "package, a free agenda.")


class UsageError(Exception):
    """Bad input on the command line: reported in one line, exit code 2. Line breaks and
    other control characters in the message (from the words typed) are shown escaped, so
    the report stays one line and cannot drive the terminal."""

    def __init__(self, message: str) -> None:
        super().__init__(re.sub(r"[\x00-\x1f\x7f-\x9f]",
                                lambda m: repr(m.group())[1:-1], str(message)))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2, no usage dump
        if message.startswith("unrecognized arguments:"):
            words = message.split(":", 1)[1].split()
            known = [s for a in self._actions for s in a.option_strings]
            for w in words:
                close = difflib.get_close_matches(w.split("=")[0], known, n=1)
                if w.startswith("-") and close:
                    message += f" (did you mean {close[0]}?)"
                    break
        raise UsageError(message)


def _version() -> str:
    try:
        return metadata.version("sanction-bargaining")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


def _output_options(p: argparse.ArgumentParser, command: str) -> None:
    g = p.add_argument_group("output")
    g.add_argument("--format", default="text", help=f"output format: {', '.join(FORMATS)}")
    if command in TABLE_COMMANDS:
        g.add_argument("--table", default=None, metavar="NAME",
                       help="only this table (its name is in the JSON's tables[].name and "
                       "the LaTeX's comment line)")
        g.add_argument("--raw", action="store_true",
                       help="with --format csv: the unrounded to_frame() data, snake_case "
                       "headers")
        g.add_argument("-o", "--output", default=None, metavar="PATH",
                       help="write to PATH instead of stdout (--format csv: a directory, "
                       "one NAME.csv per table)")


def build_parser(command: str = "tables") -> argparse.ArgumentParser:
    """The parser of one command (``tables`` takes the same options with no command word).

    Parameters
    ----------
    command : str, default 'tables'
        One of :data:`COMMANDS`; it sets the program name, the help text and the options (the
        output options of the table commands, the protocol options, and each command's own).

    Returns
    -------
    argparse.ArgumentParser
        The parser, whose errors raise :class:`UsageError`. The command word itself is not
        among its arguments (see :func:`split_command`).

    Examples
    --------
    >>> p = build_parser("solve")
    >>> p.prog
    'sanction-solver solve'
    >>> args = p.parse_args(["--rounds", "2", "--sector", "autos"])
    >>> args.rounds, args.sector, args.format
    ('2', 'autos', 'text')
    """
    top = command == "tables"
    parser = _Parser(
        prog=PROG if top else f"{PROG} {command}",
        description=textwrap.fill(_DESCRIPTION if top else COMMAND_HELP[command], 90),
        epilog=EPILOG if top else _SHORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    _output_options(parser, command)
    if command == "list":
        return parser
    if command == "record":
        parser.add_argument("--draws", type=int, default=0,
                            help="also score this many draws of each episode's parameters")
        parser.add_argument("--seed", type=int, default=None, help="random seed")
        return parser
    if command == "compare":
        parser.add_argument("scenario", nargs="*", default=[],
                            help="scenario TOML files or catalogue names (default: the "
                            "embedded US-Japan 1993-95 case); with several, their agendas "
                            "side by side")
    else:
        parser.add_argument("scenario", nargs="?", default=None,
                            help="scenario TOML file or catalogue name (default: the "
                            "embedded US-Japan 1993-95 case)")
    if command in ("tables", "solve", "doubt", "export", "report"):
        parser.add_argument("--sector", default=None, help="only this sector")
    g = parser.add_argument_group("protocol (default: the scenario's [protocol] table)")
    g.add_argument("--rounds", default=None,
                   help="deadline: number of rounds (>= 1), or 'none' for no deadline")
    g.add_argument("--breakdown", type=float, default=None,
                   help="probability the talks break down after a rejection, in [0, 1)")
    g.add_argument("--first", choices=("sender", "target"), default=None,
                   help="who proposes in round 0")
    g.add_argument("--no-alternate", dest="alternate", action="store_false", default=None,
                   help="the first proposer proposes every round")
    g.add_argument("--setter", choices=("sender", "target"), default=None,
                   help="who sets the agenda in the free agenda")
    g.add_argument("--retaliation", choices=("own", "cross"), default=None,
                   help="sanctions backing a bundle: each sector's own, or pooled")
    g.add_argument("--types", choices=("resolve", "audience", "none"), default=None,
                   help="the sender's private type (incomplete information): its "
                   "sanction loss or its audience cost; 'none': complete information "
                   "(doubt: default resolve; the other commands solve none)")
    if command == "doubt":
        parser.add_argument("--plot", default=None, metavar="FILE",
                            help="also draw the probability of a deal by round to FILE "
                            "(PNG, SVG or PDF by suffix)")
    if command == "sweep":
        parser.add_argument("--draws", type=int, default=10_000, help="number of draws (>= 1)")
        parser.add_argument("--seed", type=int, default=None, help="random seed")
        parser.add_argument("--rows", default=None, metavar="FILE",
                            help="also write every draw's row to FILE (.csv; .parquet needs "
                            "pyarrow)")
    if command == "report":
        parser.add_argument("-o", "--output", default=None, metavar="FILE.html",
                            help="the HTML file to write (required)")
    if command == "export":
        parser.add_argument("--game", choices=("efg", "nfg"), default="efg",
                            help="efg: the game tree; nfg: its reduced normal form")
        parser.add_argument("-o", "--output", default=None, help="file to write (default: stdout)")
    return parser


def _value_options() -> frozenset[str]:
    """Every option string, of any command, that takes a value."""
    out: set[str] = set()
    for c in COMMANDS:
        for a in build_parser(c)._actions:
            if a.nargs != 0 and a.option_strings:
                out.update(a.option_strings)
    return frozenset(out)


def _is_scenario(word: str) -> bool:
    return Path(word).exists() or word in games.catalogue() or word.endswith(".toml") \
        or "/" in word


def split_command(argv: Sequence[str]) -> tuple[str, list[str]]:
    """The command named anywhere in ``argv`` (default ``tables``) and the other words.

    Parameters
    ----------
    argv : sequence of str
        The command-line words after the program name.

    Returns
    -------
    tuple of (str, list of str)
        The command (the first positional word that is one of :data:`COMMANDS` and not an
        existing file; ``tables`` if none) and ``argv`` without it.

    Raises
    ------
    UsageError
        If a positional word that is not a scenario is close to a command name (a typo).

    Examples
    --------
    >>> split_command(["--format", "json", "compare"])
    ('compare', ['--format', 'json'])
    >>> split_command(["--sector", "autos", "solve"])
    ('solve', ['--sector', 'autos'])
    >>> split_command(["compre"])
    Traceback (most recent call last):
    ...
    solver.presentation.cli_args.UsageError: unknown command 'compre' (did you mean 'compare'?)
    """
    words = list(argv)
    takes_value = _value_options()
    skip = False
    positional: list[int] = []
    for i, w in enumerate(words):
        if skip:
            skip = False
            continue
        if w.startswith("-"):
            skip = w in takes_value
            continue
        positional.append(i)
    for i in positional:
        if words[i] in COMMANDS and not Path(words[i]).exists():
            return words[i], words[:i] + words[i + 1:]
    for i in positional:
        w = words[i]
        if not _is_scenario(w):
            close = difflib.get_close_matches(w, COMMANDS, n=1, cutoff=0.6)
            if close:
                raise UsageError(f"unknown command {w!r} (did you mean {close[0]!r}?)")
    return "tables", words
