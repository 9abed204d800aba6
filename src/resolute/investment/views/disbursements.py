"""The investor's monthly disbursement report on a project, and a report's page.

The form shows, beside each source the project has a plan from, the plan of that source and the figure
of the latest report; the action refuses a figure above the plan without an explanation, a figure below
an earlier one, a day in the future or after the plan lapsed (unless capital was carried over), each
message next to what it is about.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.forms import run_action

from .. import actions
from ..choices import CapitalSource
from ..forms import ROWS_ADDED, DisbursementReportForm, rows_posted
from ..models import CapitalPlan, InvestmentProject
from ..permissions import can_report_disbursement
from ..selectors import get_visible_plan, get_visible_project, get_visible_report, project_figures
from .common import adding_rows
from .projects import chosen_plan, plans_of_project


def _plan_for_report(request, project):
    """The plan the report is about: `?plan=` among the plans that fund the project, else the plan of
    this year, else the newest."""
    plans = [
        plan for plan in plans_of_project(request.user, project) if plan.issuer_id == project.jurisdiction_id
    ]
    if request.GET.get("plan") and not any(str(plan.pk) == request.GET["plan"] for plan in plans):
        # A plan the user sees that does not fund the project is a plan of nothing here.
        get_visible_plan(request.user, request.GET["plan"])
    return plans, chosen_plan(request, plans, clock.today())


def planned_and_last(user, project, plan: CapitalPlan) -> tuple[dict, dict, object]:
    """{source: plan today}, {source: the latest report's figure} and the latest report's day."""
    figures = project_figures(
        user, plan=plan, as_of=clock.today(), projects=InvestmentProject.objects.filter(pk=project.pk)
    ).get(project.pk)
    if figures is None:
        return {}, {}, None
    planned = {source: money.plan for source, money in figures.by_source.items() if money.plan}
    last = (
        {source: money.disbursed for source, money in figures.by_source.items()}
        if figures.reported_on
        else {}
    )
    return planned, last, figures.reported_on


@login_required
def report_create(request, pk):
    """The investor's report on the project's disbursement of a plan."""
    user = request.user
    project = get_visible_project(user, pk)
    if not can_report_disbursement(user, project):
        raise PermissionDenied(
            _("Only the investor's reporters or the public-investment desk report this project.")
        )
    plans, plan = _plan_for_report(request, project)
    if plan is None:
        return render(request, "investment/report_form.html", {"project": project, "plan": None, "plans": []})
    planned, last, last_day = planned_and_last(user, project, plan)
    arguments = {"user": user, "project": project, "plan": plan, "planned": planned, "last": last}
    if adding_rows(request):
        form = DisbursementReportForm(
            None,
            initial={key: value for key, value in request.POST.items() if "-" not in key},
            initial_rows={
                "obstacles": rows_posted(
                    request.POST, "obstacles", ("category", "description", "responsible_unit")
                )
            },
            extra_rows=ROWS_ADDED,
            **arguments,
        )
    else:
        form = DisbursementReportForm(request.POST or None, **arguments)
    status = 200
    if request.method == "POST" and not adding_rows(request) and form.is_valid():
        report, status = run_action(
            form,
            lambda: actions.submit_disbursement(
                acting_user=user, project=project, plan=plan, **form.action_fields()
            ),
        )
        if report is not None:
            messages.success(
                request,
                _("The disbursement of %(code)s as of %(day)s was recorded.")
                % {"code": project.code, "day": date_format(report.reported_on, "SHORT_DATE_FORMAT")},
            )
            return redirect("investment:report", report.pk)
    context = {
        "project": project,
        "plan": plan,
        "plans": plans,
        "form": form,
        "last_day": last_day,
        "sources": CapitalSource,
    }
    return render(request, "investment/report_form.html", context, status=status)


@login_required
def report_detail(request, pk):
    """A report: its figures by source beside the plan of its day, the work done, its obstacles."""
    user = request.user
    report = get_visible_report(user, pk)
    figures = {figure.source: figure.disbursed for figure in report.figures.all()}
    planned = {}
    of_day = project_figures(
        user,
        plan=report.plan,
        as_of=report.reported_on,
        projects=InvestmentProject.objects.filter(pk=report.project_id),
    ).get(report.project_id)
    if of_day is not None:
        planned = {source: money.plan for source, money in of_day.by_source.items()}
    rows = [
        {
            "source": source,
            "label": CapitalSource(source).label,
            "plan": planned.get(source),
            "disbursed": figures.get(source),
            "above_plan": figures.get(source) is not None and figures[source] > (planned.get(source) or 0),
        }
        for source in CapitalSource.values
        if source in figures or planned.get(source)
    ]
    context = {
        "report": report,
        "project": report.project,
        "plan": report.plan,
        "rows": rows,
        "obstacles": list(report.obstacles.select_related("responsible_unit")),
        "can_report": can_report_disbursement(user, report.project),
    }
    return render(request, "investment/report.html", context)
