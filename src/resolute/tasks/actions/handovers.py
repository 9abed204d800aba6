"""A reorganisation hands a closing unit's part in every open task to its successor: the tasks it
leads (sub-tasks too), its coordinating roles and the tasks it assigned, so the successor reports,
coordinates and decides extensions and completion from the reorganisation's day. Pending extension
requests and completion proposals need no move of their own: they belong to the task, and the task's
lead and assigning units route them, so they follow the task.

The engine (`orgunits.actions.reorganisations.apply_reorganisation`) calls `carry_leads`,
`carry_coordinations` and `carry_assigners` through the `CarriedWork` contributions, inside its
transaction, with every `Handover` of the tree at once — up to tens of thousands nationally — so each
runs a fixed number of statements per batch of 500 tasks: one read, one bulk update, one insert of the
handovers (`TaskHandover`, which the timeline and the "as of" views read) and one of the change log.
Nothing is deleted but a coordinating role the successor already holds (it coordinated or leads the
task already): the old unit's part ends there, and the handover still records it.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from resolute.core.actions.bulk import set_by_value
from resolute.core.changelog import record_stated_changes
from resolute.core.contributions import Handover

from ..models import HandoverRole, Task, TaskCoordination, TaskHandover
from .copies import keep_copies

BATCH = 500
KEY_PREFIX = {
    HandoverRole.LEAD: "tasks.lead",
    HandoverRole.COORDINATING: "tasks.coordinating",
    HandoverRole.ASSIGNER: "tasks.assigner",
}
# The change-log entry of a handover names its reorganisation under this key, beside the fields it
# changed, so the task's timeline shows the handover (and not an edit) for it.
REORGANISATION_KEY = "reorganisation"


def item_key(role: str, pk: int) -> str:
    """The stable key of a held item: "tasks.lead:<task>", "tasks.coordinating:<coordination>",
    "tasks.assigner:<task>"."""
    return f"{KEY_PREFIX[role]}:{pk}"


def _moves(handovers: Iterable[Handover], role: str) -> dict[int, tuple]:
    """{pk of the task or coordination: (unit giving it, successor)} of the handovers of `role`."""
    prefix = KEY_PREFIX[role] + ":"
    return {
        handover.item.record_id: (handover.item.unit, handover.successor)
        for handover in handovers
        if handover.item.key.startswith(prefix)
    }


def _batches(pks) -> Iterable[list[int]]:
    pks = sorted(pks)
    for start in range(0, len(pks), BATCH):
        yield pks[start : start + BATCH]


def _note(reorganisation) -> str:
    basis = reorganisation.legal_basis
    text = (
        _("Handed over in the reorganisation “%(title)s” under %(basis)s.")
        if basis
        else _("Handed over in the reorganisation “%(title)s”.")
    ) % {"title": reorganisation.title, "basis": basis}
    return text[:500]


def _log_entries(acting_user, tasks: dict[int, Task], changes: dict[int, dict], reorganisation) -> None:
    record_stated_changes(
        actor=acting_user,
        changes=[
            (tasks[pk], {**change, REORGANISATION_KEY: {"old": None, "new": reorganisation.title}})
            for pk, change in changes.items()
        ],
        note=_note(reorganisation),
    )


def _handover(task_pk: int, role: str, old, new, reorganisation, already_held: bool = False) -> TaskHandover:
    return TaskHandover(
        task_id=task_pk,
        role=role,
        from_unit=old,
        to_unit=new,
        effective_on=reorganisation.effective_on,
        reorganisation=reorganisation,
        already_held=already_held,
    )


def _carry_task_field(*, acting_user, handovers, reorganisation, role: str, field: str) -> int:
    """Move the tasks' `field` (the lead or the assigning unit) from each old unit to its successor."""
    moves = _moves(handovers, role)
    moved = 0
    now = timezone.now()
    carried, given_by = [], set()
    for batch in _batches(moves):
        tasks = {
            task.pk: task
            for task in Task.objects.select_for_update()
            .filter(pk__in=batch, completed_on__isnull=True, cancelled_on__isnull=True)
            .select_related(field)
        }
        changed, records, changes = [], [], {}
        for pk, task in tasks.items():
            old, new = moves[pk]
            if getattr(task, f"{field}_id") != old.pk:
                continue  # no longer the old unit's: nothing to hand over
            changes[pk] = {field: {"old": str(getattr(task, field)), "new": str(new)}}
            setattr(task, field, new)
            task.version += 1
            task.updated_at = now
            changed.append(task)
            records.append(_handover(pk, role, old, new, reorganisation))
        set_by_value(
            Task,
            field,
            {task.pk: getattr(task, f"{field}_id") for task in changed},
            version=F("version") + 1,
            updated_at=now,
        )
        if role == HandoverRole.LEAD:
            # The new lead unit does not also coordinate its own task.
            leads = {task.pk: task.lead_unit_id for task in changed}
            doubled = [
                pk
                for pk, task_id, unit_id in TaskCoordination.objects.filter(task_id__in=leads).values_list(
                    "pk", "task_id", "unit_id"
                )
                if leads[task_id] == unit_id
            ]
            TaskCoordination.objects.filter(pk__in=doubled).delete()
            carried += list(leads)
            given_by.update(moves[pk][0].pk for pk in leads)
        TaskHandover.objects.bulk_create(records)
        _log_entries(acting_user, tasks, changes, reorganisation)
        moved += len(changed)
    # The coordinations' copies of the lead unit, and the tally of the units giving and taking.
    keep_copies(carried, former_lead_units=given_by)
    return moved


