"""Units side by side: the league table (ranking, roll-up, one query), its page, and the "Tasks"
panel on every unit page."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from resolute.conftest import make_unit, make_user
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import path_segment
from resolute.tasks.filters import TaskFilter
from resolute.tasks.rates import league_table, unit_rates
from resolute.tasks.status import TaskStatus

from .status_factories import make_task

AS_OF = date(2025, 6, 30)
ASSIGNED = date(2025, 1, 2)
DUE = date(2025, 5, 31)
LEAGUE_URL = reverse("tasks:league")


@pytest.fixture(autouse=True)
def english_on_the_day(time_machine):
    """Today is AS_OF, and pages speak English."""
    time_machine.move_to(datetime(2025, 6, 30, 10, 0, tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False)
    with translation.override("en"):
        yield


@pytest.fixture
def browser_as(client, users):
    def sign_in(who):
        client.force_login(users[who] if isinstance(who, str) else who)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


def on_time(unit, **fields):
    completions = [(date(2025, 5, 20), date(2025, 5, 15))]
    return make_task(
        lead_unit=unit, assigned_on=ASSIGNED, deadline=DUE, accepted_completions=completions, **fields
    )


def late(unit, **fields):
    completions = [(date(2025, 6, 12), date(2025, 6, 10))]
    return make_task(
        lead_unit=unit, assigned_on=ASSIGNED, deadline=DUE, accepted_completions=completions, **fields
    )


def overdue(unit, **fields):
    return make_task(lead_unit=unit, assigned_on=ASSIGNED, deadline=DUE, **fields)


def in_progress(unit, **fields):
    return make_task(lead_unit=unit, assigned_on=ASSIGNED, deadline=date(2025, 12, 31), **fields)


def ranking(league) -> list[tuple[int | None, str]]:
    return [(row.rank, row.unit.name) for row in league.rows]


def text_of(response) -> str:
    """The page's text without tags or repeated spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# -- the table ---------------------------------------------------------------------------------


def test_children_rank_by_completion_rate_with_their_subtrees_rolled_up(tree):
    on_time(tree["district_a"]), overdue(tree["commune_a1"])  # 1 of 2
    on_time(tree["district_b"]), late(tree["commune_b1"])  # 2 of 2
    overdue(tree["finance"])  # 0 of 1, under the people's committee
    league = league_table(tree["province"], as_of=AS_OF, user=None)
    assert ranking(league) == [
        (1, "Huyện Đại Lộc"),
        (2, "Thành phố Hội An"),
        (3, "UBND tỉnh"),
        (None, "Tỉnh ủy"),
    ]
    district_a = league.rows[1].rates
    assert (district_a.fallen_due, district_a.completed, district_a.overdue) == (2, 1, 1)


def test_equal_completion_rates_are_split_by_the_on_time_rate_then_by_fewer_overdue(tree):
    extra = make_unit("Huyện Duy Xuyên", tree["province"])
    on_time(tree["district_a"]), overdue(tree["district_a"])  # 50 %, on time 50 %
    late(tree["district_b"]), overdue(tree["district_b"])  # 50 %, on time 0 %
    on_time(extra), on_time(extra), overdue(extra), overdue(extra)  # 50 %, on time 50 %, 2 overdue
    league = league_table(tree["province"], as_of=AS_OF, user=None)
    assert ranking(league)[:3] == [(1, "Thành phố Hội An"), (2, "Huyện Duy Xuyên"), (3, "Huyện Đại Lộc")]


def test_units_with_the_same_results_share_a_rank(tree):
    on_time(tree["district_a"])
    on_time(tree["district_b"])
    overdue(tree["finance"])
    league = league_table(tree["province"], as_of=AS_OF, user=None)
    assert [rank for rank, name in ranking(league)] == [1, 1, 3, None]


