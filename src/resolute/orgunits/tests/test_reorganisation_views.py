"""The reorganisation pages: only the area's administrators prepare, preview and apply; the preview
shows what applying does."""

import datetime

import pytest
from django.urls import reverse

from resolute.orgunits import actions
from resolute.orgunits.models import OrgUnit, OrgUnitKind, Reorganisation
from resolute.orgunits.models import ReorganisationStepKind as Kind

pytestmark = pytest.mark.usefixtures("after_the_day")

DAY = datetime.date(2025, 7, 1)


@pytest.fixture
def merged(draft, people, tree):
    ward = actions.plan_unit(
        acting_user=people["admin"],
        reorganisation=draft,
        name="Phường Hội An",
        kind=OrgUnitKind.COMMUNE,
        code="20333",
        parent=tree["province"],
    )
    actions.add_step(
        acting_user=people["admin"],
        reorganisation=draft,
        kind=Kind.MERGE,
        sources=[tree["commune_a1"], tree["commune_b1"]],
        successors=[ward],
    )
    return draft


def url(name, reorganisation, *args):
    return reverse(f"orgunits:{name}", args=[reorganisation.pk, *args])


PAGES = [
    "reorganisation_edit",
    "reorganisation_unit_create",
    "reorganisation_step_create",
    "reorganisation_import",
    "reorganisation_import_template",
    "reorganisation_preview",
]


@pytest.mark.parametrize("page", PAGES)
def test_only_the_area_s_administrators_open_the_preparation_pages(browser_as, merged, page):
    assert browser_as("admin").get(url(page, merged)).status_code == 200
    # The province's viewer reads the reorganisation but may not prepare it; a district sees nothing.
    assert browser_as("leader").get(url(page, merged)).status_code == 403
    assert browser_as("district_a_admin").get(url(page, merged)).status_code == 404


@pytest.mark.parametrize("page", ["reorganisation_apply", "reorganisation_preview", "reorganisation_edit"])
def test_posts_of_non_administrators_change_nothing(browser_as, merged, page):
    version = Reorganisation.objects.get(pk=merged.pk).version
    data = {
        "version": version,
        "confirm": "on",
        "title": "x",
        "legal_basis": "y",
        "effective_on": "2025-07-01",
    }
    assert browser_as("leader").post(url(page, merged), data).status_code == 403
    assert browser_as("district_a_admin").post(url(page, merged), data).status_code == 404
    fresh = Reorganisation.objects.get(pk=merged.pk)
    assert fresh.is_draft and fresh.version == version and fresh.title == "Sắp xếp cấp xã"


def test_the_list_shows_reorganisations_to_those_whose_scope_covers_their_area(browser_as, merged):
    assert "Sắp xếp cấp xã" in browser_as("leader").get(reverse("orgunits:reorganisations")).content.decode()
    assert (
        "Sắp xếp cấp xã"
        not in browser_as("district_a_admin").get(reverse("orgunits:reorganisations")).content.decode()
    )
    assert browser_as("leader").get(merged.get_absolute_url()).status_code == 200


def test_an_administrator_prepares_a_draft_through_the_pages(browser_as, people, tree):
    client = browser_as("admin")
    assert client.get(reverse("orgunits:reorganisation_create")).status_code == 200
    response = client.post(
        reverse("orgunits:reorganisation_create"),
        {
            "title": "Hợp nhất",
            "legal_basis": "NQ 202/2025/QH15",
            "effective_on": "2025-07-01",
            "area": tree["province"].pk,
        },
    )
    reorganisation = Reorganisation.objects.get(title="Hợp nhất")
    assert response.status_code == 302 and reorganisation.created_by == people["admin"]
    client.post(
        url("reorganisation_unit_create", reorganisation),
        {"name": "Phường Mới", "kind": "commune", "code": "30001", "parent": tree["province"].pk},
    )
    planned = reorganisation.planned_units.get()
    client.post(
        url("reorganisation_step_create", reorganisation),
        {"kind": "merge", "sources": [tree["commune_a1"].pk], "successor": f"planned:{planned.pk}"},
    )
    step = reorganisation.steps.get()
    html = client.get(reorganisation.get_absolute_url()).content.decode()
    assert "Phường Mới" in html and "Merge" in html
    client.post(url("reorganisation_step_delete", reorganisation, step.pk))
    assert not reorganisation.steps.exists()


def test_a_step_missing_its_successor_is_refused_next_to_the_field(browser_as, draft, tree):
    response = browser_as("admin").post(
        url("reorganisation_step_create", draft), {"kind": "merge", "sources": [tree["commune_a1"].pk]}
    )
    assert response.context["form"].errors["successor"] == ["Choose the one unit the merged units become."]
    assert not draft.steps.exists()


