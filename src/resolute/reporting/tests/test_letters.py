"""Urging letters: numbered per issuer per year, laid out as Decree 30 asks, readable by LibreOffice,
signed with a checked scan and marked sent."""

import io
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as WordDocument

from resolute.core.decree30 import vietnamese_date_line
from resolute.reporting.actions.letters import draft_letter, send_letter, sign_letter
from resolute.reporting.models import LetterStatus, UrgingLetter
from resolute.tasks.tests.factories import assign

ON = date(2026, 11, 25)
PDF_SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def overdue(tree, time_machine):
    time_machine.move_to(date(2026, 11, 25), tick=False)
    first = assign(
        tree["district_a"],
        assigned_by_unit=tree["committee"],
        title="Hoàn thành giải phóng mặt bằng dự án đường ven biển",
        assigned_on=date(2026, 9, 1),
        deadline=date(2026, 10, 30),
    )
    second = assign(
        tree["district_a"],
        assigned_by_unit=tree["committee"],
        title="Báo cáo kết quả xóa nhà tạm",
        assigned_on=date(2026, 9, 1),
        deadline=date(2026, 11, 20),
    )
    return first, second


def test_the_date_line_is_written_the_vietnamese_way():
    assert vietnamese_date_line("Quảng Nam", date(2026, 3, 5)) == "Quảng Nam, ngày 05 tháng 3 năm 2026"
    assert vietnamese_date_line("Quảng Nam", date(2026, 2, 14)) == "Quảng Nam, ngày 14 tháng 02 năm 2026"
    assert vietnamese_date_line("Quảng Nam", date(2026, 11, 25)) == "Quảng Nam, ngày 25 tháng 11 năm 2026"


def test_numbers_are_the_issuers_own_counted_per_year_from_01_and_never_repeated_by_another_issuer(
    tree, overdue
):
    committee, party_office = tree["committee"], tree["office"]
    first = draft_letter(acting_user=None, issuer=committee, recipient=tree["district_a"], on=ON)
    second = draft_letter(acting_user=None, issuer=committee, recipient=tree["district_b"], on=ON)
    other_issuer = draft_letter(acting_user=None, issuer=party_office, recipient=tree["district_b"], on=ON)
    next_year = draft_letter(
        acting_user=None, issuer=committee, recipient=tree["finance"], on=date(2027, 1, 4)
    )
    assert [first.number, second.number, other_issuer.number, next_year.number] == [
        "01/UBND-TH",
        "02/UBND-TH",
        "01-CV/VPTU",
        "01/UBND-TH",
    ]
    assert [(letter.symbol, letter.party_form) for letter in (first, other_issuer)] == [
        ("UBND-TH", False),
        ("VPTU", True),
    ]
    numbers = [(letter.issuer_id, letter.number) for letter in UrgingLetter.objects.all()]
    assert len({number for _issuer, number in numbers}) == len({(i, n) for i, n in numbers})


def test_a_draft_carried_into_a_new_year_takes_that_years_number_from_01(tree, overdue):
    draft_letter(acting_user=None, issuer=tree["committee"], recipient=tree["district_b"], on=ON)
    december = draft_letter(
        acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=date(2026, 12, 30)
    )
    assert december.number == "02/UBND-TH"
    january = draft_letter(
        acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=date(2027, 1, 4)
    )
    assert (january.pk, january.year, january.number) == (december.pk, 2027, "01/UBND-TH")


def test_a_letter_never_goes_to_its_issuer(tree, overdue):
    with pytest.raises(ValidationError) as refusal:
        draft_letter(acting_user=None, issuer=tree["committee"], recipient=tree["committee"], on=ON)
    assert refusal.value.message_dict["recipient"][0].startswith("People's Committee cannot be urged")
    assert not UrgingLetter.objects.exists()


def test_a_unit_closed_on_or_before_the_day_is_not_urged_by_letter(tree, overdue):
    from resolute.orgunits.actions import close_unit

    close_unit(acting_user=None, unit=tree["commune_a1"], closed_on=ON)
    close_unit(acting_user=None, unit=tree["district_a"], closed_on=ON)  # closed on that very day
    with pytest.raises(ValidationError) as refusal:
        draft_letter(acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=ON)
    assert "closed on" in refusal.value.message_dict["recipient"][0]
    with pytest.raises(ValidationError):
        draft_letter(
            acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=date(2026, 12, 1)
        )
    assert not UrgingLetter.objects.exists()


def test_an_issuer_without_its_own_document_symbol_cannot_number_a_letter(tree, overdue):
    with pytest.raises(ValidationError) as refusal:
        draft_letter(acting_user=None, issuer=tree["district_b"], recipient=tree["commune_b1"], on=ON)
    assert "document symbol" in refusal.value.message_dict["issuer"][0]
    assert not UrgingLetter.objects.exists()


