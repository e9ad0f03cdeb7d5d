"""The inputs of a batch: files, folders, globs, standard input and the Python API's mixed lists, as
`Source`s in a deterministic order, with repeated doc_ids made unique.

Files are *listed* eagerly (`extractor.io.listing`: so a typo in a path is a usage error before any work
starts) but *read* lazily, where each document is processed. `-` is standard input, read once: one text, or
rows of JSON Lines or CSV.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import IO

from extractor.io.listing import ROW_SUFFIXES, STDIN, InputFile, Listing, scan_inputs
from extractor.io.readers import bounds
from extractor.io.readers.bounds import ReadError, mb, read_bytes
from extractor.io.readers.plaintext import decode_bytes, nonblank
from extractor.io.readers.rows import csv_rows, csv_sources, iter_csv, iter_jsonl, jsonl_sources
from extractor.io.readers.source import Source


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
                    total += max(1, sum(1 for _ in csv_rows(decode_bytes(read_bytes(f.path)))))
            except (OSError, ReadError, csv.Error):
                total += 1
        return total


def stdin_sources(stream: IO[bytes], fmt: str | None, text_field: str, id_field: str) -> list[Source]:
    """The documents on standard input: one text (doc_id `stdin`), or rows (`stdin#N` or their id field)."""
    data = stream.read(bounds.LIMITS.max_file_bytes + 1)
    if len(data) > bounds.LIMITS.max_file_bytes:
        return [Source("stdin", error=("TooLarge", f"standard input is over {mb(bounds.LIMITS.max_file_bytes)}"))]
    if fmt is None:
        fmt = "jsonl" if _looks_like_jsonl(data) else "text"
    if fmt == "jsonl":
        return list(jsonl_sources(io.BytesIO(data), "stdin", text_field, id_field))
    if fmt == "csv":
        return list(csv_sources(data, "stdin", text_field, id_field))
    try:
        return [Source("stdin", text=nonblank(decode_bytes(data), "standard input"))]
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
