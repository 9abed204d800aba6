"""The outbox keeps every e-mail until a server takes it: retries with backoff, failures for administrators,
and a real SMTP server (aiosmtpd) that refuses and then accepts."""

import socket
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection

from resolute.reporting.actions.email import claim, queue_email, retry_email, send_due_emails
from resolute.reporting.email_message import render_email
from resolute.reporting.models import OutgoingEmail

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def queued(to="an@example.org", subject="Báo cáo tháng 3"):
    rendered = render_email(
        "reporting/email/notification",
        {"subject": subject, "title": subject, "body": "", "link": "", "recipient": "An", "kind_label": "x"},
        language="vi",
    )
    return queue_email(to=to, rendered=rendered)


class RefusingThenAccepting:
    """An SMTP handler that answers each DATA with the next refusal code, then accepts."""

    def __init__(self, refusals=()):
        self.refusals = list(refusals)
        self.delivered = []

    async def handle_DATA(self, server, session, envelope):
        if self.refusals:
            code = self.refusals.pop(0)
            return f"{code} Not now" if code < 500 else f"{code} Transaction failed"
        self.delivered.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_settings(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return settings


def start_server(handler, port) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


def test_a_server_that_refuses_twice_then_accepts_gets_the_message_exactly_once(db, smtp_settings):
    handler = RefusingThenAccepting(refusals=[451, 554])
    controller = start_server(handler, smtp_settings.EMAIL_PORT)
    try:
        with time_machine.travel(START, tick=False) as clock:
            email = queued()
            assert send_due_emails() == {"sent": 0, "failed": 1}
            email.refresh_from_db()
            assert (email.status, email.attempts) == (OutgoingEmail.Status.QUEUED, 1)
            assert email.next_attempt_at == START + timedelta(minutes=1)
            assert "451" in email.last_error
            # Not due yet: nothing is tried.
            assert send_due_emails() == {"sent": 0, "failed": 0}

            clock.move_to(START + timedelta(minutes=1))
            assert send_due_emails() == {"sent": 0, "failed": 1}
            email.refresh_from_db()
            assert email.next_attempt_at == START + timedelta(minutes=1 + 2)
            assert "554" in email.last_error

            clock.move_to(START + timedelta(minutes=3))
            assert send_due_emails() == {"sent": 1, "failed": 0}
            clock.move_to(START + timedelta(hours=5))
            assert send_due_emails() == {"sent": 0, "failed": 0}
    finally:
        controller.stop()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 3
    (envelope,) = handler.delivered
    assert envelope.rcpt_tos == ["an@example.org"]
    content = envelope.content.decode()
    assert "multipart/alternative" in content and "text/html" in content and "text/plain" in content


def test_nothing_is_lost_while_no_server_listens_and_it_goes_out_once_the_server_is_back(db, smtp_settings):
    with time_machine.travel(START, tick=False) as clock:
        first, second = queued(to="one@example.org"), queued(to="two@example.org")
        # Nobody listens: the first attempt fails to connect, and the run stops there rather than
        # waiting on the same closed door for every e-mail.
        assert send_due_emails() == {"sent": 0, "failed": 1}
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.attempts, second.attempts) == (1, 0)
        assert "ConnectionRefusedError" in first.last_error

        handler = RefusingThenAccepting()
        controller = start_server(handler, smtp_settings.EMAIL_PORT)
        try:
            assert send_due_emails() == {"sent": 1, "failed": 0}  # the second, due all along
            clock.move_to(START + timedelta(minutes=1))
            assert send_due_emails() == {"sent": 1, "failed": 0}
            assert send_due_emails() == {"sent": 0, "failed": 0}
        finally:
            controller.stop()
    assert sorted(envelope.rcpt_tos[0] for envelope in handler.delivered) == [
        "one@example.org",
        "two@example.org",
    ]
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {OutgoingEmail.Status.SENT}


class AlwaysDown:
    """An e-mail backend whose server never answers."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Connection refused")


def test_the_wait_grows_one_two_four_minutes_to_the_cap_and_then_the_email_is_marked_failed(db, settings):
    settings.EMAIL_BACKEND = f"{__name__}.AlwaysDown"
    settings.RESOLUTE_EMAIL_RETRY_CAP_MINUTES = 8
    settings.RESOLUTE_EMAIL_MAX_ATTEMPTS = 6
    waits = []
    with time_machine.travel(START, tick=False) as clock:
        email = queued()
        for _ in range(6):
            before = email.next_attempt_at
            clock.move_to(before)
            assert send_due_emails()["failed"] == 1
            email.refresh_from_db()
            waits.append(int((email.next_attempt_at - before).total_seconds() // 60))
    assert waits == [1, 2, 4, 8, 8, 8]
    assert email.status == OutgoingEmail.Status.FAILED and email.attempts == 6
    assert "Connection refused" in email.last_error

    # An administrator's retry queues it again, due now, with the attempts counted afresh.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retry_email(email=email)
    assert send_due_emails() == {"sent": 1, "failed": 0}
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 1


def test_only_one_worker_can_claim_an_email(db):
    email = queued()
    now = email.next_attempt_at
    assert claim(email.pk, now=now) is True
    assert claim(email.pk, now=now) is False


def test_a_sent_email_cannot_be_retried_into_a_second_copy(db):
    email = queued()
    assert send_due_emails()["sent"] == 1
    retry_email(email=email)
    assert send_due_emails() == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1


class SlowRecorder:
    """An e-mail backend that takes a moment per message and records every one it is handed."""

    delivered: list[str] = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        time.sleep(0.005)
        SlowRecorder.delivered.extend(message.to[0] for message in messages)
        return len(messages)


# Two workers racing need a database where writers wait for each other: PostgreSQL. SQLite's
# in-memory test database refuses a second writer outright, which tests the test, not the claim.
ONLY_ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent workers are raced on PostgreSQL"
)


def _send_in_a_thread(barrier, results, errors):
    try:
        barrier.wait(timeout=10)
        results.append(send_due_emails())
    except Exception as error:  # noqa: BLE001 — reported to the test below
        errors.append(error)
    finally:
        connection.close()


@ONLY_ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_at_once_deliver_each_email_exactly_once(settings):
    settings.EMAIL_BACKEND = f"{__name__}.SlowRecorder"
    SlowRecorder.delivered = []
    for number in range(20):
        queued(to=f"person{number}@example.org")
    barrier, results, errors = threading.Barrier(2), [], []
    workers = [threading.Thread(target=_send_in_a_thread, args=(barrier, results, errors)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == []
    assert sorted(SlowRecorder.delivered) == sorted(f"person{number}@example.org" for number in range(20))
    assert sum(result["sent"] for result in results) == 20
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {OutgoingEmail.Status.SENT}
