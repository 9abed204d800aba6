"""Writes to accounts: each one does what it says, refuses what it must, and is logged without secrets."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError

from resolute.accounts import actions
from resolute.accounts.models import ApiToken, User
from resolute.core.changelog import history_of
from resolute.core.models import ChangeLogEntry
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership
from resolute.orgunits.scope import scope_for


def logged_text() -> str:
    """Everything the change log holds, as one string, to look for secrets in it."""
    return " ".join(
        f"{entry.changes} {entry.note} {entry.object_repr}" for entry in ChangeLogEntry.objects.all()
    )


def test_an_administrator_creates_a_user_with_a_role_and_a_generated_password(tree, users):
    user, password = actions.create_user(
        acting_user=users["admin"],
        username="thu",
        full_name="Lê Thị Thu",
        email="thu@example.org",
        memberships=[(tree["commune_a1"], Role.REPORTER)],
    )
    assert len(password) >= 12
    assert authenticate(username="thu", password=password) == user
    assert list(user.memberships.values_list("unit", "role")) == [(tree["commune_a1"].pk, Role.REPORTER)]
    created = history_of(user).filter(action="create").get()
    assert created.actor == users["admin"]
    assert created.changes["full_name"]["new"] == "Lê Thị Thu"
    assert password not in logged_text()
    assert user.password not in logged_text()


def test_an_initial_password_typed_by_the_administrator_is_the_one_that_works(tree, users):
    user, password = actions.create_user(
        acting_user=users["admin"],
        username="lan",
        full_name="Lan",
        memberships=[(tree["district_b"], Role.VIEWER)],
        password="a-long-chosen-secret",
    )
    assert password == "a-long-chosen-secret"
    assert user.check_password("a-long-chosen-secret")


def test_a_user_needs_at_least_one_role_at_creation(tree, users):
    with pytest.raises(ValidationError):
        actions.create_user(acting_user=users["admin"], username="nobody", full_name="Nobody", memberships=[])
    assert not User.objects.filter(username="nobody").exists()


def test_a_user_name_is_unique_whatever_its_letter_case(tree, users):
    with pytest.raises(ValidationError) as error:
        actions.create_user(
            acting_user=users["admin"],
            username="Hoian",
            full_name="Copy",
            memberships=[(tree["province"], "viewer")],
        )
    assert "username" in error.value.message_dict


def test_an_administrator_changes_account_details_and_the_log_keeps_the_old_values(tree, users):
    person = users["district_b_reporter"]
    actions.update_user(
        acting_user=users["admin"], user=person, full_name="Phan Văn Lộc", job_title="Chuyên viên"
    )
    person.refresh_from_db()
    assert person.full_name == "Phan Văn Lộc"
    entry = history_of(person).first()
    assert entry.actor == users["admin"]
    assert entry.changes["full_name"] == {"old": "", "new": "Phan Văn Lộc"}
    assert entry.changes["job_title"]["new"] == "Chuyên viên"


def test_a_person_changes_their_own_profile_and_it_is_logged(tree, users):
    person = users["finance"]
    actions.update_own_profile(
        acting_user=person, full_name="Võ Thị Hoa", phone="0235 3812 345", language="en"
    )
    person.refresh_from_db()
    assert (person.full_name, person.phone, person.language) == ("Võ Thị Hoa", "0235 3812 345", "en")
    entry = history_of(person).first()
    assert entry.actor == person
    assert set(entry.changes) == {"full_name", "phone", "language"}


def test_a_person_cannot_change_their_own_user_name_or_status_through_their_profile(tree, users):
    with pytest.raises(ValueError):
        actions.update_own_profile(acting_user=users["finance"], username="boss")
    with pytest.raises(ValueError):
        actions.update_own_profile(acting_user=users["finance"], is_active=False)


def test_choosing_a_language_is_saved_and_logged(tree, users):
    person = users["leader"]
    actions.set_user_language(user=person, language="en", acting_user=person)
    person.refresh_from_db()
    assert person.language == "en"
    assert set(history_of(person).first().changes) == {"language"}


def test_a_deactivated_user_can_no_longer_sign_in_and_can_be_reactivated(tree, users):
    person = users["district_b_reporter"]
    actions.deactivate_user(acting_user=users["admin"], user=person)
    assert authenticate(username="dailoc", password="resolute-demo") is None
    assert User.objects.filter(pk=person.pk).exists()
    actions.reactivate_user(acting_user=users["admin"], user=person)
    assert authenticate(username="dailoc", password="resolute-demo") == person
    changes = [entry.changes["is_active"] for entry in history_of(person)]
    assert changes == [{"old": False, "new": True}, {"old": True, "new": False}]


def test_an_administrator_cannot_deactivate_their_own_account(tree, users):
    with pytest.raises(ValidationError):
        actions.deactivate_user(acting_user=users["admin"], user=users["admin"])
    users["admin"].refresh_from_db()
    assert users["admin"].is_active


def test_an_administrator_sets_a_new_password_which_is_not_logged(tree, users):
    person = users["district_a_reporter"]
    _, password = actions.set_user_password(acting_user=users["admin"], user=person)
    person.refresh_from_db()
    assert person.check_password(password)
    assert not person.check_password("resolute-demo")
    assert history_of(person).first().note
    assert password not in logged_text() and person.password not in logged_text()


def test_a_person_changes_their_own_password_and_only_a_note_is_logged(tree, users):
    person = users["leader"]
    actions.change_own_password(acting_user=person, password="the-new-secret-2025")
    person.refresh_from_db()
    assert person.check_password("the-new-secret-2025")
    entry = history_of(person).first()
    assert entry.changes == {} and entry.note
    assert "the-new-secret-2025" not in logged_text() and person.password not in logged_text()


def test_giving_a_role_widens_the_scope_at_once(tree, users):
    person = users["district_a_reporter"]
    assert not scope_for(person).covers(tree["commune_b1"])
    membership = actions.add_membership(
        acting_user=users["admin"], user=person, unit=tree["district_b"], role="viewer"
    )
    assert scope_for(person).covers(tree["commune_b1"])
    assert ChangeLogEntry.objects.filter(object_id=str(membership.pk), action="create").exists()
    assert "Huyện Đại Lộc" in history_of(person).first().note


def test_the_same_role_in_the_same_unit_cannot_be_given_twice(tree, users):
    with pytest.raises(ValidationError):
        actions.add_membership(
            acting_user=users["admin"], user=users["finance"], unit=tree["finance"], role=Role.REPORTER
        )


def test_taking_a_role_away_narrows_the_scope_at_once_and_is_logged(tree, users):
    person = users["district_a_reporter"]
    extra = actions.add_membership(
        acting_user=users["admin"], user=person, unit=tree["district_b"], role="viewer"
    )
    assert scope_for(person).covers(tree["district_b"])
    actions.remove_membership(acting_user=users["admin"], membership=extra)
    assert not scope_for(person).covers(tree["district_b"])
    deleted = ChangeLogEntry.objects.get(object_id=str(extra.pk), action="delete")
    assert deleted.changes["role"]["old"] == "viewer"
    assert not Membership.objects.filter(pk=extra.pk).exists()


def test_the_last_role_of_a_person_cannot_be_taken_away(tree, users):
    membership = users["finance"].memberships.get()
    with pytest.raises(ValidationError):
        actions.remove_membership(acting_user=users["admin"], membership=membership)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_new_token_is_returned_once_and_only_its_hash_is_stored(tree, users):
    token, raw = actions.create_api_token(acting_user=users["finance"], name="Budget spreadsheet")
    assert raw.startswith("rsl_")
    assert token.user == users["finance"]
    assert token.hint == raw[:12]
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == ApiToken.hash(raw) and raw not in stored.token_hash
    created = history_of(token).get()
    assert created.changes["name"]["new"] == "Budget spreadsheet"
    assert raw not in logged_text() and token.token_hash not in logged_text()


def test_revoking_a_token_is_logged_and_only_its_owner_may_do_it(tree, users):
    token, _ = actions.create_api_token(acting_user=users["finance"], name="Sync")
    with pytest.raises(PermissionDenied):
        actions.revoke_api_token(acting_user=users["admin"], token=token)
    assert ApiToken.objects.get(pk=token.pk).is_active
    actions.revoke_api_token(acting_user=users["finance"], token=token)
    assert not ApiToken.objects.get(pk=token.pk).is_active
    assert history_of(token).first().action == "update"


def test_the_system_may_create_users_without_a_person_acting(tree):
    user, _ = actions.create_user(
        acting_user=None, username="seeded", full_name="Seeded", memberships=[(tree["province"], Role.ADMIN)]
    )
    assert history_of(user).filter(action="create").get().actor is None
