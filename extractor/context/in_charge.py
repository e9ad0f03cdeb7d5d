"""The body the document puts in charge (chủ trì), and headings that name a body for the tasks below."""

from __future__ import annotations

import regex

from extractor.context.issuer import clean_name
from extractor.text import segment
from extractor.text.normalize import fold
from extractor.text.spans import between

_IN_CHARGE = regex.compile(
    r"^\s*(?:\(?(?:sau đây gọi tắt là|gọi tắt là)[^)]{0,40}\)?\s*)?,?\s*"
    r"(?:là cơ quan thường trực,?\s*|là cơ quan đầu mối,?\s*)?"
    r"(?:chủ trì|chu tri|là cơ quan thường trực|là cơ quan đầu mối|chịu trách nhiệm chính)(?!\p{L})"
)


def find_in_charge(norm: str, t: str, orgs: list[tuple[int, int]], issuer: str | None) -> str | None:
    for s, e in orgs:
        if _IN_CHARGE.match(t[e:e + 80]):
            name = clean_name(norm[s:e])
            if issuer is None or fold(name).lower() != fold(issuer).lower():
                return name
    return None


def body_headings(norm: str, paras: list[segment.Paragraph], orgs: list[tuple[int, int]]) -> dict[int, str | None]:
    """Paragraphs that are a body's name alone ('1. Sở Y tế') head the tasks below them."""
    out: dict[int, str | None] = {}
    starts = [s for s, _ in orgs]
    for i, p in enumerate(paras):
        body = norm[p.body:p.end].strip(" :.")
        lo, hi = between(starts, p.body, p.end)
        hit = [(s, e) for s, e in orgs[lo:hi] if e <= p.end]
        if hit and len(body) <= (hit[0][1] - hit[0][0]) + 3 and p.marker:
            out[i] = clean_name(norm[hit[0][0]:hit[0][1]])
        elif p.marker and regex.fullmatch(r"[IVXLC]+\.", p.marker):
            out[i] = None
    return out
