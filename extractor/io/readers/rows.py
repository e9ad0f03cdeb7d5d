"""Files of rows (`.jsonl`, `.csv`, and rows on standard input): one document per row, text from
`text_field`, id from `id_field` or `path#row`; a bad row is that row's error record, the others still read.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from extractor.io.readers.bounds import ReadError, read_bytes, safe_id
from extractor.io.readers.plaintext import decode_bytes
from extractor.io.readers.source import Source


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
        yield from jsonl_sources(fh, base_id, text_field, id_field)


def jsonl_sources(fh: IO[bytes], base_id: str, text_field: str, id_field: str) -> Iterator[Source]:
    """One Source per non-blank line; a file with none is one EmptyFile error, as an empty text file is."""
    rows = 0
    for lineno, raw in enumerate(fh, start=1):
        if not raw.strip():
            continue
        rows += 1
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
    if not rows:
        yield Source(doc_id=base_id, error=("EmptyFile", "the JSON Lines input holds no line of JSON"))


def csv_rows(text: str) -> Iterator[dict[str, str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    yield from csv.DictReader(io.StringIO(text, newline=""))


def iter_csv(path: Path, base_id: str, text_field: str = "text", id_field: str = "id") -> Iterator[Source]:
    """One Source per data row; doc_id from `id_field` or `base_id#row` (1-based, header not counted)."""
    try:
        data = read_bytes(path)
    except ReadError as exc:
        yield Source(doc_id=base_id, error=(exc.kind, exc.message))
        return
    yield from csv_sources(data, base_id, text_field, id_field)


def csv_sources(data: bytes, base_id: str, text_field: str, id_field: str) -> Iterator[Source]:
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
        rowno = 0
        for rowno, row in enumerate(reader, start=1):  # noqa: B007 - rowno after the loop counts the rows
            where = f"{base_id}#{rowno}"
            value = row.get(text_field)
            if value is None:
                yield Source(doc_id=where, error=("InvalidRecord", f"row has no {text_field!r} value"))
                continue
            yield Source(doc_id=_row_id(row, id_field, where), text=value)
        if not rowno:
            yield Source(doc_id=base_id, error=("EmptyFile", "the CSV input has a header row and no data row"))
    except csv.Error as exc:
        yield Source(doc_id=f"{base_id}#{reader.line_num}", error=("InvalidRecord", f"malformed CSV: {exc}"))
