"""The provinces of Việt Nam before and after the 2025-07-01 merger: one source for the whole package.

The tables come from underthesea's `address/data/mapping.json` (63 former and 34 current provinces and
the old → new map), not from a typed list; `data/gazetteer/province_aliases.tsv` adds the other ways
texts write them ("Thừa Thiên Huế", "TP.HCM"). Both the rules (`agencies`) and the NER gazetteer
read them here, so the 4.8 MB file is parsed once per process.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from importlib import resources

from extractor.rules.lexicon import cue_forms, load_json
from extractor.text.normalize import fold


@lru_cache(maxsize=1)
def _rank_prefixes() -> tuple[str, ...]:
    """How a province's name may begin before its proper name ('tỉnh ', 'thanh pho ', 'tp.'), lower-cased, with
    and without marks, longest first: `province_ranks` of data/lexicon.json followed by a space, and an
    abbreviation's dot alone ('tp.Hà Nội')."""
    ranks = load_json("lexicon.json")["province_ranks"]
    forms = cue_forms(ranks) | cue_forms(ranks, folded=True)
    prefixes = {f + " " for f in forms} | {f for f in forms if f.endswith(".")}
    return tuple(sorted(prefixes, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _mapping() -> dict:
    """underthesea.address's province tables (the ward tables of the same file are dropped)."""
    path = resources.files("underthesea").joinpath("address", "data", "mapping.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: data[k] for k in ("old_province_names", "province_names", "province_mapping")}


def key(name: str) -> str:
    """Comparison key of a place name: no diacritics, no case, no spaces or dashes."""
    s = fold(unicodedata.normalize("NFC", " ".join(name.split())).lower())
    return "".join(c for c in s if c.isalnum())


def _strip_rank(name: str) -> str:
    s = " ".join(unicodedata.normalize("NFC", name).split())
    low = s.lower()
    for p in _rank_prefixes():
        if low.startswith(p) and len(s) > len(p):
            return s[len(p):].strip()
    return s


@lru_cache(maxsize=1)
def aliases() -> tuple[tuple[str, str], ...]:
    """(alias, province) rows of data/gazetteer/province_aliases.tsv."""
    path = resources.files("extractor").joinpath("data", "gazetteer", "province_aliases.tsv")
    text = path.read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        line = unicodedata.normalize("NFC", line.strip())
        if line and not line.startswith("#"):
            cells = [c.strip() for c in line.split("\t")]
            rows.append((cells[0], cells[1]))
    return tuple(rows)


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Key of every province name and alias → its current (post-merger) short name."""
    m = _mapping()
    new_names = m["province_names"]
    index: dict[str, str] = {}
    for old_key, info in m["old_province_names"].items():
        new_key = m["province_mapping"].get(old_key)
        if new_key in new_names:
            index[key(info["short"])] = new_names[new_key]["short"]
    for info in new_names.values():
        index[key(info["short"])] = info["short"]
    for alias, target in aliases():
        if key(target) in index:
            index[key(alias)] = index[key(target)]
    return index


@lru_cache(maxsize=4096)
def to_current_province(name: str | None) -> str | None:
    """Current province (after the 2025-07-01 merger) of a former or current province name.

    Rank words ("tỉnh", "thành phố", "TP.") and tone placement or missing
    diacritics don't matter: "tỉnh Bắc Giang" → "Bắc Ninh", "Quảng Bình" →
    "Quảng Trị", "Ha Noi" → "Hà Nội". None for a name that is not a province.
    """
    if not isinstance(name, str) or not name.strip():
        return None
    index = _index()
    return index.get(key(name)) or index.get(key(_strip_rank(name)))


@lru_cache(maxsize=1)
def province_names() -> frozenset[str]:
    """Short names of the 63 former and 34 current provinces, as underthesea spells them."""
    m = _mapping()
    return frozenset(v["short"] for k in ("old_province_names", "province_names") for v in m[k].values())
