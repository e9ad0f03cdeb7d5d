"""Legacy Vietnamese encodings, UTF-16 without a byte order mark, and the test of which reading is right.

Many older Vietnamese documents were typed with the ABC (TCVN3) or VNI fonts: their bytes are neither
UTF-8 nor a code page Python knows. Both tables are data (`extractor/data/encodings/`):

- TCVN3 maps one byte to one precomposed letter (`tcvn3.json`);
- VNI writes a vowel as its base letter followed by a byte that adds its marks (`vni.json`).

A wrong guess is silent mojibake in every field downstream, so a reading is accepted only when it is
clearly Vietnamese: nearly every word with a letter beyond ASCII must have the shape of a Vietnamese
syllable (`syllables.json`: initial, nucleus, final, one tone mark), and the reading must beat every other
candidate by a margin. `decode_legacy` returns the reading or says, for the error message, what it tried.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import regex

from extractor.rules.lexicon import alternation

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Characters a Vietnamese text may hold beyond ASCII that are not letters: common typography.
TYPOGRAPHY = frozenset("\u00a0“”‘’–—…•°±×÷«»·§©®€£¥²³¹½¼¾№\u200b\ufeff")

MIN_WORDS = 5  # fewer words with non-ASCII letters than this cannot tell one reading from another
MIN_RATIO = 0.9  # share of such words that must be syllables
MARGIN = 0.05  # how much better than the runner-up the chosen reading must be

_WORD = regex.compile(r"[^\W\d_]+")


@cache
def table(name: str) -> dict[str, Any]:
    """One of the data files under `extractor/data/encodings/` (read once)."""
    path = resources.files("extractor") / "data" / "encodings" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _byte_map(entries: dict[str, str]) -> dict[int, str]:
    return {int(k, 16): v for k, v in entries.items()}


def _cp1252(b: int) -> str:
    """A byte as Windows-1252 reads it; the five bytes it leaves undefined as their Latin-1 code points."""
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


# ---------------------------------------------------------------- TCVN3


@lru_cache(maxsize=1)
def _tcvn3_decoding() -> tuple[str, ...]:
    letters = _byte_map(table("tcvn3")["bytes"])
    return tuple(letters.get(b, _cp1252(b)) for b in range(256))


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 (ABC) bytes to text."""
    dec = _tcvn3_decoding()
    return "".join(dec[b] for b in data)


def encode_tcvn3(text: str) -> bytes:
    """Text to TCVN3 bytes (for tests and conversions); a capital with a tone mark is written lowercase,
    as ABC does, and a character TCVN3 cannot write raises ValueError."""
    enc = {v: k for k, v in _byte_map(table("tcvn3")["bytes"]).items()}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        for c in (ch, ch.lower()):
            if c in enc:
                out.append(enc[c])
                break
        else:
            try:
                out += ch.encode("cp1252")
            except UnicodeEncodeError:
                raise ValueError(f"TCVN3 cannot write {ch!r}") from None
    return bytes(out)


# ---------------------------------------------------------------- VNI


@lru_cache(maxsize=1)
def _vni_maps() -> tuple[dict[int, str], dict[int, str]]:
    t = table("vni")
    letters = _byte_map(t["letters"])
    marks = _byte_map(t["marks"])
    marks.update({b - 0x20: m for b, m in list(marks.items())})  # the capital twin of each mark byte
    return letters, marks


def decode_vni(data: bytes) -> str:
    """VNI bytes to text: a mark byte combines with the letter before it when Unicode has the result."""
    letters, marks = _vni_maps()
    out: list[str] = []
    for b in data:
        mark = marks.get(b)
        if mark is not None and out and out[-1].isalpha():
            combined = unicodedata.normalize("NFC", out[-1] + mark)
            if len(combined) == 1:
                out[-1] = combined
                continue
        out.append(letters.get(b) or _cp1252(b))
    return "".join(out)


def encode_vni(text: str) -> bytes:
    """Text to VNI bytes (for tests and conversions); raises ValueError for a character VNI cannot write."""
    letters, marks = _vni_maps()
    own = {v: k for k, v in letters.items()}
    by_marks = {m: b for b, m in marks.items() if b >= 0xE0}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in own:
            out.append(own[ch])
            continue
        if ord(ch) < 0x80:
            out.append(ord(ch))
            continue
        out += _vni_letter(ch, own, by_marks)
    return bytes(out)


