"""The tasks' section of the implementation report on a document (contributed in `contributions`):
the tasks' figures in "II. Results" (the summary, the areas, the notable completions), the overdue
tasks and the obstacles in "III. Shortcomings", the table by area and the appendix of the tasks by
lead unit. The section reads its figures once (`build_tasks`) and words them in the report's
language (`tasks_blocks`), drawing only from those figures."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode

from resolute.core.contributions import ReportBlocks, ReportScope
from resolute.core.documents import TableBlock, TextBlock, first_upper, format_number, format_short_date
from resolute.orgunits.models import display_name_for

from . import selectors
from .models import TaskPriority
from .status import COMPLETED, TaskStatus

NOTABLE_COMPLETIONS = 5
MOST_FREQUENT_OBSTACLES = 5
MOST_OVERDUE_UNITS = 3
PRIORITY_RANK = {TaskPriority.URGENT: 0, TaskPriority.HIGH: 1, TaskPriority.NORMAL: 2}

WORDS = {
    "vi": {
        "areas_table": "Nhiệm vụ theo lĩnh vực",
        "appendix": "Nhiệm vụ theo đơn vị chủ trì",
        "reference": "Mã",
        "area": "Lĩnh vực",
        "total": "Tổng số",
        "completed": "Hoàn thành",
        "overdue": "Quá hạn",
        "task": "Nhiệm vụ",
        "lead_unit": "Đơn vị chủ trì",
        "deadline": "Thời hạn",
        "status": "Tình trạng",
        "none": "Không có.",
    },
    "en": {
        "areas_table": "Tasks by area",
        "appendix": "Tasks by lead unit",
        "reference": "Ref.",
        "area": "Area",
        "total": "Total",
        "completed": "Completed",
        "overdue": "Overdue",
        "task": "Task",
        "lead_unit": "Lead unit",
        "deadline": "Deadline",
        "status": "Status",
        "none": "None.",
    },
}


def task_reference(task_id: int) -> str:
    """How a task is cited (NV: nhiệm vụ)."""
    return f"NV-{task_id}"


@dataclass(frozen=True)
class TaskRow:
    reference: str
    task_id: int
    title: str
    lead_unit: str
    deadline: date | None
    completed_on: date | None
    status: str
    status_label: str
    url: str


@dataclass(frozen=True)
class AreaRow:
    area: str
    label: str
    total: int
    completed: int
    overdue: int
    url: str


@dataclass(frozen=True)
class NamedCount:
    """A unit or an obstacle category with its count and the list behind it."""

    name: str
    count: int
    url: str


@dataclass
class TasksFigures:
    """The document's tasks the user may see, as they stood on the report's day."""

    task_figures: selectors.TaskFigures
    areas: list[AreaRow]
    notable_completions: list[TaskRow]
    overdue_by_unit: list[NamedCount]
    obstacles: list[NamedCount]
    tasks_by_unit: list[tuple[str, list[TaskRow]]] = field(default_factory=list)
    list_url: str = ""


def _unit_name(unit, english: bool) -> str:
    return display_name_for(unit.name, unit.name_en, english=english) if unit is not None else ""


def _task_row(task, english: bool) -> TaskRow:
    return TaskRow(
        reference=task_reference(task.pk),
        task_id=task.pk,
        title=task.title_in("en" if english else "vi"),
        lead_unit=_unit_name(task.lead_unit, english),
        deadline=task.deadline_as_of,
        completed_on=task.completed_on_as_of,
        status=task.status,
        status_label=str(TaskStatus(task.status).label),
        url=task.get_absolute_url(),
    )


def build_tasks(scope: ReportScope) -> TasksFigures:
    """The figures of the document's tasks: grouped queries, then the task rows in one query."""
    english, as_of = scope.english, scope.as_of
    links = selectors.TaskLinks(document=scope.document)
    tasks = selectors.scoped_tasks(scope.user, document=scope.document)
    areas = [
        AreaRow(
            area=row.area,
            label=row.label,
            total=row.total,
            completed=row.completed,
            overdue=row.overdue,
            url=row.url,
        )
        for row in selectors.tasks_by_area(tasks, as_of, links=links)
    ]
    overdue_by_unit = [
        NamedCount(_unit_name(row.unit, english), row.count, row.url)
        for row in selectors.overdue_by_lead_unit(tasks, as_of, links=links)
    ]
    obstacles = [
        NamedCount(row.label, row.count, row.url)
        for row in selectors.obstacles_by_category(tasks, as_of, links=links)[:MOST_FREQUENT_OBSTACLES]
    ]
    task_rows = list(
        tasks.as_of(as_of).select_related("lead_unit").order_by("lead_unit__path", "deadline", "id")
    )
    leads_then = selectors.lead_units_on(task_rows, as_of)
    by_unit: dict[str, list[TaskRow]] = {}
    for task in sorted(
        task_rows, key=lambda task: (leads_then[task.pk].path, task.deadline or as_of, task.pk)
    ):
        task.lead_unit = leads_then[task.pk]
        by_unit.setdefault(_unit_name(task.lead_unit, english), []).append(_task_row(task, english))
    completed_in_period = [
        task
        for task in task_rows
        if task.status in COMPLETED
        and task.completed_on_as_of is not None
        and scope.period_start <= task.completed_on_as_of <= scope.period_end
    ]
    completed_in_period.sort(key=lambda task: (PRIORITY_RANK.get(task.priority, 3), -task.pk))
    # The list's parameters in the order the report always wrote them.
    list_query = urlencode({"source_document": scope.document.pk, "as_of": as_of.isoformat()})
    return TasksFigures(
        task_figures=selectors.task_figures(tasks, as_of),
        areas=areas,
        notable_completions=[_task_row(task, english) for task in completed_in_period[:NOTABLE_COMPLETIONS]],
        overdue_by_unit=overdue_by_unit,
        obstacles=obstacles,
        tasks_by_unit=list(by_unit.items()),
        list_url=f"{reverse('tasks:list')}?{list_query}",
    )


