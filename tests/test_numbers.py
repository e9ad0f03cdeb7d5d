"""Quantities: Vietnamese separators, multipliers, number words, ranges, qualifiers, units, rates.

`find_quantities` reads lower-cased text (folded as well for text written without
diacritics), so every case goes through `lower` (and `fold`) exactly as the
pipeline does. All inputs are short phrases written for these tests.
"""

from __future__ import annotations

import pytest

from extractor.rules.numbers import Quantity, find_quantities, parse_number, words_to_number
from extractor.text.normalize import fold, lower


def quantities(s: str, folded: bool = False) -> list[Quantity]:
    low = fold(lower(s)) if folded else lower(s)
    return find_quantities(low, 0, len(low), folded=folded)


def one(s: str, folded: bool = False) -> Quantity:
    qs = quantities(s, folded)
    assert len(qs) == 1, [(q.low, q.unit, s[q.start : q.end]) for q in qs]
    return qs[0]


def fields(q: Quantity, expected: dict) -> dict:
    return {k: getattr(q, k) for k in expected}


def check(q: Quantity, expected: dict) -> None:
    got = fields(q, expected)
    want = {k: pytest.approx(v, rel=1e-12) if isinstance(v, float) else v for k, v in expected.items()}
    assert got == want


# --- parse_number: one digit literal, read the Vietnamese way ---------------------------------


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ("1,5", 1.5),
        ("1.000", 1000.0),
        ("12.345,6", 12345.6),
        ("2.500.000", 2500000.0),
        ("0,5", 0.5),
        ("100", 100.0),
        ("12,5", 12.5),
        ("1.234.567,89", 1234567.89),
        ("1.000.000.000", 1e9),
        ("  42  ", 42.0),
        ("35.000", 35000.0),
        ("97,5", 97.5),
        ("1,234,567", 1234567.0),  # English grouping of web texts, where no Vietnamese reading exists
        ("1,234.5", 1234.5),
        ("12,345,678.25", 12345678.25),
        ("2.5", 2.5),
        ("1,234", 1.234),  # one comma group is Vietnamese: a decimal comma
    ],
)
def test_parse_number_reads_vietnamese_separators(literal: str, value: float) -> None:
    assert parse_number(literal) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("literal", ["", "abc", "1,2,3", "1.000,", "1.0000", "9" * 41, "-"])
def test_parse_number_rejects_what_is_no_number(literal: str) -> None:
    assert parse_number(literal) is None


# --- words_to_number -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("hai trăm", 200),
        ("một nghìn năm trăm", 1500),
        ("mười lăm", 15),
        ("năm mươi", 50),
        ("hai mươi lăm", 25),
        ("ba trăm linh năm", 305),
        ("một trăm lẻ năm", 105),
        ("hai mươi mốt", 21),
        ("bốn mươi tư", 44),
        ("mười", 10),
        ("mười một", 11),
        ("chín trăm chín mươi chín", 999),
        ("hai trăm năm mươi nghìn", 250000),
        ("mười nghìn", 10000),
        ("một triệu", 1000000),
        ("hai triệu năm trăm nghìn", 2500000),
        ("ba mươi nghìn tỷ", 3e13),  # a larger scale multiplies all before it
        ("hai tỷ ba trăm triệu", 2.3e9),  # a smaller one adds its group
        ("năm trăm nghìn tỷ", 5e14),
        ("ba tỉ", 3e9),
        ("hai tram", 200),  # folded words read the same
        ("muoi lam", 15),
        ("hai muoi", 20),
    ],
)
def test_words_to_number(words: str, value: int) -> None:
    assert words_to_number(words.split()) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [
        pytest.param(
            "hai nghìn không trăm hai mươi",
            2020,
        ),
        pytest.param(
            "một nghìn không trăm năm mươi",
            1050,
        ),
        pytest.param(
            "hai chục",
            20,
        ),
        pytest.param(
            "một chục",
            10,
        ),
    ],
)
def test_words_to_number_zero_hundreds_and_chuc(words: str, value: int) -> None:
    assert words_to_number(words.split()) == value


