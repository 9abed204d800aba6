"""The words of an implementation report, in Vietnamese and in English, drafted from its data.

A report is written in the language chosen for it, whatever the language of the interface, and it
must read as a native document in both: so each language has its own sentences here (its own word
order, its own way of citing a document or writing a date), not a translation of the other's.
Numbers follow the language: 10.945 and 9,5 in Vietnamese, 10,945 and 9.5 in English.

The drafted text is a starting point: the office edits it before generating the final file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.numberformat import format as number_format

from resolute.core import clock
from resolute.targets.models import Comparator

if TYPE_CHECKING:
    from .report_data import ReportData

SEPARATORS = {"vi": (",", "."), "en": (".", ",")}
MOST_OVERDUE_UNITS = 3

MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

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
        "targets_table": "Kết quả thực hiện các chỉ tiêu",
        "areas_table": "Nhiệm vụ theo lĩnh vực",
        "appendices": "PHỤ LỤC",
        "appendix_targets": "Phụ lục 1. Bảng chỉ tiêu",
        "appendix_tasks": "Phụ lục 2. Nhiệm vụ theo đơn vị chủ trì",
        "reference": "Mã",
        "number": "Số, ký hiệu",
        "date": "Ngày",
        "issuer": "Cơ quan ban hành",
        "document_title": "Trích yếu",
        "indicator": "Chỉ tiêu",
        "target": "Mục tiêu",
        "result": "Kết quả",
        "percent_of_target": "% so với mục tiêu",
        "assessment": "Đánh giá",
        "achieved": "Đạt",
        "not_achieved": "Chưa đạt",
        "area": "Lĩnh vực",
        "total": "Tổng số",
        "completed": "Hoàn thành",
        "overdue": "Quá hạn",
        "task": "Nhiệm vụ",
        "lead_unit": "Đơn vị chủ trì",
        "deadline": "Thời hạn",
        "status": "Tình trạng",
        "none": "Không có.",
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
        "targets_table": "Results against the targets",
        "areas_table": "Tasks by area",
        "appendices": "APPENDICES",
        "appendix_targets": "Appendix 1. Targets",
        "appendix_tasks": "Appendix 2. Tasks by lead unit",
        "reference": "Ref.",
        "number": "Number",
        "date": "Date",
        "issuer": "Issued by",
        "document_title": "Title",
        "indicator": "Indicator",
        "target": "Target",
        "result": "Result",
        "percent_of_target": "% of target",
        "assessment": "Assessment",
        "achieved": "Achieved",
        "not_achieved": "Not achieved",
        "area": "Area",
        "total": "Total",
        "completed": "Completed",
        "overdue": "Overdue",
        "task": "Task",
        "lead_unit": "Lead unit",
        "deadline": "Deadline",
        "status": "Status",
        "none": "None.",
    },
}


def words(language: str) -> dict[str, str]:
    return WORDS["en" if language == "en" else "vi"]


# -- numbers and dates ---------------------------------------------------------------------------


def format_number(value, decimals: int = 0, language: str = "vi") -> str:
    """`value` rounded to `decimals` and written as the language writes numbers; "—" for no value.

    Trailing zeros after the decimal point are dropped (9,5 rather than 9,50), as people write them."""
    if value is None:
        return "—"
    decimal_separator, thousands = SEPARATORS["en" if language == "en" else "vi"]
    value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals)) if decimals else Decimal(round(value))
    text = number_format(
        value,
        decimal_separator,
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=thousands,
        force_grouping=True,
        use_l10n=False,
    )
    if decimals and decimal_separator in text:
        text = text.rstrip("0").rstrip(decimal_separator)
    return text


def format_date(day: date, language: str) -> str:
    """A date in running text: "ngày 05 tháng 02 năm 2025" (days below 10 and months 1–2 padded, as
    Decree 30/2020 writes them) or "5 February 2025"."""
    if language == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_short_date(day: date | None, language: str) -> str:
    """A date in a table cell: 05/02/2025 in both languages (the English one spells the month)."""
    if day is None:
        return "—"
    if language == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1][:3]} {day.year}"
    return day.strftime("%d/%m/%Y")


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


# -- targets -------------------------------------------------------------------------------------

COMPARATOR_WORDS = {
    "vi": {
        Comparator.AT_LEAST: "tối thiểu {value}",
        Comparator.AT_MOST: "tối đa {value}",
        Comparator.BELOW: "dưới {value}",
        Comparator.ABOVE: "trên {value}",
        Comparator.EQUAL: "{value}",
        Comparator.RANGE: "{value}–{value_max}",
        Comparator.CHANGE_FROM_BASELINE: "{change} so với năm {baseline_year}",
        Comparator.RELATIVE_TO_REFERENCE: "so với mức chuẩn",
    },
    "en": {
        Comparator.AT_LEAST: "at least {value}",
        Comparator.AT_MOST: "at most {value}",
        Comparator.BELOW: "below {value}",
        Comparator.ABOVE: "above {value}",
        Comparator.EQUAL: "{value}",
        Comparator.RANGE: "{value}–{value_max}",
        Comparator.CHANGE_FROM_BASELINE: "{change} from {baseline_year}",
        Comparator.RELATIVE_TO_REFERENCE: "relative to the reference",
    },
}


def _with_unit(number: str, unit_of_measure: str) -> str:
    if not unit_of_measure:
        return number
    return f"{number}{unit_of_measure}" if unit_of_measure == "%" else f"{number} {unit_of_measure}"


def commitment_text(target, language: str) -> str:
    """What the target commits to, in words: "9,5–10%", "tối thiểu 1.000 tỷ đồng", "at least 1,000 ..."."""
    decimals = max(target.indicator.decimals, 1) if target.indicator.unit_of_measure == "%" else 0
    decimals = max(decimals, target.indicator.decimals)
    value = format_number(target.value, decimals, language)
    value_max = format_number(target.value_max, decimals, language)
    change = ""
    if target.value is not None and target.comparator == Comparator.CHANGE_FROM_BASELINE:
        change = ("+" if target.value > 0 else "") + value
    template = COMPARATOR_WORDS["en" if language == "en" else "vi"].get(target.comparator, "{value}")
    text = template.format(
        value=value, value_max=value_max, change=change, baseline_year=target.baseline_year or ""
    )
    if target.comparator == Comparator.RELATIVE_TO_REFERENCE:
        return text
    return _with_unit(text, target.indicator.unit_of_measure)


def percent_of(target, actual) -> Decimal | None:
    """The result as a percentage of the committed figure (the lower end of a range), for targets to
    reach or exceed; None where a percentage of the target means nothing (a ceiling, a change)."""
    if actual is None or target.value is None or target.value <= 0:
        return None
    if target.comparator not in (Comparator.AT_LEAST, Comparator.ABOVE, Comparator.EQUAL, Comparator.RANGE):
        return None
    return (Decimal(actual) * 100 / Decimal(target.value)).quantize(Decimal("0.1"))


def _relation(target, actual) -> str:
    """Where the result stands against the committed figure: below, above, within (a range) or
    meeting it (a floor reached, a ceiling kept)."""
    comparator, value = target.comparator, target.value
    if value is None or comparator in (Comparator.CHANGE_FROM_BASELINE, Comparator.RELATIVE_TO_REFERENCE):
        return "unknown"
    if comparator == Comparator.RANGE:
        if actual < value:
            return "below"
        return "above" if target.value_max is not None and actual > target.value_max else "within"
    if comparator in (Comparator.AT_MOST, Comparator.BELOW):
        kept = actual <= value if comparator == Comparator.AT_MOST else actual < value
        return "meeting" if kept else "above"
    if comparator == Comparator.EQUAL:
        return "below" if actual < value else "above" if actual > value else "meeting"
    reached = actual >= value if comparator == Comparator.AT_LEAST else actual > value
    return "meeting" if reached else "below"


RESULT_SENTENCES = {
    "vi": {
        "below": "{indicator} đạt {actual}, thấp hơn chỉ tiêu {commitment}.",
        "above": "{indicator} đạt {actual}, cao hơn chỉ tiêu {commitment}.",
        "within": "{indicator} đạt {actual}, trong khoảng chỉ tiêu {commitment}.",
        "meeting": "{indicator} đạt {actual}, đạt chỉ tiêu {commitment}.",
        "unknown": "{indicator} đạt {actual} (chỉ tiêu {commitment}).",
        "missing": "{indicator}: chưa có số liệu đến {date} (chỉ tiêu {commitment}).",
    },
    "en": {
        "below": "{indicator} reached {actual}, below the target of {commitment}.",
        "above": "{indicator} reached {actual}, above the target of {commitment}.",
        "within": "{indicator} reached {actual}, within the target of {commitment}.",
        "meeting": "{indicator} reached {actual}, meeting the target of {commitment}.",
        "unknown": "{indicator} reached {actual} (target: {commitment}).",
        "missing": "{indicator}: no figure yet as of {date} (target: {commitment}).",
    },
}


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def target_sentence(row, as_of: date, language: str) -> str:
    """ "GRDP growth reached 7.1%, below the target of 9.5–10%." and its Vietnamese counterpart."""
    sentences = RESULT_SENTENCES["en" if language == "en" else "vi"]
    target = row.target
    indicator = _first_upper(row.indicator)
    if row.actual is None:
        return sentences["missing"].format(
            indicator=indicator, date=format_date(as_of, language), commitment=row.commitment
        )
    decimals = target.indicator.decimals
    actual = _with_unit(format_number(row.actual, decimals, language), row.unit_of_measure)
    return sentences[_relation(target, row.actual)].format(
        indicator=indicator, actual=actual, commitment=row.commitment
    )


# -- the three drafted sections ------------------------------------------------------------------


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


def _rate_text(rate, language: str) -> str:
    return "—" if rate is None else format_number(Decimal(str(rate)) * 100, 1, language) + "%"


def task_summary(data: ReportData, language: str) -> str:
    """The tasks' figures in one sentence: total, completed (on time), overdue and the completion rate."""
    figures = data.task_figures
    on_time = figures.by_status.get("completed_on_time", 0)
    overdue = figures.by_status.get("overdue", 0)
    n = lambda value: format_number(value, 0, language)  # noqa: E731
    rate = _rate_text(figures.completion_rate, language)
    if language == "en":
        return (
            f"Of {n(figures.total)} tasks, {n(figures.completed)} were completed ({n(on_time)} on time) "
            f"and {n(overdue)} are overdue; the completion rate is {rate}."
        )
    return (
        f"Trong tổng số {n(figures.total)} nhiệm vụ, đã hoàn thành {n(figures.completed)} nhiệm vụ "
        f"({n(on_time)} đúng hạn), {n(overdue)} nhiệm vụ quá hạn; tỷ lệ hoàn thành {rate}."
    )


