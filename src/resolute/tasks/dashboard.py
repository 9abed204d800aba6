"""The tasks' panels of the leadership dashboard and of the unit scorecards, and their Excel sheets
(contributed in `contributions`). The figures come from `selectors`; this module arranges them for
the panels: the four status groups, the units with the most overdue tasks, the obstacles, the rates
and the month-by-month trend."""

from django.urls import reverse
from django.utils.translation import gettext as _

from resolute.core.contributions import DashboardView, LinkedCount
from resolute.core.xlsx import PERCENT

from . import selectors
from .models import ProgressReport
from .status import OverdueAge, TaskStatus

# How many units the dashboard lists; the list links to the whole and the workbook has them all.
UNITS_SHOWN = 10


def links_of(view: DashboardView) -> selectors.TaskLinks:
    return selectors.TaskLinks(unit=view.unit, include_subtree=view.include_subtree, document=view.document)


def tasks_of(view: DashboardView):
    """The tasks the page counts (see `selectors.scoped_tasks`)."""
    return view.once(
        "tasks.scoped",
        lambda: selectors.scoped_tasks(
            view.user,
            view.unit,
            include_subtree=view.include_subtree,
            document=view.document,
            as_of=view.as_of,
        ),
    )


def figures_of(view: DashboardView) -> selectors.TaskFigures:
    return view.once("tasks.figures", lambda: selectors.task_figures(tasks_of(view), view.as_of))