@pytest.mark.parametrize("words", ["", "xyz", "hai xyz", "doanh nghiệp"])
def test_words_to_number_rejects_non_number_words(words: str) -> None:
    assert words_to_number(words.split()) is None


# --- find_quantities: digits, separators and multipliers ---------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tăng 1,5%", {"low": 1.5, "high": 1.5, "unit": "%", "kind": "percent"}),
        ("đạt 1.000 doanh nghiệp", {"low": 1000.0, "unit": "doanh nghiệp", "kind": "count"}),
        ("đạt 12.345,6 tấn", {"low": 12345.6, "unit": "tấn", "kind": "mass"}),
        ("có 2.500.000 người", {"low": 2500000.0, "unit": "người"}),
        ("1,2 triệu người", {"low": 1200000.0, "high": 1200000.0, "unit": "người", "kind": "count"}),
        ("500 tỷ đồng", {"low": 5e11, "unit": "VND", "kind": "currency"}),
        ("35.000 tỷ", {"low": 3.5e13, "unit": "VND", "kind": "currency"}),
        ("1,5 tỷ USD", {"low": 1.5e9, "unit": "USD", "kind": "currency"}),
        ("97,5 nghìn tỷ đồng", {"low": 9.75e13, "unit": "VND"}),
        ("500 triệu đồng", {"low": 5e8, "unit": "VND"}),
        ("100 triệu VNĐ", {"low": 1e8, "unit": "VND"}),
        ("1.200 tỷ VND", {"low": 1.2e12, "unit": "VND"}),
        ("500 nghìn đồng", {"low": 5e5, "unit": "VND"}),
        ("2 triệu USD", {"low": 2e6, "unit": "USD"}),
        ("1.000.000 người", {"low": 1e6, "unit": "người"}),
        ("0,5%", {"low": 0.5, "unit": "%"}),
        ("100%", {"low": 100.0, "unit": "%"}),
        ("đạt 95 phần trăm", {"low": 95.0, "unit": "%", "kind": "percent"}),
        ("2.025 doanh nghiệp", {"low": 2025.0, "unit": "doanh nghiệp"}),
    ],
)
def test_numbers_separators_and_multipliers(text: str, expected: dict) -> None:
    check(one(text), expected)


@pytest.mark.parametrize(
    ("text", "unit", "kind"),
    [
        ("1.000 ha", "ha", "area"),
        ("500 héc ta", "ha", "area"),
        ("1.000 hécta", "ha", "area"),
        ("2.000 ha rừng", "ha", "area"),
        ("300 km", "km", "length"),
        ("500 km2", "km2", "area"),
        ("1.200 MW", "MW", "power"),
        ("100 MW", "MW", "power"),
        ("50.000 tấn", "tấn", "mass"),
        ("30 m2", "m2", "area"),
        ("1.000 m2", "m2", "area"),
        ("200 USD", "USD", "currency"),
    ],
)
def test_physical_and_currency_units(text: str, unit: str, kind: str) -> None:
    q = one(text)
    assert (q.unit, q.kind) == (unit, kind)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("800 doanh nghiệp", 800.0, "doanh nghiệp"),
        ("1.200 đô thị", 1200.0, "đô thị"),
        ("khoảng 1.000 hợp tác xã", 1000.0, "hợp tác xã"),
        ("50 khu công nghiệp", 50.0, "khu công nghiệp"),
        ("30.000 lao động", 30000.0, "lao động"),
        ("1.500 căn hộ", 1500.0, "căn hộ"),
        ("100 học sinh trở xuống", 100.0, "học sinh"),
    ],
)
def test_counted_nouns_keep_their_head(text: str, value: float, unit: str) -> None:
    q = one(text)
    assert (q.low, q.unit, q.kind) == (value, unit, "count")


