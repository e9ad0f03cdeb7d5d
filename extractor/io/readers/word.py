"""Word files (`.docx`): paragraphs and table rows in document order (python-docx), after the zip's
declared sizes are checked against the limits, so a small file that expands a thousandfold is refused before
anything decompresses it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from extractor.io.readers import bounds
from extractor.io.readers.bounds import Limits, ReadError, mb, optional, read_bytes


def check_zip(data: bytes, what: str, limits: Limits | None = None) -> None:
    """Refuse a zip whose parts expand past the limits, before anything decompresses them.

    The sizes checked are those the zip declares: Python's zipfile never returns more than a part's declared
    size (and fails its checksum if the data says otherwise), so they bound what python-docx can read.
    """
    limits = limits or bounds.LIMITS
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError("ReadError", f"not a readable {what} ({exc})") from None
    total = sum(i.file_size for i in infos)
    if total > limits.max_zip_bytes:
        raise ReadError("TooLarge", f"{what} expands to {mb(total)} (limit {mb(limits.max_zip_bytes)}): "
                                    "too large, or a zip bomb")
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > limits.max_xml_part_bytes:
            raise ReadError("TooLarge", f"{what}: part {info.filename} expands to {mb(info.file_size)} "
                                        f"(limit {mb(limits.max_xml_part_bytes)} per XML part)")


def read_docx(path: Path) -> str:
    """Paragraphs and table rows of a Word file, in document order, blank line between blocks."""
    docx = optional("docx", "python-docx")
    Table = optional("docx.table", "python-docx").Table  # noqa: N806 - a class
    data = read_bytes(path)
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
