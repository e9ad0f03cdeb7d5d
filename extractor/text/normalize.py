"""Text normalisation that never moves offsets out of reach.

Every later stage works on `Normalized.norm`; `Normalized.to_orig` maps any span of
it back to the caller's original string, so evidence offsets always index the
input (`text[start:end] == evidence.text`).

What is normalised, and why:
- Unicode NFC, per grapheme, because crawled text mixes composed and decomposed
  Vietnamese and the lexicons are NFC;
- the two tone-mark placements (hoà/hòa, uỷ/ủy, khoẻ/khỏe) to the one the lexicons
  use, so a pattern written once matches both;
- HTML entities (&nbsp; &amp; …) and odd spaces to plain characters;
- markdown emphasis (`**`) and table pipes to spaces, because converted decisions
  are full of them and they split words.

`fold()` removes the tone marks and đ as well, at the same length, for text that
was written without diacritics.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import regex

_GRAPHEME = regex.compile(r"\X")

# Open syllables whose tone mark the "new" style puts on the second vowel: oà → òa, uỷ → ủy.
_TONE_MOVE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_MOVE.update({k.upper(): v.upper() for k, v in list(_TONE_MOVE.items())})
_TONE_MOVE.update({k[0].upper() + k[1]: v[0].upper() + v[1] for k, v in list(_TONE_MOVE.items()) if k.islower()})
# Not after q (quý is right as it is) and only at a syllable's end (hoàn, toán are right as they are).
_TONE_RE = regex.compile(r"(?<![qQ])(" + "|".join(_TONE_MOVE) + r")(?!\p{L})")

_ENTITY_RE = regex.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200b": " ", "\ufeff": " ",
           "\t": " ", "\r": " ", "*": " ", "|": " ", "\u2013": "-", "\u2014": "-", "\u2212": "-",
           "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}
assert not set(_SPACES.values()) & set(_SPACES), "a replacement must not be replaced again (see _plain_spaces)"


def _plain_spaces(text: str) -> str:
    """`text` with the characters of _SPACES replaced, one `str.replace` for each that occurs.

    Why not str.translate: it looks every character up in the table one by one, two thirds of
    `normalize`'s time; a search for each of the few characters runs at memory speed, and no replacement is
    itself replaced (checked above), so the order does not matter."""
    for old, new in _SPACES.items():
        if old in text:
            text = text.replace(old, new)
    return text

_TONE_CHARS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@dataclass(frozen=True)
class Normalized:
    """The normalised text and, where lengths changed, the map back to the original."""

    original: str
    norm: str
    # offsets[i] is the original index of norm[i]; offsets[len(norm)] == len(original). None: identity.
    offsets: tuple[int, ...] | None = field(default=None, repr=False)

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised span [start, end)."""
        if self.offsets is None:
            return start, end
        # Pieces are contiguous in the original, so a span ends where the next piece starts.
        return self.offsets[start], max(self.offsets[start], self.offsets[end])

    def orig_span(self, start: int, end: int) -> tuple[str, int, int]:
        """Original text and offsets of a normalised span, trimmed of outer white space."""
        s, e = self.to_orig(start, end)
        piece = self.original[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        s, e = s + lead, e - trail
        return self.original[s:e], s, max(s, e)


def move_tones(s: str) -> str:
    """The one tone placement the lexicons and the NER model use: hoà → hòa, uỷ → ủy, khoẻ → khỏe (not quý)."""
    return _TONE_RE.sub(lambda m: _TONE_MOVE[m.group(1)], s)


def normalize(text: str) -> Normalized:
    """NFC, one tone placement, entities and odd spaces resolved; offsets kept."""
    if unicodedata.is_normalized("NFC", text) and "&" not in text:
        # Fast path: every change is one character for one character.
        return Normalized(text, move_tones(_plain_spaces(text)))
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _ENTITY_RE.finditer(text):
        _append_nfc(text[pos:m.start()], pos, pieces, offsets)
        rep = html.unescape(m.group(0))
        if rep == m.group(0) or len(rep) != 1:
            _append_nfc(m.group(0), m.start(), pieces, offsets)
        else:
            pieces.append(rep)
            offsets.append(m.start())
        pos = m.end()
    _append_nfc(text[pos:], pos, pieces, offsets)
    offsets.append(len(text))
    norm = "".join(pieces)
    assert len(norm) + 1 == len(offsets)
    return Normalized(text, move_tones(_plain_spaces(norm)), tuple(offsets))


_MAX_CLUSTER = 16


def _append_nfc(chunk: str, base: int, pieces: list[str], offsets: list[int]) -> None:
    if unicodedata.is_normalized("NFC", chunk):
        pieces.append(chunk)
        offsets.extend(range(base, base + len(chunk)))
        return
    for m in _GRAPHEME.finditer(chunk):
        cluster = m.group(0)
        # A real letter carries two or three marks; a run of hundreds is noise, and reordering it is
        # quadratic in unicodedata: keep it as it is.
        nfc = unicodedata.normalize("NFC", cluster) if len(cluster) <= _MAX_CLUSTER else cluster
        pieces.append(nfc)
        offsets.extend(range(base + m.start(), base + m.start() + len(nfc)) if nfc is cluster
                       else [base + m.start()] * len(nfc))


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d" if c == "đ" else "D"
    d = "".join(x for x in unicodedata.normalize("NFD", c) if unicodedata.category(x) != "Mn")
    d = unicodedata.normalize("NFC", d)
    return d if len(d) == 1 else c


class _FoldTable(dict):
    """str.translate table of `_fold_char`, filled on first sight of a character: translate runs in C, where
    a generator over characters cost a tenth of a document's analysis time."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < _FOLD_TABLE_CAP:  # a text of every code point must not grow it without bound
            self[code] = folded
        return folded


_FOLD_TABLE_CAP = 1 << 14


_FOLD_TABLE = _FoldTable({c: chr(c) for c in range(128)})


def fold(s: str) -> str:
    """Diacritics and đ removed, same length: for matching text written without tone marks."""
    return s.translate(_FOLD_TABLE)


def lower(s: str) -> str:
    """Lower case at the same length (str.lower can grow a few rare characters)."""
    low = s.lower()
    if len(low) == len(s):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


def matching_forms(norm: str) -> tuple[str, str, bool]:
    """(flat, match_text, folded) of a normalised text, all of its length: flat has newlines as spaces
    (decisions wrap names and phrases across lines); match_text is flat lower-cased, and folded too when
    the text was written without diacritics (then folded is True and the rules compile folded patterns)."""
    flat = norm.replace("\n", " ")
    folded = not has_diacritics(norm)
    return flat, fold(lower(flat)) if folded else lower(flat), folded


def has_diacritics(s: str) -> bool:
    """Whether a text carries Vietnamese tone or vowel marks at all."""
    return any(ord(c) > 127 and _fold_char(c) != c for c in s)


def strip_tones(s: str) -> str:
    """Only the five tone marks removed: compares names across tone placements."""
    d = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_CHARS))


_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """Lone surrogates (a file name that was not UTF-8, a JSON escape) as U+FFFD, at the same length, so
    offsets stay valid and no later stage fails to encode the text."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text
