"""Public bodies and places by rule: the part of the inventory that is fixed.

The trained NER model (extractor.ner) finds names it has never seen; these rules
find the standard ones (people's committees, departments, ministries, the
provinces before and after the 2025-07-01 merger) exactly, and tell the target
stage which place a body governs. Names come from `data/agencies.json` and
from underthesea's `address` data, which knows the merger.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.rules import provinces
from extractor.rules.lexicon import alternation, load_json
from extractor.text.normalize import fold, has_diacritics, strip_tones
from extractor.text.spans import scan

_RANK = r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu|TP\.?|Tp\.?)"
_CAP = r"(?:\p{Lu}{2,}|\p{Lu}[\p{Ll}\p{M}]*)(?![\p{L}\p{M}])"
# A proper place name: capitalised syllables, possibly "Bà Rịa - Vũng Tàu".
_PLACE = rf"{_CAP}(?:[ ]{_CAP}){{0,3}}(?:[ ]?-[ ]?{_CAP}(?:[ ]{_CAP}){{0,2}})?"
# Words that open the next body's name: a name never runs on into them.
_HEADS = r"(?:Sở|Bộ|Ủy|Uỷ|UBND|HĐND|Ban|Cục|Chi|Văn|Công|Hội|Tổng|Trường|Bệnh|Trung|Viện|Quỹ)(?![\p{L}])"
_HCM_ABBREV = regex.compile(r"(?<!\p{L})(?:TP\.?\s?HCM|TPHCM|Tp\.?\s?HCM|TP\.?\s?Hồ Chí Minh)(?!\p{L})")


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    name: str  # the proper name as written ("Bắc Ninh")
    jurisdiction: bool = True  # a province or Việt Nam; False for a region or another country


@lru_cache(maxsize=1)
def province_names() -> dict[str, str]:
    """Folded short name → the short name as underthesea writes it, former and current provinces."""
    return {fold(n).lower(): n for n in sorted(provinces.province_names())}


@lru_cache(maxsize=2)
def _place_re(folded: bool) -> regex.Pattern[str]:
    names = sorted(province_names().values(), key=lambda w: (-len(w), w))
    forms = {fold(n) if folded else n for n in names}
    if not folded:
        forms |= {strip_tones(n) for n in names}
    forms |= {"Việt Nam", "Viet Nam"} if not folded else {"Viet Nam"}
    forms |= {fold(n) if folded else n for n in load_json("agencies.json")["other_places"]}
    if folded:  # matched against the lower-cased folded text
        forms = {f.lower() for f in forms}
    alt = alternation(forms)
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{alt})(?![\p{{L}}\d])")


def find_places(norm: str, folded_text: str | None = None) -> list[Place]:
    """Provinces (former and current) and Việt Nam named in the text, by their proper names."""
    text = folded_text if folded_text is not None else norm
    out = []
    lookup = province_names()
    for m in scan(_place_re(folded_text is not None), text):
        if folded_text is not None and not norm[m.start()].isupper():
            continue  # a name is capitalised even where the text has no diacritics ("long an toàn" is no place)
        key = fold(m.group(0)).lower()
        name = lookup.get(key, "Việt Nam" if key == "viet nam" else m.group(0))
        out.append(Place(m.start(), m.end(), name, key in lookup or key == "viet nam"))
    out = [_with_city_word(norm, p) for p in out]
    for m in scan(_HCM_ABBREV, norm):
        out.append(Place(m.start(), m.end(), "Hồ Chí Minh"))
    return sorted(out, key=lambda p: p.start)


def _with_city_word(norm: str, p: Place) -> Place:
    """'Thành phố Hồ Chí Minh' and 'Thủ đô Hà Nội' are the names themselves: the span takes the word in."""
    if p.name not in ("Hồ Chí Minh", "Hà Nội"):
        return p
    city = r"Thành phố|thành phố|THÀNH PHỐ|" if p.name == "Hồ Chí Minh" else ""
    m = regex.search(rf"(?:{city}Thủ đô|thủ đô)\s+$", norm[max(0, p.start - 12):p.start])
    return Place(p.start - len(m.group(0)), p.end, p.name, p.jurisdiction) if m else p


@lru_cache(maxsize=2)
def _org_res(folded: bool = False) -> list[regex.Pattern[str]]:
    """The body patterns; for a text written without diacritics the same patterns with every literal word
    folded (regex syntax and Unicode classes are ASCII, so folding the pattern folds only its words)."""
    return [regex.compile(fold(p) if folded else p) for p in _org_sources()]


@lru_cache(maxsize=1)
def _org_sources() -> list[str]:
    a = load_json("agencies.json")

    def alt(words: list[str]) -> str:
        forms = set(words) | {strip_tones(w) for w in words}
        return alternation(forms)

    second = alt(a["name_second_syllables"])
    _NAMEWORD = rf"(?!{_HEADS}){_CAP}(?:[ ](?:{second})(?![\p{{L}}\p{{M}}]))?"  # noqa: N806
    committee = (r"(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Thành ủy|Tỉnh ủy|Huyện ủy|"
                 r"Ban Thường vụ (?:Thành|Tỉnh|Huyện) ủy|Thường trực (?:Thành|Tỉnh|Huyện) ủy|Công an|"
                 r"Ủy ban Mặt trận Tổ quốc Việt Nam|Bộ Chỉ huy Quân sự|Bộ Tư lệnh|Văn phòng UBND|"
                 r"Văn phòng Ủy ban nhân dân)")
    return [
        # People's committees and councils with their rank and place; or "các tỉnh, thành phố trực thuộc Trung ương".
        (
            rf"(?i:{committee})(?:[ ]+(?:(?i:các tỉnh, thành phố trực thuộc (?:Trung ương|TW)|"
            rf"cấp tỉnh|cấp huyện|cấp xã|các cấp)|(?i:{_RANK})(?:[ ]*{_PLACE})?|{_PLACE}))?"
        ),
        (
            rf"(?:Sở|SỞ)[ ]+(?i:{alt(a['department_names'])})(?![\p{{L}}&])"
            rf"(?:[ ]+(?:tỉnh|thành phố|TP\.?)[ ]+{_PLACE})?"
        ),
        (rf"(?:Bộ|BỘ)[ ]+(?i:{alt(a['ministry_names'])})(?![\p{{L}}])"),
        (rf"(?<![\p{{L}}])(?:{alt(a['national_bodies'])})(?![\p{{L}}])"),
        # Boards named in lower case ("Ban Quản lý các khu công nghệ cao và khu công nghiệp"): only the
        # words such names are made of, so that the name stops where the sentence goes on.
        (
            rf"(?:Ban Quản lý|BQL|Ban Chỉ đạo|Ban Vì sự tiến bộ|Ủy ban quốc gia)"
            rf"(?:[ ]+(?:(?!{_HEADS}){_CAP}|(?:{alt(a['name_words'])})(?![\p{{L}}]))){{1,12}}"
        ),
        # Other named bodies: a head, then capitalised words, each maybe with the lower-case second syllable of
        # the same word ("Cục Dân số", "Báo và Phát thanh, Truyền hình Cần Thơ"), never a head of the next name.
        (
            rf"(?:Bệnh viện|Trường Đại học|Đại học|Học viện|Tập đoàn|Tổng Công ty|Tổng công ty|"
            rf"Công ty(?: cổ phần| TNHH)?|"
            rf"Ngân hàng|Hiệp hội|Hội Liên hiệp Phụ nữ|Hội|Liên đoàn|Quỹ|Cục|Chi cục|Tổng cục|Viện|Trung tâm|Báo|Đài)"
            rf"(?:,?[ ]+(?:{_NAMEWORD}|và|&))*[ ]+{_NAMEWORD}(?:[ ]+(?i:{_RANK})[ ]+{_PLACE})?"
        ),
        (r"(?<![\p{L}])Ngành [\p{Ll}]+(?: [\p{Ll}]+)?(?= đặt mục tiêu| phấn đấu| đề ra)"),
    ]


def find_orgs(norm: str) -> list[tuple[int, int]]:
    """Spans of public bodies and organisations named by the fixed patterns, longest first, non-overlapping;
    a text written without diacritics is read with the folded patterns."""
    spans: list[tuple[int, int]] = []
    for pat in _org_res(not has_diacritics(norm)):
        for m in scan(pat, norm):
            s, e = m.start(), m.end()
            while e > s and norm[e - 1] in " ,-&":
                e -= 1
            tail = regex.search(r"(?:[ ,]+(?:các|và|của|cấp|cac|va|cua|cap))+$", norm[s:e])
            if tail:
                e = s + tail.start()
            if e - s >= 3:
                spans.append((s, e))
    spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def place_in(name: str) -> str | None:
    """The proper place name inside a body's name ('UBND tỉnh Bắc Ninh' → 'Bắc Ninh')."""
    places = [p for p in find_places(name) or find_places(name, _title_fold(name)) if p.jurisdiction]
    return places[-1].name if places else None


def _title_fold(s: str) -> str:
    """Folded, and capitalised word by word, so an all-caps header name matches the gazetteer."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in fold(s).split(" "))


NATIONAL_CODES = ("TTg", "CP", "QH", "TW", "BCT", "BYT", "BTC", "BXD", "BGDĐT", "BCT", "BKHCN", "BNV", "BNNMT")


def is_national(body: str | None) -> bool:
    """A body whose writ runs over the whole country (Chính phủ, a ministry, Quốc hội …)."""
    if not body:
        return False
    low = strip_tones(body).lower()
    if place_in(body):
        return False
    return bool(regex.match(r"(?:pho )?(?:thu tuong|chinh phu|quoc hoi|bo |bộ |ban bi thu|ban chấp hành trung|"
                            r"ban chap hanh trung|ngành|nganh|tổng cục|tong cuc|ngân hàng nhà nước)",
                            fold(low)))