def test_a_get_of_the_preview_writes_nothing(browser_as, merged):
    version = Reorganisation.objects.get(pk=merged.pk).version
    browser_as("admin").get(url("reorganisation_preview", merged))
    assert Reorganisation.objects.get(pk=merged.pk).version == version


def test_the_preview_shows_the_counts_that_applying_then_produces(
    browser_as, merged, tree, django_capture_on_commit_callbacks
):
    client = browser_as("admin")
    html = client.get(url("reorganisation_preview", merged)).content.decode()
    assert "Units created</dt><dd>1" in html and "Units closed</dt><dd>2" in html
    version = Reorganisation.objects.get(pk=merged.pk).version
    # Applying queues a background job, which the test settings' backend runs at once on commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("reorganisation_apply", merged), {"version": version, "confirm": "on"})
    assert response.status_code == 302
    applied = Reorganisation.objects.get(pk=merged.pk)
    assert not applied.is_draft and applied.outcome["created"] == 1 and applied.outcome["closed"] == 2
    html = client.get(applied.get_absolute_url()).content.decode()
    assert "What applying did" in html and "Units closed</dt><dd>2" in html
    assert OrgUnit.objects.get(pk=tree["commune_a1"].pk).effective_to == datetime.date(2025, 6, 30)


def test_applying_needs_the_confirmation_and_a_preview_that_is_still_current(browser_as, merged):
    client = browser_as("admin")
    version = Reorganisation.objects.get(pk=merged.pk).version
    response = client.post(url("reorganisation_apply", merged), {"version": version})
    assert "Tick the box to confirm." in response.content.decode()
    response = client.post(url("reorganisation_apply", merged), {"version": version - 1, "confirm": "on"})
    assert response.status_code == 409
    assert Reorganisation.objects.get(pk=merged.pk).is_draft


def test_conflicts_are_listed_and_block_applying(browser_as, draft, people, tree):
    for _twice in range(2):
        actions.add_step(
            acting_user=people["admin"],
            reorganisation=draft,
            kind=Kind.MERGE,
            sources=[tree["commune_a1"]],
            successors=[tree["finance"]],
        )
    html = browser_as("admin").get(url("reorganisation_preview", draft)).content.decode()
    assert "closed by two operations" in html and "Resolve the conflicts above to apply it." in html


def queue(client, reorganisation):
    """Apply from the page, without running the job (its callback is captured, not executed)."""
    version = Reorganisation.objects.get(pk=reorganisation.pk).version
    return client.post(url("reorganisation_apply", reorganisation), {"version": version, "confirm": "on"})


def test_while_the_job_applies_it_the_page_says_so_and_refreshes_itself(
    browser_as, merged, django_capture_on_commit_callbacks
):
    client = browser_as("admin")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = queue(client, merged)
    assert response.status_code == 302
    assert Reorganisation.objects.get(pk=merged.pk).status == Reorganisation.Status.QUEUED
    html = client.get(merged.get_absolute_url()).content.decode()
    assert "Waiting to be applied" in html and "refreshes by itself" in html
    assert 'hx-trigger="every 3s"' in html
    # Meanwhile the draft cannot be changed, nor applied twice.
    assert client.get(url("reorganisation_edit", merged)).status_code == 403
    assert "Preview and apply" not in html
    # The poll answers the status alone while it waits ...
    poll = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "reorganisation-status"}
    response = client.get(merged.get_absolute_url(), **poll)
    assert "HX-Refresh" not in response and "<html" not in response.content.decode()
    # ... and, once the job has applied it, reloads the whole page, which shows what it did.
    for callback in callbacks:
        callback()
    response = client.get(merged.get_absolute_url(), **poll)
    assert response["HX-Refresh"] == "true"
    html = client.get(merged.get_absolute_url()).content.decode()
    assert "What applying did" in html and "refreshes by itself" not in html


def test_a_failed_application_shows_the_reason_and_the_draft_is_editable_again(
    browser_as, merged, people, tree, django_capture_on_commit_callbacks
):
    client = browser_as("admin")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue(client, merged)
    # Someone takes the new ward's code before the job runs.
    actions.create_unit(
        acting_user=people["admin"],
        parent=tree["province"],
        name="Phường Khác",
        kind=OrgUnitKind.COMMUNE,
        code="20333",
    )
    for callback in callbacks:
        callback()
    failed = Reorganisation.objects.get(pk=merged.pk)
    assert failed.status == Reorganisation.Status.FAILED
    html = client.get(merged.get_absolute_url()).content.decode()
    assert "Not applied" in html and "nothing was changed" in html and "20333" in html
    assert "Preview and apply" in html and "every 3s" not in html
    assert client.get(url("reorganisation_edit", merged)).status_code == 200
    assert OrgUnit.objects.get(pk=tree["commune_a1"].pk).effective_to is None
