"""Sentence classes of the target stage, each on sentences we wrote, with and without diacritics."""

from __future__ import annotations

import pytest

import extractor
from extractor.text.normalize import fold


def _targets(text: str, folded: bool) -> list:
    return extractor.extract(fold(text) if folded else text).targets


@pytest.mark.parametrize("folded", [False, True])
def test_a_multiple_is_a_growth_factor_named_by_its_subject(folded: bool) -> None:
    (t,) = _targets("Phấn đấu đến năm 2030, thu nhập bình quân đầu người tăng gấp 3 lần so với năm 2020.", folded)
    assert (t.metric, t.value.low, t.deadline.year) == ("growth", 3, 2030)
    assert fold(t.entity) == "thu nhap binh quan dau nguoi"


@pytest.mark.parametrize("folded", [False, True])
def test_a_share_of_spending_is_a_target_but_money_allocated_is_a_means(folded: bool) -> None:
    found = _targets("Đến năm 2030, chi cho nghiên cứu và phát triển trên GRDP đạt tối thiểu 1,5%. "
                     "Kinh phí bố trí cho chương trình giai đoạn 2026 - 2030 là 800 tỷ đồng.", folded)
    assert [(t.value.low, t.value.unit) for t in found] == [(1.5, "%")]


@pytest.mark.parametrize("folded", [False, True])
def test_a_body_given_the_lead_in_a_news_article_is_in_charge(folded: bool) -> None:
    found = _targets("UBND tỉnh Bình Định vừa ban hành kế hoạch phát triển du lịch cộng đồng. Theo đó, đến năm 2028 "
                     "toàn tỉnh có 40 điểm du lịch cộng đồng đạt chuẩn.\n\nSở Văn hóa, Thể thao và Du lịch được giao "
                     "chủ trì, theo dõi và tổng hợp kết quả thực hiện.", folded)
    (t,) = found
    assert fold(t.agency) == fold("Sở Văn hóa, Thể thao và Du lịch") and t.agency_source == "assignment"


@pytest.mark.parametrize("folded", [False, True])
def test_a_plan_sentence_dated_in_the_past_reports_a_result(folded: bool) -> None:
    text = ("UBND TỈNH HẬU GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 3/KH-UBND\nHậu Giang, ngày 5 tháng 1 năm "
            "2026\n\nKẾ HOẠCH\n\nII. MỤC TIÊU\n\n- Tỷ lệ hộ dùng nước sạch đạt 90%.\n\n"
            "Năm 2025, toàn tỉnh có 82% hộ dùng nước sạch.\n")
    assert [t.value.low for t in _targets(text, folded)] == [90]


@pytest.mark.parametrize("folded", [False, True])
def test_a_quantified_task_under_the_tasks_heading_is_a_target(folded: bool) -> None:
    text = ("UBND TỈNH BẠC LIÊU\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nKẾ HOẠCH\n\nIII. NHIỆM VỤ, GIẢI PHÁP\n\n"
            "1. Nâng cao tay nghề: tổ chức tập huấn cho 1.200 lượt nông dân nuôi tôm.\n")
    (t,) = _targets(text, folded)
    assert t.value.low == 1200 and fold(t.value.unit) == "luot"


# Issue 10, classes of the aim-or-value decision (sentences we wrote).


@pytest.mark.parametrize("folded", [False, True])
def test_a_history_word_governed_by_an_aim_verb_does_not_make_the_list_history(folded: bool) -> None:
    text = ("Bản tin y tế\n\nĐối với y tế cơ sở, duy trì kết quả phủ sóng trạm y tế ở mọi xã; "
            "85% các xã đạt bộ tiêu chí quốc gia về y tế; 60% các huyện có trung tâm y tế đạt chuẩn.")
    assert [t.value.low for t in _targets(text, folded)] == [85, 60]


