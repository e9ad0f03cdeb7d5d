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


def test_a_numeric_doc_id_is_kept_as_text_by_every_entry_point() -> None:
    # An id column read by pandas is often int: extract, extract_blocks and pipe all give the record its text.
    ex = Extractor(use_model=False)
    text = "Đến năm 2030 có 50 xã đạt chuẩn nông thôn mới."
    assert ex.extract(text, doc_id=7).doc_id == "7"
    assert [p.doc_id for p in ex.extract_blocks(text, doc_id=7)] == ["7"]
    assert [d.doc_id for d in ex.pipe([(text, 7)])] == ["7"]


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


_BATCH = [
    "UBND TỈNH HÀ GIANG\n\nKẾ HOẠCH\n\nPhấn đấu đến năm 2028 có 45 hợp tác xã nông nghiệp kiểu mới. Giao Sở "
    "Nông nghiệp và Môi trường chủ trì.",
    "Bà Lò Thị Hoa, Giám đốc Sở Y tế tỉnh Điện Biên, cho biết tỉnh phấn đấu đến năm 2030 đạt 35 giường bệnh "
    "trên một vạn dân.",
    "",
    "Quyết định số 118/QĐ-UBND ngày 3/4/2025 của UBND tỉnh Cao Bằng đặt mục tiêu trồng mới 1.200 ha rừng.",
]


def test_pipe_primes_the_model_per_batch_and_gives_the_records_extract_gives() -> None:
    ex = extractor.get_extractor()
    one_by_one = [ex.extract(t, doc_id=str(i)).model_dump_json() for i, t in enumerate(_BATCH)]
    for size in (1, 2, 32):
        piped = [d.model_dump_json() for d in ex.pipe([(t, str(i)) for i, t in enumerate(_BATCH)], batch_size=size)]
        assert piped == one_by_one
    assert any(e.label == "PER" for e in ex.extract(_BATCH[1]).entities)  # the model did run


def test_a_primed_text_that_is_never_extracted_changes_nothing() -> None:
    ex = extractor.get_extractor()
    before = ex.extract(_BATCH[3]).model_dump_json()
    ex.prime(_BATCH[:2])
    assert ex.extract(_BATCH[3]).model_dump_json() == before
    ex.prime([])  # a new batch drops what the last one left
    assert ex.extract(_BATCH[0]).model_dump_json() == ex.extract(_BATCH[0]).model_dump_json()


def test_pipe_with_a_bad_item_raises_at_that_item() -> None:
    out = extractor.get_extractor().pipe([_BATCH[0], 42, _BATCH[1]], batch_size=8)  # type: ignore[list-item]
    assert next(out).targets
    with pytest.raises(ExtractionError):
        next(out)
