"""A deadline changes only through an approved extension: the deadline set at assignment is never
edited (not by the page, the API, an import or the demo), the original deadline is written once,
and the assigning unit that wants a later deadline records an extension decided at once, with the
document that decides it."""

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.urls import reverse

from resolute.core.changelog import history_of
from resolute.core.models import ChangeLogEntry
from resolute.tasks import actions, selectors
from resolute.tasks.models import Decision, ExtensionRequest, Task
from resolute.tasks.status import TaskStatus

from .test_actions import (  # noqa: F401 - fixtures
    DEADLINE,
    TODAY,
    ask,
    assign,
    browser_for,
    english_on_a_fixed_day,
    errors_of,
    fresh,
    report,
    task_fixture,
)

NEW_DEADLINE = date(2025, 9, 30)


def url(name, obj):
    return reverse(f"tasks:{name}", args=[obj.pk])


def record(task, acting_user=None, **overrides) -> ExtensionRequest:
    values = {
        "decided_on": date(2025, 7, 10),
        "new_deadline": NEW_DEADLINE,
        "reason": "The typhoon season delayed the works.",
        "decision_document_number": "125/UBND-TH",
        "decision_document_date": date(2025, 7, 10),
    }
    values.update(overrides)
    return actions.record_extension(acting_user=acting_user, task=task, **values)


# -- the rule, in the actions ----------------------------------------------------------------------


def test_after_assignment_editing_a_task_never_changes_its_deadline(task, users):
    logged = ChangeLogEntry.objects.count()
    for acting_user in (users["office"], None):  # a person on a page or the API; the system (imports, demo)
        with pytest.raises(ValidationError) as raised:
            actions.update_task(acting_user=acting_user, task=task, deadline=date(2025, 12, 31), title="New")
        message = errors_of(raised)["deadline"][0]
        assert "cannot be changed by editing the task" in message
        assert "requests one" in message and "records one with its decision" in message
    task = fresh(task)
    assert (task.original_deadline, task.deadline, task.version, task.title) == (
        DEADLINE,
        DEADLINE,
        1,
        "Replace the temporary houses",
    )
    assert ChangeLogEntry.objects.count() == logged
    # Sending the deadline in force along with other changes is no change of the deadline.
    saved = actions.update_task(acting_user=users["office"], task=task, deadline=DEADLINE, title="Renamed")
    assert (saved.title, saved.deadline, saved.original_deadline) == ("Renamed", DEADLINE, DEADLINE)


def test_the_original_deadline_is_set_at_creation_and_never_written_again(task, users):
    def original():
        return fresh(task).original_deadline

    steps = [
        lambda: actions.update_task(acting_user=users["office"], task=task, title="Replace every house"),
        lambda: report(task, reported_on=date(2025, 3, 14)),
        lambda: actions.decide_request(
            acting_user=users["office"],
            request=ask(task, requested_on=date(2025, 6, 20)),
            approve=True,
            decided_on=date(2025, 6, 25),
            decision_document_number="98/UBND-TH",
            decision_document_date=date(2025, 6, 24),
        ),
        lambda: record(task, users["office"], new_deadline=date(2025, 11, 30)),
        lambda: actions.decide_request(
            acting_user=users["office"],
            request=actions.propose_completion(
                acting_user=None, task=task, proposed_on=date(2025, 7, 12), result="Done."
            ),
            approve=False,
            decided_on=date(2025, 7, 14),
            comment="Send the acceptance minutes.",
        ),
        lambda: actions.cancel_task(
            acting_user=users["office"], task=task, cancelled_on=TODAY, reason="Merged into another task."
        ),
    ]
    for step in steps:
        step()
        assert original() == DEADLINE
    assert fresh(task).deadline == date(2025, 11, 30)
    for entry in history_of(task):
        if entry.action != ChangeLogEntry.Action.CREATE:
            assert "original_deadline" not in entry.changes, entry.note


