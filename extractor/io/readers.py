"""Input formats: turn files, folders and globs into documents (`Source`s) for a batch.

What a researcher points the tool at is a pile of crawled pages, converted
decisions and exports, so this module's job is to get the *text* out of each
file faithfully or to say plainly why it could not:

- `.txt` / `.md`: UTF-8 (with or without BOM, or a UTF-16 BOM); any other
  encoding only when charset-normalizer is confident *and* the result reads as
  Vietnamese, else an error. Guessing wrong would feed mojibake to the
  extractor silently, which is worse than an error record.
- `.html` / `.htm`: the main text via trafilatura (menus, footers, scripts
  dropped); a plain tag-stripping fallback when trafilatura finds nothing.
- `.docx` (python-docx, paragraphs and tables in order), `.pdf` (pypdf's text
  layer; a scan without one is an error, not an empty document).
- `.jsonl` / `.csv`: one document per row, text from `text_field`, id from
  `id_field` or `path#row`.

Files are *listed* eagerly (so a typo in a path is a usage error before any
work starts) but *read* lazily: a `Source` for a file carries only its path,
and `Source.read()` is called wherever the document is processed - in a
worker process, so parsing PDFs runs in parallel and no process reads inputs
it does not work on. Rows of JSONL/CSV files have to be parsed to be found,
so they carry their text inline.

The text returned is the text offsets refer to: nothing here normalises it
(the pipeline does that and maps offsets back), so `vnpolicy show` re-reading
the same file highlights exactly what the batch extracted.
"""

from __future__ import annotations

