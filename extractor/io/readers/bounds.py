"""What every reader shares: the size budget (`Limits`, `LIMITS`), the `ReadError` a document gets instead of
its text, the bounded byte read, the optional dependencies of the batch extra, and the surrogate-safe text and
id every writer can encode.

Every read is bounded: a file, an HTML page, a part of a `.docx` (a zip, which may expand a thousandfold) and
a document's text each have a size past which the document becomes a `TooLarge` error record instead of
taking the machine's memory. The other modules of the package look `LIMITS` up here (`bounds.LIMITS`) at each
read, so replacing it in this module (a test, a caller with other limits) reaches every reader.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

SURROGATE = re.compile("[\ud800-\udfff]")
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


def mb(n: int) -> str:
    return f"{n / 2**20:,.1f} MB"


def safe_text(text: str) -> str:
    """The text with each lone surrogate replaced by U+FFFD (same length, so offsets stay valid)."""
    return SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text


def safe_id(doc_id: str) -> str:
    """A doc_id that every writer can encode: a lone surrogate is written as its `\\udcxx` escape, so the
    id stays distinct and the same on every run (which `--resume` needs)."""
    return doc_id.encode("utf-8", "backslashreplace").decode("utf-8") if SURROGATE.search(doc_id) else doc_id


class ReadError(Exception):
    """A document that cannot be read; `kind` becomes `error.type` of its error record."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def read_bytes(path: Path) -> bytes:
    """A file's bytes, at most `LIMITS.max_file_bytes` of them (a FIFO is read up to the limit too)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(LIMITS.max_file_bytes + 1)
    except FileNotFoundError:
        raise ReadError("ReadError", "file not found") from None
    except OSError as exc:
        raise ReadError("ReadError", f"cannot read: {exc.strerror or exc}") from None
    if len(data) > LIMITS.max_file_bytes:
        raise ReadError("TooLarge", f"the file is over the limit of {mb(LIMITS.max_file_bytes)}")
    if not data:
        raise ReadError("EmptyFile", "the file is empty (0 bytes)")
    return data


def optional(module: str, package: str):  # noqa: ANN202 - returns a module
    """An optional dependency of the batch extra, or a clear error record when it is not installed."""
    try:
        return importlib.import_module(module)
    except ImportError:  # pragma: no cover - batch extra missing
        raise ReadError("MissingDependency",
                        f"{package} is not installed ({INSTALL_HINT})") from None
