"""Tables as text extracted from PDF or Word gives them: rows, cells, and what each column means. Annex tables
carry most of a plan's targets, and their meaning is in the columns: the indicator column names what is
measured, a baseline column ("Hiện trạng", "Năm 2020") is history, each target column ("Mục tiêu 2025", "Đến
năm 2030") is one target with its deadline, the lead-body column ("Cơ quan chủ trì") owns the row. The room
reads the four flattened forms in one linear pass: `model` (what is returned), `cues` (the header words of
`data/tables.json`, years, ordinals), `forms` (where the tables are and their form), `cells` (each form's
cells), `header` (the header rows and each column's role), `roles` (group rows, wrapped rows, the columns of a
table without a header) and `build` (`find_tables`). Offsets index the text given to `find_tables`, which must
still hold its pipes and tabs: the caller's original text or `layout.structural(...)`, not `Normalized.norm`.
"""

from __future__ import annotations

from extractor.text.tables.build import find_tables
from extractor.text.tables.model import FORMS, MAX_COLUMNS, ROLES, Cell, Column, Row, Table

__all__ = ["FORMS", "MAX_COLUMNS", "ROLES", "Cell", "Column", "Row", "Table", "find_tables"]
