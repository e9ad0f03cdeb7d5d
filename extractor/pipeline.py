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
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from extractor.context.assignments import (
    delegated,
    implementation_items,
    plan_lead,
    row_bodies,
    sector_bodies,
    sector_of_heading,
)
from extractor.context.entities import doc_ref, entities, merge_orgs, recognised, unwrapped
from extractor.context.in_charge import body_headings, find_in_charge
from extractor.context.issuer import find_issuer
from extractor.context.jurisdiction import doc_location
from extractor.context.names import restore_diacritics
from extractor.context.period import doc_year, programme_period, title_year
from extractor.errors import ExtractionError
from extractor.models import Document, DocumentRef, Entity, Period, Target
from extractor.preload import preload
from extractor.rules import agencies, dates, documents, numbers, provinces
from extractor.rules.lexicon import lexicon
from extractor.targets import assemble as targets
from extractor.targets.analysis import Analysis
from extractor.targets.dedupe import dedupe
from extractor.text import layout, segment, tables
from extractor.text.blocks import blocks
from extractor.text.normalize import Normalized, fold, matching_forms, normalize, replace_surrogates
from extractor.text.spans import inside

log = logging.getLogger(__name__)

Recogniser = Callable[[str], list[tuple[int, int, str]]]



def _doc_id(text: str, doc_id: str | None) -> str:
    return doc_id if doc_id is not None else hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _load_recogniser() -> _Primed | None:
    """The trained NER model's recogniser, or None (rules only) when the model is not installed."""
    try:
        from extractor.ner import load_nlp, recognise, recognise_many

        load_nlp()
    except Exception as e:  # noqa: BLE001 - a missing or broken model must not stop extraction
        log.warning("NER model unavailable, using rules only: %s", e)
        return None
    return _Primed(recognise, recognise_many)


class _Primed:
    """The model's recogniser, which can be handed the texts of a batch of documents at once (`prime`):
    the model then reads all their blocks in one pass, batched across documents, and each block's
    recognition is answered from that pass. Anything not primed goes to the model on its own. The answers
    are the same either way (the model reads each block on its own); only the batching differs."""

    def __init__(self, one: Recogniser, many: Callable[[list[str]], list[list[tuple[int, int, str]]]]) -> None:
        self._one, self._many = one, many
        self._ready: dict[str, list[list[tuple[int, int, str]]]] = {}
        self._lines: dict[str, _Lines] = {}

    def prime(self, texts: list[str], block_chars: int) -> None:
        """Recognise the model input of every block of `texts` now; earlier primed answers are dropped. Each
        block's normalised lines are kept too, for `_prepare` to take instead of computing them again."""
        self._ready, self._lines = {}, {}
        inputs = []
        for text in texts:
            for bs, be in blocks(text, block_chars):
                lines = self._lines[text[bs:be]] = _lines(text[bs:be])
                inputs.append(_model_text(lines))
        inputs = [t for t in inputs if t.strip()]
        for text, found in zip(inputs, self._many(inputs), strict=True):
            self._ready.setdefault(text, []).append(found)

    def lines(self, block: str) -> _Lines | None:
        """The primed block's lines, once (None when it was not primed)."""
        return self._lines.pop(block, None)

    def __call__(self, text: str) -> list[tuple[int, int, str]]:
        ready = self._ready.get(text)
        if not ready:
            return self._one(text)
        found = ready.pop()
        if not ready:
            del self._ready[text]
        return found


_WARM_UP = ("UBND TỈNH NAM ĐỊNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nKẾ HOẠCH\n\nII. MỤC TIÊU\n\n"
            "- Phấn đấu đến năm 2030 có 120 ki-ốt bán hàng và 95% hộ dân dùng nước sạch.\n\n"
            "| Chỉ tiêu | Đơn vị | Mục tiêu 2030 |\n| Diện tích rừng | ha | 1.000 |\n")


_WARM_UP_BODY = "- Đến năm 2028, Sở Y tế phấn đấu 90% trạm y tế xã có bác sĩ; Sở Tài chính bố trí kinh phí.\n"


