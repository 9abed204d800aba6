"""The units API, mounted at /api/v1/units, and the reorganisations of the tree under
/api/v1/units/reorganisations.

Reads start from the units the caller can see (others are 404); writes need the administrator
role over the unit (else 403) and are checked by the same forms as the web pages (422 naming
the field). PATCH carries the `version` it is based on; a newer one on the server is a 409."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from resolute.core import clock
from resolute.core.concurrency import entity_tag, required_version
from resolute.core.forms import renamed_error
from resolute.core.pagination import CursorPagination
from resolute.core.schemas import Id
from resolute.core.sparse import sparse_fields

from . import actions, selectors
from .actions import EDITABLE_FIELDS
from .filters import OrgUnitFilter
from .forms import CloseUnitForm, MoveUnitForm, UnitForm, UnitWithParentForm
from .forms.reorganisations import ImportForm, PlannedUnitForm, ReorganisationForm, resolve_successor
from .imports import import_reorganisation_file
from .models import OrgUnit, Reorganisation, ReorganisationStep
from .permissions import can_add_top_level_unit, can_administer_unit
from .reorganisation import plan_reorganisation, unit_choices_in
from .schemas import (
    ApplyIn,
    ApplyOut,
    ChoiceIn,
    HandoverOut,
    ImportOut,
    PlannedUnitIn,
    PlannedUnitOut,
    PreviewOut,
    ReorganisationCreateIn,
    ReorganisationDetailOut,
    ReorganisationFilters,
    ReorganisationOut,
    ReorganisationPatchIn,
    ReorganisationStepOut,
    StepIn,
    UnitCloseIn,
    UnitCreateIn,
    UnitDetailOut,
    UnitFilters,
    UnitMoveIn,
    UnitOut,
    UnitPatchIn,
    UnitPickOut,
    UnitSearchQuery,
)

router = Router(tags=["units"])


def _require_valid(form) -> None:
    """Turn a form's errors into a ValidationError keyed by field (the API answers 422)."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())


def _unit_out(user, pk: int, response: HttpResponse | None = None):
    unit = selectors.visible_units(user).select_related("parent").get(pk=pk)
    if response is not None:
        response["ETag"] = entity_tag(unit.version)
    return unit


def _unit_of_the_day(unit: OrgUnit) -> OrgUnit:
    """A unit of `selectors.units_as_of` placed and named as it was that day (only to be read: it
    is never saved); a unit of today as it is. `effective_to` and `is_closed` stay today's."""
    if not hasattr(unit, "day_path"):
        return unit
    for name in selectors.DAY_NAME_FIELDS:
        setattr(unit, name, getattr(unit, f"day_{name}"))
    unit.path, unit.depth = unit.day_path, unit.day_depth
    unit.parent = (
        OrgUnit(pk=unit.day_parent_id, name=unit.day_parent_name, code=unit.day_parent_code)
        if unit.day_parent_id is not None
        else None
    )
    return unit


@router.get("/", response=list[UnitOut], summary="List units, today or as they were on a day")
@sparse_fields(UnitOut)
@paginate(CursorPagination, page_size=50, item=_unit_of_the_day)
def list_units(request, filters: Query[UnitFilters]):
    """The units you can see, in tree order. Closed units are left out unless `include_closed`.
    With `as_of`, the units open on that day, placed and named as they were then."""
    data = {name: value for name, value in filters.dict().items() if value is not None}
    day = data.pop("as_of", None)
    past = day is not None and day != clock.today()
    data["include_closed"] = "true" if data.get("include_closed") or past else "false"
    unit_filter = OrgUnitFilter(
        data, queryset=selectors.visible_units(request.user).select_related("parent"), request=request
    )
    if not unit_filter.is_valid():
        raise ValidationError(unit_filter.errors.as_data())
    if past:
        return selectors.units_as_of(unit_filter.qs.select_related(None), day)
    return unit_filter.qs.order_by("path")


@router.get("/search", response=list[UnitPickOut], summary="Pick a unit")
def search_units(request, query: Query[UnitSearchQuery]):
    """Open units you can see (or, with `administered`, that you administer) whose names or
    code contain every word of `q`, ignoring case and accents; for unit pickers."""
    return list(
        selectors.units_for_picker(
            request.user, query.q, administered_only=query.administered, limit=query.limit
        )
    )


