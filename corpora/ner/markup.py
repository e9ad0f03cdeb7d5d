"""Read the corpus's source markup: one sentence a line, entities as [[LABEL|text]].

    Giao [[ORG|Sở Y tế]] chủ trì, phối hợp với [[ORG|UBND tỉnh Bắc Ninh]] thực hiện [[DOC|Kế hoạch số 12/KH-UBND]].

Lines starting with '#' and blank lines are skipped. `python corpora/ner/markup.py FILE...`
checks files and prints per-label counts; it exits 1 on any malformed line.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

LABELS = ("ORG", "LOC", "PER", "DOC")
MARK = re.compile(r"\[\[([A-Z]+)\|([^\[\]|]+)\]\]")


def parse_line(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text and (start, end, label) spans; raises ValueError on malformed markup."""
    line = unicodedata.normalize("NFC", line.rstrip("\n"))
    out, spans, pos = [], [], 0
    for m in MARK.finditer(line):
        label, ent = m.group(1), m.group(2)
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r}")
        if ent != ent.strip() or not ent.strip():
            raise ValueError(f"entity text has outer spaces or is empty: {ent!r}")
        out.append(line[pos:m.start()])
        start = sum(len(s) for s in out)
        out.append(ent)
        spans.append((start, start + len(ent), label))
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise ValueError("unbalanced [[ ]] markup")
    return text, spans


def read_file(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            rows.append(parse_line(line))
        except ValueError as e:
            raise ValueError(f"{path}:{n}: {e}") from None
    return rows


def main(argv: list[str]) -> int:
    bad = 0
    for name in argv:
        try:
            rows = read_file(Path(name))
        except ValueError as e:
            print(e)
            bad += 1
            continue
        c = Counter(label for _, spans in rows for *_, label in spans)
        print(f"{name}: {len(rows)} sentences, " + ", ".join(f"{k} {c[k]}" for k in LABELS))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
