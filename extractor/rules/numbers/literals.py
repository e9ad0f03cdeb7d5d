"""Digit literals read the Vietnamese way ('1.000' is a thousand, '1,5' one and a half, '12.345,6'), the
unambiguous English groupings of web texts, and which values are years.
"""

from __future__ import annotations

import math

import regex

# A digit literal, most specific first: Vietnamese thousands (1.000, 12.345,6); then the English grouping of
# web texts, only where it has no Vietnamese reading (1,234.5: a comma group and a decimal point; 1,234,567:
# two comma groups); then plain digits with a Vietnamese decimal comma (1,5) or an English decimal point of
# one or two digits (1.5, 2.25; "1.500" is Vietnamese thousands). "1,234" alone stays Vietnamese (1.234).
NUMLIT = (
    r"\d{1,3}(?:\.\d{3}){1,6}(?:,\d{1,6})?"
    r"|\d{1,3}(?:,\d{3}){1,6}\.\d{1,3}(?![\d.,]\d)"
    r"|\d{1,3}(?:,\d{3}){2,6}(?![\d.,]\d)"
    r"|\d{1,15}(?:,\d{1,6})?(?![.]\d{3}(?!\d))(?:\.\d{1,2}(?![\d.]))?"
)
_YEAR_MIN, _YEAR_MAX = 1945, 2100

_VN_THOUSANDS = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EN_GROUPED = regex.compile(r"\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,}")
_VN_DECIMAL = regex.compile(r"\d+,\d+")
_EN_DECIMAL = regex.compile(r"\d+\.\d{1,2}")
_DIGITS = regex.compile(r"\d+")


def parse_number(s: str) -> float | None:
    """A digit literal read the Vietnamese way: '1.000' is 1000, '1,5' is 1.5, '12.345,6' is 12345.6;
    the unambiguous English forms of web texts as well: '1,234,567', '1,234.5', '2.5'."""
    s = s.strip()
    if not s or len(s) > 40:
        return None
    if _VN_THOUSANDS.fullmatch(s):
        s = s.replace(".", "").replace(",", ".")
    elif _EN_GROUPED.fullmatch(s):
        s = s.replace(",", "")  # English thousands: 1,000,000 or 1,234.5 (a lone 1,234 is Vietnamese 1.234)
    elif _VN_DECIMAL.fullmatch(s):
        s = s.replace(",", ".")
    elif not (_EN_DECIMAL.fullmatch(s) or _DIGITS.fullmatch(s)):
        return None
    try:
        v = float(s)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def is_year(v: float) -> bool:
    return v.is_integer() and _YEAR_MIN <= v <= _YEAR_MAX
