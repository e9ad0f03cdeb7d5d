"""Kill a batch at random moments and check that nothing is lost, nothing doubled, every byte as a clean run.

    python benchmarks/faults.py                          # 300 documents, 5 kills, JSONL, CSV and Parquet
    python benchmarks/faults.py --docs 60 --kills 2 --formats jsonl,parquet --workers 2

A corpus is generated here (seeded; sentences written for this script, plus an empty file and a binary one,
which become error records). For each format the script makes one clean run; then, `--kills` times, it
starts `vnpolicy extract CORPUS -o OUT --resume` on a fresh output, sends `kill -9` at a random point (a
record count drawn from 0 to all: model loading, extraction and the table write are all hit), and runs the
same command again to finish. After each of these it checks:

- every document is in the log exactly once (0 lost, 0 duplicated);
- the output (and, for CSV and Parquet, its JSONL log) is byte-identical to the clean run's;
- no temporary file is left beside the output.

Exit status 0 when every check holds for every format, 1 otherwise, 2 when `--corpus` names nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SUBJECTS = ["doanh nghiệp khởi nghiệp", "hợp tác xã nông nghiệp", "trạm y tế xã", "trường học đạt chuẩn",
            "km đường giao thông nông thôn", "căn nhà ở xã hội", "điểm truy cập Internet công cộng"]
LEADS = ["Phấn đấu đến năm {y}, toàn tỉnh có khoảng {n} {s}.", "Đến năm {y}, xây dựng mới {n} {s}.",
         "Mục tiêu đến năm {y}: tỷ lệ {s} đạt {p}%."]
TAILS = ["Sở Kế hoạch và Tài chính chủ trì, phối hợp với các sở, ngành thực hiện.",
         "Năm 2024, toàn tỉnh mới có {m} {s}.", "Ủy ban nhân dân cấp xã tổ chức triển khai trên địa bàn."]


def make_corpus(folder: Path, docs: int, seed: int) -> None:
    """`docs` documents: text files of a few sentences, one empty and one binary among them."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(docs - 2):
        s = rng.choice(SUBJECTS)
        lines = [rng.choice(LEADS).format(y=rng.randint(2026, 2035), n=rng.randint(5, 900), s=s,
                                          p=rng.randint(40, 99))
                 for _ in range(rng.randint(1, 4))]
        lines.append(rng.choice(TAILS).format(m=rng.randint(1, 50), s=s))
        (folder / f"{i // 50:02d}" / f"doc{i:04d}.txt").parent.mkdir(exist_ok=True)
        (folder / f"{i // 50:02d}" / f"doc{i:04d}.txt").write_text(" ".join(lines), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)


def command(corpus: Path, out: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "extractor", "extract", str(corpus), "-o", str(out), "--resume", "-q",
            "--chunk-size", "2", "--workers", str(workers)]


def log_of(out: Path, fmt: str) -> Path:
    return out if fmt == "jsonl" else out.with_name(out.name + ".jsonl")


@dataclass
class Result:
    fmt: str
    kills: list[int] = field(default_factory=list)  # records in the log when each kill was sent
    finished_early: int = 0  # runs that ended before their kill came
    lost: int = 0
    duplicated: int = 0
    different: int = 0  # files not byte-identical to the clean run's
    leftovers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.different == 0 and not self.leftovers


def clean_run(corpus: Path, out: Path, workers: int) -> float:
    started = time.monotonic()
    proc = subprocess.run(command(corpus, out, workers), capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"the clean run failed ({proc.returncode}): {proc.stderr.strip()}")
    return time.monotonic() - started


def _lines(path: Path) -> int:
    try:
        with open(path, "rb") as fh:
            return sum(1 for _ in fh)
    except OSError:
        return 0


def killed_run(corpus: Path, out: Path, fmt: str, workers: int, expected: int, rng: random.Random,
               result: Result) -> None:
    """One trial: a fresh run killed at a random point, then resumed to the end.

    The point is a record count drawn uniformly from 0 to all of them (0: while the model loads; all: after
    the last record, while the table is written), so the load of the machine does not decide where kills land.
    """
    shutil.rmtree(out.parent, ignore_errors=True)
    out.parent.mkdir(parents=True)
    at_record = rng.randint(0, expected)
    log = log_of(out, fmt)
    proc = subprocess.Popen(command(corpus, out, workers), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if at_record == 0:
        time.sleep(rng.uniform(0.0, 2.0))
    while proc.poll() is None and at_record and _lines(log) < at_record:
        time.sleep(0.005)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        result.kills.append(min(_lines(log), expected))
    else:
        result.finished_early += 1
    final = subprocess.run(command(corpus, out, workers), capture_output=True, text=True)
    if final.returncode not in (0, 1) or not out.exists():
        raise SystemExit(f"the resumed run failed ({final.returncode}; output there: {out.exists()}; "
                         f"folder: {sorted(p.name for p in out.parent.iterdir())}): {final.stderr.strip()}")


def check(result: Result, out: Path, ref: Path, expected: int) -> None:
    """Add this trial's losses, duplicates, differences and leftovers to the result."""
    fmt = result.fmt
    ids = [json.loads(line)["doc_id"] for line in log_of(out, fmt).read_text(encoding="utf-8").splitlines()]
    result.duplicated += len(ids) - len(set(ids))
    result.lost += expected - len(set(ids))
    pairs = [(out, ref)] + ([] if fmt == "jsonl" else [(log_of(out, fmt), log_of(ref, fmt))])
    result.different += sum(a.read_bytes() != b.read_bytes() for a, b in pairs)
    result.leftovers += sorted(p.name for p in out.parent.iterdir() if p.name.endswith(".tmp"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300, help="documents in the generated corpus")
    ap.add_argument("--kills", type=int, default=5, help="runs killed per format before the one that finishes")
    ap.add_argument("--formats", default="jsonl,csv,parquet")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--corpus", type=Path, help="use this folder of documents instead of generating one")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="vnpolicy-faults-") as tmp:
        root = Path(tmp)
        corpus = args.corpus or root / "corpus"
        if args.corpus is None:
            make_corpus(corpus, args.docs, args.seed)
        elif not corpus.is_dir() or not any(corpus.rglob("*.txt")):
            print(f"error: {corpus} is not a folder of .txt documents", file=sys.stderr)
            return 2
        expected = sum(1 for p in corpus.rglob("*.txt"))
        results = []
        for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
            (root / fmt / "ref").mkdir(parents=True)
            (root / fmt / "run").mkdir(parents=True)
            ref, out = root / fmt / "ref" / f"out.{fmt}", root / fmt / "run" / f"out.{fmt}"
            span = clean_run(corpus, ref, args.workers)
            result = Result(fmt)
            for _ in range(args.kills):
                killed_run(corpus, out, fmt, args.workers, expected, rng, result)
                check(result, out, ref, expected)
            results.append(result)
            print(f"{fmt:8} clean run {span:5.1f} s; killed after {result.kills} records"
                  f"{f' ({result.finished_early} finished first)' if result.finished_early else ''}: "
                  f"lost {result.lost}, duplicated {result.duplicated}, "
                  f"byte-identical {'yes' if not result.different else f'NO ({result.different} files)'}, "
                  f"temporaries left {result.leftovers or 'none'}", flush=True)
            shutil.rmtree(root / fmt)
    ok = all(r.ok for r in results) and bool(results)
    print(f"{'PASS' if ok else 'FAIL'}: {expected} documents, {len(results)} formats")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
