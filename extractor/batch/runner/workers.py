"""Worker processes: a pool started with "spawn" and one BLAS/OpenMP thread per worker, each worker loading
the model once, ignoring the terminal's Ctrl-C (the parent's to handle) and ending when its parent dies; and
the guard against a caller's script that starts a batch at import time, which every spawned worker re-runs.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from extractor.batch.runner.documents import init_worker

# A worker process that finds itself re-running the caller's script (no `if __name__ == "__main__":` guard)
# exits with this status, so the parent can say why instead of calling every document a crash.
EXIT_UNGUARDED_MAIN = 87

# Environment for worker processes: one BLAS/OpenMP thread each, so N workers use N cores, not N².
_WORKER_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "TOKENIZERS_PARALLELISM": "false"}


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


def refuse_in_bootstrapping_worker() -> None:
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
    """A pool of `workers` processes, each with the model loaded once (see `init_worker`), started now.

    Why now: a new process takes its environment (the thread limits) when it starts, and
    a ProcessPoolExecutor starts its processes only as tasks are submitted (the limits used to be set and
    removed again before any process started); so one task per worker is submitted while `_worker_env` is
    in force (no task completes before a worker has loaded the model, so each submission starts a process).
    """
    ctx = multiprocessing.get_context(start_method)
    with _worker_env():
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_pool_worker)
        for _ in range(workers):
            pool.submit(os.getpid)
    return pool


@contextlib.contextmanager
def _worker_env() -> Iterator[None]:
    """Set the worker thread limits the caller has not set while processes are started, without leaking
    them to the caller."""
    added = {k: v for k, v in _WORKER_ENV.items() if k not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for k in added:
            os.environ.pop(k, None)
