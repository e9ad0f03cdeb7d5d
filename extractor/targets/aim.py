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
    if an.is_masked(q.num_start, q.num_end):
        return False
    if q.kind == "time" or (q.kind == "age" and not regex.search(
            r"(?:đạt|là|lên|dat|la|len)\s*$", t[max(st.start, q.start - 8):q.start])):
        return False  # ages inside a noun phrase ("trẻ em dưới 15 tuổi"); "tuổi thọ đạt 75 tuổi" counts
    before = t[max(st.start, q.start - 60):q.start]
    if w.baseline_before.search(before):
        return False
    after = t[q.end:min(cl.end, q.end + 40)]
    if regex.match(
        r"\s*(?:xuống|lên|đến|tới|xuong|len|den|toi)\s+(?:còn\s+|con\s+|mức\s+|muc\s+)?\d", after
    ) and regex.search(r"(?:^|\s)(?:từ|tu)\s*$", t[max(st.start, q.start - 6):q.num_start]):
        return False  # "giảm từ 23 … xuống 18": the first number is where it starts from
    lead = t[back(st.start, q):q.start]
    if w.history.search(lead) and not regex.search(r"(?:phấn đấu|mục tiêu|phan dau|muc tieu)", lead):
        return False
    left = max(cl.start, t.rfind(",", back(cl.start, q), q.start) + 1, back(cl.start, q))
    right = t.find(",", q.end, min(cl.end, q.end + LOOKBACK))
    local = t[left:right if right >= 0 else min(cl.end, q.end + LOOKBACK)]
    if w.history.search(local) and not w.target.search(local):
        return False  # "633.000 căn đã và đang triển khai, trong đó phấn đấu …": this value is history
    if regex.search(r"(?<!\p{L})(?:tại|tai)\s*$", t[max(st.start, q.start - 6):q.start]):
        return False  # "tại 04 mô hình": a place, not a value
    # Money: a means cue anywhere in its clause ("Kinh phí bố trí cho chương trình giai đoạn … là 800 tỷ").
    before = t[max(cl.start if q.kind == "currency" else st.start, q.start - (200 if q.kind == "currency" else 50)):
               q.start]
    if w.means.search(before) and not (q.kind == "percent" and w.share_marker.search(before)):
        return False  # money for the programme is a means; a share of spending ("R&D/GRDP 2%") is a target
    if q.kind == "speed" and not regex.search(
        r"(?:đạt|tối thiểu|ít nhất|dat|toi thieu|it nhat)\s*$", t[max(st.start, q.start - 12):q.start]
    ):
        return False  # a technical specification ("tốc độ 10 Gbps"), not an aim, unless it is what is to be reached
    if q.kind == "noun" and not (q.start < q.num_start or regex.search(
            r"(?:^|[:;,]|đạt|có|thêm|mới|hoàn thành|xây dựng|dat|co|them|moi|hoan thanh|xay dung)\s*$",
            t[max(cl.start, q.start - 20):q.start])):
        return False  # an unknown noun after a bare number counts only as a clear value ("có 20 ki-ốt")
    ranked = bool(regex.search(r"(?:top|thứ|nhóm|thu|nhom)(?!\p{L})", t[q.start:q.num_start]))
    if q.kind == "bare" and not ranked:
        # A bare number is a value only right after a value verb in a sentence that aims ("đạt ít nhất là 260"),
        # or as a rank ("top 10", "đứng thứ 15").
        if not regex.search(
            r"(?:đạt|là|ở mức|dat|la|o muc)\s*(?:\p{L}+\s+){0,3}$", t[max(st.start, q.start - 30):q.start] + " "
        ):
            return False
        if not (w.target.search(t[back(st.start, q):min(st.end, q.end + LOOKBACK)])):
            return False
    if accepted:
        prev = accepted[-1]
        between = t[prev.end:q.start]
        last_comma = max(between.rfind(","), between.rfind("("))
        tail = between[last_comma + 1:] if last_comma >= 0 else None
        introduced = bool(w.introducer.search(between)) and not only_inside_entity(between)
        listed = tail is not None and (not tail.strip() or w.measure.search(tail) or w.introducer.search(tail)
                                       or has_deadline(an, prev.end + last_comma, q.start) or short_item(tail))
        joined = bool(regex.fullmatch(r"[\s,]*(?:và|va|hoặc|hoac)?\s*(?:trong\s*)?", between))
        if not (introduced or listed or joined or has_deadline(an, prev.end, q.start) or w.measure.search(between)):
            return False
    return True


