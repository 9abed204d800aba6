"""Everything an implementation report shows, read for (document, period, as-of day) from `figures`.

Every count comes from `figures`, the module the dashboard reads too, so the report on a document and
the dashboard filtered to that document give the same numbers on the same day. This module only
arranges them into the report's outline, adds the rows behind them (each with a reference such as
T-12 or NV-345 that the appendix prints and the HTML preview links), and reads the names and labels
in the report's language.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

from resolute.directives.models import Document, DocumentRelation
from resolute.orgunits.models import OrgUnit, display_name_for
from resolute.targets.status import TargetStatus
from resolute.tasks.models import TaskPriority
from resolute.tasks.status import COMPLETED, TaskStatus

from . import figures
from .narrative import commitment_text, format_number, percent_of

NOTABLE_COMPLETIONS = 5
MOST_FREQUENT_OBSTACLES = 5
PRIORITY_RANK = {TaskPriority.URGENT: 0, TaskPriority.HIGH: 1, TaskPriority.NORMAL: 2}


def target_reference(target_id: int) -> str:
    """How a target is cited in the report's tables and appendix."""
    return f"T-{target_id}"


def task_reference(task_id: int) -> str:
    """How a task is cited (NV: nhiệm vụ)."""
    return f"NV-{task_id}"


@dataclass(frozen=True)
class ImplementingDocument:
    number: str
    issued_on: date | None
    issuer: str
    title: str
    url: str


@dataclass(frozen=True)
class TargetRow:
    """One target as the report's tables show it, already worded in the report's language."""

    reference: str
    target_id: int
    target: object
    indicator: str
    unit_of_measure: str
    area: str
    commitment: str
    result: str
    actual: Decimal | None
    percent_of_target: Decimal | None
    percent_text: str
    status: str
    status_label: str
    achieved: bool
    url: str


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
class ReportData:
    document: Document
    period_start: date
    period_end: date
    as_of: date
    language: str
    implementing_documents: list[ImplementingDocument]
    target_rows: list[TargetRow]
    targets_by_status: dict[str, int]
    task_figures: "figures.TaskFigures"
    areas: list[AreaRow]
    notable_completions: list[TaskRow]
    overdue_by_unit: list[NamedCount]
    obstacles: list[NamedCount]
    late_reporters: list[NamedCount]
    tasks_by_unit: list[tuple[str, list[TaskRow]]] = field(default_factory=list)
    task_list_url: str = ""
    target_list_url: str = ""

    @property
    def targets_not_achieved(self) -> list[TargetRow]:
        """Targets judged off track or at risk on the as-of day (not those not yet measurable)."""
        return [
            row for row in self.target_rows if row.status in (TargetStatus.OFF_TRACK, TargetStatus.AT_RISK)
        ]

    @property
    def targets_achieved(self) -> list[TargetRow]:
        return [row for row in self.target_rows if row.achieved]


def _list_url(name: str, **params) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def _unit_name(unit, english: bool) -> str:
    return display_name_for(unit.name, unit.name_en, english=english) if unit is not None else ""


def _implementing_documents(user, document: Document, english: bool) -> list[ImplementingDocument]:
    relations = (
        DocumentRelation.objects.visible_to(user)
        .filter(target=document, kind=DocumentRelation.Kind.IMPLEMENTS)
        .select_related("source__issuer")
        .order_by("source__issued_on", "source_id")
    )
    rows = []
    for relation in relations:
        source = relation.source
        issuer = _unit_name(source.issuer, english) if source.issuer_id else source.issuer_name
        rows.append(
            ImplementingDocument(
                number=source.number,
                issued_on=source.issued_on,
                issuer=issuer,
                title=source.title,
                url=source.get_absolute_url(),
            )
        )
    return rows


def _target_row(evaluated_target, language: str, english: bool) -> TargetRow:
    target, evaluation = evaluated_target.target, evaluated_target.evaluation
    indicator = target.indicator
    decimals = indicator.decimals
    percent = percent_of(target, evaluation.actual)
    return TargetRow(
        reference=target_reference(target.pk),
        target_id=target.pk,
        target=target,
        indicator=display_name_for(indicator.name, indicator.name_en, english=english),
        unit_of_measure=indicator.unit_of_measure,
        area=target.area,
        commitment=commitment_text(target, language),
        result=format_number(evaluation.actual, decimals, language),
        actual=evaluation.actual,
        percent_of_target=percent,
        percent_text=format_number(percent, 1, language) if percent is not None else "—",
        status=evaluation.status,
        status_label=str(TargetStatus(evaluation.status).label),
        achieved=evaluation.status == TargetStatus.ACHIEVED,
        url=target.get_absolute_url(),
    )


