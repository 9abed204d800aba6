"""A change to a unit that alters who sees what is previewed, saved only when confirmed, and logged
with what it did to people's access; a change that alters nobody's access saves at once."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import override

from resolute.conftest import make_user
from resolute.core.changelog import history_of
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.access import AccessChangeNeedsConfirmation
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit, OrgUnitKind
from resolute.tasks import actions as task_actions
from resolute.tasks.models import Task

ASSIGNED_ON = date(2026, 3, 2)


def task_ids(user) -> set[int]:
    from resolute.orgunits.scope import forget_scope

    forget_scope(user)
    return set(Task.objects.visible_to(user).values_list("pk", flat=True))


@pytest.fixture(name="tasks")
def tasks_fixture(tree, users):
    """One task led by each district's commune and one led by finance, all assigned by the People's
    Committee (so a district sees its commune's task only because the commune is in its subtree)."""
    return {
        "commune_b1": task_actions.create_task(
            acting_user=users["office"],
            title="Clear the Ái Nghĩa canal",
            lead_unit=tree["commune_b1"],
            assigned_by_unit=tree["committee"],
            assigned_on=ASSIGNED_ON,
        ),
        "commune_a1": task_actions.create_task(
            acting_user=users["office"],
            title="Repair the Minh An market",
            lead_unit=tree["commune_a1"],
            assigned_by_unit=tree["committee"],
            assigned_on=ASSIGNED_ON,
        ),
        "finance": task_actions.create_task(
            acting_user=users["office"],
            title="Settle the 2025 budget",
            lead_unit=tree["finance"],
            assigned_by_unit=tree["committee"],
            assigned_on=ASSIGNED_ON,
        ),
    }


def move_commune_b1_to_district_a(tree, users, **confirmation):
    return unit_actions.move_unit(
        acting_user=users["admin"], unit=tree["commune_b1"], new_parent=tree["district_a"], **confirmation
    )


def test_moving_a_commune_without_confirmation_saves_nothing_and_says_who_loses_what(tree, users, tasks):
    with pytest.raises(AccessChangeNeedsConfirmation) as refusal:
        move_commune_b1_to_district_a(tree, users)

    with override("en"):
        preview = refusal.value.access_change.as_dict()
    assert OrgUnit.objects.get(pk=tree["commune_b1"].pk).parent_id == tree["district_b"].pk
    assert tasks["commune_b1"].pk in task_ids(users["district_b_reporter"])
    losing = {user["username"]: user["lost"] for user in preview["users"] if user["lost"]}
    gaining = {user["username"]: user["gained"] for user in preview["users"] if user["gained"]}
    assert losing == {"dailoc": {"tasks": 1, "units": 1}}
    assert set(gaining) == {"hoian", "hoian_manager"}
    assert gaining["hoian"] == {"tasks": 1, "units": 1}
    assert preview["summary"] == (
        "1 user loses access to 1 task and 1 unit; 2 users gain access to 1 task and 1 unit."
    )
    assert history_of(tree["commune_b1"]).count() == 1  # its creation only


def test_a_district_user_loses_access_to_a_task_once_the_move_is_confirmed(tree, users, tasks):
    reporter_b, reporter_a = users["district_b_reporter"], users["district_a_reporter"]
    before = {user.username: task_ids(user) for user in (reporter_b, reporter_a)}
    with pytest.raises(AccessChangeNeedsConfirmation) as refusal:
        move_commune_b1_to_district_a(tree, users)
    preview = {user["username"]: user for user in refusal.value.access_change.as_dict()["users"]}

    move_commune_b1_to_district_a(tree, users, confirm_access_change=True)

    after = {user.username: task_ids(user) for user in (reporter_b, reporter_a)}
    assert tasks["commune_b1"].pk not in after["dailoc"]
    assert tasks["commune_b1"].pk in after["hoian"]
    # The preview's counts are the users' task lists before and after.
    assert preview["dailoc"]["lost"]["tasks"] == len(before["dailoc"] - after["dailoc"])
    assert preview["dailoc"]["gained"].get("tasks", 0) == len(after["dailoc"] - before["dailoc"])
    assert preview["hoian"]["gained"]["tasks"] == len(after["hoian"] - before["hoian"])
    assert preview["hoian"]["lost"].get("tasks", 0) == len(before["hoian"] - after["hoian"])


def test_the_change_log_says_what_a_confirmed_move_did_to_access(tree, users, tasks):
    with override("en"):
        move_commune_b1_to_district_a(tree, users, confirm_access_change=True)

    entry = history_of(tree["commune_b1"]).first()
    assert entry.changes["parent"]["new"] == tree["district_a"].name_en
    assert "1 user loses access to 1 task and 1 unit" in entry.note


def test_making_the_province_an_ordinary_unit_shrinks_the_offices_jurisdiction(tree, users, tasks):
    office = users["office"]
    before = task_ids(office)
    province = OrgUnit.objects.get(pk=tree["province"].pk)

    with pytest.raises(AccessChangeNeedsConfirmation) as refusal:
        unit_actions.update_unit(acting_user=users["admin"], unit=province, kind=OrgUnitKind.OTHER)

    preview = {user["username"]: user for user in refusal.value.access_change.as_dict()["users"]}
    assert task_ids(office) == before  # nothing was saved
    assert OrgUnit.objects.get(pk=province.pk).kind == OrgUnitKind.PROVINCE
    unit_actions.update_unit(
        acting_user=users["admin"],
        unit=OrgUnit.objects.get(pk=province.pk),
        kind=OrgUnitKind.OTHER,
        confirm_access_change=True,
    )
    after = task_ids(office)
    assert after < before
    assert tasks["commune_b1"].pk not in after
    assert preview["office"]["lost"]["tasks"] == len(before - after)
    assert set(preview) == {"office"}  # the leader's and the districts' own coverage does not move


def test_a_kind_change_within_the_same_level_saves_at_once(tree, users, tasks):
    finance = OrgUnit.objects.get(pk=tree["finance"].pk)

    unit_actions.update_unit(acting_user=users["admin"], unit=finance, kind=OrgUnitKind.AGENCY)

    assert OrgUnit.objects.get(pk=finance.pk).kind == OrgUnitKind.AGENCY
    assert "access" not in history_of(finance).first().note


def test_closing_a_unit_changes_nobodys_access_and_saves_at_once(tree, users, tasks):
    unit_actions.close_unit(acting_user=users["admin"], unit=tree["commune_b1"], closed_on=date(2026, 6, 30))

    assert OrgUnit.objects.get(pk=tree["commune_b1"].pk).effective_to == date(2026, 6, 30)
    assert tasks["commune_b1"].pk in task_ids(users["district_b_reporter"])


# -- the pages ------------------------------------------------------------------------------------------


def test_the_move_page_shows_the_preview_then_saves_on_confirmation(client, tree, users, tasks):
    client.force_login(users["admin"])
    url = reverse("orgunits:move", args=[tree["commune_b1"].pk])

    preview = client.post(url, {"parent": tree["district_a"].pk}, HTTP_ACCEPT_LANGUAGE="en")

    assert preview.status_code == 200
    assert "1 user loses access to 1 task and 1 unit" in preview.content.decode()
    assert OrgUnit.objects.get(pk=tree["commune_b1"].pk).parent_id == tree["district_b"].pk

    fingerprint = preview.context["access_change"].fingerprint
    assert f'name="confirm_access_change" value="{fingerprint}"' in preview.content.decode()
    confirmed = client.post(url, {"parent": tree["district_a"].pk, "confirm_access_change": fingerprint})

    assert confirmed.status_code == 302
    assert OrgUnit.objects.get(pk=tree["commune_b1"].pk).parent_id == tree["district_a"].pk
    assert tasks["commune_b1"].pk not in task_ids(users["district_b_reporter"])


def test_a_confirmation_of_a_preview_whose_effect_moved_meanwhile_saves_nothing_and_shows_the_new_one(
    client, tree, users, tasks
):
    client.force_login(users["admin"])
    url = reverse("orgunits:move", args=[tree["commune_b1"].pk])
    preview = client.post(url, {"parent": tree["district_a"].pk}, HTTP_ACCEPT_LANGUAGE="en")
    seen = preview.context["access_change"].fingerprint
    # Meanwhile someone else is given a role in the district the commune would leave.
    make_user("dailoc_viewer", (tree["district_b"], Role.VIEWER))

    again = client.post(
        url, {"parent": tree["district_a"].pk, "confirm_access_change": seen}, HTTP_ACCEPT_LANGUAGE="en"
    )

    page = again.content.decode()
    assert again.status_code == 200
    assert "has changed since the preview you confirmed" in page
    assert "2 users lose access to 1 task and 1 unit" in page
    assert OrgUnit.objects.get(pk=tree["commune_b1"].pk).parent_id == tree["district_b"].pk
    assert again.context["access_change"].fingerprint != seen


def test_the_api_saves_a_confirmed_preview_only_while_its_effect_is_the_same(client, tree, users, tasks):
    client.force_login(users["admin"])
    url = f"/api/units/{tree['commune_b1'].pk}/move"
    body = {"parent": tree["district_a"].pk}
    seen = client.post(url, body, content_type="application/json").json()["access_change"]["fingerprint"]
    make_user("dailoc_viewer", (tree["district_b"], Role.VIEWER))

    stale = client.post(f"{url}?confirm=true&preview={seen}", body, content_type="application/json")
    assert stale.status_code == 409
    fresh = stale.json()["access_change"]["fingerprint"]
    assert fresh != seen

    confirmed = client.post(f"{url}?confirm=true&preview={fresh}", body, content_type="application/json")
    assert confirmed.status_code == 200
    assert OrgUnit.objects.get(pk=tree["commune_b1"].pk).parent_id == tree["district_a"].pk


def test_the_edit_page_shows_the_preview_in_vietnamese(client, tree, users, tasks):
    client.force_login(users["admin"])
    province = tree["province"]
    data = {
        "name": province.name,
        "name_en": province.name_en,
        "short_name": "",
        "code": province.code,
        "kind": OrgUnitKind.OTHER,
        "effective_from": "",
        "email": "",
        "document_symbol": province.document_symbol,
        "version": province.version,
    }

    preview = client.post(reverse("orgunits:edit", args=[province.pk]), data, HTTP_ACCEPT_LANGUAGE="vi")

    assert preview.status_code == 200
    assert "1 người dùng mất quyền xem" in preview.content.decode()
    assert OrgUnit.objects.get(pk=province.pk).kind == OrgUnitKind.PROVINCE


# -- the API ----------------------------------------------------------------------------------------


def test_the_api_answers_409_with_the_preview_until_confirm_is_sent(client, tree, users, tasks):
    client.force_login(users["admin"])
    url = f"/api/units/{tree['commune_b1'].pk}/move"

    refused = client.post(url, {"parent": tree["district_a"].pk}, content_type="application/json")

    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert problem["status"] == 409
    assert problem["type"].endswith("/access-change-needs-confirmation")
    assert problem["access_change"]["users_losing"] == 1
    assert problem["access_change"]["records_lost"] == {"tasks": 1, "units": 1}
    assert OrgUnit.objects.get(pk=tree["commune_b1"].pk).parent_id == tree["district_b"].pk

    confirmed = client.post(
        url + "?confirm=true", {"parent": tree["district_a"].pk}, content_type="application/json"
    )

    assert confirmed.status_code == 200
    assert confirmed.json()["parent"]["id"] == tree["district_a"].pk


def test_an_api_change_that_alters_nobodys_access_needs_no_confirmation(client, tree, users, tasks):
    client.force_login(users["admin"])
    finance = tree["finance"]

    response = client.patch(
        f"/api/units/{finance.pk}",
        {"kind": OrgUnitKind.AGENCY, "version": finance.version},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["kind"] == OrgUnitKind.AGENCY
