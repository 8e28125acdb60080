"""The hostile-input campaign of issue 16: readers, the API and the command line.

Run it (``--cases`` is the number of in-process cases; ``--cli-cases`` more run the real
command line in a subprocess)::

    python benchmarks/fuzz_campaign.py --cases 100000 --seed 16 --cli-cases 60

Every case is generated from ``(seed, case number)`` alone, so any case can be replayed with
``--only N``. Each runs in a worker process under a time budget (``--timeout``, seconds): a
case that does not finish is a *hang*, and the worker is killed and replaced. A case ends as

- *accepted*: the input was taken (and, where the case knows the input is valid, that was
  right);
- *clean error*: a ``ValueError`` (the CLI: exit 2) with a one-line message that names the
  function or the file, and, where the case mutated a known sector field, that sector and
  field. A refusal whose message does not is counted as *unclear error*;
- *traceback / internal error*: anything else, including a RuntimeWarning (warnings of that
  class are errors here) and the CLI's exit 1;
- *wrongly accepted*: the case knows the input is invalid, and it was taken;
- *wrongly refused* (reported, not a failure): the case knows the input is valid, and it
  was refused.

The campaign exits 1 on any traceback, hang, unclear error or wrong accept, and prints the
first few of each with the case number to replay.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import multiprocessing as mp
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import games  # noqa: E402
from solver.model.scenario import Scenario, load_scenario  # noqa: E402

FULL = games.default_path().read_text(encoding="utf-8")


def _one_sector(text: str) -> str:
    """The reference file cut to its header, protocol and first sector (autos) with its
    floor: a fraction of the reading time, every kind of table and field."""
    head, *sectors = re.split(r"(?m)^(?=\[\[sectors\]\])", text)
    head = re.sub(r"(?ms)^\[agenda\.floors\.(?!autos\]).*?(?=^\[)", "", head)
    return head + sectors[0]


REFERENCE = _one_sector(FULL)
KINDS = (("toml", 33), ("nfg", 28), ("efg", 27), ("cli_args", 10), ("api", 1),
         ("numeric", 1))
OUTCOMES = ("accepted", "clean", "unclear", "traceback", "hang", "wrong_accept",
            "wrong_refusal")

# The admissible values of each sector field, restated from docs/model.md (independently of
# solver/model/sector.py, which is what is tested).
ADMISSIBLE = {
    "gain": lambda v: v > 0, "cost": lambda v: v >= 0, "curvature": lambda v: v >= 1,
    "deliverability": lambda v: 0 <= v <= 1, "sanction.loss_target": lambda v: v >= 0,
    "sanction.loss_sender": lambda v: v >= 0, "backdown_cost": lambda v: v >= 0,
    "resolve": lambda v: 0 <= v <= 1, "discount.sender": lambda v: 0 < v < 1,
    "discount.target": lambda v: 0 < v < 1,
}
MONEY = ("gain", "cost", "sanction.loss_target", "sanction.loss_sender", "backdown_cost")
HOSTILE_NUMBERS = ("nan", "inf", "-inf", "+inf", "0", "-0.0", "-1", "1", "0.5", "1e308",
                   "-1e308", "5e-324", "1e9", "1e-9", "500", "1000", "1e300", "1.0000001",
                   "0.9999999999", "9" * 400, "-" + "9" * 30, "1e-300", "2.5")
HOSTILE_OTHER = ('"27.7"', "true", "[]", "{}", '"\\u001b[31m"', "[1, 2]", '"inf"',
                 "1979-05-27", '{ value = 1 }')
_PARAM = re.compile(r"^\[sectors\.([a-z_.]+)\]\s*$")


def _sector_values() -> list[tuple[int, str, str]]:
    """(line number of ``value = ...``, sector name, field key) for every sector field."""
    out, sector, field = [], "", ""
    for n, line in enumerate(REFERENCE.splitlines()):
        if line.startswith("[[sectors]]"):
            sector, field = "", ""
        elif m := re.match(r'^name = "(.*)"$', line):
            sector = sector or m.group(1)
        elif m := _PARAM.match(line):
            field = m.group(1)
        elif line.startswith("value = ") and sector and field in ADMISSIBLE:
            out.append((n, sector, field))
    return out


VALUE_LINES = _sector_values()


def _range_of(lines: list[str], n: int) -> tuple[float, float] | None:
    for line in lines[n + 1:n + 6]:
        if line.startswith("["):
            return None
        if m := re.match(r"^range = \[(.*), (.*)\]$", line):
            return float(m.group(1)), float(m.group(2))
    return None


# ----------------------------------------------------------------------------------------
# Outcomes

class Verdict(Exception):
    """Raised by a case to end with a given outcome."""

    def __init__(self, outcome: str, detail: str) -> None:
        super().__init__(detail)
        self.outcome, self.detail = outcome, detail


def _refused(exc: BaseException, names: tuple[str, ...], expect: str | None) -> tuple[str, str]:
    if not isinstance(exc, ValueError):
        tb = traceback.extract_tb(exc.__traceback__)
        where = f"{Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else "?"
        return "traceback", f"{type(exc).__name__} at {where}: {str(exc)[:160]}"
    msg = str(exc)
    missing = [s for s in names if s not in msg]
    if "\n" in msg or missing or not msg:
        return "unclear", f"{type(exc).__name__} (missing {missing}): {msg[:200]!r}"
    if expect == "valid":
        return "wrong_refusal", msg[:200]
    return "clean", ""


def _run(fn: Any, names: tuple[str, ...], expect: str | None) -> tuple[str, str]:
    """Call ``fn``; classify its end. ``expect`` is 'valid', 'invalid' or None (unknown)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            fn()
    except Verdict as v:
        return v.outcome, v.detail
    except RecursionError as exc:
        return "traceback", f"RecursionError: {str(exc)[:100]}"
    except Exception as exc:
        return _refused(exc, names, expect)
    if expect == "invalid":
        return "wrong_accept", "accepted an invalid input"
    return "accepted", ""


