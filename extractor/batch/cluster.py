"""Extraction on a Dask cluster, for corpora too big for one machine.

Two ways in:

- `extract_bag(items)` gives a `dask.bag.Bag` of records, to compose with the
  rest of a Dask workflow (`.to_textfiles`, `.filter`, `.compute()`…);
- `run_on_cluster(inputs, out)` is `vnpolicy extract --dask ADDRESS`: the same
  batch runner as on one machine (streamed JSONL log, `resume`, error records,
  identical records in input order) with the chunks running on the cluster
  through `client.get_executor()`.

Each worker process loads the model once: `process_chunk` uses
`extractor.get_extractor()`, cached per process, and `run_on_cluster` also
registers a worker plugin that loads it when a worker starts, so the first
chunk does not pay for it and threads of one worker never load it twice.
Start workers with `--nthreads 1` and as many processes as cores
(`dask worker ADDRESS --nworkers auto --nthreads 1`): the extraction is
CPU-bound Python, so threads would only share one core.

Files: by default the client reads each file and ships its text
(`ship_text=True`), which works whatever the workers can see. On a cluster
with a shared file system, `ship_text=False` sends only paths and lets the
workers read (and parse PDFs) in parallel.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from extractor.batch.long_docs import LongRecord
from extractor.batch.progress import Progress
from extractor.batch.runner import RunSummary, init_worker, process_chunk_remote, run_batch
from extractor.io.outputs import check_output, is_stdout
from extractor.io.readers import Inputs, Source, sources_from, unique_ids
from extractor.io.writers import format_for, log_path_for

if TYPE_CHECKING:
    import dask.bag
    from distributed import Client

try:  # the plugin base class only exists when distributed is installed
    from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - dask extra missing
    _PluginBase = object  # type: ignore[assignment,misc]


class LoadModel(_PluginBase):  # type: ignore[misc,valid-type]
    """Worker plugin: load the extractor's model once when a worker process starts."""

    name = "vnpolicy-load-model"

    def setup(self, worker: Any) -> None:
        init_worker()


class ClusterError(Exception):
    """The cluster cannot be reached (bad address, no scheduler there): one line for the user, exit 2."""


def _partition(sources: Iterable[Source]) -> list[dict[str, Any]]:
    return [r.as_dict() if isinstance(r, LongRecord) else r for r in process_chunk_remote(list(sources))]


def quiet_dask() -> None:
    """Silence distributed's own logging and warnings (for `--quiet`): only errors get through."""
    import logging
    import warnings

    for name in ("distributed", "dask", "tornado", "bokeh"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="distributed")
    warnings.filterwarnings("ignore", module="dask")


def connect(address: str | None, local_workers: int = 2, timeout: str | float | None = None,
            quiet: bool = False) -> tuple[Client, Any]:
    """A Client for `address` ("tcp://host:8786", or None/"local" for a LocalCluster), and the cluster it
    started (None for a remote one). A bad address is a `ClusterError` naming it, not a traceback."""
    from distributed import Client, LocalCluster

    if quiet:
        quiet_dask()
    if address in (None, "local"):
        cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=50 if quiet else 30)
        return Client(cluster), cluster
    try:
        return Client(address, timeout=timeout) if timeout is not None else Client(address), None
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ClusterError(f"cannot reach a Dask scheduler at {address!r}: {reason}") from None


def extract_bag(items: Iterable[object], *, text_field: str = "text", id_field: str = "id",
                npartitions: int | None = None, partition_size: int | None = None,
                ship_text: bool = True) -> dask.bag.Bag:
    """A Bag of records (Document or error dicts) for paths/globs, `(text, doc_id)` pairs or Sources.

    Order follows the input (partition by partition). `ship_text=True` reads
    files here and puts their text in the graph; for big corpora on a shared
    file system pass `ship_text=False` so only paths travel.
    """
    import dask.bag as db

    sources = list(unique_ids(sources_from(items, text_field=text_field, id_field=id_field)))
    if ship_text:
        sources = [s.loaded() for s in sources]
    if npartitions is None and partition_size is None:
        partition_size = 16
    bag = db.from_sequence(sources, npartitions=npartitions, partition_size=partition_size)
    return bag.map_partitions(_partition)


def _total_threads(client: Client) -> int:
    try:
        workers = client.scheduler_info().get("workers", {})
        return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))
    except Exception:  # an unusual scheduler: fall back to a modest depth
        return 2


def run_on_cluster(inputs: Sequence[object], out: str | os.PathLike[str], client: Client | None = None, *,
                   address: str | None = None, fmt: str | None = None, resume: bool = False,
                   overwrite: bool = False, progress: Progress | None = None, chunk_size: int = 8,
                   ship_text: bool = True, text_field: str = "text", id_field: str = "id",
                   local_workers: int = 2, quiet: bool = False, timeout: str | float | None = None,
                   stdin_format: str | None = None) -> RunSummary:
    """Run a batch on a Dask cluster and write `out` like `batch.run` does.

    `client`: an existing `distributed.Client`; else one is made for `address`
    ("tcp://scheduler:8786", or "local" for a LocalCluster of `local_workers`
    processes) and closed afterwards. `inputs` are paths/globs or, from Python,
    `(text, doc_id)` pairs and Sources. `quiet` silences Dask's own logging.
    The output is checked before the cluster is contacted (`OutputError`).
    """
    fmt = format_for(out, fmt)
    paths = [x for x in inputs if isinstance(x, (str, os.PathLike))]
    check_output(out, None if is_stdout(out) else log_path_for(out, fmt), inputs=paths,  # type: ignore[arg-type]
                 resume=resume, overwrite=overwrite)
    skipped = 0
    if len(paths) == len(inputs):
        listed = Inputs(paths, text_field=text_field, id_field=id_field,  # type: ignore[arg-type]
                        stdin_format=stdin_format)
        sources: Iterable[Source] = listed
        total = listed.count() if progress is not None else None
        skipped = len(listed.skipped)
    else:
        sources = sources_from(inputs, text_field=text_field, id_field=id_field)
        total = len(sources) if isinstance(sources, list) else None

    own_client = client is None
    cluster = None
    if client is None:
        client, cluster = connect(address, local_workers, timeout=timeout, quiet=quiet)
    elif quiet:
        quiet_dask()
    try:
        client.register_plugin(LoadModel())
        executor = client.get_executor(pure=False)
        summary = run_batch(sources, out, fmt=fmt, resume=resume, overwrite=overwrite, progress=progress,
                            total=total, chunk_size=chunk_size, executor=executor,
                            workers=_total_threads(client), ship_text=ship_text, task=process_chunk_remote,
                            inputs=paths)  # type: ignore[arg-type]
        summary.skipped = skipped
        return summary
    finally:
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
