"""Named reads of tasks used by the task pages, the API and reports. Every read starts from what
the user may see."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, DateField, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from resolute.accounts.models import User
from resolute.core import clock
from resolute.core.changelog import history_of
from resolute.core.contributions import DueItem, LadderSubject, OverdueItems, TimelineSource, contributed
from resolute.core.models import ChangeLogEntry
from resolute.directives.models import Clause, Document
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q
from resolute.orgunits.scope import ROLE_POWERS, scope_for
from resolute.orgunits.selectors import ShownRows, rows_of_visible_units

from . import holders
from .actions import WORKFLOW_FIELDS
from .actions.handovers import REORGANISATION_KEY
from .models import (
    AssignerDecisionRequest,
    CompletionProposal,
    Decision,
    Evidence,
    ExtensionRequest,
    HandoverRole,
    Obstacle,
    ObstacleCategory,
    ProgressReport,
    Task,
    TaskArea,
    TaskComment,
    TaskHandover,
    TaskImport,
)
from .rates import UnitRates, count_by_status
from .status import COMPLETED, OverdueAge, TaskStatus, lateness_counts_against_original, silence_limit_days

# -- finding tasks ---------------------------------------------------------------------------------


def get_visible_task(user, pk) -> Task:
    """The task with what its page shows of it, or 404 when it does not exist or the user may not see it."""
    task = (
        Task.objects.visible_to(user)
        .select_related(
            "lead_unit",
            "assigned_by_unit",
            "assigned_by",
            "supervising_leader",
            "source_document",
            "source_clause",
            "parent",
            "parent__lead_unit",
        )
        .prefetch_related("coordinating_units")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404(_("No such task."))
    return task


def get_visible_evidence(user, pk) -> Evidence:
    """An evidence file of a task the user may see, or 404."""
    evidence = Evidence.objects.filter(pk=pk, task__in=Task.objects.visible_to(user)).first()
    if evidence is None:
        raise Http404(_("No such file."))
    return evidence


def get_visible_request(user, model: type[AssignerDecisionRequest], pk) -> AssignerDecisionRequest:
    """An extension request or a completion proposal (`model`) on a task the user may see, or 404."""
    request = model.objects.visible_to(user).filter(pk=pk).first()
    if request is None:
        raise Http404(model.not_found_message)
    return request


# -- what the pickers offer ------------------------------------------------------------------------


def get_own_task_import(user, pk) -> TaskImport | None:
    """An import of tasks by its uploader (an administrator sees every one), with the body it
    assigns in the name of; None for anyone else."""
    imports = TaskImport.objects.select_related("assigned_by_unit")
    if not user.is_superuser:
        imports = imports.filter(uploaded_by=user)
    return imports.filter(pk=pk).first()


def assignable_units(user, day: date | None = None):
    """Open units the user may assign tasks to (where they hold the office power), in tree order."""
    condition = scope_for(user).unit_q(Role.OFFICE)
    units = OrgUnit.objects.open_on(day)
    return (units if condition is None else units.filter(condition)).order_by("path")


def subtask_units(user, task: Task, day: date | None = None):
    """Open units strictly below the task's lead unit that the user manages: where a sub-task may go."""
    condition = scope_for(user).unit_q(Role.MANAGER)
    units = OrgUnit.objects.open_on(day).subtree_of(task.lead_unit, include_self=False)
    return (units if condition is None else units.filter(condition)).order_by("path")


def visible_documents(user):
    return Document.objects.visible_to(user).defer("text").order_by("-issued_on", "-id")


def supervising_leader_choices(user):
    """Active people who hold a role in a unit the user can see."""
    units = OrgUnit.objects.visible_to(user)
    return (
        User.objects.filter(is_active=True, memberships__unit__in=units.values("pk"))
        .distinct()
        .order_by("full_name", "username")
    )


def reports_to_correct(task: Task, units):
    """Reports on the task made by `units` (the ones the user reports for), newest first."""
    return (
        ProgressReport.objects.filter(task=task, unit__in=list(units))
        .select_related("unit")
        .order_by("-reported_on", "-id")
    )


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a clause (up to a full stop or a semicolon followed by a space), for
    the title of a task made from it; a long one is cut at a word."""
    text = " ".join((text or "").split())
    for index, character in enumerate(text):
        if character in ".;!?" and (index + 1 == len(text) or text[index + 1] == " "):
            text = text[:index]
            break
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


# -- the status on a day, with the rule in words ---------------------------------------------------

STATUS_FIELDS = [
    "status",
    "overdue_age",
    "deadline_as_of",
    "judged_deadline",
    "completed_on_as_of",
    "last_report_on",
]


@dataclass
class StatusOnDay:
    """Where a task stood on `day`, as the lists compute it in SQL, and why."""

    day: date
    status: str
    overdue_age: str | None
    deadline: date | None
    judged_deadline: date | None
    completed_on: date | None
    last_report_on: date | None
    assigned_on: date
    original_deadline: date | None
    cancelled_on: date | None

    @property
    def label(self) -> str:
        return str(TaskStatus(self.status).label)

    @property
    def overdue_age_label(self) -> str:
        return str(OverdueAge(self.overdue_age).label) if self.overdue_age else ""

    @property
    def explanation(self) -> str:
        return explain_status(self)


def status_on_day(task: Task, day: date | None = None) -> StatusOnDay | None:
    """The task's status on `day` (default today), or None when it was not yet assigned then."""
    day = day or clock.today()
    row = Task.objects.as_of(day).filter(pk=task.pk).values(*STATUS_FIELDS).first()
    if row is None:
        return None
    return StatusOnDay(
        day=day,
        status=row["status"],
        overdue_age=row["overdue_age"],
        deadline=row["deadline_as_of"],
        judged_deadline=row["judged_deadline"],
        completed_on=row["completed_on_as_of"],
        last_report_on=row["last_report_on"],
        assigned_on=task.assigned_on,
        original_deadline=task.original_deadline,
        cancelled_on=task.cancelled_on,
    )


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def explain_status(info: StatusOnDay) -> str:
    """The rule that gives the status, in words, e.g. "The deadline 30/06/2025 passed 45 days ago
    → overdue 31–120 days."."""
    label = info.label
    deadline = info.judged_deadline
    if info.status == TaskStatus.CANCELLED:
        sentence = _("Cancelled on %(date)s → %(status)s.") % {
            "date": _day(info.cancelled_on),
            "status": label,
        }
    elif info.status == TaskStatus.COMPLETED_ON_TIME and deadline is None:
        sentence = _("Completed on %(date)s, with no deadline set → %(status)s.") % {
            "date": _day(info.completed_on),
            "status": label,
        }
    elif info.status == TaskStatus.COMPLETED_ON_TIME:
        sentence = _("Completed on %(date)s, on or before the deadline %(deadline)s → %(status)s.") % {
            "date": _day(info.completed_on),
            "deadline": _day(deadline),
            "status": label,
        }
    elif info.status == TaskStatus.COMPLETED_LATE:
        days = (info.completed_on - deadline).days
        sentence = ngettext(
            "Completed on %(date)s, %(days)s day after the deadline %(deadline)s → %(status)s.",
            "Completed on %(date)s, %(days)s days after the deadline %(deadline)s → %(status)s.",
            days,
        ) % {
            "date": _day(info.completed_on),
            "days": number_format(days),
            "deadline": _day(deadline),
            "status": label,
        }
    elif info.status == TaskStatus.IN_PROGRESS:
        days = (deadline - info.day).days
        if days == 0:
            sentence = _("The deadline %(deadline)s is today → %(status)s.") % {
                "deadline": _day(deadline),
                "status": label,
            }
        else:
            sentence = ngettext(
                "The deadline %(deadline)s is %(days)s day away → %(status)s.",
                "The deadline %(deadline)s is %(days)s days away → %(status)s.",
                days,
            ) % {"deadline": _day(deadline), "days": number_format(days), "status": label}
    elif info.status == TaskStatus.OVERDUE:
        days = (info.day - deadline).days
        sentence = ngettext(
            "The deadline %(deadline)s passed %(days)s day ago → overdue %(age)s.",
            "The deadline %(deadline)s passed %(days)s days ago → overdue %(age)s.",
            days,
        ) % {"deadline": _day(deadline), "days": number_format(days), "age": info.overdue_age_label}
    else:
        sentence = _explain_standing(info, label)
    if (
        lateness_counts_against_original()
        and info.deadline != info.original_deadline
        and deadline is not None
    ):
        sentence += " " + _("Lateness is judged against the original deadline.")
    return sentence


