"""The public API: records for any text, offsets into the caller's text, clear errors for non-text."""

from __future__ import annotations

import unicodedata

import pytest

import extractor
from extractor import ExtractionError, Extractor


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "Hà Nội FC thắng 2-0 trước Hải Phòng ở vòng 12, nâng tổng số điểm lên 25.",
        "The province aims to attract 2 billion USD of foreign investment by 2030.",
        "Chieu nay troi mua to o nhieu noi, nguoi dan nen han che ra duong.",
        "Năm 2020, tỷ lệ hộ nghèo của tỉnh đã giảm còn 3,2%, thấp hơn so với cùng kỳ.",
    ],
)
def test_no_targets(text: str) -> None:
    doc = extractor.extract(text, doc_id="x")
    assert doc.doc_id == "x"
    assert doc.targets == []


def test_offsets_index_original_text_after_normalisation() -> None:
    # Decomposed Unicode, the other tone placement, an HTML entity and markdown before the target.
    text = unicodedata.normalize("NFD", "Uỷ ban &amp; **Sở Y tế**: ") + (
        "Phấn đấu đến năm 2030, tỷ lệ người dân có hồ sơ sức khoẻ điện tử đạt 95%."
    )
    doc = extractor.extract(text)
    assert doc.targets, doc
    for t in doc.targets:
        assert text[t.evidence.start:t.evidence.end] == t.evidence.text
    for e in doc.entities:
        assert text[e.start:e.end] == e.text
    t = doc.targets[0]
    assert (t.value.low, t.value.unit, t.metric, t.deadline.year) == (95, "%", "share", 2030)


def test_doc_id_defaults_to_a_stable_hash() -> None:
    a = extractor.extract("Đến năm 2030 có 50 xã đạt chuẩn nông thôn mới.")
    b = extractor.extract("Đến năm 2030 có 50 xã đạt chuẩn nông thôn mới.")
    assert a.doc_id == b.doc_id and len(a.doc_id) == 16


@pytest.mark.parametrize("bad", [None, b"bytes", 42, ["list"]])
def test_non_text_raises_extraction_error(bad) -> None:
    with pytest.raises(ExtractionError):
        extractor.extract(bad)


def test_pipe_keeps_order_and_ids() -> None:
    ex = Extractor()
    texts = [
        ("Đến năm 2030 có 50 xã đạt chuẩn.", "a"),
        ("", "b"),
        ("Phấn đấu thu hút 2 tỷ USD vốn FDI đến năm 2030.", "c"),
    ]
    docs = list(ex.pipe(texts, batch_size=2))
    assert [d.doc_id for d in docs] == ["a", "b", "c"]
    assert docs[2].targets[0].value.unit == "USD" and docs[2].targets[0].value.low == 2_000_000_000


def test_extract_blocks_gives_the_record_in_parts() -> None:
    para = "Phấn đấu đến năm 2030, toàn tỉnh có khoảng {n} hợp tác xã kiểu mới; tỷ lệ hộ dùng nước sạch đạt {p}%.\n\n"
    text = "UBND tỉnh Nghệ An vừa ban hành Kế hoạch số 12/KH-UBND.\n\n" + "".join(
        para.format(n=100 + i, p=50 + i % 40) for i in range(400))
    ex = Extractor(use_model=False, max_chars=5_000)
    parts = list(ex.extract_blocks(text, doc_id="long"))
    whole = ex.extract(text, doc_id="long")
    assert len(parts) > 5 and all(p.issuer == whole.issuer == "UBND tỉnh Nghệ An" for p in parts)
    # The same facts; the whole record states a fact repeated in two blocks once, the parts may twice.
    facts = {(t.metric, t.value.low, t.entity) for p in parts for t in p.targets}
    assert facts == {(t.metric, t.value.low, t.entity) for t in whole.targets}
    assert sum(len(p.targets) for p in parts) >= len(whole.targets) == len(facts)
    for p in parts:
        for t in p.targets:
            assert text[t.evidence.start:t.evidence.end] == t.evidence.text
