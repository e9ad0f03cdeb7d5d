"""Output files: the JSONL log that makes a batch crash-safe, and CSV/Parquet tables made from it.

The JSONL file is the batch's memory. Each record is written as one line and
flushed before the next document's record, so a run killed at any moment
leaves every finished document on disk and at most one half-written last
line. `scan_log` repairs that line (drops it, or completes it when only the
newline is missing) and returns the doc_ids present, which is all `--resume`
needs to do every document exactly once.

CSV and Parquet cannot be appended to safely, so they are made from the log
at the end of a run (streamed in chunks, so memory stays flat), written to a
temporary file and renamed into place: a reader never sees half a table.
`read_table` reads either back with the table's dtypes, equal to what
`to_dataframe` gave.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from extractor.io.outputs import OutputError, describe, is_stdout, prepare_parent
from extractor.io.table import COLUMNS, coerce, empty_frame, to_dataframe

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("jsonl", "csv", "parquet")
_SURROGATE = re.compile("[\ud800-\udfff]")


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The output format: the one asked for, else the one the suffix names, else JSONL."""
    if fmt:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return "jsonl"


def log_path_for(out: str | os.PathLike[str], fmt: str) -> Path:
    """Where the JSONL log goes: OUT itself for JSONL, `OUT.jsonl` beside a CSV/Parquet OUT."""
    out = Path(out)
    return out if fmt == "jsonl" else out.with_name(out.name + ".jsonl")


def dumps(record: dict[str, Any]) -> str:
    """One record as one JSON line (UTF-8 text kept readable, never a raw newline inside).

    A lone surrogate cannot be written as UTF-8; one that reaches a record anyway (a caller's own Source) is
    written as U+FFFD, one character for one, so the line is valid and its offsets still hold."""
    line = json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = _SURROGATE.sub("\ufffd", line)
    return line


@dataclass
class LogState:
    """What a JSONL log already holds: the doc_ids done, and counts for the summary."""

    done: set[str] = field(default_factory=set)
    documents: int = 0
    targets: int = 0
    errors: int = 0
    repaired: str | None = None  # what scan_log had to fix, for a warning
    samples: list[tuple[str, str, str]] = field(default_factory=list)  # first error records (id, type, message)

    def add(self, record: dict[str, Any]) -> None:
        self.done.add(record["doc_id"])
        self.documents += 1
        if "error" in record:
            self.errors += 1
            err = record["error"] if isinstance(record["error"], dict) else {}
            if len(self.samples) < 5:
                self.samples.append((record["doc_id"], str(err.get("type")), str(err.get("message"))))
        else:
            self.targets += len(record.get("targets") or [])


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        rec = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if isinstance(rec, dict) and isinstance(rec.get("doc_id"), str):
        return rec
    return None


def scan_log(path: str | os.PathLike[str]) -> LogState:
    """Read a JSONL log left by an earlier run, repairing what a kill can leave behind.

    A last line without its newline is completed when it is a whole record
    (the kill came between the record and its newline) and dropped otherwise,
    so that document is done again. Any other unparsable line (hand edits,
    a disk error) is removed too, with the file rewritten, and reported in
    `LogState.repaired`. A missing file is an empty log.
    """
    p = Path(path)
    state = LogState()
    if not p.exists():
        return state
    bad_lines = 0
    with open(p, "rb+") as fh:
        good_end = 0
        for raw in fh:
            complete = raw.endswith(b"\n")
            if not raw.strip():
                good_end += len(raw)
                continue
            rec = _parse(raw)
            if rec is None:
                if complete:
                    bad_lines += 1
                    good_end += len(raw)
                    continue
                fh.truncate(good_end)
                state.repaired = "dropped a truncated last line"
                break
            if not complete:
                fh.write(b"\n")
                state.repaired = "completed a last line that lacked its newline"
            state.add(rec)
            good_end += len(raw) + (0 if complete else 1)
    if bad_lines:
        _drop_bad_lines(p)
        state.repaired = f"removed {bad_lines} unreadable line(s)"
    return state