def test_a_unit_with_nothing_fallen_due_has_no_rank_and_comes_last(tree):
    in_progress(tree["district_a"])
    overdue(tree["district_b"])
    league = league_table(tree["province"], as_of=AS_OF, user=None)
    assert ranking(league)[0] == (1, "Huyện Đại Lộc")
    assert {rank for rank, name in ranking(league)[1:]} == {None}
    assert [row.unit.name for row in league.ranked] == ["Huyện Đại Lộc"]


def test_the_parent_s_own_tasks_are_apart_from_the_rows_and_in_the_total(tree):
    overdue(tree["province"], assigned_by_unit=tree["province"])
    on_time(tree["district_a"])
    league = league_table(tree["province"], as_of=AS_OF, user=None)
    assert sum(row.rates.counted for row in league.rows) == 1
    assert (league.parent_alone.overdue, league.total.overdue, league.total.completed) == (1, 1, 1)
    assert league.total == unit_rates(tree["province"], as_of=AS_OF)


def test_cancelled_tasks_and_sub_tasks_count_as_the_unit_rates_do(tree):
    parent = on_time(tree["district_a"])
    overdue(tree["commune_a1"], parent=parent, assigned_by_unit=tree["district_a"])
    overdue(tree["district_a"], cancelled_on=date(2025, 6, 1))
    league = league_table(tree["district_a"], as_of=AS_OF, user=None)
    assert [(row.unit.name, row.rates.overdue) for row in league.rows] == [("Phường Minh An", 1)]
    assert (league.parent_alone.completed, league.parent_alone.overdue) == (1, 0)


def test_a_unit_closed_before_the_day_shows_only_if_it_still_has_tasks_counted(tree):
    closed_empty = make_unit("Huyện Cũ", tree["province"])
    closed_with_work = make_unit("Huyện Đã Nhập", tree["province"])
    overdue(closed_with_work)
    for unit in (closed_empty, closed_with_work):
        unit_actions.close_unit(
            acting_user=None, unit=unit, closed_on=date(2025, 3, 31), successors=[tree["district_a"]]
        )
    names = [row.unit.name for row in league_table(tree["province"], as_of=AS_OF, user=None).rows]
    assert "Huyện Đã Nhập" in names and "Huyện Cũ" not in names
    older_names = [
        row.unit.name for row in league_table(tree["province"], as_of=date(2025, 3, 1), user=None).rows
    ]
    assert "Huyện Cũ" in older_names


def test_a_user_sees_only_the_units_and_tasks_in_their_view(tree, users):
    overdue(tree["district_a"])
    overdue(tree["district_b"])
    league = league_table(tree["province"], as_of=AS_OF, user=users["district_a_reporter"])
    assert [(row.unit.name, row.rates.overdue) for row in league.rows] == [("Thành phố Hội An", 1)]
    assert league.total.overdue == 1


def league_queries(parent, units: int, django_assert_max_num_queries) -> int:
    for number in range(units):
        unit = make_unit(f"Xã {number}", parent)
        on_time(unit), overdue(make_unit(f"Thôn {number}", unit))
    with CaptureQueriesContext(connection) as queries:
        league = league_table(parent, as_of=AS_OF, user=None)
    assert len(league.rows) == units and all(row.rates.fallen_due == 2 for row in league.rows)
    return len(queries)


def test_the_league_table_reads_the_same_two_queries_for_5_or_20_units(tree, django_assert_max_num_queries):
    few = league_queries(make_unit("Huyện Năm", tree["province"]), 5, django_assert_max_num_queries)
    many = league_queries(make_unit("Huyện Hai Mươi", tree["province"]), 20, django_assert_max_num_queries)
    assert few == many == 2


# -- the page ------------------------------------------------------------------------------------