@pytest.mark.parametrize("folded", [False, True])
def test_a_value_joined_by_va_to_the_previous_one_is_a_value_of_its_own(folded: bool) -> None:
    text = "Đến năm 2028, tỷ lệ tiêm chủng đạt 92% trẻ em dưới một tuổi và 88% phụ nữ mang thai."
    assert [t.value.low for t in _targets(text, folded)] == [92, 88]


@pytest.mark.parametrize("folded", [False, True])
def test_a_floor_qualifier_states_an_aim_in_a_sentence_without_a_cue(folded: bool) -> None:
    text = ("Năm 2027, tỉnh Hà Tĩnh đặt mục tiêu tăng trưởng GRDP đạt trên 9%. Tổng thu ngân sách trên địa bàn "
            "không thấp hơn 21.500 tỷ đồng, trong đó thu nội địa không ít hơn 18.000 tỷ đồng.")
    found = _targets(text, folded)
    assert [t.value.low for t in found] == [9, 21_500_000_000_000, 18_000_000_000_000]
    assert [t.value.qualifier for t in found] == ["min", "min", "min"]


@pytest.mark.parametrize("folded", [False, True])
def test_the_next_sentence_of_an_aim_paragraph_that_states_a_value_goes_on_with_the_aim(folded: bool) -> None:
    text = ("Ngành giao thông đặt mục tiêu đến năm 2030 cả nước có 5.000 km đường cao tốc. "
            "Tỷ lệ đường giao thông nông thôn được cứng hóa đạt 95-98%.")
    found = _targets(text, folded)
    assert [(t.value.low, t.value.high, t.deadline.year) for t in found] == [(5000, 5000, 2030), (95, 98, 2030)]


@pytest.mark.parametrize("folded", [False, True])
def test_a_report_after_a_mixed_sentence_does_not_inherit_its_aim(folded: bool) -> None:
    text = ("Chương trình đã hỗ trợ 12.000 hộ, trong đó phấn đấu hoàn thành 3.000 căn nhà trong năm 2026. "
            "Quỹ tín dụng cho vay 4.500 lượt hộ, riêng cho vay sửa nhà đạt 300 tỷ đồng.")
    assert [t.value.low for t in _targets(text, folded)] == [3000]


@pytest.mark.parametrize("folded", [False, True])
def test_a_paragraph_going_on_from_an_aim_with_a_connective_states_aims(folded: bool) -> None:
    text = ("Tỉnh Phú Yên đặt mục tiêu đến năm 2030 có 40% diện tích lúa được canh tác theo quy trình bền vững.\n\n"
            "Trên cơ sở đó, tỉnh xây dựng từ 4 đến 6 vùng nguyên liệu tập trung; hình thành 12 hợp tác xã kiểu mới.")
    found = _targets(text, folded)
    assert [(t.value.low, t.value.high) for t in found] == [(40, 40), (4, 6), (12, 12)]


@pytest.mark.parametrize("folded", [False, True])
def test_a_percentage_of_a_whole_is_never_a_budget(folded: bool) -> None:
    text = ("Đến năm 2030, chi phí vận tải giảm xuống tương đương 12-14% GDP; tỷ trọng kinh phí từ doanh nghiệp "
            "trong tổng vốn cho đổi mới thiết bị đạt trên 55%.")
    assert [(t.value.low, t.value.high) for t in _targets(text, folded)] == [(12, 14), (55, 55)]


@pytest.mark.parametrize("folded", [False, True])
def test_money_allocated_to_the_programme_is_a_means(folded: bool) -> None:
    text = ("Phấn đấu đến năm 2030 có 300 xã đạt chuẩn. Tổng nguồn vốn ngân sách tỉnh bố trí cho chương trình "
            "trong giai đoạn 2026-2030 là 2.400 tỷ đồng.")
    assert [t.value.low for t in _targets(text, folded)] == [300]


