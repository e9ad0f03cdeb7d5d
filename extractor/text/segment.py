"""Paragraphs, sentences and clauses, as spans of the normalised text.

Decisions arrive hard-wrapped (a sentence broken over lines), news as one
paragraph a line; both carry list items (`a)`, `-`, `1.`, `Điều 2.`). A
paragraph is lines up to a blank line or the next list item; a sentence ends at
. ! ? before a capital (not after TP., ThS. …); a clause ends at a semicolon.
Spans never leave the text, so every later offset maps back to the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.rules.lexicon import alternation, lexicon, load_json
from extractor.text.normalize import fold

_SEMICOLON = regex.compile(";")


@lru_cache(maxsize=1)
def _marker() -> regex.Pattern[str]:
    """A list marker at a line's start: a bullet, 'a)', '(1)', '1.2.', 'II.', 'Điều 2', 'Chương III'. The words
    are `outline_heads` of data/layout.json, as written and in capitals; an article's also without marks."""
    heads = load_json("layout.json")["outline_heads"]
    articles = alternation({f for w in heads["articles"] for f in (w, w.upper(), fold(w), fold(w).upper())})
    parts = alternation({f for w in heads["parts"] for f in (w, w.upper())})
    return regex.compile(
        r"^[ \t]*(?:[-+•·●○▪■◦–—>]+|\(?[a-zđ]\)|\(?\d{1,2}\)|\d{1,2}(?:\.\d{1,2})*\.(?!\d)|[IVXLC]{1,6}\.|"
        rf"(?:{articles})\s+\d+\.?|(?:{parts})\s+[IVXLC\d]+\.?)(?=\s)"
    )


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    body: int  # where the text starts after a list marker
    marker: str  # the list marker ('a)', '-', '1.', 'II.', 'Điều 2') or ''


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    para: int


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    sent: int


def paragraphs(text: str, breaks: frozenset[int] = frozenset()) -> list[Paragraph]:
    """Blank lines and list markers end a paragraph; single newlines inside one are wraps. `breaks` are
    line starts where the layout stage saw a new unit begin (a heading in capitals, a table row)."""
    out: list[Paragraph] = []
    start = None
    body = 0
    marker = ""
    pos = 0
    for line in text.split("\n"):
        lstart, lend = pos, pos + len(line)
        pos = lend + 1
        stripped = line.strip()
        m = _marker().match(line) if stripped else None
        if not stripped or m or lstart in breaks:
            if start is not None:
                out.append(_para(text, start, lstart - 1, body, marker))
                start = None
            if not stripped:
                continue
        if start is None:
            start = lstart
            marker = m.group(0).strip() if m else ""
            body = lstart + m.end() if m else lstart
    if start is not None:
        out.append(_para(text, start, len(text), body, marker))
    return [p for p in out if p.end > p.body]


def _para(text: str, start: int, end: int, body: int, marker: str) -> Paragraph:
    while end > start and text[end - 1].isspace():
        end -= 1
    while body < end and text[body].isspace():
        body += 1
    while start < body and text[start].isspace():
        start += 1
    return Paragraph(start, end, body, marker)


@lru_cache(maxsize=1)
def _sentence_end() -> regex.Pattern[str]:
    abbrevs = lexicon()["abbreviations_with_dot"]
    alt = alternation(a.rstrip(".") for a in abbrevs)
    # End of sentence: . ! ? … (and closing quotes) then space, then something that starts a sentence.
    return regex.compile(
        r"(?<!\b(?:" + alt + r"))(?<!\b\p{Lu})[.!?…]+[\"'”)]*(?=\s+[\"'“(]?[\p{Lu}\d])"
    )


def sentences(text: str, paras: list[Paragraph]) -> list[Sentence]:
    """Sentences of each paragraph (from its body, the list marker left out)."""
    end_re = _sentence_end()
    out: list[Sentence] = []
    for i, p in enumerate(paras):
        s = p.body
        for m in end_re.finditer(text, p.body, p.end):
            e = m.end()
            out.append(Sentence(s, e, i))
            s = e
            while s < p.end and text[s].isspace():
                s += 1
        if s < p.end:
            out.append(Sentence(s, p.end, i))
    return out


def clauses(text: str, sents: list[Sentence]) -> list[Clause]:
    """Semicolon-separated clauses of each sentence, with the semicolon kept on the left part."""
    out: list[Clause] = []
    for i, st in enumerate(sents):
        s = st.start
        for m in _SEMICOLON.finditer(text[st.start:st.end]):
            e = st.start + m.end()
            if text[s:e].strip(" ;"):
                out.append(Clause(s, e, i))
            s = e
            while s < st.end and text[s].isspace():
                s += 1
        if text[s:st.end].strip():
            out.append(Clause(s, st.end, i))
    return out
