"""The pipeline: the stages in their order, and the loaded resources (`Extractor`) a batch loads once.

    normalise → paragraphs/sentences/clauses, layout, tables → quantities, deadlines, dates, documents →
    bodies and places (rules + the trained NER model) → document context (issuer, body in charge,
    jurisdiction, period: `context.document`) → targets (`targets.assemble`, then `targets.finish`) →
    `Document`

A long text is read block by block (`text.blocks`); each block is one record, `targets.analysis.Analysis`,
that the span stages fill (`_prepare`), the context stage reads for the first block (`context.document`)
and the target stage for every block. The rules live in the stages' modules; this one calls them in order
and joins their spans (dates, document numbers and periods mask values; a year inside a date is no
deadline).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from extractor.context.assignments import paragraph_sectors, row_bodies
from extractor.context.document import Context, document_context
from extractor.context.entities import doc_ref, entities, merge_orgs, recognised, unwrapped
from extractor.context.in_charge import body_headings
from extractor.errors import ExtractionError
from extractor.models import Document, DocumentRef, Entity, Target
from extractor.preload import preload, vocabulary_text, warm_up_texts
from extractor.rules import agencies, dates, documents, numbers
from extractor.rules.lexicon import lexicon
from extractor.targets import assemble as targets
from extractor.targets.analysis import Analysis
from extractor.targets.dedupe import dedupe
from extractor.targets.finish import finish
from extractor.text import layout, segment, tables
from extractor.text.blocks import blocks
from extractor.text.normalize import matching_forms, replace_surrogates
from extractor.text.spans import inside

if TYPE_CHECKING:
    from extractor.ner.primed import Primed

log = logging.getLogger(__name__)

Recogniser = Callable[[str], list[tuple[int, int, str]]]
_Parts = Iterator[tuple[Context, list[tuple[Target, int]], list[DocumentRef], list[Entity]]]


def _doc_id(text: str, doc_id: object) -> str:
    """The caller's id as text (a number from a data frame is an id too), else a hash of the text."""
    if doc_id is not None:
        return str(doc_id)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _load_recogniser() -> Primed | None:
    """The trained NER model's recogniser, or None (rules only) when the model is not installed."""
    try:
        from extractor.ner import load_nlp, recognise, recognise_many
        from extractor.ner.primed import Primed

        load_nlp()
    except Exception as e:  # noqa: BLE001 - a missing or broken model must not stop extraction
        log.warning("NER model unavailable, using rules only: %s", e)
        return None
    return Primed(recognise, recognise_many)


class Extractor:
    """Loads the NER pipeline and lexicons once; `extract` one text, `pipe` many.

    use_model: use the trained NER model for entities (else rules only, faster).
    max_chars: texts longer than this are processed block by block (blocks end at blank lines).
    """

    def __init__(self, use_model: bool = True, max_chars: int = 100_000) -> None:
        self.use_model = use_model
        self.max_chars = max_chars
        self._recognise: Primed | None = _load_recogniser() if use_model else None
        self._primed: dict[str, layout.Lines] = {}  # block → its lines, read by `prime`, taken once by `_read`
        lexicon()
        # Pay every lazy load now (word segmentation model, compiled patterns with and without diacritics),
        # so that a user's first extract() is no slower than the tenth.
        if self._recognise is not None:
            from extractor.ner import read_vocabulary

            read_vocabulary(vocabulary_text())
        for warm in warm_up_texts():
            self.extract(warm, doc_id="warm-up")
        preload(skip=frozenset() if use_model else frozenset({"extractor.ner.load_nlp"}))

    def extract(self, text: str, doc_id: str | None = None) -> Document:
        """One document's record. Raises ExtractionError for input that is not text."""
        if not isinstance(text, str):
            raise ExtractionError(f"extract() takes str, not {type(text).__name__}")
        text = replace_surrogates(text)  # evidence then holds U+FFFD where the input held a lone surrogate
        return _whole(_doc_id(text, doc_id), _analyse_blocks(text, self._recognise, self.max_chars, self._read))

    def extract_blocks(self, text: str, doc_id: str | None = None) -> Iterator[Document]:
        """The record of a very long text in parts, one per block of about max_chars (see analyse_blocks):
        memory stays bounded by the block, not by the whole record."""
        if not isinstance(text, str):
            raise ExtractionError(f"extract_blocks() takes str, not {type(text).__name__}")
        text = replace_surrogates(text)
        return _parts(_doc_id(text, doc_id), _analyse_blocks(text, self._recognise, self.max_chars, self._read))

    def prime(self, texts: Iterable[str]) -> None:
        """Run the NER model over the blocks of these texts in one batch, before they are extracted one by
        one (`pipe` and the batch runner do this per batch): the model batches across documents, which is
        faster than one document at a time. Records are the same with or without it. Each block's lines are
        kept too, for its extraction to take instead of reading them again."""
        if self._recognise is None:
            return
        self._primed = {}
        inputs: list[str] = []
        for text in [replace_surrogates(t) for t in texts if isinstance(t, str) and len(t) <= self.max_chars]:
            for bs, be in blocks(text, self.max_chars):
                lines = self._primed[text[bs:be]] = layout.lines(text[bs:be])
                inputs.append(_model_text(lines))
        self._recognise.prime(inputs)

    def _read(self, block: str) -> layout.Lines:
        """The block's lines: primed ones once, else read now."""
        return self._primed.pop(block, None) or layout.lines(block)

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