def _head_of(letter) -> tuple[str, str]:
    document = WordDocument(io.BytesIO(letter.docx.open("rb").read()))
    left, right = document.tables[0].rows[0].cells
    return left.text, right.text


def test_a_party_issuers_letter_carries_the_party_header_and_a_state_issuers_the_national_motto(
    tree, overdue
):
    assign(
        tree["district_b"],
        assigned_by_unit=tree["office"],
        title="Sơ kết Nghị quyết về xây dựng Đảng",
        assigned_on=date(2026, 9, 1),
        deadline=date(2026, 11, 10),
    )
    party_letter = draft_letter(acting_user=None, issuer=tree["office"], recipient=tree["district_b"], on=ON)
    state_letter = draft_letter(
        acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=ON
    )

    left, right = _head_of(party_letter)
    assert right.splitlines()[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in right
    assert "Số 01-CV/VPTU" in left.splitlines()
    assert left.splitlines()[:3] == ["TỈNH ỦY", "VĂN PHÒNG TỈNH ỦY", "*"]

    left, right = _head_of(state_letter)
    assert right.splitlines()[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in right
    assert "Số: 01/UBND-TH" in left.splitlines()


def test_a_draft_waiting_for_signature_is_updated_rather_than_numbered_again(tree, overdue):
    first = draft_letter(acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=ON)
    again = draft_letter(acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=ON)
    assert again.pk == first.pk
    assert again.number == "01/UBND-TH"


def test_the_letter_lists_the_units_overdue_tasks_with_their_days_overdue(tree, overdue):
    letter = draft_letter(acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=ON)
    assert [(item["title"], item["days_overdue"]) for item in letter.items] == [
        ("Hoàn thành giải phóng mặt bằng dự án đường ven biển", 26),
        ("Báo cáo kết quả xóa nhà tạm", 5),
    ]


def test_the_docx_is_a4_in_times_new_roman_with_the_decree_30_margins(tree, overdue):
    letter = draft_letter(acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=ON)
    document = WordDocument(io.BytesIO(letter.docx.open("rb").read()))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (20, 20)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert document.styles["Normal"].font.name == "Times New Roman"
    head = document.tables[0]
    head_text = "\n".join(cell.text for cell in head.rows[0].cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head_text
    assert "Số: 01/UBND-TH" in head_text
    assert "Quảng Nam, ngày 25 tháng 11 năm 2026" in head_text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_letter_and_reads_its_number_and_tasks(tree, overdue):
    letter = draft_letter(acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=ON)
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "letter.docx"
        source.write_bytes(letter.docx.open("rb").read())
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8"]
            + ["--outdir", directory, str(source)],
            check=True,
            timeout=120,
            capture_output=True,
            env={"HOME": directory, "PATH": "/usr/bin:/bin"},
        )
        text = (Path(directory) / "letter.txt").read_text(encoding="utf-8-sig")
    assert "Số: 01/UBND-TH" in text
    assert "Kính gửi: Thành phố Hội An." in text
    for task in overdue:
        assert task.title in text


def test_a_signed_scan_must_be_a_real_document(tree, overdue):
    letter = draft_letter(acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=ON)
    with pytest.raises(ValidationError):
        sign_letter(
            acting_user=None,
            letter=letter,
            signed_scan=SimpleUploadedFile("scan.pdf", b"not really a pdf"),
            on=ON,
        )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFTED


def test_the_office_signs_then_sends_the_letter(tree, overdue):
    letter = draft_letter(acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=ON)
    letter = sign_letter(
        acting_user=None, letter=letter, signed_scan=SimpleUploadedFile("scan.pdf", PDF_SCAN), on=ON
    )
    assert letter.status == LetterStatus.SIGNED
    assert letter.signed_scan.open("rb").read() == PDF_SCAN
    letter = send_letter(acting_user=None, letter=letter, on=date(2026, 11, 26))
    assert (letter.status, letter.sent_on) == (LetterStatus.SENT, date(2026, 11, 26))


def test_sending_the_letter_tells_other_systems_it_was_issued(tree, overdue, heard_events):
    letter = draft_letter(acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=ON)
    letter = sign_letter(
        acting_user=None, letter=letter, signed_scan=SimpleUploadedFile("scan.pdf", PDF_SCAN), on=ON
    )
    assert heard_events == []
    send_letter(acting_user=None, letter=letter, on=date(2026, 11, 26))
    (event,) = heard_events
    assert event.kind == "urging_letter.issued"
    assert event.data["letter"]["number"] == letter.number
    assert event.data["letter"]["sent_on"] == "2026-11-26"
    assert (event.data["issuer"]["name"], event.data["recipient"]["code"]) == ("UBND tỉnh", "503")
