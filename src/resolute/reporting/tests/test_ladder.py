"""The urging ladder: each step on its day, never twice, on the task's timeline, and exactly once
when two workers run it at the same moment."""

import threading
from datetime import date

import pytest
from django.db import connection

from resolute.conftest import make_user
from resolute.orgunits.choices import Role
from resolute.reporting.actions import ladder
from resolute.reporting.actions.ladder import run_ladder
from resolute.reporting.models import LadderEvent, LadderStep, StepKind, UrgingLetter
from resolute.reporting.selectors.ladder import due_on
from resolute.tasks.selectors import timeline
from resolute.tasks.tests.factories import assign, complete, extend

# November 2026 has no public holiday: the working days are the weekdays.
ASSIGNED = date(2026, 10, 1)
DEADLINE = date(2026, 11, 18)  # a Wednesday
REMINDER_DAY = date(2026, 11, 13)  # three working days before: Friday
NOTICE_DAY = date(2026, 11, 19)  # the first day overdue
LETTER_DAY = date(2026, 11, 25)  # five working days after the deadline
ESCALATION_DAY = date(2026, 12, 9)  # fifteen working days after the deadline


class Notices(list):
    """Stands in for the notification channel and keeps what it was asked to send."""

    def __call__(self, *, users, kind, title, body, url, context=None):
        self.append({"users": sorted(user.username for user in users), "kind": kind, "url": url})

    def kinds(self):
        return [notice["kind"] for notice in self]


@pytest.fixture
def notices(monkeypatch):
    sent = Notices()
    monkeypatch.setattr(ladder, "notify_users", sent)
    return sent


@pytest.fixture
def overdue_task(tree, time_machine):
    time_machine.move_to(date(2026, 10, 1), tick=False)
    return assign(
        tree["district_a"], assigned_by_unit=tree["committee"], assigned_on=ASSIGNED, deadline=DEADLINE
    )


def kinds_fired(on):
    return sorted(event.kind for event in run_ladder(on=on).events)


@pytest.mark.django_db
def test_the_default_ladder_falls_on_the_working_days_counted_from_the_deadline():
    steps = {step.kind: step.delay_working_days for step in LadderStep.objects.all()}
    assert steps == {"reminder": -3, "overdue_notice": 0, "letter": 5, "escalation": 15}
    assert due_on(DEADLINE, -3) == REMINDER_DAY
    assert due_on(DEADLINE, 0) == NOTICE_DAY
    assert due_on(DEADLINE, 5) == LETTER_DAY
    assert due_on(DEADLINE, 15) == ESCALATION_DAY


def test_nothing_fires_before_the_reminder_day(overdue_task, notices):
    assert kinds_fired(date(2026, 11, 12)) == []
    assert notices == []


def test_the_reminder_reaches_the_unit_three_working_days_before_the_deadline(overdue_task, users, notices):
    assert kinds_fired(REMINDER_DAY) == ["reminder"]
    assert notices.kinds() == ["reminder"]
    assert notices[0]["users"] == ["hoian", "hoian_manager"]
    assert notices[0]["url"] == overdue_task.get_absolute_url()


def test_running_the_ladder_twice_fires_nothing_new(overdue_task, notices):
    assert kinds_fired(REMINDER_DAY) == ["reminder"]
    assert kinds_fired(REMINDER_DAY) == []
    assert kinds_fired(date(2026, 11, 16)) == []
    assert notices.kinds() == ["reminder"]
    assert LadderEvent.objects.count() == 1


def test_a_missed_reminder_is_sent_late_but_not_once_the_deadline_has_passed(overdue_task, notices):
    assert kinds_fired(NOTICE_DAY) == ["overdue_notice"]


def test_after_five_working_days_overdue_a_letter_is_drafted_and_numbered(overdue_task, users, notices):
    assert kinds_fired(NOTICE_DAY) == ["overdue_notice"]
    assert kinds_fired(date(2026, 11, 24)) == []
    run = run_ladder(on=LETTER_DAY)
    assert [event.kind for event in run.events] == ["letter"]
    (letter,) = run.letters
    assert letter.number == "01/UBND-TH"
    assert letter.issuer == overdue_task.assigned_by_unit
    assert letter.recipient == overdue_task.lead_unit
    assert [item["title"] for item in letter.items] == [overdue_task.title]
    assert letter.items[0]["days_overdue"] == 7
    assert LadderEvent.objects.get(kind=StepKind.LETTER).letter == letter
    assert "urging_letter" in notices.kinds()


