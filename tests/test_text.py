"""Normalisation that keeps offsets, folding, lower-casing."""

from __future__ import annotations

import unicodedata

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.text.normalize import fold, has_diacritics, lower, normalize

# --- one tone placement ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("uỷ", "ủy"),
        ("khoẻ", "khỏe"),
        ("Hoà Bình", "Hòa Bình"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("HOÀ", "HÒA"),
        ("thuỷ lợi", "thủy lợi"),
        ("loà", "lòa"),
        ("thoả thuận", "thỏa thuận"),
        ("đô thị hoá", "đô thị hóa"),
        ("Khánh Hoà", "Khánh Hòa"),
    ],
)
def test_both_tone_placements_normalise_alike(old: str, new: str) -> None:
    assert normalize(old).norm == normalize(new).norm == new


@pytest.mark.parametrize("word", ["quý", "Quý", "QUÝ", "quỷ", "hoàn thành", "toán", "huỳnh", "thuở"])
def test_words_whose_tone_is_right_stay(word: str) -> None:
    assert normalize(word).norm == word


# --- NFC, entities, odd characters, offsets ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Phấn đấu đạt 95% hộ gia đình",
        "Ủy ban nhân dân tỉnh Hòa Bình",
        "tỷ lệ đô thị hoá đạt 45%",
        "Tầm nhìn đến năm 2050",
    ],
)
def test_decomposed_input_becomes_nfc_and_maps_back(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    n = normalize(nfd)
    assert n.norm == normalize(text).norm
    assert unicodedata.is_normalized("NFC", n.norm)
    for m in regex.finditer(r"\S+", n.norm):
        orig, s, e = n.orig_span(m.start(), m.end())
        assert orig == nfd[s:e]
        assert normalize(orig).norm == m.group(0)


@pytest.mark.parametrize(
    ("text", "norm", "piece", "orig"),
    [
        ("Vốn R&amp;D đạt 2%", "Vốn R&D đạt 2%", "R&D", "R&amp;D"),
        ("đạt 2&nbsp;%", "đạt 2 %", "2 %", "2&nbsp;%"),
        ("x &lt;&gt; y", "x <> y", "<>", "&lt;&gt;"),
        (
            "Sở Khoa học &amp; Công nghệ",
            "Sở Khoa học & Công nghệ",
            "Khoa học & Công nghệ",
            "Khoa học &amp; Công nghệ",
        ),
        ("A&#65;B", "AAB", "AAB", "A&#65;B"),
    ],
)
def test_entities_resolved_with_offsets_mapped(text: str, norm: str, piece: str, orig: str) -> None:
    n = normalize(text)
    assert n.norm == norm
    i = n.norm.index(piece)
    got, s, e = n.orig_span(i, i + len(piece))
    assert (got, text[s:e]) == (orig, orig)


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("a\u00a0b", "a b"),
        ("a\tb", "a b"),
        ("8\u20139%", "8-9%"),
        ("8\u20149%", "8-9%"),
        ("**Mục tiêu**", "  Mục tiêu  "),
        ("| a | b |", "  a   b  "),
        ("\u201cđạt\u201d", '"đạt"'),
        ("&bogus; giữ nguyên", "&bogus; giữ nguyên"),
    ],
)
def test_odd_characters_replaced_one_for_one(text: str, norm: str) -> None:
    n = normalize(text)
    assert n.norm == norm
    assert n.orig_span(0, len(n.norm))[0] == text.strip()


def test_empty_text() -> None:
    n = normalize("")
    assert n.norm == ""
    assert n.orig_span(0, 0) == ("", 0, 0)


def test_orig_span_trims_white_space() -> None:
    s = "  Phấn đấu  "
    n = normalize(s)
    assert n.orig_span(0, len(n.norm)) == ("Phấn đấu", 2, 10)


# Text built from pieces that exercise every path: NFD, old tone placement, entities, odd spaces.
_PIECES = [
    "Phấn",
    "đấu",
    "hoà",
    "uỷ",
    "khoẻ",
    "quý",
    "hoàn",
    "95%",
    "1.000",
    "tỷ",
    "đồng",
    unicodedata.normalize("NFD", "Việt"),
    unicodedata.normalize("NFD", "hoà"),
    unicodedata.normalize("NFD", "đạt"),
    "&amp;",
    "&nbsp;",
    "&lt;",
    "&#65;",
    "&bogus;",
    "&",
    "\u00a0",
    "\t",
    "\n",
    " ",
    "  ",
    "**",
    "|",
    "\u2013",
    "\u201c",
    "\u201d",
    "R&D",
    ".",
    ",",
    ";",
    "a)",
    "ĐẠT",
    "Ủy",
]
_texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_every_token_maps_back_to_its_original(text: str) -> None:
    n = normalize(text)
    assert n.original == text
    for m in regex.finditer(r"\S+", n.norm):
        orig, s, e = n.orig_span(m.start(), m.end())
        assert 0 <= s <= e <= len(text)
        assert orig == text[s:e]
        assert normalize(orig).norm == m.group(0)


@settings(max_examples=300, deadline=None)
@given(_texts, st.data())
def test_any_span_maps_inside_the_original(text: str, data: st.DataObject) -> None:
    n = normalize(text)
    a = data.draw(st.integers(0, len(n.norm)))
    b = data.draw(st.integers(a, len(n.norm)))
    s, e = n.to_orig(a, b)
    assert 0 <= s <= e <= len(text)
    orig, s2, e2 = n.orig_span(a, b)
    assert orig == text[s2:e2] == text[s:e].strip()


# --- fold, lower, has_diacritics -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Phấn đấu", "Phan dau"),
        ("ĐẠT Đồng", "DAT Dong"),
        ("Việt Nam", "Viet Nam"),
        ("quý", "quy"),
        ("hòa", "hoa"),
        ("tỷ lệ hộ nghèo", "ty le ho ngheo"),
        ("Ủy ban nhân dân", "Uy ban nhan dan"),
        ("95% ở mức", "95% o muc"),
        ("khoảng 1.000 hợp tác xã", "khoang 1.000 hop tac xa"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


@given(st.text(max_size=60))
def test_fold_and_lower_keep_length(text: str) -> None:
    assert len(fold(text)) == len(text)
    assert len(lower(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "low"),
    [("ĐẠT 95%", "đạt 95%"), ("Ủy Ban", "ủy ban"), ("İSTANBUL", "İstanbul")],
)
def test_lower(text: str, low: str) -> None:
    assert lower(text) == low


@pytest.mark.parametrize(
    ("text", "has"),
    [
        ("Phan dau", False),
        ("Phấn", True),
        ("", False),
        ("đ", True),
        ("Hom nay troi dep", False),
        ("95% 2025", False),
        ("hoà", True),
    ],
)
def test_has_diacritics(text: str, has: bool) -> None:
    assert has_diacritics(text) is has


@pytest.mark.parametrize("extra", ["", " &amp; ", " Hoa\u0300 "])  # the fast path, entities, decomposed marks
def test_every_odd_space_dash_and_quote_becomes_its_plain_form(extra: str) -> None:
    from extractor.text.normalize import _SPACES

    text = "Mục tiêu" + "x".join(_SPACES) + extra + "đạt 8\u20139%"
    norm = normalize(text).norm
    assert not set(norm) & set(_SPACES)
    assert norm.startswith("Mục tiêu" + "x".join(_SPACES.values()))
    assert len(norm) == len(text) - (len(extra) - len(unicodedata.normalize("NFC", extra.replace("&amp;", "&"))))
