"""The lexicon's cue lists compiled once per mode (with or without diacritics)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.rules.lexicon import alternation, cue_forms, lexicon, load_json
from extractor.text.normalize import fold


@dataclass(frozen=True)
class Words:
    lead_in: regex.Pattern[str]
    cut: regex.Pattern[str]
    tail: regex.Pattern[str]
    tail_object: regex.Pattern[str]
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
    rank_at: regex.Pattern[str]  # a place's rank word where its span opens ("thành phố Hồ Chí Minh")
    holder_link: regex.Pattern[str]
    assigned_after: regex.Pattern[str]
    next_predicate: regex.Pattern[str]
    strong_aim: regex.Pattern[str]
    aim_connective: regex.Pattern[str]
    continuation: regex.Pattern[str]
    value_statement: regex.Pattern[str]
    share_verb_before: regex.Pattern[str]
    share_verb: regex.Pattern[str]
    share_before: regex.Pattern[str]
    level_in_value: regex.Pattern[str]
    level_before: regex.Pattern[str]
    share_whole_after: regex.Pattern[str]
    money_means: regex.Pattern[str]
    elimination_before: regex.Pattern[str]
    condition: regex.Pattern[str]
    place_before: regex.Pattern[str]
    joined: regex.Pattern[str]
    joiner_end: regex.Pattern[str]
    bare_verb_before: regex.Pattern[str]
    rank_word: regex.Pattern[str]
    from_before: regex.Pattern[str]
    range_end_after: regex.Pattern[str]
    age_verb_before: regex.Pattern[str]
    age_verb_at: regex.Pattern[str]
    reach_before: regex.Pattern[str]
    noun_lead_before: regex.Pattern[str]
    relative_before: regex.Pattern[str]
    statement_verb: regex.Pattern[str]
    item_stop: regex.Pattern[str]
    duration_after: regex.Pattern[str]
    aim_header: regex.Pattern[str]
    rank_lead: regex.Pattern[str]
    rank_near: regex.Pattern[str]
    rank_count_noun: regex.Pattern[str]
    rank_count_lead: regex.Pattern[str]
    rank_unit_word: regex.Pattern[str]
    increase_before: regex.Pattern[str]
    reference_before: regex.Pattern[str]
    aim_setters: regex.Pattern[str]
    agent_verbs: regex.Pattern[str]
    action_only: regex.Pattern[str]
    attainment_after: regex.Pattern[str]
    rank_units: dict[str, str]
    # The last word of every tail word of `tail` and `tail_object` (`tail_word_ends`).
    tail_ends: frozenset[str]
    tail_parts: frozenset[str]
    annual_reach: int  # how far an annual cue that opens a sentence or clause reaches: its longest form


def _alt(words: list[str], folded: bool) -> str:
    return alternation(cue_forms(words, folded))


@lru_cache(maxsize=2)
def words(folded: bool) -> Words:
    """The lexicon's cue lists compiled for one mode (with or without diacritics)."""
    lx = lexicon()
    a = lambda k: _alt(lx[k], folded)  # noqa: E731
    u = lambda k: _alt(unambiguous(lx[k], folded), folded) or "(?!)"  # noqa: E731
    b, e = r"(?<![\p{L}\d])", r"(?![\p{L}\d])"
    return Words(
        lead_in=regex.compile(rf"^(?:[\s,:;.\-+•–]|{b}(?:{a('lead_ins')}){e})+"),
        cut=regex.compile(rf"(?:{a('subject_cut_words')})\s*:?|:"),
        tail=regex.compile(
            rf"(?:[\s,:;.\-]|{b}(?:{a('entity_stop_tail')}|{a('value_verbs')}|"
            rf"{_alt(unambiguous(qual_words(), folded), folded) or '(?!)'}|"
            + rf"(?<!{b}(?:{a('entity_tail_keep_after')})\s+)(?:{a('entity_tail_words')})){e}"
            rf"|{b}(?:19|20)\d\d{e})+$"
        ),
        # After the value, without diacritics, a one-syllable tail word is more often a syllable of the noun
        # ("kien co" is kiên cố, "huu co" hữu cơ, not "… có").
        tail_object=regex.compile(
            rf"(?:[\s,:;.\-]|{b}(?:{a('entity_stop_tail')}|{u('value_verbs')}|{_alt(qual_words(), folded)}|"
            + rf"(?<!{b}(?:{a('entity_tail_keep_after')})\s+)(?:{u('entity_tail_words')})){e}"
            rf"|{b}(?:19|20)\d\d{e})+$"
        ),
        measure=regex.compile(rf"{b}(?:{a('measure_heads')}){e}"),
        growth_before=regex.compile(
            rf"{b}(?:{a('growth_verbs')})"
            rf"(?:\s+(?:{a('growth_modifiers')}))?\s*$"
        ),
        decrease_before=regex.compile(rf"{b}(?:{a('decrease_verbs')}){e}"),
        # Not inside "phát hiện có", "thực hiện có", "thể hiện …", nor, without diacritics, inside "tối đa",
        # "đa quốc gia" ('da' is đã and đa): those are no history.
        # (The lookahead first: the lookbehind's alternation is tried only where a cue stands.)
        history=regex.compile(rf"{b}(?=(?:{a('history_cues')}){e})(?<!(?:{a('history_false_before')}) )"
                              rf"(?!(?:{a('history_false_compounds')}){e})(?:{a('history_cues')}){e}"),
        target=regex.compile(rf"{b}(?:{u('target_cues')}){e}"),
        means=regex.compile(rf"{b}(?:{a('means_cues')}){e}"),
        annual=regex.compile(rf"(?:{b}(?:{_alt([w for w in lx['annual_cues'] if not w.startswith('/')], folded)}){e})"),
        introducer=regex.compile(rf"{b}(?:{a('level_verbs')}|{a('introducer_words')}){e}"),
        baseline_before=regex.compile(rf"{b}(?:{a('baseline_words')}){e}[^,;]{{0,25}}$"),
        # Not a standard's level ("đạt chuẩn quốc gia", "quy chuẩn quốc gia") nor "đa quốc gia" (multinational).
        national=regex.compile(rf"{b}(?=(?:{a('national_cues')}){e})(?<!(?:{a('national_false_before')})\s)"
                               rf"(?:{a('national_cues')}){e}"),
        subject_verbs=regex.compile(rf"^[\s,]*(?:(?:{a('subject_adverbs')})\s+)?(?:{a('subject_verbs')}){e}"),
        growth_head=regex.compile(rf"{b}(?:{a('growth_heads')}){e}"),
        growth_filler=regex.compile(rf"{b}(?:{a('growth_fillers')}){e}"),
        period_word=regex.compile(rf"{b}(?:{a('period_words')}){e}"),
        aim_heading=regex.compile(rf"{b}(?:{a('aim_heading_words')}){e}"),
        share_marker=regex.compile(rf"/\s*\p{{L}}|{b}(?:{a('share_markers')}){e}"),
        average=regex.compile(rf"{b}(?:{a('average_words')}){e}"),
        rank_before=regex.compile(rf"{b}(?:{a('place_ranks')})\s+$"),
        rank_at=regex.compile(rf"(?:{a('place_ranks')})\s+"),
        holder_link=regex.compile(rf"[\s:]*(?:(?:{a('holder_links')}){e}[\s:]*)?"),
        assigned_after=regex.compile(rf"\s*(?:{_alt(load_json('context.json')['assigned_cues'], folded)}){e}"),
        next_predicate=regex.compile(rf"(?:,\s*|\s+(?:{a('predicate_joiners')})\s+)(?:{a('clause_verbs')}){e}"),
        **_value_words(a, u, b, e),
        rank_units={fold(k).lower() if folded else k.lower(): v for k, v in lx["rank_units"].items()},
        annual_reach=max(len(f) for f in cue_forms(lx["annual_cues"], folded)) + 1,
        tail_ends=tail_word_ends(folded),
        tail_parts=tail_word_parts(folded),
    )