@router.get("/{int:unit_id}", response=UnitDetailOut, summary="Read a unit")
@sparse_fields(UnitDetailOut)
def read_unit(request, unit_id: Id, response: HttpResponse):
    unit = selectors.get_visible_unit(request.user, unit_id)
    response["ETag"] = entity_tag(unit.version)
    return unit


@router.post("/", response={201: UnitDetailOut}, summary="Create a unit")
def create_unit(request, payload: UnitCreateIn):
    user = request.user
    form = UnitWithParentForm(data=payload.dict(), user=user)
    _require_valid(form)
    parent = form.cleaned_data["parent"]
    if parent is None and not can_add_top_level_unit(user):
        raise PermissionDenied(_("Only a superuser may add a top-level unit."))
    if parent is not None and not can_administer_unit(user, parent):
        raise PermissionDenied(_("You are not an administrator of %(unit)s.") % {"unit": parent})
    with transaction.atomic():
        locked_parent = (
            selectors.get_unit_to_administer(user, parent.pk, for_update=True) if parent is not None else None
        )
        unit = actions.create_unit(acting_user=user, parent=locked_parent, **form.unit_fields())
    return Status(201, _unit_out(user, unit.pk))


def confirmation(confirm: bool, preview: str) -> bool | str:
    """`?confirm=true` confirms a change that alters who sees what; with `&preview=<fingerprint>` (from
    the 409's `access_change`) only if its effect is still the one that preview showed."""
    return (preview or True) if confirm else False


@router.patch("/{int:unit_id}", response=UnitDetailOut, summary="Change a unit")
def update_unit(
    request,
    unit_id: Id,
    payload: UnitPatchIn,
    response: HttpResponse,
    confirm: bool = False,
    preview: str = "",
):
    """Change some of a unit's fields. Send the `version` you last read (or its ETag in If-Match):
    without it nothing is written (428); if someone saved the unit since, 409.

    A change that alters who sees what (a kind across the administrative levels) is answered 409
    with the preview (`access_change`: who loses and gains access to what) and nothing is written,
    until it is sent again with `?confirm=true`."""
    user = request.user
    unit = selectors.get_unit_to_administer(user, unit_id)
    changes = payload.dict(exclude_unset=True)
    changes["version"] = required_version(changes.pop("version", None), request.headers.get("If-Match"))
    current = {name: getattr(unit, name) for name in EDITABLE_FIELDS}
    form = UnitForm(data={**current, **changes}, instance=unit)
    _require_valid(form)
    with transaction.atomic():
        locked = selectors.get_unit_to_administer(user, unit_id, for_update=True)
        actions.update_unit(
            acting_user=user,
            unit=locked,
            expected_version=form.cleaned_data["version"],
            confirm_access_change=confirmation(confirm, preview),
            **form.unit_fields(),
        )
    return _unit_out(user, unit_id, response)


@router.post("/{int:unit_id}/move", response=UnitDetailOut, summary="Move a unit")
def move_unit(request, unit_id: Id, payload: UnitMoveIn, confirm: bool = False, preview: str = ""):
    """Put the unit, with its whole subtree, under another parent that you also administer. A move
    that alters who sees what is answered 409 with the preview until sent with `?confirm=true`."""
    user = request.user
    unit = selectors.get_unit_to_administer(user, unit_id)
    form = MoveUnitForm(data={"parent": payload.parent}, user=user, unit=unit)
    _require_valid(form)
    with transaction.atomic():
        locked = selectors.get_unit_to_administer(user, unit_id, for_update=True)
        actions.move_unit(
            acting_user=user,
            unit=locked,
            new_parent=form.cleaned_data["parent"],
            confirm_access_change=confirmation(confirm, preview),
        )
    return _unit_out(user, unit_id)


