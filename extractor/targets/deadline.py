"""The deadline of a value: its own, the sentence's, the heading's above it, the programme's."""

from __future__ import annotations

from functools import cache

import regex

from extractor.rules.dates import Deadline as DeadlineSpan
from extractor.rules.lexicon import slot_alternations
from extractor.rules.numbers import Quantity
from extractor.targets.analysis import LOOKBACK, Analysis, back
from extractor.targets.cues import Words
from extractor.text.segment import Paragraph, Sentence

# What stands between a value and a deadline that is then not its own: a clause break or a bracket
# (and, after the value, another number).
_BREAK = regex.compile(r"[,;(]")
_BREAK_OR_NUMBER = regex.compile(r"[\d,;(]")


@cache
def _markers() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(the outline markers of a heading: "II.", "2.1.", "Điều 3.", "Chương IV"; those that end a deadline's
    scope: a part's number "II." or an article), the words of the outline heads with and without marks."""
    w = slot_alternations("layout.json", "outline_heads", plain_too=True)
    return (regex.compile(rf"[IVXLC]+\.|\d{{1,2}}(?:\.\d{{1,2}})*\.|(?i:{w['articles']})\s+\d+\.?"
                          rf"|(?i:{w['parts']})\s+\S+"),
            regex.compile(rf"[IVXLC]+\.$|(?i:{w['articles']})"))


def is_heading(an: Analysis, p: Paragraph) -> bool:
    """A heading or list header: ends with a colon, or is a short numbered/unmarked title without values.
    Bullet items ('-', '+', 'a)') are list items, not headings, unless they end with a colon."""
    body = an.match_text[p.body:p.end].rstrip()
    if body.endswith(":"):
        return True
    if p.marker and not _markers()[0].fullmatch(p.marker):
        return False
    if body.endswith((".", ";")) or len(body) >= 160:
        return False
    return not an.quantities_in(p.body, p.end)


_DENOMINATOR = regex.compile(r"^\s*/\s*[\d.,]+")  # "15/100.000 vào năm 2030": the rate's base is the value's


def scope_years(an: Analysis) -> dict[int, int | None]:
    """The deadline each paragraph inherits from the header or heading above it."""
    scope: dict[int, int | None] = {}
    current: int | None = None
    for i, p in enumerate(an.paras):
        ds = [d for d in an.deadlines_in(p.body, p.end) if d.kind != "period"]
        heading = is_heading(an, p) or _deadline_item(an, p, ds)
        if heading and ds:
            current = ds[-1].year
        elif heading and p.marker and _markers()[1].match(p.marker):
            current = None
        scope[i] = current
    return scope


_DEADLINE_ITEM_CHARS = 40  # "b) Đến năm 2030", "- Giai đoạn đến năm 2030:": a deadline and a lead word or two


def _deadline_item(an: Analysis, p: Paragraph, ds: list[DeadlineSpan]) -> bool:
    """A list item that is only a deadline ("a) Đến năm 2026", "b) Đến năm 2030") heads the items below it,
    as a plan groups its specific targets by deadline."""
    body = an.match_text[p.body:p.end].strip()
    return bool(ds) and len(body) <= _DEADLINE_ITEM_CHARS and not body.endswith((".", ";")) and not (
        an.quantities_in(p.body, p.end))


def deadline_for(an: Analysis, w: Words, t: str, st: Sentence, q: Quantity, prev_sent_year: int | None,
                 scope_year: int | None, clause_end: int | None = None) -> tuple[int | None, str | None]:
    """The value's own deadline right after it, else the clause's deadline after its noun phrase, else the
    nearest before it in the sentence, else the one inherited (sentence before, heading, paragraph before,
    programme period, headline)."""
    ds = [d for d in an.deadlines_in(back(st.start, q), min(st.end, q.end + LOOKBACK)) if d.end <= st.end]
    after = [d for d in an.deadlines_in(q.end, q.end + 26) if d.end <= st.end
             and not _BREAK_OR_NUMBER.search(_DENOMINATOR.sub("", t[q.end:d.start]))]  # "10% (đến năm 2030 …)"
    if after:
        d = after[0]
        return d.year, an.norm.norm[d.start:d.end]
    if clause_end is not None:
        # "đạt 20% xã, phường “không ma túy” ngay trong năm 2025": the clause's closing deadline, with only the
        # value's own noun phrase before it, is the value's, before any deadline earlier in the sentence.
        # Only the first deadline after the value can be its own: one look, bounded, so a table flattened into
        # one clause stays linear.
        first = an.deadlines_in(q.end, min(clause_end, q.end + LOOKBACK))[:1]
        own = [d for d in first if d.end <= clause_end and d.kind != "period"
               and not an.quantities_in(q.end, d.start) and not _BREAK.search(t, q.end, d.start)
               and not an.quantities_in(d.end, d.end + 40)]
        if own:
            return own[0].year, an.norm.norm[own[0].start:own[0].end]
    # A deadline in a bracket closed before the value is the bracketed value's ("10% (đến năm 2030 đạt 20%);
    # tỷ lệ … đạt 80%": 80% is not due in 2030).
    inside = in_parentheses(t, st.start, q.start)
    before = [d for d in ds if d.end <= q.start and (inside or not in_parentheses(t, st.start, d.start))]
    if before:
        d = before[-1]
        return d.year, an.norm.norm[d.start:d.end]
    # A later deadline is this value's only if no other value stands between them and it is not
    # another value's own ("đạt 80% (đến năm 2030 đạt 100%)", "cao hơn mức X trong năm 2024").
    later = [d for d in ds if d.start >= q.end
             and not an.quantities_in(q.end, d.start) and not an.quantities_in(d.end, d.end + 40)
             and "(" not in t[q.end:d.start]]
    if later:
        d = later[0]
        return d.year, an.norm.norm[d.start:d.end]
    if prev_sent_year is not None:
        return prev_sent_year, None
    if scope_year is not None:
        return scope_year, None
    near = nearby_paragraph_year(an, st)
    if near is not None:
        return near, None
    if an.period_end is not None:
        return an.period_end, None
    year = an.title_year
    if year is None and st.para < 2:
        # A headline summarises the document: its implicit deadline is the document's first one.
        year = next((d.year for d in an.deadlines if d.kind in ("by", "vision")), None)
    return year, None


def nearby_paragraph_year(an: Analysis, st: Sentence) -> int | None:
    """The first deadline of one of the two paragraphs before (a news lead states the year once)."""
    for pi in (st.para - 1, st.para - 2):
        if pi < 0:
            break
        p = an.paras[pi]
        ds = [d for d in an.deadlines_in(p.body, p.end) if d.kind in ("by", "vision")]
        if ds:
            return ds[0].year
    return None


def previous_sentence_year(an: Analysis, st: Sentence) -> int | None:
    """The deadline of an earlier sentence of the same paragraph ('Trong đó, …' inherits it)."""
    body = an.paras[st.para].body
    for d in reversed(an.deadlines_in(body, st.start)):  # the latest first: linear in a long paragraph
        if d.end <= st.start and d.kind != "period" and not in_parentheses(an.match_text, body, d.start):
            return d.year
    return None


_BRACKET_REACH = 400  # a bracketed remark is short: look no further back for its opening


def in_parentheses(t: str, lo: int, pos: int) -> bool:
    """Whether pos stands inside a bracket opened after lo: "(đến năm 2030 đạt 100%)" is its own value's."""
    before = t[max(lo, pos - _BRACKET_REACH):pos]
    return before.count("(") > before.count(")")


def ends_with_deadline(an: Analysis, pos: int) -> bool:
    return any(abs(d.end - pos) <= 1 for d in an.deadlines_in(pos - 200, pos + 2))
