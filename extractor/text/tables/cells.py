"""A region's raw rows of cells, one parser per form (`PARSERS`): where the cells of pipes, tabs, runs and
cell lines start and end, each cell trimmed of white space and emphasis stars, with its offsets kept.
"""

from __future__ import annotations

import regex

from extractor.text.spans import scan
from extractor.text.tables.forms import Region
from extractor.text.tables.model import MAX_COLUMNS, Cell

_CELL_TRIM = " \t\r\n*"

_BAR_GROUP = regex.compile(r"\|(?:\s*\|)*")


def _cell(text: str, start: int, end: int) -> Cell | None:
    """The cell over text[start:end], trimmed; None when nothing but white space and stars is in it."""
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip(_CELL_TRIM))
    if lead == len(piece):
        return None
    trail = len(piece) - len(piece.rstrip(_CELL_TRIM))
    s, e = start + lead, end - trail
    return Cell(s, e, " ".join(text[s:e].replace("**", "").split()))


def _split_line(text: str, start: int, end: int, sep: str) -> list[Cell | None]:
    cells: list[Cell | None] = []
    pos = start
    while True:
        cut = text.find(sep, pos, end)
        stop = end if cut < 0 else cut
        cells.append(_cell(text, pos, stop))
        if cut < 0 or len(cells) > MAX_COLUMNS:
            return cells
        pos = cut + 1


def _pipe_rows(text: str, region: Region) -> list[list[Cell | None]]:
    rows = []
    for (s, e), kind in zip(region.lines, region.kinds, strict=True):
        if kind not in ("pipe", "runs"):
            continue  # separator and empty bar lines
        a = text.index("|", s, e) + 1 if text[s:e].lstrip(" \t").startswith("|") else s
        b = text.rindex("|", s, e) if text[s:e].rstrip(" \t\r").endswith("|") else e
        rows.append(_split_line(text, a, max(a, b), "|"))
    return rows


def _tab_rows(text: str, region: Region) -> list[list[Cell | None]]:
    return [_split_line(text, s, e, "\t") for s, e in region.lines]


def _run_rows(text: str, region: Region) -> list[list[Cell | None]]:
    """A pair of bars separates cells (each further pair is an empty cell), an odd group ends the row."""
    start, end = region.start, region.end
    rows: list[list[Cell | None]] = []
    row: list[Cell | None] = []
    pos = start
    for m in scan(_BAR_GROUP, text, start, end):
        bars = m.group(0).count("|")
        row.append(_cell(text, pos, m.start()))
        row.extend([None] * ((bars - 1) // 2 if bars % 2 else bars // 2 - 1))
        if bars % 2:
            rows.append(row)
            row = []
        if len(row) > MAX_COLUMNS:
            return []
        pos = m.end()
    tail = _cell(text, pos, end)
    if tail is not None or any(row):
        rows.append(row + [tail])
    return rows


def _cell_line_rows(text: str, region: Region) -> list[list[Cell | None]]:
    """One bar line separates cells, two or more consecutive ones separate rows; a cell may span lines."""
    rows: list[list[Cell | None]] = []
    row: list[Cell | None] = []
    cell: tuple[int, int] | None = None
    bars = 0
    for (s, e), kind in zip(region.lines, region.kinds, strict=True):
        if kind == "bar":
            if cell is not None:
                row.append(_cell(text, *cell))
                cell = None
            bars += text.count("|", s, e)
            continue
        if bars >= 2 and row:
            rows.append(row)
            row = []
        if len(row) > MAX_COLUMNS:
            return []
        bars = 0
        cell = (s, e) if cell is None else (cell[0], e)
    if row:
        rows.append(row)
    return rows


PARSERS = {"pipes": _pipe_rows, "tabs": _tab_rows, "runs": _run_rows, "cell_lines": _cell_line_rows}
