"""Names by context, on plain strings: persons after a title, countries by their short forms, the fixes to
model spans that every recogniser shares.

Why plain strings (not spaCy tokens): the same tests run inside the spaCy gazetteer component (so
`extractor.ner.recognise` has them) and in the entity merge of the extractor (`extractor.context.entities`),
which also sees the rules' places. One rule, applied the same way everywhere.

The knowledge is data in `extractor/data/gazetteer/`: `titles.txt` (titles, ranks and kin words),
`countries.tsv` (countries with their short and informal forms), `surnames.txt`, `speech_verbs.txt` and
`country_cues.txt`; the words of the rules' patterns are `name_rule_words` of `data/lexicon.json`, and the
kinds of a document's title `title_kinds` of `data/agencies.json`. Diacritic-free forms are generated with
`fold`, never typed.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

import regex

from extractor.rules.lexicon import alternation, cue_forms, load_json, slot_alternations, with_old_placements
from extractor.text.normalize import fold
from extractor.text.spans import matches_at

# A name ending on an abbreviation's dot ("Co."), which is part of the name.
_CAPITAL_DOT = regex.compile(r"\p{Lu}\.$")

_CAPWORD = r"(?:\p{Lu}[\p{L}\p{M}]*(?:[-'’][\p{L}\p{M}]+)*|\p{Lu}\.(?=\s?\p{Lu}))"
_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}\d.'’-]*")
# The words of the rules below (data/lexicon.json `name_rule_words`): as written, with and without marks.
_MARKED = slot_alternations("lexicon.json", "name_rule_words")
_BOTH = slot_alternations("lexicon.json", "name_rule_words", plain_too=True)
_RULE_WORDS = load_json("lexicon.json")["name_rule_words"]
# A name word that is in fact the head of a body or a rank: "Bộ trưởng Bộ Y tế" is no person "Bộ Y"; compared
# lower-cased with its marks, in either tone placement ("ủy", "uỷ").
_NOT_NAME = frozenset(with_old_placements(_RULE_WORDS["not_name"]))


def _data(name: str) -> Path:
    return Path(str(resources.files("extractor") / "data" / "gazetteer" / name))


def data_rows(name: str) -> list[list[str]]:
    """Non-comment lines of a gazetteer data file, NFC, split on tabs."""
    out = []
    for line in _data(name).read_text(encoding="utf-8").splitlines():
        line = unicodedata.normalize("NFC", line.strip())
        if line and not line.startswith("#"):
            out.append([c.strip() for c in line.split("\t") if c.strip()])
    return out


def _both(words: set[str]) -> set[str]:
    """Each word and its diacritic-free twin."""
    return words | {fold(w) for w in words}


# --- persons after a title ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _titles() -> tuple[frozenset[str], frozenset[str], int]:
    """(office titles, kin words, most words in a title); folded forms for titles only ("Bo truong"),
    since folded kin words are common words ("ba", "co", "chu")."""
    rows = data_rows("titles.txt")
    kin = frozenset(r[0] for r in rows if r[1:2] == ["kin"])
    titles = frozenset(_both({r[0] for r in rows if r[1:2] != ["kin"]}))
    return titles, kin, max(len(t.split()) for t in titles | kin)


@lru_cache(maxsize=1)
def _last_words() -> frozenset[str]:
    """The last word of every title and kin word: what must stand right before a titled name."""
    titles, kin, _ = _titles()
    return frozenset(t.split(" ")[-1] for t in titles | kin)


_NAME_RUN = regex.compile(rf"(?<![\p{{L}}\p{{M}}.]){_CAPWORD}(?:[ ]{_CAPWORD})*(?![\p{{L}}\p{{M}}])")
_NAME_END = regex.compile(rf"^\s*(?:[,.;:!?)]|$|(?:{_MARKED['and']})\s|{_MARKED['speech_after']})")
_OPENS = regex.compile(r"(?:^|[.!?:;\n\"“]\s?|^\s+)$")


def _title_before(text: str, start: int) -> str | None:
    """"title" or "kin" if a title or kin word ends right before `start` (one space between)."""
    if start == 0 or text[start - 1] != " ":
        return None
    titles, kin, most = _titles()
    head = text[max(0, start - 60):start - 1]
    words = head.split(" ")
    last = words[-1]
    if last not in _last_words() and last[:1].lower() + last[1:] not in _last_words():
        return None  # no title or kin word ends with it: most capitalised runs stop here
    for k in range(min(most, len(words)), 0, -1):
        cand = " ".join(words[-k:])
        if cand in titles:
            return "title"
        if cand in kin:
            return "kin"
        rest = head[:len(head) - len(cand)]
        if cand[:1].isupper() and cand[:1].lower() + cand[1:] in kin and _OPENS.search(rest):
            return "kin"  # "Chị Hạnh kể": a kin word opens the sentence
    return None


def titled_persons(text: str) -> list[tuple[int, int]]:
    """(start, end) of the one to four capitalised syllables after a title or kin word: a person's name.

    "ông Tùng cho biết", "bà Nguyễn Thị Mai", "Bộ trưởng Lê Minh Hoan", "Chị Hạnh kể" (a kin word is a
    title in lower case, or capitalised where a sentence starts: "Cô Tô" in mid-sentence is a place).
    A name stops before a body's head word ("Bộ trưởng Bộ Y tế" is no person). After an office title a
    single syllable must end the phrase ("Giám đốc Tùng cho biết"): "Trưởng ban Tuyên giáo" is an office.
    Why capitalised runs first: a run of names is rarer than a title word, so the titles are looked up
    only before them.
    """
    titles = _titles()[0]
    out = []
    for m in _NAME_RUN.finditer(text):
        words = list(_WORD.finditer(m.group(0)))
        lead = 0  # a capitalised title inside the run ("NSND Lan Hương")
        while lead < len(words) - 1 and " ".join(w.group(0) for w in words[:lead + 1]) in titles:
            lead += 1
        kind = "title" if lead else _title_before(text, m.start())
        first = words[0].group(0)
        if not lead and len(words) > 1 and first[:1].lower() + first[1:] in _titles()[1] \
                and _OPENS.search(text[max(0, m.start() - 3):m.start()]):
            lead, kind = 1, "kin"  # "Ông Tùng cho biết" at the start of a sentence
        if kind is None:
            continue
        keep = []
        for w in words[lead:lead + 4]:
            if w.group(0).lower().rstrip(".") in _NOT_NAME:
                break
            keep.append(w)
        if not keep:
            continue
        s, e = m.start() + keep[0].start(), m.start() + keep[-1].end()
        if kind == "title" and len(keep) == 1 and not _NAME_END.match(text[e:e + 12]):
            continue
        out.append((s, e))
    return out


# Credit words before a byline's or a photo's author ("Tin, ảnh:", "Bài và ảnh:", "Theo"), any case.
_CREDIT = (rf"(?i:(?:(?:{_BOTH['credit_story']})(?:\s*(?:,|{_BOTH['and']})\s*(?:{_BOTH['credit_photo']}))?"
           rf"|{_MARKED['credit_photo']}|{_BOTH['credit_via']}))")
_BYLINE = regex.compile(
    rf"^[ \t]*(?:{_CREDIT}[ \t]*:?[ \t]+)?"
    r"(?P<name>(?:\p{Lu}\.\s?)?\p{Lu}[\p{Ll}\p{M}]+(?:[ ]\p{Lu}[\p{Ll}\p{M}]+){0,3})"
    r"[ \t]*(?:/.*)?$",
    regex.MULTILINE,
)
# Under a credit word a name may be in capitals ("Tin, ảnh: MINH THÁI"); a photo's credit may end its
# caption's line ("Quang cảnh buổi họp. Ảnh: Minh Đức"); a byline may be initials ("C.L.", "T.X.").
_CREDITED = regex.compile(
    rf"(?:^[ \t]*{_CREDIT}[ \t]*:?[ \t]+|[.!?)][ \t]{{1,3}}(?i:{_BOTH['credit_photo']})[ \t]*:?[ \t]+)"
    r"(?P<name>\p{Lu}[\p{L}\p{M}]+(?:[ ]\p{Lu}[\p{L}\p{M}]+){1,3})[ \t]*(?:/.*)?$",
    regex.MULTILINE,
)
_ROMAN_ITEM = regex.compile(r"[IVX]\.\s")  # "I. Kinh tế số": a heading's number, not an initial
_INITIALS = regex.compile(r"^[ \t]*(?P<name>\p{Lu}\.(?:[ ]?\p{Lu}\.){1,2})[ \t]*$", regex.MULTILINE)


# Where the three patterns above can start a match: a line start (`^`), or, for a caption's credit, a mark
# that ends a sentence before a space or tab ("… buổi họp. Ảnh: …"). They are tried there only (`matches_at`).
_SENTENCE_MARK = regex.compile(r"[.!?)](?=[ \t])")
_NEWLINE = regex.compile(r"\n")


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


def byline_persons(text: str) -> list[tuple[int, int]]:
    """(start, end) of a name standing alone on its line: a byline or photo credit ("Huy Hoàng", "T.Xuân",
    "Ảnh: Minh Đức", "Lan Anh/TTXVN", "Tin, ảnh: MINH THÁI", "C.L."), a caption's credit at its line's end
    ("… buổi họp. Ảnh Tiến Dũng") or a signer's name under the signature. Single words, known places and
    countries, and words that head a body or a document are not names."""
    lines = _line_starts(text)
    ends = sorted([*lines, *(m.start() for m in _SENTENCE_MARK.finditer(text))])
    found = {(m.start("name"), m.end("name")) for m in matches_at(_BYLINE, text, lines)}
    found |= {(m.start("name"), m.end("name")) for m in matches_at(_CREDITED, text, ends)}
    out = [(m.start("name"), m.end("name")) for m in matches_at(_INITIALS, text, lines)]
    for s, e in sorted(found):
        name = text[s:e]
        words = name.replace(".", ". ").split()
        if len(words) < 2 or name in country_forms() or _is_known_place(name.title()) or _ROMAN_ITEM.match(name):
            continue
        if words[0].lower() in _NOT_NAME or _DOC_KIND_START.match(name) or not all(
                is_vietnamese_syllable(w.rstrip(".").title()) or w.endswith(".") for w in words):
            continue
        out.append((s, e))
    return sorted(out)


@lru_cache(maxsize=1)
def _known_places() -> frozenset[str]:
    from extractor.rules.provinces import province_names

    return frozenset(_both(set(province_names())))


def _is_known_place(name: str) -> bool:
    return name in _known_places()


# --- countries and their short forms ----------------------------------------------------------


@lru_cache(maxsize=1)
def country_forms() -> dict[str, str]:
    """Every written form of a country or region (and its diacritic-free twin) → the country's name."""
    out: dict[str, str] = {}
    for row in data_rows("countries.tsv"):
        for form in row:
            out.setdefault(form, row[0])
            out.setdefault(fold(form), row[0])
    return out


