"""The rules' knowledge, loaded once from `extractor/data/*.json`.

Code reads words from here, never from literals of its own, so that a new
qualifier or unit is a data change. Loading is cached per process.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> Any:
    """A data file of the package, parsed."""
    return json.loads(resources.files("extractor").joinpath("data", name).read_text(encoding="utf-8"))


def lexicon() -> dict[str, Any]:
    """The word lists in `data/lexicon.json`."""
    return load_json("lexicon.json")