@router.post("/{int:unit_id}/close", response=UnitDetailOut, summary="Close a unit")
def close_unit(request, unit_id: Id, payload: UnitCloseIn, confirm: bool = False, preview: str = ""):
    """Close the unit on `closed_on` and name the units that take over its work (with
    `?confirm=true` when the answer was 409 with a preview of an access change)."""
    user = request.user
    unit = selectors.get_unit_to_administer(user, unit_id)
    form = CloseUnitForm(data=payload.dict(), user=user, unit=unit)
    _require_valid(form)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            locked = selectors.get_unit_to_administer(user, unit_id, for_update=True)
            actions.close_unit(
                acting_user=user,
                unit=locked,
                closed_on=data["closed_on"],
                successors=data["successors"],
                kind=data["kind"],
                note=data["note"],
                confirm_access_change=confirmation(confirm, preview),
            )
    except ValidationError as error:
        # The action names the unit's own field (effective_to); the API input calls it closed_on.
        raise renamed_error(error, CloseUnitForm.action_field_names) from error
    return _unit_out(user, unit_id)


# -- reorganisations --------------------------------------------------------------------------------
#
# Anyone whose scope covers a reorganisation's area reads it (others get 404); only the area's
# administrators prepare and apply it (403). Successors and new parents are named as the preview
# names them: "unit:<id>" for an existing unit, "planned:<id>" for a unit the reorganisation creates.

REORGANISATIONS = "/reorganisations"
REORGANISATION = REORGANISATIONS + "/{int:reorganisation_id}"


def _unit_ref(unit) -> dict | None:
    if unit is None:
        return None
    return {"id": unit.pk, "name": unit.name, "code": unit.code}


def _reference(unit=None, planned=None) -> dict | None:
    """A successor or parent: an existing unit, or a unit the reorganisation creates."""
    if unit is not None:
        return {
            "key": f"unit:{unit.pk}",
            "id": unit.pk,
            "name": unit.name,
            "code": unit.code,
            "is_new": False,
        }
    if planned is not None:
        return {
            "key": f"planned:{planned.pk}",
            "id": planned.pk,
            "name": planned.name,
            "code": planned.code,
            "is_new": True,
        }
    return None


def _plan_reference(ref) -> dict | None:
    return None if ref is None else _reference(ref.unit, ref.planned)


def _planned_out(planned) -> dict:
    return {
        "id": planned.pk,
        "key": f"planned:{planned.pk}",
        "name": planned.name,
        "name_en": planned.name_en,
        "short_name": planned.short_name,
        "code": planned.code,
        "kind": planned.kind,
        "document_symbol": planned.document_symbol,
        "parent": _unit_ref(planned.parent),
        "planned_parent": (_reference(planned=planned.planned_parent)),
        "created": _unit_ref(planned.created) if planned.created_id else None,
    }


def _step_out(step) -> dict:
    return {
        "id": step.pk,
        "position": step.position,
        "kind": step.kind,
        "sources": [_unit_ref(unit) for unit in step.sources.all()],
        "successors": [(_reference(row.unit, row.planned)) for row in step.successor_rows.all()],
        "new_name": step.new_name,
        "new_name_en": step.new_name_en,
        "new_short_name": step.new_short_name,
        "new_code": step.new_code,
        "new_parent": (_reference(step.new_parent, step.new_planned_parent)),
    }


def _reorganisation_detail(reorganisation, response: HttpResponse | None = None) -> Reorganisation:
    """The reorganisation with its new units and operations, read in a constant number of queries."""
    reorganisation.planned_units_out = [
        _planned_out(planned)
        for planned in reorganisation.planned_units.select_related("parent", "planned_parent", "created")
    ]
    steps = (
        reorganisation.steps.select_related("new_parent", "new_planned_parent")
        .prefetch_related("sources", "successor_rows__unit", "successor_rows__planned")
        .order_by("position", "id")
    )
    reorganisation.steps_out = [_step_out(step) for step in steps]
    if response is not None:
        response["ETag"] = entity_tag(reorganisation.version)
    return reorganisation


def _fresh_detail(user, reorganisation_id: int, response: HttpResponse | None = None) -> Reorganisation:
    return _reorganisation_detail(selectors.get_visible_reorganisation(user, reorganisation_id), response)


