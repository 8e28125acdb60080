"""The files the command line writes: each target checked before anything is solved (so a
bad path writes nothing and costs nothing), and every file written atomically."""

from __future__ import annotations

import os
from pathlib import Path

from solver.presentation.cli_args import UsageError

__all__ = ["PLOT_SUFFIXES", "plot_target", "rows_target", "write_atomic"]

#: The figure formats ``--plot`` writes, by file suffix.
PLOT_SUFFIXES = (".png", ".svg", ".pdf")


def _target(flag: str, arg: str, suffixes: tuple[str, ...]) -> Path:
    """``arg`` as the path ``flag`` writes: a known suffix, in an existing directory, and
    not itself a directory."""
    path = Path(arg)
    if path.suffix.lower() not in suffixes:
        listed = ", ".join(suffixes[:-1]) + " or " + suffixes[-1]
        raise UsageError(f"{flag} {arg}: the file must end in {listed} (the suffix sets the "
                         f"file type)")
    if not path.parent.is_dir():
        raise UsageError(f"{flag} {arg}: no such directory {str(path.parent)!r}")
    if path.is_dir():
        raise UsageError(f"{flag} {arg}: is a directory")
    return path


def rows_target(arg: str | None) -> Path | None:
    """The --rows file (.csv, or .parquet with pyarrow), checked before anything is solved."""
    if arg is None:
        return None
    path = _target("--rows", arg, (".csv", ".parquet"))
    if path.suffix.lower() == ".parquet":
        from importlib.util import find_spec

        if find_spec("pyarrow") is None:
            raise UsageError(f"--rows {arg}: Parquet needs pyarrow (pip install pyarrow); "
                             f"or write .csv")
    return path


def plot_target(arg: str | None) -> Path | None:
    """The --plot file, checked before anything is solved: suffix, directory, matplotlib."""
    if arg is None:
        return None
    path = _target("--plot", arg, PLOT_SUFFIXES)
    try:
        import matplotlib  # noqa: F401
    except ImportError:  # pragma: no cover - the test extra installs it
        raise UsageError("--plot needs matplotlib: pip install 'sanction-bargaining[plot]'"
                         ) from None
    return path


def write_atomic(path: Path, data: str | bytes) -> None:
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
