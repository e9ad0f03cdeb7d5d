"""What a value measures: the noun phrase as the text writes it, subject or object of the value."""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from extractor.rules.lexicon import alternation, cue_forms, lexicon
from extractor.rules.numbers import Quantity
from extractor.targets.analysis import LOOKBACK, Analysis, back
from extractor.targets.cues import Words
from extractor.targets.deadline import (
    ends_with_deadline,
    is_heading,
)
from extractor.text.normalize import fold, lower
from extractor.text.segment import Clause, Sentence
from extractor.text.spans import backwards

_COMMA = regex.compile(r",")
_CLAUSE_END = regex.compile(r"\s*[,;)]")  # an object region that ends at once
_SPACES = regex.compile(r"\s+")


def clean_entity(s: str, w: Words, tail: regex.Pattern[str] | None = None) -> str:
    prev = None
    while prev != s:
        prev = s
        s = strip_lead(s, w)
        s = strip_tail(s, w, tail)
    return s.strip(" ,;:.-()\"'")


def strip_lead(s: str, w: Words) -> str:
    m = w.lead_in.match(s.lower())
    return s[m.end():] if m else s


def strip_tail(s: str, w: Words, tail: regex.Pattern[str] | None = None) -> str:
    pattern = tail or w.tail
    low = s.lower()
    if _ends_without_tail_word(low, w.tail_ends):
        return s
    found = backwards(pattern).search(low)
    if found is None:
        return s  # most phrases end with no tail word: found from the end at once, not tried at every position
    # Read from the end, the tail pattern says at once whether there is a tail; its start may lie right of the
    # leftmost one (another split of the words into tail items), so the leftmost is looked for forwards, from
    # the end of the last word before it that no tail word holds.
    m = pattern.search(low, _after_last_stranger(low, found.start(), w.tail_parts))
    return s[:m.start()] if m else s


_WORD_BACK = regex.compile(r"(?r)[\p{L}\p{M}\d]+")


def _after_last_stranger(low: str, end: int, parts: frozenset[str]) -> int:
    """Where the last word before `end` that is all letters and no part of a tail word (`Words.tail_parts`)
    ends, else 0: no tail starts before it. Why: every item of a tail pattern is a separator, a year or a
    listed word between non-letters, so a tail cannot take such a word in, nor start inside it; and the
    forward search, which tries every position, then tries only the few after it."""
    for m in _WORD_BACK.finditer(low, 0, end):
        word = m.group()
        if m.end() == end and end < len(low) and (low[end].isalnum() or unicodedata.combining(low[end])):
            continue  # cut by `end` inside a word: not a whole word
        if word.isalpha() and word not in parts:
            return m.end()
    return 0


def _ends_without_tail_word(low: str, ends: frozenset[str]) -> bool:
    """Whether `low` ends in a word of letters that no tail word ends with: then neither tail pattern
    (`Words.tail`, `Words.tail_object`) can match, since each of their items ends in a separator, a digit or
    a listed word (an empty phrase has none). Why: most phrases end so, and a set lookup is a hundredth of a
    failed regex search."""
    if not low:
        return True
    if not low[-1].isalpha():
        return False  # a trailing space or mark is itself a tail item
    last = low.rsplit(None, 1)[-1]
    return last.isalpha() and last not in ends


@cache
def _object_cut() -> regex.Pattern[str]:
    """Where the object after a value ends: a clause mark, or a comma before a word that opens a clause of its
    own ("…, tỷ lệ …", "…, trong đó …", "…, đến năm …"); the openers with and without marks, but
    `openers_diacritic_only` with its marks only, as before the words were data."""
    w = lexicon()["object_clause_openers"]
    forms = cue_forms(w["openers"]) | cue_forms(w["openers"], folded=True) | cue_forms(w["openers_diacritic_only"])
    return regex.compile(rf"[;:(]|,\s+(?=(?:{alternation(forms)})\b)")


