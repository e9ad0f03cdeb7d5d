"""The batch: `run_batch` over sources and `run` over the command line's inputs, records written to a JSONL log
one flushed line at a time in input order, `resume` skipping the doc_ids the log already holds, and the
`RunSummary` of counts for the summary line and the exit status.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.batch.long_docs import LongRecord
from extractor.batch.progress import NullProgress, Progress
from extractor.batch.runner.documents import ChunkTask, Record, process_chunk
from extractor.batch.runner.executors import Runner, chunked, make_runner
from extractor.batch.runner.workers import refuse_in_bootstrapping_worker
from extractor.io.outputs import OutputLock, check_output, is_stdout, remove_stale_temporaries
from extractor.io.readers import Source, unique_ids
from extractor.io.writers import JsonlWriter, LogState, format_for, iter_records, log_path_for, scan_log, write_table


@dataclass
class RunSummary:
    """What a batch did: counts for the summary line and the exit status."""

    out: Path
    log: Path
    fmt: str
    documents: int = 0  # records in the output, including those of earlier runs resumed
    targets: int = 0
    errors: int = 0
    resumed: int = 0  # records found from an earlier run
    skipped: int = 0  # files in input folders and globs passed over (unsupported, broken links…)
    seconds: float = 0.0
    rows: int | None = None  # table rows written (CSV/Parquet)
    notes: list[str] = field(default_factory=list)
    error_samples: list[tuple[str, str, str]] = field(default_factory=list)  # (doc_id, type, message)

    @property
    def ok(self) -> bool:
        """True when no document failed (exit status 0)."""
        return self.errors == 0

    def line(self) -> str:
        """The one-line summary printed at the end of a run."""
        new = self.documents - self.resumed
        rate = new / self.seconds if self.seconds > 0 else 0.0
        resumed = f" ({self.resumed} from an earlier run)" if self.resumed else ""
        skipped = f", {self.skipped} files skipped" if self.skipped else ""
        where = "standard output" if is_stdout(self.out) else self.out
        return (f"{self.documents} documents{resumed}, {self.targets} targets, {self.errors} errors{skipped}, "
                f"{self.seconds:.1f} s ({rate:.1f} docs/s) -> {where}")

    def count(self, rec: Record) -> None:
        """Add one record written by this run."""
        self.documents += 1
        if isinstance(rec, LongRecord):
            self.targets += rec.targets
        elif "error" in rec:
            self.errors += 1
            if len(self.error_samples) < SAMPLE_ERRORS:
                err = rec["error"]
                self.error_samples.append((rec["doc_id"], str(err.get("type")), str(err.get("message"))))
        else:
            self.targets += len(rec.get("targets") or [])


SAMPLE_ERRORS = 5


def run_batch(sources: Iterable[Source], out: str | os.PathLike[str], *, fmt: str | None = None,
              workers: int = 1, resume: bool = False, overwrite: bool = False, progress: Progress | None = None,
              total: int | None = None, chunk_size: int = 8, executor: Executor | None = None,
              task: ChunkTask = process_chunk, ship_text: bool = False, start_method: str = "spawn",
              inputs: Sequence[str | os.PathLike[str]] = ()) -> RunSummary:
    """Extract every source into `out` (JSONL, CSV or Parquet; "-" is standard output) and return the summary.

    An existing output is refused unless `resume` (skip the documents it holds) or `overwrite`; so is an
    output that `inputs` name or would list (`OutputError`, before any work). `workers` > 1 runs a process
    pool; `executor` runs on a given concurrent.futures Executor instead (Dask: `client.get_executor()`).
    `ship_text` reads files here before submitting, for workers that cannot see this file system. `task` is
    the per-chunk function (default `process_chunk`); it must be importable by the workers. Raises
    KeyboardInterrupt through, after the log is flushed, so a later `resume=True` run continues where this
    one stopped.
    """
    refuse_in_bootstrapping_worker()
    fmt = format_for(out, fmt)
    to_stdout = is_stdout(out)
    log = log_path_for(out, fmt) if not to_stdout or fmt == "jsonl" else None
    check_output(out, log if not to_stdout else None, inputs=inputs, resume=resume, overwrite=overwrite)
    with contextlib.ExitStack() as stack:
        if log is None:  # a table to standard output: the log is a temporary file
            import tempfile

            log = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vnpolicy-"))) / "records.jsonl"
        summary = RunSummary(out=Path(out), log=log, fmt=fmt)
        lock = stack.enter_context(OutputLock(log)) if not is_stdout(log) else None
        if lock is not None:
            remove_stale_temporaries(Path(out))
            remove_stale_temporaries(log)
        state = _resume_state(log, resume, summary, lock)
        runner = make_runner(task, executor, workers, start_method)
        _run_all(sources, state, runner, summary, log, resume, progress or NullProgress(), total,
                 chunk_size, ship_text)
        if fmt != "jsonl":
            summary.rows = write_table(iter_records(log), out, fmt)
    return summary


def _resume_state(log: Path, resume: bool, summary: RunSummary, lock: OutputLock | None) -> LogState:
    """What an earlier run left in the log (nothing unless resuming), its counts put in the summary."""
    if not resume:
        return LogState()
    before = _inode(log)
    state = scan_log(log)
    if lock is not None and _inode(log) != before:
        lock.relock()  # the repaired log is a new file
    if state.repaired:
        summary.notes.append(f"{log}: {state.repaired}")
    summary.resumed = state.documents
    summary.documents, summary.targets, summary.errors = state.documents, state.targets, state.errors
    summary.error_samples.extend(state.samples[:SAMPLE_ERRORS])
    return state


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _run_all(sources: Iterable[Source], state: LogState, runner: Runner, summary: RunSummary, log: Path,
             resume: bool, progress: Progress, total: int | None, chunk_size: int, ship_text: bool) -> None:
    """Every source not done yet through the runner, each record written to the log as it comes, in order."""
    started = time.perf_counter()
    done = state.done

    def todo() -> Iterator[Source]:
        for s in unique_ids(sources):
            if s.doc_id in done:
                continue
            yield s.loaded() if ship_text else s

    progress.start(total=total, initial=summary.resumed)
    with JsonlWriter(log, append=resume) as writer:

        def emit(records: list[Record]) -> None:
            for rec in records:
                if isinstance(rec, LongRecord):
                    rec.write_to(writer)
                else:
                    writer.write(rec)
                done.add(rec["doc_id"] if isinstance(rec, dict) else rec.doc_id)
                summary.count(rec)
            progress.update(len(records))

        try:
            runner.run(chunked(todo(), max(1, chunk_size)), emit)
        except BaseException:
            runner.close(abort=True)
            raise
        else:
            runner.close()
        finally:
            progress.close()
    summary.seconds = time.perf_counter() - started


def run(inputs: Sequence[str | os.PathLike[str]], out: str | os.PathLike[str], *, text_field: str = "text",
        id_field: str = "id", stdin_format: str | None = None, **kwargs: Any) -> RunSummary:
    """`run_batch` over files, folders, globs and `-` (standard input), as the command line does.

    Raises `InputError` for an input that names nothing and `OutputError` for an output that must not be
    written (see `run_batch`); see `readers.Inputs` for what is read.
    """
    from extractor.io.readers import Inputs

    refuse_in_bootstrapping_worker()
    fmt = format_for(out, kwargs.get("fmt"))
    check_output(out, None if is_stdout(out) else log_path_for(out, fmt), inputs=inputs,
                 resume=kwargs.get("resume", False), overwrite=kwargs.get("overwrite", False))
    inputs_ = Inputs(inputs, text_field=text_field, id_field=id_field, stdin_format=stdin_format)
    kwargs.setdefault("total", inputs_.count() if kwargs.get("progress") is not None else None)
    summary = run_batch(inputs_, out, inputs=inputs, **kwargs)
    summary.skipped = len(inputs_.skipped)
    return summary
