"""The batch runner: exactly-once output, resume, error records, workers, tables.

Nothing here depends on what the extractor finds: records are compared between
runs of the same code (1 vs 2 workers, killed-and-resumed vs straight through).
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from extractor import to_dataframe
from extractor.batch.runner import process_chunk, run, run_batch
from extractor.io.readers import Source
from extractor.io.table import COLUMNS
from extractor.io.writers import iter_records, read_table, scan_log, write_table
from extractor.models import Deadline, Document, DocumentRef, Period, Span, Target, Value

SENTENCES = [
    "Phấn đấu đến năm 2025, toàn tỉnh có khoảng {n} doanh nghiệp tham gia chuỗi cung ứng toàn cầu.",
    "Tỷ lệ hộ nghèo giảm bình quân {p}%/năm giai đoạn 2021 - 2025.",
    "UBND tỉnh giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các sở, ngành thực hiện Kế hoạch.",
    "Đến năm 2030, thu hút {n} tỷ đồng vốn đầu tư vào các khu công nghiệp.",
]


def make_texts(n: int) -> list[str]:
    return [" ".join(s.format(n=100 + 7 * i, p=1 + i % 3) for s in SENTENCES[: 1 + i % 4]) for i in range(n)]


def write_corpus(folder: Path, n: int = 12) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i, text in enumerate(make_texts(n)):
        name = f"doc{i:03d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        names.append(name)
    return names


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _crash_on_marker(sources: list[Source]) -> list[dict[str, Any]]:
    """A chunk task whose worker process dies on a document marked 'crash' (a segfault stand-in)."""
    if any("crash" in s.doc_id for s in sources):
        os._exit(3)
    return process_chunk(sources)


def _raise_on_marker(sources: list[Source]) -> list[dict[str, Any]]:
    """A chunk task that fails remotely (as a Dask task would) when a document is marked 'boom'."""
    if any("boom" in s.doc_id for s in sources):
        raise RuntimeError("worker lost")
    return process_chunk(sources)


class _Interrupt(BaseException):
    """Stands in for Ctrl-C / SIGTERM arriving in the middle of a run."""


# ---------------------------------------------------------------- errors and exit data


def test_corrupt_file_among_good_ones(tmp_path: Path) -> None:
    names = write_corpus(tmp_path / "in", 6)
    (tmp_path / "in" / "broken.txt").write_bytes(b"PK\x03\x04\x14\x00zip pretending to be text")
    summary = run([tmp_path / "in"], tmp_path / "out.jsonl")
    records = list(iter_records(tmp_path / "out.jsonl"))
    assert sorted(r["doc_id"] for r in records) == sorted([*names, "broken.txt"])
    errors = [r for r in records if "error" in r]
    assert errors == [{"doc_id": "broken.txt", "error": {"type": "BinaryFile",
                                                         "message": errors[0]["error"]["message"]}}]
    assert summary.documents == 7 and summary.errors == 1 and not summary.ok


def test_extraction_failure_is_an_error_record(tmp_path: Path) -> None:
    class Failing:
        def extract(self, text: str, doc_id: str | None = None) -> Document:
            raise ValueError("bad luck")

    from extractor.batch.runner import process_source

    rec = process_source(Source("x", text="abc"), Failing())
    assert rec == {"doc_id": "x", "error": {"type": "ValueError", "message": "bad luck"}}


# ---------------------------------------------------------------- resume


@pytest.fixture()
def reference(tmp_path: Path) -> tuple[list[Source], list[str]]:
    sources = [Source(f"d{i}", text=t) for i, t in enumerate(make_texts(20))]
    out = tmp_path / "ref.jsonl"
    run_batch(sources, out)
    return sources, lines(out)


@pytest.mark.parametrize("cut", ["mid-line", "before-newline", "line-boundary", "empty"])
def test_resume_after_kill_no_loss_no_duplicate(tmp_path: Path, reference: tuple[list[Source], list[str]],
                                                 cut: str) -> None:
    sources, ref = reference
    out = tmp_path / "out.jsonl"
    k = 7
    partial = "".join(line + "\n" for line in ref[:k])
    if cut == "mid-line":
        partial += ref[k][: len(ref[k]) // 2]
    elif cut == "before-newline":
        partial += ref[k]
    elif cut == "empty":
        partial = ""
    out.write_text(partial, encoding="utf-8")
    summary = run_batch(sources, out, resume=True)
    assert lines(out) == ref
    assert summary.documents == len(ref)
    expected_resumed = {"mid-line": k, "before-newline": k + 1, "line-boundary": k, "empty": 0}[cut]
    assert summary.resumed == expected_resumed


def test_interrupted_run_resumes_exactly_once(tmp_path: Path,
                                              reference: tuple[list[Source], list[str]]) -> None:
    sources, ref = reference
    out = tmp_path / "out.jsonl"
    calls = {"n": 0}

    def interrupt_third_chunk(chunk: list[Source]) -> list[dict[str, Any]]:
        calls["n"] += 1
        if calls["n"] == 3:
            raise _Interrupt
        return process_chunk(chunk)

    with pytest.raises(_Interrupt):
        run_batch(sources, out, chunk_size=3, task=interrupt_third_chunk)
    assert len(lines(out)) == 6
    run_batch(sources, out, resume=True, chunk_size=3)
    assert lines(out) == ref


def test_scan_log_drops_unreadable_lines(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text('{"doc_id": "a", "targets": []}\nGARBAGE\n{"doc_id": "b", "error": {"type": "X", '
                   '"message": "y"}}\n{"doc_id": "c", "tar', encoding="utf-8")
    state = scan_log(log)
    assert state.done == {"a", "b"} and state.errors == 1 and state.repaired
    assert [r["doc_id"] for r in iter_records(log)] == ["a", "b"]
    assert log.read_text(encoding="utf-8").endswith("}\n")


def test_resume_for_csv_uses_the_jsonl_log(tmp_path: Path, reference: tuple[list[Source], list[str]]) -> None:
    sources, ref = reference
    out = tmp_path / "out.csv"
    partial = "".join(x + "\n" for x in ref[:5]) + ref[5][:10]
    (tmp_path / "out.csv.jsonl").write_text(partial, encoding="utf-8")
    summary = run_batch(sources, out, resume=True)
    assert lines(tmp_path / "out.csv.jsonl") == ref
    assert summary.resumed == 5
    table = read_table(out)
    assert list(dict.fromkeys(table["doc_id"])) == [s.doc_id for s in sources]


# ---------------------------------------------------------------- workers


@pytest.mark.slow
def test_two_workers_give_identical_records(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 30)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    one = run([tmp_path / "in"], tmp_path / "one.jsonl", workers=1)
    two = run([tmp_path / "in"], tmp_path / "two.jsonl", workers=2, chunk_size=3)
    assert lines(tmp_path / "one.jsonl") == lines(tmp_path / "two.jsonl")
    assert (one.documents, one.targets, one.errors) == (two.documents, two.targets, two.errors) == (
        31, one.targets, 1)


@pytest.mark.slow
def test_dead_worker_costs_only_its_document(tmp_path: Path) -> None:
    texts = make_texts(9)
    sources = [Source(f"d{i}" if i != 4 else "d4-crash", text=t) for i, t in enumerate(texts)]
    out = tmp_path / "out.jsonl"
    summary = run_batch(sources, out, workers=2, chunk_size=2, task=_crash_on_marker)
    records = list(iter_records(out))
    assert [r["doc_id"] for r in records] == [s.doc_id for s in sources]
    crashed = [r for r in records if "error" in r]
    assert [r["doc_id"] for r in crashed] == ["d4-crash"]
    assert crashed[0]["error"]["type"] == "WorkerCrashed"
    assert summary.errors == 1


def test_failed_remote_chunk_is_retried_per_document(tmp_path: Path) -> None:
    sources = [Source(f"d{i}" if i != 2 else "d2-boom", text=t) for i, t in enumerate(make_texts(5))]
    ref = tmp_path / "ref.jsonl"
    run_batch([s for s in sources if "boom" not in s.doc_id], ref)
    out = tmp_path / "out.jsonl"
    with ThreadPoolExecutor(2) as pool:
        run_batch(sources, out, executor=pool, chunk_size=2, task=_raise_on_marker)
    records = list(iter_records(out))
    assert [r["doc_id"] for r in records] == [s.doc_id for s in sources]
    assert records[2]["error"]["type"] == "WorkerError"
    assert [json.dumps(r, ensure_ascii=False) for r in records if "error" not in r] == [
        json.dumps(r, ensure_ascii=False) for r in iter_records(ref)]


# ---------------------------------------------------------------- tables


def _doc_with_targets() -> Document:
    evidence = 'Phấn đấu đến năm 2025, có "khoảng" 800 doanh nghiệp,\r\nvà 1,5%; NA'
    return Document(
        doc_id="007",
        issuer="UBND tỉnh Bắc Ninh",
        documents=[DocumentRef(text="Quyết định số 295/QĐ-UBND", kind="Quyết định", number="295/QĐ-UBND"),
                   DocumentRef(text="Kế hoạch 12")],
        period=Period(start=2021, end=2025),
        targets=[
            Target(entity="doanh nghiệp", metric="count",
                   value=Value(low=800, high=800, unit="doanh nghiệp", qualifier="approx", text="khoảng 800"),
                   deadline=Deadline(year=2025, text="đến năm 2025"), agency="Sở Công thương",
                   location="Bắc Ninh", evidence=Span(text=evidence, start=0, end=len(evidence))),
            Target(entity="tỷ lệ hộ nghèo", metric="growth",
                   value=Value(low=0.1, high=1.5, unit="%", qualifier="range"),
                   deadline=Deadline(year=None, recurring="annual"), direction="decrease",
                   evidence=Span(text="giảm 0,1 - 1,5%/năm", start=3, end=20)),
            Target(entity="vốn", metric="amount", value=Value(low=5e11, high=500000000000, unit="VND"),
                   evidence=Span(text="500 tỷ đồng", start=30, end=41)),
        ],
    )


def test_to_dataframe_rows_and_columns() -> None:
    records = [_doc_with_targets(), Document(doc_id="empty").model_dump(mode="json"),
               {"doc_id": "bad", "error": {"type": "BinaryFile", "message": "zip"}}]
    df = to_dataframe(records)
    assert list(df.columns) == list(COLUMNS)
    assert list(df["doc_id"]) == ["007", "007", "007", "empty", "bad"]
    first = df.iloc[0]
    assert first["documents"] == "295/QĐ-UBND; Kế hoạch 12"
    assert (first["period_start"], first["period_end"], first["deadline_year"]) == (2021, 2025, 2025)
    assert (first["value_low"], first["unit"], first["qualifier"]) == (800.0, "doanh nghiệp", "approx")
    assert df.iloc[1]["recurring"] == "annual" and df.iloc[1]["direction"] == "decrease"
    empty = df.iloc[3]
    assert empty.drop(["doc_id"]).isna().all()
    bad = df.iloc[4]
    assert (bad["error_type"], bad["error_message"]) == ("BinaryFile", "zip")
    assert bad[["entity", "issuer"]].isna().all()
    assert list(to_dataframe([]).columns) == list(COLUMNS)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tables_round_trip(tmp_path: Path, fmt: str) -> None:
    import pandas as pd

    records = [_doc_with_targets(), Document(doc_id="NA"),
               {"doc_id": "e", "error": {"type": "T", "message": "m"}}]
    expected = to_dataframe(records)
    path = tmp_path / f"t.{fmt}"
    assert write_table(records, path, fmt, records_per_chunk=2) == len(expected)
    pd.testing.assert_frame_equal(read_table(path), expected)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_empty_table_round_trip(tmp_path: Path, fmt: str) -> None:
    import pandas as pd

    path = tmp_path / f"t.{fmt}"
    write_table([], path, fmt)
    pd.testing.assert_frame_equal(read_table(path), to_dataframe([]))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_batch_writes_table_from_log(tmp_path: Path, fmt: str) -> None:
    import pandas as pd

    write_corpus(tmp_path / "in", 5)
    out = tmp_path / f"out.{fmt}"
    summary = run([tmp_path / "in"], out)
    log = tmp_path / f"out.{fmt}.jsonl"
    assert summary.fmt == fmt and log.exists()
    pd.testing.assert_frame_equal(read_table(out), to_dataframe(list(iter_records(log))))
    assert summary.rows == len(read_table(out))


def test_chunks_close_at_a_size_budget_as_well_as_a_count(tmp_path: Path) -> None:
    # Short news items travel eight to a chunk; a long decision goes alone, so that the workers, whose
    # records are written in order, do not wait behind one chunk that holds it and seven others.
    from extractor.batch.runner.executors import chunked

    (tmp_path / "long.txt").write_text("Đến năm 2030 có 50 xã đạt chuẩn. " * 400, encoding="utf-8")
    short = [Source(doc_id=f"s{i}", text="Đến năm 2030 có 50 xã đạt chuẩn.") for i in range(20)]
    long_file = Source(doc_id="long", path=str(tmp_path / "long.txt"))
    assert long_file.size_hint() == (tmp_path / "long.txt").stat().st_size
    assert Source(doc_id="gone", path=str(tmp_path / "missing.txt")).size_hint() == 0
    sources = short[:3] + [long_file] + short[3:]
    chunks = list(chunked(sources, 8, chars=5_000))
    assert [s.doc_id for c in chunks for s in c] == [s.doc_id for s in sources]  # order kept, none lost
    assert [len(c) for c in chunks] == [4, 8, 8, 1]  # the long file closes its chunk
    assert [len(c) for c in chunked(short, 8, chars=100)] == [4] * 5  # 32 chars each: four reach 100
