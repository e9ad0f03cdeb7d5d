"""Input formats: turn files, folders, globs and standard input into documents (`Source`s) for a batch. What a
researcher points the tool at is a pile of crawled pages, converted decisions and exports, so this room's job
is to get the *text* out of each file faithfully or to say plainly why it could not, one module a concern:
`bounds` (the size limits, `ReadError`, the bounded byte read), `plaintext` (encodings of text files),
`markup` (HTML), `word` (.docx), `pdf`, `dispatch` (a file to its reader by suffix), `source` (`Source`, read
lazily where it is processed), `rows` (JSONL and CSV) and `inputs` (the inputs of a batch, standard input,
unique ids). Every name of the former single module is re-exported here; `LIMITS` is read from
`bounds.LIMITS` at each read, so replace it there, not here.
"""

from __future__ import annotations

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
from extractor.io.readers.bounds import INSTALL_HINT, LIMITS, Limits, ReadError, safe_id, safe_text
from extractor.io.readers.dispatch import read_file
from extractor.io.readers.inputs import Inputs, sources_from, stdin_sources, unique_ids
from extractor.io.readers.markup import html_to_text, read_html
from extractor.io.readers.pdf import read_pdf
from extractor.io.readers.plaintext import decode_bytes, read_text
from extractor.io.readers.rows import iter_csv, iter_jsonl
from extractor.io.readers.source import Source
from extractor.io.readers.word import check_zip, read_docx

__all__ = ["HTML_SUFFIXES", "INSTALL_HINT", "LIMITS", "ROW_SUFFIXES", "STDIN", "SUPPORTED_SUFFIXES", "TEXT_SUFFIXES",
           "InputError", "InputFile", "Inputs", "Limits", "Listing", "ReadError", "Source", "check_zip",
           "decode_bytes", "html_to_text", "iter_csv", "iter_jsonl", "list_files", "read_docx", "read_file",
           "read_html", "read_pdf", "read_text", "safe_id", "safe_text", "scan_inputs", "sources_from",
           "stdin_sources", "unique_ids"]
