"""Target assembly: which numbers are aims, and what each one measures.

Input is the analysed document (`Analysis`: normalised text, segments,
quantities, deadlines, bodies, places); output is `Target` records with their
evidence in original offsets. Each decision is a small function:
`is_target_value` (aim or history, value or a number inside a name),
`metric_of`, `entity_of`, `deadline_of`, `agency_of`, `location_of`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from extractor.models import Deadline, Span, Target, Value
from extractor.rules.dates import Deadline as DeadlineSpan
from extractor.rules.lexicon import alternation, cue_forms, lexicon, load_json
from extractor.rules.numbers import Quantity
from extractor.text import wordseg
from extractor.text.normalize import Normalized, fold
from extractor.text.segment import Clause, Paragraph, Sentence
from extractor.text.spans import between, overlaps


@dataclass
class Analysis:
    """Everything the target stage reads, all spans in normalised-text offsets."""

    norm: Normalized
    match_text: str  # lower-cased normalised text, folded when the document has no diacritics
    folded: bool
    paras: list[Paragraph]
    sents: list[Sentence]
    clauses: list[Clause]
    quantities: list[Quantity]
    deadlines: list[DeadlineSpan]
    masked: list[tuple[int, int]]  # dates, document numbers, periods: never a value
    orgs: list[tuple[int, int]]
    places: list[tuple[int, int, str]]
    issuer: str | None = None
    in_charge: str | None = None
    location: str | None = None
    period_end: int | None = None
    doc_year: int | None = None
    title_year: int | None = None  # a deadline the headline states ("… đến năm 2030")
    latest_date_year: int | None = None  # the latest year of a full calendar date in the text
    headings: dict[int, str | None] = field(default_factory=dict)  # paragraph → body named by its heading
    sections: list[tuple[str, ...]] = field(default_factory=list)  # paragraph → the headings above it
    rows: list[tuple[int, int, str]] = field(default_factory=list)  # table rows (start, end, lead body), sorted

    def __post_init__(self) -> None:
        # Sorted start offsets, so that every "what lies in [s, e)?" is a binary search: a sentence with
        # thousands of values (a table flattened into one line) stays linear, not cubic.
        self._d_starts = [d.start for d in self.deadlines]
        self._q_starts = [q.num_start for q in self.quantities]
        self._o_starts = [s for s, _ in self.orgs]
        self._p_starts = [p[0] for p in self.places]
        merged: list[tuple[int, int]] = []
        for a, b in sorted(self.masked):
            if merged and a < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        self._masked = merged
        self._m_starts = [a for a, _ in merged]
        self._r_starts = [r[0] for r in self.rows]

    def row_agency(self, pos: int) -> str | None:
        """The lead body of the table row that holds `pos`, if the table names one."""
        i = bisect.bisect_right(self._r_starts, pos) - 1
        return self.rows[i][2] if i >= 0 and self.rows[i][0] <= pos < self.rows[i][1] else None

    def deadlines_in(self, s: int, e: int) -> list[DeadlineSpan]:
        """Deadlines that start in [s, e), in order."""
        lo, hi = between(self._d_starts, s, e)
        return self.deadlines[lo:hi]

    def quantities_in(self, s: int, e: int) -> list[Quantity]:
        lo, hi = between(self._q_starts, s, e)
        return self.quantities[lo:hi]

    def orgs_in(self, s: int, e: int) -> list[tuple[int, int]]:
        lo, hi = between(self._o_starts, s, e)
        return self.orgs[lo:hi]

    def places_in(self, s: int, e: int) -> list[tuple[int, int, str]]:
        lo, hi = between(self._p_starts, s, e)
        return self.places[lo:hi]

    def is_masked(self, s: int, e: int) -> bool:
        """Whether [s, e) touches a date, a document number or a period."""
        return overlaps(self._masked, self._m_starts, s, e)


@dataclass(frozen=True)
class _Words:
    lead_in: regex.Pattern[str]
    cut: regex.Pattern[str]
    tail: regex.Pattern[str]
    measure: regex.Pattern[str]
    growth_before: regex.Pattern[str]
    decrease_before: regex.Pattern[str]
    history: regex.Pattern[str]
    target: regex.Pattern[str]
    means: regex.Pattern[str]
    annual: regex.Pattern[str]
    introducer: regex.Pattern[str]
    baseline_before: regex.Pattern[str]
    national: regex.Pattern[str]
    subject_verbs: regex.Pattern[str]
    growth_head: regex.Pattern[str]
    growth_filler: regex.Pattern[str]
    rank_before: regex.Pattern[str]
    assigned_after: regex.Pattern[str]
    next_predicate: regex.Pattern[str]


def _alt(words: list[str], folded: bool) -> str:
    return alternation(cue_forms(words, folded))


@lru_cache(maxsize=2)
def words(folded: bool) -> _Words:
    """The lexicon's cue lists compiled for one mode (with or without diacritics)."""
    lx = lexicon()
    a = lambda k: _alt(lx[k], folded)  # noqa: E731
    b, e = r"(?<![\p{L}\d])", r"(?![\p{L}\d])"
    f = (lambda s: fold(s)) if folded else (lambda s: s)
    return _Words(
        lead_in=regex.compile(rf"^(?:[\s,:;.\-+•–]|{b}(?:{a('lead_ins')}){e})+"),
        cut=regex.compile(
            f(r"(?:đặt (?:ra )?mục tiêu|đề ra mục tiêu|mục tiêu cụ thể|mục tiêu|chỉ tiêu|phấn đấu|hướng tới|"
              r"hướng đến|kỳ vọng|dự kiến|cụ thể là|cụ thể|trong đó|theo đó|như sau|sau đây)")
            + r"\s*:?|:"
        ),
        tail=regex.compile(
            rf"(?:[\s,:;.\-]|{b}(?:{a('entity_stop_tail')}|{a('value_verbs')}|{_alt(_qual_words(), folded)}|"
            + f(r"phấn đấu|sẽ|phải|được|cần|là|thuộc|ở|xuống|lên|còn|thấp|cao|nhất|"
                r"tổng cộng|khoảng|ước|toàn|tỉnh|thành phố|có")
            + rf"){e}"
            rf"|{b}(?:19|20)\d\d{e})+$"
        ),
        measure=regex.compile(rf"{b}(?:{a('measure_heads')}){e}"),
        growth_before=regex.compile(
            rf"{b}(?:{a('growth_verbs')})"
            rf"(?:\s+(?:{f('bình quân')}|{f('hằng năm')}|{f('hàng năm')}|{f('mỗi năm')}|{f('thêm')}))?\s*$"
        ),
        decrease_before=regex.compile(rf"{b}(?:{a('decrease_verbs')}){e}"),
        # Not inside "phát hiện có", "thực hiện có", "thể hiện …": those are no history.
        history=regex.compile(rf"{b}(?<!(?:phát|thực|thể|xuất|phat|thuc|the|xuat) )(?:{a('history_cues')}){e}"),
        target=regex.compile(rf"{b}(?:{a('target_cues')}){e}"),
        means=regex.compile(rf"{b}(?:{a('means_cues')}){e}"),
        annual=regex.compile(rf"(?:{b}(?:{_alt([w for w in lx['annual_cues'] if not w.startswith('/')], folded)}){e})"),
        introducer=regex.compile(
            rf"{b}(?:{a('level_verbs')}|{f('đạt')}|{f('chiếm')}|{f('là')}|{f('ở mức')}|{f('tăng')}|{f('giảm')}|"
            rf"{f('bằng')}|{f('trong đó')}|{f('thu hút')}|{f('huy động')}|"
            rf"{f('hoàn thành')}|{f('đào tạo')}|{f('khoảng')}){e}"
        ),
        baseline_before=regex.compile(
            rf"{b}(?:{f('so với')}|{f('cao hơn mức')}|{f('thấp hơn mức')}|{f('cao hơn')}|"
            rf"{f('thấp hơn')}|{f('từ mức')}|{f('tăng so với')}|{f('gấp')}|{f('bằng')}){e}[^,;]{{0,25}}$"
        ),
        national=regex.compile(rf"{b}(?:{a('national_cues')}){e}"),
        subject_verbs=regex.compile(
            rf"^[\s,]*(?:{f('vừa')}\s+|{f('đã')}\s+|{f('cũng')}\s+|{f('sẽ')}\s+)?(?:{f('đặt')}|{f('đề ra')}|"
            rf"{f('phấn đấu')}|{f('hướng tới')}|{f('kỳ vọng')}|{f('ban hành')}|{f('phê duyệt')}|"
            rf"{f('yêu cầu')}|{f('giao')}|{f('chủ trì')}|{f('xác định')}|{f('đưa ra')}|{f('cho biết')}){e}"
        ),
        growth_head=regex.compile(rf"{b}(?:{a('growth_heads')}){e}"),
        growth_filler=regex.compile(rf"{b}(?:{a('growth_fillers')}){e}"),
        rank_before=regex.compile(rf"{b}(?:{a('place_ranks')})\s+$"),
        assigned_after=regex.compile(rf"\s*(?:{_alt(load_json('context.json')['assigned_cues'], folded)}){e}"),
        next_predicate=regex.compile(rf"(?:,\s*|\s+(?:{f('và')}|{f('đồng thời')})\s+)(?:{a('clause_verbs')}){e}"),
    )


