"""Value-level classes of issue 10: units and qualifiers, what is no value, number formats, deadlines.

Every sentence here is written for these tests. Each case runs twice: as written and folded
(`extractor.text.normalize.fold`, every mark removed), because web texts and old systems give the same
sentence without diacritics and the rules must read both alike. A case names the parsed values it
expects, (low, high, unit, qualifier), in order; a unit from the lexicon keeps its written name in
folded text ("lần", "‰"), a counted noun is spelt as the text spells it, so units are compared folded
in the folded run.
"""

from __future__ import annotations

import pytest

from extractor.rules.dates import find_deadlines
from extractor.rules.numbers import Quantity, find_quantities
from extractor.text.normalize import fold, lower

Value = tuple[float, float, "str | None", str]


def _prepared(s: str, folded: bool) -> str:
    return fold(lower(s)) if folded else lower(s)


def quantities(s: str, folded: bool) -> list[Quantity]:
    t = _prepared(s, folded)
    return find_quantities(t, 0, len(t), folded=folded)


def values(s: str, folded: bool) -> list[Value]:
    out: list[Value] = []
    for q in quantities(s, folded):
        unit = fold(q.unit) if folded and q.unit else q.unit
        out.append((q.low, q.high, unit, q.qualifier))
    return out


def expected(vals: list[Value], folded: bool) -> list[Value]:
    return [(lo, hi, fold(u) if folded and u else u, qual) for lo, hi, u, qual in vals]


def both(cases: list[tuple[str, list[Value]]]) -> list:
    """Each case as written and folded, with ids that say which."""
    return [pytest.param(text, vals, folded, id=f"{'folded' if folded else 'marked'}:{text[:40]}")
            for text, vals in cases for folded in (False, True)]


def check(text: str, vals: list[Value], folded: bool) -> None:
    got = values(text, folded)
    want = expected(vals, folded)
    assert len(got) == len(want), got
    for g, w in zip(got, want, strict=True):
        assert g[0] == pytest.approx(w[0], rel=1e-12) and g[1] == pytest.approx(w[1], rel=1e-12), (g, w)
        assert g[2:] == w[2:], (g, w)


# --- per-mille and rates per 1.000 / 100.000 ---------------------------------------------------------

PER_MILLE: list[tuple[str, list[Value]]] = [
    ("tỷ suất sinh thô của huyện đạt 14‰", [(14, 14, "‰", "exact")]),
    ("tỷ suất chết thô giữ ở mức 6 ‰", [(6, 6, "‰", "exact")]),
    ("tỷ lệ tăng dân số tự nhiên khoảng 9 phần nghìn", [(9, 9, "‰", "approx")]),
    ("tỷ suất sinh giảm còn 11 phần ngàn", [(11, 11, "‰", "exact")]),
    ("tỷ suất sinh thô duy trì 12-14‰", [(12, 14, "‰", "range")]),
    ("tỷ suất sinh thô từ 12‰ đến 13‰", [(12, 13, "‰", "range")]),
    ("tỷ suất tử vong trẻ sơ sinh dưới 10‰", [(10, 10, "‰", "max")]),
    ("tỷ lệ tăng dân số cơ học không quá 1,5‰", [(1.5, 1.5, "‰", "max")]),
]

RATES: list[tuple[str, list[Value]]] = [
    ("tỷ số tử vong mẹ dưới 30/100.000 trẻ đẻ sống", [(30, 30, "/100.000 trẻ đẻ sống", "max")]),
    ("tỷ suất chết của bà mẹ hạ xuống 12/100.000 trong năm 2029", [(12, 12, "/100.000", "exact")]),
    ("tử vong trẻ sơ sinh không quá 8/1.000 trẻ sinh ra còn sống",
     [(8, 8, "/1.000 trẻ sinh ra còn sống", "max")]),
    ("số trẻ em bị đuối nước dưới 5/100.000 trẻ em", [(5, 5, "/100.000 trẻ em", "max")]),
    ("số ca mắc lao mới khoảng 90/100.000 dân", [(90, 90, "/100.000 dân", "approx")]),
    ("tỷ lệ phạm tội giảm còn 3/10.000 dân vào năm 2028", [(3, 3, "/10.000 dân", "exact")]),
    ("tỷ số giới tính của trẻ sơ sinh không vượt 111 bé trai/100 bé gái", [(111, 111, "bé trai", "max")]),
    ("đạt 28 giường bệnh trên 10.000 dân", [(28, 28, "giường bệnh", "exact")]),
    ("đạt 1,9 bác sĩ/1.000 dân", [(1.9, 1.9, "bác sĩ", "exact")]),
]


