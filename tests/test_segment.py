"""Paragraphs, sentences and clauses as spans of the text."""

from __future__ import annotations

import pytest

from extractor.text.segment import clauses, paragraphs, sentences


def para_texts(text: str) -> list[tuple[str, str]]:
    return [(p.marker, text[p.body : p.end]) for p in paragraphs(text)]


def sentence_texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentences(text, paragraphs(text))]


def clause_texts(text: str) -> list[str]:
    sents = sentences(text, paragraphs(text))
    return [text[c.start : c.end] for c in clauses(text, sents)]


# --- paragraphs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mục tiêu:\na) Tỷ lệ hộ nghèo giảm 1%;\nb) Tỷ lệ che phủ rừng đạt 45%.",
            [("", "Mục tiêu:"), ("a)", "Tỷ lệ hộ nghèo giảm 1%;"), ("b)", "Tỷ lệ che phủ rừng đạt 45%.")],
        ),
        (
            "Các chỉ tiêu chủ yếu:\n- Tăng trưởng 7%.\n- Thu ngân sách đạt 10.000 tỷ đồng.",
            [
                ("", "Các chỉ tiêu chủ yếu:"),
                ("-", "Tăng trưởng 7%."),
                ("-", "Thu ngân sách đạt 10.000 tỷ đồng."),
            ],
        ),
        ("1. Mục tiêu chung\n2. Mục tiêu cụ thể", [("1.", "Mục tiêu chung"), ("2.", "Mục tiêu cụ thể")]),
        (
            "Điều 1. Phê duyệt Kế hoạch.\nĐiều 2. Tổ chức thực hiện.",
            [("Điều 1.", "Phê duyệt Kế hoạch."), ("Điều 2.", "Tổ chức thực hiện.")],
        ),
        ("ĐIỀU 1. Phê duyệt.", [("ĐIỀU 1.", "Phê duyệt.")]),
        ("II. Nhiệm vụ\nIII. Giải pháp", [("II.", "Nhiệm vụ"), ("III.", "Giải pháp")]),
        ("(1) Mục một;\n(2) Mục hai.", [("(1)", "Mục một;"), ("(2)", "Mục hai.")]),
        ("+ Ý thứ nhất\n• Ý thứ hai", [("+", "Ý thứ nhất"), ("•", "Ý thứ hai")]),
        ("1.1. Mục con\n1.2. Mục con khác", [("1.1.", "Mục con"), ("1.2.", "Mục con khác")]),
        ("Chương II. Tổ chức\nMục 1. Chung", [("Chương II.", "Tổ chức"), ("Mục 1.", "Chung")]),
        ("Đoạn một.\n\nĐoạn hai.", [("", "Đoạn một."), ("", "Đoạn hai.")]),
        ("Đoạn một.\n   \n\nĐoạn hai.\n", [("", "Đoạn một."), ("", "Đoạn hai.")]),
    ],
)
def test_list_items_and_blank_lines_start_paragraphs(text: str, expected: list[tuple[str, str]]) -> None:
    assert para_texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Phấn đấu đến năm 2025, tỷ lệ\nhộ nghèo giảm còn dưới 2%, tỷ lệ\nlao động qua đào tạo đạt 70%.",
            [
                (
                    "",
                    "Phấn đấu đến năm 2025, tỷ lệ\nhộ nghèo giảm còn dưới 2%, tỷ lệ\n"
                    "lao động qua đào tạo đạt 70%.",
                )
            ],
        ),
        ("Tỷ lệ đạt\n1.000 doanh nghiệp.", [("", "Tỷ lệ đạt\n1.000 doanh nghiệp.")]),
        ("a) Một\n   tiếp dòng\nb) Hai", [("a)", "Một\n   tiếp dòng"), ("b)", "Hai")]),
        ("Phấn đấu đạt\n2025 doanh nghiệp.", [("", "Phấn đấu đạt\n2025 doanh nghiệp.")]),
        pytest.param(
            "Thực hiện theo quy định tại\nđiều 5 của Luật này.",
            [("", "Thực hiện theo quy định tại\nđiều 5 của Luật này.")],
        ),
    ],
)
def test_hard_wrapped_lines_join(text: str, expected: list[tuple[str, str]]) -> None:
    assert para_texts(text) == expected