# ----------------------------------------------------------------------------------------
# Scenario TOML

def _mutate_toml(rng: random.Random) -> tuple[str | bytes, tuple[str, ...], str | None, str]:
    """A mutated reference scenario: (text, names the error must carry, expectation, what)."""
    lines = REFERENCE.splitlines()
    r = rng.random()
    if r < 0.45:  # one sector field's value
        n, sector, field = rng.choice(VALUE_LINES)
        tok = rng.choice(HOSTILE_NUMBERS + HOSTILE_OTHER)
        lines[n] = f"value = {tok}"
        expect: str | None = "invalid"
        try:
            v = float(tok)
            if math.isfinite(v) and ADMISSIBLE[field](v):
                rg = _range_of(lines, n)
                expect = "valid" if rg is not None and rg[0] <= v <= rg[1] else "invalid"
        except ValueError:
            pass
        return ("\n".join(lines) + "\n", (f"'{sector}'", f"'{field}'"), expect,
                f"{sector}.{field} = {tok[:20]}")
    if r < 0.50:  # a whole scenario rescaled in its money unit: valid
        factor = rng.choice((1e-9, 1e-3, 1e3, 1e6))
        out, field = [], ""
        for line in lines:
            if m := _PARAM.match(line):
                field = m.group(1)
            elif line.startswith("[") and not line.startswith("[[sectors]]"):
                field = ""
            if field in MONEY and line.startswith(("value = ", "range = ")):
                key, _, rest = line.partition(" = ")
                nums = re.sub(r"[-0-9.eE+]+", lambda m: repr(float(m.group()) * factor), rest)
                line = f"{key} = {nums}"
            out.append(line)
        return "\n".join(out) + "\n", (), "valid", f"money x {factor}"
    if r < 0.53:
        return (REFERENCE.replace('target = "Japan"', 'target = "US"', 1), ("'sender'",),
                "invalid", "sender == target")
    if r < 0.58:  # a distribution on one field
        n, sector, field = rng.choice(VALUE_LINES)
        kind, key = rng.choice((("truncnormal", "sd"), ("lognormal", "sigma")))
        spread = rng.choice(("inf", "nan", "-1", "0", "1e308", "0.5", "true", '"x"'))
        lines.insert(n + 1, f'distribution = {{ kind = "{kind}", {key} = {spread} }}')
        expect = "invalid" if spread in ("inf", "nan", "-1", "true", '"x"') else None
        return ("\n".join(lines) + "\n", (f"'{sector}'", f"'{field}'"), expect,
                f"{sector}.{field} {kind} {key}={spread}")
    if r < 0.62:  # the protocol
        key = rng.choice(("rounds", "breakdown", "first", "alternate", "setter", "retaliation"))
        tok = rng.choice(HOSTILE_NUMBERS + HOSTILE_OTHER + ('"none"', '"target"', "12"))
        idx = next(i for i, line in enumerate(lines) if line == f"[protocol.{key}]")
        lines[idx + 1] = f"value = {tok}"
        return "\n".join(lines) + "\n", (f"{key}",), None, f"protocol.{key} = {tok[:20]}"
    data = bytearray(REFERENCE.encode("utf-8"))
    r = rng.random()
    if r < 0.25:
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        what = "byte flips"
    elif r < 0.45:
        at = rng.randrange(len(data))
        junk = rng.choice((b"\xff", b"\x00", b"\x1b[2J", b"\xc3", b"[[", b"]", b'"', b"=",
                           b"\n[sectors.gain]\n", b"\n[[sectors]]\n", b"\\u0000", b"\r"))
        data[at:at] = junk
        what = f"insert {junk!r}"
    elif r < 0.60:
        data = data[:rng.randrange(len(data))]
        what = "truncated"
    elif r < 0.80:
        ls = REFERENCE.splitlines(keepends=True)
        i, j = rng.randrange(len(ls)), rng.randrange(len(ls))
        op = rng.choice(("drop", "dup", "swap"))
        if op == "drop":
            del ls[i]
        elif op == "dup":
            ls.insert(j, ls[i])
        else:
            ls[i], ls[j] = ls[j], ls[i]
        data = bytearray("".join(ls).encode("utf-8"))
        what = f"line {op}"
    else:
        depth = rng.choice((100, 1000, 10_000, 100_000))
        opener, closer = rng.choice((("[", "]"), ("{ a = ", " }"), ("[{ a = ", "}]")))
        data += f"\nx = {opener * depth}1{closer * depth}\n".encode()
        what = f"nested {depth}"
    return bytes(data), (), None, what


