"""Years the document states once: its programme period, its own date, the headline's deadline, the latest
full date it writes."""

from __future__ import annotations

import regex

from extractor.models import Period
from extractor.rules import dates
from extractor.text import segment

# A full calendar date, 31/12/2025 or 2025-12-31: its year is the first group or the second.
_FULL_DATE = regex.compile(r"\d{1,2}/\d{1,2}/((?:19|20)\d\d)|((?:19|20)\d\d)-\d\d-\d\d")


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


def latest_date_year(t: str) -> int | None:
    """The latest year of a full calendar date in the text."""
    return max((int(y or z) for y, z in _FULL_DATE.findall(t)), default=None)
