"""Who the document puts in charge, read from its structure rather than from the first "X chủ trì".

A plan's Tổ chức thực hiện section gives one item per body (`1. Sở Khoa học và Công nghệ` then what it
leads, or `- Sở Y tế: chủ trì …`). The body whose item leads and coordinates the plan as a whole
("chủ trì … tổ chức triển khai Kế hoạch; hướng dẫn, đôn đốc, kiểm tra, tổng hợp, báo cáo") is in charge of
the targets no narrower assignment covers. A resolution instead delegates at its end: "Giao Ủy ban nhân
dân tỉnh tổ chức thực hiện Nghị quyết" puts that body in charge (oversight, "giám sát", does not).
Generic mentions ("các sở, ngành", "cơ quan, đơn vị") are never a body in charge.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.context.issuer import clean_name
from extractor.context.names import same_body
from extractor.rules.lexicon import alternation, cue_forms, load_json
from extractor.text.layout import Section
from extractor.text.normalize import fold, lower
from extractor.text.segment import Paragraph
from extractor.text.spans import between
from extractor.text.tables import Table


@dataclass(frozen=True)
class Assignment:
    """A body and the reason it is in charge: 'plan lead' (Tổ chức thực hiện) or 'delegated' (Giao …)."""

    body: str
    how: str
    start: int  # offset of the body's name in the normalised text


@lru_cache(maxsize=2)
def _res(folded: bool) -> dict[str, regex.Pattern[str]]:
    d = load_json("context.json")

    def alt(key: str) -> str:
        return alternation(cue_forms(d[key], folded))

    b, e = r"(?<![\p{L}\d])", r"(?![\p{L}\d])"
    lead = alternation(cue_forms(load_json("agencies.json")["in_charge_verbs"], folded))
    return {
        "lead": regex.compile(rf"{b}(?:{lead}){e}"),
        "coordination": regex.compile(rf"{b}(?:{alt('coordination_cues')}){e}"),
        "plan": regex.compile(rf"{b}(?:{alt('plan_words')}){e}"),
        "delegation_before": regex.compile(rf"{b}(?:{alt('delegation_verbs')})\s*$"),
        "execution_after": regex.compile(rf"^[\s,]*(?:(?:{alt('execution_leads')})\s*,?\s*)?"
                                         rf"(?:{alt('execution_phrases')}){e}"),
        "generic": regex.compile(rf"^(?:{alt('generic_body_heads')}){e}"),
        "delegation_start": regex.compile(rf"\s*(?:{alt('delegation_verbs')})\s+"),
        "means": regex.compile(rf"{b}(?:{alternation(cue_forms(load_json('lexicon.json')['means_cues'], folded))}){e}"),
        "via": regex.compile(rf"\(\s*(?:{alt('reporting_via')})\s+"),
    }


def _is_named(name: str, folded: bool) -> bool:
    low = name.lower()
    return not _res(folded)["generic"].match(fold(low) if folded else low)


def _item_body(t: str, p: Paragraph, orgs: list[tuple[int, int]], starts: list[int],
               folded: bool) -> tuple[int, int] | None:
    """The body an item opens with ('1. Sở Y tế', '- Sở Tài chính: …', '1. Giao Sở Y tế …'), if any."""
    lead = _res(folded)["delegation_start"].match(t, p.body)
    at = lead.end() if lead else p.body
    lo, hi = between(starts, at, at + 3)
    return orgs[lo] if hi > lo else None


def _leads(text: str, folded: bool) -> bool:
    """An item leads when its lead verb (chủ trì, cơ quan thường trực …) is not about funding the plan
    (the finance body "chủ trì bố trí kinh phí" is no lead)."""
    r = _res(folded)
    return any(not r["means"].search(text[m.end():m.end() + 120]) for m in r["lead"].finditer(text[:600]))


def _reporting_hub(norm: str, t: str, lo: int, hi: int, orgs: list[tuple[int, int]],
                   starts: list[int], folded: bool) -> tuple[int, int] | None:
    """'… báo cáo UBND tỉnh (qua Sở X)': the body results are reported through coordinates the plan."""
    for m in _res(folded)["via"].finditer(t, lo, hi):
        i, j = between(starts, m.end(), m.end() + 2)
        if j > i and _is_named(norm[orgs[i][0]:orgs[i][1]], folded):
            return orgs[i]
    return None


def implementation_items(norm: str, t: str, folded: bool, paras: list[Paragraph],
                         ranges: list[tuple[int, int]], orgs: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """(name start, name end, text start, text end) of every item of the Tổ chức thực hiện section(s) that
    opens with a named body: the body and what it is given to do, up to the next body's item."""
    starts = [s for s, _ in orgs]
    items: list[tuple[int, int, int, int]] = []
    for lo, hi in ranges:
        first = len(items)
        for k in range(lo + 1, hi):
            span = _item_body(t, paras[k], orgs, starts, folded)
            if span and _is_named(norm[span[0]:span[1]], folded):
                if len(items) > first:
                    items[-1] = (*items[-1][:3], paras[k].start)
                items.append((span[0], span[1], span[1], paras[hi - 1].end))
    return items


