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


@pytest.mark.parametrize("form", [pipes, tabs])
def test_a_rows_ordinal_is_no_value_even_under_an_aim_heading(form) -> None:  # noqa: ANN001
    """"TT" numbers the rows: under a heading that dates an aim ("… ĐẾN NĂM 2030") the row's sentence is an
    aim, and its ordinal would read as a count ("1 Sản lượng …"). The table's targets are its target cells."""
    text = HEAD.replace("CÁC CHỈ TIÊU CHỦ YẾU", "CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2030") + form()
    targets = extractor.extract(text).targets
    assert len(targets) == 2 * len(ROWS)
    assert not {t.value.low for t in targets} & {1, 2, 3}


@pytest.mark.parametrize("fold_it", [False, True])
def test_a_unit_cell_is_read_whatever_its_case_and_marks(fold_it: bool) -> None:
    """"Tấn", "Ha", "Phần trăm" in a unit column are the lexicon's units: an amount in tấn and ha, a share."""
    table = ("| TT | Chỉ tiêu | Đơn vị tính | Mục tiêu 2030 |\n|---|---|---|---|\n"
             "| 1 | Sản lượng cà phê nhân | Tấn | 9.000 |\n| 2 | Diện tích trồng mới cây dược liệu | Ha | 350 |\n"
             "| 3 | Độ che phủ rừng | Phần trăm | 48 |\n")
    text = HEAD + table
    got = {t.value.low: (t.value.unit, t.metric) for t in extractor.extract(fold(text) if fold_it else text).targets}
    f = fold if fold_it else (lambda x: x)
    assert got == {9000: (f("tấn"), "amount"), 350: ("ha", "amount"), 48: ("%", "share")}
