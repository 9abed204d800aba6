"""The rules the investment actions enforce, whatever page, import or endpoint calls them."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from resolute.core.models import ChangeLogEntry
from resolute.investment import actions
from resolute.investment.choices import ExtensionReason, ExtensionStatus, ObstacleCategory, PlanChangeKind
from resolute.investment.models import PlanEntry

from .conftest import CENTRAL, FOREIGN, LOCAL, billions


@pytest.fixture(autouse=True)
def english_in_2025(time_machine):
    time_machine.move_to(datetime(2025, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    with translation.override("en"):
        yield


def report(investment, project, day, figures, **extra):
    return actions.submit_disbursement(
        acting_user=investment["people"]["desk"],
        project=investment[project],
        plan=investment["plan"],
        reported_on=day,
        figures=figures,
        **extra,
    )


def plan_total(project, plan, *, kind=None):
    entries = PlanEntry.objects.filter(project=project, decision__plan=plan)
    if kind:
        entries = entries.filter(decision__kind=kind)
    return sum((entry.amount for entry in entries), Decimal(0))


def test_a_transfer_moves_capital_and_keeps_both_projects_original_plan(investment):
    plan, road, dyke = investment["plan"], investment["road"], investment["dyke"]
    actions.transfer_capital(
        acting_user=investment["people"]["desk"],
        plan=plan,
        number="1500/QĐ-UBND",
        decided_on=date(2024, 8, 1),
        from_project=dyke,
        to_project=road,
        source=CENTRAL,
        amount=billions(10),
    )
    assert plan_total(road, plan) == billions(130)
    assert plan_total(dyke, plan) == billions(60)
    assert plan_total(road, plan, kind=PlanChangeKind.ORIGINAL) == billions(120)
    assert plan_total(dyke, plan, kind=PlanChangeKind.ORIGINAL) == billions(70)
    assert ChangeLogEntry.objects.filter(object_repr=str(plan), note__contains="1500/QĐ-UBND").exists()


def test_an_adjustment_cannot_take_away_capital_already_disbursed(investment):
    report(investment, "road", date(2024, 5, 31), {CENTRAL: billions(60)})
    with pytest.raises(ValidationError) as refused:
        actions.adjust_plan(
            acting_user=investment["people"]["desk"],
            plan=investment["plan"],
            number="900/QĐ-UBND",
            decided_on=date(2024, 6, 10),
            changes=[(investment["road"], CENTRAL, -billions(50))],
        )
    assert "60,000,000,000 VND was already disbursed" in refused.value.message_dict["changes"][0]
    assert plan_total(investment["road"], investment["plan"]) == billions(120)


def test_an_adjustment_cannot_leave_a_negative_plan(investment):
    with pytest.raises(ValidationError) as refused:
        actions.adjust_plan(
            acting_user=investment["people"]["desk"],
            plan=investment["plan"],
            number="901/QĐ-UBND",
            decided_on=date(2024, 6, 10),
            changes=[(investment["school"], LOCAL, -billions(11))],
        )
    assert "negative" in refused.value.message_dict["changes"][0]


def test_amounts_are_whole_vnd_and_never_negative(investment):
    with pytest.raises(ValidationError) as refused:
        report(investment, "road", date(2024, 5, 31), {CENTRAL: Decimal("10.5"), LOCAL: Decimal(-1)})
    messages = " ".join(refused.value.message_dict["figures"])
    assert "central budget" in messages and "whole number of VND" in messages
    assert "local budget: an amount cannot be negative." in messages


def test_a_figure_above_the_plan_needs_an_explanation(investment):
    with pytest.raises(ValidationError) as refused:
        report(investment, "school", date(2024, 11, 30), {LOCAL: billions(12)})
    assert refused.value.message_dict["over_plan_explanation"][0] == (
        "local budget: 12,000,000,000 VND disbursed is more than the plan of 10,000,000,000 VND."
    )
    explained = report(
        investment,
        "school",
        date(2024, 11, 30),
        {LOCAL: billions(12)},
        over_plan_explanation="Advance recovered from the 2023 plan.",
    )
    assert explained.over_plan_explanation == "Advance recovered from the 2023 plan."


def test_a_cumulative_figure_cannot_fall_below_an_earlier_report(investment):
    report(investment, "road", date(2024, 5, 31), {CENTRAL: billions(40)})
    with pytest.raises(ValidationError) as refused:
        report(investment, "road", date(2024, 6, 30), {CENTRAL: billions(30)})
    assert "reported as of 31/05/2024" in refused.value.message_dict["figures"][0]
    # A correction of the same day is a new report, and may be lower.
    assert report(investment, "road", date(2024, 5, 31), {CENTRAL: billions(35)}).pk


def test_a_report_after_the_plan_lapsed_is_refused_naming_the_rule(investment):
    report(investment, "road", date(2025, 1, 31), {CENTRAL: billions(90)})
    with pytest.raises(ValidationError) as refused:
        report(investment, "road", date(2025, 2, 1), {CENTRAL: billions(95)})
    assert refused.value.message_dict["reported_on"] == [
        "The 2024 capital plan lapsed on 31/01/2025 (Public Investment Law 2024, Art. 72) "
        "and no extension of this project was approved."
    ]


def test_an_approved_extension_lets_the_project_report_until_its_day(investment):
    desk, plan, road = investment["people"]["desk"], investment["plan"], investment["road"]
    extension = actions.propose_extension(
        acting_user=desk, plan=plan, project=road, amount=billions(30), reason=ExtensionReason.SITE_CLEARANCE
    )
    actions.decide_extension(
        acting_user=desk,
        extension=extension,
        approved=True,
        approved_amount=billions(25),
        extended_until=date(2025, 6, 30),
        decision_number="12/NQ-HĐND",
        decided_on=date(2025, 1, 20),
        decided_by="HĐND tỉnh",
    )
    assert report(investment, "road", date(2025, 6, 30), {CENTRAL: billions(100)}).pk
    with pytest.raises(ValidationError) as refused:
        report(investment, "road", date(2025, 7, 1), {CENTRAL: billions(100)})
    assert "could be disbursed until 30/06/2025" in refused.value.message_dict["reported_on"][0]


def test_capital_added_after_30_september_runs_to_the_end_of_the_next_year(investment):
    actions.adjust_plan(
        acting_user=investment["people"]["desk"],
        plan=investment["plan"],
        number="2500/QĐ-UBND",
        decided_on=date(2024, 10, 15),
        changes=[(investment["dyke"], CENTRAL, billions(5))],
    )
    assert actions.carried_until(investment["dyke"], investment["plan"]) == date(2025, 12, 31)
    assert report(investment, "dyke", date(2025, 11, 30), {CENTRAL: billions(34)}).pk
    assert actions.carried_until(investment["road"], investment["plan"]) is None


def test_an_extension_is_decided_once_within_the_law(investment):
    desk, plan = investment["people"]["desk"], investment["plan"]
    extension = actions.propose_extension(
        acting_user=desk,
        plan=plan,
        project=investment["dyke"],
        amount=billions(10),
        reason=ExtensionReason.DISASTER,
    )
    with pytest.raises(ValidationError) as refused:
        actions.decide_extension(
            acting_user=desk,
            extension=extension,
            approved=True,
            approved_amount=billions(11),
            extended_until=date(2026, 1, 31),
            decision_number="5/NQ-HĐND",
            decided_on=date(2025, 1, 20),
            decided_by="HĐND tỉnh",
        )
    assert set(refused.value.message_dict) == {"approved_amount", "extended_until"}
    actions.decide_extension(
        acting_user=desk,
        extension=extension,
        approved=False,
        decision_number="5/NQ-HĐND",
        decided_on=date(2025, 1, 20),
        decided_by="HĐND tỉnh",
    )
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.REFUSED and extension.approved_amount is None
    with pytest.raises(ValidationError):
        actions.decide_extension(
            acting_user=desk,
            extension=extension,
            approved=True,
            decision_number="6/NQ-HĐND",
            decided_on=date(2025, 1, 25),
            decided_by="HĐND tỉnh",
        )


def test_an_investor_reports_its_own_projects_only(investment):
    people = investment["people"]
    builder_report = actions.submit_disbursement(
        acting_user=people["builder"],
        project=investment["road"],
        plan=investment["plan"],
        reported_on=date(2024, 3, 31),
        figures={CENTRAL: billions(10)},
        obstacles=[
            {
                "category": ObstacleCategory.SITE_CLEARANCE,
                "description": "12 households not yet compensated",
                "responsible_unit": investment["district_a"],
            }
        ],
    )
    assert builder_report.investor == investment["construction"]
    assert builder_report.obstacles.get().responsible_unit == investment["district_a"]
    with pytest.raises(PermissionDenied):
        actions.submit_disbursement(
            acting_user=people["hoian"],
            project=investment["road"],
            plan=investment["plan"],
            reported_on=date(2024, 3, 31),
            figures={CENTRAL: billions(10)},
        )


def test_only_the_desk_or_the_office_keeps_the_books(investment):
    people = investment["people"]
    for outsider in (people["builder"], people["desk_viewer"], people["leader"]):
        with pytest.raises(PermissionDenied):
            actions.adjust_plan(
                acting_user=outsider,
                plan=investment["plan"],
                number="1/QĐ",
                decided_on=date(2024, 3, 1),
                changes=[(investment["road"], CENTRAL, billions(1))],
            )
    assert actions.adjust_plan(
        acting_user=people["office"],
        plan=investment["plan"],
        number="1/QĐ",
        decided_on=date(2024, 3, 1),
        changes=[(investment["road"], CENTRAL, billions(1))],
    ).pk


def test_a_project_code_is_unique_and_its_funding_exact(investment):
    with pytest.raises(ValidationError) as refused:
        actions.register_project(
            acting_user=investment["people"]["desk"],
            code="dt-01",
            name="",
            group="B",
            jurisdiction=investment["province"],
            investor=investment["construction"],
            locality=investment["commune_a1"],
            sector="transport",
            start_year=2025,
            end_year=2024,
            funding={FOREIGN: "1e3"},
        )
    assert set(refused.value.message_dict) == {"code", "name", "end_year"}


def test_a_report_cannot_be_counted_to_a_day_still_to_come(investment):
    with pytest.raises(ValidationError) as refused:
        report(investment, "road", date(2025, 12, 2), {CENTRAL: billions(1)})
    assert refused.value.message_dict["reported_on"] == ["Figures cannot be counted to a day still to come."]