@pytest.mark.parametrize("folded", [False, True])
def test_a_share_of_places_after_tai_is_a_value_but_a_count_of_places_is_not(folded: bool) -> None:
    text = "Đến năm 2029, tổ chức dạy bơi cho học sinh tại 100% trường tiểu học; thí điểm tại 05 trường."
    assert [(t.value.low, t.value.unit) for t in _targets(text, folded)] == [(100, "%")]


@pytest.mark.parametrize("folded", [False, True])
def test_the_threshold_of_what_is_to_be_eliminated_is_no_value(folded: bool) -> None:
    text = "Phấn đấu đến năm 2028 có 70% số xã đạt chuẩn và không còn xã dưới 12 tiêu chí."
    assert [t.value.low for t in _targets(text, folded)] == [70]


@pytest.mark.parametrize("folded", [False, True])
def test_a_value_under_a_condition_is_no_target(folded: bool) -> None:
    text = ("Đến năm 2027, tỷ lệ nữ lãnh đạo cấp phòng đạt 35%. Đơn vị có tỷ lệ nữ thấp dưới 20% có thể điều "
            "chỉnh mục tiêu cho phù hợp.")
    assert [t.value.low for t in _targets(text, folded)] == [35]


@pytest.mark.parametrize("folded", [False, True])
def test_a_qualifier_that_carries_the_value_verb_makes_a_bare_number_a_value(folded: bool) -> None:
    (t,) = _targets("Đến năm 2030, chỉ số hạnh phúc của người dân đạt tối thiểu 70 trên thang 100.", folded)
    assert (t.value.low, t.value.qualifier) == (70, "min")


def test_a_one_syllable_cue_without_diacritics_reads_as_many_words() -> None:
    # "can" is cần (a cue), căn and cận: in text without marks it says nothing of aims.
    text = fold("Năm 2024, tỉnh hỗ trợ 800 căn nhà cho hộ cận nghèo.")
    assert extractor.extract(text).targets == []


@pytest.mark.parametrize("folded", [False, True])
def test_a_length_in_centimetres_is_an_amount(folded: bool) -> None:
    (t,) = _targets("Đến năm 2035, chiều cao trung bình của thanh niên tăng thêm tối thiểu 2cm.", folded)
    assert (t.metric, t.value.low, t.value.unit, t.value.qualifier) == ("amount", 2, "cm", "min")


# Issue 10, entity wording of a share of a whole.


@pytest.mark.parametrize("folded", [False, True])
def test_the_part_that_takes_a_share_of_a_whole_is_what_is_measured(folded: bool) -> None:
    (t,) = _targets("Đến năm 2028, công nghiệp chế biến chiếm trên 30% giá trị sản xuất công nghiệp.", folded)
    assert fold(t.entity) == "cong nghiep che bien" and t.metric == "share"


@pytest.mark.parametrize("folded", [False, True])
def test_a_share_head_alone_before_the_value_leaves_the_subject_before_it(folded: bool) -> None:
    found = _targets("Đến năm 2030, khu vực dịch vụ đóng góp khoảng 45% GRDP; nông nghiệp sạch đạt tỷ trọng 12% "
                     "giá trị sản xuất nông nghiệp.", folded)
    assert [fold(t.entity) for t in found] == ["khu vuc dich vu", "nong nghiep sach"]


@pytest.mark.parametrize("folded", [False, True])
def test_a_share_verb_makes_a_share_though_growth_is_spoken_of_before(folded: bool) -> None:
    text = "Góp phần vào tăng trưởng GRDP hằng năm, phấn đấu đến năm 2027 kinh tế biển chiếm 25% GRDP."
    (t,) = _targets(text, folded)
    assert (t.metric, t.deadline.recurring, fold(t.entity)) == ("share", None, "kinh te bien")


@pytest.mark.parametrize("folded", [False, True])
def test_an_action_on_a_share_of_a_total_keeps_its_object(folded: bool) -> None:
    (t,) = _targets("Đến năm 2030, tiết kiệm tối thiểu 4% tổng lượng nước sạch tiêu thụ.", folded)
    assert fold(t.entity).startswith("tong luong nuoc sach")


