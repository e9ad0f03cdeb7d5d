"""Per document: read and extract one source, any failure its error record, never an exception; and what a
worker does with a chunk of sources (the records in the chunk's order).

Reading and extracting happen per document inside `process_source`, so one bad document never stops the batch.
A text longer than `LONG_DOC_CHARS` takes the block path (`long_docs`); `LONG_DOC_CHARS` is looked up in this
module.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from extractor.batch.long_docs import LONG_DOC_CHARS, LongRecord, long_record
from extractor.io.readers import ReadError, Source
from extractor.models import ErrorInfo, ErrorRecord

log = logging.getLogger(__package__)  # "extractor.batch.runner", the logger of the former single module

Record = dict[str, Any] | LongRecord
ChunkTask = Callable[[list[Source]], list[Record]]


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