def test_escalation_tells_the_head_of_the_unit(overdue_task, users, notices):
    run_ladder(on=NOTICE_DAY)
    notices.clear()
    assert kinds_fired(ESCALATION_DAY) == ["escalation", "letter"]
    (escalation,) = [notice for notice in notices if notice["kind"] == "escalation"]
    assert escalation["users"] == ["hoian_manager"]


def test_a_completed_task_is_not_chased(overdue_task, notices, time_machine):
    time_machine.move_to(date(2026, 11, 20), tick=False)
    complete(overdue_task, proposed_on=date(2026, 11, 17), decided_on=date(2026, 11, 20))
    assert kinds_fired(LETTER_DAY) == []


def test_an_approved_extension_starts_the_ladder_again_for_the_new_deadline(
    overdue_task, notices, time_machine
):
    assert kinds_fired(REMINDER_DAY) == ["reminder"]
    time_machine.move_to(date(2026, 11, 16), tick=False)
    extend(overdue_task, decided_on=date(2026, 11, 16), new_deadline=date(2026, 12, 4))
    assert kinds_fired(date(2026, 12, 1)) == ["reminder"]


def test_a_step_switched_off_does_not_fire(overdue_task, notices):
    LadderStep.objects.filter(kind=StepKind.OVERDUE_NOTICE).update(active=False)
    assert kinds_fired(NOTICE_DAY) == []


def test_every_step_shows_on_the_task_timeline(overdue_task, notices):
    run_ladder(on=REMINDER_DAY)
    run_ladder(on=LETTER_DAY)
    events = [event for event in timeline(overdue_task) if event.kind.startswith("ladder_")]
    assert [event.kind for event in events] == ["ladder_reminder", "ladder_overdue_notice", "ladder_letter"]
    assert events[2].label == "Urging letter"
    assert events[2].links[0].label == "Letter 01/UBND-TH"


# Two workers racing need a database where writers wait for each other: PostgreSQL. SQLite's
# in-memory test database refuses a second writer outright, which tests the test, not the claim.
ONLY_ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent workers are raced on PostgreSQL"
)


def _run_in_a_thread(on, barrier, errors):
    """One worker with its own connection; PostgreSQL makes the second insert of a step wait for the
    first and then refuses it."""
    try:
        barrier.wait(timeout=10)
        run_ladder(on=on)
    except Exception as error:  # noqa: BLE001 — reported to the test below
        errors.append(error)
    finally:
        connection.close()