_VN_SYLLABLE = regex.compile(
    r"(?i)^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy\p{M}àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?$"
)


def is_vietnamese_syllable(word: str) -> bool:
    """Whether a word has the shape of one Vietnamese syllable ("Anh", "Đức"; not "Malaysia", "UAE")."""
    return bool(_VN_SYLLABLE.match(unicodedata.normalize("NFC", word)))


def ambiguous_form(form: str) -> bool:
    """A one-syllable country form that is also a Vietnamese word or given name (Anh, Đức, Mỹ, Nga …)."""
    return " " not in form and not form.isupper() and is_vietnamese_syllable(form)


@lru_cache(maxsize=1)
def _context_words() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    speech = _both({r[0] for r in data_rows("speech_verbs.txt")})
    cues = _both({r[0] for r in data_rows("country_cues.txt")})
    titles = _both({r[0] for r in data_rows("titles.txt")})
    return (
        regex.compile(rf"^\s*,?\s*(?:{alternation(speech)})(?![\p{{L}}\p{{M}}])", regex.IGNORECASE),
        regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(cues)})\s+$", regex.IGNORECASE),
        regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(titles)})\s+$"),
    )


_SENT_START = regex.compile(r"(?:^|[.!?:;\n\"“…]|^\s*[-–•+]|\d[.)])\s*$")
_NEXT_CAP = regex.compile(r"^[ ]+\p{Lu}")
_PREV_CAP = regex.compile(r"\p{Lu}[\p{L}\p{M}]*[ ]+$")


