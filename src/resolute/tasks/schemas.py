"""The shapes the tasks API reads and writes.

Related records are named by id (`lead_unit_id`, `coordinating_unit_ids`); an error about one of
them names that field. Every status is "as of" a day, given with `as_of` (default today).
"""

from datetime import date, datetime
from typing import Literal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import AliasChoices
from pydantic.json_schema import SkipJsonSchema

from resolute.core.schemas import Day, Id, InputSchema, Text, Version, model_text
from resolute.orgunits.schemas import UnitRef

from .models import (
    AssignerDecisionRequest,
    Decision,
    ObstacleCategory,
    ReportingFrequency,
    Task,
    TaskArea,
    TaskPriority,
)
from .status import OverdueAge, TaskStatus

# For a completion proposal, "approved" means the assigning unit accepted it, "rejected" that it
# returned it.
COMPLETION_DECISION_LABELS = {
    Decision.PENDING: _("waiting for a decision"),
    Decision.APPROVED: _("accepted"),
    Decision.REJECTED: _("returned"),
}

Title = model_text(Task, "title", min_length=1)
TitleEn = model_text(Task, "title_en")
Description = model_text(Task, "description")
ExpectedResult = model_text(Task, "expected_result")
ParentReason = model_text(Task, "deadline_after_parent_reason")
CancelReason = model_text(Task, "cancel_reason")
DocumentNumber = model_text(AssignerDecisionRequest, "decision_document_number")
LongText = Text()

SORT_DESCRIPTION = (
    "deadline, status (most urgent first), lead_unit (in the order of the tree) or assigned_on; "
    "prefix with - for the other direction. Default: deadline, soonest first."
)


class TaskFilterQuery(InputSchema):
    """The filters that choose which tasks a list or a count covers (`filters.TaskFilter`, which the
    list page and the Excel export use too)."""

    as_of: Day | None = Field(None, description="Judge every status as of this day. Default: today.")
    unit: Id | None = Field(None, description="Id of a unit: tasks it leads or coordinates.")
    include_below: bool | None = Field(None, description="With `unit`: the units below it count too.")
    role: Literal["lead", "coordinating"] | None = Field(
        None, description="With `unit`: only tasks it leads, or only tasks it coordinates. Default: either."
    )
    area: TaskArea | None = None
    source_document: Id | None = Field(None, description="Id of the document the tasks came from.")
    deadline_from: Day | None = Field(None, description="Deadline (as of the day) on or after this day.")
    deadline_to: Day | None = Field(None, description="Deadline (as of the day) on or before this day.")
    supervising_leader: Id | None = Field(None, description="Id of the supervising leader.")
    q: Text(200) | None = Field(
        None, description="Words to find in the title, the description or the quoted clause."
    )


class TaskListQuery(TaskFilterQuery):
    """The list's filters: which tasks, then which status and overdue age, and in which order."""

    status: TaskStatus | None = None
    overdue_age: OverdueAge | None = None
    sort: Text(40) | None = Field(None, description=SORT_DESCRIPTION)


class TaskCountsOut(Schema):
    """How many of the tasks the filters keep stand at each status, and each overdue age, on a day."""

    as_of: date = Field(description="The day every status is judged on.")
    total: int = Field(description="Every task the filters keep, cancelled ones too.")
    by_status: dict[TaskStatus, int] = Field(
        description="The tasks of each status; every status is a key, 0 when no task has it. They add up to "
        "`total`."
    )
    by_overdue_age: dict[OverdueAge, int] = Field(
        description="The overdue tasks by how long they have been overdue; every age is a key. They add up "
        "to `by_status.overdue`."
    )


class DetailQuery(InputSchema):
    as_of: Day | None = Field(None, description="Judge the status as of this day. Default: today.")


class UserRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(user) -> str:
        return str(user)


def user_ref(user) -> dict | None:
    return {"id": user.pk, "name": str(user)} if user is not None else None


