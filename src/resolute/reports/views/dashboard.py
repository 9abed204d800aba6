"""The leadership dashboard, the unit scorecards and the list of tasks an obstacle blocks.

Views read the unit and the day from the query string, check that the user may see the unit (404
otherwise), and draw the page's frame: the unit and day pickers, the panels the domains contribute
(`contributed(DashboardPanel)`, each given the page's `DashboardView`) and the recent activity read
from the change log. `dashboard_context` and `scorecard_context` hold all the work of the two pages,
so the benchmark and the exports call exactly what the pages show.
"""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.core import clock
from resolute.core.asof import as_of_from
from resolute.core.contributions import DashboardView
from resolute.core.forms import Form
from resolute.core.replica import reads_from_replica
from resolute.directives.models import Document
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit, UnitSuccession
from resolute.orgunits.scope import ADMINISTRATIVE_LEVELS, scope_for
from resolute.orgunits.selectors import get_visible_unit
from resolute.tasks.models import ObstacleCategory
from resolute.tasks.selectors import blocked_tasks, scoped_tasks
from resolute.tasks.status import TaskStatus

from ..exports import dashboard_workbook_response, scorecard_workbook_response
from ..selectors import recent_activity

# How many changes the recent activity shows; the workbook has as many.
ACTIVITY_SHOWN = 10


def widest_unit(user) -> OrgUnit | None:
    """The top of the widest subtree the user covers (the root for a superuser)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    roots = sorted(scope.own_coverages, key=lambda coverage: (len(coverage.root_path), coverage.root_path))
    return OrgUnit.objects.filter(pk=roots[0].root_id).first() if roots else None


def sees_the_dashboard_first(user) -> bool:
    """Leaders and offices land on the dashboard: users with an office's powers anywhere, and
    viewers of a whole province, district or commune."""
    scope = scope_for(user)
    if scope.has_power_anywhere(Role.OFFICE):
        return True
    return user.memberships.filter(role=Role.VIEWER, unit__kind__in=ADMINISTRATIVE_LEVELS).exists()


def unit_choices(user, unit: OrgUnit) -> list[OrgUnit]:
    """The units the picker offers: the tops of the user's subtrees, the units between them and
    `unit`, `unit` itself and the units right below it. One query, whatever the size of the tree."""
    scope = scope_for(user)
    ids = {coverage.root_id for coverage in scope.coverages} | set(unit.ancestor_ids) | {unit.pk}
    choices = OrgUnit.objects.filter(pk__in=ids) | OrgUnit.objects.filter(parent=unit)
    choices = [choice for choice in choices.order_by("path") if scope.covers(choice)]
    top = min((choice.depth for choice in choices), default=0)
    for choice in choices:
        # A select cannot nest options; spaces show the tree.
        choice.indent = "\u00a0\u00a0" * (choice.depth - top)
    return choices


def visible_document(user, document_id) -> Document | None:
    if not document_id:
        return None
    try:
        return Document.objects.visible_to(user).get(pk=int(document_id))
    except (Document.DoesNotExist, TypeError, ValueError) as error:
        raise Http404(_("No such document.")) from error


class ObstacleListForm(Form):
    category = forms.ChoiceField(
        label=gettext_lazy("Obstacle"), choices=ObstacleCategory.choices, required=False
    )


@login_required
@reads_from_replica
def obstacle_tasks(request):
    """The tasks an obstacle blocks on a day, within a unit's subtree (or the unit alone) and a
    document: the list behind the dashboard's obstacle counts. Without a category, the tasks every
    category blocks; an unknown category is not found."""
    form = ObstacleListForm(request.GET)
    if not form.is_valid():
        raise Http404(_("No such obstacle category."))
    category = form.cleaned_data["category"] or None
    as_of = as_of_from(request)
    unit = (
        get_visible_unit(request.user, request.GET["unit"], covered=True) if request.GET.get("unit") else None
    )
    document = visible_document(request.user, request.GET.get("document"))
    tasks = scoped_tasks(request.user, unit, include_subtree=not request.GET.get("alone"), document=document)
    blocked = (
        blocked_tasks(tasks, as_of, category)
        .select_related("lead_unit")
        .order_by("deadline_as_of", "id")[:500]
    )
    labels = dict(TaskStatus.choices)
    for task in blocked:
        task.status_label = labels.get(task.status, task.status)
    return render(
        request,
        "reports/obstacle_tasks.html",
        {
            "category_label": dict(ObstacleCategory.choices)[category] if category else "",
            "unit": unit,
            "document": document,
            "as_of": as_of,
            "tasks": blocked,
        },
    )


# -- the dashboard ---------------------------------------------------------------------------------


def dashboard_query(unit: OrgUnit, as_of: date, **extra) -> str:
    return urlencode({"unit": str(unit.pk), "as_of": as_of.isoformat(), **extra})


def scorecard_url(unit: OrgUnit, as_of: date | None = None, *, subtree: bool = False) -> str:
    query = {}
    if subtree:
        query["subtree"] = "1"
    if as_of is not None:
        query["as_of"] = as_of.isoformat()
    url = reverse("reports:scorecard", args=[unit.pk])
    return f"{url}?{urlencode(query)}" if query else url


def dashboard_view(user, unit: OrgUnit, as_of: date, *, document=None, request=None) -> DashboardView:
    """What the dashboard's panels are drawn for: `unit` and every unit below it, on `as_of`."""
    return DashboardView(
        user=user,
        unit=unit,
        as_of=as_of,
        document=document,
        include_subtree=True,
        request=request,
        xlsx_url=f"{reverse('reports:dashboard')}?{dashboard_query(unit, as_of, format='xlsx')}",
        scorecard_url=scorecard_url,
    )


