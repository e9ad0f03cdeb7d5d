"""Entities from per-token BILUO tags: the decoder of the shipped NER.

Why a tagger and not spaCy's transition-based `ner`: on our texts the transition parser spent about
25 µs a token in its state machine (checking every move's validity at every step), more than the whole
tok2vec and more than underthesea's word segmentation of the same text. A softmax tagger over the same
tok2vec predicts one BILUO tag per token in one matrix product; this component turns the tags into
`doc.ents`, repairing the sequences a tagger can emit and a parser cannot ("I-ORG" with no "B-ORG"
before it). Training data carries the tags (`set_biluo_tags`), derived from the gold entities.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example, offsets_to_biluo_tags
from thinc.api import Model

BILUO_FACTORY = "vnpolicy_biluo"
BILUO_TAGGER_FACTORY = "vnpolicy_biluo_tagger"


def set_biluo_tags(doc: Doc) -> Doc:
    """Give every token of a gold doc the BILUO tag of its entities (`tag_`), "O" outside them."""
    tags = offsets_to_biluo_tags(doc, [(e.start_char, e.end_char, e.label_) for e in doc.ents])
    for token, tag in zip(doc, tags, strict=True):
        token.tag_ = "O" if tag == "-" else tag
    return doc


def spans_from_tags(doc: Doc, tags: Iterable[str]) -> list[Span]:
    """Entity spans of a tag sequence, read the way the tags were trained (B I* L, U), made valid: an I or L
    with no open entity of its label starts one, a B or U or O closes what is open, a label change inside
    an entity closes it and opens the new one."""
    return _spans(doc, [(i, t) for i, t in enumerate(tags) if t not in ("O", "")])


def _spans(doc: Doc, marked: list[tuple[int, str]]) -> list[Span]:
    """`spans_from_tags` given only the tokens not tagged O, in order (most tokens are O: they are skipped)."""
    spans: list[Span] = []
    start, label, prev = -1, "", -2
    for i, tag in marked:
        prefix, _, lab = tag.partition("-")
        if start >= 0 and (i != prev + 1 or prefix in ("B", "U") or lab != label):
            spans.append(Span(doc, start, prev + 1, label=label))  # an O (a gap) or a new name closes it
            start = -1
        if prefix == "U":
            spans.append(Span(doc, i, i + 1, label=lab))
        elif prefix in ("B", "I", "L"):
            if start < 0:
                start, label = i, lab
            if prefix == "L":
                spans.append(Span(doc, start, i + 1, label=label))
                start = -1
        prev = i
    if start >= 0:
        spans.append(Span(doc, start, prev + 1, label=label))
    return [s for s in spans if not all(t.is_space for t in s)]


class BiluoDecoder:
    """Pipeline component: `doc.ents` from the tagger's BILUO tags (white-space tokens never start or end one)."""

    def __init__(self, nlp: Language, name: str = BILUO_FACTORY) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        tags = doc.to_array("TAG")  # hashes; reading token.tag_ token by token cost more than the tagger
        marked = [(int(i), strings[int(tags[i])]) for i in numpy.flatnonzero((tags != strings["O"]) & (tags != 0))]
        doc.ents = [_trim(s) for s in _spans(doc, marked)]
        return doc

    def score(self, examples: Iterable[Example], **kwargs: object) -> dict[str, object]:
        """Entity P/R/F (the training loop's `ents_f`), as spaCy's ner component reports them."""
        return Scorer.score_spans(examples, "ents", **kwargs)


def _trim(span: Span) -> Span:
    doc, s, e = span.doc, span.start, span.end
    while s < e and doc[s].is_space:
        s += 1
    while e > s and doc[e - 1].is_space:
        e -= 1
    return Span(doc, s, e, label=span.label_)


@Language.factory(BILUO_FACTORY)
def make_biluo_decoder(nlp: Language, name: str) -> BiluoDecoder:
    """Registered so that the saved pipeline's config names it (see config.cfg)."""
    return BiluoDecoder(nlp, name)


