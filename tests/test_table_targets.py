"""Targets read from an annex table we wrote, in the four flattened forms documents arrive in."""

from __future__ import annotations

import pytest

import extractor
from extractor.text.normalize import fold

HEAD = ("UBND TỈNH QUẢNG TRỊ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Số: 45/KH-UBND\n\nKẾ HOẠCH\nPhát triển thủy sản bền vững giai đoạn 2026 - 2030\n\n"
        "PHỤ LỤC\nCÁC CHỈ TIÊU CHỦ YẾU\n\n")
HEADER = ["TT", "Chỉ tiêu", "Đơn vị tính", "Hiện trạng 2025", "Mục tiêu 2028", "Mục tiêu 2030", "Cơ quan chủ trì"]
ROWS = [
    ["1", "Sản lượng nuôi trồng thủy sản", "tấn", "12.000", "15.000", "18.500", "Sở Nông nghiệp và Môi trường"],
    ["2", "Tỷ lệ cơ sở nuôi đạt chứng nhận VietGAP", "%", "20", "35", "50", "Chi cục Thủy sản"],
    ["3", "Số tàu cá lắp thiết bị giám sát hành trình", "chiếc", "900", "1.100", "1.250",
     "Sở Nông nghiệp và Môi trường"],
]


def pipes() -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in ROWS]) + "\n"


def tabs() -> str:
    return "\n".join("\t".join(r) for r in [HEADER, *ROWS]) + "\n"


def runs() -> str:
    return "\n".join(" | | ".join(r) + " |" for r in [HEADER, *ROWS]) + "\n"


def cell_lines() -> str:
    out = ["|"]
    for r in [HEADER, *ROWS]:
        for cell in r:
            out += [cell, "|"]
        out.append("|")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("form", [pipes, tabs, runs, cell_lines])
def test_each_target_cell_is_one_target_with_the_columns_meaning(form) -> None:  # noqa: ANN001
    doc = extractor.extract(HEAD + form())
    got = {(t.entity, t.value.low, t.deadline.year): t for t in doc.targets}
    for _, indicator, unit, base, aim28, aim30, body in ROWS:
        for value, year in ((aim28, 2028), (aim30, 2030)):
            number = float(value.replace(".", ""))
            t = got.get((indicator, number, year))
            assert t is not None, f"{indicator} {value} {year} missing from {sorted(got)}"
            assert t.value.unit == unit and t.agency == body and t.agency_source == "table"
            assert t.location == "Quảng Trị"
            assert t.metric == ("share" if unit == "%" else "count" if unit == "chiếc" else "amount")
        assert all(t.value.low != float(base.replace(".", "")) for t in doc.targets), "a baseline is history"


def test_the_table_without_diacritics_reads_the_same() -> None:
    doc = extractor.extract(fold(HEAD + pipes()))
    years = sorted((t.value.low, t.deadline.year) for t in doc.targets if t.value.unit == "%")
    assert years == [(35, 2028), (50, 2030)]
    # No gazetteer knows "Thủy sản": the name stays as the text writes it rather than half restored.
    assert {t.agency for t in doc.targets if t.value.unit == "%"} == {"Chi cuc Thuy san"}


def test_a_statement_table_reads_its_sentences_with_the_row_body() -> None:
    text = (HEAD + "|\nTT\n|\nChỉ tiêu\n|\nChủ trì\n|\n|\n1\n|\nTỷ lệ hồ sơ thủ tục hành chính được số hóa đạt\n"
            "90%.\n|\nVăn phòng UBND tỉnh\n|\n|\n2\n|\nTỷ lệ người dân có tài khoản định danh điện tử đạt 85%.\n|\n"
            "Công an tỉnh\n|\n|\n3\n|\nTỷ lệ xã có điểm truy cập Internet công cộng đạt 100%.\n|\n"
            "Sở Khoa học và Công nghệ chủ trì; các sở phối hợp\n|\n")
    doc = extractor.extract(text)
    by_value = {t.value.low: t for t in doc.targets}
    assert by_value[90].agency == "Văn phòng UBND tỉnh"
    assert by_value[85].agency == "Công an tỉnh"
    assert by_value[100].agency == "Sở Khoa học và Công nghệ"
    assert by_value[90].entity.replace("\n", " ").startswith("Tỷ lệ hồ sơ thủ tục hành chính")


def test_the_review_page_shows_the_outline_the_table_and_why_each_agency() -> None:
    from extractor.app.review import render_review

    text = HEAD + cell_lines()
    page = render_review(text, extractor.extract(text))
    structure = page[page.index("<h2>Structure</h2>"):page.index("<h2>Text</h2>")]
    assert "PHỤ LỤC CÁC CHỈ TIÊU CHỦ YẾU" in structure and "Table 1 (cell_lines)" in structure
    assert "<small>target 2030</small>" in structure and "<small>baseline 2025</small>" in structure
    targets = page[page.index("<h2>Targets</h2>"):page.index("<h2>Structure</h2>")]
    assert targets.count("<td>table</td>") == 6
