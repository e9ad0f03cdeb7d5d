"""Tables as PDF and Word extraction flatten them, on tables we wrote: one table in the four forms (pipes, tabs,
` | | ` runs, a cell a line between `|` lines) must read the same; header words name the roles and years;
a table without a header is inferred from its cells; text that is not a table gives none."""

from __future__ import annotations

import textwrap

import pytest

from extractor.text.normalize import fold
from extractor.text.tables import MAX_COLUMNS, Table, find_tables

HEADER = ["STT", "Chỉ tiêu", "Đơn vị tính", "Hiện trạng năm 2024", "Mục tiêu 2027", "Mục tiêu 2030",
          "Cơ quan chủ trì"]
EXPECTED_COLUMNS = [
    ("STT", "ordinal", None), ("Chỉ tiêu", "indicator", None), ("Đơn vị tính", "unit", None),
    ("Hiện trạng năm 2024", "baseline", 2024), ("Mục tiêu 2027", "target", 2027), ("Mục tiêu 2030", "target", 2030),
    ("Cơ quan chủ trì", "agency", None),
]
# A group row is (ordinal, title); a data row fills every column.
BODY: list[list[str]] = [
    ["I", "Hạ tầng thủy lợi"],
    ["1", "Diện tích đất canh tác được tưới tiêu chủ động bằng kênh bê tông hóa", "ha", "12.400", "15.000",
     "18.500", "Sở Nông nghiệp và Môi trường"],
    ["2", "Số hồ chứa được lắp thiết bị quan trắc mực nước tự động", "hồ", "14", "40", "75",
     "Công ty Khai thác công trình thủy lợi tỉnh"],
    ["II", "Du lịch nông thôn"],
    ["3", "Lượt khách đến các điểm du lịch cộng đồng trong năm", "nghìn lượt", "310", "450", "700",
     "Sở Văn hóa, Thể thao và Du lịch"],
    ["4", "Tỷ lệ hộ làm du lịch cộng đồng được tập huấn kỹ năng phục vụ khách", "%", "35", "60", "90",
     "Ủy ban nhân dân các xã vùng đồi"],
]
BEFORE = "Các chỉ tiêu của Kế hoạch được giao tại bảng sau:\n\n"
AFTER = "\n\nCác sở, ngành báo cáo kết quả thực hiện trước ngày 10 tháng 12 hằng năm."


def pipes(rows: list[list[str]], separator: bool = True) -> str:
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    if separator:
        lines.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join(lines)


def tabs(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(r) for r in rows)


def runs(rows: list[list[str]], one_line: bool = False) -> str:
    return (" " if one_line else "\n").join(" | | ".join(r) + " |" for r in rows)


def cell_lines(rows: list[list[str]], width: int = 28) -> str:
    """Word's way: each cell on its own lines (hard-wrapped at `width`) between lines holding only `|`."""
    out = []
    for r in rows:
        cells = ["\n".join(textwrap.wrap(c, width)) or c for c in r]
        out.append("|\n" + "\n|\n".join(cells) + "\n|")
    return "\n".join(out)


RENDER = {"pipes": pipes, "tabs": tabs, "runs": runs, "cell_lines": cell_lines}


def document(form: str, rows: list[list[str]] | None = None) -> str:
    return BEFORE + RENDER[form](rows or [HEADER, *BODY]) + AFTER


def only_table(text: str) -> Table:
    tables = find_tables(text)
    assert len(tables) == 1, tables
    return tables[0]


def columns(table: Table) -> list[tuple[str, str, int | None]]:
    return [(c.header, c.role, c.year) for c in table.columns]


def row_texts(table: Table) -> list[tuple[str | None, list[str | None]]]:
    return [(r.label, [c.text if c else None for c in r.cells]) for r in table.rows]


def expected_rows(body: list[list[str]], width: int) -> list[tuple[str | None, list[str | None]]]:
    out = []
    for r in body:
        label = f"{r[0]}. {r[1]}" if len(r) == 2 else None
        out.append((label, r + [None] * (width - len(r))))
    return out


# ---------------------------------------------------------------------------------------------- four forms


@pytest.mark.parametrize("form", sorted(RENDER))
def test_each_form_is_read_as_its_form_with_the_header_roles_and_years(form: str) -> None:
    table = only_table(document(form))
    assert table.form == form
    assert table.header
    assert columns(table) == EXPECTED_COLUMNS


