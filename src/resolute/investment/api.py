"""The public-investment API, mounted at /api/v1/investment: projects with their figures, the annual capital
plans and their decisions, disbursement reports (an investor's own system posts its monthly figures
here), extensions, the disbursement rates by any dimension, the lapse of a plan, and the State
Treasury's reconciliation spreadsheet.

Reads start from what the user sees (`visible_to`, the `selectors`): a record outside it is a 404.
Writes go through the same actions as the pages, which check who may (403) and the law's rules (422
naming the field); a change to a project needs the version it read (428 without, 409 when stale).
Figures are "as of" a day (`as_of`, default today) in the plan of a year (`year`, default the plan of
that day's year the user sees).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from resolute.core.asof import day_or_today
from resolute.core.concurrency import entity_tag, required_version
from resolute.core.forms import errors_renamed, form_errors
from resolute.core.pagination import PageNumberPagination
from resolute.core.schemas import Id
from resolute.directives.models import Document
from resolute.orgunits.models import OrgUnit

from . import actions, selectors
from .choices import CapitalSource, ReportSource
from .filters import ProjectFilter, area_units
from .forms import managed_jurisdictions, responsible_units, units_under
from .imports import TreasuryUploadForm, WorkbookProblems, check_workbook, read_workbook
from .models import (
    CapitalPlan,
    DisbursementReport,
    InvestmentProject,
    PlanDecision,
    PlanEntry,
    PlanExtension,
    ProjectObstacle,
)
from .permissions import can_manage_investment
from .schemas import (
    DecisionOut,
    DisbursementRatesOut,
    DisbursementRatesQuery,
    DisbursementReportCreate,
    DisbursementReportOut,
    ExtensionCreate,
    ExtensionDecisionIn,
    ExtensionListQuery,
    LapseOut,
    LapseQuery,
    PlanAdjustmentCreate,
    PlanCreate,
    PlanDetail,
    PlanExtensionOut,
    PlanListQuery,
    PlanOut,
    ProjectCreate,
    ProjectDetail,
    ProjectDetailQuery,
    ProjectListItem,
    ProjectListQuery,
    ProjectPatch,
    ReportListQuery,
    TransferCreate,
    TreasuryImportOut,
    TreasuryImportQuery,
)

router = Router(tags=["investment"])

# The actions name related records by the model's field; the API by id.
API_FIELD_NAMES = {
    "jurisdiction": "jurisdiction_id",
    "investor": "investor_id",
    "locality": "locality_id",
    "issuer": "issuer_id",
    "project": "project_id",
    "from_project": "from_project_id",
    "to_project": "to_project_id",
    "document": "document_id",
    "plan": "plan_id",
}
SOURCE_ORDER = list(CapitalSource.values)


def errors_named_as_in_the_api():
    return errors_renamed(API_FIELD_NAMES)


def form_data(values: dict) -> dict:
    data = {}
    for name, value in values.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "value"):
            value = value.value
        data[name] = value
    return data


class RelatedRecords:
    """Turns the ids of a payload into records the user may name, gathering every unknown id into one
    ValidationError keyed by the payload's field names."""

    def __init__(self, user):
        self.user = user
        self.errors: dict[str, list[str]] = {}

    def one(self, queryset, pk, field: str, message: str):
        if pk is None:
            return None
        found = queryset.filter(pk=pk).first()
        if found is None:
            self.errors.setdefault(field, []).append(message % {"id": pk})
        return found

    def unit(self, pk, field: str, jurisdiction=None):
        """A unit the user sees or, within a jurisdiction whose books they keep, any unit of it (the
        desk of a province names its districts and communes)."""
        return self.one(
            nameable_units(self.user, jurisdiction), pk, field, _("No unit you can name has the id %(id)s.")
        )

    def project(self, pk, field: str):
        return self.one(
            InvestmentProject.objects.visible_to(self.user),
            pk,
            field,
            _("No project you can see has the id %(id)s."),
        )

    def projects(self, pks, field_of) -> dict:
        """{id: project} of the ids the user sees; an unknown one is an error at `field_of(index)`."""
        found = InvestmentProject.objects.visible_to(self.user).in_bulk(set(pks))
        for index, pk in enumerate(pks):
            if pk not in found:
                self.errors.setdefault(field_of(index), []).append(
                    _("No project you can see has the id %(id)s.") % {"id": pk}
                )
        return found

    def document(self, pk, field: str):
        return self.one(
            Document.objects.visible_to(self.user), pk, field, _("No document you can see has the id %(id)s.")
        )

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def nameable_units(user, jurisdiction=None):
    """The units a request may name as an investor or a locality: those the user sees and, for the
    keepers of a jurisdiction's books, the open units of its area (of `jurisdiction`'s, when given), as
    the project form offers them."""
    books = managed_jurisdictions(user)
    if jurisdiction is not None:
        books = books.filter(pk=jurisdiction.pk)
    return OrgUnit.objects.filter(
        Q(pk__in=OrgUnit.objects.visible_to(user).values("pk")) | Q(pk__in=units_under(books).values("pk"))
    )