def _vni_letter(ch: str, own: dict[str, int], by_marks: dict[str, int]) -> bytes:
    """One precomposed letter as VNI writes it: a letter of its own or a base, then one mark byte."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in TONE_MARKS)
    vowel_marks = "".join(c for c in decomposed[1:] if c not in TONE_MARKS)
    base = unicodedata.normalize("NFC", decomposed[0] + vowel_marks)
    upper = base.isupper()
    if base in own and tone:  # ơ, ư (and the i/y letters) take their tone as a mark byte after them
        mark = by_marks.get(tone)
        if mark is not None:
            return bytes([own[base], mark - (0x20 if upper else 0)])
    mark = by_marks.get(vowel_marks + tone)
    if decomposed[0].isascii() and mark is not None:
        return bytes([ord(decomposed[0]), mark - (0x20 if upper else 0)])
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        raise ValueError(f"VNI cannot write {ch!r}") from None


# ---------------------------------------------------------------- UTF-16 without BOM


# High bytes of UTF-16 code units in Vietnamese text: ASCII and Latin-1, Latin Extended-A/B (ă đ ơ ư),
# combining marks, Latin Extended Additional (U+1Exx) and general punctuation (U+20xx).
_LATIN_HIGH_BYTES = (0x00, 0x01, 0x02, 0x03, 0x1E, 0x20)


def utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 bytes that lack a byte order mark, or None when they are not UTF-16.

    In UTF-16 text in a Latin script (Vietnamese included), the high byte of most code units is zero (ASCII)
    and that of nearly all is one of a few values (`_LATIN_HIGH_BYTES`); binary data is not so regular.
    """
    sample = data[:65536]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    candidates = (("utf-16-le", sample[1:pairs * 2:2]), ("utf-16-be", sample[0:pairs * 2:2]))
    fitting = [name for name, high in candidates
               if high.count(0) >= 0.5 * pairs and sum(high.count(b) for b in _LATIN_HIGH_BYTES) >= 0.95 * pairs]
    if not fitting:
        return None
    encoding = fitting[0]
    try:
        text = data[: len(data) // 2 * 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    printable = sum(1 for c in text[:32768] if c.isprintable() or c in "\t\n\r")
    return text if printable >= 0.98 * min(len(text), 32768) else None


# ---------------------------------------------------------------- which reading is Vietnamese


@lru_cache(maxsize=1)
def _syllable() -> regex.Pattern[str]:
    t = table("syllables")

    alt = alternation
    initial = f"(?:{alt(t['initials'])})?"
    return regex.compile(f"{initial}(?:(?:{alt(t['open_nuclei'])})|(?:{alt(t['nuclei'])})(?:{alt(t['finals'])})?"
                         f"|(?:{alt(t['closed_nuclei'])})(?:{alt(t['finals'])}))")


def is_syllable(word: str) -> bool:
    """Whether a lower-case word has the shape of a Vietnamese syllable (one tone mark at most)."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(1 for c in decomposed if c in TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return _syllable().fullmatch(bare) is not None


@dataclass(frozen=True)
class Reading:
    """How Vietnamese one decoding of the bytes reads."""

    encoding: str
    text: str
    words: int  # words holding a letter beyond ASCII
    syllables: int  # of those, the ones shaped like a Vietnamese syllable
    odd: int  # characters beyond ASCII that are neither letters nor common typography

    @property
    def ratio(self) -> float:
        return self.syllables / max(1, self.words + self.odd)


def reading(encoding: str, text: str, sample_chars: int = 200_000) -> Reading:
    """Score one decoding (on its first `sample_chars` characters: enough to tell, bounded in time)."""
    sample = unicodedata.normalize("NFC", text[:sample_chars])
    words = syllables = 0
    for m in _WORD.finditer(sample):
        w = m.group()
        if w.isascii():
            continue
        words += 1
        syllables += is_syllable(w.lower())
    odd = sum(1 for c in sample if ord(c) > 127 and not c.isalpha() and c not in TYPOGRAPHY
              and not unicodedata.category(c).startswith("M"))
    return Reading(encoding, text, words, syllables, odd)


def vietnamese_verdict(r: Reading) -> str | None:
    """None when a reading is clearly Vietnamese, else why not (for the error message)."""
    if r.words < MIN_WORDS:
        return f"{r.encoding}: too little Vietnamese to tell ({r.words} words with diacritics)"
    if r.ratio < MIN_RATIO:
        return f"{r.encoding}: only {r.ratio:.0%} of the words read as Vietnamese"
    return None


LEGACY_DECODERS = (
    ("Windows-1258", lambda data: data.decode("cp1258", errors="strict")),
    ("TCVN3", decode_tcvn3),
    ("VNI", decode_vni),
)


def decode_legacy(data: bytes) -> tuple[str | None, list[str]]:
    """The reading of non-UTF-8 bytes as Windows-1258, TCVN3 or VNI that is clearly Vietnamese, with the
    notes of what was tried (for an error message when none is)."""
    readings: list[Reading] = []
    notes: list[str] = []
    for name, decode in LEGACY_DECODERS:
        try:
            readings.append(reading(name, decode(data)))
        except UnicodeDecodeError:
            notes.append(f"{name}: bytes it does not define")
    readings.sort(key=lambda r: r.ratio, reverse=True)
    for r in readings:
        verdict = vietnamese_verdict(r)
        if verdict:
            notes.append(verdict)
    if not readings or vietnamese_verdict(readings[0]) is not None:
        return None, notes
    best = readings[0]
    for other in readings[1:]:
        if other.ratio > best.ratio - MARGIN and unicodedata.normalize("NFC", other.text) != unicodedata.normalize(
                "NFC", best.text):
            return None, [*notes, f"{best.encoding} and {other.encoding} read about equally well"]
    return best.text, notes
