"""Run the extractor over many documents: in this process, in worker processes, or on any Executor, with the
guarantees a long research run needs - nothing lost and nothing twice (a flushed JSONL log in input order,
`resume=True` skipping the doc_ids it holds, see `writers.scan_log` for a half-written last line), one bad
document never stopping the batch (its error record instead; a dead worker replaced and its documents retried
one at a time), the same records whatever the parallelism (results written in submission order), the model
loaded once per worker, and workers that read only the inputs they process (a chunk carries `Source`s). One
module a concern: `documents` (one source to its record, a chunk's work), `workers` (the process pool and its
guards), `executors` (where chunks run, and the retries) and `batch` (`run_batch`, `run`, `RunSummary`).
`LONG_DOC_CHARS` is looked up in `documents`, so replace it there.
"""

from __future__ import annotations

from extractor.batch.long_docs import LONG_DOC_CHARS, LongRecord
from extractor.batch.runner.batch import SAMPLE_ERRORS, RunSummary, run, run_batch
from extractor.batch.runner.documents import (
    ChunkTask,
    Record,
    error_record,
    init_worker,
    process_chunk,
    process_chunk_remote,
    process_source,
    process_sources,
)
from extractor.batch.runner.workers import EXIT_UNGUARDED_MAIN, MainGuardError, make_process_pool

__all__ = ["EXIT_UNGUARDED_MAIN", "LONG_DOC_CHARS", "SAMPLE_ERRORS", "ChunkTask", "LongRecord", "MainGuardError",
           "Record", "RunSummary", "error_record", "init_worker", "make_process_pool", "process_chunk",
           "process_chunk_remote", "process_source", "process_sources", "run", "run_batch"]
