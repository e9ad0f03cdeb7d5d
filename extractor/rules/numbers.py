"""Quantities: numbers with Vietnamese separators, ranges, number words, multipliers,
qualifiers and units, each with its span.

Reads the lower-cased normalised text (or its folded form, for text written
without diacritics) and returns `Quantity` records; the words come from
`data/lexicon.json`. Every pattern is linear: alternations of literal words and
bounded digit runs, no nested quantifiers. What follows a number is read from a
bounded window (`_AFTER`), so a long sentence full of numbers stays linear too.

What is not a quantity, and why it is dropped here rather than in the target stage: a
number that is part of a name or code ("Điều 5", "quốc lộ 14", "lần thứ 2", "COVID-19",
"công nghiệp 4.0"), a number inside a fixed phrase ("tăng trưởng hai con số"), a date or a
document number. The target stage never sees them, so no rule there has to remember them.
A number inside a technical specification ("tốc độ 10 Gb/s") is kept, with its kind
(`speed`), because only the sentence around it tells whether it is the aim.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import regex

from extractor.rules.lexicon import alternation, cue_forms, lexicon
from extractor.text.normalize import fold
from extractor.text.spans import overlaps, scan

# A digit literal, most specific first: Vietnamese thousands (1.000, 12.345,6); then the English grouping of
# web texts, only where it has no Vietnamese reading (1,234.5: a comma group and a decimal point; 1,234,567:
# two comma groups); then plain digits with a Vietnamese decimal comma (1,5) or an English decimal point of
# one or two digits (1.5, 2.25; "1.500" is Vietnamese thousands). "1,234" alone stays Vietnamese (1.234).
_NUMLIT = (
    r"\d{1,3}(?:\.\d{3}){1,6}(?:,\d{1,6})?"
    r"|\d{1,3}(?:,\d{3}){1,6}\.\d{1,3}(?![\d.,]\d)"
    r"|\d{1,3}(?:,\d{3}){2,6}(?![\d.,]\d)"
    r"|\d{1,15}(?:,\d{1,6})?(?![.]\d{3}(?!\d))(?:\.\d{1,2}(?![\d.]))?"
)
_YEAR_MIN, _YEAR_MAX = 1945, 2100
_AFTER = 160  # how far after a number its unit, counted noun or denominator may reach

_VN_THOUSANDS = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EN_GROUPED = regex.compile(r"\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,}")
_VN_DECIMAL = regex.compile(r"\d+,\d+")
_EN_DECIMAL = regex.compile(r"\d+\.\d{1,2}")
_DIGITS = regex.compile(r"\d+")
_ZERO_DECIMAL = regex.compile(r"\d{1,2}\.0")  # "4.0", "2.0": a version or an era, not a value
_YEAR_LITERAL = regex.compile(r"\d{4}")
_CODE_AFTER = regex.compile(r"[/\-.]\d|/[\p{L}]|-\p{L}{1,8}/")
_SIGN_KINDS = ("percent", "permille")  # units written as a sign glued to the number (50%, 14‰)


@lru_cache(maxsize=1)
def _roles() -> dict[str, frozenset[str]]:
    """Each slot of `number_rule_words` (data/lexicon.json) as its folded forms, to compare with fold(word)."""
    return {k: frozenset(fold(w) for w in v) for k, v in lexicon()["number_rule_words"].items()}


def _role_words(slot: str) -> list[str]:
    """One slot of `number_rule_words`, as written."""
    return lexicon()["number_rule_words"][slot]


@lru_cache(maxsize=2)
def _multiple_unit(folded: bool) -> str:
    """The unit form of a multiple ('gấp 3' is 3 lần), as the unit table of that mode spells it."""
    (unit,) = cue_forms(_role_words("multiple_unit"), folded)
    return unit


@lru_cache(maxsize=1)
def _year_forms() -> frozenset[str]:
    """The year word with and without marks: a denominator 'năm' makes a rate annual."""
    year = lexicon()["date_words"]["year"]
    return frozenset(cue_forms(year) | cue_forms(year, folded=True))


def parse_number(s: str) -> float | None:
    """A digit literal read the Vietnamese way: '1.000' is 1000, '1,5' is 1.5, '12.345,6' is 12345.6;
    the unambiguous English forms of web texts as well: '1,234,567', '1,234.5', '2.5'."""
    s = s.strip()
    if not s or len(s) > 40:
        return None
    if _VN_THOUSANDS.fullmatch(s):
        s = s.replace(".", "").replace(",", ".")
    elif _EN_GROUPED.fullmatch(s):
        s = s.replace(",", "")  # English thousands: 1,000,000 or 1,234.5 (a lone 1,234 is Vietnamese 1.234)
    elif _VN_DECIMAL.fullmatch(s):
        s = s.replace(",", ".")
    elif not (_EN_DECIMAL.fullmatch(s) or _DIGITS.fullmatch(s)):
        return None
    try:
        v = float(s)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


@lru_cache(maxsize=1)
def _number_words() -> tuple[dict[str, float], dict[str, float]]:
    nw = {k: float(v) for k, v in lexicon()["number_words"].items()}
    return nw, {fold(k): v for k, v in nw.items()}


def words_to_number(words: list[str]) -> float | None:
    """'hai trăm năm mươi' → 250, 'một nghìn năm trăm' → 1500, 'mười lăm' → 15, 'ba mươi nghìn tỷ' → 3·10¹³."""
    nw, folded = _number_words()
    r, tens = _roles(), _role_words("tens")
    result = hundreds = cur = 0.0
    top = 0.0  # the largest scale word read so far
    seen = zero = False
    for raw in words:
        val = nw.get(raw, folded.get(raw))
        if val is None:
            return None
        key = fold(raw)
        if key in r["tens"] and (raw in tens or (raw == key and 0 < cur < 10)):
            cur = (cur or 1) * 10  # mươi: tens of the digit just read (folded "muoi" after a digit too)
        elif key in r["tens"]:
            cur += 10  # mười
        elif key in r["tens_of"]:
            cur = (cur or 1) * 10  # "hai chục" is twenty
        elif key in r["hundred"]:
            hundreds = 0 if zero and not cur else (cur or 1) * 100  # "không trăm" is no hundreds
            cur = 0
            zero = False
        elif key in r["links"]:
            continue
        elif val >= 1000:
            group = hundreds + cur
            # A scale larger than every one before multiplies all that was read: "ba mươi nghìn tỷ" is 30·10³·10⁹;
            # a smaller one adds its group: "hai tỷ ba trăm triệu" is 2·10⁹ + 300·10⁶.
            result = (result + group) * val if result and val > top else result + (group or 1) * val
            top = max(top, val)
            hundreds = cur = 0
        elif val == 0:
            zero = True
        else:
            cur += val
        seen = True
    return float(result + hundreds + cur) if seen else None


@dataclass(frozen=True)
class Quantity:
    """A number as the text states it, with the spans the target stage needs."""

    start: int  # qualifier words included
    num_start: int
    num_end: int  # after the number, multiplier and percent sign
    end: int  # after the unit and any "/denominator"
    low: float
    high: float
    qualifier: str
    unit: str | None
    # percent, permille, currency, area, length, power, energy, mass, volume, speed, score, ratio (a rate
    # with a slash or a multiple in "lần"), age, count (a known counted noun), noun (an unknown word after
    # the number), rank (a bare number after a rank word), bare (nothing after it). "speed" is also the
    # kind of a number inside a technical specification ("tốc độ 10 Gb/s"): the target stage decides
    # whether the sentence aims at it.
    kind: str
    per: str | None  # denominator of a rate ("10.000 dân", "người"; "1.000" for ‰)
    annual: bool  # "/năm"
    from_words: bool = False
    is_range: bool = False
    # For kind "rank" ("top 5", "đứng thứ 20 trở lên": at most N), the word the rank is counted in ("top",
    # "hạng"); the unit stays None, the target stage decides whether to name it.
    rank: str | None = None


def _alt(words: list[str], folded: bool) -> str:
    """The lower-cased (and, for folded text, folded) forms of the words as one alternation."""
    return alternation(cue_forms(words, folded))


@dataclass(frozen=True)
class _Patterns:
    folded: bool
    qty: regex.Pattern[str]
    compound: regex.Pattern[str]
    qual_before: regex.Pattern[str]
    qual_after: regex.Pattern[str]
    sign: regex.Pattern[str]
    unit: regex.Pattern[str]
    count: regex.Pattern[str]
    per: regex.Pattern[str]
    rate_slash: regex.Pattern[str]
    name_head: regex.Pattern[str]
    name_tail: regex.Pattern[str]
    multiple_before: regex.Pattern[str]
    multiple_words: regex.Pattern[str]
    phrase_at: regex.Pattern[str]
    word_cue: regex.Pattern[str]
    word_nums: regex.Pattern[str]
    qual_of: dict[str, str]
    qual_after_of: dict[str, str]
    unit_of: dict[str, tuple[str, str, str | None]]
    sign_of: dict[str, tuple[str, str, str | None]]
    mult_of: dict[str, float]
    multiple_of: dict[str, float]
    multiple_firsts: tuple[str, ...]
    rank_of: dict[str, str]
    range_words: frozenset[str]


def _mult_pattern(lx: dict[str, Any], folded: bool) -> str:
    # "2025 tỷ lệ …": tỷ before lệ/trọng/suất/số/giá is a word of its own, not a multiplier.
    return (
        rf"(?:{_alt(list(lx['multipliers']), folded)})"
        rf"(?!\s+(?:{_alt(_role_words('multiplier_word_tails'), folded)})(?!\p{{L}}))"
    )


def _qty_pattern(lx: dict[str, Any], folded: bool) -> tuple[regex.Pattern[str], regex.Pattern[str], frozenset[str]]:
    """The number itself: a literal, its multiplier, its sign (% ‰) and the second end of a range."""
    mult = _mult_pattern(lx, folded)
    signs = _alt([w for u in lx["units"] if u["kind"] in _SIGN_KINDS for w in u["forms"]], folded)
    range_words = frozenset(cue_forms(_role_words("range_words"), folded))
    seps = "|".join(["-", "–", "~", *sorted(range_words)])
    qty = regex.compile(
        # Not after a letter, a digit or a separator, nor after a hyphen glued to a name ("COVID-19").
        rf"(?<![\p{{L}}\d.,/])(?<!\p{{L}}-)(?P<a>{_NUMLIT})(?!\d)"
        rf"(?:\s*(?P<am>{mult})(?!\p{{L}}))?"
        rf"(?:\s*(?P<ap>{signs}))?"
        rf"(?:\s*(?P<sep>{seps})\s*(?P<b>{_NUMLIT})(?!\d)"
        rf"(?:\s*(?P<bm>{mult})(?!\p{{L}}))?(?:\s*(?P<bp>{signs}))?)?"
    )
    # "2 tỷ 500 triệu": a second, smaller multiplier group adds to the first.
    compound = regex.compile(rf"\s+(?P<n>\d{{1,3}})\s*(?P<m>{mult})(?!\p{{L}})")
    return qty, compound, range_words


def _unit_tables(lx: dict[str, Any], folded: bool) -> tuple[dict[str, tuple[str, str, str | None]], ...]:
    f = (lambda w: fold(w).lower()) if folded else (lambda w: w.lower())
    unit_of: dict[str, tuple[str, str, str | None]] = {}
    sign_of: dict[str, tuple[str, str, str | None]] = {}
    for u in lx["units"]:
        for form in u["forms"]:
            entry = (u["unit"], u["kind"], u.get("per"))
            (sign_of if u["kind"] in _SIGN_KINDS else unit_of)[f(form)] = entry
    return unit_of, sign_of


def _context_patterns(lx: dict[str, Any], folded: bool, quals: dict[str, str]) -> dict[str, regex.Pattern[str]]:
    """What stands around a number and changes what it is: a name before it, a fixed phrase after it, a
    multiple ("gấp"), a denominator after a slash, and the cues that let a number word count in folded text."""
    count_nouns = [w for w in lx["count_nouns"] if not (folded and w in lx["count_nouns_diacritic_only"])]
    denominators = _alt([*lx["rate_denominators"], *count_nouns], folded)
    cues = [*quals, *(fold(w).lower() if folded else w for w in
                      [*lx["value_verbs"], *lx["clause_verbs"], *lx["multiple_cues"]])]
    phrases = [w for w in [*lx["value_verbs"], *lx["clause_verbs"], *lx["national_cues"], *lx["lead_ins"]]
               if " " in w.strip()]
    return {
        "count": regex.compile(rf"\s*(?:{_alt(count_nouns, folded)})(?!\p{{L}})"),
        # "4/100.000 trẻ sinh ra còn sống", "7/100.000 vào năm 2029" (no noun: the unit is "/100.000").
        "rate_slash": regex.compile(
            r"\s*/\s*(?P<n>100\.000|10\.000|1\.000|100000|10000|1000|100)(?![.,]?\d)"
            rf"(?:\s+(?P<d>{denominators})(?!\p{{L}}))?"
        ),
        "name_head": regex.compile(rf"(?<!\p{{L}})(?:{_alt(lx['name_number_heads'], folded)})\s*$"),
        "name_tail": regex.compile(rf"\s*(?:{_alt(lx['name_number_tails'], folded)})(?!\p{{L}})"),
        "multiple_before": regex.compile(rf"(?<!\p{{L}})(?:{_alt(lx['multiple_cues'], folded)})\s*$"),
        "multiple_words": regex.compile(rf"(?<!\p{{L}})(?:{_alt(list(lx['multiple_words']), folded)})(?!\p{{L}})"),
        # Without marks "ho tro", "ca nuoc" start like the counted nouns "ho" (hộ) and "ca" (ca): a known phrase
        # that runs on past the noun is that phrase ("Chương trình 135 hỗ trợ", "đứng thứ 10 cả nước").
        "phrase_at": regex.compile(rf"\s*(?:{_alt(phrases, folded)})(?!\p{{L}})"),
        "word_cue": regex.compile(rf"(?:^|[,;:(+\-]|(?<!\p{{L}})(?:{_alt(cues, False)}))\s*$"),
    }


@lru_cache(maxsize=2)
def patterns(folded: bool) -> _Patterns:
    """Compiled once per mode: with diacritics, or folded for text written without them."""
    lx = lexicon()
    f = (lambda w: fold(w).lower()) if folded else (lambda w: w.lower())
    qty, compound, range_words = _qty_pattern(lx, folded)
    quals = {f(w): q for q, words in lx["qualifiers_before"].items() for w in words}
    quals_after = {f(w): q for q, words in lx["qualifiers_after"].items() for w in words}
    unit_of, sign_of = _unit_tables(lx, folded)
    units_alt = _alt([w for u in lx["units"] if u["kind"] not in _SIGN_KINDS for w in u["forms"]], folded)
    signs_alt = _alt([w for u in lx["units"] if u["kind"] in _SIGN_KINDS for w in u["forms"]], folded)
    num_words = _alt(list(lx["number_words"]), folded)
    ctx = _context_patterns(lx, folded, quals)
    per_words, myriad = _alt(_role_words("per_words"), folded), _alt(_role_words("ten_thousand"), folded)
    return _Patterns(
        folded=folded,
        qty=qty,
        compound=compound,
        qual_before=regex.compile(rf"(?:^|(?<=[\s(,:;]))(?:{_alt(list(quals), False)})\s*$"),
        qual_after=regex.compile(rf"\s*(?:{_alt(list(quals_after), False)})(?!\p{{L}})"),
        sign=regex.compile(rf"\s*(?P<s>{signs_alt})"),
        unit=regex.compile(rf"\s*(?:{units_alt})(?![\p{{L}}\d])"),
        count=ctx["count"],
        per=regex.compile(
            # "/người", "trên 10.000 dân", and a few words of the counted noun before it:
            # "0,7 doanh nghiệp công nghệ số trên 1.000 dân".
            rf"(?:\s*(?:/|(?:{per_words})\s+)(?:(?P<n>{_NUMLIT})\s*)?"
            rf"|(?:\s+\p{{L}}+){{1,6}}?\s+(?:/|{per_words})\s*(?=(?:1|10|100)\.000\b|{myriad})(?P<n2>{_NUMLIT})?\s*)"
            rf"(?P<d>{_alt(lx['rate_denominators'], folded)})(?!\p{{L}})"
        ),
        rate_slash=ctx["rate_slash"],
        name_head=ctx["name_head"],
        name_tail=ctx["name_tail"],
        multiple_before=ctx["multiple_before"],
        multiple_words=ctx["multiple_words"],
        phrase_at=ctx["phrase_at"],
        word_cue=ctx["word_cue"],
        word_nums=regex.compile(rf"(?<!\p{{L}})(?:(?:{num_words})(?:\s+(?:{num_words})){{0,7}})(?!\p{{L}})"),
        qual_of=quals,
        qual_after_of=quals_after,
        unit_of=unit_of,
        sign_of=sign_of,
        mult_of={f(k): float(v) for k, v in lx["multipliers"].items()},
        multiple_of={f(k): float(v) for k, v in lx["multiple_words"].items()},
        multiple_firsts=tuple(sorted({f(k).split()[0] for k in lx["multiple_words"]})),
        rank_of={f(k): v for k, v in lx["rank_units"].items()},
        range_words=range_words,
    )


def _value(lit: str, mult: str | None, p: _Patterns) -> float | None:
    v = parse_number(lit)
    if v is None:
        return None
    if mult:
        v *= p.mult_of.get(mult.strip(), 1.0)
    return v if math.isfinite(v) else None


def is_year(v: float) -> bool:
    return v.is_integer() and _YEAR_MIN <= v <= _YEAR_MAX


def find_quantities(low: str, start: int, end: int, folded: bool = False) -> list[Quantity]:
    """Quantities in low[start:end] (lower-cased normalised text), left to right."""
    p = patterns(folded)
    out: list[Quantity] = []
    for m in scan(p.qty, low, start, end):
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
            q_start, qual, _ = _qualifier(low, p, m.start(), False)
            unit, kind, _ = p.unit_of[_multiple_unit(folded)]
            out.append(Quantity(start=q_start, num_start=m.start(), num_end=m.end(), end=m.end(), low=v, high=v,
                                qualifier=qual, unit=unit, kind=kind, per=None, annual=False, from_words=True))
    return sorted(out, key=lambda q: q.num_start)


def _from_match(low: str, m: regex.Match[str], p: _Patterns, limit: int) -> Quantity | None:
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
        return _finish(low, p, m.start(), m.end(), a, b, sign, limit, is_range=True, has_mult=bool(am or bm),
                       literal=m.group("a"))
    e = m.end()
    if am and e == m.end("am"):
        cm = p.compound.match(low, e, min(limit, e + 24))
        if cm and p.mult_of.get(cm.group("m"), math.inf) < p.mult_of.get(am.strip(), 0.0):
            a += float(cm.group("n")) * p.mult_of[cm.group("m")]  # "2 tỷ 500 triệu đồng" is 2,5 tỷ
            e = cm.end()
    return _finish(low, p, m.start(), e, a, a, sign, limit, is_range=False, has_mult=bool(am),
                   literal=m.group("a"))


def _not_a_range(m: regex.Match[str], a: float, b: float, sign: str | None, p: _Patterns) -> bool:
    """'2021 - 2025' is a period, '10 - 5' no range, and in 'đạt 50% đến 2030' the year after a value that
    states its own unit is the value's deadline."""
    if (is_year(a) and is_year(b) and not sign) or b < a:
        return True
    return (m.group("sep") in p.range_words and is_year(b) and bool(_YEAR_LITERAL.fullmatch(m.group("b")))
            and not (m.group("bp") or m.group("bm")) and bool(m.group("ap") or m.group("am")))