def case_toml(rng: random.Random, tmp: Path) -> tuple[str, str]:
    text, names, expect, what = _mutate_toml(rng)
    path = tmp / "case.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    out, detail = _run(lambda: load_scenario(path), (str(path), *names), expect)
    return out, f"{what}: {detail}" if detail else ""


# ----------------------------------------------------------------------------------------
# .nfg and .efg

_NFG_HOSTILE = ("1/0", "0/0", "1e999999999", "9" * 5000, "1e400", "-", "{", "}", '"', "NFG",
                "1.5/2", "100000000000", "99999999999999999999", ".", "1e-999999", "+",
                "\x00", "\x1b", "é", "0x10", "1_000")


def _nfg_text(rng: random.Random) -> tuple[str, Any]:
    from solver.representations.io.nfg import NfgData, write_nfg

    k = rng.randint(1, 3)
    counts = [rng.randint(1, 4) for _ in range(k)]
    cells = math.prod(counts)

    def val() -> Fraction:
        return Fraction(rng.randint(-20, 20), rng.choice((1, 1, 2, 3, 10)))

    data = NfgData(rng.choice(("", "game", "a \\ b", 'q"t')), tuple(f"P{i}" for i in range(k)),
                   tuple(tuple(f"s{j}" for j in range(c)) for c in counts),
                   tuple(tuple(val() for _ in range(k)) for _ in range(cells)))
    if rng.random() < 0.5:
        return write_nfg(data), data
    # the count-and-outcome layout
    outcomes = list(dict.fromkeys(data.payoffs))
    head = f'NFG 1 R "" {{ {" ".join(chr(34) + p + chr(34) for p in data.players)} }} '
    head += "{ " + " ".join(map(str, counts)) + " }\n{\n"
    body = "".join(f'{{ "" {", ".join(str(v) for v in o)} }}\n' for o in outcomes) + "}\n"
    idx = " ".join(str(outcomes.index(p) + 1) for p in data.payoffs)
    plain = NfgData("", data.players, tuple(tuple(str(j + 1) for j in range(c)) for c in counts),
                    data.payoffs)
    return head + body + idx + "\n", plain


