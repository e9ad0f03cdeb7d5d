"""The structure stage on documents we wrote: hard-wrapped decisions as PDF extraction gives them, the
section tree, Tổ chức thực hiện, resolutions, signature blocks, news furniture, diacritic-free twins."""

from __future__ import annotations

import pytest

import extractor
from extractor.text import layout
from extractor.text.normalize import fold, normalize
from extractor.text.segment import paragraphs

PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÀ TĨNH
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 87/KH-UBND
Hà Tĩnh, ngày 14 tháng 3 năm 2026

KẾ HOẠCH
PHÁT TRIỂN THƯ VIỆN SỐ TỈNH HÀ TĨNH GIAI ĐOẠN 2026 - 2030

I. MỤC ĐÍCH, YÊU CẦU

Nâng cao khả năng tiếp cận tri thức của người dân thông qua mạng lưới thư viện
hiện đại, kết nối với các cơ sở giáo dục trên địa bàn tỉnh.

II. MỤC TIÊU

1. Mục tiêu cụ thể

a) Đến năm 2028

- Có ít nhất 60% thư viện cấp xã được kết nối với
hệ thống thư viện số của tỉnh;

- 100% trường trung học phổ thông có phòng đọc điện tử.

b) Đến năm 2030

- Số lượt bạn đọc truy cập tài nguyên số đạt trên 2 triệu lượt mỗi năm.

III. TỔ CHỨC
THỰC HIỆN

1. Sở Văn hóa, Thể thao và Du lịch

Chủ trì, phối hợp với các sở, ngành, địa phương tổ chức triển khai Kế hoạch;
hướng dẫn, đôn đốc, kiểm tra, tổng hợp kết quả thực hiện, báo cáo UBND tỉnh.

2. Sở Tài chính

Chủ trì tham mưu bố trí kinh phí thực hiện Kế hoạch theo phân cấp ngân sách.

3. Sở Giáo dục và Đào tạo

Phối hợp triển khai phòng đọc điện tử tại các trường học.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn Khoa

Nơi nhận:
- Bộ Văn hóa, Thể thao và Du lịch;
- Lưu: VT, KGVX.
"""

RESOLUTION = """HỘI ĐỒNG NHÂN DÂN
TỈNH GIA LAI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 21/NQ-HĐND

NGHỊ QUYẾT
VỀ KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2027

Điều 1. Các chỉ tiêu chủ yếu

1. Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) đạt 8,5%.

2. Tỷ lệ che phủ rừng đạt 47%.

Điều 2. Tổ chức thực hiện

1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.

2. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh giám sát việc thực hiện.
"""

NEWS = """Kiên Giang: đến năm 2030 có 30.000 ha lúa chất lượng cao

-
Khánh thành cầu mới nối hai bờ sông ở thành phố 2 tỷ đồng
-
Ra mắt 15 sản phẩm OCOP đạt chuẩn 4 sao năm nay
-
Giá lúa tăng 5% so với tuần trước

UBND tỉnh An Giang vừa ban hành Kế hoạch phát triển vùng lúa chất lượng cao đến năm 2030, trong đó đặt mục \
tiêu mở rộng diện tích lúa chất lượng cao lên 30.000 ha, gắn với liên kết tiêu thụ cho nông dân trên địa bàn.

Theo kế hoạch, tỉnh phấn đấu đến năm 2030 có 200 hợp tác xã tham gia chuỗi liên kết sản xuất lúa gạo, \
góp phần nâng cao thu nhập cho người trồng lúa ở các vùng chuyên canh.

