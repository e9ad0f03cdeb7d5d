"""What `find_tables` returns: a `Table` of `Row`s of `Cell`s, and the `Column`s with the role each one plays.

Offsets index the text given to `find_tables`, which must still hold its pipes and tabs: the caller's
original text or `layout.structural(...)`, not `Normalized.norm` (normalisation blanks both).
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("ordinal", "indicator", "unit", "baseline", "target", "agency", "partner", "deadline", "output", "other")
FORMS = ("pipes", "tabs", "runs", "cell_lines")

# More columns than this is not a table of a policy document, and the cap keeps padding rows linear.
MAX_COLUMNS = 40


@dataclass(frozen=True)
class Cell:
    """One cell: offsets into the text given to `find_tables` (trimmed of white space and emphasis stars)."""

    start: int
    end: int
    text: str  # the cell's text, hard line breaks and runs of white space turned into single spaces


@dataclass(frozen=True)
class Column:
    """What a column means, read from its header words (or inferred from its cells when there is no header)."""

    index: int
    header: str  # the header cell(s) text, parent and child joined ("Mục tiêu 2025"); "" without a header
    role: str  # one of ROLES
    year: int | None  # the year a baseline or target column names; None otherwise


@dataclass(frozen=True)
class Row:
    """A data row or a group row; `cells` are aligned to the table's columns."""

    start: int
    end: int
    cells: tuple[Cell | None, ...]  # None where the row has no (or an empty) cell in that column
    label: str | None  # the row is a group row ("II. Xã hội số") heading the rows below; else None
    group: str | None = None  # the label of the group row this row stands under, if any


@dataclass(frozen=True)
class Table:
    """A table: its span (all its lines, header and bar lines included), columns and rows below the header."""

    start: int
    end: int
    form: str  # one of FORMS
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]  # data rows and group rows, header rows excluded
    header: bool = True  # False when the columns were inferred from the cells

    def column(self, role: str) -> list[Column]:
        """The columns of one role, left to right."""
        return [c for c in self.columns if c.role == role]
