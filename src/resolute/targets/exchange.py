"""Reads for exchanging figures with other systems: DHIS2's dataValueSets and metadata, and an
SDMX-JSON data message of indicator series. The API (`api.py`) parses the request and answers what
these build; every read starts from `.visible_to(user)`.

Which values leave: by default the values that count (`DataValueQuerySet.counting`): approved, not
superseded, the best vintage of each indicator × unit × period — one value a cell, as DHIS2 holds
it. `include_submitted` adds submitted values the way the setting does for status.

Periods are DHIS2's codes (2025, 2025Q1, 2025S1, 202503). A day range keeps the periods that lie
wholly inside it, as DHIS2's startDate/endDate do; every period code starts with its four-digit year,
so the years strictly inside the range are one range of codes in SQL, and only the periods of the
first and the last year are listed.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from resolute.core.periods import MONTHS_IN, Period, PeriodType
from resolute.core.schemas import LARGEST_ID
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q
from resolute.orgunits.scope import scope_for

from .models import AcrossUnits, DataValue, Indicator, OverTime

# DHIS2's period types, as its metadata names them.
DHIS2_PERIOD_TYPES = {
    PeriodType.MONTHLY: {
        "name": "Monthly",
        "isoDuration": "P1M",
        "isoFormat": "yyyyMM",
        "frequencyOrder": 30,
    },
    PeriodType.QUARTERLY: {
        "name": "Quarterly",
        "isoDuration": "P3M",
        "isoFormat": "yyyyQn",
        "frequencyOrder": 91,
    },
    PeriodType.SIX_MONTHLY: {
        "name": "SixMonthly",
        "isoDuration": "P6M",
        "isoFormat": "yyyySn",
        "frequencyOrder": 182,
    },
    PeriodType.YEARLY: {"name": "Yearly", "isoDuration": "P1Y", "isoFormat": "yyyy", "frequencyOrder": 365},
}


def plain_number(value: Decimal) -> str:
    """A stored value as DHIS2 sends one: a string, without the trailing zeros of the column
    (12.500000 → "12.5", 100.000000 → "100"), exact."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def unit_reference(unit) -> str:
    """How a unit is named to another system: its official code, else its id (the import takes both)."""
    return unit.code or str(unit.pk)


# -- what is asked ---------------------------------------------------------------------------------


def units_named(user, references: list[str], field: str) -> list[OrgUnit]:
    """The units named by code or id; an unknown one is a 422 at `field`, one the user may not see a 404."""
    units = []
    scope = scope_for(user)
    for reference in references:
        reference = (reference or "").strip()
        condition = Q(code=reference)
        if reference.isascii() and reference.isdigit() and int(reference) <= LARGEST_ID:
            condition |= Q(pk=int(reference))
        found = sorted(OrgUnit.objects.filter(condition)[:2], key=lambda unit: unit.code != reference)
        if not found:
            raise ValidationError({field: [_("No unit has the code or id %(unit)s.") % {"unit": reference}]})
        if not scope.can_see_unit(found[0]):
            raise Http404
        units.append(found[0])
    return units


def indicators_named(codes: list[str], field: str) -> list[Indicator]:
    found = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=set(codes))}
    missing = [code for code in codes if code not in found]
    if missing:
        raise ValidationError(
            {field: [_("No indicator has the code %(code)s.") % {"code": code} for code in missing]}
        )
    return [found[code] for code in dict.fromkeys(codes)]


def indicators_of_data_sets(user, references: list[str], field: str) -> list[int]:
    """The indicators of DHIS2 data sets: a data set is a reporting regime of indicator values, named
    by its id. Reached through the regime's relation to the indicators, so this module imports
    nothing from the layer above it."""
    regimes = Indicator._meta.get_field("reporting_regimes").related_model.objects.visible_to(user)
    ids = [int(ref) for ref in references if ref.isascii() and ref.isdigit() and int(ref) <= LARGEST_ID]
    found = set(regimes.filter(pk__in=ids).values_list("pk", flat=True))
    unknown = [ref for ref in references if not (ref.isascii() and ref.isdigit()) or int(ref) not in found]
    if unknown:
        raise ValidationError({field: [_("No data set has the id %(id)s.") % {"id": ref} for ref in unknown]})
    return list(
        Indicator.objects.filter(reporting_regimes__pk__in=ids).values_list("pk", flat=True).distinct()
    )


