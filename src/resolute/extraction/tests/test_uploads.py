"""Reading an uploaded document: Word, a PDF with text, plain text in the encodings offices use —
and a clear message, naming the file, for everything else."""

import io
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.extraction.models import PlanProposal
from resolute.extraction.uploads import text_of_upload

PARAGRAPH = "Phấn đấu đến cuối năm 2025 tỷ lệ hộ nghèo giảm xuống dưới 4%."


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        text_of_upload(upload(name, content))
    return " ".join(error.value.message_dict["file"])


def docx_bytes(*paragraphs: str) -> bytes:
    from docx import Document

    word = Document()
    for paragraph in paragraphs:
        word.add_paragraph(paragraph)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def pdf_with_text(line: str) -> bytes:
    """A one-page PDF whose page draws `line` in Helvetica: a real text layer, built by hand."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def scanned_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_word_file_gives_its_paragraphs_as_lines():
    text = text_of_upload(upload("nghi-quyet.docx", docx_bytes("I. NHIỆM VỤ", PARAGRAPH)))
    assert text.splitlines() == ["I. NHIỆM VỤ", PARAGRAPH]


def test_a_pdf_with_a_text_layer_gives_its_text():
    text = text_of_upload(
        upload("conclusion.pdf", pdf_with_text("Strive to reduce the poverty rate below 4% by 2025."))
    )
    assert "reduce the poverty rate below 4%" in text


def as_windows_1258(text: str) -> bytes:
    """Code page 1258 has the vowels with their hat, breve or horn, and the tones as separate marks."""
    letters: list[str] = []
    for character in unicodedata.normalize("NFD", text):
        if character in "\u0302\u0306\u031b":
            base = max(i for i, letter in enumerate(letters) if not unicodedata.combining(letter))
            letters[base] = unicodedata.normalize("NFC", letters[base] + character)
        else:
            letters.append(character)
    return "".join(letters).encode("cp1258")


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("utf-16"),
        as_windows_1258,
    ],
    ids=["utf-8", "utf-8 with its mark", "utf-16", "windows-1258"],
)
def test_plain_text_is_read_in_the_encodings_offices_use(encode):
    assert text_of_upload(upload("text.txt", encode(PARAGRAPH))).strip() == PARAGRAPH


def test_a_scanned_pdf_without_text_is_refused_with_what_to_do():
    message = refusal("scan.pdf", scanned_pdf())
    assert "“scan.pdf” has no text layer" in message and "OCR" in message


def test_a_damaged_word_file_is_refused():
    message = refusal("damaged.docx", b"PK\x03\x04" + b"\x00" * 200)
    assert "“damaged.docx” is not a Word document that can be opened" in message


def test_a_damaged_pdf_is_refused():
    assert "is not a PDF that can be read" in refusal("broken.pdf", b"%PDF-1.4\n garbage without objects")


@override_settings(RESOLUTE_MAX_UPLOAD_BYTES=1024)
def test_a_file_over_the_limit_is_refused_with_both_sizes():
    with translation.override("en"):
        message = refusal("huge.txt", b"a" * 2048)
    assert "“huge.txt” is 2.0\xa0KB" in message and "1.0\xa0KB" in message


def test_bytes_that_are_not_text_are_refused_rather_than_guessed():
    assert "is not text that can be read" in refusal("image.bin", bytes(range(256)) * 4)


def test_vietnamese_in_the_old_tcvn3_font_encoding_is_refused_with_how_to_convert():
    tcvn3 = "Th«ng b¸o kÕt luËn cña Ban Th­êng vô TØnh ñy vÒ nhiÖm vô träng t©m n¨m 2025. " * 3
    # TCVN3 bytes are what these Latin-1 letters are stored as.
    message = refusal("cu.txt", tcvn3.encode("latin-1"))
    assert "old Vietnamese font encoding" in message


def test_an_empty_file_is_refused():
    assert "“empty.txt” is empty" in refusal("empty.txt", b"")


@pytest.mark.django_db
def test_the_form_shows_the_files_problem_at_the_file_field_and_starts_nothing(client, tree, users):
    document = document_actions.create_document(
        acting_user=None, owner=tree["party"], kind=DocumentKind.RESOLUTION, title="Nghị quyết"
    )
    client.force_login(users["office"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(
        reverse("extraction:new", args=[document.pk]), {"file": upload("scan.pdf", scanned_pdf()), "text": ""}
    )
    assert response.status_code == 400
    assert "has no text layer" in response.content.decode()
    assert not PlanProposal.objects.exists()


@pytest.mark.django_db
def test_an_uploaded_word_file_is_read_and_its_name_kept(
    client, tree, users, django_capture_on_commit_callbacks
):
    document = document_actions.create_document(
        acting_user=None, owner=tree["party"], kind=DocumentKind.RESOLUTION, title="Nghị quyết"
    )
    client.force_login(users["office"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("extraction:new", args=[document.pk]),
            {"file": upload("nghi-quyet.docx", docx_bytes("I. NHIỆM VỤ", PARAGRAPH))},
        )
    proposal = PlanProposal.objects.get()
    assert proposal.source_name == "nghi-quyet.docx"
    assert PARAGRAPH in proposal.text
