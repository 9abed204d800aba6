"""Task lists: the "my units" inbox, the full list with its filters, and the Excel export of it."""

import tempfile

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from resolute.core import clock
from resolute.core.pagination import page_of
from resolute.core.replica import reads_from_replica
from resolute.core.xlsx import XLSX_CONTENT_TYPE, ExcelWorkbook

from ..filters import DEFAULT_SORT, SORT_CHOICES, TaskFilter, sort_tasks
from ..models import Task, TaskCoordination
from ..permissions import can_create_tasks
from ..selectors import coordinating_units_shown, in_units_q, requests_awaiting_decision
from ..status import STATUS_BADGE_CLASSES, OverdueAge, TaskStatus

PAGE_SIZE = 25


def with_status_labels(tasks):
    """Put the status label, the overdue age label and the badge class on each annotated task."""
    tasks = list(tasks)
    for task in tasks:
        task.status_label = TaskStatus(task.status).label
        task.overdue_age_label = OverdueAge(task.overdue_age).label if task.overdue_age else ""
        task.status_badge_class = STATUS_BADGE_CLASSES[task.status]
    return tasks


def paginate(request, queryset, count: int | None = None):
    page = page_of(request, queryset, PAGE_SIZE, count=count)
    page.object_list = with_status_labels(page.object_list)
    return page


