"""Who may not do what in user administration: every denial is checked on the page and on the post."""

import pytest
from django.urls import reverse

from resolute.accounts import actions
from resolute.accounts.models import ApiToken, User
from resolute.conftest import make_user
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership


def url(name, *args):
    return reverse(f"accounts:{name}", args=args)


ADMIN_PAGES = ["user_list", "user_create"]
PERSON_PAGES = ["user_detail", "user_edit", "user_password"]
PERSON_POSTS = ["user_deactivate", "user_reactivate", "membership_add"]


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_someone_without_the_admin_role_cannot_open_user_administration(tree, users, browser_for, page):
    for name in ["office", "leader", "district_a_manager", "finance"]:
        assert browser_for(users[name]).get(url(page)).status_code == 403


def test_someone_without_the_admin_role_cannot_create_a_user(tree, users, browser_for):
    response = browser_for(users["district_a_manager"]).post(
        url("user_create"),
        {"username": "intruder", "full_name": "X", "unit": tree["commune_a1"].pk, "role": Role.REPORTER},
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="intruder").exists()


@pytest.mark.parametrize("page", PERSON_PAGES)
def test_someone_without_the_admin_role_cannot_open_anyone_s_account(tree, users, browser_for, page):
    response = browser_for(users["district_a_manager"]).get(url(page, users["district_a_reporter"].pk))
    assert response.status_code == 403


@pytest.mark.parametrize("post", PERSON_POSTS)
def test_someone_without_the_admin_role_cannot_change_anyone_s_account(tree, users, browser_for, post):
    person = users["district_a_reporter"]
    response = browser_for(users["district_a_manager"]).post(
        url(post, person.pk), {"unit": tree["province"].pk, "role": Role.ADMIN}
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.is_active and person.memberships.count() == 1


def test_a_visitor_who_has_not_signed_in_is_sent_to_the_sign_in_page(tree, users, client):
    for page in [url("profile"), url("user_list"), url("user_detail", users["finance"].pk)]:
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith(url("login"))


def test_a_district_administrator_finds_only_people_with_a_role_in_their_district(
    tree, users, district_admin, browser_for
):
    response = browser_for(district_admin).get(url("user_list"))
    listed = {person.username for person, _ in response.context["rows"]}
    assert listed == {"hoian_admin", "hoian_manager", "hoian"}


@pytest.mark.parametrize("page", PERSON_PAGES)
def test_a_district_administrator_cannot_open_an_account_outside_their_district(
    tree, users, district_admin, browser_for, page
):
    assert browser_for(district_admin).get(url(page, users["district_b_reporter"].pk)).status_code == 404


@pytest.mark.parametrize("post", PERSON_POSTS)
def test_a_district_administrator_cannot_change_an_account_outside_their_district(
    tree, users, district_admin, browser_for, post
):
    person = users["district_b_reporter"]
    response = browser_for(district_admin).post(
        url(post, person.pk), {"unit": tree["commune_a1"].pk, "role": "viewer"}
    )
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.is_active and person.memberships.count() == 1


def test_a_district_administrator_cannot_give_a_role_in_a_unit_above_or_beside_their_district(
    tree, users, district_admin, browser_for
):
    person = users["district_a_reporter"]
    browser = browser_for(district_admin)
    for unit in [tree["province"], tree["district_b"], tree["finance"]]:
        response = browser.post(url("membership_add", person.pk), {"unit": unit.pk, "role": Role.VIEWER})
        assert response.status_code == 422
        assert "unit" in response.context["membership_form"].errors
    assert list(person.memberships.values_list("unit", flat=True)) == [tree["district_a"].pk]


def test_a_district_administrator_cannot_give_an_office_role_that_would_cover_the_province(
    tree, users, district_admin, browser_for
):
    # An office role covers the administrative level above its unit: in the district itself, the province.
    person = users["district_a_reporter"]
    response = browser_for(district_admin).post(
        url("membership_add", person.pk), {"unit": tree["district_a"].pk, "role": Role.OFFICE}
    )
    assert response.status_code == 422
    assert "role" in response.context["membership_form"].errors
    assert not person.memberships.filter(role=Role.OFFICE).exists()


def test_a_district_administrator_may_give_roles_inside_their_district_including_administrator(
    tree, users, district_admin, browser_for
):
    person = users["district_a_reporter"]
    browser = browser_for(district_admin)
    response = browser.post(
        url("membership_add", person.pk), {"unit": tree["commune_a1"].pk, "role": Role.ADMIN}
    )
    assert response.status_code == 302
    response = browser.post(
        url("membership_add", person.pk), {"unit": tree["commune_a1"].pk, "role": Role.OFFICE}
    )
    assert response.status_code == 302
    assert person.memberships.count() == 3


def test_a_district_administrator_cannot_create_a_user_in_a_unit_outside_their_district(
    tree, users, district_admin, browser_for
):
    response = browser_for(district_admin).post(
        url("user_create"),
        {"username": "outsider", "full_name": "Outsider", "unit": tree["province"].pk, "role": Role.ADMIN},
    )
    assert response.status_code == 422
    assert "unit" in response.context["form"].errors
    assert not User.objects.filter(username="outsider").exists()


def test_a_district_administrator_cannot_take_over_an_account_that_also_holds_a_provincial_role(
    tree, users, district_admin, browser_for
):
    leader = users["leader"]
    local_role = actions.add_membership(
        acting_user=None, user=leader, unit=tree["district_a"], role=Role.VIEWER
    )
    browser = browser_for(district_admin)
    assert browser.get(url("user_detail", leader.pk)).status_code == 200
    assert browser.get(url("user_edit", leader.pk)).status_code == 403
    assert browser.get(url("user_password", leader.pk)).status_code == 403
    assert browser.post(url("user_password", leader.pk), {"password": ""}).status_code == 403
    assert (
        browser.post(url("user_edit", leader.pk), {"username": "leader", "full_name": "X"}).status_code == 403
    )
    assert browser.post(url("user_deactivate", leader.pk)).status_code == 403
    provincial_role = leader.memberships.get(unit=tree["province"])
    assert browser.post(url("membership_remove", leader.pk, provincial_role.pk)).status_code == 403
    leader.refresh_from_db()
    assert leader.is_active and leader.check_password("resolute-demo") and leader.full_name == ""
    # The role inside the district is theirs to take away.
    assert browser.post(url("membership_remove", leader.pk, local_role.pk)).status_code == 302
    assert list(leader.memberships.values_list("unit", flat=True)) == [tree["province"].pk]


def test_nobody_but_a_superuser_finds_or_touches_a_superuser(tree, users, superuser, browser_for):
    Membership.objects.create(user=superuser, unit=tree["district_a"], role=Role.VIEWER)
    browser = browser_for(users["admin"])
    listed = {person.username for person, _ in browser.get(url("user_list")).context["rows"]}
    assert "root" not in listed
    assert browser.get(url("user_detail", superuser.pk)).status_code == 404
    assert browser.post(url("user_deactivate", superuser.pk)).status_code == 404
    assert browser.post(url("user_password", superuser.pk), {"password": ""}).status_code == 404
    superuser.refresh_from_db()
    assert superuser.is_active and superuser.check_password("resolute-demo")
    assert browser_for(superuser).get(url("user_detail", superuser.pk)).status_code == 200


def test_an_administrator_cannot_deactivate_their_own_account(tree, users, browser_for):
    response = browser_for(users["admin"]).post(url("user_deactivate", users["admin"].pk), follow=True)
    assert response.status_code == 200
    users["admin"].refresh_from_db()
    assert users["admin"].is_active
    assert "cannot deactivate your own account" in response.content.decode()


def test_a_person_cannot_revoke_someone_else_s_token(tree, users, browser_for):
    token, _ = actions.create_api_token(acting_user=users["finance"], name="Sync")
    response = browser_for(users["admin"]).post(url("token_revoke", token.pk))
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).is_active