def test_the_league_page_opens_on_the_highest_unit_the_user_covers_as_of_today(browser_as, tree):
    overdue(tree["commune_a1"])
    on_time(tree["district_b"])
    response = browser_as("leader").get(LEAGUE_URL)
    assert response.status_code == 200
    page = text_of(response)
    assert "Units under Quang Nam Province: task results" in page
    assert "Tasks as they stand today, 30/06/2025." in page
    ranked = [(line.row.rank, str(line.row.unit)) for line in response.context["lines"]][:2]
    assert ranked == [(1, "Dai Loc District"), (2, "Hoi An City")]
    assert "Completion rate = completed ÷ (completed + overdue) = 1 ÷ (1 + 1) = 50.0%" in page


def test_a_district_manager_s_league_opens_on_the_district(browser_as, tree):
    overdue(tree["commune_a1"])
    page = text_of(browser_as("district_a_manager").get(LEAGUE_URL))
    assert "Units under Hoi An City: task results" in page and "Phường Minh An" in page


def test_the_page_shows_any_day_asked_for(browser_as, tree):
    late(tree["district_a"])  # accepted on 12 June
    response = browser_as("leader").get(LEAGUE_URL, {"unit": tree["province"].pk, "as_of": "2025-06-11"})
    league = response.context["league"]
    assert league.as_of == date(2025, 6, 11) and league.total.overdue == 1
    assert "Tasks as they stood on 11/06/2025." in text_of(response)


def test_each_count_links_to_the_task_list_showing_exactly_those_tasks(browser_as, tree, users):
    (
        on_time(tree["district_a"]),
        overdue(tree["commune_a1"]),
        late(tree["commune_a1"]),
        overdue(tree["district_b"]),
    )
    overdue(tree["province"], assigned_by_unit=tree["province"])
    response = browser_as("leader").get(LEAGUE_URL, {"as_of": "2025-06-30"})
    links = re.findall(r'href="(/tasks/\?[^"]+)">(\d+)</a>', response.content.decode())
    assert len(links) == 8  # 3 for district A, 1 for district B, 1 for the province itself, 3 in the total
    request = RequestFactory().get("/")
    request.user = users["leader"]
    for link, count in links:
        query = QueryDict(link.split("?", 1)[1].replace("&amp;", "&"))
        shown = TaskFilter(query, request=request).qs
        assert shown.count() == int(count), link
        assert {task.status for task in shown} == {query["status"]}


def test_a_unit_with_sub_units_links_to_its_own_league(browser_as, tree):
    html = browser_as("leader").get(LEAGUE_URL).content.decode()
    assert f'href="{LEAGUE_URL}?unit={tree["district_a"].pk}&amp;as_of=2025-06-30"' in html


def unit_with_id(pk: int, name: str, parent):
    """A unit with a large id (written directly: the tree actions choose ids themselves)."""
    return OrgUnit.objects.create(
        id=pk, name=name, parent=parent, path=parent.path + path_segment(pk), depth=parent.depth + 1
    )


def test_ids_in_links_and_the_day_in_the_form_are_never_localised(browser_as, tree):
    big = unit_with_id(2038, "Huyện Lớn", tree["province"])
    commune = unit_with_id(2039, "Xã Lớn", big)
    unit_with_id(2040, "Thôn Lớn", commune)
    overdue(commune)
    client = browser_as("leader")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    html = client.get(LEAGUE_URL, {"unit": "2038"}).content.decode()
    assert 'value="2038" selected' in html and 'value="2025-06-30"' in html
    assert 'href="/units/2039/"' in html
    assert f'href="{LEAGUE_URL}?unit=2039&amp;as_of=2025-06-30"' in html
    assert (
        'href="/tasks/?unit=2039&amp;role=lead&amp;as_of=2025-06-30&amp;include_below=1&amp;status=overdue"'
        in html
    )
    assert "2.038" not in html and "2.039" not in html


def test_a_bad_day_is_refused_at_the_field(browser_as, tree):
    response = browser_as("leader").get(LEAGUE_URL, {"as_of": "30/02/2025"})
    assert response.status_code == 200 and response.context["league"] is None
    assert "Enter a date such as 2025-12-31." in text_of(response)


