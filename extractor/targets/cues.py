"""The lexicon's cue lists compiled once per mode (with or without diacritics)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.rules.lexicon import alternation, cue_forms, lexicon, load_json


@dataclass(frozen=True)
class Words:
    lead_in: regex.Pattern[str]
    cut: regex.Pattern[str]
    tail: regex.Pattern[str]
    measure: regex.Pattern[str]
    growth_before: regex.Pattern[str]
    decrease_before: regex.Pattern[str]
    history: regex.Pattern[str]
    target: regex.Pattern[str]
    means: regex.Pattern[str]
    annual: regex.Pattern[str]
    introducer: regex.Pattern[str]
    baseline_before: regex.Pattern[str]
    national: regex.Pattern[str]
    subject_verbs: regex.Pattern[str]
    growth_head: regex.Pattern[str]
    growth_filler: regex.Pattern[str]
    period_word: regex.Pattern[str]
    aim_heading: regex.Pattern[str]
    share_marker: regex.Pattern[str]
    average: regex.Pattern[str]
    rank_before: regex.Pattern[str]
    assigned_after: regex.Pattern[str]
    next_predicate: regex.Pattern[str]


def _alt(words: list[str], folded: bool) -> str:
    return alternation(cue_forms(words, folded))


@lru_cache(maxsize=2)
def words(folded: bool) -> Words:
    """The lexicon's cue lists compiled for one mode (with or without diacritics)."""
    lx = lexicon()
    a = lambda k: _alt(lx[k], folded)  # noqa: E731
    b, e = r"(?<![\p{L}\d])", r"(?![\p{L}\d])"
    return Words(
        lead_in=regex.compile(rf"^(?:[\s,:;.\-+•–]|{b}(?:{a('lead_ins')}){e})+"),
        cut=regex.compile(rf"(?:{a('subject_cut_words')})\s*:?|:"),
        tail=regex.compile(
            rf"(?:[\s,:;.\-]|{b}(?:{a('entity_stop_tail')}|{a('value_verbs')}|{_alt(qual_words(), folded)}|"
            + a("entity_tail_words") + rf"){e}"
            rf"|{b}(?:19|20)\d\d{e})+$"
        ),
        measure=regex.compile(rf"{b}(?:{a('measure_heads')}){e}"),
        growth_before=regex.compile(
            rf"{b}(?:{a('growth_verbs')})"
            rf"(?:\s+(?:{a('growth_modifiers')}))?\s*$"
        ),
        decrease_before=regex.compile(rf"{b}(?:{a('decrease_verbs')}){e}"),
        # Not inside "phát hiện có", "thực hiện có", "thể hiện …": those are no history.
        history=regex.compile(rf"{b}(?<!(?:phát|thực|thể|xuất|phat|thuc|the|xuat) )(?:{a('history_cues')}){e}"),
        target=regex.compile(rf"{b}(?:{a('target_cues')}){e}"),
        means=regex.compile(rf"{b}(?:{a('means_cues')}){e}"),
        annual=regex.compile(rf"(?:{b}(?:{_alt([w for w in lx['annual_cues'] if not w.startswith('/')], folded)}){e})"),
        introducer=regex.compile(rf"{b}(?:{a('level_verbs')}|{a('introducer_words')}){e}"),
        baseline_before=regex.compile(rf"{b}(?:{a('baseline_words')}){e}[^,;]{{0,25}}$"),
        national=regex.compile(rf"{b}(?:{a('national_cues')}){e}"),
        subject_verbs=regex.compile(rf"^[\s,]*(?:(?:{a('subject_adverbs')})\s+)?(?:{a('subject_verbs')}){e}"),
        growth_head=regex.compile(rf"{b}(?:{a('growth_heads')}){e}"),
        growth_filler=regex.compile(rf"{b}(?:{a('growth_fillers')}){e}"),
        period_word=regex.compile(rf"{b}(?:{a('period_words')}){e}"),
        aim_heading=regex.compile(rf"{b}(?:{a('aim_heading_words')}){e}"),
        share_marker=regex.compile(rf"/\s*\p{{L}}|{b}(?:{a('share_markers')}){e}"),
        average=regex.compile(rf"{b}(?:{a('average_words')}){e}"),
        rank_before=regex.compile(rf"{b}(?:{a('place_ranks')})\s+$"),
        assigned_after=regex.compile(rf"\s*(?:{_alt(load_json('context.json')['assigned_cues'], folded)}){e}"),
        next_predicate=regex.compile(rf"(?:,\s*|\s+(?:{a('predicate_joiners')})\s+)(?:{a('clause_verbs')}){e}"),
    )


def qual_words() -> list[str]:
    lx = lexicon()
    return [w for ws in lx["qualifiers_before"].values() for w in ws]
