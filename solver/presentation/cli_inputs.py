"""The scenario and protocol a command runs on, read from its arguments, and the one-line
notes for options that cannot change the command's answer.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import games
from solver.model.protocol import Protocol
from solver.model.scenario import Scenario, load_scenario
from solver.presentation.cli_args import (
    PROG,
    UsageError,
)

__all__: list[str] = []  # the CLI's own helpers, not API


def command_scenario(args: argparse.Namespace, *, typed: bool = False) -> Scenario:
    """The scenario with the command line's protocol and sector. Only ``typed`` commands
    (``doubt``) solve a protocol with types; the others solve complete information: they
    refuse --types, and set aside the scenario file's types with a note on stderr."""
    arg = args.scenario
    if isinstance(arg, list):  # compare takes several
        arg = arg[0] if arg else None
    scenario = load_scenario(scenario_path(arg))
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
    out = Scenario(scenario.name, scenario.sender, scenario.target, sectors, floors,
                   scenario.source, prov, protocol, scenario.protocol_provenance)
    _note_inert_for(args, out)
    return out


#: The commands that solve no free agenda (and so no agenda setter), and those that solve no
#: bundle of several sectors (and so no pooled retaliation).
_NO_FREE_AGENDA = ("solve", "doubt", "export", "sweep")
_NO_BUNDLE = ("solve", "doubt", "export")


def _note(args: argparse.Namespace, text: str) -> None:
    """One note on stderr, once per run (``compare A B`` reads several scenarios)."""
    noted = vars(args).setdefault("_noted", set())
    if text not in noted:
        noted.add(text)
        print(f"{PROG}: note: {text}", file=sys.stderr)


def note_inert_options(command: str, args: argparse.Namespace) -> None:
    """Notes for options that cannot change this command's answer, whatever the scenario."""
    setter = getattr(args, "setter", None)
    if setter is not None:
        if command in _NO_FREE_AGENDA:
            _note(args, f"--setter {setter} cannot change the answer: {command} solves no "
                        f"free agenda (the only agenda with a setter)")
        else:
            _note(args, f"--setter {setter} cannot change the answer: the free agenda is "
                        f"reported once for each setter")
    retaliation = getattr(args, "retaliation", None)
    if retaliation is not None and command in _NO_BUNDLE:
        _note(args, f"--retaliation {retaliation} cannot change the answer: {command} solves "
                    f"no bundle of several sectors")
    if command == "record" and args.seed is not None and args.draws == 0:
        _note(args, f"--seed {args.seed} cannot change the answer: without --draws nothing "
                    f"is drawn")


def _note_inert_for(args: argparse.Namespace, scenario: Scenario) -> None:
    """Notes for options that cannot change the answer for this scenario and protocol."""
    command = getattr(args, "command", "tables")
    retaliation = getattr(args, "retaliation", None)
    if retaliation is not None and command not in _NO_BUNDLE and len(scenario.sectors) == 1:
        one = (f"--sector {args.sector} solves one sector" if getattr(args, "sector", None)
               else f"{scenario.source} has one sector")
        _note(args, f"--retaliation {retaliation} cannot change the answer: {one}, so every "
                    f"bundle is that sector alone")
    if getattr(args, "alternate", None) is False and scenario.protocol.rounds == 1:
        _note(args, "--no-alternate cannot change the answer: with one round there is one "
                    "proposal")


def scenario_path(arg: str | None) -> str | Path | None:
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