def _qual_words() -> list[str]:
    lx = lexicon()
    return [w for ws in lx["qualifiers_before"].values() for w in ws]


def assemble(an: Analysis) -> list[Target]:
    """Every target of the document, in text order."""
    w = words(an.folded)
    t = an.match_text
    out: list[Target] = []
    para_scope: dict[int, int | None] = _scope_years(an)
    by_clause: dict[int, list[Quantity]] = {}
    ci = 0
    for q in an.quantities:
        while ci < len(an.clauses) and an.clauses[ci].end <= q.num_start:
            ci += 1
        if ci < len(an.clauses) and an.clauses[ci].start <= q.num_start:
            by_clause.setdefault(ci, []).append(q)
    aims = _aim_sentences(an, w)
    for ci, qs in sorted(by_clause.items()):
        cl = an.clauses[ci]
        st = an.sents[cl.sent]
        if cl.sent not in aims:
            continue
        accepted: list[Quantity] = []
        for q in qs:
            if _is_target_value(an, w, t, cl, st, q, accepted):
                accepted.append(q)
        for i, q in enumerate(accepted):
            around = (accepted[i - 1] if i else None, accepted[i + 1] if i + 1 < len(accepted) else None)
            target = _target(an, w, t, cl, st, q, around, para_scope)
            # A value listed after another with no subject of its own ("năm 2023 là 92,5%", "(đến năm
            # 2030 đạt 20%)") measures what the previous value of the sentence measures.
            if out and _same_sentence(an, out[-1], st) and (
                    target.entity == "" or (target.metric == "growth" and _bare_growth(w, target.entity))):
                target.entity = out[-1].entity
            out.append(target)
    return out


