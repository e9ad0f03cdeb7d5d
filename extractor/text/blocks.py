"""The one chunker: long texts cut into blocks at blank lines, line ends or sentence ends."""

from __future__ import annotations

import regex


def blocks(text: str, block_chars: int) -> list[tuple[int, int]]:
    """(start, end) of stretches of at most about block_chars, cut after a blank line (else a newline, else
    a sentence end, else anywhere), so that no paragraph or sentence of ordinary length is split."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > block_chars:
        lo, hi = start + block_chars // 2, start + block_chars
        cut = text.rfind("\n\n", lo, hi)
        if cut < 0:
            cut = text.rfind("\n", lo, hi)
        if cut < 0:
            # One long line: end the block after a sentence (". " before a capital), so no sentence is split.
            ends = list(regex.finditer(r"[.!?;]\s+(?=\p{Lu})", text[lo:hi]))
            cut = lo + ends[-1].end() - 1 if ends else -1
        cut = cut + 1 if cut >= 0 else hi
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out
