"""The implementation report as a Word document, laid out as Decree 30/2020 (Appendix I) asks.

A4; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt for the text and
13 pt in tables; the head of the first page as a borderless two-column table (the issuing body and
the number left, the national motto — or "ĐẢNG CỘNG SẢN VIỆT NAM" for a Party body — and the place
and date right); page numbers at the top centre from the second page on.
"""

from io import BytesIO

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .narrative import HeaderBlock, TableBlock, TextBlock, outline

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TABLE_SIZE = Pt(13)
HEADER_SIZE = Pt(13)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH_MM = 210 - 30 - 15


def _set_font(run, size=BODY_SIZE, *, bold=False, italic=False, underline=False) -> None:
    run.font.name = FONT
    run.font.size = size
    run.bold, run.italic, run.underline = bold, italic, underline
    # East Asian and complex-script slots too, so Word does not substitute another face.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    # The page number at the top centre, not on the first page.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _write_header(document, block: HeaderBlock) -> None:
    # Without a style a table takes the document's "Normal Table": no borders, as the head must be.
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, lines, width in zip(
        table.rows[0].cells, (block.left, block.right), (Mm(65), Mm(100)), strict=True
    ):
        cell.width = width
        cell.paragraphs[0].text = ""
        for index, (text, bold, italic, underline) in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            _set_font(paragraph.add_run(text), HEADER_SIZE, bold=bold, italic=italic, underline=underline)


def _write_text(document, block: TextBlock) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(6)
    style = block.style
    if style == "title":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(18)
        paragraph.paragraph_format.space_after = Pt(0)
        _set_font(paragraph.add_run(block.text), bold=True)
    elif style == "subtitle":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(paragraph.add_run(block.text), bold=True)
    elif style == "note":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(paragraph.add_run(block.text), italic=True)
    elif style == "heading":
        paragraph.paragraph_format.space_before = Pt(12)
        paragraph.paragraph_format.keep_with_next = True
        _set_font(paragraph.add_run(block.text), bold=True)
    elif style == "subheading":
        paragraph.paragraph_format.keep_with_next = True
        _set_font(paragraph.add_run(block.text), bold=True, italic=True)
    elif style == "signature":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_before = Pt(24)
        _set_font(paragraph.add_run(block.text), bold=True)
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)
        _set_font(paragraph.add_run(block.text))


def _write_table(document, block: TableBlock) -> None:
    table = document.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    total = sum(block.widths)
    widths = [Mm(TEXT_WIDTH_MM * width / total) for width in block.widths]
    for cell, header, width in zip(table.rows[0].cells, block.headers, widths, strict=True):
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(paragraph.add_run(header), TABLE_SIZE, bold=True)
    for values in block.rows:
        cells = table.add_row().cells
        for column, (cell, value, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = width
            paragraph = cell.paragraphs[0]
            if column in block.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_font(paragraph.add_run(value), TABLE_SIZE)
    document.add_paragraph()


def render_docx(report, data) -> bytes:
    """The report as a .docx file's bytes."""
    document = WordDocument()
    _page_setup(document)
    core = document.core_properties
    core.title = str(report.document.title)[:250]
    core.author = report.signer or ""
    core.language = report.language
    for block in outline(report, data):
        if isinstance(block, HeaderBlock):
            _write_header(document, block)
        elif isinstance(block, TableBlock):
            _write_table(document, block)
        else:
            _write_text(document, block)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
