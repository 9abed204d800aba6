"""The task list answers from indexes by taking shortcuts that must change nothing a user sees:
leaving out the visibility condition where the unit filter implies it, counting what a unit leads
or coordinates in two parts, taking the list's length from its counts, and letting whoever covers
every tree see every task without a condition."""

from datetime import date

import pytest
from django.test import RequestFactory

from resolute.conftest import make_unit, make_user
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind
from resolute.orgunits.scope import forget_scope, scope_for
from resolute.tasks.filters import TaskFilter
from resolute.tasks.models import Task
from resolute.tasks.status import TaskStatus

from .factories import TODAY, api_for, assign, at_noon, browser_for, complete

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


@pytest.fixture
def tasks(tree):
    """Hội An leads two tasks (one overdue), coordinates one the province's finance department leads,
    and both leads and — through its ward — coordinates a fourth; Đại Lộc leads one task."""
    office = tree["office"]
    return {
        "ring_road": assign(tree["district_a"], assigned_by_unit=office, deadline=date(2025, 3, 31)),
        "market": assign(tree["district_a"], assigned_by_unit=office, deadline=date(2025, 9, 30)),
        "land_prices": assign(
            tree["finance"],
            assigned_by_unit=office,
            deadline=date(2025, 5, 30),
            coordinating=[tree["district_a"]],
        ),
        "river_bank": assign(
            tree["district_a"],
            assigned_by_unit=office,
            deadline=date(2025, 4, 30),
            coordinating=[tree["commune_a1"]],
        ),
        "school": assign(tree["district_b"], assigned_by_unit=office, deadline=date(2025, 5, 31)),
    }


def filtered(user, **data) -> TaskFilter:
    request = RequestFactory().get("/")
    request.user = user
    filterset = TaskFilter({key: str(value) for key, value in data.items()}, request=request)
    assert filterset.is_valid(), filterset.errors
    return filterset


def titles_of(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_a_unit_and_the_units_below_it_are_counted_once_for_a_task_they_lead_and_coordinate(
    users, tree, tasks
):
    filterset = filtered(users["office"], unit=tree["district_a"].pk, include_below="on")
    counts = filterset.status_counts()
    shown = titles_of(filterset.qs)
    assert shown == {tasks[name].pk for name in ("ring_road", "market", "land_prices", "river_bank")}
    assert counts["total"] == len(shown) == 4
    # Overdue on 1 July 2025: the ring road, the land prices and the river bank.
    assert counts[TaskStatus.OVERDUE] == 3
    assert counts[TaskStatus.IN_PROGRESS] == 1
    assert filterset.count_from(counts) == 4
    overdue = filtered(users["office"], unit=tree["district_a"].pk, include_below="on", status="overdue")
    assert overdue.count_from(overdue.status_counts()) == overdue.qs.count() == 3


def test_the_length_of_the_list_is_read_from_its_counts_for_any_status_and_age(users, tree, tasks):
    for data in (
        {},
        {"status": TaskStatus.OVERDUE},
        {"status": TaskStatus.IN_PROGRESS, "overdue_age": "1-30"},
        {"overdue_age": "31-120"},
        {"status": TaskStatus.OVERDUE, "overdue_age": "31-120", "unit": tree["district_a"].pk},
        {"unit": tree["district_a"].pk, "role": "coordinating"},
    ):
        filterset = filtered(users["office"], **data)
        assert filterset.count_from(filterset.status_counts()) == filterset.qs.count(), data


def test_a_district_filtering_by_the_province_above_it_still_sees_only_its_own_tasks(users, tree, tasks):
    """The province is shown to Hội An (the chain above its unit) but not covered: the visibility
    condition stays."""
    filterset = filtered(users["district_a_reporter"], unit=tree["province"].pk, include_below="on")
    assert not filterset.unit_filter_implies_visibility(filterset.form.cleaned_data)
    assert titles_of(filterset.qs) == {
        tasks[name].pk for name in ("ring_road", "market", "land_prices", "river_bank")
    }
    assert filterset.status_counts()["total"] == 4


def test_a_district_filtering_by_its_own_subtree_skips_the_visibility_condition(users, tree, tasks):
    filterset = filtered(users["district_a_reporter"], unit=tree["district_a"].pk, include_below="on")
    assert filterset.unit_filter_implies_visibility(filterset.form.cleaned_data)
    # The visibility condition reads the assigning unit's place in the tree; the unit filter does not.
    assert 'ON ("tasks_task"."assigned_by_unit_id"' not in str(filterset.qs.query)
    assert 'ON ("tasks_task"."assigned_by_unit_id"' in str(
        Task.objects.visible_to(users["district_a_reporter"]).query
    )
    assert tasks["school"].pk not in titles_of(filterset.qs)


def test_the_list_page_and_the_api_give_the_same_total(users, tree, tasks):
    url = f"?unit={tree['district_a'].pk}&include_below=on&status=overdue"
    page = browser_for(users["district_a_reporter"]).get(f"/tasks/{url}")
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == 3
    api = api_for(users["district_a_reporter"]).get(f"/api/tasks/{url.replace('=on', '=true')}")
    assert api.json()["count"] == 3
    assert {item["id"] for item in api.json()["items"]} == {
        tasks[name].pk for name in ("ring_road", "land_prices", "river_bank")
    }


def test_whoever_covers_the_whole_tree_sees_every_task_without_a_condition(tree, tasks):
    national = make_user("national", (tree["province"], Role.VIEWER))
    assert scope_for(national).covers_every_unit
    assert str(Task.objects.visible_to(national).query) == str(Task.objects.all().query)
    complete(tasks["school"], proposed_on=date(2025, 5, 20), decided_on=date(2025, 5, 22))
    assert filtered(national).status_counts()[TaskStatus.COMPLETED_ON_TIME] == 1


def test_a_second_tree_keeps_its_tasks_from_those_who_cover_only_the_first(tree, tasks, users):
    other_country = make_unit("Tỉnh khác", kind=OrgUnitKind.PROVINCE, code="99")
    elsewhere = assign(other_country, assigned_by_unit=other_country, deadline=date(2025, 8, 1))
    national = make_user("national", (tree["province"], Role.VIEWER))
    forget_scope(national)
    assert not scope_for(national).covers_every_unit
    assert elsewhere.pk not in titles_of(Task.objects.visible_to(national))
    assert tasks["school"].pk in titles_of(Task.objects.visible_to(national))
    both = make_user("both", (tree["province"], Role.VIEWER), (other_country, Role.VIEWER))
    assert scope_for(both).covers_every_unit
    assert elsewhere.pk in titles_of(Task.objects.visible_to(both))