@pytest.mark.parametrize("form", sorted(RENDER))
def test_each_form_gives_the_rows_group_labels_and_cell_texts(form: str) -> None:
    assert row_texts(only_table(document(form))) == expected_rows(BODY, len(HEADER))


@pytest.mark.parametrize("form", sorted(RENDER))
def test_cell_offsets_cover_the_cell_text_in_the_callers_string(form: str) -> None:
    text = document(form)
    table = only_table(text)
    for row in table.rows:
        assert row.start <= row.end
        for cell in row.cells:
            if cell is not None:
                assert " ".join(text[cell.start:cell.end].split()) == cell.text
                assert table.start <= cell.start < cell.end <= table.end


@pytest.mark.parametrize("form", sorted(RENDER))
def test_the_table_span_leaves_the_paragraphs_around_it_out(form: str) -> None:
    text = document(form)
    table = only_table(text)
    assert table.start == len(BEFORE)
    assert text[table.end:] == AFTER


def test_the_four_forms_read_the_same() -> None:
    read = [(columns(t), row_texts(t)) for t in (only_table(document(f)) for f in sorted(RENDER))]
    assert all(r == read[0] for r in read[1:])


def test_runs_on_one_line_read_as_runs_one_row_a_line() -> None:
    one = only_table(BEFORE + runs([HEADER, *BODY], one_line=True) + AFTER)
    assert one.form == "runs"
    assert columns(one) == EXPECTED_COLUMNS
    assert row_texts(one) == expected_rows(BODY, len(HEADER))


def test_pipes_without_a_separator_line_read_the_same() -> None:
    bare = only_table(BEFORE + pipes([HEADER, *BODY], separator=False) + AFTER)
    assert (columns(bare), row_texts(bare)) == (EXPECTED_COLUMNS, expected_rows(BODY, len(HEADER)))


def test_runs_with_a_leading_bar_are_pipes_with_spacer_columns_dropped() -> None:
    text = "\n".join("| " + " | | ".join(r) + " |" for r in [HEADER, *BODY])
    table = only_table(text)
    assert columns(table) == EXPECTED_COLUMNS
    assert row_texts(table) == expected_rows(BODY, len(HEADER))


def test_data_rows_know_the_group_row_above_them() -> None:
    table = only_table(document("pipes"))
    groups = [(r.label, r.group) for r in table.rows]
    assert groups == [("I. Hạ tầng thủy lợi", None), (None, "I. Hạ tầng thủy lợi"), (None, "I. Hạ tầng thủy lợi"),
                      ("II. Du lịch nông thôn", None), (None, "II. Du lịch nông thôn"),
                      (None, "II. Du lịch nông thôn")]


# ---------------------------------------------------------------------------------------------- headers

TWO_ROW_BODY = [
    ["1", "Số thư viện xã có phòng đọc điện tử", "thư viện", "22", "60", "140"],
    ["2", "Tỷ lệ trường học có tủ sách dùng chung", "%", "48", "75", "100"],
]
TWO_ROW_COLUMNS = [("STT", "ordinal", None), ("Chỉ tiêu", "indicator", None), ("ĐVT", "unit", None),
                   ("Hiện trạng 2023", "baseline", 2023), ("Mục tiêu 2026", "target", 2026),
                   ("Mục tiêu 2030", "target", 2030)]


def test_a_parent_header_over_a_row_of_years_in_pipes() -> None:
    text = pipes([["STT", "Chỉ tiêu", "ĐVT", "Hiện trạng 2023", "Mục tiêu", ""],
                  ["", "", "", "", "2026", "2030"], *TWO_ROW_BODY])
    table = only_table(text)
    assert columns(table) == TWO_ROW_COLUMNS
    assert [r.cells[0].text for r in table.rows] == ["1", "2"]


def test_a_parent_header_over_a_row_of_years_as_word_gives_it() -> None:
    # Word leaves out the cells a merge covers: the parent row has five cells, the years row two.
    text = cell_lines([["STT", "Chỉ tiêu", "ĐVT", "Hiện trạng 2023", "Mục tiêu"], ["2026", "2030"], *TWO_ROW_BODY])
    table = only_table(text)
    assert columns(table) == TWO_ROW_COLUMNS
    assert [c.text for c in table.rows[1].cells if c] == TWO_ROW_BODY[1]