# --- number words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("hai trăm doanh nghiệp", 200, "doanh nghiệp"),
        ("một nghìn năm trăm doanh nghiệp", 1500, "doanh nghiệp"),
        ("mười lăm doanh nghiệp", 15, "doanh nghiệp"),
        ("năm mươi doanh nghiệp", 50, "doanh nghiệp"),
        ("hai mươi lăm doanh nghiệp", 25, "doanh nghiệp"),
        ("ba trăm linh năm doanh nghiệp", 305, "doanh nghiệp"),
        ("ba trăm năm mươi doanh nghiệp", 350, "doanh nghiệp"),
        ("một trăm lẻ năm doanh nghiệp", 105, "doanh nghiệp"),
        ("mười một doanh nghiệp", 11, "doanh nghiệp"),
        ("hai mươi mốt doanh nghiệp", 21, "doanh nghiệp"),
        ("bốn mươi tư doanh nghiệp", 44, "doanh nghiệp"),
        ("bốn doanh nghiệp", 4, "doanh nghiệp"),
        ("mười nghìn người", 10000, "người"),
        ("ba nghìn người", 3000, "người"),
        ("mười hai lao động", 12, "lao động"),
        ("một trăm hai mươi căn hộ", 120, "căn hộ"),
        ("hai mươi ha", 20, "ha"),
        ("bảy mươi phần trăm", 70, "%"),
        ("hằng năm có hai trăm doanh nghiệp", 200, "doanh nghiệp"),
        pytest.param(
            "đầu tư hai dự án",
            2,
            "dự án",
        ),
        pytest.param(
            "đầu tư ba trăm dự án",
            300,
            "dự án",
        ),
        pytest.param(
            "mỗi năm hai trăm doanh nghiệp",
            200,
            "doanh nghiệp",
        ),
        pytest.param(
            "hai triệu người",
            2000000,
            "người",
        ),
    ],
)
def test_number_words_before_a_unit_or_counted_noun(text: str, value: int, unit: str) -> None:
    q = one(text)
    assert (q.low, q.high, q.unit) == (value, value, unit)


def test_two_number_word_quantities_in_one_phrase() -> None:
    qs = quantities("hai doanh nghiệp và ba hợp tác xã")
    assert [(q.low, q.unit) for q in qs] == [(2, "doanh nghiệp"), (3, "hợp tác xã")]


@pytest.mark.parametrize(
    "text",
    [
        "mỗi năm",
        "hằng năm",
        "hàng năm tổ chức",
        "đầu tư",
        "đầu tư phát triển",
        "một số doanh nghiệp",
        "hai",
        "hai trăm",  # number words alone, no unit or counted noun
        "năm 2030",
        "trong năm tới",
    ],
)
def test_number_words_never_alone_or_in_fixed_words(text: str) -> None:
    assert quantities(text) == []


# --- ranges ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("8 - 9%", 8.0, 9.0, "%"),
        ("tăng 8-9%", 8.0, 9.0, "%"),
        ("8–9%", 8.0, 9.0, "%"),
        ("từ 5 đến 10 doanh nghiệp", 5.0, 10.0, "doanh nghiệp"),
        ("5-10 doanh nghiệp", 5.0, 10.0, "doanh nghiệp"),
        ("khoảng 20 - 25%", 20.0, 25.0, "%"),
        ("32.000 - 35.000 tỷ đồng", 3.2e13, 3.5e13, "VND"),
        ("5 - 10 ha", 5.0, 10.0, "ha"),
        ("từ 5 - 10%", 5.0, 10.0, "%"),
        ("1,5 - 2 triệu người", 1.5e6, 2e6, "người"),
        ("2 - 3 tỷ USD", 2e9, 3e9, "USD"),
        ("20% - 25%", 20.0, 25.0, "%"),
        ("từ 20% đến 25%", 20.0, 25.0, "%"),
        ("trên 8 - 9%", 8.0, 9.0, "%"),
        ("70 - 75%", 70.0, 75.0, "%"),
    ],
)
def test_ranges(text: str, low: float, high: float, unit: str) -> None:
    q = one(text)
    assert (q.low, q.high, q.qualifier, q.unit) == (pytest.approx(low), pytest.approx(high), "range", unit)


