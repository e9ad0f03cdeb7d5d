"""Entity error classes of issue 11 fixed in the merge policy, the person rules and the gazetteer data.

Every text here is written for the test; spans a model would give are faked with `Found`, so the cases
test the policy, not the trained model.
"""

from __future__ import annotations

import pytest

from extractor import ner
from extractor.context import entities as ents
from extractor.ner import names
from extractor.rules import agencies
from extractor.text.normalize import fold, normalize
from extractor.text.segment import paragraphs


def _found(text: str, spans: list[tuple[str, str, str]]) -> list[ner.Found]:
    return [ner.Found(text.index(t), text.index(t) + len(t), lab, src) for t, lab, src in spans]


def _rule(text: str, *names_: str) -> list[tuple[int, int]]:
    return [(text.index(w), text.index(w) + len(w)) for w in names_]


def _records(text: str, orgs: list, found: list) -> set[tuple[str, str]]:
    n = normalize(text)
    return {(" ".join(e.text.split()), e.label)
            for e in ents.entities(n, orgs, agencies.find_places(n.norm), [], found)}


# --- bodies ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fold_it", [False, True])
def test_a_body_wrapped_over_two_lines_is_judged_as_one_line(fold_it: bool) -> None:
    span = "Ủy ban\nnhân dân các xã, phường"
    assert ents.plausible(fold(span) if fold_it else span, "ORG")


def test_a_model_body_with_its_own_head_around_a_rule_body_is_the_entity_not_the_agency() -> None:
    text = "Giao Phòng Cảnh sát kinh tế - Công an tỉnh theo dõi, tổng hợp."
    rule = _rule(text, "Công an tỉnh")
    found = _found(text, [("Phòng Cảnh sát kinh tế - Công an tỉnh", "ORG", "model")])
    orgs = ents.merge_orgs(rule, found, [], normalize(text).norm)
    assert [tuple(o) for o in orgs] == rule  # the targets keep the body itself
    assert ("Phòng Cảnh sát kinh tế - Công an tỉnh", "ORG") in _records(text, orgs, found)


def test_a_model_span_that_starts_before_a_rule_body_without_a_head_gives_way() -> None:
    text = "Việc tham mưu cho Sở Nội vụ được giao."
    rule = _rule(text, "Sở Nội vụ")
    found = _found(text, [("tham mưu cho Sở Nội vụ", "ORG", "model")])
    orgs = ents.merge_orgs(rule, found, [], normalize(text).norm)
    assert _records(text, orgs, found) == {("Sở Nội vụ", "ORG")}


@pytest.mark.parametrize("fold_it", [False, True])
def test_a_heading_body_alone_on_its_line_does_not_run_into_the_next_line(fold_it: bool) -> None:
    text = "3. Sở Xây dựng\nBố trí mặt bằng cho các công trình."
    text = fold(text) if fold_it else text
    n = normalize(text)
    rule = _rule(text, text[3:14])
    found = [ner.Found(3, text.index(" mặt" if not fold_it else " mat"), "ORG", "model")]
    orgs = ents.merge_orgs(rule, found, [], n.norm, paragraphs(n.norm))
    assert [tuple(o) for o in orgs] == rule


def test_a_heading_wrapped_after_a_bare_head_stays_one_name() -> None:
    text = "5. Chi cục\nKiểm lâm vùng II\nTheo dõi diện tích rừng."
    n = normalize(text)
    name = "Chi cục\nKiểm lâm vùng II"
    found = _found(text, [(name, "ORG", "model")])
    orgs = ents.merge_orgs([], found, [], n.norm, paragraphs(n.norm))
    assert [tuple(o) for o in orgs] == _rule(text, name)


def test_a_letterhead_head_split_over_two_cells_is_one_name() -> None:
    text = "ỦY BAN NHÂN\nDÂN\nTỈNH LẠNG SƠN\n--------\n\nSố: 12/KH-UBND"
    n = normalize(text)
    paras = [p for p in paragraphs(n.norm)]
    got = ents._within_paragraphs(_rule(text, "ỦY BAN NHÂN\nDÂN\nTỈNH LẠNG SƠN"), paras, n.norm)
    assert [n.norm[s:e] for s, e in got] == ["ỦY BAN NHÂN\nDÂN\nTỈNH LẠNG SƠN"]