@pytest.mark.parametrize(("text", "vals", "folded"), both(PER_MILLE + RATES))
def test_per_mille_and_rates(text: str, vals: list[Value], folded: bool) -> None:
    check(text, vals, folded)


@pytest.mark.parametrize("folded", [False, True])
def test_per_mille_is_a_rate_per_thousand(folded: bool) -> None:
    (q,) = quantities("tỷ suất sinh thô đạt 13‰", folded)
    assert (q.kind, q.per) == ("permille", "1.000")


@pytest.mark.parametrize("folded", [False, True])
def test_a_rate_denominator_is_no_deadline_word(folded: bool) -> None:
    """'/100.000 vào năm 2029': "vào" is not the counted noun of the denominator, and the value ends before it."""
    s = "số ca ngộ độc thực phẩm còn 7/100.000 vào năm 2029"
    (q,) = quantities(s, folded)
    assert (q.unit, q.per, s[q.start:q.end]) == ("/100.000", "100.000", "7/100.000")


# --- multiples ---------------------------------------------------------------------------------------

MULTIPLES: list[tuple[str, list[Value]]] = [
    ("thu nhập bình quân đầu người gấp 3 lần", [(3, 3, "lần", "exact")]),
    ("doanh thu của hợp tác xã gấp 1,5 lần năm 2025", [(1.5, 1.5, "lần", "exact")]),
    ("quy mô nền kinh tế tăng gấp hơn 2 lần", [(2, 2, "lần", "min")]),
    ("sản lượng cá nuôi tăng ít nhất 2 lần so với năm 2021", [(2, 2, "lần", "min")]),
    ("kim ngạch xuất khẩu tăng gấp đôi", [(2, 2, "lần", "exact")]),
    ("số doanh nghiệp tăng gấp rưỡi", [(1.5, 1.5, "lần", "exact")]),
    ("doanh thu du lịch tăng gấp 2,5 so với đầu nhiệm kỳ", [(2.5, 2.5, "lần", "exact")]),
    ("diện tích rừng trồng mới tăng gấp ba lần", [(3, 3, "lần", "exact")]),
    ("giá trị sản xuất tăng gấp ba", [(3, 3, "lần", "exact")]),
    ("năng suất lúa tăng khoảng 1,2 lần", [(1.2, 1.2, "lần", "approx")]),
    ("thu ngân sách tăng gấp 2 - 3 lần", [(2, 3, "lần", "range")]),
]


@pytest.mark.parametrize(("text", "vals", "folded"), both(MULTIPLES))
def test_multiples(text: str, vals: list[Value], folded: bool) -> None:
    check(text, vals, folded)


# --- qualifier forms ---------------------------------------------------------------------------------

