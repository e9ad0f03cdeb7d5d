"""Throughput of the extractor: one process, worker processes, and underthesea's ner() for scale.

    python benchmarks/throughput.py            # >= 2 MB corpus
    python benchmarks/throughput.py --quick    # ~ 250 kB, for a smoke run
    python benchmarks/throughput.py --texts DIR  # your own texts (*.txt, or *.json with a "text" field)

The corpus is generated here, deterministically (seeded random generator,
templates and phrases written for this benchmark - no real text), as
Vietnamese plan-like documents: a header with the issuing committee and a
decision number, cited decisions, goals with numbers, percentages, ranges,
money and deadlines, agencies put in charge, and filler sentences without
targets.

What is measured, on the same text:
1. `extract()` in this process (model loaded before the clock starts), and the first call after
   `Extractor()` beside the tenth (fresh processes);
2. underthesea's `word_tokenize` on the same whole texts: the speed limit of any pipeline that
   word-segments its input;
3. the batch runner with N worker processes (`extractor.batch.runner`, pool started
   and warmed before the clock starts; the start-up is reported apart);
4. underthesea's `ner()` alone, one sentence at a time, on a sample of the
   sentences (it is slow), extrapolated to the corpus - the table says so.
The four runs take turns, `--repeat` rounds of 1-2-3-4, and each row is its best round. Why: a shared
machine's speed drifts by half within minutes; rows timed one after the other would compare two machines,
while in rounds a slow spell slows every row of that round. Every row's best round has seen the corpus
before (caches filled), the workers' too.
Peak memory is the high-water RSS (Linux VmHWM) of this process and of each
worker process.

Goals: one process >= 1.0x word_tokenize and >= 12x underthesea ner() chars/s;
N=2 workers >= 1.8x one process; every worker < 500 MB. The machine line names the CPU and the BLAS
kernels numpy's OpenBLAS runs (its own choice, or the OPENBLAS_CORETYPE the environment sets): the model's
matrix products depend on them (on an AMD EPYC, the AVX-512 kernels took 8% off extract() on real texts).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

# ---------------------------------------------------------------- corpus

PROVINCES = ["Bắc Ninh", "Hải Dương", "Thái Bình", "Nghệ An", "Quảng Nam", "Bình Dương", "Đồng Nai",
             "Cần Thơ", "Lâm Đồng", "Gia Lai", "Thanh Hóa", "Quảng Ninh", "Hà Tĩnh", "Long An", "Tây Ninh",
             "Phú Thọ", "Lào Cai", "Sơn La", "Đắk Lắk", "Kiên Giang", "Vĩnh Phúc", "Hưng Yên", "Bình Định",
             "Khánh Hòa"]
AGENCIES = ["Sở Công Thương", "Sở Kế hoạch và Đầu tư", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Y tế",
            "Sở Giáo dục và Đào tạo", "Sở Tài nguyên và Môi trường", "Sở Giao thông vận tải",
            "Sở Lao động - Thương binh và Xã hội", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ",
            "Sở Xây dựng", "Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính",
            "Ban Quản lý các khu công nghiệp", "Cục Thống kê tỉnh", "Ngân hàng Nhà nước chi nhánh tỉnh"]
KINDS = [("Kế hoạch", "KH-UBND"), ("Quyết định", "QĐ-UBND"), ("Nghị quyết", "NQ-HĐND"),
         ("Chương trình", "CTr-UBND"), ("Đề án", "ĐA-UBND")]
TOPICS = ["phát triển công nghiệp hỗ trợ", "xây dựng nông thôn mới", "chuyển đổi số", "phát triển du lịch",
          "nâng cao chất lượng nguồn nhân lực", "giảm nghèo bền vững", "phát triển kinh tế tập thể",
          "bảo vệ môi trường", "phát triển đô thị", "chăm sóc sức khỏe nhân dân", "phát triển doanh nghiệp",
          "thu hút đầu tư", "phát triển hạ tầng giao thông", "khởi nghiệp đổi mới sáng tạo"]
COUNT_NOUNS = ["doanh nghiệp", "hợp tác xã", "sản phẩm OCOP", "xã đạt chuẩn nông thôn mới",
               "trường học đạt chuẩn", "điểm du lịch cộng đồng", "cụm công nghiệp", "dự án đầu tư",
               "lao động được đào tạo nghề", "hộ gia đình được hỗ trợ", "trạm y tế đạt chuẩn",
               "km đường giao thông nông thôn"]
SHARE_THINGS = ["tỷ lệ lao động qua đào tạo", "tỷ lệ dân số tham gia bảo hiểm y tế",
                "tỷ lệ hộ dân sử dụng nước sạch", "tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý",
                "tỷ lệ đô thị hóa", "tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến",
                "tỷ lệ che phủ rừng", "tỷ trọng công nghiệp - xây dựng trong GRDP",
                "tỷ lệ trường đạt chuẩn quốc gia", "tỷ lệ doanh nghiệp ứng dụng thương mại điện tử"]
GROWTH_THINGS = ["tổng sản phẩm trên địa bàn (GRDP)", "giá trị sản xuất công nghiệp", "kim ngạch xuất khẩu",
                 "tổng mức bán lẻ hàng hóa và doanh thu dịch vụ", "thu ngân sách nhà nước trên địa bàn",
                 "giá trị sản xuất nông, lâm nghiệp và thủy sản", "số lượt khách du lịch"]
QUALIFIERS = ["", "", "khoảng ", "trên ", "ít nhất ", "tối thiểu ", "không dưới ", "hơn "]
FILLERS = [
    "Tăng cường công tác tuyên truyền, nâng cao nhận thức của cán bộ, đảng viên và nhân dân về {topic}.",
    "Rà soát, hoàn thiện cơ chế, chính sách phù hợp với điều kiện thực tế của địa phương.",
    "Huy động sự tham gia của các tổ chức, cá nhân và cộng đồng dân cư trong quá trình triển khai.",
    "Các sở, ban, ngành và UBND các huyện, thị xã, thành phố chủ động xây dựng kế hoạch cụ thể để thực hiện.",
    "Định kỳ hằng năm tổ chức sơ kết, đánh giá kết quả và đề xuất điều chỉnh khi cần thiết.",
    "Đẩy mạnh cải cách hành chính, cải thiện môi trường đầu tư kinh doanh, nâng cao năng lực cạnh tranh.",
    "Lồng ghép có hiệu quả các chương trình, dự án trên địa bàn để tránh chồng chéo, lãng phí.",
    "Quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp thời báo cáo UBND tỉnh xem xét.",
    "Ưu tiên nguồn lực cho các địa bàn khó khăn, vùng đồng bào dân tộc thiểu số và miền núi.",
    "Tập trung đào tạo, bồi dưỡng đội ngũ cán bộ làm công tác {topic} ở cơ sở.",
]


def _num(rng: random.Random, lo: int, hi: int) -> str:
    """An integer in Vietnamese style: thousands separated by dots."""
    return f"{rng.randint(lo, hi):,}".replace(",", ".")


def _dec(rng: random.Random, lo: float, hi: float) -> str:
    """A number with maybe one decimal, decimal comma."""
    x = rng.uniform(lo, hi)
    return str(max(1, int(x))) if rng.random() < 0.5 else f"{x:.1f}".replace(".", ",")


def _target_sentence(rng: random.Random, year: int, p1: int, p2: int) -> str:
    q = rng.choice(QUALIFIERS)
    lo = rng.randint(3, 9)
    hi = lo + rng.randint(1, 3)
    choices = [
        lambda: f"Phấn đấu đến năm {year}, toàn tỉnh có {q}{_num(rng, 20, 5000)} {rng.choice(COUNT_NOUNS)}.",
        lambda: f"Đến năm {year}, {rng.choice(SHARE_THINGS)} đạt {q}{_dec(rng, 30, 99)}%.",
        lambda: f"Tốc độ tăng trưởng {rng.choice(GROWTH_THINGS)} bình quân đạt {lo} - {hi}%/năm "
                f"giai đoạn {p1} - {p2}.",
        lambda: f"Thu hút {q}{_num(rng, 500, 90000)} tỷ đồng vốn đầu tư vào các khu, cụm công nghiệp "
                f"đến năm {year}.",
        lambda: f"Giảm tỷ lệ hộ nghèo bình quân {_dec(rng, 0.5, 2.5)}%/năm theo chuẩn nghèo đa chiều.",
        lambda: f"Trồng mới {q}{_num(rng, 500, 20000)} ha rừng tập trung, nâng tỷ lệ che phủ rừng lên "
                f"{_dec(rng, 30, 60)}% vào năm {year}.",
        lambda: f"Phấn đấu đạt {_dec(rng, 9, 20)} bác sĩ/vạn dân và {_dec(rng, 25, 40)} giường bệnh/vạn dân "
                f"vào năm {year}.",
        lambda: f"Thu nhập bình quân đầu người đạt {q}{_num(rng, 60, 150)} triệu đồng/năm vào năm {year}.",
        lambda: f"Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) nằm trong nhóm {rng.randint(5, 30)} tỉnh, "
                f"thành phố dẫn đầu cả nước.",
        lambda: f"Mỗi năm giải quyết việc làm mới cho {q}{_num(rng, 10000, 40000)} lao động.",
        lambda: f"Kim ngạch xuất khẩu đạt {q}{_dec(rng, 1, 30)} tỷ USD vào năm {year}.",
        lambda: f"Hoàn thành {q}{_num(rng, 50, 900)} km đường giao thông nông thôn được cứng hóa "
                f"trước năm {year}.",
    ]
    return rng.choice(choices)()


def make_document(rng: random.Random, i: int) -> str:
    """One plan-like document of a few kilobytes."""
    prov = rng.choice(PROVINCES)
    kind, code = rng.choice(KINDS)
    p1 = rng.choice([2021, 2022, 2023, 2026])
    p2 = p1 + rng.choice([4, 5, 9])
    year = rng.choice([p2, p2, 2030, 2025])
    topic = rng.choice(TOPICS)
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    num = rng.randint(10, 3999)
    base_num = rng.randint(10, 999)
    lines = []
    if rng.random() < 0.6:  # a decision with its header
        lines += [f"ỦY BAN NHÂN DÂN TỈNH {prov.upper()}", f"Số: {num}/{code}",
                  f"{prov}, ngày {d} tháng {m} năm {p1}", "", f"{kind.upper()}",
                  f"{topic[0].upper() + topic[1:]} trên địa bàn tỉnh {prov} giai đoạn {p1} - {p2}", "",
                  f"Căn cứ Quyết định số {base_num}/QĐ-TTg ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/"
                  f"{p1 - 1} của Thủ tướng Chính phủ;",
                  f"Theo đề nghị của Giám đốc {rng.choice(AGENCIES)} tại Tờ trình số "
                  f"{rng.randint(10, 900)}/TTr.",
                  "", "I. MỤC TIÊU"]
        for k in range(rng.randint(6, 14)):
            marker = "abcdefghijklmnopqrstuvwxyz"[k]
            lines.append(f"{marker}) {_target_sentence(rng, year, p1, p2)}")
            if rng.random() < 0.3:
                lines.append(rng.choice(FILLERS).format(topic=topic))
        lines += ["", "II. NHIỆM VỤ, GIẢI PHÁP"]
        for _ in range(rng.randint(4, 9)):
            lines.append(f"- {rng.choice(FILLERS).format(topic=topic)}")
        lines += ["", "III. TỔ CHỨC THỰC HIỆN"]
        lead, other = rng.sample(AGENCIES, 2)
        lines.append(f"Giao {lead} chủ trì, phối hợp với {other} và UBND các huyện, thành phố tổ chức "
                     f"triển khai thực hiện {kind} này; định kỳ trước ngày 15/12 hằng năm báo cáo UBND tỉnh.")
    else:  # a news article, one paragraph a line
        headline = _target_sentence(rng, year, p1, p2)
        lines.append(f"{prov} đặt mục tiêu {headline[0].lower()}{headline[1:]}")
        lines.append(f"UBND tỉnh {prov} vừa ban hành {kind} số {num}/{code} về {topic} "
                     f"giai đoạn {p1} - {p2}.")
        for _ in range(rng.randint(5, 12)):
            sentences = [_target_sentence(rng, year, p1, p2) for _ in range(rng.randint(1, 3))]
            sentences += [rng.choice(FILLERS).format(topic=topic) for _ in range(rng.randint(0, 2))]
            rng.shuffle(sentences)
            lines.append(" ".join(sentences))
        lines.append(f"Năm {p1 - 1}, toàn tỉnh đạt {_dec(rng, 20, 80)}% kế hoạch đề ra, "
                     f"thu hút {_num(rng, 100, 5000)} tỷ đồng vốn đầu tư.")
        lines.append(f"{rng.choice(AGENCIES)} được giao chủ trì, theo dõi, đôn đốc việc thực hiện.")
    return "\n".join(lines) + "\n"


def make_corpus(min_bytes: int, seed: int = 13) -> list[str]:
    """Documents until their UTF-8 size reaches `min_bytes`; the same list for the same seed."""
    rng = random.Random(seed)
    docs: list[str] = []
    size = 0
    while size < min_bytes:
        doc = make_document(rng, len(docs))
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


# ---------------------------------------------------------------- measuring


def peak_rss_mb(pid: int | None = None) -> float:
    """High-water RSS in MB of a process (Linux VmHWM; ru_maxrss for this process elsewhere)."""
    try:
        with open(f"/proc/{pid or os.getpid()}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; NaN elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


@dataclass
class Row:
    run: str
    chars: int
    seconds: float
    note: str = ""
    peak_mb: str = ""
    cpu: float = float("nan")  # CPU seconds spent by the processes doing the work

    @property
    def cps(self) -> float:
        return self.chars / self.seconds if self.seconds > 0 else 0.0


def machine_line() -> str:
    """The CPU's model name and the BLAS kernels in use (after the model is loaded, so numpy's OpenBLAS is)."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from threadpoolctl import threadpool_info

    blas = [f"{i.get('internal_api')} {i.get('version')} {i.get('architecture') or ''}".strip()
            for i in threadpool_info() if i.get("user_api") == "blas"]
    forced = os.environ.get("OPENBLAS_CORETYPE")
    return (f"{model}; BLAS {', '.join(blas) or 'none found'}"
            + (f" (OPENBLAS_CORETYPE={forced} in the environment)" if forced else ""))


