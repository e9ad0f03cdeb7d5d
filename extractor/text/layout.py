"""Layout: what each line of a document is, where paragraphs really break, and the section tree.

Decisions reach us as text extracted from PDF or Word: hard-wrapped lines, headings in capitals or in
`**bold**`, table cells one a line between `|` lines, signature blocks and recipient lists; news pages
carry captions, bylines and lists of related headlines. Normalisation turns `|` and `*` into spaces, so
this stage reads a *structural* copy of the normalised text (same length, those characters kept) and
says, line by line, what the layout is. From that it derives:

- `Layout.breaks`: line starts where a paragraph must begin although no blank line precedes it
  (a heading in capitals, a table row, a signature line), handed to `segment.paragraphs`;
- `Layout.furniture`: spans that are not the document's text (page furniture, signature, recipients),
  from which no target is taken;
- `sections`: for every paragraph, the headings it stands under (`["II. MỤC TIÊU", "2. Mục tiêu cụ
  thể", "b) Về y tế"]`), by marker type, so deadline, measure and agency can be inherited along the tree.

Offsets are those of the normalised text, so everything maps back to the caller's string.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractor.rules.lexicon import alternation, cue_forms, load_json
from extractor.text.normalize import Normalized, fold, normalize
from extractor.text.segment import Paragraph, paragraphs
from extractor.text.tables import Table, find_tables

_STRUCTURE_CHARS = regex.compile(r"[|*\t]")  # what normalisation turns into spaces and layout still reads
_BOLD_LINE = regex.compile(r"\s*\*\*[^*]{2,160}\*\*\s*")
_SPACES = regex.compile(r"\s+")


@lru_cache(maxsize=1)
def _marker_types() -> tuple[tuple[str, str], ...]:
    """Outline marker types, outermost first; the words of 'Phần II', 'Điều 5' are `outline_heads` of
    data/layout.json, whatever their case, with and without marks."""
    heads = load_json("layout.json")["outline_heads"]

    def words(slot: str) -> str:
        return alternation(cue_forms(heads[slot]) | cue_forms(heads[slot], folded=True))

    return (
        ("part", rf"(?i:{words('parts')})\s+[IVXLC\d]+\.?"),
        ("article", rf"(?i:{words('articles')})\s+\d+\.?"),
        ("roman", r"[IVXLC]{1,6}\."),
        ("num3", r"\d{1,2}\.\d{1,2}\.\d{1,2}\.?"),
        ("num2", r"\d{1,2}\.\d{1,2}\.?"),
        ("num1", r"\d{1,2}\."),
        ("paren", r"\(?\d{1,2}\)"),
        ("letter", r"\(?[a-zđ]\)"),
        ("dash", r"[-–—•·●○▪■◦>]"),
        ("plus", r"\+"),
    )


@lru_cache(maxsize=1)
def _marked() -> regex.Pattern[str]:
    """A line that opens with a numbered or worded outline marker (not a dash)."""
    return regex.compile(r"(?:" + "|".join(p for _, p in _marker_types()[:6]) + r")\s")


@lru_cache(maxsize=1)
def _type_res() -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """Each marker type's pattern, matched against a whole marker."""
    return tuple((name, regex.compile(rf"{pat}$")) for name, pat in _marker_types())


@dataclass(frozen=True)
class Layout:
    """The line-level facts of one normalised text."""

    breaks: frozenset[int]  # line starts where a new paragraph begins
    furniture: tuple[tuple[int, int], ...]  # sorted spans that are not the document's text
    caps_lines: frozenset[int]  # line starts of unmarked headings (capitals or a bold line alone)

    def is_furniture(self, pos: int) -> bool:
        i = bisect.bisect_right(self.furniture, (pos, float("inf"))) - 1
        return i >= 0 and self.furniture[i][0] <= pos < self.furniture[i][1]


@dataclass(frozen=True)
class Section:
    """Where a paragraph stands in the document's outline."""

    path: tuple[str, ...]  # titles of the headings above it, outermost first (itself last if a heading)
    heading: bool  # the paragraph is itself a heading
    level: int  # depth in the outline (0: top)
    parents: tuple[int, ...] = ()  # paragraph indices of the headings in `path`, in the same order