def _mutate_tokens(rng: random.Random, text: str, hostile: tuple[str, ...]) -> tuple[str, str]:
    toks = re.findall(r'"(?:[^"\\]|\\.)*"|\S+', text)
    n = rng.randint(1, 3)
    for _ in range(n):
        i = rng.randrange(len(toks))
        op = rng.random()
        if op < 0.5:
            toks[i] = rng.choice(hostile)
        elif op < 0.7:
            del toks[i]
            if not toks:
                toks = ["x"]
        elif op < 0.85:
            toks.insert(i, toks[rng.randrange(len(toks))])
        else:
            toks = toks[:i]
            if not toks:
                toks = ["x"]
    return " ".join(toks), f"{n} token mutations"


def _mutate_chars(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(chars) + 1)
        chars.insert(i, rng.choice('{}"\\/.-+eE0123456789 \n\x00\x1bé\ud7ff'))
    return "".join(chars)


def case_nfg(rng: random.Random, tmp: Path) -> tuple[str, str]:
    from solver.representations.bimatrix import Bimatrix
    from solver.representations.io.nfg import parse_nfg

    text, data = _nfg_text(rng)
    r = rng.random()
    if r < 0.1:
        def fn() -> None:
            if parse_nfg(text) != data:
                raise Verdict("traceback", "valid .nfg did not read back as written")
        return _run(fn, ("parse_nfg()",), "valid")
    if r < 0.2:  # a huge dimension header
        big = rng.choice(("100000000", "10000000000000", "9" * 300, "4294967296"))
        bad = re.sub(r"\{ ([\d ]+) \}", lambda m: "{ " + big + " " + m.group(1) + " }",
                     text, count=1)
        if bad == text:  # names layout: a count header replaces it
            bad = 'NFG 1 R "" { "1" "2" } { ' + big + " " + big + " }\n1 2 3 4\n"
        return _run(lambda: parse_nfg(bad), ("parse_nfg()",), "invalid")
    if r < 0.6:
        bad, _ = _mutate_tokens(rng, text, _NFG_HOSTILE)
    else:
        bad = _mutate_chars(rng, text)
    if r > 0.9:  # through the file reader and the Bimatrix
        path = tmp / "case.nfg"
        path.write_text(bad, encoding="utf-8", errors="surrogatepass")
        return _run(lambda: Bimatrix.from_nfg(path, exact=rng.random() < 0.5),
                    ("from_nfg()",), None)
    return _run(lambda: parse_nfg(bad), ("parse_nfg()",), None)


def _random_tree(rng: random.Random, depth: int) -> Any:
    from solver.representations.tree import Chance, Decision, Outcome

    players = ("A", "B")
    if depth == 0 or rng.random() < 0.25:
        return Outcome(tuple(Fraction(rng.randint(-9, 9), rng.choice((1, 2, 4)))
                             for _ in players))
    n = rng.randint(1, 3)
    kids = [(f"a{i}", _random_tree(rng, depth - 1)) for i in range(n)]
    if rng.random() < 0.2:
        return Chance([(a, (c, Fraction(1, n))) for a, c in kids])
    return Decision(rng.choice(players), kids)


_EFG_HOSTILE = ("1/0", "1e999", "9" * 5000, "1e-999999999", "{", "}", '"', "p", "c", "t",
                "0", "-1", "99999999999999999999", "2", "EFG", "1/3", "\x00", "é", '""')


def _deep_efg(depth: int) -> str:
    lines = ['EFG 2 R "" { "A" }', '""']
    for _ in range(depth):
        lines.append('p "" 1 1 "" { "l" "r" } 0')
    lines += ['t "" 1 "" { 1 }', 't "" 0'] + ['t "" 0'] * (depth - 1)
    return "\n".join(lines) + "\n"


def _wide_efg(n: int) -> str:
    acts = " ".join(f'"a{i}"' for i in range(n))
    return (f'EFG 2 R "" {{ "A" }}\np "" 1 1 "" {{ {acts} }} 0\n'
            + "".join(f't "" {i + 1} "" {{ {i} }}\n' for i in range(n)))


