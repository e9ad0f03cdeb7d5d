"""The one merge of rule and model entity spans, each keeping the name of the recogniser that found it.

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
from collections.abc import Callable
from functools import lru_cache

import regex

from extractor.models import DocumentRef, Entity
from extractor.rules import agencies, documents
from extractor.rules.lexicon import load_json
from extractor.text.normalize import Normalized, fold, has_diacritics
from extractor.text.segment import Paragraph
from extractor.text.spans import inside

Span = tuple[int, int, str, str]  # start, end, label, source
_LABELS = ("ORG", "LOC", "PER", "DOC")


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


# --- the bodies the targets use ----------------------------------------------------------------


def merge_orgs(rule: list[tuple[int, int]], model: list[tuple[int, int, str]], masked: list[tuple[int, int]],
               norm: str, paras: list[Paragraph] | None = None) -> list[tuple[int, int]]:
    """Rule bodies and the model's plausible ORG spans, non-overlapping and sorted (see the module's policy).

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
    if _RANK_NEXT.match(norm[nl:e].upper() + " "):
        return e  # "SỞ Y TẾ" / "TỈNH BẮC NINH": a letterhead's rank and place go on in the next line
    first = norm[s:nl].rstrip(" \t*")
    if fold(first).endswith((" va", ",", "-")) or not named_body(first) or not plausible(first, "ORG"):
        return e  # "Báo và" / "Phát thanh, …", "Chi cục" / "Hải quan khu vực V": the name goes on
    return s + len(first)


def _wraps(rule: tuple[int, int, str], s: int, e: int, norm: str) -> bool:
    """Whether a model body (s, e) opens with a head of its own before the rule body and holds all of it
    ("Liên hiệp các Hội Khoa học và Kỹ thuật" around "Hội Khoa học và Kỹ thuật", "Phòng Tham mưu - Công
    an tỉnh" around "Công an tỉnh"): the longer name is the entity, the rule body the targets' agency."""
    return s < rule[0] and rule[1] <= e and bool(_org_head_re().match(norm, s))


_RANK_NEXT = regex.compile(r"[\s|*]*(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|XÃ|PHƯỜNG|TINH|THANH PHO|HUYEN|QUAN|XA|PHUONG)\s")


def _letterhead(norm: str, start: int, cut: int, end: int) -> bool:
    """A letterhead's body over two cells: "ỦY BAN NHÂN DÂN" | "TỈNH BẮC NINH" is one name, and so is a
    head in capitals split over two lines ("ỦY BAN NHÂN" | "DÂN")."""
    if not norm[cut:end].isupper():
        return False
    return bool(_RANK_NEXT.match(norm, cut, end + 1)) or _cut_head(" ".join(fold(norm[start:cut]).lower().split()))


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


# --- plausibility of a model span ----------------------------------------------------------------

_KINDS = ("Luật", "Bộ luật", "Chiến lược", "Chương trình", "Đề án", "Quy hoạch", "Kế hoạch", "Nghị quyết",
          "Quyết định", "Nghị định", "Thông tư", "Chỉ thị", "Kết luận", "Công văn", "Thông báo", "Hiệp định",
          "Công ước")
_KIND_START = regex.compile(  # with the forms of a text written without diacritics ("Luat", "Chuong trinh")
    "(?:" + "|".join(sorted({w for k in _KINDS for w in (k, fold(k))}, key=len, reverse=True)) + r")\s")
_NAMED_KINDS = ("Bộ luật", "Luật", "Hiệp định", "Công ước")  # a law or a treaty is named by its title alone
_LAW = regex.compile("(?:" + "|".join(sorted({w for k in _NAMED_KINDS for w in (k, fold(k))}, key=len,
                                             reverse=True)) + r")\s+\p{Lu}")
_NUMBERED = regex.compile(r"\d|(?<![\p{L}])[IVXLC]{1,6}(?![\p{L}])")