@pytest.mark.parametrize("header,role,year", [
    ("Chỉ tiêu năm 2026", "target", 2026),
    ("Đến năm 2030", "target", 2030),
    ("Kế hoạch 2027", "target", 2027),
    ("Ước thực hiện 2025", "baseline", 2025),
    ("Thực hiện giai đoạn 2021-2025", "baseline", 2025),
    ("Tên chỉ tiêu", "indicator", None),
    ("Nội dung", "indicator", None),
    ("ĐVT", "unit", None),
    ("Đơn vị chủ trì", "agency", None),
    ("Cơ quan thực hiện", "agency", None),
    ("Cơ quan phối hợp", "partner", None),
    ("Thời gian hoàn thành", "deadline", None),
    ("Thời hạn", "deadline", None),
    ("Sản phẩm đầu ra", "output", None),
    ("Ghi chú", "other", None),
])
def test_a_header_word_names_the_role_and_year(header: str, role: str, year: int | None) -> None:
    table = only_table(pipes([["TT", "Chỉ tiêu", header], ["1", "Số hợp tác xã có sàn giao dịch", "35"],
                              ["2", "Số sản phẩm được chứng nhận an toàn", "120"]]))
    assert columns(table)[2] == (header, role, year)


def test_a_year_alone_beside_a_target_column_is_history() -> None:
    table = only_table(tabs([["STT", "Chỉ tiêu", "Năm 2022", "Kế hoạch 2026"],
                             ["1", "Số xã có chợ nông sản đạt chuẩn", "18", "30"],
                             ["2", "Số làng nghề được công nhận", "7", "12"]]))
    assert [(c.role, c.year) for c in table.columns[2:]] == [("baseline", 2022), ("target", 2026)]


@pytest.mark.parametrize("doc_year,roles", [(None, ["target", "target"]), (2024, ["baseline", "target"])])
def test_years_alone_are_settled_by_the_documents_year(doc_year: int | None, roles: list[str]) -> None:
    text = pipes([["STT", "Chỉ tiêu", "2023", "2026"], ["1", "Số bến thủy nội địa được nâng cấp", "9", "16"],
                  ["2", "Số tuyến xe buýt liên huyện", "11", "19"]])
    (table,) = find_tables(text, doc_year=doc_year)
    assert [c.role for c in table.columns[2:]] == roles
    assert [c.year for c in table.columns[2:]] == [2023, 2026]


def test_a_row_of_column_numbers_under_the_header_is_not_data() -> None:
    table = only_table(pipes([["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu 2028"], ["(1)", "(2)", "(3)", "(4)"],
                              ["1", "Số điểm phát wifi công cộng", "điểm", "250"],
                              ["2", "Số bệnh viện có bệnh án điện tử", "bệnh viện", "12"]]))
    assert [r.cells[0].text for r in table.rows] == ["1", "2"]


def test_a_caption_row_above_the_header_is_skipped() -> None:
    table = only_table(cell_lines([["Biểu 2. Chỉ tiêu phát triển giao thông"], ["TT", "Chỉ tiêu", "Mục tiêu 2029"],
                                   ["1", "Chiều dài đường huyện được nhựa hóa (km)", "420"],
                                   ["2", "Số cầu dân sinh được xây mới", "36"]]))
    assert columns(table) == [("TT", "ordinal", None), ("Chỉ tiêu", "indicator", None),
                              ("Mục tiêu 2029", "target", 2029)]
    assert len(table.rows) == 2


@pytest.mark.parametrize("form", sorted(RENDER))
def test_diacritic_free_headers_name_the_same_roles_and_years(form: str) -> None:
    table = only_table(fold(document(form)))
    assert columns(table) == [(fold(h), role, year) for h, role, year in EXPECTED_COLUMNS]
    assert [r.label for r in table.rows] == [fold(lab) if lab else None for lab, _ in expected_rows(BODY, 7)]


# ---------------------------------------------------------------------------------------------- no header

STATEMENTS = [
    ["1", "Đến năm 2028, 95% hồ sơ đất đai được số hóa và cập nhật vào cơ sở dữ liệu của tỉnh",
     "Sở Nông nghiệp và Môi trường"],
    ["2", "Mỗi năm giảm ít nhất 8% số vụ tai nạn giao thông trên các tuyến quốc lộ qua địa bàn", "Công an tỉnh"],
    ["3", "Có tối thiểu 70% doanh nghiệp nhỏ và vừa tham gia sàn thương mại điện tử của tỉnh",
     "Sở Công Thương"],
    ["4", "Toàn bộ trạm y tế xã thực hiện khám chữa bệnh bảo hiểm y tế bằng căn cước", "UBND các huyện"],
]