class Extractor:
    """Loads the NER pipeline and lexicons once; `extract` one text, `pipe` many.

    use_model: use the trained NER model for entities (else rules only, faster).
    max_chars: texts longer than this are processed block by block (blocks end at blank lines).
    """

    def __init__(self, use_model: bool = True, max_chars: int = 100_000) -> None:
        self.use_model = use_model
        self.max_chars = max_chars
        self._recognise: _Primed | None = _load_recogniser() if use_model else None
        lexicon()
        # Pay every lazy load now (word segmentation model, compiled patterns with and without diacritics),
        # so that a user's first extract() is no slower than the tenth.
        # One warm-up is a whole model piece long: the first arrays of that size cost page faults (glibc then
        # raises its mmap threshold and keeps such buffers), which a user's first long document would pay.
        for warm in (fold(_WARM_UP), _WARM_UP + _WARM_UP_BODY * 40):
            self.extract(warm, doc_id="warm-up")
        preload(skip=frozenset() if use_model else frozenset({"extractor.ner.load_nlp"}))

    def extract(self, text: str, doc_id: str | None = None) -> Document:
        """One document's record. Raises ExtractionError for input that is not text."""
        if not isinstance(text, str):
            raise ExtractionError(f"extract() takes str, not {type(text).__name__}")
        if doc_id is not None and not isinstance(doc_id, str):
            doc_id = str(doc_id)
        text = replace_surrogates(text)  # evidence then holds U+FFFD where the input held a lone surrogate
        return analyse(text, _doc_id(text, doc_id), self._recognise, block_chars=self.max_chars)

    def extract_blocks(self, text: str, doc_id: str | None = None) -> Iterator[Document]:
        """The record of a very long text in parts, one per block of about max_chars (see analyse_blocks):
        memory stays bounded by the block, not by the whole record."""
        if not isinstance(text, str):
            raise ExtractionError(f"extract_blocks() takes str, not {type(text).__name__}")
        text = replace_surrogates(text)
        return analyse_blocks(text, _doc_id(text, doc_id), self._recognise, block_chars=self.max_chars)

    def prime(self, texts: Iterable[str]) -> None:
        """Run the NER model over the blocks of these texts in one batch, before they are extracted one by
        one (`pipe` and the batch runner do this per batch): the model batches across documents, which is
        faster than one document at a time. Records are the same with or without it."""
        if self._recognise is not None:
            self._recognise.prime([replace_surrogates(t) for t in texts if isinstance(t, str)
                                   and len(t) <= self.max_chars], self.max_chars)

    def pipe(self, texts: Iterable[str | tuple[str, str]], batch_size: int = 32) -> Iterator[Document]:
        """Documents in input order; items are texts or (text, doc_id) pairs.

        Every `batch_size` items are primed together (see `prime`), so the NER model reads a batch of
        documents at once; for parallelism use the batch runner's worker processes (`extractor.batch.runner`)
        or Dask (`extractor.batch.cluster`)."""
        batch: list[str | tuple[str, str]] = []
        for item in texts:
            batch.append(item)
            if len(batch) >= max(1, batch_size):
                yield from self._pipe_batch(batch)
                batch = []
        yield from self._pipe_batch(batch)

    def _pipe_batch(self, batch: list[str | tuple[str, str]]) -> Iterator[Document]:
        self.prime([item[0] if isinstance(item, tuple) else item for item in batch])
        for item in batch:
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
    sectors: dict[str, str] = field(default_factory=dict)  # sector words → the body Tổ chức thực hiện names


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
    layout: layout.Layout
    sections: list[layout.Section]
    tables: list[tables.Table]
    rows: list[tuple[int, int, str]]  # table rows with the body their lead column names


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
    found = dedupe(found, context)
    return Document(doc_id=doc_id, issuer=ctx.issuer, documents=refs, period=ctx.period, entities=ents,
                    targets=found)


