"""Session set-up shared by every test file: the stage knock-out switch of benchmarks/knockout.py.

`VNPOLICY_KNOCKOUT` names module attributes, `module:attribute` separated by commas
(`extractor.rules.numbers:find_quantities`). For the whole session each is replaced by a stub that returns
nothing (an empty list; a batch form, `…_many`, an empty list for each text), so that the benchmark can
count how many tests notice that one stage is broken. The pipeline calls its stages through their modules
(`numbers.find_quantities(...)`, `targets.assemble(...)`), and `_load_recogniser` imports
`extractor.ner.recognise` and `recognise_many` when an `Extractor` is built, so patching the module
attribute reaches every call made after the patch. The process-wide extractor is dropped before and
after, so that it is built again with the stub in place. Unset (the normal run) the fixture does nothing.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator

import pytest

KNOCKOUT_ENV = "VNPOLICY_KNOCKOUT"


def _returns_nothing(*args: object, **kwargs: object) -> list[object]:
    """The broken stage: whatever it is asked, it finds nothing."""
    return []


def _returns_nothing_each(texts: list[object], *args: object, **kwargs: object) -> list[list[object]]:
    """The broken batch form of a stage (`recognise_many`): nothing for each of the texts it is asked about."""
    return [[] for _ in texts]


def knockout_targets(spec: str) -> list[tuple[str, str]]:
    """(module, attribute) pairs of a VNPOLICY_KNOCKOUT value; an empty value names none."""
    pairs = []
    for item in (x.strip() for x in spec.split(",")):
        if item:
            module, sep, attribute = item.partition(":")
            if not (sep and module and attribute):
                raise pytest.UsageError(f"{KNOCKOUT_ENV}: {item!r} is not module:attribute")
            pairs.append((module, attribute))
    return pairs


@pytest.fixture(scope="session", autouse=True)
def _knockout() -> Iterator[None]:
    """Replace the stages named by VNPOLICY_KNOCKOUT by stubs for the session (see the module docstring)."""
    pairs = knockout_targets(os.environ.get(KNOCKOUT_ENV, ""))
    if not pairs:
        yield
        return
    from extractor.pipeline import get_extractor

    with pytest.MonkeyPatch.context() as patch:
        for module_name, attribute in pairs:
            module = importlib.import_module(module_name)
            if not callable(getattr(module, attribute, None)):
                raise pytest.UsageError(f"{KNOCKOUT_ENV}: {module_name} has no function {attribute!r}; "
                                        "update the stage table in benchmarks/knockout.py")
            patch.setattr(module, attribute, _returns_nothing_each if attribute.endswith("_many") else _returns_nothing)
        get_extractor.cache_clear()
        yield
    get_extractor.cache_clear()