def test_a_signature_block_body_ends_before_its_next_line() -> None:
    text = "Nơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN\nNHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    n = normalize(text)
    span = _rule(text, "ỦY BAN\nNHÂN DÂN\nKT")
    (s, e), = ents._within_paragraphs(span, paragraphs(n.norm), n.norm)
    assert n.norm[s:e] == "ỦY BAN\nNHÂN DÂN" and not ents.named_body(n.norm[s:e])


@pytest.mark.parametrize("span", ["ỦY BAN NHÂN", "Uy ban nhan", "Hội đồng nhân", "UBND các cấp và các cơ quan"])
def test_heads_cut_short_and_every_level_at_once_are_no_named_body(span: str) -> None:
    assert not ents.named_body(span)


@pytest.mark.parametrize("span", ["Tỉnh đoàn", "Thanh doan", "Bộ đội Biên phòng", "Liên minh Hợp tác xã",
                                  "Kho bạc Nhà nước", "UBND tỉnh"])
def test_heads_the_gazetteer_lists_as_bodies_are_named(span: str) -> None:
    assert ents.named_body(span)


@pytest.mark.parametrize("span", ["Nông nghiệp công nghệ cao", "Ngân sách Thành phố", "Phần II Điều 3 Quyết định",
                                  "Cong nghiep che bien", "Tổ chức hội nghị, hội thảo chuyên đề"])
def test_a_model_body_without_a_head_and_not_capitalised_word_by_word_is_no_body(span: str) -> None:
    assert not ents.plausible(span, "ORG")


@pytest.mark.parametrize("span", ["Cổng Dịch vụ công quốc gia", "Cong Dich vu cong quoc gia", "Đảng bộ tỉnh Cao Bằng",
                                  "Tập đoàn Hòa Phát",
                                  "Liên hiệp các Hội Khoa học và Kỹ thuật", "Hòa Phát Dung Quất"])
def test_bodies_with_a_head_or_capitalised_names_stay(span: str) -> None:
    assert ents.plausible(span, "ORG")


@pytest.mark.parametrize("text", ["Thị trường chính: Hàn Quốc, Pakistan, Ấn Độ và UAE.",
                                  "Hoàn thành trong Quý IV/2026.", "Hoan thanh trong Quy IV/2026."])
def test_country_lists_and_quarters_are_no_body(text: str) -> None:
    start = text.index(": ") + 2 if ":" in text else text.index("Qu")
    end = text.index(".") if ":" in text else start + 7
    assert ents._not_a_body(text, start, end)


def test_an_office_before_a_persons_name_is_a_title() -> None:
    text = "Phó Thủ tướng Chính phủ Lê Thành Long đã ký quyết định; Thủ tướng Chính phủ giao các bộ."
    n = normalize(text)
    orgs = agencies.find_orgs(n.norm)
    got = _records(text, orgs, [])
    assert ("Thủ tướng Chính phủ", "ORG") in got
    assert ("Phó Thủ tướng Chính phủ", "ORG") not in got


def test_a_rule_body_opened_by_an_office_in_lower_case_starts_at_its_capital() -> None:
    text = "Bà Lê Thị Hoa, Chánh văn phòng UBND tỉnh Cao Bằng cho biết."
    s = text.index("văn phòng")
    e = text.index(" cho")
    assert text[slice(*ents._org_start(text, s, e))] == "UBND tỉnh Cao Bằng"


@pytest.mark.parametrize("span", ["Ủy ban nhân dân tỉnh điều chỉnh", "UBND các xã, phường định kỳ",
                                  "UBND các xã, phường và các đơn vị"])
def test_a_model_body_ends_before_the_verb_or_the_list_after_it(span: str) -> None:
    text = span + " kiểm tra."
    s, e = names.trim_span(text, 0, len(span), "ORG")
    assert text[s:e] in ("Ủy ban nhân dân tỉnh", "UBND các xã, phường")


# --- places -----------------------------------------------------------------------------------------