def test_a_unit_the_user_cannot_see_is_refused_without_naming_it(browser_as, tree):
    response = browser_as("district_b_reporter").get(LEAGUE_URL, {"unit": tree["district_a"].pk})
    assert response.context["league"] is None
    page = text_of(response)
    assert "Choose a unit that you can see and that has sub-units." in page
    assert "Hoi An City" not in page and "Phường Minh An" not in page


def test_a_unit_without_sub_units_cannot_be_chosen(browser_as, tree):
    response = browser_as("leader").get(LEAGUE_URL, {"unit": tree["commune_a1"].pk})
    assert "Choose a unit that you can see and that has sub-units." in text_of(response)


def test_a_user_whose_units_have_no_sub_units_is_told_so(browser_as, tree):
    page = text_of(browser_as("finance").get(LEAGUE_URL))
    assert "None of your units has sub-units to compare." in page


def test_looking_at_a_unit_above_one_s_own_warns_that_only_part_is_counted(browser_as, tree):
    overdue(tree["district_a"]), overdue(tree["district_b"])
    response = browser_as("district_a_reporter").get(LEAGUE_URL, {"unit": tree["province"].pk})
    assert "the numbers count only the tasks you can see" in text_of(response)
    assert [row.unit for row in response.context["league"].rows] == [tree["district_a"]]


def test_the_league_page_needs_a_signed_in_user(client):
    response = client.get(LEAGUE_URL)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def league_page_queries(browser, parent, units: int) -> int:
    for number in range(units):
        unit = make_unit(f"Xã {number}", parent)
        on_time(unit), overdue(make_unit(f"Thôn {number}", unit))
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(LEAGUE_URL, {"unit": parent.pk})
    assert len(response.context["lines"]) == units
    return len(queries)


def test_the_league_page_reads_the_same_queries_for_5_or_20_units(browser_as, tree):
    browser = browser_as("leader")
    few = league_page_queries(browser, make_unit("Huyện Năm", tree["province"]), 5)
    many = league_page_queries(browser, make_unit("Huyện Hai Mươi", tree["province"]), 20)
    assert few == many <= 9


# -- the panel on the unit page ------------------------------------------------------------------


def unit_page(browser, unit, **query):
    return browser.get(reverse("orgunits:detail", args=[unit.pk]), query)


def test_the_unit_page_shows_the_unit_s_results_alone_and_with_its_units(browser_as, tree):
    on_time(tree["district_a"]), overdue(tree["commune_a1"]), in_progress(tree["commune_a1"])
    page = text_of(unit_page(browser_as("leader"), tree["district_a"]))
    assert "This unit alone With the units below it" in page
    assert (
        "Fallen due 1 2" in page and "Overdue 0 1" in page and "In progress within the deadline 0 1" in page
    )
    assert "Completion rate 100.0% 50.0%" in page
    assert "Completion rate = completed ÷ (completed + overdue) = 1 ÷ (1 + 1) = 50.0%" in page
    assert "Compare the units under Hoi An City" in page


def test_the_panel_links_each_count_to_the_task_list(browser_as, tree):
    overdue(tree["commune_a1"])
    html = unit_page(browser_as("leader"), tree["district_a"]).content.decode()
    unit = tree["district_a"].pk
    assert (
        f"/tasks/?unit={unit}&amp;role=lead&amp;as_of=2025-06-30&amp;include_below=1&amp;status=overdue"
        in html
    )


def test_a_unit_without_sub_units_shows_one_column_and_no_league_link(browser_as, tree):
    overdue(tree["commune_a1"])
    page = text_of(unit_page(browser_as("leader"), tree["commune_a1"]))
    assert "Overdue 1" in page and "With the units below it" not in page
    assert "Compare the units under" not in page