# --- what is no quantity -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "giai đoạn 2021 - 2025",
        "thời kỳ 2021-2030",
        "2021 - 2025",
        "trước ngày 31/12/2025",
        "ngày 13/9/2021",
        "tháng 12/2025",
        "12/2025",
        "Quyết định 295/QĐ-UBND",
        "Thông tư số 02/2021/TT-BYT",
        "2025",
        "mạng 5G",
        "in 3D",
        "trong 30 ngày",
        "sau 6 tháng",
        pytest.param(
            "Nghị quyết số 21-NQ/TW",
        ),
        pytest.param(
            "đến năm 2025 tỷ lệ hộ nghèo giảm",
        ),
        pytest.param(
            "năm 2030 tỉ lệ đô thị hóa",
        ),
        pytest.param(
            "năm 2025 tỷ trọng công nghiệp",
        ),
    ],
)
def test_periods_dates_and_document_numbers_are_no_quantities(text: str) -> None:
    assert quantities(text) == []


def test_value_after_a_period_is_still_read() -> None:
    q = one("giai đoạn 2021 - 2025 đạt 45%")
    assert (q.low, q.unit) == (45.0, "%")


# --- qualifiers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("khoảng 800 doanh nghiệp", "approx"),
        ("gần 800 doanh nghiệp", "approx"),
        ("xấp xỉ 30%", "approx"),
        ("chừng 40 người", "approx"),
        ("trên dưới 50 hộ", "approx"),
        ("khoảng 1,2 triệu người", "approx"),
        ("gần 2 tỷ USD", "approx"),
        ("trên 800 doanh nghiệp", "min"),
        ("hơn 800 doanh nghiệp", "min"),
        ("ít nhất 800 doanh nghiệp", "min"),
        ("ít nhất là 260 doanh nghiệp", "min"),
        ("tối thiểu 800 doanh nghiệp", "min"),
        ("không dưới 90%", "min"),
        ("hơn 1.000 tỷ đồng", "min"),
        ("vượt 10%", "min"),
        ("người từ 65 tuổi trở lên", "min"),
        ("100 doanh nghiệp trở lên", "min"),
        ("dưới 5%", "max"),
        ("tối đa 5%", "max"),
        ("tối đa là 3%", "max"),
        ("không quá 5%", "max"),
        ("800 doanh nghiệp", "exact"),
    ],
)
def test_qualifiers(text: str, qualifier: str) -> None:
    assert one(text).qualifier == qualifier


def test_qualifier_is_part_of_the_span() -> None:
    s = "đạt khoảng 1.000 hợp tác xã"
    q = one(s)
    assert s[q.start : q.end] == "khoảng 1.000 hợp tác xã"
    assert s[q.num_start : q.num_end] == "1.000"


def test_spans_cover_multiplier_and_unit() -> None:
    s = "thu hút 1,5 tỷ USD vốn"
    q = one(s)
    assert s[q.num_start : q.num_end] == "1,5 tỷ"
    assert s[q.start : q.end] == "1,5 tỷ USD"


def test_search_window_is_respected() -> None:
    s = "đạt 50% và 800 doanh nghiệp"
    low = lower(s)
    qs = find_quantities(low, s.index("800"), len(s))
    assert [(q.low, q.unit) for q in qs] == [(800.0, "doanh nghiệp")]


# --- rates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 bác sĩ/vạn dân", {"low": 10.0, "unit": "bác sĩ", "per": "vạn dân"}),
        ("30 giường bệnh/vạn dân", {"low": 30.0, "unit": "giường bệnh", "per": "vạn dân"}),
        ("33 giường bệnh trên 10.000 dân", {"low": 33.0, "unit": "giường bệnh", "per": "10.000 dân"}),
        ("2,5 bác sĩ/1.000 dân", {"low": 2.5, "unit": "bác sĩ", "per": "1.000 dân"}),
        ("1,2 bác sĩ trên 1.000 dân", {"low": 1.2, "per": "1.000 dân"}),
        (
            "4/100.000 trẻ sinh ra còn sống",
            {"low": 4.0, "kind": "ratio", "per": "100.000 trẻ sinh ra còn sống"},
        ),
        (
            "15/1.000 trẻ sinh ra còn sống",
            {"low": 15.0, "kind": "ratio", "per": "1.000 trẻ sinh ra còn sống"},
        ),
        ("dưới 10/100.000 dân", {"low": 10.0, "qualifier": "max", "per": "100.000 dân"}),
        ("6.000 USD/người", {"low": 6000.0, "unit": "USD", "per": "người"}),
        ("đạt 0,7 doanh nghiệp công nghệ số trên 1.000 dân", {"low": 0.7, "per": "1.000 dân"}),
    ],
)
def test_rates(text: str, expected: dict) -> None:
    check(one(text), expected)


