"""Our NER (model + gazetteer) against underthesea's CRF `ner()`, same documents, same scorer.

    python benchmarks/ner_vs_underthesea.py                 # corpora/ner/dev.jsonl
    python benchmarks/ner_vs_underthesea.py --gold DIR      # also DIR/*.json gold files

Why this benchmark: underthesea's NER is the obvious off-the-shelf alternative, so
our trained model has to beat it on policy text to be worth shipping.

Scoring is the project scorer's: per document and label, the *set* of normalised
entity texts (NFC, lower case, white space folded), micro precision/recall/F1 over
documents. Gold files are JSON with "text" and "entities": [{"text", "label"}].
underthesea has no DOC label (its MISC is not scored), so its DOC row is 0 and the
"ALL-3" row (ORG, LOC, PER) is the fair overall comparison. underthesea is run
one sentence at a time (`underthesea.sent_tokenize` per line), as it expects;
each dev sentence is one document.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ("ORG", "LOC", "PER", "DOC")
Doc = tuple[str, dict[str, set[str]]]  # text, label -> normalised entity texts


def norm(s: str) -> str:
    """The project scorer's normalisation of an entity text."""
    return " ".join(unicodedata.normalize("NFC", s).lower().split())


def _sets(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {label: set() for label in LABELS}
    for text, label in pairs:
        if label in out and norm(text):
            out[label].add(norm(text))
    return out


def load_dev(path: Path) -> list[Doc]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [
        (r["text"], _sets((r["text"][s["start"]:s["end"]], s["label"]) for s in r["spans"]))
        for r in rows
    ]


def load_gold(directory: Path) -> list[Doc]:
    docs = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        docs.append((data["text"], _sets((e["text"], e["label"]) for e in data.get("entities", []))))
    return docs


def ours(texts: list[str]) -> list[dict[str, set[str]]]:
    from extractor.ner import recognise_many

    found = recognise_many(texts)
    return [_sets((t[s:e], lab) for s, e, lab in ents) for t, ents in zip(texts, found, strict=True)]


def extractor_entities(texts: list[str]) -> list[dict[str, set[str]]]:
    """What a user of `extractor.extract` gets: the model and gazetteer merged with the rules."""
    import extractor

    return [_sets((e.text, e.label) for e in extractor.extract(t).entities) for t in texts]


def underthesea_entities(text: str) -> list[tuple[str, str]]:
    """underthesea.ner over each sentence; B-/I- runs of ORG/LOC/PER joined into entity texts."""
    from underthesea import ner, sent_tokenize

    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        for sent in sent_tokenize(line):
            cur: list[str] = []
            label = ""
            for word, _pos, _chunk, tag in ner(sent):
                if tag.startswith("I-") and cur and tag[2:] == label:
                    cur.append(word)
                    continue
                if cur:
                    out.append((" ".join(cur), label))
                cur, label = ([word], tag[2:]) if tag[:2] in ("B-", "I-") else ([], "")
            if cur:
                out.append((" ".join(cur), label))
    return out


def theirs(texts: list[str]) -> list[dict[str, set[str]]]:
    return [_sets(underthesea_entities(t)) for t in texts]


Sets = dict[str, set[str]]


def score(gold: list[Sets], pred: list[Sets]) -> dict[str, tuple[float, float, float]]:
    """Micro P/R/F1 per label, over all labels (ALL) and over ORG/LOC/PER (ALL-3)."""
    counts = {k: [0, 0, 0] for k in (*LABELS, "ALL", "ALL-3")}  # tp, n_pred, n_gold
    for g, p in zip(gold, pred, strict=True):
        for label in LABELS:
            tp, n_p, n_g = len(g[label] & p[label]), len(p[label]), len(g[label])
            keys = [label, "ALL"] + (["ALL-3"] if label != "DOC" else [])
            for k in keys:
                counts[k][0] += tp
                counts[k][1] += n_p
                counts[k][2] += n_g
    out = {}
    for k, (tp, n_p, n_g) in counts.items():
        p = tp / n_p if n_p else 0.0
        r = tp / n_g if n_g else 0.0
        out[k] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def run(name: str, docs: list[Doc]) -> None:
    texts = [t for t, _ in docs]
    gold = [g for _, g in docs]
    n_chars = sum(len(t) for t in texts)
    systems: list[tuple[str, Callable[[list[str]], list[dict[str, set[str]]]]]] = [
        ("ours", ours),
        ("extract()", extractor_entities),
        ("underthesea", theirs),
    ]
    results = {}
    for sys_name, fn in systems:
        fn(texts[:2])  # load models outside the timing
        t0 = time.perf_counter()
        pred = fn(texts)
        dt = time.perf_counter() - t0
        results[sys_name] = (score(gold, pred), n_chars / dt if dt else 0.0)
    n_gold = {label: sum(len(g[label]) for g in gold) for label in LABELS}
    print(f"\n== {name}: {len(docs)} documents, {n_chars} chars; gold entities: "
          + ", ".join(f"{k} {v}" for k, v in n_gold.items()))
    names = list(results)
    print(f"{'label':<7}" + "".join(f"{n + ' P':>16}{'R':>7}{'F1':>7}" for n in names))
    for k in (*LABELS, "ALL-3", "ALL"):
        cells = "".join(f"{results[n][0][k][0]:>16.3f}{results[n][0][k][1]:>7.3f}{results[n][0][k][2]:>7.3f}"
                        for n in names)
        print(f"{k:<7}{cells}")
    print(f"{'chars/s':<7}" + "".join(f"{results[n][1]:>30.0f}" for n in names))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=ROOT / "corpora" / "ner" / "dev.jsonl")
    ap.add_argument("--gold", type=Path, default=None, help="directory of gold JSON files (text, entities)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    # A missing input is an error, not a table of zeros that reads like a result.
    if not args.dev.is_file():
        print(f"error: {args.dev} missing: run corpora/ner/build.py first", file=sys.stderr)
        return 2
    dev = load_dev(args.dev)
    if not dev:
        print(f"error: {args.dev} holds no sentences", file=sys.stderr)
        return 2
    gold = None
    if args.gold is not None:
        gold = load_gold(args.gold) if args.gold.is_dir() else []
        if not gold:
            print(f"error: no gold files (*.json) in {args.gold}", file=sys.stderr)
            return 2
    run(f"corpus dev split ({args.dev.name})", dev)
    if gold is not None:
        run(f"gold directory {args.gold}", gold)
    return 0

if __name__ == "__main__":
    sys.exit(main())
