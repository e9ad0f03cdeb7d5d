"""The kind of measure of a value (metric, qualifier), its unit and its direction."""

from __future__ import annotations

from functools import cache

import regex

from extractor.rules.lexicon import alternation, cue_forms, lexicon, slot_alternations
from extractor.rules.numbers import Quantity
from extractor.targets.analysis import Analysis, back
from extractor.targets.cues import Words
from extractor.text.normalize import fold
from extractor.text.segment import Clause, Sentence


def metric_of(an: Analysis, w: Words, t: str, cl: Clause, st: Sentence, q: Quantity) -> tuple[str, str]:
    """The kind of measure and its qualifier: a rank is a level of at most N; a multiple a growth factor; a
    percentage a share unless a growth verb or head governs it; money and physical units an amount."""
    qual = q.qualifier
    rank = w.rank_lead.search(t[max(cl.start, q.start - 40):q.num_start]) or w.rank_near.search(
        t[max(cl.start, q.start - 8):q.num_start])
    if rank or (q.kind == "count" and q.unit and w.rank_count_noun.fullmatch(q.unit)
                and w.rank_count_lead.search(t[max(cl.start, q.start - 12):q.num_start])):
        return "level", "max" if not q.is_range else "range"
    if q.kind == "score" or (q.kind == "bare" and w.duration_after.match(t, q.end, min(cl.end, q.end + 12))):
        return "level", qual
    if q.kind == "ratio" and not q.per:
        if w.level_before.search(t, max(cl.start, q.start - 12), q.start):
            return "rate", qual  # "giảm … còn 1,7 lần": the ratio it falls to, not a growth factor
        return "growth", qual  # "tăng gấp 3 lần so với năm 2020", "gấp 1,5 lần năm 2025": a growth factor
    if q.kind == "percent":
        if w.level_in_value.search(t, q.start, q.num_start):
            return "share", qual  # "giảm còn dưới 2%": the level it falls to
        if w.share_verb_before.search(t, max(cl.start, q.start - 16), q.start):
            return "share", qual  # "du lịch chiếm 8% GRDP", though growth is spoken of before
        if (w.growth_before.search(t[max(cl.start, q.start - 40):q.start])
                or w.growth_head.search(t[back(cl.start, q):q.start])):
            return "growth", qual
        # "giảm … 5%/năm", "kéo giảm … từ 5% trở lên mỗi năm": a yearly change
        right = t.find(",", q.end, min(cl.end, q.end + 24))
        if (q.annual or w.annual.search(t, q.end, right if right >= 0 else min(cl.end, q.end + 24))) and (
                w.increase_before.search(t, back(cl.start, q), q.start)
                         or w.decrease_before.search(t, back(cl.start, q), q.start)):
            return "growth", qual
        return "share", qual
    if q.kind in ("currency", "area", "length", "power", "energy", "mass", "volume", "speed", "other"):
        return ("rate" if q.per else "amount"), qual
    if q.kind == "ratio" or q.per:
        return "rate", qual
    if q.kind in ("count", "noun"):
        return "count", qual
    subject = t[back(cl.start, q):q.start]
    if subject_rate(subject):
        return "rate", qual
    if subject_count(subject):
        return "count", qual
    return "level", qual


@cache
def _subject_units() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(a rate in a bare value's subject: "số sinh viên/vạn dân", "… trên 1.000 người"; a count: "số doanh
    nghiệp", "tổng số …"), the words of `subject_unit_words` with and without marks."""
    w = slot_alternations("lexicon.json", "subject_unit_words", plain_too=True)
    rate = regex.compile(
        rf"(?:(?:{w['count_lead']})\s+)?(\p{{L}}+(?:\s\p{{L}}+){{0,2}}?)(?:\s+\p{{L}}+){{0,2}}\s*"
        rf"(?:/|\s+(?:{w['per']})\s+)\s*((?:\d[\d.]*\s*)?(?:{w['denominators']}))(?!\p{{L}})"
    )
    words = lexicon()["subject_unit_words"]
    heads = words["count_heads"] + words["count_lead"]
    counts = alternation(cue_forms(heads) | cue_forms(heads, folded=True))
    return rate, regex.compile(rf"(?<!\p{{L}})(?:{counts})\s+(\p{{L}}+(?:\s\p{{L}}+)?)")


def subject_rate(subject: str) -> str | None:
    """'số sinh viên đại học/vạn dân đạt 260': the unit of a bare value stands in its subject."""
    m = _subject_units()[0].search(subject)
    return f"{m.group(1)}/{m.group(2)}" if m else None


def subject_count(subject: str) -> str | None:
    """'số doanh nghiệp đạt 1.000': the counted noun of a bare value."""
    m = _subject_units()[1].search(subject)
    return m.group(1) if m else None


def rank_unit(w: Words, t: str, q: Quantity) -> str | None:
    """The word a rank is counted in: "top 03 vùng …" is a rank in the top, not a count of regions; "đứng
    thứ 15" a place (hạng)."""
    if q.rank:
        return q.rank
    m = w.rank_unit_word.search(t, q.start, q.num_start)
    return w.rank_units.get(_SPACES.sub(" ", m.group(0))) if m else None


_SPACES = regex.compile(r"\s+")


def direction_of(w: Words, t: str, cl: Clause, q: Quantity) -> str | None:
    before = t[back(cl.start, q):q.start]
    if w.decrease_before.search(before):
        return "decrease"
    if w.increase_before.search(before):
        return "increase"
    return None


def as_number(v: float) -> float | int:
    return int(v) if v.is_integer() and abs(v) < 2**53 else v


def unit_text(an: Analysis, q: Quantity, unit: str | None) -> str | None:
    """A counted noun as the text writes it ("sản phẩm OCOP", not the lower-cased match); other units as
    normalised ("%", "VND", "ha")."""
    if q.kind != "count" or not unit or "/" in unit:
        return unit
    lead = len(an.norm.norm[q.num_end:q.num_end + 8]) - len(an.norm.norm[q.num_end:q.num_end + 8].lstrip())
    surface = an.norm.norm[q.num_end + lead:q.num_end + lead + len(unit)]
    return surface if fold(surface).lower() == fold(unit).lower() else unit