def _bare_growth(w: _Words, entity: str) -> bool:
    """'tốc độ tăng bình quân', 'tăng trưởng hàng năm trong giai đoạn này': a growth named by its head
    alone, whose thing is the one the value before it measures ('… đạt 5 triệu USD, tốc độ tăng 10%/năm')."""
    rest = w.growth_head.sub(" ", regex.sub(r"\s+", " ", entity.lower()))
    rest = w.annual.sub(" ", rest)
    return not w.growth_filler.sub(" ", rest).strip(" ,;.")


def _same_sentence(an: Analysis, prev: Target, st: Sentence) -> bool:
    s, e = an.norm.to_orig(st.start, st.end)
    return s <= prev.evidence.start < e


# How far back (and ahead) of a value the per-value rules read. A policy sentence is far shorter; the bound
# keeps a "sentence" of thousands of values (a table flattened into one line) linear.
LOOKBACK = 1500


def _back(start: int, q: Quantity) -> int:
    """The start of what the rules read before a value: the sentence or clause start, at most LOOKBACK back."""
    return max(start, q.start - LOOKBACK)


def _is_target_value(an: Analysis, w: _Words, t: str, cl: Clause, st: Sentence, q: Quantity,
                     accepted: list[Quantity]) -> bool:
    if an.is_masked(q.num_start, q.num_end):
        return False
    if q.kind == "time" or (q.kind == "age" and not regex.search(
            r"(?:đạt|là|lên|dat|la|len)\s*$", t[max(st.start, q.start - 8):q.start])):
        return False  # ages inside a noun phrase ("trẻ em dưới 15 tuổi"); "tuổi thọ đạt 75 tuổi" counts
    before = t[max(st.start, q.start - 60):q.start]
    if w.baseline_before.search(before):
        return False
    after = t[q.end:min(cl.end, q.end + 40)]
    if regex.match(
        r"\s*(?:xuống|lên|đến|tới|xuong|len|den|toi)\s+(?:còn\s+|con\s+|mức\s+|muc\s+)?\d", after
    ) and regex.search(r"(?:^|\s)(?:từ|tu)\s*$", t[max(st.start, q.start - 6):q.num_start]):
        return False  # "giảm từ 23 … xuống 18": the first number is where it starts from
    lead = t[_back(st.start, q):q.start]
    if w.history.search(lead) and not regex.search(r"(?:phấn đấu|mục tiêu|phan dau|muc tieu)", lead):
        return False
    left = max(cl.start, t.rfind(",", _back(cl.start, q), q.start) + 1, _back(cl.start, q))
    right = t.find(",", q.end, min(cl.end, q.end + LOOKBACK))
    local = t[left:right if right >= 0 else min(cl.end, q.end + LOOKBACK)]
    if w.history.search(local) and not w.target.search(local):
        return False  # "633.000 căn đã và đang triển khai, trong đó phấn đấu …": this value is history
    if regex.search(r"(?<!\p{L})(?:tại|tai)\s*$", t[max(st.start, q.start - 6):q.start]):
        return False  # "tại 04 mô hình": a place, not a value
    if w.means.search(t[max(st.start, q.start - 50):q.start]):
        return False
    if q.kind == "speed" and not regex.search(
        r"(?:đạt|tối thiểu|ít nhất|dat|toi thieu|it nhat)\s*$", t[max(st.start, q.start - 12):q.start]
    ):
        return False  # a technical specification ("tốc độ 10 Gbps"), not an aim, unless it is what is to be reached
    if q.kind == "noun" and not (q.start < q.num_start or regex.search(
            r"(?:^|[:;,]|đạt|có|thêm|mới|hoàn thành|xây dựng|dat|co|them|moi|hoan thanh|xay dung)\s*$",
            t[max(cl.start, q.start - 20):q.start])):
        return False  # an unknown noun after a bare number counts only as a clear value ("có 20 ki-ốt")
    ranked = bool(regex.search(r"(?:top|thứ|nhóm|thu|nhom)(?!\p{L})", t[q.start:q.num_start]))
    if q.kind == "bare" and not ranked:
        # A bare number is a value only right after a value verb in a sentence that aims ("đạt ít nhất là 260"),
        # or as a rank ("top 10", "đứng thứ 15").
        if not regex.search(
            r"(?:đạt|là|ở mức|dat|la|o muc)\s*(?:\p{L}+\s+){0,3}$", t[max(st.start, q.start - 30):q.start] + " "
        ):
            return False
        if not (w.target.search(t[_back(st.start, q):min(st.end, q.end + LOOKBACK)])):
            return False
    if accepted:
        prev = accepted[-1]
        between = t[prev.end:q.start]
        last_comma = max(between.rfind(","), between.rfind("("))
        tail = between[last_comma + 1:] if last_comma >= 0 else None
        introduced = bool(w.introducer.search(between)) and not _only_inside_entity(between)
        listed = tail is not None and (not tail.strip() or w.measure.search(tail) or w.introducer.search(tail)
                                       or _has_deadline(an, prev.end + last_comma, q.start) or _short_item(tail))
        joined = bool(regex.fullmatch(r"[\s,]*(?:và|va|hoặc|hoac)?\s*(?:trong\s*)?", between))
        if not (introduced or listed or joined or _has_deadline(an, prev.end, q.start) or w.measure.search(between)):
            return False
    return True


