"""The body the document puts in charge (chủ trì), and headings that name a body for the tasks below."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import regex

from extractor.context.issuer import clean_name
from extractor.context.names import same_body
from extractor.rules import agencies
from extractor.rules.lexicon import alternation, cue_forms, load_json
from extractor.text import segment
from extractor.text.normalize import matching_forms, normalize
from extractor.text.spans import between

# A top-level heading's marker ("II."): a section of its own, whose body in charge is nobody's.
_ROMAN_MARKER = regex.compile(r"[IVXLC]+\.")


@lru_cache(maxsize=1)
def _in_charge_re() -> regex.Pattern[str]:
    """'<body> chủ trì', '<body> (gọi tắt là …) là cơ quan thường trực': the body right before is put in charge."""
    verbs = load_json("agencies.json")["in_charge_verbs"]
    alt = alternation(cue_forms(verbs) | cue_forms(verbs, folded=True))
    c = load_json("context.json")
    assigned = c["assigned_cues"] + c["in_charge_links"]
    given = alternation(cue_forms(assigned) | cue_forms(assigned, folded=True))
    short = alternation(cue_forms(c["short_name_intros"]) | cue_forms(c["short_name_intros"], folded=True))
    return regex.compile(
        rf"^\s*(?:\(?(?:{short})[^)]{{0,40}}\)?\s*)?,?\s*"
        rf"(?:(?:{given})\s+)?(?:{alt})(?!\p{{L}})"  # "Sở Tài chính được giao chủ trì …", "… là cơ quan chủ trì"
    )


def find_in_charge(norm: str, t: str, orgs: list[tuple[int, int]], issuer: str | None) -> str | None:
    for s, e in orgs:
        if _in_charge_re().match(t[e:e + 80]):
            name = clean_name(norm[s:e])
            if issuer is None or not same_body(name, issuer):
                return name
    return None


def in_charge_anywhere(norm: str, t: str, orgs: list[tuple[int, int]], issuer: str | None,
                       others: Iterable[str]) -> str | None:
    """The body put in charge (chủ trì) wherever the document says so: in its first block (`norm`, `t`,
    `orgs`), else in the first of the other blocks' texts that says so, read by the rules only."""
    found = find_in_charge(norm, t, orgs, issuer)
    if not found:
        for text in others:
            flat, match_text, _ = matching_forms(normalize(text).norm)
            found = find_in_charge(flat, match_text, agencies.find_orgs(flat), issuer)
            if found:
                break
    return found


@lru_cache(maxsize=1)
def _heading_prefix() -> regex.Pattern[str]:
    words = load_json("context.json")["heading_body_prefixes"]
    alt = alternation(cue_forms(words, lower=False) | cue_forms(words, folded=True, lower=False))
    return regex.compile(rf"(?i:{alt})\s+")


def body_headings(norm: str, paras: list[segment.Paragraph], orgs: list[tuple[int, int]]) -> dict[int, str | None]:
    """Paragraphs that are a body's name alone ('1. Sở Y tế') head the tasks below them."""
    out: dict[int, str | None] = {}
    starts = [s for s, _ in orgs]
    for i, p in enumerate(paras):
        lead = _heading_prefix().match(norm, p.body)  # "2.9. Đề nghị Liên đoàn Lao động tỉnh"
        at = lead.end() if lead else p.body
        body = norm[at:p.end].strip(" :.")
        lo, hi = between(starts, at, p.end)
        hit = [(s, e) for s, e in orgs[lo:hi] if e <= p.end]
        if hit and len(body) <= (hit[0][1] - hit[0][0]) + 3 and p.marker:
            out[i] = clean_name(norm[hit[0][0]:hit[0][1]])
        elif p.marker and _ROMAN_MARKER.fullmatch(p.marker):
            out[i] = None
    return out
