"""Target assembly: the values of the aim sentences, each made a `Target` with its evidence in original offsets.

Input is the analysed block (`analysis.Analysis`: normalised text, segments, quantities, deadlines, bodies,
places, sections, table rows). Each decision is a small function of its own module: `aim` (aim or history,
value or a number inside a name), `measure` (metric, qualifier, unit, direction), `entity` (what is
measured), `deadline` (its year, inherited along the section tree), `agency` (who delivers it, where).
"""

from __future__ import annotations

import regex

from extractor.models import Deadline, Span, Target, Value
from extractor.rules.numbers import Quantity
from extractor.targets.agency import agency_of, location_of
from extractor.targets.aim import aim_sentences, is_target_value
from extractor.targets.analysis import LOOKBACK, Analysis, back
from extractor.targets.cues import Words, words
from extractor.targets.deadline import (
    deadline_for,
    previous_sentence_year,
    scope_years,
)
from extractor.targets.entity import (
    bare_growth,
    entity_of,
    list_measures,
    with_list_measure,
)
from extractor.targets.measure import (
    as_number,
    direction_of,
    metric_of,
    rank_unit,
    subject_count,
    subject_rate,
    unit_text,
)
from extractor.targets.table import table_targets
from extractor.text import wordseg
from extractor.text.normalize import fold, lower
from extractor.text.segment import Clause, Sentence
from extractor.text.spans import overlaps


def assemble(an: Analysis) -> list[Target]:
    """Every target of the document, in text order."""
    w = words(an.folded)
    t = an.cue_text
    out: list[Target] = []
    para_scope: dict[int, int | None] = scope_years(an)
    by_clause: dict[int, list[Quantity]] = {}
    ci = 0
    for q in an.quantities:
        while ci < len(an.clauses) and an.clauses[ci].end <= q.num_start:
            ci += 1
        if ci < len(an.clauses) and an.clauses[ci].start <= q.num_start:
            by_clause.setdefault(ci, []).append(q)
    aims = aim_sentences(an, w)
    measures = list_measures(an, w)
    from_tables, table_cells = table_targets(an, w, an.tables)
    starts = [a for a, _ in table_cells]
    for ci, qs in sorted(by_clause.items()):
        # A table's value cells are read by table_targets, not as sentences.
        qs = [q for q in qs if not overlaps(table_cells, starts, q.num_start, q.num_start + 1)]
        cl = an.clauses[ci]
        st = an.sents[cl.sent]
        if cl.sent not in aims:
            continue
        accepted: list[Quantity] = []
        for q in qs:
            if is_target_value(an, w, t, cl, st, q, accepted):
                accepted.append(q)
        for i, q in enumerate(accepted):
            around = (accepted[i - 1] if i else None, accepted[i + 1] if i + 1 < len(accepted) else None)
            target = _target(an, w, t, cl, st, q, around, para_scope)
            # A value listed after another with no subject of its own ("năm 2023 là 92,5%", "(đến năm
            # 2030 đạt 20%)") measures what the previous value of the sentence measures.
            if out and _same_sentence(an, out[-1], st) and (
                    _names_nothing(an, target, cl, q)
                    or (target.metric == "growth" and bare_growth(w, target.entity))):
                target.entity = out[-1].entity
            if not target.entity and not _has_words(t, st, q):
                continue  # "- 06%/năm." alone (a wrapped range cut at its dash): nothing says what it measures
            if st.para in measures and not (out and _same_sentence(an, out[-1], st)):
                target.entity = with_list_measure(an, w, target.entity, measures[st.para], cl, q)
            out.append(target)
    return sorted(out + from_tables, key=lambda x: x.evidence.start)


_WORD = regex.compile(r"\p{L}{2,}")


def _has_words(t: str, st: Sentence, q: Quantity) -> bool:
    """Whether the sentence says anything besides the value."""
    return bool(_WORD.search(t, st.start, q.start) or _WORD.search(t, q.end, st.end))


def _names_nothing(an: Analysis, target: Target, cl: Clause, q: Quantity) -> bool:
    """An entity that names nothing measured: empty, punctuation ('…'), a unit or rate base ("… 550/100.000
    trẻ em vào năm 2025 và 500/100.000 vào năm 2030"; a counted noun is an entity: "1.200 đô thị"), or a
    place alone in a list by place ("tỷ lệ … năm 2023 Gia Lai là 84,2%, tỉnh Kon Tum 88%")."""
    words = target.entity.strip(" ,;.…-")
    if not _WORD.search(words):
        return True
    low = fold(words).lower()
    if low.startswith("/") or (q.kind not in ("count", "noun") and target.value.unit
                               and low == fold(target.value.unit).lower()):
        return True
    return any(fold(p[2]).lower() == low for p in an.places_in(cl.start, q.start))


