"""Aim or history: which sentences state aims, and which numbers in them are target values."""

from __future__ import annotations

import regex

from extractor.rules.numbers import Quantity
from extractor.targets.analysis import LOOKBACK, Analysis, back
from extractor.targets.cues import Words
from extractor.targets.deadline import (
    is_heading,
)
from extractor.targets.table import statement_spans
from extractor.text.normalize import lower
from extractor.text.segment import Clause, Sentence
from extractor.text.spans import overlaps


def is_target_value(an: Analysis, w: Words, t: str, cl: Clause, st: Sentence, q: Quantity,
                     accepted: list[Quantity]) -> bool:
    """Whether a number of an aim sentence is a target value: not a date or a name's number, not a
    starting point, a history, a means, a condition or a place, and (after another value) a value of its own."""
    if an.is_masked(q.num_start, q.num_end) or not _plain_value(an, w, t, cl, st, q):
        return False
    if any(d.start <= q.num_start < d.end for d in an.deadlines_in(max(0, q.num_start - 40), q.num_start + 1)):
        return False  # "đến năm 2030 tỉnh đón …": the year of a deadline, not a count of provinces
    if _not_an_aim_here(an, w, t, cl, st, q):
        return False
    return not accepted or _follows(an, w, t, q, accepted[-1])


def _plain_value(an: Analysis, w: Words, t: str, cl: Clause, st: Sentence, q: Quantity) -> bool:
    """The kind of the number allows a value here: ages, durations, speeds, unknown nouns and bare numbers
    count only where a value verb or a rank word says so."""
    # The verb may stand before the value's qualifier or open it ("đạt trên 75 tuổi", "tối thiểu 100 Mbps": the
    # qualifier's words are the value's, from q.start).
    if q.kind == "time" or (q.kind == "age" and not (
            w.age_verb_before.search(t, max(st.start, q.start - 8), q.start)
            or (q.start < q.num_start and w.age_verb_at.match(t, q.start, q.num_start)))):
        return False  # ages inside a noun phrase ("trẻ em dưới 15 tuổi"); "tuổi thọ đạt 75 tuổi" counts
    if q.kind == "speed" and not w.reach_before.search(t, max(st.start, q.start - 12), q.num_start):
        return False  # a technical specification ("tốc độ 10 Gbps"), not an aim, unless it is what is to be reached
    if q.kind == "noun" and not (q.start < q.num_start or w.noun_lead_before.search(
            t[max(cl.start, q.start - 20):q.start])):
        return False  # an unknown noun after a bare number counts only as a clear value ("có 20 ki-ốt")
    if q.kind == "bare" and not w.rank_word.search(t, q.start, q.num_start):
        # A bare number is a value only right after a value verb in a sentence that aims ("đạt ít nhất là 260",
        # the verb may be part of the value's qualifier: "đạt tối thiểu 68"), or as a rank ("top 10").
        if not w.bare_verb_before.search(t[max(st.start, q.num_start - 30):q.num_start] + " "):
            return False
        if not w.target.search(t, back(st.start, q), min(st.end, q.end + LOOKBACK)):
            return False
    return True


def _not_an_aim_here(an: Analysis, w: Words, t: str, cl: Clause, st: Sentence, q: Quantity) -> bool:
    """The words around the value make it no aim: a baseline, the start of a change, a history, a place,
    a means, the threshold of what is to be eliminated, a condition."""
    before = t[max(st.start, q.start - 60):q.start]
    if w.baseline_before.search(before):
        return True
    if w.range_end_after.match(t, q.end, min(cl.end, q.end + 40)) and w.from_before.search(
            t, max(st.start, q.start - 6), q.num_start):
        return True  # "giảm từ 23 … xuống 18": the first number is where it starts from
    lead = t[back(st.start, q):q.start]
    # History before the value, unless an aim verb governs it ("duy trì vững chắc kết quả …; 75% …").
    if w.history.search(lead) and not w.strong_aim.search(lead):
        return True
    left = max(cl.start, t.rfind(",", back(cl.start, q), q.start) + 1, back(cl.start, q))
    right = t.find(",", q.end, min(cl.end, q.end + LOOKBACK))
    local = t[left:right if right >= 0 else min(cl.end, q.end + LOOKBACK)]
    if w.history.search(local) and not w.target.search(local):
        return True  # "đã hỗ trợ 8.400 hộ, trong đó phấn đấu …": this value is history
    if q.kind != "percent" and w.place_before.search(t, max(st.start, q.start - 6), q.start):
        return True  # "tại 04 mô hình": a place, not a value ("tại 100% trường học" is a share of places)
    if q.kind == "percent" and w.attainment_after.match(t, q.end, min(cl.end, q.end + 20)) and not (
            w.strong_aim.search(t, st.start, st.end)):
        return True  # "thu ngân sách đạt 118% kế hoạch năm": how far a plan was met is a report
    if _is_means(w, t, cl, st, q):
        return True
    if w.rank_word.search(t, q.start, q.num_start) and w.reference_before.search(
            t, max(cl.start, q.start - 80), q.start):
        return True  # "ngang mức trung bình của các trường thuộc nhóm 3 nước …": a benchmark's wording
    if w.elimination_before.search(t, max(st.start, q.start - 40), q.start):
        return True  # "không còn thôn dưới 10 tiêu chí": the threshold of what is to be eliminated, not a value
    # "trường hợp cần thiết, có thể nâng lên 5%", "… thấp dưới 20% có thể điều chỉnh mục tiêu": a condition
    # stands right around its value (a short window, so a table flattened into one clause stays linear).
    return bool(w.condition.search(t, max(cl.start, q.start - _CONDITION_REACH), min(cl.end, q.end + _CONDITION_REACH)))


