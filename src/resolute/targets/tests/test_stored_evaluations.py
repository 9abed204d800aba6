"""Stored evaluations: each target's evaluation kept per day, read for today by the dashboard, the
report and the target list, and never older than the data it rests on."""

import logging
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given, settings, strategies

from resolute.core.contributions import DashboardView
from resolute.orgunits.actions import units as unit_actions
from resolute.reporting.jobs import JOBS

from .. import jobs
from ..actions import evaluations
from ..actions import targets as target_actions
from ..actions import values as value_actions
from ..actions.evaluations import check_target_snapshots, refresh_target_evaluations
from ..dashboard import figures_of, status_panel
from ..models import Comparator, StoredEvaluation, Target
from ..selectors import evaluated, evaluated_as_stored, target_figures
from ..status import TargetStatus, evaluate
from ..stored import evaluation_of
from .rows import make_indicator, make_target

TODAY = date(2025, 8, 20)


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def houses(tree):
    """Houses replaced, summed up the tree, monthly: a provincial target of 100 and a district's of 40."""
    indicator = make_indicator("HOUSES", periodicity="monthly")
    province = make_target(tree["province"], indicator, value=100)
    district = make_target(tree["district_a"], indicator, value=40)
    return indicator, province, district


def approve(unit, period, indicator, value):
    saved = value_actions.save_values(
        acting_user=None, unit=unit, period=period, entries=[(indicator, Decimal(value), "")]
    )
    value_actions.submit_values(acting_user=None, unit=unit, period=period)
    value_actions.approve_values(acting_user=None, values=saved.saved)


def stored_row(target, day=TODAY) -> StoredEvaluation:
    return StoredEvaluation.objects.get(target=target, day=day)


def live(targets, day=TODAY):
    return [row.evaluation for row in evaluated(targets, day)]


def as_stored(targets, day=TODAY):
    return [row.evaluation for row in evaluated_as_stored(targets, day)]


def test_a_refresh_stores_every_targets_evaluation_and_reads_back_what_the_live_one_says_in_each_language(
    tree, houses
):
    indicator, province, district = houses
    approve(tree["commune_a1"], "202506", indicator, "30")

    result = refresh_target_evaluations(day=TODAY)

    assert (result.evaluated, result.written) == (2, 2)
    for language in ("vi", "en"):
        with translation.override(language):
            for target in (province, district):
                assert evaluation_of(stored_row(target)) == evaluate(target, as_of=TODAY)
    assert stored_row(district).status == TargetStatus.ON_TRACK
    assert stored_row(district).figures["actual"] == "30.000000"


def test_today_is_read_from_the_stored_rows_and_shows_what_the_live_path_shows(tree, houses):
    indicator, *_ = houses
    approve(tree["commune_a1"], "202506", indicator, "30")
    refresh_target_evaluations(day=TODAY)
    targets = list(Target.objects.order_by("pk"))
    # A row that says otherwise than the live path proves which one was read.
    StoredEvaluation.objects.filter(target=houses[2]).update(status=TargetStatus.ACHIEVED)

    shown = as_stored(targets)

    assert shown[1].status == TargetStatus.ACHIEVED
    StoredEvaluation.objects.filter(target=houses[2]).update(status=TargetStatus.ON_TRACK)
    assert as_stored(targets) == live(targets)


def test_a_past_day_is_evaluated_live_whatever_is_stored_for_it(tree, houses):
    past = TODAY - timedelta(days=30)
    refresh_target_evaluations(day=past)
    StoredEvaluation.objects.filter(day=past).update(status=TargetStatus.ACHIEVED)
    targets = list(Target.objects.all())

    assert as_stored(targets, past) == live(targets, past)
    assert all(evaluation.status != TargetStatus.ACHIEVED for evaluation in as_stored(targets, past))


def test_a_value_approved_after_the_refresh_is_shown_at_once_and_its_refresh_is_queued_on_commit(
    tree, houses, django_capture_on_commit_callbacks
):
    indicator, province, district = houses
    refresh_target_evaluations(day=TODAY)
    assert stored_row(district).status == TargetStatus.NOT_MEASURABLE

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approve(tree["commune_a1"], "202506", indicator, "30")

    # The targets reading the commune's figure (the district's and the province's) are stale until
    # their refresh runs, and the pages evaluate them live meanwhile.
    assert stored_row(district).stale and stored_row(province).stale
    targets = [province, district]
    assert as_stored(targets) == live(targets)
    assert as_stored(targets)[1].status == TargetStatus.ON_TRACK

    for callback in callbacks:
        callback()

    assert not stored_row(district).stale
    assert stored_row(district).status == TargetStatus.ON_TRACK