def _explain_standing(info: StatusOnDay, label: str) -> str:
    """A task without a deadline is judged by how long ago it last reported (or was assigned)."""
    silent = info.status == TaskStatus.NO_DEADLINE_SILENT
    limit = number_format(silence_limit_days())
    if info.last_report_on is not None:
        days = (info.day - info.last_report_on).days
        values = {
            "date": _day(info.last_report_on),
            "days": number_format(days),
            "limit": limit,
            "status": label,
        }
        if silent:
            message = ngettext(
                "No deadline; the last report, on %(date)s, was %(days)s day ago, "
                "more than the %(limit)s days allowed → %(status)s.",
                "No deadline; the last report, on %(date)s, was %(days)s days ago, "
                "more than the %(limit)s days allowed → %(status)s.",
                days,
            )
        else:
            message = ngettext(
                "No deadline; the last report, on %(date)s, was %(days)s day ago, "
                "within the %(limit)s days allowed → %(status)s.",
                "No deadline; the last report, on %(date)s, was %(days)s days ago, "
                "within the %(limit)s days allowed → %(status)s.",
                days,
            )
        return message % values
    days = (info.day - info.assigned_on).days
    values = {"date": _day(info.assigned_on), "days": number_format(days), "limit": limit, "status": label}
    if silent:
        message = ngettext(
            "No deadline and no report since the assignment on %(date)s, %(days)s day ago, "
            "more than the %(limit)s days allowed → %(status)s.",
            "No deadline and no report since the assignment on %(date)s, %(days)s days ago, "
            "more than the %(limit)s days allowed → %(status)s.",
            days,
        )
    else:
        message = ngettext(
            "No deadline; assigned on %(date)s, %(days)s day ago, with no report yet, "
            "within the %(limit)s days allowed → %(status)s.",
            "No deadline; assigned on %(date)s, %(days)s days ago, with no report yet, "
            "within the %(limit)s days allowed → %(status)s.",
            days,
        )
    return message % values


# -- sub-tasks and the parent's progress -----------------------------------------------------------


@dataclass
class SubtaskRow:
    task: Task
    latest_percent: int | None
    counted_percent: int | None  # what the parent's average takes; None: left out (cancelled)
    status: StatusOnDay | None

    @property
    def deadline_after_parent(self) -> bool:
        parent = self.task.parent
        return bool(self.task.deadline and parent.deadline and self.task.deadline > parent.deadline)


@dataclass
class SubtaskProgress:
    rows: list[SubtaskRow]
    percent: float | None
    formula: str
    # Sub-tasks counted in `percent` whose rows the reader may not see (a sibling district's).
    hidden: int = 0

    def __bool__(self) -> bool:
        return bool(self.rows)