def in_rows(drawn: list[tuple[bool, str]]) -> list[dict]:
    """The panels' HTML, each with whether it is half-width, in rows: a full-width panel alone,
    half-width ones two by two."""
    rows: list[dict] = []
    for half, html in drawn:
        last = rows[-1] if rows else None
        if half and last and last["half"] and len(last["panels"]) == 1:
            last["panels"].append(html)
        else:
            rows.append({"half": half, "panels": [html]})
    return rows


def dashboard_context(user, unit: OrgUnit, as_of: date, *, document=None, request=None) -> dict:
    """Everything the dashboard shows for `unit`'s subtree on `as_of`, counting only what `user` may
    see: the panels the domains contribute, drawn, and the recent activity. The caller has checked
    that `user` covers `unit`. A fixed number of queries."""
    view = dashboard_view(user, unit, as_of, document=document, request=request)
    activity = recent_activity(user, unit, ACTIVITY_SHOWN, as_of=as_of)
    activity_html = render_to_string(
        "reports/dashboard/activity.html", {"view": view, "activity": activity}, request
    )
    drawn = [(panel.half, html) for panel, html in view.rendered("dashboard")]
    rows = in_rows([*drawn, (True, activity_html)])
    return {
        "view": view,
        "unit": unit,
        "as_of": as_of,
        "carried_past": carried_past(user, unit, as_of),
        "is_today": as_of == clock.today(),
        "document": document,
        "rows": rows,
        "activity": activity,
        "xlsx_url": view.xlsx_url,
    }


def carried_past(user, unit: OrgUnit, as_of: date) -> list[UnitSuccession]:
    """The takeovers after `as_of` whose predecessors' work the unit's figures of that day include (its
    area carries their past), as the user may see them: the page says so, so that a figure of the new
    city "on 30/06/2025" is read as the old province's. None today (a takeover is applied on its day),
    without a query; one query for a past day."""
    if as_of >= clock.today():
        return []
    scope = scope_for(user)
    return [
        succession
        for succession in UnitSuccession.objects.filter(successor=unit, effective_on__gt=as_of)
        .select_related("predecessor")
        .order_by("effective_on", "predecessor__path")
        if scope.can_see_unit(succession.predecessor)
    ]


