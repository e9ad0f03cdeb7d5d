"""The NER subpackage: tokenizer offsets, shipped pipeline, gazetteer, province map, corpus."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import extractor.ner as ner
from extractor.ner.tokenizer import UndertheseaTokenizer, token_offsets

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "ner"


def _corpus_script(name: str):
    """Load one of the corpus scripts by path: its name ("build") would clash with a build/ folder or package."""
    spec = importlib.util.spec_from_file_location(f"corpus_{name}", CORPUS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(CORPUS))
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    return ner.load_nlp()


@pytest.fixture(scope="module")
def blank_tok() -> UndertheseaTokenizer:
    return UndertheseaTokenizer(spacy.blank("xx").vocab)


def _found(text: str) -> set[tuple[str, str]]:
    return {(text[s:e], label) for s, e, label in ner.recognise(text)}


# --- tokenizer -------------------------------------------------------------------------

TRICKY = [
    "",
    " ",
    "\n",
    "   \n\n\t  ",
    "  hai  khoảng   trắng  ",
    "dòng một\r\ndòng hai\n\n\ndòng ba\n",
    "ký tự \x00 điều \x01 khiển \x1f\x7f và \u200b\ufeff lạ",
    "Tie\u0302\u0301ng Vie\u0323\u0302t (NFD)",  # decomposed diacritics
    "hoà uỷ khoẻ Hòa Ủy",
    "Emoji 🙂 và ký hiệu ≥ 95% • “ngoặc” — gạch",
    "x" * 5000,  # no space at all: hard cuts
    "từ " * 4000,  # one very long line
    "Câu một. " * 800 + "\n" + "Câu hai; " * 300,
    "a.b.c.d.e... !!! ??? --- === ///",
]


@pytest.mark.parametrize("segment", ["syllable", "word"])
@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_tokens_cover_text_exactly(text: str, segment: str) -> None:
    doc = UndertheseaTokenizer(spacy.blank("xx").vocab, segment=segment)(text)
    assert doc.text == text
    pos = 0
    for tok in doc:
        assert tok.idx == pos
        assert tok.text == text[tok.idx:tok.idx + len(tok.text)]
        assert tok.text.strip() == tok.text or tok.is_space  # white space only in space tokens
        pos += len(tok.text_with_ws)
    assert pos == len(text)


def test_numbers_dates_and_codes_stay_whole(blank_tok: UndertheseaTokenizer) -> None:
    text = "ngày 31/12/2025, đạt 1.000 tỷ đồng, tăng 8,5% theo Quyết định số 295/QĐ-UBND ở TP.HCM."
    words = [t.text for t in blank_tok(text)]
    assert words == [
        "ngày", "31/12/2025", ",", "đạt", "1.000", "tỷ", "đồng", ",", "tăng", "8,5", "%", "theo",
        "Quyết", "định", "số", "295", "/", "QĐ-UBND", "ở", "TP.HCM", ".",
    ]


# Words whose tokens depend on what follows them: an abbreviation's dot before a space, a line end or the end
# of the text; an emoticon; a URL; decomposed marks; a run longer than the per-word cache takes.
_CONTEXT_WORDS = [
    "Trụ sở tại TP. Huế", "Trụ sở tại TP.", "Trụ sở tại TP.\nHuế", "ở TP.HCM.", "vui :D", "vui :D\n",
    "xem https://vi.example.org/a-b_c?x=1 nhé", "ThS. Lan, Th.S Minh", "v.v... và v.v.", "NĐ-CP;",
    "Hoa\u0300 Bi\u0300nh", "43H-0530 và 4K", "1.600m-2.000m", "-" * 70 + " hết", "a" * 80,
    "H'Mông và N’Thôn", "02/05/2014, 08-2014, 4.123,2 và 8,5%", "\t Sở Y tế\r\n  \n",
]


@pytest.mark.parametrize("text", _CONTEXT_WORDS)
def test_per_word_tokens_equal_one_scan_of_the_line(text: str) -> None:
    from extractor.ner import tokenizer as tk

    for start, end in tk._chunks(text):
        assert tk._syllables(text, start, end) == tk._scan_syllables(text, start, end)
    for prefix in ("", "Giao ", "x\n"):
        whole = prefix + text
        doc = UndertheseaTokenizer(spacy.blank("xx").vocab)(whole)
        assert ([t.text for t in doc], [bool(t.whitespace_) for t in doc]) == UndertheseaTokenizer(
            spacy.blank("xx").vocab)._words(whole)
        assert [whole[s:e] for s, e in token_offsets(whole)] == [
            whole[s:e] for a, b in tk._chunks(whole) for s, e in tk._scan_syllables(whole, a, b)]


# Pieces a policy line is made of, and every kind of white space a PDF or Word export leaves between them.
_PIECES = st.sampled_from(["Sở", "Y", "tế", "TP.", "HCM", "1.000", "8,5%", "QĐ-UBND", ";", "(", ")", "v.v...",
                           "Hoa\u0300", "H'Mông", "“x”", "-", "ha"])
_GAPS = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\t", "\r\n", " \n", "\u00a0", "\n  ", ""])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_GAPS, _PIECES), min_size=0, max_size=12), _GAPS)
def test_the_fast_syllable_path_equals_the_token_offsets_path(parts: list[tuple[str, str]], tail: str) -> None:
    from extractor.ner import tokenizer as tk

    text = "".join(g + p for g, p in parts) + tail
    tok = UndertheseaTokenizer(spacy.blank("xx").vocab)
    assert tk._syllable_words(text) == tok._words(text)
    doc = tok(text)
    assert doc.text == text


def test_tone_placement_shares_norm(blank_tok: UndertheseaTokenizer) -> None:
    a, b = blank_tok("Khánh Hoà uỷ"), blank_tok("Khánh Hòa ủy")
    assert [t.norm_ for t in a] == [t.norm_ for t in b] == ["khánh", "hòa", "ủy"]


def test_word_mode_groups_but_splits_case_changes() -> None:
    offs = token_offsets("Giao Sở Y tế chủ trì, phối hợp với UBND tỉnh Bắc Ninh", segment="word")
    words = [("Giao Sở Y tế chủ trì, phối hợp với UBND tỉnh Bắc Ninh")[s:e] for s, e in offs]
    assert "chủ trì" in words and "phối hợp" in words
    assert "tỉnh" in words and "Bắc Ninh" in words  # never "tỉnh Bắc"


# --- the shipped pipeline ----------------------------------------------------------------


def test_saved_pipeline_uses_registered_tokenizer(nlp: spacy.Language) -> None:
    assert isinstance(nlp.tokenizer, UndertheseaTokenizer)
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == ner.TOKENIZER_NAME
    assert nlp.pipe_names[-1] == ner.GAZETTEER_PIPE and "ner" in nlp.pipe_names
    size = sum(p.stat().st_size for p in ner.model_path().rglob("*") if p.is_file())
    assert size < 30e6


@pytest.mark.slow
def test_spacy_load_in_fresh_process_after_import() -> None:
    code = (
        "import spacy, extractor.ner as n; nlp = spacy.load(n.model_path()); "
        "d = nlp('UBND tỉnh Bắc Ninh'); print(d.text == 'UBND tỉnh Bắc Ninh', type(nlp.tokenizer).__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["True", "UndertheseaTokenizer"]


def test_extractor_fills_the_model_vocabulary_with_the_data_words() -> None:
    # A fresh process: Extractor() has the tokenizer read the data files' words, so that a first document
    # made of known names and cue words (with or without marks) adds nothing to the vocabulary; a text of
    # words the data does not hold does add some (the count is not blind).
    code = (
        "from extractor import Extractor; from extractor.ner import load_nlp\n"
        "from extractor.text.normalize import fold\n"
        "Extractor(); nlp = load_nlp(); n = len(nlp.vocab)\n"
        "nlp.tokenizer('Sở Nông nghiệp và Môi trường phối hợp với Bộ Công Thương, tỷ lệ hộ nghèo')\n"
        "nlp.tokenizer(fold('Ủy ban nhân dân tỉnh Lâm Đồng phấn đấu đạt chuẩn nông thôn mới'))\n"
        "m = len(nlp.vocab); nlp.tokenizer('quýt xoài bưởi chôm chôm'); print(m - n, len(nlp.vocab) - m)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    known, unknown = map(int, out.stdout.split())
    assert known == 0 and unknown > 0, out.stdout


def test_missing_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(ner, "model_path", lambda: tmp_path / "nowhere")
    with pytest.raises(ner.NERModelMissing, match="python -m extractor.ner.train"):
        ner.load_nlp.__wrapped__()


def test_recognise_ministry_department_province_decision(nlp: spacy.Language) -> None:
    text = (
        "Bộ Tài chính đề nghị Sở Xây dựng tỉnh Quảng Ninh hoàn thành 120 km đường trước ngày 30/6/2027 "
        "theo Quyết định số 1234/QĐ-TTg; tỉnh Lạng Sơn phấn đấu đạt 95% hộ dân dùng nước sạch."
    )
    found = _found(text)
    assert ("Bộ Tài chính", "ORG") in found
    assert ("Sở Xây dựng tỉnh Quảng Ninh", "ORG") in found
    assert ("Quyết định số 1234/QĐ-TTg", "DOC") in found
    assert ("Lạng Sơn", "LOC") in found
    assert not any(t in {"30/6/2027", "120", "95%"} for t, _ in found)  # numbers are no entities


def test_recognise_generalises_to_unlisted_company(nlp: spacy.Language) -> None:
    text = "Công ty cổ phần Thép Sao Mai Xanh cam kết giảm 20% lượng khí thải vào năm 2030."
    name = "Công ty cổ phần Thép Sao Mai Xanh"
    assert (name, "ORG") in _found(text)
    gaz = nlp.get_pipe(ner.GAZETTEER_PIPE)
    assert not any(s.text == name for s in gaz.find(nlp.make_doc(text)))  # the model found it, not the list


def test_gazetteer_tone_variants_and_no_diacritics(nlp: spacy.Language) -> None:
    gaz = nlp.get_pipe(ner.GAZETTEER_PIPE)

    def names(text: str) -> set[tuple[str, str]]:
        return {(s.text, s.label_) for s in gaz.find(nlp.make_doc(text))}

    assert ("Khánh Hoà", "LOC") in names("Du lịch Khánh Hoà tăng trưởng")
    assert ("Khánh Hòa", "LOC") in names("Du lịch Khánh Hòa tăng trưởng")
    assert ("Uỷ ban nhân dân tỉnh Thanh Hoá", "ORG") in names("Uỷ ban nhân dân tỉnh Thanh Hoá quyết định")
    assert ("UBND tinh Bac Ninh", "ORG") in names("UBND tinh Bac Ninh giao chi tieu")
    assert ("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "ORG") in names("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ")
    assert ("Sở Y tế Hà Tĩnh", "ORG") in names("Sở Y tế Hà Tĩnh cho biết")
    assert names("nền hòa bình và bộ y tế") == set()  # lower-case words are not the names
    assert ("Ha Noi", "LOC") in names("o thanh pho Ha Noi")
    assert names("Bắc Ninh") == {("Bắc Ninh", "LOC")}


def test_recognise_offsets_sorted_non_overlapping_on_long_text(nlp: spacy.Language) -> None:
    sentence = "UBND tỉnh Gia Lai giao Sở Nông nghiệp và Môi trường trồng 5.000 ha rừng.\n"
    text = "  " + sentence * 300  # several pieces for nlp.pipe
    ents = ner.recognise(text)
    assert len(ents) >= 600
    for (s1, e1, _), (s2, _, _) in zip(ents, ents[1:], strict=False):
        assert s1 < e1 <= s2
    assert all(text[s:e] == text[s:e].strip() and text[s:e] for s, e, _ in ents)
    assert {text[s:e] for s, e, _ in ents} == {"UBND tỉnh Gia Lai", "Sở Nông nghiệp và Môi trường"}


def test_recognise_empty_and_batch(nlp: spacy.Language) -> None:
    assert ner.recognise("") == []
    assert ner.recognise("   \n ") == []
    many = ner.recognise_many(["Bộ Y tế", "", "tỉnh Cà Mau"])
    assert many[0] == [(0, 7, "ORG")] and many[1] == [] and many[2] == [(5, 11, "LOC")]
    with pytest.raises(TypeError):
        ner.recognise(None)  # type: ignore[arg-type]


def test_numpy_matrix_products_give_the_model_s_own_tags(nlp: spacy.Language) -> None:
    # The shipped model was trained with thinc's BLIS products; load_nlp swaps in numpy's for speed. The tags
    # (and so the entities) must be the ones the model gives with BLIS, on texts of every kind we write.
    texts = [
        "UBND tỉnh Gia Lai giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Công an tỉnh.",
        "Theo Quyết định số 12/QĐ-TTg, Bộ Công Thương và Tập đoàn Điện lực Việt Nam triển khai.",
        "Ông Trần Văn Bình, Giám đốc Sở Y tế, cho biết đến năm 2030 tỉnh Cà Mau có 20 bác sĩ/vạn dân.",
        "Uy ban nhan dan tinh Lam Dong giao So Tai chinh bo tri kinh phi cho huyen Lac Duong. " * 20,
    ]
    assert all(layer.ops.__class__.__name__ == "NumpyOps" and not layer.ops.use_blis
               for _, c in nlp.pipeline if getattr(c, "model", None) for layer in c.model.walk())
    blis = spacy.load(ner.model_path())
    assert any(layer.ops.use_blis for _, c in blis.pipeline if getattr(c, "model", None) for layer in c.model.walk())
    for text in texts:
        ours, theirs = nlp(text), blis(text)
        assert ours.ents, text
        assert [(e.start_char, e.end_char, e.label_) for e in ours.ents] == \
            [(e.start_char, e.end_char, e.label_) for e in theirs.ents]


# --- provinces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "current"),
    [
        ("Bắc Giang", "Bắc Ninh"),
        ("Quảng Bình", "Quảng Trị"),
        ("Hà Nội", "Hà Nội"),
        ("tỉnh Hoà Bình", "Phú Thọ"),
        ("Tỉnh Hòa Bình", "Phú Thọ"),
        ("thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("Bình Dương", "Hồ Chí Minh"),
        ("TP.HCM", "Hồ Chí Minh"),
        ("Thừa Thiên Huế", "Huế"),
        ("ha giang", "Tuyên Quang"),
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Đắk Nông", "Lâm Đồng"),
        ("Paris", None),
        ("", None),
        ("tỉnh", None),
    ],
)
def test_to_current_province(name: str, current: str | None) -> None:
    assert ner.to_current_province(name) == current


def test_province_names() -> None:
    names = ner.province_names()
    assert {"Bắc Giang", "Quảng Bình", "Huế", "Hồ Chí Minh", "Bắc Ninh"} <= names
    assert len(names) == 63  # the 34 current names are all among the 63 former ones
    assert all(ner.to_current_province(n) in names for n in names)


# --- corpus ------------------------------------------------------------------------------


def test_corpus_spans_on_token_boundaries() -> None:
    check_spans = _corpus_script("check_spans")
    rows = [json.loads(line) for f in ("train.jsonl", "dev.jsonl")
            for line in (CORPUS / f).open(encoding="utf-8")]
    assert len(rows) > 1000
    assert check_spans.offenders(rows, check_spans.configured_segment()) == []


def test_corpus_split_is_deterministic_and_stratified() -> None:
    build = _corpus_script("build")

    by_sector = build.records()
    train1, dev1 = build.split(by_sector)
    train2, dev2 = build.split(build.records())
    assert [r["id"] for r in dev1] == [r["id"] for r in dev2]
    assert {r["sector"] for r in dev1} == set(by_sector)
    assert 0.12 < len(dev1) / (len(dev1) + len(train1)) < 0.18
    assert not {r["text"] for r in dev1} & {r["text"] for r in train1}


# --- merging model and gazetteer ---------------------------------------------------------


def test_trim_and_merge_rules(nlp: spacy.Language) -> None:
    from spacy.tokens import Span

    from extractor.ner.gazetteer import merge_spans, trim_overlong

    doc = nlp.make_doc("Sở Khoa học và Công nghệ nâng cấp hệ thống thông tin tỉnh Bắc Ninh")
    gaz = nlp.get_pipe(ner.GAZETTEER_PIPE).find(doc)
    assert [(s.text, s.label_) for s in gaz] == [("Sở Khoa học và Công nghệ", "ORG"), ("Bắc Ninh", "LOC")]
    overlong = Span(doc, 0, 12, label="ORG")  # "... nâng cấp hệ thống thông tin"
    assert [s.text for s in trim_overlong(doc, [overlong], gaz)] == ["Sở Khoa học và Công nghệ"]
    merged = merge_spans([Span(doc, 13, 15, label="PER")], gaz)  # exact tie: the model's label wins
    assert [(s.text, s.label_) for s in merged] == [("Sở Khoa học và Công nghệ", "ORG"), ("Bắc Ninh", "PER")]

    doc2 = nlp.make_doc("UBND các xã, phường thực hiện")
    kept = Span(doc2, 0, 5, label="ORG")  # "UBND các xã, phường": a continuing word, not trimmed
    assert trim_overlong(doc2, [kept], nlp.get_pipe(ner.GAZETTEER_PIPE).find(doc2)) == [kept]


# --- names by context (extractor/ner/names.py) -------------------------------------------------


def test_persons_after_titles_and_kin_words_one_to_four_syllables() -> None:
    from extractor.ner.names import titled_persons

    text = ("Ông Lực cho biết bà Trịnh Thị Ngọc Hân và chị Vân đã đến; Thứ trưởng Hồ Đức Phớc phát biểu, "
            "còn Bộ trưởng Bộ Xây dựng thì vắng. Đoàn đi huyện Cô Tô.")
    found = [text[s:e] for s, e in titled_persons(text)]
    assert found == ["Lực", "Trịnh Thị Ngọc Hân", "Vân", "Hồ Đức Phớc"]  # no "Bộ Xây", no "Tô"


def test_one_syllable_after_an_office_must_end_the_phrase() -> None:
    from extractor.ner.names import titled_persons

    assert titled_persons("Trưởng ban Tuyên giáo dự họp") == []
    text = "Giám đốc Khoa cho biết"
    assert [text[s:e] for s, e in titled_persons(text)] == ["Khoa"]


@pytest.mark.parametrize(
    ("text", "word", "is_place"),
    [
        ("Anh cho rằng giá điện sẽ tăng.", "Anh", False),  # a pronoun that opens a sentence
        ("Đức nói em sẽ thi vào ngành y.", "Đức", False),  # a given name that speaks
        ("Rau quả xuất khẩu sang Anh tăng mạnh.", "Anh", True),
        ("Chị Thùy Anh cho biết", "Anh", False),  # part of a longer name
        ("ông Đức ký biên bản", "Đức", False),  # after a kin word
        ("Mỹ là thị trường lớn nhất.", "Mỹ", True),
        ("Anh: Minh hoa", "Anh", False),  # "Ảnh" in text without diacritics
        ("hang hoa xuat sang Nhat", "Nhat", True),
    ],
)
def test_short_country_forms_need_their_context(text: str, word: str, is_place: bool) -> None:
    from extractor.ner.names import short_country_in_context

    start = text.rindex(word)
    assert short_country_in_context(text, start, start + len(word), text.isascii()) is is_place


def test_gazetteer_finds_short_countries_media_and_marks_its_spans(nlp: spacy.Language) -> None:
    text = "Theo báo Lao Động, VN xuất khẩu sang Nhật và Hàn Quốc; Anh cho rằng giá sẽ giảm."
    found = {(text[s:e], lab, f.source) for f in ner.recognise(text) for s, e, lab in [f]}
    assert ("Lao Động", "ORG", "gazetteer") in found
    assert {(t, lab) for t, lab, _ in found} >= {("VN", "LOC"), ("Nhật", "LOC"), ("Hàn Quốc", "LOC")}
    assert {src for _, _, src in found} <= {"model", "gazetteer"}  # where both found a span, the model's wins
    assert not any(t == "Anh" for t, _, _ in found)


def test_no_entity_runs_over_a_blank_line(nlp: spacy.Language) -> None:
    text = "3. Sở Nông nghiệp và Môi trường\n\nChủ trì thực hiện các nhiệm vụ tại Phụ lục."
    for s, e, _ in ner.recognise(text):
        assert "\n" not in text[s:e]


def test_trim_span_cuts_run_ons() -> None:
    from extractor.ner.names import trim_span

    for text, label, want in [
        ("Luật Ngân sách nhà nước và các văn bản hướng dẫn", "DOC", "Luật Ngân sách nhà nước"),
        ("Đinh Văn Hào/TTXVN", "PER", "Đinh Văn Hào"),
        ("UBND các xã, phường tiến hành rà soát", "ORG", "UBND các xã, phường"),
        ("“Chương trình sữa học đường”", "DOC", "Chương trình sữa học đường"),
    ]:
        s, e = trim_span(text, 0, len(text), label)
        assert text[s:e] == want


# --- the merge of rule and model spans (extractor/context/entities.py) --------------------------


def _fake_found(text: str, spans: list[tuple[str, str, str]]) -> list[ner.Found]:
    return [ner.Found(text.index(t), text.index(t) + len(t), lab, src) for t, lab, src in spans]


def test_merge_keeps_the_model_name_that_extends_a_rule_span_and_its_source() -> None:
    from extractor.context.entities import entities, merge_orgs
    from extractor.text.normalize import normalize

    name = "Trung tâm Nghiên cứu phát triển hạt giống miền núi"
    text = name + " và Sở Tài chính đã họp với Malaysia."
    n = normalize(text)
    rule = [(0, len("Trung tâm Nghiên")), (text.index("Sở"), text.index("Sở") + len("Sở Tài chính"))]
    found = _fake_found(text, [(name, "ORG", "model"), ("Malaysia", "LOC", "model")])
    orgs = merge_orgs(rule, found, [], n.norm)
    got = {(e.text, e.label, e.source) for e in entities(n, orgs, [], [], found)}
    assert got == {("Trung tâm Nghiên cứu phát triển hạt giống miền núi", "ORG", "model"),
                   ("Sở Tài chính", "ORG", "rules"), ("Malaysia", "LOC", "model")}
    assert [tuple(o) for o in orgs] == [(0, len(name)), rule[1]]


def test_merge_keeps_rule_bodies_a_model_list_covers_and_drops_bare_heads() -> None:
    from extractor.context.entities import entities, merge_orgs
    from extractor.text.normalize import normalize

    text = "Sở Y tế và Sở Nội vụ phối hợp với UBND, UBND cấp xã và UBND các cấp."
    n = normalize(text)
    words = ("Sở Y tế", "Sở Nội vụ", "UBND,", "UBND cấp xã", "UBND các cấp")
    rule = [(text.index(w), text.index(w) + len(w.rstrip(","))) for w in words]
    found = _fake_found(text, [("Sở Y tế và Sở Nội vụ", "ORG", "model")])
    orgs = merge_orgs(rule, found, [], n.norm)
    assert [tuple(o) for o in orgs] == rule  # the bodies stay for the targets
    assert [e.text for e in entities(n, orgs, [], [], found)] == ["Sở Y tế", "Sở Nội vụ", "UBND cấp xã"]


def test_context_decides_the_label_of_an_extent_rules_and_model_share() -> None:
    from extractor.context.entities import entities
    from extractor.rules import agencies
    from extractor.text.normalize import normalize

    text = "Lễ kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh tại thành phố Hồ Chí Minh."
    n = normalize(text)
    places = agencies.find_places(n.norm)
    first = text.index("Hồ Chí Minh")
    found = [ner.Found(first, first + 11, "PER", "gazetteer")]
    got = [(e.text, e.label, e.source) for e in entities(n, [], places, [], found)]
    assert got[0] == ("Hồ Chí Minh", "PER", "gazetteer")
    assert got[1][1] == "LOC" and got[1][2] == "rules"


def test_pronoun_and_motto_are_no_rule_places() -> None:
    from extractor.context.entities import entities
    from extractor.rules import agencies
    from extractor.text.normalize import normalize

    text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nAnh cho rằng hàng sang Anh và Nhật Bản sẽ tăng."
    n = normalize(text)
    got = [(e.text, e.start) for e in entities(n, [], agencies.find_places(n.norm), [], [])]
    assert got == [("Anh", text.rindex("Anh")), ("Nhật Bản", text.index("Nhật Bản"))]


def test_plausibility_keeps_listed_one_word_countries_not_english_words() -> None:
    from extractor.context.entities import plausible

    assert plausible("Indonesia", "LOC") and plausible("Malaysia", "LOC")
    assert not plausible("Digital Twin", "LOC") and not plausible("Fintech", "LOC")
    assert not plausible("Cac So", "LOC")
    assert plausible("Công ty cổ phần Thép Sao Mai", "ORG")
    assert not plausible("Blockchain", "ORG") and not plausible("Dũng", "ORG")  # one word no list knows
    assert not plausible("Kiểm tra", "ORG")
    assert plausible("Quy hoạch điện VIII", "DOC")
    assert not plausible("Nguon Ngan sach Thanh pho", "PER") and plausible("Ursula von der Leyen", "PER")


def test_model_reads_logical_lines() -> None:
    from extractor.context.entities import unwrapped
    from extractor.text import segment

    text = "13. Báo và\nPhát thanh, Truyền hình tỉnh\n\nChủ trì tuyên truyền."
    out = unwrapped(text, segment.paragraphs(text))
    assert out == "13. Báo và Phát thanh, Truyền hình tỉnh\n\nChủ trì tuyên truyền."


def test_corpus_folded_twins_share_their_split() -> None:
    from extractor.text.normalize import fold

    build = _corpus_script("build")

    train, dev = build.split(build.records())
    texts = {r["text"] for r in train + dev}
    dev = build.with_folded_twins(dev, texts)
    train = build.with_folded_twins(train, texts)
    dev_texts = {r["text"] for r in dev}
    twins = [r for r in dev if r["id"].endswith("-nd")]
    assert twins and all(fold(r["text"]) == r["text"] for r in twins)
    assert not dev_texts & {r["text"] for r in train}


def test_names_alone_on_their_line_are_bylines() -> None:
    from extractor.ner.names import byline_persons

    text = "Tỉnh đạt 90% kế hoạch.\n\nQuốc Việt\n\nẢnh: Thu Trang\nN.Hải\nĐà Nẵng\nSở Y tế\nKẾ HOẠCH\nHòa Bình"
    assert [text[s:e] for s, e in byline_persons(text)] == ["Quốc Việt", "Thu Trang", "N.Hải"]


def test_office_alone_is_the_institution_before_a_name_a_title(nlp: spacy.Language) -> None:
    first = "Ngày 2/5, Thủ tướng ban hành Chỉ thị số 9/CT-TTg."
    assert ("Thủ tướng", "ORG") in _found(first)
    second = "Thủ tướng Lê Văn Tám nhấn mạnh yêu cầu này."
    assert ("Thủ tướng", "ORG") not in _found(second) and ("Lê Văn Tám", "PER") in _found(second)


# --- byline patterns tried only where a match can start (spans.matches_at) -------------------------------

_BYLINE_PARTS = st.sampled_from(["Minh Đức", "Lan Anh/TTXVN", "Ảnh:", "ảnh", "Tin, ảnh:", "Bài và ảnh:", "Theo",
                                 "MINH THÁI", "C.L.", "T. Xuân", "Quang cảnh buổi họp.", "Giao Sở Y tế.", "(ảnh)",
                                 "x!", "?", "Hà Nội", "V.", "  ", "\t"])


@settings(max_examples=300, deadline=None)
@example([("Quang cảnh buổi họp.", " "), ("Ảnh:", " "), ("Minh Đức", "\n")])
@example([("(ảnh)", " "), ("ảnh", " "), ("Lan Anh/TTXVN", "")])
@example([("x!", " \t"), ("Ảnh:", " "), ("MINH THÁI", "\n"), ("C.L.", "")])
@given(st.lists(st.tuples(_BYLINE_PARTS, st.sampled_from([" ", "\n", "", " \t", "\n\n", ". "])), max_size=12))
def test_bylines_tried_at_line_starts_and_marks_are_the_ones_a_full_scan_finds(parts: list[tuple[str, str]]) -> None:
    from extractor.ner import names
    from extractor.text.spans import matches_at

    text = "".join(p + gap for p, gap in parts)
    lines = names._line_starts(text)
    marks = sorted([*lines, *(m.start() for m in names._SENTENCE_MARK.finditer(text))])
    for pattern, starts in ((names._BYLINE, lines), (names._INITIALS, lines), (names._CREDITED, marks)):
        assert [m.span() for m in matches_at(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]


def test_read_words_are_known_to_the_tokenizer_inside_a_line_and_at_its_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """`read_vocabulary` fills the tokenizer's per-word cache for both things that follow a word in running
    text, so that a user's first document does not scan words the data files hold."""
    from extractor.ner import tokenizer as tk

    words = ["Qxyvvb", "zzqưk", "Wqqhh"]  # words no other test reads
    ner.read_vocabulary("\n".join(words))
    scanned: list[str] = []
    real = tk._scan_syllables
    monkeypatch.setattr(tk, "_scan_syllables", lambda text, s, e: scanned.append(text[s:e]) or real(text, s, e))
    ner.load_nlp().tokenizer(f"{words[2]} {words[0]} {words[1]}\n{words[0]}\n")
    assert scanned == []
    ner.load_nlp().tokenizer("Qxyvvb, Wqqhh zzqưk\n")  # with its comma it is another run, which is scanned
    assert scanned == ["Qxyvvb, ."]


def test_the_gazetteer_reads_the_same_names_without_the_tokenizers_word_list(nlp: spacy.Language) -> None:
    """Its word list (Doc.user_data) only saves making Token objects: a Doc without it, or retokenized since,
    gets the same names."""
    from extractor.ner.tokenizer import WORDS_KEY

    text = "Giao Sở Y tế tỉnh Quang Tri va Sở Nông nghiệp; UBND TP. Hồ Chí Minh, Bo Y te phối hợp."
    gazetteer = nlp.get_pipe(ner.GAZETTEER_PIPE)
    with_list = nlp.make_doc(text)
    without = nlp.make_doc(text)
    del without.user_data[WORDS_KEY]
    stale = nlp.make_doc(text)
    stale.user_data[WORDS_KEY] = stale.user_data[WORDS_KEY][1:]
    found = [(s.start, s.end, s.label_) for s in gazetteer.find(with_list)]
    assert found and found == [(s.start, s.end, s.label_) for s in gazetteer.find(without)]
    assert found == [(s.start, s.end, s.label_) for s in gazetteer.find(stale)]
