"""An HTML page for checking one document's extraction by eye.

Reviewing targets means reading them *in their sentence*: the page puts a
summary table of the targets on top and the full text below, with every
target's evidence highlighted (hover for value, deadline, agency; a `T1`
label links table and text) and every named entity marked with its label.

The page is self-contained (inline CSS, no scripts) and every piece of text
from the document or the record goes through `html.escape`, so a crawled page
full of markup is shown as text, never executed. Spans are rendered by cutting
the text at every span boundary and wrapping each piece in the marks active
over it, which stays valid HTML however evidence and entities overlap.
"""

from __future__ import annotations

import heapq
import html
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

_CSS = """
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2em auto;
       max-width: 72em; padding: 0 1em; color: #222; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
.text { white-space: pre-wrap; border: 1px solid #ddd; padding: 1em; background: #fcfcfc; }
mark.ev { background: #fff1a8; border-bottom: 2px solid #e0b400; padding: 0.05em 0; }
mark.ev.c1 { background: #d9f2ff; border-color: #3aa0d8; }
mark.ev.c2 { background: #e5f8d8; border-color: #5aae3a; }
mark.ev.c3 { background: #fde0ef; border-color: #d0508f; }
sup.ev-label { font-size: 0.7em; font-weight: 700; color: #7a5a00; margin-left: 0.1em; }
sup.ev-label a { color: inherit; text-decoration: none; }
span.ent { border-radius: 0.25em; padding: 0 0.15em; box-shadow: inset 0 -0.15em 0 rgba(0,0,0,0.25); }
span.ent-ORG { background: #c8e0ff; } span.ent-LOC { background: #ffd8b0; }
span.ent-PER { background: #e8d0ff; } span.ent-DOC { background: #d4f0d4; }
span.ent-other { background: #e0e0e0; }
sub.ent-label { font-size: 0.65em; font-weight: 700; color: #444; margin-left: 0.15em; }
.error { border: 2px solid #c33; background: #fee; padding: 0.8em; }
.note { color: #a33; font-size: 0.85em; }
.legend span { margin-right: 1em; }
"""

_ENT_LABELS = ("ORG", "LOC", "PER", "DOC")


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _num(x: Any) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        x = int(x)
    if isinstance(x, int):
        return f"{x:,}".replace(",", ".")  # Vietnamese thousands dot
    return str(x).replace(".", ",") if isinstance(x, float) else str(x)


def format_value(value: Mapping[str, Any] | None) -> str:
    """'800 doanh nghiệp', '8 – 9 %', as a reader would write it (Vietnamese number style)."""
    if not value:
        return ""
    low, high = value.get("low"), value.get("high")
    number = _num(low) if low == high else f"{_num(low)} – {_num(high)}"
    unit = value.get("unit")
    return f"{number} {unit}" if unit else number


def format_deadline(deadline: Mapping[str, Any] | None) -> str:
    """'2025', 'annual to 2025', or ''."""
    if not deadline:
        return ""
    year = deadline.get("year")
    if deadline.get("recurring"):
        return f"{deadline['recurring']}" + (f" to {year}" if year else "")
    return "" if year is None else str(year)


@dataclass
class _Span:
    start: int
    end: int
    kind: str  # "ev" or "ent"
    label: str  # target ids ("T1 T2") or entity label
    title: str
    klass: str
    anchors: list[str] = field(default_factory=list)


def _locate(text: str, span_text: str | None, start: Any, end: Any) -> tuple[int, int] | None:
    """Where a span is in the text: its offsets if they fit, else the text's first occurrence, else None."""
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text):
        if span_text is None or text[start:end] == span_text:
            return start, end
    if span_text:
        i = text.find(span_text)
        if i >= 0:
            return i, i + len(span_text)
    return None


def _record_dict(record: Any) -> dict[str, Any]:
    if isinstance(record, BaseModel):
        return record.model_dump(mode="json")
    if isinstance(record, Mapping):
        return dict(record)
    raise TypeError(f"expected a Document or a record dict, not {type(record).__name__}")


def _target_title(i: int, t: Mapping[str, Any]) -> str:
    parts = [f"T{i}: {format_value(t.get('value'))}"]
    qualifier = (t.get("value") or {}).get("qualifier")
    if qualifier and qualifier != "exact":
        parts[0] += f" ({qualifier})"
    if t.get("metric"):
        parts.append(str(t["metric"]))
    deadline = format_deadline(t.get("deadline"))
    if deadline:
        parts.append(f"deadline {deadline}")
    if t.get("agency"):
        parts.append(f"agency {t['agency']}")
    if t.get("location"):
        parts.append(f"location {t['location']}")
    return " · ".join(parts)


