"""The command line: equilibrium tables, agenda comparison, sweeps, exports, the catalogue.

Exit codes: 0 success; 2 bad input (a scenario file that is missing, malformed or invalid,
an unknown sector, format or option); 1 an internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import games
from solver._core.errors import EngineError
from solver._core.tabular import csv_frame, plain_text
from solver.model.doubt.typed_talks import TypedTalks
from solver.model.negotiation import NegotiationAnalysis, analyse_negotiation
from solver.model.scenario import ScenarioFileError, load_scenario
from solver.model.sweep import summarize, sweep
from solver.presentation.cli_args import (
    COMMANDS,
    FORMATS,
    PROG,
    UsageError,
    build_parser,
    split_command,
)
from solver.presentation.cli_inputs import (
    command_scenario,
    note_inert_options,
    scenario_path,
)
from solver.presentation.json_output import COMPARE_SCHEMA_ID, sweep_document, tables_document
from solver.presentation.output_files import plot_target, rows_target, write_atomic
from solver.presentation.report import negotiation_tables
from solver.presentation.table import Column, Table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COMMANDS", "FORMATS", "MAX_COMPARE", "main"]

#: Most scenarios ``compare`` solves in one run (the one CLI input that multiplies work
#: without a bound of its own: --rounds, --draws and the record's draws have theirs).
MAX_COMPARE = 20

def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The words after the program name, e.g. ``["compare", "--format", "json"]``; None (the
        default) reads ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit code: 0 on success (also for ``--help``, ``--version`` and a closed output
        pipe), 2 for a usage error, a bad scenario file or a rejected argument (the message
        goes to stderr), 1 for an internal error.

    Examples
    --------
    >>> main(["/nonexistent.toml"])
    2
    """
    try:
        command, words = split_command(list(sys.argv[1:] if argv is None else argv))
        try:
            args = build_parser(command).parse_args(words)
        except SystemExit as exc:  # --help, --version
            return int(exc.code or 0)
        if args.format not in FORMATS:
            raise UsageError(f"--format {args.format}: unknown format (choose from "
                             f"{', '.join(FORMATS)})")
        _check_output(command, args)
        args.command = command
        note_inert_options(command, args)
        result = _RUN[command](args)
        if isinstance(result, Output):
            _emit(args, result)
        else:
            _write(str(result))
        return 0
    except (UsageError, ScenarioFileError) as exc:
        print(f"{PROG}: error: {plain_text(str(exc), newlines=False)}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a public function rejected an argument (e.g. --seed -1)
        print(f"{PROG}: error: {plain_text(str(exc), newlines=False)}", file=sys.stderr)
        return 2
    except (ArithmeticError, RuntimeError) as exc:  # a certificate failed: a bug
        print(f"{PROG}: internal error (please report it): "
              f"{plain_text(str(exc), newlines=False)}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into e.g. `head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


class Output:
    """What a table command produced: its tables, their raw frames (``--raw``, by table
    name) and its versioned JSON document (``--format json``)."""

    def __init__(self, title: str, tables: Sequence[Table], raw: dict[str, pd.DataFrame],
                 document: Callable[[], dict[str, Any]], page: Callable[[str], str] | None = None
                 ) -> None:
        self.title, self.tables, self.raw, self.document = title, tuple(tables), raw, document
        self.page = page


def _check_output(command: str, args: argparse.Namespace) -> None:
    """Refuse bad output options before anything is solved."""
    if getattr(args, "raw", False) and args.format != "csv":
        raise UsageError(f"--raw: only with --format csv (the unrounded data), not "
                         f"--format {args.format}")
    out = getattr(args, "output", None)
    if out is None:
        return
    path = Path(out)
    _not_an_input(out, args)
    if command == "export":
        return
    if args.format == "csv" and not getattr(args, "table", None):
        if path.exists() and not path.is_dir():
            raise UsageError(f"-o {out}: --format csv writes one file per table into a "
                             f"directory, and {out} is a file (or pass --table NAME)")
        if not path.exists() and not path.parent.is_dir():
            raise UsageError(f"-o {out}: no such directory {str(path.parent)!r}")
        return
    if path.is_dir():
        raise UsageError(f"-o {out}: is a directory (give a file name)")
    if not path.parent.is_dir():
        raise UsageError(f"-o {out}: no such directory {str(path.parent)!r}")


def _not_an_input(out: str, args: argparse.Namespace) -> None:
    """Refuse -o naming a scenario file that this command reads (it would be overwritten)."""
    if not hasattr(args, "scenario"):
        return
    given = (args.scenario or [None]) if isinstance(args.scenario, list) else [args.scenario]
    target = Path(out)
    for name in given:
        found = scenario_path(name)
        src = Path(found) if found is not None else games.default_path()
        same = (target.exists() and src.exists() and os.path.samefile(target, src)) or (
            target.resolve() == src.resolve())
        if same:
            raise UsageError(f"-o {out}: is the scenario file {name!r} this command reads; "
                             f"choose another output file")


def _select(args: argparse.Namespace, out: Output) -> tuple[Table, ...]:
    name = getattr(args, "table", None)
    if name is None:
        return out.tables
    names = [t.name for t in out.tables]
    if name not in names:
        raise UsageError(f"--table {name}: no such table (tables are {', '.join(names)})")
    return tuple(t for t in out.tables if t.name == name)


def _emit(args: argparse.Namespace, out: Output) -> None:
    """Render ``out`` in the chosen format, to stdout or (atomically) to -o."""
    tables = _select(args, out)
    target = getattr(args, "output", None)
    fmt = args.format
    if fmt == "csv":
        files = {t.name: (csv_frame(out.raw[t.name]).to_csv(index=False) if args.raw
                          else t.to_csv())
                 for t in tables}
        if target is not None and getattr(args, "table", None) is None:
            folder = Path(target)
            folder.mkdir(exist_ok=True)
            for name, text in files.items():
                write_atomic(folder / f"{name}.csv", text)
                print(f"{PROG}: wrote {folder / f'{name}.csv'}", file=sys.stderr)
            return
        if len(files) > 1:
            raise UsageError(f"--format csv writes one table per file: pass -o DIR, or "
                             f"--table NAME (tables are {', '.join(files)})")
        text = next(iter(files.values()))
    elif fmt == "json":
        if getattr(args, "table", None) is not None:
            text = json.dumps(tables[0].to_json(), indent=2)
        else:
            text = json.dumps(out.document(), indent=2)
    elif fmt == "html":
        from solver.presentation.html_report import html_page

        text = out.page(out.title) if out.page is not None and len(tables) == len(
            out.tables) else html_page(out.title, tables)
    else:
        sep = "\n\n" if fmt != "latex" else "\n\n\\bigskip\n\n"
        text = sep.join(t.render(fmt) for t in tables)
    if target is None:
        _write(text)
    else:
        write_atomic(Path(target), text if text.endswith("\n") else text + "\n")
        print(f"{PROG}: wrote {target}", file=sys.stderr)


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def _analyse(args: argparse.Namespace) -> NegotiationAnalysis:
    scenario = command_scenario(args)
    return analyse_negotiation(scenario, scenario.protocol)


def _tables(args: argparse.Namespace, sectors: bool = True, agendas: bool = True) -> Output:
    from solver.presentation.html_report import negotiation_page

    analysis = _analyse(args)
    tables = negotiation_tables(analysis, sectors, agendas)
    raw = {"sectors": analysis.to_frame(), "lenses": analysis.to_frame(),
           "openings": analysis.openings_frame(), "agendas": analysis.agenda_frame()}

    def document() -> dict[str, Any]:
        doc = tables_document(analysis, sectors, agendas)
        doc["tables"] = [t.to_json() for t in tables]
        return doc

    return Output(analysis.scenario.name, tables, raw, document,
                  lambda title: negotiation_page(analysis, tables))


def _compare_many(args: argparse.Namespace) -> Output:
    """``compare A B ...``: each scenario's agendas under the same command-line protocol
    (at most :data:`MAX_COMPARE` scenarios: each is a whole analysis)."""
    import pandas as pd

    if len(args.scenario) > MAX_COMPARE:
        raise UsageError(f"compare: at most {MAX_COMPARE} scenarios at once (each is solved "
                         f"in full), got {len(args.scenario)}")
    analyses = [_analyse(argparse.Namespace(**{**vars(args), "scenario": name}))
                for name in args.scenario]
    rows = []
    choices = []
    keys = [Path(name).stem for name in args.scenario]
    for key, a in zip(keys, analyses, strict=True):
        f = a.agenda_frame()
        rows += [(key, r["agenda"], r["payoff_sender"], r["payoff_target"],
                  r["joint_surplus"], r["deals"], r["max_sanction_probability"])
                 for r in f.to_dict("records")]
        choices.append((key, a.scenario.sender, a.choice("sender")[0],
                        a.scenario.target, a.choice("target")[0]))
    pay = "$B/yr"
    agendas = Table(
        "agendas", "The agendas compared across scenarios",
        (Column("scenario", "scenario", kind="text"), Column("agenda", "agenda", kind="text"),
         Column("payoff_sender", "u sender", pay), Column("payoff_target", "u target", pay),
         Column("joint_surplus", "joint", pay), Column("deals", "deals", kind="int"),
         Column("max_sanction_probability", "max P(sanc-\ntion)")),
        tuple(rows), ("Each scenario is solved under its own [protocol], with the command "
                      "line's protocol options applied to every one. Scenarios: "
                      + "; ".join(f"{k}: {a.scenario.name} ({a.scenario.source})"
                                  for k, a in zip(keys, analyses, strict=True)) + ".",))
    chosen = Table(
        "choices", "The agenda each side would choose",
        (Column("scenario", "scenario", kind="text"), Column("sender", "sender", kind="text"),
         Column("sender_choice", "sender's choice", kind="text"),
         Column("target", "target", kind="text"),
         Column("target_choice", "target's choice", kind="text")), tuple(choices))
    raw = {"agendas": pd.DataFrame([dict(zip([c.key for c in agendas.columns], r,
                                             strict=True)) for r in rows]),
           "choices": pd.DataFrame([dict(zip([c.key for c in chosen.columns], r,
                                             strict=True)) for r in choices])}

    def document() -> dict[str, Any]:
        return {"schema": COMPARE_SCHEMA_ID,
                "scenarios": [tables_document(a, sectors=False) for a in analyses],
                "tables": [agendas.to_json(), chosen.to_json()]}

    return Output("The agendas compared across scenarios", (agendas, chosen), raw, document)


def _sweep(args: argparse.Namespace) -> Output:
    if args.draws < 1:
        raise UsageError(f"--draws must be >= 1, got {args.draws}")
    rows = rows_target(args.rows)
    scenario = command_scenario(args)
    df = sweep(scenario, draws=args.draws, seed=args.seed, protocol=scenario.protocol)
    if rows is not None:
        if rows.suffix.lower() == ".csv":
            data: str | bytes = csv_frame(df).to_csv(index=False)
        else:
            buf = io.BytesIO()
            df.to_parquet(buf, index=False)
            data = buf.getvalue()
        write_atomic(rows, data)
        print(f"{PROG}: wrote {rows} ({len(df)} draws)", file=sys.stderr)
    summary = summarize(df)
    table = Table.from_frame(
        "sweep", f"{scenario.name}: robustness over {args.draws} draws (seed {args.seed})",
        summary.drop(columns="draws"),
        labels={"share": "share\nof draws", "ci_low": "95% CI\nlow",
                "ci_high": "95% CI\nhigh"})
    return Output(scenario.name, (table,), {"sweep": summary},
                  lambda: sweep_document(scenario, summary, args.draws, args.seed))


def _export(args: argparse.Namespace) -> str:
    from solver.algorithms.extensive.reduced_normal_form import reduced_normal_form
    from solver.model.talks import solve_sector
    from solver.representations.io.efg import to_efg

    if args.sector is None:
        raise UsageError("export needs --sector (the sector whose sanction subgame to write)")
    scenario = command_scenario(args)
    game = solve_sector(scenario.sectors[0], scenario.protocol)
    tree = game.sanction_subgame.with_players({"Sender": scenario.sender,
                                               "Target": scenario.target})
    at = "no demand" if game.demand is None else f"demand {game.demand:.4g}"
    title = f"{scenario.name}: {args.sector}, sanction subgame at {at}"
    text = (to_efg(tree, title) if args.game == "efg"
            else reduced_normal_form(tree).to_nfg(title=title))
    if args.output is not None:
        write_atomic(Path(args.output), text)
        return f"wrote {args.output}"
    return text


def _doubt(args: argparse.Namespace) -> Output:
    from solver.model.talks import solve_talks
    from solver.presentation.doubt_report import (
        doubt_document,
        doubt_frame,
        doubt_rounds_frame,
        doubt_tables,
    )

    plot = plot_target(args.plot)
    scenario = command_scenario(args, typed=True)
    talks = solve_talks(scenario, scenario.protocol, "piecemeal")
    if not isinstance(talks, TypedTalks):  # pragma: no cover - the protocol has types
        raise EngineError(f"doubt: solve_talks() with types returned {type(talks).__name__}")
    if plot is not None:
        from solver.presentation.doubt_plot import plot_bytes

        write_atomic(plot, plot_bytes(talks, plot.suffix.lower()[1:]))
        print(f"{PROG}: wrote {plot}", file=sys.stderr)
    return Output(scenario.name, doubt_tables(talks, scenario),
                  {"doubt": doubt_frame(talks), "rounds": doubt_rounds_frame(talks)},
                  lambda: doubt_document(talks, scenario))


def _record(args: argparse.Namespace) -> Output:
    from solver.model.scorecard import score_record

    if args.draws < 0:
        raise UsageError(f"--draws must be >= 0, got {args.draws}")
    card = score_record(draws=args.draws, seed=args.seed)
    frame = card.to_frame()
    table = Table.from_frame("record", "The model against the 1993-95 record", frame, notes=(
        card.summary() + ". Each episode is solved under its own scenario file and "
        "[protocol]; 'record' cites games/record.toml.",))

    def document() -> dict[str, Any]:
        rows = json.loads(frame.to_json(orient="records"))
        return {"schema": "sanction-solver/record/1", "summary": card.summary(),
                "draws": args.draws, "seed": args.seed, "observables": rows}

    return Output("The model against the 1993-95 record", (table,), {"record": frame},
                  document)


def _list(args: argparse.Namespace) -> Output:
    import pandas as pd

    rows = []
    for name, path in sorted(games.catalogue().items()):
        sc = load_scenario(path)
        rows.append({"name": name, "scenario": sc.name, "sectors": len(sc.sectors),
                     "file": path.name})
    frame = pd.DataFrame(rows)
    table = Table.from_frame("catalogue", "Built-in scenarios (pass the name, or the file's "
                             "path, as the scenario)", frame)
    return Output("Built-in scenarios", (table,), {"catalogue": frame},
                  lambda: {"schema": "sanction-solver/catalogue/1", "scenarios": rows})


def _report(args: argparse.Namespace) -> str:
    from solver.presentation.html_report import full_report

    if args.output is None:
        raise UsageError("report needs -o FILE.html (the one-file HTML report)")
    if not str(args.output).lower().endswith((".html", ".htm")):
        raise UsageError(f"-o {args.output}: the report is HTML; give a file ending in .html")
    analysis = _analyse(args)
    write_atomic(Path(args.output), full_report(analysis))
    return f"wrote {args.output}"


_RUN: dict[str, Callable[[argparse.Namespace], Output | str]] = {
    "tables": _tables,
    "solve": lambda a: _tables(a, agendas=False),
    "compare": lambda a: (_compare_many(a) if len(a.scenario) > 1
                          else _tables(a, sectors=False)),
    "doubt": _doubt,
    "sweep": _sweep,
    "record": _record,
    "report": _report,
    "export": _export,
    "list": _list,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
