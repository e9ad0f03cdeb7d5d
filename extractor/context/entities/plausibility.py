"""Whether a span names a body, a place, a person or a document: the checks a model span must pass to be
kept (`plausible`), and a body named by more than its bare head (`named_body`)."""

from __future__ import annotations

import regex

from extractor.context.entities.words import (
    AND,
    EVERY_LEVEL,
    GLUE,
    KIND_START,
    LAW,
    LIST_SPLIT,
    NOT_PLACE_START,
    PARTICLES,
    PLACE_LOWER,
    bare_heads,
    head_prefixes,
    org_head_re,
)
from extractor.text.normalize import fold

_NUMBERED = regex.compile(r"\d|(?<![\p{L}])[IVXLC]{1,6}(?![\p{L}])")
_ABBREVIATION = regex.compile(r"\p{Lu}{2,}[\p{Lu}\d&-]*")
_DIGIT = regex.compile(r"\d")


def named_body(span: str) -> bool:
    """A body named by its head and its name, rank or level ("Sở Y tế", "UBND tỉnh", "UBND cấp xã",
    "UBND các xã, phường"), not a bare head ("UBND", "Sở", "các sở") nor every level at once ("UBND các
    cấp")."""
    key = " ".join(fold(span).lower().split())
    return key not in bare_heads() and not EVERY_LEVEL.search(span) and not cut_head(key)


def cut_head(key: str) -> bool:
    """A head cut short ("ỦY BAN NHÂN" of a signature block split over two cells) names nothing."""
    return key in head_prefixes()


def _foreign_word(word: str) -> bool:
    """A capitalised word that is no Vietnamese syllable: a foreign name ("Malaysia", "Samsung")."""
    from extractor.ner.names import is_vietnamese_syllable

    return len(word) >= 3 and word[:1].isupper() and not word.isupper() and not is_vietnamese_syllable(word)


def _plausible_org(span: str, words: list[str]) -> bool:
    from extractor.ner.names import country_forms

    if "\\" in span or all(w.strip(",") in country_forms() or w in AND or w == "," for w in list_items(span)):
        return False  # a file path; a list of countries ("Đài Loan, Pakistan, UAE")
    if len(words) < 2:
        if _ABBREVIATION.fullmatch(span):
            return len(span) >= 5  # "TT", "STT", "BIM", "VPCP" abbreviate things or offices; bodies are listed
        return False  # "Blockchain", "Cloud", "Dũng": one word the lists do not know is no body
    if span.isupper() and not (org_head_re().match(span) or org_head_re().match(span[:1] + span[1:].lower())):
        return False  # a heading in capitals ("LĨNH VỰC CHUYÊN NGÀNH"): capitals say nothing there, a head must
    if len(words) == 2 and not words[1][:1].isupper():
        return False  # "Tập trung", "Kiểm tra", "Thanh niên": a capitalised word the lists do not know
    items = [w.strip() for w in span.split(",")]
    if len(items) >= 3 and all(w[:1].isupper() and len(w.split()) <= 3 for w in items):
        return False  # "Công đoàn, Cựu Chiến binh, Nông dân": a list of bodies named by their kind
    if _YEAR_OR_COUNT.search(span):
        return False  # "Ban Chỉ đạo tại cuộc họp … năm 2023", "Trung tâm Y tế 11 huyện": a clause, a count
    if not span[:1].isupper() or (
        sum(w[:1].isupper() for w in words) * 3 < len(words) and not org_head_re().match(span)
    ):
        return False  # "kèm theo", "hướng dẫn và huy động …": no name
    # without a head, a name is capitalised word by word ("Hòa Phát", "Đảng, Nhà nước"); a heading or a
    # sector is not ("Nông nghiệp công nghệ cao", "Ngân sách Thành phố", "Phần III Điều 1 Quyết định")
    return bool(org_head_re().match(span)) or all(w[:1].isupper() or w in GLUE for w in words)


_YEAR_OR_COUNT = regex.compile(r"(?<![\d/.-])(?:1[89]|20)\d\d(?![\d/])|(?<![\p{L}\d])\d+\s+\p{Ll}+/")


def list_items(span: str) -> list[str]:
    """The items of a list: "Đài Loan, Pakistan và UAE" → its three names."""
    return [w.strip() for w in LIST_SPLIT.split(span) if w.strip()]


def _plausible_loc(span: str, words: list[str]) -> bool:
    from extractor.ner.names import country_forms
    from extractor.rules.provinces import province_names

    if span in country_forms() or span in province_names():
        return True
    if fold(words[0]).lower() in NOT_PLACE_START or _DIGIT.search(span):
        return False
    if len(words) < 2 or all(_foreign_word(w) for w in words):
        return False  # one word or an English phrase ("Digital Twin") that no list knows
    return not (span.isupper() or not span[:1].isupper() or len(span) < 3
                or any(not w[:1].isupper() and w not in PLACE_LOWER for w in words))


def _plausible_per(words: list[str]) -> bool:
    """A person's name is capitalised, a particle or two aside ("Ursula von der Leyen")."""
    from extractor.ner.names import country_forms

    if " ".join(words) in country_forms():
        return False  # "Trung Quốc" is the country
    return words[0][:1].isupper() and len(words) <= 6 and all(w[:1].isupper() or w in PARTICLES for w in words)


def plausible(span: str, label: str) -> bool:
    """Model spans the record keeps: a name, not a bare head word, not a header motto; a document is
    numbered or dated ("Quyết định số 12", "Quy hoạch điện VIII", "Chương trình … giai đoạn 2021 - 2030")
    or a named law; a title with neither ("Chương trình tiêm chủng thiết yếu") is too loose to tell from a
    mention ("Chương trình MTQG theo quy định") and is left out."""
    span = " ".join(span.split())  # a name wrapped over two lines is judged as one line
    words = span.split()
    if not words or len(words) > 25:
        return False
    if label == "ORG":
        return _plausible_org(span, words)
    if label == "LOC":
        return _plausible_loc(span, words)
    if label == "PER":
        return _plausible_per(words)
    if label == "DOC":
        return bool(KIND_START.match(span + " ") and len(words) <= 25 and (
            _NUMBERED.search(span) or LAW.match(span)))
    return True


