"""Run the extractor over many documents: in this process, in worker processes, or on any Executor.

The guarantees a long research run needs, and how they are kept:

- *Nothing lost, nothing twice.* Records go to a JSONL log one flushed line at
  a time, in input order; `resume=True` skips the doc_ids the log already holds
  (see `writers.scan_log` for the half-written last line), so a run killed at
  any moment and started again ends with every document exactly once.
- *One bad document never stops the batch.* Reading and extracting happen
  per document inside `process_source`, which turns any failure into an
  `ErrorRecord`; a worker process that dies outright (out of memory, a crash
  in native code) is replaced and the documents it held are retried one at a
  time, so only the culprit becomes an error record.
- *Same records whatever the parallelism.* Workers run the same
  `process_chunk` on chunks of documents; results are written in submission
  order, so 1, 2 or 20 workers (or a Dask cluster) give identical files.
- *The model is loaded once per worker.* The pool's initializer calls
  `extractor.get_extractor()`, cached per process, and workers are started
  with "spawn" (safe with threads, macOS and Windows; no copy of a parent's
  half-initialised state).
- *Workers do not re-read inputs.* A chunk carries `Source`s: a path (read by
  the one worker that processes it) or a row's text.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.batch.long_docs import LONG_DOC_CHARS, LongRecord, long_record
from extractor.batch.progress import NullProgress, Progress
from extractor.io.outputs import OutputLock, check_output, is_stdout, remove_stale_temporaries
from extractor.io.readers import ReadError, Source, unique_ids
from extractor.io.writers import JsonlWriter, LogState, format_for, iter_records, log_path_for, scan_log, write_table
from extractor.models import ErrorInfo, ErrorRecord

log = logging.getLogger(__name__)

Record = dict[str, Any] | LongRecord
ChunkTask = Callable[[list[Source]], list[Record]]

# A worker process that finds itself re-running the caller's script (no `if __name__ == "__main__":` guard)
# exits with this status, so the parent can say why instead of calling every document a crash.
EXIT_UNGUARDED_MAIN = 87

# Environment for worker processes: one BLAS/OpenMP thread each, so N workers use N cores, not N².
_WORKER_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "TOKENIZERS_PARALLELISM": "false"}


# ---------------------------------------------------------------- per document


def error_record(doc_id: str, kind: str, message: str) -> dict[str, Any]:
    """The record a failed document gets instead of a Document (validated by the ErrorRecord model)."""
    return ErrorRecord(doc_id=doc_id, error=ErrorInfo(type=kind, message=message)).model_dump(mode="json")


def process_source(source: Source, extractor: Any = None, spool: bool = True) -> Record:
    """Read and extract one document; any failure becomes its error record, never an exception.

    A text longer than `LONG_DOC_CHARS` goes through the block path (`long_docs`), so memory stays bounded
    by the block; its record comes back as a `LongRecord`, spooled to a file when `spool` (same machine)."""
    return process_sources([source], extractor, spool)[0]


def process_sources(sources: list[Source], extractor: Any = None, spool: bool = True) -> list[Record]:
    """`process_source` of each source in order, the texts read first and handed to the NER model as one
    batch (`Extractor.prime`: it batches across documents); records are the same as one by one. Without an
    extractor, the process's own is loaded at the first document, and a failure to load it is that
    document's error record."""
    texts = [_read(s) for s in sources]
    if hasattr(extractor, "prime"):
        try:
            extractor.prime([t for t in texts if isinstance(t, str) and len(t) <= LONG_DOC_CHARS])
        except Exception:  # noqa: BLE001 - priming only saves time; each document is then done on its own
            log.warning("priming the NER model failed; documents are recognised one by one", exc_info=True)
    return [t if isinstance(t, dict) else _extract(s, t, extractor, spool) for s, t in zip(sources, texts, strict=True)]


def _read(source: Source) -> str | Record:
    """The source's text, or its error record."""
    try:
        return source.read()
    except ReadError as exc:
        return error_record(source.doc_id, exc.kind, exc.message)
    except Exception as exc:  # an unexpected reader bug must not end the batch
        return error_record(source.doc_id, type(exc).__name__, str(exc) or repr(exc))


def _extract(source: Source, text: str, extractor: Any, spool: bool) -> Record:
    try:
        if extractor is None:
            from extractor.pipeline import get_extractor

            extractor = get_extractor()
        if len(text) > LONG_DOC_CHARS and hasattr(extractor, "extract_blocks"):
            return long_record(extractor, text, source.doc_id, spool=spool)
        doc = extractor.extract(text, doc_id=source.doc_id)
        return doc.model_dump(mode="json")
    except Exception as exc:  # one document's failure is its own record; the batch goes on
        return error_record(source.doc_id, type(exc).__name__, str(exc) or repr(exc))


