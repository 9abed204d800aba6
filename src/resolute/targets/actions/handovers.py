"""Handing targets and shares of targets to a successor when a reorganisation closes their unit
(`CarriedWork.carry`, called by `orgunits.actions.reorganisations.apply_reorganisation` inside its
transaction).

Both writes are bulk: a national reorganisation closes some ten thousand units. Each moved item
gets a change-log entry naming the reorganisation and a `TargetHandover` row, which the target's
page shows as "Share taken over from X on 01/07/2025 under …". Values are never moved: they stay
with the unit that entered them, and the successor's roll-up reads them through its area."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resolute.core.changelog import record_stated_changes
from resolute.core.models import ChangeLogEntry
from resolute.orgunits.models import OrgUnit

from ..models import Target, TargetBreakdown, TargetHandover


def _successors(handovers) -> dict[int, OrgUnit]:
    """The successors by id, checked open (one query)."""
    wanted = {handover.successor.pk for handover in handovers}
    found = OrgUnit.objects.in_bulk(wanted)
    for unit in found.values():
        if unit.effective_to is not None:
            raise ValueError(f"{unit} is closed and cannot take over a target")
    return found


def _note(reorganisation) -> str:
    return _("Reorganisation “%(title)s” under %(basis)s, effective %(date)s.") % {
        "title": reorganisation.title,
        "basis": reorganisation.legal_basis,
        "date": reorganisation.effective_on.isoformat(),
    }


def _figure(value) -> str:
    return f"{value.normalize():f}" if value is not None else ""


@transaction.atomic
def carry_targets(*, acting_user, handovers, reorganisation) -> int:
    """Give each open target of a closing unit to its successor: the target's unit changes, its
    breakdown, curve and values stay. A fixed number of queries for any number of targets."""
    handovers = list(handovers)
    if not handovers:
        return 0
    successors = _successors(handovers)
    wanted = {handover.item.record_id: handover for handover in handovers}
    targets = Target.objects.select_for_update().filter(pk__in=wanted).select_related("unit", "indicator")
    note = _note(reorganisation)
    now = timezone.now()
    moved, records, entries = [], [], []
    for target in targets:
        successor = successors[wanted[target.pk].successor.pk]
        if target.unit_id == successor.pk:
            continue
        old_unit = target.unit
        target.unit = successor
        target.version += 1
        target.updated_at = now
        moved.append(target)
        records.append(
            TargetHandover(
                target=target,
                role=TargetHandover.Role.OWNER,
                from_unit=old_unit,
                to_unit=successor,
                value=target.value,
                effective_on=reorganisation.effective_on,
                legal_basis=reorganisation.legal_basis,
                reorganisation=reorganisation,
            )
        )
        entries.append((target, {"unit": {"old": str(old_unit), "new": str(successor)}}))
    Target.objects.bulk_update(moved, ["unit", "version", "updated_at"], batch_size=500)
    TargetHandover.objects.bulk_create(records, batch_size=500)
    record_stated_changes(actor=acting_user, changes=entries, note=note)
    return len(moved)


@transaction.atomic
def carry_shares(*, acting_user, handovers, reorganisation) -> int:
    """Give each share a closing unit holds of an open target to its successor. When the successor
    already has a share of the same target (or receives two), the shares are added, exactly, into
    one. A fixed number of queries for any number of shares."""
    handovers = list(handovers)
    if not handovers:
        return 0
    successors = _successors(handovers)
    wanted = {handover.item.record_id: handover for handover in handovers}
    shares = list(
        TargetBreakdown.objects.select_for_update()
        .filter(pk__in=wanted)
        .select_related("unit", "target")
        .order_by("target_id", "id")
    )
    target_ids = {share.target_id for share in shares}
    held = {
        (share.target_id, share.unit_id): share
        for share in TargetBreakdown.objects.select_for_update().filter(
            target_id__in=target_ids, unit_id__in=list(successors)
        )
    }
    note = _note(reorganisation)
    changed: dict[int, TargetBreakdown] = {}
    merged: list[int] = []
    records, entries, withdrawn = [], [], []
    by_target: dict[int, list[str]] = defaultdict(list)
    for share in shares:
        successor = successors[wanted[share.pk].successor.pk]
        old_unit, value = share.unit, share.value
        existing = held.get((share.target_id, successor.pk))
        if existing is not None and existing.pk != share.pk:
            before = existing.value
            existing.value = before + value
            changed[existing.pk] = existing
            merged.append(share.pk)
            changed.pop(share.pk, None)
            entries.append((existing, {"value": {"old": _figure(before), "new": _figure(existing.value)}}))
            withdrawn.append(
                (
                    share,
                    {
                        "unit": {"old": str(old_unit), "new": None},
                        "value": {"old": _figure(value), "new": None},
                    },
                )
            )
        else:
            share.unit = successor
            changed[share.pk] = share
            held[(share.target_id, successor.pk)] = share
            entries.append((share, {"unit": {"old": str(old_unit), "new": str(successor)}}))
        records.append(
            TargetHandover(
                target_id=share.target_id,
                role=TargetHandover.Role.SHARE,
                from_unit=old_unit,
                to_unit=successor,
                value=value,
                effective_on=reorganisation.effective_on,
                legal_basis=reorganisation.legal_basis,
                reorganisation=reorganisation,
            )
        )
        by_target[share.target_id].append(
            _("share of %(from)s (%(value)s) to %(to)s")
            % {"from": old_unit, "value": _figure(value), "to": successor}
        )
    TargetBreakdown.objects.filter(pk__in=merged).delete()
    TargetBreakdown.objects.bulk_update(list(changed.values()), ["unit", "value"], batch_size=500)
    TargetHandover.objects.bulk_create(records, batch_size=500)
    targets = {share.target_id: share.target for share in shares}
    for target_id, moves in by_target.items():
        entries.append((targets[target_id], {}, note + " " + "; ".join(moves) + "."))
    record_stated_changes(actor=acting_user, changes=entries, note=note)
    record_stated_changes(
        actor=acting_user, changes=withdrawn, note=note, action=ChangeLogEntry.Action.DELETE
    )
    return len(shares)
