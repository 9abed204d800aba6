"""Every write to the organisation tree. Each action runs in one transaction and is logged."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.changelog import record_change, snapshot
from resolute.core.contributions import tree_changed

from ..access import AccessWatch, kind_change_pivots, settle
from ..history import ONE_DAY
from ..models import OrgUnit, UnitPlacement, UnitSuccession, document_symbol_validator
from ..querysets import path_segment, subtree_q
from ..search import search_text_for

# The fields of a unit what other apps derive from the tree reads (its names, in sentences; its
# dates, in who holds what): a change to one of them is a change of the tree (`tree_changed`).
TREE_FIELDS = ["name", "name_en", "short_name", "effective_from", "effective_to"]
EDITABLE_FIELDS = [
    "name",
    "name_en",
    "short_name",
    "code",
    "kind",
    "effective_from",
    "email",
    "document_symbol",
]
LOGGED_FIELDS = [*EDITABLE_FIELDS, "parent", "effective_to"]


def _refresh_search_text(unit: OrgUnit) -> None:
    """Fold the unit's names and code, and the names and codes it carried before (newest first), into
    `search_text`: a search by an old name finds the renamed unit."""
    former = (
        list(
            unit.former_names.order_by("-used_until", "-id").values_list(
                "name", "name_en", "short_name", "code"
            )
        )
        if unit.pk
        else []
    )
    unit.search_text = search_text_for(
        name=unit.name, name_en=unit.name_en, short_name=unit.short_name, code=unit.code, former=former
    )


def _check_code_free(code: str, unit: OrgUnit | None = None) -> None:
    if not code:
        return
    clash = OrgUnit.objects.filter(code=code)
    if unit is not None and unit.pk:
        clash = clash.exclude(pk=unit.pk)
    if clash.exists():
        raise ValidationError(
            {
                "code": _("The code %(code)s is already used by %(unit)s.")
                % {"code": code, "unit": clash.first()}
            }
        )


def _check_document_symbol_free(symbol: str, unit: OrgUnit | None = None) -> None:
    """Two open issuers never share a symbol, so no two letters of different issuers carry the same
    number; a closed unit's symbol may be taken up by its successor."""
    if not symbol:
        return
    try:
        document_symbol_validator(symbol)
    except ValidationError as error:
        raise ValidationError({"document_symbol": error.messages}) from error
    clash = OrgUnit.objects.filter(document_symbol=symbol, effective_to__isnull=True)
    if unit is not None and unit.pk:
        clash = clash.exclude(pk=unit.pk)
    if clash.exists():
        raise ValidationError(
            {
                "document_symbol": _("The document symbol %(symbol)s is already used by %(unit)s.")
                % {"symbol": symbol, "unit": clash.first()}
            }
        )


@transaction.atomic
def create_unit(
    *, acting_user, parent: OrgUnit | None, name: str, kind: str, code: str = "", **fields
) -> OrgUnit:
    _check_code_free(code, None)
    _check_document_symbol_free(fields.get("document_symbol", ""), None)
    if parent is not None and parent.effective_to is not None:
        raise ValidationError(
            {"parent": _("%(unit)s is closed; choose an open parent unit.") % {"unit": parent}}
        )
    unit = OrgUnit(parent=parent, name=name, kind=kind, code=code, **fields)
    _refresh_search_text(unit)
    unit.save()
    # The path holds the unit's own id, so it is known only after the insert.
    unit.path = (parent.path if parent else "") + path_segment(unit.pk)
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    UnitPlacement.objects.create(
        unit=unit, parent=parent, path=unit.path, depth=unit.depth, valid_from=unit.effective_from
    )
    record_change(actor=acting_user, instance=unit, action="create", fields=LOGGED_FIELDS)
    return unit