def subtask_progress(task: Task, day: date | None = None, *, user=None) -> SubtaskProgress:
    """Each sub-task with the latest percent its lead unit reported and its status on `day`; the
    parent's progress is the average of those percents (a completed sub-task counts 100%, one
    without a reported percent 0%, a cancelled one is left out), with the sum shown in words.
    Given a `user`, only the rows of the sub-tasks they may see are listed; the progress stays
    that of all of them (a total), and `hidden` counts the rows left out."""
    day = day or clock.today()
    latest_percent = (
        ProgressReport.objects.filter(
            task=OuterRef("pk"),
            unit=OuterRef("lead_unit"),
            percent_complete__isnull=False,
            reported_on__lte=day,
        )
        .order_by("-reported_on", "-id")
        .values("percent_complete")[:1]
    )
    subtasks = list(
        Task.objects.filter(parent=task)
        .select_related("lead_unit")
        .annotate(latest_percent=Subquery(latest_percent))
        .order_by("assigned_on", "id")
    )
    if not subtasks:
        # Most tasks are not split: nothing more to read.
        return SubtaskProgress(rows=[], percent=None, formula="", hidden=0)
    statuses = {
        row["pk"]: row for row in Task.objects.as_of(day).filter(parent=task).values("pk", *STATUS_FIELDS)
    }
    rows = []
    for subtask in subtasks:
        subtask.parent = task
        row = statuses.get(subtask.pk)
        status = (
            StatusOnDay(
                day=day,
                status=row["status"],
                overdue_age=row["overdue_age"],
                deadline=row["deadline_as_of"],
                judged_deadline=row["judged_deadline"],
                completed_on=row["completed_on_as_of"],
                last_report_on=row["last_report_on"],
                assigned_on=subtask.assigned_on,
                original_deadline=subtask.original_deadline,
                cancelled_on=subtask.cancelled_on,
            )
            if row
            else None
        )
        if status is not None and status.status == TaskStatus.CANCELLED:
            counted = None
        elif status is not None and status.completed_on is not None:
            counted = 100
        else:
            counted = subtask.latest_percent or 0
        rows.append(
            SubtaskRow(
                task=subtask, latest_percent=subtask.latest_percent, counted_percent=counted, status=status
            )
        )
    counted = [row.counted_percent for row in rows if row.counted_percent is not None]
    hidden = 0
    if user is not None:
        visible = set(Task.objects.visible_to(user).filter(parent=task).values_list("pk", flat=True))
        hidden = sum(1 for row in rows if row.task.pk not in visible)
        rows = [row for row in rows if row.task.pk in visible]
    if not counted:
        return SubtaskProgress(rows=rows, percent=None, formula="", hidden=hidden)
    percent = sum(counted) / len(counted)
    formula = ngettext(
        "Progress = the average of the latest percent complete reported by the lead unit of the "
        "%(count)s sub-task counted (a completed sub-task counts as 100%%, one with no percent "
        "reported as 0%%, a cancelled one is left out): (%(terms)s) ÷ %(count)s = %(result)s%%.",
        "Progress = the average of the latest percent complete reported by the lead unit of each of the "
        "%(count)s sub-tasks counted (a completed sub-task counts as 100%%, one with no percent "
        "reported as 0%%, a cancelled one is left out): (%(terms)s) ÷ %(count)s = %(result)s%%.",
        len(counted),
    ) % {
        "count": number_format(len(counted)),
        "terms": " + ".join(f"{number_format(value)}%" for value in counted),
        "result": number_format(percent, decimal_pos=1),
    }
    return SubtaskProgress(rows=rows, percent=percent, formula=formula, hidden=hidden)


# -- the timeline ----------------------------------------------------------------------------------


class EventKind:
    ASSIGNED = "assigned"
    EDITED = "edited"
    SUBTASK = "subtask"
    REPORT = "report"
    CORRECTION = "correction"
    OBSTACLE = "obstacle"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_APPROVED = "extension_approved"
    EXTENSION_REJECTED = "extension_rejected"
    COMPLETION_PROPOSED = "completion_proposed"
    COMPLETION_ACCEPTED = "completion_accepted"
    COMPLETION_RETURNED = "completion_returned"
    CANCELLED = "cancelled"
    COMMENT = "comment"
    HANDOVER = "handover"

    LABELS = {
        ASSIGNED: gettext_lazy("Assigned"),
        EDITED: gettext_lazy("Changed"),
        SUBTASK: gettext_lazy("Sub-task"),
        REPORT: gettext_lazy("Progress report"),
        CORRECTION: gettext_lazy("Correction"),
        OBSTACLE: gettext_lazy("Obstacle"),
        EXTENSION_REQUESTED: gettext_lazy("Extension requested"),
        EXTENSION_APPROVED: gettext_lazy("Extension approved"),
        EXTENSION_REJECTED: gettext_lazy("Extension rejected"),
        COMPLETION_PROPOSED: gettext_lazy("Completion proposed"),
        COMPLETION_ACCEPTED: gettext_lazy("Completion accepted"),
        COMPLETION_RETURNED: gettext_lazy("Completion returned"),
        CANCELLED: gettext_lazy("Cancelled"),
        COMMENT: gettext_lazy("Comment"),
        HANDOVER: gettext_lazy("Taken over"),
    }
    BADGES = {
        EXTENSION_APPROVED: "badge badge--ok",
        COMPLETION_ACCEPTED: "badge badge--ok",
        OBSTACLE: "badge badge--warn",
        EXTENSION_REQUESTED: "badge badge--warn",
        COMPLETION_PROPOSED: "badge badge--warn",
        EXTENSION_REJECTED: "badge badge--bad",
        COMPLETION_RETURNED: "badge badge--bad",
        CANCELLED: "badge badge--muted",
        COMMENT: "badge badge--muted",
        EDITED: "badge badge--muted",
        HANDOVER: "badge badge--muted",
    }


@dataclass
class TimelineLink:
    label: str
    url: str


@dataclass
class TimelineEvent:
    """One thing that happened to a task. `day` is the date it counts from (a report's date, a
    decision's date); `at` is when it was recorded, which orders events of the same day."""

    day: date
    at: datetime
    kind: str
    text: str
    actor: User | None = None
    unit: OrgUnit | None = None
    obj: object = None
    body: str = ""
    links: list[TimelineLink] = field(default_factory=list)
    is_sample: bool = False

    @property
    def label(self) -> str:
        return str(EventKind.LABELS[self.kind])

    @property
    def badge_class(self) -> str:
        return EventKind.BADGES.get(self.kind, "badge")

    @property
    def anchor(self) -> str:
        """The id of the event on the page; a correction links to the report it corrects."""
        kind = "report" if self.kind in (EventKind.REPORT, EventKind.CORRECTION) else self.kind
        return f"{kind}-{getattr(self.obj, 'pk', '')}"


def _file_links(files) -> list[TimelineLink]:
    return [
        TimelineLink(label=evidence.original_name, url=reverse("tasks:evidence_download", args=[evidence.pk]))
        for evidence in files
    ]


