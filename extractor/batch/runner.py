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

from extractor.batch.progress import NullProgress, Progress
from extractor.io.readers import ReadError, Source, unique_ids
from extractor.io.writers import JsonlWriter, LogState, format_for, iter_records, log_path_for, scan_log, write_table
from extractor.models import ErrorInfo, ErrorRecord

ChunkTask = Callable[[list[Source]], list[dict[str, Any]]]

# Environment for worker processes: one BLAS/OpenMP thread each, so N workers use N cores, not N².
_WORKER_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "TOKENIZERS_PARALLELISM": "false"}


# ---------------------------------------------------------------- per document


def error_record(doc_id: str, kind: str, message: str) -> dict[str, Any]:
    """The record a failed document gets instead of a Document (validated by the ErrorRecord model)."""
    return ErrorRecord(doc_id=doc_id, error=ErrorInfo(type=kind, message=message)).model_dump(mode="json")


def process_source(source: Source, extractor: Any = None) -> dict[str, Any]:
    """Read and extract one document; any failure becomes its error record, never an exception."""
    try:
        text = source.read()
    except ReadError as exc:
        return error_record(source.doc_id, exc.kind, exc.message)
    except Exception as exc:  # an unexpected reader bug must not end the batch
        return error_record(source.doc_id, type(exc).__name__, str(exc) or repr(exc))
    try:
        if extractor is None:
            from extractor.pipeline import get_extractor

            extractor = get_extractor()
        doc = extractor.extract(text, doc_id=source.doc_id)
        return doc.model_dump(mode="json")
    except Exception as exc:  # one document's failure is its own record; the batch goes on
        return error_record(source.doc_id, type(exc).__name__, str(exc) or repr(exc))


def process_chunk(sources: list[Source]) -> list[dict[str, Any]]:
    """What a worker does with one chunk: records in the chunk's order (picklable, top-level)."""
    from extractor.pipeline import get_extractor

    extractor = get_extractor()
    return [process_source(s, extractor) for s in sources]


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
    init_worker()


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

    def run(self, chunks: Iterator[list[Source]], emit: Callable[[list[dict[str, Any]]], None]) -> None:
        raise NotImplementedError

    def close(self, abort: bool = False) -> None:
        """Release workers; `abort` (an interrupt, an error) does not wait for running chunks."""


class _InlineRunner(_Runner):
    """Everything in this process: the simplest path and the reference the parallel ones must match."""

    def __init__(self, task: ChunkTask) -> None:
        self.task = task

    def run(self, chunks: Iterator[list[Source]], emit: Callable[[list[dict[str, Any]]], None]) -> None:
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

    def _restart(self) -> None:
        """A process pool whose worker died is unusable: replace it (only a pool we own)."""
        if not self.owned:
            raise RuntimeError("a worker of the given process pool died; the pool cannot be reused")
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = make_process_pool(self.workers, self.start_method)

    def _submit(self, chunk: list[Source]) -> Future[list[dict[str, Any]]]:
        """Submit, turning 'the pool is already broken' into a failed future handled like the others."""
        try:
            return self.executor.submit(self.task, chunk)
        except BrokenProcessPool as exc:
            fut: Future[list[dict[str, Any]]] = Future()
            fut.set_exception(exc)
            return fut

    def run(self, chunks: Iterator[list[Source]], emit: Callable[[list[dict[str, Any]]], None]) -> None:
        pending: deque[tuple[list[Source], Future[list[dict[str, Any]]]]] = deque()
        for chunk in chunks:
            while len(pending) >= self.max_inflight:
                self._take_head(pending, emit)
            pending.append((chunk, self._submit(chunk)))
        while pending:
            self._take_head(pending, emit)

    def _take_head(self, pending: deque[tuple[list[Source], Future[list[dict[str, Any]]]]],
                   emit: Callable[[list[dict[str, Any]]], None]) -> None:
        chunk, fut = pending.popleft()
        try:
            records = fut.result()
        except BrokenProcessPool:
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

    def _isolate(self, chunk: list[Source]) -> list[dict[str, Any]]:
        """Retry a failed chunk whole, then document by document; the documents that still fail get
        an error record saying the worker failed on them."""
        try:
            return self._submit(chunk).result()
        except BrokenProcessPool:
            self._restart()
        except Exception:  # fall through to one document at a time
            pass
        records: list[dict[str, Any]] = []
        for source in chunk:
            try:
                records.extend(self._submit([source]).result())
            except BrokenProcessPool:
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
    seconds: float = 0.0
    rows: int | None = None  # table rows written (CSV/Parquet)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no document failed (exit status 0)."""
        return self.errors == 0

    def line(self) -> str:
        """The one-line summary printed at the end of a run."""
        new = self.documents - self.resumed
        rate = new / self.seconds if self.seconds > 0 else 0.0
        resumed = f" ({self.resumed} from an earlier run)" if self.resumed else ""
        return (f"{self.documents} documents{resumed}, {self.targets} targets, {self.errors} errors, "
                f"{self.seconds:.1f} s ({rate:.1f} docs/s) -> {self.out}")


