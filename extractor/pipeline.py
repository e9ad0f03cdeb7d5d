"""The pipeline, assembled in one place.

    normalise → paragraphs/sentences/clauses → quantities, deadlines, dates,
    documents → entities (rules + the trained NER model) → document context
    (issuer, body in charge, jurisdiction, period) → targets → `Document`

Each stage is a pure function of its own module; this one only wires them and
holds the loaded resources (`Extractor`), so that a batch loads them once.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from . import agencies, dates, documents, numbers, provinces, segment, targets
from .errors import ExtractionError
from .lexicon import lexicon, load_json
from .models import Document, DocumentRef, Entity, Period, Target
from .spans import between, inside
from .text import Normalized, fold, matching_forms, normalize

log = logging.getLogger(__name__)

Recogniser = Callable[[str], list[tuple[int, int, str]]]

_ISSUER_VERBS = regex.compile(
    r"^\s*(?:vừa|đã|mới|chính thức|cũng|vua|da|moi)?\s*(?:ký\s+)?"
    r"(?:ban hành|phê duyệt|ban hanh|phe duyet|đặt mục tiêu|dat muc tieu|"
    r"đề ra|de ra|ký|thông qua|thong qua)(?!\p{L})"
)
_HEADER = regex.compile(
    r"(?i:ủy ban nhân dân|uỷ ban nhân dân|ubnd|hội đồng nhân dân|thủ tướng chính phủ|chính phủ|bộ [\p{L} ,]{2,40}?)"
    r"(?:\s+(?i:tỉnh|thành phố)\s+\p{Lu}[\p{Lu}\p{L} -]{1,30}?(?=\s*(?:\n|-{2,}|$)))?"
)
_TITLE = regex.compile(r"(?:Phó )?(?:Thủ tướng|Bộ trưởng|Chủ tịch)")
_PERSON_AFTER_TITLE = regex.compile(r"\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,3}")
_IN_CHARGE = regex.compile(
    r"^\s*(?:\(?(?:sau đây gọi tắt là|gọi tắt là)[^)]{0,40}\)?\s*)?,?\s*"
    r"(?:là cơ quan thường trực,?\s*|là cơ quan đầu mối,?\s*)?"
    r"(?:chủ trì|chu tri|là cơ quan thường trực|là cơ quan đầu mối|chịu trách nhiệm chính)(?!\p{L})"
)


def _doc_id(text: str, doc_id: str | None) -> str:
    return doc_id if doc_id is not None else hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _load_recogniser() -> Recogniser | None:
    """The trained NER model's `recognise`, or None (rules only) when the model is not installed."""
    try:
        from .ner import load_nlp, recognise

        load_nlp()
    except Exception as e:  # noqa: BLE001 - a missing or broken model must not stop extraction
        log.warning("NER model unavailable, using rules only: %s", e)
        return None
    return recognise


class Extractor:
    """Loads the NER pipeline and lexicons once; `extract` one text, `pipe` many.

    use_model: use the trained NER model for entities (else rules only, faster).
    max_chars: texts longer than this are processed block by block (blocks end at blank lines).
    """

    def __init__(self, use_model: bool = True, max_chars: int = 100_000) -> None:
        self.use_model = use_model
        self.max_chars = max_chars
        self._recognise: Recogniser | None = _load_recogniser() if use_model else None
        lexicon()

    def extract(self, text: str, doc_id: str | None = None) -> Document:
        """One document's record. Raises ExtractionError for input that is not text."""
        if not isinstance(text, str):
            raise ExtractionError(f"extract() takes str, not {type(text).__name__}")
        if doc_id is not None and not isinstance(doc_id, str):
            doc_id = str(doc_id)
        return analyse(text, _doc_id(text, doc_id), self._recognise, block_chars=self.max_chars)

    def extract_blocks(self, text: str, doc_id: str | None = None) -> Iterator[Document]:
        """The record of a very long text in parts, one per block of about max_chars (see analyse_blocks):
        memory stays bounded by the block, not by the whole record."""
        if not isinstance(text, str):
            raise ExtractionError(f"extract_blocks() takes str, not {type(text).__name__}")
        return analyse_blocks(text, _doc_id(text, doc_id), self._recognise, block_chars=self.max_chars)

    def pipe(self, texts: Iterable[str | tuple[str, str]], batch_size: int = 32) -> Iterator[Document]:
        """Documents in input order; items are texts or (text, doc_id) pairs.

        batch_size is kept for spaCy's `nlp.pipe` signature: documents are analysed one at a time (the NER
        model already batches the pieces of each document), so it changes nothing; for parallelism use the
        batch runner's worker processes (`extractor.batch`) or Dask (`extractor.dask`)."""
        for item in texts:
            if isinstance(item, tuple):
                yield self.extract(item[0], doc_id=item[1])
            else:
                yield self.extract(item)