QUALIFIERS: list[tuple[str, list[Value]]] = [
    ("tổng thu ngân sách không thấp hơn 9.200 tỷ đồng", [(9.2e12, 9.2e12, "VND", "min")]),
    ("số lao động được đào tạo không ít hơn 3.500 người", [(3500, 3500, "người", "min")]),
    ("tỷ lệ nợ xấu không vượt quá 3%", [(3, 3, "%", "max")]),
    ("bội chi ngân sách không quá 4% GRDP", [(4, 4, "%", "max")]),
    ("tỷ lệ thất nghiệp không vượt 2,5%", [(2.5, 2.5, "%", "max")]),
    ("tỷ lệ hộ nghèo chưa đến 1%", [(1, 1, "%", "max")]),
    ("tỷ lệ trẻ suy dinh dưỡng không tới 8%", [(8, 8, "%", "max")]),
    ("tỷ lệ bao phủ bảo hiểm y tế không dưới 96%", [(96, 96, "%", "min")]),
    ("người lao động có việc làm đạt từ 70% trở lên", [(70, 70, "%", "min")]),
    ("có tối thiểu 30 hợp tác xã trở lên", [(30, 30, "hợp tác xã", "min")]),
    ("tỷ lệ đô thị hóa trên 45%", [(45, 45, "%", "min")]),
    ("thu hút hơn 2.000 du khách quốc tế", [(2000, 2000, "du khách", "min")]),
    ("vốn đầu tư xã hội lên tới 50% GRDP", [(50, 50, "%", "exact")]),
    ("doanh thu đạt tới 1.000 tỷ đồng", [(1e12, 1e12, "VND", "exact")]),
    ("thành lập từ 5 tới 10 trang trại", [(5, 10, "trang trại", "range")]),
    ("tỷ lệ che phủ rừng đạt 44% tới năm 2030", [(44, 44, "%", "exact")]),
    ("tỷ lệ tăng dân số từ 1% trở xuống", [(1, 1, "%", "max")]),
    ("khoảng 20 - 25% số hộ", [(20, 25, "%", "range")]),
    ("trên 8 - 9% mỗi năm", [(8, 9, "%", "range")]),
    ("gần 600 căn hộ", [(600, 600, "căn hộ", "approx")]),
    ("ít nhất 40 trạm y tế", [(40, 40, "trạm y tế", "min")]),
    ("tối đa 12 học sinh", [(12, 12, "học sinh", "max")]),
]

RANKS: list[tuple[str, float, str, str]] = [
    ("chỉ số cải cách hành chính đứng thứ 20 trở lên", 20, "max", "hạng"),
    ("chỉ số năng lực cạnh tranh xếp thứ 12", 12, "max", "hạng"),
    ("tỉnh nằm trong top 5 cả nước", 5, "max", "top"),
    ("chỉ số đổi mới sáng tạo thuộc top 15", 15, "max", "top"),
]


@pytest.mark.parametrize(("text", "vals", "folded"), both(QUALIFIERS))
def test_qualifier_forms(text: str, vals: list[Value], folded: bool) -> None:
    check(text, vals, folded)


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "rank", "folded"),
    [pytest.param(*c, f, id=f"{'folded' if f else 'marked'}:{c[0][:40]}") for c in RANKS for f in (False, True)],
)
def test_ranks(text: str, value: float, qualifier: str, rank: str, folded: bool) -> None:
    """A rank is at most N whatever follows ("thứ 20 trở lên"); it has no unit, its kind and word say what it is."""
    (q,) = quantities(text, folded)
    assert (q.low, q.high, q.unit, q.qualifier, q.kind, q.rank) == (value, value, None, qualifier, "rank", rank)


@pytest.mark.parametrize("folded", [False, True])
def test_folded_rank_word_is_no_qualifier_of_money(folded: bool) -> None:
    """Without marks "thứ" (rank) is spelt "thu" (revenue): "tổng thu 500 tỷ" is an exact amount, no rank."""
    (q,) = quantities("tổng thu 500 tỷ đồng", folded)
    assert (q.low, q.unit, q.qualifier, q.kind) == (5e11, "VND", "exact", "currency")


# --- what is no value --------------------------------------------------------------------------------

NOT_VALUES: list[tuple[str, list[Value]]] = [
    ("phấn đấu tăng trưởng kinh tế hai con số", []),
    ("duy trì tốc độ tăng trưởng 2 con số", []),
    ("mã định danh gồm 12 chữ số", []),
    ("thực hiện phương châm 4 tại chỗ", []),
    ("thực hiện Quy hoạch điện VIII", []),
    ("Kho bạc Nhà nước khu vực IX", []),
    ("phủ sóng mạng 5G tới 90% dân số", [(90, 90, "%", "exact")]),
    ("xây dựng nhà máy thông minh theo công nghệ 4.0", []),
    ("tiêm vắc xin phòng COVID-19 cho 95% người dân", [(95, 95, "%", "exact")]),
    ("theo Điều 5 của quy chế", []),
    ("quy định tại khoản 2 Điều 3", []),
    ("nâng cấp quốc lộ 14 qua địa bàn", []),
    ("Đại hội Đảng bộ lần thứ 2", []),
    ("tại kỳ họp thứ 8", []),
    ("đạt chuẩn ISO 9001", []),
    ("hoàn thành tiêu chí 17 về môi trường", []),
    ("triển khai Đề án 06 của Chính phủ", []),
    ("học sinh lớp 9 được tư vấn hướng nghiệp", []),
    ("triển khai giai đoạn 2 của dự án", []),
    ("trụ sở đặt tại Quận 1", []),
    ("đầu tư tuyến số 3 của thành phố", []),
    ("công trình đạt cấp độ 2", []),
]


