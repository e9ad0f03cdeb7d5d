"""What a cell's words say: the header cue words of `data/tables.json` (each column role's heads, body names,
deadline words), compiled once with and without diacritics, and the shapes of years and ordinals.

Cue words stand at a cell's start: a header cell has the role of the longest cue it begins with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.rules.lexicon import DataFileError, alternation, load_json
from extractor.text.normalize import fold, has_diacritics, lower, normalize

_MATCH_PREFIX = 120  # cue words stand at a cell's start: a longer cell is matched on its first characters

_HEAD_KEYS = {
    "ordinal": "ordinal_heads", "indicator": "indicator_heads", "unit": "unit_heads",
    "baseline": "baseline_heads", "target": "target_heads", "agency": "agency_heads",
    "partner": "partner_heads", "deadline": "deadline_heads", "output": "output_heads",
    "other": "other_heads", "year": "year_heads",
}

_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_YEAR_LIKE = regex.compile(r"(?:[\p{L}.]+\s+){0,3}(?:19|20)\d{2}(?:\s*[-–/]\s*(?:19|20)\d{2})?")
ORDINAL = regex.compile(r"\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[IVXLC]{1,7}|[A-Za-zĐđ])[.)]?")

_LEAD_JUNK = regex.compile(r"^[^\p{L}\p{N}]+")


@dataclass(frozen=True)
class _Words:
    heads: tuple[regex.Pattern[str], regex.Pattern[str]]  # (with diacritics, folded)
    head_roles: dict[str, str]  # form → role, both spellings
    bodies: tuple[regex.Pattern[str], regex.Pattern[str]]
    deadlines: tuple[regex.Pattern[str], regex.Pattern[str]]


def _form(word: str) -> str:
    return " ".join(lower(normalize(word).norm).split())


def _prefix_re(forms: Iterable[str]) -> regex.Pattern[str]:
    """The longest of the forms at a cell's start, as a whole word (the one alternation builder's order)."""
    return regex.compile(f"(?:{alternation(forms)})" + r"(?![\p{L}\p{N}])")


def _word_list(data: dict[str, object], key: str) -> list[str]:
    words = data.get(key)
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise DataFileError(f"tables.json: {key!r} must be a list of words")
    return words


@lru_cache(maxsize=1)
def cue_words() -> _Words:
    """The cue words of data/tables.json, compiled once: each with diacritics and folded."""
    data = load_json("tables.json")
    roles: dict[str, str] = {}
    for role, key in _HEAD_KEYS.items():
        for word in _word_list(data, key):
            for form in {_form(word), fold(_form(word))}:
                if roles.setdefault(form, role) != role:
                    raise DataFileError(f"tables.json: {word!r} names two roles ({roles[form]}, {role})")
    diac = [f for f in roles if has_diacritics(f)]
    plain = [f for f in roles if not has_diacritics(f)]
    bodies = [_form(w) for w in _word_list(data, "body_heads")]
    deadlines = [_form(w) for w in _word_list(data, "deadline_words")]
    return _Words(
        heads=(_prefix_re(diac + plain), _prefix_re(plain)),
        head_roles=roles,
        bodies=(_prefix_re(bodies), _prefix_re(fold(w) for w in bodies)),
        deadlines=(_prefix_re(deadlines), _prefix_re(fold(w) for w in deadlines)),
    )


def _match_text(text: str) -> tuple[str, int]:
    """The cell as cue words are matched: normalised, lower case, leading punctuation off; and which
    spelling to match (0: with diacritics, 1: folded, for a cell written without them)."""
    form = _LEAD_JUNK.sub("", _form(text[:_MATCH_PREFIX]))
    return (form, 0) if has_diacritics(form) else (fold(form), 1)


def cue(text: str) -> str | None:
    """The role the header words a cell begins with name ('year' for a bare year head), else None."""
    form, which = _match_text(text)
    w = cue_words()
    m = w.heads[which].match(form)
    return w.head_roles[m.group(0)] if m else None


def starts_with(patterns: tuple[regex.Pattern[str], regex.Pattern[str]], text: str) -> bool:
    form, which = _match_text(text)
    return patterns[which].match(form) is not None


def last_year(text: str) -> int | None:
    """The year a header names; of a period ('2021-2025', 'Đến năm 2030') the last."""
    years = _YEAR.findall(text)
    return int(years[-1]) if years else None


def year_like(text: str) -> bool:
    return _YEAR_LIKE.fullmatch(_match_text(text)[0]) is not None