@transaction.atomic
def carry_leads(*, acting_user, handovers: Iterable[Handover], reorganisation) -> int:
    """Each open task (sub-tasks too) a closing unit leads passes to its successor, which reports on
    it and asks for its extensions and completion from the reorganisation's day. Returns how many."""
    return _carry_task_field(
        acting_user=acting_user,
        handovers=list(handovers),
        reorganisation=reorganisation,
        role=HandoverRole.LEAD,
        field="lead_unit",
    )


@transaction.atomic
def carry_assigners(*, acting_user, handovers: Iterable[Handover], reorganisation) -> int:
    """Each open task a closing unit assigned passes to its successor, which decides its pending and
    later extension requests and completion proposals. Returns how many."""
    return _carry_task_field(
        acting_user=acting_user,
        handovers=list(handovers),
        reorganisation=reorganisation,
        role=HandoverRole.ASSIGNER,
        field="assigned_by_unit",
    )


@transaction.atomic
def carry_coordinations(*, acting_user, handovers: Iterable[Handover], reorganisation) -> int:
    """Each coordinating role a closing unit holds on an open task passes to its successor — unless the
    successor already coordinates or leads that task, when the old role simply ends (the task never
    lists a unit twice). Returns how many roles were handed over."""
    moves = _moves(list(handovers), HandoverRole.COORDINATING)
    moved = 0
    now = timezone.now()
    for batch in _batches(moves):
        giving = {
            row.pk: row
            for row in TaskCoordination.objects.select_for_update()
            .filter(pk__in=batch, task__completed_on__isnull=True, task__cancelled_on__isnull=True)
            .order_by("pk")
        }
        task_ids = {row.task_id for row in giving.values()}
        tasks = Task.objects.select_for_update().in_bulk(task_ids)
        every_row = list(TaskCoordination.objects.filter(task_id__in=task_ids).select_related("unit"))
        names = {}  # task id -> {unit id: name}, before the handover
        for row in every_row:
            names.setdefault(row.task_id, {})[row.unit_id] = str(row.unit)
        before = {task_id: sorted(units.values()) for task_id, units in names.items()}
        updated, removed, records = [], [], []
        for pk, row in giving.items():
            old, new = moves[pk]
            if row.unit_id != old.pk:
                continue
            held = names.setdefault(row.task_id, {})
            already_held = new.pk in held or tasks[row.task_id].lead_unit_id == new.pk
            held.pop(old.pk, None)
            if already_held:
                removed.append(pk)
            else:
                row.unit = new
                updated.append(row)
                held[new.pk] = str(new)
            records.append(
                _handover(row.task_id, HandoverRole.COORDINATING, old, new, reorganisation, already_held)
            )
        TaskCoordination.objects.filter(pk__in=removed).delete()
        set_by_value(TaskCoordination, "unit", {row.pk: row.unit_id for row in updated})
        TaskHandover.objects.bulk_create(records)
        touched = {record.task_id for record in records}
        Task.objects.filter(pk__in=touched).update(version=F("version") + 1, updated_at=now)
        changes = {
            task_id: {
                "coordinating_units": {"old": before.get(task_id, []), "new": sorted(names[task_id].values())}
            }
            for task_id in touched
        }
        _log_entries(acting_user, tasks, changes, reorganisation)
        moved += len(records)
    return moved
