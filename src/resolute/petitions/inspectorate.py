"""The periodic report on petitions to the inspectorate (Circular 02/2021/TT-TTCP): its periods and
its data tables, drawn on the statistics page and written as a workbook and a Word document.

**Periods.** The Circular's reports are quarterly, six-monthly, nine-monthly and yearly, and each
period's figures are cut off on the 14th (vietnam-rules.md §1): the first quarter runs from 15
December of the year before to 14 March, the later quarters from the 15th of the month before the
quarter to the 14th of its last month; six months from 15 December to 14 June, nine months to 14
September, the year to 14 December.

**Tables.** Three, each with a row per top-level unit below the report's unit and a total row, read
from `petition_figures` with the petitions brought forward from the previous period:

1. *Petition handling* — brought forward, received, by kind, with several signatories, within the
   unit's competence, forwarded to another body (not within its competence), refused, and the
   duplicates received (counted once, as the petition they repeat; shown apart).
2. *Complaint settlement* — on hand, accepted, settled (well-founded, partly well-founded,
   unfounded; on time, late), refused, withdrawn, still open (within the deadline, overdue).
3. *Denunciation settlement* — the same for denunciations, with the number of denunciations whose
   time limit was extended and the number of extension decisions.

The Circular's appendix numbers its forms and fixes their columns; the columns here are named
plainly, for what they count (see docs/user/petitions.md). Every header is an English message with
its Vietnamese translation: the page shows them in the reader's language, the files always in
Vietnamese, as the report is filed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.core.documents import TableBlock, format_short_date
from resolute.core.forms import Form
from resolute.core.periods import FIRST_YEAR, LAST_YEAR
from resolute.orgunits.choices import Role
from resolute.orgunits.forms import UnitChoiceField
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for

from .choices import PetitionKind
from .selectors.statistics import Counts, PetitionFigures, petition_figures


class ReportPeriod(models.TextChoices):
    QUARTER = "quarter", gettext_lazy("quarter")
    SIX_MONTHS = "six_months", gettext_lazy("six months")
    NINE_MONTHS = "nine_months", gettext_lazy("nine months")
    YEAR = "year", gettext_lazy("year")


# The last month of each period but the quarter.
LAST_MONTH = {ReportPeriod.SIX_MONTHS: 6, ReportPeriod.NINE_MONTHS: 9, ReportPeriod.YEAR: 12}
CUT_OFF_DAY = 14


@dataclass(frozen=True)
class ReportWindow:
    """A period of the report and the days its figures are counted over."""

    period: str
    year: int
    quarter: int | None
    start: date
    end: date

    @property
    def name(self) -> str:
        """ "Quarter II of 2025", "6 months of 2025", in the active language."""
        if self.period == ReportPeriod.QUARTER:
            numeral = ["I", "II", "III", "IV"][self.quarter - 1]
            return _("Quarter %(quarter)s of %(year)s") % {"quarter": numeral, "year": self.year}
        if self.period == ReportPeriod.SIX_MONTHS:
            return _("6 months of %(year)s") % {"year": self.year}
        if self.period == ReportPeriod.NINE_MONTHS:
            return _("9 months of %(year)s") % {"year": self.year}
        return _("The year %(year)s") % {"year": self.year}

    @property
    def label(self) -> str:
        """The name with its days: "Quarter I of 2025 (15/12/2024 – 14/03/2025)"."""
        return _("%(name)s (%(start)s – %(end)s)") % {
            "name": self.name,
            "start": format_short_date(self.start, "vi"),
            "end": format_short_date(self.end, "vi"),
        }


def _fifteenth_before(year: int, month: int) -> date:
    """The 15th of the month before `month` of `year` (15 December of the year before for January)."""
    return date(year - 1, 12, 15) if month == 1 else date(year, month - 1, 15)


def report_window(period: str, year: int, quarter: int | None = None) -> ReportWindow:
    """The days of the report of `period` (the `quarter`-th quarter) of `year`."""
    if period == ReportPeriod.QUARTER:
        quarter = quarter or 1
        if quarter not in (1, 2, 3, 4):
            raise ValueError(f"A year has four quarters, not {quarter}.")
        first_month, last_month = 3 * quarter - 2, 3 * quarter
        return ReportWindow(
            period=period,
            year=year,
            quarter=quarter,
            start=_fifteenth_before(year, first_month),
            end=date(year, last_month, CUT_OFF_DAY),
        )
    return ReportWindow(
        period=period,
        year=year,
        quarter=None,
        start=date(year - 1, 12, 15),
        end=date(year, LAST_MONTH[ReportPeriod(period)], CUT_OFF_DAY),
    )


def report_year_of(day: date) -> int:
    """The year whose reports count `day`: from 15 December, the next year's."""
    return day.year + 1 if (day.month, day.day) >= (12, 15) else day.year


