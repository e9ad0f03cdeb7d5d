"""The public record: pydantic models of the output contract (docs/contract.md).

These models are the contract. `schemas/document.schema.json` is generated from
them (`python -m extractor.io.schema`), never written by hand, and a test fails when
the two drift apart.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Metric = Literal["count", "share", "growth", "amount", "rate", "level"]
Qualifier = Literal["exact", "approx", "min", "max", "range"]
Label = Literal["ORG", "LOC", "PER", "DOC"]


class _Model(BaseModel):
    """Shared settings: strict field names, no silent extras from callers."""

    model_config = ConfigDict(extra="forbid", frozen=False)


class Span(_Model):
    """A stretch of the caller's original text: `text == original[start:end]`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Value(_Model):
    """A number, fully written out (decimal comma, thousands dot and multiplier words read)."""

    low: float | int
    high: float | int
    unit: str | None = None
    qualifier: Qualifier = "exact"
    text: str = ""

    @field_validator("low", "high")
    @classmethod
    def _finite(cls, v: float | int) -> float | int:
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError("value must be finite")
        return v


class Deadline(_Model):
    """The year a target is due; for a recurring target the last year of its period."""

    year: int | None = None
    recurring: Literal["annual"] | None = None
    text: str | None = None


AgencySource = Literal["sentence", "heading", "table", "assignment", "issuer"]


class Target(_Model):
    """One quantified commitment: somebody aims for a measurable thing to reach a number by a time."""

    entity: str
    metric: Metric
    value: Value
    deadline: Deadline = Field(default_factory=Deadline)
    agency: str | None = None
    location: str | None = None
    evidence: Span
    direction: Literal["increase", "decrease"] | None = None
    location_current: str | None = Field(
        default=None, description="The province the location belongs to since the 2025-07-01 merger."
    )
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    section: list[str] = Field(
        default_factory=list, description="The headings the target stands under, outermost first."
    )
    agency_source: AgencySource | None = Field(
        default=None,
        description="Why the target has its agency: named in its sentence, a heading naming the body, the row's "
        "lead column of a table, the document's assignment (Tổ chức thực hiện, 'Giao … tổ chức thực hiện', "
        "chủ trì), or the issuer.",
    )


class DocumentRef(_Model):
    """A cited legal document (Quyết định số 295/QĐ-UBND ngày 13/9/2021)."""

    text: str
    kind: str | None = None
    number: str | None = None
    date: str | None = Field(default=None, description="ISO date (YYYY-MM-DD) when the text gives one.")
    start: int | None = None
    end: int | None = None


class Period(_Model):
    """The programme period in years (giai đoạn 2021 - 2025)."""

    start: int | None = None
    end: int | None = None


class Entity(_Model):
    """A named entity with offsets into the original text."""

    text: str
    label: Label
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    source: str | None = Field(
        default=None,
        description="What recognised it: 'rules' (patterns of bodies, places and documents; bylines and "
        "credits), 'model' (the trained NER) or 'gazetteer' (the lists of names, and persons after a title).",
    )


class Document(_Model):
    """One document's record: what the extractor writes, one JSON line a document."""

    doc_id: str
    issuer: str | None = None
    documents: list[DocumentRef] = Field(default_factory=list)
    period: Period | None = None
    entities: list[Entity] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)


class ErrorInfo(_Model):
    """Why a document could not be read or processed."""

    type: str
    message: str


class ErrorRecord(_Model):
    """What a batch writes instead of a Document when one input fails; the batch goes on."""

    doc_id: str
    error: ErrorInfo
