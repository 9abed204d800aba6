"""The demo's petitions: the seed's +7.5% comes out of counting the rows, the recent year has every kind
and every stage, and only the inspector handling the denunciations reads their denouncers."""

from datetime import date, timedelta

import time_machine
from django.core.management import call_command

from resolute.accounts.models import User
from resolute.core.models import ChangeLogEntry
from resolute.petitions.choices import CLOSED, Complexity, PetitionKind, Stage
from resolute.petitions.models import Petition, PetitionExtension, PetitionStep
from resolute.petitions.selectors import deadline_state, identity_for

DEMO_TODAY = date(2026, 11, 25)
REORGANISED_ON = date(2025, 7, 1)


def received_between(start: date, end: date):
    return Petition.objects.filter(received_on__gte=start, received_on__lte=end)


def test_petitions_received_by_30_november_2024_are_up_7_5_percent_on_the_same_period_of_2023(demo):
    counted_2023 = received_between(date(2023, 1, 1), date(2023, 11, 30)).counted().count()
    counted_2024 = received_between(date(2024, 1, 1), date(2024, 11, 30)).counted().count()

    assert (counted_2023, counted_2024) == (200, 215)
    assert round((counted_2024 - counted_2023) * 100 / counted_2023, 1) == 7.5
    # Duplicates were received too, and are not counted.
    assert (
        received_between(date(2023, 1, 1), date(2024, 11, 30)).filter(duplicate_of__isnull=False).count()
        >= 10
    )


def test_the_history_was_received_by_quang_nam_s_units_and_almost_all_settled(demo):
    history = Petition.objects.filter(received_on__lt=REORGANISED_ON).select_related("received_by_unit")

    assert all(
        petition.received_by_unit.effective_to == REORGANISED_ON - timedelta(days=1) for petition in history
    )
    closed = history.filter(stage__in=CLOSED).count()
    assert closed == history.exclude(duplicate_of__isnull=False).count()
    settled = history.filter(decided_on__isnull=False).count()
    assert settled > 0.7 * history.count()
    late = [p for p in history.filter(decided_on__isnull=False) if p.decided_on > p.settlement_deadline]
    assert late


def test_the_recent_year_has_every_kind_and_every_stage_at_da_nang_s_units(demo):
    recent = Petition.objects.filter(received_on__gt=DEMO_TODAY - timedelta(days=366))

    assert set(recent.values_list("kind", flat=True)) == set(PetitionKind.values)
    assert set(recent.values_list("stage", flat=True)) == set(Stage.values) - {Stage.RECEIVED}
    assert recent.filter(duplicate_of__isnull=False).exists()
    assert all(
        petition.received_by_unit.effective_to is None
        for petition in recent.select_related("received_by_unit")
    )
    states = {deadline_state(petition, DEMO_TODAY) for petition in recent}
    assert states == {"closed", "late", "due_soon", "on_track"}
    assert PetitionExtension.objects.filter(petition__in=recent).values("petition").distinct().count() >= 2
    assert recent.filter(kind=PetitionKind.DENUNCIATION, complexity=Complexity.PARTICULARLY_COMPLEX).exists()


def test_a_late_denunciation_is_handled_by_the_inspector_who_alone_reads_its_denouncer(demo):
    late = [
        petition
        for petition in Petition.objects.filter(kind=PetitionKind.DENUNCIATION, next_deadline__lt=DEMO_TODAY)
        if petition.handlers.filter(username="inspector").exists()
    ]

    assert late
    inspector, reception, admin = (
        User.objects.get(username=name) for name in ("inspector", "reception", "admin")
    )
    assert identity_for(inspector, late[0]) is not None
    assert identity_for(reception, late[0]) is None
    assert identity_for(admin, late[0]) is None


def test_the_demo_s_petitions_are_sample_data_and_their_steps_go_in_order(demo):
    assert not Petition.objects.filter(is_sample=False).exists()
    for petition in Petition.objects.prefetch_related("steps")[:200]:
        days = [step.day for step in petition.steps.all()]
        assert days == sorted(days), petition
        assert days[0] == petition.received_on
    assert PetitionStep.objects.filter(day__gt=DEMO_TODAY).count() == 0


def test_loading_the_demo_again_adds_no_petition(demo):
    before = (Petition.objects.count(), PetitionStep.objects.count(), ChangeLogEntry.objects.count())

    with time_machine.travel(DEMO_TODAY, tick=False):
        call_command("load_demo", verbosity=0)

    assert (Petition.objects.count(), PetitionStep.objects.count(), ChangeLogEntry.objects.count()) == before
