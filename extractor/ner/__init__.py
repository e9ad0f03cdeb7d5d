"""Named entities (ORG, LOC, PER, DOC) of Vietnamese policy texts: model + gazetteer.

    from extractor.ner import recognise, to_current_province
    recognise("Giao Sở Y tế tỉnh Bắc Ninh chủ trì ...")  # [(5, 26, "ORG"), ...]
    to_current_province("Bắc Giang")                       # "Bắc Ninh"

The shipped pipeline (`extractor/ner/model/`, package data) is a spaCy pipeline
trained by `python -m extractor.ner.train` from `extractor/ner/config.cfg`:
underthesea-based tokenizer → CNN tok2vec → BILUO tagger decoded by Viterbi
(`biluo.py`) → gazetteer. Importing this package
registers the tokenizer and the gazetteer factory, so `spacy.load(path)` works on
the saved pipeline once `extractor.ner` is imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from thinc.api import Model, NumpyOps
from threadpoolctl import ThreadpoolController

from extractor.rules.provinces import province_names, to_current_province
from extractor.text.blocks import blocks

from .augment import create_case_fold_augmenter
from .biluo import BILUO_FACTORY, BiluoDecoder
from .encoder import fuse, is_window_block
from .gazetteer import GAZETTEER_FACTORY, GAZETTEER_PIPE, Gazetteer, merge_spans, province_surface_forms
from .memo import is_hash_embed, memoise
from .tokenizer import TOKENIZER_NAME, UndertheseaTokenizer, create_underthesea_tokenizer, token_offsets

__all__ = [
    "BILUO_FACTORY",
    "BiluoDecoder",
    "GAZETTEER_FACTORY",
    "GAZETTEER_PIPE",
    "TOKENIZER_NAME",
    "Found",
    "Gazetteer",
    "NERModelMissing",
    "UndertheseaTokenizer",
    "create_case_fold_augmenter",
    "create_underthesea_tokenizer",
    "load_nlp",
    "merge_spans",
    "model_path",
    "plain_pipeline",
    "province_names",
    "province_surface_forms",
    "read_vocabulary",
    "recognise",
    "recognise_many",
    "to_current_province",
    "token_offsets",
]


class Found(tuple):
    """One entity, (start, end, label), that also says which recogniser found it (`source`: "model" or
    "gazetteer"). A plain tuple to every caller that unpacks or compares it."""

    source: str

    def __new__(cls, start: int, end: int, label: str, source: str = "model") -> Found:
        self = super().__new__(cls, (start, end, label))
        self.source = source
        return self

    def __getnewargs__(self) -> tuple[int, int, str, str]:  # pickling (batch workers)
        return (*self, self.source)  # type: ignore[return-value]


Entity = tuple[int, int, str]

# Texts are cut at line ends into pieces of about this size so nlp.pipe can batch them
# and no single Doc gets near spaCy's max_length.
_PIECE = 4000
_PIECE_CUTS = ("\n", " ")


class NERModelMissing(FileNotFoundError):
    """The trained pipeline is not where the package expects it."""


def model_path() -> Path:
    """Where the shipped pipeline lives (package data `extractor/ner/model/`)."""
    return Path(__file__).resolve().parent / "model"


@lru_cache(maxsize=1)
def load_nlp() -> spacy.Language:
    """The shipped NER pipeline, loaded once per process."""
    path = model_path()
    if not (path / "config.cfg").is_file():
        raise NERModelMissing(
            f"NER model not found at {path}: train it with `python -m extractor.ner.train` "
            "(or reinstall the package with its data)"
        )
    nlp = plain_pipeline()
    _embeddings_memoised(nlp)
    _encoder_fused(nlp)
    return nlp


def plain_pipeline() -> spacy.Language:
    """A new copy of the shipped pipeline as spaCy loads it, with numpy's matrix products but without the
    memo and the fused encoder blocks: what `load_nlp` builds on, and what the tests hold those two to."""
    nlp = spacy.load(model_path())
    _matrix_products_by_numpy(nlp)
    return nlp


def _matrix_products_by_numpy(nlp: spacy.Language) -> None:
    """Let the model's layers multiply matrices with numpy's BLAS (OpenBLAS) instead of thinc's BLIS.

    Why: the model is small (width 64) and its time goes to the products of a few thousand rows by 320
    columns, where OpenBLAS on one thread was about 1.7 times as fast as BLIS on the laptop-class machine
    we measure on; the records of the dev texts were the same byte for byte. The BLAS is held to one thread
    while the model runs (`recognise_many`), so that a batch worker is one core and a process's speed does
    not depend on what else runs."""
    ops = NumpyOps(use_blis=False)
    for layer in _layers(nlp):
        layer.ops = ops


def _embeddings_memoised(nlp: spacy.Language) -> None:
    """Have each token embedding layer (the first half of the tok2vec) compute its output once for each
    distinct token and look it up afterwards (`memo.py`): the rows are the model's own (to the BLAS's last
    bits, which vary with the batch anyway), and that half was a third of the tok2vec's time."""
    for layer in _hash_embeds(nlp):
        memoise(layer)


