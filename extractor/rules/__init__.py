"""Rules that find typed spans in normalised text, reading their words from checked data files.

`lexicon` loads and checks `extractor/data/*.json` (an unknown or unread key is an error) and builds the one
kind of word alternation every rule uses; `numbers` (values, units, qualifiers), `dates` (deadlines, periods,
calendar dates), `documents` (cited legal documents), `agencies` (bodies and places) and `provinces` (the
2025 merger, from underthesea's address tables) each turn text into spans and know nothing of targets.
"""
