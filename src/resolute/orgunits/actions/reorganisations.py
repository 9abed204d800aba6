"""Preparing and applying a reorganisation. A draft is edited freely; applying carries out the plan the
preview showed (`orgunits.reorganisation.plan_reorganisation`), in one transaction, and the change log
records it as one reorganisation: the reorganisation's own entry lists what it did, and every unit and
item it changed carries its title in the note."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, F, Max, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.actions.bulk import chunks, set_by_value
from resolute.core.actions.jobs import enqueue_job, run_job
from resolute.core.changelog import record_change, record_creations, record_updates, snapshot
from resolute.core.contributions import Handover, successors_by_record, tree_changed
from resolute.core.events import emit
from resolute.core.jobs import JobFailed, job_kind_of, long_job_time_limit
from resolute.core.models import ChangeLogEntry

from .. import events
from ..history import day_before
from ..models import (
    Membership,
    OrgUnit,
    PlannedUnit,
    Reorganisation,
    ReorganisationChoice,
    ReorganisationStep,
    ReorganisationStepKind,
    StepSuccessor,
    UnitFormerName,
    UnitSuccession,
)
from ..permissions import can_administer_unit
from ..querysets import PATH_SEGMENT_WIDTH, path_segment
from ..reorganisation import plan_reorganisation
from ..search import search_text_for
from .units import (
    LOGGED_FIELDS,
    _check_code_free,
    _check_document_symbol_free,
    _refresh_search_text,
    place_new_units,
    place_subtree,
)

REORGANISATION_FIELDS = ["title", "legal_basis", "effective_on", "area", "note", "status"]
EDITABLE_REORGANISATION_FIELDS = {"title", "legal_basis", "effective_on", "note"}


def _check_administers(acting_user, reorganisation_or_area) -> None:
    area = getattr(reorganisation_or_area, "area", reorganisation_or_area)
    if acting_user is not None and not can_administer_unit(acting_user, area):
        raise PermissionDenied(_("You are not an administrator of %(unit)s.") % {"unit": area})


def _check_draft(reorganisation: Reorganisation) -> None:
    if reorganisation.is_pending:
        raise ValidationError({"status": _("This reorganisation is being applied; wait until it is done.")})
    if not reorganisation.is_draft:
        raise ValidationError(
            {"status": _("This reorganisation has been applied; it can no longer be changed.")}
        )


def _lock_draft(reorganisation: Reorganisation, acting_user) -> Reorganisation:
    reorganisation = (
        Reorganisation.objects.select_for_update().select_related("area").get(pk=reorganisation.pk)
    )
    _check_administers(acting_user, reorganisation)
    _check_draft(reorganisation)
    return reorganisation


def _touch(reorganisation: Reorganisation) -> None:
    """A change to a draft's operations or choices is a new version of the draft: a preview read
    before it is stale."""
    Reorganisation.objects.filter(pk=reorganisation.pk).update(version=reorganisation.version + 1)
    reorganisation.version += 1


def _check_texts(title: str, legal_basis: str) -> None:
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the reorganisation a title.")
    if not legal_basis.strip():
        errors["legal_basis"] = _("Name the decision or resolution that orders it.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_reorganisation(
    *,
    acting_user,
    area: OrgUnit,
    title: str,
    legal_basis: str,
    effective_on: date,
    note: str = "",
    is_sample=False,
) -> Reorganisation:
    _check_administers(acting_user, area)
    _check_texts(title, legal_basis)
    reorganisation = Reorganisation.objects.create(
        area=area,
        title=title.strip(),
        legal_basis=legal_basis.strip(),
        effective_on=effective_on,
        note=note,
        created_by=acting_user,
        is_sample=is_sample,
    )
    record_change(actor=acting_user, instance=reorganisation, action="create", fields=REORGANISATION_FIELDS)
    return reorganisation


@transaction.atomic
def update_reorganisation(
    *, acting_user, reorganisation: Reorganisation, expected_version: int | None = None, **changes
) -> Reorganisation:
    from resolute.core.concurrency import lock_for_update

    reorganisation = lock_for_update(reorganisation, expected_version)
    _check_administers(acting_user, reorganisation)
    _check_draft(reorganisation)
    before = snapshot(reorganisation, REORGANISATION_FIELDS)
    for name, value in changes.items():
        if name not in EDITABLE_REORGANISATION_FIELDS:
            raise ValueError(f"{name} is not editable here")
        setattr(reorganisation, name, value.strip() if isinstance(value, str) and name != "note" else value)
    _check_texts(reorganisation.title, reorganisation.legal_basis)
    reorganisation.version += 1
    reorganisation.save()
    record_change(actor=acting_user, instance=reorganisation, action="update", before=before)
    return reorganisation


@transaction.atomic
def plan_unit(
    *,
    acting_user,
    reorganisation: Reorganisation,
    name: str,
    kind: str,
    code: str = "",
    name_en: str = "",
    short_name: str = "",
    parent: OrgUnit | None = None,
    planned_parent: PlannedUnit | None = None,
    document_symbol: str = "",
) -> PlannedUnit:
    """Add a unit the reorganisation will create on its day."""
    reorganisation = _lock_draft(reorganisation, acting_user)
    if not name.strip():
        raise ValidationError({"name": _("Give the new unit a name.")})
    if parent is not None and planned_parent is not None:
        raise ValidationError({"parent": _("Choose an existing parent unit or a new one, not both.")})
    if planned_parent is not None and planned_parent.reorganisation_id != reorganisation.pk:
        raise ValidationError({"parent": _("The new parent unit belongs to another reorganisation.")})
    if parent is not None and not parent.path.startswith(reorganisation.area.path):
        raise ValidationError(
            {"parent": _("%(unit)s lies outside %(area)s.") % {"unit": parent, "area": reorganisation.area}}
        )
    planned = PlannedUnit.objects.create(
        reorganisation=reorganisation,
        name=name.strip(),
        name_en=name_en.strip(),
        short_name=short_name.strip(),
        code=code.strip(),
        kind=kind,
        parent=parent,
        planned_parent=planned_parent,
        document_symbol=document_symbol,
    )
    _touch(reorganisation)
    record_change(
        actor=acting_user,
        instance=planned,
        action="create",
        fields=["name", "name_en", "code", "kind", "parent", "planned_parent"],
    )
    return planned


def _as_successor_row(step, position, successor) -> StepSuccessor:
    if isinstance(successor, PlannedUnit):
        if successor.reorganisation_id != step.reorganisation_id:
            raise ValidationError(
                {"successors": _("A new unit of another reorganisation cannot be a successor here.")}
            )
        return StepSuccessor(step=step, position=position, planned=successor)
    return StepSuccessor(step=step, position=position, unit=successor)


@transaction.atomic
def add_step(
    *,
    acting_user,
    reorganisation: Reorganisation,
    kind: str,
    sources: list[OrgUnit],
    successors=(),
    new_name: str = "",
    new_name_en: str = "",
    new_short_name: str = "",
    new_code: str = "",
    new_parent: OrgUnit | PlannedUnit | None = None,
) -> ReorganisationStep:
    """Add an operation. Its shape is checked here (a field named in each message); how it fits the
    rest of the reorganisation — a unit closed twice, a code taken — is the preview's conflicts."""
    reorganisation = _lock_draft(reorganisation, acting_user)
    sources = list(sources)
    successors = list(successors)
    if kind not in ReorganisationStepKind.values:
        raise ValidationError({"kind": _("Choose an operation.")})
    if not sources:
        raise ValidationError({"sources": _("Choose the unit this operation changes.")})
    if kind != ReorganisationStepKind.MERGE and len(sources) > 1:
        raise ValidationError({"sources": _("Only a merger changes several units at once; choose one.")})
    for source in sources:
        if not source.path.startswith(reorganisation.area.path):
            raise ValidationError(
                {
                    "sources": _("%(unit)s lies outside %(area)s.")
                    % {"unit": source, "area": reorganisation.area}
                }
            )
    if kind == ReorganisationStepKind.MERGE and len(successors) != 1:
        raise ValidationError({"successors": _("Choose the one unit the merged units become.")})
    if kind == ReorganisationStepKind.SPLIT and len(successors) < 2:
        raise ValidationError({"successors": _("Choose at least two units that share the work.")})
    if kind == ReorganisationStepKind.RENAME and not new_name.strip():
        raise ValidationError({"new_name": _("Give the new name.")})
    if kind == ReorganisationStepKind.RECODE and not new_code.strip():
        raise ValidationError({"new_code": _("Give the new code.")})
    if kind == ReorganisationStepKind.MOVE and new_parent is None:
        raise ValidationError({"new_parent": _("Choose the unit it moves under.")})
    position = (reorganisation.steps.aggregate(last=Max("position"))["last"] or 0) + 1
    step = ReorganisationStep.objects.create(
        reorganisation=reorganisation,
        position=position,
        kind=kind,
        new_name=new_name.strip(),
        new_name_en=new_name_en.strip(),
        new_short_name=new_short_name.strip(),
        new_code=new_code.strip(),
        new_parent=new_parent if isinstance(new_parent, OrgUnit) else None,
        new_planned_parent=new_parent if isinstance(new_parent, PlannedUnit) else None,
    )
    step.sources.set(sources)
    StepSuccessor.objects.bulk_create(
        [_as_successor_row(step, index, successor) for index, successor in enumerate(successors)]
    )
    _touch(reorganisation)
    record_change(
        actor=acting_user,
        instance=reorganisation,
        action="update",
        before={},
        note=_("Operation %(position)s added: %(operation)s of %(units)s.")
        % {
            "position": position,
            "operation": step.get_kind_display(),
            "units": ", ".join(str(s) for s in sources),
        },
    )
    return step