def short_item(tail: str) -> bool:
    """', tỉnh An Giang 92%': a short list item that names what the next value belongs to."""
    return len(tail.split()) <= 6 and not regex.search(
        r"(?<!\p{L})(?:được|có|cho|của|với|trong|tại|từ|duoc|co|cho|cua|voi|trong|tai|tu)(?!\p{L})", tail)


_CONTINUATION = regex.compile(
    r"\s*(?:trong đó|trong do|cụ thể|cu the|đồng thời|dong thoi|ngoài ra|ngoai ra|bên cạnh đó|ben canh do|riêng|rieng|"
    r"theo đó|theo do|với|voi|và|va|đến năm|den nam|mỗi năm|moi nam|hằng năm|hàng năm|hang nam|có|co)(?!\p{L})"
)


_STRONG_AIM = regex.compile(
    r"(?:phấn đấu|mục tiêu|chỉ tiêu|hướng tới|duy trì|tầm nhìn|"
    r"phan dau|muc tieu|chi tieu|huong toi|duy tri|tam nhin)(?!\p{L})"
)


_VALUE_STATEMENT = regex.compile(
    r"(?:^|[;,]\s*)(?:[^;,]{0,120}?(?:đạt|chiếm|dat|chiem)\s+[^;,]{0,20}?\d|\s*\d[\d.,]*\s*%)"
)


def aim_sentences(an: Analysis, w: Words) -> set[int]:
    """Sentences that state aims: a cue of their own, a future deadline, or an aim header or
    sentence before them in scope. History cues ('đã', 'so với cùng kỳ') win inside a sentence."""
    t = an.match_text
    aims: set[int] = set()
    header_aim = False
    last_para = -1
    prev_aim = False
    last_aim_para = -10
    # Years after the document's own date are aims; without a date, the latest calendar date it cites.
    reference = an.doc_year if an.doc_year is not None else an.latest_date_year
    statements = statement_spans(an.tables)
    statement_starts = [a for a, _ in statements]
    for i, st in enumerate(an.sents):
        p = an.paras[st.para]
        if st.para != last_para:
            body = t[p.body:p.end]
            if is_heading(an, p):
                header_aim = bool(regex.search(r"(?:mục tiêu|chỉ tiêu|muc tieu|chi tieu|phấn đấu|phan dau)", body))
            elif p.marker and regex.fullmatch(r"[IVXLC]+\.", p.marker):
                header_aim = False
            prev_aim = False
            last_para = st.para
        text = t[st.start:st.end]
        own = bool(w.target.search(text)) or any( (
                d.kind in ("by", "vision", "from")
                or (d.kind in ("in", "period") and reference is not None and d.year > reference)
                or (d.kind == "period" and reference is None)
            )
            for d in an.deadlines_in(st.start, st.end))
        history = bool(w.history.search(text)) and not _STRONG_AIM.search(text)
        continues = prev_aim and bool(_CONTINUATION.match(text))
        # A news paragraph that goes on listing values right after an aim paragraph ("Tỷ lệ … đạt hơn 70%; …").
        goes_on = st.para - last_aim_para == 1 and bool(_VALUE_STATEMENT.search(text))
        # "Tỷ lệ … đạt 80%" in an indicator table of statements.
        in_table = overlaps(statements, statement_starts, st.start, st.start + 1)
        # A list under "II. MỤC TIÊU CỤ THỂ" › "1. Về y tế": the aim heading need not be the nearest one.
        under_aim = st.para < len(an.sections) and any(w.aim_heading.search(lower(h)) for h in an.sections[st.para])
        # Inherited aim context does not reach a sentence that dates itself in the past ("Năm 2025, toàn tỉnh
        # giải quyết việc làm cho …" in a plan of 2026): that is a report of results.
        dated_past = reference is not None and any(
            d.kind == "in" and d.year <= reference for d in an.deadlines_in(st.start, st.end))
        inherited = (header_aim or continues or goes_on or under_aim) and not dated_past
        if (own or inherited or in_table) and not history:
            aims.add(i)
            prev_aim = True
            last_aim_para = st.para
    return aims


def only_inside_entity(between: str) -> bool:
    """'… được tầm soát ít nhất 4 loại': a relative clause, not a new value."""
    return bool(regex.search(r"(?:được|có|duoc|co)\s+(?:\p{L}+\s+){0,4}$", between)) and not regex.search(
        r"(?:đạt|chiếm|dat|chiem)", between)


def has_deadline(an: Analysis, s: int, e: int) -> bool:
    return any(d.end <= e for d in an.deadlines_in(s, e))
