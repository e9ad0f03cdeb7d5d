"""Issue 12, worker processes: none outlives a killed parent, and a script without a main guard is told why.

Before the fix `kill -9` of the parent left its workers running, and `run(..., workers=4)` at the top of a
script turned every document into "WorkerCrashed" (which `resume=True` then skipped as done).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from extractor.io.writers import iter_records

pytestmark = pytest.mark.slow

TEXT = "Đến năm 2029, có {n} trạm sạc xe điện trên địa bàn; Sở Công Thương chủ trì thực hiện."


def corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"d{i:03d}.txt").write_text(TEXT.format(n=10 + i), encoding="utf-8")
    return folder


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def test_kill_of_the_parent_ends_its_workers(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 400)
    out = tmp_path / "o.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "extractor", "extract", str(tmp_path / "in"), "-o", str(out),
                             "--workers", "2", "--chunk-size", "1", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[psutil.Process] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.stat().st_size > 0:
            workers = [p for p in _children(proc.pid) if "multiprocessing" in " ".join(p.cmdline())]
            if len(workers) >= 2:
                break
        time.sleep(0.05)
    assert workers, "the run ended before its workers were seen"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    gone, alive = psutil.wait_procs(workers, timeout=30)
    for p in alive:
        p.kill()
    assert not alive, f"{len(alive)} workers outlived their parent"


def test_a_script_without_a_main_guard_is_told_why(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 4)
    script = tmp_path / "batch.py"
    script.write_text(textwrap.dedent(f"""
        from extractor.batch.runner import run
        summary = run([{str(tmp_path / 'in')!r}], {str(tmp_path / 'o.jsonl')!r}, workers=2, resume=True)
        print(summary.line())
    """), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode != 0
    assert 'if __name__ == "__main__":' in proc.stderr
    assert not any("WorkerCrashed" in str(r) for r in iter_records(tmp_path / "o.jsonl")) if (
        tmp_path / "o.jsonl").exists() else True
    # Fixed as the message says, the same call with resume=True does every document.
    guarded = script.read_text(encoding="utf-8").replace("summary = run(", "if __name__ == '__main__':\n"
                                                          "    summary = run(").replace("\nprint(", "\n    print(")
    script.write_text(guarded, encoding="utf-8")
    fixed = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    records = list(iter_records(tmp_path / "o.jsonl"))
    assert len(records) == 4 and not any("error" in r for r in records)


def test_workers_start_with_one_thread_per_library_and_the_caller_keeps_its_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits reach the worker processes (they used to be removed again before any worker started), a
    value the caller set is kept, and the caller's own environment is as it was."""
    from extractor.batch.runner.workers import make_process_pool

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")
    before = dict(os.environ)
    pool = make_process_pool(1)
    try:
        assert dict(os.environ) == before
        assert pool.submit(os.getenv, "OMP_NUM_THREADS").result(timeout=120) == "1"
        assert pool.submit(os.getenv, "MKL_NUM_THREADS").result(timeout=120) == "3"
    finally:
        pool.shutdown()
