"""The text of an uploaded document: a Word file, a PDF with a text layer, or plain text.

Everything a person can get wrong gets a message that names the file and says what to do: an empty
or too large file, a damaged Word file, a scanned PDF without text, a protected PDF, bytes that are
not text, and Vietnamese typed in the legacy TCVN3 (ABC) fonts, which decodes to nonsense.
"""

import io
import unicodedata
import zipfile

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from resolute.core.files import DOCX, PDF, detect_file_type

# A PDF page yields at least this many letters when it has a text layer; a scan yields none.
MIN_LETTERS_OF_A_TEXT_LAYER = 20

# Vietnamese read from code page 1258 uses, of the Latin-1 letters, only these; text typed in the
# legacy TCVN3 (ABC) fonts reads as a scatter of the others ("Th«ng b¸o" for "Thông báo").
_LATIN1_IN_VIETNAMESE = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")


def _error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def text_of_upload(uploaded_file) -> str:
    """The file's text (Unicode NFC, lines kept), or a ValidationError on the field `file`."""
    name = getattr(uploaded_file, "name", "") or _("(no name)")
    size = uploaded_file.size
    limit = settings.RESOLUTE_MAX_UPLOAD_BYTES
    if size == 0:
        raise _error(_("“%(name)s” is empty.") % {"name": name})
    if size > limit:
        raise _error(
            _(
                "“%(name)s” is %(size)s; the largest file accepted is %(limit)s. "
                "Paste the part you need instead."
            )
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    file_type = detect_file_type(uploaded_file)
    if file_type == PDF:
        text = _text_of_pdf(uploaded_file, name)
    elif file_type == DOCX or name.lower().endswith(".docx"):
        text = _text_of_docx(uploaded_file, name)
    else:
        uploaded_file.seek(0)
        text = decode_text(uploaded_file.read(), name)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _error(_("“%(name)s” holds no text.") % {"name": name})
    return text


def _text_of_docx(uploaded_file, name: str) -> str:
    from docx import Document as WordDocument

    uploaded_file.seek(0)
    try:
        word = WordDocument(io.BytesIO(uploaded_file.read()))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, Exception) as error:  # python-docx raises many
        raise _error(
            _(
                "“%(name)s” is not a Word document that can be opened: it may be damaged. "
                "Open it in Word or LibreOffice, save it again as DOCX and upload that copy."
            )
            % {"name": name}
        ) from error
    # Paragraphs and table rows in document order; a row's cells on one line, joined by " | " (the
    # targets of a resolution often sit in a table: indicator | target).
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for child in word.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, word).text)
        elif tag == "tbl":
            for row in Table(child, word).rows:
                cells = [cell.text.strip() for cell in row.cells]
                lines.append(" | ".join(dict.fromkeys(cell for cell in cells if cell)))
    return "\n".join(lines)


def _text_of_pdf(uploaded_file, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    uploaded_file.seek(0)
    try:
        reader = PdfReader(io.BytesIO(uploaded_file.read()))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _error(
                _("“%(name)s” is protected by a password. Upload a copy without protection.") % {"name": name}
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError, Exception) as error:  # pypdf raises many kinds
        raise _error(
            _("“%(name)s” is not a PDF that can be read: it may be damaged.") % {"name": name}
        ) from error
    text = "\n".join(pages)
    if sum(character.isalpha() for character in text) < MIN_LETTERS_OF_A_TEXT_LAYER * max(1, len(pages) // 4):
        raise _error(
            _(
                "“%(name)s” has no text layer: it is probably a scan. Run text recognition (OCR) on it "
                "first, upload the Word file it was made from, or paste the text."
            )
            % {"name": name}
        )
    return text


def decode_text(raw: bytes, name: str) -> str:
    """Plain text in UTF-8 (with or without a byte order mark), UTF-16 (with its mark, or little-endian
    without one, as some Windows tools write it), or the Vietnamese Windows code page 1258 (which
    reads Western Windows text as well); anything else is refused rather than guessed."""
    utf16_without_mark = len(raw) >= 4 and raw[1:2] == b"\x00" and raw[3:4] == b"\x00"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_mark:
        try:
            return raw.decode("utf-16" if not utf16_without_mark else "utf-16-le")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in raw:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1258", errors="replace")
            if "\ufffd" not in text and _looks_like_text(text):
                _refuse_legacy_vietnamese(text, name)
                return text
    raise _error(
        _(
            "“%(name)s” is not text that can be read: upload a Word (DOCX) file, a PDF with text, or "
            "text saved as UTF-8."
        )
        % {"name": name}
    )


def _looks_like_text(text: str) -> bool:
    controls = sum(
        1 for character in text if unicodedata.category(character) == "Cc" and character not in "\n\r\t"
    )
    return controls <= len(text) // 100


def _refuse_legacy_vietnamese(text: str, name: str) -> None:
    foreign = sum(
        1 for character in text if "\xa1" <= character <= "\xff" and character not in _LATIN1_IN_VIETNAMESE
    )
    letters = sum(1 for character in text if character.isalpha())
    if foreign >= 10 and foreign * 20 >= letters:
        raise _error(
            _(
                "“%(name)s” seems to be typed in an old Vietnamese font encoding (TCVN3 or VNI). "
                "Convert it to Unicode (for example with Unikey's converter) and upload it again."
            )
            % {"name": name}
        )


def reading_limits() -> dict[str, int]:
    """The largest text the reader accepts: characters and paragraphs (non-empty lines)."""
    return {
        "characters": settings.RESOLUTE_MAX_READING_CHARACTERS,
        "paragraphs": settings.RESOLUTE_MAX_READING_PARAGRAPHS,
    }


def ensure_within_reading_limits(text: str, *, field: str = "text") -> None:
    """Refuse, on `field`, a text longer than the reader reads within its time limit."""
    limits = reading_limits()
    paragraphs = sum(1 for line in text.splitlines() if line.strip())
    if len(text) > limits["characters"] or paragraphs > limits["paragraphs"]:
        raise ValidationError(
            {
                field: _(
                    "This text has %(characters)s characters in %(paragraphs)s paragraphs; the reader "
                    "takes at most %(max_characters)s characters and %(max_paragraphs)s paragraphs at a "
                    "time. Split the document and read each part on its own."
                )
                % {
                    "characters": intcomma(len(text)),
                    "paragraphs": intcomma(paragraphs),
                    "max_characters": intcomma(limits["characters"]),
                    "max_paragraphs": intcomma(limits["paragraphs"]),
                }
            }
        )