def entity_of(an: Analysis, w: Words, t: str, cl: Clause, st: Sentence, q: Quantity,
            around: tuple[Quantity | None, Quantity | None]) -> str:
    """What is measured: the subject before the value, or the noun phrase after it (the accepted values
    just before and after this one bound both)."""
    norm = an.norm.norm
    prev, nxt = around
    # Subject: from the clause start (or the end of the previous value, or the last lead-in) to the value.
    s0 = cl.start
    if prev is not None and prev.end <= q.start:
        s0 = prev.end
    s0 = back(s0, q)
    region = t[s0:q.start]
    cut_at = 0
    for m in w.cut.finditer(region):
        cut_at = m.end()
    for m in _COMMA.finditer(region):
        right = region[m.end():]
        if ends_with_deadline(an, s0 + m.start()) or w.measure.match(right.lstrip()) or not right.strip():
            cut_at = max(cut_at, m.end())
    for d in an.deadlines_in(s0 + cut_at, q.start):
        if d.end <= q.start and d.end - s0 > cut_at and is_leading(t, s0 + cut_at, d.start):
            cut_at = d.end - s0
    sub_start = s0 + cut_at
    subject = _subject_from_head(an, w, t, sub_start, q)
    if not subject and cut_at:
        subject = subject_before_cue(an, w, norm, region, s0, cut_at)
    subject = _less_trailing_place(an, w, t, s0, q, subject)
    # Object: after the number (for a count, from its noun) to the end of the clause or the next value.
    # For a count, from its noun; for a multiple ("còn 1,7 lần"), after its unit.
    o0 = q.num_end if q.kind in ("count", "noun") or (q.kind == "ratio" and q.per) else q.end
    o1 = min([cl.end, q.end + LOOKBACK] + ([nxt.start] if nxt is not None and nxt.start >= q.end else []))
    obj_region = norm[o0:o1]
    for d in an.deadlines_in(o0, o1):
        obj_region = norm[o0:d.start]
        break
    obj_region = _object_cut().split(obj_region)[0]
    stop = w.next_predicate.search(obj_region)
    if stop:
        obj_region = obj_region[:stop.start()]  # "… doanh nghiệp đổi mới công nghệ và thu hút …": a new predicate
    obj = "" if _CLAUSE_END.match(obj_region) else clean_entity(obj_region, w, w.tail_object)
    has_measure = bool(w.measure.search(_without_place_names(an, st, subject.lower())))
    if q.kind == "percent" and subject and obj and w.share_before.search(t, max(cl.start, q.start - 16), q.start):
        return subject  # "thương mại điện tử chiếm 15% tổng mức bán lẻ": the part is measured, not the whole
    if q.kind == "count" and subject and q.unit and lower(obj) == lower(q.unit) and _holds_words(subject, q.unit):
        return subject  # "Số hộ gia đình có cáp quang đạt 90.000 hộ": the count restates the subject's noun
    if obj and len(subject.split()) <= 2 and q.kind in ("count", "ratio") and q.per:
        return obj  # "đạt tỷ lệ 0,7 doanh nghiệp … trên 1.000 dân": the rate's own words say it
    if obj and not has_measure and w.action_only.fullmatch(subject.lower()):
        return obj  # "trồng mới 2.000 ha rừng ngập mặn", "lọt vào top 10 địa phương …": the verb is no entity
    if obj and not has_measure and q.kind == "currency":
        return obj  # "thu hút 500 triệu USD vốn đầu tư …": the money is named after its amount
    if subject and (has_measure or q.kind not in ("count", "noun", "percent", "ratio") or not obj):
        if not (q.kind in ("count", "noun") and not has_measure and obj):
            return subject
    if obj:
        if q.kind == "percent" and subject and has_measure:
            return subject
        return obj
    return subject


_NON_WORD = regex.compile(r"[^\p{L}\p{M}\d]+")


def _holds_words(text: str, words: str) -> bool:
    """Whether `words` stand in `text` as whole words (case aside)."""
    return f" {_NON_WORD.sub(' ', lower(words)).strip()} " in f" {_NON_WORD.sub(' ', lower(text))} "


def _less_trailing_place(an: Analysis, w: Words, t: str, s0: int, q: Quantity, subject: str) -> str:
    """The subject less a place named with its rank word at its end ("tỷ lệ bao phủ … năm 2022 thành phố Hà
    Nội là 91,66%", "…, tỉnh An Giang 92%"): where the value holds, which the location says, not what is
    measured. Without a rank word the name may be part of the thing ("khách du lịch đến Hà Nội"). Read on
    offsets: without diacritics the end of a name may have gone with the tail ("Son La la": "là")."""
    norm = an.norm.norm
    start = norm.rfind(subject, s0, q.start) if subject else -1
    if start < 0:
        return subject
    for p in reversed(an.all_places):
        if not start <= p.start < q.start or clean_entity(norm[p.end:q.start], w):
            continue
        rank = w.rank_before.search(t, max(start, p.start - 14), p.start)
        cut = clean_entity(norm[start:rank.start()], w) if rank else ""
        return cut or subject
    return subject


def _without_place_names(an: Analysis, st: Sentence, text: str) -> str:
    """`text` (lower-cased, as the matching text) with the names of the places of the sentence blanked: a
    syllable of a name is no measure's head ("Ho Chi Minh" without diacritics holds "chi", spending). The
    names are read in `match_text`: `cue_text` has them blanked already."""
    for p in an.all_places:
        if st.start <= p.start < st.end:
            name = an.match_text[p.start:p.end]
            text = text.replace(name, " " * len(name))
    return text


