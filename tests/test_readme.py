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


def _tree() -> str:
    """The code block of the README's "How it works": the package tree, one line (or a wrapped line) a room."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it works", 1)[1]
    return section.split("```", 2)[1]


def _rooms(tree: str) -> dict[str, str]:
    """Each folder of the tree ("text", "text/tables") → the text of its entry, wrapped lines joined."""
    rooms: dict[str, str] = {}
    top = current = ""
    for line in tree.splitlines():
        m = re.match(r"^( +)(\w+)/(?:\s|$)(.*)", line)
        if m and len(m.group(1)) in (2, 4):
            if len(m.group(1)) == 2:
                top = current = m.group(2)
            else:
                current = f"{top}/{m.group(2)}"
            rooms[current] = m.group(3)
        elif current and line.startswith("     "):
            rooms[current] += " " + line.strip()
        else:
            current = ""
    return rooms


def test_how_it_works_names_every_module_of_every_folder() -> None:
    # The tree is the newcomer's map: a folder or a module added, moved or renamed without it fails here.
    package = ROOT / "extractor"
    tree = _tree()
    rooms = _rooms(tree)
    folders = {p.relative_to(package).as_posix() for p in package.rglob("__init__.py")} - {"__init__.py"}
    folders = {f.rsplit("/", 1)[0] for f in folders}
    assert set(rooms) - {"data"} == folders, "folders in the tree vs folders with an __init__.py"
    for folder in folders:
        words = set(re.findall(r"\w+", rooms[folder]))
        for path in sorted((package / folder).iterdir()):
            name = path.stem if path.suffix == ".py" else path.name
            if name.startswith("_") or not (path.suffix == ".py" or (path / "__init__.py").is_file()):
                continue
            assert name in words, f"README tree: {folder}/ does not name {name}"
    for path in package.glob("*.py"):
        if not path.name.startswith("_"):
            assert path.name in tree, f"README tree: extractor/{path.name} is not named"
    assert (package / "data").is_dir()
