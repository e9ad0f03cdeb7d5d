"""The shipped JSON Schema is the one the pydantic models generate, and output validates against it."""

from __future__ import annotations

import json

import jsonschema
import pytest

import extractor
from extractor.io.schema import SCHEMA_PATH, render


def test_schema_file_matches_models() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), "run: python -m extractor.io.schema"


@pytest.mark.parametrize(
    "text",
    [
        "Phấn đấu đến năm 2030, toàn tỉnh có khoảng 1.500 doanh nghiệp công nghệ số; tỷ lệ hộ dùng nước sạch đạt 98%.",
        "",
        "Đội tuyển thắng 3-1 trong trận chung kết tối qua.",
    ],
)
def test_output_validates(text: str) -> None:
    record = extractor.extract(text, doc_id="t").model_dump(mode="json")
    jsonschema.validate(record, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