def _from_match_single(low: str, m: regex.Match[str], p: _Patterns, limit: int) -> Quantity | None:
    a = _value(m.group("a"), m.group("am"), p)
    if a is None:
        return None
    e = max(m.end("a"), m.end("am"), m.end("ap"))
    return _finish(low, p, m.start(), e, a, a, m.group("ap"), limit, is_range=False,
                   has_mult=bool(m.group("am")), literal=m.group("a"))


# Leading words that belong to the text before: "đầu tư hai dự án", "mỗi năm hai trăm …", "trung tâm".
_DIGIT_AFTER = regex.compile(r"\s*\d")


@lru_cache(maxsize=1)
def _year_context() -> regex.Pattern[str]:
    """Words before 'năm' that make it the year ('mỗi năm hai trăm …'), with and without marks."""
    words = _role_words("year_context")
    return regex.compile(rf"(?:{alternation(cue_forms(words) | cue_forms(words, folded=True))})\s*$")


def _leading_words_dropped(low: str, words: list[str], start: int) -> tuple[list[str], int]:
    """The number words less those that belong to the text before ("đầu tư hai", "mỗi năm hai trăm")."""
    r = _roles()
    while words and (
        fold(words[0]) in r["not_first"]
        or words[0] in _role_words("tens")
        or (fold(words[0]) in r["five_or_year"] and len(words) > 1 and fold(words[1]) not in r["five_before"])
        or (fold(words[0]) in r["five_or_year"] and _year_context().search(low[max(0, start - 8):start]))
    ):
        start = low.index(words[0], start) + len(words[0])
        start += len(low[start:start + 16]) - len(low[start:start + 16].lstrip())
        words = words[1:]
    return words, start


