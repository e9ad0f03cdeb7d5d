"""What a process loads once, loaded now: so that a user's first `extract()` is no slower than the tenth.

Every rule module keeps its word lists and compiled patterns behind a zero-argument cached loader (built
from the data files on first use). A warm-up text cannot reach them all (a rule for country names runs only
where a country is named), so `preload` calls every such loader of the extraction stages that is still
empty. Loaders that take arguments (one pattern per spelling) are warmed by the warm-up texts.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

# The packages of the extraction stages; io/batch/app load their own tables when they are used.
STAGE_PACKAGES = ("text", "rules", "ner", "context", "targets")


def preload(packages: tuple[str, ...] = STAGE_PACKAGES, skip: frozenset[str] = frozenset()) -> int:
    """Call every zero-argument cached loader in the stage packages not yet called, except those named in
    `skip` ("module.function": the NER model when the extractor runs on rules only); how many were called."""
    called = 0
    for package in packages:
        root = importlib.import_module(f"extractor.{package}")
        names = [root.__name__] + [m.name for m in pkgutil.walk_packages(root.__path__, prefix=f"{root.__name__}.")
                                   if not m.name.rsplit(".", 1)[-1].startswith("_") and not m.name.endswith(".train")]
        for name in names:
            module = importlib.import_module(name)
            for fn in vars(module).values():
                if _cold_loader(fn, module.__name__) and f"{module.__name__}.{fn.__name__}" not in skip:
                    fn()
                    called += 1
    return called


def _cold_loader(fn: object, module: str) -> bool:
    """A cached function of `module` itself that takes no argument and has not run yet."""
    info = getattr(fn, "cache_info", None)
    if info is None or getattr(fn, "__module__", None) != module or info().currsize:
        return False
    try:
        return not inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
