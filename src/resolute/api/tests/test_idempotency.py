"""Idempotency keys as a client retrying a create meets them."""

import datetime
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from resolute.accounts.models import ApiToken
from resolute.api import actions
from resolute.api.idempotency import fingerprint
from resolute.api.models import IdempotentRequest
from resolute.conftest import make_user
from resolute.orgunits.choices import Role
from resolute.tasks.models import Task

TASKS = "/api/tasks/"
KEY = "5f0c6a7e-2b1d-4c39-9a3e-0c1d2e3f4a5b"
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def api_of(user) -> Client:
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="Sync", token_hash=ApiToken.hash(raw), hint=raw[:12])
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def assign(api: Client, tree, title="Clear the ring road's site", key=KEY):
    payload = {"title": title, "lead_unit_id": tree["district_a"].pk, "deadline": "2026-12-31"}
    return api.post(TASKS, json.dumps(payload), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_create_makes_one_task_and_replays_the_first_answer(tree, users):
    api = api_of(users["office"])
    first = assign(api, tree)
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first
    retry = assign(api, tree)
    assert retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    assert retry["ETag"] == first["ETag"]
    assert Task.objects.count() == 1


def test_the_same_key_with_a_different_body_is_a_422_naming_the_key(tree, users):
    api = api_of(users["office"])
    assign(api, tree)
    response = assign(api, tree, title="Another task")
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["errors"]
    assert Task.objects.count() == 1


def test_another_person_s_same_key_creates_their_own_task(tree, users):
    office_token_api = api_of(users["office"])
    assert assign(office_token_api, tree).status_code == 201
    colleague = make_user("office_colleague", (tree["office"], Role.OFFICE))
    second = assign(api_of(colleague), tree)
    assert second.status_code == 201 and "Idempotent-Replayed" not in second
    assert Task.objects.count() == 2


def test_a_retry_while_the_first_still_runs_is_a_409(tree, users):
    api = api_of(users["office"])
    payload = json.dumps({"title": "T", "lead_unit_id": tree["district_a"].pk, "deadline": "2026-12-31"})
    request = RequestFactory().post(TASKS, payload, content_type="application/json")
    actions.claim_idempotency_key(user=users["office"], key=KEY, fingerprint=fingerprint(request))
    response = api.post(TASKS, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert response.status_code == 409
    assert not Task.objects.exists()


def test_a_refused_request_is_not_kept_so_a_retry_runs_again(tree, users):
    assert assign(api_of(users["district_a_reporter"]), tree).status_code == 403
    assert not IdempotentRequest.objects.exists()


def test_a_key_longer_than_255_characters_is_a_422(tree, users):
    response = assign(api_of(users["office"]), tree, key="k" * 256)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["errors"]
    assert not Task.objects.exists()


def test_after_24_hours_the_key_is_forgotten_and_the_job_deletes_it(tree, users, on_a_fixed_day):
    api = api_of(users["office"])
    assign(api, tree)
    on_a_fixed_day.shift(datetime.timedelta(hours=23))
    assert actions.delete_expired_idempotent_requests() == 0
    on_a_fixed_day.shift(datetime.timedelta(hours=2))
    assert actions.delete_expired_idempotent_requests() == 1
    assert assign(api, tree).status_code == 201
    assert Task.objects.count() == 2


def test_a_post_without_a_key_runs_each_time(tree, users):
    api = api_of(users["office"])
    payload = {"title": "T", "lead_unit_id": tree["district_a"].pk}
    for _ in range(2):
        assert api.post(TASKS, payload, content_type="application/json").status_code == 201
    assert Task.objects.count() == 2
    assert not IdempotentRequest.objects.exists()


def test_an_upload_s_fingerprint_reads_its_file_and_leaves_it_readable():
    def upload(content: bytes):
        file = SimpleUploadedFile("tasks.xlsx", content)
        return RequestFactory().post("/api/tasks/import?dry_run=true", {"file": file, "note": "March"})

    first, same, other = upload(b"row 1"), upload(b"row 1"), upload(b"row 2")
    assert fingerprint(first) == fingerprint(same) != fingerprint(other)
    assert first.FILES["file"].read() == b"row 1"
