"""A target restated (headline and body) comes out once."""

from __future__ import annotations

from extractor.models import Target
from extractor.text.normalize import fold


def dedupe(found: list[Target], context: dict[int, int]) -> list[Target]:
    """A target restated (headline and body, caption and text) comes out once. The statement kept is
    the one with the richest context — the paragraph stating most values, i.e. the body, not the
    headline or a caption — and the earliest of those."""
    best: dict[tuple, int] = {}
    for i, t in enumerate(found):
        key = (t.metric, t.value.low, t.value.high, t.value.unit, t.deadline.year, fold(t.entity).lower()[:60])
        j = best.get(key)
        if j is None or context.get(i, 0) > context.get(j, 0):
            best[key] = i
    keep = set(best.values())
    return [t for i, t in enumerate(found) if i in keep]
