"""Oversight findings' section of the implementation report on a document (contributed in
`contributions`): how far the recommendations of inspections, audits and supervisions are implemented
in "II. Results" with the ledger by inspecting body, what is overdue and still to recover in "III.
Shortcomings", and the overdue recommendations in an appendix.

The section reads the ledger (`selectors.ledger`) of the recommendations led in the area of the
document's owner — the administrative level it belongs to, as public investment reads it — on the
report's day, once (`build_oversight`). `oversight_blocks` words those figures in the report's language;
every number of a sentence is the number of a cell of the section's table, written by the same
function, so the text never disagrees with its table. An area without recommendations has no
oversight section.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from resolute.core.contributions import ReportBlocks, ReportScope
from resolute.core.documents import TableBlock, TextBlock, format_number, format_short_date
from resolute.investment.report import administrative_area
from resolute.investment.selectors.rates import percent
from resolute.orgunits.models import OrgUnit, display_name_for

from .selectors import LedgerRow, filter_recommendations, ledger

# How many inspecting bodies the shortcomings name; the table has them all.
BODIES_NAMED = 3

WORDS = {
    "vi": {
        "table": "Kết quả thực hiện kiến nghị sau thanh tra, kiểm toán, giám sát",
        "appendix": "Các kiến nghị quá hạn chưa thực hiện xong",
        "body": "Cơ quan thanh tra, kiểm toán, giám sát",
        "implemented": "Đã thực hiện",
        "partly": "Thực hiện một phần",
        "not_yet": "Chưa thực hiện",
        "overdue": "Quá hạn",
        "total": "Tổng số",
        "implemented_rate": "Tỷ lệ thực hiện (%)",
        "required": "Phải thu hồi (đồng)",
        "recovered": "Đã thu hồi (đồng)",
        "outstanding": "Còn phải thu hồi (đồng)",
        "recovery_rate": "Tỷ lệ thu hồi (%)",
        "totals": "Tổng cộng",
        "conclusion": "Kết luận",
        "number": "Số",
        "recommendation": "Kiến nghị",
        "unit": "Đơn vị chủ trì",
        "deadline": "Thời hạn",
        "none": "Không có.",
    },
    "en": {
        "table": "Implementation of the recommendations of inspections, audits and supervisions",
        "appendix": "Overdue recommendations not yet implemented",
        "body": "Inspecting body",
        "implemented": "Implemented",
        "partly": "Partly",
        "not_yet": "Not yet",
        "overdue": "Overdue",
        "total": "Total",
        "implemented_rate": "Implemented (%)",
        "required": "To recover (VND)",
        "recovered": "Recovered (VND)",
        "outstanding": "Still to recover (VND)",
        "recovery_rate": "Recovered (%)",
        "totals": "Total",
        "conclusion": "Conclusion",
        "number": "No.",
        "recommendation": "Recommendation",
        "unit": "Unit responsible",
        "deadline": "Deadline",
        "none": "None.",
    },
}


@dataclass
class BodyLine:
    """A row of the section's table: an inspecting body's figures, named in the report's language."""

    label: str
    row: LedgerRow

    @property
    def implemented_rate(self) -> Decimal | None:
        return percent(Decimal(self.row.implemented), Decimal(self.row.total))

    @property
    def outstanding(self) -> Decimal:
        return max(self.row.amount_required - self.row.amount_recovered, Decimal(0))


@dataclass
class OverdueLine:
    """A recommendation of the appendix."""

    conclusion: str
    issued_on: date | None
    label: str
    text: str
    unit: str
    deadline: date | None
    url: str = ""


@dataclass
class OversightFigures:
    """The section's figures: the area, the day, the ledger by body, and the overdue recommendations."""

    area: OrgUnit | None = None
    as_of: date | None = None
    bodies: list[BodyLine] = field(default_factory=list)
    totals: BodyLine | None = None
    overdue: list[OverdueLine] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.totals is None or not self.totals.row.total


def _unit_name(unit, english: bool) -> str:
    return display_name_for(unit.name, unit.name_en, english=english)


def build_oversight(scope: ReportScope) -> OversightFigures:
    """The ledger on the report's day of the recommendations led in the owner's area, by inspecting
    body, and the overdue ones: four queries."""
    area = administrative_area(scope.document.owner)
    table = ledger(scope.user, on=scope.as_of, by="body", unit=area)
    if not table.totals.total:
        return OversightFigures(area=area, as_of=scope.as_of)
    units = OrgUnit.objects.in_bulk([row.key for row in table if isinstance(row.key, int)])
    bodies = [
        BodyLine(
            label=_unit_name(units[row.key], scope.english) if row.key in units else str(row.key), row=row
        )
        for row in table
    ]
    bodies.sort(key=lambda line: (-line.row.total, line.label.casefold()))
    overdue = [
        OverdueLine(
            conclusion=recommendation.oversight.document.number or recommendation.oversight.document.title,
            issued_on=recommendation.oversight.document.issued_on,
            label=recommendation.label,
            text=recommendation.task.title,
            unit=_unit_name(recommendation.task.lead_unit, scope.english),
            deadline=recommendation.deadline_as_of or recommendation.task.deadline,
            url=recommendation.get_absolute_url(),
        )
        for recommendation in filter_recommendations(
            scope.user, on=scope.as_of, area=area, overdue=True
        ).order_by("task__deadline", "pk")
    ]
    totals = BodyLine(label=WORDS["en" if scope.english else "vi"]["totals"], row=table.totals)
    return OversightFigures(area=area, as_of=scope.as_of, bodies=bodies, totals=totals, overdue=overdue)


