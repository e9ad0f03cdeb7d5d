"""The README's Python snippets run as written, on the bundled samples, as a new user would paste them.

Each snippet runs in its own interpreter, in a fresh folder holding a copy of `samples/` (the clone's
layout), so nothing it writes lands in the repository. Before issue 12 they used names they never defined
(`text1`, `rows`), a cluster address nobody has, and a batch call that broke without a main guard.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)


def test_the_readme_has_python_snippets() -> None:
    assert len(SNIPPETS) >= 4


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(SNIPPETS)))
def test_readme_snippet_runs(tmp_path: Path, index: int) -> None:
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    script = tmp_path / f"snippet{index}.py"
    script.write_text(SNIPPETS[index], encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"snippet {index}:\n{SNIPPETS[index]}\n{proc.stderr[-3000:]}"


def test_readme_points_at_the_contract_in_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/contract.md" in readme and (ROOT / "docs" / "contract.md").is_file()
    assert "../shared/spec" not in readme
    assert "pip install '.[batch]'" in readme


def test_quick_start_command(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    proc = subprocess.run([sys.executable, "-m", "extractor", "extract", "samples", "-o", "out/samples.jsonl"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert len((tmp_path / "out" / "samples.jsonl").read_text(encoding="utf-8").splitlines()) == len(
        list((ROOT / "samples").glob("*.txt")))