def test_the_panel_shows_the_day_asked_for(browser_as, tree):
    late(tree["district_a"])
    page = text_of(unit_page(browser_as("leader"), tree["district_a"], as_of="2025-06-11"))
    assert "as they stood on 11/06/2025" in page and "Overdue 1 1" in page


def test_the_panel_counts_only_what_the_reader_may_see_and_says_so(browser_as, tree):
    overdue(tree["district_a"]), overdue(tree["district_b"])
    page = text_of(unit_page(browser_as("district_a_reporter"), tree["province"]))
    assert "the numbers count only the tasks you can see" in page
    assert "Overdue 0 1" in page


def test_a_unit_page_the_user_cannot_see_shows_no_panel(browser_as, tree):
    overdue(tree["district_a"])
    response = unit_page(browser_as("district_b_reporter"), tree["district_a"])
    assert response.status_code == 404


def test_the_panel_status_words_match_the_task_statuses(tree):
    # The panel's rows are named after the statuses a reader meets on the task list.
    assert str(TaskStatus.IN_PROGRESS.label) == "in progress within the deadline"
    assert str(TaskStatus.COMPLETED_ON_TIME.label) == "completed on time"


def test_an_office_user_sees_the_whole_province_on_the_unit_page(browser_as, tree, users):
    overdue(tree["district_a"]), on_time(tree["finance"])
    office = make_user("second office", (tree["office"], Role.OFFICE))
    page = text_of(unit_page(browser_as(office), tree["province"]))
    assert "Fallen due 0 2" in page and "only the tasks you can see" not in page


# -- the table as a CSV file ---------------------------------------------------------------------


def csv_lines(response) -> list[list[str]]:
    import csv
    import io

    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_league_table_downloads_as_csv_with_the_page_s_columns_and_closing_rows(browser_as, tree):
    on_time(tree["commune_a1"]), overdue(tree["district_b"]), on_time(tree["province"])
    browser = browser_as("leader")
    page = browser.get(LEAGUE_URL, {"unit": tree["province"].pk})
    assert f"format=csv&amp;unit={tree['province'].pk}" in page.content.decode()
    lines = csv_lines(browser.get(LEAGUE_URL, {"unit": tree["province"].pk, "format": "csv"}))
    assert lines[0] == [
        "Rank",
        "Unit code",
        "Unit",
        "Fallen due",
        "Completed on time",
        "Completed late",
        "Overdue",
        "Completion rate (%)",
        "On-time rate (%)",
    ]
    rows = {line[2]: line for line in lines[1:]}
    assert rows["Hoi An City"] == ["1", "503", "Hoi An City", "1", "1", "0", "0", "100", "100"]
    assert rows["Dai Loc District"][3:] == ["1", "0", "0", "1", "0", "0"]
    assert rows["Quang Nam Province itself"][3:5] == ["1", "1"]
    assert lines[-1][2:5] == ["All together", "3", "2"]


def test_a_district_cannot_download_the_league_of_a_unit_it_cannot_see(browser_as, tree):
    overdue(tree["commune_b1"])
    response = browser_as("district_a_manager").get(
        LEAGUE_URL, {"unit": tree["district_b"].pk, "format": "csv"}
    )
    assert not response["Content-Type"].startswith("text/csv")
    assert "Thị trấn Ái Nghĩa" not in response.content.decode()


def test_the_league_csv_reads_the_same_queries_for_5_or_20_units(browser_as, tree):
    browser = browser_as("leader")

    def queries(parent, units):
        for number in range(units):
            on_time(make_unit(f"Xã {number}", parent))
        with CaptureQueriesContext(connection) as captured:
            response = browser.get(LEAGUE_URL, {"unit": parent.pk, "format": "csv"})
        assert len(csv_lines(response)) == units + 2
        return len(captured)

    assert queries(make_unit("Huyện Năm", tree["province"]), 5) == queries(
        make_unit("Huyện Hai", tree["province"]), 20
    )
