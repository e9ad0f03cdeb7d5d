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

from extractor.rules.provinces import aliases, province_names
from extractor.text.normalize import fold

GAZETTEER_FACTORY = "vnpolicy_gazetteer"
GAZETTEER_PIPE = "gazetteer"  # its name in the shipped pipeline (config.cfg)


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
    kind: str  # LOC, ORG (whole name), STEM (ORG that takes a place), STEM_PLACE (only with a place), RANK
    caps: tuple[bool, ...]  # which tokens of the name are capitalised
    folded: bool  # the diacritic-free twin: only accepted on text without diacritics


def _entries() -> list[tuple[str, str]]:
    """(kind, name) of every gazetteer name."""
    out = [("LOC", n) for n in province_surface_forms()]
    out += [("LOC", row[0]) for row in _lines("places.txt")]
    out += [("ORG", row[0]) for row in _lines("central.txt")]
    out += [("STEM_PLACE" if row[1:2] == ["place"] else "STEM", row[0]) for row in _lines("local_bodies.txt")]
    out += [("RANK", row[0]) for row in _lines("ranks.txt")]
    return out


class Gazetteer:
    """Finds gazetteer names in a Doc and merges them with the model's entities."""

    def __init__(self, nlp: Language, name: str = GAZETTEER_FACTORY) -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.entries: dict[str, _Entry] = {}
        for kind, text in _entries():
            for folded in (False, True):
                if folded and fold(text) == text:
                    continue
                pattern = nlp.make_doc(fold(text) if folded else text)
                caps = tuple(t.text[:1].isupper() for t in pattern if not t.is_space)
                key = f"{kind}|{int(folded)}|{len(self.entries)}"
                self.entries[key] = _Entry(kind, caps, folded)
                self.matcher.add(key, [pattern])

    def find(self, doc: Doc) -> list[Span]:
        """Gazetteer entities of `doc` (ORG grown over a following rank word and province)."""
        by_kind: dict[str, dict[int, int]] = {"LOC": {}, "ORG": {}, "STEM": {}, "STEM_PLACE": {}, "RANK": {}}
        strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            entry = self.entries[strings[match_id]]
            if not self._accept(doc, start, end, entry):
                continue
            table = by_kind[entry.kind]
            table[start] = max(table.get(start, start), end)  # longest name at each start
        spans: list[Span] = []
        for start, end in by_kind["LOC"].items():
            spans.append(Span(doc, start, end, label="LOC"))
        for start, end in by_kind["ORG"].items():
            spans.append(Span(doc, start, end, label="ORG"))
        for kind in ("STEM", "STEM_PLACE"):
            for start, end in by_kind[kind].items():
                grown = self._grow(end, by_kind["RANK"], by_kind["LOC"])
                if grown > end or kind == "STEM":
                    spans.append(Span(doc, start, grown, label="ORG"))
        return filter_spans(spans)

    @staticmethod
    def _grow(end: int, ranks: dict[int, int], locs: dict[int, int]) -> int:
        """Where an ORG stem ending at `end` ends once its rank word and province are added."""
        if end in ranks:
            end = ranks[end]
        if end in locs:
            end = locs[end]
        return end

    @staticmethod
    def _accept(doc: Doc, start: int, end: int, entry: _Entry) -> bool:
        words = [t for t in doc[start:end] if not t.is_space]
        if len(words) != len(entry.caps):
            return False
        for tok, cap in zip(words, entry.caps, strict=True):
            if cap and not tok.text[:1].isupper():
                return False
        if entry.folded:
            text = doc[start:end].text
            if fold(text) != text:
                return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc)
        doc.ents = merge_spans(trim_overlong(doc, list(doc.ents), found), found)
        return doc


# Words that may continue an ORG name after a known stem ("UBND các xã", "... về chuyển đổi số").
_CONTINUERS = frozenset(
    "các xã phường huyện quận thị cấp khu chi tỉnh thành tp tp. đặc và về của tại thuộc".split()
)


def trim_overlong(doc: Doc, model: list[Span], gazetteer: list[Span]) -> list[Span]:
    """Cut model ORG spans that run on past a known name into the sentence's verb phrase.

    The model sometimes keeps an ORG open over the lower-case words after it ("Sở
    Khoa học và Công nghệ nâng cấp hệ thống thông tin"). When a gazetteer ORG starts
    at the same token and what the model adds after it has no capitalised word, does
    not start with a word that continues names ("các xã", "về ..."), and is long (3+
    words) or holds a number, the span is cut back to the gazetteer name. On the
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
                and rest[0].norm_ not in _CONTINUERS
                and (len(rest) >= 3 or any(t.like_num for t in rest))
            ):
                span = Span(doc, g.start, g.end, label="ORG")
        out.append(span)
    return out


# Words that open a new clause after a comma; document titles go on with "tầm nhìn",
# "định hướng", "bổ sung", "chữa bệnh" ... instead.
_CLAUSE_OPENERS = frozenset(
    "đến trong theo tổng với nhằm qua sau khi từ tại ở đạt phấn bảo các cùng đồng góp giao yêu".split()
)


def _cut_doc(doc: Doc, span: Span, known: set[int]) -> Span:
    """Cut a model DOC span at a comma that starts a new clause.

    Titles contain commas ("Luật Khám bệnh, chữa bệnh"; "..., tầm nhìn đến năm
    2045"), so the model learnt to carry a DOC over them and sometimes runs into the
    sentence ("Luật Giáo dục, đến năm 2030 Hà Nội"). The span is cut before a comma
    followed by a clause-opening word or by a gazetteer name. No gold DOC span of
    the corpus is cut by this rule.
    """
    for i in range(span.start + 1, span.end - 1):
        if doc[i].text == "," and (
            doc[i + 1].norm_ in _CLAUSE_OPENERS or any(j in known for j in range(i + 1, span.end))
        ):
            return Span(doc, span.start, i, label=span.label_)
    return span


def merge_spans(model: Iterable[Span], gazetteer: Iterable[Span]) -> list[Span]:
    """Model and gazetteer entities, non-overlapping and sorted.

    The longer span wins an overlap (a gazetteer "UBND tỉnh Bắc Ninh" beats a model
    "Bắc Ninh"; a model "Trung tâm Dịch vụ việc làm tỉnh Thái Nguyên" beats a
    gazetteer "Thái Nguyên"); on an exact tie the model wins, because it saw the
    context ("Hồ Chí Minh" the person).
    """
    ranked = [(s, 0) for s in model] + [(s, 1) for s in gazetteer]
    ranked.sort(key=lambda p: (-(p[0].end - p[0].start), p[1], p[0].start))
    taken: set[int] = set()
    out: list[Span] = []
    for span, _ in ranked:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        out.append(span)
    return sorted(out, key=lambda s: s.start)


@Language.factory(GAZETTEER_FACTORY)
def make_gazetteer(nlp: Language, name: str) -> Gazetteer:
    """Pipeline component; its names are read from package data when the pipeline loads."""
    return Gazetteer(nlp, name)