Ảnh minh họa: cánh đồng mẫu lớn 500 ha tại một xã
"""


def _struct(text: str) -> tuple[str, layout.Layout, list, list]:
    n = normalize(text)
    lay = layout.analyse_layout(layout.structural(n))
    paras = paragraphs(n.norm, lay.breaks)
    return n.norm, lay, paras, layout.sections(n.norm, paras, lay)


def test_structural_text_keeps_pipes_and_stars_that_normalisation_blanks() -> None:
    n = normalize("| **Chỉ tiêu** | 2025 |\n")
    s = layout.structural(n)
    assert len(s) == len(n.norm)
    assert s.startswith("| **Chỉ tiêu** |") and "|" not in n.norm


def test_a_heading_wrapped_over_two_lines_is_one_heading_and_the_tree_nests() -> None:
    norm, _, paras, secs = _struct(PLAN)
    titles = [s.path[-1] for s in secs if s.heading]
    assert "III. TỔ CHỨC THỰC HIỆN" in titles
    item = next(i for i, p in enumerate(paras) if "thư viện cấp xã" in norm[p.start:p.end])
    assert secs[item].path == ("KẾ HOẠCH PHÁT TRIỂN THƯ VIỆN SỐ TỈNH HÀ TĨNH GIAI ĐOẠN 2026 - 2030", "II. MỤC TIÊU",
                               "1. Mục tiêu cụ thể", "a) Đến năm 2028") or secs[item].path[-3:] == (
        "II. MỤC TIÊU", "1. Mục tiêu cụ thể", "a) Đến năm 2028")
    # The hard-wrapped list item is one paragraph.
    assert "hệ thống thư viện số" in norm[paras[item].start:paras[item].end]


def test_the_implementation_section_is_found_and_ends_at_the_document_end() -> None:
    norm, _, paras, secs = _struct(PLAN)
    ranges = layout.implementation_ranges(norm, paras, secs)
    assert len(ranges) == 1
    lo, hi = ranges[0]
    assert secs[lo].path[-1] == "III. TỔ CHỨC THỰC HIỆN"
    assert any("Sở Giáo dục" in norm[paras[k].start:paras[k].end] for k in range(lo, hi))


def test_plan_targets_take_the_lead_body_the_heading_deadline_and_their_section() -> None:
    doc = extractor.extract(PLAN)
    assert doc.issuer == "UBND tỉnh Hà Tĩnh"
    by_value = {(t.value.low, t.value.unit): t for t in doc.targets}
    share = by_value[(60, "%")]
    assert share.agency == "Sở Văn hóa, Thể thao và Du lịch" and share.agency_source == "assignment"
    assert share.deadline.year == 2028 and share.location == "Hà Tĩnh"
    assert share.section[-3:] == ["II. MỤC TIÊU", "1. Mục tiêu cụ thể", "a) Đến năm 2028"]
    assert by_value[(100, "%")].deadline.year == 2028
    visits = by_value[(2_000_000, "lượt")]
    assert visits.deadline.year == 2030 and visits.deadline.recurring == "annual"
    # The finance body that funds the plan is not its lead; nothing comes from the signature block.
    assert all(t.agency != "Sở Tài chính" for t in doc.targets)
    assert all("Nguyễn Văn Khoa" not in t.evidence.text for t in doc.targets)


def test_the_same_plan_without_diacritics_gives_the_same_record_with_names_restored() -> None:
    doc = extractor.extract(fold(PLAN))
    assert doc.issuer == "UBND tỉnh Hà Tĩnh"
    share = next(t for t in doc.targets if t.value.low == 60)
    assert share.location == "Hà Tĩnh" and share.deadline.year == 2028
    assert share.agency == "Sở Văn hóa, Thể thao và Du lịch"


def test_a_resolution_delegates_to_the_committee_not_to_its_overseers() -> None:
    doc = extractor.extract(RESOLUTION)
    assert doc.issuer == "HĐND tỉnh Gia Lai"
    assert {t.value.low for t in doc.targets} == {8.5, 47}
    for t in doc.targets:
        assert t.agency == "Ủy ban nhân dân tỉnh" and t.agency_source == "assignment"
        assert t.location == "Gia Lai"
        assert t.section and t.section[-1].startswith("Điều 1")


@pytest.mark.parametrize("text", [NEWS, fold(NEWS)])
def test_news_furniture_gives_no_target(text: str) -> None:
    doc = extractor.extract(text)
    values = {t.value.low for t in doc.targets}
    assert 30_000 in values and 200 in values
    assert not values & {2_000_000_000, 15, 5, 500}, "related headlines and captions are not the article"


def test_a_national_decision_signed_for_the_prime_minister() -> None:
    text = ("THỦ TƯỚNG CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Số: 310/QĐ-TTg\n\nQUYẾT ĐỊNH\nPhê duyệt Chương trình phát triển vật liệu xanh đến năm 2035\n\n"
            "Điều 1. Phê duyệt Chương trình với các mục tiêu sau:\n\n"
            "a) Đến năm 2035, tỷ lệ vật liệu xây không nung đạt 70% tổng số vật liệu xây.\n\n"
            "Điều 2. Bộ Xây dựng chủ trì, hướng dẫn, đôn đốc, kiểm tra việc thực hiện Chương trình.\n\n"
            "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n\nTrần Văn Bình\n")
    doc = extractor.extract(text)
    assert doc.issuer == "Thủ tướng Chính phủ"
    (t,) = doc.targets
    assert t.value.low == 70 and t.deadline.year == 2035 and t.location == "Việt Nam"
    assert t.agency == "Bộ Xây dựng"


SECTORS = """UBND TỈNH LÀO CAI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 12/KH-UBND