class TaskSummary(Schema):
    id: int
    title: str
    title_en: str
    area: str
    area_label: str
    priority: str
    lead_unit: UnitRef
    assigned_by_unit: UnitRef
    coordinating_unit_ids: list[int]
    parent_id: int | None
    assigned_on: date
    original_deadline: date | None = Field(description="The deadline first assigned; it never changes.")
    deadline: date | None = Field(description="The deadline in force now, after approved extensions.")
    reporting_frequency: str = Field(description="How often a task without a deadline reports.")
    as_of: date = Field(description="The day the fields below are judged on.")
    deadline_as_of: date | None = Field(description="The deadline in force on `as_of`.")
    completed_on_as_of: date | None = Field(description="The completion accepted by `as_of`, if any.")
    last_report_on: date | None = Field(description="The last progress report up to `as_of`.")
    status: TaskStatus
    status_label: str
    overdue_age: OverdueAge | None
    overdue_age_label: str
    source_document_id: int | None
    supervising_leader_id: int | None
    version: int = Field(description="Send it back with a change; a newer version on the server means a 409.")
    is_sample: bool
    url: str

    @staticmethod
    def resolve_area_label(task) -> str:
        return str(task.get_area_display())

    @staticmethod
    def resolve_coordinating_unit_ids(task) -> list[int]:
        return sorted(coordination.unit_id for coordination in task.coordinations.all())

    @staticmethod
    def resolve_as_of(task) -> date:
        return task.as_of_day

    @staticmethod
    def resolve_status_label(task) -> str:
        return str(TaskStatus(task.status).label)

    @staticmethod
    def resolve_overdue_age_label(task) -> str:
        return str(OverdueAge(task.overdue_age).label) if task.overdue_age else ""

    @staticmethod
    def resolve_url(task) -> str:
        return task.get_absolute_url()


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: datetime
    download_url: str

    @staticmethod
    def resolve_name(evidence) -> str:
        return evidence.original_name

    @staticmethod
    def resolve_download_url(evidence) -> str:
        return reverse("tasks:evidence_download", args=[evidence.pk])


class ObstacleOut(Schema):
    category: ObstacleCategory
    category_label: str
    description: str

    @staticmethod
    def resolve_category_label(obstacle) -> str:
        return str(obstacle.get_category_display())


class ReportOut(Schema):
    id: int
    unit: UnitRef
    reported_on: date
    narrative: str
    percent_complete: int | None
    corrects_id: int | None = Field(description="The report this one corrects; reports are never edited.")
    submitted_by: UserRef | None
    obstacles: list[ObstacleOut]
    files: list[EvidenceOut]

    @staticmethod
    def resolve_obstacles(report) -> list:
        return list(report.obstacles.all())

    @staticmethod
    def resolve_files(report) -> list:
        return list(report.files.all())


class ExtensionRequestOut(Schema):
    id: int
    task_id: int
    requested_on: date
    current_deadline: date | None = Field(
        description="The deadline in force when the extension was asked for."
    )
    proposed_deadline: date
    reason: str
    request_document_id: int | None
    requested_by: UserRef | None
    decision: Decision
    decision_label: str
    decided_on: date | None
    decided_by: UserRef | None
    decision_comment: str
    decision_document_number: str = Field(description="The number of the document that decides, if any.")
    decision_document_date: date | None = Field(description="The date of the document that decides, if any.")
    decided_at_once: bool = Field(
        description="The assigning unit moved the deadline itself: requested and approved in one step."
    )
    files: list[EvidenceOut]

    @staticmethod
    def resolve_decision_label(request) -> str:
        return str(request.get_decision_display())

    @staticmethod
    def resolve_files(request) -> list:
        return list(request.files.all())


class CompletionProposalOut(Schema):
    id: int
    task_id: int
    proposed_on: date
    result: str
    proposed_by: UserRef | None
    decision: Decision = Field(description="approved: accepted; rejected: returned to the lead unit.")
    decision_label: str
    decided_on: date | None
    decided_by: UserRef | None
    decision_comment: str
    decision_document_number: str = Field(description="The number of the document that decides, if any.")
    decision_document_date: date | None = Field(description="The date of the document that decides, if any.")
    files: list[EvidenceOut]

    @staticmethod
    def resolve_decision_label(proposal) -> str:
        return str(COMPLETION_DECISION_LABELS[proposal.decision])

    @staticmethod
    def resolve_files(proposal) -> list:
        return list(proposal.files.all())