@pytest.mark.parametrize("folded", [False, True])
def test_a_headline_and_its_body_statement_keep_the_fuller_body_sentence(folded: bool) -> None:
    text = ("Bình Phước: đến năm 2027, du lịch đóng góp khoảng 8% GRDP\n\nTheo kế hoạch vừa ban hành, tỉnh Bình "
            "Phước phấn đấu đến năm 2027 du lịch đóng góp 8% GRDP của tỉnh, tạo thêm việc làm cho người dân.")
    (t,) = _targets(text, folded)
    assert t.value.qualifier == "exact" and fold(t.evidence.text).startswith("Theo ke hoach")


@pytest.mark.parametrize("folded", [False, True])
def test_a_value_alone_on_its_line_with_nothing_it_measures_is_no_target(folded: bool) -> None:
    text = "II. MỤC TIÊU\n\n1. Tỷ lệ hộ có nước sạch đạt 95%.\n\n- 30%/năm.\n"
    assert [t.value.low for t in _targets(text, folded)] == [95]


# Issue 10, text without diacritics: 'da' is đã (history) and đa (multi-, tối đa).


@pytest.mark.parametrize("text", [
    "Phấn đấu đến năm 2030, tỷ lệ hộ nghèo đa chiều giảm còn tối đa 2%.",
    "Phấn đấu đến năm 2030, tỷ lệ lao động thất nghiệp giảm còn tối đa 2%.",
])
def test_da_of_a_compound_is_no_history_without_diacritics(text: str) -> None:
    assert [t.value.low for t in extractor.extract(fold(text)).targets] == [2]


def test_da_before_a_verb_is_history_without_diacritics() -> None:
    text = fold("Năm 2024, tỉnh đã tuyển sinh đào tạo nghề cho 12.000 người.")
    assert extractor.extract(text).targets == []


@pytest.mark.parametrize("folded", [False, True])
def test_a_share_of_suppliers_to_multinationals_is_listed_after_its_count(folded: bool) -> None:
    text = ("Mục tiêu đến năm 2028 có 300 doanh nghiệp công nghiệp hỗ trợ. Trong đó, có trên 40% doanh nghiệp "
            "cung ứng cho các tập đoàn đa quốc gia.")
    assert [t.value.low for t in _targets(text, folded)] == [300, 40]


# Issue 10, ranks.


@pytest.mark.parametrize("folded", [False, True])
def test_a_rank_in_the_top_is_counted_in_the_top_not_in_its_noun(folded: bool) -> None:
    (t,) = _targets("Đến năm 2030, tỉnh Bình Dương thuộc top 05 địa phương dẫn đầu cả nước về chuyển đổi số.", folded)
    assert (t.metric, t.value.low, t.value.unit, t.value.qualifier) == ("level", 5, "top", "max")


@pytest.mark.parametrize("folded", [False, True])
def test_a_second_rank_joined_by_va_trong_is_a_value_of_its_own(folded: bool) -> None:
    text = ("Đến năm 2035, nằm trong 3 quốc gia có hạ tầng số tốt nhất Đông Nam Á và trong 20 quốc gia "
            "có hạ tầng số tốt nhất thế giới.")
    found = _targets(text, folded)
    assert [(t.metric, t.value.low, fold(t.value.unit)) for t in found] == [("level", 3, "quoc gia"),
                                                                           ("level", 20, "quoc gia")]


@pytest.mark.parametrize("folded", [False, True])
def test_a_rank_inside_a_benchmark_is_no_value(folded: bool) -> None:
    text = ("Đến năm 2030, chất lượng đào tạo của các trường nghề ngang mức trung bình của các "
            "trường thuộc nhóm 5 nước dẫn đầu khu vực; 100% trường nghề có thư viện số.")
    assert [t.value.low for t in _targets(text, folded)] == [100]