def test_a_province_inside_a_bodys_name_is_also_a_place_other_names_are_not() -> None:
    assert ents._jurisdiction("Sóc Trăng") and ents._jurisdiction("Soc Trang")
    assert ents._jurisdiction("THÀNH PHỐ HỒ CHÍ MINH")
    assert not ents._jurisdiction("Việt Nam") and not ents._jurisdiction("Phước Hòa")
    text = "Kế hoạch của UBND tỉnh Sóc Trăng về dân số."
    n = normalize(text)
    got = _records(text, agencies.find_orgs(n.norm), [])
    assert {("UBND tỉnh Sóc Trăng", "ORG"), ("Sóc Trăng", "LOC")} <= got


@pytest.mark.parametrize("fold_it", [False, True])
def test_the_city_word_of_ho_chi_minh_city_is_part_of_its_name(fold_it: bool) -> None:
    text = "Thành phố Hồ Chí\nMinh, ngày 5 tháng 3 năm 2026"
    text = fold(text) if fold_it else text
    s = text.index("H")
    assert " ".join(text[slice(*ents._with_city_word(text, s, s + 11))].split()) == text[:21].replace("\n", " ")


def test_a_place_at_a_lines_end_does_not_run_into_the_next_line() -> None:
    text = "Địa chỉ: 12 Lý Thường Kiệt, Q.10, TP.HCM\nĐiện thoại: 028 1234"
    found = _found(text, [("TP.HCM\nĐiện", "LOC", "model")])
    assert ("TP.HCM", "LOC") in _records(text, [], found)
    assert ("TP.HCM Điện", "LOC") not in _records(text, [], found)


def test_a_persons_name_after_a_house_number_is_a_street() -> None:
    text = "Địa chỉ: 25 Trần Quang Khải, phường Tân Định."
    found = _found(text, [("Trần Quang Khải", "PER", "model")])
    assert ("Trần Quang Khải", "LOC") in _records(text, [], found)


# --- persons ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name"), [
    ("Đại biểu dự lễ khánh thành. Ảnh: Quốc Tuấn\n\nSau đó", "Quốc Tuấn"),
    ("Dai bieu du le khanh thanh. Anh Quoc Tuan\n\nSau do", "Quoc Tuan"),
    ("kết thúc năm học.\n\nTin, ảnh: HOÀNG LONG", "HOÀNG LONG"),
    ("ket thuc nam hoc.\n\nBai va anh: Hoang Long", "Hoang Long"),
    ("tăng 5% so với cùng kỳ.\n\nT.H.\n", "T.H."),
])
def test_bylines_credits_and_initials_are_persons(text: str, name: str) -> None:
    assert [text[s:e] for s, e in names.byline_persons(text)] == [name]


@pytest.mark.parametrize("text", ["II. Mục tiêu\n", "I. Kinh\ntế số\n", "Theo KẾ HOẠCH SỐ 5\n", "Ảnh minh họa\n"])
def test_headings_and_titles_on_their_own_line_are_no_byline(text: str) -> None:
    assert names.byline_persons(text) == []


def test_a_byline_repeated_on_the_next_line_is_a_person_not_one_place() -> None:
    text = "Xuất khẩu tăng mạnh\n\nThanh Mai\nThanh Mai - \nNgày 3/4, Sở Công Thương cho biết."
    found = _found(text, [("Thanh Mai\nThanh Mai", "LOC", "model")])
    got = _records(text, [], found)
    assert ("Thanh Mai", "PER") in got and not any(lab == "LOC" for _, lab in got)


@pytest.mark.parametrize(("line", "person"), [("- Lưu: VT, (HT.Nam).", "HT.Nam"), ("Hướng tới năm 2030", "Hướng")])
def test_no_person_on_a_filing_line_nor_a_lone_word_without_a_title(line: str, person: str) -> None:
    text = "Nơi nhận:\n" + line
    assert not any(lab == "PER" for _, lab in _records(text, [], _found(text, [(person, "PER", "model")])))


def test_a_one_word_name_after_a_title_stays() -> None:
    text = "Theo ông Tùng, kế hoạch đã xong."
    found = _found(text, [("Tùng", "PER", "model")])
    assert ("Tùng", "PER") in _records(text, [], found)


# --- documents ------------------------------------------------------------------------------------