@lru_cache(maxsize=1)
def get_extractor() -> Extractor:
    """The process-wide extractor: the one cached loaded model the standards allow."""
    return Extractor()


def extract(text: str, doc_id: str | None = None) -> Document:
    """Every quantified target of one text, with issuer, cited documents, period and entities."""
    return get_extractor().extract(text, doc_id=doc_id)


@dataclass
class _Context:
    """What a document states once and every block of it shares."""

    issuer: str | None = None
    location: str | None = None
    period: Period | None = None
    doc_year: int | None = None
    title_year: int | None = None
    in_charge: str | None = None
    latest_date_year: int | None = None


@dataclass
class _Block:
    """One stretch of the text, analysed: spans are offsets into the block's own normalised text."""

    n: Normalized
    flat: str
    match_text: str
    folded: bool
    paras: list[segment.Paragraph]
    sents: list[segment.Sentence]
    clauses: list[segment.Clause]
    refs: list[documents.DocRef]
    periods: list[tuple[int, int, int, int]]
    deadlines: list[dates.Deadline]
    masked: list[tuple[int, int]]
    quantities: list[numbers.Quantity]
    orgs: list[tuple[int, int]]
    places: list[agencies.Place]
    model_spans: list[tuple[int, int, str]]


def analyse(text: str, doc_id: str, recognise: Recogniser | None = None, block_chars: int = 100_000) -> Document:
    """The whole pipeline on one text.

    A long text is processed block by block (blocks end at blank lines), so time grows linearly and
    working memory stays bounded by the block size: the document's context (issuer, period, body in
    charge) comes from its head and from one cheap scan; targets, entities and documents from each block.
    What grows with the text is the record itself; `analyse_blocks` hands it over block by block."""
    found: list[Target] = []
    context: dict[int, int] = {}
    refs: list[DocumentRef] = []
    ents: list[Entity] = []
    ctx = _Context()
    for block_ctx, block_targets, block_refs, block_ents in _analyse_blocks(text, recognise, block_chars):
        ctx = block_ctx  # the same context for every block
        for t, richness in block_targets:
            context[len(found)] = richness
            found.append(t)
        refs += block_refs
        ents += block_ents
    found = _dedupe(found, context)
    return Document(doc_id=doc_id, issuer=ctx.issuer, documents=refs, period=ctx.period, entities=ents,
                    targets=found)


def analyse_blocks(text: str, doc_id: str, recognise: Recogniser | None = None,
                   block_chars: int = 100_000) -> Iterator[Document]:
    """One partial record per block, offsets into the whole text, each with the document's context.

    For documents too large to hold their whole record in memory (a 20 MB compilation): write each part
    out and let it go. A target restated in two blocks comes out twice (de-duplication needs the whole)."""
    for ctx, block_targets, block_refs, block_ents in _analyse_blocks(text, recognise, block_chars):
        yield Document(doc_id=doc_id, issuer=ctx.issuer, documents=block_refs, period=ctx.period,
                       entities=block_ents, targets=_dedupe([t for t, _ in block_targets],
                                                            {i: r for i, (_, r) in enumerate(block_targets)}))


def _analyse_blocks(text: str, recognise: Recogniser | None, block_chars: int
                    ) -> Iterator[tuple[_Context, list[tuple[Target, int]], list[DocumentRef], list[Entity]]]:
    """Each block's targets (with their paragraph's richness), cited documents and entities, in original
    offsets, after the document's context."""
    spans = _blocks(text, block_chars)
    head = _prepare(text[spans[0][0]:spans[0][1]], recognise)
    ctx = _context(head)
    ctx.in_charge = _in_charge_anywhere(text, spans, head, ctx.issuer)
    for i, (bs, be) in enumerate(spans):
        b = head if i == 0 else _prepare(text[bs:be], recognise)
        block_targets = _block_targets(b, ctx)
        for t, _ in block_targets:
            _shift_target(t, bs)
            t.location_current = provinces.to_current_province(t.location) if t.location != "Việt Nam" else None
        yield (ctx, block_targets, [_doc_ref(b.n, r, bs) for r in b.refs],
               _entities(b.n, b.orgs, b.places, b.refs, b.model_spans, bs))
        if i == 0:
            head = None  # type: ignore[assignment]  # the head block is not needed after the first round