def _field_labels(entry: ChangeLogEntry) -> str:
    names = []
    for name in entry.changes:
        try:
            names.append(str(Task._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a field removed since the change was logged
            names.append(name)
    return ", ".join(names)


def coordinating_units_shown(user, task: Task) -> ShownRows:
    """The task's coordinating units that `user` may see (a district coordinating a provincial task
    with its siblings reads its own name, not theirs), and how many were left out."""
    return rows_of_visible_units(user, task.coordinating_units.all(), unit=lambda unit: unit)


def timeline(task: Task, user=None) -> list[TimelineEvent]:
    """Every event of the task in the order it happened: the assignment, edits, sub-tasks,
    reports (and the obstacles they name), extension requests and their decisions, completion
    proposals and their decisions, the cancellation and the comments. A fixed number of queries,
    however long the history.

    Given a `user`, an event of a unit they may not see (a sibling district's report, a reminder
    sent to it, its sub-task) is left out, unless that unit leads or assigned the task: those two
    are the task's own parties, named on its page anyway."""
    files = Prefetch("files", queryset=Evidence.objects.order_by("uploaded_at", "id"))
    reports = (
        ProgressReport.objects.filter(task=task)
        .select_related("unit", "submitted_by", "corrects")
        .prefetch_related(Prefetch("obstacles", queryset=Obstacle.objects.order_by("id")), files)
    )
    extensions = (
        ExtensionRequest.objects.filter(task=task)
        .select_related("requested_by", "decided_by", "request_document")
        .prefetch_related(files)
    )
    completions = (
        CompletionProposal.objects.filter(task=task)
        .select_related("proposed_by", "decided_by")
        .prefetch_related(files)
    )
    comments = TaskComment.objects.filter(task=task).select_related("author")
    subtasks = Task.objects.filter(parent=task).select_related("lead_unit", "assigned_by")
    if user is not None:
        subtasks = subtasks.filter(pk__in=Task.objects.visible_to(user).filter(parent=task).values("pk"))
    log = list(history_of(task))
    handovers = list(
        TaskHandover.objects.filter(task=task).select_related("from_unit", "to_unit", "reorganisation")
    )
    # The assignment names the units of its day, before any reorganisation handed the task over.
    first_holder = {}
    for handover in handovers:
        first_holder.setdefault(handover.role, handover.from_unit)
    events: list[TimelineEvent] = []
    shown = (
        coordinating_units_shown(user, task)
        if user is not None
        else ShownRows(rows=list(task.coordinating_units.all()))
    )
    coordinating = ", ".join(str(unit) for unit in shown)
    if shown.hidden:
        others = ngettext("%(count)s other unit", "%(count)s other units", shown.hidden) % {
            "count": number_format(shown.hidden)
        }
        coordinating = ", ".join(part for part in (coordinating, others) if part)
    assigned_text = (
        _("Assigned by %(assigner)s to %(lead)s, with %(coordinating)s coordinating.")
        if coordinating
        else _("Assigned by %(assigner)s to %(lead)s.")
    ) % {
        "assigner": first_holder.get(HandoverRole.ASSIGNER, task.assigned_by_unit),
        "lead": first_holder.get(HandoverRole.LEAD, task.lead_unit),
        "coordinating": coordinating,
    }
    events.append(
        TimelineEvent(
            day=task.assigned_on,
            at=task.created_at,
            kind=EventKind.ASSIGNED,
            text=assigned_text,
            actor=task.assigned_by,
            unit=task.assigned_by_unit,
            obj=task,
            is_sample=task.is_sample,
        )
    )
    for entry in log:
        # A reorganisation's handover is shown from its `TaskHandover` below, not as an edit.
        if REORGANISATION_KEY in entry.changes:
            continue
        if entry.action == ChangeLogEntry.Action.UPDATE and set(entry.changes) - WORKFLOW_FIELDS:
            events.append(
                TimelineEvent(
                    day=timezone.localdate(entry.at),
                    at=entry.at,
                    kind=EventKind.EDITED,
                    text=_("Changed: %(fields)s.") % {"fields": _field_labels(entry)},
                    actor=entry.actor,
                    obj=entry,
                )
            )
    for subtask in subtasks:
        events.append(
            TimelineEvent(
                day=subtask.assigned_on,
                at=subtask.created_at,
                kind=EventKind.SUBTASK,
                text=_("Sub-task “%(title)s” assigned to %(unit)s.")
                % {"title": subtask, "unit": subtask.lead_unit},
                actor=subtask.assigned_by,
                unit=task.lead_unit,
                obj=subtask,
                links=[TimelineLink(label=str(subtask), url=subtask.get_absolute_url())],
                is_sample=subtask.is_sample,
            )
        )
    for report in reports:
        events.extend(_report_events(report))
    for request in extensions:
        events.extend(_extension_events(task, request))
    for proposal in completions:
        events.extend(_completion_events(task, proposal))
    if task.cancelled_on is not None:
        entry = next((entry for entry in log if "cancelled_on" in entry.changes), None)
        events.append(
            TimelineEvent(
                day=task.cancelled_on,
                at=entry.at if entry else task.updated_at,
                kind=EventKind.CANCELLED,
                text=_("Cancelled by %(unit)s.") % {"unit": task.assigned_by_unit},
                actor=entry.actor if entry else None,
                unit=task.assigned_by_unit,
                obj=task,
                body=task.cancel_reason,
            )
        )
    events.extend(_handover_event(handover) for handover in handovers)
    for comment in comments:
        events.append(
            TimelineEvent(
                day=timezone.localdate(comment.created_at),
                at=comment.created_at,
                kind=EventKind.COMMENT,
                text=_("Comment by %(person)s.") % {"person": comment.author or _("the system")},
                actor=comment.author,
                obj=comment,
                body=comment.text,
            )
        )
    # Events recorded by the apps above (reminders, urging letters), contributed as timeline sources.
    events.extend(contributed_timeline_events(task))
    if user is not None:
        parties = {task.lead_unit_id, task.assigned_by_unit_id}

        def unit_of(event):
            return None if event.unit is None or event.unit.pk in parties else event.unit

        events = rows_of_visible_units(user, events, unit=unit_of).rows
    # Stable: an obstacle stays right after the report that names it.
    return sorted(events, key=lambda event: (event.day, event.at))


def handover_text(handover: TaskHandover) -> str:
    """ "Taken over from <old unit> on <day> under <legal basis>.", then what the successor does."""
    reorganisation = handover.reorganisation
    basis = reorganisation.legal_basis if reorganisation is not None else ""
    values = {"unit": handover.from_unit, "date": _day(handover.effective_on), "basis": basis}
    taken = (
        _("Taken over from %(unit)s on %(date)s under %(basis)s.")
        if basis
        else _("Taken over from %(unit)s on %(date)s.")
    ) % values
    if handover.role == HandoverRole.LEAD:
        part = _("%(unit)s leads the task from that day.")
    elif handover.role == HandoverRole.ASSIGNER:
        part = _("%(unit)s decides its extensions and completion from that day.")
    elif handover.already_held:
        part = _("%(unit)s already took part in the task, so it is listed once.")
    else:
        part = _("%(unit)s coordinates from that day.")
    return f"{taken} {part % {'unit': handover.to_unit}}"


def _handover_event(handover: TaskHandover) -> TimelineEvent:
    return TimelineEvent(
        day=handover.effective_on,
        at=handover.created_at,
        kind=EventKind.HANDOVER,
        text=handover_text(handover),
        unit=handover.to_unit,
        obj=handover,
    )


def _report_events(report: ProgressReport) -> list[TimelineEvent]:
    if report.corrects_id:
        kind = EventKind.CORRECTION
        text = _("%(unit)s corrected its report of %(date)s.") % {
            "unit": report.unit,
            "date": _day(report.corrects.reported_on),
        }
        links = [
            TimelineLink(
                label=_("Report of %(date)s") % {"date": _day(report.corrects.reported_on)},
                url=f"#report-{report.corrects_id}",
            )
        ]
    else:
        kind = EventKind.REPORT
        text = _("%(unit)s reported progress.") % {"unit": report.unit}
        links = []
    if report.percent_complete is not None:
        text += " " + _("%(percent)s%% complete.") % {"percent": number_format(report.percent_complete)}
    events = [
        TimelineEvent(
            day=report.reported_on,
            at=report.created_at,
            kind=kind,
            text=text,
            actor=report.submitted_by,
            unit=report.unit,
            obj=report,
            body=report.narrative,
            links=links + _file_links(report.files.all()),
            is_sample=report.is_sample,
        )
    ]
    for obstacle in report.obstacles.all():
        events.append(
            TimelineEvent(
                day=report.reported_on,
                at=report.created_at,
                kind=EventKind.OBSTACLE,
                text=_("%(unit)s met an obstacle: %(category)s.")
                % {"unit": report.unit, "category": obstacle.get_category_display()},
                actor=report.submitted_by,
                unit=report.unit,
                obj=obstacle,
                body=obstacle.description,
                is_sample=report.is_sample,
            )
        )
    return events


def _extension_events(task: Task, request: ExtensionRequest) -> list[TimelineEvent]:
    links = _file_links(request.files.all())
    if request.request_document_id:
        links.insert(
            0,
            TimelineLink(
                label=str(request.request_document), url=request.request_document.get_absolute_url()
            ),
        )
    document = request.decision_document
    if request.decided_at_once:
        # The assigning unit moved the deadline itself: one event, the decision, with its document.
        text = _("%(unit)s extended the deadline from %(current)s to %(proposed)s.") % {
            "unit": task.assigned_by_unit,
            "current": _day(request.current_deadline) if request.current_deadline else "—",
            "proposed": _day(request.proposed_deadline),
        }
        return [
            TimelineEvent(
                day=request.decided_on,
                at=request.updated_at,
                kind=EventKind.EXTENSION_APPROVED,
                text=" ".join(filter(None, [text, document])),
                actor=request.decided_by,
                unit=task.assigned_by_unit,
                obj=request,
                body=request.reason,
                links=links,
                is_sample=request.is_sample,
            )
        ]
    events = [
        TimelineEvent(
            day=request.requested_on,
            at=request.created_at,
            kind=EventKind.EXTENSION_REQUESTED,
            text=(
                _("%(unit)s asked to move the deadline from %(current)s to %(proposed)s.")
                if request.current_deadline
                else _("%(unit)s asked for the deadline %(proposed)s.")
            )
            % {
                "unit": task.lead_unit,
                "current": _day(request.current_deadline) if request.current_deadline else "",
                "proposed": _day(request.proposed_deadline),
            },
            actor=request.requested_by,
            unit=task.lead_unit,
            obj=request,
            body=request.reason,
            links=links,
            is_sample=request.is_sample,
        )
    ]
    if request.decision != Decision.PENDING:
        approved = request.decision == Decision.APPROVED
        text = (
            _("%(unit)s approved the new deadline %(proposed)s.")
            if approved
            else _("%(unit)s rejected the new deadline %(proposed)s.")
        ) % {"unit": task.assigned_by_unit, "proposed": _day(request.proposed_deadline)}
        events.append(
            TimelineEvent(
                day=request.decided_on,
                at=request.updated_at,
                kind=EventKind.EXTENSION_APPROVED if approved else EventKind.EXTENSION_REJECTED,
                text=" ".join(filter(None, [text, document])),
                actor=request.decided_by,
                unit=task.assigned_by_unit,
                obj=request,
                body=request.decision_comment,
                is_sample=request.is_sample,
            )
        )
    return events


def _completion_events(task: Task, proposal: CompletionProposal) -> list[TimelineEvent]:
    events = [
        TimelineEvent(
            day=proposal.proposed_on,
            at=proposal.created_at,
            kind=EventKind.COMPLETION_PROPOSED,
            text=_("%(unit)s proposed that the task is complete.") % {"unit": task.lead_unit},
            actor=proposal.proposed_by,
            unit=task.lead_unit,
            obj=proposal,
            body=proposal.result,
            links=_file_links(proposal.files.all()),
            is_sample=proposal.is_sample,
        )
    ]
    if proposal.decision != Decision.PENDING:
        accepted = proposal.decision == Decision.APPROVED
        events.append(
            TimelineEvent(
                day=proposal.decided_on,
                at=proposal.updated_at,
                kind=EventKind.COMPLETION_ACCEPTED if accepted else EventKind.COMPLETION_RETURNED,
                text=" ".join(
                    filter(
                        None,
                        [
                            (
                                _("%(unit)s accepted the completion: the task is completed on %(date)s.")
                                if accepted
                                else _("%(unit)s returned the completion proposal.")
                            )
                            % {"unit": task.assigned_by_unit, "date": _day(proposal.proposed_on)},
                            proposal.decision_document,
                        ],
                    )
                ),
                actor=proposal.decided_by,
                unit=task.assigned_by_unit,
                obj=proposal,
                body=proposal.decision_comment,
                is_sample=proposal.is_sample,
            )
        )
    return events


# -- what waits for a decision --------------------------------------------------------------------


def in_units_q(paths: list[str], field: str) -> Q:
    """`field` (a path to a unit) lies in one of the units of `paths` or below it."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= subtree_q(path, field=f"{field}__path")
    return condition


@dataclass
class AwaitingDecision:
    """Requests waiting for someone's decision, oldest first, each kind on its own."""

    extensions: list[ExtensionRequest]
    completions: list[CompletionProposal]


def requests_awaiting_decision(memberships: list[tuple[str, str]]) -> AwaitingDecision:
    """Extension requests and completion proposals waiting for the decision of the holder of
    `memberships` ((unit path, role) each): on open tasks assigned by a unit where they hold the
    manager power (or under one). An office may also decide for what the districts assigned, but
    that is theirs to follow up."""
    deciding_paths = [path for path, role in memberships if Role.MANAGER in ROLE_POWERS[role]]
    if not deciding_paths:
        return AwaitingDecision(extensions=[], completions=[])
    assigned_by_us = in_units_q(deciding_paths, "task__assigned_by_unit")

    def waiting(model):
        return list(
            model.objects.pending()
            .on_open_tasks()
            .filter(assigned_by_us)
            .select_related("task", "task__lead_unit")
            .order_by(model.asked_on_field, "id")
        )

    return AwaitingDecision(extensions=waiting(ExtensionRequest), completions=waiting(CompletionProposal))


# -- the task page ---------------------------------------------------------------------------------


def pending_request(task: Task, model: type[AssignerDecisionRequest]) -> AssignerDecisionRequest | None:
    """The task's extension request or completion proposal (`model`) waiting for a decision, if any."""
    return model.objects.filter(task=task).pending().order_by("-id").first()


def is_open(task: Task) -> bool:
    return task.cancelled_on is None and task.completed_on is None


def get_visible_clause(user, pk):
    """A clause of a document the user can read, with its document, or 404."""
    clause = (
        Clause.objects.filter(pk=pk, document__in=Document.objects.visible_to(user))
        .select_related("document")
        .first()
        if str(pk).isdigit()
        else None
    )
    if clause is None:
        raise Http404(_("No such clause."))
    return clause


# -- what tasks give the surfaces of the apps above (see `contributions.py`) ----------------------


def contributed_timeline_events(task: Task) -> list[TimelineEvent]:
    """The events the apps above `tasks` add to the task's timeline (`TimelineSource`s). Their kinds
    join the timeline's labels and badges here, when every app has contributed."""
    events = []
    for source in contributed(TimelineSource):
        for kind, (label, badge_class) in source.kinds.items():
            EventKind.LABELS.setdefault(kind, label)
            EventKind.BADGES.setdefault(kind, badge_class)
        events.extend(source.events(task))
    return events


def _open_tasks_with_deadline():
    return Task.objects.filter(completed_on__isnull=True, cancelled_on__isnull=True, deadline__isnull=False)


def _followed_by_office(tasks, user):
    """Tasks led by a unit the user's office follows."""
    condition = scope_for(user).unit_q(Role.OFFICE, prefix="lead_unit")
    return tasks if condition is None else tasks.filter(condition)


def task_source(task: Task) -> str:
    """The document (and point) a task comes from, as an urging letter cites it."""
    if task.source_document_id is None:
        return ""
    source = str(task.source_document)
    if task.source_clause_id is not None and getattr(task.source_clause, "number", ""):
        source += f", {task.source_clause.number}"
    return source


def task_subjects(on: date, *, deadline_before: date, issuer=None, unit=None) -> list[LadderSubject]:
    """What the urging ladder chases of tasks: those assigned by `on`, still open, with a deadline
    before `deadline_before`, optionally only those `issuer` assigned to `unit`; earliest first. A
    task whose lead unit closed on or before `on` is not chased: its work has passed to a successor."""
    tasks = (
        _open_tasks_with_deadline()
        .filter(assigned_on__lte=on, deadline__lt=deadline_before)
        .exclude(lead_unit__effective_to__lte=on)
        .select_related("lead_unit", "assigned_by_unit", "source_document", "source_clause")
    )
    if issuer is not None:
        tasks = tasks.filter(assigned_by_unit=issuer)
    if unit is not None:
        tasks = tasks.filter(lead_unit=unit)
    return [
        LadderSubject(
            key=f"task:{task.pk}:{task.deadline.isoformat()}",
            unit=task.lead_unit,
            issuer=task.assigned_by_unit,
            deadline=task.deadline,
            title=task.display_title,
            source=task_source(task),
            url=task.get_absolute_url(),
            task=task,
        )
        for task in tasks.order_by("deadline", "pk")
    ]


def overdue_tasks_by_unit(user, on: date, limit: int) -> list[OverdueItems]:
    """For the follow-up board: how many tasks each unit the user's office follows has overdue on
    `on`, per unit that assigned them, the oldest deadline first. Two queries."""
    groups = list(
        _followed_by_office(_open_tasks_with_deadline(), user)
        .filter(deadline__lt=on)
        .values("assigned_by_unit", "lead_unit")
        .annotate(count=Count("pk"), oldest=Min("deadline"))
        .order_by("oldest", "lead_unit")[:limit]
    )
    units = OrgUnit.objects.in_bulk(
        {row["assigned_by_unit"] for row in groups} | {row["lead_unit"] for row in groups}
    )
    return [
        OverdueItems(
            issuer=units[row["assigned_by_unit"]],
            unit=units[row["lead_unit"]],
            oldest_deadline=row["oldest"],
            count=row["count"],
        )
        for row in groups
    ]


def tasks_due_soon(user, on: date, until: date, limit: int) -> list[DueItem]:
    """For the follow-up board: open tasks of the units the user's office follows due from `on` to
    `until`, the earliest first. One query."""
    tasks = (
        _followed_by_office(_open_tasks_with_deadline(), user)
        .filter(deadline__gte=on, deadline__lte=until)
        .select_related("lead_unit")
        .order_by("deadline", "pk")[:limit]
    )
    return [
        DueItem(
            title=task.display_title, url=task.get_absolute_url(), unit=task.lead_unit, deadline=task.deadline
        )
        for task in tasks
    ]


# -- the figures of the dashboard, the scorecards and the implementation report ----------------------
# Each takes tasks the caller has already scoped (`scoped_tasks`) and a day, and runs a fixed number of
# queries however large the province is. A task's status comes from `Task.objects.as_of` (in SQL). A
# unit's tasks are the tasks it (with its subtree) LEADS, as in the task rates (`tasks.rates`).
#
# - Cancelled tasks are counted in `by_status` but not in `total`.
# - completion rate = completed ÷ (completed + overdue); on-time rate = completed on time ÷
#   (completed + overdue); None when nothing has fallen due (see `tasks.rates.UnitRates`).
# - Obstacles by category count the TASKS blocked: tasks not completed nor cancelled on `as_of` that
#   have at least one obstacle of the category in a progress report dated on or before `as_of`.
#
# Every count carries the address of the list behind it, built by `TaskLinks` from the same filters,
# so a click shows exactly the tasks counted.


@dataclass(frozen=True)
class TaskLinks:
    """How tasks were scoped (a lead unit, with or without its subtree, a source document), written as
    the query strings of the task list and of the list of tasks an obstacle blocks."""

    unit: OrgUnit | None = None
    include_subtree: bool = True
    document: object | None = None

    def task_list_url(self, as_of: date, **extra) -> str:
        """The task list showing the tasks these filters keep, as they stood on `as_of`, narrowed
        further by `extra` (status, overdue_age, area, unit...)."""
        query = {"as_of": as_of.isoformat()}
        if self.unit is not None:
            query.update({"unit": str(self.unit.pk), "role": "lead"})
            if self.include_subtree:
                query["include_below"] = "1"
        if self.document is not None:
            query["source_document"] = str(self.document.pk)
        query.update({name: str(value) for name, value in extra.items()})
        return f"{reverse('tasks:list')}?{urlencode(query)}"

    def obstacle_list_url(self, as_of: date, category: str) -> str:
        """The tasks blocked by an obstacle of `category`. The task list has no obstacle filter, so the
        list is the dashboard's own page (`reports:obstacle_tasks`), which reads these same filters."""
        query = {"as_of": as_of.isoformat(), "category": category}
        if self.unit is not None:
            query["unit"] = str(self.unit.pk)
            if not self.include_subtree:
                query["alone"] = "1"
        if self.document is not None:
            query["document"] = str(self.document.pk)
        return f"{reverse('reports:obstacle_tasks')}?{urlencode(query)}"


def scoped_tasks(
    user, unit=None, *, include_subtree: bool = True, document=None, as_of: date | None = None
) -> QuerySet:
    """The tasks `user` may see that `unit` leads (with its subtree, or alone), that came from
    `document` when one is given. Not yet judged on a day: the figures apply `as_of` themselves; given
    `as_of`, the unit's tasks are those its area led on that day (`holders.led_by`), so a page as of a
    day before a reorganisation counts the units and leads of that day."""
    tasks = Task.objects.visible_to(user)
    if unit is not None and as_of is not None and holders.changed_after(as_of):
        led = holders.led_by(Task.objects.all(), unit, as_of, include_subtree=include_subtree)
        tasks = tasks.filter(pk__in=led.values("pk"))
    elif unit is not None:
        tasks = tasks.filter(
            subtree_q(unit.path, field="lead_unit__path") if include_subtree else Q(lead_unit=unit)
        )
    if document is not None:
        tasks = tasks.filter(source_document=document)
    return tasks.order_by()


@dataclass
class TaskFigures:
    """The tasks counted by their status and overdue age on `as_of`. `total` leaves cancelled
    tasks out; `rates` gives the completion and on-time rates with their formulas."""

    as_of: date
    by_status: dict[str, int]
    by_overdue_age: dict[str, int]
    total: int

    @property
    def rates(self) -> UnitRates:
        return UnitRates.from_status_counts(self.as_of, self.by_status)

    @property
    def completed(self) -> int:
        return self.rates.completed

    @property
    def overdue(self) -> int:
        return self.by_status[TaskStatus.OVERDUE]

    @property
    def fallen_due(self) -> int:
        return self.rates.fallen_due

    @property
    def completion_rate(self) -> float | None:
        return self.rates.completion_rate

    @property
    def on_time_rate(self) -> float | None:
        return self.rates.on_time_rate

    @property
    def without_deadline(self) -> int:
        return self.by_status[TaskStatus.NO_DEADLINE] + self.by_status[TaskStatus.NO_DEADLINE_SILENT]


def task_figures(tasks, as_of: date) -> TaskFigures:
    """Count `tasks` by status and overdue age on `as_of` (`rates.count_by_status`: one query)."""
    counts = count_by_status(tasks.as_of(as_of))
    total = counts.total - counts.by_status[TaskStatus.CANCELLED]
    return TaskFigures(
        as_of=as_of, by_status=counts.by_status, by_overdue_age=counts.by_overdue_age, total=total
    )


@dataclass
class UnitCount:
    """A unit and a number of its tasks, with the list showing them."""

    unit: OrgUnit
    count: int
    url: str


def lead_units_on(tasks, day: date) -> dict[int, OrgUnit]:
    """{task id: the unit that led it on `day`} for tasks read with their `lead_unit`: today's lead
    unless a reorganisation handed the task over after `day` (then one query for the units of the day)."""
    tasks = list(tasks)
    if not tasks or not holders.changed_after(day):
        return {task.pk: task.lead_unit for task in tasks}
    then = dict(
        Task.objects.filter(pk__in=[task.pk for task in tasks])
        .annotate(lead_then=holders.lead_on(day))
        .values_list("pk", "lead_then")
    )
    units = OrgUnit.objects.in_bulk(set(then.values()))
    return {task.pk: units.get(then.get(task.pk), task.lead_unit) for task in tasks}


def overdue_by_lead_unit(
    tasks, as_of: date, limit: int | None = None, *, links: TaskLinks | None = None
) -> list[UnitCount]:
    """The lead units of the overdue tasks among `tasks` on `as_of` — the units that led them that day,
    before a later reorganisation handed them over — most overdue first (then in tree order); each
    links to the task list of the overdue tasks it led itself. One query (three on a day before a
    change of the tree)."""
    links = links or TaskLinks()
    overdue = tasks.as_of(as_of).in_status(TaskStatus.OVERDUE, as_of)
    if holders.changed_after(as_of):
        # The units that led them on that day: a unit since closed keeps the tasks it let slip.
        counts = dict(
            overdue.annotate(lead_then=holders.lead_on(as_of))
            .values("lead_then")
            .annotate(overdue=Count("pk"))
            .values_list("lead_then", "overdue")
        )
        units = list(OrgUnit.objects.filter(pk__in=list(counts)))
        for unit in units:
            unit.overdue = counts[unit.pk]
        units.sort(key=lambda unit: (-unit.overdue, unit.path))
        units = units[:limit] if limit is not None else units
    else:
        # Filtering on the relation before counting it counts only the overdue tasks.
        units = (
            OrgUnit.objects.filter(led_tasks__pk__in=overdue.values("pk"))
            .annotate(overdue=Count("led_tasks"))
            .order_by("-overdue", "path")
        )
        if limit is not None:
            units = units[:limit]
    return [
        UnitCount(
            unit=unit,
            count=unit.overdue,
            url=TaskLinks(unit=unit, include_subtree=False, document=links.document).task_list_url(
                as_of, status=TaskStatus.OVERDUE
            ),
        )
        for unit in units
    ]


@dataclass
class CategoryCount:
    """An obstacle category and how many open tasks it blocks."""

    category: str
    label: str
    count: int
    url: str


def blocked_tasks(tasks, as_of: date, category: str | None = None) -> QuerySet:
    """The tasks among `tasks` not completed nor cancelled on `as_of` with an obstacle (of
    `category`, when given) reported on or before `as_of`, annotated as of that day."""
    obstacles = Obstacle.objects.filter(report__reported_on__lte=as_of)
    if category is not None:
        obstacles = obstacles.filter(category=category)
    return tasks.as_of(as_of).unfinished(as_of).filter(pk__in=obstacles.values("report__task_id"))


def obstacles_by_category(tasks, as_of: date, *, links: TaskLinks | None = None) -> list[CategoryCount]:
    """For each obstacle category, the number of tasks it blocks on `as_of` (see `blocked_tasks`),
    most first; categories blocking nothing are left out. One query."""
    links = links or TaskLinks()
    open_tasks = tasks.as_of(as_of).unfinished(as_of).values("pk")
    groups = (
        Obstacle.objects.filter(report__reported_on__lte=as_of, report__task_id__in=open_tasks)
        .order_by()
        .values("category")
        .annotate(tasks=Count("report__task_id", distinct=True))
    )
    labels = dict(ObstacleCategory.choices)
    rows = [
        CategoryCount(
            category=group["category"],
            label=str(labels.get(group["category"], group["category"])),
            count=group["tasks"],
            url=links.obstacle_list_url(as_of, group["category"]),
        )
        for group in groups
    ]
    rows.sort(key=lambda row: (-row.count, row.label))
    return rows


@dataclass
class AreaCounts:
    """The tasks of one area: how many, how many completed and how many overdue on `as_of`."""

    area: str
    label: str
    total: int
    completed: int
    overdue: int
    url: str = ""
    overdue_url: str = ""


def tasks_by_area(tasks, as_of: date, *, links: TaskLinks | None = None) -> list[AreaCounts]:
    """The tasks by area in the order of the areas, cancelled tasks left out; one query grouped by
    area and status. Areas without tasks are left out."""
    links = links or TaskLinks()
    groups = tasks.as_of(as_of).order_by().values("area", "status").annotate(tasks=Count("pk"))
    counts: dict[str, dict[str, int]] = {}
    for group in groups:
        if group["status"] == TaskStatus.CANCELLED:
            continue
        counts.setdefault(group["area"], {})[group["status"]] = group["tasks"]
    rows = []
    for area, label in TaskArea.choices:
        by_status = counts.get(area)
        if not by_status:
            continue
        rows.append(
            AreaCounts(
                area=area,
                label=str(label),
                total=sum(by_status.values()),
                completed=sum(by_status.get(status, 0) for status in COMPLETED),
                overdue=by_status.get(TaskStatus.OVERDUE, 0),
                url=links.task_list_url(as_of, area=area),
                overdue_url=links.task_list_url(as_of, area=area, status=TaskStatus.OVERDUE),
            )
        )
    return rows


def month_ends(as_of: date, months: int = 12) -> list[date]:
    """The last days of the `months` months up to `as_of`, oldest first; the last is `as_of` itself
    when the month has not ended."""
    ends = []
    day = as_of
    for _month in range(months):
        ends.append(day)
        day = day.replace(day=1) - timedelta(days=1)
    return list(reversed(ends))


@dataclass
class MonthFigures:
    """The tasks completed and overdue as of one month end."""

    month_end: date
    completed: int
    overdue: int
    url_completed: str = ""
    url_overdue: str = ""


def monthly_trend(
    tasks, as_of: date, months: int = 12, *, links: TaskLinks | None = None
) -> list[MonthFigures]:
    """For each of the `months` months up to `as_of`, the tasks completed and overdue as of its
    last day. One grouped query per month, sent as one statement (UNION ALL)."""
    links = links or TaskLinks()
    ends = month_ends(as_of, months)
    queries = [
        tasks.as_of(end)
        .order_by()
        .annotate(month_end=Value(end, output_field=DateField()))
        .values("month_end", "status")
        .annotate(tasks=Count("pk"))
        .values_list("month_end", "status", "tasks")
        for end in ends
    ]
    counts: dict[date, dict[str, int]] = {end: {} for end in ends}
    union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    for month_end, status, number in union:
        if isinstance(month_end, str):
            month_end = date.fromisoformat(month_end)
        counts[month_end][status] = counts[month_end].get(status, 0) + number
    rows = []
    for end in ends:
        by_status = counts[end]
        rows.append(
            MonthFigures(
                month_end=end,
                completed=sum(by_status.get(status, 0) for status in COMPLETED),
                overdue=by_status.get(TaskStatus.OVERDUE, 0),
                url_overdue=links.task_list_url(end, status=TaskStatus.OVERDUE),
            )
        )
    return rows