@lru_cache(maxsize=1)
def _org_head_re() -> regex.Pattern[str]:
    from extractor.ner.names import data_rows

    rows = data_rows("heads.txt")
    heads = load_json("agencies.json")["org_heads"] + ["Sở", "Bộ"] + [r[0] for r in rows if not r[1:]]
    heads += [fold(h) for h in heads] + [r[0] for r in rows if r[1:2] == ["exact"]]
    named = {w for r in rows if r[1:2] == ["named"] for w in (r[0], fold(r[0]))}
    named |= {fold(r[0]) for r in rows if r[1:2] == ["exact"]}

    def alt(words: set[str]) -> str:
        return "|".join(regex.escape(h).replace("\\ ", r"\s+") for h in sorted(words, key=lambda w: (-len(w), w)))

    return regex.compile(rf"(?:(?:{alt(set(heads))})(?!\p{{L}})|(?:{alt(named)})(?=\s+\p{{Lu}}))")


@lru_cache(maxsize=1)
def _bare_heads() -> frozenset[str]:
    """Heads that name no body on their own ("UBND", "Sở", "Công an"); a Party committee ("Tỉnh ủy")
    is one body and stays, and so does a head the gazetteer lists as a body on its own ("Tỉnh đoàn",
    "Bộ đội Biên phòng", "Kho bạc Nhà nước", "Liên minh Hợp tác xã")."""
    from extractor.ner.names import data_rows

    named = {r[0] for f in ("central.txt", "organisations.txt", "local_bodies.txt") for r in data_rows(f)
             if r[1:2] != ["place"]}
    named |= {n.rsplit(" ", 2)[0] for n in named if n.endswith(" Việt Nam")}  # "Liên minh Hợp tác xã"
    keys = {fold(n).lower() for n in named}
    heads = load_json("agencies.json")["org_heads"] + ["Sở", "Bộ", "Ủy ban nhân dân", "Hội đồng nhân dân"]
    return frozenset(k for k in (fold(h).lower() for h in heads) if not k.endswith("uy") and k not in keys)


_LEVEL = regex.compile(r"(?i)\s(?:các|cac)\s+(?:cấp|cap)(?:$|\s+(?:và|va)\s)")
_GEO_LOWER = {"sông", "châu", "bằng", "biển", "miền", "vùng", "núi", "vịnh", "đảo", "quần", "và", "-", "–"}


def named_body(span: str) -> bool:
    """A body named by its head and its name, rank or level ("Sở Y tế", "UBND tỉnh", "UBND cấp xã",
    "UBND các xã, phường"), not a bare head ("UBND", "Sở", "các sở") nor every level at once ("UBND các
    cấp")."""
    key = " ".join(fold(span).lower().split())
    return key not in _bare_heads() and not _LEVEL.search(span) and not _cut_head(key)


@lru_cache(maxsize=1)
def _head_prefixes() -> frozenset[str]:
    """The proper word prefixes of the heads of several words, folded ("uy ban nhan" of "Ủy ban nhân dân")."""
    out = set()
    for head in _bare_heads():
        words = head.split()
        out.update(" ".join(words[:i]) for i in range(2, len(words)))
    return frozenset(out)


def _cut_head(key: str) -> bool:
    """A head cut short ("ỦY BAN NHÂN" of a signature block split over two cells) names nothing."""
    return key in _head_prefixes()


def _foreign_word(word: str) -> bool:
    """A capitalised word that is no Vietnamese syllable: a foreign name ("Malaysia", "Samsung")."""
    from extractor.ner.names import is_vietnamese_syllable

    return len(word) >= 3 and word[:1].isupper() and not word.isupper() and not is_vietnamese_syllable(word)


