"""Every data file of the package goes through its checker, and the checker refuses dead or misspelt data."""

from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path

import pytest
import regex

from extractor.rules import lexicon as lx

PACKAGE = Path(str(resources.files("extractor")))


@pytest.mark.parametrize("name", sorted(lx.SHAPES))
def test_every_declared_data_file_loads_through_its_checker(name: str) -> None:
    raw = json.loads((PACKAGE / "data" / name).read_text(encoding="utf-8"))
    assert lx.check(name, raw) is raw
    assert set(raw) - {"_about"} == set(lx.SHAPES[name])


def test_every_json_data_file_has_a_declared_shape() -> None:
    names = {p.name for p in (PACKAGE / "data").glob("*.json")}
    assert names <= set(lx.SHAPES), f"data files without a declared shape: {sorted(names - set(lx.SHAPES))}"


@pytest.mark.parametrize("name", sorted(lx.SHAPES))
def test_an_unknown_key_is_an_error(name: str) -> None:
    raw = dict(lx.load_json(name))
    raw["unit_words_typo"] = ["ha"]
    with pytest.raises(lx.DataFileError, match="unknown key 'unit_words_typo'"):
        lx.check(name, raw)


def test_a_missing_key_a_wrong_type_and_a_repeated_word_are_errors() -> None:
    raw = dict(lx.load_json("lexicon.json"))
    with pytest.raises(lx.DataFileError, match="missing key"):
        lx.check("lexicon.json", {k: v for k, v in raw.items() if k != "units"})
    with pytest.raises(lx.DataFileError, match="must be a list"):
        lx.check("lexicon.json", {**raw, "target_cues": "phấn đấu"})
    with pytest.raises(lx.DataFileError, match="twice"):
        lx.check("lexicon.json", {**raw, "target_cues": ["phấn đấu", "mục tiêu", "phấn đấu"]})
    with pytest.raises(lx.DataFileError, match="no shape"):
        lx.check("nothing.json", {})


def _package_source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py") if p.name != "lexicon.py")


@pytest.mark.parametrize("name,key", [(n, k) for n in sorted(lx.SHAPES) for k in sorted(lx.SHAPES[n])])
def test_every_declared_key_is_read_by_code(name: str, key: str) -> None:
    src = _package_source()
    assert f'"{key}"' in src or f"'{key}'" in src, f"{name}: {key!r} is declared but no code reads it"


def test_alternation_is_longest_first_and_the_same_for_any_order() -> None:
    a = lx.alternation(["xã", "xã hội", "tỉnh"])
    assert a == lx.alternation(["tỉnh", "xã hội", "xã"])
    assert regex.match(rf"(?:{a})", "xã hội").group() == "xã hội"  # the longer word wins over its prefix
    assert regex.match(rf"(?:{a})", "xã Tân").group() == "xã"
    assert lx.cue_forms(["Phấn đấu"], folded=True) == {"phan dau"}


def _flat(forms: set[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(forms, key=lambda w: (-len(w), w)))


@pytest.mark.parametrize("seed", range(40))
def test_the_prefix_tree_matches_what_the_flat_list_matches(seed: int) -> None:
    """`alternation` writes a prefix tree for speed; in every context a rule puts it in (with and without
    (?i), before a boundary, before a part that makes the engine backtrack into it) it must find the same
    matches as the plain longest-first list, on words that share prefixes and differ in case and marks."""
    rng = random.Random(seed)
    syllables = ["ba", "Ba", "BA", "bà", "bá", "ban", "Ban", "b", "a", "an", "tỉnh", "Tỉnh", "tinh", "x"]
    forms = {" ".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(2, 12))}
    tree, flat = lx.alternation(forms), _flat(forms)
    texts = [" ".join(rng.choice(syllables + [",", "1"]) for _ in range(30)) for _ in range(5)]
    for shape in ("(?:{})", "(?i:{})", r"(?<!\p{{L}})(?:{})(?!\p{{L}})", r"(?i:{}) ba\b", r"(?:{})(?: an|,)"):
        a, b = regex.compile(shape.format(tree)), regex.compile(shape.format(flat))
        for text in texts:
            assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)], (shape, forms)