@ONLY_ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_moment_fire_each_step_once(tree, notices, default_ladder, time_machine):
    time_machine.move_to(date(2026, 10, 1), tick=False)
    make_user("hoian", (tree["district_a"], Role.REPORTER))
    for number in range(5):
        assign(
            tree["district_a"],
            assigned_by_unit=tree["committee"],
            title=f"Task {number}",
            assigned_on=ASSIGNED,
            deadline=DEADLINE,
        )
    barrier, errors = threading.Barrier(2), []
    workers = [
        threading.Thread(target=_run_in_a_thread, args=(LETTER_DAY, barrier, errors)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == []
    # Five tasks, each overdue (notice) and at the letter step: ten events, ten announcements.
    assert LadderEvent.objects.count() == 10
    assert sorted(notices.kinds()).count("overdue_notice") == 5
    assert UrgingLetter.objects.count() == 1


def test_a_missing_report_is_chased_and_listed_in_the_letter(tree, notices, time_machine):
    from resolute.core.periods import Period
    from resolute.reporting.actions.regimes import create_regime
    from resolute.reporting.models import RegimeKind

    time_machine.move_to(date(2026, 11, 23), tick=False)
    regime = create_regime(
        acting_user=None,
        name="Monthly report on site clearance",
        kind=RegimeKind.NARRATIVE,
        issuer=tree["province"],
        period_type="monthly",
        units=[tree["district_a"]],
        legal_basis="Kế hoạch 12/KH-UBND",
    )
    november = Period.containing(date(2026, 11, 10), "monthly")
    run = run_ladder(on=date(2026, 11, 23))
    key = f"report:{regime.pk}:{tree['district_a'].pk}:{november.code}"
    assert sorted(event.kind for event in run.events if event.subject_key == key) == [
        "letter",
        "overdue_notice",
    ]
    (letter,) = run.letters
    titles = [item["title"] for item in letter.items]
    assert f"Monthly report on site clearance — {november}" in titles
    assert {item["source"] for item in letter.items} == {"Kế hoạch 12/KH-UBND"}


def test_the_reminder_reaches_the_units_notifications(overdue_task, users):
    from resolute.reporting.models import Notification

    run_ladder(on=REMINDER_DAY)
    reminders = Notification.objects.filter(kind="reminder").select_related("user")
    assert sorted(notification.user.username for notification in reminders) == ["hoian", "hoian_manager"]
    assert overdue_task.title in reminders[0].title


def test_the_task_page_shows_the_ladder_on_its_timeline(overdue_task, users, notices):
    from resolute.tasks.tests.factories import browser_for

    run_ladder(on=LETTER_DAY)
    page = browser_for(users["office"]).get(overdue_task.get_absolute_url()).content.decode()
    assert "Overdue notice sent to Hoi An City" in page
    assert "Urging letter drafted to Hoi An City." in page
    assert "Letter 01/UBND-TH" in page


def test_a_units_own_overdue_work_is_never_put_in_a_letter_to_itself_but_goes_to_its_leadership(
    tree, users, notices, time_machine
):
    time_machine.move_to(ASSIGNED, tick=False)
    head = make_user("committee_head", (tree["committee"], Role.MANAGER))
    own = assign(
        tree["committee"], assigned_by_unit=tree["committee"], assigned_on=ASSIGNED, deadline=DEADLINE
    )
    run_ladder(on=NOTICE_DAY)

    run = run_ladder(on=LETTER_DAY)

    assert [event.kind for event in run.events] == ["escalation"]
    assert run.letters == []
    assert not UrgingLetter.objects.exists()
    assert notices[-1] == {"users": [head.username], "kind": "escalation", "url": own.get_absolute_url()}
    assert LadderEvent.objects.open_escalations().get().task == own
    assert kinds_fired(ESCALATION_DAY) == []  # escalated once, not again at the escalation's own day


def test_a_unit_closed_on_or_before_the_day_is_not_reminded_notified_urged_or_escalated(
    tree, notices, time_machine
):
    from resolute.orgunits.actions import close_unit
    from resolute.reporting.actions.regimes import create_regime
    from resolute.reporting.models import RegimeKind

    time_machine.move_to(ASSIGNED, tick=False)
    assign(tree["district_a"], assigned_by_unit=tree["committee"], assigned_on=ASSIGNED, deadline=DEADLINE)
    create_regime(
        acting_user=None,
        name="Monthly report on site clearance",
        kind=RegimeKind.NARRATIVE,
        issuer=tree["province"],
        period_type="monthly",
        units=[tree["district_a"]],
    )
    close_unit(acting_user=None, unit=tree["commune_a1"], closed_on=NOTICE_DAY)
    close_unit(acting_user=None, unit=tree["district_a"], closed_on=NOTICE_DAY)  # its last day

    for day in (NOTICE_DAY, LETTER_DAY, ESCALATION_DAY):
        run = run_ladder(on=day)
        assert run.events == [] and run.letters == [], day
    assert not LadderEvent.objects.filter(unit=tree["district_a"]).exists()
    assert notices == []


def test_the_day_before_it_closes_a_unit_is_still_reminded(tree, notices, time_machine):
    from resolute.orgunits.actions import close_unit

    time_machine.move_to(ASSIGNED, tick=False)
    assign(tree["district_a"], assigned_by_unit=tree["committee"], assigned_on=ASSIGNED, deadline=DEADLINE)
    close_unit(acting_user=None, unit=tree["commune_a1"], closed_on=date(2026, 11, 30))
    close_unit(acting_user=None, unit=tree["district_a"], closed_on=date(2026, 11, 30))
    assert kinds_fired(REMINDER_DAY) == ["reminder"]


def test_a_reminder_names_the_task_in_each_recipient_s_language_and_a_letter_in_vietnamese(
    tree, users, time_machine
):
    from resolute.reporting.models import Notification

    time_machine.move_to(date(2026, 10, 1), tick=False)
    task = assign(
        tree["district_a"],
        assigned_by_unit=tree["committee"],
        assigned_on=ASSIGNED,
        deadline=DEADLINE,
        title="Giải phóng mặt bằng đường vành đai",
        title_en="Clear the site of the ring road",
    )
    reporter, manager = users["district_a_reporter"], users["district_a_manager"]
    reporter.language, manager.language = "en", "vi"
    for user in (reporter, manager):
        user.save(update_fields=["language"])
    run_ladder(on=REMINDER_DAY)
    titles = {
        notification.user.username: notification.title
        for notification in Notification.objects.filter(kind="reminder").select_related("user")
    }
    assert "Clear the site of the ring road" in titles["hoian"]
    assert "Giải phóng mặt bằng đường vành đai" in titles["hoian_manager"]
    run_ladder(on=LETTER_DAY)
    letter = UrgingLetter.objects.get(recipient=task.lead_unit)
    assert [item["title"] for item in letter.items] == ["Giải phóng mặt bằng đường vành đai"]
