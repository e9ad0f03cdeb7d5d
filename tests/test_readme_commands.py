"""The README's shell commands run as written, each in a fresh folder that holds the files they name.

The commands name a user's files (`corpus/`, `news/**/*.html`, `decisions/*.pdf`, `crawl.jsonl`); the
folder gets files of those names, made from the bundled samples, so that what runs is the README's line,
character for character (only `vnpolicy` is found on this interpreter's PATH). Lines that need a machine
we do not have (a Dask scheduler at an address) are listed in NEEDS_A_CLUSTER and must still parse as
commands the CLI accepts (`--help` of the same subcommand runs).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_readers import make_pdf  # pytest puts tests/ on sys.path (rootdir-relative, no package)

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
NEEDS_A_CLUSTER = ("tcp://", "dask scheduler", "dask worker")


def _commands() -> list[str]:
    """Every line of the README's ```sh blocks that runs the tool, comments removed."""
    out = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.DOTALL):
        for line in block.splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command and "..." not in command and ("vnpolicy" in command or "dask" in command):
                out.append(command)
    return out


COMMANDS = _commands()


def _folder(tmp_path: Path) -> Path:
    """The files the commands name, made from the samples."""
    samples = sorted((ROOT / "samples").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in samples]
    shutil.copytree(ROOT / "samples", tmp_path / "corpus")
    news = tmp_path / "news" / "2025" / "06"
    news.mkdir(parents=True)
    for i, text in enumerate(texts):
        body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
        (news / f"bai-{i}.html").write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "qd-295.pdf").write_bytes(make_pdf(texts[1].splitlines()[:40]))
    with (tmp_path / "crawl.jsonl").open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            url = "https://example.vn/a" if i == 0 else f"https://example.vn/{i}"
            fh.write(json.dumps({"url": url, "content": text}, ensure_ascii=False) + "\n")
    return tmp_path


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=600)


def test_the_readme_has_commands() -> None:
    assert sum("vnpolicy extract" in c for c in COMMANDS) >= 6
    assert any("vnpolicy show" in c for c in COMMANDS)


@pytest.mark.slow
@pytest.mark.parametrize("command", [c for c in COMMANDS if not any(k in c for k in NEEDS_A_CLUSTER)])
def test_readme_command_runs(tmp_path: Path, command: str) -> None:
    folder = _folder(tmp_path)
    if "--record targets.jsonl" in command:  # the record a batch wrote: write it first
        made = _run("vnpolicy extract decisions/ -o targets.jsonl -q", folder)
        assert made.returncode == 0, made.stderr
    proc = _run(command, folder)
    assert proc.returncode == 0, f"{command}\n{proc.stderr[-2000:]}"
    words = command.split()
    written = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-o", ">") and words[i + 1] != "-"]
    assert written
    for name in written:
        assert (folder / name).is_file() and (folder / name).stat().st_size > 0, f"{command}: no {name}"

@pytest.mark.parametrize("command", [c for c in COMMANDS if "vnpolicy" in c and "tcp://" in c])
def test_readme_cluster_command_is_accepted_by_the_cli(command: str) -> None:
    from extractor.app.cli import build_parser

    args = command.split("|")[-1].split(">")[0].split()[1:]  # the words after `vnpolicy`
    parsed = build_parser().parse_args(args)
    assert parsed.dask and parsed.dask.startswith("tcp://")
