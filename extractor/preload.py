"""What a process loads once, loaded now: so that a user's first `extract()` is no slower than the tenth.

Every rule module keeps its word lists and compiled patterns behind a zero-argument cached loader (built
from the data files on first use). A warm-up text cannot reach them all (a rule for country names runs only
where a country is named), so `preload` calls every such loader of the extraction stages that is still
empty. Loaders that take arguments (one pattern per spelling) are warmed by the warm-up texts, which
`Extractor()` extracts once before its first user's text (`warm_up_texts`). The NER model's vocabulary
grows with every new word it reads; `vocabulary_text` is the words of the data files, which `Extractor()`
has the model's tokenizer read, so that a first document does not pay for the words policy texts share.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from importlib import resources

from extractor.rules.lexicon import load_json
from extractor.rules.provinces import province_names
from extractor.text.normalize import fold

# A short document of the usual shape: header, headings, a target sentence, a table. A literal, not a data
# file: it is no word list the rules match, only input that makes every stage run once (a loader that takes
# an argument, one pattern per spelling, has no list of arguments to be called with). `_WARM_UP_BODY`
# makes the second warm-up text one NER model piece long (see `warm_up_texts`).
_WARM_UP = ("UBND TỈNH NAM ĐỊNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nKẾ HOẠCH\n\nII. MỤC TIÊU\n\n"
            "- Phấn đấu đến năm 2030 có 120 ki-ốt bán hàng và 95% hộ dân dùng nước sạch.\n\n"
            "| Chỉ tiêu | Đơn vị | Mục tiêu 2030 |\n| Diện tích rừng | ha | 1.000 |\n")
_WARM_UP_BODY = "- Đến năm 2028, Sở Y tế phấn đấu 90% trạm y tế xã có bác sĩ; Sở Tài chính bố trí kinh phí.\n"

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


def warm_up_texts() -> tuple[str, str]:
    """What `Extractor()` extracts once when it is built: the warm-up document without diacritics (the
    folded patterns), then with them and a body that makes it a whole model piece long: the first arrays of
    that size cost page faults (glibc then raises its mmap threshold and keeps such buffers), which a
    user's first long document would pay."""
    return fold(_WARM_UP), _WARM_UP + _WARM_UP_BODY * 40


# The word-list files whose words the vocabulary is filled with (the encodings tables are no words).
_WORD_FILES = ("lexicon.json", "agencies.json", "context.json", "layout.json", "tables.json")


def vocabulary_text() -> str:
    """Every word and name (and word used as a key) of the data word lists and gazetteers and the provinces'
    names, one a line, then all of them without diacritics: the words policy texts share (no comment and
    no `_about` prose)."""
    from extractor.ner.names import data_rows  # only when the model is used: the ner package loads spaCy

    words: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            words.append(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if not key.startswith("_"):
                    if not (key.isascii() and key.isidentifier()):  # a word as a key, not a key of the schema
                        words.append(key)
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in _WORD_FILES:
        walk(load_json(name))
    gazetteer = resources.files("extractor") / "data" / "gazetteer"
    for path in sorted(gazetteer.iterdir(), key=lambda p: p.name):
        if path.name.endswith((".txt", ".tsv")):
            words.extend(cell for row in data_rows(path.name) for cell in row)
    words.extend(sorted(province_names()))  # from underthesea's address tables, not from our files
    text = "\n".join(words)
    return text + "\n" + fold(text)
