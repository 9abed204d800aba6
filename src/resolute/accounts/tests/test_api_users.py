"""User administration through the API: the same people, forms, permissions and actions as the
pages, answered as JSON."""

from resolute.accounts.models import User
from resolute.conftest import make_user
from resolute.core.models import ChangeLogEntry
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership

USERS = "/api/v1/accounts/users"


def post(browser, path, body=None):
    return browser.post(path, body or {}, content_type="application/json")


def patch(browser, path, body):
    return browser.patch(path, body, content_type="application/json")


# -- list -----------------------------------------------------------------------------------------


def test_the_province_administrator_lists_everyone_holding_a_role_in_the_province(tree, users, browser_for):
    body = browser_for(users["admin"]).get(USERS).json()
    assert body["count"] == len(users)
    assert [row["username"] for row in body["items"]][:3] == ["admin", "dailoc", "finance"]
    finance = next(row for row in body["items"] if row["username"] == "finance")
    assert [(m["unit_name"], m["role"]) for m in finance["memberships"]] == [
        ("Department of Finance", "reporter")
    ]


def test_a_district_administrator_finds_only_the_people_of_their_district(
    tree, users, district_admin, browser_for
):
    names = [row["username"] for row in browser_for(district_admin).get(USERS).json()["items"]]
    assert names == ["hoian", "hoian_admin", "hoian_manager"]
    assert browser_for(district_admin).get(f"{USERS}/{users['finance'].pk}").status_code == 404


def test_the_list_filters_as_the_page_does(tree, users, browser_for):
    browser = browser_for(users["admin"])
    in_district_a = browser.get(USERS, {"unit": tree["district_a"].pk, "role": "reporter"}).json()
    assert [row["username"] for row in in_district_a["items"]] == ["hoian"]
    assert [row["username"] for row in browser.get(USERS, {"q": "dailoc"}).json()["items"]] == ["dailoc"]
    users["finance"].is_active = False
    users["finance"].save()
    deactivated = browser.get(USERS, {"status": "deactivated"}).json()
    assert [row["username"] for row in deactivated["items"]] == ["finance"]


def test_a_unit_outside_the_administrator_s_units_is_named_not_obeyed(
    tree, users, district_admin, browser_for
):
    response = browser_for(district_admin).get(USERS, {"unit": tree["district_b"].pk})
    assert response.status_code == 422
    assert "unit" in response.json()["errors"]


def test_someone_who_administers_no_one_is_refused_the_list(tree, users, browser_for):
    assert browser_for(users["office"]).get(USERS).status_code == 403
    assert browser_for(users["district_a_manager"]).get(f"{USERS}/{users['finance'].pk}").status_code == 403


def test_the_list_costs_the_same_number_of_queries_for_few_or_many_people(
    tree, users, browser_for, django_assert_max_num_queries
):
    browser = browser_for(users["admin"])
    browser.get(USERS)
    with django_assert_max_num_queries(12) as few:
        browser.get(USERS)
    for number in range(20):
        make_user(f"person{number}", (tree["commune_a1"], Role.REPORTER), (tree["district_b"], Role.VIEWER))
    with django_assert_max_num_queries(12) as many:
        assert len(browser.get(USERS).json()["items"]) == 25
    assert len(few.captured_queries) == len(many.captured_queries)


# -- create and edit ------------------------------------------------------------------------------


def test_an_administrator_creates_an_account_and_reads_the_generated_password_once(tree, users, browser_for):
    browser = browser_for(users["admin"])
    response = post(
        browser,
        USERS,
        {
            "username": "nva",
            "full_name": "Nguyễn Văn A",
            "unit_id": tree["district_a"].pk,
            "role": "reporter",
        },
    )
    assert response.status_code == 201
    body = response.json()
    person = User.objects.get(username="nva")
    assert person.check_password(body["password"])
    assert [(m["unit_name"], m["role"]) for m in body["memberships"]] == [("Hoi An City", "reporter")]
    assert "password" not in browser.get(f"{USERS}/{person.pk}").json()
    assert ChangeLogEntry.objects.filter(object_id=str(person.pk), actor=users["admin"]).exists()


def test_a_chosen_password_is_checked_and_never_answered(tree, users, browser_for):
    browser = browser_for(users["admin"])
    fields = {"username": "nvb", "full_name": "B", "unit_id": tree["district_a"].pk, "role": "viewer"}
    weak = post(browser, USERS, {**fields, "password": "123"})
    assert weak.status_code == 422 and "password" in weak.json()["errors"]
    strong = post(browser, USERS, {**fields, "password": "a long enough passphrase 42"})
    assert strong.status_code == 201 and strong.json()["password"] is None