def _collect_spans(text: str, rec: Mapping[str, Any]) -> tuple[list[_Span], dict[int, bool]]:
    """Evidence spans (targets sharing one evidence merged) and entity spans; which targets were found."""
    spans: list[_Span] = []
    found: dict[int, bool] = {}
    by_range: dict[tuple[int, int], _Span] = {}
    for i, t in enumerate(rec.get("targets") or [], start=1):
        ev = t.get("evidence") or {}
        where = _locate(text, ev.get("text"), ev.get("start"), ev.get("end"))
        found[i] = where is not None and where[0] < where[1]
        if not found[i]:
            continue
        assert where is not None
        title = _target_title(i, t)
        if where in by_range:
            s = by_range[where]
            s.label += f" T{i}"
            s.title += "\n" + title
            s.anchors.append(f"t{i}")
        else:
            s = _Span(where[0], where[1], "ev", f"T{i}", title, f"c{len(by_range) % 4}", [f"t{i}"])
            by_range[where] = s
            spans.append(s)
    for e in rec.get("entities") or []:
        where = _locate(text, e.get("text"), e.get("start"), e.get("end"))
        if where is None or where[0] >= where[1]:
            continue
        label = str(e.get("label") or "?")
        klass = f"ent-{label}" if label in _ENT_LABELS else "ent-other"
        source = f" ({e['source']})" if e.get("source") else ""
        spans.append(_Span(where[0], where[1], "ent", label, f"{label}{source}", klass))
    return spans, found


def render_text(text: str, spans: Sequence[_Span]) -> str:
    """The text as escaped HTML with evidence marks and entity labels, properly nested.

    Spans are opened in order of start (longer first, evidence outside an
    entity of the same extent); a span that crosses the end of the one it sits
    in is cut there and continues after it, so the tags always nest. Labels go
    after a span's last piece, anchors before its first.
    """
    rank = {"ev": 0, "ent": 1}
    heap: list[tuple[int, int, int, int, _Span, bool]] = []
    for seq, sp in enumerate(spans):
        if sp.start < sp.end:
            heapq.heappush(heap, (sp.start, -sp.end, rank[sp.kind], seq, sp, True))
    out: list[str] = []
    stack: list[tuple[_Span, int]] = []  # (span, end of this piece)
    pos = 0

    def close_top() -> None:
        nonlocal pos
        sp, piece_end = stack.pop()
        out.append(_esc(text[pos:piece_end]))
        pos = piece_end
        if sp.kind == "ent":
            out.append("</span>")
            if piece_end == sp.end:
                out.append(f'<sub class="ent-label">{_esc(sp.label)}</sub>')
        else:
            out.append("</mark>")
            if piece_end == sp.end:
                links = " ".join(f'<a href="#row-{_esc(x)}">{_esc(x.upper())}</a>' for x in sp.anchors)
                out.append(f'<sup class="ev-label">{links}</sup>')

    while heap:
        start, neg_end, r, seq, sp, first = heapq.heappop(heap)
        while stack and stack[-1][1] <= start:
            close_top()
        end = -neg_end
        if stack and end > stack[-1][1]:  # crosses its parent: this piece stops there, the rest follows
            cut = stack[-1][1]
            heapq.heappush(heap, (cut, -end, r, seq, sp, False))
            end = cut
        out.append(_esc(text[pos:start]))
        pos = start
        if sp.kind == "ent":
            out.append(f'<span class="ent {sp.klass}" title="{_esc(sp.title)}">')
        else:
            if first:
                out.extend(f'<a id="{_esc(anchor)}"></a>' for anchor in sp.anchors)
            out.append(f'<mark class="ev {sp.klass}" title="{_esc(sp.title)}">')
        stack.append((sp, end))
    while stack:
        close_top()
    out.append(_esc(text[pos:]))
    return "".join(out)


