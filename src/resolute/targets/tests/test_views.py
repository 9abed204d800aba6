"""The target and indicator pages: what a user sees, what they may change, and what it costs."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from resolute.core.periods import PeriodType
from resolute.directives.models import Clause, Document, DocumentKind

from ..actions import indicators as indicator_actions
from ..actions import targets as target_actions
from ..actions import values as value_actions
from ..models import Comparator, Direction, Indicator, OverTime, Target, ValueState, Vintage
from .rows import make_value, revise

pytestmark = pytest.mark.django_db

AFTER_Q3 = "2025-10-15"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def document(tree):
    return Document.objects.create(
        owner=tree["party"],
        kind=DocumentKind.CONCLUSION,
        title="Conclusion on the plan for 2025",
        number="1/KL-TU",
    )


@pytest.fixture
def houses():
    return indicator_actions.create_indicator(
        acting_user=None,
        code="HOUSES",
        name="Temporary and dilapidated houses replaced",
        unit_of_measure="houses",
        direction=Direction.HIGHER_IS_BETTER,
        periodicity=PeriodType.QUARTERLY,
        over_time=OverTime.CUMULATIVE,
    )


def houses_target(tree, document, houses, **fields):
    values = {
        "acting_user": None,
        "document": document,
        "indicator": houses,
        "unit": tree["province"],
        "year": 2025,
        "deadline": date(2025, 12, 31),
        "comparator": Comparator.AT_LEAST,
        "value": Decimal(10945),
        "breakdown": [(tree["district_a"], Decimal(6000)), (tree["district_b"], Decimal(4945))],
    }
    values.update(fields)
    return target_actions.create_target(**values)


def login(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# -- the list ----------------------------------------------------------------------------------------


def test_the_list_shows_each_target_under_its_document_with_its_status_and_why(
    client, tree, users, document, houses
):
    houses_target(tree, document, houses)
    make_value(houses, tree["district_a"], "2025Q3", "8000")
    response = login(client, users["leader"]).get(reverse("targets:list"), {"as_of": AFTER_Q3})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Conclusion on the plan for 2025" in page
    assert "Temporary and dilapidated houses replaced" in page
    assert "On track" in page
    assert "actual 8,000" in page


def test_the_list_keeps_only_the_status_asked_for(client, tree, users, document, houses):
    houses_target(tree, document, houses)
    houses_target(tree, document, houses, unit=tree["district_b"], value=Decimal(4945), breakdown=[])
    make_value(houses, tree["district_a"], "2025Q3", "8000")
    response = login(client, users["leader"]).get(
        reverse("targets:list"), {"as_of": AFTER_Q3, "status": "not_measurable"}
    )
    rows = response.context["rows"]
    assert [row.target.unit for row in rows] == [tree["district_b"]]


def test_the_list_filters_by_area_including_the_units_below(client, tree, users, document, houses):
    houses_target(tree, document, houses)
    houses_target(tree, document, houses, unit=tree["commune_a1"], value=Decimal(50), breakdown=[])
    response = login(client, users["leader"]).get(reverse("targets:list"), {"unit": tree["district_a"].pk})
    assert [row.target.unit for row in response.context["rows"]] == [tree["commune_a1"]]


def test_a_district_does_not_see_the_targets_of_a_sibling_district(client, tree, users, document, houses):
    houses_target(tree, document, houses, unit=tree["district_b"], value=Decimal(4945), breakdown=[])
    response = login(client, users["district_a_reporter"]).get(reverse("targets:list"))
    assert list(response.context["rows"]) == []
    target = Target.objects.get()
    assert client.get(reverse("targets:target_detail", args=[target.pk])).status_code == 404


@pytest.mark.parametrize("status", ["", "on_track"])
def test_the_list_costs_the_same_queries_however_many_targets_it_judges(
    client, tree, users, document, houses, status, django_assert_max_num_queries
):
    houses_target(tree, document, houses)
    make_value(houses, tree["district_a"], "2025Q3", "8000")
    login(client, users["leader"])
    asked = {"as_of": AFTER_Q3, "status": status}
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("targets:list"), asked)
    for unit in ("district_a", "district_b", "commune_a1", "commune_b1"):
        houses_target(tree, document, houses, unit=tree[unit], value=Decimal(10), breakdown=[])
    with django_assert_max_num_queries(20) as five:
        response = client.get(reverse("targets:list"), asked)
    # The units and values of every target on the list are read at once, then judged in memory:
    # the status filter, which must judge every target, costs no more than a page.
    assert len(five.captured_queries) == len(one.captured_queries)
    assert len(response.context["rows"]) == (5 if not status else 2)


# -- the target page ---------------------------------------------------------------------------------


def test_the_target_page_shows_the_chart_the_breakdown_and_the_values_with_vintages(
    client, tree, users, document, houses
):
    target = houses_target(tree, document, houses)
    first = make_value(houses, tree["district_a"], "2025Q3", "7000", vintage=Vintage.ESTIMATE)
    revise(first, "8000", vintage=Vintage.OFFICIAL)
    make_value(houses, tree["district_b"], "2025Q3", "100", state=ValueState.SUBMITTED)
    response = login(client, users["leader"]).get(
        reverse("targets:target_detail", args=[target.pk]), {"as_of": AFTER_Q3}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and 'class="chart-actual"' in page and 'class="chart-planned"' in page
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert [share.unit for share in response.context["breakdown"]] == [tree["district_a"], tree["district_b"]]
    district_a, district_b = response.context["breakdown"]
    assert district_a.evaluation.actual == Decimal(8000)
    assert district_b.evaluation.status == "not_measurable"
    assert "Official" in page and "Estimate" in page and "superseded" in page and "Submitted" in page
    assert response.context["evaluation"].sentence in page
    assert "How the status is derived" in page


def test_a_district_does_not_see_its_siblings_values_on_a_provincial_target(
    client, tree, users, document, houses
):
    target = houses_target(tree, document, houses)
    make_value(houses, tree["district_a"], "2025Q3", "7000")
    make_value(houses, tree["district_b"], "2025Q3", "4321")
    response = login(client, users["district_a_reporter"]).get(
        reverse("targets:target_detail", args=[target.pk]), {"as_of": AFTER_Q3}
    )
    page = response.content.decode()
    assert [share.unit for share in response.context["breakdown"]] == [tree["district_a"]]
    assert "Hoi An City" in page
    assert "Dai Loc District" not in page and "4,945" not in page and "4,321" not in page
    # The province's own figures stay, as a total, and the page says a share was left out.
    assert "Total of Quang Nam Province" in page and "10,945" in page and "11,321" in page
    assert "The share of 1 other unit is not shown" in page


def test_the_api_gives_a_district_only_its_own_share_of_a_provincial_target(
    client, tree, users, document, houses
):
    target = houses_target(tree, document, houses)
    login(client, users["district_a_reporter"])
    body = client.get(f"/api/targets/targets/{target.pk}").json()
    assert [share["unit"]["code"] for share in body["breakdown"]] == ["503"]


def test_the_target_page_links_a_reporter_of_the_unit_to_the_entry_grid(
    client, tree, users, document, houses
):
    target = houses_target(tree, document, houses, unit=tree["district_a"], value=Decimal(6000), breakdown=[])
    response = login(client, users["district_a_reporter"]).get(
        reverse("targets:target_detail", args=[target.pk]), {"as_of": AFTER_Q3}
    )
    assert response.context["can_enter"]
    assert response.context["entry_url"] == (
        reverse("targets:entry") + f"?unit={tree['district_a'].pk}&period=2025Q3"
    )
    assert not response.context["can_edit"]


def test_the_target_page_makes_a_bounded_number_of_queries(
    client, tree, users, document, houses, django_assert_max_num_queries
):
    target = houses_target(tree, document, houses)
    for period in ("2025Q1", "2025Q2", "2025Q3"):
        make_value(houses, tree["district_a"], period, "1000")
        make_value(houses, tree["district_b"], period, "500")
    login(client, users["leader"])
    with django_assert_max_num_queries(30):
        response = client.get(reverse("targets:target_detail", args=[target.pk]), {"as_of": AFTER_Q3})
    assert response.status_code == 200


# -- creating and editing ----------------------------------------------------------------------------


def target_form_data(tree, houses, **changes):
    data = {
        "unit": tree["province"].pk,
        "indicator": houses.pk,
        "year": "2025",
        "deadline": "2025-12-31",
        "comparator": Comparator.AT_LEAST,
        "value": "10945",
        "tolerance_percent": "10",
        "breakdown_text": "503 = 6000\n506 = 4945",
        "trajectory_text": "2025Q2 = 4000\n2025Q4 = 10945",
    }
    data.update(changes)
    return data


def test_the_office_sets_a_target_from_a_clause_with_its_breakdown_and_curve(
    client, tree, users, document, houses
):
    clause = Clause.objects.create(
        document=document,
        position=1,
        kind="paragraph",
        anchor="p1",
        text="Replace all 10,945 houses by 2025.",
    )
    url = reverse("targets:target_create") + f"?clause={clause.pk}"
    login(client, users["office"])
    assert "Replace all 10,945 houses by 2025." in client.get(url).content.decode()
    response = client.post(url, target_form_data(tree, houses))
    target = Target.objects.get()
    assert response.status_code == 302 and response.url == target.get_absolute_url()
    assert (target.document, target.clause, target.source_text) == (document, clause, clause.text)
    assert {(share.unit.code, share.value) for share in target.breakdown.all()} == {
        ("503", Decimal(6000)),
        ("506", Decimal(4945)),
    }
    assert [(point.period, point.planned_value) for point in target.trajectory.all()] == [
        ("2025Q2", Decimal(4000)),
        ("2025Q4", Decimal(10945)),
    ]


def test_a_breakdown_line_naming_no_unit_below_is_refused_with_its_line_number(
    client, tree, users, document, houses
):
    login(client, users["office"])
    response = client.post(
        reverse("targets:target_create"),
        target_form_data(tree, houses, document=document.pk, breakdown_text="503 = 6000\nXYZ = 10"),
    )
    assert response.status_code == 200
    assert "Line 2: no unit below" in response.content.decode()
    assert not Target.objects.exists()


def test_a_reporter_may_not_set_targets(client, users):
    response = login(client, users["district_a_reporter"]).get(reverse("targets:target_create"))
    assert response.status_code == 403


def test_the_office_changes_a_target_and_a_stale_form_is_refused(client, tree, users, document, houses):
    target = houses_target(tree, document, houses)
    login(client, users["office"])
    url = reverse("targets:target_edit", args=[target.pk])
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"reference_unit", "is_sample"}
    }
    data.update(value="11000", document=document.pk)
    response = client.post(url, data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == Decimal(11000)
    assert target.breakdown.count() == 2
    stale = client.post(url, {**data, "value": "12000"})
    assert stale.status_code == 409
    assert "Someone else saved this" in stale.content.decode()


# -- indicators --------------------------------------------------------------------------------------


def test_everyone_reads_the_indicator_registry_and_an_indicator_with_its_targets(
    client, tree, users, document, houses
):
    houses_target(tree, document, houses)
    login(client, users["district_a_reporter"])
    page = client.get(reverse("targets:indicator_list")).content.decode()
    assert "HOUSES" in page
    assert "Add an indicator" not in page
    detail = client.get(reverse("targets:indicator_detail", args=[houses.pk]))
    assert detail.status_code == 200
    assert "Cumulative (sum of the periods)" in detail.content.decode()


def test_the_office_adds_and_edits_an_indicator(client, users):
    login(client, users["office"])
    response = client.post(
        reverse("targets:indicator_create"),
        {
            "code": "POVERTY",
            "name": "Poverty rate",
            "unit_of_measure": "%",
            "decimals": "2",
            "direction": Direction.LOWER_IS_BETTER,
            "across_units": "average",
            "ratio_scale": "100",
            "over_time": OverTime.LATEST,
            "periodicity": PeriodType.YEARLY,
        },
    )
    indicator = Indicator.objects.get(code="POVERTY")
    assert response.status_code == 302 and response.url == indicator.get_absolute_url()
    url = reverse("targets:indicator_edit", args=[indicator.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["name"] = "Multidimensional poverty rate"
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Multidimensional poverty rate"


def test_a_duplicate_indicator_code_is_shown_at_the_code_field(client, users, houses):
    login(client, users["office"])
    response = client.post(
        reverse("targets:indicator_create"),
        {
            "code": "HOUSES",
            "name": "Again",
            "unit_of_measure": "houses",
            "decimals": "0",
            "direction": Direction.HIGHER_IS_BETTER,
            "across_units": "sum",
            "ratio_scale": "100",
            "over_time": OverTime.CUMULATIVE,
            "periodicity": PeriodType.QUARTERLY,
        },
    )
    assert response.status_code == 200
    assert "Another indicator already has the code HOUSES." in response.context["form"].errors["code"]


# -- navigation and the document page ----------------------------------------------------------------


def test_the_navigation_offers_targets_and_the_document_page_offers_a_target_per_clause(
    client, tree, users, document
):
    Clause.objects.create(
        document=document, position=1, kind="paragraph", anchor="p1", text="Replace all houses."
    )
    login(client, users["office"])
    home = client.get(reverse("targets:list")).content.decode()
    assert f'href="{reverse("targets:list")}"' in home
    page = client.get(document.get_absolute_url()).content.decode()
    assert reverse("targets:target_create") + "?clause=" in page


def test_a_viewer_reads_a_target_but_may_not_change_it(client, tree, users, document, houses):
    target = houses_target(tree, document, houses)
    login(client, users["leader"])
    page = client.get(reverse("targets:target_detail", args=[target.pk])).content.decode()
    assert reverse("targets:target_edit", args=[target.pk]) not in page
    assert client.get(reverse("targets:target_edit", args=[target.pk])).status_code == 403
    assert client.get(reverse("targets:indicator_edit", args=[houses.pk])).status_code == 403


def test_the_list_writes_figures_as_vietnamese_does(client, tree, users, document, houses):
    houses_target(tree, document, houses)
    make_value(houses, tree["district_a"], "2025Q3", "8000")
    client.force_login(users["leader"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    with translation.override("vi"):
        page = client.get(reverse("targets:list"), {"as_of": AFTER_Q3}).content.decode()
    assert "10.945" in page and "8.000" in page


def test_a_unit_that_reports_its_own_figure_shows_it_beside_what_its_units_add_up_to(db):
    from datetime import date
    from decimal import Decimal

    from django.test import Client

    from resolute.conftest import make_unit, make_user
    from resolute.directives.actions import create_document
    from resolute.orgunits.choices import Role
    from resolute.orgunits.models import OrgUnitKind

    from ..actions import indicators as indicator_actions
    from ..actions import targets as target_actions

    province = make_unit("Tỉnh", kind=OrgUnitKind.PROVINCE)
    district = make_unit("Huyện", province, OrgUnitKind.DISTRICT)
    viewer = make_user("viewer-both", (province, Role.VIEWER))
    document = create_document(
        acting_user=None, owner=province, kind="resolution", title="NQ", issued_on=date(2025, 1, 1)
    )
    jobs = indicator_actions.create_indicator(
        acting_user=None,
        code="JOBS_X",
        name="Jobs",
        unit_of_measure="persons",
        direction="higher",
        periodicity="yearly",
    )
    target = target_actions.create_target(
        acting_user=None,
        document=document,
        indicator=jobs,
        unit=province,
        year=2025,
        deadline=date(2025, 12, 31),
        comparator="at_least",
        value=Decimal(1000),
    )
    value_actions.save_values(
        acting_user=None, unit=province, period="2025", entries=[(jobs, Decimal(900), "")]
    )
    value_actions.save_values(
        acting_user=None, unit=district, period="2025", entries=[(jobs, Decimal(850), "")]
    )
    for unit in (province, district):
        value_actions.submit_values(acting_user=None, unit=unit, period="2025")
    from resolute.targets.models import DataValue

    value_actions.approve_values(acting_user=None, values=list(DataValue.objects.all()))
    client = Client()
    client.force_login(viewer)
    html = client.get(target.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Reported by the unit itself" in html and "900" in html
    assert "Combined from the units below" in html and "850" in html


# -- areas -------------------------------------------------------------------------------------------


def test_a_target_set_from_a_clause_takes_the_heading_of_its_section_as_its_area(tree, document, houses):
    heading = Clause.objects.create(
        document=document, position=1, kind="heading", anchor="b", text="B. On socio-economics"
    )
    clause = Clause.objects.create(
        document=document,
        parent=heading,
        position=2,
        kind="paragraph",
        anchor="b-1",
        text="Replace all 10,945 houses by 2025.",
    )
    assert houses_target(tree, document, houses, clause=clause).area == "B. On socio-economics"
    assert houses_target(tree, document, houses, clause=clause, area="Society").area == "Society"


def test_the_list_groups_a_documents_targets_by_area_and_filters_by_one(
    client, tree, users, document, houses
):
    houses_target(tree, document, houses, area="Society")
    district_b = tree["district_b"]
    houses_target(tree, document, houses, unit=district_b, value=Decimal(5), breakdown=[], area="Economy")
    login(client, users["leader"])

    page = client.get(reverse("targets:list")).content.decode()
    assert page.index("<h3>Economy</h3>") < page.index("<h3>Society</h3>")

    response = client.get(reverse("targets:list"), {"area": "Society"})
    assert [row.target.area for row in response.context["rows"]] == ["Society"]
    refused = client.get(reverse("targets:list"), {"area": "Nowhere"})
    assert "Area" in refused.content.decode() and "Select a valid choice" in refused.content.decode()


# -- names in the reader's language ------------------------------------------------------------------


@pytest.fixture
def bilingual_houses():
    return indicator_actions.create_indicator(
        acting_user=None,
        code="HOUSES_VI",
        name="Số nhà tạm, nhà dột nát đã xóa",
        name_en="Temporary and dilapidated houses replaced",
        unit_of_measure="căn nhà",
        unit_of_measure_en="houses",
        direction=Direction.HIGHER_IS_BETTER,
        periodicity=PeriodType.QUARTERLY,
        over_time=OverTime.CUMULATIVE,
    )


def test_an_english_page_shows_the_english_indicator_name_and_unit(
    client, tree, users, document, bilingual_houses
):
    target = houses_target(tree, document, bilingual_houses)
    make_value(bilingual_houses, tree["district_a"], "2025Q3", "8000")
    login(client, users["leader"])
    pages = [
        client.get(reverse("targets:list"), {"as_of": AFTER_Q3}),
        client.get(reverse("targets:target_detail", args=[target.pk]), {"as_of": AFTER_Q3}),
        client.get(reverse("targets:indicator_list")),
    ]
    for response in pages:
        page = response.content.decode()
        assert "Temporary and dilapidated houses replaced" in page
        assert "Số nhà tạm" not in page and "căn nhà" not in page
    detail = pages[1].content.decode()
    assert "at least 10,945 houses" in detail and "8,000 houses" in detail


def test_a_vietnamese_page_shows_the_vietnamese_indicator_name_and_unit(
    client, tree, users, document, bilingual_houses
):
    target = houses_target(tree, document, bilingual_houses)
    client.force_login(users["leader"])
    with translation.override("vi"):
        page = client.get(
            reverse("targets:target_detail", args=[target.pk]), HTTP_ACCEPT_LANGUAGE="vi"
        ).content.decode()
    assert '<html lang="vi"' in page
    assert "Số nhà tạm, nhà dột nát đã xóa" in page and "10.945 căn nhà" in page


def test_an_indicator_without_an_english_name_shows_the_vietnamese_one_marked_on_an_english_page(
    client, tree, users, document
):
    poverty = indicator_actions.create_indicator(
        acting_user=None,
        code="POVERTY_VI",
        name="Tỷ lệ hộ nghèo",
        unit_of_measure="%",
        direction=Direction.LOWER_IS_BETTER,
        periodicity=PeriodType.YEARLY,
    )
    login(client, users["leader"])
    page = client.get(reverse("targets:indicator_list")).content.decode()
    assert '<span lang="vi">Tỷ lệ hộ nghèo</span> <span class="lang-fallback"' in page
    assert "(Vietnamese)</span>" in page
    assert poverty.display_unit_of_measure == "%"  # a symbol needs no marker


# -- the tables as CSV files -------------------------------------------------------------------------


def csv_lines(response) -> list[list[str]]:
    import csv
    import io

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_target_list_downloads_as_csv_with_its_filters_and_every_row(
    client, tree, users, document, houses
):
    houses_target(tree, document, houses)
    houses_target(tree, document, houses, unit=tree["district_b"], value=Decimal(4945), breakdown=[])
    make_value(houses, tree["district_a"], "2025Q3", "8000")
    login(client, users["leader"])
    page = client.get(reverse("targets:list"), {"as_of": AFTER_Q3})
    assert "format=csv" in page.content.decode()
    lines = csv_lines(client.get(reverse("targets:list"), {"as_of": AFTER_Q3, "format": "csv"}))
    assert lines[0] == [
        "Document",
        "Area",
        "Unit",
        "Indicator code",
        "Indicator",
        "Target",
        "Actual",
        "Deadline",
        "Status",
        "Why",
    ]
    province = next(line for line in lines if line[2] == "Quang Nam Province")
    assert province[3:7] == [
        "HOUSES",
        "Temporary and dilapidated houses replaced (Vietnamese)",
        "at least 10,945 houses (Vietnamese)",
        "8000",
    ]
    assert province[8] == "On track"
    kept = csv_lines(
        client.get(reverse("targets:list"), {"as_of": AFTER_Q3, "status": "not_measurable", "format": "csv"})
    )
    assert [line[2] for line in kept[1:]] == ["Dai Loc District"]


def test_a_district_s_target_csv_leaves_out_its_sibling_s_targets(client, tree, users, document, houses):
    houses_target(tree, document, houses, unit=tree["district_b"], value=Decimal(4945), breakdown=[])
    lines = csv_lines(
        login(client, users["district_a_reporter"]).get(reverse("targets:list"), {"format": "csv"})
    )
    assert lines[1:] == []


def test_the_target_list_csv_costs_the_same_queries_however_many_targets(
    client, tree, users, document, houses, django_assert_max_num_queries
):
    houses_target(tree, document, houses)
    login(client, users["leader"])
    asked = {"as_of": AFTER_Q3, "format": "csv"}
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("targets:list"), asked)
    for unit in ("district_a", "district_b", "commune_a1", "commune_b1"):
        houses_target(tree, document, houses, unit=tree[unit], value=Decimal(10), breakdown=[])
    with django_assert_max_num_queries(20) as five:
        response = client.get(reverse("targets:list"), asked)
    assert len(five.captured_queries) == len(one.captured_queries)
    assert len(csv_lines(response)) == 6


def test_the_values_of_a_target_download_as_csv_and_a_district_gets_only_its_own(
    client, tree, users, document, houses
):
    target = houses_target(tree, document, houses)
    first = make_value(houses, tree["district_a"], "2025Q3", "7000", vintage=Vintage.ESTIMATE)
    revise(first, "8000.5", vintage=Vintage.OFFICIAL)
    make_value(houses, tree["district_b"], "2025Q3", "4321", state=ValueState.SUBMITTED)
    url = reverse("targets:target_detail", args=[target.pk])
    assert "format=csv" in login(client, users["leader"]).get(url, {"as_of": AFTER_Q3}).content.decode()
    lines = csv_lines(client.get(url, {"format": "csv"}))
    assert lines[0][:7] == ["Period", "Unit code", "Unit", "Value", "Vintage", "Superseded", "State"]
    assert [line[1:7] for line in lines[1:]] == [
        ["503", "Hoi An City", "8000.5", "Official", "", "Approved"],
        ["503", "Hoi An City", "7000", "Estimate", "yes", "Approved"],
        ["506", "Dai Loc District", "4321", "Estimate", "", "Submitted"],
    ]
    district = csv_lines(login(client, users["district_a_reporter"]).get(url, {"format": "csv"}))
    assert [line[1] for line in district[1:]] == ["503", "503"]
    client.force_login(users["district_b_reporter"])
    outside = houses_target(tree, document, houses, unit=tree["district_a"], value=Decimal(1), breakdown=[])
    assert (
        client.get(reverse("targets:target_detail", args=[outside.pk]), {"format": "csv"}).status_code == 404
    )


def test_the_targets_of_an_indicator_download_as_csv_within_the_reader_s_scope(
    client, tree, users, document, houses
):
    houses_target(tree, document, houses, unit=tree["district_a"], value=Decimal(6000), breakdown=[])
    houses_target(tree, document, houses, unit=tree["district_b"], value=Decimal(4945), breakdown=[])
    url = reverse("targets:indicator_detail", args=[houses.pk])
    login(client, users["district_a_reporter"])
    assert "format=csv" in client.get(url).content.decode()
    lines = csv_lines(client.get(url, {"format": "csv"}))
    assert [(line[2], line[3]) for line in lines[1:]] == [("Hoi An City", "HOUSES")]
