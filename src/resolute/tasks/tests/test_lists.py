"""The task lists: the full list with its filters, sorting, counts and past days, and the inbox of
the user's units with its tabs and the decisions waiting for the user."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolute.conftest import make_unit, make_user
from resolute.directives.actions import create_document
from resolute.directives.models import DocumentKind
from resolute.orgunits.choices import Role
from resolute.tasks.models import ReportingFrequency, TaskArea
from resolute.tasks.status import OverdueAge, TaskStatus

from .factories import (
    ENGLISH,
    TODAY,
    api_for,
    ask_extension,
    assign,
    at_noon,
    browser_for,
    complete,
    extend,
    propose_completion,
    report,
)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


@pytest.fixture
def tasks(tree):
    """Five tasks from the office, as they stand on 1 July 2025:

    - ring road (Hội An, due 31 March): overdue by 92 days
    - land prices (finance with Hội An coordinating, due 30 September): in progress
    - flood report (Đại Lộc, no deadline, reports monthly, reported 15 June): reporting
    - households (Minh An ward, below Hội An, due 20 June): overdue by 11 days
    - school (Đại Lộc, due 31 May, completion accepted): completed on time
    """
    office = tree["office"]
    return {
        "ring_road": assign(
            tree["district_a"],
            assigned_by_unit=office,
            title="Clear the site of the ring road",
            deadline=date(2025, 3, 31),
            area=TaskArea.SOCIO_ECONOMICS,
        ),
        "land_prices": assign(
            tree["finance"],
            assigned_by_unit=office,
            title="Publish the land price table",
            deadline=date(2025, 9, 30),
            coordinating=[tree["district_a"]],
            area=TaskArea.SOCIO_ECONOMICS,
            description="Prices for every ward, agreed with the districts.",
        ),
        "flood_report": report(
            assign(
                tree["district_b"],
                assigned_by_unit=office,
                title="Report on flood damage",
                reporting_frequency=ReportingFrequency.MONTHLY,
                area=TaskArea.DEFENCE_SECURITY,
            ),
            reported_on=date(2025, 6, 15),
        ).task,
        "households": assign(
            tree["commune_a1"],
            assigned_by_unit=office,
            title="Move the households out of the flood zone",
            deadline=date(2025, 6, 20),
        ),
        "school": complete(
            assign(
                tree["district_b"],
                assigned_by_unit=office,
                title="Open the new school",
                deadline=date(2025, 5, 31),
            ),
            proposed_on=date(2025, 5, 20),
            decided_on=date(2025, 5, 25),
        ).task,
    }


def titles(response) -> list[str]:
    return [task.title for task in response.context["tasks"]]


def listed(user, **filters) -> list[str]:
    response = browser_for(user).get("/tasks/", filters)
    assert response.status_code == 200
    return titles(response)


# -- the full list: visibility and filters -----------------------------------------------------------


def test_the_list_holds_only_the_tasks_of_units_the_user_can_see(tasks, users):
    assert sorted(listed(users["district_b_reporter"])) == ["Open the new school", "Report on flood damage"]
    assert len(listed(users["office"])) == 5


def test_a_visitor_is_sent_to_sign_in(tasks, db):
    response = Client(**ENGLISH).get("/tasks/")
    assert response.status_code == 302
    assert "login" in response.url


def test_the_list_filters_by_status_as_of_today(tasks, users):
    office = users["office"]
    assert sorted(listed(office, status=TaskStatus.OVERDUE)) == [
        "Clear the site of the ring road",
        "Move the households out of the flood zone",
    ]
    assert listed(office, status=TaskStatus.COMPLETED_ON_TIME) == ["Open the new school"]
    assert listed(office, status=TaskStatus.NO_DEADLINE) == ["Report on flood damage"]


def test_the_list_filters_by_how_long_a_task_is_overdue(tasks, users):
    assert listed(users["office"], overdue_age=OverdueAge.UP_TO_30) == [
        "Move the households out of the flood zone"
    ]
    assert listed(users["office"], overdue_age=OverdueAge.UP_TO_120) == ["Clear the site of the ring road"]
    assert listed(users["office"], overdue_age=OverdueAge.OVER_120) == []


def test_a_silent_standing_task_is_found_by_its_status(tree, tasks, users):
    assign(
        tree["district_b"],
        assigned_by_unit=tree["office"],
        title="Report on the rice harvest",
        reporting_frequency=ReportingFrequency.QUARTERLY,
        assigned_on=date(2025, 1, 6),
    )
    assert listed(users["office"], status=TaskStatus.NO_DEADLINE_SILENT) == ["Report on the rice harvest"]


def test_the_unit_filter_takes_the_units_below_and_the_units_part(tree, tasks, users):
    office, hoi_an = users["office"], tree["district_a"].pk
    assert listed(office, unit=hoi_an, role="lead") == ["Clear the site of the ring road"]
    assert listed(office, unit=hoi_an, role="coordinating") == ["Publish the land price table"]
    assert sorted(listed(office, unit=hoi_an)) == [
        "Clear the site of the ring road",
        "Publish the land price table",
    ]
    assert sorted(listed(office, unit=hoi_an, include_below="on", role="lead")) == [
        "Clear the site of the ring road",
        "Move the households out of the flood zone",
    ]


def test_the_list_filters_by_area_deadline_and_words(tasks, users):
    office = users["office"]
    assert sorted(listed(office, area=TaskArea.SOCIO_ECONOMICS)) == [
        "Clear the site of the ring road",
        "Publish the land price table",
    ]
    assert sorted(listed(office, deadline_from="2025-05-01", deadline_to="2025-06-30")) == [
        "Move the households out of the flood zone",
        "Open the new school",
    ]
    assert listed(office, q="ward districts") == ["Publish the land price table"]
    assert sorted(listed(office, q="FLOOD")) == [
        "Move the households out of the flood zone",
        "Report on flood damage",
    ]


def test_the_list_filters_by_source_document_and_supervising_leader(tree, tasks, users):
    conclusion = create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.CONCLUSION,
        title="Conclusion of the provincial conference",
        number="123/TB-TU",
        issued_on=date(2024, 12, 20),
        text="II. Tasks\n1. Finish the coastal road.",
    )
    clause = conclusion.clauses.get(text__startswith="1.")
    from_clause = assign(
        tree["district_a"],
        assigned_by_unit=tree["office"],
        title="Finish the coastal road",
        source_clause=clause,
        supervising_leader=users["leader"],
        deadline=date(2025, 12, 31),
    )
    office = users["office"]
    page = browser_for(office).get("/tasks/")
    assert list(page.context["filter"].form.fields["source_document"].queryset) == [conclusion]
    assert list(page.context["filter"].form.fields["supervising_leader"].queryset) == [users["leader"]]
    assert listed(office, source_document=conclusion.pk) == [from_clause.title]
    assert listed(office, supervising_leader=users["leader"].pk) == [from_clause.title]
    assert listed(office, q="coastal") == [from_clause.title], "the quoted clause is searched too"


def test_a_bad_filter_is_shown_at_its_field_and_the_rest_still_applies(tasks, users):
    response = browser_for(users["office"]).get("/tasks/", {"as_of": "yesterday", "status": "overdue"})
    assert response.status_code == 200
    assert "as_of" in response.context["filter"].form.errors
    assert 'id="id_as_of_error"' in response.content.decode()
    assert len(titles(response)) == 2
    assert response.context["as_of"] == TODAY


# -- sorting and pages ------------------------------------------------------------------------------------


def test_the_list_sorts_by_deadline_with_standing_tasks_last(tasks, users):
    assert listed(users["office"]) == [
        "Clear the site of the ring road",
        "Open the new school",
        "Move the households out of the flood zone",
        "Publish the land price table",
        "Report on flood damage",
    ]
    assert listed(users["office"], sort="-deadline")[:2] == [
        "Publish the land price table",
        "Move the households out of the flood zone",
    ]


def test_sorting_by_status_puts_the_most_urgent_first(tasks, users):
    assert listed(users["office"], sort="status") == [
        "Clear the site of the ring road",
        "Move the households out of the flood zone",
        "Publish the land price table",
        "Report on flood damage",
        "Open the new school",
    ]
    assert listed(users["office"], sort="-status")[0] == "Open the new school"


def test_sorting_by_lead_unit_follows_the_tree(tree, tasks, users):
    ordered = listed(users["office"], sort="lead_unit")
    assert ordered.index("Publish the land price table") < ordered.index("Clear the site of the ring road")
    assert ordered.index("Clear the site of the ring road") < ordered.index(
        "Move the households out of the flood zone"
    )


def test_sorting_by_assignment_date(tree, tasks, users):
    assign(tree["district_a"], assigned_by_unit=tree["office"], title="Latest", assigned_on=date(2025, 6, 1))
    assert listed(users["office"], sort="-assigned_on")[0] == "Latest"
    assert listed(users["office"], sort="assigned_on")[-1] == "Latest"


def test_a_column_header_sorts_and_a_second_click_reverses(tasks, users):
    page = browser_for(users["office"]).get("/tasks/", {"sort": "status"}).content.decode()
    assert 'aria-sort="ascending"' in page
    assert "sort=-status" in page


def test_the_list_pages_by_25(tree, users):
    for number in range(27):
        assign(tree["district_a"], assigned_by_unit=tree["office"], title=f"Task {number:02d}")
    browser = browser_for(users["office"])
    first, second = browser.get("/tasks/"), browser.get("/tasks/", {"page": 2})
    assert (len(titles(first)), len(titles(second))) == (25, 2)
    assert first.context["page_obj"].paginator.count == 27


# -- counts by status --------------------------------------------------------------------------------------


def test_the_counts_by_status_follow_the_other_filters(tree, tasks, users):
    counts = browser_for(users["office"]).get("/tasks/", {"status": "overdue"}).context["counts"]
    assert counts[TaskStatus.OVERDUE] == 2
    assert counts[TaskStatus.IN_PROGRESS] == 1, "the status filter itself does not narrow the counts"
    assert counts[OverdueAge.UP_TO_30] == counts[OverdueAge.UP_TO_120] == 1
    counts = browser_for(users["office"]).get("/tasks/", {"unit": tree["district_b"].pk}).context["counts"]
    assert counts[TaskStatus.COMPLETED_ON_TIME] == counts[TaskStatus.NO_DEADLINE] == 1
    assert counts[TaskStatus.OVERDUE] == 0


def test_the_counts_by_status_are_one_query(tree, tasks, users, django_assert_num_queries):
    from django.test import RequestFactory

    from resolute.tasks.filters import TaskFilter

    request = RequestFactory().get("/tasks/")
    request.user = users["office"]
    filterset = TaskFilter({"area": TaskArea.SOCIO_ECONOMICS}, request=request)
    filterset.is_valid()
    with django_assert_num_queries(1):
        counts = filterset.status_counts()
    assert (counts["total"], counts[TaskStatus.OVERDUE], counts[TaskStatus.IN_PROGRESS]) == (2, 1, 1)


# -- a past day ----------------------------------------------------------------------------------------------


def test_the_units_below_a_unit_are_read_once_for_its_counts_and_its_page(tree, tasks, users):
    browser = browser_for(users["office"])
    hoi_an = tree["district_a"].pk
    browser.get("/tasks/", {"unit": hoi_an})
    with CaptureQueriesContext(connection) as alone:
        browser.get("/tasks/", {"unit": hoi_an})
    with CaptureQueriesContext(connection) as with_below:
        response = browser.get("/tasks/", {"unit": hoi_an, "include_below": "on"})
    assert "Move the households out of the flood zone" in titles(response)
    assert len(with_below.captured_queries) == len(alone.captured_queries) + 1


def test_a_past_day_shows_the_tasks_as_they_stood(tree, tasks, users):
    extend(tasks["ring_road"], decided_on=date(2025, 4, 10), new_deadline=date(2025, 8, 31))
    assign(
        tree["district_a"],
        assigned_by_unit=tree["office"],
        title="Assigned in May",
        assigned_on=date(2025, 5, 2),
    )
    browser = browser_for(users["office"])

    in_april = browser.get("/tasks/", {"as_of": "2025-04-05", "unit": tree["district_a"].pk, "role": "lead"})
    ring_road = in_april.context["tasks"][0]
    assert titles(in_april) == ["Clear the site of the ring road"], "a task assigned later is left out"
    assert (ring_road.deadline_as_of, ring_road.status) == (date(2025, 3, 31), TaskStatus.OVERDUE)
    assert "as they stood on" in in_april.content.decode()

    today = browser.get("/tasks/", {"unit": tree["district_a"].pk, "role": "lead"})
    ring_road = next(
        task for task in today.context["tasks"] if task.title == "Clear the site of the ring road"
    )
    assert (ring_road.deadline_as_of, ring_road.status) == (date(2025, 8, 31), TaskStatus.IN_PROGRESS)
    page = today.content.decode()
    assert '<del><span class="visually-hidden">Original deadline: </span><time datetime="2025-03-31">' in page


def test_a_past_day_shows_the_last_report_made_by_that_day(tree, tasks, users):
    ring_road = tasks["ring_road"]
    report(ring_road, reported_on=date(2025, 3, 3))
    report(ring_road, reported_on=date(2025, 4, 1))
    report(ring_road, reported_on=date(2025, 6, 2))

    def last_reports(day: str) -> dict:
        response = browser_for(users["office"]).get("/tasks/", {"as_of": day})
        return {task.title: task.last_report_on for task in response.context["tasks"]}

    in_april = last_reports("2025-04-05")
    assert in_april["Clear the site of the ring road"] == date(2025, 4, 1)
    assert in_april["Report on flood damage"] is None, "its only report came in June"
    assert last_reports("2025-03-02")["Clear the site of the ring road"] is None
    assert last_reports("2025-06-20")["Report on flood damage"] == date(2025, 6, 15)
    listed_by_api = api_for(users["office"]).get("/api/tasks/", {"as_of": "2025-04-05"}).json()
    by_title = {item["title"]: item["last_report_on"] for item in listed_by_api["items"]}
    assert by_title["Clear the site of the ring road"] == "2025-04-01"


def test_a_completion_accepted_later_does_not_show_on_an_earlier_day(tasks, users):
    in_may = listed(users["office"], as_of="2025-05-22", status=TaskStatus.IN_PROGRESS)
    assert "Open the new school" in in_may, "proposed on 20 May but only accepted on 25 May"


# -- the page itself -----------------------------------------------------------------------------------------


def test_the_list_shows_status_badges_and_keeps_filters_in_the_export_link(tasks, users):
    page = (
        browser_for(users["office"]).get("/tasks/", {"area": "socio_economics", "page": "1"}).content.decode()
    )
    assert '<span class="badge badge--bad">Overdue by 31–120 days</span>' in page
    assert '<span class="badge">In progress within the deadline</span>' in page
    assert 'href="/tasks/export.xlsx?area=socio_economics"' in page


def test_an_empty_list_says_what_to_do(users):
    page = browser_for(users["district_b_reporter"]).get("/tasks/").content.decode()
    assert "There are no tasks you can see yet." in page
    filtered = browser_for(users["district_b_reporter"]).get("/tasks/", {"q": "nothing"}).content.decode()
    assert "No task matches these filters." in filtered


def test_an_htmx_request_gets_only_the_results(tasks, users):
    response = browser_for(users["office"]).get("/tasks/", {"status": "overdue"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="task-results">')
    assert "Clear the site of the ring road" in page


def test_the_list_makes_the_same_queries_for_few_or_many_tasks(tree, users, django_assert_max_num_queries):
    def add_tasks(count, start):
        for number in range(start, start + count):
            task = assign(
                tree["district_a"] if number % 2 else tree["commune_a1"],
                assigned_by_unit=tree["office"],
                title=f"Task {number}",
                deadline=date(2025, 3, 1 + number % 28),
                coordinating=[tree["finance"]],
            )
            report(task, reported_on=date(2025, 2, 1))

    browser = browser_for(users["office"])
    add_tasks(5, 0)
    browser.get("/tasks/")
    with django_assert_max_num_queries(20) as few:
        browser.get("/tasks/", {"sort": "status"})
    add_tasks(35, 5)
    with django_assert_max_num_queries(20) as many:
        response = browser.get("/tasks/", {"sort": "status"})
    assert len(titles(response)) == 25
    assert len(many.captured_queries) == len(few.captured_queries)


# -- the inbox ----------------------------------------------------------------------------------------


def inbox(user, **params):
    response = browser_for(user).get("/tasks/inbox/", params)
    assert response.status_code == 200
    return response


def tab_counts(response) -> dict[str, int]:
    return {tab["name"]: tab["count"] for tab in response.context["tabs"]}


def test_the_inbox_has_a_tab_for_what_our_units_lead_coordinate_and_assigned(tasks, users):
    response = inbox(users["district_a_reporter"])
    assert tab_counts(response) == {"lead": 2, "coordinating": 1, "assigned": 0}
    assert titles(response) == [
        "Clear the site of the ring road",
        "Move the households out of the flood zone",
    ]
    assert titles(inbox(users["district_a_reporter"], tab="coordinating")) == ["Publish the land price table"]
    assert "We lead (2)" in response.content.decode()


def test_the_office_finds_what_it_assigned(tasks, users):
    response = inbox(users["office"])
    assert tab_counts(response) == {"lead": 0, "coordinating": 0, "assigned": 4}
    assert response.context["tab"] == "assigned", "the first tab with something in it opens"
    assert titles(response)[:2] == [
        "Clear the site of the ring road",
        "Move the households out of the flood zone",
    ]


def test_finished_tasks_leave_the_inbox_unless_asked_for(tasks, users):
    assert titles(inbox(users["district_b_reporter"])) == ["Report on flood damage"]
    with_finished = inbox(users["district_b_reporter"], finished="1")
    assert sorted(titles(with_finished)) == ["Open the new school", "Report on flood damage"]
    assert tab_counts(with_finished)["lead"] == 2


def test_the_inbox_shows_the_status_today_and_the_last_report(tasks, users):
    page = inbox(users["district_b_reporter"]).content.decode()
    assert '<span class="badge badge--muted">No deadline, reporting</span>' in page
    assert "No deadline; reports monthly" in page
    assert '<time datetime="2025-06-15">' in page


def test_the_inbox_lists_the_decisions_waiting_for_the_user(tasks, users):
    ask_extension(tasks["ring_road"], requested_on=date(2025, 6, 25), proposed_deadline=date(2025, 9, 30))
    proposal = propose_completion(tasks["households"], proposed_on=date(2025, 6, 28))
    office = inbox(users["office"])
    extension = office.context["pending_extensions"][0]
    assert [p.pk for p in office.context["pending_completions"]] == [proposal.pk]
    page = office.content.decode()
    assert "Waiting for your decision" in page
    assert f'href="{reverse("tasks:extension_decide", args=[extension.pk])}"' in page
    assert f'href="{reverse("tasks:completion_decide", args=[proposal.pk])}"' in page
    reporter = inbox(users["district_a_reporter"])
    assert reporter.context["pending_extensions"] == reporter.context["pending_completions"] == []
    assert "Waiting for your decision" not in reporter.content.decode()


def test_a_unit_manager_decides_on_the_sub_tasks_it_assigned(tree, tasks, users):
    subtask = assign(
        tree["commune_a1"],
        assigned_by_unit=tree["district_a"],
        title="Count the households",
        deadline=date(2025, 6, 30),
    )
    propose_completion(subtask, proposed_on=date(2025, 6, 29))
    manager = inbox(users["district_a_manager"])
    assert [p.task.title for p in manager.context["pending_completions"]] == ["Count the households"]
    assert tab_counts(manager)["assigned"] == 1
    assert inbox(users["office"]).context["pending_completions"] == [], "the district follows it up"


def test_someone_in_no_unit_is_told_what_to_do(tasks, db):
    loner = make_user("loner")
    page = inbox(loner).content.decode()
    assert "You are not a member of any unit" in page


def test_an_empty_tab_says_what_to_do(tree, tasks, users):
    youth_union = make_unit("Tỉnh đoàn", tree["province"])
    response = inbox(make_user("youth", (youth_union, Role.REPORTER)))
    assert response.context["tab"] == "lead"
    assert "Your units lead no unfinished task." in response.content.decode()


def test_the_inbox_makes_the_same_queries_for_few_or_many_tasks(tree, users, django_assert_max_num_queries):
    def add_tasks(count, start):
        for number in range(start, start + count):
            task = assign(
                tree["district_a"],
                assigned_by_unit=tree["office"],
                title=f"Task {number}",
                deadline=date(2025, 3, 1 + number % 28),
                coordinating=[tree["commune_a1"]],
            )
            if number % 3 == 0:
                ask_extension(task, requested_on=date(2025, 6, 1), proposed_deadline=date(2025, 12, 31))
            else:
                propose_completion(task, proposed_on=date(2025, 6, 1))

    browser = browser_for(users["office"])
    add_tasks(5, 0)
    browser.get("/tasks/inbox/")
    with django_assert_max_num_queries(20) as few:
        browser.get("/tasks/inbox/")
    add_tasks(35, 5)
    with django_assert_max_num_queries(20) as many:
        response = browser.get("/tasks/inbox/")
    assert len(titles(response)) == 25
    assert len(response.context["pending_completions"]) > 20
    assert len(many.captured_queries) == len(few.captured_queries)
