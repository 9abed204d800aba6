"""The units API, mounted at /api/units.

Reads start from the units the caller can see (others are 404); writes need the administrator
role over the unit (else 403) and are checked by the same forms as the web pages (422 naming
the field). PATCH carries the `version` it is based on; a newer one on the server is a 409."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from resolute.core.concurrency import entity_tag, required_version
from resolute.core.forms import renamed_error
from resolute.core.pagination import PageNumberPagination
from resolute.core.schemas import Id

from . import actions, selectors
from .actions import EDITABLE_FIELDS
from .filters import OrgUnitFilter
from .forms import CloseUnitForm, MoveUnitForm, UnitForm, UnitWithParentForm
from .permissions import can_add_top_level_unit, can_administer_unit
from .schemas import (
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


@router.get("/", response=list[UnitOut], summary="List units")
@paginate(PageNumberPagination, page_size=50)
def list_units(request, filters: Query[UnitFilters]):
    """The units you can see, in tree order. Closed units are left out unless `include_closed`."""
    data = {name: value for name, value in filters.dict().items() if value is not None}
    data["include_closed"] = "true" if data.get("include_closed") else "false"
    unit_filter = OrgUnitFilter(
        data, queryset=selectors.visible_units(request.user).select_related("parent"), request=request
    )
    if not unit_filter.is_valid():
        raise ValidationError(unit_filter.errors.as_data())
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
