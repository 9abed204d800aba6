"""The bell in the header, the notifications page, the preferences page and the administrators' outbox."""

import re

import pytest
from django.test import Client

from resolute.reporting.actions.notifications import notify
from resolute.reporting.models import Notification, NotificationKind, NotificationPreference, OutgoingEmail


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bell_count(html: str) -> str | None:
    match = re.search(r'class="badge badge--bad bell__count">(\d+)<', html)
    return match.group(1) if match else None


def tell(user, count=1, url=""):
    for number in range(count):
        notify(users=[user], kind=NotificationKind.GENERAL, title=f"News {number}", url=url)


def test_every_page_has_the_bell_linking_to_the_notifications_and_asking_for_the_count(users):
    html = signed_in(users["finance"]).get("/").content.decode()
    bell = re.search(r'<a class="user-link bell"[^>]*>', html).group(0)
    assert 'href="/reporting/notifications/"' in bell
    assert 'hx-get="/reporting/notifications/bell/"' in bell and 'hx-trigger="load, every 60s"' in bell


def test_the_bell_shows_the_unread_count_of_the_signed_in_user(users):
    tell(users["finance"], 3)
    html = signed_in(users["finance"]).get("/reporting/notifications/bell/").content.decode()
    assert bell_count(html) == "3" and "3 unread" in html
    # The refreshed bell keeps polling but does not load itself again.
    assert 'hx-trigger="every 60s"' in html
    other = signed_in(users["office"]).get("/reporting/notifications/bell/").content.decode()
    assert bell_count(other) is None


def test_the_bell_of_an_ended_session_leaves_the_header_alone(db):
    assert Client().get("/reporting/notifications/bell/").status_code == 204


def test_the_bell_costs_one_query_however_many_notifications_wait(users, django_assert_max_num_queries):
    client = signed_in(users["finance"])
    tell(users["finance"], 25)
    with django_assert_max_num_queries(4) as captured:
        assert client.get("/reporting/notifications/bell/").status_code == 200
    bell_queries = [q["sql"] for q in captured.captured_queries if "reporting_notification" in q["sql"]]
    assert len(bell_queries) == 1 and "COUNT(" in bell_queries[0]


def test_pages_pay_nothing_for_the_bell(users, django_assert_max_num_queries):
    tell(users["finance"], 5)
    with django_assert_max_num_queries(60) as captured:
        signed_in(users["finance"]).get("/")
    assert not [q for q in captured.captured_queries if "reporting_notification" in q["sql"]]


def test_the_page_lists_only_ones_own_notifications_and_marks_them_read(users):
    tell(users["finance"], 2)
    tell(users["office"], 1)
    client = signed_in(users["finance"])
    html = client.get("/reporting/notifications/").content.decode()
    assert html.count('class="notification notification--unread"') == 2
    mine = list(Notification.objects.filter(user=users["finance"]).order_by("pk"))

    response = client.post("/reporting/notifications/read/", {"notification": [mine[0].pk]})
    assert response.status_code == 302
    assert Notification.objects.filter(user=users["finance"], read_at__isnull=True).count() == 1
    unread_page = client.get("/reporting/notifications/?show=unread").content.decode()
    assert "News 1" in unread_page and "News 0" not in unread_page

    client.post("/reporting/notifications/read/", {"all": "1"})
    assert not Notification.objects.filter(user=users["finance"], read_at__isnull=True).exists()
    assert Notification.objects.filter(user=users["office"], read_at__isnull=True).count() == 1


def test_the_page_reads_many_notifications_in_a_fixed_number_of_queries(users, django_assert_max_num_queries):
    def page_queries():
        client = signed_in(users["finance"])
        with django_assert_max_num_queries(20) as captured:
            assert client.get("/reporting/notifications/").status_code == 200
        return len(captured)

    tell(users["finance"], 2)
    few = page_queries()
    tell(users["finance"], 20)
    assert page_queries() == few


