"""The one merge of rule and model entity spans, each keeping the name of the recogniser that found it."""

from __future__ import annotations

import bisect
from functools import lru_cache

import regex

from extractor.models import DocumentRef, Entity
from extractor.rules import agencies, documents
from extractor.rules.lexicon import load_json
from extractor.text.normalize import Normalized
from extractor.text.spans import inside


def merge_orgs(rule: list[tuple[int, int]], model: list[tuple[int, int]],
                masked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rule spans win where both found a body; the model adds the names the rules do not know."""
    taken = sorted(rule)
    starts = [a for a, _ in taken]
    out = list(rule)
    for s, e in model:
        i = bisect.bisect_left(starts, e)
        if (i > 0 and taken[i - 1][1] > s) or inside(masked, s, e):
            continue  # overlaps a rule span (sorted, non-overlapping: only the one before e can) or a date/number
        out.append((s, e))
    return sorted(out)


_KIND_START = regex.compile(
    r"(?:Luật|Bộ luật|Chiến lược|Chương trình|Đề án|Quy hoạch|Kế hoạch|Nghị quyết|Quyết định|Nghị định|"
    r"Thông tư|Chỉ thị|Kết luận|Công văn|Thông báo|Hiệp định|Công ước)\s"
)


@lru_cache(maxsize=1)
def _org_head_re() -> regex.Pattern[str]:
    heads = load_json("agencies.json")["org_heads"] + ["Sở", "Bộ"]
    return regex.compile(
        "(?:" + "|".join(regex.escape(h) for h in sorted(heads, key=lambda w: (-len(w), w))) + r")(?!\p{L})"
    )


_GEO_LOWER = {"sông", "châu", "bằng", "biển", "miền", "vùng", "núi", "vịnh", "đảo", "quần", "và", "-", "–"}


def plausible(span: str, label: str) -> bool:
    """Model spans the record keeps: not a bare head word, not a header motto, a document titled by its kind."""
    words = span.split()
    if not words or len(words) > 20:
        return False
    if label == "ORG":
        if len(words) < 2 and not regex.fullmatch(r"\p{Lu}{2,}[\p{Lu}\d&-]*", span):
            return False  # "Hội", "Sở": a head without its name
        if not span[:1].isupper() or (
            sum(w[:1].isupper() for w in words) * 3 < len(words) and not _org_head_re().match(span)
        ):
            return False  # "kèm theo", "hướng dẫn và huy động …": no name
    if label == "LOC" and (
        regex.match(r"(?i)(?:cộng hòa|cộng hoà|độc lập|thứ|chủ nhật)", span) or regex.search(r"\d", span)
        or len(words) < 2 or span.isupper()
        or any(not w[:1].isupper() and w not in _GEO_LOWER for w in words) or not span[:1].isupper()
        or len(span) < 3
    ):
        return False  # a place's name is capitalised ("Hồ Chí Minh", "châu Á" is the rules' job)
    if label == "DOC" and not (_KIND_START.match(span + " ") and len(words) <= 15 and (
            regex.search(r"\d", span) or regex.match(r"(?:Bộ luật|Luật)\s+\p{Lu}", span))):
        return False  # a numbered document or a named law; a programme's title alone is too loose to keep
    return True


def entities(n: Normalized, orgs: list[tuple[int, int]], places: list[agencies.Place],
              refs: list[documents.DocRef], model_spans: list[tuple[int, int, str]], by: int = 0) -> list[Entity]:
    """ORG, LOC, PER and DOC spans with original offsets; a place inside a body's name is a LOC too."""
    items: dict[tuple[int, int, str], str] = {}
    for s, e in orgs:
        items[(s, e, "ORG")] = "rules"
    for p in places:
        items[(p.start, p.end, "LOC")] = "rules"
    for r in refs:
        if r.cited:
            items[(r.start, r.end, "DOC")] = "rules"
    by_label: dict[str, list[tuple[int, int]]] = {}
    for s, e, lab in sorted(items):
        by_label.setdefault(lab, []).append((s, e))
    for s, e, lab in model_spans:
        if lab not in ("ORG", "LOC", "PER", "DOC") or (s, e, lab) in items or not plausible(n.norm[s:e], lab):
            continue
        same = by_label.get(lab, [])
        i = bisect.bisect_left(same, (e, e))
        if i > 0 and same[i - 1][1] > s:
            continue  # the rules already have a span of this label here
        items[(s, e, lab)] = "model"
    out = []
    for (s, e, lab), src in sorted(items.items()):
        text, os_, oe = n.orig_span(s, e)
        if text:
            out.append(Entity(text=text, label=lab, start=os_ + by, end=oe + by, source=src))  # type: ignore[arg-type]
    return out


def doc_ref(n: Normalized, r: documents.DocRef, by: int = 0) -> DocumentRef:
    text, s, e = n.orig_span(r.start, r.end)
    return DocumentRef(text=text, kind=r.kind, number=r.number, date=r.date, start=s + by, end=e + by)
