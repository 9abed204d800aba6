"""The urging ladder: remind before a deadline, notify when it passes, draft an urging letter, escalate.

`run_ladder(today)` looks at every open subject (a task with a deadline, a report owed under a
reporting regime and not received, and whatever other providers register) and fires each
configured step that has fallen due and has not fired yet. It may run any number of times, from
any number of workers at once: every step is written as a `LadderEvent` in its own transaction,
and the unique constraint on (subject, step) lets exactly one writer win; only the winner
notifies, so nobody hears twice.

When a step is due (the delays are in working days, from `LadderStep`):
- before the deadline (negative delay): on that working day, and up to the deadline itself, so a
  run missed for a day or two still reminds;
- zero: the day after the deadline, the first day the subject is overdue;
- positive: that many working days after the deadline, and any day after.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from resolute.accounts.models import User
from resolute.core.calendar import WorkingCalendar
from resolute.core.changelog import record_change, snapshot
from resolute.core.clock import today
from resolute.core.models import ChangeLogEntry
from resolute.orgunits.choices import Role
from resolute.tasks.models import Task

from .models import LadderEvent, LadderStep, StepKind

logger = logging.getLogger(__name__)

# The defaults of the ladder (the data migration creates these rows; the settings page edits them).
DEFAULT_STEPS = (
    (1, StepKind.REMINDER, -3),
    (2, StepKind.OVERDUE_NOTICE, 0),
    (3, StepKind.LETTER, 5),
    (4, StepKind.ESCALATION, 15),
)
# Tasks whose deadline is further ahead than this cannot have a step due yet.
LOOKAHEAD_DAYS = 60


# -- the calendar ----------------------------------------------------------------------------------


def add_working_days(day: date, n: int, calendar: WorkingCalendar | None = None) -> date:
    """`n` working days from `day` (weekends, Vietnamese holidays and the office's adjustments)."""
    return (calendar or WorkingCalendar()).add_working_days(day, n)


def due_on(deadline: date, delay_working_days: int, calendar: WorkingCalendar | None = None) -> date:
    """The first day a step with this delay is due for a subject with this deadline."""
    if delay_working_days == 0:
        return deadline + timedelta(days=1)
    return add_working_days(deadline, delay_working_days, calendar)


def is_due(step: LadderStep, deadline: date, on: date, calendar: WorkingCalendar | None = None) -> bool:
    if on < due_on(deadline, step.delay_working_days, calendar):
        return False
    # A reminder is about a deadline still ahead: once it has passed, the notice takes over.
    return step.delay_working_days >= 0 or on <= deadline


# -- subjects -----------------------------------------------------------------------------------------


@dataclass
class Subject:
    """Something with a deadline that a unit owes to an issuer."""

    key: str
    unit: object
    issuer: object
    deadline: date
    title: str
    source: str = ""
    url: str = ""
    task: Task | None = None
    obligation_label: str = ""
    kind: str = "task"


SubjectProvider = Callable[[date], Iterable[Subject]]
_providers: list[SubjectProvider] = []


def register_subject_provider(provider: SubjectProvider) -> SubjectProvider:
    """Add a provider of other subjects; tasks and owed reports are always included."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def task_source(task: Task) -> str:
    """The document (and point) a task comes from, as a letter cites it."""
    if task.source_document_id is None:
        return ""
    source = str(task.source_document)
    if task.source_clause_id is not None and getattr(task.source_clause, "number", ""):
        source += f", {task.source_clause.number}"
    return source


def task_subjects(on: date, *, deadline_before: date | None = None, issuer=None, unit=None) -> list[Subject]:
    """Open tasks with a deadline no later than `on` plus the look-ahead (or before `deadline_before`),
    optionally only those `issuer` assigned to `unit`."""
    tasks = Task.objects.filter(
        completed_on__isnull=True,
        cancelled_on__isnull=True,
        deadline__isnull=False,
        assigned_on__lte=on,
    ).select_related("lead_unit", "assigned_by_unit", "source_document", "source_clause")
    if issuer is not None:
        tasks = tasks.filter(assigned_by_unit=issuer)
    if unit is not None:
        tasks = tasks.filter(lead_unit=unit)
    if deadline_before is not None:
        tasks = tasks.filter(deadline__lt=deadline_before)
    else:
        tasks = tasks.filter(deadline__lte=on + timedelta(days=LOOKAHEAD_DAYS))
    return [
        Subject(
            key=f"task:{task.pk}:{task.deadline.isoformat()}",
            unit=task.lead_unit,
            issuer=task.assigned_by_unit,
            deadline=task.deadline,
            title=task.title,
            source=task_source(task),
            url=task.get_absolute_url(),
            task=task,
        )
        for task in tasks.order_by("deadline", "pk")
    ]


# Reports whose deadline passed longer ago than this are left to the compliance table, not chased.
REPORT_HORIZON_DAYS = 90


def report_subjects(on: date, *, issuer=None, unit=None) -> list[Subject]:
    """Reports owed under the active regimes and not (fully) received by `on`: one subject for
    each unit, regime and period whose deadline lies within the horizon behind and the look-ahead
    in front of `on`. A fixed number of queries per regime."""
    from django.urls import NoReverseMatch, reverse

    from .models import ReportingRegime
    from .obligations import expected, received, recent_periods, window_of

    try:
        url = reverse("reporting:compliance")
    except NoReverseMatch:
        url = ""
    subjects = []
    regimes = ReportingRegime.objects.filter(active=True).select_related("issuer").order_by("pk")
    if issuer is not None:
        regimes = regimes.filter(issuer=issuer)
    for regime in regimes:
        periods = recent_periods(regime.period_type, on, 4)
        periods.append(periods[-1].next())
        windows = {period: window_of(regime, period) for period in periods}
        periods = [
            period
            for period, window in windows.items()
            if on - timedelta(days=REPORT_HORIZON_DAYS)
            <= window.deadline
            <= on + timedelta(days=LOOKAHEAD_DAYS)
        ]
        owed = {period: expected(regime, period, units=[unit] if unit else None) for period in periods}
        unit_ids = sorted({obligation.unit.pk for obligations in owed.values() for obligation in obligations})
        receipts = received(regime, periods, unit_ids, on) if unit_ids else {}
        for period, obligations in owed.items():
            for obligation in obligations:
                receipt = receipts.get((obligation.unit.pk, period))
                if receipt is None or receipt.expected == 0 or receipt.received_by(on) >= receipt.expected:
                    continue
                title = f"{regime.name} — {period}"
                subjects.append(
                    Subject(
                        key=f"report:{regime.pk}:{obligation.unit.pk}:{period.code}",
                        unit=obligation.unit,
                        issuer=regime.issuer,
                        deadline=obligation.deadline,
                        title=title,
                        source=regime.legal_basis,
                        url=url,
                        obligation_label=title,
                        kind="report",
                    )
                )
    return subjects


def all_subjects(on: date) -> list[Subject]:
    subjects = task_subjects(on) + report_subjects(on)
    for provider in _providers:
        subjects.extend(provider(on))
    return subjects


def overdue_subjects(on: date, *, issuer=None, unit=None) -> list[Subject]:
    """What is overdue on `on` (deadline passed, still open), optionally for one issuer and unit."""
    subjects = task_subjects(on, deadline_before=on, issuer=issuer, unit=unit)
    subjects += [
        subject for subject in report_subjects(on, issuer=issuer, unit=unit) if subject.deadline < on
    ]
    for provider in _providers:
        subjects.extend(subject for subject in provider(on) if subject.deadline < on)
    return [
        subject
        for subject in subjects
        if (issuer is None or subject.issuer.pk == issuer.pk) and (unit is None or subject.unit.pk == unit.pk)
    ]


# -- notifications ----------------------------------------------------------------------------------


def notify_users(*, users, kind: str, title, body, url: str, context: dict | None = None) -> None:
    """Through reporting.notify when it is installed; without it the event is still recorded."""
    users = list(users)
    if not users:
        return
    try:
        from .notify import notify
    except ImportError:
        logger.info("No notification channel; %s for %d user(s): %s", kind, len(users), title)
        return
    notify(users=users, kind=kind, title=title, body=body, url=url, context=context)


def unit_people(unit, roles: Iterable[str]):
    """Users holding one of `roles` in `unit` itself."""
    return User.objects.filter(
        is_active=True, memberships__unit=unit, memberships__role__in=list(roles)
    ).distinct()


def office_people(issuer):
    """The office users who serve `issuer`: an office membership in the issuer or a unit right below it."""
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.OFFICE,
        memberships__unit__in=[issuer.pk, *issuer.children.values_list("pk", flat=True)],
    ).distinct()


def _announce(event: LadderEvent, subject: Subject) -> None:
    # Lazy texts with {placeholders}: the notification renders them in each recipient's language.
    context = {
        "title": subject.title,
        "unit": subject.unit,
        "deadline": subject.deadline.strftime("%d/%m/%Y"),
    }
    if event.kind == StepKind.REMINDER:
        notify_users(
            users=unit_people(subject.unit, [Role.REPORTER, Role.MANAGER]),
            kind="reminder",
            title=gettext_lazy("Due on {deadline}: {title}"),
            body=gettext_lazy("{unit} is to complete “{title}” by {deadline}."),
            url=subject.url,
            context=context,
        )
    elif event.kind == StepKind.OVERDUE_NOTICE:
        notify_users(
            users=unit_people(subject.unit, [Role.REPORTER, Role.MANAGER]),
            kind="overdue_notice",
            title=gettext_lazy("Overdue since {deadline}: {title}"),
            body=gettext_lazy(
                "The deadline of “{title}” ({deadline}) has passed; {unit} has not completed it."
            ),
            url=subject.url,
            context=context,
        )
    elif event.kind == StepKind.ESCALATION:
        notify_users(
            users=unit_people(subject.unit, [Role.MANAGER]),
            kind="escalation",
            title=gettext_lazy("Escalated to the leadership meeting: {title}"),
            body=gettext_lazy(
                "“{title}”, due on {deadline}, is still not completed by {unit}; it is on the list "
                "for the leadership meeting."
            ),
            url=subject.url,
            context=context,
        )


# -- the run ----------------------------------------------------------------------------------------


@dataclass
class LadderRun:
    """What one run fired."""

    events: list[LadderEvent] = field(default_factory=list)
    letters: list = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for event in self.events if event.kind == kind)


def active_steps() -> list[LadderStep]:
    return list(LadderStep.objects.filter(active=True).order_by("order", "pk"))


def fire(step: LadderStep, subject: Subject, on: date) -> LadderEvent | None:
    """Record `step` for `subject` and announce it, or None when it has fired already (here or
    in another worker): the insert and the announcement commit together or not at all."""
    try:
        with transaction.atomic():
            event = LadderEvent.objects.create(
                subject_key=subject.key,
                step=step,
                kind=step.kind,
                task=subject.task,
                obligation_label=subject.obligation_label,
                unit=subject.unit,
                issuer=subject.issuer,
                deadline=subject.deadline,
                fired_on=on,
            )
            _announce(event, subject)
    except IntegrityError:
        return None
    return event


def already_fired(keys: list[str], batch: int = 500) -> set[tuple[str, int]]:
    """(subject, step id) of the steps fired for these subjects, read in batches (SQLite caps the
    number of parameters in one query)."""
    fired = set()
    for start in range(0, len(keys), batch):
        rows = LadderEvent.objects.filter(subject_key__in=keys[start : start + batch])
        fired.update(rows.values_list("subject_key", "step_id"))
    return fired


def run_ladder(on: date | None = None) -> LadderRun:
    """Fire every step that is due on `on` (default: today) and has not fired; draft a letter for
    each (issuer, unit) that reached the letter step. Safe to run again and from several workers."""
    from .letters import draft_letter

    on = on or today()
    steps = active_steps()
    run = LadderRun()
    calendar = WorkingCalendar()  # reads the office's adjustments once for the run
    if not steps:
        return run
    subjects = all_subjects(on)
    fired = already_fired([subject.key for subject in subjects])
    letter_groups: dict[tuple[int, int], list[LadderEvent]] = {}
    units = {}
    for subject in subjects:
        for step in steps:
            if (subject.key, step.pk) in fired or not is_due(step, subject.deadline, on, calendar):
                continue
            event = fire(step, subject, on)
            if event is None:
                continue
            run.events.append(event)
            if event.kind == StepKind.LETTER:
                group = (subject.issuer.pk, subject.unit.pk)
                letter_groups.setdefault(group, []).append(event)
                units[group] = (subject.issuer, subject.unit)
    for group, events in letter_groups.items():
        issuer, unit = units[group]
        letter = draft_letter(acting_user=None, issuer=issuer, recipient=unit, on=on)
        LadderEvent.objects.filter(pk__in=[event.pk for event in events]).update(letter=letter)
        run.letters.append(letter)
        notify_users(
            users=office_people(issuer),
            kind="urging_letter",
            title=gettext_lazy("Urging letter {number} to {unit} is waiting for signature"),
            body=gettext_lazy("Overdue items listed: {count}."),
            url=letter.get_absolute_url(),
            context={"number": letter.number, "unit": unit, "count": len(letter.items)},
        )
    return run


@task()
def run_ladder_job() -> dict:
    """The daily job the scheduler enqueues."""
    run = run_ladder()
    return {kind: run.count(kind) for kind in StepKind.values} | {"letters": len(run.letters)}


# -- the office's writes ---------------------------------------------------------------------------


@transaction.atomic
def update_ladder_step(
    *, acting_user, step_id: int, order: int, delay_working_days: int, active: bool
) -> LadderStep:
    """Change a step's place, delay or activity; the change log keeps the values before and after."""
    step = LadderStep.objects.select_for_update().get(pk=step_id)
    fields = ["order", "delay_working_days", "active"]
    before = snapshot(step, fields)
    step.order, step.delay_working_days, step.active = order, delay_working_days, active
    step.save(update_fields=fields)
    record_change(actor=acting_user, instance=step, action=ChangeLogEntry.Action.UPDATE, before=before)
    return step


@transaction.atomic
def resolve_escalation(*, acting_user, event: LadderEvent, on: date) -> LadderEvent:
    """Take an escalation off the leadership meeting's list."""
    event = LadderEvent.objects.select_for_update().get(pk=event.pk)
    before = snapshot(event, ["resolved_on"])
    event.resolved_on = on
    event.save(update_fields=["resolved_on"])
    record_change(actor=acting_user, instance=event, action=ChangeLogEntry.Action.UPDATE, before=before)
    return event


# -- the timeline of a task -------------------------------------------------------------------------


def task_timeline_events(task: Task) -> list:
    """The ladder's events for `task`, for its timeline (registered with tasks.timeline_sources)."""
    from django.urls import reverse

    from resolute.tasks.selectors import TimelineEvent, TimelineLink

    events = []
    for event in LadderEvent.objects.filter(task=task).select_related("unit", "issuer", "letter"):
        values = {"unit": event.unit, "deadline": event.deadline.strftime("%d/%m/%Y")}
        texts = {
            StepKind.REMINDER: _("Reminder sent to %(unit)s: the deadline is %(deadline)s."),
            StepKind.OVERDUE_NOTICE: _(
                "Overdue notice sent to %(unit)s: the deadline %(deadline)s has passed."
            ),
            StepKind.LETTER: _("Urging letter drafted to %(unit)s."),
            StepKind.ESCALATION: _(
                "Escalated to the head of %(unit)s and listed for the leadership meeting."
            ),
        }
        links = []
        if event.letter_id:
            links.append(
                TimelineLink(
                    label=_("Letter %(number)s") % {"number": event.letter.number},
                    url=reverse("reporting:letter_detail", args=[event.letter_id]),
                )
            )
        events.append(
            TimelineEvent(
                day=event.fired_on,
                at=event.created_at,
                kind=f"ladder_{event.kind}",
                text=texts[event.kind] % values,
                unit=event.issuer,
                obj=event,
                links=links,
            )
        )
    return events