def test_a_value_of_another_district_leaves_the_first_districts_row_current(tree, houses):
    indicator, province, district = houses
    refresh_target_evaluations(day=TODAY)

    approve(tree["commune_b1"], "202506", indicator, "12")

    assert stored_row(province).stale
    assert not stored_row(district).stale


def test_one_refresh_is_queued_for_a_transaction_however_many_changes_it_holds(
    tree, houses, django_capture_on_commit_callbacks, monkeypatch
):
    indicator, province, district = houses
    queued = []
    refresh = jobs.refresh_target_evaluations

    def recording(*, targets, day):
        queued.append(targets)
        return refresh(targets=targets, day=day)

    monkeypatch.setattr(jobs, "refresh_target_evaluations", recording)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        approve(tree["commune_a1"], "202505", indicator, "10")
        approve(tree["commune_a1"], "202506", indicator, "20")

    assert queued == [sorted([province.pk, district.pk])]


def test_the_marks_of_a_rolled_back_change_are_not_refreshed_with_the_next_one(
    tree, houses, django_capture_on_commit_callbacks, monkeypatch
):
    indicator, province, district = houses
    other = make_target(tree["district_b"], indicator, value=30)
    queued = []
    monkeypatch.setattr(jobs, "refresh_target_evaluations", lambda *, targets, day: queued.append(targets))

    with pytest.raises(RuntimeError), transaction.atomic():
        approve(tree["commune_a1"], "202505", indicator, "10")
        raise RuntimeError("the office cancelled")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        approve(tree["commune_b1"], "202505", indicator, "10")

    assert queued == [sorted([province.pk, other.pk])]


def test_editing_a_target_marks_it_stale_and_its_refresh_stores_the_new_status(
    tree, houses, users, django_capture_on_commit_callbacks
):
    indicator, province, district = houses
    approve(tree["commune_a1"], "202506", indicator, "30")
    refresh_target_evaluations(day=TODAY)

    with django_capture_on_commit_callbacks(execute=True):
        target_actions.update_target(acting_user=users["admin"], target=district, value=Decimal("400"))

    district.refresh_from_db()
    assert stored_row(district).status == TargetStatus.OFF_TRACK == evaluate(district, as_of=TODAY).status


def test_a_target_changed_behind_the_actions_back_is_evaluated_live(tree, houses):
    indicator, province, district = houses
    refresh_target_evaluations(day=TODAY)
    with time_machine.travel(TODAY + timedelta(hours=1), tick=False):
        district.value = Decimal("1")
        district.save()
    assert not stored_row(district).stale

    district = Target.objects.get(pk=district.pk)
    assert as_stored([district]) == live([district])


def test_moving_a_unit_marks_every_stored_evaluation_stale(tree, houses, users):
    refresh_target_evaluations(day=TODAY)

    unit_actions.move_unit(
        acting_user=users["admin"],
        unit=tree["commune_a1"],
        new_parent=tree["district_b"],
        on=TODAY,
        confirm_access_change=True,
    )

    assert set(StoredEvaluation.objects.values_list("stale", flat=True)) == {True}


def test_a_refresh_that_read_the_data_before_a_change_leaves_the_changed_row_to_the_changes_refresh(
    tree, houses, monkeypatch
):
    indicator, province, district = houses
    refresh_target_evaluations(day=TODAY)
    reading = evaluations._evaluations_by_language

    def read_then_a_change_lands(targets, day):
        found = reading(targets, day)
        evaluations.mark_targets_stale([district.pk])
        return found

    monkeypatch.setattr(evaluations, "_evaluations_by_language", read_then_a_change_lands)

    result = refresh_target_evaluations(day=TODAY)

    assert result.skipped == [district.pk]
    assert stored_row(district).stale
    assert not stored_row(province).stale


def test_a_row_computed_while_submitted_figures_did_not_count_is_not_read_when_they_do(
    tree, houses, settings
):
    indicator, province, district = houses
    saved = value_actions.save_values(
        acting_user=None, unit=tree["commune_a1"], period="202506", entries=[(indicator, Decimal("30"), "")]
    )
    value_actions.submit_values(acting_user=None, unit=tree["commune_a1"], period="202506")
    refresh_target_evaluations(day=TODAY)
    assert saved.saved and stored_row(district).status == TargetStatus.NOT_MEASURABLE

    settings.RESOLUTE_COUNT_SUBMITTED_VALUES = True

    assert as_stored([district])[0].status == TargetStatus.ON_TRACK == live([district])[0].status


def test_the_check_finds_a_row_that_differs_logs_it_and_repairs_it(tree, houses, caplog):
    indicator, province, district = houses
    refresh_target_evaluations(day=TODAY)
    StoredEvaluation.objects.filter(target=district).update(status=TargetStatus.ACHIEVED)
    StoredEvaluation.objects.filter(target=province).delete()

    with caplog.at_level(logging.ERROR):
        check = check_target_snapshots(TODAY, repair=True)

    assert check.differing_targets == {district.pk}
    assert check.missing == [province.pk]
    assert f"target {district.pk} status" in caplog.text
    assert check_target_snapshots(TODAY).differing == []
    assert stored_row(district).status == TargetStatus.NOT_MEASURABLE