# --- the tagger, decoded as a whole sequence -----------------------------------------------------------------


class BiluoTagger(Tagger):
    """spaCy's tagger whose guesses are the best *valid* BILUO sequence (Viterbi over the tag scores), not each
    token's best tag: an argmax per token broke long names into pieces (a document title of twelve syllables
    needs twelve consistent tags), which cost 13 points of entity F1 on our corpus dev. All documents of a
    batch are decoded together, so the loop runs once per token position, not once per token."""

    def _scores2guesses(self, scores: list[numpy.ndarray]) -> list[numpy.ndarray]:
        scores = [s if isinstance(s, numpy.ndarray) else s.get() for s in scores]
        return decode(scores, tuple(self.labels))

    def set_annotations(self, docs: Iterable[Doc] | Doc, batch_tag_ids: list[numpy.ndarray]) -> None:
        """Every token's tag, as spaCy's Tagger sets it, written as one array per document (`Doc.from_array`).

        Why: spaCy's loop looks each token's label up in the string store one by one, a tenth of the whole
        NER pipeline's time on our texts; one array write per document is about 17 times faster."""
        docs = [docs] if isinstance(docs, Doc) else list(docs)
        hashes = numpy.array([self.vocab.strings.add(label) for label in self.labels], dtype="uint64")
        for doc, tag_ids in zip(docs, batch_tag_ids, strict=True):
            ids = tag_ids.get() if hasattr(tag_ids, "get") else numpy.asarray(tag_ids)
            if not len(doc):
                continue
            tags = hashes[ids.astype("int64")]
            if not self.cfg["overwrite"]:
                old = doc.to_array("TAG")
                tags = numpy.where(old == 0, tags, old)
            doc.from_array(["TAG"], tags)


# A token whose best tag is O with at least this probability is taken as O before decoding: the decoder then
# runs only over the stretches between such tokens (a name and its edges), all stretches at once. Both sides of
# a certain O are free (O may follow and precede anything valid), so this is exact up to that certainty.
SURE_O = 0.999


def decode(scores: list[numpy.ndarray], labels: tuple[str, ...], sure_o: float = SURE_O) -> list[numpy.ndarray]:
    """Best valid BILUO tag ids of each document's (n_tokens, n_tags) scores."""
    lens = [len(s) for s in scores]
    if not sum(lens):
        return [numpy.zeros((0,), dtype="int64") for _ in scores]
    logp = _log_softmax(numpy.concatenate([s for s in scores if len(s)]).astype("float32"))
    o = labels.index("O")
    tags = numpy.full(len(logp), o, dtype="int64")
    doc_of = numpy.repeat(numpy.arange(len(lens)), lens)
    open_ = numpy.flatnonzero((logp.argmax(axis=1) != o) | (logp[:, o] < numpy.log(sure_o)))
    if len(open_):
        cuts = numpy.flatnonzero((numpy.diff(open_) != 1) | (doc_of[open_[1:]] != doc_of[open_[:-1]])) + 1
        move, first, last = _transitions(labels)
        pad = _padding_row(move, last)
        buckets: dict[int, list[numpy.ndarray]] = {}
        for st in numpy.split(open_, cuts):  # lengths 1, 2, 3-4, 5-8 …: padding at most doubles a stretch
            buckets.setdefault((len(st) - 1).bit_length(), []).append(st)
        for group in buckets.values():
            for st, found in zip(group, viterbi([logp[st] for st in group], move, first, last, True, pad),
                                 strict=True):
                tags[st] = found
    return numpy.split(tags, numpy.cumsum(lens)[:-1])


def _log_softmax(s: numpy.ndarray) -> numpy.ndarray:
    s = s - s.max(axis=1, keepdims=True)
    return s - numpy.log(numpy.exp(s).sum(axis=1, keepdims=True))