def window_containing(period: str, day: date) -> ReportWindow:
    """The window of `period` whose days hold `day` (for the quarter, the quarter of that day)."""
    year = report_year_of(day)
    if period != ReportPeriod.QUARTER:
        return report_window(period, year)
    return next(
        window
        for quarter in (1, 2, 3, 4)
        if (window := report_window(period, year, quarter)).start <= day <= window.end
    )


# -- the picker ----------------------------------------------------------------------------------------


def covered_units(user):
    """The units whose figures the user may ask for: those in the subtrees they cover."""
    condition = scope_for(user).unit_q(Role.VIEWER)
    units = OrgUnit.objects.all() if condition is None else OrgUnit.objects.filter(condition)
    return units.order_by("path")


def widest_unit(user) -> OrgUnit | None:
    """The top of the widest subtree the user covers (the first root for a superuser)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    roots = sorted(scope.own_coverages, key=lambda coverage: (len(coverage.root_path), coverage.root_path))
    return OrgUnit.objects.filter(pk=roots[0].root_id).first() if roots else None


class ReportPeriodForm(Form):
    """The unit and the period of the statistics page and of the report's files."""

    unit = UnitChoiceField(label=gettext_lazy("Unit"), queryset=OrgUnit.objects.none())
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=ReportPeriod.choices)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR + 1, max_value=LAST_YEAR)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        coerce=int,
        required=False,
    )

    def __init__(self, data=None, *, user, today: date, **kwargs):
        self.today = today
        current = window_containing(ReportPeriod.QUARTER, today)
        defaults = {
            "period": ReportPeriod.QUARTER,
            "year": current.year,
            "quarter": current.quarter,
        }
        unit = widest_unit(user)
        if unit is not None:
            defaults["unit"] = unit.pk
        data = {**defaults, **{key: value for key, value in (data or {}).items() if value not in (None, "")}}
        super().__init__(data, **kwargs)
        self.fields["unit"].queryset = covered_units(user)

    def window(self) -> ReportWindow:
        values = self.cleaned_data
        return report_window(values["period"], values["year"], values.get("quarter") or 1)


# -- the tables ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a table: its header and how a row's figures give its number."""

    header: object  # lazy text
    value: object  # (figures of the row: RowFigures) -> int


@dataclass
class RowFigures:
    """A row's counts: all petitions, and by kind."""

    label: str
    counts: Counts
    by_kind: dict[str, Counts]
    is_total: bool = False

    def kind(self, kind: str) -> Counts:
        return self.by_kind.get(kind) or Counts()


def _of(kind: str, name: str):
    return lambda row: getattr(row.kind(kind), name)


def _settlement_columns(kind: str) -> list[Column]:
    return [
        Column(gettext_lazy("Brought forward"), _of(kind, "carried_over")),
        Column(gettext_lazy("Received in the period"), _of(kind, "received")),
        Column(gettext_lazy("On hand"), _of(kind, "on_hand")),
        Column(gettext_lazy("Accepted"), _of(kind, "accepted")),
        Column(gettext_lazy("Settled"), _of(kind, "settled")),
        Column(gettext_lazy("Well-founded"), _of(kind, "upheld")),
        Column(gettext_lazy("Partly well-founded"), _of(kind, "partly_upheld")),
        Column(gettext_lazy("Unfounded"), _of(kind, "rejected")),
        Column(gettext_lazy("Settled on time"), _of(kind, "settled_on_time")),
        Column(gettext_lazy("Settled late"), _of(kind, "settled_late")),
        Column(gettext_lazy("Refused"), _of(kind, "refused")),
        Column(gettext_lazy("Withdrawn"), _of(kind, "withdrawn")),
        Column(gettext_lazy("Open within the deadline"), _of(kind, "open_within")),
        Column(gettext_lazy("Open and overdue"), _of(kind, "open_overdue")),
    ]