def _successor(reorganisation, key: str | None, field: str, units: dict):
    """The OrgUnit or PlannedUnit a key names, or a 422 at `field`."""
    if key is None:
        return None
    kind, _sep, pk = key.partition(":")
    value = units.get(int(pk)) if kind == "unit" else reorganisation.planned_units.filter(pk=int(pk)).first()
    if value is None:
        raise ValidationError(
            {
                field: [
                    _("%(key)s is not an open unit of the area nor a new unit of this reorganisation.")
                    % {"key": key}
                ]
            }
        )
    return value


def _units_named(reorganisation, keys) -> dict[int, OrgUnit]:
    """The open units of the area the keys name, by id, in one query."""
    ids = {int(key.partition(":")[2]) for key in keys if key and key.startswith("unit:")}
    if not ids:
        return {}
    return unit_choices_in(reorganisation).in_bulk(list(ids))


@router.get(REORGANISATIONS, response=list[ReorganisationOut], summary="List reorganisations")
@paginate(CursorPagination, page_size=50)
def list_reorganisations(request, filters: Query[ReorganisationFilters]):
    """The reorganisations of the areas you can see, latest day first; filter by `status` or `area`."""
    reorganisations = selectors.visible_reorganisations(request.user).select_related("area")
    if filters.status is not None:
        reorganisations = reorganisations.filter(status=filters.status)
    if filters.area is not None:
        reorganisations = reorganisations.filter(area_id=filters.area)
    return reorganisations.order_by("-effective_on", "-id")


@router.post(REORGANISATIONS, response={201: ReorganisationDetailOut}, summary="Prepare a reorganisation")
def create_reorganisation(request, payload: ReorganisationCreateIn):
    """Create a draft over `area` (a unit you administer). Nothing changes until it is applied."""
    user = request.user
    area = selectors.get_visible_unit(user, payload.area)
    if not can_administer_unit(user, area):
        raise PermissionDenied(_("You are not an administrator of %(unit)s.") % {"unit": area})
    form = ReorganisationForm(data=payload.dict(), user=user)
    _require_valid(form)
    with transaction.atomic():
        reorganisation = actions.create_reorganisation(
            acting_user=user,
            area=selectors.get_unit_to_administer(user, area.pk, for_update=True),
            **form.changes(),
        )
    return Status(201, _fresh_detail(user, reorganisation.pk))


@router.get(REORGANISATION, response=ReorganisationDetailOut, summary="Read a reorganisation")
def read_reorganisation(request, reorganisation_id: Id, response: HttpResponse):
    """Its facts, status, new units and operations; the ETag is its version."""
    return _fresh_detail(request.user, reorganisation_id, response)


@router.patch(REORGANISATION, response=ReorganisationDetailOut, summary="Change a draft")
def update_reorganisation(
    request, reorganisation_id: Id, payload: ReorganisationPatchIn, response: HttpResponse
):
    """Change a draft's title, legal basis, day or note. Send the `version` you read (or its ETag in
    If-Match): without it nothing is written (428); if the draft changed since, 409."""
    user = request.user
    reorganisation = selectors.get_reorganisation_to_administer(user, reorganisation_id)
    changes = payload.dict(exclude_unset=True)
    changes["version"] = required_version(changes.pop("version", None), request.headers.get("If-Match"))
    current = {
        name: getattr(reorganisation, name) for name in ("title", "legal_basis", "effective_on", "note")
    }
    form = ReorganisationForm(data={**current, **changes}, user=user, instance=reorganisation)
    _require_valid(form)
    actions.update_reorganisation(
        acting_user=user,
        reorganisation=reorganisation,
        expected_version=form.cleaned_data["version"],
        **form.changes(),
    )
    return _fresh_detail(user, reorganisation_id, response)


@router.post(REORGANISATION + "/units", response={201: PlannedUnitOut}, summary="Add a new unit to a draft")
def add_planned_unit(request, reorganisation_id: Id, payload: PlannedUnitIn):
    """A unit the reorganisation creates on its day, under an open unit of the area or another new unit."""
    user = request.user
    reorganisation = selectors.get_reorganisation_to_administer(user, reorganisation_id)
    form = PlannedUnitForm(data=payload.dict(), reorganisation=reorganisation)
    _require_valid(form)
    planned = actions.plan_unit(acting_user=user, reorganisation=reorganisation, **form.planned_fields())
    planned = reorganisation.planned_units.select_related("parent", "planned_parent", "created").get(
        pk=planned.pk
    )
    return Status(201, _planned_out(planned))


