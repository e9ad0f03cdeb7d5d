"""Rows and the roles of header-less columns: group rows ("II. Xã hội số") that head the rows below them,
hard-wrapped rows joined to the row they continue, and the columns of a table without a header inferred from
their cells (short ordinals, a long statement column, a column of body names, deadlines).
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from extractor.text.tables.cues import ORDINAL, cue_words, last_year, starts_with
from extractor.text.tables.header import MAX_SUB_HEADER_CELL
from extractor.text.tables.model import Cell

# A group row's label is a heading, not a paragraph.
_MAX_LABEL = 150

# Header-less inference: the share of a column's cells that must look the part.
_ORDINAL_SHARE, _BODY_SHARE, _DEADLINE_SHARE = 0.8, 0.6, 0.6

_STATEMENT_MEAN = 25  # mean characters of a statement (indicator) column

_GROUP_MARK = regex.compile(r"(?:[IVXLC]{1,7}|[A-ZĐ]|[a-zđ])[.)]?")


def group_label(row: list[Cell | None], ordinal: int | None) -> str | None:
    """The label of a group row: one heading cell alone, or a Roman/letter ordinal and a short title."""
    filled = [(j, c) for j, c in enumerate(row) if c is not None]
    if len(filled) == 1:
        t = filled[0][1].text
        if ORDINAL.fullmatch(t) or len(t) > _MAX_LABEL or t[0].islower():
            return None
        if len(row) >= 3 or _GROUP_MARK.match(t.split(" ", 1)[0]) or t.isupper():
            return t
        return None
    if len(filled) == 2 and ordinal is not None and filled[0][0] == ordinal:
        mark, title = filled[0][1].text, filled[1][1].text
        if _GROUP_MARK.fullmatch(mark) and len(title) <= _MAX_LABEL and not title[0].islower():
            return f"{mark} {title}" if mark[-1] in ".)" else f"{mark}. {title}"
    return None


def merge_wrapped(rows: list[list[Cell | None]], labels: list[str | None],
                   ordinal: int | None) -> tuple[list[list[Cell | None]], list[str | None]]:
    """Rows with the ones that only continue the row above joined to it (a hard-wrapped cell in pipes, tabs
    or runs): no ordinal of its own, and its first cell goes on in lower case."""
    pieces: list[list[list[Cell]]] = []  # per kept row, per column, the cells joined into it
    out_labels: list[str | None] = []
    for row, label in zip(rows, labels, strict=True):
        first = next((c for c in row if c is not None), None)
        wrapped = (pieces and label is None and out_labels[-1] is None and first is not None
                   and first.text[0].islower() and (ordinal is None or row[ordinal] is None))
        if not wrapped:
            pieces.append([[c] if c is not None else [] for c in row])
            out_labels.append(label)
            continue
        for j, c in enumerate(row):
            if c is not None:
                pieces[-1][j].append(c)
    joined = [[Cell(p[0].start, p[-1].end, " ".join(c.text for c in p)) if p else None for p in r] for r in pieces]
    return joined, out_labels


def _share(cells: list[Cell], test: Callable[[str], object]) -> float:
    return sum(1 for c in cells if test(c.text)) / len(cells) if cells else 0.0


def ordinal_column(rows: list[list[Cell | None]]) -> int | None:
    """The first column of short ordinals (1, 2, 1.1, II, a) in most rows."""
    for j in range(len(rows[0])):
        cells = [r[j] for r in rows if r[j] is not None]
        if 2 * len(cells) >= len(rows) and _share(cells, ORDINAL.fullmatch) >= _ORDINAL_SHARE:
            return j
    return None


def _is_body(text: str) -> bool:
    return text[0].isupper() and starts_with(cue_words().bodies, text)


def _is_deadline(text: str) -> bool:
    return len(text) <= MAX_SUB_HEADER_CELL and (last_year(text) is not None
                                                  or starts_with(cue_words().deadlines, text))


def infer_roles(rows: list[list[Cell | None]], ordinal: int | None) -> list[str]:
    """Roles of a header-less table's columns from their cells: ordinal, the longest text (the statement
    or indicator), body names (the first such column leads, the next takes part), deadlines."""
    n = len(rows[0])
    roles = ["other"] * n
    if ordinal is not None:
        roles[ordinal] = "ordinal"
    cols = {j: [r[j] for r in rows if r[j] is not None] for j in range(n) if j != ordinal}
    cols = {j: cells for j, cells in cols.items() if cells}
    means = {j: sum(len(c.text) for c in cells) / len(cells) for j, cells in cols.items()}
    if means:
        longest = max(means, key=lambda j: (means[j], -j))
        if means[longest] >= _STATEMENT_MEAN:
            roles[longest] = "indicator"
    for j, cells in cols.items():
        if roles[j] != "other":
            continue
        if _share(cells, _is_body) >= _BODY_SHARE:
            roles[j] = "partner" if "agency" in roles else "agency"
        elif _share(cells, _is_deadline) >= _DEADLINE_SHARE:
            roles[j] = "deadline"
    return roles
