"""The NER decoder: BILUO tags from gold entities, the best valid tag sequence, and tags back to entities."""

from __future__ import annotations

import itertools

import numpy
import pytest
import spacy
from spacy.tokens import Span

import extractor.ner  # noqa: F401 - registers the tokenizer and the components
from extractor.ner.biluo import _transitions, set_biluo_tags, spans_from_tags, viterbi

LABELS = ("B-LOC", "B-ORG", "I-ORG", "L-LOC", "L-ORG", "O", "U-LOC", "U-PER")


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    return spacy.blank("xx")


def _spans(spans: list[Span]) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label_) for s in spans]


def test_gold_entities_become_biluo_tags(nlp: spacy.Language) -> None:
    doc = nlp.make_doc("Giao Sở Nội vụ tỉnh Lào Cai và ông Tùng")
    doc.ents = [Span(doc, 1, 7, "ORG"), Span(doc, 9, 10, "PER")]
    tags = [t.tag_ for t in set_biluo_tags(doc)]
    assert tags == ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "L-ORG", "O", "O", "U-PER"]


def test_valid_tags_read_back_as_the_same_entities(nlp: spacy.Language) -> None:
    doc = nlp.make_doc("Giao Sở Nội vụ tỉnh Lào Cai và ông Tùng")
    doc.ents = [Span(doc, 1, 4, "ORG"), Span(doc, 5, 7, "LOC"), Span(doc, 9, 10, "PER")]
    tags = [t.tag_ for t in set_biluo_tags(doc)]
    assert _spans(spans_from_tags(doc, tags)) == [(1, 4, "ORG"), (5, 7, "LOC"), (9, 10, "PER")]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["I-ORG", "L-ORG", "O"], [(0, 2, "ORG")]),  # no B: the I opens the name
        (["B-ORG", "I-ORG", "O"], [(0, 2, "ORG")]),  # no L: O closes it
        (["B-ORG", "I-LOC", "L-LOC"], [(0, 1, "ORG"), (1, 3, "LOC")]),  # a label change splits
        (["B-ORG", "U-PER", "O"], [(0, 1, "ORG"), (1, 2, "PER")]),
        (["B-ORG", "I-ORG", "I-ORG"], [(0, 3, "ORG")]),  # open at the end
        (["O", "O", "O"], []),
    ],
)
def test_invalid_sequences_are_repaired(nlp: spacy.Language, tags: list[str],
                                        expected: list[tuple[int, int, str]]) -> None:
    doc = nlp.make_doc("một hai ba")
    assert _spans(spans_from_tags(doc, tags)) == expected


def _brute_force(scores: numpy.ndarray, move: numpy.ndarray, first: numpy.ndarray,
                 last: numpy.ndarray) -> list[int]:
    s = scores - scores.max(axis=1, keepdims=True)
    logp = s - numpy.log(numpy.exp(s).sum(axis=1, keepdims=True))

    def total(seq: tuple[int, ...]) -> float:
        return (first[seq[0]] + last[seq[-1]] + sum(logp[i, t] for i, t in enumerate(seq))
                + sum(move[a, b] for a, b in itertools.pairwise(seq)))

    return list(max(itertools.product(range(len(first)), repeat=len(scores)), key=total))


def test_viterbi_finds_the_best_valid_sequence_in_a_batch_of_any_lengths() -> None:
    move, first, last = _transitions(LABELS)
    rng = numpy.random.default_rng(5)
    for _ in range(20):
        lengths = [int(n) for n in rng.integers(0, 5, size=3)]
        scores = [rng.normal(size=(n, len(LABELS))).astype("float32") for n in lengths]
        got = viterbi(scores, move, first, last)
        assert [len(g) for g in got] == lengths
        for s, g in zip(scores, got, strict=True):
            if len(s):
                assert list(g) == _brute_force(s, move, first, last)