@router.post(
    REORGANISATION + "/steps", response={201: ReorganisationStepOut}, summary="Add an operation to a draft"
)
def add_step(request, reorganisation_id: Id, payload: StepIn):
    """Merge, split, rename, re-code, move or abolish a level. `sources` are unit ids; `successors`
    and `new_parent` are "unit:<id>" or "planned:<id>"."""
    user = request.user
    reorganisation = selectors.get_reorganisation_to_administer(user, reorganisation_id)
    allowed = unit_choices_in(reorganisation)
    sources = list(allowed.filter(pk__in=set(payload.sources)).order_by("path"))
    if len(sources) != len(set(payload.sources)):
        raise ValidationError({"sources": [_("Choose open units of the part of the tree reorganised.")]})
    units = _units_named(reorganisation, [*payload.successors, payload.new_parent])
    successors = []
    for index, key in enumerate(payload.successors):
        successor = _successor(reorganisation, key, f"successors[{index}]", units)
        if successor not in successors:
            successors.append(successor)
    step = actions.add_step(
        acting_user=user,
        reorganisation=reorganisation,
        kind=payload.kind,
        sources=sources,
        successors=successors,
        new_name=payload.new_name,
        new_name_en=payload.new_name_en,
        new_short_name=payload.new_short_name,
        new_code=payload.new_code,
        new_parent=_successor(reorganisation, payload.new_parent, "new_parent", units),
    )
    step = (
        reorganisation.steps.select_related("new_parent", "new_planned_parent")
        .prefetch_related("sources", "successor_rows__unit", "successor_rows__planned")
        .get(pk=step.pk)
    )
    return Status(201, _step_out(step))


@router.delete(REORGANISATION + "/steps/{int:step_id}", response={204: None}, summary="Remove an operation")
def delete_step(request, reorganisation_id: Id, step_id: Id):
    user = request.user
    reorganisation = selectors.get_reorganisation_to_administer(user, reorganisation_id)
    step = get_object_or_404(ReorganisationStep, pk=step_id, reorganisation=reorganisation)
    actions.delete_step(acting_user=user, step=step)
    return Status(204, None)


def _preview_out(plan) -> dict:
    reorganisation = plan.reorganisation
    return {
        "version": reorganisation.version,
        "is_applicable": plan.is_applicable,
        "counts": plan.counts(),
        "created": [_planned_out(planned) for planned in plan.created],
        "closures": [
            {
                "unit": _unit_ref(closure.unit),
                "step": closure.step.position,
                "kind": closure.kind,
                "successors": [(_plan_reference(ref)) for ref in closure.successors],
            }
            for closure in plan.closures
        ],
        "renames": [
            {
                "unit": _unit_ref(rename.unit),
                "step": rename.step.position,
                "name": rename.name,
                "name_en": rename.name_en,
                "short_name": rename.short_name,
                "code": rename.code,
            }
            for rename in plan.renames
        ],
        "moves": [
            {
                "unit": _unit_ref(move.unit),
                "step": move.step.position,
                "old_parent": _unit_ref(move.old_parent),
                "new_parent": (_plan_reference(move.new_parent)),
            }
            for move in plan.moves
        ],
        "work": [
            {
                "key": group.work.key,
                "label": str(group.work.label),
                "kept": group.kept,
                "kept_label": str(group.work.kept_label),
                "items": [_handover_out(handover) for handover in group.handovers],
            }
            for group in plan.work
        ],
        "conflicts": [
            {"message": conflict.message, "step": conflict.step.position if conflict.step else None}
            for conflict in plan.conflicts
        ],
    }


@router.get(REORGANISATION + "/preview", response=PreviewOut, summary="Preview what applying does")
def preview_reorganisation(request, reorganisation_id: Id, response: HttpResponse):
    """The plan: units created, closed (with successors), renamed and moved; every open item handed
    over, with where it goes and where it may go; what stays as history; the conflicts that block
    applying; and the counts. Reading it writes nothing."""
    reorganisation = selectors.get_visible_reorganisation(request.user, reorganisation_id)
    response["ETag"] = entity_tag(reorganisation.version)
    return _preview_out(plan_reorganisation(reorganisation))


