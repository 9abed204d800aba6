"""Files people upload (a document's attachments, a task's evidence, a signed letter): one path for
checking, naming, storing and serving them.

- `check_upload` accepts a file by what it contains, not by what it is called (PDF, DOCX, XLSX,
  PNG, JPEG), within `RESOLUTE_MAX_UPLOAD_BYTES`, or raises a ValidationError naming the field.
- `StoredFile` is the row of a kept file: the bytes under a generated name (so no name a user
  types reaches the file system), the name the user gave, the type read from the content, the size,
  who uploaded it and when. Each model adds its `file` field with its own folder.
- `download_response` serves a kept file as a download under the name the user gave.
"""

import os
import uuid
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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


# -- keeping and serving a file ---------------------------------------------------------------------


class StoredFile(models.Model):
    """A kept upload. The concrete model adds `file = models.FileField(upload_to=...)`."""

    original_name = models.CharField(gettext_lazy("file name"), max_length=255)
    content_type = models.CharField(gettext_lazy("type"), max_length=100)
    size = models.PositiveBigIntegerField(gettext_lazy("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def take(self, uploaded_file, file_type: FileType, *, uploaded_by, default_stem: str) -> None:
        """Fill this row from a checked upload and put its bytes in storage under a generated name;
        the row itself is saved by the caller's action, inside `kept_only_if_saved`."""
        given_name = os.path.basename((uploaded_file.name or "").replace("\\", "/"))
        self.original_name = (given_name or f"{default_stem}.{file_type.extension}")[:255]
        self.content_type = file_type.content_type
        self.size = uploaded_file.size
        self.uploaded_by = uploaded_by
        uploaded_file.seek(0)
        self.file.save(f"{uuid.uuid4().hex}.{file_type.extension}", uploaded_file, save=False)


@contextmanager
def kept_only_if_saved(stored: StoredFile):
    """Remove the stored bytes again when saving their row fails, so storage holds no orphan."""
    try:
        yield stored
    except Exception:
        stored.file.delete(save=False)
        raise


def download_response(stored: StoredFile) -> FileResponse:
    """The file as a download under the name the user gave, with the type read at upload; 404 when
    the bytes are missing from storage."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from storage.")) from None
    return FileResponse(
        handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