def draft_results(data: ReportData, language: str) -> str:
    paragraphs = []
    sentences = [target_sentence(row, data.as_of, language) for row in data.target_rows]
    if sentences:
        paragraphs.append(" ".join(sentences))
    paragraphs.append(task_summary(data, language))
    n = lambda value: format_number(value, 0, language)  # noqa: E731
    for area in data.areas:
        if language == "en":
            paragraphs.append(
                f"{_first_upper(area.label)}: {n(area.completed)} of {n(area.total)} tasks completed, "
                f"{n(area.overdue)} overdue."
            )
        else:
            paragraphs.append(
                f"Lĩnh vực {area.label}: hoàn thành {n(area.completed)}/{n(area.total)} nhiệm vụ, "
                f"{n(area.overdue)} nhiệm vụ quá hạn."
            )
    if data.notable_completions:
        cited = _join([f"{row.title} ({row.reference})" for row in data.notable_completions])
        if language == "en":
            paragraphs.append(f"Notable completions: {cited}.")
        else:
            paragraphs.append(f"Một số nhiệm vụ nổi bật đã hoàn thành: {cited}.")
    return "\n\n".join(paragraphs)


def draft_shortcomings(data: ReportData, language: str) -> str:
    paragraphs = []
    n = lambda value: format_number(value, 0, language)  # noqa: E731
    as_of = format_date(data.as_of, language)
    missed = data.targets_not_achieved
    if missed:
        items = [f"{row.indicator} ({row.result} / {row.commitment}; {row.reference})" for row in missed]
        if language == "en":
            paragraphs.append(
                f"As of {as_of}, {n(len(missed))} of {n(len(data.target_rows))} targets are not achieved: "
                f"{_join(items)}."
            )
        else:
            paragraphs.append(
                f"Đến {as_of}, {n(len(missed))}/{n(len(data.target_rows))} chỉ tiêu chưa đạt: {_join(items)}."
            )
    elif language == "en":
        paragraphs.append(f"As of {as_of}, no target is judged off track or at risk.")
    else:
        paragraphs.append(
            f"Đến {as_of}, không có chỉ tiêu nào được đánh giá là chưa đạt hoặc có nguy cơ chưa đạt."
        )
    overdue = data.task_figures.by_status.get("overdue", 0)
    if overdue:
        units = ", ".join(f"{row.name} ({n(row.count)})" for row in data.overdue_by_unit[:MOST_OVERDUE_UNITS])
        if language == "en":
            paragraphs.append(f"{n(overdue)} tasks are overdue, the most at {units}.")
        else:
            paragraphs.append(f"Còn {n(overdue)} nhiệm vụ quá hạn, nhiều nhất tại {units}.")
    if data.obstacles:
        listed = ", ".join(f"{row.name} ({n(row.count)})" for row in data.obstacles)
        if language == "en":
            paragraphs.append(f"The most frequent obstacles reported: {listed}.")
        else:
            paragraphs.append(f"Các vướng mắc được báo cáo nhiều nhất: {listed}.")
    if data.late_reporters:
        listed = ", ".join(row.name for row in data.late_reporters)
        count = n(len(data.late_reporters))
        if language == "en":
            paragraphs.append(
                f"{count} units have not submitted the figures due for the last closed period: {listed}."
            )
        else:
            paragraphs.append(f"{count} đơn vị chưa gửi số liệu của kỳ báo cáo gần nhất: {listed}.")
    return "\n\n".join(paragraphs)


