"""The command line: equilibrium tables, agenda comparison, sweeps, exports, the catalogue.

Exit codes: 0 success; 2 bad input (a scenario file that is missing, malformed or invalid,
an unknown sector, format or option); 1 an internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

import games
from solver.model.agendas import MAX_LEVELS
from solver.model.analysis import (
    AgendaComparison,
    ScenarioAnalysis,
    analyse_scenario,
    compare_agendas,
)
from solver.model.scenario import Scenario, ScenarioFileError, load_scenario
from solver.model.sweep import summarize, sweep
from solver.presentation.json_output import sweep_document, tables_document
from solver.presentation.report import agenda_report, sector_report
from solver.presentation.tables import render_text

__all__ = ["COMMANDS", "FORMATS", "main"]

PROG = "sanction-solver"
FORMATS = ("text", "markdown", "latex", "csv", "json")
COMMANDS = ("tables", "solve", "compare", "sweep", "export", "list")

EPILOG = """\
commands:
  tables   (default) both tables: every sector solved, then the agendas compared
  solve    the sector table: sanction game (SPE, Nash equilibria), PBE, Nash opening
  compare  the agenda comparison: piece by piece, sequential, package, linked package
  sweep    robustness over the scenario's parameter distributions
  export   a sector's sanction game as Gambit .efg (tree) or .nfg (reduced normal form)
  list     the built-in scenario catalogue

examples:
  python -m solver                                 both tables, embedded 1993-95 case
  python -m solver --format markdown               the same as Markdown
  python -m solver my_case.toml                    a scenario file of your own
  python -m solver solve --sector autos --exact    one sector, in exact rationals
  python -m solver compare --format json           the agenda comparison as JSON
  python -m solver compare --levels 5              openings restricted to 5 levels
  python -m solver sweep --draws 100000 --seed 1   robustness summary
  python -m solver export --sector autos --game efg -o autos.efg
  python -m solver list

exit codes:
  0  success
  1  internal error (a bug)
  2  bad input: unreadable, malformed or invalid scenario file, unknown sector, format or
     option
"""


class UsageError(Exception):
    """Bad input on the command line: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2, no usage dump
        raise UsageError(message)


def _common(p: argparse.ArgumentParser, *, sector: bool = True) -> None:
    p.add_argument("scenario", nargs="?", default=None,
                   help="scenario TOML file (default: the embedded US-Japan 1993-95 case)")
    p.add_argument("--format", default="text", help=f"output format: {', '.join(FORMATS)}")
    if sector:
        p.add_argument("--sector", default=None, help="only this sector")


