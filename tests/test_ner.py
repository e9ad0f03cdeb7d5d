"""The NER subpackage: tokenizer offsets, shipped pipeline, gazetteer, province map, corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

import extractor.ner as ner
from extractor.ner.tokenizer import UndertheseaTokenizer, token_offsets

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "ner"


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
    sys.path.insert(0, str(CORPUS))
    import check_spans

    rows = [json.loads(line) for f in ("train.jsonl", "dev.jsonl")
            for line in (CORPUS / f).open(encoding="utf-8")]
    assert len(rows) > 1000
    assert check_spans.offenders(rows, check_spans.configured_segment()) == []


def test_corpus_split_is_deterministic_and_stratified() -> None:
    sys.path.insert(0, str(CORPUS))
    import build

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
