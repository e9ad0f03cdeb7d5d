"""The rules whose words live in data files (date_words, number_rule_words, rule_words, outline_heads, the
rank and country lists): each reads its words with and without diacritics, as it did when they were typed
into its patterns. Sentences written for these tests."""

from __future__ import annotations

import pytest

from extractor.context.jurisdiction import doc_location
from extractor.rules import agencies, provinces
from extractor.rules.dates import find_deadlines
from extractor.rules.documents import find_documents
from extractor.rules.numbers import find_quantities, words_to_number
from extractor.text.layout import marker_type
from extractor.text.normalize import fold
from extractor.text.segment import paragraphs


def _deadlines(text: str, folded: bool) -> list[tuple[str, int, str]]:
    low = fold(text.lower()) if folded else text.lower()
    return [(low[d.start:d.end], d.year, d.kind) for d in find_deadlines(low, 0, len(low), folded)]


@pytest.mark.parametrize("folded", [False, True])
@pytest.mark.parametrize(
    ("text", "phrase", "year", "kind"),
    [
        ("Công trình phải xong chậm nhất là vào năm 2028.", "chậm nhất là vào năm 2028", 2028, "by"),
        ("Đề án có tầm nhìn tới năm 2045.", "tầm nhìn tới năm 2045", 2045, "vision"),
        ("Áp dụng kể từ sau năm 2026 trở đi.", "kể từ sau năm 2026 trở đi", 2026, "from"),
        ("Hoàn thành trước quý iii/2027.", "trước quý iii/2027", 2027, "by"),
    ],
)
def test_deadline_words_read_with_and_without_marks(text: str, phrase: str, year: int, kind: str,
                                                    folded: bool) -> None:
    expected = fold(phrase) if folded else phrase
    assert (expected, year, kind) in _deadlines(text, folded)


@pytest.mark.parametrize("folded", [False, True])
def test_a_year_compared_with_is_no_deadline(folded: bool) -> None:
    assert _deadlines("Doanh thu tăng gấp rưỡi so với năm 2022.", folded) == []
    assert _deadlines("Sản lượng đạt gấp hơn 2 lần năm 2020.", folded) == []


@pytest.mark.parametrize("folded", [False, True])
def test_a_multiplier_before_a_noun_of_its_own_is_no_multiplier(folded: bool) -> None:
    text = "đến năm 2026 tỷ trọng công nghiệp chế biến đạt 30%"
    low = fold(text) if folded else text
    values = [q.low for q in find_quantities(low, 0, len(low), folded)]
    assert values == [30.0]  # 2026 is no 2026·10⁹: "tỷ trọng" is a word of its own


@pytest.mark.parametrize("folded", [False, True])
def test_a_rate_per_ten_thousand_people(folded: bool) -> None:
    text = "có 12 bác sĩ trên 10.000 dân"
    low = fold(text) if folded else text
    (q,) = find_quantities(low, 0, len(low), folded)
    assert (q.low, q.per) == (12.0, fold("10.000 dân") if folded else "10.000 dân")


@pytest.mark.parametrize(
    ("words", "value"),
    [(["ba", "mươi", "lăm"], 35), (["ba", "muoi", "lam"], 35), (["mười", "lăm"], 15), (["muoi", "lam"], 15),
     (["hai", "chục"], 20), (["một", "trăm", "linh", "năm"], 105), (["mot", "tram", "le", "nam"], 105)],
)
def test_number_word_roles(words: list[str], value: float) -> None:
    assert words_to_number(words) == value


@pytest.mark.parametrize("folded", [False, True])
def test_a_multiple_without_a_unit_counts_in_times(folded: bool) -> None:
    text = "thu nhập tăng gấp 3 so với hiện nay"
    low = fold(text) if folded else text
    (q,) = find_quantities(low, 0, len(low), folded)
    assert (q.low, q.unit) == (3.0, "lần")


def test_a_body_name_stops_before_a_trailing_joiner_with_or_without_marks() -> None:
    for text in ("Ban Quản lý các khu công nghiệp và các đơn vị liên quan",
                 "Ban Quan ly cac khu cong nghiep va cac don vi lien quan"):
        spans = agencies.find_orgs(text)
        assert [text[s:e] for s, e in spans] == [text[:31]], text  # not "… và các"


def test_a_committee_with_its_rank_and_place() -> None:
    text = "Ủy ban nhân dân tỉnh Bắc Ninh ban hành kế hoạch."
    assert [text[s:e] for s, e in agencies.find_orgs(text)] == ["Ủy ban nhân dân tỉnh Bắc Ninh"]


def test_the_city_words_belong_to_the_city_name() -> None:
    text = "Thủ đô Hà Nội và Thành phố Hồ Chí Minh cùng TP.HCM"
    places = [(text[p.start:p.end], p.name) for p in agencies.find_places(text)]
    assert places == [("Thủ đô Hà Nội", "Hà Nội"), ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
                      ("TP.HCM", "Hồ Chí Minh")]