# Issue 10, deadlines.


@pytest.mark.parametrize("folded", [False, True])
def test_a_lettered_deadline_item_heads_the_items_below_it(folded: bool) -> None:
    text = ("II. MỤC TIÊU\n\n2. Mục tiêu cụ thể\n\na) Đến năm 2027\n\n- 60% hồ sơ công trình được số hóa;\n\n"
            "b) Đến năm 2031\n\n- Hoàn thiện cơ sở dữ liệu dùng chung của ngành;\n\n"
            "- Triển khai nền tảng số dùng chung cho các cơ quan quản lý;\n\n"
            "- 100% quy trình thẩm định được thực hiện trực tuyến;\n")
    found = _targets(text, folded)
    assert [(t.value.low, t.deadline.year) for t in found] == [(60, 2027), (100, 2031)]


@pytest.mark.parametrize("folded", [False, True])
def test_a_deadline_in_a_closed_bracket_is_not_the_next_values(folded: bool) -> None:
    text = ("Đến năm 2026, tỷ lệ hộ dùng điện mặt trời đạt 10% (đến năm 2030 đạt 25%); tỷ lệ xe buýt điện "
            "đạt 30%.")
    found = _targets(text, folded)
    assert [(t.value.low, t.deadline.year) for t in found] == [(10, 2026), (25, 2030), (30, 2026)]


# Issue 10, entities that name nothing, and multiples.


@pytest.mark.parametrize("folded", [False, True])
def test_a_second_rate_with_only_its_base_measures_what_the_first_measures(folded: bool) -> None:
    text = "Giảm tỷ suất tử vong do đuối nước ở trẻ em xuống 6/100.000 trẻ em vào năm 2027 và 4/100.000 vào năm 2030."
    found = _targets(text, folded)
    assert [t.value.low for t in found] == [6, 4]
    assert fold(found[1].entity) == fold(found[0].entity) and "ty suat" in fold(found[1].entity).lower()


@pytest.mark.parametrize("folded", [False, True])
def test_a_place_in_a_list_by_place_takes_the_measure_of_the_list(folded: bool) -> None:
    text = ("Phấn đấu đến năm 2027, tỷ lệ hộ dùng nước sạch của tỉnh Lâm Đồng đạt 92%, tỉnh Đắk Nông 88%, "
            "tỉnh Bình Thuận 90%.")
    found = _targets(text, folded)
    assert [t.value.low for t in found] == [92, 88, 90]
    assert all(fold(t.entity).lower().startswith("ty le ho dung nuoc sach") for t in found)


@pytest.mark.parametrize("folded", [False, True])
def test_a_multiple_a_quantity_falls_to_is_a_ratio_named_by_its_subject(folded: bool) -> None:
    (t,) = _targets("Đến năm 2028, giảm chênh lệch thu nhập giữa thành thị và nông thôn còn 1,4 lần.", folded)
    assert (t.metric, t.value.low, fold(t.value.unit)) == ("rate", 1.4, "lan")
    assert "thu nhap giua thanh thi va nong thon" in fold(t.entity).lower()


@pytest.mark.parametrize("folded", [False, True])
def test_a_province_that_sets_the_aim_delivers_what_its_paragraph_goes_on_to_list(folded: bool) -> None:
    text = ("Bản tin kinh tế\n\nNăm 2027, tỉnh Nam Định đặt mục tiêu tăng trưởng GRDP đạt trên 9%. Tổng thu ngân "
            "sách trên địa bàn không thấp hơn 8.000 tỷ đồng.")
    found = _targets(text, folded)
    assert [t.value.low for t in found] == [9, 8_000_000_000_000]
    assert all(fold(t.agency) == "UBND tinh Nam Dinh" for t in found)


# Issue 10, verb-led targets, reports of attainment, durations.


