"""`find_quantities`: every quantity of a stretch of lower-cased normalised text, left to right - digit
literals with their multipliers, signs and ranges, numbers said in words, and multiples without a digit
("gấp đôi"). Each match is read into a `Quantity` by `shape.finish`, which this module looks up here
(`quantities.finish`).
"""

from __future__ import annotations

import math
from dataclasses import replace

import regex

from extractor.rules.numbers.grammar import AFTER, Patterns, patterns
from extractor.rules.numbers.literals import is_year, parse_number
from extractor.rules.numbers.quantity import Quantity
from extractor.rules.numbers.shape import finish, qualifier
from extractor.rules.numbers.words import leading_words_dropped, multiple_unit, role_forms, words_to_number, year_forms
from extractor.text.normalize import fold
from extractor.text.spans import overlaps, scan

_YEAR_LITERAL = regex.compile(r"\d{4}")
_DIGIT_AFTER = regex.compile(r"\s*\d")
_DIGIT = regex.compile(r"\d")


def _value(lit: str, mult: str | None, p: Patterns) -> float | None:
    v = parse_number(lit)
    if v is None:
        return None
    if mult:
        v *= p.mult_of.get(mult.strip(), 1.0)
    return v if math.isfinite(v) else None


def find_quantities(low: str, start: int, end: int, folded: bool = False) -> list[Quantity]:
    """Quantities in low[start:end] (lower-cased normalised text), left to right."""
    p = patterns(folded)
    out: list[Quantity] = []
    # Every literal starts with a digit (NUMLIT): a stretch without one is not scanned for them.
    for m in scan(p.qty, low, start, end) if _DIGIT.search(low, start, end) else []:
        q = _from_match(low, m, p, end)
        if q is not None and not (out and q.num_start < out[-1].end):
            out.append(q)  # a number inside the previous one's unit ("trên 10.000 dân") is not its own
    taken = [(q.num_start, q.num_end) for q in out]
    taken_starts = [s for s, _ in taken]
    for m in scan(p.word_nums, low, start, end):
        if overlaps(taken, taken_starts, m.start(), m.end()):
            continue
        q = _from_words(low, m, p, start, end)
        if q is not None:
            out.append(q)
    has_multiple = any(low.find(w, start, end) >= 0 for w in p.multiple_firsts)  # a cheap test before a scan
    for m in scan(p.multiple_words, low, start, end) if has_multiple else []:
        v = p.multiple_of.get(m.group(0))
        if v is not None:  # "gấp đôi": a multiple without a digit
            q_start, qual, _ = qualifier(low, p, m.start(), False)
            unit, kind, _ = p.unit_of[multiple_unit(folded)]
            out.append(Quantity(start=q_start, num_start=m.start(), num_end=m.end(), end=m.end(), low=v, high=v,
                                qualifier=qual, unit=unit, kind=kind, per=None, annual=False, from_words=True))
    return sorted(out, key=lambda q: q.num_start)


def _from_match(low: str, m: regex.Match[str], p: Patterns, limit: int) -> Quantity | None:
    am, bm = m.group("am"), m.group("bm")
    a = _value(m.group("a"), am or bm, p)
    if a is None:
        return None
    sign = m.group("ap") or m.group("bp")
    if m.group("b"):
        b = _value(m.group("b"), bm or am, p)
        if b is None:
            return None
        if _not_a_range(m, a, b, sign, p):
            return _from_match_single(low, m, p, limit)
        return finish(low, p, m.start(), m.end(), a, b, sign, limit, is_range=True, has_mult=bool(am or bm),
                       literal=m.group("a"))
    e = m.end()
    if am and e == m.end("am"):
        cm = p.compound.match(low, e, min(limit, e + 24))
        if cm and p.mult_of.get(cm.group("m"), math.inf) < p.mult_of.get(am.strip(), 0.0):
            a += float(cm.group("n")) * p.mult_of[cm.group("m")]  # "2 tỷ 500 triệu đồng" is 2,5 tỷ
            e = cm.end()
    return finish(low, p, m.start(), e, a, a, sign, limit, is_range=False, has_mult=bool(am),
                   literal=m.group("a"))


def _not_a_range(m: regex.Match[str], a: float, b: float, sign: str | None, p: Patterns) -> bool:
    """'2021 - 2025' is a period, '10 - 5' no range, and in 'đạt 50% đến 2030' the year after a value that
    states its own unit is the value's deadline."""
    if (is_year(a) and is_year(b) and not sign) or b < a:
        return True
    return (m.group("sep") in p.range_words and is_year(b) and bool(_YEAR_LITERAL.fullmatch(m.group("b")))
            and not (m.group("bp") or m.group("bm")) and bool(m.group("ap") or m.group("am")))


def _from_match_single(low: str, m: regex.Match[str], p: Patterns, limit: int) -> Quantity | None:
    a = _value(m.group("a"), m.group("am"), p)
    if a is None:
        return None
    e = max(m.end("a"), m.end("am"), m.end("ap"))
    return finish(low, p, m.start(), e, a, a, m.group("ap"), limit, is_range=False,
                   has_mult=bool(m.group("am")), literal=m.group("a"))


def _from_words(low: str, m: regex.Match[str], p: Patterns, lo: int, limit: int) -> Quantity | None:
    words, start = leading_words_dropped(low, m.group(0).split(), m.start())
    if not words:
        return None
    r = role_forms()
    if len(words) == 1 and fold(words[0]) not in r["safe_single"]:
        return None  # "năm" (year), "tư" (đầu tư), "lăm" alone are no numbers
    v = words_to_number(words)
    if v is None:
        return None
    rest = low[m.end():min(limit, m.end() + AFTER)]
    multiple = bool(p.multiple_before.search(low, max(lo, start - 12), start))
    sm = p.sign.match(rest)
    # Number words count only before a sign, a unit or a counted noun ("hai trăm doanh nghiệp"), or after
    # "gấp", never alone: "năm" is also "year", "một số" is "some".
    if not (sm or p.unit.match(rest) or p.count.match(rest) or multiple):
        return None
    if words[-1] in year_forms() and _DIGIT_AFTER.match(rest):  # "năm 2025": the year, not five
        return None
    if len(words) == 1 and fold(words[0]) in r["one"] and not p.qual_before.search(low[max(0, start - 40):start]):
        return None  # "một" alone is mostly an article ("mỗi người dân có một hồ sơ"); "ít nhất một …" counts
    if p.folded and len(words) == 1 and not sm and not _word_number_cued(low, p, lo, start):
        return None
    end = m.end() + sm.end() if sm else m.end()
    sign = sm.group("s") if sm else None
    q = finish(low, p, start, end, v, v, sign, limit, is_range=False, has_mult=False, literal=None)
    return None if q is None else replace(q, from_words=True)


def _word_number_cued(low: str, p: Patterns, lo: int, start: int) -> bool:
    """Without marks a lone number word is spelt like other words ("chuyên sâu xã hội học", "gây hại người
    dân", "quan tâm đô thị hóa" read "sáu xã", "hai người", "tám đô thị"): it counts only after a value cue or
    at a clause's start. Two number words together ("ba tỉ", "mười lăm") or one before a sign ("hai phần
    trăm") are clear."""
    if p.word_cue.search(low, max(lo, start - 30), start):
        return True
    return start - lo <= 30 and not low[lo:start].strip()
