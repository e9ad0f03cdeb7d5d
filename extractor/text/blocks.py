"""The one chunker: a text cut into stretches of at most a given size, at the best cut its caller names.

Three callers, three cut policies: a long document's blocks (`blocks(text, block_chars)`: after a blank
line, else a newline, else a sentence end), the NER model's pieces (`extractor.ner`: after a newline, else
a space) and the tokenizer's chunks of one long line (`extractor.ner.tokenizer`: after sentence punctuation,
else white space). Where none of its cuts lies in the window, a stretch ends exactly at `size` characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import regex

# A cut is a string or a compiled pattern (`regex` or `re`):
# - a string cuts just after the first character of its last occurrence that lies wholly in the window
#   ("\n" after a line end; "\n\n" between the two line ends of a blank line);
# - a pattern cuts at the end of its last match in the window, matched as `pattern.finditer(text, lo, hi)`
#   (a lookahead sees nothing past the window; a lookbehind sees the text before it).
Cut = str | regex.Pattern[str] | re.Pattern[str]

# A sentence end inside one long line: ". " before a capital, so that no sentence is split.
_SENTENCE_END = regex.compile(r"[.!?;]\s+(?=\p{Lu})")

# A long document's blocks: after a blank line, else a newline, else a sentence end.
BLOCK_CUTS: tuple[Cut, ...] = ("\n\n", "\n", _SENTENCE_END)


def blocks(text: str, size: int, cuts: Sequence[Cut] = BLOCK_CUTS, floor: int | None = None,
           start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of consecutive stretches that cover text[start:end] exactly, each at most `size` long.

    While more than `size` characters remain, the stretch ends at the first of `cuts` (in order of
    preference) found between `floor` (by default half of `size`) and `size` characters on, else exactly
    at `size`. With the default cuts no paragraph or sentence of ordinary length is split."""
    end = len(text) if end is None else end
    floor = size // 2 if floor is None else floor
    out: list[tuple[int, int]] = []
    while end - start > size:
        lo, hi = start + floor, start + size
        cut = hi
        for c in cuts:
            at = _cut(text, c, lo, hi)
            if at >= 0:
                cut = at
                break
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _cut(text: str, cut: Cut, lo: int, hi: int) -> int:
    """Where `cut` ends a stretch whose window is text[lo:hi] (see `Cut`), or -1 when it is not there."""
    if isinstance(cut, str):
        at = text.rfind(cut, lo, hi)
        return at + 1 if at >= 0 else -1
    last = -1
    for m in cut.finditer(text, lo, hi):
        last = m.end()
    return last
