"""The fixed inventory of names (provinces, ministries, departments) and its spaCy component.

Why a gazetteer beside the model: ministries, departments and provinces are a
closed list the corpus cannot cover name by name (63 former and 34 current
provinces times several ORG forms), and the lead's location logic needs the
2025-07-01 merger map anyway. The model still does the open-ended work (companies,
schools, people, documents); the `vnpolicy_gazetteer` component only adds hits the
model missed or cut short (see `merge_spans`).

Sources: provinces come from `extractor.rules.provinces` (underthesea's address tables,
which know the 2025-07-01 merger), not from a typed list; hand-written lists
(ministries, local bodies and departments, rank words, regions, province aliases)
are data files in `extractor/data/gazetteer/`.

Matching is on token NORM (lower case, one tone placement), so hòa/hoà and ủy/uỷ
match both ways and all-capital letterheads match too. Each capitalised word of a
name must be capitalised in the text ("Hòa Bình" the province, not "hòa bình"
peace). Every name also gets a diacritic-free twin ("bac ninh"), accepted only where
the matched text itself carries no diacritics, i.e. text typed without tone marks.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractor.rules.lexicon import cue_forms, load_json
from extractor.rules.provinces import aliases, province_names
from extractor.text import wordseg
from extractor.text.normalize import fold, has_diacritics

from . import names
from .tokenizer import TEXT_KEY, WORDS_KEY

GAZETTEER_FACTORY = "vnpolicy_gazetteer"
GAZETTEER_PIPE = "gazetteer"  # its name in the shipped pipeline (config.cfg)
GAZETTEER_SOURCE = "gazetteer"  # the kb_id of the spans it adds: the entity's recogniser
GAZETTEER_SURE = "gazetteer-sure"  # ... and of those whose context confirms them (a title before a name)


def data_dir() -> Path:
    """Directory of the hand-written gazetteer files (package data)."""
    return Path(str(resources.files("extractor") / "data" / "gazetteer"))


def _lines(name: str) -> list[list[str]]:
    """Non-comment lines of a data file, split on tabs."""
    out = []
    for line in (data_dir() / name).read_text(encoding="utf-8").splitlines():
        line = unicodedata.normalize("NFC", line.strip())
        if line and not line.startswith("#"):
            out.append([c.strip() for c in line.split("\t")])
    return out


@lru_cache(maxsize=1)
def province_surface_forms() -> tuple[str, ...]:
    """Province names plus the aliases in province_aliases.tsv (what the gazetteer looks for)."""
    return tuple(sorted(province_names() | {alias for alias, _ in aliases()}))


# --- the spaCy component -------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    kind: str  # LOC, ORG (whole name), STEM (ORG that takes a place), STEM_PLACE (only with a place), RANK,
    #            ORG_AFTER (an ORG only after "báo", "tờ" …), LOC_SHORT (a one-syllable country form),
    #            ORG_ALONE (an office that is an institution only where no name follows: "Thủ tướng ban hành")
    caps: tuple[bool, ...]  # which tokens of the name are capitalised
    folded: bool  # the diacritic-free twin: only accepted on text without diacritics
    upper: tuple[bool, ...] = ()  # which tokens are acronyms, matched only in capitals ("VN", "MB")


def _entries() -> list[tuple[str, str]]:
    """(kind, name) of every gazetteer name."""
    out = [("LOC", n) for n in province_surface_forms()]
    out += [("LOC", row[0]) for row in _lines("places.txt")]
    out += [("ORG_ALONE" if row[1:2] == ["alone"] else "ORG", row[0]) for row in _lines("central.txt")]
    out += [("STEM_PLACE" if row[1:2] == ["place"] else "STEM", row[0]) for row in _lines("local_bodies.txt")]
    out += [("RANK", row[0]) for row in _lines("ranks.txt")]
    out += [("ORG", row[0]) for row in _lines("organisations.txt")]
    out += [("ORG_AFTER" if row[1:2] == ["after"] else "ORG", row[0]) for row in _lines("media.txt")]
    for row in _lines("countries.tsv"):
        out += [("LOC_SHORT" if names.ambiguous_form(form) else "LOC", form) for form in row]
    return out


@lru_cache(maxsize=1)
def _span_words() -> dict[str, frozenset[str]]:
    """The words of `model_span_words` (data/lexicon.json), compared with a token's NORM: `media_nouns` stand
    before a newspaper's or broadcaster's name and are not part of the ORG ("báo Lao Động", "đài VOV");
    `list_glue` joins names; both also without marks. `name_continuers` may go on with an ORG after a known
    stem ("UBND các xã") and `title_clause_openers` open a new clause after a comma in a document's title:
    these are read with their marks only, since without them most are other words too ("ve", "tu", "o",
    "den"), and a name or a title run on over such a word is a wrong entity."""
    data = load_json("lexicon.json")["model_span_words"]
    both = {"media_nouns", "list_glue"}
    return {slot: frozenset(cue_forms(words) | (cue_forms(words, folded=True) if slot in both else set()))
            for slot, words in data.items()}


class Gazetteer:
    """Finds gazetteer names in a Doc and merges them with the model's entities."""

    def __init__(self, nlp: Language, name: str = GAZETTEER_FACTORY) -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.entries: dict[str, _Entry] = {}
        for kind, text in dict.fromkeys(_entries()):
            for folded in (False, True):
                if folded and fold(text) == text:
                    continue
                pattern = nlp.make_doc(fold(text) if folded else text)
                words = [t.text for t in pattern if not t.is_space]
                caps = tuple(w[:1].isupper() for w in words)
                upper = tuple(len(w) > 1 and w.isupper() for w in words)
                key = f"{kind}|{int(folded)}|{len(self.entries)}"
                self.entries[key] = _Entry(kind, caps, folded, upper)
                self.matcher.add(key, [pattern])

    def find(self, doc: Doc, text: str | None = None) -> list[Span]:
        """Gazetteer entities of `doc` (ORG grown over a following rank word and province); a paper's name
        confirmed by "báo", "đài" … before it carries kb_id "gazetteer-sure" (it wins a tie with the model)."""
        by_kind: dict[str, dict[int, int]] = {k: {} for k in ("LOC", "ORG", "STEM", "STEM_PLACE", "RANK", "SURE")}
        strings = doc.vocab.strings
        text = doc.text if text is None else text  # Doc.text joins every token: read it once
        words = doc.user_data.get(WORDS_KEY)
        if words is None or len(words) != len(doc):  # a Doc of another tokenizer, or retokenized since
            words = [t.text for t in doc]
        folded: list[bool] = []  # whether the text has no diacritics, computed at the first short form
        for match_id, start, end in self.matcher(doc):
            entry = self.entries[strings[match_id]]
            if not self._accept(words, start, end, entry) or not self._in_context(doc, start, end, entry, text, folded):
                continue
            table = by_kind[{"ORG_AFTER": "ORG", "LOC_SHORT": "LOC", "ORG_ALONE": "ORG"}.get(entry.kind, entry.kind)]
            table[start] = max(table.get(start, start), end)  # longest name at each start
            if entry.kind == "ORG_AFTER" or (entry.kind == "ORG" and self._after_media_noun(doc, start)):
                by_kind["SURE"][start] = max(by_kind["SURE"].get(start, start), end)
        spans: list[Span] = []
        for start, end in by_kind["LOC"].items():
            spans.append(Span(doc, start, end, label="LOC", kb_id=GAZETTEER_SOURCE))
        for start, end in by_kind["ORG"].items():
            sure = by_kind["SURE"].get(start) == end
            spans.append(Span(doc, start, end, label="ORG", kb_id=GAZETTEER_SURE if sure else GAZETTEER_SOURCE))
        for kind in ("STEM", "STEM_PLACE"):
            for start, end in by_kind[kind].items():
                grown = self._grow(end, by_kind["RANK"], by_kind["LOC"])
                if grown > end or kind == "STEM":
                    spans.append(Span(doc, start, grown, label="ORG", kb_id=GAZETTEER_SOURCE))
        return filter_spans(spans)

    @staticmethod
    def _in_context(doc: Doc, start: int, end: int, entry: _Entry, text: str, folded: list[bool]) -> bool:
        """Names that are also common words count only where the context says so (see names.py)."""
        if entry.kind == "ORG_AFTER":
            return Gazetteer._after_media_noun(doc, start)
        if entry.kind == "ORG_ALONE":
            nxt = [t for t in doc[end:end + 2] if not t.is_space][:1]
            return not nxt or not nxt[0].text[:1].isupper()
        if entry.kind in ("LOC", "LOC_SHORT"):
            span = doc[start:end]
            if names.named_after_person(text, span.start_char, span.end_char):
                return False
        if entry.kind == "LOC_SHORT":
            if not folded:
                folded.append(not has_diacritics(text))
            if entry.folded and not folded[0]:
                return False  # "An", "Lao", "Y" are "Ấn", "Lào", "Ý" only in a text without diacritics
            return names.short_country_in_context(text, span.start_char, span.end_char, folded[0])
        return True

    @staticmethod
    def _after_media_noun(doc: Doc, start: int) -> bool:
        prev = [t.norm_ for t in doc[max(0, start - 3):start] if not t.is_space]
        media = _span_words()["media_nouns"]
        return bool(prev) and (prev[-1] in media or " ".join(prev[-2:]) in media)

    def persons(self, doc: Doc, known: list[Span], text: str | None = None) -> list[Span]:
        """Persons after a title or kin word and names alone on their line (names.titled_persons,
        names.byline_persons), except where a listed body or a
        country stands ("Tổng Giám đốc Vingroup"; a province may be a person: "Chủ tịch Hồ Chí Minh")."""
        countries = names.country_forms()
        taken = {i for s in known if s.label_ == "ORG" or (s.label_ == "LOC" and s.text in countries)
                 for i in range(s.start, s.end)}
        out = []
        text = doc.text if text is None else text
        for s, e in names.titled_persons(text) + names.byline_persons(text):
            span = doc.char_span(s, e, label="PER", kb_id=GAZETTEER_SURE)
            if span is not None and not any(i in taken for i in range(span.start, span.end)):
                out.append(span)
        return out

    @staticmethod
    def _grow(end: int, ranks: dict[int, int], locs: dict[int, int]) -> int:
        """Where an ORG stem ending at `end` ends once its rank word and province are added."""
        if end in ranks:
            end = ranks[end]
        if end in locs:
            end = locs[end]
        return end

    @staticmethod
    def _accept(words: list[str], start: int, end: int, entry: _Entry) -> bool:
        """Whether the matched tokens words[start:end] are cased as the entry's name is (capitals where it
        has them; all capitals where it is an acronym) and, for a name without diacritics, have none."""
        found = [w for w in words[start:end] if not w.isspace()]
        if len(found) != len(entry.caps):
            return False
        for word, cap, upper in zip(found, entry.caps, entry.upper or entry.caps, strict=True):
            if (cap and not word[:1].isupper()) or (upper and entry.upper and not word.isupper()):
                return False
        # The span's text is its words and the white space between them, which folding leaves as it is.
        return not entry.folded or all(fold(w) == w for w in words[start:end])

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get(TEXT_KEY) or doc.text
        found = self.find(doc, text)
        model = [_fix_model_span(doc, s, text) for s in trim_overlong(doc, list(doc.ents), found)]
        sure = [s for s in found if s.kb_id_ == GAZETTEER_SURE] + self.persons(doc, found, text)
        rest = [s for s in found if s.kb_id_ != GAZETTEER_SURE]
        doc.ents = merge_spans([s for s in model if s is not None], rest, sure)
        return doc