def short_country_in_context(text: str, start: int, end: int, folded: bool) -> bool:
    """Whether the one-syllable country form at text[start:end] names the country here.

    Not when it is part of a longer name ("Tuấn Anh", "Mỹ Đình", "PHÁP LUẬT"), after a title or kin word
    ("ông Đức"), or opens a sentence as the speaker ("Anh cho rằng …", "Đức nói …", where "Anh" is a
    pronoun or a given name). In text without diacritics ("Anh" = "ảnh", "Lao" = "lao động", "Phap" =
    "pháp") only after a word that announces a country ("sang Nhat", "nuoc Phap").
    """
    before, after = text[max(0, start - 40):start], text[end:end + 30]
    speech, cue, title = _context_words()
    if _NEXT_CAP.match(after) or title.search(before):
        return False
    at_start = bool(_SENT_START.search(before)) or not before.strip()
    if not at_start and _PREV_CAP.search(before):
        return False
    if at_start and speech.match(after):
        return False
    if folded or text[start:end].isupper():
        return bool(cue.search(before))
    return True


@lru_cache(maxsize=1)
def _person_cues() -> regex.Pattern[str]:
    cues = _both({r[0] for r in data_rows("person_place_cues.txt")})
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(cues)})\s+$", regex.IGNORECASE)