def periods_named(codes: list[str], field: str) -> list[str]:
    periods = []
    for code in codes:
        try:
            periods.append(Period.parse(from_sdmx_period(code)).code)
        except ValueError as error:
            raise ValidationError({field: [_("%(period)s is not a period.") % {"period": code}]}) from error
    return periods


def periods_within_q(start: date | None, end: date | None, field: str = "period") -> Q:
    """Periods that lie wholly between `start` and `end` (either may be open), as one condition."""
    start = start or date(1900, 1, 1)
    end = end or date(2100, 12, 31)
    if start > end:
        return Q(pk__in=[])

    def inside(year: int) -> list[str]:
        return [
            period.code
            for period_type in MONTHS_IN
            for period in Period.all_in_year(year, period_type)
            if start <= period.first_day and period.last_day <= end
        ]

    edge_codes = inside(start.year) + (inside(end.year) if end.year != start.year else [])
    condition = Q(**{f"{field}__in": edge_codes})
    if end.year - start.year > 1:
        # Every code of a year Y sorts between "Y" and "Y+1": "2025" ≤ "202503" < "2025Q1" < "2026".
        condition |= Q(**{f"{field}__gte": str(start.year + 1), f"{field}__lt": str(end.year)})
    return condition


@dataclass
class ValueSelection:
    """What a dataValueSets export (or an SDMX series) keeps."""

    indicator_ids: list[int] | None = None
    periods: list[str] | None = None
    start: date | None = None
    end: date | None = None
    units: list[OrgUnit] | None = None
    children: bool = False
    last_updated: date | None = None
    include_submitted: bool = False


def selected_values(user, selection: ValueSelection):
    """The values the user may see that the selection keeps, with their indicator, unit and author."""
    rows = (
        DataValue.objects.visible_to(user)
        .counting(include_submitted=selection.include_submitted)
        .select_related("indicator", "unit", "entered_by")
    )
    if selection.indicator_ids is not None:
        rows = rows.filter(indicator_id__in=selection.indicator_ids)
    if selection.periods:
        rows = rows.filter(period__in=selection.periods)
    if selection.start or selection.end:
        rows = rows.filter(periods_within_q(selection.start, selection.end))
    if selection.units:
        condition = Q()
        for unit in selection.units:
            condition |= subtree_q(unit.path, field="unit__path") if selection.children else Q(unit=unit)
        rows = rows.filter(condition)
    if selection.last_updated:
        since = timezone.make_aware(datetime.combine(selection.last_updated, time.min))
        rows = rows.filter(updated_at__gte=since)
    return rows.order_by("unit__path", "indicator__code", "period", "id")


# -- DHIS2 -----------------------------------------------------------------------------------------


def data_value(row: DataValue) -> dict:
    """One value in DHIS2's dataValues shape, by codes (DHIS2's idScheme=CODE). Resolute has no
    disaggregation, so the category and attribute option combinations are left out: DHIS2 reads
    a missing one as its default."""
    return {
        "dataElement": row.indicator.code,
        "period": row.period,
        "orgUnit": unit_reference(row.unit),
        "value": plain_number(row.value),
        "storedBy": row.entered_by.get_username() if row.entered_by else "",
        "created": row.created_at.isoformat(),
        "lastUpdated": row.updated_at.isoformat(),
        "comment": row.comment,
        "followup": False,
    }


CSV_COLUMNS = ["dataelement", "period", "orgunit", "value", "storedby", "lastupdated", "comment", "followup"]


def csv_row(row: DataValue) -> list[str]:
    value = data_value(row)
    return [
        value["dataElement"],
        value["period"],
        value["orgUnit"],
        value["value"],
        value["storedBy"],
        value["lastUpdated"],
        value["comment"],
        "false",
    ]


