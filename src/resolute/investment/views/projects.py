"""The projects: the list with its filters and its Excel file, a project's page, and the forms that
register and change projects (the jurisdiction's desk and office only).

A project outside the user's scope is a 404; a project they see but may not change is a 403.
Reading a page never writes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from resolute.core import clock
from resolute.core.asof import as_of_from
from resolute.core.forms import run_action
from resolute.core.pagination import page_of

from .. import actions
from ..choices import CapitalSource
from ..filters import ProjectFilter, Show, default_plan
from ..forms import ProjectForm
from ..models import CapitalPlan, InvestmentProject, PlanExtension
from ..permissions import can_manage_any_investment, can_manage_investment, can_report_disbursement
from ..selectors import get_visible_project, project_figures, project_history, reports_of
from .common import (
    PAGE_SIZE,
    Column,
    is_htmx,
    money_format,
    rate_cell,
    wants_xlsx,
    workbook_response,
    xlsx_url,
)

# The filters always in view; the others fold under "More filters".
MAIN_FILTERS = ("plan", "as_of", "area", "investor", "q", "slow")

# -- the list ------------------------------------------------------------------------------------------


def project_columns(request) -> list[Column]:
    """The columns of the project list's Excel file."""

    def obstacles(row) -> str:
        return "; ".join(
            f"{obstacle.get_category_display()} ({obstacle.responsible_unit})" for obstacle in row.obstacles
        )

    return [
        Column(_("Code"), 14, lambda row: row.project.code),
        Column(_("Project"), 50, lambda row: str(row.project.display_name)),
        Column(_("Investor"), 34, lambda row: str(row.investor or "")),
        Column(_("Locality"), 30, lambda row: str(row.locality or "")),
        Column(_("Sector"), 22, lambda row: str(row.project.get_sector_display())),
        Column(_("Group"), 12, lambda row: str(row.project.get_group_display())),
        Column(_("Status"), 18, lambda row: str(row.project.get_status_display())),
        Column(_("Plan (VND)"), 22, lambda row: row.plan, money_format()),
        Column(_("Disbursed (VND)"), 22, lambda row: row.disbursed, money_format()),
        Column(_("Rate"), 10, lambda row: rate_cell(row.rate), "0.0%"),
        Column(pgettext("schedule", "Expected"), 10, lambda row: rate_cell(row.expected_rate), "0.0%"),
        Column(
            _("Behind by (points)"), 12, lambda row: float(row.gap) if row.gap is not None else None, "0.0"
        ),
        Column(_("Latest report"), 14, lambda row: row.reported_on),
        Column(_("Obstacles"), 50, obstacles),
        Column(_("Page"), 40, lambda row: request.build_absolute_uri(row.project.get_absolute_url())),
    ]


def project_rows(request, filterset: ProjectFilter):
    """The page of the list and its rows with their figures, reading the figures of every project only
    when a filter or the order needs them."""
    if filterset.needs_every_figure:
        page = page_of(request, filterset.rows(), PAGE_SIZE)
        return page, list(page.object_list)
    page = page_of(request, filterset.qs.select_related("investor", "locality"), PAGE_SIZE)
    return page, filterset.page_rows(page.object_list)


@login_required
def project_list(request):
    """The projects of a plan the user sees, filtered, as of a day, with plan, disbursed, rate, the
    schedule, the latest report and its obstacles; `?format=xlsx` gives every row kept."""
    filterset = ProjectFilter(request.GET, request=request)
    filterset.is_valid()
    plan = filterset.current_plan
    if wants_xlsx(request):
        about = [
            [_("Plan"), f"{plan.year} · {plan.issuer} · {plan.title}" if plan else "—"],
            [_("As of"), filterset.as_of_day],
            *[[label, value] for label, value in filterset.applied()],
        ]
        return workbook_response(
            request,
            filename=f"projects-{plan.year if plan else ''}-{filterset.as_of_day.isoformat()}.xlsx",
            sheets=[(_("Projects"), project_columns(request), filterset.rows())],
            about=about,
        )
    page, rows = project_rows(request, filterset)
    shown = filterset.cleaned.get("show") or Show.PLANNED
    context = {
        "filter": filterset,
        "plan": plan,
        "as_of": filterset.as_of_day,
        "is_today": filterset.is_today,
        "page_obj": page,
        "rows": rows,
        "is_filtered": any(
            value for key, value in request.GET.items() if key not in ("page", "sort", "as_of", "plan")
        ),
        "shows_planned_only": shown == Show.PLANNED,
        "main_filters": MAIN_FILTERS,
        "more_filters_used": any(
            request.GET.get(name) for name in filterset.form.fields if name not in MAIN_FILTERS
        ),
        "xlsx_url": xlsx_url(request),
        "can_create": can_manage_any_investment(request.user),
    }
    template = "investment/projects.html"
    return render(request, f"{template}#results" if is_htmx(request) else template, context)


