"""`Source`: one document to process, small and picklable, its text read only where it is processed.

A `Source` for a file carries only its path, and `Source.read()` is called wherever the document is
processed - in a worker process, so parsing PDFs runs in parallel and no process reads inputs it does not
work on. Rows of JSONL/CSV files have to be parsed to be found, so they carry their text inline. The text
returned is the text offsets refer to: nothing here normalises it (the pipeline does that and maps offsets
back), so `vnpolicy show` re-reading the same file highlights exactly what the batch extracted. The one
exception is a lone surrogate (from a JSON escape or a Python string), which no encoder can write: it becomes
U+FFFD, one character for one, so offsets still hold.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from extractor.io.readers import bounds
from extractor.io.readers.bounds import SURROGATE, ReadError, safe_id, safe_text
from extractor.io.readers.dispatch import read_file


@dataclass(frozen=True)
class Source:
    """One document to process: where it comes from, and its text or why there is none.

    Exactly one of `text`, `path` or `error` says where the text is. Sources
    are small and picklable, so they travel to worker processes and Dask
    workers; a file's text is read only where it is processed.
    """

    doc_id: str
    path: str | None = None
    text: str | None = None
    error: tuple[str, str] | None = None  # (type, message) found while listing

    def __post_init__(self) -> None:
        if isinstance(self.doc_id, str) and SURROGATE.search(self.doc_id):
            object.__setattr__(self, "doc_id", safe_id(self.doc_id))

    def read(self) -> str:
        """The document's text; raises `ReadError` for anything unreadable or over the budget."""
        if self.error is not None:
            raise ReadError(*self.error)
        if self.text is not None:
            text = self.text
        elif self.path is None:
            raise ReadError("ReadError", "source has neither text nor path")
        else:
            text = read_file(self.path)
        if len(text) > bounds.LIMITS.max_chars:
            raise ReadError("TooLarge", f"the text has {len(text):,} characters, over the per-document limit "
                                        f"of {bounds.LIMITS.max_chars:,}")
        return safe_text(text)

    def loaded(self) -> Source:
        """This source with its text read in (or its read error recorded).

        Used before shipping work to machines that may not see the file system.
        """
        if self.text is not None or self.error is not None:
            return self
        try:
            return replace(self, text=self.read(), path=None)
        except ReadError as exc:
            return replace(self, error=(exc.kind, exc.message), path=None)

    def size_hint(self) -> int:
        """About how much work the document is, without reading it: its text's length, else its file's size
        in bytes (0 when neither is known). The batch runner closes a chunk on it, so that one long document
        does not travel with seven others and leave the other workers idle."""
        if self.text is not None:
            return len(self.text)
        if self.path is not None:
            try:
                return os.stat(self.path).st_size
            except OSError:
                return 0
        return 0
