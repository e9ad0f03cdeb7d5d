"""The JSON Schema of the output, generated from the pydantic models.

    python -m extractor.io.schema            # rewrite schemas/document.schema.json
    python -m extractor.io.schema --check    # exit 1 if the file has drifted from the models
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractor.models import Document, ErrorRecord

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "document.schema.json"


def document_schema() -> dict:
    """The schema of one output line: a Document or, from a batch, an ErrorRecord."""
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://vnpolicy.example/schemas/document.schema.json"
    schema.setdefault("$defs", {})["ErrorRecord"] = ErrorRecord.model_json_schema()
    return schema


def render() -> str:
    return json.dumps(document_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in argv:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != text:
            print(f"{SCHEMA_PATH} is out of date: run python -m extractor.io.schema", file=sys.stderr)
            return 1
        return 0
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
