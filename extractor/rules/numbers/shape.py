"""What stands around a number and settles what it is: its unit, counted noun or denominator after it, its
qualifier before it ('khoảng', 'không thấp hơn') and after it, and whether it is a quantity at all.

What is not a quantity, and why it is dropped here rather than in the target stage: a number that is part of a
name or code ("Điều 5", "quốc lộ 14", "lần thứ 2", "COVID-19", "công nghiệp 4.0"), a number inside a fixed
phrase ("tăng trưởng hai con số"), a date or a document number. The target stage never sees them, so no rule
there has to remember them. A number inside a technical specification ("tốc độ 10 Gb/s") is kept, with its
kind (`speed`), because only the sentence around it tells whether it is the aim.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractor.rules.lexicon import alternation, cue_forms
from extractor.rules.numbers.grammar import AFTER, Patterns
from extractor.rules.numbers.literals import is_year
from extractor.rules.numbers.quantity import Quantity
from extractor.rules.numbers.words import multiple_unit, role_words, year_forms

_ZERO_DECIMAL = regex.compile(r"\d{1,2}\.0")  # "4.0", "2.0": a version or an era, not a value

_CODE_AFTER = regex.compile(r"[/\-.]\d|/[\p{L}]|-\p{L}{1,8}/")


@lru_cache(maxsize=1)
def _noun_after() -> regex.Pattern[str]:
    """A lower-case word after a number that may be its counted noun: not a function word, a time word or
    another word that only goes on with the sentence (`noun_after_stops`, with and without marks)."""
    words = role_words("noun_after_stops")
    stops = alternation(cue_forms(words) | cue_forms(words, folded=True))
    return regex.compile(rf"\s+(?!(?:{stops})(?!\p{{L}}))\p{{Ll}}")


def finish(low: str, p: Patterns, s: int, e: int, a: float, b: float, sign: str | None, limit: int,
            is_range: bool, has_mult: bool, literal: str | None) -> Quantity | None:
    if s > 0 and low[s - 1] in "/:" and not sign:
        return None  # the tail of a date (12/2025), a document number or a ratio's denominator
    shape = _unit_after(low, p, e, limit, sign, has_mult)
    if shape is None:
        return None
    unit, kind, end, per = shape
    if kind == "time" or _is_name(low, p, s, e, limit, kind, literal):
        return None  # durations (30 ngày, 6 tháng) are no targets' values; nor are names and codes
    start, qual, word = qualifier(low, p, s, is_range)
    rank = None
    if word in p.rank_of:
        if kind == "bare":
            kind, rank = "rank", p.rank_of[word]  # "top 5", "đứng thứ 10": a rank, named by its word
        elif kind not in ("noun", "count"):
            start, qual = s, ("range" if is_range else "exact")  # folded "tổng thu 500 tỷ": "thu" is no "thứ"
    if unit is None and kind in ("bare", "noun") and p.multiple_before.search(low, max(0, start - 12), start):
        unit, kind, _ = p.unit_of[multiple_unit(p.folded)]  # "gấp 3": 3 lần
    annual = False
    pm = p.per.match(low, end, limit) if per is None and end < limit else None
    if pm:
        d = pm.group("d")
        n = pm.group("n") or pm.group("n2")
        if d in year_forms() and not n:
            annual = True
        else:
            per = (n + " " if n else "") + d
        end = pm.end()
    am = p.qual_after.match(low, end, limit) if end < limit and not is_range else None
    if am and not (kind == "rank" and qual == "max"):  # "thứ 20 trở lên": at most 20th, however it is said
        qual = p.qual_after_of.get(am.group(0).strip(), qual)
    if not sign and unit is None and is_year(a) and not is_range:
        return None  # a bare year
    return Quantity(start=start, num_start=s, num_end=e, end=end, low=a, high=b, qualifier=qual, unit=unit,
                    kind=kind, per=per, annual=annual, is_range=is_range, rank=rank)


def _unit_after(low: str, p: Patterns, e: int, limit: int, sign: str | None,
                has_mult: bool) -> tuple[str | None, str, int, str | None] | None:
    """(unit, kind, end, denominator) of the number that ends at e; None when what follows shows it is
    no quantity (a date, a document number, a code glued to letters)."""
    if sign:
        unit, kind, per = p.sign_of[sign]
        return unit, kind, e, per
    rest = low[e:min(limit, e + AFTER)]
    rate = p.rate_slash.match(rest)
    if rate:
        # "4/100.000 trẻ sinh ra còn sống": a ratio written with a slash and a round denominator.
        per = rate.group("n") + (" " + rate.group("d") if rate.group("d") else "")
        return "/" + per, "ratio", e + rate.end(), per
    if _CODE_AFTER.match(rest):
        return None  # a date 31/12/2025, a document number 295/QĐ-UBND, a code 1.2.3
    um = p.unit.match(rest)
    cm = p.count.match(rest)
    if cm and p.folded:
        ph = p.phrase_at.match(rest)
        cm = None if ph and ph.end() > cm.end() else cm
    if um and (not cm or um.end() >= cm.end()):
        surface = um.group(0).strip()
        unit, kind, per = p.unit_of.get(surface, (surface, "other", None))
        return unit, kind, e + um.end(), per
    if cm:
        return cm.group(0).strip(), "count", e + cm.end(), None
    if rest[:1].isalpha():
        return None  # glued to letters and no unit: 5G, 3D, 4K
    if has_mult:
        return "VND", "currency", e, None  # "35.000 tỷ vốn ngoại": Vietnamese amounts default to đồng
    # A counted noun the lexicon does not know ("20 ki-ốt"): the target stage finds its word.
    return None, ("noun" if _noun_after().match(rest) else "bare"), e, None


def _is_name(low: str, p: Patterns, s: int, e: int, limit: int, kind: str, literal: str | None) -> bool:
    """A number that is part of a name, a code, an ordinal or a fixed phrase, not a quantity: "hai con số",
    "phương châm 4 tại chỗ", "Điều 5", "quốc lộ 14", "lần thứ 2", "ISO 9001", "công nghiệp 4.0"."""
    if p.name_tail.match(low, e, min(limit, e + 24)):
        return True
    if kind not in ("bare", "noun"):
        return False  # "số 1.000 doanh nghiệp", "lớp 30 học viên": a unit makes it a value again
    if literal is not None and _ZERO_DECIMAL.fullmatch(literal):
        return True
    return bool(p.name_head.search(low, max(0, s - 24), s))


def qualifier(low: str, p: Patterns, s: int, is_range: bool) -> tuple[int, str, str | None]:
    """Where the value's words start, its qualifier ('khoảng 800' approx, 'không thấp hơn 5%' min) and the
    qualifier's word."""
    qual = "range" if is_range else "exact"
    before = low[max(0, s - 40):s]
    qm = p.qual_before.search(before)
    if not qm:
        return s, qual, None
    word = qm.group(0).strip()
    return s - len(before) + qm.start(), (qual if is_range else p.qual_of.get(word, "exact")), word
