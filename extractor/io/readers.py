"""Input formats: turn files, folders, globs and standard input into documents (`Source`s) for a batch.

What a researcher points the tool at is a pile of crawled pages, converted
decisions and exports, so this module's job is to get the *text* out of each
file faithfully or to say plainly why it could not:

- `.txt` / `.md`: UTF-8 (with or without BOM), UTF-16/32 with a BOM, UTF-16
  without one, and the legacy Vietnamese encodings Windows-1258, TCVN3 (ABC)
  and VNI when the result is clearly Vietnamese (`encodings`); any other
  encoding only when charset-normalizer is confident *and* the result reads as
  Vietnamese, else an error that says what was tried. Guessing wrong would feed
  mojibake to the extractor silently, which is worse than an error record.
- `.html` / `.htm`: the main text via trafilatura (menus, footers, scripts
  dropped); a plain tag-stripping fallback when trafilatura finds nothing.
- `.docx` (python-docx, paragraphs and tables in order), `.pdf` (pypdf's text
  layer; a scan without one is an error, not an empty document).
- `.jsonl` / `.csv`: one document per row, text from `text_field`, id from
  `id_field` or `path#row`.
- `-`: standard input, read once: one text, or rows of JSON Lines or CSV.

Every read is bounded (`Limits`): a file, an HTML page, a part of a `.docx`
(a zip, which may expand a thousandfold) and a document's text each have a
size past which the document becomes a `TooLarge` error record instead of
taking the machine's memory.

Files are *listed* eagerly (`listing`: so a typo in a path is a usage error
before any work starts) but *read* lazily: a `Source` for a file carries only
its path, and `Source.read()` is called wherever the document is processed -
in a worker process, so parsing PDFs runs in parallel and no process reads
inputs it does not work on. Rows of JSONL/CSV files have to be parsed to be
found, so they carry their text inline.

The text returned is the text offsets refer to: nothing here normalises it
(the pipeline does that and maps offsets back), so `vnpolicy show` re-reading
the same file highlights exactly what the batch extracted. The one exception
is a lone surrogate (from a JSON escape or a Python string), which no encoder
can write: it becomes U+FFFD, one character for one, so offsets still hold.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import re
import sys
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import IO

from extractor.io import encodings
from extractor.io.listing import (
    HTML_SUFFIXES,
    ROW_SUFFIXES,
    STDIN,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    InputError,
    InputFile,
    Listing,
    list_files,
    scan_inputs,
)

__all__ = ["HTML_SUFFIXES", "ROW_SUFFIXES", "SUPPORTED_SUFFIXES", "TEXT_SUFFIXES", "InputError", "InputFile",
           "Inputs", "Limits", "ReadError", "Source", "decode_bytes", "iter_csv", "iter_jsonl", "list_files",
           "read_file", "safe_text", "sources_from", "unique_ids"]

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
_SURROGATE = re.compile("[\ud800-\udfff]")
INSTALL_HINT = "pip install '.[batch]' in the clone, or add the [batch] extra to your install"


@dataclass(frozen=True)
class Limits:
    """How much one document may take. Past a limit the document is a `TooLarge` error record.

    The defaults let through the largest real documents we know of (a 20 MB compilation of decisions, a
    2,000-page PDF) and stop what only a mistake or an attack produces: a 1 MB .docx that expands to 1 GB.
    """

    max_file_bytes: int = 256 * 2**20  # a file on disk (or standard input)
    max_chars: int = 64_000_000  # the text of one document, after reading
    max_html_bytes: int = 20 * 2**20  # one HTML page (the parser's tree takes about ten times this)
    max_xml_part_bytes: int = 32 * 2**20  # one expanded XML part of a .docx (document.xml…)
    max_zip_bytes: int = 256 * 2**20  # all expanded parts of a .docx, images included


LIMITS = Limits()


def _mb(n: int) -> str:
    return f"{n / 2**20:,.1f} MB"


def safe_text(text: str) -> str:
    """The text with each lone surrogate replaced by U+FFFD (same length, so offsets stay valid)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def safe_id(doc_id: str) -> str:
    """A doc_id that every writer can encode: a lone surrogate is written as its `\\udcxx` escape, so the
    id stays distinct and the same on every run (which `--resume` needs)."""
    return doc_id.encode("utf-8", "backslashreplace").decode("utf-8") if _SURROGATE.search(doc_id) else doc_id