def run_batch(sources: Iterable[Source], out: str | os.PathLike[str], *, fmt: str | None = None,
              workers: int = 1, resume: bool = False, progress: Progress | None = None,
              total: int | None = None, chunk_size: int = 8, executor: Executor | None = None,
              task: ChunkTask = process_chunk, ship_text: bool = False,
              start_method: str = "spawn") -> RunSummary:
    """Extract every source into `out` (JSONL, CSV or Parquet) and return the summary.

    `workers` > 1 runs a process pool; `executor` runs on a given
    concurrent.futures Executor instead (Dask: `client.get_executor()`).
    `ship_text` reads files here before submitting, for workers that cannot
    see this file system. `task` is the per-chunk function (default
    `process_chunk`); it must be importable by the workers. Raises
    KeyboardInterrupt through, after the log is flushed, so a later
    `resume=True` run continues where this one stopped.
    """
    fmt = format_for(out, fmt)
    out = Path(out)
    log = log_path_for(out, fmt)
    summary = RunSummary(out=out, log=log, fmt=fmt)
    state = scan_log(log) if resume else LogState()
    if state.repaired:
        summary.notes.append(f"{log}: {state.repaired}")
    summary.resumed = state.documents
    summary.documents, summary.targets, summary.errors = state.documents, state.targets, state.errors
    progress = progress or NullProgress()
    started = time.perf_counter()

    done = state.done

    def todo() -> Iterator[Source]:
        for s in unique_ids(sources):
            if s.doc_id in done:
                continue
            yield s.loaded() if ship_text else s

    if executor is not None:
        runner: _Runner = _ExecutorRunner(task, executor, workers=workers)
    elif workers > 1:
        runner = _ExecutorRunner(task, workers=workers, start_method=start_method)
    else:
        runner = _InlineRunner(task)

    progress.start(total=total, initial=summary.resumed)
    with JsonlWriter(log, append=resume) as writer:

        def emit(records: list[dict[str, Any]]) -> None:
            for rec in records:
                writer.write(rec)
                done.add(rec["doc_id"])
                summary.documents += 1
                if "error" in rec:
                    summary.errors += 1
                else:
                    summary.targets += len(rec.get("targets") or [])
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
    if fmt != "jsonl":
        summary.rows = write_table(iter_records(log), out, fmt)
    summary.seconds = time.perf_counter() - started
    return summary


def run(inputs: Sequence[str | os.PathLike[str]], out: str | os.PathLike[str], *, text_field: str = "text",
        id_field: str = "id", **kwargs: Any) -> RunSummary:
    """`run_batch` over files, folders and globs, as the command line does; see `readers.Inputs`."""
    from extractor.io.readers import Inputs

    fmt = format_for(out, kwargs.get("fmt"))
    log = log_path_for(out, fmt)
    inputs_ = Inputs(inputs, text_field=text_field, id_field=id_field, exclude=[out, log])
    kwargs.setdefault("total", inputs_.count() if kwargs.get("progress") is not None else None)
    return run_batch(inputs_, out, **kwargs)