def test_a_role_beyond_the_administrator_s_units_is_refused_naming_the_field(
    tree, users, district_admin, browser_for
):
    browser = browser_for(district_admin)
    fields = {"username": "nvc", "full_name": "C", "role": "reporter"}
    elsewhere = post(browser, USERS, {**fields, "unit_id": tree["district_b"].pk})
    assert elsewhere.status_code == 422 and "unit_id" in elsewhere.json()["errors"]
    taken = post(browser, USERS, {**fields, "username": "HOIAN", "unit_id": tree["district_a"].pk})
    assert taken.status_code == 422 and "username" in taken.json()["errors"]
    assert not User.objects.filter(username="nvc").exists()


def test_an_administrator_changes_only_the_fields_sent(tree, users, browser_for):
    person = users["district_a_reporter"]
    response = patch(browser_for(users["admin"]), f"{USERS}/{person.pk}", {"job_title": "Chuyên viên"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.job_title, person.username) == ("Chuyên viên", "hoian")
    bad = patch(browser_for(users["admin"]), f"{USERS}/{person.pk}", {"email": "not an address"})
    assert bad.status_code == 422 and "email" in bad.json()["errors"]


def test_an_account_with_a_role_beyond_the_administrator_s_units_is_not_theirs_to_change(
    tree, users, district_admin, browser_for
):
    person = make_user("both", (tree["district_a"], Role.REPORTER), (tree["district_b"], Role.REPORTER))
    browser = browser_for(district_admin)
    detail = browser.get(f"{USERS}/{person.pk}").json()
    assert detail["may_manage"] is False and detail["hidden_membership_count"] == 1
    assert patch(browser, f"{USERS}/{person.pk}", {"full_name": "X"}).status_code == 403
    assert post(browser, f"{USERS}/{person.pk}/deactivate").status_code == 403


def test_an_administrator_deactivates_and_reactivates_an_account_but_not_their_own(tree, users, browser_for):
    browser = browser_for(users["admin"])
    person = users["district_b_reporter"]
    assert post(browser, f"{USERS}/{person.pk}/deactivate").json()["is_active"] is False
    assert post(browser, f"{USERS}/{person.pk}/reactivate").json()["is_active"] is True
    own = post(browser, f"{USERS}/{users['admin'].pk}/deactivate")
    assert own.status_code == 422
    assert User.objects.get(pk=users["admin"].pk).is_active


# -- roles ----------------------------------------------------------------------------------------


def test_an_administrator_gives_and_takes_away_a_role(tree, users, browser_for):
    browser = browser_for(users["admin"])
    person = users["district_a_reporter"]
    given = post(
        browser, f"{USERS}/{person.pk}/memberships", {"unit_id": tree["commune_a1"].pk, "role": "manager"}
    )
    assert given.status_code == 201
    added = next(m for m in given.json()["memberships"] if m["role"] == "manager")
    assert added["may_remove"] is True
    again = post(
        browser, f"{USERS}/{person.pk}/memberships", {"unit_id": tree["commune_a1"].pk, "role": "manager"}
    )
    assert again.status_code == 422 and "role" in again.json()["errors"]
    assert browser.delete(f"{USERS}/{person.pk}/memberships/{added['id']}").status_code == 204
    assert list(person.memberships.values_list("role", flat=True)) == ["reporter"]


def test_the_last_role_cannot_be_taken_away(tree, users, browser_for):
    person = users["district_b_reporter"]
    membership = Membership.objects.get(user=person)
    browser = browser_for(users["admin"])
    assert browser.get(f"{USERS}/{person.pk}").json()["memberships"][0]["may_remove"] is False
    response = browser.delete(f"{USERS}/{person.pk}/memberships/{membership.pk}")
    assert response.status_code == 422
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_district_administrator_may_not_take_away_a_role_beyond_their_district(
    tree, users, district_admin, browser_for
):
    person = make_user("both", (tree["district_a"], Role.REPORTER), (tree["district_b"], Role.REPORTER))
    in_b = Membership.objects.get(user=person, unit=tree["district_b"])
    browser = browser_for(district_admin)
    assert browser.delete(f"{USERS}/{person.pk}/memberships/{in_b.pk}").status_code == 403
    assert Membership.objects.filter(pk=in_b.pk).exists()