def plan_lead(norm: str, t: str, folded: bool, paras: list[Paragraph], ranges: list[tuple[int, int]],
              orgs: list[tuple[int, int]], issuer: str | None) -> Assignment | None:
    """The body leading the plan as a whole, from its Tổ chức thực hiện section(s)."""
    starts = [s for s, _ in orgs]
    items = implementation_items(norm, t, folded, paras, ranges, orgs)
    for lo, hi in ranges:
        hub = _reporting_hub(norm, t, paras[lo].start, paras[hi - 1].end, orgs, starts, folded)
        if hub:
            return Assignment(clean_name(norm[hub[0]:hub[1]]), "plan lead", hub[0])
    for s, e, ts, te in items:
        name = clean_name(norm[s:e])
        if issuer and same_body(name, issuer):
            continue
        if _leads(t[ts:te], folded):
            return Assignment(name, "plan lead", s)
    return None


@lru_cache(maxsize=1)
def _department_heads() -> tuple[str, ...]:
    """The head of a department's name ("Sở"), folded and lower-cased as the names it opens are compared."""
    return tuple(fold(lower(h)) for h in load_json("agencies.json")["rule_words"]["department"])


@lru_cache(maxsize=1)
def _department_openings() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each department's name with the ways a body's folded name opens with it ("so y te" for "Y tế")."""
    return tuple((dept, tuple(f"{head} {fold(lower(dept))}" for head in _department_heads()))
                 for dept in load_json("agencies.json")["department_names"])


@lru_cache(maxsize=1)
def _list_joints() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """The joints of a department's name ("Giáo dục và Đào tạo": a comma, a spaced hyphen or the name joiner
    "và") and of a heading's list of sectors, read on its folded text (a comma, a semicolon or the folded
    joiner)."""
    words = load_json("agencies.json")["rule_words"]["name_joiners"]
    marked, folded = alternation(cue_forms(words)), alternation(cue_forms(words, folded=True))
    return (regex.compile(rf"\s*,\s*|\s+-\s+|\s+(?:{marked})\s+"),  # "Lao động - Thương binh và Xã hội"
            regex.compile(rf"\s*[,;]\s*|\s+(?:{folded})\s+"))


# A heading's outline marker, on its folded lower-cased text: "b)", "(b)", "3.", "(2)", "II.", "2.1."
_HEADING_MARKER = regex.compile(r"^\s*(?:\(?[\divxlc]+[.)]|\(?[a-z]\))*(?:[\d.]+\s*)?")


def lead_body(norm: str, t: str, folded: bool, paras: list[Paragraph], ranges: list[tuple[int, int]],
              orgs: list[tuple[int, int]], issuer: str | None) -> str | None:
    """The plan's lead body from its Tổ chức thực hiện section, else a resolution's 'Giao X tổ chức thực hiện'."""
    found = plan_lead(norm, t, folded, paras, ranges, orgs, issuer)
    found = found or delegated(norm, t, folded, orgs)
    return found.body if found else None


def sector_bodies(norm: str, items: list[tuple[int, int, int, int]]) -> dict[str, str]:
    """Sector words → the department the Tổ chức thực hiện section names for that sector ('y tế' → 'Sở Y
    tế', 'giáo dục' and 'đào tạo' → 'Sở Giáo dục và Đào tạo'); a word two bodies share is nobody's."""
    found: dict[str, set[str]] = {}
    for s, e, _, _ in items:
        body = clean_name(norm[s:e])
        key = fold(lower(body))
        for dept, openings in _department_openings():
            if key.startswith(openings):
                for part in [dept, *_list_joints()[0].split(dept)]:
                    found.setdefault(fold(lower(part)).strip(), set()).add(body)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1 and k}


def sector_of_heading(title: str, sectors: dict[str, str]) -> str | None:
    """The department a heading names as its sector ('b) Về y tế', '3. Giáo dục, đào tạo'), if every part
    of the heading is that one department's sector; a heading that only mentions a word is not."""
    words = load_json("context.json")["sector_heading_leads"]
    text = fold(lower(title))
    text = _HEADING_MARKER.sub("", text).strip(" :.")
    for lead in sorted((fold(lower(w)) for w in words), key=len, reverse=True):
        if text.startswith(lead + " "):
            text = text[len(lead) + 1:]
            break
    parts = [p.strip() for p in _list_joints()[1].split(text) if p.strip()]
    bodies = {sectors.get(p) for p in parts}
    return bodies.pop() if parts and len(bodies) == 1 and None not in bodies else None


def paragraph_sectors(sections: list[Section], sectors: dict[str, str]) -> dict[int, str]:
    """Paragraph → the department its innermost sector heading ('b) Về y tế') is assigned to, given the
    document's `sectors` (`sector_bodies`); `sections` is each paragraph's place in the outline."""
    if not sectors:
        return {}
    by_title: dict[str, str | None] = {}
    out: dict[int, str] = {}
    for i, sec in enumerate(sections):
        for title in reversed(sec.path):
            if title not in by_title:
                by_title[title] = sector_of_heading(title, sectors)
            if by_title[title]:
                out[i] = by_title[title]  # type: ignore[assignment]
                break
    return out


def delegated(norm: str, t: str, folded: bool, orgs: list[tuple[int, int]]) -> Assignment | None:
    """'Giao <body> tổ chức thực hiện …': the last such delegation (resolutions state it at their end)."""
    r = _res(folded)
    found = None
    for s, e in orgs:
        if r["delegation_before"].search(t[max(0, s - 12):s]) and r["execution_after"].match(t[e:e + 60]):
            name = clean_name(norm[s:e])
            if _is_named(name, folded):
                found = Assignment(name, "delegated", s)
    return found


def row_bodies(norm: str, found: list[Table], orgs: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, body) of every table row whose lead column ("Cơ quan chủ trì", "Chủ trì") names a body:
    the first body named in that cell ("Sở KH&CN chủ trì hướng dẫn; các sở … thực hiện" → "Sở KH&CN")."""
    starts = [s for s, _ in orgs]
    out: list[tuple[int, int, str]] = []
    for table in found:
        lead = [c.index for c in table.columns if c.role == "agency"]
        if not lead:
            continue
        for row in table.rows:
            cell = row.cells[lead[0]] if lead[0] < len(row.cells) else None
            if cell is None:
                continue
            lo, hi = between(starts, cell.start, cell.end)
            named = [(s, e) for s, e in orgs[lo:hi] if e <= cell.end and _is_named(norm[s:e], False)]
            if named:
                out.append((row.start, row.end, clean_name(norm[named[0][0]:named[0][1]])))
    return sorted(out)