@pytest.mark.parametrize(("text", "vals", "folded"), both(NOT_VALUES))
def test_not_a_value(text: str, vals: list[Value], folded: bool) -> None:
    check(text, vals, folded)


@pytest.mark.parametrize("folded", [False, True])
def test_a_number_inside_a_unit_specification_carries_its_kind(folded: bool) -> None:
    """'tốc độ 500 Mb/s' is a specification inside the wording: kept, as kind "speed", so that the target
    stage can tell it from the share that follows."""
    qs = quantities("thuê bao cáp quang có tốc độ 500 Mb/s chiếm 60%", folded)
    assert [(q.low, q.unit, q.kind) for q in qs] == [(500, "Mbps", "speed"), (60, "%", "percent")]
    qs = quantities("kết nối tốc độ 10 Gb/s đạt 100% trường học", folded)
    assert [(q.low, q.unit, q.kind) for q in qs] == [(10, "Gbps", "speed"), (100, "%", "percent")]


@pytest.mark.parametrize("folded", [False, True])
def test_a_number_with_a_unit_after_a_name_word_is_a_value_again(folded: bool) -> None:
    """'số' before a number is a code ("tuyến số 3"), but "tổng số 500 doanh nghiệp" counts."""
    check("tổng số 500 doanh nghiệp", [(500, 500, "doanh nghiệp", "exact")], folded)
    check("lớp 9 có 30 học sinh", [(30, 30, "học sinh", "exact")], folded)


# --- text without marks: words spelt like number words or counted nouns ---------------------------------

FOLDED_COLLISIONS: list[tuple[str, list[Value]]] = [
    ("nghiên cứu chuyên sâu xã hội học", []),  # folded "sau xa" is not "sáu xã"
    ("hạn chế gây hại người dân", []),  # folded "hai nguoi" is not "hai người"
    ("quan tâm đô thị hóa bền vững", []),  # folded "tam do thi" is not "tám đô thị"
    ("Chương trình 135 hỗ trợ 500 hộ", [(500, 500, "hộ", "exact")]),  # folded "135 ho tro" is no "135 hộ"
    ("đứng thứ 10 cả nước", [(10, 10, None, "max")]),  # folded "10 ca nuoc" is no "10 ca"
    ("có hai doanh nghiệp", [(2, 2, "doanh nghiệp", "exact")]),
    ("xây dựng ba nhà máy", [(3, 3, "nhà máy", "exact")]),
    ("hình thành hai khu công nghiệp", [(2, 2, "khu công nghiệp", "exact")]),
    ("khoảng bốn nghìn lao động", [(4000, 4000, "lao động", "approx")]),
]


@pytest.mark.parametrize(("text", "vals", "folded"), both(FOLDED_COLLISIONS))
def test_words_spelt_like_numbers_or_nouns_without_marks(text: str, vals: list[Value], folded: bool) -> None:
    check(text, vals, folded)


def test_a_noun_whose_folded_form_is_a_commoner_word_counts_only_with_marks() -> None:
    """"cặp" folds to "cap", which is mostly "cấp" (level): "02 cặp" counts, "02 cap" does not."""
    assert [(q.low, q.unit) for q in quantities("hỗ trợ 20 cặp vợ chồng", False)] == [(20, "cặp")]
    assert [(q.low, q.kind) for q in quantities("mô hình tổ chức 02 cấp hành chính", True)] == [(2, "noun")]


# --- number formats ----------------------------------------------------------------------------------