_CONDITION_REACH = 60


def _is_means(w: Words, t: str, cl: Clause, st: Sentence, q: Quantity) -> bool:
    """Money for the programme (kinh phí, vốn bố trí, dự toán anywhere in its clause) is a means, not a
    target; a percentage is a means only as a rate of support, never as a share of a whole ("R&D/GRDP 2%",
    "chi phí vận tải … 12% GDP", "phần vốn từ doanh nghiệp … đạt 45%")."""
    money = q.kind == "currency"
    before = t[max(cl.start if money else st.start, q.start - (200 if money else 50)):q.start]
    if money and w.money_means.search(before):
        return True  # "kinh phí … bố trí cho đề án là 27 tỷ đồng"
    if not w.means.search(before):
        return False
    if q.kind == "percent" and (w.share_marker.search(t, back(cl.start, q), q.start)
                                or w.share_whole_after.match(t, q.end, min(cl.end, q.end + 20))):
        return False
    return True


def _follows(an: Analysis, w: Words, t: str, q: Quantity, prev: Quantity) -> bool:
    """A value after another accepted value of the clause is a value of its own when something introduces
    it: a value verb, a list separator (comma, 'và', 'hoặc') right before it, a measure or a deadline."""
    between = t[prev.end:q.start]
    last_comma = max(between.rfind(","), between.rfind("("))
    tail = between[last_comma + 1:] if last_comma >= 0 else None
    introduced = bool(w.introducer.search(between)) and not only_inside_entity(w, between)
    listed = tail is not None and (not tail.strip() or w.measure.search(tail) or w.introducer.search(tail)
                                   or has_deadline(an, prev.end + last_comma, q.start) or short_item(w, tail))
    # "đạt 40% hộ dân vùng núi và 95% hộ dân vùng đồng bằng": a joiner right before the value lists one more value.
    joined = bool(w.joined.fullmatch(between)) or bool(w.joiner_end.search(between))
    return bool(introduced or listed or joined or has_deadline(an, prev.end, q.start) or w.measure.search(between))


def short_item(w: Words, tail: str) -> bool:
    """', tỉnh Kon Tum 88%': a short list item that names what the next value belongs to."""
    return len(tail.split()) <= 6 and not w.item_stop.search(tail)


_ROMAN = regex.compile(r"[IVXLC]+\.")  # "II." opens a new part of a plan: the aim heading above ends there


def aim_sentences(an: Analysis, w: Words) -> set[int]:
    """Sentences that state aims: a cue of their own, a future deadline, or an aim header or
    sentence before them in scope. History cues ('đã', 'so với cùng kỳ') win inside a sentence."""
    t = an.cue_text
    aims: set[int] = set()
    plain_aims: set[int] = set()  # aim sentences with no report in them: the next sentence may go on from them
    header_aim = False
    last_para = -1
    prev_aim = False
    last_aim_para = -10
    aim_year: int | None = None  # the latest year an aim sentence gives
    # Years after the document's own date are aims; without a date, the latest calendar date it cites.
    reference = an.doc_year if an.doc_year is not None else an.latest_date_year
    statements = statement_spans(an.tables)
    statement_starts = [a for a, _ in statements]
    for i, st in enumerate(an.sents):
        p = an.paras[st.para]
        if st.para != last_para:
            body = t[p.body:p.end]
            if is_heading(an, p):
                header_aim = bool(w.aim_header.search(body)) or _dates_an_aim(an, w, p.body, p.end, body)
            elif p.marker and _ROMAN.fullmatch(p.marker):
                header_aim = False
            prev_aim = False
            last_para = st.para
        text = t[st.start:st.end]
        reports = bool(w.history.search(text))
        if reports and not w.strong_aim.search(text):
            continue  # history cues win inside a sentence: no aim, and nothing carries on from it
        if not (_own_aim(an, w, st, text, reference) or _in_statement_table(st, statements, statement_starts)
                or _inherits_aim(an, w, st, i, text, reference, header_aim, prev_aim, last_aim_para, plain_aims,
                                 aim_year)):
            continue
        aims.add(i)
        if not reports:
            plain_aims.add(i)
        prev_aim = True
        last_aim_para = st.para
        aim_year = max((d.year for d in an.deadlines_in(st.start, st.end)), default=aim_year)
    return aims


