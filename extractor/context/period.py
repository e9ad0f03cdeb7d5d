"""Years the document states once: its programme period, its own date, the headline's deadline."""

from __future__ import annotations

from extractor.models import Period
from extractor.rules import dates
from extractor.text import segment


def programme_period(periods: list[tuple[int, int, int, int]], norm: str) -> Period | None:
    early = [p for p in periods if p[0] < 2000]
    if early:
        return Period(start=early[0][2], end=early[0][3])
    return None


def title_year(paras: list[segment.Paragraph], deadlines: list[dates.Deadline]) -> int | None:
    """The deadline a headline states, if the first paragraphs are short headline-like lines."""
    for p in paras[:2]:
        ds = [d for d in deadlines if p.body <= d.start < p.end and d.kind in ("by", "vision", "in")]
        if ds and p.end - p.body < 200:
            return ds[0].year
    return None


def doc_year(t: str, folded: bool) -> int | None:
    d = dates.parse_date(t[:800], folded)
    return int(d[:4]) if d else None