class ReadError(Exception):
    """A document that cannot be read; `kind` becomes `error.type` of its error record."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Source:
    """One document to process: where it comes from, and its text or why there is none.

    Exactly one of `text`, `path` or `error` says where the text is. Sources
    are small and picklable, so they travel to worker processes and Dask
    workers; a file's text is read only where it is processed.
    """

    doc_id: str
    path: str | None = None
    text: str | None = None
    error: tuple[str, str] | None = None  # (type, message) found while listing

    def __post_init__(self) -> None:
        if isinstance(self.doc_id, str) and _SURROGATE.search(self.doc_id):
            object.__setattr__(self, "doc_id", safe_id(self.doc_id))

    def read(self) -> str:
        """The document's text; raises `ReadError` for anything unreadable or over the budget."""
        if self.error is not None:
            raise ReadError(*self.error)
        if self.text is not None:
            text = self.text
        elif self.path is None:
            raise ReadError("ReadError", "source has neither text nor path")
        else:
            text = read_file(self.path)
        if len(text) > LIMITS.max_chars:
            raise ReadError("TooLarge", f"the text has {len(text):,} characters, over the per-document limit "
                                        f"of {LIMITS.max_chars:,}")
        return safe_text(text)

    def loaded(self) -> Source:
        """This source with its text read in (or its read error recorded).

        Used before shipping work to machines that may not see the file system.
        """
        if self.text is not None or self.error is not None:
            return self
        try:
            return replace(self, text=self.read(), path=None)
        except ReadError as exc:
            return replace(self, error=(exc.kind, exc.message), path=None)


# ---------------------------------------------------------------- the inputs of a batch


class Inputs:
    """The documents of a batch: files listed now, rows and texts produced lazily.

    Iterating yields `Source`s in a deterministic order (the order the inputs
    were given, folders sorted, rows in file order). Repeated doc_ids are made
    unique by the batch runner (`unique_ids`). `-` reads standard input once,
    here: as one text, or as rows when `stdin_format` is "jsonl" or "csv" (by
    default JSON Lines when its first line is a JSON object, else text).
    """

    def __init__(self, inputs: Sequence[str | os.PathLike[str]], *, text_field: str = "text",
                 id_field: str = "id", exclude: Iterable[str | os.PathLike[str]] = (),
                 stdin_format: str | None = None, stdin: IO[bytes] | None = None) -> None:
        self.listing: Listing = scan_inputs(inputs, exclude=exclude)
        self.files = self.listing.files
        self.text_field = text_field
        self.id_field = id_field
        self.order = [os.fspath(x) for x in inputs]
        self.stdin: list[Source] = []
        if STDIN in self.order:
            stream = stdin if stdin is not None else sys.stdin.buffer
            self.stdin = stdin_sources(stream, stdin_format, text_field, id_field)

    @property
    def skipped(self) -> list[tuple[str, str]]:
        """Entries of input folders and globs passed over, with the reason."""
        return self.listing.skipped

    def __iter__(self) -> Iterator[Source]:
        if STDIN in self.order and self.order.index(STDIN) == 0:
            yield from self.stdin
            for f in self.files:
                yield from _file_sources(f, self.text_field, self.id_field)
            return
        for f in self.files:
            yield from _file_sources(f, self.text_field, self.id_field)
        yield from self.stdin

    def count(self) -> int:
        """How many documents iterating will yield (cheap: rows are counted, not extracted)."""
        total = len(self.stdin)
        for f in self.files:
            suffix = f.path.suffix.lower()
            if suffix not in ROW_SUFFIXES:
                total += 1
                continue
            try:
                if suffix == ".jsonl":
                    with open(f.path, "rb") as fh:
                        total += max(1, sum(1 for line in fh if line.strip()))
                else:
                    total += max(1, sum(1 for _ in _csv_rows(decode_bytes(_read_bytes(f.path)))))
            except (OSError, ReadError, csv.Error):
                total += 1
        return total


def stdin_sources(stream: IO[bytes], fmt: str | None, text_field: str, id_field: str) -> list[Source]:
    """The documents on standard input: one text (doc_id `stdin`), or rows (`stdin#N` or their id field)."""
    data = stream.read(LIMITS.max_file_bytes + 1)
    if len(data) > LIMITS.max_file_bytes:
        return [Source("stdin", error=("TooLarge", f"standard input is over {_mb(LIMITS.max_file_bytes)}"))]
    if fmt is None:
        fmt = "jsonl" if _looks_like_jsonl(data) else "text"
    if fmt == "jsonl":
        return list(_jsonl_sources(io.BytesIO(data), "stdin", text_field, id_field))
    if fmt == "csv":
        return list(_csv_sources(data, "stdin", text_field, id_field))
    try:
        return [Source("stdin", text=_nonblank(decode_bytes(data), "standard input"))]
    except ReadError as exc:
        return [Source("stdin", error=(exc.kind, exc.message))]