def prepare_single(docs: list[str]) -> tuple[Callable[[], Row], float]:
    """One timed pass of extract() over the corpus, as a callable (the model loaded once, now); the load time."""
    from extractor import Extractor

    t0 = time.perf_counter()
    ex = Extractor()
    load = time.perf_counter() - t0
    chars = sum(map(len, docs))

    def one_pass() -> Row:
        t0, c0 = time.perf_counter(), time.process_time()
        targets = sum(len(ex.extract(t, doc_id=str(i)).targets) for i, t in enumerate(docs))
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        return Row("extract(), 1 process", chars, secs, f"{targets} targets; Extractor() {load:.1f} s",
                   f"{peak_rss_mb():.0f}", cpu)

    return one_pass, load


def _timed_call(texts: list[str]) -> float:
    """In a fresh process: Extractor(), extract() each text, the seconds of the last call."""
    from extractor import Extractor

    ex = Extractor()
    for text in texts[:-1]:
        ex.extract(text)
    t0 = time.perf_counter()
    ex.extract(texts[-1])
    return time.perf_counter() - t0


def first_and_tenth(docs: list[str], trials: int = 5) -> tuple[float, float]:
    """The first extract() after Extractor() and the tenth, both on the same document of median length, each in
    a fresh process (median of `trials`): the tenth follows nine other documents, so the two differ only by what
    a first call loads, not by the spaCy vocabulary a document's own words add."""
    import multiprocessing

    order = sorted(range(len(docs)), key=lambda i: len(docs[i]))
    probe = order[len(order) // 2]
    others = [docs[i] for i in order if i != probe][:9]
    jobs = [[docs[probe]], [*others, docs[probe]]] * trials
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        times = pool.map(_timed_call, jobs, chunksize=1)
    firsts, tenths = sorted(times[0::2]), sorted(times[1::2])
    return firsts[len(firsts) // 2], tenths[len(tenths) // 2]


def prepare_word_tokenize(docs: list[str]) -> Callable[[], Row]:
    """One timed pass of underthesea's word segmentation alone over the same whole texts (model loaded now)."""
    from underthesea import word_tokenize

    word_tokenize("Khởi động.")

    def one_pass() -> Row:
        t0, c0 = time.perf_counter(), time.process_time()
        for text in docs:
            word_tokenize(text)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        return Row("underthesea word_tokenize()", sum(map(len, docs)), secs, "whole texts",
                   f"{peak_rss_mb():.0f}", cpu)

    return one_pass


def _warm(_: int) -> int:
    time.sleep(0.5)  # long enough that every worker takes one
    return os.getpid()


def prepare_workers(docs: list[str], workers: int) -> tuple[Callable[[], Row], Callable[[], None]]:
    """One timed batch run over the corpus on a pool of `workers` processes (started and warmed now), and the
    pool's shutdown."""
    from extractor.batch.runner import make_process_pool, run_batch
    from extractor.io.readers import Source

    t0 = time.perf_counter()
    pool = make_process_pool(workers)
    pids: set[int] = set()
    for _ in range(20):  # a worker still loading its model misses a round: ask until each has answered
        pids |= set(pool.map(_warm, range(workers)))
        if len(pids) >= workers:
            break
    startup = time.perf_counter() - t0
    sources = [Source(doc_id=str(i), text=t) for i, t in enumerate(docs)]

    def one_run() -> Row:
        with tempfile.TemporaryDirectory() as tmp:
            # CPU of the workers and of this process (it pickles chunks and writes the records).
            cpu0 = sum(cpu_seconds(pid) for pid in pids) + time.process_time()
            t0 = time.perf_counter()
            summary = run_batch(sources, Path(tmp) / "out.jsonl", executor=pool, workers=workers)
            secs = time.perf_counter() - t0
            cpu = sum(cpu_seconds(pid) for pid in pids) + time.process_time() - cpu0
        peaks = [peak_rss_mb(pid) for pid in sorted(pids)]
        return Row(f"batch, {workers} worker processes", sum(map(len, docs)), secs,
                   f"{summary.targets} targets; pool start-up {startup:.1f} s",
                   " / ".join(f"{p:.0f}" for p in peaks), cpu)

    return one_run, pool.shutdown


def _sentences(docs: list[str]) -> list[str]:
    import re

    out: list[str] = []
    for doc in docs:
        for line in doc.splitlines():
            out.extend(s for s in re.split(r"(?<=[.;!?])\s+", line) if s.strip())
    return out


def prepare_underthesea(docs: list[str], sample_chars: int) -> Callable[[], Row]:
    """One timed pass of underthesea's ner() alone over a sample of the sentences (the same sample each time)."""
    from underthesea import ner

    sentences = _sentences(docs)
    ner("Khởi động.")  # load its model before the clock starts
    rng = random.Random(7)
    rng.shuffle(sentences)
    sample: list[str] = []
    n = 0
    for s in sentences:
        if n >= sample_chars:
            break
        sample.append(s)
        n += len(s)
    total = sum(map(len, docs))

    def one_pass() -> Row:
        t0, c0 = time.perf_counter(), time.process_time()
        for s in sample:
            ner(s)
        secs = time.perf_counter() - t0
        return Row("underthesea ner(), per sentence", n, secs,
                   f"sample of {n:,} chars; corpus would take ~{total / (n / secs):.0f} s (extrapolated)",
                   f"{peak_rss_mb():.0f}", time.process_time() - c0)

    return one_pass


def in_rounds(runs: list[Callable[[], Row]], repeat: int) -> list[Row]:
    """Each run's fastest of `repeat` rounds, the runs taking turns within a round (see the module docstring)."""
    best: list[Row | None] = [None] * len(runs)
    for r in range(max(1, repeat)):
        for i, run in enumerate(runs):
            row = run()
            if best[i] is None or row.seconds < best[i].seconds:  # type: ignore[union-attr]
                best[i] = row
            print(f"  round {r + 1}: {row.run} {row.seconds:.2f} s", file=sys.stderr, flush=True)
    return [b for b in best if b is not None]


# ---------------------------------------------------------------- report


def read_texts(folder: Path) -> list[str]:
    """The texts of a folder: *.txt as they are, *.json by their "text" field (sorted, not recursive)."""
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".txt":
            out.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            text = json.loads(path.read_text(encoding="utf-8")).get("text")
            if isinstance(text, str):
                out.append(text)
    return [t for t in out if t.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a ~250 kB corpus and a smaller ner() sample")
    parser.add_argument("--mb", type=float, default=None, help="corpus size in MB (default 2.1, quick 0.25)")
    parser.add_argument("--texts", type=Path, help="measure on the texts of this folder instead of generating")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the four runs (each row's best round counts)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--ner-sample", type=int, default=None, help="chars of sentences for ner() "
                        "(default 60000, quick 20000)")
    parser.add_argument("--save-corpus", type=Path, help="also write the corpus as .txt files here")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)
    mb = args.mb if args.mb is not None else (0.25 if args.quick else 2.1)
    ner_sample = args.ner_sample or (20_000 if args.quick else 60_000)

    if args.texts:
        docs = read_texts(args.texts)
        if not docs:
            print(f"no *.txt or *.json texts in {args.texts}", file=sys.stderr)
            return 2
        origin = f"from {args.texts}"
    else:
        docs = make_corpus(int(mb * 1024 * 1024), args.seed)
        origin = f"generated, seed {args.seed}"
    size = sum(len(d.encode("utf-8")) for d in docs)
    chars = sum(map(len, docs))
    if args.save_corpus:
        args.save_corpus.mkdir(parents=True, exist_ok=True)
        for i, d in enumerate(docs):
            (args.save_corpus / f"doc{i:05d}.txt").write_text(d, encoding="utf-8")
    print(f"corpus: {len(docs)} documents, {size / 1e6:.2f} MB UTF-8, {chars:,} characters "
          f"({origin}); {os.cpu_count()} CPUs", flush=True)

    first, tenth = first_and_tenth(docs)
    single_pass, _ = prepare_single(docs)
    machine = machine_line()
    print(f"machine: {machine}", flush=True)
    wt_pass = prepare_word_tokenize(docs)
    workers_run, shutdown = prepare_workers(docs, args.workers)
    ner_pass = prepare_underthesea(docs, ner_sample)
    try:
        single, segmenter, multi, und = in_rounds([single_pass, wt_pass, workers_run, ner_pass], args.repeat)
    finally:
        shutdown()

    rows = [single, segmenter, multi, und]
    header = (f"| {'run':<32} | {'chars':>9} | {'wall s':>7} | {'chars/s':>8} | {'CPU s':>6} "
              f"| {'chars/CPU-s':>11} | {'peak RSS MB':>11} | note")
    print()
    print(header)
    print("|" + "|".join("-" * w for w in (34, 11, 9, 10, 8, 13, 13, 6)))
    for r in rows:
        per_cpu = r.chars / r.cpu if r.cpu and r.cpu == r.cpu else float("nan")
        print(f"| {r.run:<32} | {r.chars:>9,} | {r.seconds:>7.2f} | {r.cps:>8,.0f} | {r.cpu:>6.1f} "
              f"| {per_cpu:>11,.0f} | {r.peak_mb:>11} | {r.note}")

    ratio_seg = single.cps / segmenter.cps if segmenter.cps else float("inf")
    ratio_ner = single.cps / und.cps if und.cps else float("inf")
    speedup = multi.cps / single.cps if single.cps else 0.0
    efficiency = (multi.chars / multi.cpu) / (single.chars / single.cpu) if multi.cpu and single.cpu else 0.0
    worker_peaks = [float(x) for x in multi.peak_mb.split(" / ") if x.strip() and x.strip() != "nan"]
    goals = [
        (f"1 process vs underthesea word_tokenize(): {ratio_seg:.2f}x (goal >= 1.0x)", ratio_seg >= 1.0),
        (f"1 process vs underthesea ner(): {ratio_ner:.1f}x (goal >= 12x)", ratio_ner >= 12),
        (f"first extract() after Extractor() {first * 1000:.0f} ms, tenth {tenth * 1000:.0f} ms "
         "(goal: first no slower than 1.2x the tenth)", first <= 1.2 * tenth),
        (f"{args.workers} workers vs 1 process: {speedup:.2f}x (goal >= 1.8x)", speedup >= 1.8),
        (f"peak RSS per worker: {max(worker_peaks, default=float('nan')):.0f} MB (goal < 500 MB)",
         bool(worker_peaks) and max(worker_peaks) < 500),
    ]
    print()
    for text, ok in goals:
        print(f"{'PASS' if ok else 'MISS'}  {text}")
    busy = single.cpu / single.seconds if single.seconds else 0.0
    print("note: underthesea ner() was timed on a sample and extrapolated.")
    print(f"note: the 1-process run got {busy:.2f} of a CPU (the rest went to other load).")
    print(f"      Work per CPU-second with {args.workers} workers is {efficiency:.0%} of one process's,")
    print(f"      so on {args.workers} free cores the speed-up would be about "
          f"{args.workers * efficiency:.2f}x (a projection, not a measurement).")
    if args.json:
        args.json.write_text(json.dumps({"documents": len(docs), "bytes": size, "chars": chars,
                                         "rows": [asdict(r) | {"chars_per_s": r.cps} for r in rows],
                                         "first_call_s": first, "tenth_call_s": tenth, "machine": machine,
                                         "load_average": os.getloadavg(),
                                         "goals": [{"goal": t, "met": ok} for t, ok in goals]},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
