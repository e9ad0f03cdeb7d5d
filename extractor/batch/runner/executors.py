"""Where the chunks run: in this process (the reference), or on a concurrent.futures Executor (our process
pool, or Dask's), at most a few chunks ahead and taken strictly in submission order, so 1, 2 or 20 workers give
identical files. A worker that dies is replaced and its chunks retried one document at a time, so only the
culprit becomes an error record.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool

from extractor.batch.runner.documents import ChunkTask, Record, error_record
from extractor.batch.runner.workers import EXIT_UNGUARDED_MAIN, MainGuardError, make_process_pool
from extractor.io.readers import Source


class Runner:
    """Turns chunks into record lists, in order. Subclasses decide where the work runs."""

    def run(self, chunks: Iterator[list[Source]], emit: Callable[[list[Record]], None]) -> None:
        raise NotImplementedError

    def close(self, abort: bool = False) -> None:
        """Release workers; `abort` (an interrupt, an error) does not wait for running chunks."""


class _InlineRunner(Runner):
    """Everything in this process: the simplest path and the reference the parallel ones must match."""

    def __init__(self, task: ChunkTask) -> None:
        self.task = task

    def run(self, chunks: Iterator[list[Source]], emit: Callable[[list[Record]], None]) -> None:
        for chunk in chunks:
            emit(self.task(chunk))


class _ExecutorRunner(Runner):
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


# A chunk closes at this many characters of its documents (`Source.size_hint`), or at `chunk_size` documents.
CHUNK_CHARS = 16_000


def chunked(sources: Iterable[Source], size: int, chars: int = CHUNK_CHARS) -> Iterator[list[Source]]:
    """The sources in order, in chunks of at most `size` documents that close once they hold about `chars`
    characters. Why both: a chunk of short news items pays the hand-over to a worker once for many; a long
    decision goes alone, since results are written in order and a worker whose next chunk waits behind a
    long one would stand idle."""
    chunk: list[Source] = []
    held = 0
    for s in sources:
        chunk.append(s)
        held += s.size_hint()
        if len(chunk) >= size or held >= chars:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def make_runner(task: ChunkTask, executor: Executor | None, workers: int, start_method: str) -> Runner:
    if executor is not None:
        return _ExecutorRunner(task, executor, workers=workers)
    if workers > 1:
        return _ExecutorRunner(task, workers=workers, start_method=start_method)
    return _InlineRunner(task)