@router.put(REORGANISATION + "/choices", response=HandoverOut, summary="Choose where an open item goes")
def set_choice(request, reorganisation_id: Id, payload: ChoiceIn):
    """Send one open item of a split (or any operation with several successors) to one of its options;
    an empty `successor` sends it back to the operation's first successor. Answers the item as the
    preview now shows it."""
    user = request.user
    reorganisation = selectors.get_reorganisation_to_administer(user, reorganisation_id)
    handover = _handover(plan_reorganisation(reorganisation), payload.item_key)
    if payload.successor is not None and not any(
        option.key == payload.successor for option in handover.options
    ):
        raise ValidationError({"successor": [_("Choose one of the item's options.")]})
    first = handover.options[0]
    successor = (
        None
        if payload.successor in (None, first.key)
        else resolve_successor(reorganisation, payload.successor)
    )
    actions.set_choice(
        acting_user=user, reorganisation=reorganisation, item_key=handover.item.key, successor=successor
    )
    reorganisation.refresh_from_db()
    item = _handover(plan_reorganisation(reorganisation), payload.item_key)
    return _handover_out(item)


def _handover(plan, item_key: str):
    for group in plan.work:
        for handover in group.handovers:
            if handover.item.key == item_key:
                return handover
    raise ValidationError({"item_key": [_("No open item of this reorganisation has this key.")]})


def _handover_out(handover) -> dict:
    return {
        "key": handover.item.key,
        "unit": _unit_ref(handover.item.unit),
        "title": str(handover.item.title),
        "role": str(handover.item.role),
        "url": handover.item.url,
        "successor": (_plan_reference(handover.successor)),
        "options": [(_plan_reference(ref)) for ref in handover.options],
        "chosen": handover.chosen,
    }


@router.post(REORGANISATION + "/apply", response={202: ApplyOut}, summary="Apply a reorganisation")
def apply_reorganisation(request, reorganisation_id: Id, payload: ApplyIn):
    """Queue the reorganisation to be applied by a background job, and answer 202 with its status
    (`queued`); read it again to follow it to `applied`, or `failed` with `failure_reason`. Send the
    `version` the preview showed (or its ETag in If-Match): a draft changed since is a 409. A plan with
    conflicts, or whose day has not come, is a 422 listing each message."""
    user = request.user
    reorganisation = selectors.get_reorganisation_to_administer(user, reorganisation_id)
    version = required_version(payload.version, request.headers.get("If-Match"))
    queued = actions.request_apply(acting_user=user, reorganisation=reorganisation, expected_version=version)
    return Status(
        202,
        {
            "id": queued.pk,
            "status": queued.status,
            "status_label": str(queued.get_status_display()),
            "version": queued.version,
            "url": queued.get_absolute_url(),
        },
    )


@router.post(REORGANISATION + "/import", response=ImportOut, summary="Import new units from a spreadsheet")
def import_reorganisation(request, reorganisation_id: Id, file: File[UploadedFile]):
    """The filled-in template of the reorganisation page (.xlsx): new units and the mergers and splits
    they are formed from. Only a file without errors is written; otherwise 422 with every error by
    row and column (`rows`)."""
    user = request.user
    reorganisation = selectors.get_reorganisation_to_administer(user, reorganisation_id)
    if not reorganisation.is_draft:
        raise ValidationError(
            {"status": [_("This reorganisation has been applied; it can no longer be changed.")]}
        )
    form = ImportForm(files={"file": file})
    _require_valid(form)
    result = import_reorganisation_file(
        acting_user=user, reorganisation=reorganisation, file=form.cleaned_data["file"]
    )
    if result.errors:
        messages = [
            _("Row %(row)s, column %(column)s: %(message)s") % error
            if error["column"]
            else _("Row %(row)s: %(message)s") % error
            for error in result.errors
        ]
        raise ValidationError({"file": messages})
    return {"units": result.units, "steps": result.steps}