def _short_item(tail: str) -> bool:
    """', tỉnh An Giang 92%': a short list item that names what the next value belongs to."""
    return len(tail.split()) <= 6 and not regex.search(
        r"(?<!\p{L})(?:được|có|cho|của|với|trong|tại|từ|duoc|co|cho|cua|voi|trong|tai|tu)(?!\p{L})", tail)


_CONTINUATION = regex.compile(
    r"\s*(?:trong đó|trong do|cụ thể|cu the|đồng thời|dong thoi|ngoài ra|ngoai ra|bên cạnh đó|ben canh do|riêng|rieng|"
    r"theo đó|theo do|với|voi|và|va|đến năm|den nam|mỗi năm|moi nam|hằng năm|hàng năm|hang nam|có|co)(?!\p{L})"
)


_STRONG_AIM = regex.compile(
    r"(?:phấn đấu|mục tiêu|chỉ tiêu|hướng tới|duy trì|tầm nhìn|"
    r"phan dau|muc tieu|chi tieu|huong toi|duy tri|tam nhin)(?!\p{L})"
)
_VALUE_STATEMENT = regex.compile(
    r"(?:^|[;,]\s*)(?:[^;,]{0,120}?(?:đạt|chiếm|dat|chiem)\s+[^;,]{0,20}?\d|\s*\d[\d.,]*\s*%)"
)


