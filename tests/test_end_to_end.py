"""End to end on whole documents we wrote ourselves (tests/e2e/): news articles, provincial and national plans
and decisions, HĐND resolutions, and two diacritic-free copies.

Each `tests/e2e/<name>.txt` has a `<name>.expected.json` written by hand from ../shared/spec/targets.md
before the extractor was run on it. One test per document field (issuer, period, cited documents, key
entities), one for spurious targets, and one per expected target asserting every field of the contract. Why
so fine-grained: stubbing out any one stage (numbers, dates, agencies, target assembly, NER; see
benchmarks/knockout.py) must make many tests fail, and a field that is wrong for one reason must not hide
another stage's breakage.

Names are compared the way the shared scorer compares them (case, NFC, tone placement, the usual
abbreviations, rank words of places, a name with diacritics restored for a text without them), by helpers
of our own. A field may list several acceptable answers, as the gold files do.

Where the extractor is known to be wrong, `tests/e2e/known_gaps.json` names the test id with a one-line
reason, and the test is `xfail(strict=True)`: the gap stays visible and a fix flips it to a failure that asks
for the entry to be removed. The `-nodiac` copies are `extractor.text.normalize.fold` of their source (text
and expectation); `test_folded_copy_is_fold_of_its_source` keeps them so, and `write_folded_copies()`
writes them again.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import extractor
from extractor.text.normalize import fold

E2E = Path(__file__).parent / "e2e"
NAMES = sorted(p.name[: -len(".expected.json")] for p in E2E.glob("*.expected.json"))
GAPS: dict[str, str] = json.loads((E2E / "known_gaps.json").read_text(encoding="utf-8"))

# --- comparing names the way the scorer does --------------------------------------------------------------

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ABBREVIATIONS = [(re.compile(r"\bubnd\b"), "ủy ban nhân dân"), (re.compile(r"\bhđnd\b"), "hội đồng nhân dân"),
                  (re.compile(r"\btp\.?(?=\s)"), "thành phố"), (re.compile(r"\bttg\b"), "thủ tướng"),
                  (re.compile(r"\bcp\b"), "chính phủ")]
_RANK_WORDS = ("thành phố", "tỉnh", "huyện", "quận", "thị xã", "xã", "phường", "đặc khu")
_UNIT_ALIASES = {"vnd": "vnd", "vnđ": "vnd", "đồng": "vnd", "dong": "vnd", "usd": "usd", "đô la mỹ": "usd",
                 "hecta": "ha", "héc ta": "ha", "héc-ta": "ha", "phần trăm": "%"}


def norm(s: str | None) -> str:
    """Case, Unicode form, tone marks (so both placements meet), abbreviations and punctuation folded away."""
    s = unicodedata.normalize("NFC", s or "").lower().strip()
    for pattern, full in _ABBREVIATIONS:
        s = pattern.sub(full, s)
    s = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", s) if c not in _TONE_MARKS))
    return " ".join(re.sub(r"[^\w%/]+", " ", s).split())


def bare(s: str | None) -> str:
    """Every diacritic and đ folded away: how a text without diacritics spells a name."""
    s = (s or "").replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", s)
                                                if not unicodedata.combining(c)))


def plain(s: Any) -> bool:
    """An expectation written without diacritics: an answer with its diacritics restored counts too."""
    return isinstance(s, str) and bare(s) == unicodedata.normalize("NFC", s)


def options(x: Any) -> list[Any]:
    """A field's acceptable answers: a list as it stands, anything else as the one answer."""
    return x if isinstance(x, list) else [x]


def key(s: str | None, folded: bool = False) -> str:
    """The normalised name; for an expectation without diacritics, without any mark at all."""
    return bare(norm(s)) if folded else norm(s)


def place_name(s: str | None, folded: bool = False) -> str:
    """A place by its proper name: normalised, its rank word (tỉnh, thành phố …) dropped."""
    s = key(s, folded)
    for rank in _RANK_WORDS:
        if s.startswith(key(rank, folded) + " "):
            return s[len(key(rank, folded)) + 1:]
    return s


def same_place(expected: Any, got: str | None) -> bool:
    return any(place_name(e, plain(e)) == place_name(got, plain(e)) for e in options(expected))


