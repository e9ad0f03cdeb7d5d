"""The JSON Schema of the output, generated from the pydantic models.

    python -m extractor.io.schema                                   # print the schema on standard output
    python -m extractor.io.schema -o schemas/document.schema.json   # write it there (--overwrite to replace)
    python -m extractor.io.schema --check [FILE]                    # exit 1 if FILE has drifted from the models

It writes only where it is told: an installed package has no business writing next to itself.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from extractor.models import Document, ErrorRecord

# The schema file of the source tree (what `--check` reads by default, and the tests compare).
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "document.schema.json"
EXAMPLES = """examples:
  python -m extractor.io.schema > document.schema.json
  python -m extractor.io.schema -o schemas/document.schema.json --overwrite
  python -m extractor.io.schema --check
"""


def document_schema() -> dict:
    """The schema of one output line: a Document or, from a batch, an ErrorRecord."""
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://vnpolicy.example/schemas/document.schema.json"
    schema.setdefault("$defs", {})["ErrorRecord"] = ErrorRecord.model_json_schema()
    return schema


def render() -> str:
    """The schema as the text of the file (sorted keys, so it diffs well)."""
    return json.dumps(document_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m extractor.io.schema", epilog=EXAMPLES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     description="The JSON Schema of one output line, generated from the "
                                                 "pydantic models. Without -o it goes to standard output.")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the schema to FILE")
    parser.add_argument("--overwrite", action="store_true", help="replace FILE when it exists and differs")
    parser.add_argument("--check", nargs="?", const=str(SCHEMA_PATH), metavar="FILE",
                        help=f"exit 1 if FILE differs from the models (default FILE: {SCHEMA_PATH})")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Exit status: 0 done, 1 the checked file has drifted, 2 usage error (or a file it must not replace)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2
    text = render()
    if args.check is not None:
        path = Path(args.check)
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != text:
            print(f"{path} is out of date: run python -m extractor.io.schema -o {path} --overwrite", file=sys.stderr)
            return 1
        return 0
    if args.output is None:
        sys.stdout.write(text)
        return 0
    path = Path(args.output)
    if path.is_file() and path.read_text(encoding="utf-8", errors="replace") == text:
        print(f"{path} is up to date", file=sys.stderr)
        return 0
    if path.exists() and not args.overwrite:
        print(f"{path} exists and differs; give --overwrite to replace it", file=sys.stderr)
        return 2
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
