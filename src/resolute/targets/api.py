"""The targets API, mounted at /api/v1/targets: the indicator registry, targets with their status,
and values — read, entered (our JSON or DHIS2's dataValueSets), submitted, approved and returned.

Reads start from `.visible_to(user)`; writes go through `actions`, which check permissions (403)
and rules (422 naming the field, or the indicator code of the cell). A unit, target or value the
user may not see is a 404.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from resolute.core import clock
from resolute.core.concurrency import entity_tag, required_version
from resolute.core.csv_export import csv_response
from resolute.core.numbers import exact_decimal
from resolute.core.pagination import CursorPagination
from resolute.core.periods import Period
from resolute.core.schemas import LARGEST_ID, Id, model_text
from resolute.core.sparse import sparse_fields
from resolute.directives.models import Document
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for
from resolute.orgunits.selectors import get_visible_unit

from . import exchange
from .actions import indicators as indicator_actions
from .actions import targets as target_actions
from .actions import values as value_actions
from .models import DataValue, Indicator, Target
from .permissions import can_manage_indicators, can_manage_target
from .schemas import (
    DataValueSetExport,
    DataValueSetIn,
    DataValueSetOut,
    DataValueSetQuery,
    DecisionIn,
    EvaluationOut,
    IndicatorCreate,
    IndicatorListQuery,
    IndicatorOut,
    IndicatorPatch,
    ReturnIn,
    SavedOut,
    SdmxQuery,
    ShareOut,
    SubmitIn,
    TargetCreate,
    TargetDetail,
    TargetListItem,
    TargetListQuery,
    TargetOut,
    TargetPatch,
    TargetQuery,
    ValueListQuery,
    ValueOut,
    ValuesIn,
)
from .selectors import evaluated_as_stored
from .status import evaluate

router = Router(tags=["targets"])


# -- helpers ---------------------------------------------------------------------------------------


def _unit_ref(unit) -> dict:
    return {"id": unit.pk, "name": str(unit), "code": unit.code}


def _unit_by_code_or_id(user, reference: str, field: str) -> OrgUnit:
    reference = (reference or "").strip()
    condition = Q(code=reference)
    # An id is ASCII digits that fit a key: "²" is a digit to Python, 10**30 overflows the driver.
    if reference.isascii() and reference.isdigit() and int(reference) <= LARGEST_ID:
        condition |= Q(pk=int(reference))
    units = list(OrgUnit.objects.select_related("parent").filter(condition)[:2])
    if len(units) > 1:
        units = [unit for unit in units if unit.code == reference]
    if not units:
        raise ValidationError({field: [_("No unit has the code or id %(unit)s.") % {"unit": reference}]})
    if not scope_for(user).can_see_unit(units[0]):
        raise Http404
    return units[0]


def _indicators_by_code(codes, field_of) -> dict[str, Indicator]:
    """The indicators named by `codes`; an unknown code is a 422 at the field `field_of(code)`."""
    found = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=set(codes))}
    errors: dict[str, list[str]] = {}
    for code in codes:
        if code not in found:
            errors.setdefault(field_of(code), []).append(
                _("No indicator has the code %(code)s.") % {"code": code}
            )
    if errors:
        raise ValidationError(errors)
    return found


def _period_code(raw, field: str) -> str:
    try:
        return Period.parse(raw).code
    except ValueError as error:
        raise ValidationError({field: [_("%(period)s is not a period.") % {"period": raw}]}) from error


def _value_out(row: DataValue) -> dict:
    return {
        "id": row.pk,
        "indicator": row.indicator.code,
        "unit": _unit_ref(row.unit),
        "period": row.period,
        "vintage": row.vintage,
        "value": row.value,
        "comment": row.comment,
        "state": row.state,
        "return_reason": row.return_reason,
        "is_sample": row.is_sample,
        "created_at": row.created_at,
    }


def _target_out(target: Target) -> dict:
    return {
        "id": target.pk,
        "document_id": target.document_id,
        "indicator": target.indicator.code,
        "unit": _unit_ref(target.unit),
        "year": target.year,
        "deadline": target.deadline,
        "comparator": target.comparator,
        "value": target.value,
        "value_max": target.value_max,
        "baseline_value": target.baseline_value,
        "baseline_year": target.baseline_year,
        "tolerance_percent": target.tolerance_percent,
        "area": target.area,
        "clause_id": target.clause_id,
        "is_sample": target.is_sample,
        "version": target.version,
    }


# -- indicators ------------------------------------------------------------------------------------


@router.get("/indicators", response=list[IndicatorOut], summary="The indicator registry")
@sparse_fields(IndicatorOut)
@paginate(CursorPagination, page_size=100)
def list_indicators(request, filters: Query[IndicatorListQuery]):
    indicators = Indicator.objects.visible_to(request.user)
    if filters.periodicity:
        indicators = indicators.filter(periodicity=filters.periodicity)
    return indicators.order_by("code")


@router.post("/indicators", response={201: IndicatorOut}, summary="Add an indicator (an office)")
def create_indicator(request, payload: IndicatorCreate, response: HttpResponse):
    fields = payload.dict()
    references = {name: fields.pop(name) for name in ("weight", "numerator", "denominator")}
    named = [code for code in references.values() if code]
    found = _indicators_by_code(named, lambda code: next(k for k, v in references.items() if v == code))
    for name, code in references.items():
        if code:
            fields[name] = found[code]
    indicator = indicator_actions.create_indicator(acting_user=request.user, **fields)
    response["ETag"] = entity_tag(indicator.version)
    return Status(201, indicator)


@router.get("/indicators/{code}", response=IndicatorOut, summary="One indicator, by its code")
@sparse_fields(IndicatorOut)
def get_indicator(request, code: model_text(Indicator, "code"), response: HttpResponse):
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), code=code)
    response["ETag"] = entity_tag(indicator.version)
    return indicator


# Fields an action keeps that a change may not empty: sending null for one is a 422 naming it.
REQUIRED_INDICATOR_FIELDS = {
    "code",
    "name",
    "unit_of_measure",
    "decimals",
    "direction",
    "across_units",
    "over_time",
    "periodicity",
}


@router.patch("/indicators/{code}", response=IndicatorOut, summary="Change an indicator (an office)")
def update_indicator(
    request, code: model_text(Indicator, "code"), payload: IndicatorPatch, response: HttpResponse
):
    """Only the fields sent change; `weight`, `numerator` and `denominator` name indicators by code
    (null clears them). Send the `version` you read (or its ETag in If-Match): without it nothing is
    written (428); if someone saved the indicator since, 409. Only an office changes the registry (403)."""
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), code=code)
    if not can_manage_indicators(request.user):
        raise PermissionDenied(_("Only an office may change the indicator registry."))
    values = payload.dict(exclude_unset=True)
    version = required_version(values.pop("version", None), request.headers.get("If-Match"))
    _refuse_empty(values, REQUIRED_INDICATOR_FIELDS)
    references = {name: values.pop(name) for name in ("weight", "numerator", "denominator") if name in values}
    named = {name: code for name, code in references.items() if code}
    found = _indicators_by_code(
        list(named.values()), lambda code: next(k for k, v in named.items() if v == code)
    )
    for name, reference in references.items():
        values[name] = found[reference] if reference else None
    for name in ("name_en", "unit_of_measure_en", "source"):
        if name in values and values[name] is None:
            values[name] = ""
    saved = indicator_actions.update_indicator(
        acting_user=request.user, indicator=indicator, expected_version=version, **values
    )
    response["ETag"] = entity_tag(saved.version)
    return saved


def _refuse_empty(values: dict, required: set[str]) -> None:
    empty = [name for name, value in values.items() if value is None and name in required]
    if empty:
        raise ValidationError({name: [_("This field cannot be empty.")] for name in empty})


# -- targets ---------------------------------------------------------------------------------------


def _evaluation_out(evaluation, as_of) -> EvaluationOut:
    return EvaluationOut(
        as_of=as_of,
        status=evaluation.status,
        actual=evaluation.actual,
        planned=evaluation.planned,
        forecast=evaluation.forecast,
        sentence=evaluation.sentence,
        formula=evaluation.formula,
        measured_on=evaluation.measured_on,
        shortfall_percent=evaluation.shortfall_percent,
        includes_submitted=evaluation.includes_submitted,
    )


def _targets_judged(targets: list[Target], listed) -> list[dict]:
    """The page's targets, each with its status as of the list's day, evaluated together (from the
    stored evaluations where they are current, as the list page does)."""
    as_of = listed.judged_on
    return [
        {**_target_out(row.target), "evaluation": _evaluation_out(row.evaluation, as_of)}
        for row in evaluated_as_stored(targets, as_of)
    ]


@router.get("/targets", response=list[TargetListItem], summary="Targets the user can see, as of a day")
@sparse_fields(TargetListItem)
@paginate(CursorPagination, page_size=100, items=_targets_judged)
def list_targets(request, filters: Query[TargetListQuery]):
    document, unit, year, indicator = filters.document, filters.unit, filters.year, filters.indicator
    targets = Target.objects.visible_to(request.user).select_related("indicator", "unit")
    if document is not None:
        targets = targets.filter(document_id=document)
    if unit is not None:
        targets = targets.filter(unit_id=unit)
    if year is not None:
        targets = targets.filter(year=year)
    if indicator:
        targets = targets.filter(indicator__code=indicator)
    targets = targets.order_by("document_id", "indicator__code", "id")
    targets.judged_on = filters.as_of or clock.today()  # read by _targets_judged
    return targets


@router.post("/targets", response={201: TargetOut}, summary="Set a target (an office of its unit)")
def create_target(request, payload: TargetCreate, response: HttpResponse):
    fields = payload.dict()
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=fields.pop("document_id"))
    clause_id = fields.pop("clause_id")
    clause = get_object_or_404(document.clauses, pk=clause_id) if clause_id else None
    indicator = _indicators_by_code([fields["indicator"]], lambda code: "indicator")[fields.pop("indicator")]
    unit = get_visible_unit(request.user, fields.pop("unit_id"))
    reference_id = fields.pop("reference_unit_id")
    reference_unit = get_visible_unit(request.user, reference_id) if reference_id else None
    with transaction.atomic():
        target = target_actions.create_target(
            acting_user=request.user,
            document=document,
            clause=clause,
            indicator=indicator,
            unit=unit,
            reference_unit=reference_unit,
            **fields,
        )
    response["ETag"] = entity_tag(target.version)
    return Status(201, _target_out(target))


@router.get("/targets/{target_id}", response=TargetDetail, summary="A target with its status as of a day")
@sparse_fields(TargetDetail)
def get_target(request, target_id: Id, query: Query[TargetQuery], response: HttpResponse):
    body = _target_detail(request, target_id, query.as_of)
    response["ETag"] = entity_tag(body["version"])
    return body


# The actions name related records by the model's field; the API by id.
TARGET_API_FIELD_NAMES = {
    "document": "document_id",
    "clause": "clause_id",
    "unit": "unit_id",
    "reference_unit": "reference_unit_id",
}
REQUIRED_TARGET_FIELDS = {
    "document_id",
    "indicator",
    "unit_id",
    "year",
    "deadline",
    "comparator",
    "tolerance_percent",
}


def _one_visible(queryset, pk, field: str, message: str):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [message % {"id": pk}]})
    return found


@router.patch(
    "/targets/{target_id}", response=TargetDetail, summary="Change a target (an office of its unit)"
)
def update_target(request, target_id: Id, payload: TargetPatch, response: HttpResponse):
    """Only the fields sent change, as on the target's page; the office covering the target's unit
    (and its new unit, when moved) may change it (403 for anyone else). Send the `version` you read (or
    its ETag in If-Match): without it nothing is written (428); if someone saved the target since, 409."""
    target = get_object_or_404(Target.objects.visible_to(request.user).select_related("unit"), pk=target_id)
    if not can_manage_target(request.user, target.unit):
        raise PermissionDenied(
            _("Only the office covering %(unit)s may change its targets.") % {"unit": target.unit}
        )
    values = payload.dict(exclude_unset=True)
    version = required_version(values.pop("version", None), request.headers.get("If-Match"))
    _refuse_empty(values, REQUIRED_TARGET_FIELDS)
    changes = {}
    for name, value in values.items():
        if name == "document_id":
            changes["document"] = _one_visible(
                Document.objects.visible_to(request.user),
                value,
                name,
                _("No document you can see has the id %(id)s."),
            )
        elif name in ("unit_id", "reference_unit_id"):
            changes[name.removesuffix("_id")] = value and _one_visible(
                OrgUnit.objects.visible_to(request.user),
                value,
                name,
                _("No unit you can see has the id %(id)s."),
            )
        elif name == "indicator":
            changes["indicator"] = _indicators_by_code([value], lambda code: "indicator")[value]
        elif name in ("source_text", "area"):
            changes[name] = value or ""
        else:
            changes[name] = value
    try:
        target_actions.update_target(
            acting_user=request.user, target=target, expected_version=version, **changes
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {
                TARGET_API_FIELD_NAMES.get(field, field): messages
                for field, messages in error.error_dict.items()
            }
        ) from None
    body = _target_detail(request, target_id, None)
    response["ETag"] = entity_tag(body["version"])
    return body


def _target_detail(request, target_id, as_of) -> dict:
    target = get_object_or_404(
        Target.objects.visible_to(request.user).select_related("indicator", "unit", "document"), pk=target_id
    )
    as_of = as_of or clock.today()
    evaluation = evaluate(target, as_of=as_of)
    shares = [
        ShareOut(unit=_unit_ref(share.unit), value=share.value)
        for share in target.breakdown.visible_to(request.user).select_related("unit").order_by("unit__path")
    ]
    return {
        **_target_out(target),
        "source_text": target.source_text,
        "breakdown": shares,
        "evaluation": _evaluation_out(evaluation, as_of),
    }


# -- values ----------------------------------------------------------------------------------------


@router.get("/values", response=list[ValueOut], summary="Values, the latest figure of each vintage")
@sparse_fields(ValueOut)
@paginate(CursorPagination, page_size=500, item=_value_out)
def list_values(request, filters: Query[ValueListQuery]):
    indicator, unit, period, state = filters.indicator, filters.unit, filters.period, filters.state
    include_superseded = filters.include_superseded
    rows = DataValue.objects.visible_to(request.user).select_related("indicator", "unit")
    if not include_superseded:
        rows = rows.not_superseded()
    if indicator:
        rows = rows.filter(indicator__code=indicator)
    if unit is not None:
        rows = rows.filter(unit_id=unit)
    if period:
        rows = rows.filter(period=_period_code(period, "period"))
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("unit__path", "period", "indicator__code", "-vintage", "-id")


def _entries_field(index_by_code: dict[str, int]):
    return lambda code: f"entries[{index_by_code[code]}].indicator"


@router.post("/values", response={201: SavedOut}, summary="Enter values for one unit and period")
def post_values(request, payload: ValuesIn):
    unit = get_visible_unit(request.user, payload.unit)
    period = _period_code(payload.period, "period")
    positions = {entry.indicator: index for index, entry in enumerate(payload.entries)}
    indicators = _indicators_by_code(
        [entry.indicator for entry in payload.entries], _entries_field(positions)
    )
    result = value_actions.save_values(
        acting_user=request.user,
        unit=unit,
        period=period,
        entries=[(indicators[e.indicator], e.value, e.comment) for e in payload.entries],
        vintage=payload.vintage,
    )
    return Status(201, {"saved": [_value_out(row) for row in result.saved], "warnings": result.warnings})


@router.post("/dataValueSets", response={200: DataValueSetOut}, summary="Enter values in DHIS2's shape")
@transaction.atomic
def post_data_value_set(request, payload: DataValueSetIn):
    """Each value is saved for its orgUnit (official code or id) and period, defaulting to the set's;
    all of them or none: the first unit and period with an error stops the import (422)."""
    errors: dict[str, list[str]] = {}
    groups: dict[tuple[str, str], list[tuple[int, object]]] = defaultdict(list)
    for index, data_value in enumerate(payload.dataValues):
        org_unit = data_value.orgUnit or payload.orgUnit
        period = data_value.period or payload.period
        if not org_unit:
            errors.setdefault(f"dataValues[{index}].orgUnit", []).append(_("Name the unit (orgUnit)."))
        if not period:
            errors.setdefault(f"dataValues[{index}].period", []).append(_("Name the period."))
        try:
            exact_decimal(data_value.value)
        except ValidationError as error:
            errors.setdefault(f"dataValues[{index}].value", []).extend(
                f"{data_value.value}: {message}" for message in error.messages
            )
        if org_unit and period:
            groups[(org_unit, period)].append((index, data_value))
    if errors:
        raise ValidationError(errors)
    indicators = _indicators_by_code(
        [data_value.dataElement for data_value in payload.dataValues],
        lambda code: next(
            f"dataValues[{i}].dataElement"
            for i, dv in enumerate(payload.dataValues)
            if dv.dataElement == code
        ),
    )
    imported = 0
    warnings: dict[str, list[str]] = {}
    for (org_unit, period), items in groups.items():
        first = items[0][0]
        unit = _unit_by_code_or_id(request.user, org_unit, f"dataValues[{first}].orgUnit")
        period_code = _period_code(period, f"dataValues[{first}].period")
        result = value_actions.save_values(
            acting_user=request.user,
            unit=unit,
            period=period_code,
            entries=[
                (indicators[dv.dataElement], exact_decimal(dv.value), dv.comment) for _index, dv in items
            ],
        )
        imported += len(result.saved)
        for code, messages in result.warnings.items():
            warnings.setdefault(code, []).extend(messages)
    return {
        "status": "WARNING" if warnings else "SUCCESS",
        "importCount": {"imported": imported},
        "warnings": warnings,
    }


def _value_selection(request, query: DataValueSetQuery) -> exchange.ValueSelection:
    """DHIS2's rules for an export: name what (dataSet or dataElement) and when (period, a day range
    or lastUpdated); orgUnit is optional here (everything the reader sees) and must be visible."""
    errors: dict[str, list[str]] = {}
    if not (query.dataSet or query.dataElement):
        errors["dataElement"] = [_("Name a data element (an indicator's code) or a data set.")]
    if not (query.period or query.startDate or query.endDate or query.lastUpdated):
        errors["period"] = [_("Name a period, a startDate and endDate, or lastUpdated.")]
    if errors:
        raise ValidationError(errors)
    indicator_ids: list[int] = []
    if query.dataElement:
        indicator_ids += [
            indicator.pk for indicator in exchange.indicators_named(query.dataElement, "dataElement")
        ]
    if query.dataSet:
        indicator_ids += exchange.indicators_of_data_sets(request.user, query.dataSet, "dataSet")
    return exchange.ValueSelection(
        indicator_ids=indicator_ids,
        periods=exchange.periods_named(query.period, "period"),
        start=query.startDate,
        end=query.endDate,
        units=exchange.units_named(request.user, query.orgUnit, "orgUnit"),
        children=query.children,
        last_updated=query.lastUpdated,
        include_submitted=query.includeSubmitted,
    )


@router.get(
    "/dataValueSets", response=DataValueSetExport, summary="Export values in DHIS2's shape (approved only)"
)
def get_data_value_set(request, query: Query[DataValueSetQuery]):
    """The values that count (approved; with includeSubmitted, submitted ones too) of the units the
    reader sees, one per indicator, unit and period, named by codes (DHIS2's idScheme=CODE)."""
    rows = exchange.selected_values(request.user, _value_selection(request, query))
    return {"dataValues": [exchange.data_value(row) for row in rows]}


@router.get(
    "/dataValueSets.csv",
    response={200: None},
    summary="Export values as DHIS2's CSV",
    openapi_extra={"responses": {200: {"description": "DHIS2's CSV", "content": {"text/csv": {}}}}},
)
def get_data_value_set_csv(request, query: Query[DataValueSetQuery]):
    """The same values as DHIS2's CSV columns, without a byte-order mark (a file for a machine)."""
    rows = exchange.selected_values(request.user, _value_selection(request, query))
    return csv_response(
        "dataValueSets",
        exchange.CSV_COLUMNS,
        (exchange.csv_row(row) for row in rows.iterator(chunk_size=500)),
        for_spreadsheet=False,
    )


@router.get("/metadata", response=dict, summary="DHIS2 metadata: data elements, organisation units, periods")
def get_metadata(request):
    return exchange.metadata(request.user)


@router.get(
    "/sdmx/data",
    response=dict,
    summary="Indicator series as an SDMX-JSON 2.0 data message",
    openapi_extra={
        "responses": {200: {"description": "SDMX-JSON", "content": {exchange.SDMX_CONTENT_TYPE: {}}}}
    },
)
def get_sdmx_data(request, query: Query[SdmxQuery]):
    """One series per indicator and unit (REF_AREA), observations by TIME_PERIOD; only values that
    count (approved, unless includeSubmitted)."""
    start = exchange.periods_named([query.startPeriod], "startPeriod")[0] if query.startPeriod else None
    end = exchange.periods_named([query.endPeriod], "endPeriod")[0] if query.endPeriod else None
    selection = exchange.ValueSelection(
        indicator_ids=[indicator.pk for indicator in exchange.indicators_named(query.indicator, "indicator")],
        start=Period.parse(start).first_day if start else None,
        end=Period.parse(end).last_day if end else None,
        units=exchange.units_named(request.user, query.unit, "unit"),
        children=query.children,
        include_submitted=query.includeSubmitted,
    )
    rows = list(exchange.selected_values(request.user, selection))
    message = exchange.sdmx_message(rows, prepared=timezone.now(), language=(get_language() or "vi")[:2])
    return JsonResponse(
        message, content_type=exchange.SDMX_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )


@router.post("/values/submit", response=list[ValueOut], summary="Send a unit's drafts for a period")
def submit_values(request, payload: SubmitIn):
    unit = get_visible_unit(request.user, payload.unit)
    rows = value_actions.submit_values(
        acting_user=request.user, unit=unit, period=_period_code(payload.period, "period")
    )
    return [_value_out(row) for row in rows]


def _visible_value_ids(user, ids: list[int]) -> list[int]:
    visible = set(DataValue.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    if visible != set(ids):
        raise Http404
    return ids


@router.post("/values/approve", response=list[ValueOut], summary="Approve submitted values")
def approve_values(request, payload: DecisionIn):
    rows = value_actions.approve_values(
        acting_user=request.user, values=_visible_value_ids(request.user, payload.values)
    )
    return [_value_out(row) for row in rows]


@router.post("/values/return", response=list[ValueOut], summary="Return submitted values with a reason")
def return_values(request, payload: ReturnIn):
    rows = value_actions.return_values(
        acting_user=request.user,
        values=_visible_value_ids(request.user, payload.values),
        reason=payload.reason,
    )
    return [_value_out(row) for row in rows]
