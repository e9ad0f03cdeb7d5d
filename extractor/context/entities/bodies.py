"""The bodies the targets use: the rules' bodies and the model's plausible ORG spans, merged (`merge_orgs`).

The rules know where a body's name starts (its head), the model where it ends, because Vietnamese names go
on in lower case; the model reads logical lines (`recognised`: hard wraps inside a paragraph are spaces), so
a body wrapped over two lines is one name, while no span runs over a paragraph's end, and a body alone on
its line (a heading, "3. Sở Tài chính") ends at that line. A model body that opens with a head of its own
around a rule body is the record's entity (`Sourced.outer`), the rule body the targets' agency.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

import regex

from extractor.context.entities.plausibility import cut_head, named_body, plausible
from extractor.context.entities.words import JOINER_ENDS, RANK_NEXT, org_head_re
from extractor.text.normalize import fold
from extractor.text.segment import Paragraph
from extractor.text.spans import inside


class Sourced(tuple):
    """A body's (start, end) that remembers its recogniser ("rules" or "model"); a plain pair to the
    stages that unpack it (targets, issuer, body in charge). `outer` is a longer name around it that
    another recogniser found from a head of its own ("Phòng Tham mưu - Công an tỉnh" around "Công an
    tỉnh"): the record's entity, while the targets keep the body itself as their agency."""

    source: str
    outer: tuple[int, int, str] | None

    def __new__(cls, start: int, end: int, source: str, outer: tuple[int, int, str] | None = None) -> Sourced:
        self = super().__new__(cls, (start, end))
        self.source = source
        self.outer = outer
        return self

    def __getnewargs__(self) -> tuple[int, int, str, tuple[int, int, str] | None]:
        return (self[0], self[1], self.source, self.outer)


def source_of(item: tuple, default: str) -> str:
    """The recogniser recorded on a span, `default` for a plain tuple."""
    return str(getattr(item, "source", default))


def unwrapped(norm: str, paras: list[Paragraph]) -> str:
    """The text with the line breaks inside each paragraph (hard wraps of PDF and Word text) made
    spaces, at the same length: the model reads logical lines, so a body wrapped over two lines is one
    name ("Báo và\\nPhát thanh, Truyền hình tỉnh"). Breaks between paragraphs stay."""
    if "\n" not in norm:
        return norm
    chars = list(norm)
    for p in paras:
        i = norm.find("\n", p.start, p.end)
        while i >= 0:
            chars[i] = " "
            i = norm.find("\n", i + 1, p.end)
    return "".join(chars)


def recognised(norm: str, paras: list[Paragraph],
                recognise: Callable[[str], list[tuple[int, int, str]]] | None) -> list[tuple[int, int, str]]:
    """The NER model's and gazetteer's spans over the logical lines of a block (empty without a model)."""
    if recognise is None or not norm.strip():
        return []
    return recognise(unwrapped(norm, paras))


def merge_orgs(rule: list[tuple[int, int]], model: list[tuple[int, int, str]], masked: list[tuple[int, int]],
               norm: str, paras: list[Paragraph] | None = None) -> list[tuple[int, int]]:
    """Rule bodies and the model's plausible ORG spans, non-overlapping and sorted (the policy is in `record`).

    `model` are the recogniser's spans of every label; the ORG ones that lie on no date or number and are
    plausible are added where no rule span overlaps them, and replace a rule span they extend: the rules
    know where a body's name starts (its head), the model where it ends, because names go on in lower
    case ("Trung tâm Nghiên cứu phát triển nông nghiệp", where the rules stop at "Trung tâm Nghiên").
    Otherwise the rule span stays: a model span that starts elsewhere or covers two rule bodies (a list,
    "Sở Y tế và Sở Tài chính") gives way. Model spans come back as `Sourced` pairs with their source.
    With `paras`, a rule span that runs over a paragraph's end is cut there: the rules read the text with
    its lines joined, and a letterhead's cells ("ỦY BAN NHÂN DÂN" | "TỈNH …" | "KT. CHỦ TỊCH") are no
    one name."""
    rule = _within_paragraphs(rule, paras, norm) if paras else rule
    out = [(s, _own_line_end(norm, s, e), "rules") for s, e in rule]
    outer: dict[tuple[int, int], tuple[int, int, str]] = {}
    for item in model:
        s, e, lab = item[0], _own_line_end(norm, item[0], item[1]), item[2]
        listed = source_of(item, "model") == "gazetteer"  # a listed name needs no plausibility check
        if lab != "ORG" or inside(masked, s, e) or not (listed or plausible(norm[s:e], "ORG")):
            continue
        hit = [r for r in out if r[0] < e and s < r[1]]
        if len(hit) == 1 and _wraps(hit[0], s, e, norm):
            outer[hit[0][:2]] = (s, e, source_of(item, "model"))
            continue
        if len(hit) > 1 or any(r[0] != s or r[1] >= e for r in hit):
            continue  # the rules' span is as long, starts elsewhere, or the model's is a list of bodies
        out = [r for r in out if r not in hit] + [(s, e, source_of(item, "model"))]
    out.sort()
    return [(s, e) if src == "rules" and (s, e) not in outer else Sourced(s, e, src, outer.get((s, e)))
            for s, e, src in out]


_LINE_LEAD = regex.compile(r"[ \t*|]*(?:(?:[-+•]|\(?[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*\.|[IVXLC]{1,6}\.)[ \t*]+)?")


_GAP = regex.compile(r"[\s*|]*")


def _own_line_end(norm: str, s: int, e: int) -> int:
    """Where a model body alone on its line ends: a heading ("3. Sở Tài chính" / "Bố trí kinh phí …") is
    one line, and the model, reading logical lines, runs it into the next line's capitalised first word."""
    nl = norm.find("\n", s, e)
    if nl < 0:
        return e
    line = norm.rfind("\n", 0, s) + 1
    if s - line > 24:
        return e  # a list marker is short: the body does not open its line
    nxt = _GAP.match(norm, nl, e).end()
    lead = _LINE_LEAD.match(norm, line, s)
    if lead is None or lead.end() != s or nxt >= e or not norm[nxt].isupper() or norm[nl:nxt].count("\n") > 1:
        return e
    if RANK_NEXT.match(norm[nl:e].upper() + " "):
        return e  # "SỞ Y TẾ" / "TỈNH BẮC NINH": a letterhead's rank and place go on in the next line
    first = norm[s:nl].rstrip(" \t*")
    if fold(first).endswith((*JOINER_ENDS, ",", "-")) or not named_body(first) or not plausible(first, "ORG"):
        return e  # "Báo và" / "Phát thanh, …", "Chi cục" / "Hải quan khu vực V": the name goes on
    return s + len(first)


def _wraps(rule: tuple[int, int, str], s: int, e: int, norm: str) -> bool:
    """Whether a model body (s, e) opens with a head of its own before the rule body and holds all of it
    ("Liên hiệp các Hội Khoa học và Kỹ thuật" around "Hội Khoa học và Kỹ thuật", "Phòng Tham mưu - Công
    an tỉnh" around "Công an tỉnh"): the longer name is the entity, the rule body the targets' agency."""
    return s < rule[0] and rule[1] <= e and bool(org_head_re().match(norm, s))


def _letterhead(norm: str, start: int, cut: int, end: int) -> bool:
    """A letterhead's body over two cells: "ỦY BAN NHÂN DÂN" | "TỈNH BẮC NINH" is one name, and so is a
    head in capitals split over two lines ("ỦY BAN NHÂN" | "DÂN")."""
    if not norm[cut:end].isupper():
        return False
    return bool(RANK_NEXT.match(norm, cut, end + 1)) or cut_head(" ".join(fold(norm[start:cut]).lower().split()))


_SIGN_MARK = regex.compile(r"\n[\s*]*(?:KT|TM|TL|TUQ|Q)\.\s")  # "KT. CHỦ TỊCH": a signature block's next line


def _within_paragraphs(spans: list[tuple[int, int]], paras: list[Paragraph], norm: str) -> list[tuple[int, int]]:
    """Each span cut at the end of the paragraph it starts in (dropped if less than a word is left), but
    a letterhead's committee and its rank and place in the next cell stay one name; a signature block's
    body ends before the next line's "KT." or "TM." ("TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH")."""
    ends = [p.end for p in paras]
    out = []
    for s, e in spans:
        i = bisect.bisect_right(ends, s)
        if i < len(paras) and paras[i].start > s:
            i = len(paras)  # the span starts between paragraphs: left as the rules found it
        while i < len(paras) and paras[i].end < e and _letterhead(norm, s, paras[i].end, e):
            i += 1  # the name goes on in the next cell
        cut = paras[i].end if i < len(paras) and paras[i].end < e else e
        sign = _SIGN_MARK.search(norm, s, min(len(norm), cut + 3))
        cut = sign.start() if sign and sign.start() < cut else cut
        if cut < e:
            e = cut
            while e > s and not norm[e - 1].isalnum():
                e -= 1
        if e - s >= 2:
            out.append((s, e))
    return out
