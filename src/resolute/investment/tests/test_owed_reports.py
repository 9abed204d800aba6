"""A reporting regime of the disbursement of the investors' projects: each investor owes, each month,
one report for each project it carries out with a plan that year; the compliance table, the board and
the ladder chase what did not arrive, and a report sent in time counts as on time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from resolute.core.contributions import Handover, HeldItem
from resolute.core.periods import Period
from resolute.investment import actions
from resolute.investment.choices import ProjectStatus
from resolute.investment.selectors.owed_reports import disbursement_receipts
from resolute.orgunits.models import Reorganisation
from resolute.reporting.actions.regimes import create_regime
from resolute.reporting.models import regime_kind_choices
from resolute.reporting.selectors.ladder import board_data, report_subjects
from resolute.reporting.selectors.obligations import compliance, items_of, window_of

from .conftest import CENTRAL, LOCAL, billions

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
JUNE = Period.parse("202406")  # 15/05–14/06/2024, due Monday 17/06
JULY = Period.parse("202407")  # 15/06–14/07/2024, due Monday 15/07
JUNE_DEADLINE = date(2024, 6, 17)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=HANOI)


@pytest.fixture
def regime(investment):
    """The province's monthly regime: the Department of Construction and Hội An report their projects."""
    return create_regime(
        acting_user=None,
        name="Báo cáo giải ngân vốn đầu tư công hằng tháng",
        kind="disbursement",
        issuer=investment["province"],
        period_type="monthly",
        units=[investment["construction"], investment["district_a"]],
    )


def sent(investment, project, reported_on, submitted_on, figures):
    return actions.submit_disbursement(
        acting_user=None,
        project=investment[project],
        plan=investment["plan"],
        reported_on=reported_on,
        figures=figures,
        submitted_at=at(submitted_on),
    )


def test_a_regime_may_ask_for_the_disbursement_of_the_investors_projects(investment, regime):
    assert ("disbursement", "disbursement of the investor's projects") in [
        (key, str(label)) for key, label in regime_kind_choices()
    ]
    assert regime.get_kind_display() == "disbursement of the investor's projects"


def test_an_investor_owes_one_report_a_month_for_each_project_it_carries_out_with_a_plan(
    investment, regime, time_machine
):
    time_machine.move_to(at(date(2024, 6, 20)), tick=False)
    construction, hoi_an = investment["construction"], investment["district_a"]
    # A completed project owes nothing, whatever its plan.
    actions.update_project(
        acting_user=None,
        project=investment["dyke"],
        version=investment["dyke"].version,
        status=ProjectStatus.COMPLETED,
    )
    sent(
        investment, "road", date(2024, 6, 10), date(2024, 6, 12), {CENTRAL: billions(30), LOCAL: billions(5)}
    )

    rows = {
        row.unit: row for row in compliance([construction, hoi_an], [regime], [JUNE], as_of=date(2024, 6, 20))
    }
    [june] = rows[construction].cells
    assert (june.expected, june.received, june.on_time) == (1, 1, 1)
    [june] = rows[hoi_an].cells
    assert (june.expected, june.received, june.fallen_due) == (1, 0, True)
    [item] = items_of(regime, construction, JUNE, date(2024, 6, 20))
    assert item.label.startswith("DT-01 · Đường ven biển")
    assert (item.arrived, item.on_time) == (date(2024, 6, 12), True)


def test_an_investor_that_did_not_report_is_chased_and_a_report_in_time_is_on_time(
    investment, regime, users, time_machine
):
    time_machine.move_to(at(date(2024, 6, 20)), tick=False)
    hoi_an = investment["district_a"]
    sent(investment, "road", date(2024, 6, 10), date(2024, 6, 12), {CENTRAL: billions(30)})
    sent(investment, "dyke", date(2024, 6, 10), date(2024, 6, 12), {CENTRAL: billions(10)})

    chased = [
        (subject.unit, subject.deadline, subject.kind)
        for subject in report_subjects(date(2024, 6, 20), deadline_before=date(2024, 6, 20))
        if subject.key.endswith(JUNE.code)
    ]
    assert chased == [(hoi_an, JUNE_DEADLINE, "report")]
    [row] = board_data(users["office"], date(2024, 6, 20))["overdue"]
    assert row.unit == hoi_an
    assert "Báo cáo giải ngân vốn đầu tư công hằng tháng — 202406" in row.cells["reporting.reports"].titles

    # Hội An reports the school on 5 July, figures to 30 June: late for June, on time for July.
    time_machine.move_to(at(date(2024, 7, 5)), tick=False)
    sent(investment, "school", date(2024, 6, 30), date(2024, 7, 5), {LOCAL: billions(2)})
    [row] = compliance([hoi_an], [regime], [JUNE, JULY], as_of=date(2024, 7, 20))
    assert [(cell.received, cell.on_time) for cell in row.cells] == [(1, 0), (1, 1)]
    assert not [
        subject
        for subject in report_subjects(date(2024, 7, 20), deadline_before=date(2024, 7, 20))
        if subject.unit == hoi_an
    ]


def test_a_project_handed_to_another_investor_is_owed_by_the_one_that_held_it_in_the_window(
    investment, regime, time_machine
):
    """Three queries for any number of projects and periods, and the investor of each window's last day."""
    time_machine.move_to(at(date(2024, 8, 1)), tick=False)
    school = investment["school"]
    # The school passes from Hội An to the Department of Construction on 1 July.
    reorganisation = Reorganisation.objects.create(
        title="Giao chủ đầu tư", legal_basis="", effective_on=date(2024, 7, 1), area=investment["province"]
    )
    item = HeldItem(key=f"investment.investor:{school.pk}", unit=investment["district_a"], title=school.code)
    actions.carry_projects(
        acting_user=None,
        handovers=[Handover(item=item, successor=investment["construction"])],
        reorganisation=reorganisation,
        role="investor",
    )
    windows = {period: window_of(regime, period) for period in (JUNE, JULY)}
    with CaptureQueriesContext(connection) as queries:
        receipts = disbursement_receipts(
            regime, [investment["construction"].pk, investment["district_a"].pk], windows, date(2024, 8, 1)
        )
    assert len(queries) == 3
    assert set(receipts[(investment["district_a"].pk, JUNE)].arrivals) == {school.pk}
    assert (investment["district_a"].pk, JULY) not in receipts
    assert set(receipts[(investment["construction"].pk, JULY)].arrivals) == {
        investment["road"].pk,
        investment["dyke"].pk,
        school.pk,
    }