@pytest.mark.parametrize("form", sorted(RENDER))
def test_a_table_without_header_infers_ordinal_statement_and_body(form: str) -> None:
    table = only_table(BEFORE + RENDER[form](STATEMENTS) + AFTER)
    assert not table.header
    assert [c.role for c in table.columns] == ["ordinal", "indicator", "agency"]
    assert [c.header for c in table.columns] == ["", "", ""]
    assert [[c.text for c in r.cells if c] for r in table.rows] == STATEMENTS


def test_a_first_row_in_words_we_do_not_know_heads_the_inferred_columns() -> None:
    words = ["Số hiệu", "Việc cần làm", "Người đứng đầu"]
    table = only_table(pipes([words, *STATEMENTS]))
    assert not table.header
    assert [(c.header, c.role) for c in table.columns] == [("Số hiệu", "ordinal"), ("Việc cần làm", "indicator"),
                                                            ("Người đứng đầu", "agency")]
    assert [r.cells[0].text for r in table.rows] == ["1", "2", "3", "4"]


def test_a_group_row_first_is_not_taken_for_a_header() -> None:
    table = only_table(cell_lines([["I", "Đất đai và tài nguyên"], *STATEMENTS]))
    assert [r.label for r in table.rows] == ["I. Đất đai và tài nguyên", None, None, None, None]


def test_a_second_body_column_without_header_takes_part() -> None:
    rows = [r + ["Sở Tài chính; Sở Nội vụ"] for r in STATEMENTS]
    table = only_table(tabs(rows))
    assert [c.role for c in table.columns] == ["ordinal", "indicator", "agency", "partner"]


# ---------------------------------------------------------------------------------------------- cells

def test_a_cell_over_several_lines_is_one_cell_with_single_spaces() -> None:
    text = ("|\nTT\n|\nNội dung\n|\nCơ quan chủ trì\n|\n|\n1\n|\nXây dựng bản đồ số\nvùng trồng cây ăn quả\n"
            "có mã số vùng trồng\n|\nTrung tâm Khuyến nông\ntỉnh\n|\n|\n2\n|\nCấp mã số cho 40 vùng nuôi tôm\n|\n"
            "Chi cục Thủy sản\n|")
    table = only_table(text)
    cell = table.rows[0].cells[1]
    assert cell is not None
    assert cell.text == "Xây dựng bản đồ số vùng trồng cây ăn quả có mã số vùng trồng"
    assert text[cell.start:cell.end].count("\n") == 2
    assert table.rows[0].cells[2].text == "Trung tâm Khuyến nông tỉnh"


def test_a_hard_wrapped_row_in_pipes_joins_the_row_above() -> None:
    text = pipes([["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu 2027"],
                  ["1", "Tỷ lệ hộ dân vùng ven biển được dùng", "%", "85"],
                  ["", "nước sạch theo quy chuẩn", "", ""],
                  ["2", "Số công trình cấp nước được cải tạo", "công trình", "24"]])
    table = only_table(text)
    assert len(table.rows) == 2
    cell = table.rows[0].cells[1]
    assert cell.text == "Tỷ lệ hộ dân vùng ven biển được dùng nước sạch theo quy chuẩn"
    assert "nước sạch" in text[cell.start:cell.end]


def test_bold_markers_of_word_cells_are_not_cell_text() -> None:
    text = "|\n**STT**\n|\n**Tên nhiệm\nvụ**\n|\n**Thời hạn**\n|\n|\n**A. KINH TẾ BIỂN**\n|\n|\n1\n|\n" \
           "Lập quy hoạch cảng cá\n|\n2027\n|\n|\n2\n|\nNạo vét luồng lạch\n|\n2028\n|"
    table = only_table(text)
    assert columns(table) == [("STT", "ordinal", None), ("Tên nhiệm vụ", "indicator", None),
                              ("Thời hạn", "deadline", None)]
    assert table.rows[0].label == "A. KINH TẾ BIỂN"
    assert [r.group for r in table.rows[1:]] == ["A. KINH TẾ BIỂN"] * 2