def _aim_sentences(an: Analysis, w: _Words) -> set[int]:
    """Sentences that state aims: a cue of their own, a future deadline, or an aim header or
    sentence before them in scope. History cues ('đã', 'so với cùng kỳ') win inside a sentence."""
    t = an.match_text
    aims: set[int] = set()
    header_aim = False
    last_para = -1
    prev_aim = False
    last_aim_para = -10
    # Years after the document's own date are aims; without a date, the latest calendar date it cites.
    reference = an.doc_year if an.doc_year is not None else an.latest_date_year
    for i, st in enumerate(an.sents):
        p = an.paras[st.para]
        if st.para != last_para:
            body = t[p.body:p.end]
            if _is_heading(an, p):
                header_aim = bool(regex.search(r"(?:mục tiêu|chỉ tiêu|muc tieu|chi tieu|phấn đấu|phan dau)", body))
            elif p.marker and regex.fullmatch(r"[IVXLC]+\.", p.marker):
                header_aim = False
            prev_aim = False
            last_para = st.para
        text = t[st.start:st.end]
        own = bool(w.target.search(text)) or any( (
                d.kind in ("by", "vision", "from")
                or (d.kind in ("in", "period") and reference is not None and d.year > reference)
                or (d.kind == "period" and reference is None)
            )
            for d in an.deadlines_in(st.start, st.end))
        history = bool(w.history.search(text)) and not _STRONG_AIM.search(text)
        continues = prev_aim and bool(_CONTINUATION.match(text))
        # A news paragraph that goes on listing values right after an aim paragraph ("Tỷ lệ … đạt hơn 70%; …").
        goes_on = st.para - last_aim_para == 1 and bool(_VALUE_STATEMENT.search(text))
        if (own or header_aim or continues or goes_on) and not history:
            aims.add(i)
            prev_aim = True
            last_aim_para = st.para
    return aims


def _only_inside_entity(between: str) -> bool:
    """'… được tầm soát ít nhất 4 loại': a relative clause, not a new value."""
    return bool(regex.search(r"(?:được|có|duoc|co)\s+(?:\p{L}+\s+){0,4}$", between)) and not regex.search(
        r"(?:đạt|chiếm|dat|chiem)", between)


def _has_deadline(an: Analysis, s: int, e: int) -> bool:
    return any(d.end <= e for d in an.deadlines_in(s, e))


def _is_heading(an: Analysis, p: Paragraph) -> bool:
    """A heading or list header: ends with a colon, or is a short numbered/unmarked title without values.
    Bullet items ('-', '+', 'a)') are list items, not headings, unless they end with a colon."""
    body = an.match_text[p.body:p.end].rstrip()
    if body.endswith(":"):
        return True
    if p.marker and not regex.fullmatch(
        r"[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*\.|(?i:điều|dieu)\s+\d+\.?|(?i:chương|mục|phần|chuong|muc|phan)\s+\S+",
        p.marker,
    ):
        return False
    if body.endswith((".", ";")) or len(body) >= 160:
        return False
    return not an.quantities_in(p.body, p.end)


def _scope_years(an: Analysis) -> dict[int, int | None]:
    """The deadline each paragraph inherits from the header or heading above it."""
    scope: dict[int, int | None] = {}
    current: int | None = None
    for i, p in enumerate(an.paras):
        ds = [d for d in an.deadlines_in(p.body, p.end) if d.kind != "period"]
        is_heading = _is_heading(an, p)
        if is_heading and ds:
            current = ds[-1].year
        elif is_heading and p.marker and regex.match(r"[IVXLC]+\.$|(?i:điều|dieu)", p.marker):
            current = None
        scope[i] = current
    return scope


def _deadline_for(an: Analysis, w: _Words, t: str, st: Sentence, q: Quantity, prev_sent_year: int | None,
                  scope_year: int | None) -> tuple[int | None, str | None]:
    ds = [d for d in an.deadlines_in(_back(st.start, q), min(st.end, q.end + LOOKBACK)) if d.end <= st.end]
    after = [d for d in an.deadlines_in(q.end, q.end + 26) if d.end <= st.end
             and not regex.search(r"[\d,;(]", t[q.end:d.start])]  # "10% (đến năm 2030 đạt 20%)": not its own
    if after:
        d = after[0]
        return d.year, an.norm.norm[d.start:d.end]
    before = [d for d in ds if d.end <= q.start]
    if before:
        d = before[-1]
        return d.year, an.norm.norm[d.start:d.end]
    # A later deadline is this value's only if no other value stands between them and it is not
    # another value's own ("đạt 80% (đến năm 2030 đạt 100%)", "cao hơn mức X trong năm 2024").
    later = [d for d in ds if d.start >= q.end
             and not an.quantities_in(q.end, d.start) and not an.quantities_in(d.end, d.end + 40)
             and "(" not in t[q.end:d.start]]
    if later:
        d = later[0]
        return d.year, an.norm.norm[d.start:d.end]
    if prev_sent_year is not None:
        return prev_sent_year, None
    if scope_year is not None:
        return scope_year, None
    near = _nearby_paragraph_year(an, st)
    if near is not None:
        return near, None
    if an.period_end is not None:
        return an.period_end, None
    year = an.title_year
    if year is None and st.para < 2:
        # A headline summarises the document: its implicit deadline is the document's first one.
        year = next((d.year for d in an.deadlines if d.kind in ("by", "vision")), None)
    return year, None


