"""The same input gives byte-identical JSON: twice in one process, and across processes whose
string hashing differs (PYTHONHASHSEED), so that no set or dict iteration order leaks into output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import extractor

ROOT = Path(__file__).resolve().parent.parent

TEXTS = {
    "decision": (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n-------\nSố: 165/KH-UBND\n\nKẾ HOẠCH\n"
        "Thực hiện Quyết định số 295/QĐ-UBND ngày 13/9/2021 giai đoạn 2021 - 2025\n\n"
        "I. MỤC TIÊU\n1. Mục tiêu cụ thể đến năm 2025:\n"
        "- Tỷ lệ hộ dân sử dụng nước sạch đạt 98%; tỷ lệ hộ nghèo giảm còn 1,5%.\n"
        "- Có ít nhất 1.500 doanh nghiệp công nghệ số, thu hút 2 tỷ USD vốn FDI.\n"
        "- Số bác sĩ đạt 12 bác sĩ/10.000 dân; tốc độ tăng trưởng GRDP bình quân 8 - 9%/năm.\n"
        "2. Sở Y tế chủ trì, phối hợp với UBND thành phố Bắc Ninh, Sở Tài chính và Bộ Y tế triển khai.\n"
    ),
    "news": (
        "Hà Nội đặt mục tiêu đến năm 2030 có 100% xã đạt chuẩn nông thôn mới. "
        "Theo Nghị quyết 115/NQ-CP, TP.HCM phấn đấu thu nhập bình quân đầu người đạt khoảng 14.500 USD; "
        "Đà Nẵng, Cần Thơ và tỉnh Bắc Giang cũng đề ra chỉ tiêu giảm tỷ lệ trẻ em suy dinh dưỡng xuống dưới 10%."
    ),
    "folded": (
        "Phan dau den nam 2030, ty le ho dan dung nuoc sach dat 98%; UBND tinh Bac Ninh thu hut "
        "2 ty USD von FDI va co 50 xa dat chuan nong thon moi."
    ),
}


def canonical(text: str, doc_id: str) -> str:
    return json.dumps(extractor.extract(text, doc_id=doc_id).model_dump(mode="json"), ensure_ascii=False,
                      sort_keys=True)


_CHILD = """
import json, sys
import extractor
texts = json.loads(sys.stdin.read())
out = {k: json.dumps(extractor.extract(t, doc_id=k).model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
       for k, t in texts.items()}
sys.stdout.write(json.dumps(out, ensure_ascii=False))
"""


def test_texts_are_not_trivial() -> None:
    """Determinism is only worth checking on output that has something in it."""
    docs = {k: extractor.extract(t, doc_id=k) for k, t in TEXTS.items()}
    assert all(d.targets for d in docs.values())
    assert docs["decision"].documents and docs["decision"].entities and docs["news"].entities


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_same_process_twice(key: str) -> None:
    first = canonical(TEXTS[key], key)
    second = canonical(TEXTS[key], key)
    assert first.encode("utf-8") == second.encode("utf-8")


def test_fresh_extractor_same_output() -> None:
    """A second Extractor (models and lexicons loaded again) gives the same record as the cached one."""
    ex = extractor.Extractor()
    for key, text in TEXTS.items():
        fresh = json.dumps(ex.extract(text, doc_id=key).model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
        assert fresh == canonical(text, key)


def _run_child(seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD], input=json.dumps(TEXTS, ensure_ascii=False), capture_output=True,
        text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


@pytest.mark.slow
def test_across_hash_seeds() -> None:
    here = {k: canonical(t, k) for k, t in TEXTS.items()}
    runs = {seed: _run_child(seed) for seed in ("0", "1", "123")}
    for seed, out in runs.items():
        for key in TEXTS:
            assert out[key].encode("utf-8") == here[key].encode("utf-8"), (seed, key)
