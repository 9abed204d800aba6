"""The leadership dashboard, the unit scorecards and the list of tasks an obstacle blocks.

Views read the unit and the day from the query string, check that the user may see the unit (404
otherwise) and render what `figures` computes. `dashboard_context` and `scorecard_context` hold
all the work of the two pages, so the benchmark and the exports call exactly what the pages show.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.core import clock
from resolute.core.asof import as_of_from
from resolute.directives.models import Document
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import ADMINISTRATIVE_LEVELS, scope_for
from resolute.orgunits.selectors import get_visible_unit
from resolute.targets.status import TargetStatus
from resolute.tasks.models import ObstacleCategory
from resolute.tasks.status import OverdueAge, TaskStatus

from . import figures

# How many of each list the dashboard shows; each list links to the whole.
CARDS_SHOWN = 12
UNITS_SHOWN = 10
LATE_SHOWN = 10
ACTIVITY_SHOWN = 10

# Target cards, what needs attention first.
TARGET_URGENCY = [
    TargetStatus.OFF_TRACK,
    TargetStatus.AT_RISK,
    TargetStatus.ON_TRACK,
    TargetStatus.NOT_MEASURABLE,
    TargetStatus.ACHIEVED,
]


def widest_unit(user) -> OrgUnit | None:
    """The top of the widest subtree the user covers (the root for a superuser)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    roots = sorted(scope.coverages, key=lambda coverage: (len(coverage.root_path), coverage.root_path))
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


class ObstacleListForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("Obstacle"), choices=ObstacleCategory.choices)


@login_required
def obstacle_tasks(request):
    """The tasks an obstacle category blocks on a day, within a unit's subtree (or the unit alone)
    and a document: the list behind the dashboard's obstacle counts."""
    form = ObstacleListForm(request.GET)
    if not form.is_valid():
        raise Http404(_("No such obstacle category."))
    category = form.cleaned_data["category"]
    as_of = as_of_from(request)
    unit = (
        get_visible_unit(request.user, request.GET["unit"], covered=True) if request.GET.get("unit") else None
    )
    document = visible_document(request.user, request.GET.get("document"))
    tasks = figures.scoped_tasks(
        request.user, unit, include_subtree=not request.GET.get("alone"), document=document
    )
    blocked = (
        figures.blocked_tasks(tasks, as_of, category)
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
            "category_label": dict(ObstacleCategory.choices)[category],
            "unit": unit,
            "document": document,
            "as_of": as_of,
            "tasks": blocked,
        },
    )


# -- the dashboard ---------------------------------------------------------------------------------


@dataclass
class Count:
    """A labelled number and the list behind it."""

    key: str
    label: str
    count: int
    url: str
    css: str = ""


TARGET_BADGES = {
    TargetStatus.ACHIEVED: "ok",
    TargetStatus.ON_TRACK: "ok",
    TargetStatus.AT_RISK: "warn",
    TargetStatus.OFF_TRACK: "bad",
    TargetStatus.NOT_MEASURABLE: "muted",
}


def target_status_counts(targets: figures.TargetFigures, links: figures.ListFilters, as_of) -> list[Count]:
    labels = dict(TargetStatus.choices)
    return [
        Count(
            key=status,
            label=str(labels[status]),
            count=targets.by_status[status],
            url=links.target_list_url(as_of, status=status),
            css=TARGET_BADGES[status],
        )
        for status in TARGET_URGENCY
    ]


def target_cards(targets: figures.TargetFigures, limit: int | None = CARDS_SHOWN) -> list:
    """The evaluated targets, what needs attention first (then in list order)."""
    order = {status: rank for rank, status in enumerate(TARGET_URGENCY)}
    cards = sorted(targets.rows, key=lambda row: order.get(row.evaluation.status, len(order)))
    return cards[:limit] if limit is not None else cards