def _looks_like_jsonl(data: bytes) -> bool:
    first = next((line for line in data.splitlines() if line.strip()), b"")
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, UnicodeDecodeError):
        return False


def unique_ids(sources: Iterable[Source]) -> Iterator[Source]:
    """The sources with a repeated doc_id renamed `id~2`, `id~3` … (deterministic, first one kept).

    `--resume` goes by doc_id, so two documents sharing one would make the second
    look done; renaming keeps both.
    """
    seen: set[str] = set()
    for src in sources:
        doc_id = src.doc_id
        n = 1
        while doc_id in seen:
            n += 1
            doc_id = f"{src.doc_id}~{n}"
        seen.add(doc_id)
        yield src if doc_id == src.doc_id else replace(src, doc_id=doc_id)


def _file_sources(f: InputFile, text_field: str, id_field: str) -> Iterator[Source]:
    suffix = f.path.suffix.lower()
    if suffix == ".jsonl":
        yield from iter_jsonl(f.path, f.doc_id, text_field, id_field)
    elif suffix == ".csv":
        yield from iter_csv(f.path, f.doc_id, text_field, id_field)
    else:
        yield Source(doc_id=f.doc_id, path=os.fspath(f.path))


def sources_from(items: Iterable[object], *, text_field: str = "text", id_field: str = "id") -> list[Source]:
    """Sources from a mixed list for the Python API: paths/globs, `(text, doc_id)` pairs or `Source`s.

    A bare string is always a path or glob (as on the command line); give text as
    a `(text, doc_id)` pair, so a short text is never mistaken for a file name.
    """
    out: list[Source] = []
    paths: list[str] = []

    def flush() -> None:
        if paths:
            out.extend(Inputs(paths, text_field=text_field, id_field=id_field))
            paths.clear()

    for item in items:
        if isinstance(item, Source):
            flush()
            out.append(item)
        elif isinstance(item, tuple) and len(item) == 2:
            flush()
            text, doc_id = item
            if isinstance(text, str):
                out.append(Source(doc_id=str(doc_id), text=text))
            else:
                out.append(Source(doc_id=str(doc_id),
                                  error=("ExtractionError", f"text must be str, not {type(text).__name__}")))
        elif isinstance(item, (str, os.PathLike)):
            paths.append(os.fspath(item))
        else:
            raise TypeError(f"expected a path, a (text, doc_id) pair or a Source, not {type(item).__name__}")
    flush()
    return out


# ---------------------------------------------------------------- rows


def _row_text(obj: object, where: str, text_field: str) -> Source | str:
    if not isinstance(obj, dict):
        return Source(doc_id=where, error=("InvalidRecord", f"row is {type(obj).__name__}, not an object"))
    if text_field not in obj:
        return Source(doc_id=where, error=("InvalidRecord", f"row has no {text_field!r} field"))
    text = obj[text_field]
    if not isinstance(text, str):
        return Source(doc_id=where, error=("InvalidRecord", f"field {text_field!r} is {type(text).__name__}, "
                                                            "not text"))
    return text


def _row_id(obj: dict[str, object], id_field: str, fallback: str) -> str:
    value = obj.get(id_field)
    if value is None or value == "":
        return fallback
    return safe_id(str(value))


def iter_jsonl(path: Path, base_id: str, text_field: str = "text", id_field: str = "id") -> Iterator[Source]:
    """One Source per non-blank line; doc_id from `id_field` or `base_id#line` (1-based line number)."""
    try:
        fh = open(path, "rb")  # closed by the with below
    except OSError as exc:
        yield Source(doc_id=base_id, error=("ReadError", f"cannot open: {exc.strerror or exc}"))
        return
    with fh:
        yield from _jsonl_sources(fh, base_id, text_field, id_field)


def _jsonl_sources(fh: IO[bytes], base_id: str, text_field: str, id_field: str) -> Iterator[Source]:
    for lineno, raw in enumerate(fh, start=1):
        if not raw.strip():
            continue
        where = f"{base_id}#{lineno}"
        try:
            obj = json.loads(raw.decode("utf-8-sig" if lineno == 1 else "utf-8"))
        except UnicodeDecodeError:
            yield Source(doc_id=where, error=("EncodingError", "JSON Lines must be UTF-8"))
            continue
        except json.JSONDecodeError as exc:
            message = f"invalid JSON: {exc.msg} (column {exc.colno})"
            yield Source(doc_id=where, error=("InvalidRecord", message))
            continue
        text = _row_text(obj, where, text_field)
        if isinstance(text, Source):
            yield text
        else:
            assert isinstance(obj, dict)
            yield Source(doc_id=_row_id(obj, id_field, where), text=text)


