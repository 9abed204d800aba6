"""The `extract` management command: file types, encodings, JSON and summary output."""

import json
import unicodedata

import pytest
from django.core.management import CommandError, call_command

TEXT = (
    "II. NHIỆM VỤ NĂM 2026\n"
    "Tập trung tháo gỡ khó khăn cho doanh nghiệp.\n"
    "Phấn đấu tỷ lệ hộ nghèo giảm còn dưới 2% trong năm 2026.\n"
)


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters with the tone mark after them."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tones = "".join(mark for mark in decomposed if mark in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in tones))
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("extract", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_reads_text_files_in_the_usual_encodings(tmp_path, encoding):
    path = tmp_path / "directive.txt"
    path.write_bytes(to_cp1258(TEXT) if encoding == "cp1258" else TEXT.encode(encoding))
    key = json.loads(run(str(path), "--json"))
    assert key["tasks"][0]["text"] == "Tập trung tháo gỡ khó khăn cho doanh nghiệp."
    assert key["targets"][0]["value"] == 2


def test_reads_windows_1252_english_text(tmp_path):
    path = tmp_path / "directive.txt"
    path.write_bytes(
        "II. Tasks for 2026\nPromote investment \u2013 especially in caf\u00e9s.\n".encode("cp1252")
    )
    key = json.loads(run(str(path), "--json", "--lang", "en"))
    assert key["tasks"][0]["text"].startswith("Promote investment")


def test_reads_a_docx_file(tmp_path):
    import docx

    document = docx.Document()
    for line in TEXT.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "directive.docx"
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Tỷ lệ hộ nghèo"
    table.rows[0].cells[1].text = "giảm còn dưới 3%"
    document.save(str(path))
    key = json.loads(run(str(path), "--json"))
    assert [section["heading"] for section in key["sections"]] == ["II. NHIỆM VỤ NĂM 2026"]
    assert any(target["text"].startswith("Tỷ lệ hộ nghèo | giảm còn dưới 3%") for target in key["targets"])


def test_prints_a_readable_summary_without_json(tmp_path):
    path = tmp_path / "directive.txt"
    path.write_text(TEXT, encoding="utf-8")
    output = run(str(path))
    assert "tasks (2)" in output
    assert "Tập trung tháo gỡ khó khăn cho doanh nghiệp." in output


def test_names_the_problem_with_a_missing_or_unsupported_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.txt"))
    pdf = tmp_path / "directive.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="is not a PDF that can be read"):
        run(str(pdf))
    damaged = tmp_path / "directive.docx"
    damaged.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="is not a Word document that can be opened"):
        run(str(damaged))
