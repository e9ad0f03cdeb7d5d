"""The jurisdiction a document speaks for: the issuer's province, else the lead's, else the country."""

from __future__ import annotations

from functools import lru_cache

import regex

from extractor.rules import agencies
from extractor.rules.lexicon import alternation, cue_forms, lexicon
from extractor.text import segment


@lru_cache(maxsize=1)
def _cues() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(a whole-country cue in the lower-cased text, with or without marks; an issuer that ends on a province
    rank without a name, 'UBND tỉnh' or 'UBND tinh'), from `country_wide_cues` and `province_ranks` of
    data/lexicon.json.
    Not `national_cues`: 'quốc gia' and 'Việt Nam' also sit in provincial texts ('chương trình mục tiêu quốc
    gia'), and only a whole-country phrase says the text speaks for the country."""
    lx = lexicon()
    words = lx["country_wide_cues"]
    country = alternation(cue_forms(words) | cue_forms(words, folded=True))
    ranks = lx["province_ranks"]
    rank = alternation(cue_forms(ranks) | cue_forms(ranks, folded=True))
    return (regex.compile(rf"(?<!\p{{L}})(?:{country})(?!\p{{L}})"), regex.compile(rf"(?i)(?:{rank})\s*$"))


def doc_location(issuer: str | None, norm: str, t: str, places: list[agencies.Place],
                  paras: list[segment.Paragraph]) -> str | None:
    """The issuer's province; a national issuer's country; else the first province the lead names; else the
    country where the text says it speaks for all of it or names no province; else (a provincial issuer
    without a name) the province named most often."""
    country_wide, provincial_rank = _cues()
    country = agencies.country_name()
    if issuer:
        p = agencies.place_in(issuer)
        if p:
            return p
        if agencies.is_national(issuer):
            return country
    lead_end = paras[min(2, len(paras) - 1)].end if paras else 0
    places = [p for p in places if p.jurisdiction]
    lead = [p for p in places if p.start < max(lead_end, 600) and p.name != country]
    if lead:
        return lead[0].name
    if country_wide.search(t):
        return country
    provincial = issuer and provincial_rank.search(issuer)
    named = [p.name for p in places if p.name != country]
    if provincial:
        # "UBND tỉnh" without a name: the province the text names most often, if any.
        return max(set(named), key=named.count) if named else None
    if not named:
        return country  # a policy text that names no province at all speaks for the country
    return None