def test_the_check_command_fails_on_a_difference_and_repairs_with_repair(tree, houses, capsys):
    indicator, province, district = houses
    call_command("refresh_target_snapshots")
    assert "2 target(s) evaluated for 2025-08-20" in capsys.readouterr().out
    StoredEvaluation.objects.filter(target=district).update(figures={"actual": "7"})

    with pytest.raises(CommandError, match="1 target"):
        call_command("check_target_snapshots")
    call_command("check_target_snapshots", "--repair")
    call_command("check_target_snapshots")

    assert "Every current stored evaluation agrees" in capsys.readouterr().out


def test_the_commands_refuse_a_day_that_is_not_a_date(db):
    with pytest.raises(CommandError, match="--day"):
        call_command("check_target_snapshots", "--day", "20/08/2025")


def test_the_nightly_job_is_scheduled_stores_the_new_day_and_forgets_the_days_nobody_reads(tree, houses):
    assert "resolute.targets.jobs.refresh_target_snapshots" in {job.task for job in JOBS}
    refresh_target_evaluations(day=TODAY - timedelta(days=30))

    outcome = jobs.refresh_target_snapshots.call()

    assert outcome["written"] == 2
    assert set(StoredEvaluation.objects.values_list("day", flat=True)) == {TODAY}


def test_the_dashboards_target_panel_reads_the_stored_rows_in_a_number_of_queries_whatever_the_targets(
    tree, users
):
    indicator = make_indicator("JOBS", periodicity="monthly")

    def panel_queries():
        refresh_target_evaluations(day=TODAY)
        view = DashboardView(user=users["admin"], unit=tree["province"], as_of=TODAY)
        with CaptureQueriesContext(connection) as queries:
            status_panel(view)
        assert figures_of(view).total == Target.objects.count()
        return len(queries)

    for unit in (tree["province"], tree["district_a"]):
        make_target(unit, indicator, value=10)
    panel_queries()  # the user's scope is read once per request
    few = panel_queries()
    for unit in (tree["district_b"], tree["commune_a1"], tree["commune_b1"], tree["finance"]):
        make_target(unit, indicator, value=10, comparator=Comparator.AT_MOST)
    assert panel_queries() == few


def test_the_target_list_shows_the_stored_status_for_today(client, tree, houses, users):
    indicator, province, district = houses
    refresh_target_evaluations(day=TODAY)
    StoredEvaluation.objects.filter(target=district).update(
        texts={language: {"sentence": "stored sentence", "formula": "f"} for language in ("vi", "en")}
    )
    client.force_login(users["admin"])

    assert "stored sentence" in client.get("/targets/").content.decode()
    assert (
        "stored sentence" not in client.get(f"/targets/?as_of={TODAY - timedelta(days=1)}").content.decode()
    )


# -- whatever changes, stored then read equals live -------------------------------------------------

CHANGES = strategies.lists(
    strategies.tuples(
        strategies.sampled_from(["approve", "edit", "refresh", "commit"]),
        strategies.sampled_from(["commune_a1", "commune_b1", "district_a", "district_b"]),
        strategies.integers(min_value=1, max_value=6),
        strategies.integers(min_value=0, max_value=90),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=CHANGES)
def test_after_any_changes_the_pages_show_what_the_live_evaluation_shows(
    tree, houses, users, django_capture_on_commit_callbacks, changes
):
    indicator, province, district = houses
    refresh_target_evaluations(day=TODAY)
    for kind, unit_name, month, amount in changes:
        with django_capture_on_commit_callbacks(execute=kind == "commit"):
            if kind in ("approve", "commit"):
                approve(tree[unit_name], f"2025{month:02d}", indicator, str(amount))
            elif kind == "edit":
                target_actions.update_target(
                    acting_user=users["admin"], target=district, value=Decimal(amount + 1)
                )
                district.refresh_from_db()
            else:
                refresh_target_evaluations(day=TODAY)
        targets = list(Target.objects.order_by("pk"))
        for language in ("vi", "en"):
            with translation.override(language):
                assert as_stored(targets) == live(targets)
        figures = target_figures(Target.objects.order_by("pk"), TODAY)
        assert figures.by_status == target_figures_live(targets).by_status


def target_figures_live(targets):
    by_status = dict.fromkeys(TargetStatus.values, 0)
    for evaluation in live(targets):
        by_status[evaluation.status] += 1
    return type("Figures", (), {"by_status": by_status})