def _value_words(a: Callable[[str], str], u: Callable[[str], str], b: str, e: str) -> dict[str, regex.Pattern[str]]:
    """The patterns of the value rules (aim.is_target_value, the sentence classes of aim_sentences, the
    share-of-a-whole reading of measure and entity)."""
    return {
        "strong_aim": regex.compile(rf"{b}(?:{a('strong_aim_cues')}){e}"),
        "aim_connective": regex.compile(rf"^[\s\-+•–]*(?:{a('aim_connectives')}){e}"),
        "continuation": regex.compile(rf"\s*(?:{a('continuation_words')}){e}"),
        "value_statement": regex.compile(
            rf"(?:^|[;,]\s*)(?:[^;,]{{0,120}}?{b}(?:{a('statement_verbs')})\s+[^;,]{{0,20}}?\d|\s*\d[\d.,]*\s*%)"),
        "share_verb_before": regex.compile(rf"{b}(?:{a('share_verbs')})\s*$"),
        "share_verb": regex.compile(rf"(?:{a('share_verbs')})"),
        "level_in_value": regex.compile(rf"{b}(?:{a('level_words')}){e}"),
        "level_before": regex.compile(rf"{b}(?:{a('level_words')})\s*$"),
        "share_before": regex.compile(rf"{b}(?:{a('share_verbs')}|{a('share_markers')})\s*$"),
        "share_whole_after": regex.compile(rf"\s*(?:{a('share_wholes')}){e}"),
        "money_means": regex.compile(rf"{b}(?:{a('money_means_cues')}){e}"),
        "elimination_before": regex.compile(rf"{b}(?:{a('elimination_words')})\s+(?:\p{{L}}+\s+){{1,4}}$"),
        "condition": regex.compile(rf"{b}(?:{a('condition_cues')}){e}"),
        "place_before": regex.compile(rf"{b}(?:{a('place_prepositions')})\s*$"),
        "joined": regex.compile(rf"[\s,]*(?:(?:{a('list_joiners')})\s*)?(?:(?:{a('joined_fillers')})\s*)?"),
        "joiner_end": regex.compile(rf"{b}(?:{a('list_joiners')})\s*(?:(?:{a('joined_fillers')})\s*)?$"),
        "bare_verb_before": regex.compile(rf"{b}(?:{a('bare_value_verbs')})\s*(?:\p{{L}}+\s+){{0,3}}$"),
        "rank_word": regex.compile(rf"{b}(?:{a('rank_words')}){e}"),
        "from_before": regex.compile(rf"{b}(?:{a('from_words')})\s*$"),
        "range_end_after": regex.compile(
            rf"\s*(?:{a('range_end_words')})\s+(?:(?:{a('range_end_fillers')})\s+)?\d"),
        "age_verb_before": regex.compile(rf"{b}(?:{a('age_value_verbs')})\s*$"),
        "age_verb_at": regex.compile(rf"(?:{a('age_value_verbs')}){e}"),
        "reach_before": regex.compile(rf"{b}(?:{a('reach_words')})\s*$"),
        "noun_lead_before": regex.compile(rf"(?:^|[:;,]|{b}(?:{a('noun_value_leads')}))\s*$"),
        "relative_before": regex.compile(rf"{b}(?:{a('relative_markers')})\s+(?:\p{{L}}+\s+){{0,4}}$"),
        "statement_verb": regex.compile(rf"{b}(?:{a('statement_verbs')}){e}"),
        "item_stop": regex.compile(rf"{b}(?:{a('item_stop_words')}){e}"),
        "aim_header": regex.compile(rf"{b}(?:{a('aim_header_words')}){e}"),
        "rank_lead": regex.compile(rf"{b}(?:{a('rank_lead_words')}|{a('rank_words')})\s*$"),
        "rank_near": regex.compile(rf"{b}(?:{a('rank_words')})\s*$"),
        "rank_count_noun": regex.compile(rf"(?:{a('rank_count_nouns')})"),
        "rank_count_lead": regex.compile(rf"{b}(?:{a('rank_count_leads')})\s*$"),
        "rank_unit_word": regex.compile(rf"{b}(?:{a('rank_units')}){e}"),
        "increase_before": regex.compile(rf"{b}(?:{a('increase_verbs')}){e}"),
        "aim_setters": regex.compile(rf"^[\s,]*(?:(?:{a('subject_adverbs')})\s+)?(?:{a('aim_setting_verbs')}){e}"),
        # A body right before what it does ("Trung tâm … tổ chức ít nhất 20 phiên", "Sở Nội vụ có nhiệm vụ bảo
        # đảm 100% …"): a clause verb, not a value verb ("… của Sở Y tế đạt 90%").
        "agent_verbs": regex.compile(
            rf"^[\s,]*(?:(?:{a('subject_adverbs')})\s+)?(?:{a('subject_verbs')}|{a('agent_words')}|"
            rf"(?!(?:{a('value_verbs')}){e})(?:{a('clause_verbs')})){e}"),
        "action_only": regex.compile(rf"(?:(?:{a('clause_verbs')}|{a('action_words')})(?:\s+|$))+"),
        "attainment_after": regex.compile(rf"\s*(?:{a('attainment_wholes')}){e}"),
        "reference_before": regex.compile(rf"{b}(?:{a('reference_words')}){e}"),
        "duration_after": regex.compile(rf"\s*(?:{a('duration_words')}){e}(?!\s*\d)"),
    }


