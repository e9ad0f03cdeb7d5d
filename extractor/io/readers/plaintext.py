"""Plain text (`.txt`, `.md`, standard input): bytes to text, or a `ReadError` that says what was tried.

UTF-8 (with or without BOM), UTF-16/32 with a BOM, UTF-16 without one, and the legacy Vietnamese encodings
Windows-1258, TCVN3 (ABC) and VNI when the result is clearly Vietnamese (`extractor.io.encodings`); any other
encoding only when charset-normalizer is confident *and* the result reads as Vietnamese, else an error that
says what was tried. Guessing wrong would feed mojibake to the extractor silently, which is worse than an
error record. Binary files (by their signature, NUL bytes or control characters) are refused whatever their
name says.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from extractor.io import encodings
from extractor.io.readers.bounds import INSTALL_HINT, ReadError, read_bytes

# Signatures of files that are certainly not text, whatever their name says.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (docx/xlsx/zip)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (old .doc/.xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
)


def nonblank(text: str, what: str = "the file") -> str:
    if not text.strip():
        raise ReadError("EmptyFile", f"{what} holds only white space")
    return text


def read_text(path: Path) -> str:
    """A plain-text file, decoded by `decode_bytes`."""
    return nonblank(decode_bytes(read_bytes(path)))


def decode_bytes(data: bytes) -> str:
    """Bytes to text, or `ReadError` when they are binary or the encoding cannot be told for sure.

    UTF-8 (optional BOM) and BOM-marked UTF-16/32 are certain; UTF-16 without a BOM is recognised by its
    zero bytes. Other bytes are read as Windows-1258, TCVN3 and VNI and taken when one reading is clearly
    Vietnamese (`encodings.decode_legacy`); else charset-normalizer's guess is taken only when it is
    confident and Vietnamese. The error says what was tried.
    """
    if not data:
        raise ReadError("EmptyFile", "the file is empty (0 bytes)")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReadError("BinaryFile", f"the file is {what}, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return _check_text(_decode(data[3:], "utf-8"))
    for bom, enc in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                     (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return _check_text(_decode(data[len(bom):], enc))
    if b"\x00" in data[:65536]:
        text = encodings.utf16_without_bom(data)
        if text is not None:
            return _check_text(text)
        raise ReadError("BinaryFile", "the file holds NUL bytes and is not UTF-16 either: binary, not text")
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text, notes = encodings.decode_legacy(data)
    if text is not None:
        return _check_text(text)
    return _check_text(_guess_encoding(data, notes))


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError("EncodingError", f"invalid {encoding} at byte {exc.start}") from None


def _check_text(text: str) -> str:
    """Reject decoded 'text' that is really binary (NULs, many control characters)."""
    sample = text[:65536]
    if "\x00" in sample:
        raise ReadError("BinaryFile", "the file holds NUL bytes: binary, not text")
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    if controls > max(8, len(sample) // 100):
        raise ReadError("BinaryFile", f"the file holds {controls} control characters: binary, not text")
    return text


def _guess_encoding(data: bytes, tried: list[str]) -> str:
    """charset-normalizer's reading, when it is confident and Vietnamese; else an error naming all tried."""
    head = "the encoding could not be determined (not UTF-8 or UTF-16"

    def fail(reason: str) -> ReadError:
        notes = "; ".join([*tried, reason])
        return ReadError("EncodingError", f"{head}; tried {notes}); convert the file to UTF-8")

    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - batch extra missing
        raise fail(f"charset-normalizer: not installed ({INSTALL_HINT})") from None
    matches = list(from_bytes(data))
    if not matches:
        raise fail("charset-normalizer: no code page fits")
    best = matches[0]
    text = str(best)
    if best.percent_chaos > 5.0:
        raise fail(f"charset-normalizer: best guess {best.encoding} still looks garbled")
    norm = unicodedata.normalize("NFC", text)
    for other in matches[1:]:
        if (other.percent_chaos <= best.percent_chaos + 1.0
                and other.percent_coherence >= best.percent_coherence - 5.0
                and unicodedata.normalize("NFC", str(other)) != norm):
            raise fail(f"charset-normalizer: {best.encoding} and {other.encoding} fit equally well")
    verdict = encodings.vietnamese_verdict(encodings.reading(f"charset-normalizer's {best.encoding}", norm))
    if verdict is not None:
        raise fail(verdict)
    return text
