"""Quantified policy targets from Vietnamese policy texts.

    import extractor
    doc = extractor.extract(text, doc_id="bac-ninh")   # a pydantic `Document`
    doc.model_dump(mode="json")

`Extractor` loads what it needs once (the NER pipeline, the lexicons) and offers
`extract()` and `pipe()` for many documents.
"""

from __future__ import annotations

from extractor.errors import ExtractionError
from extractor.models import Deadline, Document, DocumentRef, Entity, ErrorRecord, Period, Span, Target, Value
from extractor.pipeline import Extractor, extract, get_extractor


def _version() -> str:
    """The installed distribution's version; the pyproject's when the package runs from a source tree."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vnpolicy-extractor")
    except PackageNotFoundError:
        import re
        from pathlib import Path

        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        try:
            found = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(encoding="utf-8"), re.MULTILINE)
        except OSError:
            found = None
        return found.group(1) if found else "0+unknown"


__version__ = _version()

__all__ = [
    "__version__",
    "Deadline",
    "Document",
    "DocumentRef",
    "Entity",
    "ErrorRecord",
    "ExtractionError",
    "Extractor",
    "Period",
    "Span",
    "Target",
    "Value",
    "extract",
    "get_extractor",
    "to_dataframe",
]


def to_dataframe(docs):  # noqa: ANN001, ANN201 - pandas is an optional dependency
    """One row per target with the document's fields beside it (see `extractor.io.table`)."""
    from extractor.io.table import to_dataframe as _to_dataframe

    return _to_dataframe(docs)