def _from_words(low: str, m: regex.Match[str], p: _Patterns, lo: int, limit: int) -> Quantity | None:
    words, start = _leading_words_dropped(low, m.group(0).split(), m.start())
    if not words:
        return None
    r = _roles()
    if len(words) == 1 and fold(words[0]) not in r["safe_single"]:
        return None  # "năm" (year), "tư" (đầu tư), "lăm" alone are no numbers
    v = words_to_number(words)
    if v is None:
        return None
    rest = low[m.end():min(limit, m.end() + _AFTER)]
    multiple = bool(p.multiple_before.search(low, max(lo, start - 12), start))
    sm = p.sign.match(rest)
    # Number words count only before a sign, a unit or a counted noun ("hai trăm doanh nghiệp"), or after
    # "gấp", never alone: "năm" is also "year", "một số" is "some".
    if not (sm or p.unit.match(rest) or p.count.match(rest) or multiple):
        return None
    if words[-1] in _year_forms() and _DIGIT_AFTER.match(rest):  # "năm 2025": the year, not five
        return None
    if len(words) == 1 and fold(words[0]) in r["one"] and not p.qual_before.search(low[max(0, start - 40):start]):
        return None  # "một" alone is mostly an article ("mỗi người dân có một hồ sơ"); "ít nhất một …" counts
    if p.folded and len(words) == 1 and not sm and not _word_number_cued(low, p, lo, start):
        return None
    end = m.end() + sm.end() if sm else m.end()
    sign = sm.group("s") if sm else None
    q = _finish(low, p, start, end, v, v, sign, limit, is_range=False, has_mult=False, literal=None)
    return None if q is None else replace(q, from_words=True)


