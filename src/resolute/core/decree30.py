"""The page of an administrative document as Decree 30/2020/NĐ-CP (Appendix I) lays it out, for every
Word file Resolute writes (urging letters, implementation reports), and what differs for a Party body
(Guideline 36-HD/VPTW): the motto at the head and the way a number is written.

A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, 14 pt for the text
and 13 pt in tables and in the head; the date line written the Vietnamese way.

Numbers count from 01 each 1 January and are written with at least two digits:
- a state body: "Số: 12/UBND-TH" — the number, a slash, the issuer's symbol (for an official letter,
  công văn, the symbol of the issuer and its drafting unit, no type of document);
- a Party body: "Số 12-CV/VPTU" — no colon, the number, a hyphen, the type (CV for a letter), a slash,
  the issuer's symbol.
"""

from datetime import date

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
SMALL_SIZE = Pt(13)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH_MM = 210 - 30 - 15


def set_font(run, size=BODY_SIZE, *, bold=False, italic=False, underline=False) -> None:
    """The run in Times New Roman, in every script slot, so Word does not substitute another face."""
    run.font.name = FONT
    run.font.size = size
    run.bold, run.italic, run.underline = bold, italic, underline
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def set_up_page(document, *, page_numbers: bool = False) -> None:
    """A4, the margins and the body font; with `page_numbers`, the number at the top centre from the
    second page on."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if not page_numbers:
        return
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


def vietnamese_date_line(place: str, day: date) -> str:
    """ "Quảng Nam, ngày 05 tháng 3 năm 2026": a day below 10 and the months January and February
    take a leading zero, as the decree's model shows."""
    day_text = f"{day.day:02d}"
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day_text} tháng {month_text} năm {day.year}"


STATE_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
# The type of an official letter in a Party body's number ("12-CV/VPTU").
PARTY_LETTER_TYPE = "CV"


def document_number(
    sequence: int, symbol: str, *, party: bool, document_type: str = PARTY_LETTER_TYPE
) -> str:
    """ "12/UBND-TH" for a state body's letter, "12-CV/VPTU" for a Party body's; "01" below 10."""
    if party:
        return f"{sequence:02d}-{document_type}/{symbol}"
    return f"{sequence:02d}/{symbol}"


def number_line(number: str, *, party: bool) -> str:
    """ "Số: 12/UBND-TH" (state) or "Số 12-CV/VPTU" (Party: no colon)."""
    return f"Số {number}" if party else f"Số: {number}"


def motto_lines(*, party: bool) -> list[tuple[str, dict]]:
    """The head's right column above the date line, as (text, font options): the national motto and
    its underlined second line for a state body; "ĐẢNG CỘNG SẢN VIỆT NAM", bold and underlined, for a
    Party body."""
    if party:
        return [(PARTY_MOTTO, {"bold": True, "underline": True})]
    return [(STATE_MOTTO, {"bold": True}), (STATE_MOTTO_2, {"bold": True, "underline": True})]
