"""`Quantity`: a number as the text states it, with the spans the target stage needs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quantity:
    """A number as the text states it, with the spans the target stage needs."""

    start: int  # qualifier words included
    num_start: int
    num_end: int  # after the number, multiplier and percent sign
    end: int  # after the unit and any "/denominator"
    low: float
    high: float
    qualifier: str
    unit: str | None
    # percent, permille, currency, area, length, power, energy, mass, volume, speed, score, ratio (a rate
    # with a slash or a multiple in "lần"), age, count (a known counted noun), noun (an unknown word after
    # the number), rank (a bare number after a rank word), bare (nothing after it). "speed" is also the
    # kind of a number inside a technical specification ("tốc độ 10 Gb/s"): the target stage decides
    # whether the sentence aims at it.
    kind: str
    per: str | None  # denominator of a rate ("10.000 dân", "người"; "1.000" for ‰)
    annual: bool  # "/năm"
    from_words: bool = False
    is_range: bool = False
    # For kind "rank" ("top 5", "đứng thứ 20 trở lên": at most N), the word the rank is counted in ("top",
    # "hạng"); the unit stays None, the target stage decides whether to name it.
    rank: str | None = None