def _plausible_org(span: str, words: list[str]) -> bool:
    from extractor.ner.names import country_forms

    if "\\" in span or all(w.strip(",") in country_forms() or w in ("và", ",") for w in _list_items(span)):
        return False  # a file path; a list of countries ("Đài Loan, Pakistan, UAE")
    if len(words) < 2:
        if regex.fullmatch(r"\p{Lu}{2,}[\p{Lu}\d&-]*", span):
            return len(span) >= 5  # "TT", "STT", "BIM", "VPCP" abbreviate things or offices; bodies are listed
        return False  # "Blockchain", "Cloud", "Dũng": one word the lists do not know is no body
    if span.isupper() and not (_org_head_re().match(span) or _org_head_re().match(span[:1] + span[1:].lower())):
        return False  # a heading in capitals ("LĨNH VỰC CHUYÊN NGÀNH"): capitals say nothing there, a head must
    if len(words) == 2 and not words[1][:1].isupper():
        return False  # "Tập trung", "Kiểm tra", "Thanh niên": a capitalised word the lists do not know
    items = [w.strip() for w in span.split(",")]
    if len(items) >= 3 and all(w[:1].isupper() and len(w.split()) <= 3 for w in items):
        return False  # "Công đoàn, Cựu Chiến binh, Nông dân": a list of bodies named by their kind
    if _YEAR_OR_COUNT.search(span):
        return False  # "Ban Chỉ đạo tại cuộc họp … năm 2023", "Trung tâm Y tế 11 huyện": a clause, a count
    if not span[:1].isupper() or (
        sum(w[:1].isupper() for w in words) * 3 < len(words) and not _org_head_re().match(span)
    ):
        return False  # "kèm theo", "hướng dẫn và huy động …": no name
    # without a head, a name is capitalised word by word ("Hòa Phát", "Đảng, Nhà nước"); a heading or a
    # sector is not ("Nông nghiệp công nghệ cao", "Ngân sách Thành phố", "Phần III Điều 1 Quyết định")
    return bool(_org_head_re().match(span)) or all(w[:1].isupper() or w in _GLUE for w in words)


_YEAR_OR_COUNT = regex.compile(r"(?<![\d/.-])(?:1[89]|20)\d\d(?![\d/])|(?<![\p{L}\d])\d+\s+\p{Ll}+/")
_GLUE = frozenset("và va & - – của cua".split())


# First words that open no place's name, compared folded: "các Sở", "Mục V", "Luật An …", "Thứ Sáu",
# "Nguồn …", "Cổng TTĐT" (the model's guesses on text without diacritics).
_NOT_PLACE_START = frozenset("cong hoa doc lap thu chu cac muc luat so nguon dieu khoan chuong ke nghi quyet".split())


_LIST_SPLIT = regex.compile(r",|\s+và\s+")


def _list_items(span: str) -> list[str]:
    return [w.strip() for w in _LIST_SPLIT.split(span) if w.strip()]


def _plausible_loc(span: str, words: list[str]) -> bool:
    from extractor.ner.names import country_forms
    from extractor.rules.provinces import province_names

    if span in country_forms() or span in province_names():
        return True
    if fold(words[0]).lower() in _NOT_PLACE_START or regex.search(r"\d", span):
        return False
    if len(words) < 2 or all(_foreign_word(w) for w in words):
        return False  # one word or an English phrase ("Digital Twin") that no list knows
    return not (span.isupper() or not span[:1].isupper() or len(span) < 3
                or any(not w[:1].isupper() and w not in _GEO_LOWER for w in words))


def _plausible_per(words: list[str]) -> bool:
    """A person's name is capitalised, a particle or two aside ("Ursula von der Leyen")."""
    from extractor.ner.names import country_forms

    if " ".join(words) in country_forms():
        return False  # "Trung Quốc" is the country
    return words[0][:1].isupper() and len(words) <= 6 and all(w[:1].isupper() or w in _PARTICLES for w in words)


_PARTICLES = frozenset("von van der den de da di du la le bin binti al el of the y".split())


def plausible(span: str, label: str) -> bool:
    """Model spans the record keeps: a name, not a bare head word, not a header motto; a document is
    numbered or dated ("Quyết định số 12", "Quy hoạch điện VIII", "Chương trình … giai đoạn 2021 - 2030")
    or a named law; a title with neither ("Chương trình tiêm chủng thiết yếu") is too loose to tell from a
    mention ("Chương trình MTQG theo quy định") and is left out."""
    span = " ".join(span.split())  # a name wrapped over two lines is judged as one line
    words = span.split()
    if not words or len(words) > 25:
        return False
    if label == "ORG":
        return _plausible_org(span, words)
    if label == "LOC":
        return _plausible_loc(span, words)
    if label == "PER":
        return _plausible_per(words)
    if label == "DOC":
        return bool(_KIND_START.match(span + " ") and len(words) <= 25 and (
            _NUMBERED.search(span) or _LAW.match(span)))
    return True