def test_a_group_row_written_in_one_cell() -> None:
    body = [["STT", "Chỉ tiêu", "Mục tiêu 2026", "Mục tiêu 2030"], ["A. Chỉ tiêu xã hội", "", "", ""],
            ["1", "Số bác sĩ trên một vạn dân", "12", "15"], ["B. Chỉ tiêu môi trường", "", "", ""],
            ["2", "Tỷ lệ chất thải rắn đô thị được thu gom", "96", "100"]]
    table = only_table(pipes(body))
    assert [r.label for r in table.rows] == ["A. Chỉ tiêu xã hội", None, "B. Chỉ tiêu môi trường", None]
    assert table.rows[3].group == "B. Chỉ tiêu môi trường"


def test_two_tables_separated_by_a_paragraph_are_two() -> None:
    first = cell_lines(STATEMENTS)
    second = pipes([HEADER, *BODY])
    text = first + "\n\nGhi chú: số liệu năm 2024 là số ước tính.\n\n" + second
    tables = find_tables(text)
    assert [t.form for t in tables] == ["cell_lines", "pipes"]
    assert tables[0].end <= text.index("Ghi chú") < tables[1].start


def test_text_right_after_the_last_bar_line_is_not_a_cell() -> None:
    text = cell_lines(STATEMENTS) + "\nNguồn: tổng hợp của Văn phòng."
    table = only_table(text)
    assert table.end < text.index("Nguồn")
    assert all("Nguồn" not in (c.text if c else "") for r in table.rows for c in r.cells)


# ---------------------------------------------------------------------------------------------- not tables

SIGNATURE = ("|\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n|\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"
             "Lê Văn Minh\n|")
LETTERHEAD = ("|\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\n-------\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "Độc lập - Tự do - Hạnh phúc\n|\n|\nSố: 41/KH-UBND\n|\nQuảng Trị, ngày 3 tháng 2 năm 2026\n|")


@pytest.mark.parametrize("text", [
    "Tỉnh phấn đấu đến năm 2030 có 80% xã đạt chuẩn nông thôn mới nâng cao.\n\nCác sở, ngành triển khai "
    "theo chức năng, nhiệm vụ được giao.",
    "Cập nhật lúc 09:12 | Thứ hai, 02/03/2026",
    SIGNATURE,
    LETTERHEAD,
    "Nơi nhận:\tTM. ỦY BAN NHÂN DÂN\n- Như Điều 3;\tCHỦ TỊCH\n- Lưu: VT.\tNguyễn Văn An",
    "Trang chủ | Tin tức | Kinh tế\nXã hội | Văn hóa | Thể thao",
    "",
], ids=["paragraphs", "one-bar", "signature", "letterhead", "tab-signature", "menu", "empty"])
def test_text_that_is_not_a_table_gives_none(text: str) -> None:
    assert find_tables(text) == []


def test_more_columns_than_a_table_can_have_is_not_a_table() -> None:
    wide = [["STT", "Chỉ tiêu", *[f"Năm {2000 + i}" for i in range(MAX_COLUMNS)]],
            ["1", "Số hộ nghèo", *["5"] * MAX_COLUMNS], ["2", "Số hộ cận nghèo", *["7"] * MAX_COLUMNS]]
    assert find_tables(pipes(wide)) == []


# ---------------------------------------------------------------------------------------------- size


def test_a_generated_200_kb_table_reads_every_row() -> None:
    header = ["STT", "Chỉ tiêu", "Đơn vị tính", "Hiện trạng 2024", "Mục tiêu 2030", "Cơ quan chủ trì"]
    body = [[str(i), f"Số hộ được hỗ trợ chuyển đổi nghề ở khu vực {i}", "hộ", str(i * 3), str(i * 5),
             "Sở Nội vụ"] for i in range(1, 2600)]
    text = pipes([header, *body])
    assert len(text) > 200_000
    (table,) = find_tables(text)
    assert len(table.rows) == len(body)
    assert table.rows[-1].cells[4].text == str(2599 * 5)


@pytest.mark.parametrize("unit", ["|", "| ", "|\n", "a | | ", "a |\n", "| a |\n|---|\n", "\t|", "|\n|\nx\n"])
def test_a_megabyte_of_bars_finishes_without_a_table(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    assert find_tables(text) == []
