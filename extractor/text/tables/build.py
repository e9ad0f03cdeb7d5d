"""`find_tables`: each region's rows put on one grid, its columns named by the header or inferred, its rows
below the header labelled and grouped; a region that cannot be a table gives none.
"""

from __future__ import annotations

import regex

from extractor.text.tables.cells import PARSERS
from extractor.text.tables.cues import ORDINAL
from extractor.text.tables.forms import regions
from extractor.text.tables.header import MAX_HEADER_CELL, classify, filled_cells, find_header, resolve_years
from extractor.text.tables.model import MAX_COLUMNS, Cell, Column, Row, Table
from extractor.text.tables.roles import group_label, infer_roles, merge_wrapped, ordinal_column

_NUMBER = regex.compile(r"[-+]?\d[\d.,]*\s*%?")


def _grid(raw: list[list[Cell | None]]) -> list[list[Cell | None]] | None:
    """Rows padded to one width, rows and columns with no cell at all dropped (spacer columns of runs and
    of pipes); None when this cannot be a table."""
    raw = [r for r in raw if any(c is not None for c in r)]
    if len(raw) < 2 or any(len(r) > MAX_COLUMNS for r in raw):
        return None
    n = max(len(r) for r in raw)
    rows = [r + [None] * (n - len(r)) for r in raw]
    keep = [j for j in range(n) if any(r[j] is not None for r in rows)]
    if len(keep) < 2:
        return None
    return [[r[j] for j in keep] for r in rows]


def _columns(rows: list[list[Cell | None]], doc_year: int | None) -> tuple[list[Column], int] | None:
    """The columns a header names and the index of the first row below it; None without a header."""
    head = find_header(rows)
    if head is None:
        return None
    body, heads = head
    found = resolve_years([classify(top, sub) for top, sub in heads], doc_year)
    cols = [Column(j, " ".join(t for t in (top, sub) if t), role, year)
            for j, ((top, sub), (role, year)) in enumerate(zip(heads, found, strict=True))]
    return cols, body


def _unknown_header(rows: list[list[Cell | None]], ordinal: int | None) -> list[str] | None:
    """The texts of a first row that heads a header-less table in words we do not know: short cells, the
    ordinal column's cell not an ordinal and no cell a number."""
    first = rows[0]
    cells = filled_cells(first)
    if ordinal is None or first[ordinal] is None or len(cells) < 2 or ORDINAL.fullmatch(first[ordinal].text):
        return None
    if any(len(c.text) > MAX_HEADER_CELL or _NUMBER.fullmatch(c.text) for c in cells):
        return None
    return [c.text if c else "" for c in first]


def _inferred(body: list[list[Cell | None]], ordinal: int | None) -> tuple[list[Column], int] | None:
    """Columns of a table without a header they can be read from, and the index of its first data row."""
    names = _unknown_header(body, ordinal)
    first = 0 if names is None else 1
    data = [r for r in body[first:] if group_label(r, ordinal) is None]
    roles = infer_roles(data or body[first:], ordinal)
    if len(data) < 2 or not (ordinal is not None or (len(data) >= 3 and "agency" in roles and "indicator" in roles)):
        return None
    return [Column(j, names[j] if names else "", role, None) for j, role in enumerate(roles)], first


def _table(form: str, start: int, end: int, raw: list[list[Cell | None]], doc_year: int | None) -> Table | None:
    rows = _grid(raw)
    if rows is None:
        return None
    named = _columns(rows, doc_year)
    if named is not None:
        columns, first = named
        ordinal = next((c.index for c in columns if c.role == "ordinal"), None)
    else:
        ordinal = ordinal_column(rows)
        inferred = _inferred(rows, ordinal)
        if inferred is None:
            return None
        columns, first = inferred
    body = rows[first:]
    labels = [group_label(r, ordinal) for r in body]
    if form != "cell_lines":
        body, labels = merge_wrapped(body, labels, ordinal)
    if all(label is not None for label in labels):
        return None
    return Table(start, end, form, tuple(columns), tuple(_rows(body, labels)), header=named is not None)


def _rows(body: list[list[Cell | None]], labels: list[str | None]) -> list[Row]:
    out: list[Row] = []
    group: str | None = None
    for cells, label in zip(body, labels, strict=True):
        filled = filled_cells(cells)
        out.append(Row(filled[0].start, max(c.end for c in filled), tuple(cells), label,
                       None if label is not None else group))
        group = label if label is not None else group
    return out


def find_tables(text: str, *, doc_year: int | None = None) -> list[Table]:
    """Every table in `text`, in order. `doc_year` (the document's own year), when known, settles columns
    that name only a year and stand beside no baseline or target column: before it history, else an aim.

    Text that is not a table (paragraphs, a line with one bar, a signature block laid out in two cells,
    a document header in a layout table) gives none: a table needs a header row that names its columns, or
    columns that can be inferred from two or more rows (an ordinal column, or three rows of statements and
    body names)."""
    tables: list[Table] = []
    for region in regions(text):
        table = _table(region.form, region.start, region.end, PARSERS[region.form](text, region), doc_year)
        if table is not None:
            tables.append(table)
    return tables
