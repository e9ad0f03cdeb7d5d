"""Input formats: every reader gives the text, or one error record saying why not.

All fixtures are written here: docx through python-docx, PDF as a hand-built
byte string with a Unicode text layer, legacy encodings by encoding our own
sentences.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from extractor.io.readers import (
    InputError,
    Inputs,
    ReadError,
    Source,
    decode_bytes,
    html_to_text,
    list_files,
    read_file,
    sources_from,
    unique_ids,
)

VN = "Phấn đấu đến năm 2025, toàn tỉnh có khoảng 800 doanh nghiệp tham gia chuỗi cung ứng."
VN2 = "Ủy ban nhân dân tỉnh giao Sở Công Thương chủ trì, phối hợp với các sở, ngành liên quan."


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (Type0 font, Identity-H, ToUnicode = code points)."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL\n" + "".join(
        f"<{line.encode('utf-16-be').hex()}> Tj T*\n" for line in lines) + "ET"
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            "1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end")
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H /DescendantFonts [6 0 R] "
        "/ToUnicode 7 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def to_cp1258(text: str) -> bytes:
    """Vietnamese in Windows-1258: base letters with ^ ˘ ʼ precomposed, tone marks combining."""
    mods = {"\u0302", "\u0306", "\u031b"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        base = d[0] + "".join(c for c in d[1:] if c in mods)
        out.append(unicodedata.normalize("NFC", base) + "".join(c for c in d[1:] if c not in mods))
    return "".join(out).encode("cp1258")


def read_error(path: Path) -> ReadError:
    with pytest.raises(ReadError) as info:
        read_file(path)
    return info.value


# ---------------------------------------------------------------- text


def test_utf8_with_and_without_bom(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(VN.encode("utf-8"))
    (tmp_path / "b.md").write_bytes(b"\xef\xbb\xbf" + VN.encode("utf-8"))
    assert read_file(tmp_path / "a.txt") == VN
    assert read_file(tmp_path / "b.md") == VN  # the BOM is not part of the text


def test_utf16_with_bom(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(VN.encode("utf-16"))
    assert read_file(tmp_path / "a.txt") == VN


def test_confident_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    text = (VN + " " + VN2 + "\n") * 3
    (tmp_path / "cp1258.txt").write_bytes(to_cp1258(text))
    got = read_file(tmp_path / "cp1258.txt")
    assert unicodedata.normalize("NFC", got) == text


def test_unknown_encoding_is_an_error_not_mojibake(tmp_path: Path) -> None:
    # Too short to tell its code page: must be refused, not guessed.
    (tmp_path / "short.txt").write_bytes(to_cp1258("Xin chào"))
    err = read_error(tmp_path / "short.txt")
    assert err.kind == "EncodingError"
    assert "encoding could not be determined" in err.message


def test_western_code_page_is_not_passed_off_as_vietnamese(tmp_path: Path) -> None:
    french = "Le développement économique régional à l'avenir, ça va."
    (tmp_path / "fr.txt").write_bytes(french.encode("cp1252"))
    assert read_error(tmp_path / "fr.txt").kind == "EncodingError"


@pytest.mark.parametrize(("data", "kind"), [
    (b"", "EmptyFile"),
    (b"  \n\t\n", "EmptyFile"),
    (b"PK\x03\x04\x14\x00\x00\x00rest-of-a-zip", "BinaryFile"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "BinaryFile"),
    (bytes(range(256)) * 8, "BinaryFile"),
    (b"hello\x00world\x00" * 20, "BinaryFile"),
])
def test_binary_and_empty_files_are_errors(tmp_path: Path, data: bytes, kind: str) -> None:
    (tmp_path / "x.txt").write_bytes(data)
    assert read_error(tmp_path / "x.txt").kind == kind


def test_decode_bytes_keeps_text_exactly() -> None:
    text = "Dòng 1\r\nDòng 2\tcột\n"
    assert decode_bytes(text.encode("utf-8")) == text


# ---------------------------------------------------------------- html


PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tin</title>
<script>var tracking = "SCRIPT-TEXT";</script><style>.x {{ color: red }}</style></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/kt">Kinh tế</a> | <a href="/xh">Xã hội</a></nav>
<article><h1>Bắc Ninh đặt mục tiêu 800 doanh nghiệp công nghiệp hỗ trợ</h1>
<p>{VN}</p><p>{VN2} Kế hoạch được triển khai từ năm 2021 &amp; kéo dài đến năm 2025.</p>
<p>Các địa phương chủ động rà soát, đánh giá và báo cáo kết quả thực hiện định kỳ hằng năm.</p></article>
<footer>Bản quyền © Báo Điện tử. Liên hệ quảng cáo.</footer></body></html>"""


