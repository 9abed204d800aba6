"""Every read of the disbursement engine takes as many queries for thirty projects as for three: sums
are made by the database, never project by project."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from resolute.investment import selectors

from .conftest import CENTRAL, LOCAL, billions
from .figures import more_projects, queries_of, report

JUNE_END = date(2024, 6, 30)
NOVEMBER_END = date(2024, 11, 30)
LAPSED = date(2025, 2, 1)


@pytest.fixture(autouse=True)
def december_2025(time_machine):
    time_machine.move_to(datetime(2025, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


READS = {
    "project_figures": lambda user, plan, unit: selectors.project_figures(user, plan=plan, as_of=JUNE_END),
    "disbursement by source": lambda user, plan, unit: selectors.disbursement_by(
        user, plan=plan, as_of=JUNE_END, by="source"
    ),
    "disbursement by investor in an area": lambda user, plan, unit: selectors.disbursement_by(
        user, plan=plan, as_of=JUNE_END, by="investor", unit=unit
    ),
    "disbursement by locality": lambda user, plan, unit: selectors.disbursement_by(
        user, plan=plan, as_of=JUNE_END, by="locality"
    ),
    "disbursement by project": lambda user, plan, unit: selectors.disbursement_by(
        user, plan=plan, as_of=JUNE_END, by="project"
    ),
    "disbursement by sector": lambda user, plan, unit: selectors.disbursement_by(
        user, plan=plan, as_of=JUNE_END, by="sector"
    ),
    "province_total": lambda user, plan, unit: selectors.province_total(user, plan=plan, as_of=JUNE_END),
    "province_total of an area": lambda user, plan, unit: selectors.province_total(
        user, plan=plan, as_of=JUNE_END, unit=unit
    ),
    "curve": lambda user, plan, unit: selectors.curve(user, plan=plan, as_of=JUNE_END),
    "same_day_last_year": lambda user, plan, unit: selectors.same_day_last_year(
        user, plan=plan, as_of=JUNE_END
    ),
    "investor_league": lambda user, plan, unit: selectors.investor_league(user, plan=plan, as_of=JUNE_END),
    "slow_projects": lambda user, plan, unit: selectors.slow_projects(
        user, plan=plan, as_of=JUNE_END, unit=unit
    ),
    "obstacle_summary": lambda user, plan, unit: selectors.obstacle_summary(user, plan=plan, as_of=JUNE_END),
    "at_risk": lambda user, plan, unit: selectors.at_risk(user, plan=plan, as_of=NOVEMBER_END),
    "lapse_summary": lambda user, plan, unit: selectors.lapse_summary(user, plan=plan, as_of=LAPSED),
    "transfer_proposals": lambda user, plan, unit: selectors.transfer_proposals(
        user, plan=plan, as_of=NOVEMBER_END
    ),
}


@pytest.mark.parametrize("person", ["desk", "hoian"])
def test_every_read_takes_as_many_queries_for_thirty_projects_as_for_three(investment, person):
    user, plan, unit = investment["people"][person], investment["plan"], investment["district_a"]
    report(investment, "road", JUNE_END, {CENTRAL: billions(50), LOCAL: billions(5)})
    for read in READS.values():
        read(user, plan, unit)  # the user's scope is read once, then kept for the request
    with_three = {name: queries_of(lambda read=read: read(user, plan, unit)) for name, read in READS.items()}
    more_projects(investment, 27)
    with_thirty = {name: queries_of(lambda read=read: read(user, plan, unit)) for name, read in READS.items()}
    assert with_thirty == with_three
    assert with_three["province_total"] == 2
    assert with_three["project_figures"] <= 7
    assert with_three["lapse_summary"] <= 10


def test_the_thirty_projects_are_all_counted(investment):
    more_projects(investment, 27)
    figures = selectors.project_figures(None, plan=investment["plan"], as_of=JUNE_END)
    assert len(figures) == 30
    assert sum(1 for f in figures.values() if f.obstacles) == 27


def test_a_projects_page_reads_a_fixed_number_of_queries(investment):
    desk = investment["people"]["desk"]
    report(investment, "road", JUNE_END, {CENTRAL: billions(50), LOCAL: billions(5)})
    selectors.get_visible_project(desk, investment["road"].pk)
    assert queries_of(lambda: selectors.get_visible_project(desk, investment["road"].pk)) == 1
    assert queries_of(lambda: selectors.reports_of(investment["road"], investment["plan"])) == 3
    assert queries_of(lambda: selectors.project_history(investment["road"])) == 1