class TaskDetail(TaskSummary):
    description: str
    priority_label: str
    expected_result: str
    source_clause_id: int | None
    source_text: str = Field(description="The words of the clause the task came from, as they were then.")
    supervising_leader: UserRef | None
    coordinating_units: list[UnitRef]
    subtask_ids: list[int]
    deadline_after_parent_reason: str
    completed_on: date | None = Field(description="Now: the day the accepted completion was proposed.")
    cancelled_on: date | None
    cancel_reason: str
    reports: list[ReportOut]
    extension_requests: list[ExtensionRequestOut]
    completion_proposals: list[CompletionProposalOut]

    # The endpoint reads the related rows (through the user's scope) before the schema reads them.
    @staticmethod
    def resolve_priority_label(task) -> str:
        return str(task.get_priority_display())

    @staticmethod
    def resolve_coordinating_units(task) -> list:
        return [coordination.unit for coordination in task.coordinations.all()]

    @staticmethod
    def resolve_subtask_ids(task) -> list[int]:
        return task.api_subtask_ids

    @staticmethod
    def resolve_reports(task) -> list:
        return list(task.reports.all())

    @staticmethod
    def resolve_extension_requests(task) -> list:
        return list(task.extension_requests.all())

    @staticmethod
    def resolve_completion_proposals(task) -> list:
        return list(task.completion_proposals.all())


# -- writes ----------------------------------------------------------------------------------------


class TaskCreate(InputSchema):
    title: Title
    title_en: TitleEn = Field("", description="The title in English, when there is one.")
    lead_unit_id: Id
    assigned_by_unit_id: Id | None = Field(
        None,
        description="The unit that assigns the task and decides its extensions and completion. "
        "Default: the unit of your office membership, when you hold exactly one.",
    )
    assigned_on: Day | None = Field(None, description="Default: today.")
    description: Description = ""
    area: TaskArea = TaskArea.OTHER
    coordinating_unit_ids: list[Id] = []
    source_clause_id: Id | None = Field(
        None, description="The clause the task comes from; its words are quoted."
    )
    source_document_id: Id | None = Field(
        None, description="Without a clause: the document the task comes from."
    )
    supervising_leader_id: Id | None = None
    priority: TaskPriority = TaskPriority.NORMAL
    expected_result: ExpectedResult = ""
    deadline: Day | None = Field(
        None, description="Leave empty for a standing task that reports on a schedule."
    )
    reporting_frequency: ReportingFrequency | Literal[""] = ""


class TaskPatch(InputSchema):
    version: Version = None
    title: Title | None = None
    title_en: TitleEn | None = None
    description: Description | None = None
    area: TaskArea | None = None
    lead_unit_id: Id | None = None
    coordinating_unit_ids: list[Id] | None = None
    supervising_leader_id: Id | None = None
    priority: TaskPriority | None = None
    expected_result: ExpectedResult | None = None
    deadline_after_parent_reason: ParentReason | None = None
    reporting_frequency: ReportingFrequency | Literal[""] | None = None
    # Not offered: the deadline never changes by editing a task (the lead unit requests an extension,
    # or the assigning unit records one). Still read, so a client that sends it hears why (422).
    deadline: SkipJsonSchema[Day | None] = None


class SubtaskCreate(InputSchema):
    title: Title
    title_en: TitleEn = ""
    lead_unit_id: Id = Field(description="A unit strictly below the parent task's lead unit.")
    assigned_on: Day | None = Field(None, description="Default: today.")
    deadline: Day | None = None
    deadline_after_parent_reason: ParentReason = Field(
        "", description="Needed when the deadline is after the parent task's."
    )
    coordinating_unit_ids: list[Id] = []
    description: Description = ""
    expected_result: ExpectedResult = ""
    reporting_frequency: ReportingFrequency | Literal[""] = ""


class ObstacleIn(InputSchema):
    category: ObstacleCategory
    description: Description


class ReportCreate(InputSchema):
    unit_id: Id | None = Field(
        None,
        description="The unit you report for: the lead unit or a coordinating unit. "
        "Default: the first of the task's units you may report for, the lead unit first.",
    )
    reported_on: Day | None = Field(None, description="Default: today.")
    narrative: LongText
    percent_complete: int | None = Field(None, ge=0, le=100, description="0 to 100.")
    obstacles: list[ObstacleIn] = []
    corrects_id: Id | None = Field(None, description="The report this one corrects.")


