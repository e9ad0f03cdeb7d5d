"""Check that every corpus span starts and ends on a token boundary of our tokenizer.

    python corpora/ner/check_spans.py [FILE.jsonl ...]   # default: train.jsonl dev.jsonl

A span that cuts a token cannot be learnt by a token-level NER model (spaCy drops
it as misaligned), so this is the guard between the corpus and training. Exits 1
and lists the offenders (file, id, span text with its tokens) if any span is off.
The segmentation mode is read from extractor/ner/config.cfg, so the check is
always against the tokenizer the model is trained with.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))


def configured_segment() -> str:
    """The tokenizer's segment mode in the training config."""
    from spacy.util import load_config

    import extractor.ner  # noqa: F401 - registers the tokenizer

    cfg = load_config(ROOT / "extractor" / "ner" / "config.cfg", interpolate=False)
    return str(cfg["nlp"]["tokenizer"].get("segment", "syllable"))


def offenders(rows: list[dict], segment: str) -> list[tuple[dict, dict]]:
    """(row, span) pairs whose span edges are not token edges."""
    from extractor.ner.tokenizer import token_offsets

    bad = []
    for row in rows:
        toks = token_offsets(row["text"], segment)
        starts = {s for s, _ in toks}
        ends = {e for _, e in toks}
        for sp in row["spans"]:
            if sp["start"] not in starts or sp["end"] not in ends:
                bad.append((row, sp))
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--segment", choices=("syllable", "word"), default=None)
    args = ap.parse_args(argv)
    files = args.files or [HERE / "train.jsonl", HERE / "dev.jsonl"]
    if not args.files and not all(f.exists() for f in files):
        from build import build

        build()
    segment = args.segment or configured_segment()
    from extractor.ner.tokenizer import token_offsets

    total = n_bad = 0
    for path in files:
        rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        total += sum(len(r["spans"]) for r in rows)
        for row, sp in offenders(rows, segment):
            n_bad += 1
            text = row["text"]
            toks = [text[s:e] for s, e in token_offsets(text, segment)
                    if e > sp["start"] - 15 and s < sp["end"] + 15]
            print(f"{path.name}\t{row['id']}\t{sp['label']}\t{text[sp['start']:sp['end']]!r}\ttokens={toks}")
    print(f"{n_bad} of {total} spans off token boundaries (segment={segment})")
    return 1 if n_bad else 0


if __name__ == "__main__":
    sys.exit(main())