def _rate_text(rate, language: str) -> str:
    return "—" if rate is None else format_number(Decimal(str(rate)) * 100, 1, language) + "%"


def task_summary(figures: selectors.TaskFigures, language: str) -> str:
    """The tasks' figures in one sentence: total, completed (on time), overdue and the completion rate."""
    on_time = figures.by_status.get(TaskStatus.COMPLETED_ON_TIME, 0)
    overdue = figures.by_status.get(TaskStatus.OVERDUE, 0)
    n = lambda value: format_number(value, 0, language)  # noqa: E731
    rate = _rate_text(figures.completion_rate, language)
    if language == "en":
        return (
            f"Of {n(figures.total)} tasks, {n(figures.completed)} were completed ({n(on_time)} on time) "
            f"and {n(overdue)} are overdue; the completion rate is {rate}."
        )
    return (
        f"Trong tổng số {n(figures.total)} nhiệm vụ, đã hoàn thành {n(figures.completed)} nhiệm vụ "
        f"({n(on_time)} đúng hạn), {n(overdue)} nhiệm vụ quá hạn; tỷ lệ hoàn thành {rate}."
    )


def tasks_blocks(figures: TasksFigures, scope: ReportScope) -> ReportBlocks:
    language = scope.language
    words = WORDS["en" if scope.english else "vi"]
    n = lambda value: format_number(value, 0, language)  # noqa: E731
    blocks = ReportBlocks()

    blocks.results.append(task_summary(figures.task_figures, language))
    for area in figures.areas:
        if scope.english:
            blocks.results.append(
                f"{first_upper(area.label)}: {n(area.completed)} of {n(area.total)} tasks completed, "
                f"{n(area.overdue)} overdue."
            )
        else:
            blocks.results.append(
                f"Lĩnh vực {area.label}: hoàn thành {n(area.completed)}/{n(area.total)} nhiệm vụ, "
                f"{n(area.overdue)} nhiệm vụ quá hạn."
            )
    if figures.notable_completions:
        cited = "; ".join(f"{row.title} ({row.reference})" for row in figures.notable_completions)
        if scope.english:
            blocks.results.append(f"Notable completions: {cited}.")
        else:
            blocks.results.append(f"Một số nhiệm vụ nổi bật đã hoàn thành: {cited}.")

    overdue = figures.task_figures.by_status.get(TaskStatus.OVERDUE, 0)
    if overdue:
        units = ", ".join(
            f"{row.name} ({n(row.count)})" for row in figures.overdue_by_unit[:MOST_OVERDUE_UNITS]
        )
        if scope.english:
            blocks.shortcomings.append(f"{n(overdue)} tasks are overdue, the most at {units}.")
        else:
            blocks.shortcomings.append(f"Còn {n(overdue)} nhiệm vụ quá hạn, nhiều nhất tại {units}.")
    if figures.obstacles:
        listed = ", ".join(f"{row.name} ({n(row.count)})" for row in figures.obstacles)
        if scope.english:
            blocks.shortcomings.append(f"The most frequent obstacles reported: {listed}.")
        else:
            blocks.shortcomings.append(f"Các vướng mắc được báo cáo nhiều nhất: {listed}.")

    if figures.areas:
        blocks.tables += [
            TextBlock(words["areas_table"], "subheading"),
            TableBlock(
                [words["area"], words["total"], words["completed"], words["overdue"]],
                [
                    [first_upper(row.label), n(row.total), n(row.completed), n(row.overdue)]
                    for row in figures.areas
                ],
                [8, 2, 3, 2],
                frozenset({1, 2, 3}),
            ),
        ]
    task_rows = [
        [row.reference, unit, row.title, format_short_date(row.deadline, language), row.status_label]
        for unit, rows in figures.tasks_by_unit
        for row in rows
    ]
    blocks.appendix = (
        words["appendix"],
        TableBlock(
            [words["reference"], words["lead_unit"], words["task"], words["deadline"], words["status"]],
            task_rows or [[words["none"], "", "", "", ""]],
            [2, 4, 8, 3, 3],
        ),
    )
    blocks.preview = ("tasks/report/tasks.html", {"figures": figures})
    blocks.preview_appendix = ("tasks/report/appendix.html", {"figures": figures})
    return blocks