# The lists whose words `tail` and `tail_object` strip from a phrase's end (the lookbehind's
# entity_tail_keep_after only guards them), with qual_words(). The patterns in `words` name these keys too;
# tests/test_targets.py fails if a list stripped there is missing here.
_TAIL_WORD_LISTS = ("entity_stop_tail", "value_verbs", "entity_tail_words")


def tail_word_ends(folded: bool) -> frozenset[str]:
    """The last word (after its last space) of every form a tail pattern strips as a word: a phrase whose
    final word is all letters and not among them has no tail word at its end (`entity.strip_tail`)."""
    lx = lexicon()
    words = [w for key in _TAIL_WORD_LISTS for w in lx[key]] + qual_words()
    return frozenset(form.split()[-1] for form in cue_forms(words, folded) if form.split())


_LETTER_RUN = regex.compile(r"\p{L}+")


def tail_word_parts(folded: bool) -> frozenset[str]:
    """Every run of letters in a form a tail pattern strips as a word: a word of a phrase that is all letters
    and none of these is part of no tail, so a tail starts after it (`entity.strip_tail`)."""
    lx = lexicon()
    words = [w for key in _TAIL_WORD_LISTS for w in lx[key]] + qual_words()
    return frozenset(run for form in cue_forms(words, folded) for run in _LETTER_RUN.findall(form.lower()))


def unambiguous(cues: list[str], folded: bool) -> list[str]:
    """Cue words that still say one thing in the mode: without diacritics a one-syllable cue reads as many
    words ('can' is cần, căn and cận: "633.000 can", "ho can ngheo"; 'giao' is giao and giáo: "giao duc"),
    so only cues of two syllables or more are read there."""
    return [c for c in cues if not folded or " " in c.strip()]


def qual_words() -> list[str]:
    lx = lexicon()
    return [w for ws in lx["qualifiers_before"].values() for w in ws]