def case_efg(rng: random.Random, tmp: Path) -> tuple[str, str]:
    from solver.representations.io.efg import from_efg, to_efg
    from solver.representations.tree import GameTree

    tree = GameTree(_random_tree(rng, rng.randint(1, 4)), players=("A", "B"))
    text = to_efg(tree)
    r = rng.random()
    if r < 0.1:
        def fn() -> None:
            if from_efg(text) != tree:
                raise Verdict("traceback", "valid .efg did not read back as written")
        return _run(fn, ("from_efg()",), "valid")
    if r < 0.11:
        depth = rng.choice((1_500, 3_000))
        return _run(lambda: from_efg(_deep_efg(depth)), ("from_efg()",), "invalid")
    if r < 0.115:
        n = rng.choice((1_000, 3_000))
        return _run(lambda: from_efg(_wide_efg(n)), ("from_efg()",), "valid")
    if r < 0.6:
        bad, _ = _mutate_tokens(rng, text, _EFG_HOSTILE)
    else:
        bad = _mutate_chars(rng, text)
    return _run(lambda: from_efg(bad), ("from_efg()",), None)


# ----------------------------------------------------------------------------------------
# The command line's parser (in process) and the command line itself (subprocess)

_ARG_POOL = ("--format", "text", "markdown", "latex", "csv", "json", "html", "xml", "--table",
             "sectors", "agendas", "--raw", "-o", "/nonexistent/dir/x.md", "--rounds", "0",
             "-1", "none", "4", "10**9", "--breakdown", "nan", "inf", "-0.5", "1", "0.05",
             "--first", "sender", "target", "nobody", "--no-alternate", "--setter",
             "--retaliation", "own", "cross", "--types", "resolve", "audience", "--draws",
             "9223372036854775808", "1e3", "--seed", "-5", "--sector", "autos", "\\input{x}",
             "--plot", "x.png", "--rows", "r.csv", "--game", "efg", "nfg", "--help",
             "--version", "--", "-", "", "\x1b[31m", "é", "--levels", "1000", "--sectro")


_PARSERS: dict[str, Any] = {}


def case_cli_args(rng: random.Random, tmp: Path) -> tuple[str, str]:
    from solver.presentation.cli_args import COMMANDS, UsageError, build_parser, split_command

    def parser(command: str) -> Any:  # built once per command (argparse parsers are reusable)
        if command not in _PARSERS:
            _PARSERS[command] = build_parser(command)
        return _PARSERS[command]

    argv = [rng.choice(_ARG_POOL) for _ in range(rng.randint(0, 7))]
    if rng.random() < 0.7:
        argv.insert(rng.randint(0, len(argv)), rng.choice(COMMANDS))

    def fn() -> None:
        err = io.StringIO()
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                command, words = split_command(argv)
                parser(command).parse_args(words)
        except UsageError as exc:
            if "\n" in str(exc):
                raise Verdict("unclear", f"{argv!r}: {exc}") from None
            raise Verdict("clean", "") from None
        except SystemExit as exc:
            if exc.code not in (0, 2, None):
                raise Verdict("traceback", f"{argv!r}: exit {exc.code}") from None
            if exc.code == 2:
                lines = [x for x in err.getvalue().splitlines() if "error:" in x]
                if len(lines) != 1:
                    raise Verdict("unclear", f"{argv!r}: {err.getvalue()[:200]!r}") from None
                raise Verdict("clean", "") from None

    return _run(fn, (), None)