def _drop_bad_lines(path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(path, "rb") as src, open(tmp, "wb") as dst:
        for raw in src:
            if raw.strip() and _parse(raw) is not None:
                dst.write(raw if raw.endswith(b"\n") else raw + b"\n")
    os.replace(tmp, path)


def iter_records(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The records of a JSONL file in order (a truncated or unreadable line is skipped)."""
    with open(path, "rb") as fh:
        for raw in fh:
            if raw.strip():
                rec = _parse(raw)
                if rec is not None:
                    yield rec


class JsonlWriter:
    """Appends records to the log, one complete line per `write` (see the module notes).

    The file is written without a buffer, one `write` per record, so what is on disk is always whole
    records and at most one part of a last one, and a failing write (disk full, an I/O error) raises
    `OutputError` at the record it happened on, not later. `path` "-" writes standard output.
    """

    def __init__(self, path: str | os.PathLike[str], append: bool = False) -> None:
        self.path = Path(path)
        self.written = 0
        self._own = not is_stdout(path)
        if not self._own:
            self._fd = sys.stdout.buffer.fileno() if hasattr(sys.stdout, "buffer") else 1
            sys.stdout.flush()
            return
        prepare_parent(self.path)
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
        try:
            self._fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot write {str(self.path)!r}: {describe(exc)}") from None

    def write(self, record: dict[str, Any]) -> None:
        """One record as one line."""
        self.write_raw((dumps(record) + "\n").encode("utf-8"))

    def write_raw(self, data: bytes) -> None:
        """One serialised record (ending in a newline) as it is."""
        self._write_all(data)
        self.written += 1

    def write_stream(self, fh: IO[bytes]) -> None:
        """One serialised record read from a file in pieces (a long document's), then its newline."""
        while chunk := fh.read(1 << 20):
            self._write_all(chunk)
        self.write_raw(b"\n")

    def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                n = os.write(self._fd, view)
                view = view[n:]
        except OSError as exc:
            where = "standard output" if not self._own else repr(str(self.path))
            raise OutputError(f"cannot write {where}: {describe(exc)} (after {self.written:,} records)",
                              during_run=True) from None

    def close(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if not self._own:
            return
        with contextlib.suppress(OSError):  # a device or pipe cannot fsync; the data went out with write()
            os.fsync(fd)
        os.close(fd)

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------- tables


def _chunks(records: Iterable[Any], records_per_chunk: int) -> Iterator[pd.DataFrame]:
    """`to_dataframe` of successive groups of records: the table in pieces, memory flat."""
    group: list[Any] = []
    for rec in records:
        group.append(rec)
        if len(group) >= records_per_chunk:
            yield to_dataframe(group)
            group = []
    if group:
        yield to_dataframe(group)


def write_table(records: Iterable[Any], path: str | os.PathLike[str], fmt: str,
                records_per_chunk: int = 5_000) -> int:
    """Write records as a CSV or Parquet table (atomically: temp file, then rename); returns the rows.

    `path` "-" writes the table to standard output. A failure to write is an `OutputError`; the temporary
    file is removed and an existing table at `path` is left as it was."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"not a table format: {fmt!r}")
    if is_stdout(path):
        return _table_to_stdout(records, fmt, records_per_chunk)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    n = 0
    try:
        n = _write_csv(records, tmp, records_per_chunk) if fmt == "csv" else _write_parquet(
            records, tmp, records_per_chunk)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write the table {str(path)!r}: {describe(exc)}", during_run=True) from None
    finally:
        with contextlib.suppress(OSError):
            if tmp.exists():
                tmp.unlink()
    return n


def _table_to_stdout(records: Iterable[Any], fmt: str, records_per_chunk: int) -> int:
    """The table through a temporary file to standard output (Parquet needs a seekable file)."""
    with tempfile.TemporaryDirectory(prefix="vnpolicy-") as tmpdir:
        tmp = Path(tmpdir) / f"table.{fmt}"
        n = write_table(records, tmp, fmt, records_per_chunk)
        sys.stdout.flush()
        try:
            with open(tmp, "rb") as src:
                shutil.copyfileobj(src, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        except OSError as exc:
            raise OutputError(f"cannot write standard output: {describe(exc)}", during_run=True) from None
    return n


def _write_csv(records: Iterable[Any], path: Path, records_per_chunk: int) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        empty_frame().to_csv(fh, index=False, lineterminator="\n")
        for chunk in _chunks(records, records_per_chunk):
            chunk.to_csv(fh, index=False, header=False, lineterminator="\n")
            n += len(chunk)
    return n


def _write_parquet(records: Iterable[Any], path: Path, records_per_chunk: int) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.Schema.from_pandas(empty_frame(), preserve_index=False)
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in _chunks(records, records_per_chunk):
            writer.write_table(pa.Table.from_pandas(chunk, schema=schema, preserve_index=False))
            n += len(chunk)
        if n == 0:
            writer.write_table(pa.Table.from_pandas(empty_frame(), schema=schema, preserve_index=False))
    return n


def read_table(path: str | os.PathLike[str], fmt: str | None = None) -> pd.DataFrame:
    """A CSV or Parquet table written by `write_table`, with the table's dtypes restored."""
    import pandas as pd

    fmt = format_for(path, fmt)
    if fmt == "parquet":
        return coerce(pd.read_parquet(path))
    if fmt == "csv":
        df = pd.read_csv(path, dtype=dict(COLUMNS), keep_default_na=False, na_values=[""], encoding="utf-8")
        return coerce(df)
    raise ValueError(f"not a table format: {fmt!r}")
