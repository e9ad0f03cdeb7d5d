"""The issuing body: the header's capitals, else the signature block, else a news lead's "X vừa ban hành …",
else "… của X" early on.

An official document names its issuer top left in capitals, a parent body above a subordinate one
(`UBND TỈNH BẮC NINH` / `SỞ CÔNG THƯƠNG`: the lower line issues), interleaved by extraction with the national
motto; its signature block repeats it (`TM. ỦY BAN NHÂN DÂN` / `KT. THỦ TƯỚNG`). A news page names it in its
lead. Every pattern is matched on the folded, lower-cased text, so a text without diacritics gives the same
issuer; the name is taken from the text itself and, when the header wrote it in capitals, put in the case
the body's name is written in running text ("Ủy ban nhân dân tỉnh Bắc Ninh"), so that records join.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractor.context.names import canonical_case
from extractor.rules import agencies, documents
from extractor.rules.lexicon import alternation, cue_forms, load_json
from extractor.text.normalize import fold, lower

_SPACES = regex.compile(r"\s+")

_PERSON_AFTER_TITLE = regex.compile(r"\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,3}")


def clean_name(s: str) -> str:
    return _SPACES.sub(" ", s).strip(" ,.;:-")


@lru_cache(maxsize=1)
def _res() -> dict[str, regex.Pattern[str]]:
    a, c = load_json("agencies.json"), load_json("context.json")
    f = lambda words: alternation(cue_forms(words, folded=True))  # noqa: E731
    places = alternation(agencies.province_names())
    ranks = f(load_json("lexicon.json")["place_ranks"])
    local = f(c["local_issuer_heads"])
    b, e = r"(?<![\p{L}\d])", r"(?![\p{L}\d])"
    department = rf"(?:{f(c['department_issuer_heads'])})\s+(?:{f(a['department_names'])}){e}"
    return {
        # A committee or council with its place; a national body; a ministry; a department with its place on
        # one line ("SỞ Y TẾ TỈNH X").
        "header": regex.compile(
            rf"{b}(?:(?:{local})\s+(?P<scope>(?:{ranks})\s+(?:{places})){e}|(?:{f(a['national_bodies'])}){e}"
            rf"|bo\s+(?:{f(a['ministry_names'])}){e}|{department}\s+(?:{ranks})\s+(?:{places}){e})"
        ),
        # The department under its parent's line, right after it (`match` at the parent's end: no `^`, which
        # only matches at the start of the string).
        "subordinate": regex.compile(rf"\s*(?:-+\s*)?{department}"),
        "official": regex.compile(rf"{b}(?:{f(c['official_markers'])})"),
        # The document's kind alone on a line ("KẾ HOẠCH", "QUYẾT ĐỊNH"): a title, as only a decision has.
        "kind_line": regex.compile(rf"(?m)^[ \t*#]*(?:{f(list(a['kinds']))})[ \t*]*$"),
        "lead_verbs": regex.compile(
            rf"^\s*(?:(?:{f(c['news_adverbs'])})\s+){{0,2}}(?:{f(a['issuer_verbs'])}){e}"
        ),
        "passive": regex.compile(rf"{b}(?:{f(c['passive_markers'])})\s*$"),
        "approve": regex.compile(rf"^\s*(?:{f(c['approval_verbs'])}){e}"),
        "of": regex.compile(rf"{b}(?:{f(c['of_words'])})\s+$"),
        "title": regex.compile(rf"(?:{f(c['signer_titles'])}){e}"),
        "title_before": regex.compile(rf"{b}(?:{f(c['signer_titles'])})\s+$"),
    }


def _kind_title(lines: str) -> bool:
    """Whether the head has a title line: the document's kind alone on its line, in capitals ("KẾ HOẠCH").
    A converted decision may keep its body's name and its title but lose the motto and the number line."""
    head = lines[:600]
    return any(head[m.start():m.end()].isupper() for m in _res()["kind_line"].finditer(fold(lower(head))))


def _from_header(norm: str, lines: str | None = None) -> str | None:
    """The issuer of an official document's header (the lower line when two bodies are stacked, named with
    its parent's place); `lines` is the same text with its line ends, where a title line is seen."""
    head = norm[:600]
    t = fold(lower(head))
    r = _res()
    if not (r["official"].search(t) or (lines is not None and _kind_title(lines))):
        return None
    m = r["header"].search(t, 0, 260)
    if not m:
        return None
    sub = r["subordinate"].match(t, m.end())
    if sub:
        # The department issues; its parent's line gives its place, which the department's own line leaves
        # out ("UBND TỈNH X" / "SỞ Y TẾ": "Sở Y tế tỉnh X", as running text names it, and its jurisdiction).
        scope = head[m.start("scope"):m.end("scope")] if m.start("scope") >= 0 else ""
        return canonical_case(clean_name(f"{head[sub.start():sub.end()]} {scope}"))
    return canonical_case(clean_name(head[m.start():m.end()]))


def find_issuer(norm: str, t: str, orgs: list[tuple[int, int]], refs: list[documents.DocRef],
                lines: str | None = None) -> str | None:
    """The issuer by the order above; `norm` is the flat normalised text, `t` its matching form, `lines` the
    normalised text with its line ends."""
    found = _from_header(norm, lines)
    if found:
        return found
    r = _res()
    ft = fold(t) if t is not None else t
    for s, e in orgs:
        person = _PERSON_AFTER_TITLE.match(norm, e) if r["title"].match(fold(lower(norm[s:e]))) else None
        end = person.end() if person else e
        if r["lead_verbs"].match(ft[end:end + 60]):
            return clean_name(norm[s:end])
        # "Thứ trưởng Bộ Tài chính Lê Văn An vừa ký …": the title stands before the body, its holder after it;
        # the body issues.
        person = _PERSON_AFTER_TITLE.match(norm, e) if r["title_before"].search(ft, max(0, s - 24), s) else None
        if person and r["lead_verbs"].match(ft[person.end():person.end() + 60]):
            return clean_name(norm[s:e])
    for s, e in orgs:
        if r["passive"].search(ft[max(0, s - 12):s]) and r["approve"].match(ft[e:e + 20]):
            return clean_name(norm[s:e])
    for s, e in orgs:
        # "Quyết định 546/QĐ-TTg của Thủ tướng Chính phủ", "Báo cáo … của Chính phủ" early in the text.
        if s < 1500 and r["of"].search(ft[max(0, s - 6):s]) and (
                agencies.is_national(norm[s:e]) or agencies.place_in(norm[s:e])):
            return clean_name(norm[s:e])
    return None