FORMATS: list[tuple[str, list[Value]]] = [
    ("xuất khẩu đạt 1,234,567 USD", [(1234567, 1234567, "USD", "exact")]),
    ("vốn đăng ký 2,500,000 USD", [(2500000, 2500000, "USD", "exact")]),
    ("doanh thu 1,234.5 tỷ đồng", [(1.2345e12, 1.2345e12, "VND", "exact")]),
    ("thu hút 2.5 triệu USD", [(2.5e6, 2.5e6, "USD", "exact")]),
    ("tỷ lệ tăng 12.5%", [(12.5, 12.5, "%", "exact")]),
    ("lạm phát dưới 0.75%", [(0.75, 0.75, "%", "max")]),
    ("tổng vốn 1.234.567,89 đồng", [(1234567.89, 1234567.89, "VND", "exact")]),
    ("hỗ trợ 2 tỷ 500 triệu đồng", [(2.5e9, 2.5e9, "VND", "exact")]),
    ("đào tạo 1 triệu 200 nghìn người", [(1.2e6, 1.2e6, "người", "exact")]),
    ("huy động 3 nghìn tỷ đồng", [(3e12, 3e12, "VND", "exact")]),
    ("thu hút ba mươi nghìn tỷ đồng", [(3e13, 3e13, "VND", "exact")]),
    ("đạt hai tỷ ba trăm triệu đồng", [(2.3e9, 2.3e9, "VND", "exact")]),
    ("huy động năm trăm nghìn tỷ đồng", [(5e14, 5e14, "VND", "exact")]),
    ("tiết kiệm ba tỉ đồng", [(3e9, 3e9, "VND", "exact")]),
    ("đạt 1,5 tỉ USD", [(1.5e9, 1.5e9, "USD", "exact")]),
    ("tỷ lệ đạt hai mươi phần trăm", [(20, 20, "%", "exact")]),
    ("tỷ suất sinh mười lăm phần nghìn", [(15, 15, "‰", "exact")]),
    ("tỷ lệ che phủ 12,5 %", [(12.5, 12.5, "%", "exact")]),
    ("tuyển dụng từ 1500 đến 2000 lao động", [(1500, 2000, "lao động", "range")]),
    ("đạt 65% đến 2030", [(65, 65, "%", "exact")]),
    ("giảm 3 - 4%/năm", [(3, 4, "%", "range")]),
    ("đạt 3.000 km đường ven biển", [(3000, 3000, "km", "exact")]),
]


@pytest.mark.parametrize(("text", "vals", "folded"), both(FORMATS))
def test_number_formats(text: str, vals: list[Value], folded: bool) -> None:
    check(text, vals, folded)


def test_a_lone_comma_group_stays_vietnamese() -> None:
    """'1,234' has a Vietnamese reading (1.234): it is not taken for the English 1234."""
    check("tăng 1,234%", [(1.234, 1.234, "%", "exact")], False)


def test_two_amounts_of_one_scale_stay_two() -> None:
    """'1 tỷ 1 tỷ' is no compound: a second group adds only when its scale is smaller."""
    check("cấp 1 tỷ, 1 tỷ", [(1e9, 1e9, "VND", "exact"), (1e9, 1e9, "VND", "exact")], False)


# --- deadlines -----------------------------------------------------------------------------------------