def _same_sentence(an: Analysis, prev: Target, st: Sentence) -> bool:
    s, e = an.norm.to_orig(st.start, st.end)
    return s <= prev.evidence.start < e


def _target(an: Analysis, w: Words, t: str, cl: Clause, st: Sentence, q: Quantity,
            around: tuple[Quantity | None, Quantity | None],
            para_scope: dict[int, int | None]) -> Target:
    prev_year = previous_sentence_year(an, st)
    year, dl_text = deadline_for(an, w, t, st, q, prev_year, para_scope.get(st.para), cl.end)
    nxt = around[1]
    # An annual cue after the value belongs to it only up to the next value ("… 400 triệu USD, tăng bình
    # quân hàng năm 10%": the cue is the growth's, not the amount's).
    clause_text = t[back(cl.start, q):min([cl.end, q.end + LOOKBACK] + ([nxt.start] if nxt and nxt.start > q.end
                                                                          else []))]
    metric, qualifier = metric_of(an, w, t, cl, st, q)
    # Before the value, an annual cue is its own only inside its comma-bounded part ("tăng trưởng GRDP hằng năm,
    # phấn đấu … chiếm 8% GRDP": the cue is the growth's); at the start of the sentence or clause it heads it
    # ("mỗi năm hỗ trợ đổi mới thiết bị cho 4-6 hợp tác xã").
    own_part = max(back(cl.start, q), t.rfind(",", back(cl.start, q), q.start) + 1)
    lead = len(t[cl.start:cl.start + 8]) - len(t[cl.start:cl.start + 8].lstrip(" ,;:-+•–"))
    annual = q.annual or bool(w.annual.search(t, own_part, len(clause_text) + back(cl.start, q))) or bool(
        w.annual.match(t, st.start, st.start + w.annual_reach)) or bool(
        w.annual.match(t, cl.start + lead, cl.start + lead + w.annual_reach))
    if metric == "growth" and dl_text and w.period_word.search(lower(dl_text)) and w.average.search(clause_text):
        annual = True  # "Giai đoạn 2021 - 2030, … tăng bình quân 6,8%": an average growth over a period is yearly
    if annual and an.period_end is not None and (year is None or dl_text is None):
        year = an.period_end  # a yearly target runs to its period's last year, not an inherited vision year
    unit = q.unit
    if q.kind == "noun":
        unit = wordseg.first_word(an.norm.norm[q.num_end:min(cl.end, q.num_end + 60)])
    if q.kind == "bare":
        unit = subject_rate(t[back(cl.start, q):q.start]) if metric == "rate" else (
            subject_count(t[back(cl.start, q):q.start]) if metric == "count" else None)
        if metric == "level" and (d := w.duration_after.match(an.norm.norm, q.end, min(cl.end, q.end + 12))):
            unit = d.group(0).strip()  # "thời gian khai thác đạt tối thiểu 25 năm": a duration in years
    if metric == "level" and qualifier == "max":
        unit = rank_unit(w, t, q) or unit or wordseg.first_word(an.norm.norm[q.num_end:min(cl.end, q.num_end + 60)])
    direction = direction_of(w, t, cl, q)
    entity = entity_of(an, w, t, cl, st, q, around)
    if metric == "rate" and q.kind == "count" and q.per:
        unit = f"{q.unit}/{q.per}"
    ev_text, ev_s, ev_e = an.norm.orig_span(cl.start, cl.end)
    vtext, _, _ = an.norm.orig_span(q.start, q.end)
    agency, agency_source = agency_of(an, w, t, st, q)
    return Target(
        entity=entity,
        metric=metric,
        value=Value(low=as_number(q.low), high=as_number(q.high), unit=unit_text(an, q, unit), qualifier=qualifier,
                    text=vtext),
        deadline=Deadline(year=year, recurring="annual" if annual else None, text=dl_text),
        agency=agency, agency_source=agency_source,
        location=location_of(an, w, t, cl, st, q),
        evidence=Span(text=ev_text, start=ev_s, end=ev_e),
        direction=direction,
    )