def aggregation_type(indicator: Indicator) -> str:
    """How DHIS2 should combine the indicator: across units, then over time. A weighted average or a
    ratio needs other indicators (in DHIS2, an indicator, not a data element): NONE."""
    across, over_time = indicator.across_units, indicator.over_time
    if across == AcrossUnits.SUM:
        return {
            OverTime.CUMULATIVE: "SUM",
            OverTime.LATEST: "LAST",
            OverTime.AVERAGE: "AVERAGE_SUM_ORG_UNIT",
        }[over_time]
    if across == AcrossUnits.AVERAGE:
        return "LAST_AVERAGE_ORG_UNIT" if over_time == OverTime.LATEST else "AVERAGE"
    return "NONE"


def _translations(name: str, name_en: str) -> list[dict]:
    return [{"property": "NAME", "locale": "en", "value": name_en}] if name_en else []


def metadata(user) -> dict:
    """What a DHIS2 instance needs to map Resolute's codes to its own: data elements (indicators),
    organisation units (those the user sees) and period types, in DHIS2's metadata shape. Names are
    Vietnamese with the English name as a translation, as a DHIS2 in Vietnam holds them."""
    indicators = Indicator.objects.visible_to(user).order_by("code")
    units = list(OrgUnit.objects.visible_to(user).order_by("path"))
    reference_of = {unit.pk: unit_reference(unit) for unit in units}
    data_elements = [
        {
            "code": indicator.code,
            "name": indicator.name,
            "shortName": indicator.name[:50],
            "formName": indicator.name,
            "translations": _translations(indicator.name, indicator.name_en),
            "description": indicator.unit_of_measure,
            "valueType": "NUMBER",
            "aggregationType": aggregation_type(indicator),
            "domainType": "AGGREGATE",
            "periodType": DHIS2_PERIOD_TYPES[indicator.periodicity]["name"],
            "zeroIsSignificant": True,
        }
        for indicator in indicators
    ]
    organisation_units = []
    for unit in units:
        chain = [*unit.ancestor_ids, unit.pk]
        entry = {
            "code": unit_reference(unit),
            "name": unit.name,
            "shortName": (unit.short_name or unit.name)[:50],
            "translations": _translations(unit.name, unit.name_en),
            "level": unit.depth + 1,
            "path": "/" + "/".join(reference_of.get(pk, str(pk)) for pk in chain),
            "parent": {"code": reference_of.get(unit.parent_id, str(unit.parent_id))}
            if unit.parent_id
            else None,
        }
        if unit.effective_from:
            entry["openingDate"] = unit.effective_from.isoformat()
        if unit.effective_to:
            entry["closedDate"] = unit.effective_to.isoformat()
        organisation_units.append(entry)
    return {
        "system": {"name": "Resolute", "date": timezone.now().isoformat()},
        "dataElements": data_elements,
        "organisationUnits": organisation_units,
        "periodTypes": [DHIS2_PERIOD_TYPES[period_type] for period_type in MONTHS_IN],
    }


# -- SDMX ------------------------------------------------------------------------------------------

SDMX_JSON_SCHEMA = (
    "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/2.0.0/"
    "sdmx-json-data-schema.json"
)
SDMX_CONTENT_TYPE = "application/vnd.sdmx.data+json;version=2.0.0"


def sdmx_period(code: str) -> str:
    """A DHIS2 period code as SDMX writes TIME_PERIOD: 202503 → 2025-03, 2025Q1 → 2025-Q1,
    2025S1 → 2025-S1, 2025 → 2025."""
    period = Period.parse(code)
    if period.type == PeriodType.MONTHLY:
        return f"{period.year}-{period.index:02d}"
    if period.type == PeriodType.QUARTERLY:
        return f"{period.year}-Q{period.index}"
    if period.type == PeriodType.SIX_MONTHLY:
        return f"{period.year}-S{period.index}"
    return str(period.year)


