"""The words of an implementation report, in Vietnamese and in English, drafted from its data.

A report is written in the language chosen for it, whatever the language of the interface, and it
must read as a native document in both: so each language has its own sentences here (its own word
order, its own way of citing a document or writing a date), not a translation of the other's.
Numbers and dates follow the language (`core.documents`).

This module holds the report's frame: the head of the first page, the title, the citation of the
document, the leadership paragraph, the headings, and the order in which the sections' paragraphs,
tables and appendices (contributed by the domains, see `report_data`) are printed.

The drafted text is a starting point: the office edits it before generating the final file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import translation

from resolute.core import clock
from resolute.core.documents import TableBlock, TextBlock, format_date, format_number, format_short_date

if TYPE_CHECKING:
    from .report_data import ReportData

# How each language names a kind of document when citing it ("Kết luận số …", "Conclusion No. …").
DOCUMENT_KINDS = {
    "vi": {
        "resolution": "Nghị quyết",
        "conclusion": "Kết luận",
        "conclusion_notice": "Thông báo kết luận",
        "directive": "Chỉ thị",
        "plan": "Kế hoạch",
        "program": "Chương trình",
        "scheme": "Đề án",
        "inspection_conclusion": "Kết luận thanh tra",
        "audit_report": "Báo cáo kiểm toán",
        "official_letter": "Công văn",
        "report": "Báo cáo",
        "other": "Văn bản",
    },
    "en": {
        "resolution": "Resolution",
        "conclusion": "Conclusion",
        "conclusion_notice": "Conclusion Notice",
        "directive": "Directive",
        "plan": "Plan",
        "program": "Program",
        "scheme": "Scheme",
        "inspection_conclusion": "Inspection Conclusion",
        "audit_report": "Audit Report",
        "official_letter": "Official Letter",
        "report": "Report",
        "other": "Document",
    },
}

# The fixed words of the generated document: headings, column titles, labels.
WORDS = {
    "vi": {
        "party_motto": "ĐẢNG CỘNG SẢN VIỆT NAM",
        "state_motto": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "state_motto_2": "Độc lập - Tự do - Hạnh phúc",
        "report": "BÁO CÁO",
        "title": "Kết quả thực hiện {document}",
        "period_year": "năm {year}",
        "period_range": "từ {start} đến {end}",
        "as_of": "Số liệu tính đến {date}.",
        "number_state": "Số: {number}",
        "number_party": "Số {number}",
        "leadership": "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
        "results": "II. KẾT QUẢ THỰC HIỆN",
        "shortcomings": "III. HẠN CHẾ, YẾU KÉM",
        "documents_table": "Các văn bản đã ban hành để triển khai thực hiện",
        "appendices": "PHỤ LỤC",
        "appendix": "Phụ lục {number}. {title}",
        "number": "Số, ký hiệu",
        "date": "Ngày",
        "issuer": "Cơ quan ban hành",
        "document_title": "Trích yếu",
    },
    "en": {
        "party_motto": "COMMUNIST PARTY OF VIET NAM",
        "state_motto": "SOCIALIST REPUBLIC OF VIET NAM",
        "state_motto_2": "Independence - Freedom - Happiness",
        "report": "REPORT",
        "title": "On the implementation of {document}",
        "period_year": "in {year}",
        "period_range": "from {start} to {end}",
        "as_of": "Figures as of {date}.",
        "number_state": "No. {number}",
        "number_party": "No. {number}",
        "leadership": "I. LEADERSHIP AND DIRECTION",
        "results": "II. RESULTS",
        "shortcomings": "III. SHORTCOMINGS AND LIMITATIONS",
        "documents_table": "Documents issued to implement it",
        "appendices": "APPENDICES",
        "appendix": "Appendix {number}. {title}",
        "number": "Number",
        "date": "Date",
        "issuer": "Issued by",
        "document_title": "Title",
    },
}


def words(language: str) -> dict[str, str]:
    return WORDS["en" if language == "en" else "vi"]


# -- dates and citations ------------------------------------------------------------------------


def place_and_date(place: str, day: date, language: str) -> str:
    """ "Quảng Nam, ngày 25 tháng 11 năm 2026" or "Quang Nam, 25 November 2026"."""
    written = format_date(day, language)
    return f"{place}, {written}" if place else written[:1].upper() + written[1:]


def period_text(start: date, end: date, language: str) -> str:
    phrases = words(language)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return phrases["period_year"].format(year=start.year)
    return phrases["period_range"].format(
        start=format_short_date(start, language), end=format_short_date(end, language)
    )


def document_citation(document, language: str) -> str:
    """ "Kết luận số 123-KL/TU" / "Conclusion No. 123-KL/TU"; the title when the document has no number."""
    kind = DOCUMENT_KINDS["en" if language == "en" else "vi"].get(document.kind, "")
    if not document.number:
        return document.title
    return f"{kind} No. {document.number}" if language == "en" else f"{kind} số {document.number}"


# -- the drafted text ----------------------------------------------------------------------------


def _join(items: list[str]) -> str:
    return "; ".join(items)


def draft_leadership(data: ReportData, language: str) -> str:
    document = document_citation(data.document, language)
    as_of = format_date(data.as_of, language)
    documents = data.implementing_documents
    if not documents:
        if language == "en":
            return f"As of {as_of}, no document issued to implement {document} has been recorded."
        return f"Đến {as_of}, chưa ghi nhận văn bản nào được ban hành để triển khai thực hiện {document}."
    cited = []
    for item in documents:
        number = item.number or item.title
        if language == "en":
            when = f" of {format_date(item.issued_on, language)}" if item.issued_on else ""
            by = f" by {item.issuer}" if item.issuer else ""
        else:
            when = f" {format_date(item.issued_on, language)}" if item.issued_on else ""
            by = f" của {item.issuer}" if item.issuer else ""
        cited.append(f"{number}{when}{by}")
    count = format_number(len(documents), 0, language)
    if language == "en":
        noun = "document was" if len(documents) == 1 else "documents were"
        return f"To implement {document}, {count} {noun} issued: {_join(cited)}."
    return f"Để triển khai thực hiện {document}, đã ban hành {count} văn bản: {_join(cited)}."


def draft_sections(data: ReportData) -> dict[str, str]:
    """The three narrative sections drafted from the data, in the data's language: the leadership
    paragraph, then the paragraphs each contributed section drafts for II and for III, in order."""
    language = data.language
    with translation.override(language):
        return {
            "leadership_and_direction": draft_leadership(data, language),
            "results": "\n\n".join(p for section in data.sections for p in section.blocks.results),
            "shortcomings": "\n\n".join(p for section in data.sections for p in section.blocks.shortcomings),
        }


# -- the outline of the generated file -----------------------------------------------------------
# The DOCX and the PDF print the same blocks, so the two files always say the same thing.


@dataclass(frozen=True)
class HeaderBlock:
    """The two-column head of the first page: the issuing body (and number) left, the motto and the
    place and date right. Each line is (text, bold, italic, underlined)."""

    left: list[tuple[str, bool, bool, bool]]
    right: list[tuple[str, bool, bool, bool]]


def _paragraphs(text: str) -> list[TextBlock]:
    return [TextBlock(part.strip()) for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _issuer_lines(report, language: str) -> list[str]:
    owner = report.document.owner
    name = owner.name_en if language == "en" and owner.name_en else owner.name
    parent = owner.parent
    lines = []
    if parent is not None and report.format == "state" and parent.kind != "province":
        parent_name = parent.name_en if language == "en" and parent.name_en else parent.name
        lines.append(parent_name.upper())
    lines.append(name.upper())
    return lines


def header_block(report, language: str) -> HeaderBlock:
    phrases = words(language)
    issuer = _issuer_lines(report, language)
    left = [(line, index == len(issuer) - 1, False, False) for index, line in enumerate(issuer)]
    if report.format == "party":
        left.append(("*", False, False, False))
        if report.number:
            left.append((phrases["number_party"].format(number=report.number), False, False, False))
        right = [(phrases["party_motto"], True, False, True)]
    else:
        if report.number:
            left.append((phrases["number_state"].format(number=report.number), False, False, False))
        right = [(phrases["state_motto"], True, False, False), (phrases["state_motto_2"], True, False, True)]
    # The date of the report is the day the file is made; the figures' day is stated under the title.
    right.append((place_and_date(report.place, clock.today(), language), False, True, False))
    return HeaderBlock(left=left, right=right)


def outline(report, data: ReportData) -> list:
    """The blocks of the report, in order: head, title, as-of line, I, II, III, signature, appendices."""
    language = report.language
    phrases = words(language)
    blocks: list = [header_block(report, language)]
    blocks.append(TextBlock(phrases["report"], "title"))
    subject = phrases["title"].format(document=document_citation(report.document, language))
    blocks.append(
        TextBlock(f"{subject} {period_text(report.period_start, report.period_end, language)}", "subtitle")
    )
    blocks.append(TextBlock(phrases["as_of"].format(date=format_date(report.as_of, language)), "note"))

    blocks.append(TextBlock(phrases["leadership"], "heading"))
    blocks += _paragraphs(report.leadership_and_direction)
    if data.implementing_documents:
        blocks.append(TextBlock(phrases["documents_table"], "subheading"))
        blocks.append(
            TableBlock(
                [phrases["number"], phrases["date"], phrases["issuer"], phrases["document_title"]],
                [
                    [item.number, format_short_date(item.issued_on, language), item.issuer, item.title]
                    for item in data.implementing_documents
                ],
                [3, 2, 4, 8],
            )
        )

    blocks.append(TextBlock(phrases["results"], "heading"))
    blocks += _paragraphs(report.results)
    for section in data.sections:
        blocks += section.blocks.tables

    blocks.append(TextBlock(phrases["shortcomings"], "heading"))
    blocks += _paragraphs(report.shortcomings)
    if report.signer:
        blocks.append(TextBlock(report.signer, "signature"))

    blocks.append(TextBlock(phrases["appendices"], "heading"))
    appendices = [section.blocks.appendix for section in data.sections if section.blocks.appendix]
    for number, (title, table) in enumerate(appendices, start=1):
        blocks.append(TextBlock(phrases["appendix"].format(number=number, title=title), "subheading"))
        blocks.append(table)
    return blocks
