"""Very long documents in a batch: the record built block by block, so memory is bounded by the block.

`Extractor.extract()` holds a document's whole record (every target and entity as a pydantic object) until
it returns; at 20 MB of text that is over a gigabyte, at 50 MB several. For a text longer than
`LONG_DOC_CHARS` the batch uses `Extractor.extract_blocks()` instead, which yields the record in parts (one
per block, offsets into the whole text, the document's context on each). Each part is serialised as soon
as it comes and let go: its cited documents, entities and targets go to three temporary files, which are
joined into the one JSON line of the document at the end. The line has the same fields, in the same order,
as any other record; the one difference is that a target stated in two blocks appears twice (removing
repeats needs the whole record in memory).

The finished line is a file (`LongRecord.path`) when the worker shares the machine with the writer, so it
is copied into the log in pieces and never held whole; a worker on another machine (Dask) sends it as text.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from typing import IO, Any

# Texts longer than this take the block path (about ten blocks of the extractor's default 100,000 chars).
LONG_DOC_CHARS = 1_000_000
_COPY_BYTES = 1 << 20


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


@dataclass
class LongRecord:
    """A long document's record, serialised: in a file (`path`, same machine) or as `line` (remote)."""

    doc_id: str
    targets: int
    path: str | None = None
    line: str | None = None

    def __getitem__(self, key: str) -> Any:  # lets `rec["doc_id"]` work as for a dict record
        if key == "doc_id":
            return self.doc_id
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key == "doc_id"

    def write_to(self, writer: Any) -> None:
        """Append the record to a `JsonlWriter` as one line (streamed from the file), then drop the file."""
        try:
            if self.line is not None:
                writer.write_raw((self.line + "\n").encode("utf-8"))
                return
            assert self.path is not None
            with open(self.path, "rb") as fh:
                writer.write_stream(fh)
        finally:
            if self.path is not None:
                with contextlib.suppress(OSError):
                    os.unlink(self.path)

    def as_dict(self) -> dict[str, Any]:
        """The record as a dict (for a caller who wants it in memory anyway: `extract_bag`)."""
        if self.line is not None:
            return json.loads(self.line)
        assert self.path is not None
        try:
            with open(self.path, "rb") as fh:
                return json.load(fh)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(self.path)


def long_record(extractor: Any, text: str, doc_id: str, spool: bool = True) -> LongRecord:
    """The record of a long text through `extractor.extract_blocks`, never holding more than one block's
    objects (see the module notes)."""
    with tempfile.TemporaryDirectory(prefix="vnpolicy-long-") as tmp:
        parts = {k: open(os.path.join(tmp, k), "w+", encoding="utf-8") for k in ("documents", "entities",  # noqa: SIM115
                                                                                 "targets")}
        try:
            head, targets = _spool_parts(extractor, text, doc_id, parts)
            fd, path = tempfile.mkstemp(prefix="vnpolicy-record-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                _assemble(out, head, parts)
        finally:
            for fh in parts.values():
                fh.close()
    if spool:
        return LongRecord(doc_id=doc_id, targets=targets, path=path)
    try:
        with open(path, encoding="utf-8") as fh:
            return LongRecord(doc_id=doc_id, targets=targets, line=fh.read())
    finally:
        os.unlink(path)


def _spool_parts(extractor: Any, text: str, doc_id: str, parts: dict[str, IO[str]]
                 ) -> tuple[dict[str, Any], int]:
    """Write each block's items to the part files as they come; the document fields of the first block."""
    head: dict[str, Any] = {"doc_id": doc_id, "issuer": None, "period": None}
    counts = dict.fromkeys(parts, 0)
    for i, part in enumerate(extractor.extract_blocks(text, doc_id=doc_id)):
        rec = part.model_dump(mode="json")
        if i == 0:
            head = {"doc_id": rec["doc_id"], "issuer": rec.get("issuer"), "period": rec.get("period")}
        for key, fh in parts.items():
            for item in rec.get(key) or []:
                fh.write((", " if counts[key] else "") + _json(item))
                counts[key] += 1
    return head, counts["targets"]


def _assemble(out: IO[str], head: dict[str, Any], parts: dict[str, IO[str]]) -> None:
    """The record's line, fields in the Document model's order: doc_id, issuer, documents, period, entities,
    targets."""
    out.write(f'{{"doc_id": {_json(head["doc_id"])}, "issuer": {_json(head["issuer"])}, "documents": [')
    _copy(parts["documents"], out)
    out.write(f'], "period": {_json(head["period"])}, "entities": [')
    _copy(parts["entities"], out)
    out.write('], "targets": [')
    _copy(parts["targets"], out)
    out.write("]}")


def _copy(src: IO[str], dst: IO[str]) -> None:
    src.flush()
    src.seek(0)
    shutil.copyfileobj(src, dst, _COPY_BYTES)