def place_new_units(units) -> None:
    """Give units inserted in bulk (a generated country, a benchmark's tree) their place in the tree,
    as `create_unit` does one at a time. Call after their paths are set."""
    UnitPlacement.objects.bulk_create(
        (
            UnitPlacement(
                unit_id=unit.pk,
                parent_id=unit.parent_id,
                path=unit.path,
                depth=unit.depth,
                valid_from=unit.effective_from,
            )
            for unit in units
        ),
        batch_size=2000,
    )


def _access_note(access_change, note: str = "") -> str:
    """The change log's note: the user's own note, then what the change did to people's access."""
    return "\n".join(part for part in (note, access_change.summary() if access_change else "") if part)


@transaction.atomic
def update_unit(
    *,
    acting_user,
    unit: OrgUnit,
    expected_version: int | None = None,
    confirm_access_change: bool | str = False,
    **changes,
) -> OrgUnit:
    """Change a unit's fields. A new kind that changes who sees what (see `access`) is saved only with
    `confirm_access_change` — True, or the fingerprint of the preview the user saw, which must still
    be the change's effect; otherwise `AccessChangeNeedsConfirmation` carries the preview and nothing
    is written."""
    from resolute.core.concurrency import lock_for_update

    unit = lock_for_update(unit, expected_version)
    _check_code_free(changes.get("code", unit.code), unit)
    _check_document_symbol_free(changes.get("document_symbol", unit.document_symbol), unit)
    before = snapshot(unit, LOGGED_FIELDS)
    pivots = kind_change_pivots(unit, changes.get("kind", unit.kind))
    watch = AccessWatch(pivots) if pivots else None
    for field, value in changes.items():
        if field not in EDITABLE_FIELDS:
            raise ValueError(f"{field} is not editable here")
        setattr(unit, field, value)
    _refresh_search_text(unit)
    unit.version += 1
    unit.save()
    access_change = settle(watch, confirmed=confirm_access_change)
    if any(before.get(name) != snapshot(unit, [name]).get(name) for name in TREE_FIELDS):
        tree_changed()
    record_change(
        actor=acting_user, instance=unit, action="update", before=before, note=_access_note(access_change)
    )
    return unit


def _check_move(unit: OrgUnit, new_parent: OrgUnit | None, on: date) -> None:
    if new_parent is not None:
        if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
            raise ValidationError(
                {"parent": _("A unit cannot be moved under itself or one of its own sub-units.")}
            )
        if new_parent.effective_to is not None and new_parent.effective_to < on:
            raise ValidationError(
                {"parent": _("%(unit)s is closed; choose an open parent unit.") % {"unit": new_parent}}
            )
    if on > clock.today():
        raise ValidationError(
            {"on": _("A move takes effect today or on a past day; prepare a reorganisation for a later day.")}
        )
    later = UnitPlacement.objects.current().filter(subtree_q(unit.path), valid_from__gt=on).first()
    if later is not None:
        raise ValidationError(
            {
                "on": _("%(unit)s already changed place on %(date)s; a move cannot take effect before that.")
                % {"unit": later.unit, "date": later.valid_from.isoformat()}
            }
        )


def place_subtree(unit: OrgUnit, new_parent: OrgUnit | None, on: date) -> None:
    """Put `unit` and its subtree under `new_parent` from `on`: today's paths are rewritten in one
    UPDATE, and each moved unit's place in the tree ends the day before and a new one begins, so the
    tree of any earlier day is unchanged. A place that began on `on` itself is corrected in place."""
    old_path, old_depth = unit.path, unit.depth
    new_path = (new_parent.path if new_parent else "") + path_segment(unit.pk)
    depth_change = (new_parent.depth + 1 if new_parent else 0) - old_depth
    OrgUnit.objects.filter(subtree_q(old_path)).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + depth_change
    )
    OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent, version=F("version") + 1)
    current = UnitPlacement.objects.current().filter(subtree_q(old_path))
    starting_that_day = current.filter(valid_from__gte=on)
    starting_that_day.filter(unit=unit).update(parent=new_parent)
    starting_that_day.update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + depth_change
    )
    ending = list(
        current.exclude(valid_from__gte=on).values_list("pk", "unit_id", "parent_id", "path", "depth")
    )
    UnitPlacement.objects.filter(pk__in=[row[0] for row in ending]).update(valid_to=on - ONE_DAY)
    UnitPlacement.objects.bulk_create(
        UnitPlacement(
            unit_id=unit_id,
            parent_id=(new_parent.pk if new_parent else None) if unit_id == unit.pk else parent_id,
            path=new_path + path[len(old_path) :],
            depth=depth + depth_change,
            valid_from=on,
        )
        for _pk, unit_id, parent_id, path, depth in ending
    )