def build_parser(command: str = "tables") -> argparse.ArgumentParser:
    """The parser of one command (``tables`` takes the same options with no command word)."""
    parser = _Parser(
        prog=PROG if command == "tables" else f"{PROG} {command}",
        description="Solve every sector's sanction game and bargaining problem, and compare "
        "an all-or-nothing package with piece by piece.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if command == "list":
        parser.add_argument("--format", default="text", help=f"one of {', '.join(FORMATS)}")
        return parser
    _common(parser, sector=command in ("tables", "solve", "export"))
    if command in ("tables", "solve", "export"):
        parser.add_argument("--exact", action="store_true",
                            help="solve the sanction games in exact rationals")
    if command in ("tables", "compare"):
        parser.add_argument("--levels", type=int, default=None,
                            help="restrict openings to this many discrete levels (>= 2)")
    if command == "sweep":
        parser.add_argument("--draws", type=int, default=10_000, help="number of draws (>= 1)")
        parser.add_argument("--seed", type=int, default=None, help="random seed")
    if command == "export":
        parser.add_argument("--game", choices=("efg", "nfg"), default="efg",
                            help="efg: the game tree; nfg: its reduced normal form")
        parser.add_argument("-o", "--output", default=None, help="file to write (default: stdout)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Examples
    --------
    >>> main(["/nonexistent.toml"])
    2
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = args_list[0] if args_list and args_list[0] in COMMANDS else "tables"
    if command != "tables" or (args_list and args_list[0] == "tables"):
        args_list = args_list[1:]
    try:
        try:
            args = build_parser(command).parse_args(args_list)
        except SystemExit as exc:  # --help
            return int(exc.code or 0)
        if args.format not in FORMATS:
            raise UsageError(f"unknown format {args.format!r} (choose from {', '.join(FORMATS)})")
        out = _RUN[command](args)
        _write(out)
        return 0
    except (UsageError, ScenarioFileError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a public function rejected an argument (e.g. --seed -1)
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except (ArithmeticError, RuntimeError) as exc:  # a certificate failed: a bug
        print(f"{PROG}: internal error (please report it): {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into e.g. `head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def _scenario(args: argparse.Namespace) -> Scenario:
    scenario = load_scenario(args.scenario)
    name = getattr(args, "sector", None)
    if name is not None:
        names = [s.name for s in scenario.sectors]
        if name not in names:
            raise UsageError(f"{scenario.source}: unknown sector {name!r} (sectors are "
                             f"{', '.join(names)})")
        scenario = Scenario(scenario.name, scenario.sender, scenario.target,
                            (scenario.sector(name),),
                            tuple(f for f in scenario.floors if f[0] == name), scenario.source,
                            tuple(f for f in scenario.floor_provenance if f[0] == name))
    return scenario


def _frames(title_frames: Sequence[tuple[str, pd.DataFrame]], fmt: str) -> str:
    parts = []
    for title, frame in title_frames:
        if fmt == "markdown":
            parts.append(f"## {title}\n\n{frame.to_markdown(index=False)}")
        elif fmt == "latex":
            parts.append(f"% {title}\n{frame.to_latex(index=False, float_format='%.4g')}")
        elif fmt == "csv":
            parts.append(frame.to_csv(index=False))
        else:  # pragma: no cover - formats are checked before
            raise UsageError(f"unknown format {fmt!r}")
    return "\n\n".join(p.rstrip("\n") for p in parts)


def _analyse(args: argparse.Namespace, compare: bool) -> tuple[
    Scenario, ScenarioAnalysis, AgendaComparison | None
]:
    scenario = _scenario(args)
    analyses = analyse_scenario(scenario, exact=getattr(args, "exact", False))
    levels = getattr(args, "levels", None)
    if levels is not None and not 2 <= levels <= MAX_LEVELS:
        raise UsageError(f"--levels must be in [2, {MAX_LEVELS}], got {levels}")
    comparison = (compare_agendas(scenario, analyses=analyses, levels=levels) if compare
                  else None)
    return scenario, analyses, comparison


def _tables(args: argparse.Namespace, sectors: bool = True, agendas: bool = True) -> str:
    scenario, analyses, comparison = _analyse(args, agendas)
    if args.format == "json":
        return json.dumps(tables_document(scenario, analyses, comparison), indent=2)
    if args.format == "text":
        parts = []
        if sectors:
            parts.append(sector_report(scenario, analyses))
        if comparison is not None:
            parts.append(agenda_report(scenario, comparison))
        return "\n\n".join(parts)
    frames = []
    if sectors:
        frames.append(("Sectors", analyses.to_frame()))
    if comparison is not None:
        frames.append(("Agendas", comparison.to_frame()))
        frames.append(("Openings by sector and agenda", comparison.openings_frame()))
    return _frames(frames, args.format)


def _sweep(args: argparse.Namespace) -> str:
    if args.draws < 1:
        raise UsageError(f"--draws must be >= 1, got {args.draws}")
    scenario = _scenario(args)
    df = sweep(scenario, draws=args.draws, seed=args.seed)
    summary = summarize(df)
    if args.format == "json":
        return json.dumps(sweep_document(scenario, summary, args.draws, args.seed), indent=2)
    if args.format == "text":
        shown = summary.rename(columns={"share": "share\nof draws", "ci_low": "95% CI\nlow",
                                        "ci_high": "95% CI\nhigh"}).drop(columns="draws")
        return render_text(shown, f"{scenario.name}: robustness over {args.draws} draws "
                                  f"(seed {args.seed})")
    return _frames([("Sweep summary", summary)], args.format)


def _export(args: argparse.Namespace) -> str:
    from solver.representations.efg import to_efg

    if args.sector is None:
        raise UsageError("export needs --sector (the sector whose game to write)")
    scenario, analyses, _ = _analyse(args, False)
    game = analyses[0].game
    names = {"Sender": scenario.sender, "Target": scenario.target}
    title = f"{scenario.name}: {args.sector}"
    if args.game == "efg":
        text = to_efg(game.tree.with_players(names))
    else:
        text = game.nash.reduced.game.with_players(
            (scenario.sender, scenario.target)).to_nfg(title=title)
    if args.output is not None:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{args.output}: cannot write ({exc.strerror})") from None
        return f"wrote {args.output}"
    return text


def _list(args: argparse.Namespace) -> str:
    rows = []
    for name, path in sorted(games.catalogue().items()):
        sc = load_scenario(path)
        rows.append({"name": name, "scenario": sc.name, "sectors": len(sc.sectors),
                     "file": path.name})
    frame = pd.DataFrame(rows)
    if args.format == "json":
        return json.dumps({"schema": "sanction-solver/catalogue/1", "scenarios": rows}, indent=2)
    if args.format == "text":
        return render_text(frame, "Built-in scenarios (pass the file's path, or its name with "
                                  "games.catalogue())")
    return _frames([("Catalogue", frame)], args.format)


_RUN = {
    "tables": _tables,
    "solve": lambda a: _tables(a, agendas=False),
    "compare": lambda a: _tables(a, sectors=False),
    "sweep": _sweep,
    "export": _export,
    "list": _list,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