def test_viterbi_never_emits_an_invalid_sequence_where_argmax_would() -> None:
    move, first, last = _transitions(LABELS)
    # Each token's best tag alone gives I-ORG, O, L-LOC: three invalid moves.
    scores = numpy.full((3, len(LABELS)), -5.0, dtype="float32")
    for i, tag in enumerate(("I-ORG", "O", "L-LOC")):
        scores[i, LABELS.index(tag)] = 2.0
    tags = [LABELS[i] for i in viterbi([scores], move, first, last)[0]]
    for a, b in itertools.pairwise(tags):
        assert move[LABELS.index(a), LABELS.index(b)] == 0.0
    assert first[LABELS.index(tags[0])] == 0.0 and last[LABELS.index(tags[-1])] == 0.0


def test_shipped_pipeline_decodes_with_the_biluo_tagger() -> None:
    nlp = extractor.ner.load_nlp()
    assert nlp.get_pipe("ner").__class__.__name__ == "BiluoTagger"
    doc = nlp("Giao Sở Y tế tỉnh Quảng Trị chủ trì, phối hợp với Bộ Tài chính.")
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("Sở Y tế tỉnh Quảng Trị", "ORG") in labels or ("Sở Y tế", "ORG") in labels
    assert ("Bộ Tài chính", "ORG") in labels


def test_decode_without_sure_tokens_is_the_full_viterbi_and_with_them_stays_valid() -> None:
    from extractor.ner.biluo import decode

    move, first, last = _transitions(LABELS)
    rng = numpy.random.default_rng(9)
    o = LABELS.index("O")
    for _ in range(20):
        scores = [rng.normal(size=(int(n), len(LABELS))).astype("float32") for n in rng.integers(0, 12, size=4)]
        for s in scores:  # most tokens clearly O, as in real text
            s[rng.random(len(s)) < 0.6, o] = 12.0
        full = viterbi(scores, move, first, last)
        assert [list(x) for x in decode(scores, LABELS, sure_o=1.01)] == [list(x) for x in full]
        for tags in decode(scores, LABELS):
            names = [LABELS[i] for i in tags]
            if names:
                assert first[LABELS.index(names[0])] == 0.0 and last[LABELS.index(names[-1])] == 0.0
            for a, b in itertools.pairwise(names):
                assert move[LABELS.index(a), LABELS.index(b)] == 0.0


@pytest.mark.parametrize("overwrite", [True, False])
def test_tagger_writes_the_tags_spacy_s_tagger_would(overwrite: bool) -> None:
    """The shipped tagger writes its tags as one array per document; they must be the tags spaCy's own loop
    sets, label for label, and a tag already there must stay when the tagger may not overwrite."""
    from spacy.pipeline import Tagger

    from extractor.ner import load_nlp

    tagger = load_nlp().get_pipe("ner")
    labels = tagger.labels
    rng = numpy.random.default_rng(7)
    texts = ["Giao Sở Y tế tỉnh Hà Tĩnh chủ trì, phối hợp với UBND các huyện.", "Ông Tùng cho biết", "x"]
    make = load_nlp().make_doc
    ours, theirs = [make(t) for t in texts], [make(t) for t in texts]
    for doc in ours + theirs:
        doc[0].tag_ = "O"  # an earlier tag, kept only when overwrite is off
    ids = [rng.integers(0, len(labels), len(d)) for d in ours]
    old = tagger.cfg["overwrite"]
    tagger.cfg["overwrite"] = overwrite
    try:
        tagger.set_annotations(ours, ids)
        Tagger.set_annotations(tagger, theirs, ids)
    finally:
        tagger.cfg["overwrite"] = old
    assert [[t.tag_ for t in d] for d in ours] == [[t.tag_ for t in d] for d in theirs]
    assert {t.tag_ for d in ours for t in d[1:]} <= set(labels)
    assert (ours[0][0].tag_ == "O") is (not overwrite or labels[ids[0][0]] == "O")
