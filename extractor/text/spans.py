"""Small, linear-time helpers on character spans and on regex scanning.

Every rule stage asks "does this span overlap one of those?" many times; with
sorted spans and binary search the whole document stays linear. `scan` runs a
compiled pattern under a time bound that counts only the regex engine's own
work (the matches are collected first, the caller's loop runs after), and
turns a timeout into a logged, empty-handed result instead of a crash.
"""

from __future__ import annotations

import bisect
import functools
import logging
from collections.abc import Sequence

import regex

log = logging.getLogger(__name__)

# How long one pattern may spend on one stretch of text. Every pattern here is linear, so this is a guard
# against a pathological input, not a speed limit: 2 s is ~100 MB of scanning.
SCAN_TIMEOUT = 2.0


def scan(pattern: regex.Pattern[str], text: str, start: int = 0, end: int | None = None) -> list[regex.Match[str]]:
    """All matches of `pattern` in text[start:end], collected under SCAN_TIMEOUT; [] (logged) on a timeout."""
    end = len(text) if end is None else end
    try:
        return list(pattern.finditer(text, start, end, timeout=SCAN_TIMEOUT))
    except TimeoutError:
        log.warning("pattern %.60r timed out on %d characters; that stretch is skipped", pattern.pattern, end - start)
        return []


def scan_pieces(pattern: regex.Pattern[str], text: str, needle: regex.Pattern[str], stop: regex.Pattern[str],
                start: int = 0, end: int | None = None) -> list[regex.Match[str]]:
    """`scan(pattern, text, start, end)` for a pattern whose every match holds a match of `needle` and no
    character that `stop` (one character class) matches: only the pieces of text between stop characters
    that hold the needle are scanned.

    Why: a pattern led by a long word alternation costs the regex engine a try at every character, while a
    plain needle ("a digit before a slash") is found at once; a text has few such pieces. The matches are
    the same: no match crosses a stop character, a piece without the needle holds none, and each piece is
    scanned with the text around it in view (a lookbehind sees before it, a lookahead its stop character)."""
    end = len(text) if end is None else end
    back = backwards(stop)
    out: list[regex.Match[str]] = []
    pos = start
    for hit in needle.finditer(text, start, end):
        if hit.start() < pos:
            continue  # in a piece already scanned
        before = back.search(text, pos, hit.start())
        after = stop.search(text, hit.end(), end)
        piece_end = end if after is None else after.end()
        out += scan(pattern, text, pos if before is None else before.end(), piece_end)
        pos = piece_end
    return out


def matches_at(pattern: regex.Pattern[str], text: str, starts: Sequence[int]) -> list[regex.Match[str]]:
    """`pattern.finditer(text)` for a pattern that can start a match only at one of `starts` (sorted): a
    pattern anchored at line starts, say, tried at each line start instead of at every character.

    The matches are the same: finditer tries every position left to right and goes on after each match's
    end; here only the positions that can start one are tried, in the same order, with the same rule."""
    out: list[regex.Match[str]] = []
    done = 0
    for pos in starts:
        if pos >= done:
            m = pattern.match(text, pos)
            if m is not None:
                out.append(m)
                done = max(m.end(), pos + 1)
    return out


@functools.cache
def backwards(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    """`pattern` as the regex engine reads it from the end (`(?r)`), compiled once: it finds a match exactly
    where a match ends that the pattern finds, the last one first (the last stop character before a
    position; an end-anchored tail, which a forward search has to fail at every position to rule out)."""
    return regex.compile("(?r)" + pattern.pattern, pattern.flags)


def overlaps(spans: Sequence[tuple[int, int]], starts: Sequence[int], s: int, e: int) -> bool:
    """Whether [s, e) overlaps one of `spans`, which are sorted and do not overlap each other
    (`starts` is their start offsets)."""
    i = bisect.bisect_left(starts, e)
    return i > 0 and spans[i - 1][1] > s


def inside(spans: Sequence[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) lies inside one of the sorted spans (which may overlap each other a little)."""
    i = bisect.bisect_right(spans, (s, 1 << 62)) - 1
    return any(a <= s and e <= b for a, b in spans[max(0, i - 2):i + 1])


def between(starts: Sequence[int], s: int, e: int) -> tuple[int, int]:
    """Index range [lo, hi) of the sorted `starts` that fall in [s, e)."""
    return bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