def _word_number_cued(low: str, p: _Patterns, lo: int, start: int) -> bool:
    """Without marks a lone number word is spelt like other words ("chuyên sâu xã hội học", "gây hại người
    dân", "quan tâm đô thị hóa" read "sáu xã", "hai người", "tám đô thị"): it counts only after a value cue or
    at a clause's start. Two number words together ("ba tỉ", "mười lăm") or one before a sign ("hai phần
    trăm") are clear."""
    if p.word_cue.search(low, max(lo, start - 30), start):
        return True
    return start - lo <= 30 and not low[lo:start].strip()


@lru_cache(maxsize=1)
def _noun_after() -> regex.Pattern[str]:
    """A lower-case word after a number that may be its counted noun: not a function word, a time word or
    another word that only goes on with the sentence (`noun_after_stops`, with and without marks)."""
    words = _role_words("noun_after_stops")
    stops = alternation(cue_forms(words) | cue_forms(words, folded=True))
    return regex.compile(rf"\s+(?!(?:{stops})(?!\p{{L}}))\p{{Ll}}")


def _finish(low: str, p: _Patterns, s: int, e: int, a: float, b: float, sign: str | None, limit: int,
            is_range: bool, has_mult: bool, literal: str | None) -> Quantity | None:
    if s > 0 and low[s - 1] in "/:" and not sign:
        return None  # the tail of a date (12/2025), a document number or a ratio's denominator
    shape = _unit_after(low, p, e, limit, sign, has_mult)
    if shape is None:
        return None
    unit, kind, end, per = shape
    if kind == "time" or _is_name(low, p, s, e, limit, kind, literal):
        return None  # durations (30 ngày, 6 tháng) are no targets' values; nor are names and codes
    start, qual, word = _qualifier(low, p, s, is_range)
    rank = None
    if word in p.rank_of:
        if kind == "bare":
            kind, rank = "rank", p.rank_of[word]  # "top 5", "đứng thứ 10": a rank, named by its word
        elif kind not in ("noun", "count"):
            start, qual = s, ("range" if is_range else "exact")  # folded "tổng thu 500 tỷ": "thu" is no "thứ"
    if unit is None and kind in ("bare", "noun") and p.multiple_before.search(low, max(0, start - 12), start):
        unit, kind, _ = p.unit_of[_multiple_unit(p.folded)]  # "gấp 3": 3 lần
    annual = False
    pm = p.per.match(low, end, limit) if per is None and end < limit else None
    if pm:
        d = pm.group("d")
        n = pm.group("n") or pm.group("n2")
        if d in _year_forms() and not n:
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


