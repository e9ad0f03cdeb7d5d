"""Issue 12, inputs: odd names and links never stop or hang a batch; an input that names nothing is exit 2.

Before the fix a file name that is not UTF-8 (or a JSONL id holding a lone surrogate) raised at write time
and every --resume stopped at the same place; a link to itself aborted the listing with RuntimeError; a
`**` glob over a folder with two links to `.` ran for minutes; an empty or unsupported input exited 0.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

import extractor
from extractor.app.cli import main
from extractor.batch.runner import run, run_batch
from extractor.io.listing import scan_inputs
from extractor.io.readers import InputError, Inputs, Source
from extractor.io.writers import iter_records

TEXT = "Đến năm 2028, tỷ lệ trường học đạt chuẩn quốc gia đạt {n}%; Sở Giáo dục và Đào tạo chủ trì."


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(TEXT.format(n=80), encoding="utf-8")
    with open(os.fsencode(folder) + b"/b\x80.txt", "w", encoding="utf-8") as fh:
        fh.write(TEXT.format(n=90))
    out = tmp_path / "out.jsonl"
    summary = run([folder], out)
    ids = [r["doc_id"] for r in iter_records(out)]
    assert ids == ["b\\x80.txt", "ok.txt"] and summary.errors == 0
    # A resumed run finds the same id done and adds nothing.
    again = run([folder], out, resume=True)
    assert again.resumed == 2 and len(list(iter_records(out))) == 2


def test_jsonl_id_and_text_with_lone_surrogates(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"id": "b\\udc80", "text": "Phấn đấu đến năm 2030 có 50 xã \\ud800 đạt chuẩn."}\n'
                    '{"id": "c", "text": "Đến năm 2027 có 30 chợ."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = run([rows], out)
    records = list(iter_records(out))
    assert [r["doc_id"] for r in records] == ["b\\udc80", "c"]
    assert summary.errors == 0 and all("targets" in r for r in records)
    assert "\ufffd" in json.dumps(records[0], ensure_ascii=False) or records[0]["targets"] == []
    assert run([rows], out, resume=True).resumed == 2


def test_a_callers_source_with_a_surrogate_id_is_written(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    run_batch([Source("x\udc81", text="Đến năm 2027 có 30 chợ.")], out)
    assert [r["doc_id"] for r in iter_records(out)] == ["x\\udc81"]


def test_extract_on_text_with_a_surrogate_returns_or_raises_the_documented_error() -> None:
    try:
        doc = extractor.extract("Đến năm 2027 có 30 chợ \udc80 mới.", doc_id="s")
    except extractor.ExtractionError:
        return
    assert doc.doc_id == "s" and [t.value.low for t in doc.targets] == [30]


def test_link_to_itself_and_dangling_link_are_skipped(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    (d / "real.txt").write_text(TEXT.format(n=70), encoding="utf-8")
    os.symlink("self.txt", d / "self.txt")
    os.symlink("nowhere.txt", d / "gone.txt")
    os.symlink("real.txt", d / "alias.txt")
    listing = scan_inputs([d])
    assert [f.doc_id for f in listing.files] == ["alias.txt"]  # the real file once, by its first path
    assert sorted(p.rsplit("/", 1)[-1] for p, _ in listing.skipped) == ["gone.txt", "self.txt"]
    with pytest.raises(InputError, match="looping link"):
        scan_inputs([d / "self.txt"])


def test_glob_over_links_to_the_folder_itself_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("a", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("b", encoding="utf-8")
    os.symlink(".", root / "loop1")
    os.symlink(".", root / "loop2")
    os.symlink("..", root / "sub" / "up")
    listed: list[str] = []
    real_scandir = os.scandir

    def counting_scandir(path: object = ".") -> object:
        listed.append(os.fspath(path))  # type: ignore[arg-type]
        if len(listed) > 50:  # glob.glob follows the loops 2^40 ways; stop it here rather than wait
            raise RuntimeError("listing does not end")
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", counting_scandir)
    files = scan_inputs([str(root / "**" / "*.txt")]).files
    assert sorted(f.path.resolve().name for f in files) == ["a.txt", "b.txt"]
    assert len({os.path.realpath(p) for p in listed}) == len(listed) <= 3  # each real folder listed once


def test_inputs_that_name_nothing_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "sheets").mkdir()
    (tmp_path / "sheets" / "a.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "sheets" / "b.xlsx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "o.jsonl"
    assert main(["extract", str(tmp_path / "empty"), "-o", str(out)]) == 2
    assert main(["extract", str(tmp_path / "sheets"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no supported files" in err and "2 unsupported suffix .xlsx" in err
    assert main(["extract", str(tmp_path / "sheets" / "*"), "-o", str(out)]) == 2
    assert not out.exists()


def test_summary_counts_skipped_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(TEXT.format(n=60), encoding="utf-8")
    (d / "scan.tiff").write_bytes(b"II*\x00")
    os.mkfifo(d / "pipe.txt")  # reading it would hang the batch: skipped, counted
    assert main(["extract", str(d), "-o", str(tmp_path / "o.jsonl")]) == 0
    assert re.search(r"1 documents, \d+ targets, 0 errors, 2 files skipped", capsys.readouterr().err)
    assert run([d], tmp_path / "p.jsonl").skipped == 2


def test_standard_input_is_read_once_as_text_or_rows() -> None:
    import io

    text = Inputs(["-"], stdin=io.BytesIO(TEXT.format(n=1).encode("utf-8")))
    assert [s.doc_id for s in text] == ["stdin"] and text.count() == 1
    rows = io.BytesIO(b'{"text": "a"}\n{"id": "k", "text": "b"}\n')
    assert [s.doc_id for s in Inputs(["-"], stdin=rows)] == ["stdin#1", "k"]
    csv_rows = io.BytesIO("text,id\nmột,x\nhai,y\n".encode())
    assert [s.doc_id for s in Inputs(["-"], stdin=csv_rows, stdin_format="csv")] == ["x", "y"]
