"""Issue 12, outputs: no input is ever written, no output silently replaced, an unwritable one is one line.

Every test here failed before the fix: `-o a.txt` with a.txt an input truncated it, an existing output was
overwritten, an unwritable output ended in a traceback with exit 1, temporary tables stayed forever.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.app.cli import main
from extractor.batch.runner import run_batch
from extractor.io.outputs import OutputError
from extractor.io.readers import Source
from extractor.io.writers import iter_records

TEXT = "Phấn đấu đến năm {y}, toàn tỉnh có {n} hợp tác xã kiểu mới; UBND tỉnh giao Sở Nông nghiệp chủ trì."


def write_docs(folder: Path, n: int = 3) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"d{i}.txt"
        p.write_text(TEXT.format(y=2026 + i, n=40 + i), encoding="utf-8")
        paths.append(p)
    return paths


def test_an_input_named_as_output_is_refused_and_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b, _ = write_docs(tmp_path / "in")
    before = a.read_bytes()
    assert main(["extract", str(a), str(b), "-o", str(a)]) == 2
    assert a.read_bytes() == before
    assert "is an input" in capsys.readouterr().err
    # --overwrite does not make an input writable.
    assert main(["extract", str(a), str(b), "-o", str(a), "--overwrite", "-q"]) == 2
    assert a.read_bytes() == before


def test_an_output_an_input_would_read_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_docs(tmp_path / "in")
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "in" / "out.jsonl")]) == 2
    assert "would be read as an input" in capsys.readouterr().err
    # The log of a table output is a .jsonl beside it: inside the folder it would be read too.
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "in" / "t.csv")]) == 2
    assert main(["extract", str(tmp_path / "in" / "*.txt"), "-o", str(tmp_path / "in" / "x.txt")]) == 2
    assert not list((tmp_path / "in").glob("out*")) and not list((tmp_path / "in").glob("t.csv*"))


def test_existing_output_needs_resume_or_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_docs(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl"
    earlier = "".join(json.dumps({"doc_id": f"old{i}", "targets": []}) + "\n" for i in range(53))
    out.write_text(earlier, encoding="utf-8")
    assert main(["extract", str(tmp_path / "in"), "-o", str(out)]) == 2
    assert "exists" in capsys.readouterr().err and out.read_text(encoding="utf-8") == earlier
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--resume", "-q"]) == 0
    assert len(list(iter_records(out))) == 55
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--overwrite", "-q"]) == 0
    assert [r["doc_id"] for r in iter_records(out)] == ["d0.txt", "d1.txt"]
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--overwrite", "--resume"]) == 2
    # The Python API refuses too.
    with pytest.raises(OutputError, match="exists"):
        run_batch([Source("x", text="a")], out)


def test_existing_table_or_its_log_is_kept(tmp_path: Path) -> None:
    write_docs(tmp_path / "in", 1)
    table = tmp_path / "t.csv"
    table.write_text("precious\n", encoding="utf-8")
    assert main(["extract", str(tmp_path / "in"), "-o", str(table), "-q"]) == 2
    assert table.read_text(encoding="utf-8") == "precious\n"


@pytest.mark.parametrize("where", ["/proc/vnpolicy-x.jsonl", "/sys/vnpolicy-x.jsonl", "under-a-file", "folder"])
def test_unwritable_output_is_one_line_and_exit_two(tmp_path: Path, where: str) -> None:
    write_docs(tmp_path / "in", 1)
    (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    target = {"under-a-file": str(tmp_path / "plain.txt" / "out.jsonl"), "folder": str(tmp_path)}.get(where, where)
    proc = subprocess.run([sys.executable, "-m", "extractor", "extract", str(tmp_path / "in"), "-o", target],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr and lines[0].startswith("vnpolicy: ")


def test_disk_full_is_exit_three_and_one_line(tmp_path: Path) -> None:
    write_docs(tmp_path / "in", 2)
    proc = subprocess.run([sys.executable, "-m", "extractor", "extract", str(tmp_path / "in"), "-o", "/dev/full"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert "No space left on device" in proc.stderr and "Traceback" not in proc.stderr
    assert len([x for x in proc.stderr.splitlines() if x.startswith("vnpolicy:")]) == 1


def test_a_second_run_on_the_same_output_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_docs(tmp_path / "in", 1)
    out = tmp_path / "out.jsonl"
    out.write_text("", encoding="utf-8")
    with open(out, "a") as held:  # another run holds the lock
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--resume"]) == 2
    assert "another run is writing" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == ""


def test_temporaries_of_a_killed_table_write_are_removed(tmp_path: Path) -> None:
    write_docs(tmp_path / "in", 2)
    out = tmp_path / "t.parquet"
    stale = [tmp_path / ".t.parquet.4242.tmp", tmp_path / "t.parquet.jsonl.tmp"]
    for p in stale:
        p.write_bytes(b"half a table")
    (tmp_path / ".other.csv.1.tmp").write_bytes(b"not ours")
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--resume", "-q"]) == 0
    assert not any(p.exists() for p in stale)
    assert (tmp_path / ".other.csv.1.tmp").exists()
    assert out.exists()


def test_standard_output_and_standard_input(tmp_path: Path) -> None:
    rows = "".join(json.dumps({"id": f"r{i}", "text": TEXT.format(y=2030, n=i)}, ensure_ascii=False) + "\n"
                   for i in range(3))
    proc = subprocess.run([sys.executable, "-m", "extractor", "extract", "-", "-o", "-", "-q"], input=rows,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == ["r0", "r1", "r2"] and all("targets" in r for r in records)
    one = subprocess.run([sys.executable, "-m", "extractor", "extract", "-", "-o", "-", "--input-format", "text"],
                         input=TEXT.format(y=2030, n=7), capture_output=True, text=True, timeout=120)
    assert one.returncode == 0 and [json.loads(x)["doc_id"] for x in one.stdout.splitlines()] == ["stdin"]
    assert "-> standard output" in one.stderr  # the summary goes to stderr, stdout holds only records
    csv_out = subprocess.run([sys.executable, "-m", "extractor", "extract", "-", "-o", "-", "--format", "csv", "-q"],
                             input=rows, capture_output=True, text=True, timeout=120)
    assert csv_out.returncode == 0 and csv_out.stdout.splitlines()[0].startswith("doc_id,")
    assert subprocess.run([sys.executable, "-m", "extractor", "extract", "-", "-o", "-", "--resume"], input=rows,
                          capture_output=True, text=True, timeout=120).returncode == 2


def test_show_and_table_say_what_they_wrote_and_keep_files(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (doc,) = write_docs(tmp_path / "in", 1)
    page = tmp_path / "r.html"
    assert main(["show", str(doc), "-o", str(page)]) == 0
    assert f"-> {page}" in capsys.readouterr().err
    assert main(["show", str(doc), "-o", str(page)]) == 2  # exists
    assert main(["show", str(doc), "-o", str(page), "--overwrite"]) == 0
    before = doc.read_bytes()
    assert main(["show", str(doc), "-o", str(doc), "--overwrite"]) == 2 and doc.read_bytes() == before
    log = tmp_path / "o.jsonl"
    assert main(["extract", str(doc), "-o", str(log), "-q"]) == 0
    capsys.readouterr()
    assert main(["table", str(log), "-o", str(tmp_path / "o.csv")]) == 0
    assert f"-> {tmp_path / 'o.csv'}" in capsys.readouterr().err
    assert main(["table", str(log), "-o", str(tmp_path / "o.csv")]) == 2
    assert os.path.getsize(tmp_path / "o.csv") > 0
