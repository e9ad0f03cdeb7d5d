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