# -- the words ---------------------------------------------------------------------------------------


def rate_text(rate, language: str) -> str:
    """A rate as the table writes it, with its percent sign."""
    return "—" if rate is None else format_number(rate, 1, language) + "%"


def amount_text(amount, language: str) -> str:
    return format_number(amount, 0, language)


def count_text(count: int, language: str) -> str:
    return format_number(count, 0, language)


def results_paragraph(figures: OversightFigures, language: str) -> str:
    """ "Of 12 recommendations, 5 implemented (41.7%), 3 overdue; 200,000,000 of 500,000,000 VND
    recovered (40%)." — every number a cell of the totals row."""
    totals = figures.totals
    row = totals.row
    day = format_short_date(figures.as_of, language)
    total, implemented = count_text(row.total, language), count_text(row.implemented, language)
    implemented_rate = rate_text(totals.implemented_rate, language)
    overdue = count_text(row.overdue, language)
    if language == "en":
        text = (
            f"By {day}, of {total} recommendations of inspections, audits and supervisions: {implemented} "
            f"implemented ({implemented_rate}), {overdue} overdue"
        )
        if row.amount_required:
            recovered = amount_text(row.amount_recovered, language)
            required = amount_text(row.amount_required, language)
            text += f"; {recovered} of {required} VND recovered ({rate_text(row.recovery_rate, language)})"
        return text + "."
    text = (
        f"Đến ngày {day}, trong tổng số {total} kiến nghị sau thanh tra, kiểm toán, giám sát, đã thực hiện "
        f"xong {implemented} kiến nghị ({implemented_rate}), quá hạn {overdue} kiến nghị"
    )
    if row.amount_required:
        recovered, required = (
            amount_text(row.amount_recovered, language),
            amount_text(row.amount_required, language),
        )
        text += f"; đã thu hồi {recovered}/{required} đồng ({rate_text(row.recovery_rate, language)})"
    return text + "."


def shortcomings_paragraphs(figures: OversightFigures, language: str) -> list[str]:
    paragraphs = []
    row = figures.totals.row
    if row.overdue:
        late = [line for line in figures.bodies if line.row.overdue]
        late.sort(key=lambda line: (-line.row.overdue, line.label.casefold()))
        named = ", ".join(
            f"{line.label} ({count_text(line.row.overdue, language)})" for line in late[:BODIES_NAMED]
        )
        overdue = count_text(row.overdue, language)
        if language == "en":
            subject = (
                f"{overdue} recommendation is past its deadline"
                if row.overdue == 1
                else f"{overdue} recommendations are past their deadline"
            )
            paragraphs.append(f"{subject} and not implemented; the most of: {named}.")
        else:
            paragraphs.append(
                f"Còn {overdue} kiến nghị quá hạn chưa thực hiện xong, nhiều nhất là của: {named}."
            )
    outstanding = figures.totals.outstanding
    if outstanding:
        amount = amount_text(outstanding, language)
        if language == "en":
            paragraphs.append(f"{amount} VND remains to be recovered.")
        else:
            paragraphs.append(f"Còn {amount} đồng phải thu hồi.")
    return paragraphs


def _cells(line: BodyLine, language: str) -> list[str]:
    row = line.row
    return [
        line.label,
        count_text(row.implemented, language),
        count_text(row.partly, language),
        count_text(row.not_yet, language),
        count_text(row.overdue, language),
        count_text(row.total, language),
        rate_text(line.implemented_rate, language),
        amount_text(row.amount_required, language),
        amount_text(row.amount_recovered, language),
        amount_text(line.outstanding, language),
        rate_text(row.recovery_rate, language),
    ]


def ledger_table(figures: OversightFigures, language: str) -> TableBlock:
    words = WORDS[language]
    return TableBlock(
        [
            words["body"],
            words["implemented"],
            words["partly"],
            words["not_yet"],
            words["overdue"],
            words["total"],
            words["implemented_rate"],
            words["required"],
            words["recovered"],
            words["outstanding"],
            words["recovery_rate"],
        ],
        [*(_cells(line, language) for line in figures.bodies), _cells(figures.totals, language)],
        [5, 2, 2, 2, 2, 2, 2, 4, 4, 4, 2],
        frozenset(range(1, 11)),
    )


def appendix_table(figures: OversightFigures, language: str) -> TableBlock:
    words = WORDS[language]
    rows = [
        [
            f"{line.conclusion} ({format_short_date(line.issued_on, language)})",
            line.label,
            line.text,
            line.unit,
            format_short_date(line.deadline, language),
        ]
        for line in figures.overdue
    ]
    return TableBlock(
        [words["conclusion"], words["number"], words["recommendation"], words["unit"], words["deadline"]],
        rows or [[words["none"], "", "", "", ""]],
        [4, 1, 8, 4, 2],
        frozenset(),
    )


def oversight_blocks(figures: OversightFigures, scope: ReportScope) -> ReportBlocks:
    blocks = ReportBlocks()
    if figures.is_empty:
        return blocks
    language = "en" if scope.english else "vi"
    words = WORDS[language]
    blocks.results.append(results_paragraph(figures, language))
    blocks.shortcomings.extend(shortcomings_paragraphs(figures, language))
    blocks.tables += [TextBlock(words["table"], "subheading"), ledger_table(figures, language)]
    blocks.appendix = (words["appendix"], appendix_table(figures, language))
    context = {"figures": figures, "language": language, "table": ledger_table(figures, language)}
    blocks.preview = ("oversight/report/section.html", context)
    blocks.preview_appendix = ("oversight/report/appendix.html", context)
    return blocks
