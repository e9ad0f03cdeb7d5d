"""Cited legal documents: kind, number and date."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.rules.documents import find_documents


def refs(text: str) -> list[tuple[str | None, str, str | None]]:
    return [(d.kind, d.number, d.date) for d in find_documents(text)]


@pytest.mark.parametrize(
    ("text", "kind", "number", "date"),
    [
        ("Quyết định số 295/QĐ-UBND ngày 13/9/2021 của UBND tỉnh", "Quyết định", "295/QĐ-UBND", "2021-09-13"),
        ("Quyết định số 295/QĐ-UBND ngày 13 tháng 9 năm 2021", "Quyết định", "295/QĐ-UBND", "2021-09-13"),
        ("Nghị quyết 115/NQ-CP", "Nghị quyết", "115/NQ-CP", None),
        ("Thông tư số 02/2021/TT-BYT", "Thông tư", "02/2021/TT-BYT", None),
        ("Thông tư 02/2021/TT-BYT", "Thông tư", "02/2021/TT-BYT", None),
        ("Nghị quyết số 21-NQ/TW", "Nghị quyết", "21-NQ/TW", None),
        ("Số: 165/KH-UBND", "Kế hoạch", "165/KH-UBND", None),
        ("Số 165/KH-UBND", "Kế hoạch", "165/KH-UBND", None),
        ("Số: 45/2023/NQ-HĐND", "Nghị quyết", "45/2023/NQ-HĐND", None),
        (
            "Căn cứ Nghị định số 38/2016/NĐ-CP ngày 15 tháng 5 năm 2016",
            "Nghị định",
            "38/2016/NĐ-CP",
            "2016-05-15",
        ),
        ("Quyết định số 546/QĐ-TTg của Thủ tướng", "Quyết định", "546/QĐ-TTg", None),
        ("Chỉ thị 05-CT/TW", "Chỉ thị", "05-CT/TW", None),
        ("Luật số 59/2020/QH14", "Luật", "59/2020/QH14", None),
        ("Kết luận số 14-KL/TW", "Kết luận", "14-KL/TW", None),
        ("Thông tư liên tịch số 01/2015/TTLT-BYT-BTC", "Thông tư liên tịch", "01/2015/TTLT-BYT-BTC", None),
        ("Quyết định 1234/QĐ-BNN-KH ngày 1/1/2022", "Quyết định", "1234/QĐ-BNN-KH", "2022-01-01"),
        ("Nghị quyết số 30-NQ/TU ngày 5/7/2022 của Tỉnh ủy", "Nghị quyết", "30-NQ/TU", "2022-07-05"),
        ("Nghị quyết số 45/2023/NQ-HĐND ngày 8/12/2023", "Nghị quyết", "45/2023/NQ-HĐND", "2023-12-08"),
        ("Công văn 123/UBND-KT", "Công văn", "123/UBND-KT", None),
        ("Theo Văn bản số 123/UBND-VX", "Văn bản", "123/UBND-VX", None),
        ("Báo cáo 45/BC-UBND", "Báo cáo", "45/BC-UBND", None),
        ("QUYẾT ĐỊNH SỐ 295/QĐ-UBND", "Quyết định", "295/QĐ-UBND", None),
        ("Căn cứ quyết định số 295/QĐ-UBND", "Quyết định", "295/QĐ-UBND", None),
        ("quyet dinh so 295/QD-UBND ngay 13/9/2021", "Quyết định", "295/QD-UBND", "2021-09-13"),
        # The date in words, in capitals or without diacritics.
        ("Kế hoạch số 77/KH-UBND Ngày 20 Tháng 3 Năm 2025", "Kế hoạch", "77/KH-UBND", "2025-03-20"),
        ("ke hoach so 77/KH-UBND ngay 20 thang 3 nam 2025", "Kế hoạch", "77/KH-UBND", "2025-03-20"),
        ("295/QĐ-UBND", "Quyết định", "295/QĐ-UBND", None),
    ],
)
def test_cited_document(text: str, kind: str, number: str, date: str | None) -> None:
    assert refs(text) == [(kind, number, date)]


def test_span_covers_kind_and_number_without_date() -> None:
    text = "Thực hiện Quyết định số 295/QĐ-UBND ngày 13/9/2021 của UBND tỉnh"
    (d,) = find_documents(text)
    assert text[d.start : d.end] == "Quyết định số 295/QĐ-UBND"


def test_several_documents_in_order() -> None:
    text = "Theo Quyết định số 295/QĐ-UBND và Nghị quyết 115/NQ-CP, Kế hoạch số 12/KH-UBND"
    assert refs(text) == [
        ("Quyết định", "295/QĐ-UBND", None),
        ("Nghị quyết", "115/NQ-CP", None),
        ("Kế hoạch", "12/KH-UBND", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Tỷ lệ đạt 50% trước 31/12/2025",
        "Đạt 50% vào 12/2025",
        "Có 295/1000 hộ",
        "Bệnh nhân COVID-19 giảm",
        "Đường ĐT-741 dài 50 km",
        "giai đoạn 2021 - 2025",
        "",
    ],
)
def test_no_document(text: str) -> None:
    assert refs(text) == []


# --- only the pieces of text that can hold a citation are scanned (spans.scan_pieces) ----------------------

_KINDS = st.sampled_from(["Quyết định", "quyết định", "QUYẾT ĐỊNH", "Nghị quyết liên tịch", "Thông tư", "Kế hoạch",
                          "Quyet dinh", "x"])
_NUMBERS = st.sampled_from(["15/2024/NĐ-CP", "102/KH-UBND", "7-CT/TU", "45/2023/NQ-HĐND", "2025/", "09-", "1/QĐ",
                            "75/KH- UBND", "3/ KH-UB", "12/3/2025"])
_CITATION = st.tuples(_KINDS, st.sampled_from([" ", "  ", " số ", " số: ", " Số:", " số : ", " liên tịch số "]),
                      _NUMBERS,
                      st.sampled_from(["", " ngày 12/3/2025", " ngày 5 tháng 4 năm 2026", " ngày 1 / 2 / 2024"]))
_FILLER = st.sampled_from(["và", "tỉnh", "Sở", "(", ")", ",", ";", ".", ":", "\u00a0", "  ", "/", "-", "&", "1", "QĐ",
                           "Số:", "số", "\n", "\t", "“", "”"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_CITATION.map("".join), _FILLER), max_size=14),
       st.lists(st.sampled_from([" ", "", "  ", "\n"]), min_size=14, max_size=14))
def test_scanning_only_the_pieces_with_a_number_finds_every_citation_a_full_scan_finds(
        parts: list[str], gaps: list[str]) -> None:
    from extractor.rules import documents
    from extractor.text.spans import scan

    text = "".join(p + gap for p, gap in zip(parts, gaps, strict=False))
    cited, bare, _, words_only = documents._patterns()
    assert words_only  # the data files' words are letters and spaces: the piece scan is the one in use
    for pattern in (cited, bare):
        assert [m.span() for m in documents._scan(pattern, text, True)] == [m.span() for m in scan(pattern, text)]
