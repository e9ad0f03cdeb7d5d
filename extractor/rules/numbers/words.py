"""Numbers said in words ('hai trăm năm mươi' is 250), and the slots of `number_rule_words`
(`data/lexicon.json`) that give each word its part: tens, hundreds, links, the words that belong to the text
before a number rather than to it.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractor.rules.lexicon import alternation, cue_forms, lexicon
from extractor.text.normalize import fold


@lru_cache(maxsize=1)
def role_forms() -> dict[str, frozenset[str]]:
    """Each slot of `number_rule_words` (data/lexicon.json) as its folded forms, to compare with fold(word)."""
    return {k: frozenset(fold(w) for w in v) for k, v in lexicon()["number_rule_words"].items()}


def role_words(slot: str) -> list[str]:
    """One slot of `number_rule_words`, as written."""
    return lexicon()["number_rule_words"][slot]


@lru_cache(maxsize=2)
def multiple_unit(folded: bool) -> str:
    """The unit form of a multiple ('gấp 3' is 3 lần), as the unit table of that mode spells it."""
    (unit,) = cue_forms(role_words("multiple_unit"), folded)
    return unit


@lru_cache(maxsize=1)
def year_forms() -> frozenset[str]:
    """The year word with and without marks: a denominator 'năm' makes a rate annual."""
    year = lexicon()["date_words"]["year"]
    return frozenset(cue_forms(year) | cue_forms(year, folded=True))


@lru_cache(maxsize=1)
def _number_words() -> tuple[dict[str, float], dict[str, float]]:
    nw = {k: float(v) for k, v in lexicon()["number_words"].items()}
    return nw, {fold(k): v for k, v in nw.items()}


def words_to_number(words: list[str]) -> float | None:
    """'hai trăm năm mươi' → 250, 'một nghìn năm trăm' → 1500, 'mười lăm' → 15, 'ba mươi nghìn tỷ' → 3·10¹³."""
    nw, folded = _number_words()
    r, tens = role_forms(), role_words("tens")
    result = hundreds = cur = 0.0
    top = 0.0  # the largest scale word read so far
    seen = zero = False
    for raw in words:
        val = nw.get(raw, folded.get(raw))
        if val is None:
            return None
        key = fold(raw)
        if key in r["tens"] and (raw in tens or (raw == key and 0 < cur < 10)):
            cur = (cur or 1) * 10  # mươi: tens of the digit just read (folded "muoi" after a digit too)
        elif key in r["tens"]:
            cur += 10  # mười
        elif key in r["tens_of"]:
            cur = (cur or 1) * 10  # "hai chục" is twenty
        elif key in r["hundred"]:
            hundreds = 0 if zero and not cur else (cur or 1) * 100  # "không trăm" is no hundreds
            cur = 0
            zero = False
        elif key in r["links"]:
            continue
        elif val >= 1000:
            group = hundreds + cur
            # A scale larger than every one before multiplies all that was read: "ba mươi nghìn tỷ" is 30·10³·10⁹;
            # a smaller one adds its group: "hai tỷ ba trăm triệu" is 2·10⁹ + 300·10⁶.
            result = (result + group) * val if result and val > top else result + (group or 1) * val
            top = max(top, val)
            hundreds = cur = 0
        elif val == 0:
            zero = True
        else:
            cur += val
        seen = True
    return float(result + hundreds + cur) if seen else None


# Leading words that belong to the text before: "đầu tư hai dự án", "mỗi năm hai trăm …", "trung tâm".
@lru_cache(maxsize=1)
def _year_context() -> regex.Pattern[str]:
    """Words before 'năm' that make it the year ('mỗi năm hai trăm …'), with and without marks."""
    words = role_words("year_context")
    return regex.compile(rf"(?:{alternation(cue_forms(words) | cue_forms(words, folded=True))})\s*$")


def leading_words_dropped(low: str, words: list[str], start: int) -> tuple[list[str], int]:
    """The number words less those that belong to the text before ("đầu tư hai", "mỗi năm hai trăm")."""
    r = role_forms()
    while words and (
        fold(words[0]) in r["not_first"]
        or words[0] in role_words("tens")
        or (fold(words[0]) in r["five_or_year"] and len(words) > 1 and fold(words[1]) not in r["five_before"])
        or (fold(words[0]) in r["five_or_year"] and _year_context().search(low[max(0, start - 8):start]))
    ):
        start = low.index(words[0], start) + len(words[0])
        start += len(low[start:start + 16]) - len(low[start:start + 16].lstrip())
        words = words[1:]
    return words, start