def _kinds(row: RowFigures, *kinds: str) -> int:
    return sum(row.kind(kind).on_hand for kind in kinds)


HANDLING_COLUMNS = [
    Column(gettext_lazy("Brought forward"), lambda row: row.counts.carried_over),
    Column(gettext_lazy("Received in the period"), lambda row: row.counts.received),
    Column(gettext_lazy("Complaints"), lambda row: _kinds(row, PetitionKind.COMPLAINT)),
    Column(gettext_lazy("Denunciations"), lambda row: _kinds(row, PetitionKind.DENUNCIATION)),
    Column(
        gettext_lazy("Recommendations and reflections"),
        lambda row: _kinds(row, PetitionKind.RECOMMENDATION, PetitionKind.REFLECTION),
    ),
    Column(gettext_lazy("With several signatories"), lambda row: row.counts.several_signatories),
    Column(gettext_lazy("Within its competence"), lambda row: row.counts.in_competence),
    Column(gettext_lazy("Not within its competence: forwarded"), lambda row: row.counts.forwarded),
    Column(gettext_lazy("Refused"), lambda row: row.counts.refused),
    Column(gettext_lazy("Duplicates received (not counted)"), lambda row: row.counts.duplicates),
]
COMPLAINT_COLUMNS = _settlement_columns(PetitionKind.COMPLAINT)
DENUNCIATION_COLUMNS = [
    *_settlement_columns(PetitionKind.DENUNCIATION),
    Column(gettext_lazy("Extended"), _of(PetitionKind.DENUNCIATION, "extended")),
    Column(gettext_lazy("Extension decisions"), _of(PetitionKind.DENUNCIATION, "extensions")),
]


@dataclass
class InspectorateTable:
    """One table of the report: its key (the workbook's sheet), title, columns and rows."""

    key: str
    title: str
    columns: list[Column]
    rows: list[RowFigures]
    headers: list[str] = field(default_factory=list)

    def __post_init__(self):
        # Worded once, in the language active when the table is drawn up.
        self.headers = [_("Unit"), *[str(column.header) for column in self.columns]]

    def values(self, row: RowFigures) -> list[int]:
        return [column.value(row) for column in self.columns]

    def as_block(self) -> TableBlock:
        """The table as the Word document prints it."""
        return TableBlock(
            self.headers,
            [[row.label, *[str(value) for value in self.values(row)]] for row in self.rows],
            [4, *[1] * len(self.columns)],
            frozenset(range(1, len(self.columns) + 1)),
        )


def _rows(figures: PetitionFigures) -> list[RowFigures]:
    rows = [
        RowFigures(label=str(unit_row.unit), counts=unit_row.counts, by_kind=unit_row.by_kind)
        for unit_row in figures.by_unit
    ]
    rows.append(
        RowFigures(
            label=_("Total"),
            counts=figures.total,
            by_kind={row.kind: row.counts for row in figures.by_kind},
            is_total=True,
        )
    )
    return rows


def inspectorate_tables(figures: PetitionFigures) -> list[InspectorateTable]:
    """The report's three tables, in the active language."""
    rows = _rows(figures)
    return [
        InspectorateTable("handling", _("Petition handling"), HANDLING_COLUMNS, rows),
        InspectorateTable("complaints", _("Complaint settlement"), COMPLAINT_COLUMNS, rows),
        InspectorateTable("denunciations", _("Denunciation settlement"), DENUNCIATION_COLUMNS, rows),
    ]