def analyse_blocks(text: str, doc_id: str, recognise: Recogniser | None = None,
                   block_chars: int = 100_000) -> Iterator[Document]:
    """One partial record per block, offsets into the whole text, each with the document's context.

    For documents too large to hold their whole record in memory (a 20 MB compilation): write each part
    out and let it go. A target restated in two blocks comes out twice (de-duplication needs the whole)."""
    for ctx, block_targets, block_refs, block_ents in _analyse_blocks(text, recognise, block_chars):
        yield Document(doc_id=doc_id, issuer=ctx.issuer, documents=block_refs, period=ctx.period,
                       entities=block_ents, targets=dedupe([t for t, _ in block_targets],
                                                            {i: r for i, (_, r) in enumerate(block_targets)}))


def _analyse_blocks(text: str, recognise: Recogniser | None, block_chars: int
                    ) -> Iterator[tuple[_Context, list[tuple[Target, int]], list[DocumentRef], list[Entity]]]:
    """Each block's targets (with their paragraph's richness), cited documents and entities, in original
    offsets, after the document's context."""
    spans = blocks(text, block_chars)
    head = _prepare(text[spans[0][0]:spans[0][1]], recognise)
    ctx = _context(head)
    ranges = layout.implementation_ranges(head.n.norm, head.paras, head.sections)
    ctx.in_charge = _in_charge_by_structure(head, ranges, ctx.issuer)
    ctx.sectors = sector_bodies(head.flat, implementation_items(head.flat, head.match_text, head.folded, head.paras,
                                                                ranges, head.orgs))
    if ctx.in_charge is None and not ranges:
        ctx.in_charge = _in_charge_anywhere(text, spans, head, ctx.issuer)
    if head.folded:  # a text without diacritics: known names in the spelling records join on
        ctx.issuer, ctx.in_charge = restore_diacritics(ctx.issuer), restore_diacritics(ctx.in_charge)
    for i, (bs, be) in enumerate(spans):
        b = head if i == 0 else _prepare(text[bs:be], recognise)
        block_targets = _block_targets(b, ctx)
        for t, _ in block_targets:
            _shift_target(t, bs)
            if b.folded:  # names in the spelling records join on; units as the text writes them
                t.agency = restore_diacritics(t.agency)
                t.value.unit = fold(t.value.unit) if t.value.unit else t.value.unit
            t.location_current = provinces.to_current_province(t.location) if t.location != "Việt Nam" else None
        yield (ctx, block_targets, [doc_ref(b.n, r, bs) for r in b.refs],
               entities(b.n, b.orgs, b.places, b.refs, b.model_spans, bs))
        if i == 0:
            head = None  # type: ignore[assignment]  # the head block is not needed after the first round




_Lines = tuple[Normalized, str, layout.Layout, list[segment.Paragraph]]


def _lines(text: str) -> _Lines:
    """The normalised block, its structural twin (table pipes kept), its layout and its paragraphs."""
    n = normalize(text)
    struct = layout.structural(n)
    lay = layout.analyse_layout(struct)
    return n, struct, lay, segment.paragraphs(n.norm, lay.breaks)


def _model_text(lines: _Lines) -> str:
    """What the NER model reads of one block: its logical lines (see `entities.recognised`)."""
    n, _, _, paras = lines
    return unwrapped(n.norm, paras) if n.norm.strip() else ""


def _prepare(text: str, recognise: Recogniser | None) -> _Block:
    """Every span-finding stage on one block of text."""
    primed = recognise.lines(text) if isinstance(recognise, _Primed) else None
    n, struct, lay, paras = primed or _lines(text)
    norm = n.norm
    flat, match_text, folded = matching_forms(norm)
    found = tables.find_tables(struct)
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
    model_spans = recognised(norm, paras, recognise)
    orgs = merge_orgs(orgs, model_spans, masked, norm, paras)
    return _Block(n, flat, match_text, folded, paras, sents, clauses, refs, periods, deadlines, masked,
                  quantities, orgs, places, model_spans, lay, layout.sections(norm, paras, lay),
                  found, row_bodies(flat, found, orgs))