def htmx_partial(request, template: str, partial: str) -> str:
    """The template's fragment for an HTMX swap, the whole page otherwise."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        return f"{template}#{partial}"
    return template


# -- the inbox --------------------------------------------------------------------------------


class InboxTab:
    LEAD = "lead"
    COORDINATING = "coordinating"
    ASSIGNED = "assigned"

    labels = {
        LEAD: gettext_lazy("We lead"),
        COORDINATING: gettext_lazy("We coordinate"),
        ASSIGNED: gettext_lazy("We assigned"),
    }


def own_memberships(user) -> list[tuple[str, str]]:
    """(unit path, role) of each of the user's memberships. An office membership counts its own
    unit here, not the whole jurisdiction it may assign in."""
    return list(user.memberships.values_list("unit__path", "role"))


def inbox_conditions(paths: list[str]) -> dict[str, Q]:
    """A condition on tasks for each tab of the inbox of a member of the units of `paths`."""
    coordinated_by_us = TaskCoordination.objects.filter(in_units_q(paths, "unit"), task=OuterRef("pk"))
    return {
        InboxTab.LEAD: in_units_q(paths, "lead_unit"),
        InboxTab.COORDINATING: Q(Exists(coordinated_by_us)),
        InboxTab.ASSIGNED: in_units_q(paths, "assigned_by_unit"),
    }


@login_required
def task_inbox(request):
    """The tasks of the user's units, in three tabs, with what waits for the user's decision.
    Unfinished tasks only, unless `finished=1`; the most urgent first."""
    today = clock.today()
    show_finished = request.GET.get("finished") == "1"
    memberships = own_memberships(request.user)
    conditions = inbox_conditions([path for path, _role in memberships])
    tasks = Task.objects.visible_to(request.user).as_of(today)
    if not show_finished:
        tasks = tasks.unfinished(today)
    counts = tasks.order_by().aggregate(
        **{tab: Count("pk", filter=condition) for tab, condition in conditions.items()}
    )
    tab = request.GET.get("tab")
    if tab not in conditions:
        # The first tab with something in it, so a unit that only coordinates lands on its work.
        tab = next((name for name in conditions if counts[name]), InboxTab.LEAD)
    page = paginate(request, sort_tasks(tasks.filter(conditions[tab]), "status").select_related("lead_unit"))
    awaiting = requests_awaiting_decision(memberships)
    context = {
        "tab": tab,
        "tabs": [
            {"name": name, "label": InboxTab.labels[name], "count": counts[name], "active": name == tab}
            for name in conditions
        ],
        "page_obj": page,
        "tasks": page.object_list,
        "show_finished": show_finished,
        "has_units": bool(memberships),
        "can_create": can_create_tasks(request.user),
        "pending_extensions": awaiting.extensions,
        "pending_completions": awaiting.completions,
        "today": today,
    }
    return render(request, htmx_partial(request, "tasks/inbox.html", "results"), context)


# -- the full list ----------------------------------------------------------------------------

SORTABLE_COLUMNS = ("deadline", "status", "lead_unit", "assigned_on")


def sortable_columns(current: str) -> dict[str, dict]:
    """For each sortable column: the sort a click on its header asks for (the other direction
    when it is the current one) and how it is sorted now (for aria-sort)."""
    columns = {}
    for key in SORTABLE_COLUMNS:
        if current == key:
            columns[key] = {"next": f"-{key}", "aria_sort": "ascending"}
        elif current == f"-{key}":
            columns[key] = {"next": key, "aria_sort": "descending"}
        else:
            columns[key] = {"next": key, "aria_sort": ""}
    return columns


def status_count_links(counts: dict[str, int]) -> list[dict]:
    statuses = [
        {"code": status.value, "label": status.label, "count": counts[status.value], "age": False}
        for status in TaskStatus
    ]
    ages = [
        {"code": age.value, "label": age.label, "count": counts[age.value], "age": True} for age in OverdueAge
    ]
    return statuses + ages


@login_required
def task_list(request):
    """Every task the user can see, filtered, sorted and paged in SQL, as of any day."""
    filterset = TaskFilter(request.GET, request=request)
    filterset.is_valid()
    counts = filterset.status_counts()
    page = paginate(request, filterset.rows("lead_unit"), count=filterset.count_from(counts))
    current_sort = filterset.form.cleaned_data.get("sort") or DEFAULT_SORT
    context = {
        "filter": filterset,
        "page_obj": page,
        "tasks": page.object_list,
        "as_of": filterset.as_of_day,
        "is_today": filterset.is_today,
        "counts": counts,
        "status_counts": status_count_links(counts),
        "columns": sortable_columns(current_sort),
        "is_filtered": any(value for key, value in request.GET.items() if key not in ("page", "sort")),
        "can_create": can_create_tasks(request.user),
    }
    return render(request, htmx_partial(request, "tasks/list.html", "results"), context)


# -- the export -------------------------------------------------------------------------------


def _coordinating_cell(user, task) -> str:
    """The coordinating units the reader may see, and how many others there are."""
    shown = coordinating_units_shown(user, task)
    names = [str(unit) for unit in shown]
    if shown.hidden:
        names.append(
            ngettext("%(count)s other unit", "%(count)s other units", shown.hidden) % {"count": shown.hidden}
        )
    return "; ".join(names)


def task_columns(request):
    """(header, width, value of a task) for each column of the export."""

    def label(value, choices):
        return str(choices(value).label) if value else ""

    return [
        (_("Id"), 8, lambda task: task.pk),
        (_("Title"), 60, lambda task: str(task.display_title)),
        (_("Lead unit"), 30, lambda task: str(task.lead_unit)),
        (
            _("Coordinating units"),
            40,
            lambda task: _coordinating_cell(request.user, task),
        ),
        (_("Assigned by"), 30, lambda task: str(task.assigned_by_unit)),
        (_("Assigned on"), 12, lambda task: task.assigned_on),
        (_("Original deadline"), 12, lambda task: task.original_deadline),
        (_("Deadline"), 12, lambda task: task.deadline_as_of),
        (_("Status"), 28, lambda task: label(task.status, TaskStatus)),
        (_("Overdue by"), 16, lambda task: label(task.overdue_age, OverdueAge)),
        (_("Completed on"), 12, lambda task: task.completed_on_as_of),
        (_("Last report"), 12, lambda task: task.last_report_on),
        (_("Area"), 30, lambda task: str(task.get_area_display())),
        (_("Priority"), 12, lambda task: str(task.get_priority_display())),
        (_("Supervising leader"), 24, lambda task: str(task.supervising_leader or "")),
        (_("Source document"), 40, lambda task: str(task.source_document or "")),
        (_("Parent task"), 10, lambda task: task.parent_id),
        (_("Page"), 40, lambda task: request.build_absolute_uri(task.get_absolute_url())),
    ]


def build_task_workbook(request, filterset: TaskFilter, handle) -> int:
    """Write the filtered tasks and an About sheet into `handle`; returns the number of tasks.
    Write-only mode keeps memory flat: rows go to a temporary file as they are appended."""
    workbook = ExcelWorkbook()
    sheet = workbook.sheet(_("Tasks"))
    columns = task_columns(request)
    sheet.widths(*[width for _header, width, _value in columns])
    sheet.append([header for header, _width, _value in columns], bold=True)
    tasks = filterset.qs.select_related(
        "lead_unit", "assigned_by_unit", "supervising_leader", "source_document"
    ).prefetch_related("coordinating_units")
    count = 0
    for task in tasks.iterator(chunk_size=1000):
        sheet.append([value(task) for _header, _width, value in columns])
        count += 1

    about = workbook.sheet(_("About"))
    about.widths(30, 60)
    about.append([_("Tasks you can see, as they stood on"), filterset.as_of_day], bold=True)
    about.append([_("Exported on"), timezone.localtime().replace(tzinfo=None, microsecond=0)])
    about.append([_("Exported by"), str(request.user)])
    about.append([_("Number of tasks"), count])
    sort = filterset.form.cleaned_data.get("sort") or DEFAULT_SORT
    about.append([_("Sorted by"), str(dict(SORT_CHOICES)[sort])])
    about.append([])
    about.append([_("Filters")], bold=True)
    applied = filterset.applied()
    for label, value in applied:
        about.append([label, value])
    if not applied:
        about.append([_("None: every task you can see.")])
    workbook.save(handle)
    return count


@login_required
@reads_from_replica
def task_export(request):
    """The list as an Excel workbook, with the same filters, sorted the same way."""
    filterset = TaskFilter(request.GET, request=request)
    if not filterset.is_valid():
        # The list shows the errors next to the filters.
        return redirect(f"{reverse('tasks:list')}?{request.GET.urlencode()}")
    # FileResponse streams the file in chunks and closes it (deleting it) when it is sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    build_task_workbook(request, filterset, handle)
    handle.seek(0)
    filename = f"tasks-{filterset.as_of_day.isoformat()}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