def _blocks(text: str, block_chars: int) -> list[tuple[int, int]]:
    """(start, end) of stretches of at most about block_chars, cut after a blank line (else a newline, else
    a sentence end, else anywhere), so that no paragraph or sentence of ordinary length is split."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > block_chars:
        lo, hi = start + block_chars // 2, start + block_chars
        cut = text.rfind("\n\n", lo, hi)
        if cut < 0:
            cut = text.rfind("\n", lo, hi)
        if cut < 0:
            # One long line: end the block after a sentence (". " before a capital), so no sentence is split.
            ends = list(regex.finditer(r"[.!?;]\s+(?=\p{Lu})", text[lo:hi]))
            cut = lo + ends[-1].end() - 1 if ends else -1
        cut = cut + 1 if cut >= 0 else hi
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def _prepare(text: str, recognise: Recogniser | None) -> _Block:
    """Every span-finding stage on one block of text."""
    n = normalize(text)
    norm = n.norm
    flat, match_text, folded = matching_forms(norm)
    paras = segment.paragraphs(norm)
    sents = segment.sentences(norm, paras)
    clauses = segment.clauses(norm, sents)
    refs = documents.find_documents(flat)
    date_spans = dates.find_dates(match_text, 0, len(norm), folded)
    periods = dates.find_periods(match_text, 0, len(norm), folded)
    deadlines = [d for d in dates.find_deadlines(match_text, 0, len(norm), folded)
                 if not (d.kind == "in" and inside(date_spans, d.start, d.end))]
    masked = sorted([(r.start, r.end) for r in refs] + date_spans + [(p[0], p[1]) for p in periods])
    quantities = [q for s in sents for q in numbers.find_quantities(match_text, s.start, s.end, folded)]
    orgs = agencies.find_orgs(flat)
    places = agencies.find_places(norm, match_text if folded else None)
    model_spans = recognise(norm) if recognise is not None and norm.strip() else []
    orgs = _merge_orgs(orgs, [(s, e) for s, e, lab in model_spans if lab == "ORG" and _plausible(norm[s:e], lab)],
                       masked)
    return _Block(n, flat, match_text, folded, paras, sents, clauses, refs, periods, deadlines, masked,
                  quantities, orgs, places, model_spans)


def _context(b: _Block) -> _Context:
    issuer = _issuer(b.flat, b.match_text, b.orgs, b.refs)
    return _Context(
        issuer=issuer,
        location=_doc_location(issuer, b.n.norm, b.match_text, b.places, b.paras),
        period=_period(b.periods, b.n.norm),
        doc_year=_doc_year(b.match_text, b.folded),
        title_year=_title_year(b.paras, b.deadlines),
        latest_date_year=max((int(y or z) for y, z in regex.findall(
            r"\d{1,2}/\d{1,2}/((?:19|20)\d\d)|((?:19|20)\d\d)-\d\d-\d\d", b.match_text)), default=None),
    )


def _in_charge_anywhere(text: str, spans: list[tuple[int, int]], head: _Block, issuer: str | None) -> str | None:
    """The body put in charge (chủ trì), wherever the document says so: one pass of the rules only."""
    found = _in_charge(head.flat, head.match_text, head.orgs, issuer)
    for bs, be in spans[1:]:
        if found:
            break
        flat, match_text, _ = matching_forms(normalize(text[bs:be]).norm)
        found = _in_charge(flat, match_text, agencies.find_orgs(flat), issuer)
    return found


def _block_targets(b: _Block, ctx: _Context) -> list[tuple[Target, int]]:
    """Targets of one block, each with how many values its paragraph states (for de-duplication)."""
    an = targets.Analysis(
        norm=b.n, match_text=b.match_text, folded=b.folded, paras=b.paras, sents=b.sents, clauses=b.clauses,
        quantities=b.quantities, deadlines=b.deadlines, masked=b.masked, orgs=b.orgs,
        places=[(p.start, p.end, p.name) for p in b.places if p.jurisdiction],
        issuer=ctx.issuer, in_charge=ctx.in_charge,
        location=ctx.location, period_end=ctx.period.end if ctx.period else None, doc_year=ctx.doc_year,
        headings=_headings(b.flat, b.paras, b.orgs), title_year=ctx.title_year,
        latest_date_year=ctx.latest_date_year,
    )
    found = targets.assemble(an)
    per_para = _values_per_paragraph(b)
    para_starts = [b.n.to_orig(p.start, p.start)[0] for p in b.paras]
    return [(t, per_para.get(bisect.bisect_right(para_starts, t.evidence.start) - 1, 0)) for t in found]


def _values_per_paragraph(b: _Block) -> dict[int, int]:
    counts: dict[int, int] = {}
    starts = [p.start for p in b.paras]
    for q in b.quantities:
        i = bisect.bisect_right(starts, q.num_start) - 1
        counts[i] = counts.get(i, 0) + 1
    return counts


def _shift_target(t: Target, by: int) -> None:
    t.evidence.start += by
    t.evidence.end += by


def _clean_name(s: str) -> str:
    return regex.sub(r"\s+", " ", s).strip(" ,.;:")


def _merge_orgs(rule: list[tuple[int, int]], model: list[tuple[int, int]],
                masked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rule spans win where both found a body; the model adds the names the rules do not know."""
    taken = sorted(rule)
    starts = [a for a, _ in taken]
    out = list(rule)
    for s, e in model:
        i = bisect.bisect_left(starts, e)
        if (i > 0 and taken[i - 1][1] > s) or inside(masked, s, e):
            continue  # overlaps a rule span (sorted, non-overlapping: only the one before e can) or a date/number
        out.append((s, e))
    return sorted(out)