def _subject_from_head(an: Analysis, w: Words, t: str, sub_start: int, q: Quantity) -> str:
    """The subject before the value, from its measure head ("Quảng Bình được giao tỷ lệ bao phủ …": what is
    measured starts at its head); but a share head alone before the value ("kinh tế số đạt tỷ trọng 20%",
    "khu vực dịch vụ đóng góp 45% GRDP") names the kind of measure, and what stands before it is measured."""
    norm = an.norm.norm
    head = w.measure.search(t, sub_start, q.start)  # `t` is the cue text: no place's name holds a head
    if head and head.start() > sub_start:
        before = clean_entity(norm[sub_start:head.start()], w)
        alone = not t[head.end():q.start].strip()
        if before and alone and (w.share_marker.fullmatch(t, head.start(), head.end())
                                 or w.share_verb.fullmatch(t, head.start(), head.end())):
            return before
        return clean_entity(norm[head.start():q.start], w)
    return clean_entity(norm[sub_start:q.start], w)


def subject_before_cue(an: Analysis, w: Words, norm: str, region: str, s0: int, cut_at: int) -> str:
    """'<what> đến năm 2030 dự kiến đạt …', '<what> phấn đấu đến năm 2030 đạt …': the aim cue comes after the
    subject, so nothing is left after it; the subject is what stands before the cue (less its deadline, and
    less a deadline or period that opens the sentence)."""
    cues = [m for m in w.cut.finditer(region) if m.end() <= cut_at]
    if not cues:
        return ""
    last = cues[-1]
    start = s0 + (cues[-2].end() if len(cues) > 1 else 0)
    end = s0 + last.start()
    for d in an.deadlines_in(start, end):
        if d.end >= end - 2:
            end = d.start
            break
        if not norm[start:d.start].strip(_OPENING_MARKS):
            start = d.end  # "Năm 2026, <what> phấn đấu đạt …": a deadline that opens the sentence is no part of it
    return clean_entity(norm[start:end], w)


# What may stand before a deadline that opens a subject: white space and list marks.
_OPENING_MARKS = " \t\n,;:-+•–*"


def is_leading(t: str, s: int, e: int) -> bool:
    """Only lead-in words stand between s and e ('Phấn đấu đến năm 2025')."""
    gap = t[s:e].strip(" ,:")
    return len(gap.split()) <= 4


def bare_growth(w: Words, entity: str) -> bool:
    """'tốc độ tăng bình quân', 'tăng trưởng hàng năm trong giai đoạn này': a growth named by its head
    alone, whose thing is the one the value before it measures ('… đạt 5 triệu USD, tốc độ tăng 10%/năm')."""
    rest = w.growth_head.sub(" ", _SPACES.sub(" ", entity.lower()))
    rest = w.annual.sub(" ", rest)
    return not w.growth_filler.sub(" ", rest).strip(" ,;.")


def list_measures(an: Analysis, w: Words) -> dict[int, str]:
    """Paragraph → the measure that the list header above it names, for the list's items ("Tỷ lệ bao phủ
    bảo hiểm y tế đến năm 2026:" over "- Tỉnh A: 96%", "- Khu vực nông thôn: 85%"): an item then gives only
    where or for whom the value holds. A header without a measure head names none; a plain paragraph or
    another heading ends the list."""
    out: dict[int, str] = {}
    current: str | None = None
    for i, p in enumerate(an.paras):
        if is_heading(an, p):
            current = _header_measure(an, w, p.body, p.end)
        elif not p.marker:
            current = None
        elif current:
            out[i] = current
    return out


def _header_measure(an: Analysis, w: Words, start: int, end: int) -> str | None:
    """The measure a header names: from its measure head to its colon, less a deadline after it and the words
    that go on to the list ("đạt", "như sau")."""
    t = an.cue_text
    head = w.measure.search(t, start, end)
    if head is None:
        return None
    stop = end
    for d in an.deadlines_in(head.end(), end):
        stop = d.start
        break
    measure = clean_entity(an.norm.norm[head.start():stop].rstrip(" :"), w)
    return measure or None


def with_list_measure(an: Analysis, w: Words, entity: str, measure: str, cl: Clause, q: Quantity) -> str:
    """The entity of a list item under a header that names the measure: the measure, with the item's words
    that narrow its scope ("tỷ lệ hộ dùng nước sạch khu vực nông thôn"); an item that names only a place
    gives the measure alone (the place is the location). An item with a measure of its own keeps it."""
    label = entity.strip(" ,;:.-")
    if w.measure.search(lower(label)) or len(label.split()) > _LABEL_WORDS:
        return entity
    places = an.places_in(cl.start, q.start)
    if not label or any(fold(lower(label)).endswith(fold(lower(name))) and len(label.split()) <= len(name.split()) + 1
                        for _, _, name in places):
        return measure
    if label[:1].isupper() and not label[1:2].isupper():
        label = label[:1].lower() + label[1:]
    return f"{measure} {label}"


# An item's words beyond this are a phrase of their own, not a label of where or for whom.
_LABEL_WORDS = 6