def _fix_model_span(doc: Doc, span: Span, text: str) -> Span | None:
    """A model span trimmed of what cannot belong to it, a family name + given name relabelled PER; None for
    a body that starts inside a word ("NHIỆM VỤ CHUYỂN ĐỔI SỐ" gives no "VỤ CHUYỂN ĐỔI SỐ": a name starts
    where a word starts)."""
    if span.label_ == "ORG" and _starts_inside_word(doc, span):
        return None
    s, e = names.trim_span(text, span.start_char, span.end_char, span.label_)
    label = "PER" if span.label_ == "LOC" and names.person_not_place(text, s, e) else span.label_
    if (s, e, label) == (span.start_char, span.end_char, span.label_):
        return span
    return doc.char_span(s, e, label=label, alignment_mode="contract") if e > s else None


def trim_overlong(doc: Doc, model: list[Span], gazetteer: list[Span]) -> list[Span]:
    """Cut model ORG spans that run on past a known name into the sentence's verb phrase.

    The model sometimes keeps an ORG open over the lower-case words after it ("Sở
    Khoa học và Công nghệ nâng cấp hệ thống thông tin"). When a gazetteer ORG starts
    at the same token and what the model adds after it has no capitalised word, does
    not start with a word that continues names ("các xã", "về ..."), and is long (3+
    words) or holds a number or ends inside a word (a name ends where a word ends: "… Công nghệ thúc"
    is the first syllable of "thúc đẩy"), the span is cut back to the gazetteer name. On the
    corpus this rule changes no gold ORG span.
    """
    by_start = {g.start: g for g in gazetteer if g.label_ == "ORG"}
    known = {i for g in gazetteer for i in range(g.start, g.end)}
    out = []
    for span in model:
        if span.label_ == "DOC":
            span = _cut_doc(doc, span, known)
        g = by_start.get(span.start)
        if span.label_ == "ORG" and g is not None and g.end < span.end:
            rest = [t for t in doc[g.end:span.end] if not (t.is_punct or t.is_space)]
            if (
                rest
                and not any(t.text[:1].isupper() for t in rest)
                and rest[0].norm_ not in _span_words()["name_continuers"]
                and (len(rest) >= 3 or any(t.like_num for t in rest) or _ends_inside_word(doc, span))
            ):
                span = Span(doc, g.start, g.end, label="ORG")
        out.append(span)
    return out


