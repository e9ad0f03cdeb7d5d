"""Who delivers a target and where: named in its sentence, the table row, a heading, the assignment, the issuer."""

from __future__ import annotations

from extractor.rules.numbers import Quantity
from extractor.targets.analysis import LOOKBACK, Analysis, back
from extractor.targets.cues import Words
from extractor.text.segment import Clause, Sentence


def agency_of(an: Analysis, w: Words, t: str, st: Sentence, q: Quantity) -> tuple[str | None, str | None]:
    """The body responsible and why, by the contract's order: named as the sentence's subject, else the
    table row's lead column or a heading that names a body, else the body the document puts in charge,
    else the issuer."""
    norm = an.norm.norm
    for s, e in reversed(an.orgs_in(st.start, q.start)):
        if e <= q.start and w.subject_verbs.match(t[e:e + 30]):
            return norm[s:e], "sentence"
    for p in reversed(an.places_in(st.start, q.start)):
        # "tỉnh Quảng Bình được giao tỷ lệ …", "tỉnh X đặt mục tiêu …": a province that is assigned or sets a
        # target delivers it through its people's committee.
        rank = w.rank_before.search(t, max(0, p[0] - 14), p[0])
        if rank and (w.assigned_after.match(t, p[1], min(len(t), p[1] + 20))
                     or w.subject_verbs.match(t[p[1]:p[1] + 30])):  # "tỉnh X đặt mục tiêu …" too
            return f"UBND {norm[rank.start():rank.end()].strip().lower()} {p[2]}", "sentence"
    row = an.row_agency(q.num_start)
    if row:
        return row, "table"
    # The innermost heading above the target that names a body ("1. Sở Y tế", "2.3. Đề nghị Công an tỉnh").
    ancestors = an.parents[st.para] if st.para < len(an.parents) else ()
    for i in reversed((*ancestors, st.para)):
        if an.headings.get(i):
            return an.headings[i], "heading"
    if an.sector_bodies.get(st.para):  # "b) Về y tế" and Tổ chức thực hiện gives the health sector to Sở Y tế
        return an.sector_bodies[st.para], "assignment"
    if an.in_charge:
        return an.in_charge, "assignment"
    return an.issuer, "issuer" if an.issuer else None


def location_of(an: Analysis, w: Words, t: str, cl: Clause, st: Sentence, q: Quantity) -> str | None:
    here = [p for p in an.places_in(cl.start, q.start) if p[1] <= q.start]
    if here:
        return here[-1][2]
    if w.national.search(t[back(cl.start, q):q.start]) or (
            w.national.search(t[back(st.start, q):min(st.end, q.end + LOOKBACK)]) and an.location is None):
        return "Việt Nam"
    return an.location
