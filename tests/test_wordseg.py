"""Word segmentation with offsets (underthesea), and the counted nouns it finds for the target stage."""

from __future__ import annotations

import pytest

import extractor
from extractor.text.wordseg import first_word, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hợp tác xã kiểu mới", "hợp tác xã"),
        ("ki-ốt bán hàng tại chợ", "ki-ốt"),
        ("mô hình điểm về nông thôn mới", "mô hình"),
        ("  doanh nghiệp khởi nghiệp", "doanh nghiệp"),
        ("123 abc", None),
        ("", None),
    ],
)
def test_first_word(text: str, expected: str | None) -> None:
    assert first_word(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Sở Kế hoạch và Đầu tư chủ trì, phối hợp", "hợp  tác\nxã kiểu mới", "Tỷ lệ hộ nghèo giảm 1,5%/năm."],
)
def test_word_offsets_index_the_text(text: str) -> None:
    spans = words(text)
    assert spans and all(0 <= s < e <= len(text) for s, e in spans)
    assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:], strict=False))  # in order, not overlapping
    assert all(text[s:e].strip() == text[s:e] for s, e in spans)


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("Phấn đấu đến năm 2030, xây dựng mới 20 ki-ốt bán hàng tại các chợ nông thôn.", "ki-ốt", 20),
        ("Mục tiêu đến năm 2028 có 35 sản phẩm OCOP đạt 4 sao.", "sản phẩm OCOP", 35),
    ],
)
def test_counted_noun_of_a_target(text: str, unit: str, value: int) -> None:
    t = extractor.extract(text).targets[0]
    assert (t.metric, t.value.low, t.value.unit) == ("count", value, unit)