def _starts_inside_word(doc: Doc, span: Span) -> bool:
    """Whether word segmentation joins the span's first syllable with the syllable before it."""
    if span.start == 0 or doc[span.start - 1].whitespace_ != " " or not doc[span.start - 1].is_alpha:
        return False
    return _joined(doc, span.start, max(0, span.start - 2), span.start + 1)


def _ends_inside_word(doc: Doc, span: Span) -> bool:
    """Whether word segmentation joins the span's last syllable with the syllable after it."""
    if span.end >= len(doc) or doc[span.end - 1].whitespace_ != " " or not doc[span.end].is_alpha:
        return False
    return _joined(doc, span.end, span.end - 1, min(len(doc), span.end + 2))


def _joined(doc: Doc, i: int, lo: int, hi: int) -> bool:
    """Whether word segmentation of tokens lo..hi puts tokens i - 1 and i in one word."""
    window = doc[lo:hi]
    cut = doc[i].idx - window.start_char
    return any(s < cut < e for s, e in wordseg.words(window.text))


def _cut_doc(doc: Doc, span: Span, known: set[int]) -> Span:
    """Cut a model DOC span at a comma that starts a new clause.

    Titles contain commas ("Luật Khám bệnh, chữa bệnh"; "..., tầm nhìn đến năm
    2045"), so the model learnt to carry a DOC over them and sometimes runs into the
    sentence ("Luật Giáo dục, đến năm 2030 Hà Nội"). The span is cut before a comma
    followed by a clause-opening word or by a gazetteer name. No gold DOC span of
    the corpus is cut by this rule.
    """
    openers = _span_words()["title_clause_openers"]
    for i in range(span.start + 1, span.end - 1):
        if doc[i].text == "," and (
            doc[i + 1].norm_ in openers or any(j in known for j in range(i + 1, span.end))
        ):
            return Span(doc, span.start, i, label=span.label_)
    return span