@pytest.mark.parametrize("span", ["Luật Quy hoạch đô thị", "Luat Quy hoach do thi", "Chuong trinh 135 giai doan 2026"])
def test_document_kinds_of_a_text_without_diacritics_are_read(span: str) -> None:
    assert ents.plausible(span, "DOC")


# --- levels, titles and terms around a body's name ------------------------------------------------


@pytest.mark.parametrize(("text", "body"), [
    ("Giao UBND các xã, phường tăng cường kiểm tra.", "UBND các xã, phường"),
    ("Giao UBND cac xa, phuong tang cuong kiem tra.", "UBND cac xa, phuong"),
    ("Các sở và Ủy ban nhân dân các tỉnh, thành phố tổ chức.", "Ủy ban nhân dân các tỉnh, thành phố"),
    ("UBND phường, xã, đặc khu; các cơ quan báo chí.", "UBND phường, xã, đặc khu"),
])
def test_a_body_named_by_its_level_goes_on_over_the_list_of_levels(text: str, body: str) -> None:
    n = normalize(text)
    got = _records(text, agencies.find_orgs(n.norm), [])
    assert (body, "ORG") in got


def test_a_body_named_by_its_level_does_not_take_the_next_body() -> None:
    text = "UBND tỉnh, Sở Tài chính và UBND, các sở phối hợp."
    assert ents._levels_after(text, 0, 9) == 9
    assert ents._levels_after(text, text.index("UBND,"), text.index("UBND,") + 4) == text.index("UBND,") + 4


@pytest.mark.parametrize(("span", "body"), [("Bộ Trưởng Bộ\nY tế", "Bộ\nY tế"), ("Giam doc So Y te", "So Y te"),
                                            ("Ban Chấp hành Trung ương khóa XIII", "Ban Chấp hành Trung ương")])
def test_a_body_without_the_office_before_it_nor_the_term_after_it(span: str, body: str) -> None:
    assert span[slice(*ents._without_title_and_term(span, 0, len(span)))] == body


@pytest.mark.parametrize("span", ["Ban Tổ chức tại Hội nghị tổng kết năm 2025", "Trung tâm Y tế 9 huyện/thị xã"])
def test_a_model_body_holding_a_year_or_a_count_of_units_is_no_name(span: str) -> None:
    assert not ents.plausible(span, "ORG")


@pytest.mark.parametrize("fold_it", [False, True])
def test_a_provincial_press_and_broadcasting_body_is_one_name(fold_it: bool) -> None:
    text = "Giao Báo và Phát thanh, Truyền hình tỉnh phối hợp với Sở Nội vụ."
    text = fold(text) if fold_it else text
    got = {text[s:e] for s, e, lab in ner.recognise(text) if lab == "ORG"}
    assert text[5:text.index(" phối" if not fold_it else " phoi")] in got


@pytest.mark.parametrize("span", ["Quân đội nhân dân Việt Nam", "Công đoàn ngành Y tế", "Tổ chức Y tế Thế giới",
                                  "To chuc Lao dong Quoc te"])
def test_heads_of_forces_unions_and_international_bodies(span: str) -> None:
    assert ents.plausible(span, "ORG")


@pytest.mark.parametrize("span", ["Tổ chức tập huấn, bồi dưỡng", "Công đoàn, Cựu Chiến binh, Nông dân"])
def test_a_verb_phrase_or_a_list_of_kinds_is_no_body(span: str) -> None:
    assert not ents.plausible(span, "ORG")


@pytest.mark.parametrize("fold_it", [False, True])
def test_an_amending_law_wrapped_over_a_line_keeps_the_laws_it_amends(fold_it: bool) -> None:
    text = "Căn cứ Luật Sửa đổi, bổ sung\nmột số điều của Luật Trồng trọt và Luật Chăn nuôi ngày 5 tháng 6"
    text = fold(text) if fold_it else text
    s, e = text.index("Lu"), text.index(" ngay" if fold_it else " ngày")
    assert text[slice(*names.trim_span(text, s, e, "DOC", breaks=False))] == text[s:e]


def test_a_quoted_title_ends_at_its_closing_quote() -> None:
    text = "triển khai “Đề án phát triển du lịch cộng đồng đến năm 2030” tại các xã"
    s = text.index("Đề án")
    assert text[slice(*names.trim_span(text, s, len(text), "DOC"))] == "Đề án phát triển du lịch cộng đồng đến năm 2030"