def _cli_case(rng: random.Random, tmp: Path) -> tuple[str, str]:
    text, names, expect, what = _mutate_toml(rng)
    # one or two sectors keep the solve short
    path = tmp / "cli.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    before = path.read_bytes()
    cmd = rng.choice((["tables"], ["solve"], ["compare"], ["export", "--sector", "autos"],
                      ["sweep", "--draws", "20", "--seed", "1"], ["solve", "--sector", "autos"]))
    args = [*cmd, str(path)]
    extra = rng.choice(([], ["--format", "latex"], ["--format", "csv", "--table", "sectors"],
                        ["--rounds", "0"], ["--breakdown", "nan"], ["--sector", "nope"],
                        ["--draws", str(2 ** 63)], ["--format", "markdown"]))
    if cmd[0] in ("tables", "solve", "compare") or "--sector" not in extra:
        args += extra if not (cmd[0] != "sweep" and "--draws" in extra) else []
    out = tmp / "out.txt"
    out.write_text("OLD\n")
    target = rng.random()
    if target < 0.3:
        args += ["-o", str(out)]
    elif target < 0.4:
        args += ["-o", str(path)]
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    try:
        proc = subprocess.run([sys.executable, "-m", "solver", *args], capture_output=True,
                              text=True, timeout=CLI_TIMEOUT, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return "hang", f"{what}: {args}"
    err = [x for x in proc.stderr.splitlines() if not re.match(r"^\S+: (note|wrote)", x)]
    label = f"{what}: {' '.join(a if len(a) < 40 else a[:40] for a in args)}"
    if "Traceback" in proc.stderr or "Warning" in proc.stderr or proc.returncode not in (0, 2):
        return "traceback", f"{label}: exit {proc.returncode}: {proc.stderr[-300:]!r}"
    if path.read_bytes() != before:
        return "traceback", f"{label}: the scenario file was overwritten"
    if proc.returncode == 2:
        if len(err) != 1 or not err[0].startswith("sanction-solver: error:"):
            return "unclear", f"{label}: {proc.stderr[-300:]!r}"
        if "-o" in args and out.read_text() != "OLD\n":
            return "traceback", f"{label}: exit 2 but -o was written"
        if (names and str(path) in err[0] and not err[0].startswith(f"sanction-solver: "
                                                                     f"error: -o {out}")
                and not err[0].startswith("sanction-solver: error: -o")
                and not all(s in err[0] for s in names)):
            return "unclear", f"{label}: {err[0][:200]!r}"
        return ("wrong_refusal", f"{label}: {err[0][:200]}") if (
            expect == "valid" and "-o" not in args and not extra) else ("clean", "")
    if expect == "invalid":
        return "wrong_accept", label
    return "accepted", ""


# ----------------------------------------------------------------------------------------
# The API: mutated sectors solved; numeric extremes

_EXTREMES = {
    "gain": (1e-9, 1e9, 1e15, 5e-324, 1e308, 1.0),
    "cost": (0.0, 5e-324, 1e308, 1e-9, 1e9),
    "curvature": (1.0, 500.0, 1000.0, 1e6, 1.0000001),
    "deliverability": (0.0, 1.0, 1e-300),
    "loss_target": (0.0, 5e-324, 1e308, 1e9),
    "loss_sender": (0.0, 5e-324, 1e308, 1e9),
    "backdown_cost": (0.0, 5e-324, 1e308),
    "resolve": (0.0, 1.0),
    "discount_sender": (1e-9, 0.999999999, 5e-324, 0.5),
    "discount_target": (1e-9, 0.999999999, 5e-324, 0.5),
}
_SCENARIO: Scenario | None = None


def _reference() -> Scenario:
    global _SCENARIO
    if _SCENARIO is None:
        _SCENARIO = load_scenario()
    return _SCENARIO


def _subset(sc: Scenario, sectors: tuple[Any, ...]) -> Scenario:
    names = {s.name for s in sectors}
    return Scenario(sc.name, sc.sender, sc.target, sectors,
                    tuple(f for f in sc.floors if f[0] in names), sc.source,
                    tuple(f for f in sc.floor_provenance if f[0] in names), sc.protocol,
                    sc.protocol_provenance)


def case_api(rng: random.Random, tmp: Path) -> tuple[str, str]:
    from solver.model.negotiation import analyse_negotiation
    from solver.model.talks import solve_sector

    sc = _reference()
    sector = rng.choice(sc.sectors)
    changes = {f: rng.choice(v) for f, v in rng.sample(sorted(_EXTREMES.items()),
                                                         rng.randint(1, 2))}
    what = f"{sector.name} {changes}"

    def fn() -> None:
        s = sector.with_values(**changes)
        if rng.random() < 0.08:
            other = rng.choice([x for x in sc.sectors if x.name != sector.name])
            sub = _subset(sc, (s, other))
            analyse_negotiation(sub, sub.protocol)
        else:
            solve_sector(s, sc.protocol)

    out, detail = _run(fn, (), None)
    return out, f"{what}: {detail}" if detail else ""


def case_numeric(rng: random.Random, tmp: Path) -> tuple[str, str]:
    from solver.algorithms.bargaining import nash_bargaining, rubinstein
    from solver.model.sweep import sweep
    from solver.representations.bargaining import BargainingProblem

    nums: tuple[Any, ...] = (0.0, 1.0, 0.5, 1 - 1e-16, 1e-300, 5e-324, float("nan"),
                             float("inf"), -1.0, Fraction(1, 3), 0.999999, 1e308, 2)
    r = rng.random()
    if r < 0.4:
        kw: dict[str, Any] = {"discount": (rng.choice(nums), rng.choice(nums)),
                              "breakdown": rng.choice((0.0, 0.1, 0.5, 1.0, float("nan"),
                                                       1e-300, -0.1))}
        if rng.random() < 0.4:
            kw["horizon"] = rng.choice((1, 2, 10, 1000, 10**7, 10**12, 0, -1, 2**63))
        if rng.random() < 0.2:
            kw["frontier"] = rng.choice((lambda u: 1 - u * u, lambda u: (1 - u) ** 0.5))
        return _run(lambda: rubinstein(**kw), ("rubinstein()",), None)
    if r < 0.7:
        big = rng.choice((1.0, 1e-9, 1e9, 1e300, 5e-324, 1e308))
        pts = [(rng.uniform(-1, 2) * big, rng.uniform(-1, 2) * big)
               for _ in range(rng.randint(1, 5))]
        d = (rng.choice((0.0, -big, big, float("nan"))), rng.choice((0.0, -big)))

        def fn() -> None:
            nash_bargaining(BargainingProblem.from_points(pts, d))
        return _run(fn, (), None)
    sc = _reference()
    sector = rng.choice(sc.sectors)
    changes = {f: rng.choice(v) for f, v in rng.sample(sorted(_EXTREMES.items()), 1)}
    draws = rng.choice((1, 5, 50, 0, -1, 2**63, 10**7))

    def run_sweep() -> None:
        s = sector.with_values(**changes)
        sweep(_subset(sc, (s,)), draws=draws, seed=rng.randrange(100))
    out, detail = _run(run_sweep, ("sweep()",) if draws < 1 or draws > 10**6 else (),
                       "invalid" if draws < 1 or draws > 5_000_000 else None)
    return out, f"sweep draws={draws} {changes}: {detail}" if detail else ""


CASES = {"toml": case_toml, "nfg": case_nfg, "efg": case_efg, "cli_args": case_cli_args,
         "api": case_api, "numeric": case_numeric}
CLI_TIMEOUT = 120.0


def kind_of(seed: int, i: int) -> tuple[str, random.Random]:
    rng = random.Random(f"{seed}:{i}")
    kinds, weights = zip(*KINDS, strict=True)
    return rng.choices(kinds, weights)[0], rng


def run_case(seed: int, i: int, tmp: Path) -> tuple[str, str, str]:
    kind, rng = kind_of(seed, i)
    out, detail = CASES[kind](rng, tmp)
    return kind, out, detail


# ----------------------------------------------------------------------------------------
# Workers with a time budget

def _worker(conn: Any, seed: int, tmp: str) -> None:
    while True:
        i = conn.recv()
        if i is None:
            return
        try:
            conn.send((i, *run_case(seed, i, Path(tmp))))
        except BaseException as exc:  # noqa: BLE001 - the campaign records everything
            conn.send((i, "?", "traceback", f"harness: {type(exc).__name__}: {exc}"))


class Pool:
    """One worker process per slot; a case that overruns its budget kills its worker."""

    def __init__(self, seed: int, timeout: float, tmp: str) -> None:
        self.seed, self.timeout, self.tmp = seed, timeout, tmp
        self.ctx = mp.get_context("fork")
        self._start()

    def _start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker, args=(child, self.seed, self.tmp), daemon=True)
        self.proc.start()

    def run(self, i: int) -> tuple[str, str, str]:
        self.conn.send(i)
        if self.conn.poll(self.timeout):
            try:
                _, kind, out, detail = self.conn.recv()
                return kind, out, detail
            except EOFError:
                pass
            self.proc.join()
            self._start()
            return kind_of(self.seed, i)[0], "traceback", (
                f"worker died (exit {self.proc.exitcode}; memory or a crash)")
        self.proc.kill()
        self.proc.join()
        self._start()
        return kind_of(self.seed, i)[0], "hang", f"no answer in {self.timeout:g} s"

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(5)


