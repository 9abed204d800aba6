"""Checking an uploaded attachment by what it contains, not by what it is called."""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    description: str


PDF = FileType("application/pdf", "pdf", "PDF")
PNG = FileType("image/png", "png", "PNG")
JPEG = FileType("image/jpeg", "jpg", "JPEG")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word (DOCX)"
)
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel (XLSX)")
ACCEPTED_TYPES = (PDF, DOCX, XLSX, PNG, JPEG)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"


def detect_file_type(uploaded_file) -> FileType | None:
    """The accepted type the file's bytes show, or None. Reads the start of the file (and, for
    an Office file, the zip's list of parts) and leaves the file at its beginning."""
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    if head.startswith(PDF_SIGNATURE):
        return PDF
    if head.startswith(PNG_SIGNATURE):
        return PNG
    if head.startswith(JPEG_SIGNATURE):
        return JPEG
    if head.startswith(ZIP_SIGNATURE):
        return _office_type(uploaded_file)
    return None


def _office_type(uploaded_file) -> FileType | None:
    """DOCX and XLSX are zip packages: [Content_Types].xml plus a word/ or xl/ folder."""
    try:
        with zipfile.ZipFile(uploaded_file) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        uploaded_file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def check_upload(uploaded_file, *, field: str = "file", field_label: str | None = None) -> FileType:
    """The file's type, or a ValidationError on `field` that names the field and the rule broken."""
    label = field_label or _("File")
    name = getattr(uploaded_file, "name", "") or _("(no name)")
    limit = settings.RESOLUTE_MAX_UPLOAD_BYTES
    size = uploaded_file.size
    if size == 0:
        raise ValidationError({field: _("%(field)s: “%(name)s” is empty.") % {"field": label, "name": name}})
    if size > limit:
        raise ValidationError(
            {
                field: _("%(field)s: “%(name)s” is %(size)s; the largest file accepted is %(limit)s.")
                % {"field": label, "name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
            }
        )
    file_type = detect_file_type(uploaded_file)
    if file_type is None:
        raise ValidationError(
            {
                field: _(
                    "%(field)s: “%(name)s” is not a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG file. "
                    "The type is read from the file's content, not from its name."
                )
                % {"field": label, "name": name}
            }
        )
    return file_type