def test_paragraph_spans_include_the_marker() -> None:
    text = "Mục tiêu:\n- Tăng trưởng 7%."
    ps = paragraphs(text)
    assert [text[p.start : p.end] for p in ps] == ["Mục tiêu:", "- Tăng trưởng 7%."]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n"])
def test_empty_text_has_no_paragraphs(text: str) -> None:
    assert paragraphs(text) == []


# --- sentences -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tỉnh đạt 5%. Thành phố đạt 6%! Huyện đạt 7%? Xã đạt 8%.",
            ["Tỉnh đạt 5%.", "Thành phố đạt 6%!", "Huyện đạt 7%?", "Xã đạt 8%."],
        ),
        (
            "Dự án tại TP. Hồ Chí Minh đạt 5%. Hà Nội đạt 6%.",
            ["Dự án tại TP. Hồ Chí Minh đạt 5%.", "Hà Nội đạt 6%."],
        ),
        ("Tại Tp. Hà Nội đạt 5%. Tiếp theo.", ["Tại Tp. Hà Nội đạt 5%.", "Tiếp theo."]),
        ("Theo ThS. Nguyễn Văn A, tỷ lệ đạt 5%.", ["Theo ThS. Nguyễn Văn A, tỷ lệ đạt 5%."]),
        ("Theo GS. Trần Văn B đạt 5%.", ["Theo GS. Trần Văn B đạt 5%."]),
        ("Tỷ lệ đạt 5%. Đến năm 2030 đạt 6%.", ["Tỷ lệ đạt 5%.", "Đến năm 2030 đạt 6%."]),
        ("Năm 2025 đạt 5%. 2026 đạt 6%.", ["Năm 2025 đạt 5%.", "2026 đạt 6%."]),
        ("Tăng trưởng GDP. Tỷ lệ đạt 5%.", ["Tăng trưởng GDP.", "Tỷ lệ đạt 5%."]),
        ("Số 1.000 doanh nghiệp. Tiếp.", ["Số 1.000 doanh nghiệp.", "Tiếp."]),
        ('Câu "trích dẫn." Câu sau.', ['Câu "trích dẫn."', "Câu sau."]),
        ("Tỷ lệ đạt 5%. trường hợp khác.", ["Tỷ lệ đạt 5%. trường hợp khác."]),
        ("Tỷ lệ đạt 5%.Không cách.", ["Tỷ lệ đạt 5%.Không cách."]),
        ("Tỷ lệ đạt 2,5% và 1.000 hộ.", ["Tỷ lệ đạt 2,5% và 1.000 hộ."]),
        ("Tỷ lệ đạt 5%.\nCâu hai trên dòng mới.", ["Tỷ lệ đạt 5%.", "Câu hai trên dòng mới."]),
        ("Văn bản không có dấu chấm", ["Văn bản không có dấu chấm"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentence_texts(text) == expected


def test_sentences_leave_the_list_marker_out() -> None:
    text = "a) Tỷ lệ đạt 5%. Tỷ lệ khác đạt 6%.\nb) Hai."
    sents = sentences(text, paragraphs(text))
    assert [(s.para, text[s.start : s.end]) for s in sents] == [
        (0, "Tỷ lệ đạt 5%."),
        (0, "Tỷ lệ khác đạt 6%."),
        (1, "Hai."),
    ]


# --- clauses --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tỷ lệ A đạt 5%; tỷ lệ B đạt 6%; tỷ lệ C đạt 7%.",
            ["Tỷ lệ A đạt 5%;", "tỷ lệ B đạt 6%;", "tỷ lệ C đạt 7%."],
        ),
        ("Tỷ lệ đạt 5% ;  ; tỷ lệ khác.", ["Tỷ lệ đạt 5% ;", "tỷ lệ khác."]),
        ("Không có chấm phẩy, chỉ dấu phẩy.", ["Không có chấm phẩy, chỉ dấu phẩy."]),
        ("Một; Hai. Ba; bốn.", ["Một;", "Hai.", "Ba;", "bốn."]),
        ("Kết thúc bằng chấm phẩy;", ["Kết thúc bằng chấm phẩy;"]),
    ],
)
def test_clauses_split_at_semicolons(text: str, expected: list[str]) -> None:
    assert clause_texts(text) == expected


def test_clauses_know_their_sentence() -> None:
    text = "Một; Hai. Ba; bốn."
    sents = sentences(text, paragraphs(text))
    assert [c.sent for c in clauses(text, sents)] == [0, 0, 1, 1]
