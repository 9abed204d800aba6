"""The oversight API, mounted at /api/v1/oversight: conclusions and their recommendations with where each
stands on a day, the ledger per inspecting body, unit, conclusion or kind, and the writes of the
follow-up: registering a conclusion, adding its recommendations, money recovered, people to discipline
and what became of them, and the confirmation of closure.

Reads start from what the user sees (`visible_to`, the `selectors`): a record outside it is a 404.
Writes go through the same actions as the pages, which check who may (403) and the rules (422 naming
the field). Progress reports, extensions and completion of a recommendation are its task's:
/api/v1/tasks/{task_id}/...
"""

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from resolute.core.asof import day_or_today
from resolute.core.forms import errors_renamed
from resolute.core.pagination import PageNumberPagination
from resolute.core.schemas import Id
from resolute.investment.selectors.rates import whole
from resolute.orgunits.models import OrgUnit

from . import actions, selectors
from .models import DisciplineCase, Recommendation
from .schemas import (
    ClosureIn,
    DisciplineCaseCreate,
    DisciplineCaseOut,
    DisciplineDecisionIn,
    LedgerOut,
    LedgerQuery,
    OnQuery,
    OversightCreate,
    OversightDetail,
    OversightListQuery,
    OversightOut,
    RecommendationCreate,
    RecommendationDetail,
    RecommendationListQuery,
    RecommendationOut,
    RecoveryCreate,
    RecoveryOut,
)
from .selectors.states import WHOLE_SUM

router = Router(tags=["oversight"])

# The actions name related records by the model's field; the API by id.
API_FIELD_NAMES = {
    "inspected_unit": "inspected_unit_id",
    "follow_up_unit": "follow_up_unit_id",
    "inspecting_unit": "inspecting_unit_id",
    "responsible_unit": "responsible_unit_id",
    "coordinating_units": "coordinating_unit_ids",
}


def errors_named_as_in_the_api():
    return errors_renamed(API_FIELD_NAMES)