def test_html_main_text_without_boilerplate(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    text = read_file(tmp_path / "p.html")
    assert VN in text and "Kế hoạch được triển khai từ năm 2021 & kéo dài" in text
    assert "SCRIPT-TEXT" not in text and "color: red" not in text
    assert "Liên hệ quảng cáo" not in text


def test_html_fallback_when_trafilatura_finds_nothing() -> None:
    # A fragment too small for trafilatura: the plain fallback still gives the text.
    text = html_to_text("<div><script>x=1</script><b>Tăng 8%/năm</b></div>")
    assert text == "Tăng 8%/năm"


def test_html_legacy_charset_declared(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1258"></head><body><p>' + VN + "</p></body></html>"
    (tmp_path / "p.htm").write_bytes(to_cp1258(page))
    assert unicodedata.normalize("NFC", read_file(tmp_path / "p.htm")) == VN


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    assert read_error(tmp_path / "p.html").kind == "NoText"


# ---------------------------------------------------------------- docx / pdf


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph(VN)
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Chỉ tiêu"
    table.rows[0].cells[1].text = "95%"
    d.add_paragraph(VN2)
    d.save(str(tmp_path / "d.docx"))
    assert read_file(tmp_path / "d.docx") == f"{VN}\n\nChỉ tiêu\t95%\n\n{VN2}"


def test_corrupt_docx_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "d.docx").write_bytes(b"PK\x03\x04 not really a docx")
    assert read_error(tmp_path / "d.docx").kind == "ReadError"


def test_pdf_text_layer(tmp_path: Path) -> None:
    (tmp_path / "d.pdf").write_bytes(make_pdf([VN, VN2]))
    assert read_file(tmp_path / "d.pdf") == f"{VN}\n{VN2}"


def test_pdf_without_text_layer_or_broken(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(make_pdf([]))
    assert read_error(tmp_path / "scan.pdf").kind == "NoText"
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    assert read_error(tmp_path / "bad.pdf").kind in ("ReadError", "NoText")


# ---------------------------------------------------------------- rows


def test_jsonl_rows(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "text": VN}, ensure_ascii=False), "",
             json.dumps({"body": VN2}, ensure_ascii=False), "{broken", json.dumps({"id": 7, "body": "x"}),
             json.dumps({"body": 5})]
    (tmp_path / "r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = list(Inputs([tmp_path / "r.jsonl"], text_field="body"))
    assert [s.doc_id for s in got] == ["r.jsonl#1", "r.jsonl#3", "r.jsonl#4", "7", "r.jsonl#6"]
    assert got[0].error == ("InvalidRecord", "row has no 'body' field")
    assert got[1].read() == VN2
    assert got[2].error is not None and got[2].error[0] == "InvalidRecord"
    assert got[3].read() == "x"
    assert got[4].error is not None and "not text" in got[4].error[1]
    got = list(Inputs([tmp_path / "r.jsonl"]))  # default fields: text / id
    assert got[0].doc_id == "a" and got[0].read() == VN


def test_csv_rows(tmp_path: Path) -> None:
    import csv

    with open(tmp_path / "r.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ma", "noi_dung"])
        w.writerow(["QD-1", VN + "\nDòng hai, có dấu phẩy."])
        w.writerow(["", VN2])
    got = list(Inputs([tmp_path / "r.csv"], text_field="noi_dung", id_field="ma"))
    assert [s.doc_id for s in got] == ["QD-1", "r.csv#2"]
    assert got[0].read() == VN + "\nDòng hai, có dấu phẩy."
    missing = list(Inputs([tmp_path / "r.csv"], text_field="text"))
    assert len(missing) == 1 and missing[0].error is not None and "no 'text' column" in missing[0].error[1]