def task_status_groups(tasks: figures.TaskFigures, links: figures.ListFilters, as_of) -> list[dict]:
    """The four-way status (completed, in progress, overdue, without a deadline), each with its
    parts: on time and late; the overdue ages; reporting and silent. Cancelled tasks come apart."""
    labels = dict(TaskStatus.choices)

    def by_status(status, css=""):
        return Count(
            key=status,
            label=str(labels[status]),
            count=tasks.by_status[status],
            url=links.task_list_url(as_of, status=status),
            css=css,
        )

    ages = [
        Count(
            key=age,
            label=str(label),
            count=tasks.by_overdue_age[age],
            url=links.task_list_url(as_of, status=TaskStatus.OVERDUE, overdue_age=age),
            css="bad",
        )
        for age, label in OverdueAge.choices
    ]
    return [
        {
            "label": _("Completed"),
            "count": tasks.completed,
            "css": "ok",
            "parts": [
                by_status(TaskStatus.COMPLETED_ON_TIME, "ok"),
                by_status(TaskStatus.COMPLETED_LATE, "warn"),
            ],
        },
        {
            "label": _("In progress within the deadline"),
            "count": tasks.by_status[TaskStatus.IN_PROGRESS],
            "url": links.task_list_url(as_of, status=TaskStatus.IN_PROGRESS),
            "css": "info",
            "parts": [],
        },
        {
            "label": _("Overdue"),
            "count": tasks.overdue,
            "url": links.task_list_url(as_of, status=TaskStatus.OVERDUE),
            "css": "bad",
            "parts": ages,
        },
        {
            "label": _("Without a deadline"),
            "count": tasks.without_deadline,
            "css": "muted",
            "parts": [by_status(TaskStatus.NO_DEADLINE), by_status(TaskStatus.NO_DEADLINE_SILENT, "warn")],
        },
    ]


def dashboard_context(user, unit: OrgUnit, as_of: date, *, document=None) -> dict:
    """Everything the dashboard shows for `unit`'s subtree on `as_of`, counting only what `user` may
    see. The caller has checked that `user` covers `unit`. A fixed number of queries."""
    links = figures.ListFilters(unit=unit, include_subtree=True, document=document)
    tasks = figures.scoped_tasks(user, unit, document=document)
    targets = figures.target_figures(figures.scoped_targets(user, unit, document=document), as_of)
    task_counts = figures.task_figures(tasks, as_of)
    late = figures.late_reporters(user, unit, as_of)
    return {
        "unit": unit,
        "as_of": as_of,
        "is_today": as_of == clock.today(),
        "document": document,
        "links": links,
        "targets": targets,
        "target_counts": target_status_counts(targets, links, as_of),
        "target_cards": target_cards(targets),
        "all_targets_url": links.target_list_url(as_of),
        "tasks": task_counts,
        "task_groups": task_status_groups(task_counts, links, as_of),
        "cancelled": Count(
            key=TaskStatus.CANCELLED,
            label=str(TaskStatus.CANCELLED.label),
            count=task_counts.by_status[TaskStatus.CANCELLED],
            url=links.task_list_url(as_of, status=TaskStatus.CANCELLED),
        ),
        "all_tasks_url": links.task_list_url(as_of),
        "overdue_units": figures.overdue_by_lead_unit(tasks, as_of, limit=UNITS_SHOWN, filters=links),
        "overdue_all_url": links.task_list_url(as_of, status=TaskStatus.OVERDUE, sort="lead_unit"),
        "late_reporters": late[:LATE_SHOWN],
        "late_all": late,
        "task_queryset": tasks,
        "late_total": len(late),
        "obstacles": figures.obstacles_by_category(tasks, as_of, filters=links),
        "activity": figures.recent_activity(user, unit, ACTIVITY_SHOWN, as_of=as_of),
    }


def dashboard_query(unit: OrgUnit, as_of: date, **extra) -> str:
    return urlencode({"unit": str(unit.pk), "as_of": as_of.isoformat(), **extra})


def _page_unit_and_day(request) -> tuple[OrgUnit, date]:
    if request.GET.get("unit"):
        unit = get_visible_unit(request.user, request.GET["unit"], covered=True)
    else:
        unit = widest_unit(request.user)
        if unit is None:
            raise Http404(_("You have no unit yet. Ask an administrator to add you to your unit."))
    return unit, as_of_from(request)


@login_required
def dashboard(request):
    """The leadership dashboard of a unit's subtree on a day (default: the user's widest unit,
    today). With ?format=xlsx, its tables as a workbook (one sheet each, or the one ?table names)."""
    return render_dashboard(request)