@pytest.mark.parametrize(("text", "entity"), [
    ("Phấn đấu đến năm 2030 trồng mới 1.500 ha rừng phòng hộ ven biển.", "rung phong ho ven bien"),
    ("Đến năm 2029, xây dựng 250 km đê biển kiên cố.", "de bien kien co"),
    ("Đến năm 2030, tỉnh phấn đấu lọt vào top 15 địa phương dẫn đầu về chỉ số năng lực cạnh tranh.",
     "dia phuong dan dau ve chi so nang luc canh tranh"),
])
@pytest.mark.parametrize("folded", [False, True])
def test_a_verb_led_target_names_the_thing_not_the_verb(text: str, entity: str, folded: bool) -> None:
    (t,) = _targets(text, folded)
    assert fold(t.entity).lower() == entity


@pytest.mark.parametrize("folded", [False, True])
def test_a_percentage_of_the_plan_met_is_a_report(folded: bool) -> None:
    assert _targets("Năm 2024, thu ngân sách trên địa bàn đạt 112% dự toán.", folded) == []


@pytest.mark.parametrize("folded", [False, True])
def test_a_percentage_of_the_plan_under_an_aim_is_a_target(folded: bool) -> None:
    (t,) = _targets("Phấn đấu năm 2027 thu ngân sách trên địa bàn đạt 100% dự toán được giao.", folded)
    assert t.value.low == 100


@pytest.mark.parametrize("folded", [False, True])
def test_a_tally_up_to_a_month_is_history(folded: bool) -> None:
    assert _targets("Tính đến tháng 9/2025, toàn tỉnh có 64% xã đạt chuẩn nông thôn mới nâng cao.", folded) == []


@pytest.mark.parametrize("folded", [False, True])
def test_a_duration_in_years_is_a_level(folded: bool) -> None:
    found = _targets("Đến năm 2030, tuổi bình quân của đàn bò giống đạt 6 tuổi, trong đó thời gian khai thác "
                     "đạt tối thiểu 4 năm.", folded)
    assert [(t.value.low, t.metric, fold(t.value.unit)) for t in found] == [(6, "level", "tuoi"),
                                                                            (4, "level", "nam")]


@pytest.mark.parametrize("folded", [False, True])
def test_the_year_of_a_deadline_is_no_count_of_the_noun_after_it(folded: bool) -> None:
    (t,) = _targets("Theo đó, đến năm 2030 tỉnh đón 6 triệu lượt khách du lịch.", folded)
    assert (t.value.low, t.deadline.year) == (6_000_000, 2030)


@pytest.mark.parametrize("folded", [False, True])
def test_a_sentence_dated_before_the_aim_it_follows_is_a_baseline(folded: bool) -> None:
    text = ("Bản tin đô thị\n\nMục tiêu đến năm 2030, tỷ lệ đô thị hóa của tỉnh đạt 48%. Năm 2025, tỷ lệ đô thị hóa "
            "của tỉnh đạt 39%.")
    assert [t.value.low for t in _targets(text, folded)] == [48]


def test_without_diacritics_a_syllable_like_a_qualifier_stays_in_the_subject() -> None:
    # "điện tử" folds to "dien tu", and "tu" is also "từ" (from): the subject keeps its last syllable.
    (t,) = extractor.extract(fold("Đến năm 2030, tỷ lệ hộ kinh doanh dùng hóa đơn điện tử đạt trên 90%.")).targets
    assert t.entity.lower().endswith("dien tu")


# Issue 10, the body named as the subject of what it does, and national scope.


_HA_GIANG = ("UBND TỈNH HÀ GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 5/KH-UBND\nHà Giang, ngày 5 tháng 1 năm "
             "2026\n\nKẾ HOẠCH\n\nII. MỤC TIÊU\n\n")


