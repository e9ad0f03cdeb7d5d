"""Public bodies and places by rule: the part of the inventory that is fixed.

The trained NER model (extractor.ner) finds names it has never seen; these rules
find the standard ones (people's committees, departments, ministries, the
provinces before and after the 2025-07-01 merger) exactly, and tell the target
stage which place a body governs. Names come from `data/agencies.json` and
from underthesea's `address` data, which knows the merger.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.rules import provinces
from extractor.rules.lexicon import alternation, cue_forms, load_json, slot_alternations, with_old_placements
from extractor.text.normalize import fold, has_diacritics, lower, strip_tones
from extractor.text.spans import scan

_CAP = r"(?:\p{Lu}{2,}|\p{Lu}[\p{Ll}\p{M}]*)(?![\p{L}\p{M}])"
# A proper place name: capitalised syllables, possibly "Bà Rịa - Vũng Tàu".
_PLACE = rf"{_CAP}(?:[ ]{_CAP}){{0,3}}(?:[ ]?-[ ]?{_CAP}(?:[ ]{_CAP}){{0,2}})?"


def _words(slot: str, old_tones: bool = False) -> str:
    """One slot of `rule_words` (data/agencies.json) as a group, as written (and in the old tone placement)."""
    words = load_json("agencies.json")["rule_words"][slot]
    return f"(?:{alternation(with_old_placements(words) if old_tones else words)})"


@lru_cache(maxsize=1)
def _hcm_abbrev() -> regex.Pattern[str]:
    """'TP.HCM', 'TPHCM', 'Tp. HCM', 'TP. Hồ Chí Minh': the city's name under its rank's abbreviation."""
    ((name, abbrevs),) = load_json("agencies.json")["city_abbreviations"].items()
    abbr, full = f"(?:{alternation(abbrevs)})", regex.escape(name)
    return regex.compile(rf"(?<!\p{{L}})(?:TP\.?\s?{abbr}|TP{abbr}|Tp\.?\s?{abbr}|TP\.?\s?{full})(?!\p{{L}})")


@lru_cache(maxsize=1)
def _city_words() -> dict[str, regex.Pattern[str]]:
    """City name → the pattern of the words that belong to its name when written before it ('Thủ đô Hà Nội')."""
    return {name: regex.compile(rf"(?:{alternation(words)})\s+$")
            for name, words in load_json("agencies.json")["city_name_words"].items()}


def country_name() -> str:
    """The country's name as the records write it."""
    return load_json("agencies.json")["country_names"][0]


@lru_cache(maxsize=1)
def _country() -> dict[str, str]:
    """Folded, lower-cased name of the country → its name."""
    return {fold(n).lower(): n for n in load_json("agencies.json")["country_names"]}


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    name: str  # the proper name as written ("Bắc Ninh")
    jurisdiction: bool = True  # a province or Việt Nam; False for a region or another country


@lru_cache(maxsize=1)
def province_names() -> dict[str, str]:
    """Folded short name → the short name as underthesea writes it, former and current provinces."""
    return {fold(n).lower(): n for n in sorted(provinces.province_names())}


@lru_cache(maxsize=2)
def _place_re(folded: bool) -> regex.Pattern[str]:
    names = sorted(province_names().values(), key=lambda w: (-len(w), w))
    forms = {fold(n) if folded else n for n in names}
    if not folded:
        forms |= {strip_tones(n) for n in names}
    country = load_json("agencies.json")["country_names"]
    forms |= {fold(n) for n in country} | (set() if folded else set(country))
    forms |= {fold(n) if folded else n for n in load_json("agencies.json")["other_places"]}
    if folded:  # matched against the lower-cased folded text
        forms = {f.lower() for f in forms}
    alt = alternation(forms)
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{alt})(?![\p{{L}}\d])")


def find_places(norm: str, folded_text: str | None = None) -> list[Place]:
    """Provinces (former and current) and Việt Nam named in the text, by their proper names."""
    text = folded_text if folded_text is not None else norm
    out = []
    lookup, country = province_names(), _country()
    for m in scan(_place_re(folded_text is not None), text):
        if folded_text is not None and not norm[m.start()].isupper():
            continue  # a name is capitalised even where the text has no diacritics ("long an toàn" is no place)
        key = fold(m.group(0)).lower()
        name = lookup.get(key, country.get(key, m.group(0)))
        street = bool(_street_before().search(fold(norm[max(0, m.start() - 16):m.start()]).lower()))
        out.append(Place(m.start(), m.end(), name, (key in lookup or key in country) and not street))
    out = [_with_city_word(norm, p) for p in out]
    hcm = next(iter(load_json("agencies.json")["city_abbreviations"]))
    for m in scan(_hcm_abbrev(), norm):
        out.append(Place(m.start(), m.end(), hcm))
    return sorted(out, key=lambda p: p.start)


@lru_cache(maxsize=1)
def _street_before() -> regex.Pattern[str]:
    """A street's or road's head word right before a place's name ("đường Hồ Chí Minh", "phố Huế"): the name
    is the street's, so the place is no jurisdiction (it stays an entity); "thành phố" is no street. Read on
    the folded lower-cased text before the name, so with or without diacritics."""
    words = load_json("agencies.json")["rule_words"]
    heads = alternation(cue_forms(words["street_heads"], folded=True))
    not_after = alternation(cue_forms(words["street_head_not_after"], folded=True))
    return regex.compile(rf"(?<![\p{{L}}])(?<!(?:{not_after})\s)(?:{heads})\s+$")


def _with_city_word(norm: str, p: Place) -> Place:
    """'Thành phố Hồ Chí Minh' and 'Thủ đô Hà Nội' are the names themselves: the span takes the word in."""
    pat = _city_words().get(p.name)
    if pat is None:
        return p
    m = pat.search(norm[max(0, p.start - 12):p.start])
    return Place(p.start - len(m.group(0)), p.end, p.name, p.jurisdiction) if m else p