def test_opening_a_notification_marks_it_read_and_follows_its_link(users):
    tell(users["finance"], 1, url="/tasks/")
    notification = Notification.objects.get(user=users["finance"])
    response = signed_in(users["finance"]).post(f"/reporting/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/tasks/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_looking_at_the_open_address_changes_nothing(users):
    tell(users["finance"], 1, url="/tasks/")
    notification = Notification.objects.get(user=users["finance"])
    response = signed_in(users["finance"]).get(f"/reporting/notifications/{notification.pk}/open/")
    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_link_to_another_site_is_not_followed(users):
    tell(users["finance"], 1, url="https://elsewhere.example/")
    notification = Notification.objects.get(user=users["finance"])
    response = signed_in(users["finance"]).post(f"/reporting/notifications/{notification.pk}/open/")
    assert response["Location"] == "/reporting/notifications/"


def test_nobody_opens_someone_elses_notification(users):
    tell(users["finance"], 1, url="/tasks/")
    notification = Notification.objects.get(user=users["finance"])
    response = signed_in(users["office"]).post(f"/reporting/notifications/{notification.pk}/open/")
    assert response.status_code == 404


def test_a_user_chooses_a_daily_digest_for_reminders_and_nothing_in_the_app_for_other_news(users):
    client = signed_in(users["finance"])
    response = client.get("/reporting/notifications/settings/")
    assert response.status_code == 200 and 'name="reminder-digest"' in response.content.decode()
    data = {}
    for kind in NotificationKind.values:
        data[f"{kind}-in_app"] = "on"
        data[f"{kind}-by_email"] = "on"
    data["reminder-digest"] = "on"
    del data["general-in_app"]
    assert client.post("/reporting/notifications/settings/", data).status_code == 302
    reminder = NotificationPreference.objects.get(user=users["finance"], kind=NotificationKind.REMINDER)
    general = NotificationPreference.objects.get(user=users["finance"], kind=NotificationKind.GENERAL)
    assert (reminder.in_app, reminder.by_email, reminder.digest) == (True, True, True)
    assert (general.in_app, general.by_email, general.digest) == (False, True, False)
    html = client.get("/reporting/notifications/settings/").content.decode()
    assert re.search(r'name="reminder-digest"[^>]*checked', html)
    assert not re.search(r'name="general-in_app"[^>]*checked', html)


@pytest.fixture
def failed_email(db):
    return OutgoingEmail.objects.create(
        to="finance@example.vn",
        subject="Nhắc báo cáo",
        text="…",
        status=OutgoingEmail.Status.FAILED,
        attempts=12,
        next_attempt_at="2026-01-01T00:00:00Z",
        last_error="SMTPDataError: (554, b'Transaction failed')",
    )


def test_administrators_see_failed_emails_with_their_error_and_retry_them(users, failed_email):
    client = signed_in(users["admin"])
    html = client.get("/reporting/notifications/outbox/").content.decode()
    assert "finance@example.vn" in html and "Transaction failed" in html and "Retry now" in html
    response = client.post("/reporting/notifications/outbox/retry/", {"email": [failed_email.pk]})
    assert response.status_code == 302
    failed_email.refresh_from_db()
    # The retry queued it, and the sending job (run at once in tests) delivered it.
    assert failed_email.status == OutgoingEmail.Status.SENT


def test_administrators_find_the_outbox_from_their_notifications_page_and_others_do_not(users):
    assert (
        'href="/reporting/notifications/outbox/"'
        in signed_in(users["admin"]).get("/reporting/notifications/").content.decode()
    )
    assert "/outbox/" not in signed_in(users["office"]).get("/reporting/notifications/").content.decode()


def test_only_administrators_open_the_outbox(users, failed_email):
    for name in ("office", "finance"):
        client = signed_in(users[name])
        assert client.get("/reporting/notifications/outbox/").status_code == 403
        assert client.post("/reporting/notifications/outbox/retry/", {"all_failed": "1"}).status_code == 403
    failed_email.refresh_from_db()
    assert failed_email.status == OutgoingEmail.Status.FAILED


def test_signed_out_visitors_are_sent_to_sign_in(db):
    response = Client().get("/reporting/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