class NamedUnits:
    """Turns the unit ids of a payload into units the user sees, gathering every unknown id into one
    ValidationError keyed by the payload's field names."""

    def __init__(self, user):
        self.units = OrgUnit.objects.visible_to(user)
        self.errors: dict[str, list[str]] = {}

    def one(self, pk, field: str):
        if pk is None:
            return None
        unit = self.units.filter(pk=pk).first()
        if unit is None:
            self.errors.setdefault(field, []).append(
                _("No unit you can name has the id %(id)s.") % {"id": pk}
            )
        return unit

    def many(self, pks, field: str) -> list:
        found = self.units.in_bulk(set(pks))
        for pk in pks:
            if pk not in found:
                self.errors.setdefault(field, []).append(
                    _("No unit you can name has the id %(id)s.") % {"id": pk}
                )
        return [found[pk] for pk in pks if pk in found]

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def visible_unit(user, pk):
    """A unit the user sees, by the id of a query; 404 when they do not see it."""
    if pk is None:
        return None
    unit = OrgUnit.objects.visible_to(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def oversight_detail(user, pk, on):
    oversight = selectors.get_visible_oversight(user, pk)
    oversight.on = on
    oversight.recommendations_shown = list(selectors.recommendations_of(user, oversight, on=on))
    return oversight


def detail_out(user, pk, on=None):
    detail = selectors.recommendation_detail(user, pk, on=on)
    recommendation = detail.recommendation
    recommendation.on = detail.on
    recommendation.coordinating_units_shown = detail.coordinating_units
    recommendation.amount_outstanding = detail.amount_outstanding
    recommendation.recoveries_shown = [
        {**vars(line.recovery), "running_total": line.running_total} for line in detail.recoveries
    ]
    recommendation.discipline_cases_shown = detail.discipline_cases
    return recommendation


def the_recommendation(user, pk) -> Recommendation:
    """A recommendation the user sees, for a write; 404 otherwise."""
    return get_object_or_404(
        Recommendation.objects.visible_to(user).select_related(
            "oversight__document",
            "oversight__follow_up_unit",
            "oversight__inspecting_unit",
            "task__lead_unit",
        ),
        pk=pk,
    )


# -- conclusions ------------------------------------------------------------------------------------


@router.get(
    "/oversights", response=list[OversightOut], summary="List the conclusions you can see, newest first"
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_oversights(request, filters: Query[OversightListQuery]):
    oversights = selectors.visible_oversights(request.user)
    if filters.kind:
        oversights = oversights.filter(kind=filters.kind)
    return oversights


@router.get(
    "/oversights/{int:oversight_id}",
    response=OversightDetail,
    summary="Read a conclusion with its recommendations as they stand on a day",
)
def read_oversight(request, oversight_id: Id, query: Query[OnQuery]):
    return oversight_detail(request.user, oversight_id, day_or_today(query.on))


@router.post(
    "/oversights",
    response={201: OversightDetail},
    summary="Register a conclusion (the office of the unit that follows it up)",
)
def register_oversight(request, payload: OversightCreate):
    units = NamedUnits(request.user)
    inspected = units.one(payload.inspected_unit_id, "inspected_unit_id")
    follow_up = units.one(payload.follow_up_unit_id, "follow_up_unit_id")
    inspecting = units.one(payload.inspecting_unit_id, "inspecting_unit_id")
    units.check()
    fields = payload.dict(exclude={"inspected_unit_id", "follow_up_unit_id", "inspecting_unit_id"})
    with errors_named_as_in_the_api():
        oversight = actions.register_oversight(
            acting_user=request.user,
            inspected_unit=inspected,
            follow_up_unit=follow_up,
            inspecting_unit=inspecting,
            **fields,
        )
    return Status(201, oversight_detail(request.user, oversight.pk, day_or_today(None)))


@router.post(
    "/oversights/{int:oversight_id}/recommendations",
    response={201: RecommendationDetail},
    summary="Add a recommendation to a conclusion; it is assigned as a task to the unit responsible",
)
def add_recommendation(request, oversight_id: Id, payload: RecommendationCreate):
    oversight = selectors.get_visible_oversight(request.user, oversight_id)
    units = NamedUnits(request.user)
    responsible = units.one(payload.responsible_unit_id, "responsible_unit_id")
    coordinating = units.many(payload.coordinating_unit_ids, "coordinating_unit_ids")
    units.check()
    with errors_named_as_in_the_api():
        recommendation = actions.add_recommendation(
            acting_user=request.user,
            oversight=oversight,
            text=payload.text,
            kind=payload.kind,
            responsible_unit=responsible,
            deadline=payload.deadline,
            label=payload.label,
            amount_required=payload.amount_required,
            coordinating_units=coordinating,
        )
    return Status(201, detail_out(request.user, recommendation.pk))


# -- recommendations --------------------------------------------------------------------------------


@router.get(
    "/recommendations",
    response=list[RecommendationOut],
    summary="List the recommendations you can see as they stand on a day",
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_recommendations(request, filters: Query[RecommendationListQuery]):
    """The recommendations counted on the day (assigned by then, not withdrawn), newest conclusion first.
    `body`, `unit`, `area`, `kind`, `state`, `overdue` are those of the ledger's rows."""
    on = day_or_today(filters.on)
    oversight = (
        selectors.get_visible_oversight(request.user, filters.oversight) if filters.oversight else None
    )
    return selectors.filter_recommendations(
        request.user,
        on=on,
        oversight=oversight,
        body=filters.body,
        unit=visible_unit(request.user, filters.unit),
        area=visible_unit(request.user, filters.area),
        kind=filters.kind or "",
        state=filters.state or "",
        overdue=filters.overdue,
    )


@router.get(
    "/recommendations/{int:recommendation_id}",
    response=RecommendationDetail,
    summary="Read a recommendation: its task, the money recovered entry by entry, the people to discipline",
)
def read_recommendation(request, recommendation_id: Id, query: Query[OnQuery]):
    return detail_out(request.user, recommendation_id, query.on)


@router.post(
    "/recommendations/{int:recommendation_id}/recoveries",
    response={201: RecoveryOut},
    summary="Record money recovered (the unit responsible or the follow-up office)",
)
def record_recovery(request, recommendation_id: Id, payload: RecoveryCreate):
    recommendation = the_recommendation(request.user, recommendation_id)
    with errors_named_as_in_the_api():
        recovery = actions.record_recovery(
            acting_user=request.user, recommendation=recommendation, **payload.dict()
        )
    running = recommendation.recoveries.filter(recovered_on__lte=recovery.recovered_on).aggregate(
        total=Sum("amount", output_field=WHOLE_SUM)
    )["total"]
    return Status(201, {**vars(recovery), "running_total": whole(running)})


@router.post(
    "/recommendations/{int:recommendation_id}/discipline-cases",
    response={201: DisciplineCaseOut},
    summary="Name a person to discipline (the unit responsible or the follow-up office)",
)
def add_discipline_case(request, recommendation_id: Id, payload: DisciplineCaseCreate):
    recommendation = the_recommendation(request.user, recommendation_id)
    with errors_named_as_in_the_api():
        case = actions.add_discipline_case(
            acting_user=request.user, recommendation=recommendation, **payload.dict()
        )
    return Status(201, case)


@router.post(
    "/discipline-cases/{int:case_id}/decision",
    response=DisciplineCaseOut,
    summary="Record what became of a person to discipline: once, with the date and number of the decision",
)
def decide_discipline_case(request, case_id: Id, payload: DisciplineDecisionIn):
    case = get_object_or_404(
        DisciplineCase.objects.filter(recommendation__in=Recommendation.objects.visible_to(request.user)),
        pk=case_id,
    )
    with errors_named_as_in_the_api():
        return actions.decide_discipline_case(acting_user=request.user, case=case, **payload.dict())


@router.post(
    "/recommendations/{int:recommendation_id}/closure",
    response=RecommendationDetail,
    summary="Confirm that a recommendation is closed (the inspecting body or the follow-up office)",
)
def confirm_closure(request, recommendation_id: Id, payload: ClosureIn):
    recommendation = the_recommendation(request.user, recommendation_id)
    with errors_named_as_in_the_api():
        actions.confirm_closure(
            acting_user=request.user,
            recommendation=recommendation,
            confirmed_on=payload.confirmed_on,
            document_number=payload.document_number,
            expected_version=payload.version,
        )
    return detail_out(request.user, recommendation_id)


# -- the ledger -------------------------------------------------------------------------------------


@router.get(
    "/ledger",
    response=LedgerOut,
    summary="The ledger: implemented, partly, not yet, overdue and the money recovered, by body or unit",
)
def read_ledger(request, query: Query[LedgerQuery]):
    """Counts of the recommendations you can see on the day, grouped by the inspecting body (`by=body`),
    the unit responsible (`unit`), the conclusion (`oversight`) or the kind (`kind`), in a unit's area
    when asked; overdue counts among those not implemented; the rate is Σ recovered ÷ Σ required."""
    on = day_or_today(query.on)
    rows = selectors.ledger(
        request.user,
        on=on,
        by=query.by,
        unit=visible_unit(request.user, query.unit),
        include_subtree=query.include_subtree,
    )
    return {"on": on, "by": query.by, "rows": list(rows), "totals": rows.totals}