@lru_cache(maxsize=1)
def _words() -> dict[str, regex.Pattern[str]]:
    data = load_json("layout.json")

    def line_start(key: str) -> regex.Pattern[str]:
        forms = cue_forms(data[key], lower=True) | cue_forms(data[key], folded=True)
        return regex.compile(rf"^\s*(?:{alternation(forms)})(?![\p{{L}}\d])")

    return {
        "signature": regex.compile(rf"^\s*(?:{alternation(data['signature_marks'], escape=True)})\s*\p{{Lu}}"),
        "recipients": line_start("recipients_heads"),
        "furniture": line_start("furniture_heads"),
        "annex": line_start("annex_heads"),
        "implementation": regex.compile(
            rf"(?<![\p{{L}}])(?:{alternation(cue_forms(data['implementation_titles'], folded=True))})(?![\p{{L}}])"
        ),
    }


def structural(n: Normalized) -> str:
    """The normalised text with the table pipes, tabs and emphasis stars that normalisation blanked put
    back, at the same length, so that the layout can see table rows and bold headings."""
    orig = n.original
    chars = list(n.norm)
    if n.offsets is None:
        for m in _STRUCTURE_CHARS.finditer(orig):
            chars[m.start()] = m.group(0)
        return "".join(chars)
    offsets = n.offsets
    for m in _STRUCTURE_CHARS.finditer(orig):
        i = bisect.bisect_left(offsets, m.start(), 0, len(chars))
        if i < len(chars) and offsets[i] == m.start():
            chars[i] = m.group(0)
    return "".join(chars)


def _is_caps_heading(body: str) -> bool:
    """A short line of several words, all its letters capitals (the length test first: most lines are long)."""
    if len(body) > 160 or " " not in body.strip():
        return False
    letters = "".join(filter(str.isalpha, body))
    return 4 <= len(letters) and not any(map(str.islower, letters))


def analyse_layout(struct: str) -> Layout:
    """Classify each line of the structural text (see `structural`)."""
    w = _words()
    breaks: set[int] = set()
    caps: set[int] = set()
    furniture: list[tuple[int, int]] = []
    pos = 0
    tail_from: int | None = None  # the signature block or recipient list runs to the end
    prev_caps = False  # a heading in capitals wrapped over two lines is one heading
    annexes: list[int] = []
    for line in struct.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        plain = line.replace("*", " ").replace("|", " ").strip()
        if not plain:
            prev_caps = False
            continue
        if "|" in line or "\t" in line:
            breaks.add(start)
        bold_alone = _BOLD_LINE.fullmatch(line) is not None
        is_caps = _is_caps_heading(plain) or bold_alone
        if is_caps:
            if prev_caps and not _marked().match(plain):
                breaks.discard(start)  # the second line of a wrapped heading
            else:
                breaks.add(start)
                caps.add(start)
            breaks.add(end + 1)
        prev_caps = is_caps
        low = plain.lower()
        bare = fold(low)  # once a line: the three cues below read it
        if w["annex"].match(low) or w["annex"].match(bare):
            annexes.append(start)
        if tail_from is None and (w["signature"].match(plain) or w["recipients"].match(low)
                                  or w["recipients"].match(bare)):
            tail_from = start
        if w["furniture"].match(low) or w["furniture"].match(bare):
            furniture.append((start, end))
            breaks.add(start)
            breaks.add(end + 1)
    if tail_from is not None and tail_from > len(struct) // 2:
        # The signature and recipients run to the end of the decision, or to its annex (PHỤ LỤC and its tables).
        annex = [a for a in annexes if a > tail_from]
        furniture.append((tail_from, annex[0] if annex else len(struct)))
    furniture += _headline_lists(struct)
    return Layout(frozenset(breaks), tuple(sorted(furniture)), frozenset(caps))


_BULLET_ALONE = regex.compile(r"\s*[-•·●▪]\s*")
_BULLET_ITEM = regex.compile(r"\s*[-•·●▪]\s+(?P<text>\S.*)")


def _headline_lists(struct: str) -> list[tuple[int, int]]:
    """Lists of other articles' headlines around a news article ('Tin liên quan' without its heading): three
    or more bullet items, each a short line with no closing punctuation, before the article's first long
    paragraph or after its last. A plan's bullet items end with ';' or '.' or stand inside the body."""
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in struct.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    long_lines = [i for i, (_, _, ln) in enumerate(lines) if len(ln.strip()) >= 200]
    if not long_lines:
        return []
    first, last = long_lines[0], long_lines[-1]
    out: list[tuple[int, int]] = []
    run: list[int] = []  # line indices of the current run's items
    i = 0

    def close() -> None:
        if len(run) >= 3 and (run[-1] < first or run[0] > last):
            out.append((lines[run[0]][0], lines[run[-1]][1]))
        run.clear()

    while i < len(lines):
        text = lines[i][2]
        item = None
        if _BULLET_ALONE.fullmatch(text) and i + 1 < len(lines):
            item, i = lines[i + 1][2].strip(), i + 1
        elif _BULLET_ITEM.fullmatch(text):
            item = _BULLET_ITEM.fullmatch(text).group("text").strip()
        if item is not None and 8 <= len(item) <= 130 and not item.endswith((".", ";", ":", ",")):
            run.append(i)
        elif text.strip():
            close()
        i += 1
    close()
    return out


