"""The accounts API: who am I, and my own tokens."""

from django.test import Client

from resolute.accounts import actions
from resolute.accounts.models import ApiToken


def signed_in(user) -> Client:
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(user)
    return browser


def test_me_describes_the_user_and_their_roles(tree, users):
    body = signed_in(users["district_a_manager"]).get("/api/accounts/me").json()
    assert body["username"] == "hoian_manager"
    assert body["memberships"] == [
        {
            "unit_id": tree["district_a"].pk,
            "unit_name": "Hoi An City",
            "role": "manager",
            "role_label": "unit manager",
        }
    ]


def test_a_person_lists_creates_and_revokes_their_own_tokens(tree, users):
    browser = signed_in(users["finance"])
    created = browser.post("/api/accounts/me/tokens", {"name": "Sync"}, content_type="application/json")
    assert created.status_code == 201
    raw = created.json()["token"]
    assert raw.startswith("rsl_") and created.json()["hint"] == raw[:12]
    listed = browser.get("/api/accounts/me/tokens").json()
    assert [token["name"] for token in listed] == ["Sync"]
    assert "token" not in listed[0] and "token_hash" not in listed[0]
    token_id = created.json()["id"]
    assert browser.delete(f"/api/accounts/me/tokens/{token_id}").status_code == 204
    assert not ApiToken.objects.get(pk=token_id).is_active


def test_a_token_name_is_required(tree, users):
    response = signed_in(users["finance"]).post(
        "/api/accounts/me/tokens", {"name": ""}, content_type="application/json"
    )
    assert response.status_code == 422


def test_someone_else_s_tokens_are_neither_listed_nor_revocable(tree, users):
    token, _ = actions.create_api_token(acting_user=users["admin"], name="Admin script")
    browser = signed_in(users["finance"])
    assert browser.get("/api/accounts/me/tokens").json() == []
    assert browser.delete(f"/api/accounts/me/tokens/{token.pk}").status_code == 404
