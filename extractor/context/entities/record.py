"""The record's entities: the one merge of rule and model entity spans, each keeping the name of the
recogniser that found it.

Recognisers: the rules (`extractor.rules.agencies` bodies and places, `extractor.rules.documents`
references, and the bylines of `extractor.ner.names` read on the text's own lines), the trained model and
the gazetteer (both inside `extractor.ner`, whose spans say which of the two found them). One policy
decides between them, for the bodies the targets use (`merge_orgs`) and for the record's entities
(`entities`):

- the model reads logical lines (`recognised`: hard wraps inside a paragraph are spaces), so a body
  wrapped over two lines is one name, and is judged as one line (`plausible`); no span runs over a
  paragraph's end, and a body alone on its line (a heading, "3. Sở Tài chính") ends at that line;
- a model span is dropped only when it is implausible (`plausible`: without a head word a body is
  capitalised word by word; no year, count of units or list of kinds inside it), lies on a date or number,
  or a longer span overlaps it; a model body that extends a rule body from the same head replaces it
  ("Trung tâm Thông tin tỉnh" over the rules' "Trung tâm Thông"), because Vietnamese names go on in lower
  case; one that opens with a head of its own around a rule body ("Phòng Tham mưu - Công an tỉnh") is the
  entity, while the targets keep the rule body as their agency (`Sourced.outer`);
- on the same extent, the recogniser that saw the context decides the label (model, then gazetteer,
  over the rules: "Chủ tịch Hồ Chí Minh" is a person), except a numbered document, which the rules read;
- a province inside a body's name ("UBND tỉnh Bắc Ninh") is also a LOC of its own, as the gold records
  mark it; any other name inside a body's name is the body's ("Công ty Cao su Phước Hòa");
- a bare head is no named body ("UBND", "Sở", "các sở", "UBND các cấp", a head cut short: "ỦY BAN
  NHÂN"); a body named by its rank or level is ("UBND tỉnh", "UBND cấp xã"), over its whole list of
  levels ("UBND các xã, phường"); an office before a person's name is a title, not a body;
- a byline, photo credit or signature alone on its line is a person, over any model span there.
"""

from __future__ import annotations

import bisect

import regex

from extractor.context.entities.bodies import source_of
from extractor.context.entities.plausibility import list_items, named_body, plausible
from extractor.context.entities.words import (
    BARE_LEVELS,
    CITY_BEFORE,
    CITY_NAMES,
    COMMITTEES,
    DOC_NUMBER,
    FILING_LINE,
    MOTTO,
    OFFICE,
    QUARTER,
    TERM,
    level_re,
    province_keys,
    title_then_head,
)
from extractor.models import DocumentRef, Entity
from extractor.rules import agencies, documents
from extractor.text.normalize import Normalized, fold, has_diacritics

Span = tuple[int, int, str, str]  # start, end, label, source


def _place_here(text: str, p: agencies.Place, folded: bool) -> bool:
    """A rule place that is a place here: not the state's name in the national motto, and a one-syllable
    country form only where names.short_country_in_context allows it ("Anh cho rằng" is a pronoun)."""
    from extractor.ner.names import ambiguous_form, named_after_person, short_country_in_context

    if MOTTO.search(text[max(0, p.start - 12):p.start]) or named_after_person(text, p.start, p.end):
        return False
    word = text[p.start:p.end]
    if ambiguous_form(word) or (" " not in word and word.isupper() and len(word) <= 4 and folded):
        return short_country_in_context(text, p.start, p.end, folded)
    return True


def _candidates(n: Normalized, orgs: list[tuple[int, int]], places: list[agencies.Place],
                refs: list[documents.DocRef], found: list[tuple[int, int, str]]) -> list[Span]:
    """Every span a recogniser offers, with its label and recogniser, before the overlaps are settled."""
    from extractor.ner.names import trim_span

    text = n.norm
    folded = not has_diacritics(text)
    out: list[Span] = []
    for o in orgs:
        wider = getattr(o, "outer", None)
        s, e = _org_start(text, *(wider[:2] if wider else o))
        s, e = _without_title_and_term(text, s, _levels_after(text, s, e))
        if e > s and named_body(text[s:e]) and not _not_a_body(text, s, e):
            out.append((s, e, "ORG", wider[2] if wider else source_of(o, "rules")))
    out += [(*_with_city_word(text, p.start, p.end), "LOC", "rules") for p in places if _place_here(text, p, folded)]
    out += [(r.start, r.end, "DOC", "rules") for r in refs if r.cited]
    out, found = _bylines_first(text, out, found)
    starts = {p.start: p.end for p in places}
    for item in found:
        lab = item[2]
        if lab not in ("LOC", "PER", "DOC"):
            continue  # model bodies are in `orgs` already (merge_orgs)
        # the model read logical lines; a newline left in a person's name is a byline's or signature's own line
        s, e = trim_span(text, item[0], item[1], lab, breaks=lab == "PER")
        if lab == "LOC" and s in starts and starts[s] < e and "\n" in text[starts[s]:e]:
            e = starts[s]  # a place at a line's end does not go on into the next line ("TP.HCM" / "Điện thoại")
        if lab == "LOC":
            s, e = _with_city_word(text, s, e)
        if lab == "PER" and _HOUSE_NUMBER.search(text, max(0, s - 8), s):
            lab = "LOC"  # "17 Nguyễn Gia Thiều, P.6": a street named after a person, in an address
        if lab == "PER" and _not_a_person(text, s, e, source_of(item, "model")):
            continue
        listed = source_of(item, "model") == "gazetteer"
        subject = lab == "DOC" and _subject_of_cited(text, s, e, refs)
        if e > s and (listed or plausible(text[s:e], lab)) and not subject and not QUARTER.match(text, s, e):
            out.append((s, e, lab, source_of(item, "model")))
    return out


