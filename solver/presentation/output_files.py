"""The files the command line writes: each target checked before anything is solved (so a
bad path writes nothing and costs nothing), and every file written atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
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
    """The --rows file (.csv, or .parquet with pyarrow), checked before anything is solved.

    Parameters
    ----------
    arg : str or None
        The ``--rows`` argument; None when the flag was not given.

    Returns
    -------
    pathlib.Path or None
        The path to write, or None for None.

    Raises
    ------
    UsageError
        If the suffix is not ``.csv`` or ``.parquet``, the directory does not exist, the path
        is a directory, or ``.parquet`` is asked for without pyarrow installed.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as d:
    ...     rows_target(str(Path(d) / "rows.csv")).name
    'rows.csv'
    >>> rows_target(None) is None
    True
    >>> rows_target("rows.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    solver.presentation.cli_args.UsageError: --rows rows.txt: the file must end in .csv or ...
    """
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
    """The --plot file, checked before anything is solved: suffix, directory, matplotlib.

    Parameters
    ----------
    arg : str or None
        The ``--plot`` argument; None when the flag was not given.

    Returns
    -------
    pathlib.Path or None
        The path to write, or None for None.

    Raises
    ------
    UsageError
        If the suffix is not one of :data:`PLOT_SUFFIXES`, the directory does not exist, the
        path is a directory, or matplotlib is not installed.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as d:
    ...     plot_target(str(Path(d) / "sweep.svg")).suffix
    '.svg'
    >>> plot_target(None) is None
    True
    """
    if arg is None:
        return None
    path = _target("--plot", arg, PLOT_SUFFIXES)
    try:
        import matplotlib  # noqa: F401
    except ImportError:  # pragma: no cover - the test extra installs it
        raise UsageError("--plot needs matplotlib: pip install 'sanction-bargaining[plot]'"
                         ) from None
    return path


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Write ``data`` atomically: a new temporary file beside ``path`` (same directory, so
    the same file system), written, flushed and synced, then renamed over ``path``. A writer
    killed at any moment leaves the old file or the new one, never a part; a failed write
    removes the temporary file and leaves ``path`` as it was.

    Every file the project writes goes through here (the CLI's outputs, ``docs/api.md``).

    Parameters
    ----------
    path : pathlib.Path or str
        The file to write; its directory must exist. An existing file keeps its permissions.
    data : str or bytes
        The content; text is encoded as UTF-8.

    Returns
    -------
    None

    Raises
    ------
    UsageError
        If the file cannot be written (e.g. no such directory, no permission).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as d:
    ...     target = Path(d) / "out.txt"
    ...     write_atomic(target, "first")
    ...     write_atomic(target, b"second")
    ...     print(target.read_text(), sorted(p.name for p in Path(d).iterdir()))
    second ['out.txt']
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, _mode(path))  # mkstemp makes 0600; keep the file's or umask's mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
