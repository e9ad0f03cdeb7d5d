"""One file to its text, by its suffix: the reader of each format, and a clear error for a file of rows
opened as one document.
"""

from __future__ import annotations

import os
from pathlib import Path

from extractor.io.listing import HTML_SUFFIXES, ROW_SUFFIXES
from extractor.io.readers.bounds import ReadError
from extractor.io.readers.markup import read_html
from extractor.io.readers.pdf import read_pdf
from extractor.io.readers.plaintext import read_text
from extractor.io.readers.word import read_docx


def read_file(path: str | os.PathLike[str]) -> str:
    """The text of one file, by its suffix; raises `ReadError` with a reason."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return read_html(p)
    if suffix == ".docx":
        return read_docx(p)
    if suffix == ".pdf":
        return read_pdf(p)
    if suffix in ROW_SUFFIXES:
        # Only reached for a single row-file opened as one document (e.g. `vnpolicy show x.jsonl`).
        raise ReadError("ReadError", f"{p.name} holds rows; read it with iter_jsonl/iter_csv")
    return read_text(p)