def area_unit(user, pk):
    """A unit whose area the user may ask about (see `filters.area_units`), else 404."""
    if pk is None:
        return None
    unit = area_units(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def the_plan(user, year: int | None, as_of: date, jurisdiction=None) -> CapitalPlan | None:
    """The plan of `year` the user sees (default: of `as_of`'s year, else their newest one)."""
    if year is not None:
        return selectors.plan_for(user, year, jurisdiction)
    plan = selectors.plan_for(user, as_of.year, jurisdiction)
    if plan is None:
        plans = CapitalPlan.objects.visible_to(user)
        if jurisdiction is not None:
            plans = plans.filter(issuer=jurisdiction)
        plan = plans.order_by("-year").first()
    return plan


def required_plan(user, year: int | None, as_of: date) -> CapitalPlan:
    plan = the_plan(user, year, as_of)
    if plan is None:
        raise Http404
    return plan


# -- figures ----------------------------------------------------------------------------------------


def money_out(money) -> dict:
    return {
        "plan": money.plan,
        "disbursed": money.disbursed,
        "rate": money.rate,
        "remaining": money.remaining,
    }


def figures_out(figures, plan: CapitalPlan, as_of: date) -> dict | None:
    if figures is None:
        return None
    return {
        "plan_id": plan.pk,
        "year": plan.year,
        "as_of": as_of,
        "total": money_out(figures.total),
        "by_source": [
            {"source": source, "source_label": str(CapitalSource(source).label), **money_out(money)}
            for source, money in sorted(
                figures.by_source.items(), key=lambda item: SOURCE_ORDER.index(item[0])
            )
        ],
        "original_plan": figures.original_plan,
        "reported_on": figures.reported_on,
        "work_done_percent": figures.work_done_percent,
        "expected_rate": figures.expected_rate,
        "gap": figures.gap,
        "obstacles": list(figures.obstacles),
        "extension": figures.extension,
    }


def project_figures(user, project, plan, as_of):
    if plan is None:
        return None
    figures = selectors.project_figures(
        user, plan=plan, as_of=as_of, projects=InvestmentProject.objects.filter(pk=project.pk)
    )
    return figures_out(figures.get(project.pk), plan, as_of)


# -- projects ---------------------------------------------------------------------------------------


class ProjectRows:
    """The projects a filter keeps, as the paginator reads them: counted in SQL, and figured a page at
    a time (or all at once, when keeping or ordering them needs every project's figures)."""

    def __init__(self, filterset: ProjectFilter):
        self.filterset = filterset
        self.rows = filterset.rows() if filterset.needs_every_figure else None
        self.projects = filterset.qs

    def all(self):
        return self

    def count(self) -> int:
        return len(self.rows) if self.rows is not None else self.projects.count()

    def __getitem__(self, window: slice) -> list[InvestmentProject]:
        rows = self.rows[window] if self.rows is not None else self.filterset.page_rows(self.projects[window])
        plan, day = self.filterset.current_plan, self.filterset.as_of_day
        projects = []
        for row in rows:
            project = row.project
            project.investor_on = row.investor or project.investor
            project.locality_on = row.locality or project.locality
            project.figures_shown = figures_out(row.figures, plan, day) if plan is not None else None
            projects.append(project)
        return projects


@router.get(
    "/projects",
    response=list[ProjectListItem],
    summary="List the projects you can see, with their figures in a plan as of a day",
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_projects(request, filters: Query[ProjectListQuery]):
    """The filters of the projects page. By default the projects with a plan in the plan of today's year,
    by code; `show=all` lists every project. `slow`, `at_risk`, `source`, `obstacle`, `responsible`,
    `extension` and the sorts by figures read every project's figures of the day."""
    projects = InvestmentProject.objects.visible_to(request.user).select_related(
        "jurisdiction", "investor", "locality"
    )
    filterset = ProjectFilter(form_data(filters.dict(exclude_none=True)), projects, request=request)
    if not filterset.is_valid():
        raise form_errors(filterset.form)
    return ProjectRows(filterset)


def project_detail(
    user, pk: int, query: ProjectDetailQuery | None = None, response: HttpResponse | None = None
) -> InvestmentProject:
    """The project with its approved funding and its figures in the plan of the year asked for (default:
    of the day's year) as of the day."""
    project = selectors.get_visible_project(user, pk)
    project.funding_shown = list(project.funding.all())
    as_of = day_or_today(query.as_of if query else None)
    plan = the_plan(user, query.year if query else None, as_of, project.jurisdiction)
    project.figures_shown = project_figures(user, project, plan, as_of)
    if response is not None:
        response["ETag"] = entity_tag(project.version)
    return project


@router.get(
    "/projects/{int:project_id}",
    response=ProjectDetail,
    summary="Read a project: its approved funding and its figures in a plan as of a day",
)
def read_project(request, project_id: Id, query: Query[ProjectDetailQuery], response: HttpResponse):
    return project_detail(request.user, project_id, query, response)


@router.post(
    "/projects", response={201: ProjectDetail}, summary="Register a project (the desk or the office)"
)
def create_project(request, payload: ProjectCreate, response: HttpResponse):
    related = RelatedRecords(request.user)
    jurisdiction = related.unit(payload.jurisdiction_id, "jurisdiction_id")
    investor = related.unit(payload.investor_id, "investor_id", jurisdiction)
    locality = related.unit(payload.locality_id, "locality_id", jurisdiction)
    related.check()
    fields = payload.dict(exclude={"jurisdiction_id", "investor_id", "locality_id", "funding"})
    with errors_named_as_in_the_api():
        project = actions.register_project(
            acting_user=request.user,
            jurisdiction=jurisdiction,
            investor=investor,
            locality=locality,
            funding=dict(payload.funding),
            **fields,
        )
    return Status(201, project_detail(request.user, project.pk, response=response))


@router.patch("/projects/{int:project_id}", response=ProjectDetail, summary="Change a project")
def update_project(request, project_id: Id, payload: ProjectPatch, response: HttpResponse):
    """Change some of a project's fields; `funding`, when sent, replaces the approved funding. Send the
    `version` you read (or its ETag in If-Match): without it nothing is written (428); if someone saved
    the project since, 409."""
    project = selectors.get_visible_project(request.user, project_id)
    values = payload.dict(exclude_unset=True)
    version = required_version(values.pop("version", None), request.headers.get("If-Match"))
    funding = values.pop("funding", None)
    related = RelatedRecords(request.user)
    changes = {}
    for name, value in values.items():
        if name in ("investor_id", "locality_id"):
            if value is None:
                related.errors[name] = [_("A project has an investor and a locality.")]
            changes[name.removesuffix("_id")] = related.unit(value, name, project.jurisdiction)
        elif value is None and name in ("start_year", "end_year"):
            related.errors.setdefault(name, []).append(_("This field cannot be empty."))
        elif value is None:
            # Text and choices: an empty value is checked by the action like any other.
            changes[name] = ""
        else:
            changes[name] = value
    related.check()
    with errors_named_as_in_the_api():
        actions.update_project(
            acting_user=request.user,
            project=project,
            version=version,
            funding=None if funding is None else dict(funding),
            **changes,
        )
    return project_detail(request.user, project.pk, response=response)


# -- plans ------------------------------------------------------------------------------------------


@router.get("/plans", response=list[PlanOut], summary="List the capital plans you can see, newest first")
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_plans(request, filters: Query[PlanListQuery]):
    plans = CapitalPlan.objects.visible_to(request.user).select_related("issuer")
    if filters.year is not None:
        plans = plans.filter(year=filters.year)
    if filters.issuer is not None:
        plans = plans.filter(issuer_id=filters.issuer)
    return plans.order_by("-year", "issuer__path", "pk")


def plan_detail(user, pk: int, response: HttpResponse | None = None) -> CapitalPlan:
    """The plan with its milestones and its decisions, each with the entries of the projects the user
    sees (a district reads the province's plan, not its siblings' lines), in a fixed number of queries."""
    plan = selectors.get_visible_plan(user, pk)
    entries = (
        PlanEntry.objects.filter(project__in=InvestmentProject.objects.visible_to(user))
        .select_related("project")
        .order_by("project__code", "source")
    )
    plan.decisions_shown = list(
        plan.decisions.order_by("decided_on", "pk").prefetch_related(
            Prefetch("entries", entries, to_attr="visible_entries")
        )
    )
    plan.milestones_shown = list(plan.milestones.order_by("day"))
    if response is not None:
        response["ETag"] = entity_tag(plan.version)
    return plan


@router.get(
    "/plans/{int:plan_id}",
    response=PlanDetail,
    summary="Read a plan: its milestones, the decision that assigned it and every change since",
)
def read_plan(request, plan_id: Id, response: HttpResponse):
    return plan_detail(request.user, plan_id, response)


def entries_of(related: RelatedRecords, rows, field: str) -> list[tuple]:
    projects = related.projects(
        [row.project_id for row in rows], lambda index: f"{field}[{index}].project_id"
    )
    return [
        (projects[row.project_id], row.source.value, row.amount) for row in rows if row.project_id in projects
    ]


@router.post(
    "/plans", response={201: PlanDetail}, summary="Assign a year's capital plan (the desk or the office)"
)
def create_plan(request, payload: PlanCreate, response: HttpResponse):
    related = RelatedRecords(request.user)
    issuer = related.unit(payload.issuer_id, "issuer_id")
    entries = entries_of(related, payload.entries, "entries")
    document = related.document(payload.document_id, "document_id")
    related.check()
    with errors_named_as_in_the_api():
        plan = actions.create_plan(
            acting_user=request.user,
            issuer=issuer,
            year=payload.year,
            title=payload.title,
            number=payload.number,
            decided_on=payload.decided_on,
            entries=entries,
            document=document,
            milestones=[(row.day, row.rate, row.label) for row in payload.milestones],
        )
    return Status(201, plan_detail(request.user, plan.pk, response))


def decision_out(user, decision: PlanDecision) -> PlanDecision:
    entries = PlanEntry.objects.filter(
        decision=decision, project__in=InvestmentProject.objects.visible_to(user)
    ).select_related("project")
    decision.visible_entries = list(entries.order_by("project__code", "source"))
    return decision


@router.post(
    "/plans/{int:plan_id}/adjustments",
    response={201: DecisionOut},
    summary="Adjust a plan by decision: signed changes to projects' plans",
)
def adjust_plan(request, plan_id: Id, payload: PlanAdjustmentCreate):
    plan = selectors.get_visible_plan(request.user, plan_id)
    related = RelatedRecords(request.user)
    changes = entries_of(related, payload.changes, "changes")
    document = related.document(payload.document_id, "document_id")
    related.check()
    with errors_named_as_in_the_api():
        decision = actions.adjust_plan(
            acting_user=request.user,
            plan=plan,
            number=payload.number,
            decided_on=payload.decided_on,
            changes=changes,
            note=payload.note,
            document=document,
        )
    return Status(201, decision_out(request.user, decision))


@router.post(
    "/plans/{int:plan_id}/transfers",
    response={201: DecisionOut},
    summary="Transfer capital of a plan from one project to another, by decision",
)
def transfer_capital(request, plan_id: Id, payload: TransferCreate):
    plan = selectors.get_visible_plan(request.user, plan_id)
    related = RelatedRecords(request.user)
    from_project = related.project(payload.from_project_id, "from_project_id")
    to_project = related.project(payload.to_project_id, "to_project_id")
    document = related.document(payload.document_id, "document_id")
    related.check()
    with errors_named_as_in_the_api():
        decision = actions.transfer_capital(
            acting_user=request.user,
            plan=plan,
            number=payload.number,
            decided_on=payload.decided_on,
            from_project=from_project,
            to_project=to_project,
            source=payload.source.value,
            amount=payload.amount,
            note=payload.note,
            document=document,
        )
    return Status(201, decision_out(request.user, decision))


# -- disbursement reports ---------------------------------------------------------------------------


def reports_queryset(user):
    return (
        DisbursementReport.objects.visible_to(user)
        .select_related("project", "plan", "investor", "submitted_by")
        .prefetch_related(
            "figures",
            Prefetch("obstacles", ProjectObstacle.objects.select_related("responsible_unit")),
        )
    )


@router.get(
    "/projects/{int:project_id}/reports",
    response=list[DisbursementReportOut],
    summary="List a project's disbursement reports, the latest first",
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_reports(request, project_id: Id, filters: Query[ReportListQuery]):
    project = selectors.get_visible_project(request.user, project_id)
    reports = reports_queryset(request.user).filter(project=project)
    if filters.plan is not None:
        reports = reports.filter(plan_id=filters.plan)
    if filters.year is not None:
        reports = reports.filter(plan__year=filters.year)
    return reports.order_by("-reported_on", "-pk")


@router.post(
    "/projects/{int:project_id}/reports",
    response={201: DisbursementReportOut},
    summary="Report a project's disbursement to a day (its investor's reporters, or the desk)",
)
def submit_report(request, project_id: Id, payload: DisbursementReportCreate):
    """What an investor's own system posts each month: the cumulative disbursement by capital source to
    `reported_on`, the work done and what holds the project back. The rules are those of the page: a
    figure may not fall below an earlier report's, one above the plan needs `over_plan_explanation`, and
    after the plan lapsed on 31 January only capital carried over may still be reported."""
    user = request.user
    project = selectors.get_visible_project(user, project_id)
    related = RelatedRecords(user)
    if payload.plan_id is not None:
        plan = related.one(
            CapitalPlan.objects.visible_to(user),
            payload.plan_id,
            "plan_id",
            _("No plan you can see has the id %(id)s."),
        )
    elif payload.year is not None:
        plan = selectors.plan_for(user, payload.year, project.jurisdiction)
        if plan is None:
            related.errors["year"] = [
                _("%(unit)s has no capital plan of %(year)s that you can see.")
                % {"unit": project.jurisdiction, "year": payload.year}
            ]
    else:
        plan = None
        related.errors["plan_id"] = [_("Name the plan the figures are of: its id, or its year.")]
    obstacles = []
    units = responsible_units(user, project)
    for index, obstacle in enumerate(payload.obstacles):
        unit = related.one(
            units,
            obstacle.responsible_unit_id,
            f"obstacles[{index}].responsible_unit_id",
            _("No unit you can name has the id %(id)s."),
        )
        obstacles.append(
            {
                "category": obstacle.category,
                "description": obstacle.description,
                "responsible_unit": unit,
            }
        )
    related.check()
    with errors_named_as_in_the_api():
        report = actions.submit_disbursement(
            acting_user=user,
            project=project,
            plan=plan,
            reported_on=payload.reported_on,
            figures={source.value: amount for source, amount in payload.figures.items()},
            obstacles=obstacles,
            work_done_percent=payload.work_done_percent,
            work_done=payload.work_done,
            note=payload.note,
            over_plan_explanation=payload.over_plan_explanation,
            source=ReportSource.API,
        )
    return Status(201, reports_queryset(user).get(pk=report.pk))


# -- extensions -------------------------------------------------------------------------------------


def extensions_queryset(user):
    return PlanExtension.objects.visible_to(user).select_related("plan", "project")


@router.get(
    "/extensions", response=list[PlanExtensionOut], summary="List the extensions of plans you can see"
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_extensions(request, filters: Query[ExtensionListQuery]):
    extensions = extensions_queryset(request.user)
    if filters.plan is not None:
        extensions = extensions.filter(plan_id=filters.plan)
    if filters.year is not None:
        extensions = extensions.filter(plan__year=filters.year)
    if filters.project is not None:
        extensions = extensions.filter(project_id=filters.project)
    if filters.status is not None:
        extensions = extensions.filter(status=filters.status)
    return extensions.order_by("-plan__year", "project__code", "pk")


@router.post(
    "/plans/{int:plan_id}/extensions",
    response={201: PlanExtensionOut},
    summary="Propose to extend a project's capital of a plan past 31 January (the desk or the office)",
)
def propose_extension(request, plan_id: Id, payload: ExtensionCreate):
    plan = selectors.get_visible_plan(request.user, plan_id)
    related = RelatedRecords(request.user)
    project = related.project(payload.project_id, "project_id")
    related.check()
    with errors_named_as_in_the_api():
        extension = actions.propose_extension(
            acting_user=request.user,
            plan=plan,
            project=project,
            amount=payload.amount,
            reason=payload.reason.value,
            explanation=payload.explanation,
        )
    return Status(201, extensions_queryset(request.user).get(pk=extension.pk))


@router.post(
    "/extensions/{int:extension_id}/decision",
    response=PlanExtensionOut,
    summary="Record the competent authority's decision on an extension",
)
def decide_extension(request, extension_id: Id, payload: ExtensionDecisionIn):
    extension = selectors.get_visible_extension(request.user, extension_id)
    with errors_named_as_in_the_api():
        actions.decide_extension(
            acting_user=request.user,
            extension=extension,
            approved=payload.approved,
            decision_number=payload.decision_number,
            decided_on=payload.decided_on,
            decided_by=payload.decided_by,
            approved_amount=payload.approved_amount,
            extended_until=payload.extended_until,
        )
    return extensions_queryset(request.user).get(pk=extension.pk)


# -- rates and the lapse ----------------------------------------------------------------------------


@router.get(
    "/rates",
    response=DisbursementRatesOut,
    summary="A plan's disbursement rates on a day, by source, investor, locality, project, sector or group",
)
def read_rates(request, query: Query[DisbursementRatesQuery]):
    """Each row is Σ disbursed ÷ Σ plan of the projects it counts (weighted by plan, never an average of
    rates); only projects with a plan in the year count. Investors and localities are those of the day."""
    user = request.user
    as_of = day_or_today(query.as_of)
    plan = required_plan(user, query.year, as_of)
    unit = area_unit(user, query.unit)
    rows = selectors.disbursement_by(user, plan=plan, as_of=as_of, by=query.by, unit=unit)
    total = selectors.province_total(user, plan=plan, as_of=as_of, unit=unit)
    return {
        "plan": plan,
        "as_of": as_of,
        "by": query.by,
        "unit": unit,
        "rows": [
            {
                "key": str(row.key),
                "label": str(row.label),
                "url": row.url or "",
                "count": row.count,
                **money_out(row.money),
            }
            for row in rows
        ],
        "total": money_out(total),
    }


@router.get(
    "/lapse",
    response=LapseOut,
    summary="What of a plan lapsed on 1 February of the next year, and what was carried over",
)
def read_lapse(request, query: Query[LapseQuery]):
    """Public Investment Law 2024, Art. 72: the balance on 31 January, what approved extensions and capital
    added after 30 September carry to the next year, and what lapsed; by project."""
    user = request.user
    as_of = day_or_today(query.as_of)
    plan = required_plan(user, query.year, as_of)
    unit = area_unit(user, query.unit)
    summary = selectors.lapse_summary(user, plan=plan, as_of=as_of, unit=unit)
    return {
        "plan": plan,
        "as_of": as_of,
        "unit": unit,
        "lapses_on": plan.lapses_on,
        "balance": summary.balance,
        "extended": summary.extended,
        "late_capital": summary.late_capital,
        "lapsed": summary.lapsed,
        "lapsed_after_carry": summary.lapsed_after_carry,
        "has_lapsed": summary.has_lapsed,
        "projects_extended": summary.projects_extended,
        "rows": [lapse_row_out(row) for row in summary.rows],
    }


def lapse_row_out(row) -> dict:
    return {
        "project": row.project,
        "plan": row.money.plan,
        "disbursed": row.money.disbursed,
        "balance": row.balance,
        "late_capital": row.late_capital,
        "extended": row.extended,
        "carried_until": row.carried_until,
        "lapsed_on_deadline": row.lapsed_on_deadline,
        "lapsed_after_carry": row.lapsed_after_carry,
        "lapsed": row.lapsed,
    }


# -- the State Treasury's reconciliation ------------------------------------------------------------


@router.post(
    "/plans/{int:plan_id}/treasury-import",
    response={200: TreasuryImportOut, 201: TreasuryImportOut},
    summary="Import the State Treasury's monthly reconciliation of a plan (.xlsx)",
)
def treasury_import(request, plan_id: Id, query: Query[TreasuryImportQuery], file: File[UploadedFile]):
    """The filled-in template of the plan's import page: the day the figures are as of, then a row per
    project and capital source. One report per project, received from the State Treasury, all of them or
    none: a file with any problem writes nothing and answers 422 with every problem by row and column
    (`errors.file`). With `dry_run=true` the file is checked and nothing is written (200). Only the desk
    or the office of the plan's jurisdiction imports."""
    user = request.user
    plan = selectors.get_visible_plan(user, plan_id)
    if not can_manage_investment(user, plan.issuer):
        raise PermissionDenied(
            _("Only the public-investment desk or the office may import the Treasury's figures.")
        )
    form = TreasuryUploadForm(files={"file": file})
    if not form.is_valid():
        raise form_errors(form)
    workbook = read_workbook(form.cleaned_data["file"], file.name)
    preview = check_workbook(user, plan, workbook)
    if not preview.importable:
        raise WorkbookProblems(preview.problems or workbook.problems)
    if not query.dry_run:
        actions.import_treasury_figures(
            acting_user=user,
            plan=plan,
            workbook_rows=preview.rows,
            as_of=preview.as_of,
            columns=workbook.columns,
        )
    body = {
        "plan_id": plan.pk,
        "as_of": preview.as_of,
        "dry_run": query.dry_run,
        "imported": not query.dry_run,
        "projects": [
            {"project": project, "figures": {source: amount for source, amount in figures.items()}}
            for project, figures in preview.projects()
        ],
        "warnings": [warning.as_dict() for warning in preview.warnings],
    }
    return Status(200 if query.dry_run else 201, body)