def named_after_person(text: str, start: int, end: int) -> bool:
    """A place named after a person where the person is meant: "tư tưởng Hồ Chí Minh", "Đoàn TNCS Hồ Chí
    Minh", "Chủ tịch Hồ Chí Minh" (cue words in person_place_cues.txt)."""
    return " " in text[start:end].strip() and bool(_person_cues().search(text[max(0, start - 40):start]))


# --- fixes to model spans -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(_both({r[0] for r in data_rows("surnames.txt")}))


_PLACE_WORD = regex.compile(rf"(?i:{_BOTH['place_words']})\s+$")


def person_not_place(text: str, start: int, end: int) -> bool:
    """A model LOC that is a person's full name: two to four capitalised syllables opening with a family
    name, no known country or region, no place word before it ("Lê Minh Hoan"; not "đường Lê Lợi")."""
    words = text[start:end].split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    if words[0] not in _surnames() or text[start:end] in country_forms():
        return False
    return not _PLACE_WORD.search(text[max(0, start - 15):start])


def _doc_kinds() -> str:
    """The kinds a document's title opens with (data/agencies.json `title_kinds`), with and without marks, as
    the name rules have read them: not a convention or a letter, and a code ("Bộ luật") with its marks only."""
    k = load_json("agencies.json")["title_kinds"]
    both = k["named_laws"] + k["numbered"]
    forms = cue_forms(both + k["named_codes"], lower=False) | cue_forms(both, folded=True, lower=False)
    return f"(?:{alternation(forms)})"


def _either_case(words: list[str]) -> str:
    """The words with and without marks, their first letter in either case ("sửa", "Sửa", "sua", "Sua")."""
    forms = cue_forms(words) | cue_forms(words, folded=True)
    return alternation(forms | {w[:1].upper() + w[1:] for w in forms})


_DOC_KINDS = _doc_kinds()
_DOC_KIND_START = regex.compile(rf"(?i){_DOC_KINDS}(?![\p{{L}}\p{{M}}])")  # "Theo KẾ HOẠCH …" is no byline
_AMENDING = alternation(cue_forms(_RULE_WORDS["amending_kind"], lower=False)
                        | cue_forms(_RULE_WORDS["amending_kind"], folded=True, lower=False))
_NOT_ITEM = slot_alternations("lexicon.json", "name_rule_words", lower=False, plain_too=True)["list_item_not"]
_DOC_STOPS = regex.compile(
    rf"\s*(?:,\s*|\s+(?:{_BOTH['and']}|{_BOTH['with']})\s+)(?:{_BOTH['plurals']})\s"  # "… và các văn bản hướng dẫn"
    rf"|(?<!^(?:{_AMENDING})\s(?:{_either_case(_RULE_WORDS['amend'])})\s[\s\S]*)\s+(?:{_BOTH['and']})\s+{_DOC_KINDS}\s"
    # "Luật X và Luật Y": two documents, unless the first amends them ("Luật Sửa đổi, bổ sung … của Luật X và
    # Luật Y")
    r"|\s*[;:]|\.\s+(?=\p{Lu})|\s+\("  # the sentence or clause ends, a bracket opens
    rf"|,\s+(?=\p{{Lu}})(?!{_NOT_ITEM})"  # "Luật X, Bộ tiêu chí …": the next item of a list ("…, Tầm nhìn" is not)
)
_CLOSE_QUOTE = regex.compile(r"[\"”»]")
_OPEN_QUOTE = regex.compile(r"[\"“«][ \t]*$")
_OF = load_json("context.json")["of_words"]
_NUMBER_THEN_OF = regex.compile(  # "… số 12/2024/NĐ-CP của Chính phủ", "… ngày …"
    rf"(?<=\d[\p{{L}}\d/.-]*)\s+(?:{alternation(cue_forms(_OF) | cue_forms(_OF, folded=True))}"
    rf"|{slot_alternations('lexicon.json', 'date_words', plain_too=True)['day']})\s")


