"""The two seed documents of the shared dev set come out complete (every field of every target).

Scored with the project's own scorer from ../shared; skipped where ../shared is not beside the
project (a user's checkout), never faked.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import extractor

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "eval" / "score.py"
GOLD = SHARED / "corpus" / "dev"

pytestmark = pytest.mark.skipif(not SCORER.exists() or not GOLD.exists(),
                                reason="../shared (scorer and dev gold) is not beside the project")


@pytest.fixture(scope="module")
def scorer():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("name", ["seed-bac-ninh", "seed-can-tho"])
def test_seed_targets_complete(scorer, name: str) -> None:
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    pred = extractor.extract(gold["text"], doc_id=name).model_dump(mode="json")
    res, misses = scorer.score([gold], {name: pred})
    assert res["targets"]["recall"] == 1.0, misses
    assert res["complete_f1"] > 0 and not [m for m in misses if m[1] != "spurious"], misses
    matched = res["targets"]["matched"]
    assert matched == len(gold["targets"])
