"""The Dask path gives the same records, in the same order, as one process.

One LocalCluster of two worker processes serves all tests of the module, so
the cluster and the workers' model load are paid once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.batch.runner import run
from extractor.io.writers import iter_records

pytestmark = pytest.mark.slow

TEXT = ("Đến năm 2030, tỷ lệ đô thị hóa đạt {n}%; UBND tỉnh giao Sở Xây dựng chủ trì. "
        "Phấn đấu mỗi năm tạo việc làm mới cho khoảng {m} lao động.")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("dask")
    folder = root / "in"
    (folder / "sub").mkdir(parents=True)
    for i in range(24):
        sub = "sub/" if i % 3 == 0 else ""
        (folder / f"{sub}d{i:02d}.txt").write_text(TEXT.format(n=40 + i, m=1000 * i), encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"")
    ref = root / "ref.jsonl"
    run([folder], ref)
    return folder, ref.read_text(encoding="utf-8").splitlines()


def test_run_on_cluster_matches_one_process(client: object, corpus: tuple[Path, list[str]],
                                            tmp_path: Path) -> None:
    from extractor.batch.cluster import run_on_cluster

    folder, ref = corpus
    out = tmp_path / "out.jsonl"
    summary = run_on_cluster([folder], out, client=client, chunk_size=3)
    assert out.read_text(encoding="utf-8").splitlines() == ref
    assert summary.documents == 25 and summary.errors == 1


def test_workers_reading_files_and_resume(client: object, corpus: tuple[Path, list[str]],
                                          tmp_path: Path) -> None:
    from extractor.batch.cluster import run_on_cluster

    folder, ref = corpus
    out = tmp_path / "out.jsonl"
    out.write_text("".join(x + "\n" for x in ref[:10]) + ref[10][:25], encoding="utf-8")
    summary = run_on_cluster([folder], out, client=client, resume=True, ship_text=False)
    assert out.read_text(encoding="utf-8").splitlines() == ref
    assert summary.resumed == 10


def test_extract_bag_matches_one_process(client: object, corpus: tuple[Path, list[str]]) -> None:
    from extractor.batch.cluster import extract_bag

    folder, ref = corpus
    bag = extract_bag([folder], partition_size=4)
    records = bag.compute(scheduler=client)
    assert [json.dumps(r, ensure_ascii=False) for r in records] == [
        json.dumps(r, ensure_ascii=False) for r in map(json.loads, ref)]
    pairs = extract_bag([("Tăng trưởng 8%/năm.", "a"), ("", "b")], npartitions=2).compute(scheduler=client)
    assert [r["doc_id"] for r in pairs] == ["a", "b"]


def test_cli_dask_flag(client: object, corpus: tuple[Path, list[str]], tmp_path: Path) -> None:
    from extractor.app.cli import main

    folder, ref = corpus
    address = client.scheduler.address  # type: ignore[attr-defined]
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--dask", address, "-q"]) == 1
    assert [r["doc_id"] for r in iter_records(out)] == [r["doc_id"] for r in map(json.loads, ref)]


def test_dask_obeys_quiet(corpus: tuple[Path, list[str]], tmp_path: Path) -> None:
    """Before issue 12 a LocalCluster printed its logging and warnings whatever -q said."""
    import subprocess
    import sys

    folder, ref = corpus
    out = tmp_path / "q.jsonl"
    proc = subprocess.run([sys.executable, "-m", "extractor", "extract", str(folder), "-o", str(out), "--dask",
                           "local", "--workers", "1", "-q"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and proc.stderr == "" and proc.stdout == ""
    assert len(list(iter_records(out))) == len(ref)


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "not-an-address"])
def test_bad_scheduler_address_is_one_line_and_exit_two(corpus: tuple[Path, list[str]], tmp_path: Path,
                                                        address: str) -> None:
    """Before issue 12: a traceback after distributed's 30 s timeout."""
    import subprocess
    import sys

    folder, _ = corpus
    proc = subprocess.run([sys.executable, "-m", "extractor", "extract", str(folder), "-o", str(tmp_path / "o.jsonl"),
                           "--dask", address, "--dask-timeout", "2"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vnpolicy: cannot reach a Dask scheduler"), proc.stderr
