"""Issue 12, conventions researchers rely on: --version, --help with defaults and examples, a schema tool
that writes only where told, benchmark scripts that fail on missing inputs, a spaCy component.

Each failed before the fix: no --version nor __version__, help without defaults or examples,
`python -m extractor.schema` wrote next to the package and had no --help, the NER benchmark printed a
table of zeros for a missing gold folder, and no `vnpolicy_targets` factory existed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import extractor
from extractor.app.cli import build_parser, main
from extractor.io import schema

ROOT = Path(__file__).resolve().parents[1]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    assert extractor.__version__ == version("vnpolicy-extractor")
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"vnpolicy {extractor.__version__}"


@pytest.mark.parametrize("command", ["extract", "show", "table"])
def test_help_shows_defaults_and_an_example(command: str) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]  # type: ignore[union-attr]
    text = " ".join(sub.format_help().split())  # whatever the terminal's width
    assert "examples:" in text and f"vnpolicy {command} " in text.split("examples:")[1]
    if command == "extract":
        assert "(default: 8)" in text and "(default: text)" in text and "exit status:" in text


def test_schema_tool_writes_only_where_told(tmp_path: Path) -> None:
    def tool(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "extractor.io.schema", *args], capture_output=True, text=True,
                              cwd=tmp_path, timeout=120)

    before = sorted(p.name for p in tmp_path.iterdir())
    printed = tool()
    assert printed.returncode == 0 and json.loads(printed.stdout)["title"] == "Document"
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written anywhere here
    assert schema.SCHEMA_PATH.read_text(encoding="utf-8") == schema.render()  # nor to the package's file
    helped = tool("--help")
    assert helped.returncode == 0 and "--check" in helped.stdout and "-o" in helped.stdout
    target = tmp_path / "s.json"
    target.write_text("{}", encoding="utf-8")
    assert tool("-o", str(target)).returncode == 2 and target.read_text(encoding="utf-8") == "{}"
    assert tool("-o", str(target), "--overwrite").returncode == 0
    assert tool("--check", str(target)).returncode == 0
    target.write_text("{}", encoding="utf-8")
    assert tool("--check", str(target)).returncode == 1


@pytest.mark.parametrize("args", [["--dev", "/nonexistent/dev.jsonl"], ["--gold", "/nonexistent/gold"]])
def test_benchmark_exits_non_zero_on_missing_inputs(args: list[str]) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "ner_vs_underthesea.py"), *args],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "error:" in proc.stderr


def test_fault_script_refuses_a_missing_corpus(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "faults.py"), "--corpus", str(tmp_path / "x")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2


def test_spacy_component_from_a_blank_pipeline() -> None:
    import spacy
    from spacy.tokens import DocBin

    text = ("Phấn đấu đến năm 2030, toàn tỉnh có khoảng 120 hợp tác xã ứng dụng công nghệ cao. "
            "UBND tỉnh giao Sở Nông nghiệp và Môi trường chủ trì.")
    nlp = spacy.blank("xx")
    nlp.add_pipe("vnpolicy_targets")
    doc = nlp(text)
    expected = extractor.extract(text).model_dump(mode="json")
    assert doc._.policy == expected and doc._.targets == expected["targets"] and doc._.targets
    spans = doc.spans["vnpolicy_targets"]
    assert [s.label_ for s in spans] == [t["metric"] for t in expected["targets"]]
    assert all(s.start_char <= t["evidence"]["start"] and t["evidence"]["end"] <= s.end_char
               for s, t in zip(spans, expected["targets"], strict=True))
    restored = list(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))[0]
    assert json.loads(json.dumps(restored._.targets)) == doc._.targets  # msgpack keeps lists as tuples
