"""Train the shipped NER pipeline: `python -m extractor.ner.train`.

One command, reproducible: builds the corpus from corpora/ner/src if the JSONL files
are missing or older than their sources (or `--rebuild`), converts them to DocBin with our tokenizer, trains
from extractor/ner/config.cfg with its fixed seed, prints per-label
precision/recall/F1 on dev (with and without the gazetteer) and saves the best
pipeline to extractor/ner/model/ (package data).

Why in-process `spacy.cli.train.train` rather than the `spacy train` CLI: the
tokenizer, gazetteer and augmenter are registered by importing extractor.ner, and
the CLI would need `--code`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import DocBin
from spacy.training import Example

from . import GAZETTEER_PIPE, model_path
from .biluo import set_biluo_tags

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).resolve().parent / "config.cfg"
CORPUS = ROOT / "corpora" / "ner"
CACHE = CORPUS / ".cache"
LABELS = ("ORG", "LOC", "PER", "DOC")


def _stale(*outputs: Path) -> bool:
    """Whether the JSONL corpus is missing or older than its sources (src/*.txt, build.py)."""
    if not all(p.exists() for p in outputs):
        return True
    sources = [*CORPUS.glob("src/*.txt"), CORPUS / "build.py", CORPUS / "markup.py"]
    newest = max((p.stat().st_mtime for p in sources if p.exists()), default=0.0)
    return newest > min(p.stat().st_mtime for p in outputs)


def _forget_paths(config_path: Path) -> None:
    """Drop this machine's corpus paths from the shipped config (they mean nothing elsewhere)."""
    cfg = spacy.util.load_config(config_path, interpolate=False)
    cfg["paths"]["train"] = None
    cfg["paths"]["dev"] = None
    cfg.to_disk(config_path)


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def to_docbin(nlp: Language, rows: list[dict], out: Path) -> tuple[int, int]:
    """Write rows as a DocBin; returns (spans kept, spans dropped as misaligned)."""
    db = DocBin(store_user_data=False)
    kept = dropped = 0
    for row in rows:
        doc = nlp.make_doc(row["text"])
        ents = []
        for sp in row["spans"]:
            span = doc.char_span(sp["start"], sp["end"], label=sp["label"])
            if span is None:
                dropped += 1
            else:
                ents.append(span)
                kept += 1
        doc.ents = spacy.util.filter_spans(ents)
        db.add(set_biluo_tags(doc))
    out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    return kept, dropped


def per_label_table(nlp: Language, examples: list[Example]) -> str:
    """Per-label and overall P/R/F1 as a text table."""
    scores = nlp.evaluate(examples)
    per = scores.get("ents_per_type") or {}
    lines = [f"{'label':<8}{'P':>8}{'R':>8}{'F1':>8}"]
    for label in LABELS:
        s = per.get(label, {"p": 0.0, "r": 0.0, "f": 0.0})
        lines.append(f"{label:<8}{s['p']:>8.3f}{s['r']:>8.3f}{s['f']:>8.3f}")
    lines.append(f"{'ALL':<8}{scores['ents_p']:>8.3f}{scores['ents_r']:>8.3f}{scores['ents_f']:>8.3f}")
    return "\n".join(lines)


def evaluate(model_dir: Path, dev: list[dict]) -> None:
    """Print dev scores of the saved pipeline, with and without the gazetteer."""
    nlp = spacy.load(model_dir)
    examples = []
    for row in dev:
        ref = nlp.make_doc(row["text"])
        spans = [ref.char_span(s["start"], s["end"], label=s["label"]) for s in row["spans"]]
        ref.ents = spacy.util.filter_spans([s for s in spans if s is not None])
        examples.append(Example(nlp.make_doc(row["text"]), ref))
    print(f"\ndev ({len(dev)} sentences), model + gazetteer (what ships):")
    print(per_label_table(nlp, examples))
    with nlp.select_pipes(disable=[GAZETTEER_PIPE]):
        print("\ndev, model alone:")
        print(per_label_table(nlp, examples))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rebuild", action="store_true", help="rebuild train/dev JSONL from corpora/ner/src")
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--output", type=Path, default=model_path())
    ap.add_argument("--max-steps", type=int, default=None, help="override training.max_steps (quick runs)")
    args = ap.parse_args(argv)

    train_jsonl, dev_jsonl = CORPUS / "train.jsonl", CORPUS / "dev.jsonl"
    if args.rebuild or _stale(train_jsonl, dev_jsonl):
        subprocess.run([sys.executable, str(CORPUS / "build.py")], check=True)

    config = spacy.util.load_config(args.config)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    train_rows, dev_rows = _read_jsonl(train_jsonl), _read_jsonl(dev_jsonl)
    for name, rows in (("train", train_rows), ("dev", dev_rows)):
        kept, dropped = to_docbin(nlp, rows, CACHE / f"{name}.spacy")
        note = f", {dropped} misaligned dropped" if dropped else ""
        print(f"{name}: {len(rows)} sentences, {kept} spans{note}")

    from spacy.cli.train import train as spacy_train

    overrides: dict[str, object] = {
        "paths.train": str(CACHE / "train.spacy"),
        "paths.dev": str(CACHE / "dev.spacy"),
    }
    if args.max_steps is not None:
        overrides["training.max_steps"] = args.max_steps
    out_dir = CACHE / f"training-{args.output.name}"  # two runs with different outputs may run side by side
    if out_dir.exists():
        shutil.rmtree(out_dir)
    t0 = time.time()
    spacy_train(args.config, out_dir, use_gpu=-1, overrides=overrides)
    print(f"trained in {time.time() - t0:.0f} s")

    if args.output.exists():
        shutil.rmtree(args.output)
    shutil.copytree(out_dir / "model-best", args.output)
    _forget_paths(args.output / "config.cfg")
    size = sum(p.stat().st_size for p in args.output.rglob("*") if p.is_file())
    print(f"saved to {args.output} ({size / 1e6:.1f} MB)")
    evaluate(args.output, dev_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