KẾ HOẠCH
Nâng cao chất lượng dịch vụ công giai đoạn 2026 - 2030

I. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030

1. Về y tế

- Tỷ lệ trạm y tế xã có bác sĩ làm việc đạt 95%.

2. Về giáo dục, đào tạo

- Tỷ lệ trường mầm non đạt chuẩn quốc gia đạt 70%.

3. Nông nghiệp và môi trường

- Tỷ lệ chất thải rắn sinh hoạt được thu gom đạt 92%.

II. TỔ CHỨC THỰC HIỆN

1. Sở Nội vụ: chủ trì, hướng dẫn, đôn đốc, kiểm tra, tổng hợp kết quả thực hiện Kế hoạch.

2. Sở Y tế: chủ trì thực hiện các chỉ tiêu thuộc lĩnh vực y tế.

3. Sở Giáo dục và Đào tạo: chủ trì thực hiện các chỉ tiêu về giáo dục.
"""


def test_a_body_assigned_a_sector_owns_that_sectors_targets_and_a_sector_heading_is_no_body() -> None:
    doc = extractor.extract(SECTORS)
    by_value = {t.value.low: t for t in doc.targets}
    assert by_value[95].agency == "Sở Y tế"
    assert by_value[70].agency == "Sở Giáo dục và Đào tạo"
    # No department is assigned the environment sector: the plan's lead body has it.
    assert by_value[92].agency == "Sở Nội vụ"
    assert {t.agency_source for t in doc.targets} == {"assignment"}
    assert all(t.deadline.year == 2030 for t in doc.targets)


_DEPARTMENT_PLAN = ("{header}\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
                    "Số: 85/KH-SCT\n\nKẾ HOẠCH\nPhát triển thương mại điện tử năm 2027\n\n"
                    "Phấn đấu đến năm 2027, 60% doanh nghiệp nhỏ và vừa có giao dịch trực tuyến.\n")


@pytest.mark.parametrize("header", ["ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSỞ CÔNG THƯƠNG",
                                    "UBND TỈNH QUẢNG TRỊ\n- SỞ CÔNG THƯƠNG", "SỞ CÔNG THƯƠNG TỈNH QUẢNG TRỊ"])
@pytest.mark.parametrize("fold_it", [False, True])
def test_a_department_issues_under_its_parent_and_takes_the_parents_place(header: str, fold_it: bool) -> None:
    """The lower of two stacked bodies issues (the parent's line only says where), and a department may name
    its place on its own line; without diacritics the same, the name restored."""
    text = _DEPARTMENT_PLAN.format(header=header)
    doc = extractor.extract(fold(text) if fold_it else text)
    assert doc.issuer is not None and doc.issuer.lower() == "sở công thương tỉnh quảng trị"
    (t,) = doc.targets
    assert t.agency == doc.issuer and t.agency_source == "issuer"
    assert t.location == "Quảng Trị"


def test_bracketed_sector_headings_and_a_hyphenated_departments_sectors() -> None:
    """"(a) Về y tế" is a sector heading as "a) Về y tế" is; "Sở Lao động - Thương binh và Xã hội" owns each
    of its sectors ("lao động", "thương binh", "xã hội"), as a comma or "và" divides other names."""
    text = SECTORS.replace("1. Về y tế", "(a) Về y tế").replace("2. Về giáo dục", "(b) Về giáo dục").replace(
        "3. Nông nghiệp và môi trường", "(c) Về lao động, thương binh và xã hội").replace(
        "3. Sở Giáo dục và Đào tạo:", "3. Sở Lao động - Thương binh và Xã hội: chủ trì các chỉ tiêu về lao động."
                                      "\n\n4. Sở Giáo dục và Đào tạo:")
    by_value = {t.value.low: t for t in extractor.extract(text).targets}
    assert by_value[95].agency == "Sở Y tế" and by_value[70].agency == "Sở Giáo dục và Đào tạo"
    assert by_value[92].agency == "Sở Lao động - Thương binh và Xã hội"


@pytest.mark.parametrize("issuer", ["UBND TINH BAC NINH", "UBND tinh Bac Ninh"])
def test_the_place_of_an_issuer_in_capitals_or_without_diacritics(issuer: str) -> None:
    from extractor.rules.agencies import place_in

    assert place_in(issuer) == "Bắc Ninh"
    text = f"Thuc hien Ke hoach so 12/KH-UBND cua {issuer} ve du lich, phan dau den nam 2027 don 5 trieu luot khach."
    (t,) = extractor.extract(text).targets
    assert t.location == "Bắc Ninh"


@pytest.mark.parametrize("fold_it", [False, True])
def test_an_issuer_without_its_provinces_name_takes_the_province_the_text_names_most(fold_it: bool) -> None:
    """"UBND tỉnh vừa ban hành …" with the province named only further on: the jurisdiction is the province the
    text names most often, with or without diacritics (the rank word is read in both forms)."""
    filler = "Kế hoạch tập trung vào các nhiệm vụ trọng tâm của ngành du lịch trong thời gian tới. " * 8
    text = ("UBND tỉnh vừa ban hành kế hoạch phát triển du lịch cộng đồng.\n\n" + filler + "\n\n" + filler
            + "\n\n" + filler + "\n\nKhách đến Hà Giang tăng nhanh, Hà Giang có nhiều danh thắng.\n\n"
            "Phấn đấu đến năm 2028, toàn tỉnh đón 4 triệu lượt khách du lịch.")
    (t,) = extractor.extract(fold(text) if fold_it else text).targets
    assert t.location == "Hà Giang"


def test_the_issuer_written_long_in_the_body_is_not_put_in_charge_of_itself() -> None:
    """The header's "ỦY BAN NHÂN DÂN TỈNH …" is kept as "UBND tỉnh …"; the body writes it long: the same body,
    so the target is the issuer's, not an assignment to a body in charge."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH PHÚ THỌ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n\nSố: 40/KH-UBND\n\nKẾ HOẠCH\nPhát triển nuôi trồng thủy sản\n\n"
            "I. MỤC TIÊU\n\n"
            "Đến năm 2028, sản lượng nuôi trồng thủy sản đạt 30.000 tấn.\n\nII. TỔ CHỨC THỰC HIỆN\n\n"
            "Ủy ban nhân dân tỉnh Phú Thọ chủ trì, chỉ đạo các sở, ngành thực hiện Kế hoạch.\n")
    doc = extractor.extract(text)
    (t,) = doc.targets
    assert doc.issuer == "UBND tỉnh Phú Thọ" and (t.agency, t.agency_source) == ("UBND tỉnh Phú Thọ", "issuer")


@pytest.mark.parametrize("fold_it", [False, True])
def test_a_news_lead_with_the_signers_title_before_the_body_gives_the_body(fold_it: bool) -> None:
    text = ("Thứ trưởng Bộ Công Thương Nguyễn Minh Khoa vừa ký ban hành Quyết định phê duyệt đề án, phấn đấu "
            "đến năm 2028 có 70% chợ truyền thống thanh toán không dùng tiền mặt.")
    doc = extractor.extract(fold(text) if fold_it else text)
    assert doc.issuer is not None and fold(doc.issuer).lower() == "bo cong thuong"