def _page_unit_and_day(request) -> tuple[OrgUnit, date]:
    if request.GET.get("unit"):
        unit = get_visible_unit(request.user, request.GET["unit"], covered=True)
    else:
        unit = widest_unit(request.user)
        if unit is None:
            raise Http404(_("You have no unit yet. Ask an administrator to add you to your unit."))
    return unit, as_of_from(request)


@login_required
@reads_from_replica
def dashboard(request):
    """The leadership dashboard of a unit's subtree on a day (default: the user's widest unit,
    today). With ?format=xlsx, its tables as a workbook (one sheet each, or the one ?table names)."""
    return render_dashboard(request)


def render_dashboard(request):
    """The dashboard page for a signed-in user (the home page renders it for leaders too)."""
    unit, as_of = _page_unit_and_day(request)
    document = visible_document(request.user, request.GET.get("document"))
    if request.GET.get("format") == "xlsx":
        view = dashboard_view(request.user, unit, as_of, document=document, request=request)
        return dashboard_workbook_response(request, view, table=request.GET.get("table"))
    context = dashboard_context(request.user, unit, as_of, document=document, request=request)
    context.update(
        {
            "choices": unit_choices(request.user, unit),
            "scorecard_url": scorecard_url(unit, as_of, subtree=True),
        }
    )
    return render(request, "reports/dashboard.html", context)


# -- the scorecard ---------------------------------------------------------------------------------


def scorecard_view(user, unit: OrgUnit, as_of: date, *, include_subtree=False, request=None) -> DashboardView:
    """What the scorecard's panels are drawn for: `unit` alone or with its subtree, on `as_of`."""
    query = {"as_of": as_of.isoformat(), "format": "xlsx"}
    if include_subtree:
        query["subtree"] = "1"
    return DashboardView(
        user=user,
        unit=unit,
        as_of=as_of,
        include_subtree=include_subtree,
        request=request,
        xlsx_url=f"{reverse('reports:scorecard', args=[unit.pk])}?{urlencode(query)}",
        scorecard_url=scorecard_url,
    )


def scorecard_context(
    user, unit: OrgUnit, as_of: date, *, include_subtree: bool = False, request=None
) -> dict:
    """Everything a unit's scorecard shows: the panels the domains contribute to it (the task rates,
    the reporting timeliness, the targets it contributes to, the trend of the last twelve months),
    drawn. A fixed number of queries."""
    view = scorecard_view(user, unit, as_of, include_subtree=include_subtree, request=request)
    return {
        "view": view,
        "unit": unit,
        "as_of": as_of,
        "is_today": as_of == clock.today(),
        "include_subtree": include_subtree,
        "panels": [html for _panel, html in view.rendered("scorecard")],
        "xlsx_url": view.xlsx_url,
    }


@login_required
@reads_from_replica
def scorecard(request, pk):
    """A unit's scorecard, alone or with its subtree (?subtree=1), on a day (?as_of)."""
    unit = get_visible_unit(request.user, pk, covered=True)
    as_of = as_of_from(request)
    include_subtree = bool(request.GET.get("subtree"))
    if request.GET.get("format") == "xlsx":
        view = scorecard_view(request.user, unit, as_of, include_subtree=include_subtree, request=request)
        return scorecard_workbook_response(request, view, table=request.GET.get("table"))
    context = scorecard_context(request.user, unit, as_of, include_subtree=include_subtree, request=request)
    context.update(
        {
            "alone_url": scorecard_url(unit, as_of),
            "subtree_url": scorecard_url(unit, as_of, subtree=True),
            "dashboard_url": f"{reverse('reports:dashboard')}?{dashboard_query(unit, as_of)}",
        }
    )
    return render(request, "reports/scorecard.html", context)