def _bylines_first(text: str, out: list[Span], found: list[tuple[int, int, str]]
                   ) -> tuple[list[Span], list[tuple[int, int, str]]]:
    """The persons of bylines, photo credits and signatures, read on the text's own lines (the model reads
    logical lines, where a byline repeated on the next line or a caption's credit joins its neighbours):
    each is a PER, and a model or gazetteer span over it gives way ("Ảnh Tiến Dũng" as an ORG)."""
    from extractor.ner.names import byline_persons

    lines = byline_persons(text)
    if not lines:
        return out, found
    found = [f for f in found if not any(s < f[1] and f[0] < e for s, e in lines) or f[2] == "PER"
             and (f[0], f[1]) in lines]
    out = [c for c in out if c[3] == "rules" or not any(s < c[1] and c[0] < e for s, e in lines)]
    return out + [(s, e, "PER", "rules") for s, e in lines], found


_HOUSE_NUMBER = regex.compile(r"(?<![\d.,/])\d{1,4}[A-Z]?(?:/\d{1,4})?[ \t]+$")


def _not_a_person(text: str, s: int, e: int, source: str) -> bool:
    """A model person that is none: initials on the filing line of a decision ("Lưu: VT, (MT.Tấn)"), or one
    word with no title or kin word before it ("Hướng tới …" opening a sentence)."""
    from extractor.ner.names import _title_before

    line = text.rfind("\n", 0, s) + 1
    if FILING_LINE.match(text, line, min(s, line + 16)):
        return True
    return source == "model" and " " not in text[s:e].strip() and _title_before(text, s) is None


def _with_city_word(text: str, s: int, e: int) -> tuple[int, int]:
    """"Thành phố Hồ Chí Minh" and "Thủ đô Hà Nội" are the names themselves (also without diacritics and
    wrapped over a line): the span takes the word in."""
    m = CITY_BEFORE.search(text, max(0, s - 12), s)
    if m and fold(" ".join(text[m.start():e].split())).lower() in CITY_NAMES:
        return m.start(), e
    return s, e


def _levels_after(text: str, s: int, e: int) -> int:
    """Where a body named by its level ends: over the list of levels after it ("UBND phường, xã, đặc
    khu", "Ủy ban nhân dân các tỉnh, thành phố"); a bare head takes its levels too ("UBND" + " các xã,
    phường")."""
    ends, more = level_re()
    if ends.search(text, s, e):
        m = more.match(text, e)
        return m.end() if m else e
    if " ".join(fold(text[s:e]).lower().split()) in COMMITTEES:
        m = BARE_LEVELS.match(text, e)
        if m and ends.search(text, e, m.end()):
            return _levels_after(text, s, m.end())
    return e


def _without_title_and_term(text: str, s: int, e: int) -> tuple[int, int]:
    """A body's name without an office title before it ("Bộ Trưởng Bộ Y tế" → "Bộ Y tế") or the term
    after it ("Ban Chấp hành Trung ương khóa XII")."""
    m = title_then_head().match(text, s, e)
    if m:
        s = m.end()
    t = TERM.search(text, s, e)
    return s, (t.start() if t else e)


_FIRST_CAPITAL = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}")


def _org_start(text: str, s: int, e: int) -> tuple[int, int]:
    """A rule body that starts in lower case after an office ("Chánh văn phòng UBND tỉnh …") starts at its
    first capitalised word: the lower-case words are the title's."""
    if text[s:s + 1].isupper():
        return s, e
    m = _FIRST_CAPITAL.search(text, s, e)
    return (m.start(), e) if m else (s, s)


