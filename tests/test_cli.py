"""The `vnpolicy` command: exit statuses, outputs, progress, kill-and-resume, review pages."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.app.cli import main
from extractor.batch.progress import LineProgress, NullProgress, make_progress
from extractor.io.writers import iter_records, read_table

TEXT = ("Phấn đấu đến năm 2025, toàn tỉnh có khoảng {n} doanh nghiệp tham gia chuỗi cung ứng toàn cầu. "
        "UBND tỉnh giao Sở Công Thương chủ trì thực hiện.")


def corpus(folder: Path, n: int = 8, corrupt: bool = True) -> Path:
    (folder / "sub").mkdir(parents=True, exist_ok=True)
    for i in range(n):
        target = folder / ("sub" if i % 2 else "") / f"doc{i:03d}.txt"
        target.write_text(TEXT.format(n=100 + i), encoding="utf-8")
    if corrupt:
        (folder / "corrupt.txt").write_bytes(b"\x00\x01\x02\x03binary\x00" * 10)
    return folder


def run_cli(*args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True,
                          text=True, timeout=300)


def test_folder_with_a_corrupt_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus(tmp_path / "in", 6)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out)]) == 1
    records = list(iter_records(out))
    ids = [r["doc_id"] for r in records]
    good = [f"{'sub/' if i % 2 else ''}doc{i:03d}.txt" for i in range(6)]
    assert sorted(ids) == sorted(["corrupt.txt", *good])
    assert [r["doc_id"] for r in records if "error" in r] == ["corrupt.txt"]
    assert all("targets" in r for r in records if r["doc_id"] != "corrupt.txt")
    err = capsys.readouterr().err
    assert re.search(r"7 documents, \d+ targets, 1 errors, [\d.]+ s", err)
    assert "corrupt.txt: BinaryFile" in err


def test_all_good_exits_zero_and_quiet_is_silent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus(tmp_path / "in", 3, corrupt=False)
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
    assert len(list(iter_records(tmp_path / "o.jsonl"))) == 3


def test_usage_errors_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["extract", str(tmp_path / "missing"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "o.jsonl"), "--workers", "0"]) == 2
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "o.jsonl"), "--format", "xml"]) == 2
    assert main(["extract", str(tmp_path / "*.nomatch"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert main(["show", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "r.html")]) == 2
    assert not (tmp_path / "o.jsonl").exists()


def test_console_script_exit_status(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 2)
    proc = run_cli("extract", tmp_path / "in", "-o", tmp_path / "o.jsonl")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""  # stdout stays clean for pipes
    # stderr is not a terminal here: plain progress lines, no bar control characters.
    assert re.search(r"\d+/3 docs, [\d.]+ docs/s, ETA \d+ s", proc.stderr)
    assert "\r" not in proc.stderr
    assert run_cli("extract", "-o", tmp_path / "x.jsonl").returncode == 2


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_table_formats(tmp_path: Path, fmt: str) -> None:
    import pandas as pd

    from extractor import to_dataframe

    corpus(tmp_path / "in", 4)
    out = tmp_path / f"out.{fmt}"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "-q"]) == 1
    log = Path(f"{out}.jsonl")
    assert log.exists()
    pd.testing.assert_frame_equal(read_table(out), to_dataframe(list(iter_records(log))))
    # --format wins over the suffix.
    other = tmp_path / "out.data"
    assert main(["extract", str(tmp_path / "in"), "-o", str(other), "--format", fmt, "-q"]) == 1
    pd.testing.assert_frame_equal(read_table(other, fmt), read_table(out))


def test_table_command_converts_jsonl(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 3)
    main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), "-q"])
    assert main(["table", str(tmp_path / "o.jsonl"), "-o", str(tmp_path / "o.csv")]) == 0
    ids = {r["doc_id"] for r in iter_records(tmp_path / "o.jsonl")}
    assert set(read_table(tmp_path / "o.csv")["doc_id"]) == ids
    assert main(["table", str(tmp_path / "o.jsonl"), "-o", str(tmp_path / "o.txt")]) == 2


def test_jsonl_and_csv_inputs_with_fields(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text("\n".join(json.dumps({"ma": f"m{i}", "noi_dung": TEXT.format(n=i)}, ensure_ascii=False)
                              for i in range(3)) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    args = ["extract", str(rows), "-o", str(out), "--text-field", "noi_dung", "--id-field", "ma", "-q"]
    assert main(args) == 0
    assert [r["doc_id"] for r in iter_records(out)] == ["m0", "m1", "m2"]


@pytest.mark.slow
def test_killed_process_resumes_exactly_once(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 120, corrupt=True)
    ref = tmp_path / "ref.jsonl"
    assert run_cli("extract", tmp_path / "in", "-o", ref, "-q").returncode == 1
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "extractor", "extract", str(tmp_path / "in"), "-o", str(out),
           "--chunk-size", "1", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.stat().st_size > 4000:
            break
        time.sleep(0.01)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert run_cli("extract", tmp_path / "in", "-o", out, "--resume", "-q").returncode == 1
    got = [r["doc_id"] for r in iter_records(out)]
    assert len(got) == len(set(got)) == 121
    assert out.read_text(encoding="utf-8") == ref.read_text(encoding="utf-8")


# ---------------------------------------------------------------- progress


def test_line_progress_format() -> None:
    stream = io.StringIO()
    p = LineProgress(stream, interval=0)
    p.start(total=50, initial=10)
    p.update(5)
    p.close()
    text = stream.getvalue()
    assert re.fullmatch(r"(15/50 docs, [\d.]+ docs/s, ETA \d+ s\n){2}", text), text
    assert isinstance(make_progress(quiet=True), NullProgress)
    assert isinstance(make_progress(stream=io.StringIO()), LineProgress)


# ---------------------------------------------------------------- show


def test_show_escapes_text_and_highlights_evidence(tmp_path: Path) -> None:
    text = ("<script>alert(1)</script>\nPhấn đấu đến năm 2025, có <b>800</b> doanh nghiệp & hợp tác xã.\n"
            "Sở Công Thương chủ trì.")
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    evidence = "Phấn đấu đến năm 2025, có <b>800</b> doanh nghiệp & hợp tác xã."
    start = text.index(evidence)
    org = "Sở Công Thương"
    o = text.index(org)
    record = {"doc_id": "doc.txt", "issuer": None, "documents": [], "period": None,
              "entities": [{"text": org, "label": "ORG", "start": o, "end": o + len(org)}],
              "targets": [{"entity": "doanh nghiệp & hợp tác xã", "metric": "count",
                           "value": {"low": 800, "high": 800, "unit": "doanh nghiệp", "qualifier": "exact",
                                     "text": "800"},
                           "deadline": {"year": 2025, "recurring": None, "text": "đến năm 2025"},
                           "agency": "Sở Công Thương", "location": "Bắc Ninh",
                           "evidence": {"text": evidence, "start": start, "end": start + len(evidence)}}]}
    (tmp_path / "rec.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    page = tmp_path / "review.html"
    args = ["show", str(tmp_path / "doc.txt"), "-o", str(page), "--record", str(tmp_path / "rec.jsonl")]
    assert main(args) == 0
    html = page.read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>800</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Phấn đấu đến năm 2025, có &lt;b&gt;800&lt;/b&gt; doanh nghiệp &amp; hợp tác xã." in html
    assert re.search(r'<mark class="ev[^"]*" title="T1: 800 doanh nghiệp · count · deadline 2025 · '
                     r'agency Sở Công Thương · location Bắc Ninh">', html)
    assert "doanh nghiệp &amp; hợp tác xã</td>" in html  # summary table, escaped
    assert re.search(r'<span class="ent ent-ORG" title="ORG">Sở Công Thương</span>'
                     r'<sub class="ent-label">ORG</sub>', html)


def test_show_extracts_when_no_record_given(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(TEXT.format(n=800), encoding="utf-8")
    page = tmp_path / "r.html"
    assert main(["show", str(tmp_path / "doc.txt"), "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Phấn đấu đến năm 2025" in html


def test_show_picks_a_row_of_a_jsonl_file(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text("\n".join(json.dumps({"id": f"r{i}", "text": f"Văn bản số {i} <i>"}, ensure_ascii=False)
                              for i in range(3)) + "\n", encoding="utf-8")
    page = tmp_path / "r.html"
    assert main(["show", str(rows), "-o", str(page), "--doc-id", "r2"]) == 0
    html = page.read_text(encoding="utf-8")
    assert "<title>Review: r2</title>" in html and "<i>" not in html
    visible = re.sub(r"<[^>]+>", "", re.sub(r"<su([bp])[^>]*>.*?</su\1>", "", html))  # labels dropped
    assert "Văn bản số 2 &lt;i&gt;" in visible  # however the extractor marks the text up
    assert main(["show", str(rows), "-o", str(page), "--doc-id", "nope"]) == 2


def test_review_markup_nests_and_keeps_the_text() -> None:
    """Any overlap of evidence and entities gives balanced tags and, minus the markup, the escaped text."""
    import html as html_lib
    import random

    from extractor.app.review import _Span, render_text

    rng = random.Random(1)
    text = "".join(rng.choice("ab <&>\"c\n") for _ in range(120))
    for _ in range(200):
        spans = []
        for _ in range(rng.randint(0, 8)):
            a = rng.randint(0, 120)
            b = rng.randint(a, 120)
            if rng.random() < 0.5:
                spans.append(_Span(a, b, "ev", "T1", "t<i>", "c0", ["t1"]))
            else:
                spans.append(_Span(a, b, "ent", "ORG", "ORG", "ent-ORG"))
        page = render_text(text, spans)
        depth = 0
        for m in re.finditer(r"<(/?)(mark|span)\b", page):
            depth += -1 if m.group(1) else 1
            assert depth >= 0
        assert depth == 0
        visible = re.sub(r"<[^>]+>", "", re.sub(r"<su([bp])[^>]*>.*?</su\1>", "", page))
        assert html_lib.unescape(visible) == text and "<i>" not in page
