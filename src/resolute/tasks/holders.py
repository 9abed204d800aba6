"""Who held a task on a day, and which tasks a unit's area led then: the reading side of the
handovers a reorganisation records (`TaskHandover`, written by `contributions.carry_*`).

A task's lead on day D is the `from_unit` of its earliest lead handover after D, else its lead unit
today: an SQL annotation (`lead_on`), so lists, counts and league tables judge it in the database.
A unit's tasks on D are those whose lead on D lies in its AREA on D (`orgunits.history.area_q`): the
units under it in the tree of that day and the areas of the predecessors whose past it carries.

When nothing changed after D — no unit moved or was succeeded, no task changed hands — the tree of D
is today's and every lead on D is today's lead unit, so the plain path range on `lead_unit__path`
serves, exactly as before reorganisations existed. `changed_after(day)` tells which case applies;
for today (or a later day) it needs no query, since moves and handovers are never dated ahead.
"""

from datetime import date

from django.db.models import BigIntegerField, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from resolute.core import clock
from resolute.core.contributions import HeldItem
from resolute.orgunits.history import lineage_roots, units_in_area
from resolute.orgunits.models import OrgUnit, UnitPlacement, UnitSuccession
from resolute.orgunits.querysets import subtree_q

from .actions.handovers import item_key
from .models import HandoverRole, Task, TaskCoordination, TaskHandover


def changed_after_q(day: date) -> Q:
    """True (in SQL) when a unit moved or was succeeded, or a task changed hands, after `day`."""
    return (
        Q(Exists(UnitPlacement.objects.filter(valid_from__gt=day)))
        | Q(Exists(UnitSuccession.objects.filter(effective_on__gt=day)))
        | Q(Exists(TaskHandover.objects.filter(effective_on__gt=day)))
    )


def changed_after(day: date) -> bool:
    """Whether the tree or the tasks' holders changed after `day` (see the module's docstring); no
    query for today or a later day, one otherwise."""
    if day >= clock.today():
        return False
    return OrgUnit.objects.filter(changed_after_q(day)).order_by().exists()


def lead_on(day: date):
    """The task's lead unit (its id) on `day`: who gave the lead away in the earliest lead handover
    after `day`, else today's lead unit."""
    handed_over = TaskHandover.objects.filter(
        task=OuterRef("pk"), role=HandoverRole.LEAD, effective_on__gt=day
    ).order_by("effective_on", "id")
    return Coalesce(
        Subquery(handed_over.values("from_unit_id")[:1]), F("lead_unit_id"), output_field=BigIntegerField()
    )


def led_by(tasks: QuerySet, unit: OrgUnit, day: date, *, include_subtree: bool = True) -> QuerySet:
    """The tasks of `tasks` that `unit` led on `day` — with `include_subtree`, that a unit of its area
    led — counting the past of the predecessors it carries. The path range on today's tree when
    nothing changed after `day`."""
    if not changed_after(day):
        return tasks.filter(
            subtree_q(unit.path, field="lead_unit__path") if include_subtree else Q(lead_unit=unit)
        )
    if include_subtree:
        units = units_in_area(unit, day).values("pk")
    else:
        units = [root.pk for root in lineage_roots(unit, day)]
    return tasks.alias(lead_on=lead_on(day)).filter(lead_on__in=units)


def coordinated_by_q(unit: OrgUnit, day: date | None, *, include_subtree: bool = True) -> Q:
    """A Q over tasks that `unit` (with its subtree) coordinated on `day`: today's coordinations when
    nothing changed after the day; otherwise the coordinating units of that day, which are today's
    ones not received in a later handover, and the units that gave theirs away after it."""
    if day is None or not changed_after(day):
        units_q = subtree_q(unit.path, field="unit__path") if include_subtree else Q(unit=unit)
        return Q(Exists(TaskCoordination.objects.filter(units_q, task=OuterRef("pk"))))
    if include_subtree:
        units = units_in_area(unit, day).values("pk")
    else:
        units = [root.pk for root in lineage_roots(unit, day)]
    received_later = TaskHandover.objects.filter(
        task=OuterRef("task"),
        to_unit=OuterRef("unit"),
        role=HandoverRole.COORDINATING,
        already_held=False,
        effective_on__gt=day,
    )
    held_then = TaskCoordination.objects.filter(task=OuterRef("pk"), unit__in=units).exclude(
        Exists(received_later)
    )
    given_away_later = TaskHandover.objects.filter(
        task=OuterRef("pk"), role=HandoverRole.COORDINATING, from_unit__in=units, effective_on__gt=day
    )
    return Q(Exists(held_then)) | Q(Exists(given_away_later))


# -- what a closing unit holds, for the reorganisation's preview (`CarriedWork.held` / `kept`) ----------


def _open(tasks: QuerySet) -> QuerySet:
    return tasks.filter(completed_on__isnull=True, cancelled_on__isnull=True)


def held_leads(units, day: date) -> list[HeldItem]:
    """The open tasks (sub-tasks too) the units lead: one query however many units."""
    by_pk = {unit.pk: unit for unit in units}
    tasks = _open(Task.objects.filter(lead_unit_id__in=by_pk)).only("id", "title", "title_en", "lead_unit_id")
    return [
        HeldItem(
            key=item_key(HandoverRole.LEAD, task.pk),
            unit=by_pk[task.lead_unit_id],
            title=str(task.display_title),
            url=task.get_absolute_url(),
            role=str(HandoverRole.LEAD.label),
        )
        for task in tasks.order_by("pk")
    ]


def held_coordinations(units, day: date) -> list[HeldItem]:
    """The units' coordinating roles on open tasks: one query however many units."""
    by_pk = {unit.pk: unit for unit in units}
    rows = (
        TaskCoordination.objects.filter(
            unit_id__in=by_pk, task__completed_on__isnull=True, task__cancelled_on__isnull=True
        )
        .select_related("task")
        .only("id", "unit_id", "task__id", "task__title", "task__title_en")
    )
    return [
        HeldItem(
            key=item_key(HandoverRole.COORDINATING, row.pk),
            unit=by_pk[row.unit_id],
            title=str(row.task.display_title),
            url=row.task.get_absolute_url(),
            role=str(HandoverRole.COORDINATING.label),
        )
        for row in rows.order_by("pk")
    ]


def held_assignments(units, day: date) -> list[HeldItem]:
    """The open tasks the units assigned, whose extensions and completion they decide: one query."""
    by_pk = {unit.pk: unit for unit in units}
    tasks = _open(Task.objects.filter(assigned_by_unit_id__in=by_pk)).only(
        "id", "title", "title_en", "assigned_by_unit_id"
    )
    return [
        HeldItem(
            key=item_key(HandoverRole.ASSIGNER, task.pk),
            unit=by_pk[task.assigned_by_unit_id],
            title=str(task.display_title),
            url=task.get_absolute_url(),
            role=str(HandoverRole.ASSIGNER.label),
        )
        for task in tasks.order_by("pk")
    ]


def finished_tasks_led(units, day: date) -> int:
    """The tasks the units led that were completed or cancelled: they stay the old units' history."""
    led = Task.objects.filter(lead_unit_id__in=[unit.pk for unit in units])
    return led.filter(Q(completed_on__isnull=False) | Q(cancelled_on__isnull=False)).count()