def _nearby_paragraph_year(an: Analysis, st: Sentence) -> int | None:
    """The first deadline of one of the two paragraphs before (a news lead states the year once)."""
    for pi in (st.para - 1, st.para - 2):
        if pi < 0:
            break
        p = an.paras[pi]
        ds = [d for d in an.deadlines_in(p.body, p.end) if d.kind in ("by", "vision")]
        if ds:
            return ds[0].year
    return None


def _target(an: Analysis, w: _Words, t: str, cl: Clause, st: Sentence, q: Quantity,
            around: tuple[Quantity | None, Quantity | None],
            para_scope: dict[int, int | None]) -> Target:
    prev_year = _previous_sentence_year(an, st)
    year, dl_text = _deadline_for(an, w, t, st, q, prev_year, para_scope.get(st.para))
    nxt = around[1]
    # An annual cue after the value belongs to it only up to the next value ("… 400 triệu USD, tăng bình
    # quân hàng năm 10%": the cue is the growth's, not the amount's).
    clause_text = t[_back(cl.start, q):min([cl.end, q.end + LOOKBACK] + ([nxt.start] if nxt and nxt.start > q.end
                                                                          else []))]
    annual = q.annual or bool(w.annual.search(clause_text))
    if annual and year is None:
        year = an.period_end
    metric, qualifier = _metric(an, w, t, cl, st, q)
    unit = q.unit
    if q.kind == "noun":
        unit = wordseg.first_word(an.norm.norm[q.num_end:min(cl.end, q.num_end + 60)])
    if q.kind == "bare":
        unit = _subject_rate(t[_back(cl.start, q):q.start]) if metric == "rate" else (
            _subject_count(t[_back(cl.start, q):q.start]) if metric == "count" else None)
    direction = _direction(w, t, cl, q)
    entity = _entity(an, w, t, cl, st, q, around)
    if metric == "rate" and q.kind == "count" and q.per:
        unit = f"{q.unit}/{q.per}"
    ev_text, ev_s, ev_e = an.norm.orig_span(cl.start, cl.end)
    vtext, _, _ = an.norm.orig_span(q.start, q.end)
    agency, agency_source = _agency(an, w, t, st, q)
    return Target(
        entity=entity,
        metric=metric,
        value=Value(low=_num(q.low), high=_num(q.high), unit=_unit_text(an, q, unit), qualifier=qualifier, text=vtext),
        deadline=Deadline(year=year, recurring="annual" if annual else None, text=dl_text),
        agency=agency, agency_source=agency_source,
        location=_location(an, w, t, cl, st, q),
        evidence=Span(text=ev_text, start=ev_s, end=ev_e),
        direction=direction,
    )


def _num(v: float) -> float | int:
    return int(v) if v.is_integer() and abs(v) < 2**53 else v


def _unit_text(an: Analysis, q: Quantity, unit: str | None) -> str | None:
    """A counted noun as the text writes it ("sản phẩm OCOP", not the lower-cased match); other units as
    normalised ("%", "VND", "ha")."""
    if q.kind != "count" or not unit or "/" in unit:
        return unit
    lead = len(an.norm.norm[q.num_end:q.num_end + 8]) - len(an.norm.norm[q.num_end:q.num_end + 8].lstrip())
    surface = an.norm.norm[q.num_end + lead:q.num_end + lead + len(unit)]
    return surface if fold(surface).lower() == fold(unit).lower() else unit


def _previous_sentence_year(an: Analysis, st: Sentence) -> int | None:
    """The deadline of an earlier sentence of the same paragraph ('Trong đó, …' inherits it)."""
    body = an.paras[st.para].body
    earlier = [d for d in an.deadlines_in(body, st.start) if d.end <= st.start and d.kind != "period"
               and not _in_parentheses(an.match_text, body, d.start)]
    return earlier[-1].year if earlier else None


def _in_parentheses(t: str, lo: int, pos: int) -> bool:
    """Whether pos stands inside a bracket opened after lo: "(đến năm 2030 đạt 100%)" is its own value's."""
    before = t[lo:pos]
    return before.count("(") > before.count(")")


