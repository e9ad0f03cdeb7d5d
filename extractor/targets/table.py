"""Targets read from tables, where the columns carry the meaning a sentence would.

An indicator table (`Chỉ tiêu | Đơn vị tính | Hiện trạng 2020 | Mục tiêu 2025 | Mục tiêu 2030 | Cơ quan chủ
trì`) states one target per cell of a target column: its entity is the row's indicator, its unit the unit
column's, its deadline the column's year, its agency the row's lead body; a baseline column is history and
gives none. A statement table (`TT | Chỉ tiêu | Chủ trì`, each indicator cell a sentence "Tỷ lệ … đạt
80%") is read sentence by sentence like the text, with the row's lead body as agency: `statement_spans`
marks those cells as aims for the sentence path.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractor.models import Deadline, Span, Target, Value
from extractor.rules.lexicon import lexicon
from extractor.rules.numbers import Quantity
from extractor.targets.analysis import Analysis
from extractor.targets.cues import Words
from extractor.targets.measure import as_number
from extractor.text.normalize import fold, lower
from extractor.text.tables import Cell, Column, Row, Table

_SPACES = regex.compile(r"\s+")
_UNIT_IN_BRACKETS = regex.compile(r"\s*\([^()]{1,20}\)\s*$")  # "Tỷ lệ che phủ rừng (%)"

_AMOUNT_KINDS = ("area", "currency", "energy", "length", "mass", "power", "volume")  # the lexicon's unit kinds
_VALUE_ONLY = regex.compile(r"^[\s\p{P}]*(?:[<>≥≤]=?\s*)?[\d.,]+(?:\s*[-–]\s*[\d.,]+)?\s*%?[\s\p{P}]*$")


def _column(table: Table, role: str) -> Column | None:
    return next((c for c in table.columns if c.role == role), None)


def _cell(row: Row, col: Column | None) -> Cell | None:
    return row.cells[col.index] if col is not None and col.index < len(row.cells) else None


def _indicator(text: str) -> str:
    """The indicator as written, less a trailing unit in brackets ('Tỷ lệ che phủ rừng (%)')."""
    return _UNIT_IN_BRACKETS.sub("", _SPACES.sub(" ", text)).strip(" :;.-")


def _metric(w: Words, indicator: str, unit: str | None, kind: str, folded: bool) -> str:
    low = fold(lower(indicator)) if folded else lower(indicator)
    if w.growth_head.search(low):
        return "growth"
    if unit == "%":
        return "share"
    if kind in _AMOUNT_KINDS or (unit is not None and _key(unit) in _physical_units()):
        return "amount"
    if unit and "/" in unit:
        return "rate"
    return "count" if unit else "level"


@lru_cache(maxsize=1)
def _physical_units() -> frozenset[str]:
    """Units of money and physical quantities (what `amount` measures), from the lexicon, as `_key` reads them
    (a unit cell may write "Tấn", "Ha" or, without diacritics, "tan")."""
    units = lexicon()["units"]
    return frozenset(_key(f) for u in units if u["kind"] in _AMOUNT_KINDS for f in [u["unit"], *u["forms"]])


def _unit(unit_cell: Cell | None, quantity_unit: str | None) -> str | None:
    if quantity_unit:
        return quantity_unit
    if unit_cell is None or not unit_cell.text.strip():
        return None
    text = _SPACES.sub(" ", unit_cell.text).strip(" .")
    return "%" if _key(text) in _percent_forms() else _unit_names().get(_key(text), text)


@lru_cache(maxsize=1)
def _percent_forms() -> frozenset[str]:
    """How a unit cell writes the percentage ("%", "phần trăm", "Phan tram"), from the lexicon's units."""
    return frozenset(_key(f) for u in lexicon()["units"] if u["unit"] == "%" for f in u["forms"])


@lru_cache(maxsize=1)
def _unit_names() -> dict[str, str]:
    """Each way a unit cell writes a lexicon unit → the unit as records write it ("Tấn", "tan" → "tấn")."""
    return {_key(f): u["unit"] for u in lexicon()["units"] for f in [u["unit"], *u["forms"]]}


def _key(unit: str) -> str:
    """A unit as the lookups compare it: folded and lower-cased."""
    return fold(lower(unit))


# Columns whose numbers the sentence path never reads: values (a target or a baseline, read here) and a row's
# ordinal ("STT" 1, 2, 3: it numbers the row, it measures nothing).
_HIDDEN_ROLES = ("target", "baseline", "ordinal")


def table_targets(an: Analysis, w: Words, found: list[Table]) -> tuple[list[Target], list[tuple[int, int]]]:
    """Targets of the indicator tables' target cells, and the spans of every baseline, target or ordinal cell
    and of the header rows (their numbers are not the sentence path's to read)."""
    out: list[Target] = []
    cells: list[tuple[int, int]] = []
    for table in found:
        aims = [c for c in table.columns if c.role == "target"]
        cells += [(cell.start, cell.end) for row in table.rows for c in table.columns
                  if c.role in _HIDDEN_ROLES and (cell := _cell(row, c)) is not None]
        if table.header and table.rows and table.start < table.rows[0].start:
            cells.append((table.start, table.rows[0].start))  # the header's years name columns ("Mục tiêu 2030")
        indicator_col, unit_col = _column(table, "indicator"), _column(table, "unit")
        for row in table.rows:
            indicator = _cell(row, indicator_col)
            if row.label is not None or indicator is None:
                continue
            for col in aims:
                cell = _cell(row, col)
                if cell is None or not _VALUE_ONLY.match(cell.text):
                    continue
                for q in an.quantities_in(cell.start, cell.end)[:1]:
                    out.append(_cell_target(an, w, table, row, indicator, _cell(row, unit_col), col, q))
    return out, sorted(cells)


def _cell_target(an: Analysis, w: Words, table: Table, row: Row, indicator: Cell, unit_cell: Cell | None,
                 col: Column, q: Quantity) -> Target:
    entity = _indicator(an.norm.norm[indicator.start:indicator.end])
    unit = _unit(unit_cell, q.unit)
    ev_text, ev_s, ev_e = an.norm.orig_span(row.start, row.end)
    vtext, _, _ = an.norm.orig_span(q.start, q.end)
    agency = an.row_agency(row.start) or an.in_charge or an.issuer
    source = "table" if an.row_agency(row.start) else ("assignment" if an.in_charge else "issuer")
    return Target(
        entity=entity,
        metric=_metric(w, entity, unit, q.kind, an.folded),
        value=Value(low=as_number(q.low), high=as_number(q.high), unit=unit, qualifier=q.qualifier,
                    text=vtext),
        deadline=Deadline(year=col.year, recurring=None, text=col.header or None),
        agency=agency, agency_source=source if agency else None,
        location=an.location,
        evidence=Span(text=ev_text, start=ev_s, end=ev_e),
    )


def statement_spans(found: list[Table]) -> list[tuple[int, int]]:
    """Indicator cells of tables without target columns: each is a statement of an aim ("Tỷ lệ … đạt 80%")."""
    out: list[tuple[int, int]] = []
    for table in found:
        if any(c.role in ("target", "baseline") for c in table.columns):
            continue
        col = _column(table, "indicator")
        out += [(cell.start, cell.end) for row in table.rows if row.label is None
                and (cell := _cell(row, col)) is not None]
    return sorted(out)