def _not_a_body(text: str, s: int, e: int) -> bool:
    """A rule span that is a list of countries ("Đài Loan, Pakistan, UAE"), a quarter ("Quý IV"), or an
    office before a person's name ("Phó Thủ tướng Nguyễn Văn Minh": a title, README)."""
    from extractor.ner.names import country_forms, person_not_place

    span = " ".join(text[s:e].split())
    if QUARTER.match(span) or ("," in span and all(w in country_forms() for w in list_items(span))):
        return True
    if not OFFICE.match(span):
        return False
    name = _NAME_AFTER.match(text, e)
    return bool(name) and person_not_place(text, name.start(1), name.end(1))


_NAME_AFTER = regex.compile(r"[ \t]+(\p{Lu}[\p{Ll}\p{M}]*(?:[ \t]+\p{Lu}[\p{Ll}\p{M}]*){1,3})")


_CLAUSE_END = regex.compile(r"[;.]|\n\s*\n")


def _subject_of_cited(text: str, start: int, end: int, refs: list[documents.DocRef]) -> bool:
    """A title without a document number right after a cited document in the same clause is that
    document's subject ("Quyết định số 12/QĐ-TTg … phê duyệt Chiến lược …"), not cited on its own."""
    if DOC_NUMBER.search(text[start:end]):
        return False
    ends = sorted(r.end for r in refs if r.end <= start)
    return bool(ends) and start - ends[-1] < 200 and not _CLAUSE_END.search(text[ends[-1]:start])


_CONTEXT_FIRST = ("model", "gazetteer", "rules")  # who decides the label of an extent found twice
_NAME_FIRST = ("rules", "gazetteer", "model")  # whose name an extent found twice with one label keeps


def _jurisdiction(span: str) -> bool:
    """A province or city inside a body's name is the body's jurisdiction and a LOC of its own too ("UBND
    tỉnh [Sóc Trăng]"), as the gold records mark it; any other name inside a body's name is the body's
    ("Công ty Cao su Phước Hòa", "báo Lao Động", "… phụ nữ Việt Nam")."""
    key = " ".join(fold(span).lower().split())
    return key in province_keys() or (key in CITY_NAMES and key.split(" ", 2)[2] in province_keys())


def _choose(group: list[Span]) -> Span:
    """One span for an extent several recognisers found: a rules document stays; else the label of the
    recogniser that saw the context (model, then gazetteer), named after the first of the rules, the
    gazetteer and the model that gave that label."""
    if any(lab == "DOC" and src == "rules" for _, _, lab, src in group):
        label = "DOC"
    else:
        label = min(group, key=lambda c: _CONTEXT_FIRST.index(c[3]) if c[3] in _CONTEXT_FIRST else 3)[2]
    same = [c for c in group if c[2] == label]
    return min(same, key=lambda c: _NAME_FIRST.index(c[3]) if c[3] in _NAME_FIRST else 3)


def _settle(cands: list[Span], text: str) -> list[Span]:
    """The overlaps settled: one span per extent (`_choose`), then the longer span wins any overlap, but a
    province inside a body's name stays beside it (`_jurisdiction`)."""
    by_extent: dict[tuple[int, int], list[Span]] = {}
    for c in cands:
        by_extent.setdefault((c[0], c[1]), []).append(c)
    chosen = sorted((_choose(g) for g in by_extent.values()), key=lambda c: (c[0] - c[1], c[0]))
    taken: list[tuple[int, int]] = []
    out: list[Span] = []
    for c in chosen:
        s, e, lab, _ = c
        i = bisect.bisect_left(taken, (e, e))
        if (i > 0 and taken[i - 1][1] > s) or (i < len(taken) and taken[i][0] < e):
            inner = lab == "LOC" and any(o[0] <= s and e <= o[1] and o[2] == "ORG" for o in out)
            if not (inner and _jurisdiction(text[s:e])):
                continue
        else:
            bisect.insort(taken, (s, e))
        out.append(c)
    return sorted(out)


def entities(n: Normalized, orgs: list[tuple[int, int]], places: list[agencies.Place],
             refs: list[documents.DocRef], model_spans: list[tuple[int, int, str]], by: int = 0) -> list[Entity]:
    """ORG, LOC, PER and DOC spans with original offsets, each with the recogniser that found it."""
    out = []
    for s, e, lab, src in _settle(_candidates(n, orgs, places, refs, model_spans), n.norm):
        text, os_, oe = n.orig_span(s, e)
        if text:
            out.append(Entity(text=text, label=lab, start=os_ + by, end=oe + by, source=src))  # type: ignore[arg-type]
    return out


def doc_ref(n: Normalized, r: documents.DocRef, by: int = 0) -> DocumentRef:
    text, s, e = n.orig_span(r.start, r.end)
    return DocumentRef(text=text, kind=r.kind, number=r.number, date=r.date, start=s + by, end=e + by)
