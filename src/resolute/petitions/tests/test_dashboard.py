"""Petitions on the leadership dashboard, the unit page and the dashboard's workbook: the year to date of
the page's area — received, settled on time and late, open within the deadline and overdue, by kind
and by unit — and the change on the same period of last year with its formula, each number linking to
the petition list that shows exactly the petitions it counts. The half-year of `scenario`, on 2 June
2025."""

import io
import re
from datetime import datetime
from html import unescape
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import TODAY
from .scenario import half_year, register_at


@pytest.fixture(autouse=True)
def on_june_2(time_machine):
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def made(petitions_tree, people):
    return half_year(petitions_tree)


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def dashboard(user, unit, **extra) -> str:
    query = {"unit": unit.pk, "as_of": TODAY.isoformat(), **extra}
    response = browser(user).get(reverse("reports:dashboard"), query)
    assert response.status_code == 200
    return response.content.decode()


def panel_of(html: str) -> str:
    start = html.index('aria-labelledby="petitions-heading"')
    return html[start : html.index("</section>", start)]


def link_of(html: str, text: str) -> str:
    """The address of the first link whose text holds `text`."""
    for href, inner in re.findall(r'<a href="([^"]+)">(.*?)</a>', html, re.S):
        if text in re.sub(r"<[^>]+>", "", inner):
            return unescape(href)
    raise AssertionError(f"no link reads {text!r}")


def listed_codes(user, url: str) -> set[str]:
    """The codes the petition list shows at `url`."""
    html = browser(user).get(url).content.decode()
    return set(re.findall(r"\b20\d\d-\d{5}\b", html))


def test_the_panel_counts_the_year_to_date_with_the_change_on_last_year(made, petitions_tree, people):
    panel = panel_of(dashboard(people["leader"], petitions_tree["province"]))
    assert "Petitions, complaints and denunciations" in panel
    assert "The year to date," in panel
    assert '<strong class="dash-count__number">7</strong> received' in panel
    assert "+250.0% on the same period of 2024" in panel
    assert "(7 − 2) ÷ 2 × 100 = +250.0%" in panel
    standings = (
        (1, "settled on time"),
        (1, "settled late"),
        (1, "open within the deadline"),
        (2, "open and overdue"),
    )
    for count, label in standings:
        assert re.search(rf'<span class="badge badge--\w+">{count}</span> {label}', panel), label


def test_each_figure_links_to_the_list_of_exactly_the_petitions_it_counts(made, petitions_tree, people):
    leader = people["leader"]
    panel = panel_of(dashboard(leader, petitions_tree["province"]))
    code = {letter: petition.code for letter, petition in made.items()}
    assert listed_codes(leader, link_of(panel, "received")) == {code[x] for x in "ABCDEFH"}
    assert listed_codes(leader, link_of(panel, "settled late")) == {code["B"]}
    assert listed_codes(leader, link_of(panel, "open and overdue")) == {code["C"], code["H"]}
    # A unit's row: Hội An City counts Minh An's complaint.
    hoi_an = link_of(panel, "Hoi An City")
    assert listed_codes(leader, hoi_an) == {code["H"]}
    query = parse_qs(urlparse(hoi_an).query)
    assert query["area"] == [str(petitions_tree["province"].pk)]
    assert query["received_from"] == ["2025-01-01"] and query["received_to"] == ["2025-06-02"]


def test_the_panel_shows_the_kinds_and_the_units_below_the_page_unit(made, petitions_tree, people):
    panel = panel_of(dashboard(people["leader"], petitions_tree["province"]))
    for kind in ("Complaint", "Denunciation", "Recommendation", "Reflection"):
        assert kind in panel
    assert "People&#x27;s Committee" in panel and "Hoi An City" in panel
    assert "Dai Loc District" not in panel  # nothing was received there


def test_a_reader_sees_only_the_figures_of_the_petitions_they_may_read(made, petitions_tree, people):
    panel = panel_of(dashboard(people["department_viewer"], petitions_tree["environment"]))
    assert '<strong class="dash-count__number">4</strong> received' in panel


def test_an_area_no_petition_concerns_shows_no_panel(made, petitions_tree, people):
    html = dashboard(people["leader"], petitions_tree["district_b"])
    assert "petitions-heading" not in html


def test_the_workbook_has_the_petitions_by_kind_and_by_unit(made, petitions_tree, people):
    response = browser(people["leader"]).get(
        reverse("reports:dashboard"),
        {"unit": petitions_tree["province"].pk, "as_of": TODAY.isoformat(), "format": "xlsx"},
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Petitions"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    total = next(row for row in rows if row[0] == "Total")
    assert total[1:7] == [7, 1, 1, 2, 1, 2]
    units = [list(row) for row in workbook["Petitions by unit"].iter_rows(values_only=True)]
    assert [row[:2] for row in units[1:]] == [["People's Committee", 6], ["Hoi An City", 1]]


def test_the_unit_page_shows_the_year_to_date_of_its_petitions(made, petitions_tree, people):
    html = browser(people["leader"]).get(petitions_tree["environment"].get_absolute_url()).content.decode()
    assert "petitions-panel-heading" in html
    assert "<strong>4</strong>" in html
    assert f"{reverse('petitions:statistics')}?unit={petitions_tree['environment'].pk}" in html
    quiet = browser(people["leader"]).get(petitions_tree["district_b"].get_absolute_url()).content.decode()
    assert "petitions-panel-heading" not in quiet


def _dashboard_queries(user, unit) -> int:
    client = browser(user)
    with CaptureQueriesContext(connection) as queries:
        assert (
            client.get(reverse("reports:dashboard"), {"unit": unit.pk, "as_of": "2025-06-02"}).status_code
            == 200
        )
    return len(queries)


def test_the_panel_reads_as_many_queries_for_many_petitions_as_for_a_few(made, petitions_tree, people):
    few = _dashboard_queries(people["leader"], petitions_tree["province"])
    for unit in ("commune_b1", "district_b", "finance"):
        register_at(petitions_tree[unit], "reflection", TODAY)
    assert _dashboard_queries(people["leader"], petitions_tree["province"]) == few
