"""Hypothesis fuzzer for the command line's argument parser (issue 16): any argv is parsed,
or refused with exit 2 and one ``error:`` line (argparse) or one UsageError line; --help and
--version exit 0. Nothing else escapes: no traceback, no other exit code."""

from __future__ import annotations

import contextlib
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from solver.presentation.cli_args import COMMANDS, UsageError, build_parser, split_command

WORDS = st.sampled_from([
    *COMMANDS, "--format", "text", "latex", "xml", "--table", "sectors", "--raw", "-o", "out.md",
    "--rounds", "0", "-1", "none", "10**9", "--breakdown", "nan", "inf", "0.05", "--first",
    "nobody", "--no-alternate", "--setter", "--retaliation", "cross", "--types", "resolve",
    "--draws", "9223372036854775808", "1e3", "--seed", "-5", "--sector", "autos", "--plot",
    "x.png", "--rows", "r.csv", "--game", "nfg", "--help", "--version", "--", "-", "",
    "\x1b[31m", "é", "\\input{x}", "--levels", "--sectro", "-h",
]) | st.text(max_size=6)


@settings(max_examples=100, deadline=None)
@given(argv=st.lists(WORDS, max_size=8))
def test_any_argv_is_parsed_or_refused_in_one_line(argv: list[str]) -> None:
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            command, words = split_command(argv)
            build_parser(command).parse_args(words)
    except UsageError as exc:
        assert "\n" not in str(exc) and str(exc)
    except SystemExit as exc:
        assert exc.code in (0, 2, None), exc.code
        if exc.code == 2:
            assert len([x for x in err.getvalue().splitlines() if "error:" in x]) == 1, \
                err.getvalue()
