"""The grammar of a quantity, assembled from the words of `data/lexicon.json` into the patterns of `Patterns`,
compiled once per mode (with diacritics, or folded for text written without them).

Every pattern is linear: alternations of literal words and bounded digit runs, no nested quantifiers. What
follows a number is read from a bounded window (`AFTER`), so a long sentence full of numbers stays linear too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from extractor.rules.lexicon import alternation, cue_forms, lexicon
from extractor.rules.numbers.literals import NUMLIT
from extractor.rules.numbers.words import role_words
from extractor.text.normalize import fold

AFTER = 160  # how far after a number its unit, counted noun or denominator may reach

_SIGN_KINDS = ("percent", "permille")  # units written as a sign glued to the number (50%, 14‰)


def _alt(words: list[str], folded: bool) -> str:
    """The lower-cased (and, for folded text, folded) forms of the words as one alternation."""
    return alternation(cue_forms(words, folded))


@dataclass(frozen=True)
class Patterns:
    folded: bool
    qty: regex.Pattern[str]
    compound: regex.Pattern[str]
    qual_before: regex.Pattern[str]
    qual_after: regex.Pattern[str]
    sign: regex.Pattern[str]
    unit: regex.Pattern[str]
    count: regex.Pattern[str]
    per: regex.Pattern[str]
    rate_slash: regex.Pattern[str]
    name_head: regex.Pattern[str]
    name_tail: regex.Pattern[str]
    multiple_before: regex.Pattern[str]
    multiple_words: regex.Pattern[str]
    phrase_at: regex.Pattern[str]
    word_cue: regex.Pattern[str]
    word_nums: regex.Pattern[str]
    qual_of: dict[str, str]
    qual_after_of: dict[str, str]
    unit_of: dict[str, tuple[str, str, str | None]]
    sign_of: dict[str, tuple[str, str, str | None]]
    mult_of: dict[str, float]
    multiple_of: dict[str, float]
    multiple_firsts: tuple[str, ...]
    rank_of: dict[str, str]
    range_words: frozenset[str]


def _mult_pattern(lx: dict[str, Any], folded: bool) -> str:
    # "2025 tỷ lệ …": tỷ before lệ/trọng/suất/số/giá is a word of its own, not a multiplier.
    return (
        rf"(?:{_alt(list(lx['multipliers']), folded)})"
        rf"(?!\s+(?:{_alt(role_words('multiplier_word_tails'), folded)})(?!\p{{L}}))"
    )


def _qty_pattern(lx: dict[str, Any], folded: bool) -> tuple[regex.Pattern[str], regex.Pattern[str], frozenset[str]]:
    """The number itself: a literal, its multiplier, its sign (% ‰) and the second end of a range."""
    mult = _mult_pattern(lx, folded)
    signs = _alt([w for u in lx["units"] if u["kind"] in _SIGN_KINDS for w in u["forms"]], folded)
    range_words = frozenset(cue_forms(role_words("range_words"), folded))
    seps = alternation(["-", "–", "~", *range_words])
    qty = regex.compile(
        # Not after a letter, a digit or a separator, nor after a hyphen glued to a name ("COVID-19").
        rf"(?<![\p{{L}}\d.,/])(?<!\p{{L}}-)(?P<a>{NUMLIT})(?!\d)"
        rf"(?:\s*(?P<am>{mult})(?!\p{{L}}))?"
        rf"(?:\s*(?P<ap>{signs}))?"
        rf"(?:\s*(?P<sep>{seps})\s*(?P<b>{NUMLIT})(?!\d)"
        rf"(?:\s*(?P<bm>{mult})(?!\p{{L}}))?(?:\s*(?P<bp>{signs}))?)?"
    )
    # "2 tỷ 500 triệu": a second, smaller multiplier group adds to the first.
    compound = regex.compile(rf"\s+(?P<n>\d{{1,3}})\s*(?P<m>{mult})(?!\p{{L}})")
    return qty, compound, range_words


def _unit_tables(lx: dict[str, Any], folded: bool) -> tuple[dict[str, tuple[str, str, str | None]], ...]:
    f = (lambda w: fold(w).lower()) if folded else (lambda w: w.lower())
    unit_of: dict[str, tuple[str, str, str | None]] = {}
    sign_of: dict[str, tuple[str, str, str | None]] = {}
    for u in lx["units"]:
        for form in u["forms"]:
            entry = (u["unit"], u["kind"], u.get("per"))
            (sign_of if u["kind"] in _SIGN_KINDS else unit_of)[f(form)] = entry
    return unit_of, sign_of


def _context_patterns(lx: dict[str, Any], folded: bool, quals: dict[str, str]) -> dict[str, regex.Pattern[str]]:
    """What stands around a number and changes what it is: a name before it, a fixed phrase after it, a
    multiple ("gấp"), a denominator after a slash, and the cues that let a number word count in folded text."""
    count_nouns = [w for w in lx["count_nouns"] if not (folded and w in lx["count_nouns_diacritic_only"])]
    denominators = _alt([*lx["rate_denominators"], *count_nouns], folded)
    cues = [*quals, *(fold(w).lower() if folded else w for w in
                      [*lx["value_verbs"], *lx["clause_verbs"], *lx["multiple_cues"]])]
    phrases = [w for w in [*lx["value_verbs"], *lx["clause_verbs"], *lx["national_cues"], *lx["lead_ins"]]
               if " " in w.strip()]
    return {
        "count": regex.compile(rf"\s*(?:{_alt(count_nouns, folded)})(?!\p{{L}})"),
        # "4/100.000 trẻ sinh ra còn sống", "7/100.000 vào năm 2029" (no noun: the unit is "/100.000").
        "rate_slash": regex.compile(
            r"\s*/\s*(?P<n>100\.000|10\.000|1\.000|100000|10000|1000|100)(?![.,]?\d)"
            rf"(?:\s+(?P<d>{denominators})(?!\p{{L}}))?"
        ),
        "name_head": regex.compile(rf"(?<!\p{{L}})(?:{_alt(lx['name_number_heads'], folded)})\s*$"),
        "name_tail": regex.compile(rf"\s*(?:{_alt(lx['name_number_tails'], folded)})(?!\p{{L}})"),
        "multiple_before": regex.compile(rf"(?<!\p{{L}})(?:{_alt(lx['multiple_cues'], folded)})\s*$"),
        "multiple_words": regex.compile(rf"(?<!\p{{L}})(?:{_alt(list(lx['multiple_words']), folded)})(?!\p{{L}})"),
        # Without marks "ho tro", "ca nuoc" start like the counted nouns "ho" (hộ) and "ca" (ca): a known phrase
        # that runs on past the noun is that phrase ("Chương trình 135 hỗ trợ", "đứng thứ 10 cả nước").
        "phrase_at": regex.compile(rf"\s*(?:{_alt(phrases, folded)})(?!\p{{L}})"),
        "word_cue": regex.compile(rf"(?:^|[,;:(+\-]|(?<!\p{{L}})(?:{_alt(cues, False)}))\s*$"),
    }


@lru_cache(maxsize=2)
def patterns(folded: bool) -> Patterns:
    """Compiled once per mode: with diacritics, or folded for text written without them."""
    lx = lexicon()
    f = (lambda w: fold(w).lower()) if folded else (lambda w: w.lower())
    qty, compound, range_words = _qty_pattern(lx, folded)
    quals = {f(w): q for q, words in lx["qualifiers_before"].items() for w in words}
    quals_after = {f(w): q for q, words in lx["qualifiers_after"].items() for w in words}
    unit_of, sign_of = _unit_tables(lx, folded)
    units_alt = _alt([w for u in lx["units"] if u["kind"] not in _SIGN_KINDS for w in u["forms"]], folded)
    signs_alt = _alt([w for u in lx["units"] if u["kind"] in _SIGN_KINDS for w in u["forms"]], folded)
    num_words = _alt(list(lx["number_words"]), folded)
    ctx = _context_patterns(lx, folded, quals)
    per_words, myriad = _alt(role_words("per_words"), folded), _alt(role_words("ten_thousand"), folded)
    return Patterns(
        folded=folded,
        qty=qty,
        compound=compound,
        qual_before=regex.compile(rf"(?:^|(?<=[\s(,:;]))(?:{_alt(list(quals), False)})\s*$"),
        qual_after=regex.compile(rf"\s*(?:{_alt(list(quals_after), False)})(?!\p{{L}})"),
        sign=regex.compile(rf"\s*(?P<s>{signs_alt})"),
        unit=regex.compile(rf"\s*(?:{units_alt})(?![\p{{L}}\d])"),
        count=ctx["count"],
        per=regex.compile(
            # "/người", "trên 10.000 dân", and a few words of the counted noun before it:
            # "0,7 doanh nghiệp công nghệ số trên 1.000 dân", "40 thuê bao/100 dân".
            rf"(?:\s*(?:/|(?:{per_words})\s+)(?:(?P<n>{NUMLIT})\s*)?"
            rf"|(?:\s+\p{{L}}+){{1,6}}?(?:\s*/|\s+(?:{per_words}))\s*(?=(?:1|10|100)\.000\b|100\b|{myriad})"
            rf"(?P<n2>{NUMLIT})?\s*)"
            rf"(?P<d>{_alt(lx['rate_denominators'], folded)})(?!\p{{L}})"
        ),
        rate_slash=ctx["rate_slash"],
        name_head=ctx["name_head"],
        name_tail=ctx["name_tail"],
        multiple_before=ctx["multiple_before"],
        multiple_words=ctx["multiple_words"],
        phrase_at=ctx["phrase_at"],
        word_cue=ctx["word_cue"],
        word_nums=regex.compile(rf"(?<!\p{{L}})(?:(?:{num_words})(?:\s+(?:{num_words})){{0,7}})(?!\p{{L}})"),
        qual_of=quals,
        qual_after_of=quals_after,
        unit_of=unit_of,
        sign_of=sign_of,
        mult_of={f(k): float(v) for k, v in lx["multipliers"].items()},
        multiple_of={f(k): float(v) for k, v in lx["multiple_words"].items()},
        multiple_firsts=tuple(sorted({f(k).split()[0] for k in lx["multiple_words"]})),
        rank_of={f(k): v for k, v in lx["rank_units"].items()},
        range_words=range_words,
    )