def _issuer(norm: str, t: str, orgs: list[tuple[int, int]], refs: list[documents.DocRef]) -> str | None:
    head = norm[:400]
    m = (
        _HEADER.search(head.replace("\n", " "))
        if regex.search(r"(?:CỘNG HÒA|CONG HOA|QUYẾT ĐỊNH|KẾ HOẠCH|Số:)", head)
        else None
    )
    if m and m.start() < 120:
        return _clean_name(m.group(0))
    for s, e in orgs:
        person = _PERSON_AFTER_TITLE.match(norm, e) if _TITLE.match(norm[s:e]) else None
        end = person.end() if person else e
        if _ISSUER_VERBS.match(t[end:end + 40]):
            return _clean_name(norm[s:end])
    for s, e in orgs:
        before = t[max(0, s - 12):s]
        if regex.search(r"(?:được|duoc)\s*$", before) and regex.match(
            r"\s*(?:ban hành|phê duyệt|ban hanh|phe duyet)", t[e:e + 20]
        ):
            return _clean_name(norm[s:e])
    for s, e in orgs:
        # "Quyết định 546/QĐ-TTg của Thủ tướng Chính phủ", "Báo cáo … của Chính phủ" early in the text.
        if s < 1500 and regex.search(r"(?:của|cua)\s+$", t[max(0, s - 6):s]) and (
                agencies.is_national(norm[s:e]) or agencies.place_in(norm[s:e])):
            return _clean_name(norm[s:e])
    return None