def process_chunk(sources: list[Source]) -> list[Record]:
    """What a worker does with one chunk: records in the chunk's order (picklable, top-level)."""
    from extractor.pipeline import get_extractor

    return process_sources(sources, get_extractor())


def process_chunk_remote(sources: list[Source]) -> list[Record]:
    """`process_chunk` for workers on other machines: a long document's record travels as text, not a file."""
    from extractor.pipeline import get_extractor

    return process_sources(sources, get_extractor(), spool=False)


def init_worker() -> None:
    """Pool initializer: load the model once, now, rather than inside the first document's time.

    It must not raise: an initializer failure would break the whole pool, while
    a failure on a document is that document's error record.
    """
    with contextlib.suppress(Exception):
        from extractor.pipeline import get_extractor

        get_extractor().extract("Khởi động.", doc_id="warm-up")


def _init_pool_worker() -> None:
    """Initializer of our own worker processes: Ctrl-C is the parent's to handle, then load the model.

    A terminal sends SIGINT to the whole process group; if workers died of it
    mid-chunk the parent would see a broken pool instead of a clean interrupt.
    """
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    init_worker()


def _exit_with_parent() -> None:
    """End this worker when the process that started it dies, even by kill -9.

    A pool's workers wait on a queue the parent feeds; killed without a word, the parent leaves them
    waiting (or finishing a chunk nobody will read) for ever. A daemon thread waits on the parent's
    sentinel, which multiprocessing closes only when the parent is gone, and exits the process then.
    """
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="vnpolicy-parent-watch", daemon=True).start()


def _refuse_in_bootstrapping_worker() -> None:
    """Exit quietly when called while a spawned worker imports the caller's script.

    With "spawn" a worker first imports the script that started it; a script that calls `run()` at its top
    level without `if __name__ == "__main__":` would start a batch inside each worker. The parent sees the
    exit status and says what to change (`MainGuardError`).
    """
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        os._exit(EXIT_UNGUARDED_MAIN)


class MainGuardError(RuntimeError):
    """The worker processes re-ran the caller's script: the batch call needs an `if __name__` guard."""

    def __init__(self) -> None:
        super().__init__('worker processes re-ran your script: put the batch call under `if __name__ == '
                         '"__main__":` (worker processes import the script that starts them), or use workers=1')


def make_process_pool(workers: int, start_method: str = "spawn") -> ProcessPoolExecutor:
    """A pool of `workers` processes, each with the model loaded once (see `init_worker`)."""
    ctx = multiprocessing.get_context(start_method)
    with _worker_env():
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_pool_worker)


