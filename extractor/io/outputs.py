"""What may be written, and where: the checks that keep a batch from destroying a researcher's files.

Before any work starts, `check_output` refuses

- an output that is one of the inputs (it would be truncated before being read), or that an input would
  list (a `.jsonl` inside the input folder is read as rows by the next run over that folder);
- an existing, non-empty output, unless the caller says `resume` (continue it) or `overwrite` (replace it);
- an output that cannot be created (a folder, a path under a file, a read-only or special file system).

While a batch runs, the log is locked (`OutputLock`), so a second run on the same output stops with a
message instead of interleaving lines, and temporary files a killed run left beside the output are removed.
Every refusal is an `OutputError` with one line for the user: exit status 2 before the run, 3 when writing
fails during it (disk full, an I/O error), with the records already written kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from extractor.io.listing import input_naming

STDOUT = "-"


class OutputError(Exception):
    """An output that must not, or cannot, be written. `during_run`: the failure came after work started."""

    def __init__(self, message: str, *, during_run: bool = False) -> None:
        super().__init__(message)
        self.during_run = during_run


def describe(exc: OSError) -> str:
    """'No space left on device'-style text for an OS error."""
    return exc.strerror or str(exc)


def is_stdout(out: str | os.PathLike[str]) -> bool:
    return os.fspath(out) == STDOUT


def _holds_data(path: Path) -> bool:
    """A regular file with content (devices, FIFOs and empty files lose nothing when written)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size > 0


def check_output(out: str | os.PathLike[str], log: Path | None, *, inputs: Sequence[str | os.PathLike[str]] = (),
                 resume: bool = False, overwrite: bool = False) -> None:
    """Raise `OutputError` unless writing `out` (and its JSONL log beside it) is safe; see the module notes."""
    if resume and overwrite:
        raise OutputError("give --resume or --overwrite, not both")
    if is_stdout(out):
        if resume:
            raise OutputError("--resume needs an output file to continue, not standard output")
        return
    paths = [Path(out)] + ([log] if log is not None and log != Path(out) else [])
    for p in paths:
        if p.is_dir():
            raise OutputError(f"output {str(p)!r} is a folder; give a file name")
        how = input_naming(p, inputs)
        if how is not None:
            raise OutputError(f"output {str(p)!r} {how}; write it somewhere else (no input is ever written)")
    if not (resume or overwrite):
        for p in paths:
            if _holds_data(p):
                raise OutputError(f"output {str(p)!r} exists ({p.stat().st_size:,} bytes); give --resume to "
                                  "continue it, --overwrite to replace it, or another -o")
    if resume and log is not None and log.exists() and not log.is_file():
        raise OutputError(f"cannot resume from {str(log)!r}: not a regular file")
    for p in paths:
        prepare_parent(p)


def prepare_parent(path: Path) -> None:
    """Create the folder an output goes in; a path under a file or on a read-only system is an OutputError."""
    parent = path.parent
    if parent.is_dir():
        if not os.access(parent, os.W_OK) and not path.exists():
            raise OutputError(f"cannot write {str(path)!r}: folder {str(parent)!r} is not writable")
        return
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder of {str(path)!r}: {describe(exc)}") from None


def remove_stale_temporaries(out: Path) -> list[Path]:
    """Delete the temporary files a killed run left beside `out` (the caller holds the output's lock)."""
    removed: list[Path] = []
    folder = out.parent if str(out.parent) else Path(".")
    patterns = (f".{out.name}.*.tmp", f"{out.name}.tmp", f".{out.name}.jsonl.*.tmp", f"{out.name}.jsonl.tmp")
    for pattern in patterns:
        for p in folder.glob(pattern):
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed


class OutputLock:
    """An exclusive advisory lock on the log for the length of a run (POSIX `flock`; a no-op elsewhere)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.acquire()

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory locks, nothing to enforce
            return
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot write {str(self.path)!r}: {describe(exc)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputError(f"another run is writing {str(self.path)!r}; wait for it to end") from None
            return  # a file system without locks: nothing to enforce
        self._fd = fd

    def relock(self) -> None:
        """Lock again after the file was replaced (a repaired log is a new file)."""
        self.release()
        self.acquire()

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def __enter__(self) -> OutputLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
