"""The petitions API, mounted at /api/v1/petitions: the list with the list page's filters, a petition with
its steps, the figures over a period, the petitioner's public lookup, and intake and every step of
the petition's page (route, forward, link, reclassify, accept, refuse, record a step, change the
complexity, extend, decide, publish, enforce, withdraw, assign and remove the people handling it)
through the same actions as the pages.

Reads start from what the user may read (`Petition.objects.visible_to`): a petition outside it is a
404. Writes go through the actions, which check who may (403) and the law's rules (422 naming the
field). A petitioner's identity is answered only on a petition's detail, only to those the one rule
lets read it (`permissions.can_read_identity`; for a denunciation, the people handling it), and never
in a list; a denunciation's step notes, which may reveal who denounced, go to those readers only, as on
the page.

The lookup needs no sign-in: a petitioner sends the code and the secret of their receipt and reads the
progress of that petition only. Its attempts are counted with the public page's, per network address
(`views.lookup`), so the API is no way around the page's limit: past it, 429.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from resolute.core import clock
from resolute.core.asof import day_or_today
from resolute.core.csv_export import csv_response
from resolute.core.files import download_response
from resolute.core.forms import errors_renamed, form_errors
from resolute.core.pagination import PageNumberPagination
from resolute.core.schemas import Id
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.selectors import get_visible_unit

from .actions import intake, routing, settlement
from .filters import PetitionFilter
from .models import Petition, PetitionFile, PetitionStep
from .permissions import can_assign_handlers, can_read_identity
from .schemas import (
    AcceptIn,
    ComplexityIn,
    CreatedPetition,
    DecideIn,
    EnforceIn,
    ExtendIn,
    ForwardIn,
    HandlerIn,
    LinkIn,
    LookupIn,
    LookupOut,
    PetitionCreate,
    PetitionDetail,
    PetitionListItem,
    PetitionListQuery,
    PetitionStepIn,
    PublishIn,
    ReclassifyIn,
    RefuseIn,
    RouteIn,
    StatisticsOut,
    StatisticsQuery,
    WithdrawIn,
)
from .selectors.lookup import find_for_petitioner, public_status
from .selectors.petitions import identity_for
from .selectors.statistics import Counts, PeriodFigures, petition_figures
from .views.lists import csv_rows, export_columns
from .views.lookup import count_attempt, lookup_window, lookups_allowed
from .views.petition import ASSIGN, DENIED

router = Router(tags=["petitions"])
User = get_user_model()

# The actions name related records by the model's field; the API by id.
API_FIELD_NAMES = {
    "received_by_unit": "received_by_unit_id",
    "handling_unit": "handling_unit_id",
    "concerned_unit": "concerned_unit_id",
    "duplicate_of": "duplicate_of_id",
    "user": "user_id",
    "original": "original_id",
}


def errors_named_as_in_the_api():
    return errors_renamed(API_FIELD_NAMES)


def form_data(values: dict) -> dict:
    """The query's values as the filter's form reads them from a query string."""
    data = {}
    for name, value in values.items():
        if isinstance(value, bool):
            value = "on" if value else ""
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "value"):
            value = value.value
        data[name] = value
    return data


def get_visible_petition(user, pk) -> Petition:
    petition = (
        Petition.objects.visible_to(user)
        .select_related("received_by_unit", "handling_unit", "concerned_unit", "duplicate_of")
        .filter(pk=pk)
        .first()
    )
    if petition is None:
        raise Http404(_("No petition you can read has this id."))
    return petition


def detail_of(user, pk) -> Petition:
    """The petition with what its detail answers: the steps (their notes only to those who may read
    a denunciation's author) and the identity (only to those the one rule lets read it)."""
    petition = get_visible_petition(user, pk)
    reads_identity = can_read_identity(user, petition)
    sees_notes = reads_identity or not petition.identity_is_confidential
    steps = list(PetitionStep.objects.filter(petition=petition).order_by("day", "pk"))
    if not sees_notes:
        for step in steps:
            step.note = ""
    petition.steps_shown = steps
    # A denunciation's files may reveal its author, as its notes may.
    petition.files_shown = list(petition.files.order_by("pk")) if sees_notes else []
    petition.identity_shown = identity_for(user, petition) if reads_identity else None
    return petition


def _acted_on(request, petition_id, action, payload):
    """Run a page's action on a petition the user may read, with the payload's fields; answer its detail."""
    petition = get_visible_petition(request.user, petition_id)
    with errors_named_as_in_the_api():
        action(acting_user=request.user, petition=petition, **payload.dict())
    return detail_of(request.user, petition_id)


# -- reading ----------------------------------------------------------------------------------------


@router.get(
    "",
    response=list[PetitionListItem],
    summary="List the petitions you may read, with the filters of the petition list",
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_petitions(request, filters: Query[PetitionListQuery]):
    """The filters of the list page, with the same names; the soonest next deadline first. A list
    never carries a petitioner."""
    filterset = PetitionFilter(form_data(filters.dict(exclude_none=True)), request=request)
    if not filterset.is_valid():
        raise form_errors(filterset.form)
    return filterset.qs.select_related("received_by_unit", "handling_unit", "duplicate_of")


@router.get("/export.csv", summary="The petition list, every page of it, as the list page's CSV export")
def export_csv(request, filters: Query[PetitionListQuery]):
    """The list page's filters and its export's columns; no petitioner, to anyone."""
    filterset = PetitionFilter(form_data(filters.dict(exclude_none=True)), request=request)
    if not filterset.is_valid():
        raise form_errors(filterset.form)
    columns = export_columns(request)
    filename = f"petitions-{filterset.on_day.isoformat()}"
    return csv_response(filename, [column.header for column in columns], csv_rows(filterset, columns))


@router.get("/statistics", response=StatisticsOut, summary="The figures of petitions over a period")
def statistics(request, query: Query[StatisticsQuery]):
    """Received, settled on time and late, refused, forwarded, withdrawn, open within the deadline
    and overdue, by kind and by unit, of the petitions you may read received by or handled in `unit`
    from `start` to `end`, and the same period a year earlier (see docs/dev/api.md for each count)."""
    unit = get_visible_unit(request.user, query.unit, covered=True) if query.unit else None
    end = day_or_today(query.end)
    start = query.start or end.replace(month=1, day=1)
    if start > end:
        raise ValidationError({"start": [_("The first day comes on or before the last.")]})
    figures = petition_figures(
        request.user,
        unit=unit,
        start=start,
        end=end,
        include_subtree=query.include_subtree,
        include_carried_over=query.carried_over,
    )
    return {
        "unit": unit,
        "include_subtree": query.include_subtree,
        "carried_over": query.carried_over,
        "current": period_out(figures.current),
        "last_year": period_out(figures.last_year),
        "change": None if figures.change is None else str(figures.change),
        "change_formula": figures.change_formula(),
    }


def counts_out(counts: Counts) -> dict:
    return {
        **{name: getattr(counts, name) for name in Counts.__dataclass_fields__},
        "settled": counts.settled,
        "open": counts.open,
    }


def period_out(period: PeriodFigures) -> dict:
    return {
        "start": period.start,
        "end": period.end,
        "total": counts_out(period.total),
        "by_kind": [
            {"kind": row.kind, "label": row.label, "counts": counts_out(row.counts)} for row in period.by_kind
        ],
        "by_unit": [{"unit": row.unit, "counts": counts_out(row.counts)} for row in period.by_unit],
    }


@router.get("/{int:petition_id}", response=PetitionDetail, summary="Read a petition and its steps")
def read_petition(request, petition_id: Id):
    return detail_of(request.user, petition_id)


# -- the public lookup ------------------------------------------------------------------------------


@router.post(
    "/lookup",
    auth=None,
    response={200: LookupOut},
    summary="A petitioner reads their petition's progress with the code and secret of their receipt",
)
def lookup(request, payload: LookupIn):
    """No sign-in. A wrong code and a wrong secret get the same 404; attempts are counted with the
    public page's per network address, and past the limit the answer is 429."""
    if count_attempt(request) > lookups_allowed():
        minutes = max(lookup_window() // 60, 1)
        message = _("Too many attempts from your network: try again in %(minutes)s minutes.")
        raise HttpError(429, message % {"minutes": minutes})
    petition = find_for_petitioner(payload.code, payload.secret)
    if petition is None:
        raise Http404(_("No petition has this code and secret."))
    return public_status(petition)


# -- writing ----------------------------------------------------------------------------------------


def unit_named(pk, field: str, errors: dict, units) -> OrgUnit | None:
    """The unit `pk` among `units`, or an error on `field`."""
    if pk is None:
        return None
    unit = units.filter(pk=pk).first()
    if unit is None:
        errors.setdefault(field, []).append(_("No unit you can name here has the id %(id)s.") % {"id": pk})
    return unit


def seen_units(user):
    """The units a request may name as the receiving unit: those the user sees (the action then
    checks that they may register its petitions)."""
    return OrgUnit.objects.visible_to(user)


def open_units():
    """The units a petition may be sent to or concern: every unit open today, as the pages offer them."""
    return OrgUnit.objects.exclude(effective_to__lt=clock.today())


@router.post("", response={201: CreatedPetition}, summary="Register a petition received by a unit")
def create_petition(request, payload: PetitionCreate):
    """The intake form's fields; the answer carries the lookup secret for the receipt, once."""
    errors: dict[str, list[str]] = {}
    received_by = unit_named(
        payload.received_by_unit_id, "received_by_unit_id", errors, seen_units(request.user)
    )
    handling = unit_named(payload.handling_unit_id, "handling_unit_id", errors, open_units())
    concerned = unit_named(payload.concerned_unit_id, "concerned_unit_id", errors, open_units())
    duplicate_of = None
    if payload.duplicate_of_id is not None:
        duplicate_of = Petition.objects.visible_to(request.user).filter(pk=payload.duplicate_of_id).first()
        if duplicate_of is None:
            errors["duplicate_of_id"] = [
                _("No petition you can read has the id %(id)s.") % {"id": payload.duplicate_of_id}
            ]
    if errors:
        raise ValidationError(errors)
    fields = payload.dict(
        exclude={
            "received_by_unit_id",
            "handling_unit_id",
            "concerned_unit_id",
            "duplicate_of_id",
            "petitioner",
        }
    )
    with errors_named_as_in_the_api():
        petition, secret = intake.register_petition(
            acting_user=request.user,
            received_by_unit=received_by,
            handling_unit=handling,
            concerned_unit=concerned,
            duplicate_of=duplicate_of,
            petitioner=payload.petitioner.dict(),
            **{name: getattr(value, "value", value) for name, value in fields.items()},
        )
    return Status(201, {"petition": detail_of(request.user, petition.pk), "secret": secret})


@router.post(
    "/{int:petition_id}/route", response=PetitionDetail, summary="Send a petition to its competent unit"
)
def route(request, petition_id: Id, payload: RouteIn):
    petition = get_visible_petition(request.user, petition_id)
    errors: dict[str, list[str]] = {}
    unit = unit_named(payload.handling_unit_id, "handling_unit_id", errors, open_units())
    if errors:
        raise ValidationError(errors)
    with errors_named_as_in_the_api():
        routing.route_petition(
            acting_user=request.user,
            petition=petition,
            handling_unit=unit,
            day=payload.day,
            note=payload.note,
            version=payload.version,
        )
    return detail_of(request.user, petition_id)


@router.post("/{int:petition_id}/accept", response=PetitionDetail, summary="Accept a petition for settlement")
def accept(request, petition_id: Id, payload: AcceptIn):
    petition = get_visible_petition(request.user, petition_id)
    values = payload.dict()
    with errors_named_as_in_the_api():
        settlement.accept_petition(
            acting_user=request.user,
            petition=petition,
            day=payload.day,
            document_number=payload.document_number,
            complexity=values["complexity"],
            instance=values["instance"],
            is_remote_area=values["is_remote_area"],
            version=payload.version,
        )
    return detail_of(request.user, petition_id)


@router.post("/{int:petition_id}/refuse", response=PetitionDetail, summary="Refuse to accept a petition")
def refuse(request, petition_id: Id, payload: RefuseIn):
    petition = get_visible_petition(request.user, petition_id)
    with errors_named_as_in_the_api():
        settlement.refuse_petition(
            acting_user=request.user,
            petition=petition,
            day=payload.day,
            reason=payload.reason,
            document_number=payload.document_number,
            version=payload.version,
        )
    return detail_of(request.user, petition_id)


@router.post("/{int:petition_id}/decide", response=PetitionDetail, summary="Record the decision settling it")
def decide(request, petition_id: Id, payload: DecideIn):
    petition = get_visible_petition(request.user, petition_id)
    with errors_named_as_in_the_api():
        settlement.decide_petition(
            acting_user=request.user,
            petition=petition,
            day=payload.day,
            decision_number=payload.decision_number,
            outcome=payload.outcome.value,
            note=payload.note,
            version=payload.version,
        )
    return detail_of(request.user, petition_id)


@router.post(
    "/{int:petition_id}/steps",
    response=PetitionDetail,
    summary="Record a verification or a dialogue while the petition is being settled",
)
def record_step(request, petition_id: Id, payload: PetitionStepIn):
    return _acted_on(request, petition_id, settlement.record_step, payload)


@router.post(
    "/{int:petition_id}/extend",
    response=PetitionDetail,
    summary="Extend a denunciation's settlement time limit by written decision",
)
def extend(request, petition_id: Id, payload: ExtendIn):
    return _acted_on(request, petition_id, settlement.extend_settlement, payload)


@router.post(
    "/{int:petition_id}/publish", response=PetitionDetail, summary="Record the decision's publication"
)
def publish(request, petition_id: Id, payload: PublishIn):
    return _acted_on(request, petition_id, settlement.publish_decision, payload)


@router.post(
    "/{int:petition_id}/withdraw", response=PetitionDetail, summary="Record the petitioner's withdrawal"
)
def withdraw(request, petition_id: Id, payload: WithdrawIn):
    return _acted_on(request, petition_id, settlement.withdraw_petition, payload)


def person_named(pk, people):
    """The person `pk` among `people`, or an error on `user_id`."""
    found = people.filter(pk=pk).first()
    if found is None:
        raise ValidationError({"user_id": [_("No person you can name here has the id %(id)s.") % {"id": pk}]})
    return found


def ensure_may_assign(user, petition: Petition) -> None:
    """Checked before the person is looked up, so that whoever may not assign learns nothing of the
    competent unit's staff (403, as the action would answer)."""
    if not can_assign_handlers(user, petition):
        raise PermissionDenied(str(DENIED[ASSIGN]))


@router.post(
    "/{int:petition_id}/handlers",
    response=PetitionDetail,
    summary="Assign a person of the competent unit to handle the petition",
)
def assign_handler(request, petition_id: Id, payload: HandlerIn):
    petition = get_visible_petition(request.user, petition_id)
    ensure_may_assign(request.user, petition)
    user = person_named(payload.user_id, User.objects.filter(is_active=True))
    with errors_named_as_in_the_api():
        routing.assign_handler(acting_user=request.user, petition=petition, user=user)
    return detail_of(request.user, petition_id)


@router.delete(
    "/{int:petition_id}/handlers/{int:user_id}",
    response=PetitionDetail,
    summary="A person no longer handles the petition",
)
def remove_handler(request, petition_id: Id, user_id: Id):
    petition = get_visible_petition(request.user, petition_id)
    ensure_may_assign(request.user, petition)
    user = person_named(user_id, petition.handlers.all())
    with errors_named_as_in_the_api():
        routing.remove_handler(acting_user=request.user, petition=petition, user=user)
    return detail_of(request.user, petition_id)


@router.post(
    "/{int:petition_id}/enforce", response=PetitionDetail, summary="Record the decision's enforcement"
)
def enforce(request, petition_id: Id, payload: EnforceIn):
    return _acted_on(request, petition_id, settlement.record_enforcement, payload)


@router.post(
    "/{int:petition_id}/complexity",
    response=PetitionDetail,
    summary="Change how complex the matter is; the settlement deadline follows it",
)
def change_complexity(request, petition_id: Id, payload: ComplexityIn):
    return _acted_on(request, petition_id, settlement.change_complexity, payload)


@router.post(
    "/{int:petition_id}/reclassify",
    response=PetitionDetail,
    summary="Type the petition as another kind; its clocks follow the new kind",
)
def reclassify(request, petition_id: Id, payload: ReclassifyIn):
    return _acted_on(request, petition_id, intake.reclassify_petition, payload)


@router.post(
    "/{int:petition_id}/forward",
    response=PetitionDetail,
    summary="Forward the petition to another body competent to settle it",
)
def forward(request, petition_id: Id, payload: ForwardIn):
    """The forwarding letter's file is attached on the page; the API records the letter's number."""
    return _acted_on(request, petition_id, routing.forward_petition, payload)


@router.post(
    "/{int:petition_id}/link-duplicate",
    response=PetitionDetail,
    summary="Link the petition as a duplicate of an earlier one",
)
def link_duplicate(request, petition_id: Id, payload: LinkIn):
    """The original is named among the petitions the user may read, as the page's code is."""
    petition = get_visible_petition(request.user, petition_id)
    original = (
        Petition.objects.visible_to(request.user)
        .filter(pk=payload.original_id)
        .exclude(pk=petition.pk)
        .first()
    )
    if original is None:
        raise ValidationError(
            {
                "original_id": [
                    _("No other petition you can read has the id %(id)s.") % {"id": payload.original_id}
                ]
            }
        )
    with errors_named_as_in_the_api():
        intake.link_duplicate(
            acting_user=request.user, petition=petition, original=original, version=payload.version
        )
    return detail_of(request.user, petition_id)


@router.get("/{int:petition_id}/files/{int:file_id}", summary="Download a file of the petition")
def download_file(request, petition_id: Id, file_id: Id):
    """A denunciation's files may reveal who wrote it: only those who may read its author open them (403)."""
    petition = get_visible_petition(request.user, petition_id)
    if petition.identity_is_confidential and not can_read_identity(request.user, petition):
        raise PermissionDenied(_("Only the people handling this denunciation open its files."))
    stored = PetitionFile.objects.filter(pk=file_id, petition=petition).first()
    if stored is None:
        raise Http404(_("This petition has no file with this id."))
    return download_response(stored)
