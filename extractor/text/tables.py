"""Tables as text extracted from PDF or Word gives them: rows, cells, and what each column means.

Annex tables carry most of a plan's targets, and their meaning is in the columns: the indicator column
names what is measured, a baseline column ("Hiện trạng", "Năm 2020") is history, each target column
("Mục tiêu 2025", "Đến năm 2030") is one target with its deadline, the lead-body column ("Cơ quan chủ trì")
owns the row. Extraction flattens them in four ways, all read here:

- ``pipes``: markdown rows ``| a | b | c |``, with or without a ``|---|`` separator line;
- ``tabs``: one row a line, cells separated by tabs;
- ``runs``: ``STT | | Chỉ tiêu | | 2025 |`` on one or a few lines: a pair of bars separates two cells,
  a single bar ends a row, a line break inside a cell is a hard wrap;
- ``cell_lines``: one cell a line (or several hard-wrapped lines) between lines holding only ``|``: one
  bar line separates cells, two or more consecutive bar lines separate rows (how Word tables come out).

The header row (or a parent row over a row of years) names the columns; the header words are data
(``data/tables.json``). A table without a header still parses when its columns can be inferred (short
ordinals, a long statement column, a column of body names). Group rows ("II. Xã hội số") head the rows
below them. Everything here is a single pass over the lines, so the cost is linear in the text.

Offsets index the text given to `find_tables`, which must still hold its pipes and tabs: the caller's
original text or `layout.structural(...)`, not `Normalized.norm` (normalisation blanks both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.rules.lexicon import DataFileError, alternation, load_json
from extractor.text.normalize import fold, has_diacritics, lower, normalize
from extractor.text.spans import scan

ROLES = ("ordinal", "indicator", "unit", "baseline", "target", "agency", "partner", "deadline", "output", "other")
FORMS = ("pipes", "tabs", "runs", "cell_lines")

# More columns than this is not a table of a policy document, and the cap keeps padding rows linear.
MAX_COLUMNS = 40
# Header cells are short; a longer cell is data. A group row's label is a heading, not a paragraph.
_MAX_HEADER_CELL = 80
_MAX_SUB_HEADER_CELL = 40
_MAX_LABEL = 150
# Header-less inference: the share of a column's cells that must look the part.
_ORDINAL_SHARE, _BODY_SHARE, _DEADLINE_SHARE = 0.8, 0.6, 0.6
_STATEMENT_MEAN = 25  # mean characters of a statement (indicator) column
_MATCH_PREFIX = 120  # cue words stand at a cell's start: a longer cell is matched on its first characters

_HEAD_KEYS = {
    "ordinal": "ordinal_heads", "indicator": "indicator_heads", "unit": "unit_heads",
    "baseline": "baseline_heads", "target": "target_heads", "agency": "agency_heads",
    "partner": "partner_heads", "deadline": "deadline_heads", "output": "output_heads",
    "other": "other_heads", "year": "year_heads",
}
_CELL_TRIM = " \t\r\n*"
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_YEAR_LIKE = regex.compile(r"(?:[\p{L}.]+\s+){0,3}(?:19|20)\d{2}(?:\s*[-–/]\s*(?:19|20)\d{2})?")
_ORDINAL = regex.compile(r"\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[IVXLC]{1,7}|[A-Za-zĐđ])[.)]?")
_GROUP_MARK = regex.compile(r"(?:[IVXLC]{1,7}|[A-ZĐ]|[a-zđ])[.)]?")
_NUMBER = regex.compile(r"[-+]?\d[\d.,]*\s*%?")
_NUMBERING = regex.compile(r"\(?(\d{1,2})\)?")
_DOUBLE_BAR = regex.compile(r"\|[ \t]*\|")
_BAR_GROUP = regex.compile(r"\|(?:\s*\|)*")
_LEAD_JUNK = regex.compile(r"^[^\p{L}\p{N}]+")


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


# ---------------------------------------------------------------------------------------------- knowledge


@dataclass(frozen=True)
class _Words:
    heads: tuple[regex.Pattern[str], regex.Pattern[str]]  # (with diacritics, folded)
    head_roles: dict[str, str]  # form → role, both spellings
    bodies: tuple[regex.Pattern[str], regex.Pattern[str]]
    deadlines: tuple[regex.Pattern[str], regex.Pattern[str]]


def _form(word: str) -> str:
    return " ".join(lower(normalize(word).norm).split())


def _prefix_re(forms: Iterable[str]) -> regex.Pattern[str]:
    """The longest of the forms at a cell's start, as a whole word (the one alternation builder's order)."""
    return regex.compile(f"(?:{alternation(forms)})" + r"(?![\p{L}\p{N}])")


def _word_list(data: dict[str, object], key: str) -> list[str]:
    words = data.get(key)
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise DataFileError(f"tables.json: {key!r} must be a list of words")
    return words


@lru_cache(maxsize=1)
def _words() -> _Words:
    """The cue words of data/tables.json, compiled once: each with diacritics and folded."""
    data = load_json("tables.json")
    roles: dict[str, str] = {}
    for role, key in _HEAD_KEYS.items():
        for word in _word_list(data, key):
            for form in {_form(word), fold(_form(word))}:
                if roles.setdefault(form, role) != role:
                    raise DataFileError(f"tables.json: {word!r} names two roles ({roles[form]}, {role})")
    diac = [f for f in roles if has_diacritics(f)]
    plain = [f for f in roles if not has_diacritics(f)]
    bodies = [_form(w) for w in _word_list(data, "body_heads")]
    deadlines = [_form(w) for w in _word_list(data, "deadline_words")]
    return _Words(
        heads=(_prefix_re(diac + plain), _prefix_re(plain)),
        head_roles=roles,
        bodies=(_prefix_re(bodies), _prefix_re(fold(w) for w in bodies)),
        deadlines=(_prefix_re(deadlines), _prefix_re(fold(w) for w in deadlines)),
    )


def _match_text(text: str) -> tuple[str, int]:
    """The cell as cue words are matched: normalised, lower case, leading punctuation off; and which
    spelling to match (0: with diacritics, 1: folded, for a cell written without them)."""
    form = _LEAD_JUNK.sub("", _form(text[:_MATCH_PREFIX]))
    return (form, 0) if has_diacritics(form) else (fold(form), 1)


def _cue(text: str) -> str | None:
    """The role the header words a cell begins with name ('year' for a bare year head), else None."""
    form, which = _match_text(text)
    w = _words()
    m = w.heads[which].match(form)
    return w.head_roles[m.group(0)] if m else None


def _starts_with(patterns: tuple[regex.Pattern[str], regex.Pattern[str]], text: str) -> bool:
    form, which = _match_text(text)
    return patterns[which].match(form) is not None


def _last_year(text: str) -> int | None:
    """The year a header names; of a period ('2021-2025', 'Đến năm 2030') the last."""
    years = _YEAR.findall(text)
    return int(years[-1]) if years else None


def _year_like(text: str) -> bool:
    return _YEAR_LIKE.fullmatch(_match_text(text)[0]) is not None


# ---------------------------------------------------------------------------------------------- lines


def _lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _kind(line: str) -> str:
    """What a line can be part of: blank, bar (only |), sep (|---|), pipe, runs, textbar (text |), tab,
    tabcont (a tab-led continuation), text."""
    core = line.strip(" \t\r")
    if not core:
        return "blank"
    bars = core.count("|")
    if bars:
        if not core.strip("| \t"):
            return "bar"
        if "-" in core and not core.strip("|-: \t"):
            return "sep"
        if core.startswith("|") and bars >= 2:
            return "pipe"
        if _DOUBLE_BAR.search(core):
            return "runs"
        if bars >= 2:
            return "pipe"
        if core.endswith("|"):
            return "textbar"
    if "\t" in line:
        filled = sum(1 for p in line.split("\t") if p.strip())
        if filled >= 2:
            return "tab"
        if filled and line.startswith("\t"):
            return "tabcont"
    return "text"


def _mid_row(line: str) -> bool:
    """Whether a line of a run table stops inside a row (a cell wraps, or a pair of bars is open)."""
    core = line.rstrip(" \t\r")
    if not core.endswith("|"):
        return True
    return core[len(core.rstrip("| \t")):].count("|") % 2 == 0


@dataclass(frozen=True)
class _Region:
    form: str
    lines: list[tuple[int, int]]  # (start, end) of each of its lines
    kinds: list[str]  # what `_kind` says each line is

    @property
    def start(self) -> int:
        return self.lines[0][0]

    @property
    def end(self) -> int:
        return self.lines[-1][1]


def _regions(text: str) -> list[_Region]:
    """Every stretch of lines that may be a table, with the form it would have."""
    spans = _lines(text)
    kinds = [_kind(text[s:e]) for s, e in spans]
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(kinds)
    while i < n:
        k = kinds[i]
        j = i + 1
        if k in ("pipe", "sep") or (k == "bar" and j < n and kinds[j] in ("pipe", "sep")):
            while j < n and (kinds[j] in ("pipe", "sep") or (kinds[j] == "bar" and j + 1 < n
                                                              and kinds[j + 1] in ("pipe", "sep"))):
                j += 1
            out.append(("pipes", i, j))
        elif k == "bar":
            last = i
            while j < n and kinds[j] != "blank":
                last = j if kinds[j] == "bar" else last
                j += 1
            j = last + 1
            out.append(("cell_lines", i, j))
        elif k == "runs":
            while j < n and kinds[j] != "blank" and (kinds[j] in ("runs", "textbar")
                                                     or _mid_row(text[spans[j - 1][0]:spans[j - 1][1]])):
                j += 1
            out.append(("runs", i, j))
        elif k == "tab":
            while j < n and kinds[j] in ("tab", "tabcont"):
                j += 1
            out.append(("tabs", i, j))
        i = j
    return [_Region(form, spans[a:b], kinds[a:b]) for form, a, b in out]


# ---------------------------------------------------------------------------------------------- cells


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


def _pipe_rows(text: str, region: _Region) -> list[list[Cell | None]]:
    rows = []
    for (s, e), kind in zip(region.lines, region.kinds, strict=True):
        if kind not in ("pipe", "runs"):
            continue  # separator and empty bar lines
        a = text.index("|", s, e) + 1 if text[s:e].lstrip(" \t").startswith("|") else s
        b = text.rindex("|", s, e) if text[s:e].rstrip(" \t\r").endswith("|") else e
        rows.append(_split_line(text, a, max(a, b), "|"))
    return rows


def _tab_rows(text: str, region: _Region) -> list[list[Cell | None]]:
    return [_split_line(text, s, e, "\t") for s, e in region.lines]


def _run_rows(text: str, region: _Region) -> list[list[Cell | None]]:
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


def _cell_line_rows(text: str, region: _Region) -> list[list[Cell | None]]:
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


_PARSERS = {"pipes": _pipe_rows, "tabs": _tab_rows, "runs": _run_rows, "cell_lines": _cell_line_rows}


# ---------------------------------------------------------------------------------------------- header


def _filled(row: list[Cell | None]) -> list[Cell]:
    return [c for c in row if c is not None]


def _is_header_row(row: list[Cell | None]) -> bool:
    """Short cells, at least half of them header words or years, none a bare number, one a header word."""
    cells = _filled(row)
    if len(cells) < 2 or any(len(c.text) > _MAX_HEADER_CELL for c in cells):
        return False
    if any(_ORDINAL.fullmatch(c.text) and not _year_like(c.text) for c in cells):
        return False
    cued = [c for c in cells if _cue(c.text) is not None]
    return bool(cued) and 2 * sum(1 for c in cells if c in cued or _year_like(c.text)) >= len(cells)


def _is_sub_header(row: list[Cell | None]) -> bool:
    """A row of years or header words under a parent header ("Mục tiêu" over "2025 | 2030")."""
    cells = _filled(row)
    if not cells or any(len(c.text) > _MAX_SUB_HEADER_CELL for c in cells):
        return False
    if not all(_year_like(c.text) or _cue(c.text) is not None for c in cells):
        return False
    return len(cells) >= 2 or _year_like(cells[0].text)


def _parent_like(text: str) -> bool:
    """A header cell that can stand over several columns: no year, and not a one-column role."""
    return _last_year(text) is None and _cue(text) in (None, "target", "baseline", "year", "other")


def _two_rows(a: list[Cell | None], b: list[Cell | None]) -> list[tuple[str, str]] | None:
    """(parent, child) header texts per column from a parent row and a child row.

    Word drops the cells a merge covers, so the rows come left-packed: the parent row has fewer cells than
    there are columns, and each parent's children follow one another in the child row. Other forms keep
    the positions, and an empty parent cell stands under the spanning parent to its left."""
    n = len(a)
    top, sub = [c.text for c in _filled(a)], [c.text for c in _filled(b)]
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
    cells = _filled(row)
    nums = [_NUMBERING.fullmatch(c.text) for c in cells]
    if len(cells) < 3 or not all(nums):
        return False
    values = [int(m.group(1)) for m in nums if m]
    return all(b == a + 1 for a, b in zip(values, values[1:], strict=False))


def _header(rows: list[list[Cell | None]]) -> tuple[int, list[tuple[str, str]]] | None:
    """(index of the first row below the header, (parent, child) texts per column), or None for no header.
    Single-cell rows above the header (a caption) are skipped."""
    n = len(rows[0])
    for h in range(min(3, len(rows) - 1)):
        if _is_header_row(rows[h]):
            break
        if len(_filled(rows[h])) != 1:
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


def _classify(top: str, sub: str) -> tuple[str, int | None]:
    """Role and year of a column from its header: the child's words win over the parent's."""
    roles = [r for r in (_cue(sub) if sub else None, _cue(top) if top else None) if r is not None]
    year = (_last_year(sub) if sub else None) or (_last_year(top) if top else None)
    real = [r for r in roles if r != "year"]
    role = real[0] if real else ("year" if roles or year else "other")
    if role == "indicator" and year is not None:
        role = "target"  # "Chỉ tiêu 2025"
    return role, (year if role in ("baseline", "target", "year") else None)


def _resolve_years(found: list[tuple[str, int | None]], doc_year: int | None) -> list[tuple[str, int | None]]:
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


# ---------------------------------------------------------------------------------------------- rows


def _group_label(row: list[Cell | None], ordinal: int | None) -> str | None:
    """The label of a group row: one heading cell alone, or a Roman/letter ordinal and a short title."""
    filled = [(j, c) for j, c in enumerate(row) if c is not None]
    if len(filled) == 1:
        t = filled[0][1].text
        if _ORDINAL.fullmatch(t) or len(t) > _MAX_LABEL or t[0].islower():
            return None
        if len(row) >= 3 or _GROUP_MARK.match(t.split(" ", 1)[0]) or t.isupper():
            return t
        return None
    if len(filled) == 2 and ordinal is not None and filled[0][0] == ordinal:
        mark, title = filled[0][1].text, filled[1][1].text
        if _GROUP_MARK.fullmatch(mark) and len(title) <= _MAX_LABEL and not title[0].islower():
            return f"{mark} {title}" if mark[-1] in ".)" else f"{mark}. {title}"
    return None


def _merge_wrapped(rows: list[list[Cell | None]], labels: list[str | None],
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


def _ordinal_column(rows: list[list[Cell | None]]) -> int | None:
    """The first column of short ordinals (1, 2, 1.1, II, a) in most rows."""
    for j in range(len(rows[0])):
        cells = [r[j] for r in rows if r[j] is not None]
        if 2 * len(cells) >= len(rows) and _share(cells, _ORDINAL.fullmatch) >= _ORDINAL_SHARE:
            return j
    return None


def _is_body(text: str) -> bool:
    return text[0].isupper() and _starts_with(_words().bodies, text)


def _is_deadline(text: str) -> bool:
    return len(text) <= _MAX_SUB_HEADER_CELL and (_last_year(text) is not None
                                                  or _starts_with(_words().deadlines, text))


def _infer_roles(rows: list[list[Cell | None]], ordinal: int | None) -> list[str]:
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


# ---------------------------------------------------------------------------------------------- tables


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
    head = _header(rows)
    if head is None:
        return None
    body, heads = head
    found = _resolve_years([_classify(top, sub) for top, sub in heads], doc_year)
    cols = [Column(j, " ".join(t for t in (top, sub) if t), role, year)
            for j, ((top, sub), (role, year)) in enumerate(zip(heads, found, strict=True))]
    return cols, body


def _unknown_header(rows: list[list[Cell | None]], ordinal: int | None) -> list[str] | None:
    """The texts of a first row that heads a header-less table in words we do not know: short cells, the
    ordinal column's cell not an ordinal and no cell a number."""
    first = rows[0]
    cells = _filled(first)
    if ordinal is None or first[ordinal] is None or len(cells) < 2 or _ORDINAL.fullmatch(first[ordinal].text):
        return None
    if any(len(c.text) > _MAX_HEADER_CELL or _NUMBER.fullmatch(c.text) for c in cells):
        return None
    return [c.text if c else "" for c in first]


