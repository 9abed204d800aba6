"""Expected against received: the Decree 09 windows, who owes a regime, and how completeness and
timeliness count task progress, indicator values and narrative reports."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from resolute.conftest import make_unit
from resolute.core.periods import Period, PeriodType
from resolute.orgunits.models import OrgUnitKind
from resolute.reporting.actions import regimes as regime_actions
from resolute.reporting.models import RegimeKind, ReportingRegime
from resolute.reporting.selectors.obligations import compliance, expected, items_of, window_of
from resolute.targets.tests.test_values import enter, make_indicator, submitted
from resolute.tasks.tests.factories import assign, complete, report

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = Period.parse("202503")
APRIL = Period.parse("202504")
AFTER_APRIL = date(2025, 5, 20)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=HANOI)


def regime(tree, kind=RegimeKind.TASK_PROGRESS, period_type=PeriodType.MONTHLY, **fields):
    values = {
        "name": "Monthly report",
        "kind": kind,
        "issuer": tree["province"],
        "period_type": period_type,
        "unit_kinds": [OrgUnitKind.DISTRICT],
    }
    values.update(fields)
    return regime_actions.create_regime(acting_user=None, **values)


def test_windows_follow_decree_09_from_the_15th_to_the_14th(db):
    monthly = ReportingRegime(cutoff_day=14, deadline_working_days=1, period_type=PeriodType.MONTHLY)
    assert (window_of(monthly, MARCH).start, window_of(monthly, MARCH).end) == (
        date(2025, 2, 15),
        date(2025, 3, 14),
    )
    assert window_of(monthly, Period.parse("202501")).start == date(2024, 12, 15)
    quarter = window_of(monthly, Period.parse("2025Q1"))
    assert (quarter.start, quarter.end) == (date(2024, 12, 15), date(2025, 3, 14))
    second_half = window_of(monthly, Period.parse("2025S2"))
    assert (second_half.start, second_half.end) == (date(2025, 6, 15), date(2025, 12, 14))
    year = window_of(monthly, Period.parse("2025"))
    assert (year.start, year.end) == (date(2024, 12, 15), date(2025, 12, 14))


def test_a_cut_off_on_the_31st_means_the_last_day_of_each_month(db):
    calendar_months = ReportingRegime(cutoff_day=31, deadline_working_days=1)
    april = window_of(calendar_months, APRIL)
    assert (april.start, april.end) == (date(2025, 4, 1), date(2025, 4, 30))
    leap_february = window_of(calendar_months, Period.parse("202402"))
    assert (leap_february.start, leap_february.end) == (date(2024, 2, 1), date(2024, 2, 29))


def test_the_deadline_comes_after_the_cut_off_by_working_days(db):
    # 14/03/2025 is a Friday: one working day after it is Monday 17/03.
    regime_ = ReportingRegime(cutoff_day=14, deadline_working_days=1)
    assert window_of(regime_, MARCH).deadline == date(2025, 3, 17)


def test_a_deadline_skips_the_holidays_of_30_april_and_1_may(db):
    # Cut off on Tuesday 29/04/2025; 30/04 and 01/05 are public holidays, so one working day is Friday.
    regime_ = ReportingRegime(cutoff_day=29, deadline_working_days=1)
    assert window_of(regime_, APRIL).deadline == date(2025, 5, 2)


def test_units_owe_a_regime_by_kind_under_the_issuer_or_by_name(tree):
    monthly = regime(tree, units=[tree["finance"]])
    owing = {obligation.unit for obligation in expected(monthly, MARCH)}
    assert owing == {tree["district_a"], tree["district_b"], tree["finance"]}


def test_a_unit_that_closed_before_the_window_owes_nothing(tree):
    closed = make_unit("Huyện cũ", tree["province"], OrgUnitKind.DISTRICT, effective_to=date(2025, 1, 31))
    monthly = regime(tree)
    assert closed not in {obligation.unit for obligation in expected(monthly, MARCH)}


@time_machine.travel(at(AFTER_APRIL), tick=False)
def test_each_open_task_needs_a_report_and_a_late_one_counts_as_received_not_on_time(tree):
    monthly = regime(tree)
    district = tree["district_a"]
    on_time = assign(district, assigned_by_unit=tree["committee"], title="Clear the site")
    late = assign(district, assigned_by_unit=tree["committee"], title="Build the school")
    done_before = assign(district, assigned_by_unit=tree["committee"], title="Done in January")
    complete(done_before, proposed_on=date(2025, 1, 20), decided_on=date(2025, 1, 25))
    assign(
        district, assigned_by_unit=tree["committee"], title="Assigned later", assigned_on=date(2025, 3, 20)
    )
    report(on_time, reported_on=date(2025, 3, 10))
    report(late, reported_on=date(2025, 3, 25))

    [row] = compliance([district], [monthly], [MARCH], as_of=AFTER_APRIL)
    [cell] = row.cells
    assert (cell.expected, cell.received, cell.on_time) == (2, 2, 1)
    assert (row.completeness, row.timeliness) == (100, 50)
    items = items_of(monthly, district, MARCH, AFTER_APRIL)
    assert [(item.label, item.on_time) for item in items] == [
        ("Build the school", False),
        ("Clear the site", True),
    ]


@time_machine.travel(at(AFTER_APRIL), tick=False)
def test_a_report_from_before_the_window_does_not_count_for_it(tree):
    monthly = regime(tree)
    task = assign(tree["district_a"], assigned_by_unit=tree["committee"])
    report(task, reported_on=date(2025, 2, 10))
    [row] = compliance([tree["district_a"]], [monthly], [MARCH], as_of=AFTER_APRIL)
    assert (row.expected, row.received) == (1, 0)
    assert row.completeness == 0


def test_indicator_values_count_once_submitted_and_by_the_day_they_arrived(tree):
    poor = make_indicator("POOR")
    jobs = make_indicator("JOBS", direction="higher_is_better")
    roads = make_indicator("ROADS", direction="higher_is_better")
    values = regime(tree, kind=RegimeKind.INDICATOR_VALUES, indicators=[poor, jobs, roads])
    district = tree["district_a"]
    with time_machine.travel(at(date(2025, 3, 16)), tick=False):
        submitted(district, "202503", poor, "12")
    with time_machine.travel(at(date(2025, 4, 2)), tick=False):
        submitted(district, "202503", jobs, "300")
        enter(district, "202503", roads, "4")  # a draft: not sent yet

    [row] = compliance([district], [values], [MARCH], as_of=AFTER_APRIL)
    assert (row.expected, row.received, row.on_time) == (3, 2, 1)


def test_a_narrative_report_arrives_as_a_submission(tree, users):
    narrative = regime(tree, kind=RegimeKind.NARRATIVE, unit_kinds=[], units=[tree["district_a"]])
    with time_machine.travel(at(date(2025, 3, 15)), tick=False):
        regime_actions.submit_report(
            acting_user=users["district_a_reporter"],
            regime=narrative,
            unit=tree["district_a"],
            period="202503",
            text="Tình hình tháng 3.",
        )
    [row] = compliance([tree["district_a"]], [narrative], [MARCH, APRIL], as_of=AFTER_APRIL)
    assert [(cell.received, cell.on_time) for cell in row.cells] == [(1, 1), (0, 0)]
    assert (row.completeness, row.timeliness) == (50, 50)


def test_a_period_not_yet_due_is_shown_but_left_out_of_the_rates(tree):
    narrative = regime(tree, kind=RegimeKind.NARRATIVE)
    [row, _other] = compliance(
        [tree["district_a"], tree["district_b"]], [narrative], [MARCH, APRIL], as_of=date(2025, 4, 10)
    )
    assert [cell.fallen_due for cell in row.cells] == [True, False]
    assert row.expected == 1


def test_units_that_owe_nothing_get_no_row(tree):
    monthly = regime(tree)
    rows = compliance([tree["finance"], tree["district_a"]], [monthly], [MARCH], as_of=AFTER_APRIL)
    assert [row.unit for row in rows] == [tree["district_a"]]
