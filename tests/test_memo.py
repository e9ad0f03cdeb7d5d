"""The memoised token embeddings (extractor/ner/memo.py): the model's own rows in any batch.

Own rows up to float32 rounding, not bit for bit: on some CPUs OpenBLAS rounds a product's row by its place in
the batch (measured here: the same text after a one-word document differs by 2e-6), so the model itself gives
a token slightly different numbers in different batches. A row looked up wrongly differs by far more."""

from __future__ import annotations

import numpy
import pytest
import spacy
from thinc.api import Adam

import extractor.ner as ner
from extractor.ner.encoder import maxout_norm
from extractor.ner.memo import EmbeddingMemo, is_hash_embed, memo_of, memoise

TEXTS = [
    "Ủy ban nhân dân tỉnh Hưng Yên giao Sở Công Thương chủ trì, phấn đấu đến năm 2030 có 12 cụm công nghiệp.",
    "Tỷ lệ hộ dân dùng nước sạch đạt 98,5% vào cuối năm 2027; vốn đầu tư khoảng 1.250 tỷ đồng.",
    "Giao UBND các huyện phối hợp với Ban Quản lý các KCN thực hiện Nghị quyết số 18/NQ-HĐND.",
    "Sở Y tế",
    "",
    "ĐẾN NĂM 2028 TOÀN TỈNH CÓ 45 XÃ ĐẠT CHUẨN NÔNG THÔN MỚI NÂNG CAO",
]


@pytest.fixture(scope="module")
def plain() -> spacy.Language:
    return ner.plain_pipeline()


def _embed(nlp: spacy.Language):  # noqa: ANN202 - a thinc Model
    return nlp.get_pipe("tok2vec").model.layers[0]


def _docs(nlp: spacy.Language, texts: list[str]) -> list:
    return [nlp.make_doc(t) for t in texts]


def _same(a: list[numpy.ndarray], b: list[numpy.ndarray]) -> bool:
    """The same rows up to the BLAS's rounding (1e-5; the layer norm keeps the rows' values near 1)."""
    return len(a) == len(b) and all(
        x.shape == y.shape and numpy.allclose(x, y, rtol=1e-5, atol=1e-5) for x, y in zip(a, b, strict=False))


def test_the_loaded_pipeline_serves_its_embeddings_from_a_memo() -> None:
    embed = _embed(ner.load_nlp())
    assert is_hash_embed(embed)
    assert memo_of(embed) is not None
    assert memo_of(_embed(ner.plain_pipeline())) is None


def test_reading_the_vocabulary_stores_the_rows_of_its_words() -> None:
    memo = memo_of(_embed(ner.load_nlp()))
    text = "Qzxv Wyxq 98765432 Ưqưk"  # tokens no earlier text brought
    features = memo.features(_docs(ner.load_nlp(), [text]))
    assert not any(f in memo for f in features)
    ner.read_vocabulary(text)
    assert all(f in memo for f in features)
    stored = len(memo)
    ner.read_vocabulary(text)
    assert len(memo) == stored  # read twice, stored once


def test_the_embeddings_are_the_models_own_in_any_batch(plain: spacy.Language) -> None:
    """Every row equals the model's own row for that token computed in one long batch (the BLAS's usual
    kernel), whatever batch brings it and whatever came before."""
    nlp = ner.plain_pipeline()
    memo = memoise(_embed(nlp))
    with ner._blas().limit(limits=1, user_api="blas"):
        reference = _embed(plain).predict(_docs(plain, TEXTS))
        by_text = dict(zip(TEXTS, reference, strict=True))
        for batch in (TEXTS[:2], TEXTS, TEXTS[::-1], TEXTS[3:4], TEXTS[4:]):
            assert _same(_embed(nlp).predict(_docs(nlp, batch)), [by_text[t] for t in batch])
    assert 0 < len(memo) < sum(len(d) for d in _docs(nlp, TEXTS))  # one row per distinct token


def test_the_tok2vec_output_is_the_models_own_on_the_same_batch(plain: spacy.Language) -> None:
    nlp = ner.plain_pipeline()
    memoise(_embed(nlp))
    tok2vec, own = nlp.get_pipe("tok2vec").model, plain.get_pipe("tok2vec").model
    with ner._blas().limit(limits=1, user_api="blas"):
        for batch in (TEXTS, TEXTS[::-1], TEXTS[:3], [TEXTS[0] + " " + TEXTS[1]]):
            assert _same(tok2vec.predict(_docs(nlp, batch)), own.predict(_docs(plain, batch)))