def draft_sections(data: ReportData) -> dict[str, str]:
    """The three narrative sections drafted from the data, in the data's language."""
    language = data.language
    with translation.override(language):
        return {
            "leadership_and_direction": draft_leadership(data, language),
            "results": draft_results(data, language),
            "shortcomings": draft_shortcomings(data, language),
        }


# -- the outline of the generated file -----------------------------------------------------------
# The DOCX and the PDF print the same blocks, so the two files always say the same thing.


@dataclass(frozen=True)
class HeaderBlock:
    """The two-column head of the first page: the issuing body (and number) left, the motto and the
    place and date right. Each line is (text, bold, italic, underlined)."""

    left: list[tuple[str, bool, bool, bool]]
    right: list[tuple[str, bool, bool, bool]]


@dataclass(frozen=True)
class TextBlock:
    """A paragraph; `style` is "title", "subtitle", "heading", "subheading", "body", "note" or "signature"."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class TableBlock:
    headers: list[str]
    rows: list[list[str]]
    widths: list[int]  # relative column widths
    numeric: frozenset[int] = frozenset()  # columns aligned right


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


def _assessment(row, phrases) -> str:
    if row.achieved:
        return phrases["achieved"]
    if row.status in ("off_track", "at_risk"):
        return phrases["not_achieved"]
    return row.status_label


def outline(report, data: ReportData) -> list:
    """The blocks of the report, in order: head, title, as-of line, I, II, III, signature, appendices."""
    language = report.language
    phrases = words(language)
    n = lambda value: format_number(value, 0, language)  # noqa: E731
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
    if data.target_rows:
        blocks.append(TextBlock(phrases["targets_table"], "subheading"))
        blocks.append(
            TableBlock(
                [
                    phrases["reference"],
                    phrases["indicator"],
                    phrases["target"],
                    phrases["result"],
                    phrases["percent_of_target"],
                    phrases["assessment"],
                ],
                [
                    [
                        row.reference,
                        row.indicator,
                        row.commitment,
                        _with_unit(row.result, row.unit_of_measure) if row.actual is not None else "—",
                        row.percent_text,
                        _assessment(row, phrases),
                    ]
                    for row in data.target_rows
                ],
                [2, 6, 4, 3, 2, 3],
                frozenset({3, 4}),
            )
        )
    if data.areas:
        blocks.append(TextBlock(phrases["areas_table"], "subheading"))
        blocks.append(
            TableBlock(
                [phrases["area"], phrases["total"], phrases["completed"], phrases["overdue"]],
                [
                    [_first_upper(row.label), n(row.total), n(row.completed), n(row.overdue)]
                    for row in data.areas
                ],
                [8, 2, 3, 2],
                frozenset({1, 2, 3}),
            )
        )

    blocks.append(TextBlock(phrases["shortcomings"], "heading"))
    blocks += _paragraphs(report.shortcomings)
    if report.signer:
        blocks.append(TextBlock(report.signer, "signature"))

    blocks.append(TextBlock(phrases["appendices"], "heading"))
    blocks.append(TextBlock(phrases["appendix_targets"], "subheading"))
    blocks.append(
        TableBlock(
            [
                phrases["reference"],
                phrases["indicator"],
                phrases["target"],
                phrases["result"],
                phrases["percent_of_target"],
                phrases["status"],
            ],
            [
                [
                    row.reference,
                    row.indicator,
                    row.commitment,
                    _with_unit(row.result, row.unit_of_measure) if row.actual is not None else "—",
                    row.percent_text,
                    row.status_label,
                ]
                for row in data.target_rows
            ]
            or [[phrases["none"], "", "", "", "", ""]],
            [2, 6, 4, 3, 2, 3],
            frozenset({3, 4}),
        )
    )
    blocks.append(TextBlock(phrases["appendix_tasks"], "subheading"))
    task_rows = [
        [row.reference, unit, row.title, format_short_date(row.deadline, language), row.status_label]
        for unit, rows in data.tasks_by_unit
        for row in rows
    ]
    blocks.append(
        TableBlock(
            [
                phrases["reference"],
                phrases["lead_unit"],
                phrases["task"],
                phrases["deadline"],
                phrases["status"],
            ],
            task_rows or [[phrases["none"], "", "", "", ""]],
            [2, 4, 8, 3, 3],
        )
    )
    return blocks
