"""Every write to tasks: assignment, sub-tasks, edits, progress reports, extensions, completion,
cancellation and comments.

Each action takes the acting user (None for the system: the demo loader, an import; permission
checks are then skipped), runs in one transaction, checks the rules and the user's rights, and
records the change in the change log. Bad input raises ValidationError keyed by the field to fix
(every broken rule at once); a refusal raises PermissionDenied; a stale `expected_version` (the
version of the TASK the user loaded) raises StaleObjectError. Every uploaded file is checked
before anything is written, and files are stored last, so a refusal leaves nothing behind.

Extension requests and completion proposals are both requests the assigning unit decides: one
action, `decide_request`, holds the rules they share and a `DecisionEffect` a kind what differs.
A deadline never changes by editing the task: only an approved extension moves it, asked by the
lead unit or recorded by the assigning unit with its decision at once (`record_extension`); the
original deadline is written once, at assignment.

Writes that change where a task stands (edits, extension requests and decisions, completion
proposals and decisions, cancellation) bump `Task.version` and write a change-log row on the
task, so a form loaded before them is refused with the name of who changed it. Progress reports
and comments add to the record without changing the task: two people may report at once. They
still lock the task, so a report never lands on a task cancelled or completed in the meantime.

Event dates (a report's date, a decision's date…) are given by the caller — the forms use today —
and may not lie in the future nor before the task was assigned.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.actions.errors import Errors
from resolute.core.changelog import record_change, record_creations, snapshot
from resolute.core.concurrency import lock_for_update
from resolute.core.events import emit
from resolute.core.files import check_upload, kept_only_if_saved
from resolute.core.models import ChangeLogEntry
from resolute.directives.models import Document
from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for

from .. import events
from ..models import (
    CompletionProposal,
    Decision,
    Evidence,
    ExtensionRequest,
    Obstacle,
    ObstacleCategory,
    ProgressReport,
    ReportingFrequency,
    Task,
    TaskArea,
    TaskComment,
    TaskCoordination,
    TaskPriority,
)
from ..permissions import (
    can_act_as_lead,
    can_assign_to,
    can_decide_for,
    can_split_task,
    can_view_task,
)
from .copies import keep_copies

# What an edit may change. The deadline is not among them: it is set at assignment, and a later one
# comes only from an approved extension (`request_extension` + `decide_request`, or
# `record_extension` when the assigning unit decides at once), so the original stays on record.
EDITABLE_FIELDS = [
    "title",
    "title_en",
    "description",
    "area",
    "priority",
    "expected_result",
    "supervising_leader",
    "reporting_frequency",
    "lead_unit",
    "coordinating_units",
    "deadline_after_parent_reason",
]
LOGGED_ON_CREATE = [
    "title",
    "title_en",
    "description",
    "area",
    "source_document",
    "parent",
    "lead_unit",
    "coordinating_units",
    "assigned_by_unit",
    "assigned_on",
    "supervising_leader",
    "priority",
    "expected_result",
    "deadline",
    "reporting_frequency",
    "deadline_after_parent_reason",
]
LOGGED_ON_EDIT = EDITABLE_FIELDS
# The task fields the workflow (extensions, completion, cancellation) changes. A change-log row of
# the task that touches any other field is an edit (see selectors.timeline).
WORKFLOW_FIELDS = {"deadline", "completed_on", "cancelled_on", "cancel_reason"}
# The task fields today's status reads that an action may change: copied by `copies.keep_copies`.
STATUS_FIELDS = {"deadline", "completed_on", "cancelled_on"}
REPORT_LOGGED_FIELDS = ["unit", "reported_on", "narrative", "percent_complete", "corrects"]
NOTE_MAX_LENGTH = 500
DOCUMENT_NUMBER_MAX_LENGTH = 100


# -- helpers ---------------------------------------------------------------------------------------


def _person(acting_user):
    """The user to record as author: nobody for the system."""
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _note(text: str) -> str:
    return text if len(text) <= NOTE_MAX_LENGTH else text[: NOTE_MAX_LENGTH - 1] + "…"


def _is_blank(text) -> bool:
    return not (text or "").strip()


def _distinct_units(units) -> list:
    seen, result = set(), []
    for unit in units or ():
        if unit.pk not in seen:
            seen.add(unit.pk)
            result.append(unit)
    return result


def _closed_before(unit, day: date) -> bool:
    return unit.effective_to is not None and unit.effective_to < day


def _ensure_task_open(task: Task) -> None:
    """Nothing more happens on a cancelled or completed task."""
    if task.cancelled_on is not None:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _("This task was cancelled on %(date)s; nothing more can be done on it.")
                % {"date": _day(task.cancelled_on)}
            }
        )
    if task.completed_on is not None:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _("This task was completed on %(date)s; nothing more can be done on it.")
                % {"date": _day(task.completed_on)}
            }
        )


def _check_event_date(errors: Errors, task: Task, day: date, field: str, label: str) -> None:
    """An event on a task happens on or after its assignment, and not in the future."""
    if day < task.assigned_on:
        errors.add(
            field,
            _("%(label)s (%(date)s) is before the task was assigned (%(assigned)s).")
            % {"label": label, "date": _day(day), "assigned": _day(task.assigned_on)},
        )
    if day > clock.today():
        errors.add(
            field,
            _("%(label)s (%(date)s) is in the future; enter a date up to today.")
            % {"label": label, "date": _day(day)},
        )


def _check_units(
    errors: Errors, *, lead_unit, coordinating_units, on: date, unchanged_ids: frozenset = frozenset()
) -> None:
    """The lead unit is not also coordinating; no unit has closed by `on` (units already on the
    task, `unchanged_ids`, may stay)."""
    if lead_unit.pk not in unchanged_ids and _closed_before(lead_unit, on):
        errors.add(
            "lead_unit",
            _("%(unit)s closed on %(date)s; choose an open unit.")
            % {"unit": lead_unit, "date": _day(lead_unit.effective_to)},
        )
    for unit in coordinating_units:
        if unit.pk == lead_unit.pk:
            errors.add(
                "coordinating_units",
                _("%(unit)s is the lead unit; it cannot also be a coordinating unit.") % {"unit": unit},
            )
        elif unit.pk not in unchanged_ids and _closed_before(unit, on):
            errors.add(
                "coordinating_units",
                _("%(unit)s closed on %(date)s; choose open units.")
                % {"unit": unit, "date": _day(unit.effective_to)},
            )


def _check_deadline(errors: Errors, *, deadline, assigned_on: date) -> None:
    if deadline is not None and deadline < assigned_on:
        errors.add(
            "deadline",
            _("The deadline (%(deadline)s) is before the assignment date (%(assigned)s).")
            % {"deadline": _day(deadline), "assigned": _day(assigned_on)},
        )


def _check_deadline_against_parent(errors: Errors, *, parent: Task | None, deadline, reason: str) -> str:
    """A sub-task due after its parent needs a stated reason (and is flagged); the reason is kept
    only when it explains something."""
    if parent is None or deadline is None or parent.deadline is None or deadline <= parent.deadline:
        return ""
    if _is_blank(reason):
        errors.add(
            "deadline_after_parent_reason",
            _(
                "The deadline %(deadline)s is after the deadline of the task it splits (%(parent)s): "
                "state why, or choose an earlier deadline."
            )
            % {"deadline": _day(deadline), "parent": _day(parent.deadline)},
        )
    return reason.strip()


def _check_below_parent_lead(errors: Errors, *, parent: Task, lead_unit, coordinating_units) -> None:
    if not lead_unit.is_descendant_of(parent.lead_unit):
        errors.add(
            "lead_unit",
            _("A sub-task goes to a unit below %(unit)s, the lead unit of the task it splits.")
            % {"unit": parent.lead_unit},
        )
    for unit in coordinating_units:
        if unit.pk != lead_unit.pk and not unit.is_descendant_of(parent.lead_unit):
            errors.add(
                "coordinating_units",
                _("%(unit)s is not below %(lead)s, the lead unit of the task it splits.")
                % {"unit": unit, "lead": parent.lead_unit},
            )


def _check_choices(errors: Errors, **values) -> None:
    choices = {"area": TaskArea, "priority": TaskPriority, "reporting_frequency": ReportingFrequency}
    for field, value in values.items():
        allowed = set(choices[field].values) | ({""} if field == "reporting_frequency" else set())
        if value not in allowed:
            errors.add(field, _("“%(value)s” is not one of the choices.") % {"value": value})


def _check_files(errors: Errors, files) -> list:
    files = [uploaded_file for uploaded_file in files or () if uploaded_file]
    for uploaded_file in files:
        try:
            check_upload(uploaded_file, field="files", field_label=_("Evidence"))
        except ValidationError as error:
            for message in error.message_dict["files"]:
                errors.add("files", message)
    return files


def _store_evidence(files, *, task: Task, acting_user, **owner) -> list[Evidence]:
    """Store checked files under generated names, keeping the names the user gave for downloads."""
    stored = []
    for uploaded_file in files:
        evidence = Evidence(task=task, **owner)
        evidence.take(
            uploaded_file,
            check_upload(uploaded_file, field="files"),
            uploaded_by=_person(acting_user),
            default_stem="evidence",
        )
        with kept_only_if_saved(evidence):
            evidence.save()
        stored.append(evidence)
    return stored


def _files_note(stored: list[Evidence]) -> str:
    if not stored:
        return ""
    return _("Files: %(names)s.") % {"names": ", ".join(evidence.original_name for evidence in stored)}


def _bump_and_log(acting_user, task: Task, *, note: str, before: dict | None = None) -> None:
    """Save the task with its version moved on and log it, so a stale form names this change. A
    change of a status column is copied to the coordinations and the tally (`copies`)."""
    task.version += 1
    task.save()
    if STATUS_FIELDS & set(before or {}):
        keep_copies([task.pk])
    record_change(
        actor=acting_user,
        instance=task,
        action=ChangeLogEntry.Action.UPDATE,
        before=before or {},
        fields=list((before or {}).keys()),
        note=_note(note),
    )


def _set_coordinating_units(task: Task, units) -> None:
    wanted = {unit.pk for unit in units}
    current = set(task.coordinations.values_list("unit_id", flat=True))
    if current - wanted:
        task.coordinations.filter(unit_id__in=current - wanted).delete()
    TaskCoordination.objects.bulk_create(
        [TaskCoordination(task=task, unit=unit) for unit in units if unit.pk not in current]
    )


def _check_document_visible(errors: Errors, acting_user, document, field: str) -> None:
    if document is None or acting_user is None:
        return
    if not Document.objects.visible_to(acting_user).filter(pk=document.pk).exists():
        errors.add(field, _("Choose a document you can see."))


# -- assignment ------------------------------------------------------------------------------------


def _check_assigner(acting_user, *, lead_unit, coordinating_units, assigned_by_unit) -> None:
    """The acting user may assign to these units, in the name of this body (the system always may)."""
    if acting_user is None:
        return
    if not can_assign_to(acting_user, lead_unit, coordinating_units):
        raise PermissionDenied(
            _("You may assign tasks only to units within the jurisdiction of your office.")
        )
    if not scope_for(acting_user).covers(assigned_by_unit, Role.OFFICE):
        raise PermissionDenied(_("You may assign tasks only in the name of a body whose office you work in."))


def _check_new_task(
    errors: Errors,
    *,
    acting_user,
    title: str,
    lead_unit,
    coordinating_units,
    assigned_by_unit,
    assigned_on: date,
    deadline,
    area: str,
    priority: str,
    reporting_frequency: str,
    source_clause,
    source_document,
    document_visible=None,
):
    """The rules of a new task, gathered in `errors` by field; returns the source document (the
    clause's when a clause is given). `document_visible(document)` answers whether the acting user
    sees a document (many tasks from one file ask once per document)."""
    if _is_blank(title):
        errors.add("title", _("Enter the title of the task."))
    document_field = "source_document"
    if source_clause is not None:
        source_document, document_field = source_clause.document, "source_clause"
    if source_document is not None and acting_user is not None:
        visible = (
            document_visible(source_document)
            if document_visible is not None
            else Document.objects.visible_to(acting_user).filter(pk=source_document.pk).exists()
        )
        if not visible:
            errors.add(document_field, _("Choose a document you can see."))
    _check_choices(errors, area=area, priority=priority, reporting_frequency=reporting_frequency)
    _check_deadline(errors, deadline=deadline, assigned_on=assigned_on)
    _check_units(errors, lead_unit=lead_unit, coordinating_units=coordinating_units, on=assigned_on)
    if _closed_before(assigned_by_unit, assigned_on):
        errors.add(
            "assigned_by_unit",
            _("%(unit)s closed on %(date)s; choose an open unit.")
            % {"unit": assigned_by_unit, "date": _day(assigned_by_unit.effective_to)},
        )
    return source_document


def _new_task(*, acting_user, title: str, title_en: str, source_clause, **fields) -> Task:
    """The unsaved task of an assignment (its deadline in force is the original one)."""
    return Task(
        title=title.strip(),
        title_en=(title_en or "").strip(),
        source_clause=source_clause,
        source_text=source_clause.text if source_clause is not None else "",
        assigned_by=_person(acting_user),
        original_deadline=fields["deadline"],
        **fields,
    )


@transaction.atomic
def create_task(
    *,
    acting_user,
    title: str,
    lead_unit,
    assigned_by_unit,
    assigned_on: date,
    title_en: str = "",
    description: str = "",
    area: str = TaskArea.OTHER,
    coordinating_units=(),
    source_clause=None,
    source_document=None,
    supervising_leader=None,
    priority: str = TaskPriority.NORMAL,
    expected_result: str = "",
    deadline: date | None = None,
    reporting_frequency: str = "",
    is_sample: bool = False,
) -> Task:
    """Assign a task to one lead unit, with coordinating units and a deadline or none (a standing
    task that reports on a schedule). A source clause sets the source document and quotes its words."""
    coordinating_units = _distinct_units(coordinating_units)
    _check_assigner(
        acting_user,
        lead_unit=lead_unit,
        coordinating_units=coordinating_units,
        assigned_by_unit=assigned_by_unit,
    )
    errors = Errors()
    source_document = _check_new_task(
        errors,
        acting_user=acting_user,
        title=title,
        lead_unit=lead_unit,
        coordinating_units=coordinating_units,
        assigned_by_unit=assigned_by_unit,
        assigned_on=assigned_on,
        deadline=deadline,
        area=area,
        priority=priority,
        reporting_frequency=reporting_frequency,
        source_clause=source_clause,
        source_document=source_document,
    )
    errors.raise_if_any()
    task = _new_task(
        acting_user=acting_user,
        title=title,
        title_en=title_en,
        source_clause=source_clause,
        description=description,
        area=area,
        source_document=source_document,
        lead_unit=lead_unit,
        assigned_by_unit=assigned_by_unit,
        assigned_on=assigned_on,
        supervising_leader=supervising_leader,
        priority=priority,
        expected_result=expected_result,
        deadline=deadline,
        reporting_frequency=reporting_frequency,
        is_sample=is_sample,
    )
    task.save()
    _set_coordinating_units(task, coordinating_units)
    keep_copies([task.pk])
    record_change(
        actor=acting_user, instance=task, action=ChangeLogEntry.Action.CREATE, fields=LOGGED_ON_CREATE
    )
    emit(events.TASK_ASSIGNED, lambda: events.task_assigned(task))
    return task


@dataclass
class NewTask:
    """One task of many assigned at once (`create_tasks`): what differs from task to task."""

    title: str
    lead_unit: object
    coordinating_units: list = dataclass_field(default_factory=list)
    deadline: date | None = None
    source_document: object = None
    source_clause: object = None
    description: str = ""


class TasksRefused(ValidationError):
    """Some of the tasks given to `create_tasks` break a rule: `by_task` maps the position of each
    such task in the list to its errors by field, as `create_task` would raise them."""

    def __init__(self, by_task: dict[int, dict[str, list[str]]]):
        self.by_task = by_task
        super().__init__(
            {
                NON_FIELD_ERRORS: [
                    _("%(count)s of the tasks break a rule; nothing was created.") % {"count": len(by_task)}
                ]
            }
        )


class _VisibleDocuments:
    """Whether the acting user sees a document, asked once per document."""

    def __init__(self, acting_user):
        self.acting_user = acting_user
        self.known: dict[int, bool] = {}

    def __call__(self, document) -> bool:
        if document.pk not in self.known:
            self.known[document.pk] = (
                Document.objects.visible_to(self.acting_user).filter(pk=document.pk).exists()
            )
        return self.known[document.pk]


def new_task_errors(
    *, acting_user, tasks: list[NewTask], assigned_by_unit, assigned_on: date
) -> dict[int, dict[str, list[str]]]:
    """The rules `create_tasks` would enforce, checked without writing: {position: {field: messages}}
    of the tasks that break one (a unit the user may not assign to is an error of its field here,
    where `create_tasks` refuses the whole list). Lets an import show every problem before it saves."""
    scope = scope_for(acting_user) if acting_user is not None else None
    visible = _VisibleDocuments(acting_user)
    by_task: dict[int, dict[str, list[str]]] = {}
    for position, new in enumerate(tasks):
        errors = Errors()
        coordinating = _distinct_units(new.coordinating_units)
        if scope is not None:
            message = _("You may assign tasks only to units within the jurisdiction of your office.")
            if not scope.covers(new.lead_unit, Role.OFFICE):
                errors.add("lead_unit", message)
            if not all(scope.covers(unit, Role.OFFICE) for unit in coordinating):
                errors.add("coordinating_units", message)
            if not scope.covers(assigned_by_unit, Role.OFFICE):
                errors.add(
                    "assigned_by_unit",
                    _("You may assign tasks only in the name of a body whose office you work in."),
                )
        _check_new_task(
            errors,
            acting_user=acting_user,
            title=new.title,
            lead_unit=new.lead_unit,
            coordinating_units=coordinating,
            assigned_by_unit=assigned_by_unit,
            assigned_on=assigned_on,
            deadline=new.deadline,
            area=TaskArea.OTHER,
            priority=TaskPriority.NORMAL,
            reporting_frequency="",
            source_clause=new.source_clause,
            source_document=new.source_document,
            document_visible=visible,
        )
        if errors.by_field:
            by_task[position] = errors.by_field
    return by_task


@transaction.atomic
def create_tasks(*, acting_user, tasks: list[NewTask], assigned_by_unit, assigned_on: date) -> list[Task]:
    """Assign many tasks at once in the name of `assigned_by_unit` (an import): the rules, the change
    log, the coordinations' copies and the status tally of `create_task`, in a few statements per
    thousand tasks instead of a dozen per task. All or nothing: a unit the user may not assign to
    refuses the whole list (PermissionDenied); any broken rule raises `TasksRefused`, naming each
    task's errors by field, and creates none."""
    prepared = [(new, _distinct_units(new.coordinating_units)) for new in tasks]
    if acting_user is not None:
        for new, coordinating in prepared:
            _check_assigner(
                acting_user,
                lead_unit=new.lead_unit,
                coordinating_units=coordinating,
                assigned_by_unit=assigned_by_unit,
            )
    refused = new_task_errors(
        acting_user=acting_user, tasks=tasks, assigned_by_unit=assigned_by_unit, assigned_on=assigned_on
    )
    if refused:
        raise TasksRefused(refused)
    created = [
        _new_task(
            acting_user=acting_user,
            title=new.title,
            title_en="",
            source_clause=new.source_clause,
            description=new.description,
            area=TaskArea.OTHER,
            source_document=new.source_clause.document
            if new.source_clause is not None
            else new.source_document,
            lead_unit=new.lead_unit,
            assigned_by_unit=assigned_by_unit,
            assigned_on=assigned_on,
            priority=TaskPriority.NORMAL,
            deadline=new.deadline,
            reporting_frequency="",
        )
        for new, _coordinating in prepared
    ]
    Task.objects.bulk_create(created, batch_size=500)
    TaskCoordination.objects.bulk_create(
        [
            TaskCoordination(task=task, unit=unit)
            for task, (_new, coordinating) in zip(created, prepared, strict=True)
            for unit in coordinating
        ],
        batch_size=1000,
    )
    task_ids = [task.pk for task in created]
    keep_copies(task_ids)
    for chunk_start in range(0, len(created), 500):
        chunk = created[chunk_start : chunk_start + 500]
        # The log names each task's coordinating units: read once per chunk, not once per task.
        prefetch_related_objects(chunk, "coordinating_units")
        record_creations(actor=acting_user, instances=chunk, fields=LOGGED_ON_CREATE)
    emit(events.TASK_ASSIGNED, *[partial(events.task_assigned, task) for task in created])
    return created


@transaction.atomic
def create_subtask(
    *,
    acting_user,
    parent: Task,
    title: str,
    lead_unit,
    assigned_on: date,
    deadline: date | None = None,
    deadline_after_parent_reason: str = "",
    coordinating_units=(),
    title_en: str = "",
    description: str = "",
    expected_result: str = "",
    reporting_frequency: str = "",
    is_sample: bool = False,
) -> Task:
    """The manager of a task's lead unit gives part of it to a unit below. The sub-task is assigned
    by the parent's lead unit (which so decides its extensions and completion) and keeps the
    parent's area, priority, source and supervising leader."""
    # Locked so the parent cannot be cancelled or completed while it is being split.
    parent = lock_for_update(parent, None)
    _ensure_task_open(parent)
    if acting_user is not None and not can_split_task(acting_user, parent):
        raise PermissionDenied(_("Only a manager of the lead unit may split this task into sub-tasks."))
    coordinating_units = _distinct_units(coordinating_units)
    errors = Errors()
    if _is_blank(title):
        errors.add("title", _("Enter the title of the sub-task."))
    _check_choices(errors, reporting_frequency=reporting_frequency)
    _check_below_parent_lead(
        errors, parent=parent, lead_unit=lead_unit, coordinating_units=coordinating_units
    )
    if assigned_on < parent.assigned_on:
        errors.add(
            "assigned_on",
            _("A sub-task cannot be assigned (%(date)s) before the task it splits (%(parent)s).")
            % {"date": _day(assigned_on), "parent": _day(parent.assigned_on)},
        )
    _check_deadline(errors, deadline=deadline, assigned_on=assigned_on)
    _check_units(errors, lead_unit=lead_unit, coordinating_units=coordinating_units, on=assigned_on)
    reason = _check_deadline_against_parent(
        errors, parent=parent, deadline=deadline, reason=deadline_after_parent_reason
    )
    errors.raise_if_any()
    task = Task.objects.create(
        parent=parent,
        title=title.strip(),
        title_en=(title_en or "").strip(),
        description=description,
        area=parent.area,
        priority=parent.priority,
        source_document=parent.source_document,
        source_clause=parent.source_clause,
        source_text=parent.source_text,
        supervising_leader=parent.supervising_leader,
        lead_unit=lead_unit,
        assigned_by_unit=parent.lead_unit,
        assigned_by=_person(acting_user),
        assigned_on=assigned_on,
        expected_result=expected_result,
        original_deadline=deadline,
        deadline=deadline,
        deadline_after_parent_reason=reason,
        reporting_frequency=reporting_frequency,
        is_sample=is_sample,
    )
    _set_coordinating_units(task, coordinating_units)
    keep_copies([task.pk])
    record_change(
        actor=acting_user, instance=task, action=ChangeLogEntry.Action.CREATE, fields=LOGGED_ON_CREATE
    )
    emit(events.TASK_ASSIGNED, lambda: events.task_assigned(task))
    return task


@transaction.atomic
def update_task(*, acting_user, task: Task, expected_version: int | None = None, **changes) -> Task:
    """Change what was assigned: title, description, units, leader, priority, expected result and
    reporting frequency. Never the deadline: after assignment a deadline moves only through an
    approved extension (asked by the lead unit, or recorded by the assigning unit with its decision),
    and the original deadline is never written again. A `deadline` other than the one in force is
    refused with the way to move it."""
    unknown = set(changes) - {*EDITABLE_FIELDS, "deadline"}
    if unknown:
        raise ValueError(f"not editable here: {', '.join(sorted(unknown))}")
    task = lock_for_update(task, expected_version)
    _ensure_task_open(task)
    if acting_user is not None and not can_decide_for(acting_user, task):
        raise PermissionDenied(_("Only the unit that assigned this task may change it."))
    current_coordinating = list(task.coordinating_units.all())
    lead_unit = changes.get("lead_unit", task.lead_unit)
    coordinating_units = _distinct_units(changes.get("coordinating_units", current_coordinating))
    parent = task.parent
    units_changed = "lead_unit" in changes or "coordinating_units" in changes
    if (
        units_changed
        and acting_user is not None
        and parent is None
        and not can_assign_to(acting_user, lead_unit, coordinating_units)
    ):
        raise PermissionDenied(
            _("You may assign tasks only to units within the jurisdiction of your office.")
        )
    errors = Errors()
    if "deadline" in changes and changes.pop("deadline") != task.deadline:
        errors.add("deadline", deadline_not_editable_message())
    if "title" in changes and _is_blank(changes["title"]):
        errors.add("title", _("Enter the title of the task."))
    _check_choices(
        errors,
        **{name: changes[name] for name in ("area", "priority", "reporting_frequency") if name in changes},
    )
    if units_changed:
        if parent is not None:
            _check_below_parent_lead(
                errors, parent=parent, lead_unit=lead_unit, coordinating_units=coordinating_units
            )
        _check_units(
            errors,
            lead_unit=lead_unit,
            coordinating_units=coordinating_units,
            on=max(task.assigned_on, clock.today()),
            unchanged_ids=frozenset([task.lead_unit_id, *(unit.pk for unit in current_coordinating)]),
        )
    reason = _check_deadline_against_parent(
        errors,
        parent=parent,
        deadline=task.deadline,
        reason=changes.get("deadline_after_parent_reason", task.deadline_after_parent_reason),
    )
    errors.raise_if_any()

    before = snapshot(task, LOGGED_ON_EDIT)
    before_lead_unit = task.lead_unit_id
    former_lead_unit = task.lead_unit if "lead_unit" in changes else None
    for field, value in changes.items():
        if field != "coordinating_units":
            setattr(task, field, value.strip() if field in ("title", "title_en") else value)
    task.deadline_after_parent_reason = reason
    if "coordinating_units" in changes:
        _set_coordinating_units(task, coordinating_units)
    if snapshot(task, LOGGED_ON_EDIT) == before:
        return task
    task.version += 1
    task.save()
    if "lead_unit" in changes or "coordinating_units" in changes:
        keep_copies([task.pk], former_lead_units=[before_lead_unit])
    record_change(actor=acting_user, instance=task, action=ChangeLogEntry.Action.UPDATE, before=before)
    if task.lead_unit_id != before_lead_unit:
        emit(events.TASK_ASSIGNED, lambda: events.task_assigned(task, former_lead_unit=former_lead_unit))
    return task


def deadline_not_editable_message() -> str:
    """Why editing a task cannot move its deadline, and what to do instead (pages, API, imports)."""
    return _(
        "The deadline cannot be changed by editing the task: it was set when the task was assigned. "
        "A later deadline comes only from an approved extension: the lead unit requests one, or the "
        "assigning unit records one with its decision."
    )


# -- follow-up -------------------------------------------------------------------------------------


@transaction.atomic
def report_progress(
    *,
    acting_user,
    task: Task,
    unit,
    reported_on: date,
    narrative: str,
    percent_complete: int | None = None,
    obstacles=(),
    files=(),
    corrects: ProgressReport | None = None,
    is_sample: bool = False,
    expected_version: int | None = None,
) -> ProgressReport:
    """The lead unit, or a coordinating unit for its own part, reports progress on a day: what was
    done, optionally how far along (0–100%), the obstacles met as (category, description), and
    evidence files. A report is never edited: a correction is a new report naming the one it
    corrects. The task's version is not moved (nobody's form goes stale because of a report)."""
    task = lock_for_update(task, expected_version)
    _ensure_task_open(task)
    task_unit_ids = {task.lead_unit_id, *task.coordinations.values_list("unit_id", flat=True)}
    if unit.pk not in task_unit_ids:
        raise ValidationError(
            {
                "unit": _("%(unit)s is neither the lead unit nor a coordinating unit of this task.")
                % {"unit": unit}
            }
        )
    if acting_user is not None and not scope_for(acting_user).covers(unit, Role.REPORTER):
        raise PermissionDenied(_("You may not report for %(unit)s.") % {"unit": unit})
    errors = Errors()
    if _is_blank(narrative):
        errors.add("narrative", _("Describe the progress made."))
    if percent_complete is not None and not 0 <= percent_complete <= 100:
        errors.add("percent_complete", _("Enter a percentage from 0 to 100."))
    _check_event_date(errors, task, reported_on, "reported_on", _("The report date"))
    if corrects is not None:
        if corrects.task_id != task.pk:
            errors.add("corrects", _("A correction corrects a report on the same task."))
        elif corrects.unit_id != unit.pk:
            errors.add(
                "corrects",
                _("A report is corrected by the unit that made it, %(unit)s.") % {"unit": corrects.unit},
            )
    obstacle_rows = []
    for category, description in obstacles or ():
        if category not in ObstacleCategory.values:
            errors.add("obstacles", _("Choose the kind of each obstacle."))
        elif _is_blank(description):
            errors.add("obstacles", _("Describe what blocks the work for each obstacle."))
        else:
            obstacle_rows.append((category, description.strip()))
    files = _check_files(errors, files)
    errors.raise_if_any()
    report = ProgressReport.objects.create(
        task=task,
        unit=unit,
        reported_on=reported_on,
        narrative=narrative.strip(),
        percent_complete=percent_complete,
        corrects=corrects,
        submitted_by=_person(acting_user),
        is_sample=is_sample,
    )
    if task.last_reported_on is None or reported_on > task.last_reported_on:
        # Not through save(): the version stays, as the docstring says.
        Task.objects.filter(pk=task.pk).update(last_reported_on=reported_on)
        task.last_reported_on = reported_on
        keep_copies([task.pk])
    Obstacle.objects.bulk_create(
        [Obstacle(report=report, category=category, description=text) for category, text in obstacle_rows]
    )
    stored = _store_evidence(files, task=task, acting_user=acting_user, report=report)
    record_change(
        actor=acting_user,
        instance=report,
        action=ChangeLogEntry.Action.CREATE,
        fields=REPORT_LOGGED_FIELDS,
        note=_note(_files_note(stored)),
    )
    emit(events.PROGRESS_REPORTED, lambda: events.progress_reported(report))
    return report


@transaction.atomic
def request_extension(
    *,
    acting_user,
    task: Task,
    requested_on: date,
    proposed_deadline: date,
    reason: str,
    request_document=None,
    files=(),
    expected_version: int | None = None,
    is_sample: bool = False,
) -> ExtensionRequest:
    """The lead unit asks for a later deadline, with a reason (and optionally the document that asks
    for it, and files). One request at a time waits for a decision."""
    task = lock_for_update(task, expected_version)
    _ensure_task_open(task)
    if acting_user is not None and not can_act_as_lead(acting_user, task):
        raise PermissionDenied(_("Only the lead unit may ask for an extension."))
    errors = Errors()
    pending = task.extension_requests.pending().first()
    if pending is not None:
        errors.add(
            NON_FIELD_ERRORS,
            _("The extension request of %(date)s is still waiting for a decision.")
            % {"date": _day(pending.requested_on)},
        )
    if task.deadline is None:
        errors.add("proposed_deadline", _("This task has no deadline to extend."))
    elif proposed_deadline <= task.deadline:
        errors.add(
            "proposed_deadline",
            _("The proposed deadline must be after the current deadline (%(deadline)s).")
            % {"deadline": _day(task.deadline)},
        )
    if _is_blank(reason):
        errors.add("reason", _("Give the reason for the extension."))
    _check_event_date(errors, task, requested_on, "requested_on", _("The request date"))
    last_decided = task.extension_requests.last_decided_on()
    if last_decided is not None and requested_on < last_decided:
        errors.add(
            "requested_on",
            _("The request date (%(date)s) is before the previous extension was decided (%(decided)s).")
            % {"date": _day(requested_on), "decided": _day(last_decided)},
        )
    _check_document_visible(errors, acting_user, request_document, "request_document")
    files = _check_files(errors, files)
    errors.raise_if_any()
    request = ExtensionRequest.objects.create(
        task=task,
        requested_on=requested_on,
        current_deadline=task.deadline,
        proposed_deadline=proposed_deadline,
        reason=reason.strip(),
        request_document=request_document,
        requested_by=_person(acting_user),
        is_sample=is_sample,
    )
    stored = _store_evidence(files, task=task, acting_user=acting_user, extension_request=request)
    _bump_and_log(
        acting_user,
        task,
        note=" ".join(
            filter(
                None,
                [
                    _("Extension requested: deadline %(current)s → %(proposed)s. Reason: %(reason)s")
                    % {
                        "current": _day(task.deadline),
                        "proposed": _day(proposed_deadline),
                        "reason": request.reason,
                    },
                    _files_note(stored),
                ],
            )
        ),
    )
    return request


@transaction.atomic
def propose_completion(
    *,
    acting_user,
    task: Task,
    proposed_on: date,
    result: str,
    files=(),
    expected_version: int | None = None,
    is_sample: bool = False,
) -> CompletionProposal:
    """The lead unit says the task is done, with the result and evidence; the assigning unit will
    accept or return it. One proposal at a time waits for a decision."""
    task = lock_for_update(task, expected_version)
    _ensure_task_open(task)
    if acting_user is not None and not can_act_as_lead(acting_user, task):
        raise PermissionDenied(_("Only the lead unit may propose that the task is complete."))
    errors = Errors()
    pending = task.completion_proposals.pending().first()
    if pending is not None:
        errors.add(
            NON_FIELD_ERRORS,
            _("The completion proposed on %(date)s is still waiting for a decision.")
            % {"date": _day(pending.proposed_on)},
        )
    if _is_blank(result):
        errors.add("result", _("Describe the result achieved."))
    _check_event_date(errors, task, proposed_on, "proposed_on", _("The proposal date"))
    last_decided = task.completion_proposals.last_decided_on()
    if last_decided is not None and proposed_on < last_decided:
        errors.add(
            "proposed_on",
            _("The proposal date (%(date)s) is before the previous proposal was returned (%(decided)s).")
            % {"date": _day(proposed_on), "decided": _day(last_decided)},
        )
    files = _check_files(errors, files)
    errors.raise_if_any()
    proposal = CompletionProposal.objects.create(
        task=task,
        proposed_on=proposed_on,
        result=result.strip(),
        proposed_by=_person(acting_user),
        is_sample=is_sample,
    )
    stored = _store_evidence(files, task=task, acting_user=acting_user, completion=proposal)
    _bump_and_log(
        acting_user,
        task,
        note=" ".join(
            filter(
                None,
                [_("Completion proposed: %(result)s") % {"result": proposal.result}, _files_note(stored)],
            )
        ),
    )
    return proposal


# -- the assigning unit's decision ----------------------------------------------------------------


class DecisionEffect(ABC):
    """What deciding on one kind of request checks beyond the common rules, what it does to the
    task, and how its messages read. The common rules: only the assigning unit decides, on an open
    task, once, not before the request was made nor after today, and a refusal says why."""

    # The task's fields the decision may change, logged with their old values.
    task_fields: list[str] = []

    @abstractmethod
    def not_the_assigner(self) -> str:
        """Why someone other than the assigning unit is refused."""

    @abstractmethod
    def already_decided(self, request) -> str:
        """The error when `request` was decided before."""

    @abstractmethod
    def refusal_needs_comment(self) -> str:
        """The error when a refusal says nothing."""

    @abstractmethod
    def decided_before_asked(self, decided_on: date, request) -> str:
        """The error when the decision would come before the request."""

    def check(self, errors: Errors, task: Task, request, *, approve: bool) -> None:  # noqa: B027
        """Add the broken rules of this kind only; a kind without any keeps this."""

    @abstractmethod
    def apply(self, task: Task, request, *, approve: bool) -> str:
        """Change the task as the decision says; returns the note of the task's change-log row."""


class ExtensionDecision(DecisionEffect):
    """An approval moves the deadline to the one proposed; the original stays on record."""

    task_fields = ["deadline"]

    def not_the_assigner(self) -> str:
        return _("Only the unit that assigned this task decides on its extensions.")

    def already_decided(self, request) -> str:
        return _("This request was already decided on %(date)s.") % {"date": _day(request.decided_on)}

    def refusal_needs_comment(self) -> str:
        return _("Say why the extension is rejected.")

    def decided_before_asked(self, decided_on: date, request) -> str:
        return _("The decision date (%(date)s) is before the request was made (%(requested)s).") % {
            "date": _day(decided_on),
            "requested": _day(request.requested_on),
        }

    def check(self, errors: Errors, task: Task, request, *, approve: bool) -> None:
        if approve and task.deadline is not None and request.proposed_deadline <= task.deadline:
            errors.add(
                "decision",
                _("The proposed deadline is no later than the current one (%(deadline)s).")
                % {"deadline": _day(task.deadline)},
            )

    def apply(self, task: Task, request, *, approve: bool) -> str:
        if not approve:
            return _("Extension rejected: %(comment)s") % {"comment": request.decision_comment}
        task.deadline = request.proposed_deadline
        task.deadline_changed_on = request.decided_on
        return _("Extension approved: the deadline is now %(deadline)s.") % {"deadline": _day(task.deadline)}


class CompletionDecision(DecisionEffect):
    """An acceptance completes the task on the day it was proposed; a return leaves it open."""

    task_fields = ["completed_on"]

    def not_the_assigner(self) -> str:
        return _("Only the unit that assigned this task accepts or returns its completion.")

    def already_decided(self, request) -> str:
        return _("This proposal was already decided on %(date)s.") % {"date": _day(request.decided_on)}

    def refusal_needs_comment(self) -> str:
        return _("Say why the completion is returned.")

    def decided_before_asked(self, decided_on: date, request) -> str:
        return _("The decision date (%(date)s) is before the completion was proposed (%(proposed)s).") % {
            "date": _day(decided_on),
            "proposed": _day(request.proposed_on),
        }

    def apply(self, task: Task, request, *, approve: bool) -> str:
        if not approve:
            return _("Completion returned: %(comment)s") % {"comment": request.decision_comment}
        task.completed_on = request.proposed_on
        task.completion_decided_on = request.decided_on
        return _("Completion accepted: the task is completed on %(date)s.") % {
            "date": _day(task.completed_on)
        }


DECISION_EFFECTS: dict[type, DecisionEffect] = {
    ExtensionRequest: ExtensionDecision(),
    CompletionProposal: CompletionDecision(),
}


def _check_decision_document(
    errors: Errors, task: Task, *, number: str, document_date: date | None, decided_on: date
) -> str:
    """The document that carries a decision is named by its number and its date, both or neither;
    it is dated between the task's assignment and the day of the decision. Returns the number."""
    number = (number or "").strip()
    if number and document_date is None:
        errors.add("decision_document_date", _("Give the date of the deciding document as well."))
    if document_date is not None and not number:
        errors.add("decision_document_number", _("Give the number of the deciding document as well."))
    if len(number) > DOCUMENT_NUMBER_MAX_LENGTH:
        errors.add(
            "decision_document_number",
            _("The number of a document has at most %(count)s characters.")
            % {"count": DOCUMENT_NUMBER_MAX_LENGTH},
        )
    if document_date is not None:
        if document_date < task.assigned_on:
            errors.add(
                "decision_document_date",
                _("The deciding document (%(date)s) is dated before the task was assigned (%(assigned)s).")
                % {"date": _day(document_date), "assigned": _day(task.assigned_on)},
            )
        if document_date > decided_on:
            errors.add(
                "decision_document_date",
                _("The deciding document (%(date)s) is dated after the decision (%(decided)s).")
                % {"date": _day(document_date), "decided": _day(decided_on)},
            )
    return number


@transaction.atomic
def decide_request(
    *,
    acting_user,
    request: ExtensionRequest | CompletionProposal,
    approve: bool,
    decided_on: date,
    comment: str = "",
    decision_document_number: str = "",
    decision_document_date: date | None = None,
    expected_version: int | None = None,
) -> ExtensionRequest | CompletionProposal:
    """The assigning unit approves or rejects a pending request of the lead unit: an extension
    (approved: the deadline moves to the one proposed) or a completion (approved: accepted, the task
    is completed on the day it was proposed; rejected: returned to the lead unit). A rejection says
    why. The document that carries the decision, when there is one, is recorded by its number and
    date. The decision and the task's change are logged, and the task's version moves on."""
    effect = DECISION_EFFECTS[type(request)]
    task = lock_for_update(request.task, expected_version)
    request = type(request).objects.select_for_update().get(pk=request.pk)
    _ensure_task_open(task)
    if acting_user is not None and not can_decide_for(acting_user, task):
        raise PermissionDenied(effect.not_the_assigner())
    errors = Errors()
    if not request.is_pending:
        errors.add("decision", effect.already_decided(request))
    if not approve and _is_blank(comment):
        errors.add("comment", effect.refusal_needs_comment())
    _check_event_date(errors, task, decided_on, "decided_on", _("The decision date"))
    if decided_on < request.asked_on:
        errors.add("decided_on", effect.decided_before_asked(decided_on, request))
    number = _check_decision_document(
        errors,
        task,
        number=decision_document_number,
        document_date=decision_document_date,
        decided_on=decided_on,
    )
    effect.check(errors, task, request, approve=approve)
    errors.raise_if_any()
    _record_decision(
        acting_user,
        request,
        approve=approve,
        decided_on=decided_on,
        comment=comment,
        document_number=number,
        document_date=decision_document_date if number else None,
    )
    task_before = snapshot(task, effect.task_fields)
    note = " ".join(
        filter(
            None,
            [
                effect.apply(task, request, approve=approve),
                request.decision_document,
            ],
        )
    )
    _bump_and_log(acting_user, task, note=note, before=task_before)
    if isinstance(request, ExtensionRequest):
        emit(events.EXTENSION_DECIDED, lambda: events.extension_decided(request, task))
    return request


DECISION_LOGGED_FIELDS = [
    "decision",
    "decided_on",
    "decision_comment",
    "decision_document_number",
    "decision_document_date",
]


def _record_decision(
    acting_user,
    item,
    *,
    approve: bool,
    decided_on: date,
    comment: str,
    document_number: str = "",
    document_date: date | None = None,
) -> None:
    """Write and log the assigning unit's decision on an extension request or a completion proposal."""
    before = snapshot(item, DECISION_LOGGED_FIELDS)
    item.decision = Decision.APPROVED if approve else Decision.REJECTED
    item.decided_on = decided_on
    item.decided_by = _person(acting_user)
    item.decision_comment = comment.strip()
    item.decision_document_number = document_number
    item.decision_document_date = document_date
    item.save()
    record_change(actor=acting_user, instance=item, action=ChangeLogEntry.Action.UPDATE, before=before)


@transaction.atomic
def record_extension(
    *,
    acting_user,
    task: Task,
    decided_on: date,
    new_deadline: date,
    reason: str,
    decision_document_number: str = "",
    decision_document_date: date | None = None,
    expected_version: int | None = None,
    is_sample: bool = False,
) -> ExtensionRequest:
    """The assigning unit moves a task's deadline itself: an extension request and its approval in
    one step, with the reason and, when there is one, the number and date of the document that
    decides it. This is how an assigner changes a deadline after assignment (editing the task
    cannot); the original deadline stays as it was. A request of the lead unit still waiting is
    decided on instead."""
    task = lock_for_update(task, expected_version)
    _ensure_task_open(task)
    if acting_user is not None and not can_decide_for(acting_user, task):
        raise PermissionDenied(_("Only the unit that assigned this task decides on its extensions."))
    errors = Errors()
    pending = task.extension_requests.pending().first()
    if pending is not None:
        errors.add(
            NON_FIELD_ERRORS,
            _(
                "The extension request of %(date)s is waiting for a decision: approve or reject it "
                "instead of recording another."
            )
            % {"date": _day(pending.requested_on)},
        )
    if task.deadline is None:
        errors.add("new_deadline", _("This task has no deadline to extend."))
    elif new_deadline <= task.deadline:
        errors.add(
            "new_deadline",
            _("The new deadline must be after the current deadline (%(deadline)s).")
            % {"deadline": _day(task.deadline)},
        )
    if _is_blank(reason):
        errors.add("reason", _("Give the reason for the extension."))
    _check_event_date(errors, task, decided_on, "decided_on", _("The decision date"))
    last_decided = task.extension_requests.last_decided_on()
    if last_decided is not None and decided_on < last_decided:
        errors.add(
            "decided_on",
            _("The decision date (%(date)s) is before the previous extension was decided (%(decided)s).")
            % {"date": _day(decided_on), "decided": _day(last_decided)},
        )
    number = _check_decision_document(
        errors,
        task,
        number=decision_document_number,
        document_date=decision_document_date,
        decided_on=decided_on,
    )
    errors.raise_if_any()
    request = ExtensionRequest.objects.create(
        task=task,
        requested_on=decided_on,
        current_deadline=task.deadline,
        proposed_deadline=new_deadline,
        reason=reason.strip(),
        requested_by=_person(acting_user),
        decided_at_once=True,
        is_sample=is_sample,
    )
    record_change(
        actor=acting_user,
        instance=request,
        action=ChangeLogEntry.Action.CREATE,
        fields=["task", "requested_on", "current_deadline", "proposed_deadline", "reason", "decided_at_once"],
    )
    _record_decision(
        acting_user,
        request,
        approve=True,
        decided_on=decided_on,
        comment="",
        document_number=number,
        document_date=decision_document_date if number else None,
    )
    before = snapshot(task, ["deadline"])
    note = _(
        "Extension recorded by the assigning unit: deadline %(current)s → %(new)s. Reason: %(reason)s"
    ) % {
        "current": _day(task.deadline),
        "new": _day(new_deadline),
        "reason": request.reason,
    }
    task.deadline = new_deadline
    task.deadline_changed_on = decided_on
    _bump_and_log(
        acting_user,
        task,
        note=" ".join(filter(None, [note, request.decision_document])),
        before=before,
    )
    emit(events.EXTENSION_DECIDED, lambda: events.extension_decided(request, task))
    return request


@transaction.atomic
def cancel_task(
    *, acting_user, task: Task, cancelled_on: date, reason: str, expected_version: int | None = None
) -> Task:
    """The assigning unit cancels a task, with the reason. Its history stays as it was."""
    task = lock_for_update(task, expected_version)
    _ensure_task_open(task)
    if acting_user is not None and not can_decide_for(acting_user, task):
        raise PermissionDenied(_("Only the unit that assigned this task may cancel it."))
    errors = Errors()
    if _is_blank(reason):
        errors.add("reason", _("Give the reason for cancelling the task."))
    _check_event_date(errors, task, cancelled_on, "cancelled_on", _("The cancellation date"))
    errors.raise_if_any()
    before = snapshot(task, ["cancelled_on", "cancel_reason"])
    task.cancelled_on = cancelled_on
    task.cancel_reason = reason.strip()
    _bump_and_log(acting_user, task, note=_("Task cancelled."), before=before)
    return task


@transaction.atomic
def add_comment(*, acting_user, task: Task, text: str, expected_version: int | None = None) -> TaskComment:
    """Anyone who can see the task may remark on it, also after it is closed. A comment does not
    move the task's version."""
    task = lock_for_update(task, expected_version)
    if acting_user is not None and not can_view_task(acting_user, task):
        raise PermissionDenied(_("You may not comment on this task."))
    if _is_blank(text):
        raise ValidationError({"text": _("Write the comment.")})
    comment = TaskComment.objects.create(task=task, author=_person(acting_user), text=text.strip())
    record_change(
        actor=acting_user, instance=comment, action=ChangeLogEntry.Action.CREATE, fields=["task", "text"]
    )
    return comment