def _meta(rec: Mapping[str, Any]) -> str:
    rows = [("doc_id", rec.get("doc_id"))]
    if rec.get("issuer"):
        rows.append(("issuer", rec["issuer"]))
    period = rec.get("period") or {}
    if period.get("start") or period.get("end"):
        rows.append(("period", f"{period.get('start') or '?'} – {period.get('end') or '?'}"))
    docs = [d.get("text") or d.get("number") for d in rec.get("documents") or [] if isinstance(d, Mapping)]
    if docs:
        rows.append(("documents", "; ".join(str(d) for d in docs if d)))
    rows.append(("targets", len(rec.get("targets") or [])))
    rows.append(("entities", len(rec.get("entities") or [])))
    items = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in rows)
    return f'<dl class="meta">{items}</dl>'


def _table(rec: Mapping[str, Any], found: Mapping[int, bool]) -> str:
    targets = rec.get("targets") or []
    if not targets:
        return "<p>No targets were extracted from this document.</p>"
    head = "".join(f"<th>{h}</th>" for h in ("#", "entity", "metric", "value", "qualifier", "deadline",
                                             "agency", "agency from", "section", "location"))
    rows = []
    for i, t in enumerate(targets, start=1):
        value = t.get("value") or {}
        if found.get(i):
            ref = f'<a href="#t{i}">T{i}</a>'
        else:
            ref = f'T{i} <span class="note">(evidence not in text)</span>'
        cells = [_esc(t.get("entity")), _esc(t.get("metric")), _esc(format_value(value)),
                 _esc(value.get("qualifier")), _esc(format_deadline(t.get("deadline"))),
                 _esc(t.get("agency")), _esc(t.get("agency_source")),
                 _esc(" › ".join(t.get("section") or [])), _esc(t.get("location"))]
        rows.append(f'<tr id="row-t{i}"><td>{ref}</td>' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _structure(text: str) -> str:
    """The outline the extractor read: headings indented by depth, each table framed cell by cell with the
    role the extractor gave each column."""
    from extractor.text.layout import outline

    found = outline(text)
    parts = ["<h2>Structure</h2>"]
    if found.headings:
        items = "".join(f'<li style="margin-left:{1.5 * depth:.1f}em">{_esc(title)}</li>'
                        for depth, title, _ in found.headings)
        parts.append(f'<ul class="outline">{items}</ul>')
    else:
        parts.append("<p>No headings were found.</p>")
    for k, table in enumerate(found.tables, start=1):
        head = "".join(f"<th>{_esc(c.header)}<br><small>{_esc(c.role)}{' ' + str(c.year) if c.year else ''}"
                       f"</small></th>" for c in table.columns)
        rows = "".join("<tr>" + "".join(f"<td>{_esc(c.text if c else '')}</td>" for c in r.cells) + "</tr>"
                       for r in table.rows)
        parts.append(f"<h3>Table {k} ({_esc(table.form)})</h3><table><thead><tr>{head}</tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
    return "\n".join(parts)


def render_review(text: str, record: Any) -> str:
    """The whole review page for one document's text and its record (Document, dict or error record)."""
    rec = _record_dict(record)
    title = f"Review: {rec.get('doc_id', '')}"
    parts = ["<!DOCTYPE html>", '<html lang="vi"><head><meta charset="utf-8">',
             f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>", f"<h1>{_esc(title)}</h1>"]
    error = rec.get("error")
    if error:
        etype = error.get("type") if isinstance(error, Mapping) else "Error"
        emsg = error.get("message") if isinstance(error, Mapping) else error
        parts.append(f'<div class="error"><strong>{_esc(etype)}</strong>: {_esc(emsg)}</div>')
        spans: list[_Span] = []
        found: dict[int, bool] = {}
    else:
        spans, found = _collect_spans(text, rec)
        parts.append(_meta(rec))
        parts.append("<h2>Targets</h2>")
        parts.append(_table(rec, found))
        parts.append(_structure(text))
    legend = "".join(f'<span><span class="ent ent-{lab}">{lab}</span></span>' for lab in _ENT_LABELS)
    parts.append(f'<h2>Text</h2><p class="legend"><mark class="ev">evidence</mark> {legend}</p>')
    parts.append(f'<div class="text">{render_text(text, spans)}</div>')
    parts.append("</body></html>")
    return "\n".join(parts)


def write_review(path: str | os.PathLike[str], text: str, record: Any) -> Path:
    """Write the review page for `text` and its record to `path` (UTF-8)."""
    p = Path(path)
    p.write_text(render_review(text, record), encoding="utf-8")
    return p