def test_a_token_met_alone_gets_the_row_it_has_in_a_long_text(plain: spacy.Language) -> None:
    """A batch of one or two tokens takes the BLAS's small-matrix kernel, which rounds otherwise: the memo
    computes new rows in padded groups, so a row is the same whichever batch first brings its token."""
    nlp = ner.plain_pipeline()
    memoise(_embed(nlp))
    with ner._blas().limit(limits=1, user_api="blas"):
        long = _embed(plain).predict(_docs(plain, [TEXTS[0]]))[0]
        words = TEXTS[0].split()[:3]
        for i, word in enumerate(words):
            alone = _embed(nlp).predict(_docs(nlp, [word]))[0]
            assert _same([alone[:1]], [long[i:i + 1]]), word


def test_a_full_store_is_emptied_and_the_rows_stay_right(plain: spacy.Language) -> None:
    nlp = ner.plain_pipeline()
    memo = memoise(_embed(nlp), limit=12)
    with ner._blas().limit(limits=1, user_api="blas"):
        reference = _embed(plain).predict(_docs(plain, TEXTS))
        for text, own in zip(TEXTS, reference, strict=True):
            assert _same(_embed(nlp).predict(_docs(nlp, [text])), [own])
            distinct = len({tuple(f) for f in memo.features(_docs(nlp, [text])).tolist()})
            assert len(memo) <= max(12, distinct)


def test_rows_are_looked_up_per_distinct_feature_row(plain: spacy.Language) -> None:
    memo = EmbeddingMemo(_embed(plain))
    features = memo.features(_docs(plain, [TEXTS[1]]))
    doubled = numpy.concatenate([features, features[::-1]])
    rows = memo.rows(doubled)
    assert len(memo) == len({tuple(f) for f in features.tolist()})
    assert numpy.array_equal(rows[: len(features)], rows[len(features):][::-1])
    assert _same([rows], [memo.compute(doubled)])


def test_training_goes_to_the_models_own_code_and_empties_the_store() -> None:
    nlp = ner.plain_pipeline()
    memo = memoise(_embed(nlp))
    embed = _embed(nlp)
    assert memo_of(embed) is memo
    docs = _docs(nlp, TEXTS[:2])
    before = embed.predict(docs)
    assert len(memo) > 0
    out, backprop = embed(docs, is_train=True)
    assert len(memo) == 0
    backprop([numpy.ones_like(x) for x in out])
    embed.finish_update(Adam(0.5))
    after = embed.predict(docs)
    assert not _same(before, after)  # the new weights, not rows stored under the old ones


def test_only_a_hash_embedding_can_be_memoised(plain: spacy.Language) -> None:
    encoder = plain.get_pipe("tok2vec").model.layers[1]
    assert not is_hash_embed(encoder)
    with pytest.raises(ValueError):
        memoise(encoder)


def test_the_loaded_pipeline_finds_the_entities_the_plain_one_finds(plain: spacy.Language) -> None:
    """The memo and the fused encoder blocks together change no entity (the records' contract)."""
    loaded = ner.load_nlp()
    with ner._blas().limit(limits=1, user_api="blas"):
        ours = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in loaded.pipe(TEXTS)]
        own = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in plain.pipe(TEXTS)]
    assert ours == own and any(ours)


@pytest.mark.parametrize("rows", [1, 5, 64, 65, 1500])  # 1500: two of the fused pass's slabs
def test_new_rows_are_the_embedding_layers_own_numbers_bit_for_bit(plain: spacy.Language, rows: int) -> None:
    """The memo computes new rows with the fused maxout and layer norm (encoder.maxout_norm): for the same
    input matrix, thinc's own layers give the same bits, in batches small and large."""
    memo = EmbeddingMemo(_embed(plain))
    assert memo._fused is not None  # the shipped layout: the fused pass serves it
    features = memo.features(_docs(plain, TEXTS))
    picked = features[numpy.random.default_rng(rows).integers(0, len(features), size=rows)]
    with ner._blas().limit(limits=1, user_api="blas"):
        concat = memo._concat.predict(picked)
        own = memo._maxout.predict(concat)
        assert numpy.array_equal(maxout_norm(concat, *memo._fused), own)
        if rows >= 64:  # fewer are computed padded to 64, which the BLAS may round otherwise
            assert numpy.array_equal(memo.compute(picked), own)
