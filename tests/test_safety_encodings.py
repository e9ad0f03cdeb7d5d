"""Issue 12, encodings: UTF-16 without a BOM, TCVN3 (ABC) and VNI are read; a refusal says what was tried.

The legacy texts are ones we wrote, encoded here with the package's own tables (`extractor/data/encodings`).
Before the fix UTF-16 without a BOM was "binary" and TCVN3/VNI were "the encoding could not be determined".
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extractor.io import encodings
from extractor.io.readers import ReadError, decode_bytes, read_file

# Written for these tests; no capital letter with a tone mark (TCVN3 writes those in lower case).
PLAN = ("Kế hoạch phát triển giáo dục nghề nghiệp của tỉnh giai đoạn 2026 - 2030.\n"
        "Phấn đấu đến năm 2030, tỷ lệ lao động qua đào tạo đạt khoảng 75%, trong đó có bằng cấp, chứng chỉ "
        "đạt 35%; mỗi năm tuyển sinh mới trên 12.000 người. Sở Nội vụ chủ trì, phối hợp với các sở, ngành "
        "và Ủy ban nhân dân cấp xã tổ chức thực hiện; huy động nguồn lực xã hội hóa, ưu tiên người dân tộc "
        "thiểu số, người khuyết tật và lao động nữ ở vùng khó khăn.\n")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(tmp_path: Path, codec: str) -> None:
    (tmp_path / "a.txt").write_bytes(PLAN.encode(codec))
    assert read_file(tmp_path / "a.txt") == PLAN


def test_tcvn3_is_decoded(tmp_path: Path) -> None:
    data = encodings.encode_tcvn3(PLAN)
    assert data != PLAN.encode("utf-8") and b"\xb8" in data  # 'á' is one byte, 0xB8, in TCVN3
    (tmp_path / "abc.txt").write_bytes(data)
    assert nfc(read_file(tmp_path / "abc.txt")) == PLAN.replace("Ủy", "ủy")  # a toned capital comes back lower


def test_vni_is_decoded(tmp_path: Path) -> None:
    data = encodings.encode_vni(PLAN)
    assert b"a\xf9" in data  # 'á' is 'a' followed by the acute mark byte in VNI
    (tmp_path / "vni.txt").write_bytes(data)
    assert nfc(read_file(tmp_path / "vni.txt")) == PLAN


def test_vni_capitals_with_marks() -> None:
    heading = "QUYẾT ĐỊNH VỀ VIỆC BAN HÀNH KẾ HOẠCH PHÁT TRIỂN NÔNG THÔN MỚI Ở CÁC XÃ MIỀN NÚI PHÍA BẮC\n"
    assert nfc(encodings.decode_vni(encodings.encode_vni(heading))) == heading


def test_legacy_csv_rows_decode_too(tmp_path: Path) -> None:
    from extractor.io.readers import iter_csv

    (tmp_path / "r.csv").write_bytes(encodings.encode_vni('id,text\na,"' + PLAN.replace("\n", " ") + '"\n'))
    (row,) = list(iter_csv(tmp_path / "r.csv", "r.csv"))
    assert nfc(row.text or "") == PLAN.replace("\n", " ")


def test_wrong_readings_score_low() -> None:
    for encode, wrong in ((encodings.encode_tcvn3, encodings.decode_vni),
                          (encodings.encode_vni, encodings.decode_tcvn3)):
        r = encodings.reading("x", wrong(encode(PLAN)))
        assert encodings.vietnamese_verdict(r) is not None


def test_refusal_says_what_was_tried(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_bytes("Le développement économique régional à l'avenir, ça va.".encode("cp1252"))
    with pytest.raises(ReadError) as info:
        read_file(tmp_path / "fr.txt")
    message = info.value.message
    assert info.value.kind == "EncodingError"
    for tried in ("UTF-8", "UTF-16", "Windows-1258", "TCVN3", "VNI", "charset-normalizer"):
        assert tried in message


def test_binary_with_nuls_is_still_binary() -> None:
    with pytest.raises(ReadError) as info:
        decode_bytes(bytes(range(256)) * 8)
    assert info.value.kind == "BinaryFile" and "UTF-16" in info.value.message


def test_syllable_shapes() -> None:
    assert all(encodings.is_syllable(w) for w in ("nghiêng", "khuyến", "người", "được", "quốc", "gia", "thuở"))
    assert not any(encodings.is_syllable(w) for w in ("développement", "caic", "aeo", "ăo", "tiê", "hoàá"))