def _table(counts: dict[str, Counter[str]]) -> str:
    head = ("| campaign | cases | accepted | clean error | unclear error | traceback / internal "
            "error | hang | wrongly accepted | wrongly refused (info) |")
    rows = [head, "|" + " --- |" * 9]
    total: Counter[str] = Counter()
    for kind, c in counts.items():
        total.update(c)
        rows.append(f"| {kind} | {sum(c.values()):,} | " + " | ".join(
            f"{c[o]:,}" for o in OUTCOMES[:3] + OUTCOMES[3:]) + " |")
    rows.append(f"| **all** | {sum(total.values()):,} | " + " | ".join(
        f"{total[o]:,}" for o in OUTCOMES) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=100_000, help="in-process cases")
    ap.add_argument("--cli-cases", type=int, default=60, help="command-line cases (subprocess)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per case (a hang)")
    ap.add_argument("--only", type=int, action="append", default=None,
                    help="replay these case numbers only (repeatable)")
    ap.add_argument("--show", type=int, default=5, help="failures shown per outcome")
    a = ap.parse_args(argv)
    if a.cases < 0 or a.cli_cases < 0 or a.timeout <= 0:
        ap.error("--cases and --cli-cases must be >= 0, --timeout > 0")
    global CLI_TIMEOUT
    CLI_TIMEOUT = max(a.timeout, 120.0)
    counts: dict[str, Counter[str]] = {k: Counter() for k, _ in KINDS}
    counts["cli (subprocess)"] = Counter()
    bad: dict[str, list[str]] = {o: [] for o in OUTCOMES}
    seconds: Counter[str] = Counter()
    t0 = time.monotonic()
    work = tempfile.TemporaryDirectory(prefix="fuzz16-")
    pool = Pool(a.seed, a.timeout, work.name)
    ids = a.only if a.only is not None else range(a.cases)
    try:
        for n, i in enumerate(ids):
            t = time.monotonic()
            kind, out, detail = pool.run(i)
            seconds[kind] += time.monotonic() - t
            counts[kind][out] += 1
            if out not in ("accepted", "clean"):
                bad[out].append(f"case {i} ({kind}): {detail}")
            if n and n % 5000 == 0:
                print(f"... {n:,} cases, {time.monotonic() - t0:.0f} s", file=sys.stderr,
                      flush=True)
    finally:
        pool.close()
        work.cleanup()
    with tempfile.TemporaryDirectory(prefix="fuzz16-cli-") as d:
        for j in range(a.cli_cases):
            t = time.monotonic()
            rng = random.Random(f"{a.seed}:cli:{j}")
            out, detail = _cli_case(rng, Path(d))
            counts["cli (subprocess)"][out] += 1
            seconds["cli (subprocess)"] += time.monotonic() - t
            if out not in ("accepted", "clean"):
                bad[out].append(f"cli case {j}: {detail}")
    elapsed = time.monotonic() - t0
    ran = len(ids) if a.only is not None else a.cases
    print(f"fuzz campaign: seed {a.seed}, {ran:,} in-process cases + {a.cli_cases} "
          f"command-line cases, budget {a.timeout:g} s a case, {elapsed:.0f} s\n")
    print(_table({k: c for k, c in counts.items() if c}))
    print("\nseconds by campaign: " + ", ".join(f"{k} {v:.0f}" for k, v in seconds.items()))
    failed = False
    for o in OUTCOMES[2:]:
        if bad[o]:
            failed |= o != "wrong_refusal"
            print(f"\n{o} ({len(bad[o])}):")
            for line in bad[o][:a.show]:
                print("  " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
