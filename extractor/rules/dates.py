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

_Y2 = r"(?:19[5-9]\d|20\d\d)"
_QUARTER = r"quý (?:i{1,3}|iv|[1-4])"
_PERIOD_WORDS = r"(?:giai đoạn|thời kỳ|nhiệm kỳ|kế hoạch|chương trình|đề án|chiến lược)"

# Deadline phrases, most specific first: where two overlap, the one earlier in this list wins. Group y is the
# year (group b for a period). A "baseline" is a year a value is compared with ("tăng gấp 2 lần so với năm 2021",
# "so với 26,4% năm 2021", "gấp 3 lần năm 2024"): it is matched first so that its year is no deadline, and never
# reported.
_DEADLINES: list[tuple[str, str]] = [
    ("baseline", rf"so với (?:cùng kỳ |mức |mức của |năm gốc )?(?:\d[\d.,]{{0,12}}\s*%?\s+)?"
                 rf"(?:(?:cuối |đầu )?năm |{_PERIOD_WORDS} )?(?:{_Y2}\s*(?:-|–|đến)\s*)?{_Y}"),
    # "gấp 1,5 lần năm 2025", "gấp đôi năm 2020": a multiple of the year named after it.
    ("baseline", rf"gấp (?:(?:hơn|khoảng|gần|trên|ít nhất) )?"
                 rf"(?:\d[\d.,]{{0,8}}\s*(?:lần )?|đôi |rưỡi |\p{{L}}{{1,5}} lần )(?:so với )?(?:năm )?{_Y}"),
    ("vision", rf"tầm nhìn (?:đến|tới) (?:năm )?{_Y}"),
    # "giai đoạn từ năm 2025 đến năm 2030", "từ 2026 đến 2030": the span, due by its last year (not "from 2025").
    ("period", rf"(?:{_PERIOD_WORDS}\s+)?(?:kể )?từ (?:năm )?(?P<a>{_Y2})\s*(?:-|–|đến|tới)\s*(?:năm )?"
               rf"(?P<b>{_Y2})(?!\d)"),
    ("from", rf"(?:kể )?từ (?:sau )?năm {_Y}(?: trở đi| trở về sau)?"),
    # "đến hết năm 2027", "chậm nhất là vào năm 2028", "trước quý IV/2026", "đến giữa năm 2026".
    ("by", rf"(?:đến|tới|trước|hết|cuối|chậm nhất|muộn nhất|trong)(?: (?:là|vào|đến|tới|trong)){{0,2}}"
           rf" (?:hết |cuối |trước |giữa |ngày \d{{1,2}}/\d{{1,2}}/|ngày \d{{1,2}} tháng \d{{1,2}} )?"
           rf"(?:năm |{_QUARTER}/|{_QUARTER} năm |"
           rf"tháng \d{{1,2}}/|tháng \d{{1,2}} năm )?{_Y}"),
    ("by", rf"(?:đến|tới|trước|hết) (?:ngày )?\d{{1,2}}/\d{{1,2}}/{_Y}"),
    ("in", rf"{_QUARTER}(?:/| năm ){_Y}"),
    ("in", rf"(?:vào |trong |ngay trong |cuối |đầu )?năm {_Y}(?! ?[-–] ?(?:19|20)\d\d)"),
]
# The optional lead word takes its own space: a leading optional "\s*" would rescan every run of white space.
_PERIOD = (
    rf"(?:{_PERIOD_WORDS}\s+)?(?:từ )?(?:năm )?"
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
    kind: str  # by, in, from, vision, period (a baseline is never reported)


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
    for kind, pat in [*c.deadlines, ("period", c.period)]:  # the list's order is the precedence
        for m in scan(pat, low, start, end):
            if overlaps(taken, starts, m.start(), m.end()) or (kind == "period" and not _plausible_period(m)):
                continue
            i = bisect.bisect_left(starts, m.start())
            taken.insert(i, (m.start(), m.end()))
            starts.insert(i, m.start())
            if kind != "baseline":
                found.append(Deadline(m.start(), m.end(), int(m.group("b" if kind == "period" else "y")), kind))
    return sorted(found, key=lambda d: d.start)


def _plausible_period(m: regex.Match[str]) -> bool:
    """'2021 - 2025' is a period; '2025 - 2021' or a span of a century is not."""
    a, b = int(m.group("a")), int(m.group("b"))
    return a < b <= a + 50


def find_periods(low: str, start: int, end: int, folded: bool = False) -> list[tuple[int, int, int, int]]:
    """(start, end, first year, last year) of every 'giai đoạn 2021 - 2025'-like span."""
    c = _compiled(folded)
    out = []
    for m in scan(c.period, low, start, end):
        if _plausible_period(m):
            out.append((m.start(), m.end(), int(m.group("a")), int(m.group("b"))))
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
