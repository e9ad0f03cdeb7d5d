"""Where the tables are: every stretch of lines that may be a table, and which of the four flattened forms
it has. Extraction from PDF or Word flattens a table in four ways:

- ``pipes``: markdown rows ``| a | b | c |``, with or without a ``|---|`` separator line;
- ``tabs``: one row a line, cells separated by tabs;
- ``runs``: ``STT | | Chỉ tiêu | | 2025 |`` on one or a few lines: a pair of bars separates two cells,
  a single bar ends a row, a line break inside a cell is a hard wrap;
- ``cell_lines``: one cell a line (or several hard-wrapped lines) between lines holding only ``|``: one
  bar line separates cells, two or more consecutive bar lines separate rows (how Word tables come out).

Each line is classified once (`_kind`) and the regions are found in one pass, so the cost is linear.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

_DOUBLE_BAR = regex.compile(r"\|[ \t]*\|")


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
class Region:
    form: str
    lines: list[tuple[int, int]]  # (start, end) of each of its lines
    kinds: list[str]  # what `_kind` says each line is

    @property
    def start(self) -> int:
        return self.lines[0][0]

    @property
    def end(self) -> int:
        return self.lines[-1][1]


def regions(text: str) -> list[Region]:
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
    return [Region(form, spans[a:b], kinds[a:b]) for form, a, b in out]