@transaction.atomic
def delete_step(*, acting_user, step: ReorganisationStep) -> None:
    reorganisation = _lock_draft(step.reorganisation, acting_user)
    label = f"{step.position} ({step.get_kind_display()})"
    step.delete()
    _touch(reorganisation)
    record_change(
        actor=acting_user,
        instance=reorganisation,
        action="update",
        before={},
        note=_("Operation %(step)s removed.") % {"step": label},
    )


@transaction.atomic
def set_choice(*, acting_user, reorganisation: Reorganisation, item_key: str, successor) -> None:
    """Send one open item to a successor other than its step's first; None goes back to the default."""
    reorganisation = _lock_draft(reorganisation, acting_user)
    ReorganisationChoice.objects.filter(reorganisation=reorganisation, item_key=item_key).delete()
    if successor is not None:
        ReorganisationChoice.objects.create(
            reorganisation=reorganisation,
            item_key=item_key,
            unit=successor if isinstance(successor, OrgUnit) else None,
            planned=successor if isinstance(successor, PlannedUnit) else None,
        )
    _touch(reorganisation)


# -- applying ------------------------------------------------------------------------------------


def _create_planned_units(plan, acting_user) -> dict[int, OrgUnit]:
    """Create the new units, a level at a time (parents before children), in a few statements per
    level however many there are; returns {planned id: unit}. Each is logged as `create_unit` logs."""
    reorganisation = plan.reorganisation
    created: dict[int, OrgUnit] = {}
    remaining = list(plan.created)
    while remaining:
        ready = [p for p in remaining if p.planned_parent_id is None or p.planned_parent_id in created]
        if not ready:
            raise ValidationError(
                {"parent": _("The new units' parents form a loop; check their parent units.")}
            )
        for planned in ready:
            _check_document_symbol_free(planned.document_symbol, None)
            parent = created[planned.planned_parent_id] if planned.planned_parent_id else planned.parent
            if parent is not None and parent.effective_to is not None:
                raise ValidationError(
                    {"parent": _("%(unit)s is closed; choose an open parent unit.") % {"unit": parent}}
                )
        units = [
            OrgUnit(
                parent=created[p.planned_parent_id] if p.planned_parent_id else p.parent,
                name=p.name,
                name_en=p.name_en,
                short_name=p.short_name,
                kind=p.kind,
                code=p.code,
                document_symbol=p.document_symbol,
                effective_from=reorganisation.effective_on,
                is_sample=reorganisation.is_sample,
                search_text=search_text_for(
                    name=p.name, name_en=p.name_en, short_name=p.short_name, code=p.code
                ),
            )
            for p in ready
        ]
        OrgUnit.objects.bulk_create(units, batch_size=1000)
        if any(unit.pk is None for unit in units):  # a backend that does not return ids on bulk insert
            raise RuntimeError("The database did not return the new units' ids.")
        for unit in units:
            unit.path = (unit.parent.path if unit.parent else "") + path_segment(unit.pk)
            unit.depth = unit.parent.depth + 1 if unit.parent else 0
        # Each new unit's path is its parent's followed by its own zero-padded id: one UPDATE per parent.
        by_parent: dict[int | None, list[OrgUnit]] = {}
        for unit in units:
            by_parent.setdefault(unit.parent_id, []).append(unit)
        for siblings in by_parent.values():
            parent = siblings[0].parent
            for chunk in chunks([unit.pk for unit in siblings]):
                OrgUnit.objects.filter(pk__in=chunk).update(
                    path=Concat(
                        Value(parent.path if parent else ""),
                        LPad(Cast("pk", CharField()), PATH_SEGMENT_WIDTH, Value("0")),
                    ),
                    depth=(parent.depth + 1) if parent else 0,
                )
        place_new_units(units)
        record_creations(actor=acting_user, instances=units, fields=LOGGED_FIELDS)
        for planned, unit in zip(ready, units, strict=True):
            planned.created = unit
            created[planned.pk] = unit
        PlannedUnit.objects.bulk_update(ready, ["created"], batch_size=1000)
        remaining = [p for p in remaining if p.pk not in created]
    return created