def same_name(expected: Any, got: str | None, place: str | None = None) -> bool:
    """Same body, also where one side names the jurisdiction and the other leaves it implied."""
    for e in options(expected):
        folded = plain(e)
        e_k, g_k, p_k = key(e, folded), key(got, folded), place_name(place, folded)
        if e_k == g_k:
            return True
        if p_k and e_k and g_k and " ".join(e_k.replace(p_k, "").split()) == " ".join(g_k.replace(p_k, "").split()):
            return True
    return False


def unit_ok(expected: Any, got: str | None) -> bool:
    """Same unit, or one is the other with more words (`lượt` = `lượt khách`)."""
    for e in options(expected):
        e_k, g_k = (key(_UNIT_ALIASES.get(x, x), plain(e)) for x in (_lower(e), _lower(got)))
        if e_k == g_k or (e_k and g_k and (e_k.startswith(g_k + " ") or g_k.startswith(e_k + " "))):
            return True
    return False


def _lower(s: str | None) -> str:
    return unicodedata.normalize("NFC", s or "").lower().strip()


def same_num(a: Any, b: Any) -> bool:
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(x - y) <= 1e-9 + 1e-6 * max(abs(x), abs(y))


def token_f1(expected: str | None, got: str | None) -> float:
    """Word overlap of two wordings (the scorer accepts an entity at 0.5)."""
    e, g = norm(expected).split(), norm(got).split()
    if not e or not g:
        return float(e == g)
    pool, common = list(g), 0
    for w in e:
        if w in pool:
            pool.remove(w)
            common += 1
    return 2 * common / (len(e) + len(g))


# --- the documents, the records, the known gaps -----------------------------------------------------------


@cache
def text_of(name: str) -> str:
    return (E2E / f"{name}.txt").read_text(encoding="utf-8")


@cache
def expected_of(name: str) -> dict[str, Any]:
    return json.loads((E2E / f"{name}.expected.json").read_text(encoding="utf-8"))


@cache
def record_of(name: str) -> dict[str, Any]:
    """The extractor's record of one document, made once for all the tests on it."""
    logging.getLogger("extractor").setLevel(logging.ERROR)
    return extractor.extract(text_of(name), doc_id=name).model_dump(mode="json")


def params(test: str, ids: list[str]) -> list[Any]:
    """Parameters for one test function, each known gap marked xfail(strict) with its reason."""
    return [pytest.param(i, id=i, marks=pytest.mark.xfail(strict=True, reason=GAPS[f"{test}[{i}]"]))
            if f"{test}[{i}]" in GAPS else pytest.param(i, id=i) for i in ids]


TARGET_IDS = [f"{n}#{i}" for n in NAMES for i in range(1, len(expected_of(n)["targets"]) + 1)]
FOLDED = [n for n in NAMES if "folded_from" in expected_of(n)]
DOC_TESTS = ("test_issuer", "test_period", "test_documents", "test_entities", "test_no_spurious_targets")


def occurrences(text: str, evidence: str | list[str]) -> list[tuple[int, int]]:
    """Every place the target's words stand: a headline may state the target the body states again."""
    return [(m.start(), m.end()) for snippet in options(evidence) for m in re.finditer(re.escape(snippet), text)]


def overlaps(t: dict[str, Any], spans: list[tuple[int, int]]) -> int:
    s, e = t["evidence"]["start"], t["evidence"]["end"]
    return max((min(e, b) - max(s, a) for a, b in spans), default=0)


def same_value(exp: dict[str, Any], got: dict[str, Any]) -> bool:
    return same_num(exp["value"]["low"], got["value"]["low"]) and same_num(exp["value"]["high"], got["value"]["high"])


def find_target(name: str, exp: dict[str, Any]) -> dict[str, Any] | None:
    """The predicted target with the expected value and unit whose evidence covers the expected words; of a
    target stated twice (headline and body), the statement that is right in the most fields."""
    spans = occurrences(text_of(name), exp["evidence"])
    found = [t for t in record_of(name)["targets"]
             if same_value(exp, t) and unit_ok(exp["value"]["unit"], t["value"]["unit"]) and overlaps(t, spans) > 0]
    return min(found, key=lambda t: (len(target_mismatches(name, exp, t)), -overlaps(t, spans)), default=None)


