"""What the target stage reads: the analysed block, with binary-searched span look-ups."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from extractor.rules.dates import Deadline as DeadlineSpan
from extractor.rules.numbers import Quantity
from extractor.text.normalize import Normalized
from extractor.text.segment import Clause, Paragraph, Sentence
from extractor.text.spans import between, overlaps
from extractor.text.tables import Table


@dataclass
class Analysis:
    """Everything the target stage reads, all spans in normalised-text offsets."""

    norm: Normalized
    match_text: str  # lower-cased normalised text, folded when the document has no diacritics
    folded: bool
    paras: list[Paragraph]
    sents: list[Sentence]
    clauses: list[Clause]
    quantities: list[Quantity]
    deadlines: list[DeadlineSpan]
    masked: list[tuple[int, int]]  # dates, document numbers, periods: never a value
    orgs: list[tuple[int, int]]
    places: list[tuple[int, int, str]]
    issuer: str | None = None
    in_charge: str | None = None
    location: str | None = None
    period_end: int | None = None
    doc_year: int | None = None
    title_year: int | None = None  # a deadline the headline states ("… đến năm 2030")
    latest_date_year: int | None = None  # the latest year of a full calendar date in the text
    headings: dict[int, str | None] = field(default_factory=dict)  # paragraph → body named by its heading
    sections: list[tuple[str, ...]] = field(default_factory=list)  # paragraph → the headings above it
    parents: list[tuple[int, ...]] = field(default_factory=list)  # paragraph → those headings' paragraphs
    rows: list[tuple[int, int, str]] = field(default_factory=list)  # table rows (start, end, lead body), sorted
    tables: list[Table] = field(default_factory=list)  # the block's tables (extractor.text.tables)
    sector_bodies: dict[int, str] = field(default_factory=dict)  # paragraph → body assigned its sector heading

    def __post_init__(self) -> None:
        # Sorted start offsets, so that every "what lies in [s, e)?" is a binary search: a sentence with
        # thousands of values (a table flattened into one line) stays linear, not cubic.
        self._d_starts = [d.start for d in self.deadlines]
        self._q_starts = [q.num_start for q in self.quantities]
        self._o_starts = [s for s, _ in self.orgs]
        self._p_starts = [p[0] for p in self.places]
        merged: list[tuple[int, int]] = []
        for a, b in sorted(self.masked):
            if merged and a < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        self._masked = merged
        self._m_starts = [a for a, _ in merged]
        self._r_starts = [r[0] for r in self.rows]

    def row_agency(self, pos: int) -> str | None:
        """The lead body of the table row that holds `pos`, if the table names one."""
        i = bisect.bisect_right(self._r_starts, pos) - 1
        return self.rows[i][2] if i >= 0 and self.rows[i][0] <= pos < self.rows[i][1] else None

    def deadlines_in(self, s: int, e: int) -> list[DeadlineSpan]:
        """Deadlines that start in [s, e), in order."""
        lo, hi = between(self._d_starts, s, e)
        return self.deadlines[lo:hi]

    def quantities_in(self, s: int, e: int) -> list[Quantity]:
        lo, hi = between(self._q_starts, s, e)
        return self.quantities[lo:hi]

    def orgs_in(self, s: int, e: int) -> list[tuple[int, int]]:
        lo, hi = between(self._o_starts, s, e)
        return self.orgs[lo:hi]

    def places_in(self, s: int, e: int) -> list[tuple[int, int, str]]:
        lo, hi = between(self._p_starts, s, e)
        return self.places[lo:hi]

    def is_masked(self, s: int, e: int) -> bool:
        """Whether [s, e) touches a date, a document number or a period."""
        return overlaps(self._masked, self._m_starts, s, e)


# How far back (and ahead) of a value the per-value rules read. A policy sentence is far shorter; the bound
# keeps a "sentence" of thousands of values (a table flattened into one line) linear.
LOOKBACK = 1500


def back(start: int, q: Quantity) -> int:
    """The start of what the rules read before a value: the sentence or clause start, at most LOOKBACK back."""
    return max(start, q.start - LOOKBACK)