def _unit_after(low: str, p: _Patterns, e: int, limit: int, sign: str | None,
                has_mult: bool) -> tuple[str | None, str, int, str | None] | None:
    """(unit, kind, end, denominator) of the number that ends at e; None when what follows shows it is
    no quantity (a date, a document number, a code glued to letters)."""
    if sign:
        unit, kind, per = p.sign_of[sign]
        return unit, kind, e, per
    rest = low[e:min(limit, e + _AFTER)]
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


def _is_name(low: str, p: _Patterns, s: int, e: int, limit: int, kind: str, literal: str | None) -> bool:
    """A number that is part of a name, a code, an ordinal or a fixed phrase, not a quantity: "hai con số",
    "phương châm 4 tại chỗ", "Điều 5", "quốc lộ 14", "lần thứ 2", "ISO 9001", "công nghiệp 4.0"."""
    if p.name_tail.match(low, e, min(limit, e + 24)):
        return True
    if kind not in ("bare", "noun"):
        return False  # "số 1.000 doanh nghiệp", "lớp 30 học viên": a unit makes it a value again
    if literal is not None and _ZERO_DECIMAL.fullmatch(literal):
        return True
    return bool(p.name_head.search(low, max(0, s - 24), s))


def _qualifier(low: str, p: _Patterns, s: int, is_range: bool) -> tuple[int, str, str | None]:
    """Where the value's words start, its qualifier ('khoảng 800' approx, 'không thấp hơn 5%' min) and the
    qualifier's word."""
    qual = "range" if is_range else "exact"
    before = low[max(0, s - 40):s]
    qm = p.qual_before.search(before)
    if not qm:
        return s, qual, None
    word = qm.group(0).strip()
    return s - len(before) + qm.start(), (qual if is_range else p.qual_of.get(word, "exact")), word
