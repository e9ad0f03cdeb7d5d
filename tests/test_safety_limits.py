"""Issue 12, budgets: a zip bomb, an oversized page or text is one error record; a long text takes the
block path, so its memory is bounded by the block (the figures are in the README, from benchmarks/).

Before the fix a 1 MB .docx expanding to 1 GB was read whole, and the batch built a long document's whole
record in memory (1.2 GB at 20 MB of text).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

from extractor.batch.long_docs import LongRecord
from extractor.batch.runner import documents, process_source, run_batch
from extractor.io.readers import Limits, ReadError, Source, bounds, read_file
from extractor.io.schema import document_schema
from extractor.io.writers import dumps, iter_records
from extractor.pipeline import Extractor, get_extractor

PARA = ("Phấn đấu đến năm {y}, toàn tỉnh có thêm {n} doanh nghiệp khởi nghiệp sáng tạo; Sở Khoa học và Công nghệ "
        "chủ trì. Tỷ lệ xã có điểm phục vụ bưu chính đạt {p}% vào năm {y}.")


def long_text(paragraphs: int) -> str:
    return "\n\n".join(PARA.format(y=2026 + i % 5, n=20 + i, p=60 + i % 30) for i in range(paragraphs))


def test_a_docx_that_expands_too_far_is_refused_unread(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"<w:t>" + b"a" * (1 << 20) + b"</w:t>"
            for _ in range(300):
                part.write(chunk)
    assert bomb.stat().st_size < 2 * 2**20
    with pytest.raises(ReadError) as info:
        read_file(bomb)
    assert info.value.kind == "TooLarge" and "expands to" in info.value.message


def test_an_oversized_page_and_text_become_error_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "LIMITS", Limits(max_html_bytes=2000, max_chars=5000))
    (tmp_path / "big.html").write_text("<html><body>" + "<p>Đến năm 2030 có 9 xã.</p>" * 200 + "</body></html>",
                                       encoding="utf-8")
    (tmp_path / "big.txt").write_text(long_text(60), encoding="utf-8")
    sources = [Source("big.html", path=str(tmp_path / "big.html")), Source("big.txt", path=str(tmp_path / "big.txt")),
               Source("row", text=long_text(60))]
    out = tmp_path / "o.jsonl"
    summary = run_batch(sources, out)
    records = list(iter_records(out))
    assert [r["error"]["type"] for r in records] == ["TooLarge"] * 3 and summary.errors == 3


def test_a_long_text_in_one_block_gives_the_same_record(monkeypatch: pytest.MonkeyPatch) -> None:
    text = long_text(30)
    monkeypatch.setattr(documents, "LONG_DOC_CHARS", len(text) - 1)
    rec = process_source(Source("long", text=text))
    assert isinstance(rec, LongRecord)
    line = Path(rec.path or "").read_text(encoding="utf-8")
    assert line == dumps(get_extractor().extract(text, doc_id="long").model_dump(mode="json"))


def test_a_long_text_in_many_blocks_is_one_valid_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = long_text(120)
    small = Extractor(use_model=False, max_chars=2000)
    monkeypatch.setattr(documents, "LONG_DOC_CHARS", 5000)
    monkeypatch.setattr("extractor.pipeline.get_extractor", lambda: small)
    out = tmp_path / "o.jsonl"
    summary = run_batch([Source("short", text=PARA.format(y=2027, n=3, p=70)), Source("long", text=text)], out)
    short, long = list(iter_records(out))
    jsonschema.validate(long, document_schema())
    parts = list(small.extract_blocks(text, doc_id="long"))
    assert len(parts) > 3
    assert long["targets"] == [t.model_dump(mode="json") for p in parts for t in p.targets]
    assert long["entities"] == [e.model_dump(mode="json") for p in parts for e in p.entities]
    assert all(text[t["evidence"]["start"]:t["evidence"]["end"]] == t["evidence"]["text"] for t in long["targets"])
    assert summary.targets == len(short["targets"]) + len(long["targets"]) and summary.documents == 2
    assert not list(Path(tmp_path).glob("vnpolicy-*"))
    # A remote worker (Dask) gets the same record as text.
    remote = process_source(Source("long", text=text), small, spool=False)
    assert isinstance(remote, LongRecord) and json.loads(remote.line or "") == long
