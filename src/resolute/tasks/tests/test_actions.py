"""The follow-up actions: assigning, splitting, editing, reporting, extensions, completion,
cancellation and comments — the rules they enforce, who may call them, and that a refusal leaves
nothing half-written.

The fixtures here are shared with the follow-up page and permission tests of this app."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from resolute.conftest import make_unit
from resolute.core.changelog import history_of
from resolute.core.exceptions import StaleObjectError
from resolute.core.models import ChangeLogEntry
from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.orgunits.models import OrgUnitKind
from resolute.tasks import actions, selectors
from resolute.tasks.models import (
    Decision,
    Evidence,
    ExtensionRequest,
    Obstacle,
    ObstacleCategory,
    ProgressReport,
    ReportingFrequency,
    Task,
    TaskComment,
)
from resolute.tasks.status import TaskStatus

# The day the tests run on: the actions refuse dates after it, and statuses are judged on it.
TODAY = date(2025, 7, 15)
ASSIGNED_ON = date(2025, 1, 10)
DEADLINE = date(2025, 6, 30)
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def english_on_a_fixed_day(time_machine):
    time_machine.move_to(datetime(2025, 7, 15, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    translation.activate("en")
    yield
    translation.deactivate()


# -- shared fixtures and helpers -------------------------------------------------------------------


def pdf_file(name="minutes.pdf", size=None):
    content = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    if size is not None:
        content = b"%PDF-" + b"0" * (size - 5)
    return SimpleUploadedFile(name, content, "application/pdf")


def png_file(name="site.png"):
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png")


def disguised_program(name="report.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "application/pdf")


def browser_for(user) -> Client:
    browser = Client(**ENGLISH)
    browser.force_login(user)
    return browser


@pytest.fixture(name="conclusion")
def conclusion_fixture(tree):
    """A conclusion kept by the Provincial Party Committee, split into clauses."""
    return document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.CONCLUSION,
        title="Conclusion of the provincial conference",
        number="123/TB-TU",
        issued_on=date(2024, 12, 20),
        text=(
            "II. Tasks for 2025\n"
            "Complete the replacement of 10,945 temporary houses by the end of 2025. "
            "Districts report monthly.\n"
            "Speed up the disbursement of public investment capital."
        ),
    )


def assign(tree, acting_user=None, **overrides) -> Task:
    """A task the Party Committee gives Hội An, with the Department of Finance coordinating."""
    values = {
        "title": "Replace the temporary houses",
        "lead_unit": tree["district_a"],
        "assigned_by_unit": tree["party"],
        "assigned_on": ASSIGNED_ON,
        "coordinating_units": [tree["finance"]],
        "deadline": DEADLINE,
    }
    values.update(overrides)
    return actions.create_task(acting_user=acting_user, **values)


@pytest.fixture(name="task")
def task_fixture(tree, users):
    return assign(tree, users["office"])


@pytest.fixture(name="subtask")
def subtask_fixture(task, tree, users):
    return actions.create_subtask(
        acting_user=users["district_a_manager"],
        parent=task,
        title="Replace the houses of Minh An ward",
        lead_unit=tree["commune_a1"],
        assigned_on=date(2025, 2, 1),
        deadline=date(2025, 5, 31),
    )


def report(task, unit=None, acting_user=None, **overrides) -> ProgressReport:
    values = {"reported_on": date(2025, 3, 14), "narrative": "Site surveys done.", "percent_complete": 30}
    values.update(overrides)
    return actions.report_progress(acting_user=acting_user, task=task, unit=unit or task.lead_unit, **values)


def fresh(task) -> Task:
    return Task.objects.get(pk=task.pk)


def errors_of(raised) -> dict:
    return raised.value.message_dict


# -- assigning -------------------------------------------------------------------------------------


def test_the_office_assigns_a_task_with_a_lead_and_coordinating_units_and_it_is_logged(tree, users):
    task = assign(tree, users["office"], coordinating_units=[tree["finance"], tree["district_b"]])
    assert task.lead_unit == tree["district_a"]
    assert set(task.coordinating_units.all()) == {tree["finance"], tree["district_b"]}
    assert (task.original_deadline, task.deadline) == (DEADLINE, DEADLINE)
    assert task.assigned_by == users["office"]
    entry = history_of(task).get()
    assert entry.action == ChangeLogEntry.Action.CREATE
    assert entry.actor == users["office"]
    assert entry.changes["lead_unit"]["new"] == str(tree["district_a"])
    assert entry.changes["deadline"]["new"] == "2025-06-30"


def test_a_task_made_from_a_clause_quotes_it_and_names_its_document(tree, users, conclusion):
    clause = conclusion.clauses.get(anchor="II-p1")
    task = assign(tree, users["office"], source_clause=clause)
    assert task.source_document == conclusion
    assert task.source_text.startswith("Complete the replacement of 10,945 temporary houses")


def test_a_standing_task_has_no_deadline_and_reports_on_a_schedule(tree, users):
    task = assign(tree, users["office"], deadline=None, reporting_frequency=ReportingFrequency.MONTHLY)
    assert task.is_standing
    assert task.reporting_frequency == "monthly"


def test_a_deadline_before_the_assignment_is_refused_at_the_deadline(tree, users):
    with pytest.raises(ValidationError) as raised:
        assign(tree, users["office"], deadline=date(2025, 1, 9))
    assert "before the assignment date" in errors_of(raised)["deadline"][0]
    assert not Task.objects.exists()


def test_the_lead_unit_cannot_also_coordinate(tree, users):
    with pytest.raises(ValidationError) as raised:
        assign(tree, users["office"], coordinating_units=[tree["district_a"]])
    assert "cannot also be a coordinating unit" in errors_of(raised)["coordinating_units"][0]


def test_a_closed_unit_can_neither_lead_nor_coordinate(tree, users):
    closed = make_unit(
        "Old department", tree["committee"], OrgUnitKind.DEPARTMENT, effective_to=date(2024, 12, 31)
    )
    with pytest.raises(ValidationError) as raised:
        assign(tree, users["office"], lead_unit=closed, coordinating_units=[closed, tree["finance"]])
    errors = errors_of(raised)
    assert "closed on" in errors["lead_unit"][0]
    assert "cannot also be a coordinating unit" in errors["coordinating_units"][0]
    with pytest.raises(ValidationError) as raised:
        assign(tree, users["office"], coordinating_units=[closed])
    assert "closed on" in errors_of(raised)["coordinating_units"][0]


def test_only_an_office_assigns_tasks_and_nothing_is_written_when_refused(tree, users):
    logged = ChangeLogEntry.objects.count()
    for role in ["district_a_manager", "district_a_reporter", "leader", "finance"]:
        with pytest.raises(PermissionDenied):
            assign(tree, users[role])
    assert not Task.objects.exists()
    assert ChangeLogEntry.objects.count() == logged


def test_an_office_cannot_assign_in_the_name_of_a_body_it_does_not_serve(tree, users, db):
    from resolute.conftest import make_user
    from resolute.orgunits.choices import Role

    district_office_unit = make_unit("Hoi An Party Office", tree["district_a"], OrgUnitKind.AGENCY)
    district_office = make_user("hoian_office", (district_office_unit, Role.OFFICE))
    with pytest.raises(PermissionDenied):
        assign(tree, district_office, lead_unit=tree["commune_a1"], coordinating_units=[])
    with pytest.raises(PermissionDenied):
        assign(tree, district_office, lead_unit=tree["district_b"], assigned_by_unit=tree["district_a"])
    task = assign(
        tree,
        district_office,
        lead_unit=tree["commune_a1"],
        assigned_by_unit=tree["district_a"],
        coordinating_units=[],
    )
    assert task.assigned_by_unit == tree["district_a"]


# -- splitting into sub-tasks ----------------------------------------------------------------------


def test_the_lead_units_manager_splits_a_task_for_a_unit_below(task, subtask, tree):
    assert subtask.parent == task
    assert subtask.assigned_by_unit == tree["district_a"]
    assert subtask.lead_unit == tree["commune_a1"]
    assert (subtask.area, subtask.priority) == (task.area, task.priority)
    assert subtask.deadline_after_parent_reason == ""


def test_a_sub_task_goes_strictly_below_the_parents_lead_unit(task, tree, users):
    for unit in [tree["district_a"], tree["commune_b1"]]:
        with pytest.raises(ValidationError) as raised:
            actions.create_subtask(
                acting_user=users["district_a_manager"],
                parent=task,
                title="Elsewhere",
                lead_unit=unit,
                assigned_on=date(2025, 2, 1),
            )
        assert "below Hoi An City" in errors_of(raised)["lead_unit"][0]
    assert not task.subtasks.exists()


def test_a_manager_cannot_split_a_task_led_by_another_unit(tree, users):
    other = assign(tree, users["office"], lead_unit=tree["district_b"], coordinating_units=[])
    with pytest.raises(PermissionDenied):
        actions.create_subtask(
            acting_user=users["district_a_manager"],
            parent=other,
            title="Not ours",
            lead_unit=tree["commune_b1"],
            assigned_on=date(2025, 2, 1),
        )
    with pytest.raises(PermissionDenied):
        actions.create_subtask(
            acting_user=users["district_a_reporter"],
            parent=assign(tree),
            title="A reporter does not split",
            lead_unit=tree["commune_a1"],
            assigned_on=date(2025, 2, 1),
        )


def test_a_sub_task_due_after_its_parent_needs_a_reason_and_is_then_flagged(task, tree, users):
    values = {
        "acting_user": users["district_a_manager"],
        "parent": task,
        "title": "Late part",
        "lead_unit": tree["commune_a1"],
        "assigned_on": date(2025, 2, 1),
        "deadline": date(2025, 8, 31),
    }
    with pytest.raises(ValidationError) as raised:
        actions.create_subtask(**values)
    assert "state why" in errors_of(raised)["deadline_after_parent_reason"][0]
    subtask = actions.create_subtask(**values, deadline_after_parent_reason="The rainy season.")
    assert subtask.deadline_after_parent_reason == "The rainy season."
    row = selectors.subtask_progress(task).rows[0]
    assert row.deadline_after_parent


def test_a_sub_task_is_not_assigned_before_its_parent(task, tree, users):
    with pytest.raises(ValidationError) as raised:
        actions.create_subtask(
            acting_user=users["district_a_manager"],
            parent=task,
            title="Too early",
            lead_unit=tree["commune_a1"],
            assigned_on=date(2025, 1, 1),
        )
    assert "before the task it splits" in errors_of(raised)["assigned_on"][0]


# -- editing ---------------------------------------------------------------------------------------


def test_the_assigning_office_edits_a_task_and_the_version_moves_on(task, tree, users):
    saved = actions.update_task(
        acting_user=users["office"],
        task=task,
        expected_version=1,
        title="Replace every temporary house",
        coordinating_units=[tree["district_b"]],
    )
    assert saved.version == 2
    assert list(saved.coordinating_units.all()) == [tree["district_b"]]
    changes = history_of(task).first().changes
    assert changes["title"] == {"old": "Replace the temporary houses", "new": "Replace every temporary house"}
    assert changes["coordinating_units"]["new"] == [str(tree["district_b"])]


def test_an_edit_that_changes_nothing_writes_nothing(task, users):
    saved = actions.update_task(acting_user=users["office"], task=task, expected_version=1, title=task.title)
    assert saved.version == 1
    assert history_of(task).count() == 1


def test_a_stale_edit_is_refused_naming_who_changed_the_task_and_nothing_is_written(task, users):
    actions.update_task(acting_user=users["admin"], task=task, expected_version=1, title="Changed first")
    with pytest.raises(StaleObjectError) as raised:
        actions.update_task(
            acting_user=users["office"], task=task, expected_version=1, title="Changed second"
        )
    assert raised.value.changed_by == "admin"
    assert fresh(task).title == "Changed first"


def test_only_the_assigning_side_may_edit(task, users):
    for role in ["district_a_manager", "district_a_reporter", "leader", "finance"]:
        with pytest.raises(PermissionDenied):
            actions.update_task(acting_user=users[role], task=task, title="Mine now")
    assert fresh(task).title == "Replace the temporary houses"


# -- reporting progress ----------------------------------------------------------------------------


def test_the_lead_unit_reports_progress_with_obstacles_and_evidence(task, users):
    report_ = report(
        task,
        acting_user=users["district_a_reporter"],
        obstacles=[(ObstacleCategory.SITE_CLEARANCE, "Two households disagree with the compensation.")],
        files=[pdf_file("minutes.pdf"), png_file("site.png")],
    )
    assert (report_.unit, report_.percent_complete, report_.submitted_by) == (
        task.lead_unit,
        30,
        users["district_a_reporter"],
    )
    obstacle = report_.obstacles.get()
    assert obstacle.category == "site_clearance"
    assert sorted(report_.files.values_list("original_name", "content_type")) == [
        ("minutes.pdf", "application/pdf"),
        ("site.png", "image/png"),
    ]
    assert all(evidence.task_id == task.pk for evidence in report_.files.all())
    # A report adds to the record: nobody's open form goes stale because of it.
    assert fresh(task).version == 1


def test_a_percentage_outside_0_to_100_is_refused_at_the_field(task):
    for percent in [101, -1]:
        with pytest.raises(ValidationError) as raised:
            report(task, percent_complete=percent)
        assert errors_of(raised)["percent_complete"] == ["Enter a percentage from 0 to 100."]
    assert not ProgressReport.objects.exists()


def test_a_report_is_dated_between_the_assignment_and_today(task):
    with pytest.raises(ValidationError) as raised:
        report(task, reported_on=date(2025, 1, 9))
    assert "before the task was assigned" in errors_of(raised)["reported_on"][0]
    with pytest.raises(ValidationError) as raised:
        report(task, reported_on=date(2025, 7, 16))
    assert "in the future" in errors_of(raised)["reported_on"][0]
    assert report(task, reported_on=TODAY).reported_on == TODAY


def test_a_coordinating_unit_reports_its_own_part_but_not_for_the_lead(task, tree, users):
    own = report(task, unit=tree["finance"], acting_user=users["finance"], percent_complete=None)
    assert own.unit == tree["finance"]
    with pytest.raises(PermissionDenied):
        report(task, unit=tree["district_a"], acting_user=users["finance"])


def test_a_unit_that_is_not_on_the_task_cannot_report_on_it(task, tree):
    with pytest.raises(ValidationError) as raised:
        report(task, unit=tree["district_b"])
    assert "neither the lead unit nor a coordinating unit" in errors_of(raised)["unit"][0]


def test_a_reporter_of_another_district_or_a_viewer_cannot_report(task, users):
    for role in ["district_b_reporter", "leader"]:
        with pytest.raises(PermissionDenied):
            report(task, acting_user=users[role])
    assert not ProgressReport.objects.exists()


def test_a_bad_file_among_good_ones_leaves_nothing_written(task, users):
    with pytest.raises(ValidationError) as raised:
        report(
            task,
            acting_user=users["district_a_reporter"],
            obstacles=[(ObstacleCategory.CAPITAL, "No capital yet.")],
            files=[pdf_file(), disguised_program("report.pdf")],
        )
    assert "is not a PDF" in errors_of(raised)["files"][0]
    assert not ProgressReport.objects.exists()
    assert not Obstacle.objects.exists()
    assert not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused_naming_the_limit(task, settings):
    settings.RESOLUTE_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as raised:
        report(task, files=[pdf_file("scan.pdf", size=2048)])
    assert "the largest file accepted is 1.0\xa0KB" in errors_of(raised)["files"][0]
    assert not ProgressReport.objects.exists()


def test_a_report_is_corrected_by_a_new_report_that_names_it(task, tree):
    first = report(task, percent_complete=30)
    correction = report(
        task, corrects=first, percent_complete=25, narrative="Only 25%: one site was counted twice."
    )
    assert correction.corrects == first
    assert ProgressReport.objects.get(pk=first.pk).percent_complete == 30
    with pytest.raises(ValidationError) as raised:
        report(task, unit=tree["finance"], corrects=first)
    assert "corrected by the unit that made it" in errors_of(raised)["corrects"][0]


def test_an_obstacle_needs_a_known_kind_and_a_description(task):
    for obstacle in [("weather", "Storms."), (ObstacleCategory.CAPITAL, "  ")]:
        with pytest.raises(ValidationError) as raised:
            report(task, obstacles=[obstacle])
        assert "obstacles" in errors_of(raised)


# -- extensions ------------------------------------------------------------------------------------


def ask(task, acting_user=None, **overrides):
    values = {
        "requested_on": date(2025, 6, 20),
        "proposed_deadline": date(2025, 9, 30),
        "reason": "Site clearance is late.",
    }
    values.update(overrides)
    return actions.request_extension(acting_user=acting_user, task=task, **values)


def test_an_approved_extension_moves_the_deadline_and_keeps_the_original_on_record(task, users, conclusion):
    request = ask(
        task, users["district_a_reporter"], request_document=conclusion, files=[pdf_file("letter.pdf")]
    )
    assert (request.current_deadline, request.decision) == (DEADLINE, Decision.PENDING)
    assert fresh(task).version == 2
    assert request.files.get().original_name == "letter.pdf"
    decided = actions.decide_request(
        acting_user=users["office"],
        request=request,
        approve=True,
        decided_on=date(2025, 6, 25),
        expected_version=2,
    )
    assert (decided.decision, decided.decided_by) == (Decision.APPROVED, users["office"])
    task = fresh(task)
    assert (task.original_deadline, task.deadline, task.version) == (DEADLINE, date(2025, 9, 30), 3)
    assert history_of(task).first().changes["deadline"] == {"old": "2025-06-30", "new": "2025-09-30"}
    assert Task.objects.as_of(TODAY).get(pk=task.pk).status == TaskStatus.IN_PROGRESS


def test_the_proposed_deadline_must_be_after_the_current_one(task):
    for proposed in [DEADLINE, date(2025, 6, 1)]:
        with pytest.raises(ValidationError) as raised:
            ask(task, proposed_deadline=proposed)
        assert "after the current deadline (30/06/2025)" in errors_of(raised)["proposed_deadline"][0]
    assert not ExtensionRequest.objects.exists()
    assert fresh(task).version == 1


def test_a_rejection_needs_a_comment_and_leaves_the_deadline(task, users):
    request = ask(task)
    with pytest.raises(ValidationError) as raised:
        actions.decide_request(acting_user=users["office"], request=request, approve=False, decided_on=TODAY)
    assert errors_of(raised)["comment"] == ["Say why the extension is rejected."]
    actions.decide_request(
        acting_user=users["office"],
        request=request,
        approve=False,
        decided_on=TODAY,
        comment="Finish on time.",
    )
    assert fresh(task).deadline == DEADLINE
    assert ExtensionRequest.objects.get().decision_comment == "Finish on time."


def test_a_request_already_decided_cannot_be_decided_again(task, users):
    request = ask(task)
    actions.decide_request(acting_user=users["office"], request=request, approve=True, decided_on=TODAY)
    with pytest.raises(ValidationError) as raised:
        actions.decide_request(
            acting_user=users["office"], request=request, approve=False, decided_on=TODAY, comment="No"
        )
    assert "already decided" in errors_of(raised)["decision"][0]


def test_one_extension_request_at_a_time(task):
    ask(task)
    with pytest.raises(ValidationError) as raised:
        ask(task, proposed_deadline=date(2025, 10, 31))
    assert "still waiting for a decision" in errors_of(raised)[NON_FIELD_ERRORS][0]


def test_a_task_without_a_deadline_has_nothing_to_extend(tree):
    standing = assign(tree, deadline=None, reporting_frequency=ReportingFrequency.QUARTERLY)
    with pytest.raises(ValidationError) as raised:
        ask(standing)
    assert errors_of(raised)["proposed_deadline"] == ["This task has no deadline to extend."]


def test_only_the_lead_unit_asks_and_only_the_assigning_unit_decides(task, users):
    for role in ["finance", "leader", "district_b_reporter"]:
        with pytest.raises(PermissionDenied):
            ask(task, users[role])
    request = ask(task, users["district_a_manager"])
    for role in ["district_a_manager", "district_a_reporter", "finance", "leader"]:
        with pytest.raises(PermissionDenied):
            actions.decide_request(acting_user=users[role], request=request, approve=True, decided_on=TODAY)
    assert ExtensionRequest.objects.get().decision == Decision.PENDING


def test_the_parents_lead_unit_decides_the_extensions_of_a_sub_task(subtask, users):
    request = ask(subtask, requested_on=date(2025, 5, 20), proposed_deadline=date(2025, 6, 15))
    with pytest.raises(PermissionDenied):
        actions.decide_request(
            acting_user=users["district_b_reporter"], request=request, approve=True, decided_on=TODAY
        )
    actions.decide_request(
        acting_user=users["district_a_manager"], request=request, approve=True, decided_on=TODAY
    )
    assert fresh(subtask).deadline == date(2025, 6, 15)


def test_a_stale_decision_is_refused_and_nothing_is_written(task, users):
    request = ask(task)  # version 2
    actions.add_comment(acting_user=users["leader"], task=task, text="Please decide quickly.")
    actions.update_task(acting_user=users["admin"], task=task, priority="high")  # version 3
    with pytest.raises(StaleObjectError) as raised:
        actions.decide_request(
            acting_user=users["office"], request=request, approve=True, decided_on=TODAY, expected_version=2
        )
    assert raised.value.changed_by == "admin"
    assert ExtensionRequest.objects.get().decision == Decision.PENDING
    assert fresh(task).deadline == DEADLINE


def test_a_request_is_not_dated_before_the_previous_decision(task, users):
    first = ask(task, requested_on=date(2025, 6, 1))
    actions.decide_request(
        acting_user=users["office"], request=first, approve=False, decided_on=date(2025, 6, 10), comment="No."
    )
    with pytest.raises(ValidationError) as raised:
        ask(task, requested_on=date(2025, 6, 5))
    assert "before the previous extension was decided" in errors_of(raised)["requested_on"][0]


# -- completion ------------------------------------------------------------------------------------


def test_an_accepted_completion_completes_the_task_on_the_day_it_was_proposed(task, users):
    proposal = actions.propose_completion(
        acting_user=users["district_a_reporter"],
        task=task,
        proposed_on=date(2025, 7, 5),
        result="All 120 houses replaced.",
        files=[pdf_file("acceptance.pdf")],
    )
    assert proposal.files.count() == 1
    actions.decide_request(acting_user=users["office"], request=proposal, approve=True, decided_on=TODAY)
    task = fresh(task)
    assert task.completed_on == date(2025, 7, 5)
    assert Task.objects.as_of(TODAY).get(pk=task.pk).status == TaskStatus.COMPLETED_LATE


def test_a_returned_completion_needs_a_reason_and_leaves_the_task_open(task, users):
    proposal = actions.propose_completion(
        acting_user=None, task=task, proposed_on=date(2025, 6, 20), result="Done."
    )
    with pytest.raises(ValidationError) as raised:
        actions.decide_request(acting_user=users["office"], request=proposal, approve=False, decided_on=TODAY)
    assert errors_of(raised)["comment"] == ["Say why the completion is returned."]
    actions.decide_request(
        acting_user=users["office"],
        request=proposal,
        approve=False,
        decided_on=date(2025, 6, 25),
        comment="No proof.",
    )
    assert fresh(task).completed_on is None
    again = actions.propose_completion(
        acting_user=None, task=task, proposed_on=TODAY, result="Done, with proof."
    )
    assert again.decision == Decision.PENDING


def test_a_coordinating_unit_cannot_propose_completion_and_only_the_assigner_accepts(task, users):
    with pytest.raises(PermissionDenied):
        actions.propose_completion(acting_user=users["finance"], task=task, proposed_on=TODAY, result="Done.")
    proposal = actions.propose_completion(
        acting_user=users["district_a_reporter"], task=task, proposed_on=TODAY, result="Done."
    )
    for role in ["district_a_manager", "finance", "leader"]:
        with pytest.raises(PermissionDenied):
            actions.decide_request(acting_user=users[role], request=proposal, approve=True, decided_on=TODAY)
    assert fresh(task).completed_on is None


def test_nothing_more_happens_on_a_completed_task(task, users):
    proposal = actions.propose_completion(
        acting_user=None, task=task, proposed_on=date(2025, 6, 28), result="Done."
    )
    actions.decide_request(acting_user=None, request=proposal, approve=True, decided_on=date(2025, 6, 30))
    attempts = [
        lambda: report(task, reported_on=TODAY),
        lambda: ask(task),
        lambda: actions.propose_completion(acting_user=None, task=task, proposed_on=TODAY, result="Again."),
        lambda: actions.cancel_task(acting_user=None, task=task, cancelled_on=TODAY, reason="Late thought."),
        lambda: actions.update_task(acting_user=None, task=task, title="Renamed"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as raised:
            attempt()
        assert "was completed on 28/06/2025" in errors_of(raised)[NON_FIELD_ERRORS][0]


# -- cancelling and comments -----------------------------------------------------------------------


def test_the_assigning_unit_cancels_with_a_reason_and_nothing_more_happens(task, users):
    with pytest.raises(PermissionDenied):
        actions.cancel_task(
            acting_user=users["district_a_manager"], task=task, cancelled_on=TODAY, reason="No."
        )
    with pytest.raises(ValidationError) as raised:
        actions.cancel_task(acting_user=users["office"], task=task, cancelled_on=TODAY, reason=" ")
    assert errors_of(raised)["reason"] == ["Give the reason for cancelling the task."]
    actions.cancel_task(
        acting_user=users["office"],
        task=task,
        cancelled_on=TODAY,
        reason="Merged into another task.",
        expected_version=1,
    )
    task = fresh(task)
    assert (task.cancelled_on, task.cancel_reason, task.version) == (TODAY, "Merged into another task.", 2)
    with pytest.raises(ValidationError) as raised:
        report(task, reported_on=TODAY)
    assert "was cancelled on 15/07/2025" in errors_of(raised)[NON_FIELD_ERRORS][0]


def test_whoever_sees_the_task_may_comment_without_moving_its_version(task, users):
    comment = actions.add_comment(acting_user=users["leader"], task=task, text="Report the figures by ward.")
    assert (comment.author, comment.text) == (users["leader"], "Report the figures by ward.")
    assert fresh(task).version == 1
    with pytest.raises(ValidationError):
        actions.add_comment(acting_user=users["leader"], task=task, text="   ")
    with pytest.raises(PermissionDenied):
        actions.add_comment(acting_user=users["district_b_reporter"], task=task, text="Not my business.")
    assert TaskComment.objects.count() == 1


# -- reads: the timeline, the sub-tasks' progress, the status in words ----------------------------


def test_the_timeline_tells_the_whole_story_in_order(task, subtask, users):
    first = report(
        task, reported_on=date(2025, 3, 14), obstacles=[(ObstacleCategory.CAPITAL, "No capital yet.")]
    )
    report(task, reported_on=date(2025, 3, 20), corrects=first, percent_complete=20)
    request = ask(task, requested_on=date(2025, 6, 20))
    actions.decide_request(
        acting_user=users["office"], request=request, approve=True, decided_on=date(2025, 6, 25)
    )
    actions.update_task(acting_user=users["office"], task=task, priority="urgent")
    actions.add_comment(acting_user=users["leader"], task=task, text="Good.")
    kinds = [event.kind for event in selectors.timeline(fresh(task))]
    assert kinds == [
        "assigned",
        "subtask",
        "report",
        "obstacle",
        "correction",
        "extension_requested",
        "extension_approved",
        "edited",
        "comment",
    ]


def test_the_parents_progress_is_the_average_of_its_sub_tasks_with_the_formula_in_words(
    task, subtask, tree, users
):
    second = actions.create_subtask(
        acting_user=None,
        parent=task,
        title="Second ward",
        lead_unit=tree["commune_a1"],
        assigned_on=date(2025, 2, 1),
    )
    actions.create_subtask(
        acting_user=None,
        parent=task,
        title="Third ward",
        lead_unit=tree["commune_a1"],
        assigned_on=date(2025, 2, 1),
    )
    report(subtask, reported_on=date(2025, 3, 1), percent_complete=40)
    report(subtask, reported_on=date(2025, 4, 1), percent_complete=60)
    proposal = actions.propose_completion(
        acting_user=None, task=second, proposed_on=date(2025, 5, 1), result="Done."
    )
    actions.decide_request(acting_user=None, request=proposal, approve=True, decided_on=date(2025, 5, 2))
    progress = selectors.subtask_progress(task)
    assert [row.latest_percent for row in progress.rows] == [60, None, None]
    assert [row.counted_percent for row in progress.rows] == [60, 100, 0]
    assert progress.percent == pytest.approx(53.333, abs=0.01)
    assert progress.formula.endswith("(60% + 100% + 0%) ÷ 3 = 53.3%.")


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ({}, "The deadline 30/06/2025 passed 15 days ago → overdue 1–30 days."),
        (
            {"deadline": date(2025, 7, 25)},
            "The deadline 25/07/2025 is 10 days away → in progress within the deadline.",
        ),
        (
            {"deadline": date(2025, 3, 1)},
            "The deadline 01/03/2025 passed 136 days ago → overdue more than 120 days.",
        ),
    ],
)
def test_the_status_is_explained_in_words(tree, history, expected):
    task = assign(tree, **history)
    assert selectors.status_on_day(task).explanation == expected


def test_a_completion_after_the_deadline_is_explained_as_late(task):
    proposal = actions.propose_completion(
        acting_user=None, task=task, proposed_on=date(2025, 7, 10), result="Done."
    )
    actions.decide_request(acting_user=None, request=proposal, approve=True, decided_on=TODAY)
    assert selectors.status_on_day(task).explanation == (
        "Completed on 10/07/2025, 10 days after the deadline 30/06/2025 → completed late."
    )


def test_a_silent_standing_task_is_explained(tree):
    standing = assign(tree, deadline=None, reporting_frequency=ReportingFrequency.MONTHLY)
    report(standing, reported_on=date(2025, 3, 1))
    assert selectors.status_on_day(standing).explanation == (
        "No deadline; the last report, on 01/03/2025, was 136 days ago, "
        "more than the 90 days allowed → no deadline, no recent report."
    )


@pytest.mark.parametrize(
    ("clause", "title"),
    [
        ("Grow GRDP by 9.5–10%. Keep inflation low.", "Grow GRDP by 9.5–10%"),
        ("Internal affairs: review the cases; report quarterly.", "Internal affairs: review the cases"),
        ("Build " + "very " * 60 + "fast", "Build " + " ".join(["very"] * 38) + "…"),
    ],
)
def test_a_task_made_from_a_clause_is_titled_by_its_first_sentence(clause, title):
    assert selectors.first_sentence(clause) == title
