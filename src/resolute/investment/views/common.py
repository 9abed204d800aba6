"""What the public-investment pages share: the plan, area and day a page is read for, the links from
a figure to the projects behind it, the Excel file of a list, and the tables of rows that grow without
a script."""

import tempfile
from dataclasses import dataclass
from datetime import date

from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.xlsx import XLSX_CONTENT_TYPE, ExcelWorkbook
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for

from ..filters import default_plan
from ..forms import PlanViewForm, project_code_choices
from ..models import CapitalPlan
from ..querysets import desk_jurisdiction_ids

PAGE_SIZE = 25
XLSX = "xlsx"


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == XLSX


def xlsx_url(request) -> str:
    """The address of the page's own rows as an Excel file: the same query, every page."""
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = XLSX
    return f"{request.path}?{query.urlencode()}"


def is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False)) and not request.htmx.boosted


# -- the plan, the area and the day --------------------------------------------------------------------


def keeps_books_of(user, unit: OrgUnit) -> bool:
    """Whether the user belongs to the public-investment desk of `unit` (any role)."""
    desks = desk_jurisdiction_ids(user)
    return desks is None or desks.filter(jurisdiction_id=unit.pk).exists()


def default_area(user, plan: CapitalPlan | None) -> OrgUnit | None:
    """The unit whose area a page opens on: the plan's jurisdiction for those who see it whole (its
    office and leaders, its desk), else the top of the user's own units (an investor, a ward). None
    reads every project the user sees."""
    scope = scope_for(user)
    if plan is not None and (scope.covers(plan.issuer) or keeps_books_of(user, plan.issuer)):
        return plan.issuer
    own = sorted(scope.own_coverages, key=lambda coverage: (len(coverage.root_path), coverage.root_path))
    if not own:
        return None
    return OrgUnit.objects.filter(pk=own[0].root_id).first()


@dataclass
class PlanView:
    """What a page of the plan is read for: the plan (None when the user sees none), the unit whose
    area it counts (None: every project the user sees), the day, and the picker that chose them."""

    form: PlanViewForm
    plan: CapitalPlan | None
    unit: OrgUnit | None
    as_of: date

    @property
    def is_today(self) -> bool:
        return self.as_of == clock.today()

    @property
    def sees_part_only(self) -> bool:
        """Whether the figures count only part of the area: the user neither covers it nor keeps the
        books of the plan's jurisdiction (whose desk sees every project it funds)."""
        if self.unit is None or scope_for(self.form.user).covers(self.unit):
            return False
        return self.plan is None or not keeps_books_of(self.form.user, self.plan.issuer)

    def query(self, **extra) -> dict:
        query = {"as_of": self.as_of.isoformat()}
        if self.plan is not None:
            query["plan"] = str(self.plan.pk)
        if self.unit is not None:
            query["unit"] = str(self.unit.pk)
        return {**query, **{key: value for key, value in extra.items() if value not in (None, "")}}

    def projects_url(self, **filters) -> str:
        """The project list holding exactly the projects behind a figure of this page."""
        query = self.query()
        unit = query.pop("unit", None)
        if unit is not None:
            query["area"] = unit
        return projects_url(**{**query, **filters})

    def url(self, name: str, **extra) -> str:
        return f"{reverse(name)}?{urlencode(self.query(**extra))}"


def projects_url(**filters) -> str:
    query = {key: str(value) for key, value in filters.items() if value not in (None, "", False)}
    return f"{reverse('investment:projects')}?{urlencode(query)}" if query else reverse("investment:projects")


def plan_view(request) -> PlanView:
    """The plan, the area and the day the query string asks for; a choice the user may not make is
    shown next to its field and the default read instead."""
    user = request.user
    data = request.GET.copy()
    if not data.get("as_of"):
        data["as_of"] = clock.today().isoformat()
    form = PlanViewForm(data, user=user)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    as_of = cleaned.get("as_of") or clock.today()
    plan = cleaned.get("plan") or default_plan(user, as_of)
    if "unit" in request.GET:
        unit = cleaned.get("unit")
    else:
        unit = default_area(user, plan)
        # The picker shows what is read.
        form.data["unit"] = str(unit.pk) if unit is not None else ""
    if plan is not None and not cleaned.get("plan"):
        form.data["plan"] = str(plan.pk)
    return PlanView(form=form, plan=plan, unit=unit, as_of=as_of)


def last_year_day(day: date) -> date:
    """The same day a year before (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


# -- Excel -------------------------------------------------------------------------------------------------


@dataclass
class Column:
    """A column of an Excel sheet: its header, width, how a row gives its value, and its number format."""

    header: str
    width: int
    value: object
    number_format: str | None = None


def money_format() -> str:
    return "#,##0"


def rate_cell(rate):
    """A rate in points (58.3) as Excel's share (0.583), shown as a percentage."""
    return None if rate is None else float(rate) / 100


def write_sheet(workbook: ExcelWorkbook, title: str, columns: list[Column], rows) -> int:
    sheet = workbook.sheet(title)
    sheet.widths(*[column.width for column in columns])
    sheet.append([column.header for column in columns], bold=True)
    formats = {index: column.number_format for index, column in enumerate(columns) if column.number_format}
    count = 0
    for row in rows:
        sheet.append([column.value(row) for column in columns], number_formats=formats)
        count += 1
    return count


def workbook_response(request, *, filename: str, sheets: list[tuple[str, list[Column], list]], about: list):
    """A workbook of `sheets` ([(title, columns, rows)]) and an About sheet saying what it holds."""
    workbook = ExcelWorkbook()
    counts = [write_sheet(workbook, title, columns, rows) for title, columns, rows in sheets]
    sheet = workbook.sheet(_("About"))
    sheet.widths(34, 70)
    for line in about:
        sheet.append(list(line))
    if len(sheets) == 1:
        sheet.append([_("Rows"), counts[0]])
    sheet.append([_("Exported on"), timezone.localtime().replace(tzinfo=None, microsecond=0)])
    sheet.append([_("Exported by"), str(request.user)])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes (and deletes) it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def about_view(view: PlanView) -> list:
    """The About sheet's lines of a page read for a plan, an area and a day."""
    lines = [[_("As of"), view.as_of]]
    if view.plan is not None:
        lines.insert(0, [_("Plan"), f"{view.plan.year} · {view.plan.issuer} · {view.plan.title}"])
    lines.append(
        [_("In the area of"), str(view.unit) if view.unit is not None else _("Every project you see")]
    )
    return lines


# -- tables of rows ----------------------------------------------------------------------------------------

ADD_ROWS = "add_rows"


def adding_rows(request) -> bool:
    """Whether the post asks for more empty rows (**Add rows**) rather than to save."""
    return request.method == "POST" and ADD_ROWS in request.POST


def codes_context(projects) -> dict:
    """The list of project codes a table of rows offers as one types."""
    return {"project_codes": project_code_choices(projects)}


__all__ = [
    "ADD_ROWS",
    "PAGE_SIZE",
    "Column",
    "PlanView",
    "about_view",
    "adding_rows",
    "codes_context",
    "default_area",
    "is_htmx",
    "last_year_day",
    "money_format",
    "plan_view",
    "projects_url",
    "rate_cell",
    "wants_xlsx",
    "workbook_response",
    "xlsx_url",
]