def analyse(text: str, doc_id: str, recognise: Recogniser | None = None, block_chars: int = 100_000) -> Document:
    """The whole pipeline on one text.

    A long text is processed block by block (blocks end at blank lines), so time grows linearly and
    working memory stays bounded by the block size: the document's context (issuer, period, body in
    charge) comes from its head and from one cheap scan; targets, entities and documents from each block.
    What grows with the text is the record itself; `analyse_blocks` hands it over block by block."""
    return _whole(doc_id, _analyse_blocks(text, recognise, block_chars, layout.lines))


def analyse_blocks(text: str, doc_id: str, recognise: Recogniser | None = None,
                   block_chars: int = 100_000) -> Iterator[Document]:
    """One partial record per block, offsets into the whole text, each with the document's context.

    For documents too large to hold their whole record in memory (a 20 MB compilation): write each part
    out and let it go. A target restated in two blocks comes out twice (de-duplication needs the whole)."""
    return _parts(doc_id, _analyse_blocks(text, recognise, block_chars, layout.lines))


def _whole(doc_id: str, parts: _Parts) -> Document:
    """The document's record from its blocks' parts, its targets de-duplicated across blocks."""
    found: list[Target] = []
    context: dict[int, int] = {}
    refs: list[DocumentRef] = []
    ents: list[Entity] = []
    ctx = Context()
    for block_ctx, block_targets, block_refs, block_ents in parts:
        ctx = block_ctx  # the same context for every block
        for t, richness in block_targets:
            context[len(found)] = richness
            found.append(t)
        refs += block_refs
        ents += block_ents
    return Document(doc_id=doc_id, issuer=ctx.issuer, documents=refs, period=ctx.period, entities=ents,
                    targets=dedupe(found, context))


def _parts(doc_id: str, parts: _Parts) -> Iterator[Document]:
    """One record per block's part, its targets de-duplicated within the block."""
    for ctx, block_targets, block_refs, block_ents in parts:
        yield Document(doc_id=doc_id, issuer=ctx.issuer, documents=block_refs, period=ctx.period,
                       entities=block_ents, targets=dedupe([t for t, _ in block_targets],
                                                            {i: r for i, (_, r) in enumerate(block_targets)}))


def _analyse_blocks(text: str, recognise: Recogniser | None, block_chars: int, read: Callable[[str], layout.Lines]
                    ) -> _Parts:
    """Each block's targets (with their paragraph's richness), cited documents and entities, in original
    offsets, after the document's context. `read` gives a block's lines (`layout.lines`, or primed ones)."""
    spans = blocks(text, block_chars)
    head = _prepare(text[spans[0][0]:spans[0][1]], recognise, read)
    ctx = document_context(head, text, spans)
    for i, (bs, be) in enumerate(spans):
        b = head if i == 0 else _prepare(text[bs:be], recognise, read)
        b.context, b.sector_bodies = ctx, paragraph_sectors(b.paragraph_sections, ctx.sectors)
        yield (ctx, finish(b, targets.assemble(b), bs), [doc_ref(b.norm, r, bs) for r in b.refs],
               entities(b.norm, b.orgs, b.all_places, b.refs, b.model_spans, bs))
        if i == 0:
            head = None  # type: ignore[assignment]  # the head block is not needed after the first round


def _model_text(lines: layout.Lines) -> str:
    """What the NER model reads of one block: its logical lines (see `entities.recognised`)."""
    n, _, _, paras = lines
    return unwrapped(n.norm, paras) if n.norm.strip() else ""


def _prepare(text: str, recognise: Recogniser | None, read: Callable[[str], layout.Lines]) -> Analysis:
    """Every span-finding stage on one block of text."""
    n, struct, lay, paras = read(text)
    norm = n.norm
    flat, match_text, folded = matching_forms(norm)
    found = tables.find_tables(struct)
    sents = segment.sentences(norm, paras)
    clauses = segment.clauses(norm, sents)
    refs = documents.find_documents(flat)
    date_spans = dates.find_dates(match_text, 0, len(norm), folded)
    period_matches = dates.period_matches(match_text, 0, len(norm), folded)  # read by the next two
    periods = dates.find_periods(match_text, 0, len(norm), folded, period_matches)
    deadlines = [d for d in dates.find_deadlines(match_text, 0, len(norm), folded, period_matches)
                 if not (d.kind == "in" and inside(date_spans, d.start, d.end))]
    masked = sorted([(r.start, r.end) for r in refs] + date_spans + [(p[0], p[1]) for p in periods])
    quantities = [q for s in sents for q in numbers.find_quantities(match_text, s.start, s.end, folded)]
    orgs = agencies.find_orgs(flat)
    places = agencies.find_places(norm, match_text if folded else None)
    model_spans = recognised(norm, paras, recognise)
    orgs = merge_orgs(orgs, model_spans, masked, norm, paras)
    return Analysis(norm=n, flat=flat, match_text=match_text, folded=folded, paras=paras, sents=sents,
                    clauses=clauses, refs=refs, periods=periods, deadlines=deadlines, masked=masked,
                    all_quantities=quantities, orgs=orgs, all_places=places, model_spans=model_spans, layout=lay,
                    paragraph_sections=layout.sections(norm, paras, lay), tables=found,
                    rows=row_bodies(flat, found, orgs), headings=body_headings(flat, paras, orgs))
