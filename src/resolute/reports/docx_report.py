"""The implementation report as a Word document, laid out as Decree 30/2020 (Appendix I) asks.

A4; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt for the text and
13 pt in tables; the head of the first page as a borderless two-column table (the issuing body and
the number left, the national motto — or "ĐẢNG CỘNG SẢN VIỆT NAM" for a Party body — and the place
and date right); page numbers at the top centre from the second page on.
"""

from io import BytesIO

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from resolute.core.decree30 import SMALL_SIZE, TEXT_WIDTH_MM, set_font, set_up_page
from resolute.core.documents import TableBlock, TextBlock

from .narrative import HeaderBlock, outline


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
            set_font(paragraph.add_run(text), SMALL_SIZE, bold=bold, italic=italic, underline=underline)


def _write_text(document, block: TextBlock) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(6)
    style = block.style
    if style == "title":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(18)
        paragraph.paragraph_format.space_after = Pt(0)
        set_font(paragraph.add_run(block.text), bold=True)
    elif style == "subtitle":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(paragraph.add_run(block.text), bold=True)
    elif style == "note":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(paragraph.add_run(block.text), italic=True)
    elif style == "heading":
        paragraph.paragraph_format.space_before = Pt(12)
        paragraph.paragraph_format.keep_with_next = True
        set_font(paragraph.add_run(block.text), bold=True)
    elif style == "subheading":
        paragraph.paragraph_format.keep_with_next = True
        set_font(paragraph.add_run(block.text), bold=True, italic=True)
    elif style == "signature":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_before = Pt(24)
        set_font(paragraph.add_run(block.text), bold=True)
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)
        set_font(paragraph.add_run(block.text))


def _write_table(document, block: TableBlock) -> None:
    table = document.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    total = sum(block.widths)
    widths = [Mm(TEXT_WIDTH_MM * width / total) for width in block.widths]
    for cell, header, width in zip(table.rows[0].cells, block.headers, widths, strict=True):
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(paragraph.add_run(header), SMALL_SIZE, bold=True)
    for values in block.rows:
        cells = table.add_row().cells
        for column, (cell, value, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = width
            paragraph = cell.paragraphs[0]
            if column in block.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            set_font(paragraph.add_run(value), SMALL_SIZE)
    document.add_paragraph()


def render_docx(report, data) -> bytes:
    """The report as a .docx file's bytes."""
    document = WordDocument()
    set_up_page(document, page_numbers=True)
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
