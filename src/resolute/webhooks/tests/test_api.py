"""The webhooks API: administrators of the whole tree list, register and remove webhooks; the secret
is in the answer to the registration only; anyone else gets 403."""

import json
import uuid

from resolute.core.changelog import history_of
from resolute.tasks.tests.factories import api_for
from resolute.webhooks.actions import create_webhook
from resolute.webhooks.models import Webhook, WebhookDelivery


def test_an_administrator_registers_lists_and_removes_a_webhook(users):
    client = api_for(users["admin"])
    response = client.post(
        "/api/webhooks",
        json.dumps({"name": "Ministry", "url": "https://bo.example.vn/hook", "events": ["value.approved"]}),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    webhook = Webhook.objects.get()
    assert body["secret"] == webhook.secret and body["events"] == ["value.approved"]

    listed = client.get("/api/webhooks").json()
    assert [(item["id"], item["name"]) for item in listed] == [(webhook.pk, "Ministry")]
    assert "secret" not in listed[0]

    assert client.delete(f"/api/webhooks/{webhook.pk}").status_code == 204
    assert not Webhook.objects.exists()
    assert [entry.action for entry in history_of(webhook)] == ["delete", "create"]


def test_a_registration_with_a_plain_http_address_names_the_field(users):
    response = api_for(users["admin"]).post(
        "/api/webhooks",
        json.dumps({"name": "Ministry", "url": "http://bo.example.vn/hook", "events": ["value.approved"]}),
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert "url" in response.json()["errors"]


def test_anyone_else_is_refused(users):
    webhook = create_webhook(
        acting_user=None, name="A", url="https://a.example.vn/", events=["task.assigned"]
    )
    client = api_for(users["office"])
    assert client.get("/api/webhooks").status_code == 403
    assert client.delete(f"/api/webhooks/{webhook.pk}").status_code == 403
    assert (
        client.post(
            "/api/webhooks",
            json.dumps({"name": "B", "url": "https://b.example.vn/", "events": ["task.assigned"]}),
            content_type="application/json",
        ).status_code
        == 403
    )
    assert Webhook.objects.count() == 1


def _webhook(**overrides) -> Webhook:
    fields = {"name": "Ministry", "url": "https://bo.example.vn/hook", "events": ["value.approved"]}
    return create_webhook(acting_user=None, **(fields | overrides))


def _delivery(webhook, **fields) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        webhook=webhook, event_id=uuid.uuid4(), kind="value.approved", payload={}, **fields
    )


def _patch(client, path, body):
    return client.patch(path, json.dumps(body), content_type="application/json")


def test_an_administrator_reads_a_webhook_and_its_delivery_log_newest_first(
    users, django_assert_max_num_queries
):
    webhook = _webhook()
    older = _delivery(webhook, status="failed")
    newer = _delivery(webhook)
    client = api_for(users["admin"])

    detail = client.get(f"/api/webhooks/{webhook.pk}").json()
    assert (detail["name"], detail["queued_count"], detail["failed_count"]) == ("Ministry", 1, 1)
    assert "secret" not in detail

    with django_assert_max_num_queries(8):
        log = client.get(f"/api/webhooks/{webhook.pk}/deliveries?page_size=1").json()
    assert [item["id"] for item in log["items"]] == [newer.pk] and log["count"] == 2
    following = client.get(log["next"]).json()
    assert [(item["id"], item["status"]) for item in following["items"]] == [(older.pk, "failed")]


def test_an_administrator_changes_a_webhook_and_the_rest_stays(users):
    webhook = _webhook()
    client = api_for(users["admin"])
    response = _patch(client, f"/api/webhooks/{webhook.pk}", {"name": "Ministry of Finance"})
    assert response.status_code == 200
    webhook.refresh_from_db()
    assert (webhook.name, webhook.url, webhook.events) == (
        "Ministry of Finance",
        "https://bo.example.vn/hook",
        ["value.approved"],
    )
    assert [entry.action for entry in history_of(webhook)] == ["update", "create"]

    refused = _patch(client, f"/api/webhooks/{webhook.pk}", {"events": ["no.such.event"]})
    assert refused.status_code == 422 and "events" in refused.json()["errors"]
    emptied = _patch(client, f"/api/webhooks/{webhook.pk}", {"url": None})
    assert emptied.status_code == 422 and "url" in emptied.json()["errors"]


def test_an_administrator_deactivates_tests_and_renews_the_secret_of_a_webhook(users):
    webhook = _webhook()
    old_secret = webhook.secret
    client = api_for(users["admin"])

    assert client.post(f"/api/webhooks/{webhook.pk}/deactivate").json()["is_active"] is False

    test = client.post(f"/api/webhooks/{webhook.pk}/test")
    assert test.status_code == 202 and test.json()["kind"] == "webhook.test"
    assert WebhookDelivery.objects.get().kind == "webhook.test"

    renewed = client.post(f"/api/webhooks/{webhook.pk}/secret").json()
    webhook.refresh_from_db()
    assert renewed["secret"] == webhook.secret != old_secret


def test_an_administrator_retries_a_failed_delivery_and_not_one_that_waits(users):
    webhook = _webhook()
    failed = _delivery(webhook, status="failed", attempts=6)
    waiting = _delivery(webhook)
    client = api_for(users["admin"])

    retried = client.post(f"/api/webhooks/{webhook.pk}/deliveries/{failed.pk}/retry")
    assert retried.status_code == 202
    assert (retried.json()["status"], retried.json()["attempts"]) == ("queued", 0)

    refused = client.post(f"/api/webhooks/{webhook.pk}/deliveries/{waiting.pk}/retry")
    assert refused.status_code == 422 and "status" in refused.json()["errors"]
    other = _webhook(name="Other")
    assert client.post(f"/api/webhooks/{other.pk}/deliveries/{failed.pk}/retry").status_code == 404


def test_anyone_else_may_neither_read_nor_change_a_webhook(users):
    webhook = _webhook()
    delivery = _delivery(webhook, status="failed")
    client = api_for(users["office"])
    base = f"/api/webhooks/{webhook.pk}"
    assert client.get(base).status_code == 403
    assert client.get(f"{base}/deliveries").status_code == 403
    assert _patch(client, base, {"name": "Taken"}).status_code == 403
    for action in ("deactivate", "test", "secret", f"deliveries/{delivery.pk}/retry"):
        assert client.post(f"{base}/{action}").status_code == 403, action
    webhook.refresh_from_db()
    delivery.refresh_from_db()
    assert (webhook.name, webhook.is_active, delivery.status) == ("Ministry", True, "failed")
    assert WebhookDelivery.objects.count() == 1
