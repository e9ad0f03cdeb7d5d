"""PDF files: pypdf's text layer, page by page within the per-document budget; a scan without a text layer
is an error record, not an empty document.
"""

from __future__ import annotations

import io
from pathlib import Path

from extractor.io.readers import bounds
from extractor.io.readers.bounds import ReadError, optional, read_bytes


def _pdf_pages(reader: object) -> list[str]:
    """The pages' text, stopping with `TooLarge` as soon as the document's budget is spent."""
    pages: list[str] = []
    size = 0
    for page in reader.pages:  # type: ignore[attr-defined]
        text = (page.extract_text() or "").strip()
        size += len(text)
        if size > bounds.LIMITS.max_chars:
            raise ReadError("TooLarge", f"the PDF's text passes the per-document limit of {bounds.LIMITS.max_chars:,} "
                                        f"characters by page {len(pages) + 1}")
        pages.append(text)
    return pages


def read_pdf(path: Path) -> str:
    """The text layer of a PDF, pages separated by a blank line; a scan without one is an error."""
    PdfReader = optional("pypdf", "pypdf").PdfReader  # noqa: N806 - a class
    data = read_bytes(path)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("ReadError", "the PDF is encrypted")
        pages = _pdf_pages(reader)
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many kinds for a damaged file
        raise ReadError("ReadError", f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise ReadError("NoText", "the PDF has no text layer (a scan? run OCR first)")
    return text
