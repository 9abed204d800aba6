"""The State Treasury's monthly reconciliation spreadsheet: the template the desk downloads, and the
reader that checks a filled one row by row (the import itself, which writes, is `actions.imports`).

The Treasury (Kho bạc Nhà nước) reconciles each month what it paid out of each project's capital
plan. Its sheet gives the day the figures are as of, then one row per project and capital source:
project code, project name, capital source, the plan of the year as the Treasury holds it, and what
was disbursed in total to that day. Optionally, why a figure exceeds the plan.

    A                          B
    Figures as of              30/06/2025
    Plan                       Kế hoạch đầu tư công năm 2025
    (empty)
    Project code | Project name | Capital source | Plan of the year | Disbursed to date | Why above …
    DT-01        | Đường …      | NSTW           | 100000000000     | 41250000000       |

The header may be in Vietnamese or English (the template is written in the reader's language), the
source a code the Treasury uses ("NSTW", "ODA", "NSĐP") or its name ("Ngân sách trung ương", "Vốn
nước ngoài", "Ngân sách địa phương", "Tiền sử dụng đất", "Xổ số kiến thiết", "Khác"). A row whose
disbursed cell is empty is skipped (a template row not filled in).

Reading (`read_workbook`) checks the shape of each cell; checking (`check_workbook`) resolves the
projects among those the user keeps the books of and compares the Treasury's plan with ours (a
difference is a warning: the Treasury may not have booked an adjustment yet). Every problem names
its row and column. The rules of the law — a figure below an earlier report, a report after the
plan lapsed, disbursement above the plan without an explanation — are the actions' own: a preview
runs the import as a dry run (`actions.imports.import_treasury_figures(dry_run=True)`) and lists
what they refuse at the row of the figure.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.functions import Upper
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.core.files import XLSX, check_upload
from resolute.core.forms import Form
from resolute.core.numbers import exact_decimal
from resolute.core.text import NulCharacterError, normalise_text
from resolute.core.xlsx import NOT_A_WORKBOOK, ExcelWorkbook, column_letter, open_for_reading
from resolute.orgunits.search import fold

from .choices import CapitalSource
from .models import MONEY_DIGITS, InvestmentProject, PlanEntry
from .permissions import can_manage_investment

# The columns, by the name the code uses; the header's words are matched folded (no case, no tone
# marks, đ = d), in either language, without a trailing unit such as "(VND)".
CODE, NAME, SOURCE, PLAN, DISBURSED, EXPLANATION = (
    "code",
    "name",
    "source",
    "plan",
    "disbursed",
    "explanation",
)
COLUMNS = [CODE, NAME, SOURCE, PLAN, DISBURSED, EXPLANATION]
REQUIRED_COLUMNS = [CODE, SOURCE, DISBURSED]
HEADERS = {
    CODE: gettext_lazy("Project code"),
    NAME: gettext_lazy("Project name"),
    SOURCE: gettext_lazy("Capital source"),
    PLAN: gettext_lazy("Plan of the year (VND)"),
    DISBURSED: gettext_lazy("Disbursed to date (VND)"),
    EXPLANATION: gettext_lazy("Why above the plan"),
}
# What the Treasury's own sheets call the columns, besides the template's headers.
HEADER_ALIASES = {
    CODE: ["code", "ma", "ma du an", "ma so du an", "ma dtxd", "ma du an dau tu"],
    NAME: ["name", "ten du an", "ten cong trinh", "ten du an cong trinh"],
    SOURCE: ["source", "nguon", "nguon von", "loai nguon von"],
    PLAN: ["plan", "ke hoach", "ke hoach nam", "ke hoach von", "ke hoach von nam", "ke hoach von giao"],
    DISBURSED: [
        "disbursed",
        "cumulative disbursed",
        "giai ngan",
        "luy ke giai ngan",
        "luy ke thanh toan",
        "giai ngan luy ke",
        "luy ke giai ngan tu dau nam",
    ],
    EXPLANATION: ["explanation", "giai trinh", "ly do vuot ke hoach"],
}
AS_OF_LABEL = gettext_lazy("Figures as of")
PLAN_LABEL = gettext_lazy("Plan")
AS_OF_ALIASES = [
    "as of",
    "figures as of",
    "so lieu den ngay",
    "den ngay",
    "ngay doi chieu",
    "so lieu tinh den ngay",
]
# How far down the header row may be (the as-of day and a title come above it).
HEADER_SEARCH_ROWS = 20

# The names and codes of each capital source the Treasury writes, folded; the English and Vietnamese
# labels of `CapitalSource` are accepted too.
SOURCE_NAMES = {
    CapitalSource.CENTRAL: [
        "NSTW",
        "Ngân sách trung ương",
        "Vốn ngân sách trung ương",
        "Vốn trong nước NSTW",
    ],
    CapitalSource.FOREIGN: ["ODA", "Vốn nước ngoài", "Vốn ODA", "Vốn vay ưu đãi nước ngoài"],
    CapitalSource.LOCAL: ["NSĐP", "Ngân sách địa phương", "Vốn ngân sách địa phương", "Vốn cân đối NSĐP"],
    CapitalSource.LAND_USE: ["Tiền sử dụng đất", "Thu tiền sử dụng đất", "Nguồn thu tiền sử dụng đất"],
    CapitalSource.LOTTERY: ["Xổ số kiến thiết", "XSKT", "Thu xổ số kiến thiết"],
    CapitalSource.OTHER: ["Khác", "Nguồn khác", "Vốn khác"],
}
# The name the template writes for each source in Vietnamese, as the Treasury writes it.
TREASURY_NAME = {
    CapitalSource.CENTRAL: "Ngân sách trung ương",
    CapitalSource.FOREIGN: "Vốn nước ngoài",
    CapitalSource.LOCAL: "Ngân sách địa phương",
    CapitalSource.LAND_USE: "Tiền sử dụng đất",
    CapitalSource.LOTTERY: "Xổ số kiến thiết",
    CapitalSource.OTHER: "Khác",
}

GROUPED_THOUSANDS = re.compile(r"^-?\d{1,3}([.,]\d{3})+$")
DAY_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def _folded_header(text) -> str:
    folded = fold(str(text or ""))
    folded = re.sub(r"\(.*?\)", " ", folded)  # "(VND)", "(đồng)", "(triệu đồng)"
    return " ".join(folded.replace(":", " ").split())


def _in_both_languages(text) -> set[str]:
    names = set()
    for language in ("en", "vi"):
        with translation.override(language):
            names.add(_folded_header(str(text)))
    return names


def _header_names() -> dict[str, set[str]]:
    return {name: _in_both_languages(HEADERS[name]) | set(HEADER_ALIASES[name]) for name in COLUMNS}


def _source_names() -> dict[str, str]:
    names = {}
    for source, written in SOURCE_NAMES.items():
        for text in [*written, source.value, *_in_both_languages(source.label)]:
            names[fold(text)] = source.value
    return names


def source_of(text: str) -> str | None:
    """The capital source a cell names (a code, the Treasury's name, or our label), or None."""
    return _source_names().get(fold(text))


def not_a_workbook(name: str) -> str:
    return _(
        "“%(name)s” is not an Excel workbook (.xlsx) that can be opened: it may be damaged or saved in "
        "another format. Open it in Excel or LibreOffice, save it as .xlsx and upload it again."
    ) % {"name": name}


def vnd(value: Decimal) -> str:
    return f"{number_format(value, force_grouping=True)} VND"


# -- the template -----------------------------------------------------------------------------------


def plan_rows(plan, day: date, projects) -> list[tuple[InvestmentProject, str, Decimal]]:
    """(project, source, plan on `day`) of each project of `projects` with a plan from that source,
    by project code then source: the rows of the template."""
    totals = (
        PlanEntry.objects.filter(decision__plan=plan, decision__decided_on__lte=day, project__in=projects)
        .values("project_id", "source")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    amounts = {(row["project_id"], row["source"]): Decimal(row["total"] or 0) for row in totals}
    by_id = {project.pk: project for project in projects.filter(pk__in={key[0] for key in amounts})}
    order = list(CapitalSource.values)
    rows = [
        (by_id[project_id], source, amount)
        for (project_id, source), amount in amounts.items()
        if amount > 0 and project_id in by_id
    ]
    return sorted(rows, key=lambda row: (row[0].code, order.index(row[1])))


def source_name(source: str) -> str:
    """How the template names a source: as the Treasury does in Vietnamese, else our label."""
    if (translation.get_language() or "").startswith("vi"):
        return TREASURY_NAME[CapitalSource(source)]
    return str(CapitalSource(source).label)


def build_template(plan, day: date, projects) -> bytes:
    """The sheet to fill in: the as-of day, then a row per project and source of the plan with our plan
    of the year on `day`, the disbursed cell left blank; a second sheet explains the columns."""
    workbook = ExcelWorkbook()
    sheet = workbook.sheet(_("Treasury"))
    sheet.append([str(AS_OF_LABEL), day], bold=False)
    sheet.append([str(PLAN_LABEL), plan.title])
    sheet.append([])
    sheet.append([str(HEADERS[name]) for name in COLUMNS], bold=True)
    for project, source, amount in plan_rows(plan, day, projects):
        sheet.append([project.code, project.name, source_name(source), amount, None, ""])
    sheet.widths(22, 48, 24, 24, 24, 40)
    guide = workbook.sheet(_("Guide"))
    guide.append([_("Column"), _("What to write")], bold=True)
    guide.append([str(AS_OF_LABEL), _("The day the Treasury's figures are counted to (row 1, column B).")])
    guide.append([str(HEADERS[CODE]), _("The project's code, as registered.")])
    guide.append([str(HEADERS[NAME]), _("Its name (read for your eyes only).")])
    guide.append(
        [str(HEADERS[SOURCE]), _("NSTW, ODA, NSĐP or the source's name (the list below); one row a source.")]
    )
    guide.append(
        [
            str(HEADERS[PLAN]),
            _("The plan of the year as the Treasury holds it; a difference from ours is a warning."),
        ]
    )
    guide.append(
        [str(HEADERS[DISBURSED]), _("Disbursed in total to the day, a whole number of VND; blank: skipped.")]
    )
    guide.append([str(HEADERS[EXPLANATION]), _("Needed when the disbursed figure exceeds the plan.")])
    guide.append([])
    guide.append([_("Capital source"), _("Also written")], bold=True)
    for source, names in SOURCE_NAMES.items():
        guide.append([str(CapitalSource(source).label), "; ".join(names)])
    guide.widths(28, 90)
    return workbook.to_bytes()


# -- reading a file ---------------------------------------------------------------------------------


@dataclass
class CellProblem:
    """A problem (or a warning) at a row and column of the sheet ("" when it is the whole file's)."""

    row: int
    column: str
    message: str

    def text(self) -> str:
        if self.column:
            return _("Row %(row)s, column %(column)s: %(message)s") % self.as_dict()
        return _("Row %(row)s: %(message)s") % self.as_dict()

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": str(self.message)}


class WorkbookProblems(ValidationError):
    """A workbook that cannot be imported: every problem, by row and column. As a ValidationError its
    messages are under `file`, each naming its row and column."""

    def __init__(self, problems: list[CellProblem]):
        self.problems = problems
        super().__init__(
            {"file": [problem.text() for problem in problems] or [_("The file could not be imported.")]}
        )


@dataclass
class TreasuryRow:
    """A row of the sheet with a figure: checked in shape; `project` is set by `check_workbook`."""

    number: int
    code: str
    name: str
    source: str
    plan: Decimal | None
    disbursed: Decimal
    explanation: str = ""
    project: InvestmentProject | None = None

    @property
    def source_label(self) -> str:
        return str(CapitalSource(self.source).label)

    def as_list(self) -> list:
        return [
            self.number,
            self.code,
            self.name,
            self.source,
            None if self.plan is None else str(self.plan),
            str(self.disbursed),
            self.explanation,
        ]

    @classmethod
    def from_list(cls, values) -> "TreasuryRow":
        number, code, name, source, plan, disbursed, explanation = values
        return cls(
            number=int(number),
            code=str(code),
            name=str(name),
            source=str(source),
            plan=None if plan is None else Decimal(plan),
            disbursed=Decimal(disbursed),
            explanation=str(explanation),
        )


@dataclass
class TreasuryWorkbook:
    """What a file holds, read and checked in shape."""

    name: str = ""
    as_of: date | None = None
    as_of_cell: tuple[int, str] = (1, "B")
    columns: dict[str, str] = field(default_factory=dict)
    rows: list[TreasuryRow] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)

    def add(self, row: int, column: str, message: str) -> None:
        self.problems.append(CellProblem(row, column, str(message)))

    def column(self, name: str) -> str:
        return self.columns.get(name, "")

    def as_payload(self) -> dict:
        """What a preview carries to its confirmation (signed by the page, so it cannot be changed)."""
        return {
            "name": self.name,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "as_of_cell": list(self.as_of_cell),
            "columns": self.columns,
            "rows": [row.as_list() for row in self.rows],
        }

    @classmethod
    def from_payload(cls, payload: dict) -> "TreasuryWorkbook":
        return cls(
            name=payload.get("name", ""),
            as_of=date.fromisoformat(payload["as_of"]) if payload.get("as_of") else None,
            as_of_cell=tuple(payload.get("as_of_cell") or (1, "B")),
            columns=dict(payload.get("columns") or {}),
            rows=[TreasuryRow.from_list(values) for values in payload.get("rows", [])],
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _day_of(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).strip()
    for day_format in DAY_FORMATS:
        try:
            return datetime.strptime(text, day_format).date()  # noqa: DTZ007 - a calendar day, no time
        except ValueError:
            continue
    return None


def _number_of(value) -> Decimal | None:
    """The number a cell holds: a number, or a text with grouped thousands ("12.500.000" or
    "12,500,000", as the Treasury's sheets write them); None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = _text(value).strip().replace(" ", "").replace("\u00a0", "")
    if GROUPED_THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _find_header(lines) -> tuple[int, dict[str, int]] | None:
    names = _header_names()
    for index, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
        folded = [_folded_header(cell) for cell in line]
        positions = {}
        for name in COLUMNS:
            for position, text in enumerate(folded):
                if text and text in names[name] and position not in positions.values():
                    positions[name] = position
                    break
        if all(name in positions for name in REQUIRED_COLUMNS):
            return index, positions
    return None


def _find_as_of(lines, header_index: int, workbook: TreasuryWorkbook) -> None:
    labels = {fold(alias) for alias in AS_OF_ALIASES} | _in_both_languages(AS_OF_LABEL)
    for index, line in enumerate(lines[:header_index]):
        for position, cell in enumerate(line):
            if _folded_header(cell) in labels:
                value = next((v for v in line[position + 1 :] if v not in (None, "")), None)
                workbook.as_of_cell = (index + 1, column_letter(position + 2))
                workbook.as_of = _day_of(value)
                if workbook.as_of is None:
                    workbook.add(
                        index + 1,
                        column_letter(position + 2),
                        _("%(value)s is not a day: write it as 30/06/2025.") % {"value": _text(value) or "—"},
                    )
                return
    workbook.add(
        1,
        "B",
        _("Give the day the figures are as of: “%(label)s” in column A, the day in column B.")
        % {"label": AS_OF_LABEL},
    )


def _amount(workbook, number: int, column: str, raw, *, required: bool) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            workbook.add(number, column, _("Enter the amount."))
        return None
    value = _number_of(raw)
    if value is None or not value.is_finite():
        workbook.add(number, column, _("%(value)s is not a number.") % {"value": _text(raw)})
        return None
    if value != value.to_integral_value():
        workbook.add(
            number,
            column,
            _("%(value)s is not a whole number of VND: the đồng has no smaller unit.")
            % {"value": _text(raw)},
        )
        return None
    if value < 0:
        workbook.add(
            number, column, _("%(value)s is negative; an amount is never below 0.") % {"value": _text(raw)}
        )
        return None
    try:
        return exact_decimal(value.quantize(Decimal(1)), max_digits=MONEY_DIGITS, decimal_places=0)
    except ValidationError as error:
        for message in error.messages:
            workbook.add(
                number, column, _("%(value)s: %(problem)s") % {"value": _text(raw), "problem": message}
            )
        return None


def _read_sheet(lines, workbook: TreasuryWorkbook) -> bool:
    found = _find_header(lines)
    if found is None:
        return False
    header_index, positions = found
    workbook.columns = {name: column_letter(position + 1) for name, position in positions.items()}
    _find_as_of(lines, header_index, workbook)
    seen: dict[tuple[str, str], int] = {}
    for index, line in enumerate(lines[header_index + 1 :], start=header_index + 2):

        def cell(name, line=line):
            position = positions.get(name)
            return line[position] if position is not None and position < len(line) else None

        def text(name, number=index, cell=cell):
            try:
                return normalise_text(_text(cell(name))).strip()
            except NulCharacterError:
                workbook.add(number, workbook.column(name), _("The text must not contain a NUL character."))
                return ""

        code, name, source_text = text(CODE), text(NAME), text(SOURCE)
        raw_disbursed = cell(DISBURSED)
        if raw_disbursed is None or (isinstance(raw_disbursed, str) and not raw_disbursed.strip()):
            continue  # a row not filled in
        broken = len(workbook.problems)
        if not code:
            workbook.add(index, workbook.column(CODE), _("Enter the project's code."))
        source = source_of(source_text) if source_text else None
        if source is None:
            workbook.add(
                index,
                workbook.column(SOURCE),
                _("%(source)s is not a capital source: write NSTW, ODA, NSĐP or a name of the guide sheet.")
                % {"source": source_text or "—"},
            )
        plan = _amount(workbook, index, workbook.column(PLAN), cell(PLAN), required=False)
        disbursed = _amount(workbook, index, workbook.column(DISBURSED), raw_disbursed, required=True)
        if code and source:
            key = (code.casefold(), source)
            if key in seen:
                workbook.add(
                    index,
                    workbook.column(SOURCE),
                    _("%(code)s, %(source)s is already on row %(row)s.")
                    % {"code": code, "source": CapitalSource(source).label, "row": seen[key]},
                )
            else:
                seen[key] = index
        if len(workbook.problems) == broken:
            workbook.rows.append(
                TreasuryRow(
                    number=index,
                    code=code,
                    name=name,
                    source=source,
                    plan=plan,
                    disbursed=disbursed,
                    explanation=text(EXPLANATION),
                )
            )
    return True


def read_workbook(file, name: str = "") -> TreasuryWorkbook:
    """Read the first sheet that has the columns; a file that is no workbook is refused by its name."""
    workbook = TreasuryWorkbook(name=name or getattr(file, "name", "") or "")
    try:
        file.seek(0)
        book = open_for_reading(file)
        try:
            found = False
            for sheet in book.worksheets:
                lines = [list(line) for line in sheet.iter_rows(values_only=True)]
                if _read_sheet(lines, workbook):
                    found = True
                    break
        finally:
            book.close()
    except NOT_A_WORKBOOK:
        workbook.problems = []
        workbook.add(1, "", not_a_workbook(workbook.name or _("(no name)")))
        return workbook
    if not found:
        workbook.add(
            1,
            "",
            _("No sheet has the columns %(columns)s.")
            % {"columns": ", ".join(str(HEADERS[name]) for name in REQUIRED_COLUMNS)},
        )
    elif not workbook.rows and not workbook.problems:
        workbook.add(1, "", _("The sheet has no figure to import."))
    return workbook


# -- checking it against the books ------------------------------------------------------------------


@dataclass
class Preview:
    """What a checked workbook would import: its rows resolved to projects, grouped by project, with
    every problem (which stops the import) and warning (which does not), by row and column."""

    workbook: TreasuryWorkbook
    plan: object
    problems: list[CellProblem] = field(default_factory=list)
    warnings: list[CellProblem] = field(default_factory=list)

    @property
    def as_of(self) -> date | None:
        return self.workbook.as_of

    @property
    def rows(self) -> list[TreasuryRow]:
        return self.workbook.rows

    @property
    def importable(self) -> bool:
        return not self.problems and bool(self.rows) and self.as_of is not None

    def projects(self) -> list[tuple[InvestmentProject, dict[str, Decimal]]]:
        """(project, {source: disbursed}) in the order of the sheet."""
        grouped: dict[int, tuple] = {}
        for row in self.rows:
            if row.project is None:
                continue
            grouped.setdefault(row.project.pk, (row.project, {}))[1][row.source] = row.disbursed
        return list(grouped.values())

    def sorted_problems(self) -> list[CellProblem]:
        return sorted(self.problems, key=lambda problem: (problem.row, problem.column))


def _resolve_projects(user, plan, workbook: TreasuryWorkbook, preview: Preview) -> None:
    codes = {row.code for row in workbook.rows}
    visible = InvestmentProject.objects.visible_to(user).select_related("jurisdiction")
    found = {project.code.upper(): project for project in visible.filter(code__in=codes)}
    missing = {code.upper() for code in codes} - set(found)
    if missing:
        # Codes are unique whatever their case; a sheet may write "dt-01".
        for project in visible.annotate(code_upper=Upper("code")).filter(code_upper__in=missing):
            found.setdefault(project.code.upper(), project)
    books: dict[int, bool] = {}
    column = workbook.column(CODE)
    for row in workbook.rows:
        project = found.get(row.code.upper())
        if project is None:
            preview.problems.append(
                CellProblem(
                    row.number,
                    column,
                    _("No project you can see has the code %(code)s.") % {"code": row.code},
                )
            )
            continue
        if project.jurisdiction_id not in books:
            books[project.jurisdiction_id] = can_manage_investment(user, project.jurisdiction)
        if not books[project.jurisdiction_id]:
            preview.problems.append(
                CellProblem(
                    row.number,
                    column,
                    _("You do not keep the books of %(project)s: they are %(unit)s's.")
                    % {"project": project.code, "unit": project.jurisdiction},
                )
            )
        elif project.jurisdiction_id != plan.issuer_id:
            preview.problems.append(
                CellProblem(
                    row.number,
                    column,
                    _("%(project)s is not funded by the plans of %(unit)s.")
                    % {"project": project.code, "unit": plan.issuer},
                )
            )
        else:
            row.project = project


def _compare_plans(plan, workbook: TreasuryWorkbook, preview: Preview) -> None:
    """A plan of the year that differs from ours is a warning: the Treasury may not yet hold a change."""
    rows = [row for row in workbook.rows if row.project is not None and row.plan is not None]
    if not rows or workbook.as_of is None:
        return
    ours = (
        PlanEntry.objects.filter(
            decision__plan=plan,
            decision__decided_on__lte=workbook.as_of,
            project__in={row.project.pk for row in rows},
        )
        .values("project_id", "source")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    amounts = {(row["project_id"], row["source"]): Decimal(row["total"] or 0) for row in ours}
    for row in rows:
        our_plan = amounts.get((row.project.pk, row.source), Decimal(0))
        if our_plan != row.plan:
            preview.warnings.append(
                CellProblem(
                    row.number,
                    workbook.column(PLAN),
                    _(
                        "The Treasury's plan is %(theirs)s; ours for %(project)s, %(source)s "
                        "on %(day)s is %(ours)s."
                    )
                    % {
                        "theirs": vnd(row.plan),
                        "ours": vnd(our_plan),
                        "project": row.project.code,
                        "source": CapitalSource(row.source).label,
                        "day": date_format(workbook.as_of, "SHORT_DATE_FORMAT"),
                    },
                )
            )


def check_workbook(user, plan, workbook: TreasuryWorkbook, *, rules: bool = True) -> Preview:
    """Check a read workbook against the books of `plan`: each project must be one the user keeps the
    books of and that the plan funds; then, with `rules`, the import runs as a dry run and what the
    rules refuse is listed at its row."""
    preview = Preview(workbook=workbook, plan=plan, problems=list(workbook.problems))
    if not workbook.rows:
        return preview
    _resolve_projects(user, plan, workbook, preview)
    _compare_plans(plan, workbook, preview)
    if rules and workbook.as_of is not None:
        from .actions.imports import import_treasury_figures

        ready = [row for row in workbook.rows if row.project is not None]
        if ready:
            try:
                import_treasury_figures(
                    acting_user=user,
                    plan=plan,
                    workbook_rows=ready,
                    as_of=workbook.as_of,
                    dry_run=True,
                    columns=workbook.columns,
                )
            except WorkbookProblems as refused:
                preview.problems.extend(refused.problems)
    preview.problems.sort(key=lambda problem: (problem.row, problem.column))
    preview.warnings.sort(key=lambda problem: (problem.row, problem.column))
    return preview


# -- the upload -------------------------------------------------------------------------------------


class TreasuryUploadForm(Form):
    file = forms.FileField(
        label=gettext_lazy("The Treasury's reconciliation (.xlsx)"),
        help_text=gettext_lazy(
            "The day the figures are as of, then a row per project and capital source, as in the template."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        # The type is read from the content (`core.files`), within the size every upload keeps to;
        # then opening the workbook reads only its index. A damaged file or another format is refused
        # here, by its name, whatever it is called.
        try:
            file_type = check_upload(uploaded, field="file", field_label=self.fields["file"].label)
        except ValidationError as error:
            if uploaded.size > settings.RESOLUTE_MAX_UPLOAD_BYTES:
                raise ValidationError(error.messages) from error
            file_type = None
        if file_type is not XLSX:
            raise ValidationError(not_a_workbook(uploaded.name))
        try:
            open_for_reading(uploaded).close()
        except NOT_A_WORKBOOK as error:
            raise ValidationError(not_a_workbook(uploaded.name)) from error
        finally:
            uploaded.seek(0)
        return uploaded
