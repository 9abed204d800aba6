"""The urging ladder's writes: remind before a deadline, notify when it passes, draft an urging
letter, escalate; and the office's changes to the ladder and its escalations.

`run_ladder(today)` looks at every open subject (whatever the apps contribute as `LadderSubjects`:
tasks with a deadline, reports owed under a reporting regime and not received) and fires each
configured step that has fallen due and has not fired yet (when a step is due: see
`selectors.ladder`). It may run any number of times, from any number of workers at once: every step
is written as a `LadderEvent` in its own transaction, and the unique constraint on (subject, step)
lets exactly one writer win; only the winner notifies, so nobody hears twice.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from resolute.core.calendar import WorkingCalendar
from resolute.core.changelog import record_change, snapshot
from resolute.core.clock import today
from resolute.core.contributions import LadderSubject
from resolute.core.models import ChangeLogEntry
from resolute.orgunits.choices import Role

from ..models import LadderEvent, LadderStep, StepKind
from ..selectors.ladder import (
    active_steps,
    already_fired,
    delay_for,
    is_due,
    office_people,
    subjects_in_reach,
    unit_people,
)
from .letters import draft_letter
from .notifications import notify

# -- notifications ----------------------------------------------------------------------------------


def notify_users(*, users, kind: str, title, body, url: str, context: dict | None = None) -> None:
    """Tell `users` in the app and by e-mail, as each prefers (see `actions.notifications.notify`)."""
    users = list(users)
    if users:
        notify(users=users, kind=kind, title=title, body=body, url=url, context=context)


def _title_in_reader_language(task):
    return lazy(lambda: str(task.display_title), str)()


def _announce(event: LadderEvent, subject: LadderSubject) -> None:
    # Lazy texts with {placeholders}: the notification renders them in each recipient's language.
    context = {
        # A task's title is read in each recipient's language when the notification is written.
        "title": _title_in_reader_language(subject.task) if subject.task is not None else subject.title,
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


def fire(step: LadderStep, subject: LadderSubject, on: date) -> LadderEvent | None:
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


def run_ladder(*, on: date | None = None) -> LadderRun:
    """Fire every step that is due on `on` (default: today) and has not fired; draft a letter for
    each (issuer, unit) that reached the letter step. Safe to run again and from several workers.

    Not one transaction: each step commits on its own (see `fire`), so a run that fails half-way
    keeps what it fired and announced, and the next run carries on from there."""
    on = on or today()
    steps = active_steps()
    run = LadderRun()
    calendar = WorkingCalendar()  # reads the office's adjustments once for the run
    if not steps:
        return run
    subjects = subjects_in_reach(on)
    fired = already_fired([subject.key for subject in subjects])
    letter_groups: dict[tuple[int, int], list[LadderEvent]] = {}
    units = {}
    for subject in subjects:
        for step in steps:
            if (subject.key, step.pk) in fired:
                continue
            delay = delay_for(step, subject, steps)  # None: never for this subject (a letter to itself)
            if delay is None or not is_due(step, subject.deadline, on, calendar, delay=delay):
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
        if not issuer.document_symbol:
            # Its letter cannot be numbered (no symbol is made up): the office hears why, and drafts
            # the letter from the board once the unit's symbol is set.
            notify_users(
                users=office_people(issuer),
                kind="urging_letter",
                title=gettext_lazy("No urging letter to {unit}: {issuer} has no document symbol"),
                body=gettext_lazy(
                    "Set the document symbol on the page of {issuer}, then draft the letter from the "
                    "follow-up board."
                ),
                url=issuer.get_absolute_url(),
                context={"unit": unit, "issuer": issuer},
            )
            continue
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
