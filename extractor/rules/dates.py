"""Deadlines, programme periods and dates, with their spans.

Why not dateparser or Duckling: dateparser fills a missing day and month with
today's date and reads "giai đoạn 2021 - 2025" as two dates; Duckling's
Vietnamese rules read that period as money and miss "quý III/2026". A policy
deadline is a year (or a quarter or day within one), so a handful of anchored,
linear patterns is both exact and fast.

The grammar is written here; its words come from `date_words` in data/lexicon.json, written once with
diacritics, and the patterns are compiled a second time from their folded forms, for text typed without them.
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.rules.lexicon import alternation, cue_forms, letters_and_spaces, lexicon, slot_alternations
from extractor.text.spans import overlaps, scan, scan_pieces

_Y = r"(?P<y>(?:19[5-9]\d|20\d\d|2100))(?!\d)"
_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Y2 = r"(?:19[5-9]\d|20\d\d)"


@lru_cache(maxsize=2)
def _words(folded: bool) -> dict[str, str]:
    """The grammar words (`date_words` of data/lexicon.json, and the multiple cue), each slot one group."""
    w = {k: f"(?:{v})" for k, v in slot_alternations("lexicon.json", "date_words", folded).items()}
    w["multiple"] = f"(?:{alternation(cue_forms(lexicon()['multiple_cues'], folded))})"
    w["q"] = rf"{w['quarter']} (?:i{{1,3}}|iv|[1-4])"  # "quý III", "quý 3"
    return w


def _deadline_sources(w: dict[str, str]) -> list[tuple[str, str]]:
    """Deadline phrases, most specific first: where two overlap, the one earlier in this list wins. Group y is
    the year (group b for a period). A "baseline" is a year a value is compared with ("tăng gấp 2 lần so với
    năm 2021", "so với 26,4% năm 2021", "gấp 3 lần năm 2024"): it is matched first so that its year is no
    deadline, and never reported."""
    year, ph, to = w["year"], w["period_heads"], w["toward"]
    return [
        ("baseline", rf"{w['compared_with']} (?:{w['baseline_refs']} )?(?:\d[\d.,]{{0,12}}\s*%?\s+)?"
                     rf"(?:(?:{w['year_edges']} )?{year} |{ph} )?(?:{_Y2}\s*(?:-|–|{w['baseline_to']})\s*)?{_Y}"),
        # "gấp 1,5 lần năm 2025", "gấp đôi năm 2020": a multiple of the year named after it.
        ("baseline", rf"{w['multiple']} (?:{w['multiple_qualifiers']} )?"
                     rf"(?:\d[\d.,]{{0,8}}\s*(?:{w['times']} )?|{w['multiple_counts']} |\p{{L}}{{1,5}} {w['times']} )"
                     rf"(?:{w['compared_with']} )?(?:{year} )?{_Y}"),
        ("vision", rf"{w['vision']} {to} (?:{year} )?{_Y}"),
        # "giai đoạn từ năm 2025 đến năm 2030", "từ 2026 đến 2030": the span, due by its last year.
        ("period", rf"(?:{ph}\s+)?(?:{w['since_lead']} )?{w['since']} (?:{year} )?(?P<a>{_Y2})\s*(?:-|–|{to})\s*"
                   rf"(?:{year} )?(?P<b>{_Y2})(?!\d)"),
        ("from", rf"(?:{w['since_lead']} )?{w['since']} (?:{w['after']} )?{year} {_Y}(?: {w['onward']})?"),
        # "đến hết năm 2027", "chậm nhất là vào năm 2028", "trước quý IV/2026", "đến giữa năm 2026".
        ("by", rf"{w['by_leads']}(?: {w['by_links']}){{0,2}}"
               rf" (?:{w['by_edges']} |{w['day']} \d{{1,2}}/\d{{1,2}}/|{w['day']} \d{{1,2}} {w['month']} \d{{1,2}} )?"
               rf"(?:{year} |{w['q']}/|{w['q']} {year} |"
               rf"{w['month']} \d{{1,2}}/|{w['month']} \d{{1,2}} {year} )?{_Y}"),
        ("by", rf"{w['by_short']} (?:{w['day']} )?\d{{1,2}}/\d{{1,2}}/{_Y}"),
        ("in", rf"{w['q']}(?:/| {year} ){_Y}"),
        ("in", rf"(?:{w['in_leads']} )?{year} {_Y}(?! ?[-–] ?(?:19|20)\d\d)"),
    ]


def _period_source(w: dict[str, str]) -> str:
    r"""'giai đoạn 2021 - 2025'. The optional lead word takes its own space: a leading optional "\s*" would
    rescan every run of white space."""
    return (
        rf"(?:{w['period_heads']}\s+)?(?:{w['since']} )?(?:{w['year']} )?"
        rf"(?P<a>(?:19[5-9]\d|20\d\d))\s*(?:-|–|{w['period_joins']})\s*(?P<b>(?:19[5-9]\d|20\d\d))(?!\d)"
    )


def _date_sources(w: dict[str, str]) -> tuple[list[str], str]:
    """Calendar dates (the alternatives of find_dates) and the one that parse_date reads day, month, year from."""
    day, month, year = w["day"], w["month"], w["year"]
    dates = [
        rf"(?:{day} )?\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*(?:19|20)\d\d",
        rf"{day} \d{{1,2}} {month} \d{{1,2}}\s+{year} (?:19|20)\d\d",
        rf"{day} \d{{1,2}}[-.]\d{{1,2}}[-.](?:19|20)\d\d",
        rf"{month} \d{{1,2}}\s*(?:/|{year})\s*(?:19|20)\d\d",
        r"(?:19|20)\d\d-\d\d-\d\d",
    ]
    full = (rf"(?:{day}\s+)?(?P<d>\d{{1,2}})\s*(?:/|-|\.|\s+{month}\s+)\s*(?P<m>\d{{1,2}})\s*"
            rf"(?:/|-|\.|\s+{year}\s+)\s*(?P<y>(?:19|20)\d\d)")
    return dates, full


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
    period_needle: regex.Pattern[str] | None  # what every period holds, if its words are letters and spaces


# A period holds letters (its words), digits, white space and dashes only (see _period_source).
_NOT_IN_PERIOD = regex.compile(r"[^\p{L}\p{M}\d\s\-–]")


@lru_cache(maxsize=2)
def _compiled(folded: bool) -> _Compiled:
    w = _words(folded)
    b = r"(?<![\p{L}\d])"
    dates, full = _date_sources(w)
    return _Compiled(
        deadlines=[(k, regex.compile(b + p)) for k, p in _deadline_sources(w)],
        period=regex.compile(b + _period_source(w)),
        dates=regex.compile(b + "(?:" + "|".join(dates) + r")(?!\d)"),
        full_date=regex.compile(full),
        period_needle=_period_needle(w),
    )


def _period_needle(w: dict[str, str]) -> regex.Pattern[str] | None:
    """The first year of a period and its joiner ("2021 -", "2026 đến"), which every period holds; None when
    a word of the period's slots holds another character than a letter or a space (then no piece scan)."""
    slots = lexicon()["date_words"]
    if not letters_and_spaces(x for k in ("period_heads", "since", "year", "period_joins") for x in slots[k]):
        return None
    return regex.compile(rf"(?:19[5-9]\d|20\d\d)\s*(?:-|–|{w['period_joins']})")


def period_matches(low: str, start: int, end: int, folded: bool = False) -> list[regex.Match[str]]:
    """Every match of the period pattern in low[start:end], plausible or not: what `find_periods` and
    `find_deadlines` both read, for a caller that wants the text scanned for them once.

    Only the pieces of text that hold a year and its joiner ("2021 -", "2026 đến") are scanned, between
    characters no period holds, while the words of the period's slots are letters and spaces
    (`spans.scan_pieces`); else the whole stretch."""
    c = _compiled(folded)
    if c.period_needle is None:
        return scan(c.period, low, start, end)
    return scan_pieces(c.period, low, c.period_needle, _NOT_IN_PERIOD, start, end)


def find_deadlines(low: str, start: int, end: int, folded: bool = False,
                   periods: list[regex.Match[str]] | None = None) -> list[Deadline]:
    """Deadline phrases in low[start:end], non-overlapping, left to right. `periods`: the period pattern's
    matches in that stretch (`period_matches`), if the caller has them."""
    c = _compiled(folded)
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []  # sorted and non-overlapping: an earlier, more specific pattern wins
    starts: list[int] = []
    for kind, pat in [*c.deadlines, ("period", c.period)]:  # the list's order is the precedence
        matches = periods if kind == "period" and periods is not None else scan(pat, low, start, end)
        for m in matches:
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


def find_periods(low: str, start: int, end: int, folded: bool = False,
                 periods: list[regex.Match[str]] | None = None) -> list[tuple[int, int, int, int]]:
    """(start, end, first year, last year) of every 'giai đoạn 2021 - 2025'-like span (`periods`: as in
    `find_deadlines`)."""
    out = []
    for m in period_matches(low, start, end, folded) if periods is None else periods:
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
