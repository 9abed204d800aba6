"""Events reach a real receiver: signed, after the change commits, retried after a failure, and only
for the active webhooks that want them."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from resolute.targets.actions import values as value_actions
from resolute.targets.tests.test_values import IN_MARCH_WINDOW, make_indicator, submitted
from resolute.tasks.tests.factories import assign, extend, report
from resolute.webhooks.actions import create_webhook, update_webhook
from resolute.webhooks.actions.deliveries import MAX_ATTEMPTS, deliver_due
from resolute.webhooks.models import DeliveryStatus, WebhookDelivery
from resolute.webhooks.signature import DELIVERY_HEADER, EVENT_HEADER

from .receiver import Receiver

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 4, 10, 9, 0, tzinfo=HANOI)
ALL_KINDS = ["task.assigned", "task.progress_reported", "task.extension_decided", "value.approved"]


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def receiver():
    started = Receiver().start()
    yield started
    started.stop()


@pytest.fixture
def webhook(db, receiver):
    made = create_webhook(acting_user=None, name="E-office", url=receiver.url, events=ALL_KINDS)
    receiver.secret = made.secret
    return made


def assigned_task(tree):
    return assign(tree["district_a"], assigned_by_unit=tree["committee"], deadline=date(2025, 6, 30))


def test_a_failed_delivery_is_retried_after_a_minute_and_then_succeeds(clock, tree, webhook, receiver):
    receiver.plan = [500]
    task = assigned_task(tree)

    assert deliver_due() == {"delivered": 0, "failed": 1}
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("queued", 1, 500)
    assert delivery.next_attempt_at == NOW + timedelta(minutes=1)
    assert "500" in delivery.last_error

    clock.shift(timedelta(seconds=30))
    assert deliver_due() == {"delivered": 0, "failed": 0}, "not yet due"
    clock.shift(timedelta(seconds=30))
    assert deliver_due() == {"delivered": 1, "failed": 0}

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code, delivery.last_error) == (
        "delivered",
        2,
        200,
        "",
    )
    first, second = receiver.received
    assert first.signed_correctly and second.signed_correctly
    assert [first.answered, second.answered] == [500, 200]
    assert second.body == first.body, "every attempt posts the same body"
    assert second.headers[EVENT_HEADER] == "task.assigned"
    assert second.headers[DELIVERY_HEADER] == str(delivery.delivery_id)
    payload = second.payload
    assert payload["kind"] == "task.assigned"
    assert payload["id"] == str(delivery.event_id)
    assert datetime.fromisoformat(payload["occurred_at"]) == NOW
    assert payload["data"]["task"]["id"] == task.pk
    assert payload["data"]["task"]["link"].endswith(f"/tasks/{task.pk}/")
    assert payload["data"]["task"]["link"].startswith("http")
    assert payload["data"]["lead_unit"]["name"] == "Thành phố Hội An"


def test_a_delivery_that_keeps_failing_waits_longer_each_time_then_is_marked_failed(
    clock, tree, webhook, receiver
):
    receiver.plan = [503] * MAX_ATTEMPTS
    assigned_task(tree)
    waits = []
    for _attempt in range(MAX_ATTEMPTS):
        deliver_due()
        delivery = WebhookDelivery.objects.get()
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at - datetime.now(tz=HANOI))
            clock.move_to(delivery.next_attempt_at)
    assert waits == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=12),
    ]
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", MAX_ATTEMPTS, None)
    clock.shift(timedelta(days=2))
    assert deliver_due() == {"delivered": 0, "failed": 0}
    assert len(receiver.received) == MAX_ATTEMPTS


def test_a_receiver_with_another_secret_rejects_the_delivery(clock, tree, webhook, receiver):
    receiver.secret = "whsec_not-the-one"
    assigned_task(tree)
    deliver_due()
    assert [(item.signed_correctly, item.answered) for item in receiver.received] == [(False, 401)]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == ("queued", 401)


def test_an_inactive_webhook_gets_nothing(clock, tree, webhook, receiver):
    update_webhook(acting_user=None, webhook=webhook, is_active=False)
    assigned_task(tree)
    deliver_due()
    assert not WebhookDelivery.objects.exists()
    assert receiver.received == []


def test_deliveries_waiting_when_a_webhook_is_deactivated_are_not_sent(clock, tree, webhook, receiver):
    assigned_task(tree)
    update_webhook(acting_user=None, webhook=webhook, is_active=False)
    assert deliver_due() == {"delivered": 0, "failed": 0}
    assert receiver.received == []


def test_an_event_the_webhook_did_not_subscribe_to_is_not_sent(clock, tree, webhook, receiver):
    update_webhook(acting_user=None, webhook=webhook, events=["value.approved"])
    assigned_task(tree)
    deliver_due()
    assert not WebhookDelivery.objects.exists()
    assert receiver.received == []


def test_a_change_rolled_back_sends_nothing(clock, tree, webhook, receiver):
    with pytest.raises(RuntimeError), transaction.atomic():
        assigned_task(tree)
        raise RuntimeError("the rest of the change failed")
    deliver_due()
    assert not WebhookDelivery.objects.exists()
    assert receiver.received == []


def test_the_delivery_job_runs_once_the_change_commits(
    clock, tree, webhook, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assigned_task(tree)
        assert receiver.received == [], "nothing is sent before the commit"
    assert [item.payload["kind"] for item in receiver.received] == ["task.assigned"]
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_moving_a_task_to_another_lead_unit_is_an_assignment_naming_the_former_unit(
    clock, tree, webhook, receiver
):
    from resolute.tasks.actions import update_task

    task = assigned_task(tree)
    update_task(acting_user=None, task=task, lead_unit=tree["district_b"])
    update_task(acting_user=None, task=task, title="A new title only")
    deliver_due()
    kinds_and_units = [
        (
            item.payload["data"]["lead_unit"]["code"],
            (item.payload["data"]["former_lead_unit"] or {}).get("code"),
        )
        for item in receiver.received
    ]
    assert sorted(kinds_and_units, key=str) == sorted([("503", None), ("506", "503")], key=str)


def test_a_progress_report_and_an_extension_decided_are_sent(clock, tree, webhook, receiver):
    task = assigned_task(tree)
    report(task, reported_on=date(2025, 4, 1), percent_complete=40)
    extend(task, decided_on=date(2025, 4, 2), new_deadline=date(2025, 9, 30))
    deliver_due()
    by_kind = {item.payload["kind"]: item.payload["data"] for item in receiver.received}
    assert set(by_kind) == {"task.assigned", "task.progress_reported", "task.extension_decided"}
    assert by_kind["task.progress_reported"]["report"]["percent_complete"] == 40
    extension = by_kind["task.extension_decided"]["extension"]
    assert (extension["decision"], extension["proposed_deadline"]) == ("approved", "2025-09-30")


def test_an_approved_value_is_sent_with_its_indicator_and_unit(tree, webhook, receiver):
    with time_machine.travel(IN_MARCH_WINDOW, tick=False):
        indicator = make_indicator()
        row = submitted(tree["district_a"], "202503", indicator, "120")
        WebhookDelivery.objects.all().delete()
        value_actions.approve_values(acting_user=None, values=[row])
        deliver_due()
    (received,) = receiver.received
    data = received.payload["data"]
    assert received.payload["kind"] == "value.approved"
    assert (data["value"]["id"], Decimal(data["value"]["value"]), data["value"]["period"]) == (
        row.pk,
        Decimal("120"),
        "202503",
    )
    assert data["indicator"]["code"] == "POOR_HOUSEHOLDS"
    assert data["unit"]["code"] == "503"


def test_the_scheduler_sends_a_retry_once_its_wait_has_passed(clock, tree, webhook, receiver):
    from resolute.reporting.actions.scheduler import tick
    from resolute.reporting.jobs import JOBS

    (job,) = [job for job in JOBS if job.task == "resolute.webhooks.jobs.deliver_webhooks"]
    receiver.plan = [500]
    assigned_task(tree)
    assert tick(jobs=[job]) == ["deliver_webhooks"]
    assert [item.answered for item in receiver.received] == [500]
    clock.shift(timedelta(minutes=1))
    assert tick(jobs=[job]) == ["deliver_webhooks"]
    assert [item.answered for item in receiver.received] == [500, 200]
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED
