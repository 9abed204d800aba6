"""Figures leaving for other systems: DHIS2's dataValueSets export (JSON and CSV) that reads back
through the import, DHIS2 metadata to map codes, and an SDMX-JSON data message of indicator series;
each only what the reader sees, approved values only unless asked."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from resolute.core.periods import PeriodType
from resolute.targets.models import DataValue

from .test_api import api_for, post
from .test_values import approved, enter, make_indicator, submitted

IN_MARCH_WINDOW = date(2025, 4, 10)
EXPORT = "/api/targets/dataValueSets"


@pytest.fixture
def figures(tree):
    """Approved poor households of Hội An and its ward for March, of Đại Lộc for March; a draft for
    Hội An in February; a yearly budget figure of the province."""
    poor = make_indicator("POOR_HOUSEHOLDS", name="Hộ nghèo", name_en="Poor households", minimum=Decimal("0"))
    budget = make_indicator("BUDGET", name="Thu ngân sách", periodicity=PeriodType.YEARLY)
    with time_machine.travel(IN_MARCH_WINDOW, tick=False):
        approved(tree["district_a"], "202503", poor, "120.5", "counted again")
        approved(tree["commune_a1"], "202503", poor, "40")
        approved(tree["district_b"], "202503", poor, "75")
        enter(tree["district_a"], "202502", poor, "130")
    with time_machine.travel(date(2025, 1, 20), tick=False):
        approved(tree["province"], "2024", budget, "1234567.25")
    return {"poor": poor, "budget": budget}


def exported(client, query: str) -> list[tuple]:
    response = client.get(f"{EXPORT}?{query}")
    assert response.status_code == 200, response.content
    return [(v["dataElement"], v["period"], v["orgUnit"], v["value"]) for v in response.json()["dataValues"]]


def test_a_dhis2_export_gives_the_approved_values_of_a_unit_and_its_children_by_code(users, figures):
    office = api_for(users["office"])
    assert exported(office, "dataElement=POOR_HOUSEHOLDS&period=202503&orgUnit=503&children=true") == [
        ("POOR_HOUSEHOLDS", "202503", "503", "120.5"),
        ("POOR_HOUSEHOLDS", "202503", "20335", "40"),
    ]
    assert exported(office, "dataElement=POOR_HOUSEHOLDS&period=202503&orgUnit=503") == [
        ("POOR_HOUSEHOLDS", "202503", "503", "120.5")
    ]
    value = office.get(f"{EXPORT}?dataElement=POOR_HOUSEHOLDS&period=202503&orgUnit=503").json()[
        "dataValues"
    ][0]
    assert value["comment"] == "counted again" and value["storedBy"] == "" and value["followup"] is False
    assert {"created", "lastUpdated"} <= set(value)


def test_drafts_stay_home_and_submitted_values_leave_only_when_asked(tree, users, figures):
    office = api_for(users["office"])
    assert exported(office, "dataElement=POOR_HOUSEHOLDS&period=202502") == []
    with time_machine.travel(IN_MARCH_WINDOW, tick=False):
        submitted(tree["district_b"], "202502", figures["poor"], "70")
    assert exported(office, "dataElement=POOR_HOUSEHOLDS&period=202502") == []
    assert exported(office, "dataElement=POOR_HOUSEHOLDS&period=202502&includeSubmitted=true") == [
        ("POOR_HOUSEHOLDS", "202502", "506", "70")
    ]


def test_a_district_exports_only_what_it_sees_and_a_sibling_is_not_found(users, figures):
    hoi_an = api_for(users["district_a_reporter"])
    assert [row[2] for row in exported(hoi_an, "dataElement=POOR_HOUSEHOLDS&period=202503")] == [
        "503",
        "20335",
    ]
    assert hoi_an.get(f"{EXPORT}?dataElement=POOR_HOUSEHOLDS&period=202503&orgUnit=506").status_code == 404
    assert api_for(users["district_a_reporter"]).get("/api/targets/metadata").status_code == 200


def test_an_export_must_name_what_and_when(users, figures):
    office = api_for(users["office"])
    response = office.get(f"{EXPORT}?orgUnit=503")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"dataElement", "period"}
    unknown = office.get(f"{EXPORT}?dataElement=NOPE&period=2025&orgUnit=999999")
    assert unknown.status_code == 422 and "dataElement" in unknown.json()["errors"]
    assert "orgUnit" in office.get(f"{EXPORT}?dataElement=BUDGET&period=2024&orgUnit=XYZ").json()["errors"]
    assert "period" in office.get(f"{EXPORT}?dataElement=BUDGET&period=2024W3").json()["errors"]


def test_a_day_range_keeps_the_periods_wholly_inside_it(users, figures):
    office = api_for(users["office"])
    query = "dataElement=POOR_HOUSEHOLDS&dataElement=BUDGET"
    assert [row[1] for row in exported(office, f"{query}&startDate=2024-01-01&endDate=2025-03-31")] == [
        "2024",
        "202503",
        "202503",
        "202503",
    ]
    assert [row[1] for row in exported(office, f"{query}&startDate=2024-02-01&endDate=2025-03-30")] == []
    assert [row[1] for row in exported(office, f"{query}&startDate=2023-01-01&endDate=2026-12-31")] == [
        "2024",
        "202503",
        "202503",
        "202503",
    ]


def test_last_updated_keeps_values_changed_since_the_day(users, figures):
    office = api_for(users["office"])
    assert [
        row[1]
        for row in exported(office, "dataElement=BUDGET&dataElement=POOR_HOUSEHOLDS&lastUpdated=2025-04-01")
    ] == [
        "202503",
        "202503",
        "202503",
    ]


def test_an_export_read_back_by_the_import_gives_the_same_values(tree, users, figures):
    office = api_for(users["office"])
    query = "dataElement=POOR_HOUSEHOLDS&period=202503&orgUnit=503&children=true"
    export = office.get(f"{EXPORT}?{query}").json()
    before = sorted(
        (row.unit_id, row.period, row.value, row.comment)
        for row in DataValue.objects.filter(
            period="202503", unit__in=[tree["district_a"], tree["commune_a1"]]
        )
    )
    DataValue.objects.filter(unit__in=[tree["district_a"], tree["commune_a1"]]).delete()

    with time_machine.travel(IN_MARCH_WINDOW, tick=False):
        response = post(api_for(users["district_a_reporter"]), "/dataValueSets", export)
    assert response.status_code == 200, response.content
    assert response.json()["importCount"]["imported"] == 2
    after = sorted(
        (row.unit_id, row.period, row.value, row.comment)
        for row in DataValue.objects.filter(unit__in=[tree["district_a"], tree["commune_a1"]])
    )
    assert after == before


def test_the_csv_export_has_dhis2_columns_and_exact_values(users, figures):
    response = api_for(users["office"]).get(f"{EXPORT}.csv?dataElement=BUDGET&period=2024")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8").splitlines()
    assert lines[0] == "dataelement,period,orgunit,value,storedby,lastupdated,comment,followup"
    assert lines[1].startswith("BUDGET,2024,49,1234567.25,,")


def test_an_export_takes_the_same_few_queries_however_many_values(
    tree, users, figures, django_assert_max_num_queries
):
    office = api_for(users["office"])
    with django_assert_max_num_queries(8):
        response = office.get(
            f"{EXPORT}?dataElement=POOR_HOUSEHOLDS&dataElement=BUDGET&startDate=2020-01-01&endDate=2025-12-31"
        )
    assert len(response.json()["dataValues"]) == 4


def test_metadata_maps_indicators_units_and_period_types_as_dhis2_names_them(users, figures):
    response = api_for(users["office"]).get("/api/targets/metadata")
    assert response.status_code == 200
    body = response.json()
    poor = next(item for item in body["dataElements"] if item["code"] == "POOR_HOUSEHOLDS")
    assert poor["name"] == "Hộ nghèo"
    assert poor["translations"] == [{"property": "NAME", "locale": "en", "value": "Poor households"}]
    assert (poor["valueType"], poor["aggregationType"], poor["periodType"]) == ("NUMBER", "LAST", "Monthly")
    ward = next(item for item in body["organisationUnits"] if item["code"] == "20335")
    assert (ward["level"], ward["path"], ward["parent"]) == (3, "/49/503/20335", {"code": "503"})
    assert [item["name"] for item in body["periodTypes"]] == ["Monthly", "Quarterly", "SixMonthly", "Yearly"]


def test_a_district_reads_metadata_of_its_own_units_and_those_above(users, figures):
    body = api_for(users["district_b_reporter"]).get("/api/targets/metadata").json()
    assert "20335" not in [item["code"] for item in body["organisationUnits"]]
    assert {"49", "506", "20434"} <= {item["code"] for item in body["organisationUnits"]}


def test_an_sdmx_message_describes_its_dimensions_and_its_values_are_the_figures(users, figures):
    response = api_for(users["office"]).get(
        "/api/targets/sdmx/data?indicator=POOR_HOUSEHOLDS&unit=503&unit=506&children=true"
        "&startPeriod=2025-01&endPeriod=2025-Q1"
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/vnd.sdmx.data+json")
    data = response.json()["data"]
    structure = data["structures"][0]
    series_dimensions = structure["dimensions"]["series"]
    assert [dimension["id"] for dimension in series_dimensions] == ["INDICATOR", "REF_AREA"]
    assert [dimension["id"] for dimension in structure["dimensions"]["observation"]] == ["TIME_PERIOD"]
    indicators = [value["id"] for value in series_dimensions[0]["values"]]
    areas = [value["id"] for value in series_dimensions[1]["values"]]
    periods = [value["id"] for value in structure["dimensions"]["observation"][0]["values"]]
    assert (indicators, areas, periods) == (["POOR_HOUSEHOLDS"], ["503", "20335", "506"], ["2025-03"])

    figures_read = {}
    for key, series in data["dataSets"][0]["series"].items():
        indicator_index, area_index = map(int, key.split(":"))
        for period_index, observation in series["observations"].items():
            cell = (indicators[indicator_index], areas[area_index], periods[int(period_index)])
            figures_read[cell] = Decimal(observation[0])
    stored = {
        (row.indicator.code, row.unit.code, f"{row.period[:4]}-{row.period[4:]}"): row.value
        for row in DataValue.objects.filter(state="approved", indicator=figures["poor"]).select_related(
            "unit", "indicator"
        )
    }
    assert figures_read == stored


def test_sdmx_needs_an_indicator_and_a_unit_the_reader_sees(users, figures):
    hoi_an = api_for(users["district_a_reporter"])
    assert hoi_an.get("/api/targets/sdmx/data?unit=503").status_code == 422
    assert hoi_an.get("/api/targets/sdmx/data?indicator=POOR_HOUSEHOLDS&unit=506").status_code == 404


def test_a_data_set_is_a_reporting_regime_of_indicator_values(tree, users, figures):
    from resolute.orgunits.models import OrgUnitKind
    from resolute.reporting.actions import regimes as regime_actions
    from resolute.reporting.models import RegimeKind

    regime = regime_actions.create_regime(
        acting_user=None,
        name="Monthly social figures",
        kind=RegimeKind.INDICATOR_VALUES,
        issuer=tree["province"],
        period_type=PeriodType.MONTHLY,
        unit_kinds=[OrgUnitKind.DISTRICT],
        indicators=[figures["poor"]],
    )
    office = api_for(users["office"])
    assert [
        row[0] for row in exported(office, f"dataSet={regime.pk}&startDate=2024-01-01&endDate=2025-12-31")
    ] == ["POOR_HOUSEHOLDS"] * 3
    unknown = office.get(f"{EXPORT}?dataSet={regime.pk + 1}&period=2025")
    assert unknown.status_code == 422 and "dataSet" in unknown.json()["errors"]


def test_metadata_takes_the_same_queries_however_many_units_and_indicators(
    tree, users, figures, django_assert_max_num_queries
):
    from resolute.conftest import make_unit

    office = api_for(users["office"])
    office.get("/api/targets/metadata")
    for number in range(5):
        make_unit(f"Xã {number}", tree["district_b"], code=f"9{number}")
        make_indicator(f"EXTRA_{number}")
    with django_assert_max_num_queries(6):
        body = office.get("/api/targets/metadata").json()
    assert len(body["dataElements"]) == 7 and len(body["organisationUnits"]) == 14
