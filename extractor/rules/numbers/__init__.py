"""Quantities: numbers with Vietnamese separators, ranges, number words, multipliers, qualifiers and units,
each with its span. The room reads the lower-cased normalised text (or its folded form, for text written
without diacritics) and returns `Quantity` records, its words from `data/lexicon.json`, one module a concern:
`literals` (digit literals and years), `words` (numbers said in words), `quantity` (the record), `grammar`
(the patterns, assembled once per mode), `shape` (unit, qualifiers, and what is no quantity) and `quantities`
(`find_quantities`). The pipeline calls `numbers.find_quantities`, so a stub put on this package reaches it;
inside the room `quantities.finish` is the name the readers of a match call.
"""

from __future__ import annotations

from extractor.rules.numbers.grammar import patterns
from extractor.rules.numbers.literals import is_year, parse_number
from extractor.rules.numbers.quantities import find_quantities
from extractor.rules.numbers.quantity import Quantity
from extractor.rules.numbers.words import words_to_number

__all__ = ["Quantity", "find_quantities", "is_year", "parse_number", "patterns", "words_to_number"]
