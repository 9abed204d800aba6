"""What reporting lets a user find: a row outside their scope is not found (404), a row they see
but may not act on is refused (403), and every record's `visible_to` keeps to its owner's scope."""

from datetime import date

import pytest
from django.urls import reverse

from resolute.conftest import make_user
from resolute.orgunits.choices import Role
from resolute.reporting.actions.email import queue_email
from resolute.reporting.actions.ladder import run_ladder
from resolute.reporting.actions.letters import draft_letter
from resolute.reporting.actions.notifications import notify
from resolute.reporting.actions.regimes import create_regime
from resolute.reporting.email_message import RenderedEmail
from resolute.reporting.models import (
    LadderEvent,
    Notification,
    OutgoingEmail,
    RegimeKind,
    ReportingRegime,
    StepKind,
    UrgingLetter,
)
from resolute.tasks.tests.factories import assign, browser_for

TODAY = date(2026, 12, 10)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def district_offices(tree):
    """An office user in each district: an office covers its district and everything under it."""
    return {
        "a": make_user("hoian_office", (tree["commune_a1"], Role.OFFICE)),
        "b": make_user("dailoc_office", (tree["commune_b1"], Role.OFFICE)),
    }


def letter_to(tree, district):
    assign(
        tree[district],
        assigned_by_unit=tree["committee"],
        assigned_on=date(2026, 10, 1),
        deadline=date(2026, 11, 18),
    )
    return draft_letter(acting_user=None, issuer=tree["committee"], recipient=tree[district], on=TODAY)


def district_regime(tree, district):
    return create_regime(
        acting_user=None,
        name=f"Weekly report of {district}",
        kind=RegimeKind.NARRATIVE,
        issuer=tree[district],
        period_type="monthly",
        unit_kinds=["commune"],
    )


def test_a_district_office_does_not_find_another_districts_letter(tree, district_offices, clock):
    letter = letter_to(tree, "district_b")
    browser = browser_for(district_offices["a"])
    assert browser.get(letter.get_absolute_url()).status_code == 404
    assert browser.get(reverse("reporting:letter_download", args=[letter.pk])).status_code == 404
    assert browser.post(reverse("reporting:letter_send", args=[letter.pk])).status_code == 404
    assert browser_for(district_offices["b"]).get(letter.get_absolute_url()).status_code == 200


def test_a_district_office_cannot_write_to_a_district_it_does_not_follow(tree, district_offices, clock):
    browser = browser_for(district_offices["a"])
    # District B is out of sight; the province above is in sight, but the office does not follow it.
    outside = {"issuer": tree["district_a"].pk, "recipient": tree["district_b"].pk}
    assert browser.post(reverse("reporting:letter_create"), outside).status_code == 404
    above = {"issuer": tree["district_a"].pk, "recipient": tree["province"].pk}
    assert browser.post(reverse("reporting:letter_create"), above).status_code == 403
    assert not UrgingLetter.objects.exists()


def test_a_district_user_does_not_find_another_districts_regime(tree, district_offices, users):
    regime = district_regime(tree, "district_b")
    url = reverse("reporting:regime_edit", args=[regime.pk])
    assert browser_for(district_offices["a"]).get(url).status_code == 404
    assert browser_for(users["district_a_reporter"]).get(url).status_code == 404
    assert browser_for(district_offices["b"]).get(url).status_code == 200


def test_a_regime_issued_above_is_read_but_not_changed_by_a_district(tree, district_offices):
    regime = district_regime(tree, "province")
    url = reverse("reporting:regime_edit", args=[regime.pk])
    assert browser_for(district_offices["a"]).get(url).status_code == 403


def test_a_district_user_does_not_find_another_districts_compliance_cell(tree, users):
    regime = district_regime(tree, "district_b")
    url = reverse("reporting:compliance_cell")
    cell = {"regime": regime.pk, "unit": tree["commune_b1"].pk, "period": "202505"}
    assert browser_for(users["district_a_reporter"]).get(url, cell).status_code == 404
    assert browser_for(users["district_b_reporter"]).get(url, cell).status_code == 200


def test_a_district_user_does_not_find_another_districts_unit_record(tree, users):
    url = reverse("reporting:unit_record", args=[tree["commune_b1"].pk])
    assert browser_for(users["district_a_reporter"]).get(url).status_code == 404
    assert browser_for(users["district_b_reporter"]).get(url).status_code == 200


def test_an_escalation_is_found_by_its_unit_and_taken_off_only_by_its_office(
    tree, users, district_offices, clock, default_ladder
):
    letter_to(tree, "district_a")
    run_ladder(on=TODAY)
    escalation = LadderEvent.objects.get(kind=StepKind.ESCALATION)
    url = reverse("reporting:escalation_resolve", args=[escalation.pk])
    assert browser_for(district_offices["b"]).post(url).status_code == 404
    assert browser_for(users["district_a_reporter"]).post(url).status_code == 403
    assert browser_for(district_offices["a"]).post(url).status_code == 302
    escalation.refresh_from_db()
    assert escalation.resolved_on == TODAY


def test_each_record_is_visible_to_its_owners_only(tree, users, district_offices, clock):
    letter = letter_to(tree, "district_a")
    regime = district_regime(tree, "district_a")
    notify(users=[users["district_a_reporter"]], kind="general", title="For Hoi An")
    email = queue_email(
        to="hoian@example.org",
        rendered=RenderedEmail(subject="For Hoi An", text="", html="", language="en"),
        user=users["district_a_reporter"],
    )
    hoian, dailoc = users["district_a_reporter"], users["district_b_reporter"]
    assert list(Notification.objects.visible_to(hoian)) == list(Notification.objects.all())
    assert not Notification.objects.visible_to(dailoc).exists()
    assert list(OutgoingEmail.objects.visible_to(hoian)) == [email]
    assert not OutgoingEmail.objects.visible_to(dailoc).exists()
    assert list(OutgoingEmail.objects.visible_to(users["admin"])) == [email]
    assert list(UrgingLetter.objects.visible_to(district_offices["a"])) == [letter]
    assert not UrgingLetter.objects.visible_to(district_offices["b"]).exists()
    assert not UrgingLetter.objects.visible_to(hoian).exists()  # letters are the office's papers
    assert list(ReportingRegime.objects.visible_to(hoian)) == [regime]
    assert not ReportingRegime.objects.visible_to(dailoc).exists()
    assert list(ReportingRegime.objects.managed_by(district_offices["a"])) == [regime]
    assert not ReportingRegime.objects.managed_by(hoian).exists()