def _doc_location(issuer: str | None, norm: str, t: str, places: list[agencies.Place],
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


def _period(periods: list[tuple[int, int, int, int]], norm: str) -> Period | None:
    early = [p for p in periods if p[0] < 2000]
    if early:
        return Period(start=early[0][2], end=early[0][3])
    return None


def _title_year(paras: list[segment.Paragraph], deadlines: list[dates.Deadline]) -> int | None:
    """The deadline a headline states, if the first paragraphs are short headline-like lines."""
    for p in paras[:2]:
        ds = [d for d in deadlines if p.body <= d.start < p.end and d.kind in ("by", "vision", "in")]
        if ds and p.end - p.body < 200:
            return ds[0].year
    return None


def _doc_year(t: str, folded: bool) -> int | None:
    d = dates.parse_date(t[:800], folded)
    return int(d[:4]) if d else None


def _headings(norm: str, paras: list[segment.Paragraph], orgs: list[tuple[int, int]]) -> dict[int, str | None]:
    """Paragraphs that are a body's name alone ('1. Sở Y tế') head the tasks below them."""
    out: dict[int, str | None] = {}
    starts = [s for s, _ in orgs]
    for i, p in enumerate(paras):
        body = norm[p.body:p.end].strip(" :.")
        lo, hi = between(starts, p.body, p.end)
        hit = [(s, e) for s, e in orgs[lo:hi] if e <= p.end]
        if hit and len(body) <= (hit[0][1] - hit[0][0]) + 3 and p.marker:
            out[i] = _clean_name(norm[hit[0][0]:hit[0][1]])
        elif p.marker and regex.fullmatch(r"[IVXLC]+\.", p.marker):
            out[i] = None
    return out


def _in_charge(norm: str, t: str, orgs: list[tuple[int, int]], issuer: str | None) -> str | None:
    for s, e in orgs:
        if _IN_CHARGE.match(t[e:e + 80]):
            name = _clean_name(norm[s:e])
            if issuer is None or fold(name).lower() != fold(issuer).lower():
                return name
    return None


def _dedupe(found: list[Target], context: dict[int, int]) -> list[Target]:
    """A target restated (headline and body, caption and text) comes out once. The statement kept is
    the one with the richest context — the paragraph stating most values, i.e. the body, not the
    headline or a caption — and the earliest of those."""
    best: dict[tuple, int] = {}
    for i, t in enumerate(found):
        key = (t.metric, t.value.low, t.value.high, t.value.unit, t.deadline.year, fold(t.entity).lower()[:60])
        j = best.get(key)
        if j is None or context.get(i, 0) > context.get(j, 0):
            best[key] = i
    keep = set(best.values())
    return [t for i, t in enumerate(found) if i in keep]


def _doc_ref(n: Normalized, r: documents.DocRef, by: int = 0) -> DocumentRef:
    text, s, e = n.orig_span(r.start, r.end)
    return DocumentRef(text=text, kind=r.kind, number=r.number, date=r.date, start=s + by, end=e + by)


_KIND_START = regex.compile(
    r"(?:Luật|Bộ luật|Chiến lược|Chương trình|Đề án|Quy hoạch|Kế hoạch|Nghị quyết|Quyết định|Nghị định|"
    r"Thông tư|Chỉ thị|Kết luận|Công văn|Thông báo|Hiệp định|Công ước)\s"
)


@lru_cache(maxsize=1)
def _org_head_re() -> regex.Pattern[str]:
    heads = load_json("agencies.json")["org_heads"] + ["Sở", "Bộ"]
    return regex.compile(
        "(?:" + "|".join(regex.escape(h) for h in sorted(heads, key=lambda w: (-len(w), w))) + r")(?!\p{L})"
    )


_GEO_LOWER = {"sông", "châu", "bằng", "biển", "miền", "vùng", "núi", "vịnh", "đảo", "quần", "và", "-", "–"}


def _plausible(span: str, label: str) -> bool:
    """Model spans the record keeps: not a bare head word, not a header motto, a document titled by its kind."""
    words = span.split()
    if not words or len(words) > 20:
        return False
    if label == "ORG":
        if len(words) < 2 and not regex.fullmatch(r"\p{Lu}{2,}[\p{Lu}\d&-]*", span):
            return False  # "Hội", "Sở": a head without its name
        if not span[:1].isupper() or (
            sum(w[:1].isupper() for w in words) * 3 < len(words) and not _org_head_re().match(span)
        ):
            return False  # "kèm theo", "hướng dẫn và huy động …": no name
    if label == "LOC" and (
        regex.match(r"(?i)(?:cộng hòa|cộng hoà|độc lập|thứ|chủ nhật)", span) or regex.search(r"\d", span)
        or len(words) < 2 or span.isupper()
        or any(not w[:1].isupper() and w not in _GEO_LOWER for w in words) or not span[:1].isupper()
        or len(span) < 3
    ):
        return False  # a place's name is capitalised ("Hồ Chí Minh", "châu Á" is the rules' job)
    if label == "DOC" and not (_KIND_START.match(span + " ") and len(words) <= 15 and (
            regex.search(r"\d", span) or regex.match(r"(?:Bộ luật|Luật)\s+\p{Lu}", span))):
        return False  # a numbered document or a named law; a programme's title alone is too loose to keep
    return True


def _entities(n: Normalized, orgs: list[tuple[int, int]], places: list[agencies.Place],
              refs: list[documents.DocRef], model_spans: list[tuple[int, int, str]], by: int = 0) -> list[Entity]:
    """ORG, LOC, PER and DOC spans with original offsets; a place inside a body's name is a LOC too."""
    items: dict[tuple[int, int, str], str] = {}
    for s, e in orgs:
        items[(s, e, "ORG")] = "rules"
    for p in places:
        items[(p.start, p.end, "LOC")] = "rules"
    for r in refs:
        if r.cited:
            items[(r.start, r.end, "DOC")] = "rules"
    by_label: dict[str, list[tuple[int, int]]] = {}
    for s, e, lab in sorted(items):
        by_label.setdefault(lab, []).append((s, e))
    for s, e, lab in model_spans:
        if lab not in ("ORG", "LOC", "PER", "DOC") or (s, e, lab) in items or not _plausible(n.norm[s:e], lab):
            continue
        same = by_label.get(lab, [])
        i = bisect.bisect_left(same, (e, e))
        if i > 0 and same[i - 1][1] > s:
            continue  # the rules already have a span of this label here
        items[(s, e, lab)] = "model"
    out = []
    for (s, e, lab), src in sorted(items.items()):
        text, os_, oe = n.orig_span(s, e)
        if text:
            out.append(Entity(text=text, label=lab, start=os_ + by, end=oe + by, source=src))  # type: ignore[arg-type]
    return out
