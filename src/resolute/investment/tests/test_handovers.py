"""A reorganisation hands a closing unit's public investment to its successor: the projects it carries
out and those located in it (each with a hand-over row, so a view of an earlier day still counts the
project where it stood), the plans it issued that may still be disbursed, the projects they fund, and
the desks that keep their books. Completed projects and lapsed plans stay as its record.

The reorganisation of 1 July 2025: Phường Minh An and Thị trấn Ái Nghĩa merge into the new Phường Hội
An, and Thành phố Hội An merges into Huyện Đại Lộc."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from resolute.conftest import make_unit
from resolute.core.changelog import history_of
from resolute.core.contributions import Handover
from resolute.investment import actions, handovers
from resolute.investment.choices import ProjectStatus
from resolute.investment.models import (
    CapitalPlan,
    DisbursementReport,
    InvestmentDesk,
    InvestmentProject,
    PlanDecision,
    ProjectHandover,
)
from resolute.investment.selectors import disbursement_by, in_area
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.models import OrgUnit, OrgUnitKind, Reorganisation
from resolute.orgunits.models import ReorganisationStepKind as Kind
from resolute.orgunits.reorganisation import plan_reorganisation

from .conftest import CENTRAL, LOCAL, billions
from .figures import report

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2025, 7, 1)
LAST_DAY = date(2025, 6, 30)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=HANOI)


@pytest.fixture
def reported(investment, time_machine):
    """Reports on the 2024 plan to its end; the school is completed."""
    time_machine.move_to(at(date(2025, 1, 15)), tick=False)
    report(investment, "road", date(2024, 12, 31), {CENTRAL: billions(90), LOCAL: billions(20)})
    report(investment, "dyke", date(2024, 12, 31), {CENTRAL: billions(20)})
    report(investment, "school", date(2024, 12, 31), {LOCAL: billions(10)})
    actions.update_project(
        acting_user=None,
        project=investment["school"],
        version=investment["school"].version,
        status=ProjectStatus.COMPLETED,
    )
    return investment


def draft_of(investment, users):
    """Both communes merge into a new ward; Hội An City merges into Đại Lộc."""
    draft = unit_actions.create_reorganisation(
        acting_user=users["admin"],
        area=investment["province"],
        title="Sắp xếp đơn vị hành chính",
        legal_basis="Nghị quyết 1659/NQ-UBTVQH15",
        effective_on=DAY,
    )
    ward = unit_actions.plan_unit(
        acting_user=users["admin"],
        reorganisation=draft,
        name="Phường Hội An",
        kind=OrgUnitKind.COMMUNE,
        code="20333",
        parent=investment["province"],
    )
    unit_actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.MERGE,
        sources=[investment["commune_a1"], investment["commune_b1"]],
        successors=[ward],
    )
    unit_actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.MERGE,
        sources=[investment["district_a"]],
        successors=[investment["district_b"]],
    )
    return draft


def test_the_preview_lists_the_projects_each_closing_unit_carries_out_or_hosts(reported, users, time_machine):
    time_machine.move_to(at(date(2025, 6, 1)), tick=False)
    plan = plan_reorganisation(draft_of(reported, users))
    groups = {group.work.key: group for group in plan.work}
    hosted = groups["investment.locality"]
    assert {handover.item.title.split(" · ")[0] for handover in hosted.handovers} == {"DT-01", "DL-03"}
    assert all(handover.successor.planned.name == "Phường Hội An" for handover in hosted.handovers)
    # Hội An City's only project is completed: it stays in its record, nothing to carry.
    assert groups["investment.investor"].handovers == []
    assert groups["investment.investor"].kept == 1


def test_applying_hands_the_projects_over_and_a_past_day_still_counts_them_where_they_stood(
    reported, users, time_machine
):
    time_machine.move_to(at(date(2025, 6, 1)), tick=False)
    draft = draft_of(reported, users)
    time_machine.move_to(at(date(2025, 8, 1)), tick=False)
    unit_actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)
    ward = OrgUnit.objects.get(code="20333")
    road, dyke, school = (
        InvestmentProject.objects.get(pk=reported[key].pk) for key in ("road", "dyke", "school")
    )
    assert road.locality == ward and dyke.locality == ward
    assert school.locality == reported["commune_a1"]  # completed: it stays where it was
    rows = ProjectHandover.objects.filter(reorganisation=draft).order_by("project__code")
    assert [
        (row.project.code, row.role, row.from_unit.name, row.to_unit.name, row.effective_on) for row in rows
    ] == [
        ("DL-03", "locality", "Thị trấn Ái Nghĩa", "Phường Hội An", DAY),
        ("DT-01", "locality", "Phường Minh An", "Phường Hội An", DAY),
    ]
    [entry] = [entry for entry in history_of(road) if "Sắp xếp đơn vị hành chính" in entry.note]
    assert entry.changes["locality"]["old"].startswith("Phường Minh An")
    assert entry.changes["locality"]["new"].startswith("Phường Hội An")
    # 2024 is read with the units of 2024; the ward carries their past.
    desk = reported["people"]["desk"]
    localities = {
        row.key: row.money.disbursed
        for row in disbursement_by(desk, plan=reported["plan"], as_of=date(2024, 12, 31), by="locality")
    }
    assert localities == {reported["commune_a1"].pk: billions(120), reported["commune_b1"].pk: billions(20)}
    assert set(in_area(InvestmentProject.objects.all(), ward, date(2024, 12, 31))) >= {road, dyke}


def test_an_investor_that_closes_hands_its_open_projects_over(reported, users, time_machine):
    time_machine.move_to(at(date(2025, 6, 1)), tick=False)
    actions.update_project(
        acting_user=None,
        project=InvestmentProject.objects.get(pk=reported["school"].pk),
        version=InvestmentProject.objects.get(pk=reported["school"].pk).version,
        status=ProjectStatus.IN_PROGRESS,
    )
    draft = draft_of(reported, users)
    time_machine.move_to(at(date(2025, 8, 1)), tick=False)
    unit_actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)
    school = InvestmentProject.objects.get(pk=reported["school"].pk)
    assert school.investor == reported["district_b"]
    assert ProjectHandover.objects.filter(
        project=school, role="investor", from_unit=reported["district_a"]
    ).exists()
    # A report of 2024 keeps the investor that sent it.
    assert DisbursementReport.objects.get(project=school).investor == reported["district_a"]
    draft.refresh_from_db()
    assert draft.outcome["investment.investor"] == 1


def second_province(investment, year=2024):
    """Đà Nẵng, with its desk and its own plan of `year`."""
    city = make_unit("Thành phố Đà Nẵng", kind=OrgUnitKind.PROVINCE, code="48")
    finance = make_unit("Sở Tài chính Đà Nẵng", city, OrgUnitKind.DEPARTMENT)
    actions.set_desk(acting_user=None, unit=finance, jurisdiction=city)
    bridge = actions.register_project(
        acting_user=None,
        code="DN-01",
        name="Cầu Rồng 2",
        group="B",
        jurisdiction=city,
        investor=finance,
        locality=city,
        sector="transport",
        start_year=2023,
        end_year=2026,
        funding={CENTRAL: billions(100)},
    )
    plan = actions.create_plan(
        acting_user=None,
        issuer=city,
        year=year,
        title=f"Kế hoạch đầu tư công năm {year} của thành phố Đà Nẵng",
        number="10/QĐ-UBND",
        decided_on=date(year - 1, 12, 10),
        entries=[(bridge, CENTRAL, billions(40))],
    )
    return {"city": city, "finance": finance, "bridge": bridge, "plan": plan}


def carried(items, successor):
    return [Handover(item=item, successor=successor) for item in items]


def test_a_plan_passes_to_the_successor_or_merges_into_its_plan_of_the_same_year(reported, time_machine):
    time_machine.move_to(at(date(2025, 8, 1)), tick=False)
    danang = second_province(reported)
    province = reported["province"]
    old_2023 = actions.create_plan(
        acting_user=None,
        issuer=province,
        year=2023,
        title="Kế hoạch đầu tư công năm 2023",
        number="2900/QĐ-UBND",
        decided_on=date(2022, 12, 15),
        entries=[(reported["road"], CENTRAL, billions(10))],
    )
    plan_2025 = actions.create_plan(
        acting_user=None,
        issuer=province,
        year=2025,
        title="Kế hoạch đầu tư công năm 2025",
        number="3100/QĐ-UBND",
        decided_on=date(2024, 12, 15),
        entries=[(reported["road"], CENTRAL, billions(20))],
    )
    held = handovers.held_plans([province], LAST_DAY)
    # The 2023 plan lapsed for good on 31/12/2024: it stays in Quảng Nam's record.
    assert [item.title for item in held] == ["Kế hoạch đầu tư công năm 2024", "Kế hoạch đầu tư công năm 2025"]
    assert handovers.lapsed_plans([province], LAST_DAY) == 1
    reorganisation = Reorganisation.objects.create(
        title="Sắp xếp đơn vị hành chính cấp tỉnh",
        legal_basis="Nghị quyết 202/2025/QH15",
        effective_on=DAY,
        area=danang["city"],
    )
    moved = actions.carry_plans(
        acting_user=None, handovers=carried(held, danang["city"]), reorganisation=reorganisation
    )
    assert moved == 2
    # 2025: Đà Nẵng had none, so Quảng Nam's plan is now Đà Nẵng's.
    assert CapitalPlan.objects.get(pk=plan_2025.pk).issuer == danang["city"]
    # 2024: the two ledgers become one; Quảng Nam's decisions and reports now read under Đà Nẵng's plan.
    assert not CapitalPlan.objects.filter(pk=reported["plan"].pk).exists()
    merged = danang["plan"]
    assert set(PlanDecision.objects.filter(plan=merged).values_list("number", flat=True)) == {
        "10/QĐ-UBND",
        "3012/QĐ-UBND",
    }
    assert DisbursementReport.objects.filter(plan=merged).count() == 3
    assert "Kế hoạch đầu tư công năm 2024" in str(history_of(merged)[0].changes)
    assert CapitalPlan.objects.get(pk=old_2023.pk).issuer == province


def test_the_projects_a_plan_funds_and_the_desk_pass_to_the_successor(reported, time_machine):
    time_machine.move_to(at(date(2025, 8, 1)), tick=False)
    danang = second_province(reported, year=2025)
    province = reported["province"]
    reorganisation = Reorganisation.objects.create(
        title="Sắp xếp đơn vị hành chính cấp tỉnh",
        legal_basis="Nghị quyết 202/2025/QH15",
        effective_on=DAY,
        area=danang["city"],
    )
    funded = handovers.held_as_jurisdiction([province], LAST_DAY)
    # The books pass whole: the completed school too, so the successor's desk reads the plans it inherits.
    assert {item.title.split(" · ")[0] for item in funded} == {"DT-01", "DL-03", "HA-02"}
    actions.carry_projects(
        acting_user=None,
        handovers=carried(funded, danang["city"]),
        reorganisation=reorganisation,
        role="jurisdiction",
    )
    assert InvestmentProject.objects.get(pk=reported["road"].pk).jurisdiction == danang["city"]
    assert InvestmentProject.objects.get(pk=reported["school"].pk).jurisdiction == danang["city"]
    assert not ProjectHandover.objects.filter(reorganisation=reorganisation).exists()
    # Quảng Nam's books pass to Đà Nẵng, and its department to Đà Nẵng's, which keeps them already:
    # the old desk ends there.
    desks = handovers.held_desks([province, reported["finance"]], LAST_DAY)
    assert sorted(item.role for item in desks) == ["keeps the books", "whose books they are"]
    successors = {province.pk: danang["city"], reported["finance"].pk: danang["finance"]}
    changed = actions.carry_desks(
        acting_user=None,
        handovers=[Handover(item=item, successor=successors[item.unit.pk]) for item in desks],
        reorganisation=reorganisation,
    )
    assert changed == 2
    assert list(InvestmentDesk.objects.values_list("unit__name", "jurisdiction__name")) == [
        ("Sở Tài chính Đà Nẵng", "Thành phố Đà Nẵng")
    ]


def test_a_desk_whose_jurisdiction_closes_is_kept_by_its_department_for_the_successor(reported, time_machine):
    time_machine.move_to(at(date(2025, 8, 1)), tick=False)
    danang = second_province(reported, year=2025)
    reorganisation = Reorganisation.objects.create(
        title="Sắp xếp", legal_basis="", effective_on=DAY, area=danang["city"]
    )
    desks = handovers.held_desks([reported["province"]], LAST_DAY)
    actions.carry_desks(
        acting_user=None, handovers=carried(desks, danang["city"]), reorganisation=reorganisation
    )
    assert set(
        InvestmentDesk.objects.filter(jurisdiction=danang["city"]).values_list("unit__name", flat=True)
    ) == {
        "Sở Tài chính Đà Nẵng",
        "Sở Tài chính",
    }
