"""Word segmentation with underthesea, with character offsets.

Vietnamese writes a word as several syllables ("doanh nghiệp", "hợp tác xã"),
so "the counted noun after a number" is a word, not a syllable. The lexicon
knows the common counted nouns; for the others the target stage asks here for
the first word after the number. underthesea's `word_tokenize` takes one
sentence at a time and never gets `fixed_words` (in 9.5.0 that argument leaks
into later calls through a module global).
"""

from __future__ import annotations

from functools import lru_cache

from underthesea import word_tokenize


def words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of `text`, in order; tokens are found back in the text by position."""
    out: list[tuple[int, int]] = []
    pos = 0
    for token in _tokenize(text):
        first = token.split(" ")[0]
        i = text.find(first, pos)
        if i < 0:
            continue
        # A multi-syllable word may be written with any white space between its syllables.
        end = i
        for syllable in token.split(" "):
            j = text.find(syllable, end)
            if j < 0:
                break
            end = j + len(syllable)
        out.append((i, end))
        pos = end
    return out


@lru_cache(maxsize=4096)
def _tokenize(text: str) -> tuple[str, ...]:
    return tuple(word_tokenize(text)) if text.strip() else ()


def first_word(text: str, max_chars: int = 60) -> str | None:
    """The first word of `text` (within max_chars): 'ki-ốt bán hàng …' → 'ki-ốt', 'nhà văn hóa …' → 'nhà văn hóa'
    if underthesea joins it. None when the text starts with no letter."""
    piece = text[:max_chars].lstrip()
    if not piece[:1].isalpha():
        return None
    spans = words(piece)
    return piece[spans[0][0]:spans[0][1]] if spans else None