def _csv_rows(text: str) -> Iterator[dict[str, str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    yield from csv.DictReader(io.StringIO(text, newline=""))


def iter_csv(path: Path, base_id: str, text_field: str = "text", id_field: str = "id") -> Iterator[Source]:
    """One Source per data row; doc_id from `id_field` or `base_id#row` (1-based, header not counted)."""
    try:
        data = _read_bytes(path)
    except ReadError as exc:
        yield Source(doc_id=base_id, error=(exc.kind, exc.message))
        return
    yield from _csv_sources(data, base_id, text_field, id_field)


def _csv_sources(data: bytes, base_id: str, text_field: str, id_field: str) -> Iterator[Source]:
    try:
        text = decode_bytes(data)
    except ReadError as exc:
        yield Source(doc_id=base_id, error=(exc.kind, exc.message))
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        if reader.fieldnames is None:
            yield Source(doc_id=base_id, error=("InvalidRecord", "CSV file has no header row"))
            return
        if text_field not in reader.fieldnames:
            columns = ", ".join(reader.fieldnames)
            message = f"CSV has no {text_field!r} column (columns: {columns})"
            yield Source(doc_id=base_id, error=("InvalidRecord", message))
            return
        for rowno, row in enumerate(reader, start=1):
            where = f"{base_id}#{rowno}"
            value = row.get(text_field)
            if value is None:
                yield Source(doc_id=where, error=("InvalidRecord", f"row has no {text_field!r} value"))
                continue
            yield Source(doc_id=_row_id(row, id_field, where), text=value)
    except csv.Error as exc:
        yield Source(doc_id=f"{base_id}#{reader.line_num}", error=("InvalidRecord", f"malformed CSV: {exc}"))


# ---------------------------------------------------------------- files


def read_file(path: str | os.PathLike[str]) -> str:
    """The text of one file, by its suffix; raises `ReadError` with a reason."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return read_html(p)
    if suffix == ".docx":
        return read_docx(p)
    if suffix == ".pdf":
        return read_pdf(p)
    if suffix in ROW_SUFFIXES:
        # Only reached for a single row-file opened as one document (e.g. `vnpolicy show x.jsonl`).
        raise ReadError("ReadError", f"{p.name} holds rows; read it with iter_jsonl/iter_csv")
    return read_text(p)


def _read_bytes(path: Path) -> bytes:
    """A file's bytes, at most `LIMITS.max_file_bytes` of them (a FIFO is read up to the limit too)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(LIMITS.max_file_bytes + 1)
    except FileNotFoundError:
        raise ReadError("ReadError", "file not found") from None
    except OSError as exc:
        raise ReadError("ReadError", f"cannot read: {exc.strerror or exc}") from None
    if len(data) > LIMITS.max_file_bytes:
        raise ReadError("TooLarge", f"the file is over the limit of {_mb(LIMITS.max_file_bytes)}")
    if not data:
        raise ReadError("EmptyFile", "the file is empty (0 bytes)")
    return data


def _nonblank(text: str, what: str = "the file") -> str:
    if not text.strip():
        raise ReadError("EmptyFile", f"{what} holds only white space")
    return text


def read_text(path: Path) -> str:
    """A plain-text file, decoded by `decode_bytes`."""
    return _nonblank(decode_bytes(_read_bytes(path)))


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


# ---------------------------------------------------------------- html

_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                         "table", "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt",
                         "hr"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})


