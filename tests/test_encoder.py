"""The fused window-encoder blocks (extractor/ner/encoder.py): thinc's own numbers, bit for bit."""

from __future__ import annotations

import numpy
import pytest
import spacy
from thinc.api import Adam

import extractor.ner as ner
from extractor.ner.encoder import FusedBlock, fuse, is_fused, is_window_block

TEXTS = [
    "Giao Sở Nông nghiệp và Môi trường chủ trì, phấn đấu đến năm 2029 trồng mới 3.500 ha rừng.",
    "TỶ LỆ TRƯỜNG ĐẠT CHUẨN QUỐC GIA ĐẠT 85% VÀO NĂM 2030",
    "Tp. Cần Thơ",
    "x",
]


def _blocks(nlp: spacy.Language) -> list:
    return [layer for layer in nlp.get_pipe("tok2vec").model.walk() if is_window_block(layer)]


def _own(block) -> FusedBlock:  # noqa: ANN001 - a thinc Model
    forward = block._func
    return forward._own if isinstance(forward, FusedBlock) else forward


@pytest.fixture(scope="module")
def plain() -> spacy.Language:
    return ner.plain_pipeline()


def test_the_loaded_pipeline_fuses_every_encoder_block_and_only_those(plain: spacy.Language) -> None:
    loaded = _blocks(ner.load_nlp())
    assert len(loaded) == 3 and all(is_fused(b) for b in loaded)  # the shipped config's depth
    assert not any(is_fused(b) for b in _blocks(plain))
    embed = plain.get_pipe("tok2vec").model.layers[0]
    assert not is_window_block(embed)
    with pytest.raises(ValueError):
        fuse(embed)


@pytest.mark.parametrize("rows", [1, 2, 3, 6, 7, 64, 65, 1000, 1024, 2500])  # 2500: three slabs (_ROWS)
def test_a_fused_block_gives_thincs_numbers_for_any_number_of_rows(plain: spacy.Language, rows: int) -> None:
    """Random inputs of many sizes, the BLAS's small-matrix kernels included, through each block."""
    rng = numpy.random.default_rng(rows)
    with ner._blas().limit(limits=1, user_api="blas"):
        for block in _blocks(plain):
            X = rng.normal(0, 2, size=(rows, block.get_dim("nO"))).astype("float32")
            own, _ = _own(block)(block, X, is_train=False)
            fused = FusedBlock(block, _own(block)).infer(X.copy())
            assert fused.dtype == own.dtype and numpy.array_equal(fused, own)


def test_the_fused_tok2vec_gives_the_models_own_vectors(plain: spacy.Language) -> None:
    nlp = ner.plain_pipeline()
    for block in _blocks(nlp):
        fuse(block)
    with ner._blas().limit(limits=1, user_api="blas"):
        for batch in (TEXTS, TEXTS[::-1], TEXTS[2:3]):
            ours = nlp.get_pipe("tok2vec").model.predict([nlp.make_doc(t) for t in batch])
            own = plain.get_pipe("tok2vec").model.predict([plain.make_doc(t) for t in batch])
            assert len(ours) == len(own) and all(numpy.array_equal(a, b) for a, b in zip(ours, own, strict=True))


def test_training_goes_through_the_blocks_own_forward() -> None:
    nlp = ner.plain_pipeline()
    block = _blocks(nlp)[0]
    fused = fuse(block)
    assert fuse(block) is fused  # fusing twice wraps once
    for layer in block.walk():
        if layer.name == "dropout":
            layer.attrs["dropout_rate"] = 0.0  # so that training's forward computes inference's numbers
    X = numpy.random.default_rng(0).normal(size=(9, block.get_dim("nO"))).astype("float32")
    before = block.predict(X)
    Y, backprop = block(X, is_train=True)
    assert numpy.array_equal(Y, before)  # the same numbers both ways
    backprop(numpy.ones_like(Y))
    block.finish_update(Adam(0.5))
    assert not numpy.array_equal(block.predict(X), before)  # the new weights are read, not kept copies