def restates(got: dict[str, Any], exp: dict[str, Any]) -> bool:
    """Another statement of an expected target (lead, headline, a second article): the same value and unit.
    Whether its fields are right is test_target's business, not the spurious check's."""
    return same_value(exp, got) and unit_ok(exp["value"]["unit"], got["value"]["unit"])


# --- the corpus itself ------------------------------------------------------------------------------------


def test_corpus_is_what_the_issue_asks_for() -> None:
    """At least 24 documents of 800-4,000 characters, of every register, and evidence words that are in them."""
    registers = [expected_of(n)["register"] for n in NAMES]
    assert len(NAMES) >= 24 and len(FOLDED) == 2
    assert registers.count("news") >= 10 and registers.count("resolution") >= 2
    assert registers.count("plan") + registers.count("decision") >= 10
    for n in NAMES:
        assert 800 <= len(text_of(n)) <= 4000, n
        for t in expected_of(n)["targets"]:
            assert occurrences(text_of(n), t["evidence"]), (n, t["evidence"])


def _fold_expectation(o: Any) -> Any:
    if isinstance(o, str):
        return fold(o)
    if isinstance(o, list):
        return [_fold_expectation(x) for x in o]
    if isinstance(o, dict):
        return {k: v if k in ("register", "sector") else _fold_expectation(v) for k, v in o.items()}
    return o


def folded_copy(source: str) -> tuple[str, dict[str, Any]]:
    """The diacritic-free copy of a document: its text and its expectation, both through fold()."""
    return fold(text_of(source)), {"folded_from": source, **_fold_expectation(expected_of(source))}