import csv
import glob
import importlib
import io
import json
import os
import re
import sys
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
ROW_SUFFIXES = frozenset({".jsonl", ".csv"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | ROW_SUFFIXES | {".docx", ".pdf"}

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

# Characters a Vietnamese text decoded from a legacy code page may contain
# beyond ASCII: Vietnamese letters (checked separately) and common typography.
_TYPOGRAPHY = set("\u00a0“”‘’–—…•°±×÷«»·§©®€£¥²³¹½¼¾№")
_VN_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}


class ReadError(Exception):
    """A document that cannot be read; `kind` becomes `error.type` of its error record."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class InputError(Exception):
    """A command-line input that names nothing (missing path, glob without match): a usage error."""


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

    def read(self) -> str:
        """The document's text; raises `ReadError` for anything unreadable."""
        if self.error is not None:
            raise ReadError(*self.error)
        if self.text is not None:
            return self.text
        if self.path is None:
            raise ReadError("ReadError", "source has neither text nor path")
        return read_file(self.path)

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


# ---------------------------------------------------------------- listing


@dataclass(frozen=True)
class InputFile:
    """A file found from the inputs, with the doc_id (path relative to its input root)."""

    path: Path
    doc_id: str


def _glob_root(pattern: str) -> Path:
    """The directory part of a glob before its first wildcard: doc_ids are relative to it."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _walk(root: Path, exclude: set[Path]) -> Iterator[Path]:
    """Supported files under `root`, sorted so every run sees the same order; hidden entries skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if name.startswith(".") or p.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            if p.resolve() in exclude:
                continue
            yield p


def list_files(inputs: Sequence[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = ()
               ) -> list[InputFile]:
    """Every input file once, in the order given (folders and globs sorted).

    A folder contributes its supported files recursively; a file given directly
    is taken whatever its suffix (it is read as text unless it is a known
    format). `exclude` keeps the run's own output files out when they sit inside
    an input folder. Raises `InputError` for an input that names nothing.
    """
    excluded = {Path(p).resolve() for p in exclude}
    seen: set[Path] = set()
    found: list[InputFile] = []

    def add(path: Path, doc_id: str) -> None:
        key = path.resolve()
        if key in seen or key in excluded:
            return
        seen.add(key)
        found.append(InputFile(path, doc_id))

    for raw in inputs:
        item = os.fspath(raw)
        p = Path(item)
        if p.is_dir():
            for f in _walk(p, excluded):
                add(f, f.relative_to(p).as_posix())
        elif p.is_file():
            add(p, p.name)
        elif glob.has_magic(item):
            root = _glob_root(item)
            matches = sorted(glob.glob(item, recursive=True))
            files: list[Path] = []
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    files.extend(_walk(mp, excluded))
                elif mp.is_file():
                    files.append(mp)
            if not files:
                raise InputError(f"no files match {item!r}")
            for f in files:
                try:
                    rel = f.relative_to(root).as_posix()
                except ValueError:
                    rel = f.name
                add(f, rel)
        else:
            raise InputError(f"no such file or folder: {item!r}")
    return found


class Inputs:
    """The documents of a batch: files listed now, rows and texts produced lazily.

    Iterating yields `Source`s in a deterministic order (the order the inputs
    were given, folders sorted, rows in file order). Repeated doc_ids are made
    unique by the batch runner (`unique_ids`).
    """

    def __init__(self, inputs: Sequence[str | os.PathLike[str]], *, text_field: str = "text",
                 id_field: str = "id", exclude: Iterable[str | os.PathLike[str]] = ()) -> None:
        self.files = list_files(inputs, exclude=exclude)
        self.text_field = text_field
        self.id_field = id_field

    def __iter__(self) -> Iterator[Source]:
        for f in self.files:
            yield from _file_sources(f, self.text_field, self.id_field)

    def count(self) -> int:
        """How many documents iterating will yield (cheap: rows are counted, not extracted)."""
        total = 0
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
                    total += max(1, sum(1 for _ in _csv_rows(decode_bytes(f.path.read_bytes()))))
            except (OSError, ReadError, csv.Error):
                total += 1
        return total


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
    return str(value)


def iter_jsonl(path: Path, base_id: str, text_field: str = "text", id_field: str = "id") -> Iterator[Source]:
    """One Source per non-blank line; doc_id from `id_field` or `base_id#line` (1-based line number)."""
    try:
        fh = open(path, "rb")  # closed by the with below
    except OSError as exc:
        yield Source(doc_id=base_id, error=("ReadError", f"cannot open: {exc.strerror or exc}"))
        return
    with fh:
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
        text = decode_bytes(_read_bytes(path))
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
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("ReadError", "file not found") from None
    except OSError as exc:
        raise ReadError("ReadError", f"cannot read: {exc.strerror or exc}") from None
    if not data:
        raise ReadError("EmptyFile", "the file is empty (0 bytes)")
    return data


def read_text(path: Path) -> str:
    """A plain-text file, decoded by `decode_bytes`."""
    text = decode_bytes(_read_bytes(path))
    if not text.strip():
        raise ReadError("EmptyFile", "the file holds only white space")
    return text


def decode_bytes(data: bytes) -> str:
    """Bytes to text, or `ReadError` when they are binary or the encoding cannot be told for sure.

    UTF-8 (optional BOM) and BOM-marked UTF-16/32 are certain. Anything else goes
    to charset-normalizer and is accepted only when it is confident (low chaos, no
    different reading about as good) and the result reads as Vietnamese text:
    a wrong guess would be silent mojibake in every field downstream.
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
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:8192]:
        raise ReadError("BinaryFile", "the file holds NUL bytes: binary, not text")
    return _check_text(_guess_encoding(data))


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


def _guess_encoding(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - batch extra missing
        raise ReadError("EncodingError", "the file is not UTF-8 and charset-normalizer is not installed "
                                         "(pip install 'vnpolicy-extractor[batch]')") from None
    matches = list(from_bytes(data))
    if not matches:
        raise ReadError("EncodingError", "the encoding could not be determined (not UTF-8, nothing fits)")
    best = matches[0]
    text = str(best)
    reason = None
    if best.percent_chaos > 5.0:
        reason = f"best guess {best.encoding} still looks garbled"
    else:
        norm = unicodedata.normalize("NFC", text)
        for other in matches[1:]:
            if (other.percent_chaos <= best.percent_chaos + 1.0
                    and other.percent_coherence >= best.percent_coherence - 5.0
                    and unicodedata.normalize("NFC", str(other)) != norm):
                reason = f"{best.encoding} and {other.encoding} fit equally well"
                break
        if reason is None and not _reads_as_vietnamese(norm):
            reason = f"best guess {best.encoding} does not read as Vietnamese"
    if reason is not None:
        raise ReadError("EncodingError", f"the encoding could not be determined ({reason}); "
                                         "convert the file to UTF-8")
    return text


def _reads_as_vietnamese(text: str) -> bool:
    """Whether the non-ASCII characters of a decoded text are Vietnamese letters or common typography.

    Legacy Vietnamese encodings read as a Western code page give letters such as
    'Ð', '¸', 'Ó' in odd places; those fail here.
    """
    odd = 0
    non_ascii = 0
    for c in text:
        if ord(c) < 128:
            continue
        non_ascii += 1
        if c in _TYPOGRAPHY or c in _VN_MARKS:
            continue
        if c in "đĐ":
            continue
        d = unicodedata.normalize("NFD", c)
        if d[0].isascii() and d[0].isalpha() and all(m in _VN_MARKS for m in d[1:]):
            continue
        odd += 1
    return non_ascii > 0 and odd <= max(2, non_ascii // 50)


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
                      "(pip install 'vnpolicy-extractor[batch]' lxml_html_clean)", stacklevel=2)
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
                        f"{package} is not installed (pip install 'vnpolicy-extractor[batch]')") from None


def read_docx(path: Path) -> str:
    """Paragraphs and table rows of a Word file, in document order, blank line between blocks."""
    docx = _optional("docx", "python-docx")
    Table = _optional("docx.table", "python-docx").Table  # noqa: N806 - a class
    data = _read_bytes(path)
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
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many kinds for a damaged file
        raise ReadError("ReadError", f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise ReadError("NoText", "the PDF has no text layer (a scan? run OCR first)")
    return text