def _metric(an: Analysis, w: _Words, t: str, cl: Clause, st: Sentence, q: Quantity) -> tuple[str, str]:
    qual = q.qualifier
    before = t[max(cl.start, q.start - 40):q.num_start]
    rank = regex.search(r"(?:top|nhóm|thứ|trong số|nằm trong|nam trong|nhom|thu|xếp hạng|xep hang)\s*$", before) or \
        regex.search(r"(?:top|nhóm|nhom|thứ|thu)\s*$", t[max(cl.start, q.start - 8):q.num_start])
    if rank or (q.kind == "count" and q.unit in ("quốc gia", "nước", "quoc gia", "nuoc") and
                regex.search(r"(?:trong|nhóm|nhom|top)\s*$", t[max(cl.start, q.start - 12):q.num_start])):
        return "level", "max" if not q.is_range else "range"
    if q.kind == "score":
        return "level", qual
    if q.kind == "percent":
        if regex.search(r"(?:còn|xuống|con|xuong)(?!\p{L})", t[q.start:q.num_start]):
            return "share", qual  # "giảm còn dưới 2%": the level it falls to
        if (w.growth_before.search(t[max(cl.start, q.start - 40):q.start])
                or w.growth_head.search(t[_back(cl.start, q):q.start])):
            return "growth", qual
        if q.annual and regex.search(r"(?:tăng|giảm|tang|giam)", t[_back(cl.start, q):q.start]):
            return "growth", qual
        return "share", qual
    if q.kind in ("currency", "area", "length", "power", "energy", "mass", "volume", "speed", "other"):
        return ("rate" if q.per else "amount"), qual
    if q.kind == "ratio" or q.per:
        return "rate", qual
    if q.kind in ("count", "noun"):
        return "count", qual
    subject = t[_back(cl.start, q):q.start]
    if _subject_rate(subject):
        return "rate", qual
    if _subject_count(subject):
        return "count", qual
    return "level", qual


_RATE_IN_SUBJECT = regex.compile(
    r"(?:số\s+|so\s+)?(\p{L}+(?:\s\p{L}+){0,2}?)(?:\s+\p{L}+){0,2}\s*(?:/|\s+trên\s+|\s+tren\s+)\s*"
    r"((?:\d[\d.]*\s*)?(?:vạn dân|van dan|dân|dan|người|nguoi))(?!\p{L})"
)
_COUNT_IN_SUBJECT = regex.compile(r"(?<!\p{L})(?:số lượng|so luong|tổng số|tong so|số|so)\s+(\p{L}+(?:\s\p{L}+)?)")


def _subject_rate(subject: str) -> str | None:
    """'số sinh viên đại học/vạn dân đạt 260': the unit of a bare value stands in its subject."""
    m = _RATE_IN_SUBJECT.search(subject)
    return f"{m.group(1)}/{m.group(2)}" if m else None


def _subject_count(subject: str) -> str | None:
    """'số doanh nghiệp đạt 1.000': the counted noun of a bare value."""
    m = _COUNT_IN_SUBJECT.search(subject)
    return m.group(1) if m else None


def _direction(w: _Words, t: str, cl: Clause, q: Quantity) -> str | None:
    before = t[_back(cl.start, q):q.start]
    if w.decrease_before.search(before):
        return "decrease"
    if regex.search(r"(?<!\p{L})(?:tăng|nâng|tang|nang)(?!\p{L})", before):
        return "increase"
    return None


def _clean_entity(s: str, w: _Words) -> str:
    prev = None
    while prev != s:
        prev = s
        s = _strip_lead(s, w)
        s = _strip_tail(s, w)
    return s.strip(" ,;:.-()\"'")


def _strip_lead(s: str, w: _Words) -> str:
    m = w.lead_in.match(s.lower())
    return s[m.end():] if m else s


def _strip_tail(s: str, w: _Words) -> str:
    m = w.tail.search(s.lower())
    return s[:m.start()] if m else s