@transaction.atomic
def move_unit(
    *,
    acting_user,
    unit: OrgUnit,
    new_parent: OrgUnit | None,
    on: date | None = None,
    confirm_access_change: bool | str = False,
) -> OrgUnit:
    """Put a unit (and its whole subtree) under another parent from `on` (today by default). Today's
    tree changes at once; the tree of earlier days keeps the unit where it was. A move that changes who
    sees what is saved only with `confirm_access_change` (see `update_unit`)."""
    on = on or clock.today()
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if new_parent is not None:
        new_parent = OrgUnit.objects.get(pk=new_parent.pk)
    if (new_parent.pk if new_parent else None) == unit.parent_id:
        return unit
    _check_move(unit, new_parent, on)
    before = snapshot(unit, ["parent"])
    old_parent = OrgUnit.objects.get(pk=unit.parent_id) if unit.parent_id else None
    watch = AccessWatch([old_parent or unit, new_parent or unit])
    place_subtree(unit, new_parent, on)
    unit.refresh_from_db()
    tree_changed()
    access_change = settle(watch, confirmed=confirm_access_change)
    record_change(
        actor=acting_user, instance=unit, action="update", before=before, note=_access_note(access_change)
    )
    return unit


@transaction.atomic
def close_unit(
    *,
    acting_user,
    unit: OrgUnit,
    closed_on: date,
    successors: list[OrgUnit] = (),
    kind: str = UnitSuccession.Kind.MERGER,
    note: str = "",
    confirm_access_change: bool | str = False,
) -> OrgUnit:
    """Close a unit on a date (its last day) and name its successors, who take over the next day.
    Nothing is deleted: history stays as it was. (A reorganisation also hands its open work over.)

    Closing changes nobody's access under today's scope policy (closed units stay readable), but it
    is watched like a move, so a rule that one day hides closed units asks for confirmation too."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.effective_to is not None:
        raise ValidationError({"effective_to": _("This unit is already closed.")})
    if unit.effective_from and closed_on < unit.effective_from:
        raise ValidationError({"effective_to": _("A unit cannot close before it came into effect.")})
    open_children = OrgUnit.objects.filter(parent=unit, effective_to__isnull=True)
    if open_children.exists():
        raise ValidationError(
            {
                "effective_to": _("Close or move its %(count)d open sub-units first.")
                % {"count": open_children.count()}
            }
        )
    for successor in successors:
        if successor.pk == unit.pk:
            raise ValidationError({"successors": _("A unit cannot succeed itself.")})
        if successor.effective_to is not None:
            raise ValidationError(
                {"successors": _("%(unit)s is closed and cannot be a successor.") % {"unit": successor}}
            )
    before = snapshot(unit, ["effective_to", "successors"])
    watch = AccessWatch([OrgUnit.objects.get(pk=unit.parent_id) if unit.parent_id else unit])
    unit.effective_to = closed_on
    unit.version += 1
    unit.save(update_fields=["effective_to", "version", "updated_at"])
    for successor in successors:
        UnitSuccession.objects.create(
            predecessor=unit, successor=successor, kind=kind, effective_on=closed_on + ONE_DAY, note=note
        )
    tree_changed()
    access_change = settle(watch, confirmed=confirm_access_change)
    record_change(
        actor=acting_user,
        instance=unit,
        action="update",
        before=before,
        note=_access_note(access_change, note),
    )
    return unit