@pytest.mark.parametrize("name, body", [("none.jsonl", b""), ("blank.jsonl", b"\n  \n"),
                                        ("header.csv", b"ma,noi_dung\n")])
def test_a_rows_file_without_rows_is_one_error_record_and_counted_once(tmp_path: Path, name: str,
                                                                      body: bytes) -> None:
    # Like an empty text file: the user sees the file in the output, and the progress total is right.
    (tmp_path / name).write_bytes(body)
    inputs = Inputs([tmp_path / name], text_field="noi_dung", id_field="ma")
    got = list(inputs)
    assert [(s.doc_id, s.error[0] if s.error else None) for s in got] == [(name, "EmptyFile")]
    assert inputs.count() == len(got)


def test_csv_in_legacy_encoding(tmp_path: Path) -> None:
    body = "id,text\n" + "".join(f'{i},"{VN} {VN2}"\n' for i in range(3))
    (tmp_path / "r.csv").write_bytes(to_cp1258(body))
    got = list(Inputs([tmp_path / "r.csv"]))
    assert [unicodedata.normalize("NFC", s.read()) for s in got] == [f"{VN} {VN2}"] * 3


# ---------------------------------------------------------------- listing


def test_folders_globs_and_doc_ids(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(VN, encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.md").write_text(VN2, encoding="utf-8")
    (tmp_path / "in" / "sub" / "image.png").write_bytes(b"\x89PNG")  # not a supported suffix: skipped
    (tmp_path / "in" / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "c.txt").write_text(VN, encoding="utf-8")
    files = list_files([tmp_path / "in", tmp_path / "c.txt"])
    assert [f.doc_id for f in files] == ["a.txt", "sub/b.md", "c.txt"]
    globbed = list_files([str(tmp_path / "in" / "**" / "*.md")])
    assert [f.doc_id for f in globbed] == ["sub/b.md"]
    # The same file twice (folder and glob) is one document.
    assert len(list_files([tmp_path / "in", str(tmp_path / "in" / "*.txt")])) == 2
    # The run's own output inside an input folder is not an input.
    kept = list_files([tmp_path / "in"], exclude=[tmp_path / "in" / "a.txt"])
    assert [f.doc_id for f in kept] == ["sub/b.md"]


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list_files([tmp_path / "nope.txt"])
    with pytest.raises(InputError):
        list_files([str(tmp_path / "*.nothing")])


def test_count_matches_iteration(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(VN, encoding="utf-8")
    (tmp_path / "r.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n', encoding="utf-8")
    (tmp_path / "r.csv").write_text('text\n"x\ny"\nz\n', encoding="utf-8")
    inputs = Inputs([tmp_path])
    assert inputs.count() == len(list(inputs)) == 5


def test_duplicate_ids_are_made_unique() -> None:
    got = list(unique_ids([Source("a", text="1"), Source("a", text="2"), Source("a~2", text="3")]))
    assert [s.doc_id for s in got] == ["a", "a~2", "a~2~2"]


def test_sources_from_python_items(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(VN, encoding="utf-8")
    got = sources_from([(VN2, "x"), tmp_path / "a.txt", (b"bytes", "y")])
    assert [s.doc_id for s in got] == ["x", "a.txt", "y"]
    assert got[1].loaded().text == VN
    assert got[2].error is not None and got[2].error[0] == "ExtractionError"


def test_html_utf8_wins_over_a_stale_declared_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1258"></head><body><p>' + VN + "</p></body></html>"
    (tmp_path / "p.html").write_bytes(page.encode("utf-8"))
    assert read_file(tmp_path / "p.html") == VN
