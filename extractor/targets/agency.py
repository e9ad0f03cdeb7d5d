"""Who delivers a target and where: named in its sentence, the table row, a heading, the assignment, the issuer."""

from __future__ import annotations

import regex

from extractor.rules.agencies import country_name
from extractor.rules.numbers import Quantity
from extractor.targets.analysis import LOOKBACK, Analysis, back
from extractor.targets.cues import Words
from extractor.text.segment import Clause, Sentence


def agency_of(an: Analysis, w: Words, t: str, st: Sentence, q: Quantity) -> tuple[str | None, str | None]:
    """The body responsible and why, by the contract's order: named as the sentence's subject, else the
    table row's lead column or a heading that names a body, else the body the document puts in charge,
    else the issuer."""
    # A province holding the value in a list comes first: a body that assigns the list ("Bộ Y tế giao …,
    # trong đó tỉnh X 93%") is not the one that delivers it.
    named = holder_province(an, w, t, st, q) or subject_body(an, w, t, st.start, q.start, w.agent_verbs)
    # A body that sets the aim in an earlier sentence of the paragraph ("Năm 2025, tỉnh X đặt mục tiêu GRDP
    # tăng 8%. Tổng thu ngân sách … không thấp hơn …") delivers what the paragraph goes on to list.
    named = named or subject_body(an, w, t, max(an.paras[st.para].body, st.start - LOOKBACK), st.start,
                                  w.aim_setters)
    if named:
        return named, "sentence"
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


def subject_body(an: Analysis, w: Words, t: str, s0: int, e0: int, verbs: regex.Pattern[str]) -> str | None:
    """The last body in [s0, e0) named as the subject of `verbs` ("Sở Y tế phấn đấu …"), or a province that
    is assigned or sets a target ("tỉnh Quảng Bình được giao tỷ lệ …", "tỉnh X đặt mục tiêu …"), which
    delivers it through its people's committee: whichever stands nearer the value ("Bộ Y tế giao …, tỉnh X
    được giao tỷ lệ … 95%": the province's). A body inside the province's assignment ("tỉnh X được Chính phủ
    giao …") assigns; a province inside a body's name ("Sở Y tế tỉnh X") is that body's."""
    norm = an.norm.norm
    body = next(((s, e) for s, e in reversed(an.orgs_in(s0, e0)) if e <= e0 and verbs.match(t[e:e + 30])), None)
    for start, end, province in reversed(an.places_in(s0, e0)):
        if body is not None and start < body[1] and end > body[0]:
            continue  # part of the body's own name
        rank = _rank(an, w, t, start, end, 0)
        if rank is None:
            continue
        assigned = w.assigned_after.match(t, end, min(len(t), end + _ASSIGNED_REACH))
        if body is not None and end <= body[0] and not (assigned and assigned.end() >= body[1]):
            break  # the body stands nearer the value
        if assigned or verbs.match(t[end:end + 30]):
            return _committee(norm, rank, province)
    return norm[body[0]:body[1]] if body else None


# How far after a province its assignment reaches: the longest cue ("được Thủ tướng Chính phủ giao") and spaces.
_ASSIGNED_REACH = 40


def _rank(an: Analysis, w: Words, t: str, start: int, end: int, lo: int) -> regex.Match[str] | None:
    """The rank word of the place at [start, end): before it ("tỉnh Quảng Bình"), or inside its span when the
    name takes its rank in ("thành phố Hồ Chí Minh", read on the matching text: the cue text blanks it)."""
    return w.rank_before.search(t, max(lo, start - 14), start) or w.rank_at.match(an.match_text, start, end)


def _committee(norm: str, rank: regex.Match[str], province: str) -> str:
    """The people's committee through which a province named with its rank word delivers ("UBND tỉnh X")."""
    word = norm[rank.start():rank.end()].strip()
    return f"UBND {word if word.isupper() else word.lower()} {province}"  # "TP." stays an abbreviation


def holder_province(an: Analysis, w: Words, t: str, st: Sentence, q: Quantity) -> str | None:
    """A province named with its rank word right before the value, at most a link word between ("…, trong
    đó tỉnh Bắc Giang 93,5%, tỉnh An Giang là 92%"): the value is that province's, and a province delivers
    through its people's committee. "tỉnh X có 20 …" is no such list item: the province is the scope."""
    here = an.places_in(st.start, q.start)
    if not here or here[-1][1] > q.start or not w.holder_link.fullmatch(t, here[-1][1], q.start):
        return None
    start, end, province = here[-1]
    rank = _rank(an, w, t, start, end, st.start)
    return _committee(an.norm.norm, rank, province) if rank else None


def location_of(an: Analysis, w: Words, t: str, cl: Clause, st: Sentence, q: Quantity) -> str | None:
    here = [p for p in an.places_in(cl.start, q.start) if p[1] <= q.start]
    if here:
        return here[-1][2]
    if w.national.search(t[back(cl.start, q):q.start]) or (
            w.national.search(t[back(st.start, q):min(st.end, q.end + LOOKBACK)]) and an.location is None):
        return country_name()
    return an.location