def render_dashboard(request):
    """The dashboard page for a signed-in user (the home page renders it for leaders too)."""
    unit, as_of = _page_unit_and_day(request)
    document = visible_document(request.user, request.GET.get("document"))
    context = dashboard_context(request.user, unit, as_of, document=document)
    if request.GET.get("format") == "xlsx":
        from .exports import dashboard_workbook_response

        return dashboard_workbook_response(request, context, table=request.GET.get("table"))
    context.update(
        {
            "choices": unit_choices(request.user, unit),
            "xlsx_url": f"{reverse('reports:dashboard')}?{dashboard_query(unit, as_of, format='xlsx')}",
            "scorecard_url": scorecard_url(unit, as_of, subtree=True),
        }
    )
    return render(request, "reports/dashboard.html", context)


# -- the scorecard ---------------------------------------------------------------------------------


def scorecard_url(unit: OrgUnit, as_of: date | None = None, *, subtree: bool = False) -> str:
    query = {}
    if subtree:
        query["subtree"] = "1"
    if as_of is not None:
        query["as_of"] = as_of.isoformat()
    url = reverse("reports:scorecard", args=[unit.pk])
    return f"{url}?{urlencode(query)}" if query else url


def scorecard_context(user, unit: OrgUnit, as_of: date, *, include_subtree: bool = False) -> dict:
    """Everything a unit's scorecard shows: its task rates, its reporting timeliness, the targets
    it contributes to with their status (its share's, for a share of a breakdown) and the trend
    of the last twelve months. A fixed number of queries."""
    links = figures.ListFilters(unit=unit, include_subtree=include_subtree)
    tasks = figures.scoped_tasks(user, unit, include_subtree=include_subtree)
    task_counts = figures.task_figures(tasks, as_of)
    timeliness = figures.reporting_timeliness(unit, as_of, include_subtree=include_subtree)
    trend = figures.monthly_trend(tasks, as_of, filters=links)
    return {
        "unit": unit,
        "as_of": as_of,
        "is_today": as_of == clock.today(),
        "include_subtree": include_subtree,
        "links": links,
        "tasks": task_counts,
        "rates": task_counts.rates,
        "task_groups": task_status_groups(task_counts, links, as_of),
        "timeliness": timeliness,
        "timeliness_percent": percent(timeliness.rate),
        "timeliness_sentence": timeliness_sentence(timeliness),
        "contributions": figures.contributions(user, unit, as_of, include_subtree=include_subtree),
        "trend": trend,
        "trend_max": max([month.overdue for month in trend] + [1]),
    }


def percent(rate: float | None) -> str:
    if rate is None:
        return "—"
    return _("%(percent)s%%") % {"percent": formats.number_format(round(rate * 100, 1), decimal_pos=1)}


def timeliness_sentence(timeliness: figures.Timeliness) -> str:
    if not timeliness.owed:
        return _("No figure was owed for a period closed in the last twelve months.")
    return _(
        "%(on_time)s of the %(owed)s figures owed for the periods closed in the last twelve months "
        "were entered by the deadline (the period's last day plus %(days)s days); "
        "%(late)s late, %(missing)s missing."
    ) % {
        "on_time": timeliness.on_time,
        "owed": timeliness.owed,
        "days": figures.lock_days(),
        "late": timeliness.late,
        "missing": timeliness.missing,
    }


@login_required
def scorecard(request, pk):
    """A unit's scorecard, alone or with its subtree (?subtree=1), on a day (?as_of)."""
    unit = get_visible_unit(request.user, pk, covered=True)
    as_of = as_of_from(request)
    include_subtree = bool(request.GET.get("subtree"))
    context = scorecard_context(request.user, unit, as_of, include_subtree=include_subtree)
    if request.GET.get("format") == "xlsx":
        from .exports import scorecard_workbook_response

        return scorecard_workbook_response(request, context, table=request.GET.get("table"))
    query = {"as_of": as_of.isoformat(), "format": "xlsx"}
    if include_subtree:
        query["subtree"] = "1"
    context.update(
        {
            "xlsx_url": f"{reverse('reports:scorecard', args=[unit.pk])}?{urlencode(query)}",
            "alone_url": scorecard_url(unit, as_of),
            "subtree_url": scorecard_url(unit, as_of, subtree=True),
            "dashboard_url": f"{reverse('reports:dashboard')}?{dashboard_query(unit, as_of)}",
        }
    )
    return render(request, "reports/scorecard.html", context)
