"""Names in the form records join on: a header's capitals in running-text case, and, in a text written
without diacritics, a known name's diacritics restored from the gazetteers ("UBND tinh Dong Thap" →
"UBND tỉnh Đồng Tháp"). Only words of known names are restored, each where its folded form stands whole, so
an unknown word keeps the text's own spelling; the scorer and researchers alike can then join records from
both kinds of source on one spelling.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractor.rules import agencies
from extractor.rules.lexicon import alternation, load_json
from extractor.text.normalize import fold, lower

# A folded word with a letter to restore, and a "word" that is only digits or signs.
_LATIN = regex.compile(r"[a-z]")
_NO_LETTER = regex.compile(r"[\W\d]+")


@lru_cache(maxsize=1)
def _known() -> list[tuple[str, str]]:
    """(folded lower form, written form) of every known name and rank word, longest first."""
    a, lx = load_json("agencies.json"), load_json("lexicon.json")
    heads = a["rule_words"]
    names = list(a["national_bodies"]) + [f"{h} {m}" for h in heads["ministry"] for m in a["ministry_names"]]
    names += [f"{h} {d}" for h in heads["department"] for d in a["department_names"]] + list(a["org_heads"])
    names += list(agencies.province_names().values()) + [r for r in lx["place_ranks"] if not r.isupper()]
    pairs = {fold(n).lower(): n for n in names}
    return sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0]))


@lru_cache(maxsize=1)
def _known_re() -> regex.Pattern[str]:
    alt = alternation(k for k, _ in _known())
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{alt})(?![\p{{L}}\d])")


def _replace_known(name: str, keep_case: bool) -> str:
    lookup = dict(_known())
    low = fold(lower(name))

    def one(m: regex.Match[str]) -> str:
        written = lookup[m.group(0)]
        here = name[m.start():m.end()]
        if keep_case and here[:1].islower() and written[:1].isupper() and " " not in written:
            written = written[:1].lower() + written[1:]  # a rank word as the text writes it
        return written

    out, pos = [], 0
    for m in _known_re().finditer(low):
        out.append(name[pos:m.start()])
        out.append(one(m))
        pos = m.end()
    out.append(name[pos:])
    return "".join(out)


def canonical_case(name: str) -> str:
    """A name the header wrote in capitals, in the case running text writes it: known body names and the
    province keep their capitals, the rest is lower case ('ỦY BAN NHÂN DÂN TỈNH BẮC NINH' → 'Ủy ban nhân
    dân tỉnh Bắc Ninh'). A name with lower-case letters is the text's own form and stays."""
    if any(ch.islower() for ch in name):
        return name
    out = _replace_known(lower(name), keep_case=False)
    out = out[:1].upper() + out[1:]
    for full, short in _short_forms():
        out = full.sub(short, out)
    return out


def same_body(a: str, b: str) -> bool:
    """Whether two names name one body, whatever their case, marks and long or short form ("Ủy ban nhân dân
    tỉnh X" is "UBND tỉnh X"): the issuer is kept short while a text mostly writes it long."""
    return _body_key(a) == _body_key(b)


def _body_key(name: str) -> str:
    key = " ".join(fold(lower(name)).split())
    for full, short in _folded_short_forms():
        if key == full or key.startswith(full + " "):
            return short + key[len(full):]
    return key


@lru_cache(maxsize=1)
def _folded_short_forms() -> tuple[tuple[str, str], ...]:
    return tuple((fold(lower(full)), fold(lower(short)))
                 for full, short in load_json("context.json")["short_forms"].items())


@lru_cache(maxsize=1)
def _short_forms() -> tuple[tuple[regex.Pattern[str], str], ...]:
    """Each long name a header may open with, and its short form ("Ủy ban nhân dân" → "UBND")."""
    return tuple((regex.compile(rf"^{regex.escape(full)}(?=\s)"), short)
                 for full, short in load_json("context.json")["short_forms"].items())


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Short forms that carry no marks, folded: a committee's or a council's ("UBND", "HĐND") and a city's
    rank ("TP", "TP.")."""
    c, lx = load_json("context.json"), load_json("lexicon.json")
    heads = {fold(lower(w)) for w in c["local_issuer_heads"] if " " not in w}
    return frozenset(heads | {fold(lower(r)) for r in lx["place_ranks"] if r.isupper()})


def restore_diacritics(name: str | None) -> str | None:
    """A name from a text without diacritics, with the diacritics of the known names in it restored: only
    when known names cover every word that could carry a mark, so that a record never mixes spellings
    ('Chi cuc Thuy san', whose 'Thuy san' no gazetteer knows, stays as written)."""
    if not name:
        return name
    low = fold(lower(name))
    rest = _known_re().sub(" ", low)
    if any(_LATIN.search(w) and not w.isupper() for w in rest.split()
           if w.lower() not in _abbreviations() and not _NO_LETTER.fullmatch(w)):
        return name
    return _replace_known(name, keep_case=True)