class _PlainText(HTMLParser):
    """The fallback: all visible text, blocks on their own lines, scripts and styles dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        lines = (" ".join(line.split()) for line in raw.split("\n"))
        return "\n\n".join(line for line in lines if line)


def html_to_text(markup: str) -> str:
    """Main text of a page: trafilatura first, a plain tag-stripper when it finds nothing.

    Paragraphs are separated by a blank line, so the extractor's paragraph
    splitter never glues a headline to the first sentence.
    """
    text = ""
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - batch extra (or lxml_html_clean) missing
        warnings.warn(f"trafilatura unavailable ({exc}); HTML pages keep their menus and footers "
                      "({INSTALL_HINT})", stacklevel=2)
        trafilatura = None
    if trafilatura is not None:
        try:
            text = trafilatura.extract(markup, include_comments=False, include_tables=True,
                                       favor_recall=True, deduplicate=False) or ""
        except Exception:  # a parser failure on one page must fall back, not fail
            text = ""
    if text.strip():
        return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    parser = _PlainText()
    parser.feed(markup)
    parser.close()
    return parser.text()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def read_html(path: Path) -> str:
    """An HTML page's main text.

    Bytes that are valid UTF-8 are taken as UTF-8 whatever the page declares
    (crawled pages often keep a stale `<meta charset>`); otherwise the declared
    charset, otherwise the same careful guess as for text files.
    """
    data = _read_bytes(path)
    if len(data) > LIMITS.max_html_bytes:
        raise ReadError("TooLarge", f"the page is {_mb(len(data))}, over the limit of {_mb(LIMITS.max_html_bytes)} "
                                    "for HTML")
    markup: str | None = None
    try:
        markup = decode_bytes(data) if _is_utf(data) else None
    except ReadError:
        markup = None
    if markup is None:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                markup = data.decode(declared.group(1).decode("ascii").lower())
            except (LookupError, UnicodeDecodeError):
                markup = None
    if markup is None:
        markup = decode_bytes(data)
    text = html_to_text(markup)
    if not text.strip():
        raise ReadError("NoText", "the page has no visible text")
    return text


def _is_utf(data: bytes) -> bool:
    """Whether bytes carry a Unicode BOM or decode as UTF-8."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------- docx / pdf


def _optional(module: str, package: str):  # noqa: ANN202 - returns a module
    """An optional dependency of the batch extra, or a clear error record when it is not installed."""
    try:
        return importlib.import_module(module)
    except ImportError:  # pragma: no cover - batch extra missing
        raise ReadError("MissingDependency",
                        f"{package} is not installed ({INSTALL_HINT})") from None


def check_zip(data: bytes, what: str, limits: Limits | None = None) -> None:
    """Refuse a zip whose parts expand past the limits, before anything decompresses them.

    The sizes checked are those the zip declares: Python's zipfile never returns more than a part's declared
    size (and fails its checksum if the data says otherwise), so they bound what python-docx can read.
    """
    limits = limits or LIMITS
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError("ReadError", f"not a readable {what} ({exc})") from None
    total = sum(i.file_size for i in infos)
    if total > limits.max_zip_bytes:
        raise ReadError("TooLarge", f"{what} expands to {_mb(total)} (limit {_mb(limits.max_zip_bytes)}): "
                                    "too large, or a zip bomb")
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > limits.max_xml_part_bytes:
            raise ReadError("TooLarge", f"{what}: part {info.filename} expands to {_mb(info.file_size)} "
                                        f"(limit {_mb(limits.max_xml_part_bytes)} per XML part)")


def _pdf_pages(reader: object) -> list[str]:
    """The pages' text, stopping with `TooLarge` as soon as the document's budget is spent."""
    pages: list[str] = []
    size = 0
    for page in reader.pages:  # type: ignore[attr-defined]
        text = (page.extract_text() or "").strip()
        size += len(text)
        if size > LIMITS.max_chars:
            raise ReadError("TooLarge", f"the PDF's text passes the per-document limit of {LIMITS.max_chars:,} "
                                        f"characters by page {len(pages) + 1}")
        pages.append(text)
    return pages


def read_docx(path: Path) -> str:
    """Paragraphs and table rows of a Word file, in document order, blank line between blocks."""
    docx = _optional("docx", "python-docx")
    Table = _optional("docx.table", "python-docx").Table  # noqa: N806 - a class
    data = _read_bytes(path)
    check_zip(data, "the .docx file")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise ReadError("ReadError", f"not a readable .docx file ({type(exc).__name__}: {exc})") from None
    blocks: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    t = cell.text.strip()
                    if t and (not cells or cells[-1] != t):  # merged cells repeat their text
                        cells.append(t)
                if cells:
                    blocks.append("\t".join(cells))
        else:
            t = block.text.strip()
            if t:
                blocks.append(t)
    text = "\n\n".join(blocks)
    if not text.strip():
        raise ReadError("NoText", "the .docx file has no text")
    return text


def read_pdf(path: Path) -> str:
    """The text layer of a PDF, pages separated by a blank line; a scan without one is an error."""
    PdfReader = _optional("pypdf", "pypdf").PdfReader  # noqa: N806 - a class
    data = _read_bytes(path)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("ReadError", "the PDF is encrypted")
        pages = _pdf_pages(reader)
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many kinds for a damaged file
        raise ReadError("ReadError", f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise ReadError("NoText", "the PDF has no text layer (a scan? run OCR first)")
    return text
