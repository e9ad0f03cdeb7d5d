"""Quantities: numbers with Vietnamese separators, ranges, number words, multipliers,
qualifiers and units, each with its span.

Reads the lower-cased normalised text (or its folded form, for text written
without diacritics) and returns `Quantity` records; the words come from
`data/lexicon.json`. Every pattern is linear: alternations of literal words and
bounded digit runs, no nested quantifiers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.rules.lexicon import lexicon
from extractor.text.normalize import fold
from extractor.text.spans import overlaps, scan

# A digit literal: 1.000 / 12.345,6 / 1,5 / 2025 / 1.5 (English decimal, 1-2 decimals only).
_NUMLIT = r"\d{1,3}(?:\.\d{3}){1,6}(?:,\d{1,6})?|\d{1,15}(?:,\d{1,6})?(?![.]\d{3}(?!\d))(?:\.\d{1,2}(?![\d.]))?"
_YEAR_MIN, _YEAR_MAX = 1945, 2100


def parse_number(s: str) -> float | None:
    """A digit literal read the Vietnamese way: '1.000' is 1000, '1,5' is 1.5, '12.345,6' is 12345.6."""
    s = s.strip()
    if not s or len(s) > 40:
        return None
    if regex.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    elif regex.fullmatch(r"\d+,\d+", s):
        s = s.replace(",", ".")
    elif regex.fullmatch(r"\d+\.\d{1,2}", s):
        pass  # an English decimal point: 1.5, 2.25
    elif regex.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", s):
        s = s.replace(",", "")  # English thousands: 1,000,000 (two groups at least, else it is 1,5)
    elif not regex.fullmatch(r"\d+", s):
        return None
    try:
        v = float(s)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def words_to_number(words: list[str]) -> float | None:
    """'hai trăm năm mươi' → 250, 'một nghìn năm trăm' → 1500, 'mười lăm' → 15."""
    nw = lexicon()["number_words"]
    folded = {fold(k): v for k, v in nw.items()}
    result = hundreds = cur = 0
    seen = zero = False
    for raw in words:
        w = raw if raw in nw else None
        val = nw[w] if w else folded.get(raw)
        if val is None:
            return None
        key = fold(raw)
        if key == "muoi" and (raw == "mươi" or (raw == "muoi" and 0 < cur < 10)):
            cur = (cur or 1) * 10  # mươi: tens of the digit just read (folded "muoi" after a digit too)
        elif key == "muoi":
            cur += 10
        elif key == "chuc":
            cur = (cur or 1) * 10  # "hai chục" is twenty
        elif key == "tram":
            hundreds = 0 if zero and not cur else (cur or 1) * 100  # "không trăm" is no hundreds
            cur = 0
            zero = False
        elif key in ("linh", "le"):
            continue
        elif val >= 1000:
            result += (hundreds + cur or 1) * val
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
    kind: str  # percent, currency, area, count, ratio, … or "bare"
    per: str | None  # denominator of a rate ("10.000 dân", "người")
    annual: bool  # "/năm"
    from_words: bool = False
    is_range: bool = False


def _alt(words: list[str], folded: bool) -> str:
    forms = {fold(w).lower() if folded else w.lower() for w in words}
    return "|".join(regex.escape(w) for w in sorted(forms, key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class _Patterns:
    qty: regex.Pattern[str]
    qual_before: regex.Pattern[str]
    qual_after: regex.Pattern[str]
    unit: regex.Pattern[str]
    count: regex.Pattern[str]
    per: regex.Pattern[str]
    qual_of: dict[str, str]
    qual_after_of: dict[str, str]
    unit_of: dict[str, tuple[str, str]]
    mult_of: dict[str, float]
    word_nums: regex.Pattern[str]


@lru_cache(maxsize=2)
def patterns(folded: bool) -> _Patterns:
    """Compiled once per mode: with diacritics, or folded for text written without them."""
    lx = lexicon()
    f = (lambda w: fold(w).lower()) if folded else (lambda w: w.lower())
    mult_of = {f(k): float(v) for k, v in lx["multipliers"].items()}
    # "2025 tỷ lệ …": tỷ before lệ/trọng/suất/số/giá is a word of its own, not a multiplier.
    mult = (
        rf"(?:{_alt(list(lx['multipliers']), folded)})"
        rf"(?!\s+(?:{f('lệ')}|{f('trọng')}|{f('suất')}|{f('số')}|{f('giá')})(?!\p{{L}}))"
    )
    num_words = _alt(list(lx["number_words"]), folded)
    word_seq = rf"(?:(?:{num_words})(?:\s+(?:{num_words})){{0,7}})"
    qty = regex.compile(
        rf"(?<![\p{{L}}\d.,/])(?P<a>{_NUMLIT})(?!\d)"
        rf"(?:\s*(?P<am>{mult})(?!\p{{L}}))?"
        rf"(?:\s*(?P<ap>%|{f('phần trăm')}))?"
        rf"(?:\s*(?:-|–|~|{f('đến')}|{f('tới')})\s*(?P<b>{_NUMLIT})(?!\d)"
        rf"(?:\s*(?P<bm>{mult})(?!\p{{L}}))?(?:\s*(?P<bp>%|{f('phần trăm')}))?)?"
    )
    quals: dict[str, str] = {}
    for q, words in lx["qualifiers_before"].items():
        for w in words:
            quals[f(w)] = q
    quals_after: dict[str, str] = {}
    for q, words in lx["qualifiers_after"].items():
        for w in words:
            quals_after[f(w)] = q
    unit_of: dict[str, tuple[str, str]] = {}
    for u in lx["units"]:
        for form in u["forms"]:
            unit_of[f(form)] = (u["unit"], u["kind"])
    units_alt = _alt([w for u in lx["units"] for w in u["forms"] if w != "%"], folded)
    return _Patterns(
        qty=qty,
        qual_before=regex.compile(rf"(?:^|(?<=[\s(,:;]))(?:{_alt(list(quals), False)})\s*$"),
        qual_after=regex.compile(rf"\s*(?:{_alt(list(quals_after), False)})(?!\p{{L}})"),
        unit=regex.compile(rf"\s*(?:{units_alt})(?![\p{{L}}\d])"),
        count=regex.compile(rf"\s*(?:{_alt(lx['count_nouns'], folded)})(?!\p{{L}})"),
        per=regex.compile(
            # "/người", "trên 10.000 dân", and a few words of the counted noun before it:
            # "0,7 doanh nghiệp công nghệ số trên 1.000 dân".
            rf"(?:\s*(?:/|{f('trên')}\s+|{f('mỗi')}\s+)(?:(?P<n>{_NUMLIT})\s*)?"
            rf"|(?:\s+\p{{L}}+){{1,6}}?\s+(?:/|{f('trên')}|{f('mỗi')})\s*(?=(?:1|10|100)\.000\b|{f('vạn')})(?P<n2>{_NUMLIT})?\s*)"
            rf"(?P<d>{_alt(lx['rate_denominators'], folded)})(?!\p{{L}})"
        ),
        qual_of=quals,
        qual_after_of=quals_after,
        unit_of=unit_of,
        mult_of=mult_of,
        word_nums=regex.compile(rf"(?<!\p{{L}}){word_seq}(?!\p{{L}})"),
    )


def _value(lit: str, mult: str | None, p: _Patterns) -> float | None:
    v = parse_number(lit)
    if v is None:
        return None
    if mult:
        v *= p.mult_of.get(mult.strip(), 1.0)
    return v if math.isfinite(v) else None


_RATE_SLASH = regex.compile(
    r"\s*/\s*(100|1\.000|10\.000|100\.000|1000|10000|100000)(?!\d)\s+"
    r"(\p{L}+(?:\s\p{L}+){0,4}?)(?=\s+(?:vào|đến|trong|năm|vao|den|trong|nam)\b|[\s.,;:)]*$|[.,;:)])"
)


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
        q = _from_words(low, m, p, end)
        if q is not None:
            out.append(q)
    return sorted(out, key=lambda q: q.num_start)


def _from_match(low: str, m: regex.Match[str], p: _Patterns, limit: int) -> Quantity | None:
    a = _value(m.group("a"), m.group("am") or m.group("bm"), p)
    if a is None:
        return None
    b = a
    pct = bool(m.group("ap") or m.group("bp"))
    if m.group("b"):
        b_val = _value(m.group("b"), m.group("bm") or m.group("am"), p)
        if b_val is None:
            return None
        if (is_year(a) and is_year(b_val) and not pct) or b_val < a:
            # "2021 - 2025" is a period; "10 - 5" is no range: keep only the first number.
            return _from_match_single(low, m, p, limit)
        b = b_val
    return _finish(low, p, m.start(), m.end(), a, b, pct, limit, is_range=m.group("b") is not None,
                   has_mult=bool(m.group("am") or m.group("bm")))


def _from_match_single(low: str, m: regex.Match[str], p: _Patterns, limit: int) -> Quantity | None:
    a = _value(m.group("a"), m.group("am"), p)
    if a is None:
        return None
    return _finish(low, p, m.start(), m.end("a") if not m.group("am") else m.end("am"), a, a,
                   bool(m.group("ap")), limit, is_range=False, has_mult=bool(m.group("am")))


def _from_words(low: str, m: regex.Match[str], p: _Patterns, limit: int) -> Quantity | None:
    words = m.group(0).split()
    start = m.start()
    # Drop leading words that belong to the text before: "đầu tư hai dự án", "mỗi năm hai trăm …".
    while words and (
        fold(words[0]) in ("tu", "lam", "linh", "le", "nham", "trieu", "ty", "tram", "nghin", "ngan", "chuc")
        or words[0] == "mươi"
        or (fold(words[0]) == "nam" and len(words) > 1 and fold(words[1]) not in ("muoi", "tram", "nghin", "ngan"))
        or (fold(words[0]) == "nam" and regex.search(
            r"(?:mỗi|hàng|hằng|các|những|từng|trong|cả|moi|hang|cac|nhung|tung)\s*$", low[max(0, start - 8):start]))
    ):
        start = low.index(words[0], start) + len(words[0])
        start += len(low[start:]) - len(low[start:].lstrip())
        words = words[1:]
    if not words:
        return None
    if len(words) == 1 and fold(words[0]) not in _SAFE_SINGLE:
        return None  # "năm" (year), "tư" (đầu tư), "lăm" alone are no numbers
    v = words_to_number(words)
    if v is None:
        return None
    rest = low[m.end():limit]
    # Number words count only before a unit or a counted noun ("hai trăm doanh nghiệp"), never alone:
    # "năm" is also "year", "một số" is "some".
    if not (p.unit.match(rest) or p.count.match(rest)):
        return None
    if words[-1] in ("năm", "nam") and regex.match(r"\s*\d", rest):
        return None
    if len(words) == 1 and fold(words[0]) == "mot" and not p.qual_before.search(low[max(0, start - 40):start]):
        return None  # "một" alone is mostly an article ("mỗi người dân có một hồ sơ"); "ít nhất một …" counts
    q = _finish(low, p, start, m.end(), v, v, False, limit, is_range=False, has_mult=False)
    return None if q is None else Quantity(**{**q.__dict__, "from_words": True})


_NOUN_AFTER = regex.compile(
    r"\s+(?!(?:và|của|là|ở|tại|trong|với|cho|theo|đến|từ|trên|dưới|so|được|có|đã|sẽ|năm|tháng|ngày|giờ|quý|"
    r"va|cua|la|o|tai|voi|theo|den|tu|tren|duoi|duoc|co|da|se|nam|thang|ngay|gio|quy|trở|tro|đối|doi|về|ve|"
    r"hoặc|hoac|nhưng|nhung|thì|thi|mà|ma|này|nay|đó|do|nêu|neu|cả|ca|toàn|toan|các|cac|những|nhung|mỗi|moi|"
    r"trở|tro|nước|nuoc|địa|dia)(?!\p{L}))\p{Ll}"
)
_SAFE_SINGLE = {"mot", "hai", "ba", "bon", "sau", "bay", "tam", "chin", "muoi"}


def _finish(low: str, p: _Patterns, s: int, e: int, a: float, b: float, pct: bool, limit: int,
            is_range: bool, has_mult: bool) -> Quantity | None:
    if s > 0 and low[s - 1] in "/:" and not pct:
        return None  # the tail of a date (12/2025), a document number or a ratio's denominator
    rest = low[e:limit]
    unit: str | None = None
    kind = "bare"
    end = e
    per: str | None = None
    rate = _RATE_SLASH.match(rest) if not pct else None
    if rate:
        # "4/100.000 trẻ sinh ra còn sống": a ratio written with a slash and a round denominator.
        per = rate.group(1) + " " + rate.group(2)
        unit, kind, end = "/" + per, "ratio", e + rate.end()
    elif regex.match(r"[/\-.]\d|/[\p{L}]|-\p{L}{1,8}/", rest) and not pct:
        return None  # a date 31/12/2025, a document number 295/QĐ-UBND, a code 1.2.3
    elif pct:
        unit, kind = "%", "percent"
    else:
        um = p.unit.match(rest)
        cm = p.count.match(rest)
        if um and (not cm or um.end() >= cm.end()):
            surface = um.group(0).strip()
            unit, kind = p.unit_of.get(surface, (surface, "other"))
            end = e + um.end()
        elif cm:
            unit, kind = cm.group(0).strip(), "count"
            end = e + cm.end()
        elif has_mult:
            unit, kind = "VND", "currency"  # "35.000 tỷ vốn ngoại": Vietnamese amounts default to đồng
    if end == e and rest[:1].isalpha():
        return None  # glued to letters and no unit: 5G, 3D, 4K
    if unit is None and kind == "bare" and _NOUN_AFTER.match(rest):
        kind = "noun"  # a counted noun the lexicon does not know ("20 ki-ốt"): the target stage finds its word
    if kind == "time":
        return None  # durations (30 ngày, 6 tháng) are no targets' values
    qual = "range" if is_range else "exact"
    start = s
    before = low[max(0, s - 40):s]
    qm = p.qual_before.search(before)
    if qm:
        word = qm.group(0).strip()
        start = s - len(before) + qm.start()
        q = p.qual_of.get(word, "exact")
        if not is_range:
            qual = q
        elif word in ("từ", "tu"):
            qual = "range"
    annual = False
    pm = None if per else p.per.match(low, end, limit) if end < limit else None
    if pm:
        d = pm.group("d")
        n = pm.group("n") or pm.group("n2")
        if d in ("năm", "nam") and not n:
            annual = True
        else:
            per = (n + " " if n else "") + d
        end = pm.end()
    am = p.qual_after.match(low, end, limit) if end < limit else None
    if am and not is_range:
        word = am.group(0).strip()
        qual = p.qual_after_of.get(word, qual)
    if not pct and unit is None and is_year(a) and not is_range:
        return None  # a bare year
    return Quantity(start=start, num_start=s, num_end=e, end=end, low=a, high=b, qualifier=qual, unit=unit,
                    kind=kind, per=per, annual=annual, is_range=is_range)