def task_status_groups(tasks: selectors.TaskFigures, links: selectors.TaskLinks, as_of) -> list[dict]:
    """The four-way status (completed, in progress, overdue, without a deadline), each with its
    parts: on time and late; the overdue ages; reporting and silent. Cancelled tasks come apart."""
    labels = dict(TaskStatus.choices)

    def by_status(status, css=""):
        return LinkedCount(
            key=status,
            label=str(labels[status]),
            count=tasks.by_status[status],
            url=links.task_list_url(as_of, status=status),
            css=css,
        )

    ages = [
        LinkedCount(
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


def groups_of(view: DashboardView) -> list[dict]:
    return view.once("tasks.groups", lambda: task_status_groups(figures_of(view), links_of(view), view.as_of))


# -- the dashboard -----------------------------------------------------------------------------------


def status_panel(view: DashboardView):
    """The tasks the units lead in their four groups, with the rates and the cancelled ones apart."""
    tasks = figures_of(view)
    links = links_of(view)
    cancelled = LinkedCount(
        key=TaskStatus.CANCELLED,
        label=str(TaskStatus.CANCELLED.label),
        count=tasks.by_status[TaskStatus.CANCELLED],
        url=links.task_list_url(view.as_of, status=TaskStatus.CANCELLED),
    )
    return "tasks/dashboard/status.html", {
        "tasks": tasks,
        "task_groups": groups_of(view),
        "cancelled": cancelled,
        "all_tasks_url": links.task_list_url(view.as_of),
    }


def overdue_units_panel(view: DashboardView):
    """The lead units with the most overdue tasks, each linked to its scorecard."""
    rows = selectors.overdue_by_lead_unit(tasks_of(view), view.as_of, limit=UNITS_SHOWN, links=links_of(view))
    for row in rows:
        row.scorecard_url = view.scorecard_url(row.unit, view.as_of)
    return "tasks/dashboard/overdue_units.html", {
        "overdue_units": rows,
        "overdue_all_url": links_of(view).task_list_url(
            view.as_of, status=TaskStatus.OVERDUE, sort="lead_unit"
        ),
    }


def obstacles_of(view: DashboardView) -> list[selectors.CategoryCount]:
    return view.once(
        "tasks.obstacles",
        lambda: selectors.obstacles_by_category(tasks_of(view), view.as_of, links=links_of(view)),
    )


def obstacles_panel(view: DashboardView):
    """What blocks the work: the open tasks each obstacle category blocks."""
    return "tasks/dashboard/obstacles.html", {"obstacles": obstacles_of(view)}


# -- the scorecard -----------------------------------------------------------------------------------


def rates_panel(view: DashboardView):
    """The unit's completion and on-time rates, the rates other apps add beside them, and the tasks in
    their four groups."""
    tasks = figures_of(view)
    return "tasks/dashboard/rates.html", {
        "rates": tasks.rates,
        "task_groups": groups_of(view),
        "other_rates": [html for _panel, html in view.rendered("scorecard.rates")],
    }


def trend_of(view: DashboardView) -> list[selectors.MonthFigures]:
    return view.once(
        "tasks.trend", lambda: selectors.monthly_trend(tasks_of(view), view.as_of, links=links_of(view))
    )


def trend_panel(view: DashboardView):
    """The tasks completed and overdue at each of the last twelve month ends."""
    trend = trend_of(view)
    return "tasks/dashboard/trend.html", {
        "trend": trend,
        "trend_max": max([month.overdue for month in trend] + [1]),
    }


# -- the workbook ------------------------------------------------------------------------------------


def _percent_row(sheet, label: str, formula: str, rate: float | None) -> None:
    """A row whose rate is a fraction shown as a percentage (empty when there is no rate)."""
    sheet.append([label, formula, rate], number_formats={2: PERCENT})


def write_task_counts(sheet, view: DashboardView) -> None:
    tasks = figures_of(view)
    sheet.widths(40, 34, 12, 60)
    sheet.append([_("Status"), _("Part"), _("Tasks"), _("List")], bold=True)
    for group in groups_of(view):
        sheet.append([str(group["label"]), "", group["count"], view.absolute(group.get("url", ""))])
        for part in group["parts"]:
            sheet.append([str(group["label"]), part.label, part.count, view.absolute(part.url)])
    sheet.append([_("All tasks, cancelled ones left out"), "", tasks.total, ""])
    sheet.append(
        [str(TaskStatus.CANCELLED.label).capitalize(), "", tasks.by_status[TaskStatus.CANCELLED], ""]
    )
    rates = tasks.rates
    _percent_row(sheet, _("Completion rate"), rates.completion_rate_formula, rates.completion_rate)
    _percent_row(sheet, _("On-time rate"), rates.on_time_rate_formula, rates.on_time_rate)


def write_unit_counts(sheet, view: DashboardView) -> None:
    """Every lead unit with overdue tasks (the page shows the first ones)."""
    rows = selectors.overdue_by_lead_unit(tasks_of(view), view.as_of, links=links_of(view))
    sheet.widths(40, 14, 60)
    sheet.append([_("Lead unit"), _("Overdue tasks"), _("List")], bold=True)
    for row in rows:
        sheet.append([str(row.unit), row.count, view.absolute(row.url)])


def write_obstacles(sheet, view: DashboardView) -> None:
    sheet.widths(40, 18, 60)
    sheet.append([_("Obstacle"), _("Open tasks blocked"), _("List")], bold=True)
    for row in obstacles_of(view):
        sheet.append([row.label, row.count, view.absolute(row.url)])


def write_trend(sheet, view: DashboardView) -> None:
    sheet.widths(14, 12, 12)
    sheet.append([_("As of"), _("Completed"), _("Overdue")], bold=True)
    for row in trend_of(view):
        sheet.append([row.month_end, row.completed, row.overdue])


def status_sheets(view: DashboardView) -> list:
    return [("tasks", _("Tasks"), lambda sheet: write_task_counts(sheet, view))]


def overdue_units_sheets(view: DashboardView) -> list:
    return [("overdue_units", _("Overdue by unit"), lambda sheet: write_unit_counts(sheet, view))]


def obstacles_sheets(view: DashboardView) -> list:
    return [("obstacles", _("Obstacles"), lambda sheet: write_obstacles(sheet, view))]


def trend_sheets(view: DashboardView) -> list:
    return [("trend", _("Month by month"), lambda sheet: write_trend(sheet, view))]


# -- the dashboard's recent activity (`ActivitySource`) ------------------------------------------------


def tasks_in_view(user, unit):
    """The tasks whose changes the recent activity lists: those `unit`'s subtree leads that the user sees."""
    return selectors.scoped_tasks(user, unit)


def task_urls(ids: list[int]) -> dict[int, str]:
    return {pk: reverse("tasks:detail", args=[pk]) for pk in ids}


def reports_in_view(user, unit):
    """The progress reports on those tasks."""
    return ProgressReport.objects.filter(task__in=selectors.scoped_tasks(user, unit).values("pk"))


def report_urls(ids: list[int]) -> dict[int, str]:
    """A report opens its task's page: one query for the tasks of the reports shown."""
    task_of_report = ProgressReport.objects.filter(pk__in=ids).values_list("pk", "task_id")
    return {pk: reverse("tasks:detail", args=[task_id]) for pk, task_id in task_of_report}