def test_pages_that_change_things_refuse_a_get(tree, users, browser_for):
    browser = browser_for(users["admin"])
    person = users["finance"]
    for page in [url("user_deactivate", person.pk), url("user_reactivate", person.pk), url("token_create")]:
        assert browser.get(page).status_code == 405
    assert browser.get(url("logout")).status_code == 405


def test_a_deactivated_person_is_signed_out_of_their_open_session(tree, users, browser_for):
    browser = browser_for(users["district_b_reporter"])
    assert browser.get(url("profile")).status_code == 200
    actions.deactivate_user(acting_user=users["admin"], user=users["district_b_reporter"])
    assert browser.get(url("profile")).status_code == 302


def test_the_actions_refuse_what_the_pages_refuse(tree, users, district_admin):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.add_membership(
            acting_user=district_admin,
            user=users["district_a_reporter"],
            unit=tree["province"],
            role="viewer",
        )
    with pytest.raises(PermissionDenied):
        actions.deactivate_user(acting_user=district_admin, user=users["finance"])
    with pytest.raises(PermissionDenied):
        actions.create_user(
            acting_user=users["finance"],
            username="x",
            full_name="X",
            memberships=[(tree["finance"], Role.VIEWER)],
        )
    other = make_user("other", (tree["commune_b1"], Role.VIEWER))
    with pytest.raises(PermissionDenied):
        actions.set_user_password(acting_user=district_admin, user=other)
