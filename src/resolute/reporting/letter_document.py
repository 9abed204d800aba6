"""The urging letter as a DOCX file, following Decree 30/2020 (Appendix I) for a state issuer and
Guideline 36-HD/VPTW for a Party issuer.

A4; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, 14 pt for the text and
13 pt in the table and the head; the head of the page as a borderless two-column table — the
governing body and the issuer with the number and the summary "V/v ..." on the left, and on the right
"Quảng Nam, ngày 25 tháng 11 năm 2026" under the motto:
- a state issuer: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc", "Số: 15/UBND-TH";
- a Party issuer: "ĐẢNG CỘNG SẢN VIỆT NAM", a star under the issuer's name, "Số 15-CV/VPTU".
Then "Kính gửi", the text, the table of overdue items with their sources, "Nơi nhận" and the
signature block. The letter is always written in Vietnamese: it is an official document.

The letter knows tasks and reports; anything else an app chases (a slow investment project) is
named in the text by the name its item gives its kind (`kind_label`), and its line prints the title
the app wrote, so a new kind needs no change here.
"""

from datetime import date
from io import BytesIO

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from resolute.core.decree30 import (
    SMALL_SIZE,
    motto_lines,
    number_line,
    set_font,
    set_up_page,
    vietnamese_date_line,
)

from .selectors.ladder import add_working_days

# Working days the recipient has to report back on the letter.
REPLY_WORKING_DAYS = 5


def place_name(unit) -> str:
    """The province the issuer belongs to, as the date line names it ("Quảng Nam")."""
    root = unit
    while root.parent_id is not None:
        root = root.parent
    name = root.name
    for prefix in ("Tỉnh ", "Thành phố ", "tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _lines(cell, lines) -> None:
    for index, (text, options) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        set_font(paragraph.add_run(text), SMALL_SIZE, **options)


def _paragraph(document, text, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, **options):
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(6)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    set_font(paragraph.add_run(text), **options)
    return paragraph


# What the letter calls the kinds of items it knows; an item of another kind names itself.
KNOWN_KINDS = {"task": "nhiệm vụ", "report": "báo cáo"}
# The generic name of an item of a kind that gives no name of its own.
OTHER_KIND = "nội dung"


def kinds_listed(items) -> str:
    """What the letter's text says it lists: "nhiệm vụ, báo cáo" as it always has, followed by the
    names of the other kinds its items are of, each once, in the order they come."""
    names = list(KNOWN_KINDS.values())
    for item in items:
        kind = item.get("kind", "task")
        if kind in KNOWN_KINDS:
            continue
        name = item.get("kind_label") or OTHER_KIND
        if name not in names:
            names.append(name)
    return ", ".join(names)


def item_heading(items) -> str:
    """The heading of the items' column: "Nhiệm vụ" while the letter lists only tasks and reports,
    "Nội dung" once it lists something else."""
    return "Nhiệm vụ" if all(item.get("kind", "task") in KNOWN_KINDS for item in items) else "Nội dung"


def render_letter(letter) -> bytes:
    """The letter as a DOCX file."""
    issuer, recipient = letter.issuer, letter.recipient
    document = WordDocument()
    set_up_page(document)
    governing = issuer.parent.name.upper() if issuer.parent_id else ""
    head = document.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    party = letter.party_form
    left_lines = [(governing, {})] if governing else []
    left_lines.append((issuer.name.upper(), {"bold": True}))
    if party:
        left_lines.append(("*", {}))
    left_lines += [
        (number_line(letter.number, party=party), {}),
        ("V/v đôn đốc thực hiện nhiệm vụ quá hạn", {"italic": party}),
    ]
    _lines(left, left_lines)
    _lines(
        right,
        [
            *motto_lines(party=party),
            ("", {}),
            (vietnamese_date_line(place_name(issuer), letter.issued_on), {"italic": True}),
        ],
    )
    document.add_paragraph()
    _paragraph(document, f"Kính gửi: {recipient.name}.", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    count = len(letter.items)
    as_of = letter.issued_on.strftime("%d/%m/%Y")
    _paragraph(
        document,
        f"Theo dõi của {issuer.name}, đến ngày {as_of}, {recipient.name} còn {count} "
        f"{kinds_listed(letter.items)} đã quá thời hạn mà chưa hoàn thành, cụ thể như sau:",
    )
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    widths = [Mm(w) for w in (12, 68, 45, 22, 18)]
    for cell, header, width in zip(
        table.rows[0].cells,
        ("TT", item_heading(letter.items), "Nguồn", "Thời hạn", "Số ngày quá hạn"),
        widths,
        strict=True,
    ):
        cell.width = width
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(cell.paragraphs[0].add_run(header), SMALL_SIZE, bold=True)
    for index, item in enumerate(letter.items, start=1):
        deadline = date.fromisoformat(item["deadline"]).strftime("%d/%m/%Y")
        values = (str(index), item["title"], item["source"], deadline, str(item["days_overdue"]))
        for column, (cell, value, width) in enumerate(
            zip(table.add_row().cells, values, widths, strict=True)
        ):
            cell.width = width
            if column in (0, 3, 4):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(cell.paragraphs[0].add_run(value), SMALL_SIZE)
    reply_by = add_working_days(letter.issued_on, REPLY_WORKING_DAYS).strftime("%d/%m/%Y")
    document.add_paragraph()
    _paragraph(
        document,
        f"{issuer.name} đề nghị {recipient.name} khẩn trương tập trung thực hiện các nhiệm vụ nêu trên; "
        f"báo cáo kết quả thực hiện, nguyên nhân chậm trễ và thời hạn hoàn thành về {issuer.name} "
        f"trước ngày {reply_by} để tổng hợp, báo cáo lãnh đạo.",
    )
    _paragraph(document, "Đề nghị quý cơ quan quan tâm thực hiện./.")
    sign = document.add_table(rows=1, cols=2)
    recipients, signature = sign.rows[0].cells
    recipients.width, signature.width = Mm(80), Mm(85)
    first = recipients.paragraphs[0]
    set_font(first.add_run("Nơi nhận:"), Pt(12), bold=True, italic=True)
    for line in ("- Như trên;", f"- Lãnh đạo {issuer.name};", "- Lưu: VT."):
        set_font(recipients.add_paragraph().add_run(line), Pt(11))
    _lines(signature, [(f"TM. {issuer.name.upper()}", {"bold": True}), ("", {}), ("", {}), ("", {})])
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