def write_folded_copies() -> None:
    """Write the `-nodiac` files again from their sources (after a source or its expectation changed):
    python -c "import sys; sys.path.insert(0, 'tests'); import test_end_to_end as t; t.write_folded_copies()"
    """
    for name in FOLDED:
        text, expectation = folded_copy(expected_of(name)["folded_from"])
        (E2E / f"{name}.txt").write_text(text, encoding="utf-8")
        (E2E / f"{name}.expected.json").write_text(json.dumps(expectation, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")


@pytest.mark.parametrize("name", FOLDED)
def test_folded_copy_is_fold_of_its_source(name: str) -> None:
    """The diacritic-free copies are generated by fold(), never typed: text and expectation both."""
    text, expectation = folded_copy(expected_of(name)["folded_from"])
    assert text_of(name) == text and expected_of(name) == expectation, "run write_folded_copies()"


def test_known_gaps_name_real_tests() -> None:
    """Every known gap is a test that exists here, with a reason: a stale entry would hide nothing."""
    real = {f"{t}[{n}]" for t in DOC_TESTS for n in NAMES} | {f"test_target[{i}]" for i in TARGET_IDS}
    assert set(GAPS) <= real, sorted(set(GAPS) - real)
    assert all(isinstance(r, str) and r.strip() for r in GAPS.values())


# --- document fields --------------------------------------------------------------------------------------


def _doc_place(name: str) -> str | None:
    return next((options(t["location"])[0] for t in expected_of(name)["targets"] if t.get("location")), None)


@pytest.mark.parametrize("name", params("test_issuer", NAMES))
def test_issuer(name: str) -> None:
    issuer = record_of(name)["issuer"]
    assert same_name(expected_of(name)["issuer"], issuer, _doc_place(name)), issuer


@pytest.mark.parametrize("name", params("test_period", NAMES))
def test_period(name: str) -> None:
    got = record_of(name)["period"]
    got_pair = (got["start"], got["end"]) if got else None
    wanted = [(p["start"], p["end"]) if p else None for p in options(expected_of(name)["period"])]
    assert got_pair in wanted, got


@pytest.mark.parametrize("name", params("test_documents", NAMES))
def test_documents(name: str) -> None:
    """Exactly the numbered documents cited (the document's own number too), each of its kind."""
    folded = "folded_from" in expected_of(name)
    got = {key(d["number"], folded): d for d in record_of(name)["documents"] if d.get("number")}
    want = {key(d["number"], folded): d for d in expected_of(name)["documents"]}
    assert set(got) == set(want), {"missing": sorted(set(want) - set(got)), "extra": sorted(set(got) - set(want))}
    wrong = {n: got[n]["kind"] for n, d in want.items() if key(got[n]["kind"], folded) != key(d["kind"], folded)}
    assert not wrong, wrong


@pytest.mark.parametrize("name", params("test_entities", NAMES))
def test_entities(name: str) -> None:
    """The key entities are found with their label, their offsets index the text, and the motto is no ORG."""
    text, got = text_of(name), record_of(name)["entities"]
    assert all(text[e["start"]:e["end"]] == e["text"] for e in got)
    missing = [e["text"] for e in expected_of(name)["entities"]
               if not any(g["label"] == e["label"] and same_name(e["text"], g["text"]) for g in got)]
    wrong = [e["text"] for e in expected_of(name).get("not_entities", [])
             if any(g["label"] == e["label"] and same_name(e["text"], g["text"]) for g in got)]
    assert not missing and not wrong, {"missing": missing, "must not be there": wrong}


@pytest.mark.parametrize("name", params("test_no_spurious_targets", NAMES))
def test_no_spurious_targets(name: str) -> None:
    """Every predicted target is an expected one or restates one: history, budgets, ages, document numbers
    and page furniture are no targets."""
    text, expected = text_of(name), expected_of(name)["targets"]
    spurious = [(t["value"]["low"], t["value"]["unit"], t["evidence"]["text"][:80])
                for t in record_of(name)["targets"]
                if not any(same_value(e, t) and overlaps(t, occurrences(text, e["evidence"])) > 0 for e in expected)
                and not any(restates(t, e) for e in expected)]
    assert not spurious, spurious


# --- targets ----------------------------------------------------------------------------------------------


def target_mismatches(name: str, exp: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    """Every field of the contract that differs, as (expected, got)."""
    checks = {
        "entity": token_f1(exp["entity"], got["entity"]) >= 0.5,
        "metric": got["metric"] in options(exp["metric"]),
        "qualifier": got["value"]["qualifier"] == exp["value"]["qualifier"],
        "deadline.year": got["deadline"]["year"] in options(exp["deadline"]["year"]),
        "deadline.recurring": got["deadline"]["recurring"] in options(exp["deadline"]["recurring"]),
        "agency": same_name(exp["agency"], got["agency"], options(exp["location"])[0]),
        "location": same_place(exp["location"], got["location"]),
        "direction": "direction" not in exp or got.get("direction") == exp["direction"],
        "evidence": text_of(name)[got["evidence"]["start"]:got["evidence"]["end"]] == got["evidence"]["text"],
    }
    fields = {"entity": ("entity",), "metric": ("metric",), "qualifier": ("value", "qualifier"),
              "deadline.year": ("deadline", "year"), "deadline.recurring": ("deadline", "recurring"),
              "agency": ("agency",), "location": ("location",), "direction": ("direction",),
              "evidence": ("evidence", "text")}

    def pick(d: dict[str, Any], path: tuple[str, ...]) -> Any:
        for k in path:
            d = d.get(k) if isinstance(d, dict) else None  # type: ignore[assignment]
        return d

    return {k: (pick(exp, fields[k]), pick(got, fields[k])) for k, ok in checks.items() if not ok}


@pytest.mark.parametrize("target_id", params("test_target", TARGET_IDS))
def test_target(target_id: str) -> None:
    """One expected target: found by its value and unit where its words stand, every field as the contract says."""
    name, i = target_id.rsplit("#", 1)
    exp = expected_of(name)["targets"][int(i) - 1]
    got = find_target(name, exp)
    if got is None:
        near = [(t["value"]["low"], t["value"]["unit"], t["evidence"]["text"][:60])
                for t in record_of(name)["targets"] if same_value(exp, t)]
        pytest.fail(f"no target {exp['value']} at {exp['evidence']!r}; same value elsewhere: {near}")
    mismatches = target_mismatches(name, exp, got)
    assert not mismatches, mismatches