def test_a_slots_entry_is_checked_slot_by_slot() -> None:
    raw = dict(lx.load_json("lexicon.json"))
    with pytest.raises(lx.DataFileError, match="must be an object"):
        lx.check("lexicon.json", {**raw, "date_words": ["năm"]})
    with pytest.raises(lx.DataFileError, match=r"'date_words.year' must be a list"):
        lx.check("lexicon.json", {**raw, "date_words": {**raw["date_words"], "year": "năm"}})
    with pytest.raises(lx.DataFileError, match=r"'date_words.year' holds a non-word"):
        lx.check("lexicon.json", {**raw, "date_words": {**raw["date_words"], "year": ["năm", " "]}})
    with pytest.raises(lx.DataFileError, match=r"'date_words.toward' lists 'tới' twice"):
        lx.check("lexicon.json", {**raw, "date_words": {**raw["date_words"], "toward": ["đến", "tới", "tới"]}})


def test_slot_alternations_generate_the_forms_without_marks() -> None:
    marked = lx.slot_alternations("lexicon.json", "date_words")
    folded = lx.slot_alternations("lexicon.json", "date_words", folded=True)
    both = lx.slot_alternations("lexicon.json", "date_words", plain_too=True)
    assert marked["year"] == "năm" and folded["year"] == "nam"
    def reads(alt: str, word: str) -> bool:
        return regex.fullmatch(rf"(?:{alt})", word) is not None

    assert reads(both["day"], "ngày") and reads(both["day"], "ngay") and not reads(both["day"], "ngáy")
    assert reads(folded["by_leads"], "cham nhat") and not reads(folded["by_leads"], "chậm nhất")
    assert reads(marked["by_leads"], "chậm nhất") and not reads(marked["by_leads"], "cham nhat")
    assert lx.slot_alternations("lexicon.json", "date_words") is marked  # built once per process


def test_old_tone_placements_are_generated_not_typed() -> None:
    assert lx.with_old_placements(["Ủy ban", "hòa nhập"]) == {"Ủy ban", "Uỷ ban", "hòa nhập", "hoà nhập"}
    assert lx.with_old_placements(["quý", "toán"]) == {"quý", "toán"}  # not after q, not inside a syllable


def test_rule_words_have_no_typed_forms_without_marks() -> None:
    """The slots moved out of the rules hold each word once: a form without marks of another word of the
    same slot would be a typed copy that fold generates."""
    from extractor.text.normalize import fold

    for name, key in [("lexicon.json", "date_words"), ("lexicon.json", "number_rule_words"),
                      ("lexicon.json", "name_rule_words"), ("lexicon.json", "subject_unit_words"),
                      ("lexicon.json", "object_clause_openers"), ("lexicon.json", "model_span_words"),
                      ("agencies.json", "rule_words"),
                      ("agencies.json", "document_words"), ("agencies.json", "title_kinds"),
                      ("context.json", "entity_rule_words"), ("layout.json", "outline_heads")]:
        for slot, words in lx.load_json(name)[key].items():
            typed = [w for w in words if any(v != w and fold(v) == w for v in words)]
            assert not typed, f"{name} {key}.{slot}: {typed}"


@pytest.mark.parametrize(
    ("name", "subset", "whole"),
    [("lexicon.json", "province_ranks", "place_ranks"), ("lexicon.json", "letterhead_ranks", "place_ranks"),
     ("lexicon.json", "country_wide_cues", "national_cues")],
)
def test_a_list_marking_a_subset_holds_only_words_of_the_whole(name: str, subset: str, whole: str) -> None:
    """One list of place ranks and one of national cues: the lists that mark a part of them hold no word of
    their own."""
    data = lx.load_json(name)
    assert set(data[subset]) <= set(data[whole]), sorted(set(data[subset]) - set(data[whole]))


def test_the_kinds_of_a_title_and_the_city_names_are_listed_once() -> None:
    """Each kind of document stands in one slot of `title_kinds`; the city word of a city's full name is one
    of the words `city_name_words` reads before that city."""
    a = lx.load_json("agencies.json")
    kinds = [k for ws in a["title_kinds"].values() for k in ws]
    assert len(kinds) == len(set(kinds))
    for city, words in a["city_full_names"].items():
        assert {w.lower() for w in words} <= {w.lower() for w in a["city_name_words"][city]}