class ExtensionRequestCreate(InputSchema):
    version: int | None = Field(None, description="The task's version you read.")
    requested_on: Day | None = Field(None, description="Default: today.")
    proposed_deadline: Day
    reason: LongText
    request_document_id: Id | None = Field(None, description="The document asking for the extension.")


class AssignerDecisionIn(InputSchema):
    """The assigning unit's decision on an extension request or a completion proposal."""

    version: int | None = Field(None, description="The task's version you read.")
    approve: bool = Field(
        validation_alias=AliasChoices("approve", "accept"),
        description=(
            "true: approve the extension, or accept the completion; false: reject the extension, or "
            "return the completion to the lead unit. A completion's decision may say `accept` instead."
        ),
    )
    decided_on: Day | None = Field(None, description="Default: today.")
    comment: LongText = Field("", description="Needed to reject or return.")
    decision_document_number: DocumentNumber = Field(
        "", description="The number of the document that carries the decision, if any (with its date)."
    )
    decision_document_date: Day | None = Field(
        None, description="The date of the document that carries the decision (with its number)."
    )


class ExtensionRecordCreate(InputSchema):
    """The assigning unit moves the deadline itself: an extension requested and approved at once."""

    version: int | None = Field(None, description="The task's version you read.")
    decided_on: Day | None = Field(None, description="Default: today.")
    new_deadline: Day = Field(description="After the deadline in force.")
    reason: LongText
    decision_document_number: DocumentNumber = Field(
        "", description="The number of the document that decides the extension, if any (with its date)."
    )
    decision_document_date: Day | None = Field(
        None, description="The date of the document that decides the extension (with its number)."
    )


class CompletionProposalCreate(InputSchema):
    version: int | None = Field(None, description="The task's version you read.")
    proposed_on: Day | None = Field(
        None, description="Default: today. An accepted task is completed on this day."
    )
    result: LongText


class CancelIn(InputSchema):
    version: int | None = Field(None, description="The task's version you read.")
    cancelled_on: Day | None = Field(None, description="Default: today.")
    reason: CancelReason


class CommentIn(InputSchema):
    text: LongText


class CommentOut(Schema):
    id: int
    task_id: int
    author: UserRef | None
    text: str
    created_at: datetime


class RatesQuery(InputSchema):
    unit: Id = Field(description="Id of the unit.")
    subtree: bool = Field(
        True, description="Count the tasks its units below lead too (default), or only its own."
    )
    as_of: Day | None = Field(None, description="Judge every task as of this day. Default: today.")


class RatesOut(Schema):
    """The tasks a unit leads, counted by status on a day, and the rates built from them."""

    unit: UnitRef
    subtree: bool
    as_of: date
    completed_on_time: int
    completed_late: int
    overdue: int
    in_progress: int
    reporting_without_deadline: int
    silent_without_deadline: int
    fallen_due: int = Field(description="completed on time + completed late + overdue")
    completed: int
    completion_rate: float | None = Field(
        description="completed ÷ (completed + overdue), from 0 to 1; null when nothing has fallen due."
    )
    on_time_rate: float | None = Field(
        description="completed on time ÷ (completed + overdue), from 0 to 1; null when nothing fell due."
    )
    formulas: list[str] = Field(description="Each rate as a sentence with its numbers, in your language.")


class TaskImportError(Schema):
    row: int
    column: str = Field(description="The column's letter, e.g. B; empty for the whole file.")
    header: str = Field(description="The column's header as the file writes it.")
    message: str


class TaskImportOut(Schema):
    """An import of tasks from a workbook: `ready` waits for `POST …/confirm`; `failed` lists every
    error by row and column; `done` says how many tasks were created."""

    id: int
    status: str
    status_label: str
    rows_total: int
    rows_done: int
    tasks_to_create: int
    tasks_created: int
    errors: list[TaskImportError]
    preview: dict = Field(description="Counts and the first rows of what a ready import will create.")
    failure_reason: str
    url: str
