"""The implementation report as a PDF: the same blocks as the DOCX, A4 with the Decree 30 margins,
in a serif TrueType font that covers Vietnamese, embedded so the text layer can be searched and copied.

The core fonts of PDF cannot write Vietnamese, so a system font is required: Liberation Serif 2
(Debian's `fonts-liberation2`, metric-compatible with Times New Roman; the older `fonts-liberation`
lacks the Vietnamese letters and is passed over), or else DejaVu Serif (`fonts-dejavu-core`).
"""

from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from resolute.core.documents import TableBlock, TextBlock

from .narrative import HeaderBlock, outline

FONT_DIRECTORIES = [
    Path("/usr/share/fonts/truetype"),
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
]
# (family, file names for regular, bold, italic, bold italic), in order of preference.
FONT_FAMILIES = [
    (
        "LiberationSerif",
        ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf"),
        "LiberationSerif-BoldItalic.ttf",
    ),
    (
        "DejaVuSerif",
        ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
        "DejaVuSerif-BoldItalic.ttf",
    ),
]
BODY_SIZE = 13
TABLE_SIZE = 11
HEADER_SIZE = 12
LINE_HEIGHT = 6.5
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


class FontNotFoundError(RuntimeError):
    """No font able to write Vietnamese is installed."""


# Every letter with a Vietnamese diacritic, lower and upper case: a font must have them all.
VIETNAMESE_LETTERS = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VIETNAMESE_LETTERS += VIETNAMESE_LETTERS.upper()


def _candidates(name: str) -> list[Path]:
    found = []
    for directory in FONT_DIRECTORIES:
        if directory.is_dir():
            found += sorted(directory.rglob(name))
    return found


def covers_vietnamese(path: Path) -> bool:
    """Whether the font has a glyph for every Vietnamese letter (Liberation 1.x, Debian's
    `fonts-liberation`, does not; Liberation 2, `fonts-liberation2`, does)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        mapped = font.getBestCmap() or {}
    return all(ord(letter) in mapped for letter in VIETNAMESE_LETTERS)


def _first_covering(name: str) -> Path | None:
    for path in _candidates(name):
        if covers_vietnamese(path):
            return path
    return None


@lru_cache(maxsize=1)
def report_font() -> tuple[str, dict[str, Path]]:
    """The font family to use and its files by style ("", "B", "I", "BI"); a missing style falls back
    to the regular (or bold) face. Raises FontNotFoundError naming the packages to install."""
    for family, (regular, bold, italic), bold_italic in FONT_FAMILIES:
        regular_path = _first_covering(regular)
        if regular_path is None:
            continue
        bold_path = _first_covering(bold) or regular_path
        files = {
            "": regular_path,
            "B": bold_path,
            "I": _first_covering(italic) or regular_path,
            "BI": _first_covering(bold_italic) or bold_path,
        }
        return family, files
    raise FontNotFoundError(
        "The PDF report needs a TrueType serif font that covers Vietnamese: install Debian's "
        "fonts-liberation2 (Liberation Serif 2) or fonts-dejavu-core (DejaVu Serif)."
    )


class ReportPDF(FPDF):
    """A4 pages with the page number at the top centre from the second page on (Decree 30/2020)."""

    def __init__(self, family: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.family = family

    def header(self):
        if self.page_no() > 1:
            self.set_font(self.family, "", BODY_SIZE)
            self.set_y(10)
            self.cell(0, 6, str(self.page_no()), align="C")
            self.set_y(MARGINS_MM["top"])


def _write_header(pdf: ReportPDF, block: HeaderBlock) -> None:
    top = pdf.get_y()
    columns = ((block.left, pdf.l_margin, 65), (block.right, pdf.l_margin + 65, pdf.epw - 65))
    bottom = top
    for lines, x, width in columns:
        pdf.set_xy(x, top)
        for text, bold, italic, underline in lines:
            style = ("B" if bold else "") + ("I" if italic else "") + ("U" if underline else "")
            pdf.set_font(pdf.family, style, HEADER_SIZE)
            pdf.set_x(x)
            pdf.multi_cell(width, 5.5, text, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom + 4)


def _write_text(pdf: ReportPDF, block: TextBlock) -> None:
    style, align, size, before = "", "J", BODY_SIZE, 0.0
    if block.style == "title":
        style, align, before = "B", "C", 6
    elif block.style == "subtitle":
        style, align = "B", "C"
    elif block.style == "note":
        style, align = "I", "C"
    elif block.style == "heading":
        style, align, before = "B", "L", 4
    elif block.style == "subheading":
        style, align = "BI", "L"
    elif block.style == "signature":
        style, align, before = "B", "R", 10
    pdf.set_font(pdf.family, style, size)
    pdf.set_y(pdf.get_y() + before)
    pdf.multi_cell(0, LINE_HEIGHT, block.text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _write_table(pdf: ReportPDF, block: TableBlock) -> None:
    pdf.set_font(pdf.family, "", TABLE_SIZE)
    alignments = tuple("R" if index in block.numeric else "L" for index in range(len(block.headers)))
    with pdf.table(
        col_widths=tuple(block.widths),
        text_align=alignments,
        line_height=5,
        headings_style=FontFace(emphasis="BOLD"),
        first_row_as_headings=True,
    ) as table:
        heading = table.row()
        for header in block.headers:
            heading.cell(header)
        for values in block.rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.set_font(pdf.family, "", TABLE_SIZE)
    pdf.ln(3)


def render_pdf(report, data) -> bytes:
    """The report as a PDF file's bytes."""
    family, files = report_font()
    pdf = ReportPDF(family)
    for style, path in files.items():
        pdf.add_font(family, style, str(path))
    pdf.set_margins(MARGINS_MM["left"], MARGINS_MM["top"], MARGINS_MM["right"])
    pdf.set_auto_page_break(True, margin=MARGINS_MM["bottom"])
    pdf.set_title(str(report.document.title)[:250])
    pdf.set_lang(report.language)
    pdf.add_page()
    for block in outline(report, data):
        if isinstance(block, HeaderBlock):
            _write_header(pdf, block)
        elif isinstance(block, TableBlock):
            _write_table(pdf, block)
        else:
            _write_text(pdf, block)
    return bytes(pdf.output())