@pytest.mark.parametrize(("text", "body"), [
    ("Đến năm 2028, Trung tâm Khuyến nông tỉnh tổ chức ít nhất 40 lớp tập huấn mỗi năm.", "Trung tâm Khuyến nông tỉnh"),
    ("Đến năm 2028, Sở Tư pháp có nhiệm vụ bảo đảm 100% hồ sơ lý lịch tư pháp được cấp trực tuyến.", "Sở Tư pháp"),
    ("Đến năm 2028, Hội Liên hiệp Phụ nữ tỉnh sẽ vận động thành lập 30 tổ hợp tác.", "Hội Liên hiệp Phụ nữ tỉnh"),
])
@pytest.mark.parametrize("folded", [False, True])
def test_the_body_that_does_what_the_target_counts_delivers_it(text: str, body: str, folded: bool) -> None:
    (t,) = _targets(text, folded)
    assert fold(t.agency) == fold(body) and t.agency_source == "sentence"


@pytest.mark.parametrize("folded", [False, True])
def test_a_body_inside_the_measured_phrase_before_a_value_verb_is_not_the_subject(folded: bool) -> None:
    (t,) = _targets(_HA_GIANG + "- Đến năm 2028, tỷ lệ hồ sơ của Sở Y tế được giải quyết đúng hạn đạt 98%.\n", folded)
    assert t.agency_source != "sentence"


@pytest.mark.parametrize("sentence", [
    "- Đến năm 2029, số trường học đạt chuẩn quốc gia chiếm 70%.",
    "- Đến năm 2029, số doanh nghiệp cung ứng cho các tập đoàn đa quốc gia đạt 40 doanh nghiệp.",
])
@pytest.mark.parametrize("folded", [False, True])
def test_a_national_standard_or_a_multinational_is_no_national_scope(sentence: str, folded: bool) -> None:
    (t,) = _targets(_HA_GIANG + sentence + "\n", folded)
    assert fold(t.location) == "Ha Giang"


# Issue 10, yearly changes, their deadlines, and ranks without a unit word.


@pytest.mark.parametrize("folded", [False, True])
def test_a_yearly_decrease_after_a_qualifier_is_a_growth(folded: bool) -> None:
    (t,) = _targets("Phấn đấu kéo giảm số vụ cháy rừng từ 10% trở lên mỗi năm.", folded)
    assert (t.metric, t.value.qualifier, t.deadline.recurring) == ("growth", "min", "annual")


@pytest.mark.parametrize("folded", [False, True])
def test_a_yearly_target_runs_to_its_periods_end_not_the_vision_year(folded: bool) -> None:
    text = ("UBND tỉnh Hưng Yên vừa ban hành Kế hoạch phát triển logistics giai đoạn 2026 - 2030, tầm nhìn đến năm "
            "2040.\n\nTheo kế hoạch, doanh thu dịch vụ logistics tăng bình quân 12%/năm.")
    (t,) = _targets(text, folded)
    assert (t.deadline.year, t.deadline.recurring) == (2030, "annual")


@pytest.mark.parametrize("folded", [False, True])
def test_a_rank_in_a_group_is_counted_in_the_noun_after_it(folded: bool) -> None:
    (t,) = _targets("Đến năm 2030, tỉnh phấn đấu nằm trong nhóm 5 địa phương dẫn đầu về thu hút đầu tư.", folded)
    assert (t.metric, t.value.low, t.value.qualifier) == ("level", 5, "max")
    # Without diacritics the word segmenter knows no compound: the unit is its first syllable.
    assert fold(t.value.unit) == ("dia" if folded else "dia phuong")


@pytest.mark.parametrize("folded", [False, True])
def test_an_annual_cue_at_the_start_of_a_clause_heads_its_values(folded: bool) -> None:
    text = "Đến năm 2030, hoàn thiện cơ chế hỗ trợ; mỗi năm tổ chức đào tạo, bồi dưỡng cho 300 cán bộ thú y cơ sở."
    (t,) = _targets(text, folded)
    assert (t.value.low, t.deadline.recurring) == (300, "annual")
