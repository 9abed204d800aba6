"""The compliance page (units × periods with completeness, timeliness and a chart), the page of what
one cell received (where a narrative report is sent), and the unit page's reporting panel."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolute.conftest import make_unit
from resolute.core.periods import PeriodType
from resolute.orgunits.models import OrgUnitKind
from resolute.reporting.actions import regimes as regime_actions
from resolute.reporting.models import RegimeKind, ReportSubmission
from resolute.tasks.tests.factories import assign, browser_for, report

TODAY = datetime(2025, 5, 20, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
MARCH_AND_APRIL = {"period_type": "monthly", "first": "202503", "last": "202504"}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def progress_regime(tree, **fields):
    values = {
        "name": "Monthly task progress",
        "kind": RegimeKind.TASK_PROGRESS,
        "issuer": tree["province"],
        "period_type": PeriodType.MONTHLY,
        "unit_kinds": [OrgUnitKind.DISTRICT, OrgUnitKind.COMMUNE],
    }
    values.update(fields)
    return regime_actions.create_regime(acting_user=None, **values)


def narrative_regime(tree):
    return regime_actions.create_regime(
        acting_user=None,
        name="Monthly narrative",
        kind=RegimeKind.NARRATIVE,
        issuer=tree["province"],
        period_type=PeriodType.MONTHLY,
        unit_kinds=[OrgUnitKind.DISTRICT],
    )


def test_the_page_shows_each_unit_by_period_with_the_rates_and_a_chart(tree, users):
    regime = progress_regime(tree)
    task = assign(tree["district_a"], assigned_by_unit=tree["committee"], title="Clear the site")
    report(task, reported_on=date(2025, 3, 10))
    response = browser_for(users["office"]).get("/reporting/compliance/", MARCH_AND_APRIL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "Completeness in 202503: 100.0 %" in page
    assert "Hoi An City" in page and "Phường Minh An" in page
    assert f"regime={regime.pk}&amp;unit={tree['district_a'].pk}&amp;period=202503" in page
    assert "50.0 %" in page  # March on time, April missed
    assert 'href="/reporting/regimes/"' in page


def test_a_district_sees_only_its_own_units(tree, users):
    progress_regime(tree)
    assign(tree["district_b"], assigned_by_unit=tree["committee"])
    page = browser_for(users["district_a_reporter"]).get("/reporting/compliance/", MARCH_AND_APRIL)
    content = page.content.decode()
    assert page.status_code == 200
    assert "Hoi An City" in content and "Dai Loc District" not in content


def test_a_unit_outside_the_users_scope_is_refused(tree, users):
    progress_regime(tree)
    response = browser_for(users["district_a_reporter"]).get(
        "/reporting/compliance/", {**MARCH_AND_APRIL, "unit": tree["district_b"].pk}
    )
    assert response.status_code == 400
    assert "Dai Loc District" not in response.content.decode()


def test_a_bad_period_is_named(tree, users):
    response = browser_for(users["office"]).get("/reporting/compliance/", {"first": "2025-03"})
    assert response.status_code == 400
    assert "Write a period such as 202503" in response.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_number_of_units(tree, users):
    progress_regime(tree)
    narrative_regime(tree)
    # With no task at all the reports are not even looked for; start from one.
    report(assign(tree["district_a"], assigned_by_unit=tree["committee"]), reported_on=date(2025, 4, 1))
    browser = browser_for(users["office"])
    browser.get("/reporting/compliance/", MARCH_AND_APRIL)  # warm the session and caches

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert browser.get("/reporting/compliance/", MARCH_AND_APRIL).status_code == 200
        return len(captured)

    before = queries()
    for number in range(12):
        district = make_unit(f"Huyện {number}", tree["province"], OrgUnitKind.DISTRICT)
        task = assign(district, assigned_by_unit=tree["committee"], title=f"Task {number}")
        report(task, reported_on=date(2025, 4, 1))
    assert queries() == before


def test_the_cell_lists_what_arrived_and_links_to_it(tree, users):
    regime = progress_regime(tree)
    task = assign(tree["district_a"], assigned_by_unit=tree["committee"], title="Clear the site")
    report(task, reported_on=date(2025, 3, 20))
    response = browser_for(users["office"]).get(
        "/reporting/compliance/report/",
        {"regime": regime.pk, "unit": tree["district_a"].pk, "period": "202503"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert task.get_absolute_url() in page and "Late" in page


def test_a_reporter_sends_the_narrative_report_from_the_cell(tree, users):
    regime = narrative_regime(tree)
    browser = browser_for(users["district_a_reporter"])
    url = f"/reporting/compliance/report/?regime={regime.pk}&unit={tree['district_a'].pk}&period=202505"
    assert "Send the report" in browser.get(url).content.decode()
    response = browser.post(url, {"text": "Tình hình tháng 5 ổn định."})
    assert response.status_code == 302
    submission = ReportSubmission.objects.get()
    assert (submission.unit, submission.period, submission.submitted_by) == (
        tree["district_a"],
        "202505",
        users["district_a_reporter"],
    )
    assert "Tình hình tháng 5 ổn định." in browser.get(url).content.decode()


def test_a_viewer_may_not_send_a_report_nor_read_another_units_cell(tree, users):
    regime = narrative_regime(tree)
    leader = browser_for(users["leader"])
    url = f"/reporting/compliance/report/?regime={regime.pk}&unit={tree['district_a'].pk}&period=202505"
    assert leader.post(url, {"text": "x"}).status_code == 403
    other = f"/reporting/compliance/report/?regime={regime.pk}&unit={tree['district_b'].pk}&period=202505"
    assert browser_for(users["district_a_reporter"]).get(other).status_code == 404
    assert not ReportSubmission.objects.exists()


def test_the_unit_page_loads_its_reporting_record(tree, users):
    regime = progress_regime(tree)
    task = assign(tree["district_a"], assigned_by_unit=tree["committee"])
    report(task, reported_on=date(2025, 4, 10))
    browser = browser_for(users["office"])
    record_url = f"/reporting/units/{tree['district_a'].pk}/record/"
    assert record_url in browser.get(tree["district_a"].get_absolute_url()).content.decode()
    fragment = browser.get(record_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and regime.name in fragment
    assert "/reporting/compliance/?" in fragment
    page = browser.get(record_url).content.decode()
    assert "<html" in page and regime.name in page


def test_a_unit_outside_the_users_view_has_no_record_for_them(tree, users):
    browser = browser_for(users["district_a_reporter"])
    assert browser.get(f"/reporting/units/{tree['district_b'].pk}/record/").status_code == 404


# -- the table as a CSV file -------------------------------------------------------------------------


def csv_lines(response) -> list[list[str]]:
    import csv
    import io

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_compliance_table_downloads_as_csv_with_three_counts_a_period(tree, users):
    progress_regime(tree)
    task = assign(tree["district_a"], assigned_by_unit=tree["committee"], title="Clear the site")
    report(task, reported_on=date(2025, 3, 10))
    browser = browser_for(users["office"])
    assert "format=csv" in browser.get("/reporting/compliance/", MARCH_AND_APRIL).content.decode()
    lines = csv_lines(browser.get("/reporting/compliance/", {**MARCH_AND_APRIL, "format": "csv"}))
    assert lines[0] == [
        "Unit code",
        "Unit",
        "Regime",
        "202503 received",
        "202503 expected",
        "202503 on time",
        "202504 received",
        "202504 expected",
        "202504 on time",
        "Completeness (%)",
        "Timeliness (%)",
    ]
    hoi_an = next(line for line in lines if line[0] == "503")
    assert hoi_an == ["503", "Hoi An City", "Monthly task progress", "1", "1", "1", "0", "1", "0", "50", "50"]
    assert "Phường Minh An (Vietnamese)" in [line[1] for line in lines]


def test_a_district_s_compliance_csv_holds_only_its_units_and_another_unit_is_refused(tree, users):
    progress_regime(tree)
    assign(tree["district_b"], assigned_by_unit=tree["committee"])
    browser = browser_for(users["district_a_reporter"])
    lines = csv_lines(browser.get("/reporting/compliance/", {**MARCH_AND_APRIL, "format": "csv"}))
    assert "Dai Loc District" not in [line[1] for line in lines]
    refused = browser.get(
        "/reporting/compliance/", {**MARCH_AND_APRIL, "unit": tree["district_b"].pk, "format": "csv"}
    )
    assert refused.status_code == 400 and not refused["Content-Type"].startswith("text/csv")


def test_the_compliance_csv_reads_the_same_queries_for_more_units(tree, users):
    progress_regime(tree)
    report(assign(tree["district_a"], assigned_by_unit=tree["committee"]), reported_on=date(2025, 4, 1))
    browser = browser_for(users["office"])
    asked = {**MARCH_AND_APRIL, "format": "csv"}
    browser.get("/reporting/compliance/", asked)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            csv_lines(browser.get("/reporting/compliance/", asked))
        return len(captured)

    before = queries()
    for number in range(12):
        district = make_unit(f"Huyện {number}", tree["province"], OrgUnitKind.DISTRICT)
        report(
            assign(district, assigned_by_unit=tree["committee"], title=f"Task {number}"),
            reported_on=date(2025, 4, 1),
        )
    assert queries() == before
