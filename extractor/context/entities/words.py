"""The words of the entity rules, read from the data files and assembled into patterns once per process.

The rules' grammar (punctuation, the order of the parts, lookarounds) is here; their words are data:
`entity_rule_words` of data/context.json, and the lists other rules share (the heads of bodies, the kinds
of documents, the ranks of places, the city names, the quarter and the document number's word). Forms
without diacritics are generated (`cue_forms`, `slot_alternations`), never typed. The lists of
`data/gazetteer/` (heads, levels, titles, the named bodies) are read through `ner.names.data_rows`, imported
when first needed, as before.
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.rules.lexicon import alternation, cue_forms, load_json, slot_alternations, with_old_placements
from extractor.text.normalize import fold

_FILE, _KEY = "context.json", "entity_rule_words"
_WORDS = load_json(_FILE)[_KEY]
_MARKED = slot_alternations(_FILE, _KEY)
_BOTH = slot_alternations(_FILE, _KEY, plain_too=True)


def _both(words: list[str], lower: bool = True) -> set[str]:
    """The words and their forms without diacritics."""
    return cue_forms(words, lower=lower) | cue_forms(words, folded=True, lower=lower)


def _spaced(forms: set[str]) -> str:
    """An alternation whose words may be wrapped: any run of white space between them."""
    return alternation(forms).replace("\\ ", r"\s+")


# --- bodies and their lines (bodies.py) ----------------------------------------------------------

# "SỞ Y TẾ" / "TỈNH BẮC NINH": a rank that goes on in a letterhead's next line (in capitals)
RANK_NEXT = regex.compile(
    rf"[\s|*]*(?:{alternation({f.upper() for f in _both(load_json('lexicon.json')['letterhead_ranks'])})})\s")
# "Báo và" / "Phát thanh …": a name that ends on its joiner goes on in the next line (compared folded)
JOINER_ENDS = tuple(" " + f for f in sorted(cue_forms(_WORDS["and"], folded=True)))


# --- plausibility of a model span (plausible.py) ---------------------------------------------------

_KINDS = load_json("agencies.json")["title_kinds"]
# A title opens with a kind (also in a text written without diacritics: "Luat", "Chuong trinh") ...
KIND_START = regex.compile(rf"(?:{alternation(_both([w for ws in _KINDS.values() for w in ws], lower=False))})\s")
# ... and a law, a code, a treaty or a convention is named by its title alone
LAW = regex.compile(
    rf"(?:{alternation(_both([w for k, ws in _KINDS.items() if k.startswith('named_') for w in ws], lower=False))})"
    r"\s+\p{Lu}")
# "UBND các cấp": every level at once
EVERY_LEVEL = regex.compile(rf"(?i)\s(?:{_BOTH['every']})\s+(?:{_BOTH['level']})(?:$|\s+(?:{_BOTH['and']})\s)")
# Lower-case words a place's name holds ("Đồng bằng sông Cửu Long", "Bắc Trung Bộ và Duyên hải …")
PLACE_LOWER = frozenset(cue_forms(_WORDS["place_lower_words"]) | cue_forms(_WORDS["and"]) | {"-", "–"})
# Lower-case words between the capitalised words of a name without a head ("Đảng, Nhà nước")
GLUE = frozenset(_both(_WORDS["and"]) | _both(load_json(_FILE)["of_words"]) | {"&", "-", "–"})
AND = frozenset(cue_forms(_WORDS["and"]))
# First words that open no place's name, compared folded: "các Sở", "Mục V", "Luật An …", "Thứ Sáu",
# "Nguồn …", "Cổng TTĐT", "Cộng hòa" (the model's guesses on text without diacritics).
NOT_PLACE_START = frozenset(fold(w).lower() for w in _WORDS["not_place_starts"])
LIST_SPLIT = regex.compile(rf",|\s+(?:{_MARKED['and']})\s+")
# The particles of a foreign person's name ("Ursula von der Leyen")
PARTICLES = frozenset(_WORDS["name_particles"])


@cache
def org_head_re() -> regex.Pattern[str]:
    """A head that opens a body's name: those of the rules (agencies.json `org_heads`, a department's and a
    ministry's head) and of the gazetteer's heads.txt, with their forms without diacritics; a "named" head
    only before a capitalised word."""
    from extractor.ner.names import data_rows

    rows = data_rows("heads.txt")
    a = load_json("agencies.json")
    heads = a["org_heads"] + a["rule_words"]["department"] + a["rule_words"]["ministry"]
    heads += [r[0] for r in rows if not r[1:]]
    heads += [fold(h) for h in heads] + [r[0] for r in rows if r[1:2] == ["exact"]]
    named = {w for r in rows if r[1:2] == ["named"] for w in (r[0], fold(r[0]))}
    named |= {fold(r[0]) for r in rows if r[1:2] == ["exact"]}
    return regex.compile(rf"(?:(?:{_spaced(set(heads))})(?!\p{{L}})|(?:{_spaced(named)})(?=\s+\p{{Lu}}))")


@cache
def bare_heads() -> frozenset[str]:
    """Heads that name no body on their own ("UBND", "Sở", "Công an"), folded and lower-cased; a Party
    committee ("Tỉnh ủy") is one body and stays, and so does a head the gazetteer lists as a body on its own
    ("Tỉnh đoàn", "Bộ đội Biên phòng", "Kho bạc Nhà nước", "Liên minh Hợp tác xã")."""
    from extractor.ner.names import data_rows

    a = load_json("agencies.json")
    named = {r[0] for f in ("central.txt", "organisations.txt", "local_bodies.txt") for r in data_rows(f)
             if r[1:2] != ["place"]}
    named |= {n[:-len(c) - 1] for c in a["country_names"] for n in named if n.endswith(" " + c)}  # "Liên minh …"
    keys = {fold(n).lower() for n in named}
    heads = a["org_heads"] + a["rule_words"]["department"] + a["rule_words"]["ministry"]
    party = tuple(cue_forms(_WORDS["party_committee_ends"], folded=True))  # "Tỉnh ủy"
    return frozenset(k for k in (fold(h).lower() for h in heads) if not k.endswith(party) and k not in keys)


@cache
def head_prefixes() -> frozenset[str]:
    """The proper word prefixes of the heads of several words, folded ("uy ban nhan" of "Ủy ban nhân dân")."""
    out = set()
    for head in bare_heads():
        words = head.split()
        out.update(" ".join(words[:i]) for i in range(2, len(words)))
    return frozenset(out)


# --- the record's entities (record.py) --------------------------------------------------------------

# "Cộng hòa xã hội chủ nghĩa Việt Nam": the state's name in the national motto is no place
MOTTO = regex.compile(rf"(?i)(?:{_BOTH['motto']})\s+$")
# At a line's start: "- Lưu: VT, …", the filing line of a decision
FILING_LINE = regex.compile(rf"[ \t*|+-]*(?i:{_BOTH['filing']})[ \t]*:")
# "Quý IV" is a quarter, neither a fund ("Quỹ") nor a place
QUARTER = regex.compile(
    rf"(?i:{slot_alternations('lexicon.json', 'date_words', plain_too=True)['quarter']})\s+[IV]{{1,3}}(?![\p{{L}}\d])")
_CITIES = load_json("agencies.json")["city_full_names"]
# Names whose city word is part of the name, folded: "Thành phố Hồ Chí Minh", "Thủ đô Hà Nội"
CITY_NAMES = frozenset(fold(f"{word} {city}").lower() for city, words in _CITIES.items() for word in words)
CITY_BEFORE = regex.compile(rf"(?i:{alternation(_both([w for ws in _CITIES.values() for w in ws]))})\s+$")
# A people's committee or council named by its head alone ("UBND" + " các xã, phường"), folded
COMMITTEES = frozenset(fold(w).lower() for w in load_json(_FILE)["local_issuer_heads"])
# The levels after a bare committee: "UBND" + " các xã, phường"
BARE_LEVELS = regex.compile(rf"\s+(?:(?:{_BOTH['every']})\s+)?\p{{Ll}}+(?:\s+\p{{Ll}}+)?(?![\p{{L}}\p{{M}}])")
# "… Trung ương khóa XII": the term, in either tone placement and without diacritics
TERM = regex.compile(
    rf"\s+(?i:{alternation(cue_forms(with_old_placements(_WORDS['term'])) | _both(_WORDS['term']))})\s+[IVXL]+$")
# "Phó Thủ tướng Nguyễn Văn Minh": an office before a person's name is a title (README)
OFFICE = regex.compile(rf"(?i:{_BOTH['offices']})\s")
# A document's number in a title: "số 12", "12/QĐ-TTg", "35-NQ", "Quy hoạch điện VIII"
DOC_NUMBER = regex.compile(
    rf"(?:{slot_alternations('agencies.json', 'document_words', plain_too=True)['number']})\s+\d"
    r"|\d+\s*/\s*\d{0,4}\s*/?\s*\p{Lu}|\d+-\p{Lu}|^\S+(?:\s+\S+)?\s+\d+$")


@cache
def level_re() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(a span ending on a level word, the list of levels after it), diacritic-free forms generated."""
    from extractor.ner.names import data_rows

    alt = _spaced({w for r in data_rows("levels.txt") for w in (r[0], fold(r[0]))})
    glue = rf"(?:\s*[,/]\s*|\s+(?:{_BOTH['and']})\s+)"
    return (regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alt})$"),
            regex.compile(rf"(?:{glue}(?:{alt}))+(?![\p{{L}}\p{{M}}])"))


@cache
def title_then_head() -> regex.Pattern[str]:
    """An office title before a body's head ("Bộ Trưởng Bộ Y tế"): the titles of titles.txt, not kin words."""
    from extractor.ner.names import data_rows

    titles = {w for r in data_rows("titles.txt") if r[1:2] != ["kin"] for w in (r[0], fold(r[0]))}
    return regex.compile(rf"(?i:{_spaced(titles)})\s+(?={org_head_re().pattern})")


@cache
def province_keys() -> frozenset[str]:
    """Every written form of a province, folded and lower-cased."""
    from extractor.ner.gazetteer import province_surface_forms

    return frozenset(fold(p).lower() for p in province_surface_forms())
