"""Does extract() scale linearly with document length, in time and memory?

    python benchmarks/scaling.py                      # 100 KB, 1 MB and 20 MB
    python benchmarks/scaling.py --quick              # 100 KB and 1 MB only
    python benchmarks/scaling.py --sizes 50k,2m --rules-only --timeout 600

One *long document* per size is generated here, deterministically (seeded random generator; templates and
phrases written for this benchmark, no real text): a decision header with a number, legal bases citing
decisions, numbered sections of aims with values, units, qualifiers and deadlines, tasks put to
departments and people's committees with dates, news-like paragraphs, history with past values, and
filler without targets. The same seed gives the same text at every size: the bigger document continues
the smaller one.

Each size runs in a fresh child process: it loads the extractor (the NER model, unless --rules-only),
warms it on a short text, then times one `extract()` call on the whole document. The table gives
characters per second of that call and the child's peak RSS (`ru_maxrss` from `os.wait4`, i.e.
`getrusage` of that child), then two verdicts: throughput stays within 2x across sizes (linear time),
and peak memory stays under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = "100k,1m,20m"
QUICK_SIZES = "100k,1m"
MEMORY_LIMIT_MB = 1024
RATIO_LIMIT = 2.0

# ---------------------------------------------------------------- document generator

PROVINCES = ["Bắc Ninh", "Bắc Giang", "Hà Nội", "Hải Phòng", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Huế",
             "Đà Nẵng", "Quảng Nam", "Khánh Hòa", "Lâm Đồng", "Đồng Nai", "Bình Dương", "Cần Thơ", "An Giang",
             "Kiên Giang", "Cà Mau", "Lào Cai", "Yên Bái", "Thái Nguyên", "Phú Thọ", "Vĩnh Phúc", "Hưng Yên"]
DEPARTMENTS = ["Sở Y tế", "Sở Tài chính", "Sở Giáo dục và Đào tạo", "Sở Công Thương", "Sở Xây dựng",
               "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ", "Sở Nội vụ",
               "Sở Văn hóa, Thể thao và Du lịch"]
MINISTRIES = ["Bộ Y tế", "Bộ Tài chính", "Bộ Công Thương", "Bộ Xây dựng", "Bộ Khoa học và Công nghệ",
              "Bộ Giáo dục và Đào tạo", "Bộ Nông nghiệp và Môi trường"]
CODES = ["QĐ-UBND", "KH-UBND", "NQ-HĐND", "QĐ-TTg", "NQ-CP", "CT-UBND", "KH-SYT", "QĐ-BYT"]
KINDS = ["Quyết định", "Kế hoạch", "Nghị quyết", "Chỉ thị"]
TOPICS = ["phát triển kinh tế số", "chuyển đổi số", "xây dựng nông thôn mới", "giảm nghèo bền vững",
          "phát triển nhà ở xã hội", "chăm sóc sức khỏe nhân dân", "phát triển nguồn nhân lực",
          "bảo vệ môi trường", "phát triển du lịch", "phát triển công nghiệp hỗ trợ"]
# (subject, unit forms that fit it, value range)
MEASURES = [
    ("tỷ lệ hộ dân sử dụng nước sạch", ["%"], (60, 100)),
    ("tỷ lệ hộ nghèo theo chuẩn đa chiều", ["%"], (0.5, 10)),
    ("tốc độ tăng trưởng GRDP bình quân", ["%/năm", "%"], (5, 12)),
    ("tỷ trọng kinh tế số trong GRDP", ["%"], (10, 35)),
    ("số doanh nghiệp công nghệ số", [" doanh nghiệp"], (200, 5000)),
    ("số xã đạt chuẩn nông thôn mới nâng cao", [" xã"], (10, 120)),
    ("tổng vốn đầu tư toàn xã hội", [" nghìn tỷ đồng", " tỷ đồng"], (10, 900)),
    ("kim ngạch xuất khẩu", [" tỷ USD", " triệu USD"], (1, 80)),
    ("thu nhập bình quân đầu người", [" triệu đồng/người/năm", " USD"], (60, 9000)),
    ("số giường bệnh", [" giường bệnh/vạn dân"], (25, 45)),
    ("số bác sĩ", [" bác sĩ/10.000 dân"], (10, 20)),
    ("diện tích rừng trồng mới", [" ha"], (500, 20000)),
    ("số căn nhà ở xã hội hoàn thành", [" căn"], (1000, 50000)),
    ("tỷ lệ che phủ rừng", ["%"], (30, 70)),
    ("công suất điện mặt trời mái nhà", [" MW"], (50, 2000)),
]
QUALIFIERS = ["", "", "", "ít nhất ", "khoảng ", "trên ", "tối thiểu ", "không dưới ", "dưới "]
LEADS = ["Phấn đấu đến năm {y}, ", "Đến năm {y}, ", "Mục tiêu đến năm {y}: ", "Đến hết năm {y}, ",
         "Trong giai đoạn {p0} - {y}, ", "Tầm nhìn đến năm {y2}, "]
VERBS = ["đạt", "đạt", "đạt", "tăng lên", "đạt mức"]
FILLER = [
    "Công tác tuyên truyền được đẩy mạnh, nhận thức của người dân và doanh nghiệp từng bước được nâng lên.",
    "Các cấp, các ngành cần quán triệt sâu sắc chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
    "Việc triển khai còn gặp nhiều khó khăn do nguồn lực hạn chế, cơ chế phối hợp chưa chặt chẽ.",
    "Tăng cường kiểm tra, giám sát, kịp thời tháo gỡ vướng mắc phát sinh trong quá trình thực hiện.",
    "Huy động sự tham gia của cả hệ thống chính trị, cộng đồng doanh nghiệp và người dân.",
    "Ứng dụng công nghệ thông tin trong quản lý, điều hành và cung cấp dịch vụ công trực tuyến.",
]


def _num(rng: random.Random, lo: float, hi: float) -> str:
    """A value written the Vietnamese way: thousands dot, decimal comma."""
    v = rng.uniform(lo, hi)
    if hi <= 20 and rng.random() < 0.6:
        return f"{v:.1f}".replace(".", ",")
    return f"{round(v):,}".replace(",", ".")


def _date(rng: random.Random, year: int) -> str:
    return f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}"


def _docref(rng: random.Random) -> str:
    y = rng.randint(2018, 2025)
    return f"{rng.choice(KINDS)} số {rng.randint(1, 4999)}/{rng.choice(CODES)} ngày {_date(rng, y)}"


def _aim(rng: random.Random, year: int) -> str:
    subject, units, (lo, hi) = rng.choice(MEASURES)
    verb = "giảm xuống còn" if "nghèo" in subject else rng.choice(VERBS)
    return f"{subject} {verb} {rng.choice(QUALIFIERS)}{_num(rng, lo, hi)}{rng.choice(units)}"


def paragraph(rng: random.Random, index: int, province: str) -> str:
    """One paragraph of a plan or of a news report about it."""
    y = rng.choice([2025, 2026, 2027, 2030, 2030, 2035])
    kind = rng.random()
    if kind < 0.30:
        lead = rng.choice(LEADS).format(y=y, p0=y - 5, y2=y + 15)
        aims = [_aim(rng, y) for _ in range(rng.randint(1, 3))]
        return f"- {lead}{'; '.join(aims)}."
    if kind < 0.45:
        body, partner = rng.choice(DEPARTMENTS), rng.choice(DEPARTMENTS + MINISTRIES)
        return (f"{index % 9 + 1}. {body}: Chủ trì, phối hợp với {partner} và UBND {rng.choice(['tỉnh', 'thành phố'])} "
                f"{rng.choice(PROVINCES)} triển khai kế hoạch {rng.choice(TOPICS)}, hoàn thành trước ngày "
                f"{_date(rng, y)}; báo cáo kết quả về UBND tỉnh {province} trước ngày 15/12 hằng năm.")
    if kind < 0.55:
        issuer = rng.choice(["Thủ tướng Chính phủ", "UBND tỉnh " + province, "HĐND tỉnh"])
        return f"Căn cứ {_docref(rng)} của {issuer} về {rng.choice(TOPICS)};"
    if kind < 0.68:
        place = rng.choice(PROVINCES)
        return (f"{place} đặt mục tiêu đến năm {y} {_aim(rng, y)}, đồng thời thu hút "
                f"{_num(rng, 1, 9)} tỷ USD vốn đầu tư trực tiếp nước ngoài. Theo {_docref(rng)}, "
                f"{rng.choice(DEPARTMENTS)} tỉnh {place} là cơ quan thường trực.")
    if kind < 0.78:
        y0 = rng.randint(2019, 2024)
        subject, units, (lo, hi) = rng.choice(MEASURES)
        return (f"Năm {y0}, {subject} đã đạt {_num(rng, lo, hi)}{units[0]}, tăng {_num(rng, 1, 15)}% so với "
                f"cùng kỳ năm trước.")
    if kind < 0.85:
        what = rng.choice(["tốc độ tăng trưởng kinh tế", "tốc độ tăng năng suất lao động"])
        return f"Giai đoạn {y - 5} - {y}, {what} bình quân đạt {_num(rng, 5, 10)}%/năm; {_aim(rng, y)}."
    if kind < 0.9:
        title = rng.choice(["MỤC TIÊU", "NHIỆM VỤ", "GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN"])
        return f"{rng.choice(['II', 'III', 'IV', 'V'])}. {title}"
    return " ".join(rng.sample(FILLER, rng.randint(1, 3)))


def header(rng: random.Random, province: str) -> str:
    return (f"ỦY BAN NHÂN DÂN\nTỈNH {province.upper()}\n-------\nSố: {rng.randint(1, 999)}/KH-UBND\n\n"
            f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            f"{province}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm 2025\n\nKẾ HOẠCH\n"
            f"Thực hiện Chương trình {rng.choice(TOPICS)} tỉnh {province} giai đoạn 2026 - 2030\n\nI. MỤC TIÊU")


def make_document(size: int, seed: int = 20250701) -> str:
    """A plan-like document of `size` characters (the last paragraph cut), deterministic for a seed."""
    rng = random.Random(seed)
    province = rng.choice(PROVINCES)
    parts = [header(rng, province)]
    total = len(parts[0])
    i = 0
    while total < size:
        sep = "\n\n" if rng.random() < 0.7 else "\n"
        p = paragraph(rng, i, province)
        parts.append(sep + p)
        total += len(sep) + len(p)
        i += 1
    return "".join(parts)[:size]


# ---------------------------------------------------------------- one size, in a child

_CHILD = r"""
import json, resource, sys, time
path, out, rules_only, blocks = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4] == "1"
t0 = time.perf_counter()
import extractor
from extractor.pipeline import Extractor
ex = Extractor(use_model=False) if rules_only else extractor.get_extractor()
ex.extract("Phấn đấu đến năm 2030, UBND tỉnh Bắc Ninh đạt 95%. Phan dau den nam 2030 dat 95%.")
load = time.perf_counter() - t0
text = open(path, encoding="utf-8").read()
t0 = time.perf_counter()
if blocks:  # the record in parts, each written out and let go (Extractor.extract_blocks)
    counts = [0, 0, 0]
    with open(out + ".jsonl", "w", encoding="utf-8") as sink:
        for part in ex.extract_blocks(text, doc_id="scaling"):
            sink.write(part.model_dump_json() + "\n")
            counts = [counts[0] + len(part.targets), counts[1] + len(part.entities), counts[2] + len(part.documents)]