@pytest.mark.parametrize(
    ("body", "national"),
    [("Thủ tướng Chính phủ", True), ("Phó Thủ tướng", True), ("Bộ Tài chính", True), ("Bo Tai chinh", True),
     ("Ngân hàng Nhà nước", True), ("Tổng cục Thống kê", True), ("UBND tỉnh Nghệ An", False),
     ("Sở Y tế", False), ("Bệnh viện Đa khoa", False)],
)
def test_a_national_body(body: str, national: bool) -> None:
    assert agencies.is_national(body) is national


@pytest.mark.parametrize(
    ("name", "province"),
    [("tỉnh Bắc Giang", "Bắc Ninh"), ("tinh Bac Giang", "Bắc Ninh"), ("Thủ đô Hà Nội", "Hà Nội"),
     ("thu do Ha Noi", "Hà Nội"), ("TP.Hồ Chí Minh", "Hồ Chí Minh"), ("tp Đà Nẵng", "Đà Nẵng")],
)
def test_a_province_name_after_its_rank(name: str, province: str) -> None:
    assert provinces.to_current_province(name) == province


@pytest.mark.parametrize("cue", ["trên phạm vi toàn quốc", "tren pham vi toan quoc", "của cả nước", "cua ca nuoc"])
def test_a_text_that_speaks_for_the_whole_country(cue: str) -> None:
    far = agencies.Place(700, 708, "Bắc Ninh")  # named, but not in the lead
    text = f"các địa phương triển khai {cue}"
    assert doc_location(None, text, text, [far], []) == "Việt Nam"
    plain = "các địa phương triển khai kế hoạch"
    assert doc_location(None, plain, plain, [far], []) is None


def test_an_issuer_with_a_rank_and_no_name_takes_the_province_named_most() -> None:
    named = [agencies.Place(700, 708, "Bắc Ninh"), agencies.Place(800, 808, "Hà Nội"),
             agencies.Place(900, 908, "Bắc Ninh")]
    assert doc_location("UBND tỉnh", "", "", named, []) == "Bắc Ninh"


@pytest.mark.parametrize(
    ("text", "kind", "number", "date"),
    [("Thông báo kết luận số 45/TB-VPCP ngày 3/4/2024", "Thông báo", "45/TB-VPCP", "2024-04-03"),
     ("Thông tư liên tịch số 7/2019/TTLT-BTC-BYT", "Thông tư liên tịch", "7/2019/TTLT-BTC-BYT", None),
     ("Quyet dinh so 12/QD-UBND ve viec", "Quyết định", "12/QD-UBND", None)],
)
def test_the_words_between_a_kind_and_its_number(text: str, kind: str, number: str, date: str | None) -> None:
    (d,) = find_documents(text)
    assert (d.kind, d.number, d.date, d.cited) == (kind, number, date, True)


@pytest.mark.parametrize(
    ("marker", "kind"),
    [("Chương II", "part"), ("CHUONG II", "part"), ("Mục 3", "part"), ("Điều 5.", "article"),
     ("dieu 5.", "article"), ("II.", "roman")],
)
def test_outline_marker_words_in_any_case_and_without_marks(marker: str, kind: str) -> None:
    assert marker_type(marker) == kind


@pytest.mark.parametrize(
    ("line", "marker"), [("Điều 2. Hiệu lực", "Điều 2."), ("DIEU 2. Hieu luc", "DIEU 2."),
                         ("CHƯƠNG III Tổ chức", "CHƯƠNG III"), ("Muc 2 Noi dung", "")],
)
def test_a_paragraph_opens_with_an_outline_marker(line: str, marker: str) -> None:
    text = "Phần đầu văn bản.\n" + line
    assert paragraphs(text)[-1].marker == marker


@pytest.mark.parametrize("folded", [False, True])
@pytest.mark.parametrize(
    ("head", "issuer"),
    [
        # A converted decision that kept its body's name and its title but lost the motto and number line.
        ("UBND TỈNH HÀ TĨNH\n\nKẾ HOẠCH\nPhát triển du lịch cộng đồng\n\n", "UBND tỉnh Hà Tĩnh"),
        ("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH\n\nQUYẾT ĐỊNH\n\n", "UBND tỉnh Hà Tĩnh"),
        # A kind in running text, or a title not in capitals, is no title line: a news lead is not a header.
        ("UBND tỉnh Hà Tĩnh\n\nKế hoạch\n\n", None),
        ("UBND TỈNH HÀ TĨNH triển khai kế hoạch mới\n\n", None),
    ],
)
def test_a_header_is_official_by_its_title_line_too(head: str, issuer: str | None, folded: bool) -> None:
    from extractor.context.issuer import find_issuer

    text = head + "Phấn đấu đến năm 2030 có 12 điểm du lịch cộng đồng."
    text = fold(text) if folded else text
    flat = text.replace("\n", " ")
    found = find_issuer(flat, fold(flat.lower()), [], [], text)
    assert (fold(found) if found else None) == (fold(issuer) if issuer else None)
