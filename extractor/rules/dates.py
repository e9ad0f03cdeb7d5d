"""Deadlines, programme periods and dates, with their spans.

Why not dateparser or Duckling: dateparser fills a missing day and month with
today's date and reads "giai đoạn 2021 - 2025" as two dates; Duckling's
Vietnamese rules read that period as money and miss "quý III/2026". A policy
deadline is a year (or a quarter or day within one), so a handful of anchored,
linear patterns is both exact and fast.

Patterns are written once with diacritics and compiled a second time folded,
for text typed without them.
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.text.normalize import fold
from extractor.text.spans import overlaps, scan

_Y = r"(?P<y>(?:19[5-9]\d|20\d\d|2100))(?!\d)"
_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Deadline phrases, most specific first. Group y is the year.
_DEADLINES: list[tuple[str, str]] = [
    ("vision", rf"tầm nhìn (?:đến|tới) (?:năm )?{_Y}"),
    ("from", rf"(?:kể )?từ (?:sau )?năm {_Y}(?: trở đi| trở về sau)?"),
    ("by", rf"(?:đến|tới|trước|hết|cuối|chậm nhất|chậm nhất đến|trong) "
           rf"(?:hết |cuối |trước |ngày \d{{1,2}}/\d{{1,2}}/|ngày \d{{1,2}} tháng \d{{1,2}} )?"
           rf"(?:năm |quý (?:i{{1,3}}|iv|[1-4])/|quý (?:i{{1,3}}|iv|[1-4]) năm |"
           rf"tháng \d{{1,2}}/|tháng \d{{1,2}} năm )?{_Y}"),
    ("by", rf"(?:đến|tới|trước|hết) (?:ngày )?\d{{1,2}}/\d{{1,2}}/{_Y}"),
    ("in", rf"(?:vào |trong |ngay trong |cuối |đầu )?năm {_Y}(?! ?[-–] ?(?:19|20)\d\d)"),
    ("in", rf"quý (?:i{{1,3}}|iv|[1-4])(?:/| năm ){_Y}"),
]
# The optional lead word takes its own space: a leading optional "\s*" would rescan every run of white space.
_PERIOD = (
    r"(?:(?:giai đoạn|thời kỳ|nhiệm kỳ|kế hoạch|chương trình|đề án|chiến lược)\s+)?(?:từ )?(?:năm )?"
    r"(?P<a>(?:19[5-9]\d|20\d\d))\s*(?:-|–|đến|tới|đến năm)\s*(?P<b>(?:19[5-9]\d|20\d\d))(?!\d)"
)
_DATES = [
    r"(?:ngày )?\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d\d",
    r"ngày \d{1,2} tháng \d{1,2}\s+năm (?:19|20)\d\d",
    r"ngày \d{1,2}[-.]\d{1,2}[-.](?:19|20)\d\d",
    r"tháng \d{1,2}\s*(?:/|năm)\s*(?:19|20)\d\d",
    r"(?:19|20)\d\d-\d\d-\d\d",
]
_FULL_DATE = regex.compile(
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(?P<m>\d{1,2})\s*(?:/|-|\.|\s+năm\s+)\s*(?P<y>(?:19|20)\d\d)"
)


@dataclass(frozen=True)
class Deadline:
    start: int
    end: int
    year: int
    kind: str  # by, in, from, vision, period


@dataclass(frozen=True)
class _Compiled:
    deadlines: list[tuple[str, regex.Pattern[str]]]
    period: regex.Pattern[str]
    dates: regex.Pattern[str]
    full_date: regex.Pattern[str]


@lru_cache(maxsize=2)
def _compiled(folded: bool) -> _Compiled:
    f = fold if folded else (lambda s: s)
    b = r"(?<![\p{L}\d])"
    return _Compiled(
        deadlines=[(k, regex.compile(b + f(p))) for k, p in _DEADLINES],
        period=regex.compile(b + f(_PERIOD)),
        dates=regex.compile(b + "(?:" + "|".join(f(d) for d in _DATES) + r")(?!\d)"),
        full_date=regex.compile(f(_FULL_DATE.pattern)),
    )


def find_deadlines(low: str, start: int, end: int, folded: bool = False) -> list[Deadline]:
    """Deadline phrases in low[start:end], non-overlapping, left to right."""
    c = _compiled(folded)
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []  # sorted and non-overlapping: an earlier, more specific pattern wins
    starts: list[int] = []
    for kind, pat in [*c.deadlines, ("period", c.period)]:
        for m in scan(pat, low, start, end):
            if overlaps(taken, starts, m.start(), m.end()):
                continue
            i = bisect.bisect_left(starts, m.start())
            taken.insert(i, (m.start(), m.end()))
            starts.insert(i, m.start())
            found.append(Deadline(m.start(), m.end(), int(m.group("b" if kind == "period" else "y")), kind))
    return sorted(found, key=lambda d: d.start)


def find_periods(low: str, start: int, end: int, folded: bool = False) -> list[tuple[int, int, int, int]]:
    """(start, end, first year, last year) of every 'giai đoạn 2021 - 2025'-like span."""
    c = _compiled(folded)
    out = []
    for m in scan(c.period, low, start, end):
        a, b = int(m.group("a")), int(m.group("b"))
        if a < b <= a + 50:
            out.append((m.start(), m.end(), a, b))
    return out


def find_dates(low: str, start: int, end: int, folded: bool = False) -> list[tuple[int, int]]:
    """Spans of calendar dates (31/12/2025, ngày 15 tháng 8 năm 2024, tháng 9/2025)."""
    return [(m.start(), m.end()) for m in scan(_compiled(folded).dates, low, start, end)]


def parse_date(s: str, folded: bool = False) -> str | None:
    """An ISO date from '13/9/2021' or 'ngày 13 tháng 9 năm 2021', if it is a real calendar day."""
    m = _compiled(folded).full_date.search(s)
    if not m:
        return None
    try:
        return datetime.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
    except ValueError:
        return None  # 31/2, 29/2 of a common year: no calendar day