def marker_type(marker: str) -> str | None:
    """The kind of list marker ('roman', 'num1', 'letter', 'dash' …), or None for none."""
    for name, rx in _type_res():
        if rx.match(marker):
            return name
    return None


def _title(norm: str, p: Paragraph) -> str:
    text = _SPACES.sub(" ", norm[p.start:p.end]).strip(" :;.")
    return text[:120]


def _heading_kind(norm: str, p: Paragraph, layout: Layout) -> str | None:
    """The marker type of a heading paragraph, 'caps' for an unmarked one, None for a paragraph of text."""
    text = norm[p.body:p.end]
    if not text.strip():
        return None
    kind = marker_type(p.marker) if p.marker else None
    if kind is None:
        return "caps" if p.start in layout.caps_lines or _line_start(norm, p.start) in layout.caps_lines else None
    body = _SPACES.sub(" ", text).strip()  # only a marked paragraph's length and end are read
    if kind in ("dash", "plus"):
        return kind if body.endswith(":") and len(body) <= 160 else None
    if body.endswith(":") and len(body) <= 200:
        return kind
    if len(body) > 100 or body.endswith(";") or "%" in body:
        return None
    if body.endswith(".") and len(body) > 60:
        return None
    return kind


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def sections(norm: str, paras: list[Paragraph], layout: Layout) -> list[Section]:
    """The outline position of every paragraph. Heading levels come from the order marker types nest in
    this document (a stack: a marker type already open closes everything below it), as a reader infers
    them; an annex (PHỤ LỤC) starts a new outline."""
    w = _words()
    stack: list[tuple[str, str, int]] = []  # (marker type, title, paragraph index)
    out: list[Section] = []
    for i, p in enumerate(paras):
        kind = _heading_kind(norm, p, layout)
        if kind is None:
            out.append(Section(tuple(t for _, t, _ in stack), False, len(stack), tuple(j for _, _, j in stack)))
            continue
        title = _title(norm, p)
        low = title.lower()
        if w["annex"].match(low) or w["annex"].match(fold(low)):
            stack = []
        types = [k for k, _, _ in stack]
        if kind == "caps" and stack and stack[-1][0] != "caps":
            pass  # an unmarked heading in capitals under a numbered one is its child
        elif kind in types:
            del stack[types.index(kind):]
        stack.append((kind, title, i))
        out.append(Section(tuple(t for _, t, _ in stack), True, len(stack) - 1, tuple(j for _, _, j in stack)))
    return out


def implementation_ranges(norm: str, paras: list[Paragraph], secs: list[Section]) -> list[tuple[int, int]]:
    """Paragraph index ranges [i, j) of the sections titled 'Tổ chức thực hiện' (who carries out what)."""
    w = _words()
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(paras):
        s = secs[i]
        if s.heading and w["implementation"].search(fold(s.path[-1].lower())) and len(s.path[-1]) <= 60:
            j = i + 1
            while j < len(paras) and not (secs[j].heading and secs[j].level <= s.level):
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


# A text as the later stages read it: normalised, its structural twin, its layout and its paragraphs.
Lines = tuple[Normalized, str, Layout, list[Paragraph]]


def lines(text: str) -> Lines:
    """`text` normalised, its structural copy (table bars and bold marks kept), its layout and its paragraphs."""
    n = normalize(text)
    struct = structural(n)
    lay = analyse_layout(struct)
    return n, struct, lay, paragraphs(n.norm, lay.breaks)


@dataclass(frozen=True)
class Outline:
    """The structure of a document as a reader sees it: its headings with their depth, and its tables."""

    headings: tuple[tuple[int, str, int], ...]  # (depth, title, offset in the normalised text)
    tables: tuple[Table, ...]  # offsets in the normalised text


def outline(text: str) -> Outline:
    """Headings and tables of `text`, for showing the structure the extractor read (`vnpolicy show`)."""
    n, struct, lay, paras = lines(text)
    secs = sections(n.norm, paras, lay)
    heads = tuple((s.level, s.path[-1], p.start) for p, s in zip(paras, secs, strict=True) if s.heading)
    return Outline(heads, tuple(find_tables(struct)))