def test_the_assigning_unit_moves_a_deadline_by_recording_an_extension_decided_at_once(task, users):
    extension = record(task, users["office"])
    assert extension.decided_at_once
    assert (extension.decision, extension.requested_on, extension.decided_on) == (
        Decision.APPROVED,
        date(2025, 7, 10),
        date(2025, 7, 10),
    )
    assert (extension.current_deadline, extension.proposed_deadline, extension.decided_by) == (
        DEADLINE,
        NEW_DEADLINE,
        users["office"],
    )
    assert (extension.decision_document_number, extension.decision_document_date) == (
        "125/UBND-TH",
        date(2025, 7, 10),
    )
    task = fresh(task)
    assert (task.original_deadline, task.deadline, task.version) == (DEADLINE, NEW_DEADLINE, 2)
    assert "Decided by document No. 125/UBND-TH of 10/07/2025." in history_of(task).first().note
    # The status of a past day is judged on the deadline in force that day.
    assert selectors.status_on_day(task, date(2025, 7, 9)).status == TaskStatus.OVERDUE
    assert selectors.status_on_day(task, date(2025, 7, 10)).status == TaskStatus.IN_PROGRESS


def test_an_extension_recorded_without_a_document_is_still_an_approved_decision(task, users):
    extension = record(task, users["office"], decision_document_number="", decision_document_date=None)
    assert (extension.decision, extension.decision_document_number, extension.decision_document_date) == (
        Decision.APPROVED,
        "",
        None,
    )
    assert fresh(task).deadline == NEW_DEADLINE


def test_only_the_assigning_unit_records_an_extension_and_only_to_a_later_deadline(task, users):
    for role in ["district_a_manager", "district_a_reporter", "finance", "leader"]:
        with pytest.raises(PermissionDenied):
            record(task, users[role])
    with pytest.raises(ValidationError) as raised:
        record(task, users["office"], new_deadline=DEADLINE, reason=" ", decided_on=date(2025, 7, 16))
    errors = errors_of(raised)
    assert "must be after the current deadline (30/06/2025)" in errors["new_deadline"][0]
    assert errors["reason"] == ["Give the reason for the extension."]
    assert "in the future" in errors["decided_on"][0]
    assert not ExtensionRequest.objects.exists()
    assert fresh(task).deadline == DEADLINE


def test_a_request_of_the_lead_unit_waiting_is_decided_rather_than_overtaken(task, users):
    ask(task, requested_on=date(2025, 6, 20))
    with pytest.raises(ValidationError) as raised:
        record(task, users["office"])
    assert "is waiting for a decision" in errors_of(raised)[NON_FIELD_ERRORS][0]
    assert fresh(task).deadline == DEADLINE


def test_a_deciding_document_is_named_by_its_number_and_its_date_dated_by_the_decision(task, users):
    with pytest.raises(ValidationError) as raised:
        record(task, users["office"], decision_document_date=None)
    assert errors_of(raised)["decision_document_date"] == ["Give the date of the deciding document as well."]
    with pytest.raises(ValidationError) as raised:
        record(task, users["office"], decision_document_number=" ")
    assert errors_of(raised)["decision_document_number"] == [
        "Give the number of the deciding document as well."
    ]
    with pytest.raises(ValidationError) as raised:
        record(task, users["office"], decision_document_date=date(2025, 7, 11))
    assert "is dated after the decision (10/07/2025)" in errors_of(raised)["decision_document_date"][0]
    request = ask(task, requested_on=date(2025, 6, 20))
    with pytest.raises(ValidationError) as raised:
        actions.decide_request(
            acting_user=users["office"],
            request=request,
            approve=True,
            decided_on=date(2025, 6, 25),
            decision_document_number="98/UBND-TH",
        )
    assert "decision_document_date" in errors_of(raised)
    assert fresh(task).deadline == DEADLINE


def test_the_timeline_shows_the_decision_with_its_document(task, users):
    request = ask(task, requested_on=date(2025, 6, 20), proposed_deadline=date(2025, 7, 31))
    actions.decide_request(
        acting_user=users["office"],
        request=request,
        approve=True,
        decided_on=date(2025, 6, 25),
        decision_document_number="98/UBND-TH",
        decision_document_date=date(2025, 6, 24),
    )
    record(task, users["office"])
    events = [event for event in selectors.timeline(fresh(task)) if event.kind.startswith("extension")]
    assert [event.kind for event in events] == [
        "extension_requested",
        "extension_approved",
        "extension_approved",
    ]
    assert events[1].text == (
        "Provincial Party Committee approved the new deadline 31/07/2025. "
        "Decided by document No. 98/UBND-TH of 24/06/2025."
    )
    assert events[2].text == (
        "Provincial Party Committee extended the deadline from 31/07/2025 to 30/09/2025. "
        "Decided by document No. 125/UBND-TH of 10/07/2025."
    )
    assert events[2].body == "The typhoon season delayed the works."