@pytest.mark.parametrize("span", ["Hiệp định Đối tác Kinh tế Toàn diện Khu vực", "Công ước Liên hợp quốc về Luật Biển",
                                  "Hiep dinh Thuong mai tu do Viet Nam - EU"])
def test_a_treaty_is_named_by_its_title(span: str) -> None:
    assert ents.plausible(span, "DOC")


@pytest.mark.parametrize("fold_it", [False, True])
def test_a_body_under_a_list_marker_on_its_own_line_ends_at_its_line(fold_it: bool) -> None:
    import extractor

    text = ("IV. TỔ CHỨC THỰC HIỆN\n\n2.14.\nSở Y tế tỉnh Lạng Sơn\nChủ trì, phối hợp với các đơn vị.\n\n"
            "SỞ Y TẾ\nTỈNH LẠNG SƠN\n")
    want = {"Sở Y tế tỉnh Lạng Sơn", "SỞ Y TẾ TỈNH LẠNG SƠN"}
    if fold_it:
        text, want = fold(text), {fold(w) for w in want}
    got = {" ".join(e.text.split()) for e in extractor.extract(text).entities if e.label == "ORG"}
    assert want <= got


# --- word edges and headings in capitals (the model's span edges) ---------------------------------------


@pytest.mark.parametrize("span", ["NHIỆM VỤ PHÁT TRIỂN NÔNG THÔN", "KẾ HOẠCH THỰC HIỆN ĐỀ ÁN",
                                  "LĨNH VỰC Y TẾ CƠ SỞ", "MỤC TIÊU CỤ THỂ"])
def test_a_heading_in_capitals_without_a_head_is_no_body(span: str) -> None:
    assert not ents.plausible(span, "ORG")
    assert not ents.plausible(fold(span), "ORG")


@pytest.mark.parametrize("span", ["SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "ỦY BAN NHÂN DÂN TỈNH KON TUM",
                                  "UBND HUYỆN MƯỜNG NHÉ", "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP"])
def test_a_body_in_capitals_with_its_head_stays(span: str) -> None:
    assert ents.plausible(span, "ORG")


def _model_doc(text: str, model: list[tuple[str, str]], listed: list[tuple[str, str]] = ()):  # noqa: ANN202
    from spacy.tokens import Span

    nlp = ner.load_nlp()
    doc = nlp.make_doc(text)
    doc.user_data[ner.tokenizer.TEXT_KEY] = text

    def span(t: str, lab: str) -> Span:
        i = text.index(t)
        return doc.char_span(i, i + len(t), label=lab)

    return doc, [span(t, lab) for t, lab in model], [span(t, lab) for t, lab in listed]


def test_a_model_body_that_starts_inside_a_word_is_dropped() -> None:
    from extractor.ner.gazetteer import _fix_model_span

    text = "II. NHIỆM VỤ PHÁT TRIỂN HẠ TẦNG SỐ"
    doc, (inside, whole), _ = _model_doc(text, [("VỤ PHÁT TRIỂN HẠ TẦNG SỐ", "ORG"),
                                                ("NHIỆM VỤ PHÁT TRIỂN HẠ TẦNG SỐ", "ORG")])
    assert _fix_model_span(doc, inside, text) is None
    assert _fix_model_span(doc, whole, text) is not None


def test_a_model_body_that_ends_inside_a_word_is_cut_back_to_the_listed_name() -> None:
    from extractor.ner.gazetteer import trim_overlong

    text = "Giao Sở Tài chính thẩm định dự toán kinh phí."
    doc, model, listed = _model_doc(text, [("Sở Tài chính thẩm", "ORG")], [("Sở Tài chính", "ORG")])
    assert [s.text for s in trim_overlong(doc, model, listed)] == ["Sở Tài chính"]
    text = "Giao Sở Tài chính tỉnh thẩm định dự toán."  # a rank word after the name is part of it
    doc, model, listed = _model_doc(text, [("Sở Tài chính tỉnh", "ORG")], [("Sở Tài chính", "ORG")])
    assert [s.text for s in trim_overlong(doc, model, listed)] == ["Sở Tài chính tỉnh"]
