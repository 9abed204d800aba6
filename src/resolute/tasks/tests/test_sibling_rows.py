"""A district that takes part in a provincial task reads its own rows of it, not its siblings':
the coordinating units, the reports, the sub-tasks, on the page and in the export."""

from datetime import date

import pytest

from resolute.tasks import actions

from .factories import TODAY, assign, at_noon, browser_for, read_workbook, report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


@pytest.fixture
def shared_task(tree):
    """A task the province leads, both districts coordinating; each district reports, and the
    province hands a sub-task to each district."""
    task = assign(
        tree["province"],
        assigned_by_unit=tree["party"],
        title="Replace the temporary houses",
        coordinating=[tree["district_a"], tree["district_b"]],
    )
    report(task, unit=tree["district_a"], reported_on=date(2025, 3, 3), narrative="Hoi An built 40 houses.")
    report(task, unit=tree["district_b"], reported_on=date(2025, 3, 4), narrative="Dai Loc built 7 houses.")
    for unit in ("district_a", "district_b"):
        actions.create_subtask(
            acting_user=None,
            parent=task,
            title=f"Houses of {tree[unit].name_en}",
            lead_unit=tree[unit],
            assigned_on=date(2025, 2, 3),
        )
    return task


def test_a_district_does_not_see_its_siblings_rows_on_a_task_they_share(tree, users, shared_task):
    response = browser_for(users["district_a_reporter"]).get(shared_task.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hoi An City" in page and "Hoi An built 40 houses." in page
    assert "Dai Loc" not in page and "Đại Lộc" not in page and "7 houses" not in page
    assert "1 other unit outside your scope" in page
    assert [row.task.lead_unit for row in response.context["subtasks"].rows] == [tree["district_a"]]
    assert "1 sub-task of a unit outside your scope is not listed" in page


def test_the_office_that_assigned_the_task_still_sees_every_row(tree, users, shared_task):
    page = browser_for(users["office"]).get(shared_task.get_absolute_url()).content.decode()
    assert "Dai Loc built 7 houses." in page and "Hoi An built 40 houses." in page
    assert "outside your scope" not in page


def test_a_districts_task_export_names_no_sibling_among_the_coordinating_units(users, shared_task):
    workbook = read_workbook(browser_for(users["district_a_reporter"]).get("/tasks/export.xlsx"))
    cells = [str(cell) for row in workbook["Tasks"].iter_rows(values_only=True) for cell in row]
    assert not any("Dai Loc" in cell or "Đại Lộc" in cell for cell in cells)
    assert any("Hoi An City; 1 other unit" in cell for cell in cells)


def test_a_district_reading_a_shared_task_through_the_api_gets_only_its_own_rows(tree, users, shared_task):
    body = browser_for(users["district_a_reporter"]).get(f"/api/tasks/{shared_task.pk}").json()
    assert [unit["id"] for unit in body["coordinating_units"]] == [tree["district_a"].pk]
    assert [report["narrative"] for report in body["reports"]] == ["Hoi An built 40 houses."]


def test_the_office_reads_every_row_of_the_task_through_the_api(tree, users, shared_task):
    body = browser_for(users["office"]).get(f"/api/tasks/{shared_task.pk}").json()
    coordinating = {unit["id"] for unit in body["coordinating_units"]}
    assert coordinating == {tree["district_a"].pk, tree["district_b"].pk}
    assert len(body["reports"]) == 2