# -- the pages -------------------------------------------------------------------------------------


def test_the_edit_page_shows_the_deadline_read_only_with_the_way_to_extend_it(task, tree, users):
    browser = browser_for(users["office"])
    page = browser.get(url("edit", task))
    assert "deadline" not in page.context["form"].fields
    html = page.content.decode()
    assert 'id="deadline-read-only"' in html
    assert url("extension_record", task) in html
    data = {
        "title": "Replace every temporary house",
        "area": "other",
        "lead_unit": tree["district_a"].pk,
        "coordinating_units": [tree["finance"].pk],
        "priority": "normal",
        "deadline": "2025-12-31",  # not on the form: ignored
        "reporting_frequency": "",
        "version": 1,
    }
    assert browser.post(url("edit", task), data).status_code == 302
    task = fresh(task)
    assert (task.title, task.original_deadline, task.deadline) == (
        "Replace every temporary house",
        DEADLINE,
        DEADLINE,
    )


def test_the_edit_page_of_a_task_with_a_request_waiting_links_to_its_decision(task, users):
    request = ask(task, requested_on=date(2025, 6, 20))
    html = browser_for(users["office"]).get(url("edit", task)).content.decode()
    assert request.get_decide_url() in html
    assert url("extension_record", task) not in html


def test_the_assigning_unit_extends_a_deadline_on_its_page_with_the_deciding_document(task, users):
    browser = browser_for(users["office"])
    assert url("extension_record", task) in browser.get(url("detail", task)).content.decode()
    form = browser.get(url("extension_record", task))
    assert form.status_code == 200
    refused = browser.post(
        url("extension_record", task),
        {"new_deadline": "2025-06-01", "reason": "", "decision_document_number": "125/UBND-TH", "version": 1},
    )
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert set(errors) == {"new_deadline", "reason", "decision_document_date"}
    done = browser.post(
        url("extension_record", task),
        {
            "new_deadline": "2025-09-30",
            "reason": "The typhoon season delayed the works.",
            "decision_document_number": "125/UBND-TH",
            "decision_document_date": "2025-07-14",
            "version": 1,
        },
    )
    assert done.status_code == 302
    task = fresh(task)
    assert (task.original_deadline, task.deadline) == (DEADLINE, NEW_DEADLINE)
    extension = task.extension_requests.get()
    assert (extension.decided_on, extension.decided_at_once, extension.decision_document_date) == (
        TODAY,
        True,
        date(2025, 7, 14),
    )
    page = browser.get(url("detail", task)).content.decode()
    assert "extended the deadline from 30/06/2025 to 30/09/2025" in page
    assert "Decided by document No. 125/UBND-TH of 14/07/2025." in page


def test_only_the_assigning_unit_opens_the_page_that_extends_a_deadline(task, users):
    for role in ["district_a_manager", "district_a_reporter", "finance"]:
        browser = browser_for(users[role])
        assert browser.get(url("extension_record", task)).status_code == 403, role
        assert url("extension_record", task) not in browser.get(url("detail", task)).content.decode()
    assert browser_for(users["district_b_reporter"]).get(url("extension_record", task)).status_code == 404


def test_the_decision_page_records_the_deciding_document(task, users):
    request = ask(task, requested_on=date(2025, 6, 20))
    browser = browser_for(users["office"])
    response = browser.post(
        request.get_decide_url(),
        {
            "decision": "yes",
            "decision_document_number": "98/UBND-TH",
            "decision_document_date": "2025-07-14",
            "version": 2,
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.decision, request.decision_document_number, request.decision_document_date) == (
        Decision.APPROVED,
        "98/UBND-TH",
        date(2025, 7, 14),
    )
    assert Task.objects.get(pk=task.pk).original_deadline == DEADLINE
