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
from solver.model.negotiation import NegotiationAnalysis, analyse_negotiation
from solver.model.protocol import Protocol
from solver.model.scenario import Scenario, ScenarioFileError, load_scenario
from solver.model.sweep import summarize, sweep
from solver.presentation.json_output import sweep_document, tables_document
from solver.presentation.report import negotiation_report
from solver.presentation.tables import render_text

__all__ = ["COMMANDS", "FORMATS", "main"]

PROG = "sanction-solver"
FORMATS = ("text", "markdown", "latex", "csv", "json")
COMMANDS = ("tables", "solve", "compare", "sweep", "record", "export", "list")

EPILOG = """\
commands:
  tables   (default) both tables: every sector's negotiation game, then the agendas
  solve    the sector table: each sector's SPE demand, opening, round, threat point, lenses
  compare  the agendas: piece by piece, package with floors, linked package, free agenda
  sweep    robustness over the scenario's parameter distributions
  record   the model scored against the 1993-95 record (games/record.toml)
  export   a sector's sanction subgame as Gambit .efg (tree) or .nfg (reduced normal form)
  list     the built-in scenario catalogue

the protocol (default: the scenario file's [protocol] table):
  --rounds N|none  --breakdown P  --first sender|target  --no-alternate
  --setter sender|target  --retaliation own|cross

examples:
  python -m solver                                 both tables, embedded 1993-95 case
  python -m solver --format markdown               the same as Markdown
  python -m solver my_case.toml                    a scenario file of your own
  python -m solver solve --sector autos            one sector
  python -m solver compare --format json           the agenda comparison as JSON
  python -m solver compare --rounds 8 --breakdown 0.1   another protocol
  python -m solver sweep --draws 100000 --seed 1   robustness summary
  python -m solver record --draws 200 --seed 1     the scorecard against the record
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
        description="Solve each sector's negotiation game (alternating offers backed by a "
        "sanction subgame) for its subgame-perfect equilibrium, and the talks over all sectors "
        "under each agenda: piece by piece, the package, the linked package, a free agenda.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if command in ("list", "record"):
        parser.add_argument("--format", default="text", help=f"one of {', '.join(FORMATS)}")
        if command == "record":
            parser.add_argument("--draws", type=int, default=0,
                                help="also score this many draws of each episode's parameters")
            parser.add_argument("--seed", type=int, default=None, help="random seed")
        return parser
    _common(parser, sector=command in ("tables", "solve", "export"))
    if command in ("tables", "solve", "compare", "sweep", "export"):
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
    scenario = load_scenario(_path(args.scenario))
    protocol = _protocol(args, scenario)
    name = getattr(args, "sector", None)
    sectors, floors, prov = scenario.sectors, scenario.floors, scenario.floor_provenance
    if name is not None:
        names = [s.name for s in scenario.sectors]
        if name not in names:
            raise UsageError(f"{scenario.source}: unknown sector {name!r} (sectors are "
                             f"{', '.join(names)})")
        sectors = (scenario.sector(name),)
        floors = tuple(f for f in floors if f[0] == name)
        prov = tuple(f for f in prov if f[0] == name)
    return Scenario(scenario.name, scenario.sender, scenario.target, sectors, floors,
                    scenario.source, prov, protocol, scenario.protocol_provenance)


def _path(arg: str | None) -> str | Path | None:
    """A scenario argument: a file path, or the name of a built-in scenario."""
    if arg is None or Path(arg).exists():
        return arg
    known = games.catalogue()
    if arg in known:
        return known[arg]
    return arg


def _protocol(args: argparse.Namespace, scenario: Scenario) -> Protocol:
    changes: dict[str, Any] = {}
    rounds = getattr(args, "rounds", None)
    if rounds is not None:
        if rounds == "none":
            changes["rounds"] = None
        else:
            try:
                changes["rounds"] = int(rounds)
            except ValueError:
                raise UsageError(f"--rounds must be an integer >= 1 or 'none', got {rounds!r}"
                                 ) from None
    for key in ("breakdown", "first", "alternate", "setter", "retaliation"):
        v = getattr(args, key, None)
        if v is not None:
            changes[key] = v
    try:
        return scenario.protocol.with_values(**changes)
    except ValueError as exc:
        raise UsageError(str(exc).replace("Protocol(): ", "protocol: ")) from None


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


def _analyse(args: argparse.Namespace) -> NegotiationAnalysis:
    scenario = _scenario(args)
    return analyse_negotiation(scenario, scenario.protocol)


def _tables(args: argparse.Namespace, sectors: bool = True, agendas: bool = True) -> str:
    analysis = _analyse(args)
    if args.format == "json":
        return json.dumps(tables_document(analysis, sectors, agendas), indent=2)
    if args.format == "text":
        return negotiation_report(analysis, sectors, agendas)
    frames = []
    if sectors:
        frames.append(("Sectors", analysis.to_frame()))
    if agendas:
        frames.append(("Agendas", analysis.agenda_frame()))
        frames.append(("Openings by sector and agenda", analysis.openings_frame()))
    return _frames(frames, args.format)


def _sweep(args: argparse.Namespace) -> str:
    if args.draws < 1:
        raise UsageError(f"--draws must be >= 1, got {args.draws}")
    scenario = _scenario(args)
    df = sweep(scenario, draws=args.draws, seed=args.seed, protocol=scenario.protocol)
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
    from solver.algorithms.reduced_normal_form import reduced_normal_form
    from solver.model.talks import solve_sector
    from solver.representations.efg import to_efg

    if args.sector is None:
        raise UsageError("export needs --sector (the sector whose sanction subgame to write)")
    scenario = _scenario(args)
    game = solve_sector(scenario.sectors[0], scenario.protocol)
    tree = game.sanction_subgame.with_players({"Sender": scenario.sender,
                                               "Target": scenario.target})
    title = f"{scenario.name}: {args.sector}, sanction subgame at demand {game.demand}"
    text = to_efg(tree) if args.game == "efg" else reduced_normal_form(tree).to_nfg(title=title)
    if args.output is not None:
        _write_file(Path(args.output), text)
        return f"wrote {args.output}"
    return text


def _write_file(path: Path, text: str) -> None:
    """Write ``text`` atomically: a temporary file beside ``path``, then a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write ({exc.strerror})") from None


def _record(args: argparse.Namespace) -> str:
    from solver.model.scorecard import score_record

    if args.draws < 0:
        raise UsageError(f"--draws must be >= 0, got {args.draws}")
    card = score_record(draws=args.draws, seed=args.seed)
    frame = card.to_frame()
    if args.format == "json":
        rows = json.loads(frame.to_json(orient="records"))
        return json.dumps({"schema": "sanction-solver/record/1", "summary": card.summary(),
                           "draws": args.draws, "seed": args.seed, "observables": rows},
                          indent=2)
    if args.format == "text":
        return render_text(frame, "The model against the 1993-95 record", notes=(
            card.summary() + ". Each episode is solved under its own scenario file and "
            "[protocol]; 'record' cites games/record.toml.",))
    return _frames([("Record scorecard", frame)], args.format)


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
    "record": _record,
    "export": _export,
    "list": _list,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
