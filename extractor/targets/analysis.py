"""The analysed block: what the span stages found in one block of the text, with the document's context;
binary-searched span look-ups for the target stage."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from extractor.context.document import Context
from extractor.rules.agencies import Place
from extractor.rules.dates import Deadline as DeadlineSpan
from extractor.rules.documents import DocRef
from extractor.rules.numbers import Quantity
from extractor.text.layout import Layout, Section
from extractor.text.normalize import Normalized
from extractor.text.segment import Clause, Paragraph, Sentence
from extractor.text.spans import between, overlaps
from extractor.text.tables import Table


@dataclass
class Analysis:
    """One block of the text, analysed: the one record of a block. The span stages fill it
    (`extractor.pipeline`); the context stage reads the document's first block (`document_context`); the
    target stage reads every block once the document's context is attached (`context`, `sector_bodies`).
    All spans are offsets into the block's normalised text.

    What the target stage reads of the values and places is narrowed when the record is made: `quantities`
    without page furniture, `places` the jurisdictions only, as (start, end, name)."""

    norm: Normalized
    flat: str  # the normalised text as the rules match bodies and documents in it (`matching_forms`)
    match_text: str  # lower-cased normalised text, folded when the document has no diacritics
    folded: bool
    paras: list[Paragraph]
    sents: list[Sentence]
    clauses: list[Clause]
    refs: list[DocRef]  # cited documents
    periods: list[tuple[int, int, int, int]]  # (start, end, first year, last year)
    deadlines: list[DeadlineSpan]
    masked: list[tuple[int, int]]  # dates, document numbers, periods: never a value
    all_quantities: list[Quantity]  # every value the rules found, page furniture too
    orgs: list[tuple[int, int]]
    all_places: list[Place]  # every place the rules found, regions and other countries too
    model_spans: list[tuple[int, int, str]]  # the NER model's and the gazetteer's spans
    layout: Layout
    paragraph_sections: list[Section]  # each paragraph's place in the outline
    tables: list[Table]  # the block's tables (extractor.text.tables)
    rows: list[tuple[int, int, str]]  # table rows (start, end, lead body), sorted
    headings: dict[int, str | None]  # paragraph → body named by its heading
    context: Context = field(default_factory=Context)  # the document's, once it is known
    sector_bodies: dict[int, str] = field(default_factory=dict)  # paragraph → body assigned its sector heading
    quantities: list[Quantity] = field(init=False)  # the values that can be targets: not page furniture
    places: list[tuple[int, int, str]] = field(init=False)  # jurisdictions (start, end, name)
    sections: list[tuple[str, ...]] = field(init=False)  # paragraph → the headings above it
    parents: list[tuple[int, ...]] = field(init=False)  # paragraph → those headings' paragraphs
    cue_text: str = field(init=False)  # match_text with the places' names blanked: what the cues are read in

    def __post_init__(self) -> None:
        self.quantities = [q for q in self.all_quantities if not self.layout.is_furniture(q.num_start)]
        self.places = [(p.start, p.end, p.name) for p in self.all_places if p.jurisdiction]
        self.cue_text = _without_names(self.match_text, [(p.start, p.end) for p in self.all_places])
        self.sections = [s.path for s in self.paragraph_sections]
        self.parents = [s.parents for s in self.paragraph_sections]
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

    # The document's context, as the target stage reads it.
    @property
    def issuer(self) -> str | None:
        return self.context.issuer

    @property
    def in_charge(self) -> str | None:
        return self.context.in_charge

    @property
    def location(self) -> str | None:
        return self.context.location

    @property
    def period_end(self) -> int | None:
        return self.context.period.end if self.context.period else None

    @property
    def doc_year(self) -> int | None:
        return self.context.doc_year

    @property
    def title_year(self) -> int | None:
        """A deadline the headline states ("… đến năm 2030")."""
        return self.context.title_year

    @property
    def latest_date_year(self) -> int | None:
        """The latest year of a full calendar date in the document's head."""
        return self.context.latest_date_year

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


def _without_names(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the given spans blanked, at the same length: a syllable of a place's name is no cue word
    ("Cao Bằng" holds "bằng", a baseline's "as much as"; "Hòa Bình" "hòa bình"; without diacritics "Chí" is
    "chi", spending), so the target stage reads its cues where the names are not."""
    if not spans:
        return text
    parts: list[str] = []
    at = 0
    for s, e in sorted(spans):
        if s < at:
            s = at
        if e <= s:
            continue
        parts += [text[at:s], " " * (e - s)]
        at = e
    parts.append(text[at:])
    return "".join(parts)