@contextlib.contextmanager
def _worker_env() -> Iterator[None]:
    """Set the worker thread limits while processes are started, without leaking them to the caller."""
    saved = {k: os.environ.get(k) for k in _WORKER_ENV}
    for k, v in _WORKER_ENV.items():
        os.environ.setdefault(k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# ---------------------------------------------------------------- runners


class _Runner:
    """Turns chunks into record lists, in order. Subclasses decide where the work runs."""

    def run(self, chunks: Iterator[list[Source]], emit: Callable[[list[Record]], None]) -> None:
        raise NotImplementedError

    def close(self, abort: bool = False) -> None:
        """Release workers; `abort` (an interrupt, an error) does not wait for running chunks."""


class _InlineRunner(_Runner):
    """Everything in this process: the simplest path and the reference the parallel ones must match."""

    def __init__(self, task: ChunkTask) -> None:
        self.task = task

    def run(self, chunks: Iterator[list[Source]], emit: Callable[[list[Record]], None]) -> None:
        for chunk in chunks:
            emit(self.task(chunk))


class _ExecutorRunner(_Runner):
    """Chunks on a concurrent.futures Executor (a process pool, or Dask's `client.get_executor()`).

    At most `max_inflight` chunks are submitted ahead of the one being written,
    so memory stays bounded and inputs are read only as fast as they are used.
    Results are taken strictly in submission order: deterministic output.
    """

    def __init__(self, task: ChunkTask, executor: Executor | None = None, *, workers: int = 2,
                 max_inflight: int | None = None, start_method: str = "spawn") -> None:
        self.task = task
        self.workers = workers
        self.start_method = start_method
        self.owned = executor is None
        self.executor = executor if executor is not None else make_process_pool(workers, start_method)
        self.max_inflight = max_inflight or max(2, 2 * workers)

    def _check_main_guard(self) -> None:
        """Raise `MainGuardError` when the pool died because its workers re-ran the caller's script."""
        processes = getattr(self.executor, "_processes", None) or {}
        for proc in list(processes.values()):
            with contextlib.suppress(Exception):
                proc.join(timeout=5)
            if getattr(proc, "exitcode", None) == EXIT_UNGUARDED_MAIN:
                raise MainGuardError

    def _restart(self) -> None:
        """A process pool whose worker died is unusable: replace it (only a pool we own)."""
        if not self.owned:
            raise RuntimeError("a worker of the given process pool died; the pool cannot be reused")
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = make_process_pool(self.workers, self.start_method)

    def _submit(self, chunk: list[Source]) -> Future[list[Record]]:
        """Submit, turning 'the pool is already broken' into a failed future handled like the others."""
        try:
            return self.executor.submit(self.task, chunk)
        except BrokenProcessPool as exc:
            fut: Future[list[Record]] = Future()
            fut.set_exception(exc)
            return fut

    def run(self, chunks: Iterator[list[Source]], emit: Callable[[list[Record]], None]) -> None:
        pending: deque[tuple[list[Source], Future[list[Record]]]] = deque()
        for chunk in chunks:
            while len(pending) >= self.max_inflight:
                self._take_head(pending, emit)
            pending.append((chunk, self._submit(chunk)))
        while pending:
            self._take_head(pending, emit)

    def _take_head(self, pending: deque[tuple[list[Source], Future[list[Record]]]],
                   emit: Callable[[list[Record]], None]) -> None:
        chunk, fut = pending.popleft()
        try:
            records = fut.result()
        except BrokenProcessPool:
            self._check_main_guard()
            # Every chunk in flight died with the pool; the culprit is among them.
            # Redo each alone (one doc at a time where a chunk still fails), in order.
            others = [c for c, _ in pending]
            pending.clear()
            self._restart()
            for c in [chunk, *others]:
                emit(self._isolate(c))
            return
        except Exception:  # a remote failure on a generic executor (e.g. Dask KilledWorker)
            records = self._isolate(chunk)
        emit(records)  # outside the try: a write error must surface, not trigger a retry

    def _isolate(self, chunk: list[Source]) -> list[Record]:
        """Retry a failed chunk whole, then document by document; the documents that still fail get
        an error record saying the worker failed on them."""
        try:
            return self._submit(chunk).result()
        except BrokenProcessPool:
            self._check_main_guard()
            self._restart()
        except Exception:  # fall through to one document at a time
            pass
        records: list[Record] = []
        for source in chunk:
            try:
                records.extend(self._submit([source]).result())
            except BrokenProcessPool:
                self._check_main_guard()
                self._restart()
                records.append(error_record(source.doc_id, "WorkerCrashed",
                                            "the worker process died on this document "
                                            "(out of memory or a crash in native code)"))
            except Exception as exc:
                records.append(error_record(source.doc_id, "WorkerError",
                                            f"{type(exc).__name__}: {exc}"))
        return records

    def close(self, abort: bool = False) -> None:
        if not self.owned:
            return
        if abort:
            # Interrupted: do not wait for chunks whose records will be redone on --resume anyway.
            processes = getattr(self.executor, "_processes", None) or {}
            for proc in list(processes.values()):
                with contextlib.suppress(Exception):
                    proc.terminate()
        self.executor.shutdown(wait=not abort, cancel_futures=True)


def _chunked(sources: Iterable[Source], size: int) -> Iterator[list[Source]]:
    chunk: list[Source] = []
    for s in sources:
        chunk.append(s)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# ---------------------------------------------------------------- the batch


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


def _make_runner(task: ChunkTask, executor: Executor | None, workers: int, start_method: str) -> _Runner:
    if executor is not None:
        return _ExecutorRunner(task, executor, workers=workers)
    if workers > 1:
        return _ExecutorRunner(task, workers=workers, start_method=start_method)
    return _InlineRunner(task)


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
    _refuse_in_bootstrapping_worker()
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
        runner = _make_runner(task, executor, workers, start_method)
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


def _run_all(sources: Iterable[Source], state: LogState, runner: _Runner, summary: RunSummary, log: Path,
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
            runner.run(_chunked(todo(), max(1, chunk_size)), emit)
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

    _refuse_in_bootstrapping_worker()
    fmt = format_for(out, kwargs.get("fmt"))
    check_output(out, None if is_stdout(out) else log_path_for(out, fmt), inputs=inputs,
                 resume=kwargs.get("resume", False), overwrite=kwargs.get("overwrite", False))
    inputs_ = Inputs(inputs, text_field=text_field, id_field=id_field, stdin_format=stdin_format)
    kwargs.setdefault("total", inputs_.count() if kwargs.get("progress") is not None else None)
    summary = run_batch(inputs_, out, inputs=inputs, **kwargs)
    summary.skipped = len(inputs_.skipped)
    return summary
