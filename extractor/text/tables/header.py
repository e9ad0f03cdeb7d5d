"""The header: which row names the columns (a caption above it skipped, a row of years under a parent row and
a row of column numbers below it taken in), and each column's role and year from its header words.

A column that only names a year is history or an aim by the other columns (`resolve_years`).
"""

from __future__ import annotations

import regex

from extractor.text.tables.cues import ORDINAL, cue, last_year, year_like
from extractor.text.tables.model import Cell

# Header cells are short; a longer cell is data.
MAX_HEADER_CELL = 80
MAX_SUB_HEADER_CELL = 40

_NUMBERING = regex.compile(r"\(?(\d{1,2})\)?")


def filled_cells(row: list[Cell | None]) -> list[Cell]:
    return [c for c in row if c is not None]


def _is_header_row(row: list[Cell | None]) -> bool:
    """Short cells, at least half of them header words or years, none a bare number, one a header word."""
    cells = filled_cells(row)
    if len(cells) < 2 or any(len(c.text) > MAX_HEADER_CELL for c in cells):
        return False
    if any(ORDINAL.fullmatch(c.text) and not year_like(c.text) for c in cells):
        return False
    cued = [c for c in cells if cue(c.text) is not None]
    return bool(cued) and 2 * sum(1 for c in cells if c in cued or year_like(c.text)) >= len(cells)


def _is_sub_header(row: list[Cell | None]) -> bool:
    """A row of years or header words under a parent header ("Mục tiêu" over "2025 | 2030")."""
    cells = filled_cells(row)
    if not cells or any(len(c.text) > MAX_SUB_HEADER_CELL for c in cells):
        return False
    if not all(year_like(c.text) or cue(c.text) is not None for c in cells):
        return False
    return len(cells) >= 2 or year_like(cells[0].text)


def _parent_like(text: str) -> bool:
    """A header cell that can stand over several columns: no year, and not a one-column role."""
    return last_year(text) is None and cue(text) in (None, "target", "baseline", "year", "other")


def _two_rows(a: list[Cell | None], b: list[Cell | None]) -> list[tuple[str, str]] | None:
    """(parent, child) header texts per column from a parent row and a child row.

    Word drops the cells a merge covers, so the rows come left-packed: the parent row has fewer cells than
    there are columns, and each parent's children follow one another in the child row. Other forms keep
    the positions, and an empty parent cell stands under the spanning parent to its left."""
    n = len(a)
    top, sub = [c.text for c in filled_cells(a)], [c.text for c in filled_cells(b)]
    packed = all(a[:len(top)]) and all(b[:len(sub)]) and len(top) < n
    if packed:
        return _unpack(top, sub, n)
    out: list[tuple[str, str]] = []
    parent: str | None = None
    for j in range(n):
        if a[j] is not None:
            parent = a[j].text if _parent_like(a[j].text) else None
            out.append((a[j].text, b[j].text if b[j] else ""))
        elif b[j] is not None and parent is not None:
            out.append((parent, b[j].text))
        else:
            parent = None if b[j] is None else parent
            out.append(("", b[j].text if b[j] else ""))
    return out


def _unpack(top: list[str], sub: list[str], n: int) -> list[tuple[str, str]] | None:
    parents = [i for i, t in enumerate(top) if _parent_like(t)]
    if parents and len(top) - len(parents) + len(sub) != n:
        parents = parents[-1:]
    if not parents or len(top) - len(parents) + len(sub) != n or len(sub) < len(parents):
        return None
    share, extra = divmod(len(sub), len(parents))
    out: list[tuple[str, str]] = []
    k = 0
    for i, t in enumerate(top):
        if i not in parents:
            out.append((t, ""))
            continue
        count = share + (1 if parents.index(i) < extra else 0)
        out.extend((t, s) for s in sub[k:k + count])
        k += count
    return out


def _numbering_row(row: list[Cell | None]) -> bool:
    """The row of column numbers under a header ("(1) | (2) | (3)"), which is neither header nor data."""
    cells = filled_cells(row)
    nums = [_NUMBERING.fullmatch(c.text) for c in cells]
    if len(cells) < 3 or not all(nums):
        return False
    values = [int(m.group(1)) for m in nums if m]
    return all(b == a + 1 for a, b in zip(values, values[1:], strict=False))


def find_header(rows: list[list[Cell | None]]) -> tuple[int, list[tuple[str, str]]] | None:
    """(index of the first row below the header, (parent, child) texts per column), or None for no header.
    Single-cell rows above the header (a caption) are skipped."""
    n = len(rows[0])
    for h in range(min(3, len(rows) - 1)):
        if _is_header_row(rows[h]):
            break
        if len(filled_cells(rows[h])) != 1:
            return None
    else:
        return None
    heads: list[tuple[str, str]] | None = None
    body = h + 1
    if body < len(rows) and _is_sub_header(rows[body]):
        heads = _two_rows(rows[h], rows[body])
        body += 1  # a row of years under the header is header, even when it cannot be placed
    if heads is None:
        heads = [(c.text if c else "", "") for c in rows[h]]
    if body < len(rows) and _numbering_row(rows[body]):
        body += 1
    return body, heads[:n] + [("", "")] * (n - len(heads))


def classify(top: str, sub: str) -> tuple[str, int | None]:
    """Role and year of a column from its header: the child's words win over the parent's."""
    roles = [r for r in (cue(sub) if sub else None, cue(top) if top else None) if r is not None]
    year = (last_year(sub) if sub else None) or (last_year(top) if top else None)
    real = [r for r in roles if r != "year"]
    role = real[0] if real else ("year" if roles or year else "other")
    if role == "indicator" and year is not None:
        role = "target"  # "Chỉ tiêu 2025"
    return role, (year if role in ("baseline", "target", "year") else None)


def resolve_years(found: list[tuple[str, int | None]], doc_year: int | None) -> list[tuple[str, int | None]]:
    """Columns that only name a year ('Năm 2020', '2025') are history or aims by the other columns: before
    the earliest target column a baseline, after the latest baseline a target; else by the document's year."""
    targets = [y if y is not None else 10_000 for r, y in found if r == "target"]
    baselines = [y if y is not None else 0 for r, y in found if r == "baseline"]
    out: list[tuple[str, int | None]] = []
    for role, year in found:
        if role == "year":
            if year is None:
                role = "other"
            elif targets:
                role = "baseline" if year < min(targets) else "target"
            elif baselines:
                role = "target" if year > max(baselines) else "baseline"
            else:
                role = "baseline" if doc_year is not None and year < doc_year else "target"
        out.append((role, year))
    return out