def merge_spans(model: Iterable[Span], gazetteer: Iterable[Span], sure: Iterable[Span] = ()) -> list[Span]:
    """Model and gazetteer entities, non-overlapping and sorted.

    The longer span wins an overlap (a gazetteer "UBND tỉnh Bắc Ninh" beats a model
    "Bắc Ninh"; a model "Trung tâm Dịch vụ việc làm tỉnh Thái Nguyên" beats a
    gazetteer "Thái Nguyên"); on an exact tie a name its context confirms wins (`sure`: a person
    after a title, "Chủ tịch Hồ Chí Minh"; a paper after "báo"), then the model, because it saw the
    context ("Hồ Chí Minh" the person), then the list; but a listed name the model also found with the
    same label, or a listed body ("ASEAN", "Tòa án nhân dân tối cao"), keeps the list's span and name. A
    model span that is only a list of two or more listed names ("Nhật, Hàn, Mỹ"; "Bộ Tài chính và Bộ
    Công Thương") gives way to them.
    """
    gazetteer, sure = list(gazetteer), list(sure)
    model = [s for s in model if not _only_listed(s, gazetteer + sure)]
    listed = {(g.start, g.end): g for g in gazetteer}
    tied = {(m.start, m.end) for m in model if (g := listed.get((m.start, m.end))) is not None
            and (g.label_ == m.label_ or g.label_ == "ORG")}
    model = [m for m in model if (m.start, m.end) not in tied]
    ranked = [(s, 0) for s in sure] + [(s, 1) for s in model] + [(s, 2) for s in gazetteer]
    ranked.sort(key=lambda p: (-(p[0].end - p[0].start), p[1], p[0].start))
    taken: set[int] = set()
    out: list[Span] = []
    for span, _ in ranked:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        out.append(span)
    return sorted(out, key=lambda s: s.start)


def _only_listed(span: Span, listed: list[Span]) -> bool:
    """Whether `span` is made of two or more listed names and list glue only."""
    inside = [g for g in listed if span.start <= g.start and g.end <= span.end]
    if len(inside) < 2:
        return False
    covered = {i for g in inside for i in range(g.start, g.end)}
    doc = span.doc
    glue = _span_words()["list_glue"]
    return all(i in covered or doc[i].is_space or doc[i].norm_ in glue for i in range(span.start, span.end))


@Language.factory(GAZETTEER_FACTORY)
def make_gazetteer(nlp: Language, name: str) -> Gazetteer:
    """Pipeline component; its names are read from package data when the pipeline loads."""
    return Gazetteer(nlp, name)
