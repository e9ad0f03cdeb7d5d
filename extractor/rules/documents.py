"""Cited legal documents: 'Quyết định số 295/QĐ-UBND ngày 13/9/2021', 'Nghị quyết 115/NQ-CP', 'Số: 165/KH-UBND'.

A document number has a fixed shape (digits, optional year, a code of capitals
joined by / and -), so one linear pattern reads it; the kind comes from the word
before it or, when the text gives only the number, from its code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.rules.dates import parse_date
from extractor.rules.lexicon import alternation, letters_and_spaces, load_json, slot_alternations
from extractor.text.normalize import fold, lower, strip_tones
from extractor.text.spans import overlaps, scan, scan_pieces

# Written with stray spaces too: "75/KH- UBND", "71/NQ -CP".
_CODE_SEP = regex.compile(r"[/-]")
_SPACED_SEP = regex.compile(r"\s*([/-])\s*")
_CAPITAL = regex.compile(r"\p{Lu}")
_CODE_CAPITAL = regex.compile(r"[/-]\p{Lu}")  # a code after a separator: "15/KH", not "15/2025"
# Every document number holds a digit before a separator ("15/", "2025/", "09-"); a citation (kind, "số",
# number, date) holds letters, digits, spaces and "/-:&" only, when the words of its slots are letters and
# spaces (checked in `_patterns`): the scan need only read the pieces between other characters that hold such
# a digit (`spans.scan_pieces`).
_NUMBER_NEEDLE = regex.compile(r"\d[/-]")
_NOT_IN_CITATION = regex.compile(r"[^\p{L}\p{M}\d /:&-]")
_NUMBER = r"\d{1,5}(?:/\d{4})?(?:/|-)[\p{Lu}Đđ][\p{L}\d&]*(?:[ ]?[/-][ ]?[\p{L}\d&]+){0,4}"


@dataclass(frozen=True)
class DocRef:
    start: int
    end: int  # the kind and number, without the date
    kind: str | None
    number: str
    date: str | None
    cited: bool = True  # named with its kind ("Quyết định số …"), not a bare number or a header "Số: …"


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], dict[str, str], bool]:
    """The cited and the bare pattern, the kinds of codes, and whether every word the patterns name is made
    of letters and spaces (then a citation holds no character `_NOT_IN_CITATION` matches)."""
    a = load_json("agencies.json")
    kinds = sorted(a["kinds"], key=len, reverse=True)
    forms = set(kinds) | {strip_tones(k) for k in kinds} | {fold(k) for k in kinds}
    alt = alternation(forms)
    # Matched whatever the case and with or without marks: the date words of rules/dates.py, and the words
    # of data/agencies.json that may stand between a kind and its number. The kind's tails ('liên tịch') are
    # read with their marks only, as before they became data (their folded forms change the DOC score).
    w = {**slot_alternations("lexicon.json", "date_words", plain_too=True),
         **slot_alternations("agencies.json", "document_words", plain_too=True)}
    w["kind_tails"] = slot_alternations("agencies.json", "document_words")["kind_tails"]
    cited = regex.compile(
        rf"(?<![\p{{L}}])(?P<kind>(?i:{alt}))(?:[ ]+(?i:{w['kind_tails']}))?"
        rf"[ ]+(?:(?i:{w['number']})[ ]*:?[ ]*)?(?P<num>{_NUMBER})"
        rf"(?P<date>[ ]+(?i:{w['day']})[ ]+\d{{1,2}}(?:[ ]*/[ ]*\d{{1,2}}[ ]*/[ ]*\d{{4}}|"
        rf"[ ]+(?i:{w['month']})[ ]+\d{{1,2}}[ ]+(?i:{w['year']})[ ]+\d{{4}}))?"
    )
    bare = regex.compile(rf"(?:(?<=(?i:{w['number']})[ ]*:[ ]*)|(?<![\p{{L}}\d/-]))(?P<num>{_NUMBER})(?![\p{{L}}\d])")
    code_kinds = {k.lower(): v for k, v in a["code_kinds"].items()}
    words = [*kinds, *(x for ws in a["document_words"].values() for x in ws),
             *(x for ws in load_json("lexicon.json")["date_words"].values() for x in ws)]
    return cited, bare, code_kinds, letters_and_spaces(words)


def _canonical_kind(raw: str) -> str:
    kinds = load_json("agencies.json")["kinds"]
    key = fold(raw).lower()
    for k in kinds:
        if fold(k).lower() == key:
            return k
    return raw


def _kind_from_code(number: str, code_kinds: dict[str, str]) -> str | None:
    parts = _CODE_SEP.split(number)
    for p in parts[1:]:
        k = code_kinds.get(p.lower().rstrip("0123456789")) or code_kinds.get(p.lower())
        if k:
            return k
    return None


def _canonical_number(num: str) -> str:
    """'75/KH- UBND' → '75/KH-UBND': the number without the spaces typing left in it."""
    return _SPACED_SEP.sub(r"\1", num)


def _scan(pattern: regex.Pattern[str], norm: str, words_only: bool) -> list[regex.Match[str]]:
    """The pattern's matches in the pieces that can hold a citation, or in the whole text when a data file's
    word holds another character."""
    if words_only:
        return scan_pieces(pattern, norm, _NUMBER_NEEDLE, _NOT_IN_CITATION)
    return scan(pattern, norm)


def find_documents(norm: str) -> list[DocRef]:
    """Every cited document once per mention, left to right."""
    cited, bare, code_kinds, words_only = _patterns()
    out: list[DocRef] = []
    for m in _scan(cited, norm, words_only):
        num = m.group("num")
        if not _CAPITAL.search(num):
            continue
        # The date words matched in any case, with or without marks: read on the folded lower-cased form.
        date = parse_date(fold(lower(m.group("date"))), folded=True) if m.group("date") else None
        out.append(DocRef(m.start(), m.end("num"), _canonical_kind(m.group("kind")), _canonical_number(num), date))
    cited_spans = [(d.start, d.end) for d in out]
    cited_starts = [d.start for d in out]
    for m in _scan(bare, norm, words_only):
        if overlaps(cited_spans, cited_starts, m.start(), m.start() + 1):
            continue
        num = m.group("num")
        kind = _kind_from_code(num, code_kinds)
        if kind is None or not _CODE_CAPITAL.search(num):
            continue
        out.append(DocRef(m.start(), m.end(), kind, _canonical_number(num), None, cited=False))
    return sorted(out, key=lambda d: d.start)
