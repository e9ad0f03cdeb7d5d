"""The jurisdiction a document speaks for: the issuer's province, else the lead's, else the country."""

from __future__ import annotations

import regex

from extractor.rules import agencies
from extractor.text import segment


def doc_location(issuer: str | None, norm: str, t: str, places: list[agencies.Place],
                  paras: list[segment.Paragraph]) -> str | None:
    if issuer:
        p = agencies.place_in(issuer)
        if p:
            return p
        if agencies.is_national(issuer):
            return "Việt Nam"
    lead_end = paras[min(2, len(paras) - 1)].end if paras else 0
    places = [p for p in places if p.jurisdiction]
    lead = [p for p in places if p.start < max(lead_end, 600) and p.name != "Việt Nam"]
    if lead:
        return lead[0].name
    if regex.search(r"(?<!\p{L})(?:cả nước|toàn quốc|ca nuoc|toan quoc)(?!\p{L})", t):
        return "Việt Nam"
    provincial = issuer and regex.search(r"(?i)(?:tỉnh|thành phố|tp\.?)\s*$", issuer)
    named = [p.name for p in places if p.name != "Việt Nam"]
    if provincial:
        # "UBND tỉnh" without a name: the province the text names most often, if any.
        return max(set(named), key=named.count) if named else None
    if not named:
        return "Việt Nam"  # a policy text that names no province at all speaks for the country
    if issuer and regex.search(r"(?i)(?:ubnd|ủy ban nhân dân)\s+(?:tỉnh|thành phố)\s*$", issuer):
        return None
    return None
