"""Fixtures for document tests: documents made through actions, files of each kind, signed-in
browsers and API clients."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from resolute.accounts.models import ApiToken
from resolute.conftest import make_unit, make_user
from resolute.directives import actions
from resolute.directives.models import DocumentKind, DocumentStatus
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind

SEED_DIR = Path(__file__).resolve().parents[2] / "demo" / "seed"
SEED_TEXT_PATH = SEED_DIR / "conclusion-2024.txt"
SEED_ANSWER_KEY_PATH = SEED_DIR / "conclusion-2024.expected.json"

# Pages are asked for in English so the assertions on their text hold once the Vietnamese
# catalogue exists.
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def default_language():
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def seed_text():
    return SEED_TEXT_PATH.read_text(encoding="utf-8")


def make_document(owner, *, acting_user=None, **fields):
    values = {
        "kind": DocumentKind.CONCLUSION,
        "title": "Conclusion of the provincial conference",
        "number": "123/TB-TU",
        "issued_on": date(2024, 12, 20),
        "status": DocumentStatus.ISSUED,
    }
    values.update(fields)
    return actions.create_document(acting_user=acting_user, owner=owner, **values)


@pytest.fixture
def conclusion(tree, seed_text):
    """The seed conclusion, kept by the Provincial Party Committee."""
    return make_document(tree["party"], text=seed_text, signer="Lương Nguyễn Minh Triết")


@pytest.fixture
def district_a_plan(tree):
    return make_document(
        tree["district_a"],
        kind=DocumentKind.PLAN,
        number="45-KH/TU",
        title="Hoi An plan",
        issued_on=date(2025, 1, 10),
    )


@pytest.fixture
def district_b_plan(tree):
    return make_document(
        tree["district_b"],
        kind=DocumentKind.PLAN,
        number="46-KH/HU",
        title="Dai Loc plan",
        issued_on=date(2025, 1, 12),
    )


@pytest.fixture
def district_a_office(tree):
    """The office of Hội An's Party Committee: it keeps Hội An's documents."""
    party_committee = make_unit("Thành ủy Hội An", tree["district_a"], OrgUnitKind.PARTY_COMMITTEE)
    office = make_unit("Văn phòng Thành ủy Hội An", party_committee, OrgUnitKind.AGENCY)
    return make_user("hoian_office", (office, Role.OFFICE))


@pytest.fixture
def browser_for(db):
    def sign_in(user):
        browser = Client(**ENGLISH)
        browser.force_login(user)
        return browser

    return sign_in


@pytest.fixture
def api_for(db):
    """An API client acting for the user through a personal token."""

    def client_for(user):
        raw = ApiToken.generate()
        ApiToken.objects.create(user=user, name="tests", token_hash=ApiToken.hash(raw), hint=raw[:8])
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", **ENGLISH)

    return client_for


# -- files ---------------------------------------------------------------------------------


def pdf_file(name="conclusion.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "application/pdf"
    )


def png_file(name="photo.png"):
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png")


def jpeg_file(name="photo.jpg"):
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg")


def docx_file(name="report.docx"):
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Report on the implementation of the resolution.")
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")


def xlsx_file(name="figures.xlsx"):
    import openpyxl

    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "GRDP growth"
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")


def exe_renamed_pdf(name="conclusion.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "application/pdf")


def plain_zip(name="archive.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not an office document")
    return SimpleUploadedFile(name, buffer.getvalue(), "application/zip")


def file_of_size(size, name="big.pdf"):
    return SimpleUploadedFile(name, b"%PDF-" + b"0" * (size - 5), "application/pdf")


@pytest.fixture
def small_upload_limit(settings):
    settings.RESOLUTE_MAX_UPLOAD_BYTES = 1024
    return settings.RESOLUTE_MAX_UPLOAD_BYTES
