"""Who sees which projects, plans, reports and extensions, and that the figures of what one does not see
are never in the totals one sees: an investor sees its projects, a locality those in its area, the
province's office and its public-investment desk all of them.

Road DT-01 (Department of Construction, in Minh An ward of Hội An), school HA-02 (Hội An City, in Minh
An), dyke DL-03 (Department of Construction, in Ái Nghĩa of Đại Lộc); see conftest."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from resolute.conftest import make_unit, make_user
from resolute.investment import actions
from resolute.investment.actions.handovers import hand_over_project
from resolute.investment.choices import ExtensionReason, ObstacleCategory
from resolute.investment.models import InvestmentProject
from resolute.investment.selectors import (
    Money,
    disbursement_by,
    get_visible_extension,
    get_visible_plan,
    get_visible_project,
    get_visible_report,
    in_area,
    obstacle_summary,
    plan_for,
    plan_years,
    project_figures,
    province_total,
    reports_of,
    slow_projects,
    units_on,
)
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind

from .conftest import CENTRAL, FOREIGN, LOCAL, billions
from .figures import report

JUNE_END = date(2024, 6, 30)


@pytest.fixture(autouse=True)
def english_in_december_2025(time_machine):
    time_machine.move_to(datetime(2025, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    with translation.override("en"):
        yield


@pytest.fixture
def june(investment):
    """Reports to 30 June: the road 55 bn, the school 9 bn, the dyke 3 bn (held back by site clearance)."""
    reports = {
        "road": report(investment, "road", JUNE_END, {CENTRAL: billions(50), LOCAL: billions(5)}),
        "school": report(investment, "school", JUNE_END, {LOCAL: billions(9)}),
        "dyke": report(
            investment,
            "dyke",
            JUNE_END,
            {CENTRAL: billions(3)},
            obstacles=[
                {
                    "category": ObstacleCategory.SITE_CLEARANCE,
                    "description": "",
                    "responsible_unit": investment["commune_b1"],
                }
            ],
        ),
    }
    return {**investment, "reports": reports}


def codes_seen_by(investment, person):
    user = investment["people"][person]
    return sorted(
        figures.project.code
        for figures in project_figures(user, plan=investment["plan"], as_of=JUNE_END).values()
    )


def test_an_investor_sees_only_the_projects_it_invests_in(june):
    assert codes_seen_by(june, "builder") == ["DL-03", "DT-01"]


def test_a_locality_sees_the_projects_in_its_area_and_those_it_invests_in(june):
    assert codes_seen_by(june, "hoian") == ["DT-01", "HA-02"]
    assert codes_seen_by(june, "dailoc") == ["DL-03"]


@pytest.mark.parametrize("person", ["desk", "desk_viewer", "office", "leader"])
def test_the_desk_and_the_province_office_see_every_project(june, person):
    assert codes_seen_by(june, person) == ["DL-03", "DT-01", "HA-02"]


@pytest.mark.parametrize(
    ("person", "plan", "disbursed"),
    [
        ("builder", 190, 58),  # road and dyke
        ("hoian", 130, 64),  # road and school
        ("dailoc", 70, 3),  # dyke
        ("desk", 200, 67),
        ("office", 200, 67),
    ],
)
def test_the_total_one_sees_counts_only_the_projects_one_sees(june, person, plan, disbursed):
    total = province_total(june["people"][person], plan=june["plan"], as_of=JUNE_END)
    assert total == Money(plan=billions(plan), disbursed=billions(disbursed))


def test_a_breakdown_leaves_out_the_sources_and_units_of_projects_one_does_not_see(june):
    dailoc = june["people"]["dailoc"]
    by_source = disbursement_by(dailoc, plan=june["plan"], as_of=JUNE_END, by="source")
    assert {row.key: row.money for row in by_source} == {
        CENTRAL: Money(plan=billions(30), disbursed=billions(3)),
        FOREIGN: Money(plan=billions(40), disbursed=0),
    }
    by_investor = disbursement_by(june["people"]["hoian"], plan=june["plan"], as_of=JUNE_END, by="investor")
    assert {row.key: (row.money, row.count) for row in by_investor} == {
        june["construction"].pk: (
            Money(plan=billions(120), disbursed=billions(55)),
            1,
        ),  # the road, not the dyke
        june["district_a"].pk: (Money(plan=billions(10), disbursed=billions(9)), 1),
    }


def test_slow_projects_and_obstacles_outside_ones_scope_are_not_listed(june):
    hoian, plan = june["people"]["hoian"], june["plan"]
    assert [f.project.code for f in slow_projects(june["people"]["desk"], plan=plan, as_of=JUNE_END)] == [
        "DL-03"
    ]
    assert slow_projects(hoian, plan=plan, as_of=JUNE_END) == []
    assert obstacle_summary(hoian, plan=plan, as_of=JUNE_END) == []
    assert len(obstacle_summary(june["people"]["dailoc"], plan=plan, as_of=JUNE_END)) == 1


def test_asking_for_a_project_one_does_not_see_by_its_id_counts_nothing(june):
    road_only = InvestmentProject.objects.filter(pk=june["road"].pk)
    figures = project_figures(june["people"]["dailoc"], plan=june["plan"], as_of=JUNE_END, projects=road_only)
    assert figures == {}


def test_the_area_of_a_unit_narrows_the_total_to_its_projects(june):
    desk, plan = june["people"]["desk"], june["plan"]
    assert province_total(desk, plan=plan, as_of=JUNE_END, unit=june["district_a"]) == Money(
        plan=billions(130), disbursed=billions(64)
    )
    assert province_total(desk, plan=plan, as_of=JUNE_END, unit=june["district_b"]) == Money(
        plan=billions(70), disbursed=billions(3)
    )
    # Hội An's officer asking for Đại Lộc's area sees nothing of it.
    assert (
        province_total(june["people"]["hoian"], plan=plan, as_of=JUNE_END, unit=june["district_b"]) == Money()
    )


# -- one by one: 404 outside the scope ---------------------------------------------------------------


def test_a_project_report_or_extension_outside_ones_scope_is_not_found(june):
    dailoc = june["people"]["dailoc"]
    extension = actions.propose_extension(
        acting_user=june["people"]["desk"],
        plan=june["plan"],
        project=june["road"],
        amount=billions(10),
        reason=ExtensionReason.SITE_CLEARANCE,
    )
    with pytest.raises(Http404):
        get_visible_project(dailoc, june["road"].pk)
    with pytest.raises(Http404):
        get_visible_report(dailoc, june["reports"]["road"].pk)
    with pytest.raises(Http404):
        get_visible_extension(dailoc, extension.pk)
    assert get_visible_project(dailoc, june["dyke"].pk) == june["dyke"]
    assert get_visible_report(dailoc, june["reports"]["dyke"].pk).obstacles.get().category == "site_clearance"
    assert get_visible_extension(june["people"]["hoian"], extension.pk) == extension


def test_a_project_that_does_not_exist_is_not_found_either(june):
    with pytest.raises(Http404):
        get_visible_project(june["people"]["desk"], 999_999)


def test_the_provinces_plan_is_read_by_every_unit_of_the_province_and_by_no_other(june):
    other_province = make_unit("Tỉnh Quảng Ngãi", kind=OrgUnitKind.PROVINCE, code="51")
    stranger = make_user("quang_ngai", (other_province, Role.OFFICE))
    plan = june["plan"]
    for person in ("dailoc", "builder", "desk"):
        assert get_visible_plan(june["people"][person], plan.pk) == plan
        assert plan_for(june["people"][person], 2024) == plan
        assert plan_years(june["people"][person]) == [2024]
    with pytest.raises(Http404):
        get_visible_plan(stranger, plan.pk)
    assert plan_for(stranger, 2024) is None
    assert plan_years(stranger) == []


def test_a_district_with_a_plan_of_its_own_works_on_it_first(june):
    district_plan = actions.create_plan(
        acting_user=None,
        issuer=june["district_b"],
        year=2024,
        title="Kế hoạch đầu tư công năm 2024 của huyện Đại Lộc",
        number="88/QĐ-UBND",
        decided_on=date(2023, 12, 20),
        entries=[],
    )
    assert plan_for(june["people"]["dailoc"], 2024) == district_plan
    assert plan_for(june["people"]["dailoc"], 2024, jurisdiction=june["province"]) == june["plan"]
    assert plan_for(june["people"]["desk"], 2024) == june["plan"]  # the books it keeps
    assert plan_for(june["people"]["hoian"], 2024) == june["plan"]  # Đại Lộc's plan is not Hội An's


def test_a_projects_reports_come_newest_first_with_their_figures(june):
    report(june, "road", date(2024, 7, 31), {CENTRAL: billions(60), LOCAL: billions(5)})
    reports = reports_of(june["road"], june["plan"])
    assert [r.reported_on for r in reports] == [date(2024, 7, 31), JUNE_END]
    assert {f.source: f.disbursed for f in reports[0].figures.all()} == {
        CENTRAL: billions(60),
        LOCAL: billions(5),
    }


# -- the units of a day --------------------------------------------------------------------------------

HANDED_OVER = date(2025, 7, 1)


@pytest.fixture
def ward(june):
    """On 1 July 2025 Hội An City closes: the new Hội An ward takes over the school as its investor and
    as its locality."""
    ward = make_unit("Phường Hội An", june["province"], OrgUnitKind.COMMUNE, code="20333")
    for role, unit in (("investor", ward), ("locality", ward)):
        hand_over_project(
            acting_user=june["people"]["desk"],
            project=june["school"],
            role=role,
            to_unit=unit,
            effective_on=HANDED_OVER,
        )
    return {**june, "ward": ward}


def units_of(project, day):
    annotated = units_on(InvestmentProject.objects.filter(pk=project.pk), day).get()
    return annotated.investor_on_id, annotated.locality_on_id


def test_a_handed_over_project_belongs_to_the_units_that_held_it_on_a_day_before(ward):
    school = ward["school"]
    assert units_of(school, JUNE_END) == (ward["district_a"].pk, ward["commune_a1"].pk)
    assert units_of(school, date(2025, 6, 30)) == (ward["district_a"].pk, ward["commune_a1"].pk)
    assert units_of(school, HANDED_OVER) == (ward["ward"].pk, ward["ward"].pk)
    assert (InvestmentProject.objects.get(pk=school.pk).investor, school.handovers.count()) == (
        ward["ward"],
        2,
    )


def test_each_day_reads_the_unit_of_its_own_hand_over(ward):
    commune = make_unit("Phường Hội An Tây", ward["province"], OrgUnitKind.COMMUNE)
    hand_over_project(
        acting_user=None,
        project=ward["school"],
        role="investor",
        to_unit=commune,
        effective_on=date(2026, 1, 1),
    )
    assert [
        units_of(ward["school"], day)[0]
        for day in (JUNE_END, HANDED_OVER, date(2025, 12, 31), date(2026, 1, 1))
    ] == [ward["district_a"].pk, ward["ward"].pk, ward["ward"].pk, commune.pk]


def test_a_view_of_2024_counts_the_school_with_hoi_an_city_and_in_its_area(ward):
    desk, plan = ward["people"]["desk"], ward["plan"]
    league = {row.key: row.money for row in disbursement_by(desk, plan=plan, as_of=JUNE_END, by="investor")}
    assert league[ward["district_a"].pk] == Money(plan=billions(10), disbursed=billions(9))
    assert ward["ward"].pk not in league
    assert province_total(desk, plan=plan, as_of=JUNE_END, unit=ward["district_a"]) == Money(
        plan=billions(130), disbursed=billions(64)
    )
    assert province_total(desk, plan=plan, as_of=JUNE_END, unit=ward["ward"]) == Money()


def test_in_the_area_of_a_unit_means_in_it_on_the_day_asked_for(ward):
    projects = InvestmentProject.objects.all()

    def codes(unit, day):
        return sorted(in_area(projects, unit, day).values_list("code", flat=True))

    assert codes(ward["district_a"], JUNE_END) == ["DT-01", "HA-02"]
    assert codes(ward["ward"], JUNE_END) == []
    assert codes(ward["district_a"], HANDED_OVER) == ["DT-01"]
    assert codes(ward["ward"], HANDED_OVER) == ["HA-02"]
    assert codes(ward["province"], HANDED_OVER) == ["DL-03", "DT-01", "HA-02"]


def test_a_hand_over_to_the_unit_holding_the_project_or_before_the_last_one_is_refused(ward):
    with pytest.raises(ValidationError) as same_unit:
        hand_over_project(
            acting_user=None,
            project=ward["school"],
            role="investor",
            to_unit=ward["ward"],
            effective_on=date(2026, 1, 1),
        )
    assert "already holds this project" in same_unit.value.message_dict["to_unit"][0]
    with pytest.raises(ValidationError) as earlier:
        hand_over_project(
            acting_user=None,
            project=ward["school"],
            role="investor",
            to_unit=ward["district_b"],
            effective_on=date(2025, 1, 1),
        )
    assert "last handed over on 01/07/2025" in earlier.value.message_dict["effective_on"][0]


def test_only_the_books_keepers_hand_a_project_over(ward):
    with pytest.raises(PermissionDenied):
        hand_over_project(
            acting_user=ward["people"]["builder"],
            project=ward["road"],
            role="investor",
            to_unit=ward["ward"],
            effective_on=HANDED_OVER,
        )