def _entity(an: Analysis, w: _Words, t: str, cl: Clause, st: Sentence, q: Quantity,
            around: tuple[Quantity | None, Quantity | None]) -> str:
    """What is measured: the subject before the value, or the noun phrase after it (the accepted values
    just before and after this one bound both)."""
    norm = an.norm.norm
    prev, nxt = around
    # Subject: from the clause start (or the end of the previous value, or the last lead-in) to the value.
    s0 = cl.start
    if prev is not None and prev.end <= q.start:
        s0 = prev.end
    s0 = _back(s0, q)
    region = t[s0:q.start]
    cut_at = 0
    for m in w.cut.finditer(region):
        cut_at = m.end()
    for m in regex.finditer(r",", region):
        right = region[m.end():]
        if _ends_with_deadline(an, s0 + m.start()) or w.measure.match(right.lstrip()) or not right.strip():
            cut_at = max(cut_at, m.end())
    for d in an.deadlines_in(s0 + cut_at, q.start):
        if d.end <= q.start and d.end - s0 > cut_at and _is_leading(t, s0 + cut_at, d.start):
            cut_at = d.end - s0
    sub_start = s0 + cut_at
    head = w.measure.search(t, sub_start, q.start)
    if head and head.start() > sub_start:
        sub_start = head.start()  # "Quảng Bình được giao tỷ lệ bao phủ …": what is measured starts at its head
    subject = _clean_entity(norm[sub_start:q.start], w)
    if not subject and cut_at:
        subject = _subject_before_cue(an, w, norm, region, s0, cut_at)
    # Object: after the number (for a count, from its noun) to the end of the clause or the next value.
    o0 = q.num_end if q.kind in ("count", "ratio", "noun") else q.end
    o1 = min([cl.end, q.end + LOOKBACK] + ([nxt.start] if nxt is not None and nxt.start >= q.end else []))
    obj_region = norm[o0:o1]
    for d in an.deadlines_in(o0, o1):
        obj_region = norm[o0:d.start]
        break
    obj_region = regex.split(r"[;:(]|,\s+(?=(?:tỷ lệ|tỉ lệ|ty le|trong đó|trong do|đến năm|den nam)\b)", obj_region)[0]
    stop = w.next_predicate.search(obj_region)
    if stop:
        obj_region = obj_region[:stop.start()]  # "… doanh nghiệp đổi mới công nghệ và thu hút …": a new predicate
    obj = "" if regex.match(r"\s*[,;)]", obj_region) else _clean_entity(obj_region, w)
    has_measure = bool(w.measure.search(subject.lower()))
    if obj and len(subject.split()) <= 2 and q.kind in ("count", "ratio") and q.per:
        return obj  # "đạt tỷ lệ 0,7 doanh nghiệp … trên 1.000 dân": the rate's own words say it
    if obj and not has_measure and q.kind == "currency":
        return obj  # "thu hút 500 triệu USD vốn đầu tư …": the money is named after its amount
    if subject and (has_measure or q.kind not in ("count", "noun", "percent", "ratio") or not obj):
        if not (q.kind in ("count", "noun") and not has_measure and obj):
            return subject
    if obj:
        if q.kind == "percent" and subject and has_measure:
            return subject
        return obj
    return subject


def _subject_before_cue(an: Analysis, w: _Words, norm: str, region: str, s0: int, cut_at: int) -> str:
    """'<what> đến năm 2030 dự kiến đạt …', '<what> phấn đấu đến năm 2030 đạt …': the aim cue comes after the
    subject, so nothing is left after it; the subject is what stands before the cue (less its deadline)."""
    cues = [m for m in w.cut.finditer(region) if m.end() <= cut_at]
    if not cues:
        return ""
    last = cues[-1]
    start = s0 + (cues[-2].end() if len(cues) > 1 else 0)
    end = s0 + last.start()
    for d in an.deadlines_in(start, end):
        if d.end >= end - 2:
            end = d.start
            break
    return _clean_entity(norm[start:end], w)


def _ends_with_deadline(an: Analysis, pos: int) -> bool:
    return any(abs(d.end - pos) <= 1 for d in an.deadlines_in(pos - 200, pos + 2))


def _is_leading(t: str, s: int, e: int) -> bool:
    """Only lead-in words stand between s and e ('Phấn đấu đến năm 2025')."""
    gap = t[s:e].strip(" ,:")
    return len(gap.split()) <= 4


def _agency(an: Analysis, w: _Words, t: str, st: Sentence, q: Quantity) -> tuple[str | None, str | None]:
    """The body responsible and why, by the contract's order: named as the sentence's subject, else the
    table row's lead column or a heading that names a body, else the body the document puts in charge,
    else the issuer."""
    norm = an.norm.norm
    for s, e in reversed(an.orgs_in(st.start, q.start)):
        if e <= q.start and w.subject_verbs.match(t[e:e + 30]):
            return norm[s:e], "sentence"
    for p in reversed(an.places_in(st.start, q.start)):
        # "tỉnh Quảng Bình được giao tỷ lệ …": a province assigned a target is delivered by its committee.
        rank = w.rank_before.search(t, max(0, p[0] - 14), p[0])
        if rank and w.assigned_after.match(t, p[1], min(len(t), p[1] + 20)):
            return f"UBND {norm[rank.start():rank.end()].strip()} {p[2]}", "sentence"
    row = an.row_agency(q.num_start)
    if row:
        return row, "table"
    for i in range(st.para, -1, -1):
        if i in an.headings:
            if an.headings[i] is not None:
                return an.headings[i], "heading"
            break
    if an.in_charge:
        return an.in_charge, "assignment"
    return an.issuer, "issuer" if an.issuer else None


def _location(an: Analysis, w: _Words, t: str, cl: Clause, st: Sentence, q: Quantity) -> str | None:
    here = [p for p in an.places_in(cl.start, q.start) if p[1] <= q.start]
    if here:
        return here[-1][2]
    if w.national.search(t[_back(cl.start, q):q.start]) or (
            w.national.search(t[_back(st.start, q):min(st.end, q.end + LOOKBACK)]) and an.location is None):
        return "Việt Nam"
    return an.location