@pytest.mark.parametrize(
    ("text", "low", "annual"),
    [
        ("tăng 7%/năm", 7.0, True),
        ("tăng 10%/năm", 10.0, True),
        ("tăng 7 %/năm", 7.0, True),
        ("2 - 3%/năm", 2.0, True),
        ("giảm 1,5%/năm", 1.5, True),
        ("tăng 7%", 7.0, False),
    ],
)
def test_percent_per_year_is_annual(text: str, low: float, annual: bool) -> None:
    q = one(text)
    assert (q.low, q.unit, q.annual, q.per) == (low, "%", annual, None)


# --- text written without diacritics -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("khoang 800 doanh nghiep", {"low": 800.0, "qualifier": "approx", "unit": "doanh nghiep"}),
        ("tren 50%", {"low": 50.0, "qualifier": "min", "unit": "%"}),
        ("it nhat 800 doanh nghiep", {"low": 800.0, "qualifier": "min"}),
        ("khong qua 5%", {"low": 5.0, "qualifier": "max"}),
        ("duoi 5%", {"low": 5.0, "qualifier": "max"}),
        ("khong duoi 90%", {"low": 90.0, "qualifier": "min"}),
        ("xap xi 30%", {"low": 30.0, "qualifier": "approx"}),
        ("khoang 1,2 trieu nguoi", {"low": 1.2e6, "qualifier": "approx"}),
        ("500 ty dong", {"low": 5e11, "unit": "VND"}),
        ("1,5 ty USD", {"low": 1.5e9, "unit": "USD"}),
        ("97,5 nghin ty dong", {"low": 9.75e13, "unit": "VND"}),
        ("khoang 35.000 ty", {"low": 3.5e13, "unit": "VND", "qualifier": "approx"}),
        ("1.000 hec ta", {"low": 1000.0, "unit": "ha"}),
        ("tang 7%/nam", {"low": 7.0, "annual": True}),
        ("10 bac si/van dan", {"low": 10.0, "per": "van dan"}),
        ("33 giuong benh tren 10.000 dan", {"low": 33.0, "per": "10.000 dan"}),
        ("khoang 20 - 25%", {"low": 20.0, "high": 25.0, "qualifier": "range"}),
        ("tu 5 den 10 doanh nghiep", {"low": 5.0, "high": 10.0, "qualifier": "range"}),
        ("hai tram doanh nghiep", {"low": 200.0, "unit": "doanh nghiep"}),
        ("hai muoi lam doanh nghiep", {"low": 25.0}),
        ("ba tram linh nam doanh nghiep", {"low": 305.0}),
        ("nam muoi doanh nghiep", {"low": 50.0}),
        ("hai muoi ha", {"low": 20.0, "unit": "ha"}),
        pytest.param(
            "muoi lam doanh nghiep",
            {"low": 15.0},
        ),
        pytest.param(
            "mot tram doanh nghiep",
            {"low": 100.0},
        ),
        pytest.param(
            "mot nghin nam tram doanh nghiep",
            {"low": 1500.0},
        ),
    ],
)
def test_folded_text(text: str, expected: dict) -> None:
    check(one(text, folded=True), expected)


@pytest.mark.parametrize(
    "text",
    [
        "giai doan 2021 - 2025",
        "truoc ngay 31/12/2025",
        "295/QD-UBND",
        "moi nam",
        "dau tu",
        "mot so doanh nghiep",
    ],
)
def test_folded_no_quantities(text: str) -> None:
    assert quantities(text, folded=True) == []