def _inferred(body: list[list[Cell | None]], ordinal: int | None) -> tuple[list[Column], int] | None:
    """Columns of a table without a header they can be read from, and the index of its first data row."""
    names = _unknown_header(body, ordinal)
    first = 0 if names is None else 1
    data = [r for r in body[first:] if _group_label(r, ordinal) is None]
    roles = _infer_roles(data or body[first:], ordinal)
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
        ordinal = _ordinal_column(rows)
        inferred = _inferred(rows, ordinal)
        if inferred is None:
            return None
        columns, first = inferred
    body = rows[first:]
    labels = [_group_label(r, ordinal) for r in body]
    if form != "cell_lines":
        body, labels = _merge_wrapped(body, labels, ordinal)
    if all(label is not None for label in labels):
        return None
    return Table(start, end, form, tuple(columns), tuple(_rows(body, labels)), header=named is not None)


def _rows(body: list[list[Cell | None]], labels: list[str | None]) -> list[Row]:
    out: list[Row] = []
    group: str | None = None
    for cells, label in zip(body, labels, strict=True):
        filled = _filled(cells)
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
    for region in _regions(text):
        table = _table(region.form, region.start, region.end, _PARSERS[region.form](text, region), doc_year)
        if table is not None:
            tables.append(table)
    return tables
