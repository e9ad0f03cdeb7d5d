"""Build the NER corpus: corpora/ner/src/*.txt (inline markup) → train.jsonl / dev.jsonl.

    python corpora/ner/build.py            # writes corpora/ner/train.jsonl and dev.jsonl

Each line: {"id", "text", "spans": [{"start", "end", "label"}], "sector"} with
character offsets into "text"; "sector" is the source file's stem.

The split is deterministic and stratified by file: within each file, sentences are
ordered by the SHA-1 of their text and the first 15% go to dev. Hashing (not line
order) keeps a sentence in the same split when others are added or moved, so a
growing corpus does not reshuffle dev; stratifying keeps every sector in dev.
Exact duplicate sentences are kept once (the first), so none sits in both splits.

Every sentence with diacritics also gets a diacritic-free twin, generated with
`extractor.text.normalize.fold` (same length, so the spans carry over), in the same split
as its original: text typed without tone marks is a register of its own, and no twin may
leak a dev sentence into train.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))

from markup import read_file  # noqa: E402 - sibling script module

from extractor.text.normalize import fold  # noqa: E402 - the project's own folding

DEV_SHARE = 0.15


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def records(src: Path = HERE / "src") -> dict[str, list[dict]]:
    """Corpus rows per sector (file stem), duplicates removed, in file order."""
    seen: set[str] = set()
    out: dict[str, list[dict]] = {}
    for path in sorted(src.glob("*.txt")):
        rows = out.setdefault(path.stem, [])
        for text, spans in read_file(path):
            if text in seen:
                continue
            seen.add(text)
            rows.append({
                "id": f"{path.stem}-{_hash(text)[:10]}",
                "text": text,
                "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans],
                "sector": path.stem,
            })
    return out


def split(by_sector: dict[str, list[dict]], dev_share: float = DEV_SHARE) -> tuple[list[dict], list[dict]]:
    """(train, dev): per sector, the `dev_share` of sentences with the smallest text hash → dev."""
    train: list[dict] = []
    dev: list[dict] = []
    for sector in sorted(by_sector):
        rows = by_sector[sector]
        n_dev = round(len(rows) * dev_share)
        dev_ids = {r["id"] for r in sorted(rows, key=lambda r: _hash(r["text"]))[:n_dev]}
        for r in rows:
            (dev if r["id"] in dev_ids else train).append(r)
    return train, dev


def with_folded_twins(rows: list[dict], corpus: set[str] | None = None) -> list[dict]:
    """Each row followed by its diacritic-free twin (id + "-nd"), unless folding changes nothing or the
    folded text is already in the corpus (`corpus`: the texts of both splits, so no twin of a dev
    sentence repeats a train sentence typed without diacritics; it is updated, so two sentences that fold
    to one text, "hoà"/"hòa", give one twin across both splits)."""
    seen = corpus if corpus is not None else {r["text"] for r in rows}
    out: list[dict] = []
    for r in rows:
        out.append(r)
        text = fold(r["text"])
        if text != r["text"] and text not in seen and len(text) == len(r["text"]):
            seen.add(text)
            out.append({**r, "id": r["id"] + "-nd", "text": text})
    return out


def write_jsonl(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def build(src: Path = HERE / "src", out_dir: Path = HERE) -> tuple[Path, Path]:
    """Write train.jsonl and dev.jsonl; returns their paths."""
    train, dev = split(records(src))
    texts = {r["text"] for r in train + dev}
    dev = with_folded_twins(dev, texts)
    train = with_folded_twins(train, texts)
    out_dir.mkdir(parents=True, exist_ok=True)
    train_path, dev_path = out_dir / "train.jsonl", out_dir / "dev.jsonl"
    write_jsonl(train, train_path)
    write_jsonl(dev, dev_path)
    return train_path, dev_path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=HERE / "src")
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args(argv)
    train_path, dev_path = build(args.src, args.out)
    for p in (train_path, dev_path):
        rows = [json.loads(line) for line in p.open(encoding="utf-8")]
        print(f"{p}: {len(rows)} sentences, {sum(len(r['spans']) for r in rows)} spans")
    return 0


if __name__ == "__main__":
    sys.exit(main())