def _task_row(task, english: bool) -> TaskRow:
    return TaskRow(
        reference=task_reference(task.pk),
        task_id=task.pk,
        title=task.title,
        lead_unit=_unit_name(task.lead_unit, english),
        deadline=task.deadline_as_of,
        completed_on=task.completed_on_as_of,
        status=task.status,
        status_label=str(TaskStatus(task.status).label),
        url=task.get_absolute_url(),
    )


def _late_reporters(user, document: Document, target_figures, as_of: date, english: bool) -> list[NamedCount]:
    """The units of the document's organisation that have not submitted, for the last period closed by
    `as_of`, a figure of one of the document's indicators (`figures.late_reporters`, kept to those)."""
    indicator_ids = {row.target.indicator_id for row in target_figures.rows}
    if not indicator_ids:
        return []
    owner = document.owner
    root = OrgUnit.objects.get(pk=owner.ancestor_ids[0]) if owner.ancestor_ids else owner
    # One line per unit: a unit late for both its monthly and its yearly figures is one late unit.
    by_unit: dict[int, NamedCount] = {}
    for row in figures.late_reporters(user, root, as_of):
        missing = len([indicator for indicator in row.missing if indicator.pk in indicator_ids])
        if not missing:
            continue
        known = by_unit.get(row.unit.pk)
        count = missing + (known.count if known else 0)
        by_unit[row.unit.pk] = NamedCount(
            _unit_name(row.unit, english), count, known.url if known else row.url
        )
    return list(by_unit.values())


def build_report_data(
    user, document: Document, *, period_start: date, period_end: date, as_of: date, language: str
) -> ReportData:
    """Read the report on `document` as `user` may see it, with every figure as of `as_of`.

    A fixed number of queries whatever the size of the province: the figures are grouped queries, the
    target values are read once for all targets, the task rows are one query."""
    english = language == "en"
    filters = figures.ListFilters(document=document)
    with translation.override(language):
        tasks = figures.scoped_tasks(user, document=document)
        targets = figures.scoped_targets(user, document=document)
        target_figures = figures.target_figures(targets, as_of)
        task_figures = figures.task_figures(tasks, as_of)
        areas = [
            AreaRow(
                area=row.area,
                label=row.label,
                total=row.total,
                completed=row.completed,
                overdue=row.overdue,
                url=row.url,
            )
            for row in figures.tasks_by_area(tasks, as_of, filters=filters)
        ]
        overdue_by_unit = [
            NamedCount(_unit_name(row.unit, english), row.count, row.url)
            for row in figures.overdue_by_lead_unit(tasks, as_of, filters=filters)
        ]
        obstacles = [
            NamedCount(row.label, row.count, row.url)
            for row in figures.obstacles_by_category(tasks, as_of, filters=filters)[:MOST_FREQUENT_OBSTACLES]
        ]
        late = _late_reporters(user, document, target_figures, as_of, english)
        target_rows = [_target_row(row, language, english) for row in target_figures.rows]

        task_rows = list(
            tasks.as_of(as_of).select_related("lead_unit").order_by("lead_unit__path", "deadline", "id")
        )
        by_unit: dict[str, list[TaskRow]] = {}
        for task in task_rows:
            by_unit.setdefault(_unit_name(task.lead_unit, english), []).append(_task_row(task, english))
        completed_in_period = [
            task
            for task in task_rows
            if task.status in COMPLETED
            and task.completed_on_as_of is not None
            and period_start <= task.completed_on_as_of <= period_end
        ]
        completed_in_period.sort(key=lambda task: (PRIORITY_RANK.get(task.priority, 3), -task.pk))
        notable = [_task_row(task, english) for task in completed_in_period[:NOTABLE_COMPLETIONS]]

        return ReportData(
            document=document,
            period_start=period_start,
            period_end=period_end,
            as_of=as_of,
            language=language,
            implementing_documents=_implementing_documents(user, document, english),
            target_rows=target_rows,
            targets_by_status=dict(target_figures.by_status),
            task_figures=task_figures,
            areas=areas,
            notable_completions=notable,
            overdue_by_unit=overdue_by_unit,
            obstacles=obstacles,
            late_reporters=late,
            tasks_by_unit=list(by_unit.items()),
            task_list_url=_list_url("tasks:list", source_document=document.pk, as_of=as_of.isoformat()),
            target_list_url=_list_url("targets:list", document=document.pk, as_of=as_of.isoformat()),
        )
