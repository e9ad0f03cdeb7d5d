"""What a block's targets get after assembly: their section path and how many values their paragraph states
(for de-duplication), then offsets into the whole text, and in a text without diacritics the body's name
spelt as the known names are and the unit as the text writes it; last, the current province."""

from __future__ import annotations

import bisect

from extractor.context.names import restore_diacritics
from extractor.models import Target
from extractor.rules import provinces
from extractor.rules.agencies import country_name
from extractor.targets.analysis import Analysis
from extractor.text.normalize import fold


def finish(an: Analysis, found: list[Target], offset: int) -> list[tuple[Target, int]]:
    """The targets `found` in the block `an`, which starts at `offset` of the whole text, each with how
    many values its paragraph states."""
    out = _placed(an, found)
    for t, _ in out:
        t.evidence.start += offset
        t.evidence.end += offset
        if an.folded:  # names in the spelling records join on; units as the text writes them
            t.agency = restore_diacritics(t.agency)
            t.value.unit = fold(t.value.unit) if t.value.unit else t.value.unit
        t.location_current = provinces.to_current_province(t.location) if t.location != country_name() else None
    return out


def _placed(an: Analysis, found: list[Target]) -> list[tuple[Target, int]]:
    """Each target with the section path of the paragraph its evidence starts in (block offsets), and that
    paragraph's number of values."""
    per_para = values_per_paragraph(an)
    para_starts = [an.norm.to_orig(p.start, p.start)[0] for p in an.paras]
    out = []
    for t in found:
        i = bisect.bisect_right(para_starts, t.evidence.start) - 1
        if i >= 0:
            sec = an.paragraph_sections[i]
            t.section = list(sec.path[:-1] if sec.heading else sec.path)
        out.append((t, per_para.get(i, 0)))
    return out


def values_per_paragraph(an: Analysis) -> dict[int, int]:
    """Paragraph → how many values the rules found in it, page furniture too (-1: before the first)."""
    counts: dict[int, int] = {}
    starts = [p.start for p in an.paras]
    for q in an.all_quantities:
        i = bisect.bisect_right(starts, q.num_start) - 1
        counts[i] = counts.get(i, 0) + 1
    return counts
