"""The webhook pages: only an administrator of the whole organisation reaches them; the secret is
shown once; edits are in the change log; the test button sends a test event to the receiver."""

import pytest
from django.test import Client
from django.urls import reverse

from resolute.accounts.models import User
from resolute.conftest import make_user
from resolute.core.changelog import history_of
from resolute.orgunits.choices import Role
from resolute.webhooks.actions import create_webhook
from resolute.webhooks.actions.deliveries import deliver_due
from resolute.webhooks.models import Webhook, WebhookDelivery

from .receiver import Receiver

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def browser_for(user) -> Client:
    browser = Client(**ENGLISH)
    browser.force_login(user)
    return browser


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(username="root", password="resolute-demo", full_name="System owner")


@pytest.fixture
def webhook(db):
    return create_webhook(
        acting_user=None, name="E-office", url="https://eoffice.example.vn/hooks", events=["task.assigned"]
    )


def test_the_administrator_of_the_province_registers_a_webhook_and_sees_its_secret_once(users):
    browser = browser_for(users["admin"])
    response = browser.post(
        reverse("webhooks:create"),
        {
            "name": "E-office",
            "url": "https://eoffice.example.vn/hooks",
            "events": ["task.assigned", "value.approved"],
            "is_active": "on",
        },
    )
    webhook = Webhook.objects.get()
    assert response.status_code == 302 and response.url == webhook.get_absolute_url()
    page = browser.get(response.url).content.decode()
    assert webhook.secret in page
    assert "Task assigned, Value approved" in page
    assert webhook.secret not in browser.get(webhook.get_absolute_url()).content.decode(), "shown only once"
    assert 'href="/webhooks/"' in browser.get(reverse("tasks:inbox")).content.decode(), "in the navigation"
    assert (webhook.events, webhook.is_active, webhook.created_by) == (
        ["task.assigned", "value.approved"],
        True,
        users["admin"],
    )


def test_a_plain_http_address_elsewhere_than_this_computer_is_refused_next_to_the_field(users):
    response = browser_for(users["admin"]).post(
        reverse("webhooks:create"),
        {"name": "E-office", "url": "http://eoffice.example.vn/hooks", "events": ["task.assigned"]},
    )
    assert response.status_code == 422
    assert "must start with https://" in response.context["form"].errors["url"][0]
    assert not Webhook.objects.exists()


def test_an_unknown_kind_of_event_is_refused(users):
    response = browser_for(users["admin"]).post(
        reverse("webhooks:create"),
        {"name": "E-office", "url": "https://eoffice.example.vn/", "events": ["task.lost"]},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["events"]


@pytest.mark.parametrize("who", ["office", "district_a_manager", "leader", "district_admin"])
def test_anyone_but_an_administrator_of_the_whole_tree_is_refused_every_page(users, tree, webhook, who):
    person = (
        make_user("hoian_admin", (tree["district_a"], Role.ADMIN)) if who == "district_admin" else users[who]
    )
    browser = browser_for(person)
    for name in ("webhooks:list", "webhooks:create"):
        assert browser.get(reverse(name)).status_code == 403
    for name in ("webhooks:detail", "webhooks:edit"):
        assert browser.get(reverse(name, args=[webhook.pk])).status_code == 403
    for name in ("webhooks:deactivate", "webhooks:test", "webhooks:new_secret"):
        assert browser.post(reverse(name, args=[webhook.pk])).status_code == 403
    webhook.refresh_from_db()
    assert webhook.is_active and not WebhookDelivery.objects.exists()
    assert "Webhooks" not in browser.get(reverse("tasks:inbox")).content.decode()


def test_a_visitor_is_sent_to_sign_in(db):
    response = Client().get(reverse("webhooks:list"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_change_log_records_the_creation_and_each_edit_but_never_the_secret(users, webhook):
    browser = browser_for(users["admin"])
    browser.post(
        reverse("webhooks:edit", args=[webhook.pk]),
        {
            "name": "E-office",
            "url": "https://eoffice.example.vn/v2",
            "events": ["task.assigned"],
            "is_active": "on",
        },
    )
    browser.post(reverse("webhooks:deactivate", args=[webhook.pk]))
    browser.post(reverse("webhooks:new_secret", args=[webhook.pk]))
    entries = list(history_of(webhook))
    assert [entry.action for entry in entries] == ["update", "update", "update", "create"]
    replaced, deactivated, edited, created = entries
    assert edited.changes == {
        "url": {"old": "https://eoffice.example.vn/hooks", "new": "https://eoffice.example.vn/v2"}
    }
    assert edited.actor == users["admin"]
    assert deactivated.changes == {"is_active": {"old": True, "new": False}}
    assert replaced.note == "The secret was replaced."
    webhook.refresh_from_db()
    assert all(webhook.secret not in str(entry.changes) for entry in entries)
    assert created.changes["events"] == {"old": None, "new": ["task.assigned"]}


def test_the_test_button_sends_a_test_event_shown_in_the_delivery_log(users, superuser):
    receiver = Receiver().start()
    try:
        webhook = create_webhook(
            acting_user=superuser, name="Local", url=receiver.url, events=["value.approved"]
        )
        receiver.secret = webhook.secret
        browser = browser_for(users["admin"])
        assert browser.post(reverse("webhooks:test", args=[webhook.pk])).status_code == 302
        deliver_due()
    finally:
        receiver.stop()
    (received,) = receiver.received
    assert received.signed_correctly and received.payload["kind"] == "webhook.test"
    page = browser.get(webhook.get_absolute_url()).content.decode()
    assert "Test event" in page and "delivered" in page


def test_the_list_reads_the_same_queries_for_one_or_many_webhooks(users, django_assert_max_num_queries):
    browser = browser_for(users["admin"])
    create_webhook(acting_user=None, name="A", url="https://a.example.vn/", events=["task.assigned"])
    with django_assert_max_num_queries(12) as few:
        browser.get(reverse("webhooks:list"))
    for name in "BCDEF":
        create_webhook(
            acting_user=None, name=name, url=f"https://{name}.example.vn/", events=["task.assigned"]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = browser.get(reverse("webhooks:list"))
    assert response.content.decode().count("example.vn") == 6