# --- the record's entities -------------------------------------------------------------------------

_MOTTO = regex.compile(r"(?i)(?:chủ nghĩa|chu nghia)\s+$")


def _place_here(text: str, p: agencies.Place, folded: bool) -> bool:
    """A rule place that is a place here: not the state's name in the national motto, and a one-syllable
    country form only where names.short_country_in_context allows it ("Anh cho rằng" is a pronoun)."""
    from extractor.ner.names import ambiguous_form, named_after_person, short_country_in_context

    if _MOTTO.search(text[max(0, p.start - 12):p.start]) or named_after_person(text, p.start, p.end):
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
        if e > s and (listed or plausible(text[s:e], lab)) and not subject and not _QUARTER.match(text, s, e):
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
_FILING_LINE = regex.compile(r"[ \t*|+-]*(?i:lưu|luu)[ \t]*:")  # at a line's start: "- Lưu: VT, …"


def _not_a_person(text: str, s: int, e: int, source: str) -> bool:
    """A model person that is none: initials on the filing line of a decision ("Lưu: VT, (MT.Tấn)"), or one
    word with no title or kin word before it ("Hướng tới …" opening a sentence)."""
    from extractor.ner.names import _title_before

    line = text.rfind("\n", 0, s) + 1
    if _FILING_LINE.match(text, line, min(s, line + 16)):
        return True
    return source == "model" and " " not in text[s:e].strip() and _title_before(text, s) is None


_QUARTER = regex.compile(  # "Quý IV" is a quarter, neither a fund ("Quỹ") nor a place
    rf"(?i:{'|'.join(sorted({'quý', fold('quý')}))})\s+[IV]{{1,3}}(?![\p{{L}}\d])")
# Names whose city word is part of the name, folded: "Thành phố Hồ Chí Minh", "Thủ đô Hà Nội"
_CITY_NAMES = frozenset(fold(n).lower() for n in ("Thành phố Hồ Chí Minh", "Thủ đô Hà Nội"))
_CITY_BEFORE = regex.compile(
    rf"(?i:{'|'.join(sorted({w for c in ('thành phố', 'thủ đô') for w in (c, fold(c))}))})\s+$")


def _with_city_word(text: str, s: int, e: int) -> tuple[int, int]:
    """"Thành phố Hồ Chí Minh" and "Thủ đô Hà Nội" are the names themselves (also without diacritics and
    wrapped over a line): the span takes the word in."""
    m = _CITY_BEFORE.search(text, max(0, s - 12), s)
    if m and fold(" ".join(text[m.start():e].split())).lower() in _CITY_NAMES:
        return m.start(), e
    return s, e