def _context(b: _Block) -> _Context:
    issuer = find_issuer(b.flat, b.match_text, b.orgs, b.refs)
    return _Context(
        issuer=issuer,
        location=doc_location(issuer, b.n.norm, b.match_text, b.places, b.paras),
        period=programme_period(b.periods, b.n.norm),
        doc_year=doc_year(b.match_text, b.folded),
        title_year=title_year(b.paras, b.deadlines),
        latest_date_year=max((int(y or z) for y, z in regex.findall(
            r"\d{1,2}/\d{1,2}/((?:19|20)\d\d)|((?:19|20)\d\d)-\d\d-\d\d", b.match_text)), default=None),
    )


def _in_charge_by_structure(b: _Block, ranges: list[tuple[int, int]], issuer: str | None) -> str | None:
    """The plan's lead body from its Tổ chức thực hiện section, else a resolution's 'Giao X tổ chức thực hiện'."""
    found = plan_lead(b.flat, b.match_text, b.folded, b.paras, ranges, b.orgs, issuer)
    found = found or delegated(b.flat, b.match_text, b.folded, b.orgs)
    return found.body if found else None


def _in_charge_anywhere(text: str, spans: list[tuple[int, int]], head: _Block, issuer: str | None) -> str | None:
    """The body put in charge (chủ trì), wherever the document says so: one pass of the rules only."""
    found = find_in_charge(head.flat, head.match_text, head.orgs, issuer)
    for bs, be in spans[1:]:
        if found:
            break
        flat, match_text, _ = matching_forms(normalize(text[bs:be]).norm)
        found = find_in_charge(flat, match_text, agencies.find_orgs(flat), issuer)
    return found


def _block_targets(b: _Block, ctx: _Context) -> list[tuple[Target, int]]:
    """Targets of one block, each with how many values its paragraph states (for de-duplication)."""
    an = Analysis(
        norm=b.n, match_text=b.match_text, folded=b.folded, paras=b.paras, sents=b.sents, clauses=b.clauses,
        quantities=[q for q in b.quantities if not b.layout.is_furniture(q.num_start)],  # page furniture: no target
        deadlines=b.deadlines, masked=b.masked, orgs=b.orgs,
        places=[(p.start, p.end, p.name) for p in b.places if p.jurisdiction],
        issuer=ctx.issuer, in_charge=ctx.in_charge,
        location=ctx.location, period_end=ctx.period.end if ctx.period else None, doc_year=ctx.doc_year,
        headings=body_headings(b.flat, b.paras, b.orgs), title_year=ctx.title_year,
        latest_date_year=ctx.latest_date_year, sections=[s.path for s in b.sections],
        parents=[s.parents for s in b.sections], rows=b.rows,
        tables=b.tables, sector_bodies=_sector_bodies(b, ctx.sectors),
    )
    found = targets.assemble(an)
    per_para = _values_per_paragraph(b)
    para_starts = [b.n.to_orig(p.start, p.start)[0] for p in b.paras]
    out = []
    for t in found:
        i = bisect.bisect_right(para_starts, t.evidence.start) - 1
        if i >= 0:
            sec = b.sections[i]
            t.section = list(sec.path[:-1] if sec.heading else sec.path)
        out.append((t, per_para.get(i, 0)))
    return out


def _sector_bodies(b: _Block, sectors: dict[str, str]) -> dict[int, str]:
    """Paragraph → the department its innermost sector heading ('b) Về y tế') is assigned to."""
    if not sectors:
        return {}
    by_title: dict[str, str | None] = {}
    out: dict[int, str] = {}
    for i, sec in enumerate(b.sections):
        for title in reversed(sec.path):
            if title not in by_title:
                by_title[title] = sector_of_heading(title, sectors)
            if by_title[title]:
                out[i] = by_title[title]  # type: ignore[assignment]
                break
    return out


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
