else:
    doc = ex.extract(text, doc_id="scaling")
    counts = [len(doc.targets), len(doc.entities), len(doc.documents)]
secs = time.perf_counter() - t0
json.dump({"chars": len(text), "seconds": secs, "load_seconds": load, "targets": counts[0],
           "entities": counts[1], "documents": counts[2],
           "self_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}, open(out, "w"))
"""


@dataclass
class Row:
    label: str
    chars: int
    status: str = "ok"
    seconds: float | None = None
    chars_per_s: float | None = None
    load_seconds: float | None = None
    peak_rss_mb: float | None = None
    targets: int | None = None
    entities: int | None = None
    documents: int | None = None
    error: str = ""


def run_size(label: str, text: str, rules_only: bool, timeout: float, workdir: Path, blocks: bool = False) -> Row:
    src, out, err = workdir / f"{label}.txt", workdir / f"{label}.json", workdir / f"{label}.err"
    src.write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    with err.open("w") as errf:
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(src), str(out), "1" if rules_only else "0",
                                 "1" if blocks else "0"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errf, start_new_session=True)
        deadline = time.monotonic() + timeout
        status, rusage = None, None
        while status is None:
            pid, st, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status, rusage = st, ru
                break
            if time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, rusage = os.wait4(proc.pid, 0)
                status = "timeout"
                break
            time.sleep(0.2)
        proc.returncode = -1  # reaped by wait4 above; keep Popen from waiting again
    row = Row(label=label, chars=len(text), peak_rss_mb=rusage.ru_maxrss / 1024 if rusage else None)
    if status == "timeout":
        row.status, row.error = "timeout", f"killed after {timeout:.0f} s"
        return row
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not out.exists():
        tail = err.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or ["?"]
        row.status, row.error = "error", tail[0][:200]
        return row
    data = json.loads(out.read_text(encoding="utf-8"))
    row.seconds, row.load_seconds = data["seconds"], data["load_seconds"]
    row.chars_per_s = data["chars"] / data["seconds"] if data["seconds"] > 0 else float("inf")
    row.targets, row.entities, row.documents = data["targets"], data["entities"], data["documents"]
    return row


# ---------------------------------------------------------------- main


def parse_size(s: str) -> int:
    s = s.strip().lower().removesuffix("b")
    mult = {"k": 1000, "m": 1000_000, "g": 1000_000_000}.get(s[-1:], 1)
    return int(float(s.rstrip("kmg")) * mult)


def fmt(v: float | None, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=None, help=f"comma-separated sizes in characters (default {DEFAULT_SIZES})")
    ap.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES}")
    ap.add_argument("--seed", type=int, default=20250701)
    ap.add_argument("--rules-only", action="store_true", help="Extractor(use_model=False): no NER model")
    ap.add_argument("--blocks", action="store_true",
                    help="Extractor.extract_blocks: write the record in parts (bounded memory) instead of extract()")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds before a size's child is killed")
    ap.add_argument("--json", type=Path, help="also write the rows here")
    ap.add_argument("--keep", type=Path, help="write the generated documents to this directory")
    args = ap.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    labels = [s.strip() for s in sizes.split(",") if s.strip()]

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="vnpolicy-scaling-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for label in labels:
            t0 = time.perf_counter()
            text = make_document(parse_size(label), args.seed)
            gen = time.perf_counter() - t0
            print(f"{label}: generated {len(text):,} chars in {gen:.1f} s; extracting ...", file=sys.stderr, flush=True)
            row = run_size(label, text, args.rules_only, args.timeout, work, blocks=args.blocks)
            rows.append(row)
            print(f"{label}: {row.status} {fmt(row.seconds, '.1f')} s", file=sys.stderr, flush=True)

    mode = "rules only" if args.rules_only else "rules + NER model"
    call = "extract_blocks(), parts written out" if args.blocks else "extract()"
    print(f"\n{call} on one long document ({mode}; seed {args.seed})\n")
    head = (f"{'size':>6} {'chars':>12} {'seconds':>9} {'chars/s':>10} {'peak RSS MB':>12} {'targets':>8} "
            f"{'entities':>9}  status")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r.label:>6} {r.chars:>12,} {fmt(r.seconds, '9.1f')} {fmt(r.chars_per_s, '10,.0f')} "
              f"{fmt(r.peak_rss_mb, '12.0f')} {fmt(r.targets, '8d') if r.targets is not None else '-':>8} "
              f"{r.entities if r.entities is not None else '-':>9}  {r.status}{' ' + r.error if r.error else ''}")

    ok = [r for r in rows if r.status == "ok" and r.chars_per_s]
    linear = None
    if len(ok) >= 2:
        rates = [r.chars_per_s for r in ok]
        ratio = max(rates) / min(rates)
        linear = ratio <= RATIO_LIMIT and len(ok) == len(rows)
        print(f"\nchars/s max/min = {ratio:.2f} (limit {RATIO_LIMIT:.0f}x): "
              f"{'within' if ratio <= RATIO_LIMIT else 'NOT within'} 2x across {len(ok)} sizes"
              + ("" if len(ok) == len(rows) else f"; {len(rows) - len(ok)} size(s) did not finish"))
    peaks = [r.peak_rss_mb for r in rows if r.peak_rss_mb is not None]
    mem_ok = bool(peaks) and max(peaks) < MEMORY_LIMIT_MB
    if peaks:
        print(f"peak RSS max = {max(peaks):.0f} MB (limit {MEMORY_LIMIT_MB} MB): {'OK' if mem_ok else 'OVER'}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2), encoding="utf-8")
    return 0 if (linear is not False and mem_ok and all(r.status == "ok" for r in rows)) else 1


if __name__ == "__main__":
    sys.exit(main())