@lru_cache(maxsize=1)
def _level_re() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(a span ending on a level word, the list of levels after it), diacritic-free forms generated."""
    from extractor.ner.names import data_rows

    words = {w for r in data_rows("levels.txt") for w in (r[0], fold(r[0]))}
    alt = "|".join(regex.escape(w).replace("\\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    glue = r"(?:\s*[,/]\s*|\s+(?:và|va)\s+)"
    return (regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alt})$"),
            regex.compile(rf"(?:{glue}(?:{alt}))+(?![\p{{L}}\p{{M}}])"))


def _levels_after(text: str, s: int, e: int) -> int:
    """Where a body named by its level ends: over the list of levels after it ("UBND phường, xã, đặc
    khu", "Ủy ban nhân dân các tỉnh, thành phố"); a bare head takes its levels too ("UBND" + " các xã,
    phường")."""
    ends, more = _level_re()
    if ends.search(text, s, e):
        m = more.match(text, e)
        return m.end() if m else e
    if " ".join(fold(text[s:e]).lower().split()) in ("ubnd", "uy ban nhan dan", "hdnd", "hoi dong nhan dan"):
        m = _BARE_LEVELS.match(text, e)
        if m and ends.search(text, e, m.end()):
            return _levels_after(text, s, m.end())
    return e


_BARE_LEVELS = regex.compile(r"\s+(?:(?:các|cac)\s+)?\p{Ll}+(?:\s+\p{Ll}+)?(?![\p{L}\p{M}])")


_TERM = regex.compile(r"\s+(?i:khóa|khoá|khoa)\s+[IVXL]+$")  # "… Trung ương khóa XII": the term


@lru_cache(maxsize=1)
def _title_then_head() -> regex.Pattern[str]:
    from extractor.ner.names import data_rows

    titles = {w for r in data_rows("titles.txt") if r[1:2] != ["kin"] for w in (r[0], fold(r[0]))}
    alt = "|".join(regex.escape(t).replace("\\ ", r"\s+") for t in sorted(titles, key=len, reverse=True))
    return regex.compile(rf"(?i:{alt})\s+(?={_org_head_re().pattern})")


def _without_title_and_term(text: str, s: int, e: int) -> tuple[int, int]:
    """A body's name without an office title before it ("Bộ Trưởng Bộ Y tế" → "Bộ Y tế") or the term
    after it ("Ban Chấp hành Trung ương khóa XII")."""
    m = _title_then_head().match(text, s, e)
    if m:
        s = m.end()
    t = _TERM.search(text, s, e)
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
    if _QUARTER.match(span) or ("," in span and all(w in country_forms() for w in _list_items(span))):
        return True
    if not _OFFICE.match(span):
        return False
    name = _NAME_AFTER.match(text, e)
    return bool(name) and person_not_place(text, name.start(1), name.end(1))


_OFFICES = sorted({w for t in ("thủ tướng", "phó thủ tướng") for w in (t, fold(t))}, key=len, reverse=True)
_OFFICE = regex.compile(rf"(?i:{'|'.join(_OFFICES)})\s")
_NAME_AFTER = regex.compile(r"[ \t]+(\p{Lu}[\p{Ll}\p{M}]*(?:[ \t]+\p{Lu}[\p{Ll}\p{M}]*){1,3})")


_DOC_NUMBER = regex.compile(r"(?:số|so)\s+\d|\d+\s*/\s*\d{0,4}\s*/?\s*\p{Lu}|\d+-\p{Lu}|^\S+(?:\s+\S+)?\s+\d+$")


def _subject_of_cited(text: str, start: int, end: int, refs: list[documents.DocRef]) -> bool:
    """A title without a document number right after a cited document in the same clause is that
    document's subject ("Quyết định số 12/QĐ-TTg … phê duyệt Chiến lược …"), not cited on its own."""
    if _DOC_NUMBER.search(text[start:end]):
        return False
    ends = sorted(r.end for r in refs if r.end <= start)
    return bool(ends) and start - ends[-1] < 200 and not regex.search(r"[;.]|\n\s*\n", text[ends[-1]:start])


_CONTEXT_FIRST = ("model", "gazetteer", "rules")  # who decides the label of an extent found twice
_NAME_FIRST = ("rules", "gazetteer", "model")  # whose name an extent found twice with one label keeps


@lru_cache(maxsize=1)
def _province_keys() -> frozenset[str]:
    from extractor.ner.gazetteer import province_surface_forms

    return frozenset(fold(p).lower() for p in province_surface_forms())


def _jurisdiction(span: str) -> bool:
    """A province or city inside a body's name is the body's jurisdiction and a LOC of its own too ("UBND
    tỉnh [Sóc Trăng]"), as the gold records mark it; any other name inside a body's name is the body's
    ("Công ty Cao su Phước Hòa", "báo Lao Động", "… phụ nữ Việt Nam")."""
    key = " ".join(fold(span).lower().split())
    return key in _province_keys() or (key in _CITY_NAMES and key.split(" ", 2)[2] in _province_keys())


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