def _encoder_fused(nlp: spacy.Language) -> None:
    """Have each residual block of the tok2vec's window encoder run its inference in one pass (`encoder.py`):
    the same numbers, bit for bit, without the bookkeeping thinc keeps for a backward pass (a third of the
    tok2vec's time, measured alternating the two)."""
    for layer in _layers(nlp):
        if is_window_block(layer):
            fuse(layer)


def _hash_embeds(nlp: spacy.Language) -> list[Model]:
    """The token embedding layers of the pipeline's models (in the shipped model, the tok2vec's one)."""
    return [layer for layer in _layers(nlp) if is_hash_embed(layer)]


def _layers(nlp: spacy.Language) -> Iterator[Model]:
    """Every layer of every pipeline component's model."""
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            yield from model.walk()


def read_vocabulary(text: str) -> None:
    """Have the model read the words of `text` once: they join the vocabulary, the tokenizer's per-word
    cache and the store of token embeddings (`memo.py`) now rather than inside a user's first document
    (`preload.vocabulary_text`)."""
    nlp = load_nlp()
    # The tokenizer keeps a word's tokens per what follows it (a newline, or a space and more text): the
    # words are read at a line's end, as `text` has them, and inside a line, as running text has most.
    docs = [nlp.tokenizer(form) for form in (text, " ".join(text.split("\n")) + " ")]
    with _blas().limit(limits=1, user_api="blas"):
        for layer in _hash_embeds(nlp):
            layer.predict(docs)


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    """The process's BLAS libraries, found once (threadpoolctl), to hold them to one thread per model call."""
    return ThreadpoolController()


def _pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) covering `text`: pieces of at most _PIECE characters, cut after a newline in the last
    three quarters of the window, else after a space, else hard (`extractor.text.blocks`)."""
    return [(s, text[s:e]) for s, e in blocks(text, _PIECE, cuts=_PIECE_CUTS, floor=_PIECE // 4)]


def _source(kb_id: str) -> str:
    """The recogniser's name from a span's kb_id (the gazetteer marks its spans; the model leaves it empty)."""
    return "gazetteer" if kb_id.startswith("gazetteer") else "model"


def recognise_many(texts: Iterable[str], batch_size: int = 16) -> list[list[Entity]]:
    """`recognise` for many texts at once (batched through nlp.pipe).

    Why 16 pieces a batch: the model's activations for a batch are held at once; 64 pieces of ~4000
    characters took a batch worker's peak memory to ~590 MB on real documents, 16 to ~340 MB, at the same
    speed (a matrix product over 16 pieces is already large)."""
    nlp = load_nlp()
    texts = list(texts)
    jobs: list[tuple[int, int, str]] = []
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"recognise() takes str, not {type(text).__name__}")
        jobs.extend((i, off, piece) for off, piece in _pieces(text))
    out: list[list[Entity]] = [[] for _ in texts]
    with _blas().limit(limits=1, user_api="blas"):
        docs = nlp.pipe((piece for _, _, piece in jobs), batch_size=batch_size)
        for (i, off, _), doc in zip(jobs, docs, strict=True):
            out[i].extend(Found(off + e.start_char, off + e.end_char, e.label_, _source(e.kb_id_))
                          for e in doc.ents)
    return out


def recognise(text: str) -> list[Entity]:
    """(start, end, label) of every entity in `text`, sorted, non-overlapping.

    Offsets index the given string (`text[start:end]` is the entity). Labels: ORG,
    LOC, PER, DOC. Model predictions and gazetteer hits are already merged; each item is a `Found`,
    whose `source` says which of the two found it.
    """
    return recognise_many([text])[0]