def _doc_end(span: str, quoted: bool = False) -> int:
    """Where a model document title ends: before "và các văn bản …", before a second document ("và Luật
    …"), before the next item of a list, and a numbered document before "của …" / "ngày …"; a title in
    quotes (`quoted`: a quote opens right before it) at its closing quote."""
    end = len(span)
    close = _CLOSE_QUOTE.search(span)
    if quoted and close:
        end = close.start()
    for pat in (_DOC_STOPS, _NUMBER_THEN_OF):
        m = pat.search(span, 4)
        if m:
            end = min(end, m.start())
    return end


@lru_cache(maxsize=1)
def _org_enders() -> regex.Pattern[str]:
    words = _both({r[0] for r in data_rows("org_enders.txt")})
    return regex.compile(rf"[ ,]+(?:{alternation(words)})(?![\p{{L}}\p{{M}}])")


_SENTENCE_END = regex.compile(r"[;!?]|(?<=[\p{Ll}\p{M}]{2}|\d)\.\s+(?=\p{Lu})|\)(?![\p{L}\d])(?<=^[^(]*\))")
_TRAILING = alternation(cue_forms(_RULE_WORDS["trailing"]) | cue_forms(_RULE_WORDS["trailing"], folded=True)
                        | cue_forms(_RULE_WORDS["trailing_diacritic_only"]))  # "tai" is no trailing word
_TRAILING_WORDS = regex.compile(rf"(?:[\s,]+(?:{_TRAILING}))+[\s,.;]*$")
_EDGE_PUNCT = "…\"“”'‘’()[]{}*:;,.!?-–—"


def trim_span(text: str, start: int, end: int, label: str, breaks: bool = True) -> tuple[int, int]:
    """A model span without what cannot belong to it: a paragraph break and what follows, quotes and dots at
    its edges, a body's run-on into the sentence's verb (`org_enders.txt`), a byline's agency ("Phạm Minh
    Tuấn/TTXVN" → the person), a document title's run-on ("Luật X và các văn bản hướng dẫn thi hành" →
    the law). `breaks`: every newline left in `text` ends a paragraph (the model reads logical lines);
    False where `text` still has its soft wraps."""
    span = text[start:end]
    if breaks and "\n" in span.strip():  # a paragraph break: no name runs over it (soft wraps are unwrapped before)
        lead = len(span) - len(span.lstrip())
        end = start + lead + span.strip().index("\n")
        span = text[start:end]
    if label in ("ORG", "LOC", "PER"):
        m = _SENTENCE_END.search(span, 2)  # a name ends with its sentence or clause, and opens no bracket
        if m:
            end = start + m.start()
            span = text[start:end]
    if label == "ORG":
        m = _org_enders().search(span, 3)
        if m:
            end = start + m.start()
    if label == "PER" and "/" in span:
        end = start + span.index("/")
    if label == "DOC":
        end = start + _doc_end(text[start:end], bool(_OPEN_QUOTE.search(text, max(0, start - 2), start)))
    m = _TRAILING_WORDS.search(text, start, end)
    if m and label != "DOC" and m.start() > start:
        end = m.start()  # "Ban Bí thư về", "Hội Nông dân và": a name ends on a name's word
    while end > start and (text[end - 1] in _EDGE_PUNCT or text[end - 1].isspace()):
        if text[end - 1] == "." and _CAPITAL_DOT.search(text[start:end]) and label == "ORG":
            break  # "Co." keeps its dot
        end -= 1
    while start < end and (text[start] in _EDGE_PUNCT or text[start].isspace()):
        start += 1
    return start, end