# -- a project -----------------------------------------------------------------------------------------


def plans_of_project(user, project) -> list[CapitalPlan]:
    """The plans that fund the project or that it reported on, newest first, among those the user sees."""
    funded = CapitalPlan.objects.visible_to(user).filter(decisions__entries__project=project)
    reported = CapitalPlan.objects.visible_to(user).filter(reports__project=project)
    return list((funded | reported).distinct().select_related("issuer").order_by("-year", "pk"))


def chosen_plan(request, plans: list[CapitalPlan], as_of):
    """The plan `?plan=` names among `plans`, else the one of the day's year, else the newest."""
    wanted = request.GET.get("plan")
    for plan in plans:
        if str(plan.pk) == wanted:
            return plan
    for plan in plans:
        if plan.year == as_of.year:
            return plan
    return plans[0] if plans else None


@login_required
def project_detail(request, pk):
    """A project: what it is, its approved funding, the plan's history (the plan as assigned and each
    adjustment and transfer with its decision), its figures by source as of the day, its reports with
    their obstacles, its extension and its hand-overs."""
    user = request.user
    project = get_visible_project(user, pk)
    as_of = as_of_from(request)
    plans = plans_of_project(user, project)
    plan = chosen_plan(request, plans, as_of)
    figures = None
    reports = []
    history = []
    extension = None
    if plan is not None:
        figures = project_figures(
            user, plan=plan, as_of=as_of, projects=InvestmentProject.objects.filter(pk=project.pk)
        ).get(project.pk)
        reports = reports_of(project, plan)
        history = history_lines(project, plan)
        extension = figures.extension if figures is not None else None
        if extension is None:
            extension = PlanExtension.objects.filter(plan=plan, project=project).first()
    context = {
        "project": project,
        "plans": plans,
        "plan": plan,
        "as_of": as_of,
        "is_today": as_of == clock.today(),
        "figures": figures,
        "by_source": [
            (CapitalSource(source).label, money) for source, money in sorted(figures.by_source.items())
        ]
        if figures is not None
        else [],
        "funding": list(project.funding.all()),
        "history": history,
        "reports": reports,
        "extension": extension,
        "handovers": list(
            project.handovers.select_related("from_unit", "to_unit").order_by("effective_on", "pk")
        ),
        "can_edit": can_manage_investment(user, project.jurisdiction),
        "can_report": plan is not None and can_report_disbursement(user, project),
        "default_plan": default_plan(user, as_of),
    }
    return render(request, "investment/project.html", context)


def history_lines(project, plan) -> list[dict]:
    """The plan's history of the project in `plan`, a line per decision and source: the change it made
    and the plan of that source it left (the first lines are the plan as assigned)."""
    lines = []
    for row in project_history(project):
        if row.plan.pk != plan.pk:
            continue
        for source, amount in sorted(row.changes.items()):
            lines.append(
                {
                    "decided_on": row.decision.decided_on,
                    "number": row.decision.number,
                    "note": row.decision.note,
                    "document": row.decision.document,
                    "kind": row.decision.kind,
                    "kind_label": row.decision.get_kind_display(),
                    "source_label": CapitalSource(source).label,
                    "amount": amount,
                    "plan_after": row.plan_after.get(source),
                    "is_original": row.is_original,
                }
            )
    return lines


# -- registering and changing --------------------------------------------------------------------------


@login_required
def project_create(request):
    if not can_manage_any_investment(request.user):
        raise PermissionDenied(_("Only the public-investment desk or the office registers projects."))
    form = ProjectForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        project, status = run_action(
            form, lambda: actions.register_project(acting_user=request.user, **form.action_fields())
        )
        if project is not None:
            messages.success(request, _("The project %(code)s was registered.") % {"code": project.code})
            return redirect(project)
    return render(request, "investment/project_form.html", {"form": form, "project": None}, status=status)


@login_required
def project_edit(request, pk):
    project = get_visible_project(request.user, pk)
    if not can_manage_investment(request.user, project.jurisdiction):
        raise PermissionDenied(_("Only the public-investment desk or the office changes a project."))
    form = ProjectForm(request.POST or None, user=request.user, project=project)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, status = run_action(
            form,
            lambda: actions.update_project(
                acting_user=request.user,
                project=project,
                version=form.cleaned_data.get("version"),
                **form.action_fields(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The project was saved."))
            return redirect(saved)
    return render(request, "investment/project_form.html", {"form": form, "project": project}, status=status)
