"""The one chunker (`extractor.text.blocks`) cuts where each of its three callers cut before it was shared.

The NER model's output depends on where its pieces are cut, so each caller's cut points must be exactly
those of the code it replaced. That code is copied here as the reference (`_old_*`), and both are run on
texts written for this test (long lines, blank lines, no spaces at all, sentence-ended long lines) and on
seeded random texts made of the characters the cuts look at.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest
import regex

import extractor.ner as ner
from extractor.ner import tokenizer as tk
from extractor.text.blocks import blocks

# --- the reference: the three chunkers as they were -----------------------------------------------------


def _old_blocks(text: str, block_chars: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > block_chars:
        lo, hi = start + block_chars // 2, start + block_chars
        cut = text.rfind("\n\n", lo, hi)
        if cut < 0:
            cut = text.rfind("\n", lo, hi)
        if cut < 0:
            ends = list(regex.finditer(r"[.!?;]\s+(?=\p{Lu})", text[lo:hi]))
            cut = lo + ends[-1].end() - 1 if ends else -1
        cut = cut + 1 if cut >= 0 else hi
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def _old_pieces(text: str, piece: int) -> list[tuple[int, str]]:
    if len(text) <= piece:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + piece)
        if end < len(text):
            nl = text.rfind("\n", pos + piece // 4, end)
            if nl >= 0:
                end = nl + 1
            else:
                sp = text.rfind(" ", pos + piece // 4, end)
                end = sp + 1 if sp >= 0 else end
        out.append((pos, text[pos:end]))
        pos = end
    return out


_OLD_SENT_END = re.compile(r"(?<=[.!?;:…])\s+")
_OLD_SPACE_RUN = re.compile(r"\s+")


def _old_chunks(text: str, max_chunk: int) -> Iterator[tuple[int, int]]:
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl + 1
        yield from _old_split_long(text, pos, end, max_chunk)
        pos = end


def _old_split_long(text: str, start: int, end: int, max_chunk: int) -> Iterator[tuple[int, int]]:
    if end - start <= max_chunk:
        yield start, end
        return
    pos = start
    while end - pos > max_chunk:
        limit = pos + max_chunk
        cut = -1
        for pattern in (_OLD_SENT_END, _OLD_SPACE_RUN):
            for m in pattern.finditer(text, pos + max_chunk // 4, limit):
                cut = m.end()
            if cut > pos:
                break
        if cut <= pos:
            cut = limit
        yield pos, cut
        pos = cut
    if pos < end:
        yield pos, end


# --- texts written for this test -------------------------------------------------------------------------

_SENTENCES = "Tỉnh phấn đấu trồng thêm cây xanh. Mỗi xã có một nhà văn hóa! Đường liên thôn được bê tông hóa; "
_TEXTS = {
    "empty": "",
    "short": "Một dòng ngắn.\n",
    "long line of sentences": _SENTENCES * 120,
    "long line, lower-case after each stop": "một câu viết thường. tiếp theo vẫn thường; " * 150,
    "no spaces at all": "x" * 9_000 + "Ư" * 3_000,
    "blank lines": "\n\n".join(f"Đoạn {i}: " + "các hộ dân dùng nước sạch " * (i % 7 + 1) for i in range(400)),
    "short lines": "\n".join(f"- Dòng {i} của danh sách" for i in range(1_500)),
    "wrapped lines, no blank line": "\n".join("chữ " * (i % 40 + 5) for i in range(600)),
    "sentence-ended long line between short ones": "Tiêu đề\n" + _SENTENCES * 80 + "\nKết thúc.\n" * 3,
    "tabs and odd spaces": ("Cột một\tcột hai\u00a0cột ba\u2003… Tiếp: Mục " * 400),
    "colon and ellipsis ends": ("Mục tiêu: Tăng trưởng… Đạt được: Có " * 500),
    "one long word then spaces": "a" * 5_000 + " " * 20 + "Bb " * 2_000,
    "windows line ends": "Dòng một.\r\nDòng hai.\r\n\r\n" * 900,
}


def _random_text(seed: int, length: int) -> str:
    """Characters the cuts look at (line ends, spaces, stops, capitals), in runs of random length."""
    rnd = random.Random(seed)
    alphabet = ["\n", "\n\n", " ", "  ", ". ", "! ", "; ", ": ", "… ", ".", "\t", "\u00a0", "A", "Đ", "a", "ệ",
                "xyz", "Tỉnh", "12,5"]
    weights = [2, 1, 10, 2, 3, 1, 1, 1, 1, 1, 1, 1, 3, 2, 20, 10, 10, 3, 2]
    out: list[str] = []
    size = 0
    while size < length:
        piece = rnd.choices(alphabet, weights)[0] * (1 if rnd.random() < 0.95 else rnd.randint(20, 400))
        out.append(piece)
        size += len(piece)
    return "".join(out)


_RANDOM = {f"random {seed}": _random_text(seed, 3_000 + 700 * seed) for seed in range(12)}
_ALL = {**_TEXTS, **_RANDOM}


@pytest.mark.parametrize("name", list(_ALL))
@pytest.mark.parametrize("size", [7, 40, 100, 1_000, 4_000, 100_000])
def test_document_blocks_cut_where_they_did(name: str, size: int) -> None:
    text = _ALL[name]
    got = blocks(text, size)
    assert got == _old_blocks(text, size)
    assert got[0][0] == 0 and got[-1][1] == len(text)
    assert all(a < b or len(text) == 0 for a, b in got)
    assert all(x[1] == y[0] for x, y in zip(got, got[1:], strict=False))


@pytest.mark.parametrize("name", list(_ALL))
@pytest.mark.parametrize("size", [None, 8, 60, 500])
def test_model_pieces_cut_where_they_did(name: str, size: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _ALL[name]
    if size is not None:
        monkeypatch.setattr(ner, "_PIECE", size)
    assert ner._pieces(text) == _old_pieces(text, ner._PIECE)


@pytest.mark.parametrize("name", list(_ALL))
@pytest.mark.parametrize("size", [5, 33, 200, tk.MAX_CHUNK])
def test_tokenizer_chunks_cut_where_they_did(name: str, size: int) -> None:
    text = _ALL[name]
    assert list(tk._chunks(text, size)) == list(_old_chunks(text, size))
    if size == tk.MAX_CHUNK:
        assert list(tk._chunks(text)) == list(_old_chunks(text, size))


def test_each_caller_keeps_its_own_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """One text, three policies: a block ends after a sentence before a capital, a model piece after the
    last space, a tokenizer chunk after the last sentence punctuation (a colon too)."""
    text = "Mở đầu: " + "một hai ba bốn. Năm sáu bảy: tám chín mười " * 40
    b = blocks(text, 100)[0][1]
    assert text[b - 2:b] == ". " and text[b] == "N"
    monkeypatch.setattr(ner, "_PIECE", 100)
    p = len(ner._pieces(text)[0][1])
    assert text[p - 1] == " " and text[p - 2] not in ".:"
    c = next(tk._chunks(text, 100))[1]
    assert text[c - 2:c] == ": "