def from_sdmx_period(text: str) -> str:
    """An SDMX period (2025-03, 2025-Q1, 2025-S1, 2025-A1) as our code; our codes pass unchanged."""
    text = (text or "").strip().upper()
    if len(text) > 5 and text[4] == "-":
        year, rest = text[:4], text[5:]
        if rest == "A1":
            return year
        return year + rest
    return text


def sdmx_message(rows: list[DataValue], *, prepared: datetime, language: str) -> dict:
    """An SDMX-JSON 2.0 data message: one data set whose series are keyed INDICATOR:REF_AREA, each
    with its observations keyed by TIME_PERIOD. Values are strings, exact as stored."""
    indicators: dict[int, Indicator] = {}
    units: dict[int, OrgUnit] = {}
    periods: set[str] = set()
    for row in rows:
        indicators.setdefault(row.indicator_id, row.indicator)
        units.setdefault(row.unit_id, row.unit)
        periods.add(row.period)
    indicator_list = sorted(indicators.values(), key=lambda indicator: indicator.code)
    unit_list = sorted(units.values(), key=lambda unit: unit.path)
    period_list = sorted(periods, key=Period.parse)
    indicator_position = {indicator.pk: index for index, indicator in enumerate(indicator_list)}
    unit_position = {unit.pk: index for index, unit in enumerate(unit_list)}
    period_position = {code: index for index, code in enumerate(period_list)}
    units_of_measure = sorted({indicator.unit_of_measure for indicator in indicator_list})
    measure_position = {text: index for index, text in enumerate(units_of_measure)}

    series: dict[str, dict] = {}
    for row in rows:
        key = f"{indicator_position[row.indicator_id]}:{unit_position[row.unit_id]}"
        entry = series.setdefault(
            key,
            {"attributes": [measure_position[row.indicator.unit_of_measure]], "observations": {}},
        )
        entry["observations"][str(period_position[row.period])] = [plain_number(row.value)]

    def named(name: str, name_en: str) -> dict:
        text = name_en if language == "en" and name_en else name
        names = {"vi": name, **({"en": name_en} if name_en else {})}
        return {"name": text, "names": names}

    structure = {
        "links": [],
        "dimensions": {
            "dataSet": [],
            "series": [
                {
                    "id": "INDICATOR",
                    "name": _("Indicator"),
                    "keyPosition": 0,
                    "roles": ["INDICATOR"],
                    "values": [
                        {"id": indicator.code, **named(indicator.name, indicator.name_en)}
                        for indicator in indicator_list
                    ],
                },
                {
                    "id": "REF_AREA",
                    "name": _("Unit"),
                    "keyPosition": 1,
                    "roles": ["REF_AREA"],
                    "values": [
                        {"id": unit_reference(unit), **named(unit.name, unit.name_en)} for unit in unit_list
                    ],
                },
            ],
            "observation": [
                {
                    "id": "TIME_PERIOD",
                    "name": _("Period"),
                    "keyPosition": 2,
                    "roles": ["TIME_PERIOD"],
                    "values": [
                        {
                            "id": sdmx_period(code),
                            "start": Period.parse(code).first_day.isoformat(),
                            "end": Period.parse(code).last_day.isoformat(),
                        }
                        for code in period_list
                    ],
                }
            ],
        },
        "measures": {"observation": [{"id": "OBS_VALUE", "name": _("Value"), "roles": ["PRIMARY"]}]},
        "attributes": {
            "dataSet": [],
            "series": [
                {
                    "id": "UNIT_MEASURE",
                    "name": _("Unit of measure"),
                    "relationship": {"dimensions": ["INDICATOR"]},
                    "values": [{"id": text, "name": text} for text in units_of_measure],
                }
            ],
            "observation": [],
        },
    }
    return {
        "meta": {
            "schema": SDMX_JSON_SCHEMA,
            "id": f"RESOLUTE-{prepared.strftime('%Y%m%dT%H%M%S')}",
            "prepared": prepared.isoformat(),
            "test": False,
            "contentLanguages": [language],
            "sender": {"id": "RESOLUTE", "name": "Resolute"},
        },
        "data": {
            "structures": [structure],
            "dataSets": [{"structure": 0, "action": "Information", "series": series}],
        },
    }