def _resolve(ref, created: dict[int, OrgUnit]) -> OrgUnit | None:
    if ref is None:
        return None
    return ref.unit if ref.unit is not None else created[ref.planned.pk]


def _rename(rename, reorganisation, acting_user, note: str) -> None:
    unit = OrgUnit.objects.select_for_update().get(pk=rename.unit.pk)
    before = snapshot(unit, ["name", "name_en", "short_name", "code"])
    UnitFormerName.objects.create(
        unit=unit,
        name=unit.name,
        name_en=unit.name_en,
        short_name=unit.short_name,
        code=unit.code,
        used_until=day_before(reorganisation.effective_on),
        reorganisation=reorganisation,
    )
    if rename.name:
        unit.name, unit.name_en, unit.short_name = rename.name, rename.name_en, rename.short_name
    if rename.code:
        _check_code_free(rename.code, unit)
        unit.code = rename.code
    _refresh_search_text(unit)
    unit.version += 1
    unit.save()
    record_change(actor=acting_user, instance=unit, action="update", before=before, note=note)


def _close_all(closures, created, reorganisation, acting_user, note: str) -> None:
    """Close every closing unit on the day before the reorganisation and name its successors, in a few
    statements however many there are."""
    if not closures:
        return
    last_day = day_before(reorganisation.effective_on)
    ids = [closure.unit.pk for closure in closures]
    changes = []
    for chunk in chunks(ids):
        closing = OrgUnit.objects.select_for_update().filter(pk__in=chunk)
        for unit in closing.only("pk", "name", "name_en", "effective_to"):
            changes.append((unit, snapshot(unit, ["effective_to"])))
            unit.effective_to = last_day
        # One value for all: a plain UPDATE per chunk, not a CASE per row.
        OrgUnit.objects.filter(pk__in=chunk).update(effective_to=last_day, version=F("version") + 1)
    UnitSuccession.objects.bulk_create(
        [
            UnitSuccession(
                predecessor_id=closure.unit.pk,
                successor=_resolve(ref, created),
                kind=closure.kind,
                effective_on=reorganisation.effective_on,
                note=reorganisation.legal_basis[:300],
                reorganisation=reorganisation,
            )
            for closure in closures
            for ref in closure.successors
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    record_updates(actor=acting_user, changes=changes, note=note)


def _check_applicable(reorganisation: Reorganisation):
    """The plan, if the reorganisation may be applied now; else a ValidationError saying why."""
    if reorganisation.effective_on > clock.today():
        raise ValidationError(
            {
                "effective_on": _(
                    "This reorganisation takes effect on %(date)s; it can be applied from that day."
                )
                % {"date": reorganisation.effective_on.isoformat()}
            }
        )
    plan = plan_reorganisation(reorganisation)
    if not plan.is_applicable:
        raise ValidationError({"steps": [conflict.message for conflict in plan.conflicts]})
    return plan


@transaction.atomic
def apply_reorganisation(*, acting_user, reorganisation: Reorganisation, expected_version: int | None = None):
    """Carry out the plan now, in this transaction: create the new units, rename and re-code, move,
    close the old units naming their successors, and hand every open item over. Refused while the plan
    has conflicts, before its day, or when the draft changed since the preview the user saw
    (`expected_version`). A page applies through `request_apply` instead, off the request."""
    from resolute.core.concurrency import lock_for_update

    reorganisation = lock_for_update(reorganisation, expected_version)
    _check_administers(acting_user, reorganisation)
    _check_draft(reorganisation)
    return _carry_out(reorganisation, acting_user)


def _carry_out(reorganisation: Reorganisation, acting_user, *, beat=None, finish=None):
    """Apply the plan. `beat()` is called between phases (a job's sign of life) and `finish(**fields)`
    records the end (a job records it on its own row, under its claim)."""
    beat = beat or (lambda: None)
    finish = finish or (lambda **fields: Reorganisation.objects.filter(pk=reorganisation.pk).update(**fields))
    plan = _check_applicable(reorganisation)
    note = _("Reorganisation: %(title)s (%(basis)s), effective %(date)s.") % {
        "title": reorganisation.title,
        "basis": reorganisation.legal_basis,
        "date": reorganisation.effective_on.isoformat(),
    }
    created = _create_planned_units(plan, acting_user)
    beat()
    for rename in plan.renames:
        _rename(rename, reorganisation, acting_user, note)
    for move in plan.moves:
        unit = OrgUnit.objects.get(pk=move.unit.pk)
        place_subtree(unit, _resolve(move.new_parent, created), reorganisation.effective_on)
        record_change(
            actor=acting_user,
            instance=unit,
            action="update",
            before={"parent": str(move.old_parent) if move.old_parent else ""},
            note=note,
        )
    _close_all(plan.closures, created, reorganisation, acting_user, note)
    beat()
    moved = {}
    for group in plan.work:
        handovers = [Handover(item=h.item, successor=_resolve(h.successor, created)) for h in group.handovers]
        moved[group.work.key] = group.work.carry(handovers, reorganisation, acting_user) if handovers else 0
        beat()
    tree_changed()
    counts = plan.counts()
    counts.update({key: value for key, value in moved.items() if value is not None})
    before = snapshot(reorganisation, ["status"])
    fields = {
        "status": Reorganisation.Status.APPLIED,
        "applied_by": acting_user,
        "applied_at": timezone.now(),
        "outcome": counts,
        "version": reorganisation.version + 1,
    }
    finish(**fields)
    for name, value in fields.items():
        setattr(reorganisation, name, value)
    record_change(
        actor=acting_user,
        instance=reorganisation,
        action="update",
        before=before,
        # What it did, in numbers, is on the reorganisation's page (`outcome`).
        note=note,
    )
    emit(events.UNIT_REORGANISED, lambda: events.unit_reorganised(reorganisation, counts))
    return plan


@transaction.atomic
def request_apply(*, acting_user, reorganisation: Reorganisation, expected_version: int | None = None):
    """Queue the reorganisation to be applied by a background job (a national one takes minutes): it is
    checked now — the day has come, no conflict, nobody changed it since the preview — and again by
    the job, which applies it in one transaction or fails with the reason, leaving it editable."""
    from resolute.core.concurrency import lock_for_update

    reorganisation = lock_for_update(reorganisation, expected_version)
    _check_administers(acting_user, reorganisation)
    _check_draft(reorganisation)
    _check_applicable(reorganisation)
    before = snapshot(reorganisation, ["status"])
    reorganisation.status = Reorganisation.Status.QUEUED
    reorganisation.applied_by = acting_user
    reorganisation.failure_reason = ""
    reorganisation.version += 1
    reorganisation.save()
    record_change(actor=acting_user, instance=reorganisation, action="update", before=before)
    transaction.on_commit(lambda: enqueue_job(job_kind_of(Reorganisation), reorganisation.pk))
    return reorganisation


def _apply_job(run) -> None:
    """The job's body: apply in one transaction holding the reorganisation's row (so recovery never
    takes a live job for a dead one), or fail with the reason and write nothing."""
    with transaction.atomic():
        # The area only: a lock cannot take the nullable side of an outer join (PostgreSQL).
        reorganisation = run.mine().select_for_update().select_related("area").get()
        try:
            _carry_out(reorganisation, reorganisation.applied_by, beat=run.beat, finish=run.finish)
        except ValidationError as error:
            transaction.set_rollback(True)
            raise JobFailed(" ".join(error.messages)) from error


def run_reorganisation_job(reorganisation_id: int) -> None:
    """Claim and run the job of a queued reorganisation (see `orgunits.jobs`)."""
    run_job(Reorganisation, reorganisation_id, _apply_job, limit=long_job_time_limit())


def carry_memberships(handovers, reorganisation, acting_user) -> int:
    """Move each role to the successor unit, so its holder works for the new unit from its first day
    (and, through the lineage, still reads the closed unit's history). A role the person already holds
    there is not doubled: the old grant is withdrawn, and the log says so."""
    by_id = successors_by_record(handovers)
    memberships = list(Membership.objects.filter(pk__in=list(by_id)).select_related("unit", "user"))
    existing = set(
        Membership.objects.filter(unit__in={s.pk for s in by_id.values()}).values_list(
            "user_id", "unit_id", "role"
        )
    )
    note = _("Taken over from a unit closed on %(date)s under %(basis)s.") % {
        "date": day_before(reorganisation.effective_on).isoformat(),
        "basis": reorganisation.legal_basis,
    }
    moved, withdrawn = [], []
    for membership in memberships:
        successor = by_id[membership.pk]
        before = snapshot(membership, ["unit"])
        if (membership.user_id, successor.pk, membership.role) in existing:
            withdrawn.append((membership, before))
            continue
        membership.unit = successor
        existing.add((membership.user_id, successor.pk, membership.role))
        moved.append((membership, before))
    set_by_value(Membership, "unit", {membership.pk: membership.unit_id for membership, _before in moved})
    record_updates(actor=acting_user, changes=moved, note=note)
    for membership, before in withdrawn:
        record_change(
            actor=acting_user,
            instance=membership,
            action=ChangeLogEntry.Action.DELETE,
            before=before,
            note=_("Already held in the successor unit; %(note)s") % {"note": note},
        )
    Membership.objects.filter(pk__in=[m.pk for m, _before in withdrawn]).delete()
    return len(moved) + len(withdrawn)