@lru_cache(maxsize=4)
def _transitions(labels: tuple[str, ...]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """(move, first, last) log-weights: 0 where BILUO allows the tag there, -inf-like where it does not."""
    def prefix(tag: str) -> str:
        return tag.partition("-")[0]

    def allowed(a: str, b: str) -> bool:
        if prefix(a) in ("B", "I"):
            return prefix(b) in ("I", "L") and a.partition("-")[2] == b.partition("-")[2]
        return prefix(b) in ("O", "B", "U")

    no = -1e9
    move = numpy.array([[0.0 if allowed(a, b) else no for b in labels] for a in labels], dtype="float32")
    first = numpy.array([0.0 if prefix(t) in ("O", "B", "U") else no for t in labels], dtype="float32")
    last = numpy.array([0.0 if prefix(t) in ("O", "L", "U") else no for t in labels], dtype="float32")
    return move, first, last


def viterbi(scores: list[numpy.ndarray], move: numpy.ndarray, first: numpy.ndarray,
            last: numpy.ndarray, normalised: bool = False, pad: numpy.ndarray | None = None) -> list[numpy.ndarray]:
    """Best tag ids of each (n_tokens, n_tags) score array under the allowed moves, all arrays at once
    (`normalised`: the scores are log-probabilities already; `pad`: `_padding_row`, if known).

    Shorter arrays are padded with a tag that may follow exactly the tags that may end a sequence and that
    may follow itself (O): a padded tail changes no path's score, so no step needs a mask."""
    out: list[numpy.ndarray] = [numpy.zeros((len(s),), dtype="int64") for s in scores]
    live = [i for i, s in enumerate(scores) if len(s)]
    if not live:
        return out
    pad = _padding_row(move, last) if pad is None else pad
    lens = [len(scores[i]) for i in live]
    steps = max(lens)
    logp = numpy.empty((len(live), steps, move.shape[0]), dtype="float32")
    logp[:] = pad
    for row, i in enumerate(live):
        s = scores[i].astype("float32")
        logp[row, : len(s)] = s if normalised else _log_softmax(s)
    back = numpy.empty((len(live), steps, move.shape[0]), dtype="int16")
    best = first + logp[:, 0]
    for t in range(1, steps):
        cand = best[:, :, None] + move
        back[:, t] = cand.argmax(axis=1)
        best = cand.max(axis=1) + logp[:, t]
    tags = numpy.empty((len(live), steps), dtype="int64")
    tags[:, -1] = (best + last).argmax(axis=1)
    rows = numpy.arange(len(live))
    for t in range(steps - 1, 0, -1):
        tags[:, t - 1] = back[rows, t, tags[:, t]]
    for row, i in enumerate(live):
        out[i] = tags[row, : lens[row]]
    return out


def _padding_row(move: numpy.ndarray, last: numpy.ndarray) -> numpy.ndarray:
    """0 for the one tag that may follow exactly the tags that may end a sequence, and itself (O); else -1e9."""
    ends = last == 0.0
    for tag in range(len(last)):
        if move[tag, tag] == 0.0 and last[tag] == 0.0 and numpy.array_equal(move[:, tag] == 0.0, ends):
            row = numpy.full(len(last), -1e9, dtype="float32")
            row[tag] = 0.0
            return row
    raise ValueError("no tag can pad a sequence (no O among the labels)")


@Language.factory(
    BILUO_TAGGER_FACTORY,
    assigns=["token.tag"],
    default_config={"overwrite": True, "neg_prefix": "!", "label_smoothing": 0.0,
                    "scorer": {"@scorers": "spacy.tagger_scorer.v1"}},
)
def make_biluo_tagger(nlp: Language, name: str, model: Model, overwrite: bool, scorer: Callable | None,
                      neg_prefix: str, label_smoothing: float) -> BiluoTagger:
    """The tagger of config.cfg's `ner` component (its model is spaCy's Tagger.v2 over the shared tok2vec)."""
    return BiluoTagger(nlp.vocab, model, name, overwrite=overwrite, scorer=scorer, neg_prefix=neg_prefix,
                       label_smoothing=label_smoothing)
