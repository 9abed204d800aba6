"""The webhooks API: administrators of the whole tree list, register and remove webhooks; the secret
is in the answer to the registration only; anyone else gets 403."""

import json

from resolute.core.changelog import history_of
from resolute.tasks.tests.factories import api_for
from resolute.webhooks.actions import create_webhook
from resolute.webhooks.models import Webhook


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
