"""Reads of the urging ladder and the office's follow-up board.

The ladder chases whatever the apps contribute as `LadderSubjects` (open tasks from `tasks`, reports
owed from this app, below); the board shows, for the units an office follows, what the apps
contribute as `BoardRows`, the letters waiting and the escalations. Neither imports a domain for
them.

When a step is due (the delays are in working days, from `LadderStep`):
- before the deadline (negative delay): on that working day, and up to the deadline itself, so a
  run missed for a day or two still reminds;
- zero: the day after the deadline, the first day the subject is overdue;
- positive: that many working days after the deadline, and any day after.

Who is urged:
- a unit closed on or before the day (`OrgUnit.is_closed_by`) is not: no reminder, notice, letter,
  escalation or missing report is raised against it, and the board shows no row and no escalation
  for it — its work has passed to its successors; a report whose deadline falls after its last day
  is not owed by it at all (`obligations.owes_in`);
- a unit's own work (the issuer is the unit: a task it assigned to itself, a report it owes itself)
  is never put in a letter to itself: the letter step does not fire for it, and the escalation — the
  unit's leadership taking it up — comes when the letter would have (or at its own delay, if sooner).
  On the board such rows are listed for the leadership, with no letter to draft.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.accounts.models import User
from resolute.core.calendar import WorkingCalendar
from resolute.core.contributions import BoardRows, LadderSubject, LadderSubjects, OverdueItems, contributed
from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for
from resolute.tasks.selectors import TimelineEvent, TimelineLink

from ..models import LadderEvent, LadderStep, LetterStatus, ReportingRegime, StepKind, UrgingLetter
from .obligations import expected, received, recent_periods, window_of

# The defaults of the ladder (the data migration creates these rows; the settings page edits them).
DEFAULT_STEPS = (
    (1, StepKind.REMINDER, -3),
    (2, StepKind.OVERDUE_NOTICE, 0),
    (3, StepKind.LETTER, 5),
    (4, StepKind.ESCALATION, 15),
)
# Subjects whose deadline is further ahead than this cannot have a step due yet.
LOOKAHEAD_DAYS = 60
# Reports whose deadline passed longer ago than this are left to the compliance table, not chased.
REPORT_HORIZON_DAYS = 90
# The longest list the board shows of each kind.
BOARD_LIMIT = 50


# -- the calendar ----------------------------------------------------------------------------------


def add_working_days(day: date, n: int, calendar: WorkingCalendar | None = None) -> date:
    """`n` working days from `day` (weekends, Vietnamese holidays and the office's adjustments)."""
    return (calendar or WorkingCalendar()).add_working_days(day, n)


def due_on(deadline: date, delay_working_days: int, calendar: WorkingCalendar | None = None) -> date:
    """The first day a step with this delay is due for a subject with this deadline."""
    if delay_working_days == 0:
        return deadline + timedelta(days=1)
    return add_working_days(deadline, delay_working_days, calendar)


def is_due(
    step: LadderStep,
    deadline: date,
    on: date,
    calendar: WorkingCalendar | None = None,
    *,
    delay: int | None = None,
) -> bool:
    """Whether `step` is due on `on` for a subject with this deadline; `delay` overrides the step's
    (see `delay_for`)."""
    delay = step.delay_working_days if delay is None else delay
    if on < due_on(deadline, delay, calendar):
        return False
    # A reminder is about a deadline still ahead: once it has passed, the notice takes over.
    return delay >= 0 or on <= deadline


def is_own_work(subject) -> bool:
    """The issuer's own work: it assigned the task to itself, or owes itself the report."""
    return subject.issuer.pk == subject.unit.pk


def delay_for(step: LadderStep, subject, steps: list[LadderStep]) -> int | None:
    """The working days from the deadline at which `step` fires for `subject`, or None when it never
    does. A unit's own work gets no letter (a letter never goes to its issuer); its escalation comes
    when the letter would have, if that is sooner than the escalation's own delay."""
    if not is_own_work(subject):
        return step.delay_working_days
    if step.kind == StepKind.LETTER:
        return None
    if step.kind == StepKind.ESCALATION:
        letter_delays = [other.delay_working_days for other in steps if other.kind == StepKind.LETTER]
        return min([step.delay_working_days, *letter_delays])
    return step.delay_working_days


def urged_on(unit, on: date) -> bool:
    """A unit may be urged on `on` unless it closed on or before that day."""
    return not unit.is_closed_by(on)


def active_steps() -> list[LadderStep]:
    return list(LadderStep.objects.active().order_by("order", "pk"))


# -- subjects -----------------------------------------------------------------------------------------


def report_subjects(on: date, *, deadline_before: date, issuer=None, unit=None) -> list[LadderSubject]:
    """Reports owed under the active regimes and not (fully) received by `on`: one subject for
    each unit, regime and period whose deadline lies between the horizon behind `on` and
    `deadline_before`. A fixed number of queries per regime."""
    url = reverse("reporting:compliance")
    subjects = []
    regimes = ReportingRegime.objects.active().select_related("issuer").order_by("pk")
    if issuer is not None:
        regimes = regimes.filter(issuer=issuer)
    for regime in regimes:
        periods = recent_periods(regime.period_type, on, 4)
        periods.append(periods[-1].next())
        windows = {period: window_of(regime, period) for period in periods}
        periods = [
            period
            for period, window in windows.items()
            if on - timedelta(days=REPORT_HORIZON_DAYS) <= window.deadline < deadline_before
        ]
        owed = {period: expected(regime, period, units=[unit] if unit else None) for period in periods}
        unit_ids = sorted({obligation.unit.pk for obligations in owed.values() for obligation in obligations})
        receipts = received(regime, periods, unit_ids, on) if unit_ids else {}
        for period, obligations in owed.items():
            for obligation in obligations:
                if not urged_on(obligation.unit, on):
                    continue
                receipt = receipts.get((obligation.unit.pk, period))
                if receipt is None or receipt.expected == 0 or receipt.received_by(on) >= receipt.expected:
                    continue
                title = f"{regime.name} — {period}"
                subjects.append(
                    LadderSubject(
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


def _subjects(on: date, *, deadline_before: date, issuer=None, unit=None) -> list[LadderSubject]:
    """What the apps contribute, less anything against a unit closed by `on` (whatever a contribution
    forgot to leave out)."""
    subjects = []
    for source in contributed(LadderSubjects):
        subjects.extend(source.subjects(on, deadline_before=deadline_before, issuer=issuer, unit=unit))
    return [subject for subject in subjects if urged_on(subject.unit, on)]


def subjects_in_reach(on: date) -> list[LadderSubject]:
    """Every open subject whose deadline falls no later than the look-ahead from `on`."""
    return _subjects(on, deadline_before=on + timedelta(days=LOOKAHEAD_DAYS + 1))


def overdue_subjects(on: date, *, issuer=None, unit=None) -> list[LadderSubject]:
    """What is overdue on `on` (deadline passed, still open), optionally what `unit` owes `issuer`."""
    return _subjects(on, deadline_before=on, issuer=issuer, unit=unit)


def already_fired(keys: list[str], batch: int = 500) -> set[tuple[str, int]]:
    """(subject, step id) of the steps fired for these subjects, read in batches (SQLite caps the
    number of parameters in one query)."""
    fired = set()
    for start in range(0, len(keys), batch):
        rows = LadderEvent.objects.filter(subject_key__in=keys[start : start + batch])
        fired.update(rows.values_list("subject_key", "step_id"))
    return fired


# -- who hears of it ----------------------------------------------------------------------------------


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


# -- letters ------------------------------------------------------------------------------------------


def letter_items(issuer, recipient, on: date) -> list[dict]:
    """What a letter lists: the recipient's overdue tasks, missing reports and whatever else the apps
    chase that it owes `issuer` (a kind the letter does not know names itself in `kind_label`).

    A letter is an official document in Vietnamese: a task's title is its Vietnamese one (the English one,
    marked, when there is none), and every other subject is read with Vietnamese active, so the title
    and the name of its kind that an app words are in Vietnamese whatever the page's language."""
    with translation.override("vi"):
        return [
            {
                "kind": subject.kind,
                "kind_label": str(subject.kind_label or ""),
                "title": str(subject.task.title_in("vi") if subject.task is not None else subject.title),
                "source": str(subject.source),
                "deadline": subject.deadline.isoformat(),
                "days_overdue": (on - subject.deadline).days,
                "url": subject.url,
            }
            for subject in overdue_subjects(on, issuer=issuer, unit=recipient)
        ]


def get_visible_letter(user, pk) -> UrgingLetter:
    """A letter to a unit the user's office follows, or 404."""
    return get_object_or_404(
        UrgingLetter.objects.visible_to(user).select_related("issuer", "recipient"), pk=pk
    )


def get_visible_escalation(user, pk) -> LadderEvent:
    """An escalation about a unit the user covers, or 404."""
    return get_object_or_404(
        LadderEvent.objects.visible_to(user).select_related("unit"), pk=pk, kind=StepKind.ESCALATION
    )


# -- the follow-up board ------------------------------------------------------------------------------


def overdue_reports_by_unit(user, on: date, limit: int) -> list[OverdueItems]:
    """Reports owed to an issuer and not received by their deadline, per unit the user's office
    follows, the oldest deadline first (a few queries per active regime)."""
    scope = scope_for(user)
    groups: dict[tuple[int, int], OverdueItems] = {}
    for subject in report_subjects(on, deadline_before=on):
        if not scope.covers(subject.unit, Role.OFFICE):
            continue
        key = (subject.issuer.pk, subject.unit.pk)
        group = groups.get(key)
        if group is None:
            group = groups[key] = OverdueItems(
                issuer=subject.issuer, unit=subject.unit, oldest_deadline=subject.deadline
            )
        group.count += 1
        group.titles.append(subject.title)
        group.oldest_deadline = min(group.oldest_deadline, subject.deadline)
    return sorted(groups.values(), key=lambda group: (group.oldest_deadline, group.unit.path))[:limit]


@dataclass
class BoardCell:
    """One contribution's items in a row of the board."""

    counted: bool
    count: int = 0
    titles: list[str] = field(default_factory=list)


@dataclass
class OverdueUnit:
    """A row of the board: one unit and the issuer it owes, with a cell per contribution (by its
    key, in the contributions' order)."""

    issuer: object
    unit: object
    oldest_deadline: date
    cells: dict[str, BoardCell]
    pending_letter: UrgingLetter | None = None

    @property
    def is_own_work(self) -> bool:
        """The issuer's own overdue work: for its leadership, never a letter to itself."""
        return self.issuer.pk == self.unit.pk


def board_data(user, on: date) -> dict:
    """The lists of the board, each in a fixed number of queries (plus what each contribution needs: a
    few for each active reporting regime, to find the reports not received). Rows of units closed by
    `on` are left out; a unit's own overdue work is listed apart (`own_overdue`), for its leadership,
    with no letter to draft."""
    week_end = on + timedelta(days=6 - on.weekday())
    sources = contributed(BoardRows)
    due_this_week = sorted(
        (
            item
            for source in sources
            if source.due_soon is not None
            for item in source.due_soon(user, on, week_end, BOARD_LIMIT)
        ),
        key=lambda item: item.deadline,
    )[:BOARD_LIMIT]
    waiting = list(
        UrgingLetter.objects.visible_to(user)
        .exclude(status=LetterStatus.SENT)
        .select_related("issuer", "recipient")
        .order_by("issued_on", "pk")[:BOARD_LIMIT]
    )
    drafted = {
        (letter.issuer_id, letter.recipient_id): letter
        for letter in waiting
        if letter.status == LetterStatus.DRAFTED
    }
    rows: dict[tuple[int, int], OverdueUnit] = {}
    for source in sources:
        for items in source.overdue(user, on, BOARD_LIMIT):
            if not urged_on(items.unit, on):
                continue
            key = (items.issuer.pk, items.unit.pk)
            row = rows.get(key)
            if row is None:
                row = rows[key] = OverdueUnit(
                    issuer=items.issuer,
                    unit=items.unit,
                    oldest_deadline=items.oldest_deadline,
                    cells={other.key: BoardCell(counted=other.counted) for other in sources},
                    pending_letter=drafted.get(key),
                )
            row.cells[source.key].count += items.count
            row.cells[source.key].titles.extend(items.titles)
            row.oldest_deadline = min(row.oldest_deadline, items.oldest_deadline)
    ordered = sorted(rows.values(), key=lambda row: (row.oldest_deadline, row.unit.path))
    overdue = [row for row in ordered if not row.is_own_work][:BOARD_LIMIT]
    own_overdue = [row for row in ordered if row.is_own_work][:BOARD_LIMIT]
    escalations = list(
        LadderEvent.objects.followed_by(user)
        .open_escalations()
        # A unit closed by the day is on nobody's list: its escalations passed to its successor or
        # were closed when it was reorganised (`reporting.contributions`).
        .exclude(unit__effective_to__lte=on)
        .select_related("unit", "task")
        .order_by("deadline", "pk")[:BOARD_LIMIT]
    )
    return {
        "on": on,
        "week_end": week_end,
        "columns": [source.column for source in sources],
        "due_this_week": due_this_week,
        "overdue": overdue,
        "own_overdue": own_overdue,
        "waiting": waiting,
        "escalations": escalations,
    }


# -- the timeline of a task -------------------------------------------------------------------------


TIMELINE_KINDS = {
    "ladder_reminder": (gettext_lazy("Reminder"), "badge badge--muted"),
    "ladder_overdue_notice": (gettext_lazy("Overdue notice"), "badge badge--warn"),
    "ladder_letter": (gettext_lazy("Urging letter"), "badge badge--bad"),
    "ladder_escalation": (gettext_lazy("Escalation"), "badge badge--bad"),
}


def task_timeline_events(task) -> list:
    """The ladder's events for `task`, for its timeline (contributed as a `TimelineSource`)."""
    texts = {
        StepKind.REMINDER: _("Reminder sent to %(unit)s: the deadline is %(deadline)s."),
        StepKind.OVERDUE_NOTICE: _("Overdue notice sent to %(unit)s: the deadline %(deadline)s has passed."),
        StepKind.LETTER: _("Urging letter drafted to %(unit)s."),
        StepKind.ESCALATION: _("Escalated to the head of %(unit)s and listed for the leadership meeting."),
    }
    events = []
    for event in LadderEvent.objects.filter(task=task).select_related("unit", "issuer", "letter"):
        values = {"unit": event.unit, "deadline": event.deadline.strftime("%d/%m/%Y")}
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