@lru_cache(maxsize=2)
def _org_res(folded: bool = False) -> list[regex.Pattern[str]]:
    """The body patterns; for a text written without diacritics the same patterns with every literal word
    folded (regex syntax and Unicode classes are ASCII, so folding the pattern folds only its words)."""
    return [regex.compile(fold(p) if folded else p) for p in _org_sources()]


@lru_cache(maxsize=1)
def _org_sources() -> list[str]:
    a = load_json("agencies.json")

    def alt(words: list[str]) -> str:
        forms = set(words) | {strip_tones(w) for w in words}
        return alternation(forms)

    second = alt(a["name_second_syllables"])
    heads = rf"{_words('next_name_heads', old_tones=True)}(?![\p{{L}}])"  # they open the next body's name
    _NAMEWORD = rf"(?!{heads}){_CAP}(?:[ ](?:{second})(?![\p{{L}}\p{{M}}]))?"  # noqa: N806
    rank = f"(?:{alternation(load_json('lexicon.json')['place_ranks'])})"
    province_rank = f"(?:{alternation(load_json('lexicon.json')['province_ranks'])})"
    return [
        # People's committees and councils with their rank and place; or "các tỉnh, thành phố trực thuộc Trung ương".
        (
            rf"(?i:{_words('committees', old_tones=True)})(?:[ ]+(?:(?i:{_words('committee_scopes')})"
            rf"|(?i:{rank})(?:[ ]*{_PLACE})?|{_PLACE}))?"
        ),
        (
            rf"{_upper_too('department')}[ ]+(?i:{alt(a['department_names'])})(?![\p{{L}}&])"
            rf"(?:[ ]+{province_rank}[ ]+{_PLACE})?"
        ),
        (rf"{_upper_too('ministry')}[ ]+(?i:{alt(a['ministry_names'])})(?![\p{{L}}])"),
        (rf"(?<![\p{{L}}])(?:{alt(a['national_bodies'])})(?![\p{{L}}])"),
        # Boards named in lower case ("Ban Quản lý các khu công nghệ cao và khu công nghiệp"): only the
        # words such names are made of, so that the name stops where the sentence goes on.
        (
            rf"{_words('boards')}"
            rf"(?:[ ]+(?:(?!{heads}){_CAP}|(?:{alt(a['name_words'])})(?![\p{{L}}]))){{1,12}}"
        ),
        # Other named bodies: a head, then capitalised words, each maybe with the lower-case second syllable of
        # the same word ("Cục Dân số", "Báo và Phát thanh, Truyền hình Cần Thơ"), never a head of the next name.
        (
            rf"{_words('named_heads')}"
            rf"(?:,?[ ]+(?:{_NAMEWORD}|{_words('name_joiners')}|&))*[ ]+{_NAMEWORD}(?:[ ]+(?i:{rank})[ ]+{_PLACE})?"
        ),
        (rf"(?<![\p{{L}}]){_words('sector')} [\p{{Ll}}]+(?: [\p{{Ll}}]+)?(?= {_words('sector_aims')})"),
    ]


def _upper_too(slot: str) -> str:
    """A head word as written and in capitals ('Sở', 'SỞ')."""
    words = load_json("agencies.json")["rule_words"][slot]
    return f"(?:{alternation({*words, *(w.upper() for w in words)})})"


@lru_cache(maxsize=1)
def _trailing_words() -> regex.Pattern[str]:
    """Words a name never ends with ('các', 'và', 'của', 'cấp'), with or without their marks."""
    words = load_json("agencies.json")["rule_words"]["trailing"]
    return regex.compile(rf"(?:[ ,]+(?:{alternation(cue_forms(words) | cue_forms(words, folded=True))}))+$")


def find_orgs(norm: str) -> list[tuple[int, int]]:
    """Spans of public bodies and organisations named by the fixed patterns, longest first, non-overlapping;
    a text written without diacritics is read with the folded patterns."""
    spans: list[tuple[int, int]] = []
    for pat in _org_res(not has_diacritics(norm)):
        for m in scan(pat, norm):
            s, e = m.start(), m.end()
            while e > s and norm[e - 1] in " ,-&":
                e -= 1
            tail = _trailing_words().search(norm[s:e])
            if tail:
                e = s + tail.start()
            if e - s >= 3:
                spans.append((s, e))
    spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def place_in(name: str) -> str | None:
    """The proper place name inside a body's name ('UBND tỉnh Bắc Ninh' → 'Bắc Ninh'), also in capitals or
    without diacritics ('UBND TỈNH BẮC NINH', 'UBND tinh Bac Ninh'): those are read on the folded lower-cased
    name, as `find_places` reads a text without diacritics (a place's name still starts with a capital)."""
    places = [p for p in find_places(name) or find_places(name, fold(lower(name))) if p.jurisdiction]
    return places[-1].name if places else None


@lru_cache(maxsize=1)
def _national_start() -> regex.Pattern[str]:
    """How the folded, lower-cased name of a national body begins ('thu tuong', 'pho thu tuong', 'bo ')."""
    w = slot_alternations("agencies.json", "rule_words", folded=True)
    return regex.compile(rf"(?:(?:{w['deputy']}) )?(?:{w['national_heads']}|(?:{w['ministry']}) )")


def is_national(body: str | None) -> bool:
    """A body whose writ runs over the whole country (Chính phủ, a ministry, Quốc hội …)."""
    if not body:
        return False
    low = strip_tones(body).lower()
    if place_in(body):
        return False
    return bool(_national_start().match(fold(low)))