DEADLINES: list[tuple[str, list[int]]] = [
    ("tăng bình quân 7% giai đoạn 2026 - 2030", [2030]),
    ("trong giai đoạn 2026-2030 trồng mới 5.000 ha rừng", [2030]),
    ("giảm 1% mỗi năm trong giai đoạn từ năm 2026 đến năm 2030", [2030]),
    ("hoàn thành từ 2026 đến 2029", [2029]),
    ("hoàn thành trước năm 2030", [2030]),
    ("xóa nhà tạm chậm nhất năm 2028", [2028]),
    ("đưa vào vận hành chậm nhất vào năm 2028", [2028]),
    ("khánh thành chậm nhất là năm 2027", [2027]),
    ("hoàn tất muộn nhất là vào năm 2029", [2029]),
    ("cấp điện cho 100% hộ trong năm 2026", [2026]),
    ("số hóa 100% hồ sơ đến hết năm 2027", [2027]),
    ("tỷ lệ hộ nghèo còn 1,5% năm 2030", [2030]),
    ("khởi công trong quý III/2026", [2026]),
    ("đưa vào khai thác quý 3/2026", [2026]),
    ("bàn giao trong quý III năm 2026", [2026]),
    ("hoàn thành đến cuối năm 2025", [2025]),
    ("đạt 60% vào cuối năm 2025", [2025]),
    ("phê duyệt đến giữa năm 2026", [2026]),
    ("thông xe đến hết quý II/2027", [2027]),
    ("ban hành trước quý IV/2026", [2026]),
    ("giải ngân đến trước năm 2030", [2030]),
    ("phủ sóng tới năm 2030", [2030]),
    ("tăng lên 90% đến 2030", [2030]),
    ("đạt 12 tỷ USD vào năm 2035", [2035]),
    ("kết nối đến tháng 6/2026", [2026]),
    ("hoàn thành trước ngày 31/12/2026", [2026]),
    ("đến năm 2030, tầm nhìn đến năm 2045", [2030, 2045]),
    ("từ năm 2026 trở đi", [2026]),
    ("kể từ năm 2027", [2027]),
    ("tăng gấp 2 lần so với năm 2021", []),
    ("đến năm 2028 tăng gấp đôi so với năm 2023", [2028]),
    ("doanh thu năm 2030 gấp 1,5 lần năm 2025", [2030]),
    ("thu nhập năm 2029 gấp đôi năm 2024", [2029]),
    ("quy mô năm 2030 gấp ba lần năm 2020", [2030]),
    ("cao hơn so với giai đoạn 2016-2020", []),
    ("đạt khoảng 31% (so với 26,4% năm 2021)", []),
    ("tăng 5% so với cùng kỳ năm 2024", []),
    ("đến năm 2027 đạt 30%, đến năm 2030 đạt 45%", [2027, 2030]),
]


@pytest.mark.parametrize(
    ("text", "years", "folded"),
    [pytest.param(t, y, f, id=f"{'folded' if f else 'marked'}:{t[:40]}") for t, y in DEADLINES for f in (False, True)],
)
def test_deadline_years(text: str, years: list[int], folded: bool) -> None:
    t = _prepared(text, folded)
    assert [d.year for d in find_deadlines(t, 0, len(t), folded)] == years


@pytest.mark.parametrize("folded", [False, True])
def test_a_span_from_one_year_to_another_is_a_period(folded: bool) -> None:
    """'từ năm 2026 đến năm 2030' is due by 2030: one period, not 'from 2026' and 'by 2030'."""
    t = _prepared("giảm 2% hằng năm từ năm 2026 đến năm 2030", folded)
    assert [(d.year, d.kind) for d in find_deadlines(t, 0, len(t), folded)] == [(2030, "period")]


@pytest.mark.parametrize("folded", [False, True])
def test_a_reversed_span_is_no_period(folded: bool) -> None:
    t = _prepared("từ năm 2030 đến năm 2026", folded)
    assert [(d.year, d.kind) for d in find_deadlines(t, 0, len(t), folded)] == [(2030, "from"), (2026, "by")]


@pytest.mark.parametrize(
    ("text", "value", "year"),
    [
        ("tỷ lệ đô thị hóa đạt 48% năm 2030", (48, 48, "%", "exact"), 2030),
        ("thu ngân sách không thấp hơn 7.000 tỷ đồng trong năm 2026", (7e12, 7e12, "VND", "min"), 2026),
        ("tỷ suất sinh thô dưới 15‰ giai đoạn 2026 - 2030", (15, 15, "‰", "max"), 2030),
        ("thu nhập gấp 2 lần đến hết năm 2030", (2, 2, "lần", "exact"), 2030),
        ("hoàn thành 80 km đê biển trước quý IV/2027", (80, 80, "km", "exact"), 2027),
    ],
)
@pytest.mark.parametrize("folded", [False, True])
def test_value_and_its_deadline(text: str, value: Value, year: int, folded: bool) -> None:
    check(text, [value], folded)
    t = _prepared(text, folded)
    assert [d.year for d in find_deadlines(t, 0, len(t), folded)] == [year]
