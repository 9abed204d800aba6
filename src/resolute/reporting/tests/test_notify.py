"""Notifying people: in each recipient's language, following their preference for the kind."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils.translation import gettext_lazy as _

from resolute.conftest import make_user
from resolute.reporting.actions.notifications import mark_all_read, notify, save_preferences
from resolute.reporting.jobs import daily_digest, send_queued_emails
from resolute.reporting.models import Notification, NotificationKind, NotificationPreference, OutgoingEmail
from resolute.reporting.selectors.notifications import Preference, render_text, unread_count
from resolute.reporting.selectors.outbox import backoff_delay

# "Overdue" is in the Vietnamese catalogue ("Quá hạn"), so it shows whose language each copy is in.
OVERDUE = _("Overdue")


@pytest.fixture
def people(db):
    return {
        "lan": make_user("lan", email="lan@example.vn", language="vi", full_name="Nguyễn Thị Lan"),
        "ann": make_user("ann", email="ann@example.org", language="en", full_name="Ann Smith"),
    }


# -- pure ------------------------------------------------------------------------------------------


def test_the_wait_between_attempts_doubles_from_one_minute_up_to_the_cap(settings):
    settings.RESOLUTE_EMAIL_RETRY_CAP_MINUTES = 30
    waits = [backoff_delay(attempt) for attempt in range(1, 9)]
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 30, 30, 30)]
    assert backoff_delay(500) == timedelta(minutes=30)


def test_placeholders_are_filled_and_an_unknown_one_is_kept_as_written():
    assert render_text("{unit} owes {count} reports {missing}", {"unit": "Sở Tài chính", "count": 2}) == (
        "Sở Tài chính owes 2 reports {missing}"
    )
    assert render_text("a brace { alone", {"unit": "x"}) == "a brace { alone"


# -- in the app and by e-mail ----------------------------------------------------------------------


def test_each_recipient_gets_the_notification_and_the_email_in_their_own_language(people):
    notifications = notify(
        users=[people["lan"], people["ann"]],
        kind=NotificationKind.OVERDUE_NOTICE,
        title=OVERDUE,
        body="{unit}",
        url="/tasks/1/",
        context={"unit": "Huyện Đại Lộc"},
    )
    titles = {n.user.username: n.title for n in notifications}
    assert titles == {"lan": "Quá hạn", "ann": "Overdue"}
    assert all(n.body == "Huyện Đại Lộc" for n in notifications)
    emails = {email.to: email for email in OutgoingEmail.objects.all()}
    assert emails["lan@example.vn"].subject == "Quá hạn" and emails["lan@example.vn"].language == "vi"
    assert emails["ann@example.org"].subject == "Overdue" and emails["ann@example.org"].language == "en"
    assert 'lang="vi"' in emails["lan@example.vn"].html
    assert "http://127.0.0.1:8000/tasks/1/" in emails["ann@example.org"].text
    assert 'href="http://127.0.0.1:8000/tasks/1/"' in emails["ann@example.org"].html


def test_the_sending_job_delivers_plain_text_with_an_html_alternative(people):
    notify(users=[people["ann"]], kind=NotificationKind.REMINDER, title="Report due on Friday", url="/x/")
    result = send_queued_emails.enqueue()
    assert result.return_value == {"sent": 1, "failed": 0}
    (message,) = mail.outbox
    assert message.to == ["ann@example.org"] and message.subject == "Report due on Friday"
    assert "Hello Ann Smith," in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<h1" in html and "Report due on Friday" in html
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT
    assert send_queued_emails.enqueue().return_value == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_a_kind_turned_off_in_the_app_does_not_reach_the_bell_and_one_turned_off_by_email_sends_nothing(
    people,
):
    save_preferences(
        user=people["ann"],
        preferences={NotificationKind.REMINDER: Preference(in_app=False, by_email=False, digest=False)},
    )
    notify(users=[people["ann"], people["lan"]], kind=NotificationKind.REMINDER, title="Soon")
    assert unread_count(people["ann"]) == 0 and unread_count(people["lan"]) == 1
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["lan@example.vn"]
    # Another kind keeps the defaults.
    notify(users=[people["ann"]], kind=NotificationKind.ESCALATION, title="Escalated")
    assert unread_count(people["ann"]) == 1


def test_nobody_without_an_address_or_no_longer_active_is_emailed(people):
    quiet = make_user("quiet", email="")
    gone = make_user("gone", email="gone@example.org", is_active=False)
    created = notify(users=[quiet, gone, quiet], kind=NotificationKind.GENERAL, title="Hello")
    assert [n.user for n in created] == [quiet]
    assert not OutgoingEmail.objects.exists()


def test_the_daily_digest_gathers_a_days_notifications_into_one_email_in_the_readers_language(people):
    save_preferences(
        user=people["lan"],
        preferences={NotificationKind.REMINDER: Preference(in_app=True, by_email=True, digest=True)},
    )
    for number in range(3):
        notify(users=[people["lan"]], kind=NotificationKind.REMINDER, title=f"Nhắc việc {number}")
    assert not OutgoingEmail.objects.exists()
    assert unread_count(people["lan"]) == 3

    assert daily_digest.enqueue().return_value == 1
    (message,) = mail.outbox
    assert message.to == ["lan@example.vn"]
    assert all(f"Nhắc việc {number}" in message.body for number in range(3))
    assert 'lang="vi"' in message.alternatives[0][0]
    # Each notification goes into one digest only.
    assert daily_digest.enqueue().return_value == 0
    assert len(mail.outbox) == 1
    assert not Notification.objects.filter(digest_pending=True).exists()


def test_marking_all_read_empties_the_bell_of_that_user_only(people):
    notify(users=[people["lan"], people["ann"]], kind=NotificationKind.GENERAL, title="News")
    assert mark_all_read(user=people["lan"]) == 1
    assert (unread_count(people["lan"]), unread_count(people["ann"])) == (0, 1)


def test_links_in_emails_start_with_the_configured_public_address(people, settings):
    settings.RESOLUTE_SITE_URL = "https://resolute.quangnam.gov.vn/"
    notify(users=[people["ann"]], kind=NotificationKind.GENERAL, title="See", url="/tasks/7/")
    assert "https://resolute.quangnam.gov.vn/tasks/7/" in OutgoingEmail.objects.get().text


def test_preferences_are_stored_once_per_kind(people):
    for digest in (True, False):
        save_preferences(
            user=people["ann"], preferences={NotificationKind.REMINDER: Preference(True, True, digest)}
        )
    assert NotificationPreference.objects.filter(user=people["ann"]).count() == 1
