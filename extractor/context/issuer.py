"""The issuing body: the header's capitals, else a news lead's "X vừa ban hành …", else "… của X" early on."""

from __future__ import annotations

import regex

from extractor.rules import agencies, documents

_ISSUER_VERBS = regex.compile(
    r"^\s*(?:vừa|đã|mới|chính thức|cũng|vua|da|moi)?\s*(?:ký\s+)?"
    r"(?:ban hành|phê duyệt|ban hanh|phe duyet|đặt mục tiêu|dat muc tieu|"
    r"đề ra|de ra|ký|thông qua|thong qua)(?!\p{L})"
)


_HEADER = regex.compile(
    r"(?i:ủy ban nhân dân|uỷ ban nhân dân|ubnd|hội đồng nhân dân|thủ tướng chính phủ|chính phủ|bộ [\p{L} ,]{2,40}?)"
    r"(?:\s+(?i:tỉnh|thành phố)\s+\p{Lu}[\p{Lu}\p{L} -]{1,30}?(?=\s*(?:\n|-{2,}|$)))?"
)


_TITLE = regex.compile(r"(?:Phó )?(?:Thủ tướng|Bộ trưởng|Chủ tịch)")


_PERSON_AFTER_TITLE = regex.compile(r"\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,3}")


def clean_name(s: str) -> str:
    return regex.sub(r"\s+", " ", s).strip(" ,.;:")


def find_issuer(norm: str, t: str, orgs: list[tuple[int, int]], refs: list[documents.DocRef]) -> str | None:
    head = norm[:400]
    m = (
        _HEADER.search(head.replace("\n", " "))
        if regex.search(r"(?:CỘNG HÒA|CONG HOA|QUYẾT ĐỊNH|KẾ HOẠCH|Số:)", head)
        else None
    )
    if m and m.start() < 120:
        return clean_name(m.group(0))
    for s, e in orgs:
        person = _PERSON_AFTER_TITLE.match(norm, e) if _TITLE.match(norm[s:e]) else None
        end = person.end() if person else e
        if _ISSUER_VERBS.match(t[end:end + 40]):
            return clean_name(norm[s:end])
    for s, e in orgs:
        before = t[max(0, s - 12):s]
        if regex.search(r"(?:được|duoc)\s*$", before) and regex.match(
            r"\s*(?:ban hành|phê duyệt|ban hanh|phe duyet)", t[e:e + 20]
        ):
            return clean_name(norm[s:e])
    for s, e in orgs:
        # "Quyết định 546/QĐ-TTg của Thủ tướng Chính phủ", "Báo cáo … của Chính phủ" early in the text.
        if s < 1500 and regex.search(r"(?:của|cua)\s+$", t[max(0, s - 6):s]) and (
                agencies.is_national(norm[s:e]) or agencies.place_in(norm[s:e])):
            return clean_name(norm[s:e])
    return None
