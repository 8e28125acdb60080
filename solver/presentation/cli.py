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
from solver.model.typed_talks import TypedTalks
from solver.presentation.json_output import sweep_document, tables_document
from solver.presentation.report import negotiation_report
from solver.presentation.tables import format_notes, render_text

__all__ = ["COMMANDS", "FORMATS", "main"]

PROG = "sanction-solver"
FORMATS = ("text", "markdown", "latex", "csv", "json")
COMMANDS = ("tables", "solve", "compare", "doubt", "sweep", "record", "export", "list")
#: The file types ``doubt --plot`` writes, by suffix.
PLOT_SUFFIXES = (".png", ".svg", ".pdf")

EPILOG = """\
commands:
  tables   (default) both tables: every sector's negotiation game, then the agendas
  solve    the sector table: each sector's SPE demand, opening, round, threat point, lenses
  compare  the agendas: piece by piece, package with floors, linked package, free agenda
  doubt    the sender's type in doubt: each sector's perfect Bayesian equilibrium, piece by
           piece (deal and deadline-deal, breakdown and sanction probabilities, bluffs, the
           posterior at the deadline); --plot FILE draws the probability of a deal by round
  sweep    robustness over the scenario's parameter distributions
  record   the model scored against the 1993-95 record (games/record.toml)
  export   a sector's sanction subgame as Gambit .efg (tree) or .nfg (reduced normal form)
  list     the built-in scenario catalogue

the protocol (default: the scenario file's [protocol] table):
  --rounds N|none  --breakdown P  --first sender|target  --no-alternate
  --setter sender|target  --retaliation own|cross  --types resolve|audience|none

examples:
  python -m solver                                 both tables, embedded 1993-95 case
  python -m solver --format markdown               the same as Markdown
  python -m solver my_case.toml                    a scenario file of your own
  python -m solver solve --sector autos            one sector
  python -m solver compare --format json           the agenda comparison as JSON
  python -m solver compare --rounds 8 --breakdown 0.1   another protocol
  python -m solver doubt --rounds 8 --types audience --plot doubt.png
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


_DOUBT = ("Solve the talks piece by piece with the sender's type private (its sanction loss, "
          "or its audience cost) for their perfect Bayesian equilibrium, and print each "
          "sector's probability of a deal, of a deal at the deadline, of breakdown and of a "
          "sanction, each type's bluffing probability and the posterior at the deadline.")


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
        description=_DOUBT if command == "doubt" else
        "Solve each sector's negotiation game (alternating offers backed by a "
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
    _common(parser, sector=command in ("tables", "solve", "doubt", "export"))
    if command in ("tables", "solve", "compare", "doubt", "sweep", "export"):
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
                            f"({', '.join(s[1:].upper() for s in PLOT_SUFFIXES)} by suffix)")
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


def _scenario(args: argparse.Namespace, *, typed: bool = False) -> Scenario:
    """The scenario with the command line's protocol and sector. Only ``typed`` commands
    (``doubt``) solve a protocol with types; the others solve complete information: they
    refuse --types, and set aside the scenario file's types with a note on stderr."""
    scenario = load_scenario(_path(args.scenario))
    protocol = _typed_protocol(args, scenario) if typed else _protocol(args, scenario)
    if protocol.types is not None and not typed:
        if getattr(args, "types", None) is not None:
            raise UsageError(f"--types {args.types}: this command solves the game of complete "
                             f"information; use `doubt` for the sender's type in doubt")
        print(f"{PROG}: note: {scenario.source}: [protocol] types = {protocol.types!r} set "
              f"aside: this command solves complete information (`doubt` solves the "
              f"sender's type in doubt)", file=sys.stderr)
        protocol = protocol.with_values(types=None)
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


def _typed_protocol(args: argparse.Namespace, scenario: Scenario) -> Protocol:
    """The protocol of ``doubt``: types from --types, else the scenario's, else resolve; a
    deadline is needed."""
    if args.types == "none":
        raise UsageError("--types none: doubt solves the game with the sender's type in doubt; "
                         "choose --types resolve or audience (complete information: solve)")
    if args.rounds == "none":
        raise UsageError("--rounds none: the game with the sender's type in doubt needs a "
                         "deadline; pass --rounds N")
    if args.rounds is None and scenario.protocol.rounds is None:
        raise UsageError(f"{scenario.source}: [protocol] rounds is 'none', and the game with "
                         f"the sender's type in doubt needs a deadline; pass --rounds N")
    default = None if args.types is not None or scenario.protocol.types else "resolve"
    return _protocol(args, scenario, types=default)


def _protocol(args: argparse.Namespace, scenario: Scenario,
              types: str | None = None) -> Protocol:
    changes: dict[str, Any] = {} if types is None else {"types": types}
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
    kind = getattr(args, "types", None)
    if kind is not None:
        changes["types"] = None if kind == "none" else kind
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
            parts.append(f"% {title}\n"
                         f"{frame.to_latex(index=False, float_format='%.4g', escape=True)}")
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


def _write_file(path: Path, data: str | bytes) -> None:
    """Write ``data`` atomically: a temporary file beside ``path``, then a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write ({exc.strerror})") from None


def _plot_target(arg: str | None) -> Path | None:
    """The --plot file, checked before anything is solved: suffix, directory, matplotlib."""
    if arg is None:
        return None
    path = Path(arg)
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise UsageError(f"--plot {arg}: the file must end in "
                         f"{', '.join(PLOT_SUFFIXES)} (the suffix sets the file type)")
    if not path.parent.is_dir():
        raise UsageError(f"--plot {arg}: no such directory {str(path.parent)!r}")
    if path.is_dir():
        raise UsageError(f"--plot {arg}: is a directory")
    try:
        import matplotlib  # noqa: F401
    except ImportError:  # pragma: no cover - the test extra installs it
        raise UsageError("--plot needs matplotlib: pip install 'sanction-bargaining[plot]'"
                         ) from None
    return path


def _doubt(args: argparse.Namespace) -> str:
    from solver.model.talks import solve_talks
    from solver.presentation.report import (
        doubt_document,
        doubt_frame,
        doubt_notes,
        doubt_report,
        doubt_rounds_frame,
        doubt_title,
    )

    plot = _plot_target(args.plot)
    scenario = _scenario(args, typed=True)
    talks = solve_talks(scenario, scenario.protocol, "piecemeal")
    if not isinstance(talks, TypedTalks):  # pragma: no cover - the protocol has types
        raise RuntimeError(f"solve_talks() with types returned {type(talks).__name__}")
    if args.format == "json":
        out = json.dumps(doubt_document(talks, scenario), indent=2)
    elif args.format == "text":
        out = doubt_report(talks, scenario)
    elif args.format == "csv":
        out = _frames([("PBE by sector", doubt_frame(talks)),
                       ("Agreement by round", doubt_rounds_frame(talks))], "csv")
    else:
        by_round = doubt_rounds_frame(talks, skip_empty=True)
        out = _frames([(doubt_title(talks), doubt_frame(talks, "flat")),
                       (f"{talks.scenario}: the round of agreement", by_round.rename(
                           columns=lambda c: c.replace("_", " ")))], args.format)
        out += "\n\n" + format_notes(doubt_notes(talks, scenario), args.format)
    if plot is not None:
        from solver.presentation.doubt_plot import plot_bytes

        _write_file(plot, plot_bytes(talks, plot.suffix.lower()[1:]))
        print(f"{PROG}: wrote {plot}", file=sys.stderr)
    return out


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
    "doubt": _doubt,
    "sweep": _sweep,
    "record": _record,
    "export": _export,
    "list": _list,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