def counted_until(window: ReportWindow, today: date) -> date:
    """The last day counted: the window's cut-off, or today while the period runs."""
    return max(min(window.end, today), window.start)


def inspectorate_figures(user, unit, window: ReportWindow, today: date) -> PetitionFigures:
    """The figures of the report: the window's to its cut-off (to today while it runs), with the
    petitions brought forward into it."""
    return petition_figures(
        user, unit=unit, start=window.start, end=counted_until(window, today), include_carried_over=True
    )


# -- the files ---------------------------------------------------------------------------------------

LANGUAGE = "vi"


def report_title(unit, window: ReportWindow, figures: PetitionFigures) -> str:
    """ "Petitions, complaints and denunciations: <unit>, Quarter I of 2025 (15/12/2024 – 14/03/2025)",
    saying so when the period still runs and the figures stop at today."""
    title = _("Petitions, complaints and denunciations: %(unit)s, %(period)s") % {
        "unit": unit,
        "period": window.label,
    }
    if figures.end < window.end:
        title += " " + _("(counted to %(day)s)") % {"day": format_short_date(figures.end, "vi")}
    return title


def inspectorate_workbook(unit, window: ReportWindow, figures: PetitionFigures) -> bytes:
    """The report as a workbook, in Vietnamese: a sheet per table, numbers as numbers."""
    from resolute.core.xlsx import ExcelWorkbook

    with translation.override(LANGUAGE):
        workbook = ExcelWorkbook()
        for table in inspectorate_tables(figures):
            sheet = workbook.sheet(table.title)
            sheet.widths(40, *[14] * len(table.columns))
            sheet.append([table.title], bold=True)
            sheet.append([report_title(unit, window, figures)])
            sheet.append(table.headers, bold=True)
            for row in table.rows:
                sheet.append([row.label, *table.values(row)], bold=row.is_total)
        return workbook.to_bytes()


def inspectorate_document(unit, window: ReportWindow, figures: PetitionFigures) -> bytes:
    """The report's tables as a Word document laid out as Decree 30/2020 asks (landscape A4, for the
    width of the tables), in Vietnamese."""
    from docx import Document as WordDocument
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from resolute.core.decree30 import PAGE_HEIGHT, PAGE_WIDTH, SMALL_SIZE, set_font, set_up_page

    with translation.override(LANGUAGE):
        document = WordDocument()
        set_up_page(document)
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
        text_width_mm = 297 - 30 - 15

        def paragraph(text: str, *, bold=False, italic=False, centred=True, size=None):
            written = document.add_paragraph()
            written.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
            written.paragraph_format.space_after = Pt(6)
            run = written.add_run(text)
            if size is None:
                set_font(run, bold=bold, italic=italic)
            else:
                set_font(run, size, bold=bold, italic=italic)

        paragraph(str(unit).upper(), bold=True, centred=False, size=SMALL_SIZE)
        paragraph(_("Statistics of petitions, complaints and denunciations").upper(), bold=True)
        paragraph(report_title(unit, window, figures), italic=True)
        paragraph(_("Circular 02/2021/TT-TTCP of the Government Inspectorate"), italic=True)
        for number, table in enumerate(inspectorate_tables(figures), start=1):
            paragraph(f"{number}. {table.title}", bold=True, centred=False)
            block = table.as_block()
            written = document.add_table(rows=1, cols=len(block.headers))
            written.style = "Table Grid"
            total = sum(block.widths)
            widths = [Mm(text_width_mm * width / total) for width in block.widths]
            for cell, header, width in zip(written.rows[0].cells, block.headers, widths, strict=True):
                cell.width = width
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_font(cell.paragraphs[0].add_run(header), Pt(10), bold=True)
            for values, row in zip(block.rows, table.rows, strict=True):
                cells = written.add_row().cells
                for index, (cell, value, width) in enumerate(zip(cells, values, widths, strict=True)):
                    cell.width = width
                    if index in block.numeric:
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    set_font(cell.paragraphs[0].add_run(value), Pt(11), bold=row.is_total)
            paragraph("")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
