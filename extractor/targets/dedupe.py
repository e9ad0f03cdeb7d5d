"""A target restated (headline and body) comes out once."""

from __future__ import annotations

from extractor.models import Target
from extractor.text.normalize import fold


def dedupe(found: list[Target], context: dict[int, int]) -> list[Target]:
    """A target restated (headline and body, caption and text) comes out once. The statement kept is
    the one with the richest context — the paragraph stating most values, i.e. the body, not the
    headline or a caption —, on a tie the fuller sentence (a headline is the shortest statement: "X: đến
    năm 2025, … khoảng 10%"), and the earliest of those."""
    best: dict[tuple, int] = {}
    for i, t in enumerate(found):
        key = _key(t)
        j = best.get(key)
        if j is None or _weight(t, context.get(i, 0)) > _weight(found[j], context.get(j, 0)):
            best[key] = i
    keep = set(best.values())
    # The statement kept takes the most specific agency any statement of the fact gives: a plan's body names
    # a target, its annex table names the body that leads it.
    rank = {src: n for n, src in enumerate(_SPECIFICITY)}
    for i, t in enumerate(found):
        kept = found[best[_key(t)]]
        if i not in keep and rank.get(t.agency_source, 99) < rank.get(kept.agency_source, 99):
            kept.agency, kept.agency_source = t.agency, t.agency_source
    return [t for i, t in enumerate(found) if i in keep]


def _weight(t: Target, richness: int) -> tuple[int, int]:
    return richness, len(t.evidence.text)


_SPECIFICITY = ("sentence", "table", "heading", "assignment", "issuer")


def _key(t: Target) -> tuple:
    return (t.metric, t.value.low, t.value.high, t.value.unit, t.deadline.year, fold(t.entity).lower()[:60])