def _dates_an_aim(an: Analysis, w: Words, start: int, end: int, body: str) -> bool:
    """A heading that sets a deadline ahead and reports nothing ("Tỷ lệ … đến năm 2026:", "Giai đoạn đến năm
    2030, … như sau:"): the list below it states aims, as below "Mục tiêu"."""
    return not w.history.search(body) and any(d.kind in ("by", "vision") for d in an.deadlines_in(start, end))


def _own_aim(an: Analysis, w: Words, st: Sentence, text: str, reference: int | None) -> bool:
    """The sentence aims by itself: an aim cue, or a deadline still ahead of the document's date."""
    return bool(w.target.search(text)) or any(
        d.kind in ("by", "vision", "from")
        or (d.kind in ("in", "period") and reference is not None and d.year > reference)
        or (d.kind == "period" and reference is None)
        for d in an.deadlines_in(st.start, st.end))


def _in_statement_table(st: Sentence, statements: list[tuple[int, int]], starts: list[int]) -> bool:
    """"Tỷ lệ … đạt 80%" in an indicator table of statements."""
    return overlaps(statements, starts, st.start, st.start + 1)


def _inherits_aim(an: Analysis, w: Words, st: Sentence, i: int, text: str, reference: int | None,
                  header_aim: bool, prev_aim: bool, last_aim_para: int, plain_aims: set[int],
                  aim_year: int | None) -> bool:
    """The sentence takes its aim from its context: an aim header or heading above it, or an aim sentence
    it goes on from; never when it dates itself in the past (a report of results)."""
    continues = prev_aim and bool(w.continuation.match(text))
    # News that goes on listing values right after an aim, in the next sentence of the paragraph or the
    # next paragraph ("Tỷ lệ … đạt hơn 70%; …", "100% xã có …"); or that goes on from it with a connective
    # ("Trên cơ sở đó, tỉnh xây dựng 5 …").
    after_aim = st.para - last_aim_para == 1 or (i - 1 in plain_aims and an.sents[i - 1].para == st.para)
    goes_on = after_aim and (_states_value(w, text) or bool(w.aim_connective.match(text))) and not (
        _dated_before(an, st, aim_year))  # "Mục tiêu đến năm 2030 … 60%. Năm 2024, … đạt 41%": a baseline
    # A list under "II. MỤC TIÊU CỤ THỂ" › "1. Về y tế": the aim heading need not be the nearest one.
    inherited = header_aim or continues or goes_on or (
        st.para < len(an.sections) and any(w.aim_heading.search(lower(h)) for h in an.sections[st.para]))
    # Inherited aim context does not reach a sentence that dates itself in the past ("Năm 2025, toàn tỉnh
    # giải quyết việc làm cho …" in a plan of 2026): that is a report of results.
    return inherited and not (reference is not None and any(
        d.kind == "in" and d.year <= reference for d in an.deadlines_in(st.start, st.end)))


def _states_value(w: Words, text: str) -> bool:
    """Whether `text` states a value (`Words.value_statement`: a statement verb before a number, or a
    percentage). That pattern tries up to 120 characters at each clause start; a text with neither a "%" nor
    a statement verb (`Words.statement_verb`, the same words) cannot match it, and most sentences have
    neither, so they are ruled out first."""
    if "%" not in text and not w.statement_verb.search(text):
        return False
    return bool(w.value_statement.search(text))


def _dated_before(an: Analysis, st: Sentence, year: int | None) -> bool:
    """The sentence dates itself ("Năm 2025, …") before the year the aim before it is due."""
    return year is not None and any(d.kind == "in" and d.year < year for d in an.deadlines_in(st.start, st.end))


def only_inside_entity(w: Words, between: str) -> bool:
    """'… được tầm soát ít nhất 4 loại': a relative clause, not a new value."""
    return bool(w.relative_before.search(between)) and not w.statement_verb.search(between)


def has_deadline(an: Analysis, s: int, e: int) -> bool:
    return any(d.end <= e for d in an.deadlines_in(s, e))
