"""The synthetic country: its shape, its determinism, and every stored column checked against the rules
of the actions that keep it. A small country (two provinces of ten communes, 2,000 tasks, 5,000 values)
is loaded once for the module through the command's own loader (COPY on PostgreSQL, with the indexes
and foreign keys dropped and rebuilt), then read by each test."""

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client

from resolute.core.calendar import WorkingCalendar
from resolute.demo.country import CountryOptions, generate_rows
from resolute.demo.country.load import load_country
from resolute.demo.country.places import COMMUNE_LEVEL_UNITS, PROVINCES, SPECIAL_ZONES, WARDS
from resolute.demo.country.tables import plain
from resolute.investment.models import DisbursementFigure, DisbursementReport, PlanEntry, PlanExtension
from resolute.orgunits.models import OrgUnit, OrgUnitKind, UnitPlacement
from resolute.orgunits.querysets import PATH_SEGMENT_WIDTH, path_segment
from resolute.oversight.choices import RecommendationKind
from resolute.oversight.models import Recommendation, Recovery
from resolute.petitions.actions.common import refresh_clock
from resolute.petitions.choices import Stage
from resolute.petitions.models import Petition, PetitionStep
from resolute.targets.models import DataValue, Indicator, Target, ValueState, Vintage
from resolute.targets.selectors import evaluated
from resolute.tasks.actions.status_columns import refresh_status_columns
from resolute.tasks.models import CompletionProposal, Decision, ExtensionRequest, ProgressReport, Task
from resolute.tasks.status import OverdueAge, TaskHistory, TaskStatus, status_on

TODAY = date(2026, 6, 15)
SMALL = dict(
    seed=7, today=TODAY, tasks=2000, values=5000, provinces=2, communes_per_province=10, rebuild_indexes=True
)


def small_country(**changes) -> CountryOptions:
    return CountryOptions(**{**SMALL, **changes})


def schema() -> set[tuple]:
    """The indexes and constraints of every table, as PostgreSQL describes them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
        )
        indexes = set(cursor.fetchall())
        cursor.execute(
            "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
            "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema()"
        )
        return indexes | set(cursor.fetchall())


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The small country in the test database for this module's tests, rolled back after the last."""
    with django_db_blocker.unblock(), transaction.atomic():
        before = schema() if connection.vendor == "postgresql" else None
        country = load_country(small_country())
        country.schema_before = before
        yield country
        transaction.set_rollback(True)


@pytest.fixture
def country(loaded, db):
    return loaded


def units_of(country):
    return OrgUnit.objects.subtree_of(country.root)


def tasks_of(country):
    return Task.objects.filter(lead_unit__in=units_of(country))


# -- the tree ----------------------------------------------------------------------------------------------


def test_the_whole_country_has_vietnams_provinces_and_communes_since_july_2025():
    rows = generate_rows(
        CountryOptions(seed=1, today=TODAY, tasks=0, values=0, projects=0, petitions=0, oversights=0),
        WorkingCalendar(adjustments={}),
    ).rows["orgunits_orgunit"]
    kinds = Counter(row[4] for row in rows)
    assert kinds[OrgUnitKind.PROVINCE] == 34
    assert kinds[OrgUnitKind.COMMUNE] == COMMUNE_LEVEL_UNITS == 3321
    communes = [row for row in rows if row[4] == OrgUnitKind.COMMUNE]
    assert sum(row[1].startswith("Phường ") for row in communes) == WARDS == 687
    assert sum(row[1].startswith("Đặc khu ") for row in communes) == SPECIAL_ZONES == 13
    codes = [row[3] for row in communes]
    assert len(set(codes)) == len(codes)
    assert all(len(code.split("-")[1]) == 5 and code.split("-")[1].isdigit() for code in codes)
    # Đà Nẵng's wards are the real ones, with their codes.
    assert ("Phường Hải Châu", "M1-20242") in {(row[1], row[3]) for row in rows}
    assert sorted(row[3] for row in rows if row[4] == OrgUnitKind.PROVINCE) == sorted(
        f"M1-{province.code}" for province in PROVINCES
    )
    departments = Counter(row[5] for row in rows if row[4] == OrgUnitKind.DEPARTMENT)
    assert len(departments) == 35  # each province's People's Committee, and the Government
    assert kinds[OrgUnitKind.DEPARTMENT] + kinds[OrgUnitKind.AGENCY] >= 34 * 20 + 16


def test_every_unit_has_the_path_depth_and_place_the_unit_actions_would_give_it(country):
    units = {unit.pk: unit for unit in units_of(country)}
    assert len(units) == 1 + 1 + 17 + 2 * (34 + 10)
    for unit in units.values():
        parent = units.get(unit.parent_id)
        assert unit.path == (parent.path if parent else "") + path_segment(unit.pk)
        assert unit.depth == len(unit.path) // PATH_SEGMENT_WIDTH - 1
    placements = UnitPlacement.objects.filter(unit__in=list(units))
    assert {(p.unit_id, p.parent_id, p.path, p.depth) for p in placements} == {
        (unit.pk, unit.parent_id, unit.path, unit.depth) for unit in units.values()
    }
    assert OrgUnit.objects.filter(pk__in=list(units), search_text__contains="ha noi").exists()


# -- determinism and refusal ---------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows():
    calendar = WorkingCalendar(adjustments={})
    first = generate_rows(small_country(), calendar)
    again = generate_rows(small_country(), calendar)
    other = generate_rows(small_country(seed=8), calendar)
    assert first.digest() == again.digest()
    assert first.digest()["tasks_task"] != other.digest()["tasks_task"]
    assert first.counts["tasks_task"] == 2000
    assert first.counts["targets_datavalue"] == 5000
    # Every text can go into COPY as it is.
    assert all(plain(value) for rows in first.rows.values() for row in rows for value in row)


def test_the_database_holds_the_rows_the_generator_makes(country):
    def fingerprint(rows):
        return sorted((row[1], row[8], row[10], row[11], row[14], row[17]) for row in rows)

    generated = generate_rows(small_country(), WorkingCalendar()).rows["tasks_task"]
    stored = tasks_of(country).values_list(
        "pk", "title", "title_en", "area", "source_document", "parent", "lead_unit", "assigned_by_unit",
        "assigned_on", "priority", "original_deadline", "deadline", "reporting_frequency",
        "deadline_after_parent_reason", "completed_on", "cancelled_on", "cancel_reason", "last_reported_on",
    )  # fmt: skip
    assert fingerprint(stored) == fingerprint(generated)


def test_generating_the_same_country_twice_refuses_and_adds_nothing(country):
    counts = (OrgUnit.objects.count(), Task.objects.count(), DataValue.objects.count())
    with pytest.raises(CommandError, match="already exists"):
        call_command("generate_country", seed=7, tasks=10, values=10, provinces=1, today=TODAY, verbosity=0)
    assert (OrgUnit.objects.count(), Task.objects.count(), DataValue.objects.count()) == counts


# -- tasks ---------------------------------------------------------------------------------------------


def stored_columns(tasks):
    return {
        row[0]: row[1:]
        for row in tasks.order_by("pk").values_list(
            "pk",
            "deadline",
            "deadline_changed_on",
            "completed_on",
            "completion_decided_on",
            "last_reported_on",
        )
    }


def test_the_stored_task_columns_are_those_refresh_status_columns_computes(country):
    tasks = tasks_of(country)
    stored = stored_columns(tasks)
    assert len(stored) == 2000
    refresh_status_columns(Task.objects.filter(pk__in=list(stored)))
    assert stored_columns(tasks) == stored


def test_the_status_of_the_day_read_from_the_history_is_the_one_the_stored_columns_give(country):
    tasks = tasks_of(country)
    from_history = {row[0]: row[1:] for row in tasks.as_of(TODAY).values_list("pk", "status", "overdue_age")}
    for task in tasks:
        history = TaskHistory(
            assigned_on=task.assigned_on,
            original_deadline=task.original_deadline,
            approved_extensions=[(task.assigned_on, task.deadline)]
            if task.deadline != task.original_deadline
            else [],
            accepted_completions=[(task.assigned_on, task.completed_on)] if task.completed_on else [],
            report_dates=[task.last_reported_on] if task.last_reported_on else [],
            cancelled_on=task.cancelled_on,
        )
        assert status_on(history, TODAY) == from_history[task.pk], task.pk


def test_each_province_shows_every_status_and_every_overdue_age(country):
    for province in OrgUnit.objects.filter(parent=country.root, kind=OrgUnitKind.PROVINCE):
        tasks = Task.objects.filter(lead_unit__in=OrgUnit.objects.subtree_of(province)).as_of(TODAY)
        assert set(tasks.values_list("status", flat=True)) == set(TaskStatus.values)
        ages = set(tasks.exclude(overdue_age=None).values_list("overdue_age", flat=True))
        assert ages == set(OverdueAge.values)


def test_histories_follow_the_rules_of_the_task_actions(country):
    tasks = tasks_of(country)
    reports = ProgressReport.objects.filter(task__in=tasks)
    assert 2.5 <= reports.count() / tasks.count() <= 3.5
    assert not reports.filter(reported_on__gt=TODAY).exists()
    for task in tasks.exclude(original_deadline=None):
        assert task.assigned_on <= task.original_deadline
    for extension in ExtensionRequest.objects.filter(task__in=tasks).select_related("task"):
        assert extension.proposed_deadline > extension.current_deadline
        assert extension.requested_on >= extension.task.assigned_on
        assert (extension.decided_on is None) == (extension.decision == Decision.PENDING)
    decided = CompletionProposal.objects.filter(task__in=tasks).exclude(decided_on=None)
    assert max(decided.values_list("decided_on", flat=True)) <= TODAY
    assert set(ExtensionRequest.objects.filter(task__in=tasks).values_list("decision", flat=True)) == set(
        Decision.values
    )
    assert tasks.filter(parent__isnull=False).exists()
    assert tasks.filter(
        assigned_by_unit__kind=OrgUnitKind.DEPARTMENT, lead_unit__kind=OrgUnitKind.DEPARTMENT
    ).exists()


# -- values ----------------------------------------------------------------------------------------------


def test_values_are_approved_some_revised_and_the_targets_reach_several_statuses(country):
    units = units_of(country)
    values = DataValue.objects.filter(unit__in=units)
    assert values.count() == 5000
    assert set(values.values_list("state", flat=True)) == {ValueState.APPROVED}
    assert set(values.values_list("vintage", flat=True)) == set(Vintage.values)
    revised = values.exclude(superseded_by=None).select_related("superseded_by")
    assert revised.exists()
    for older in revised:
        newer = older.superseded_by
        assert (newer.indicator_id, newer.unit_id, newer.period) == (
            older.indicator_id,
            older.unit_id,
            older.period,
        )
        assert newer.vintage > older.vintage
        assert newer.superseded_by_id is None
    indicators = Indicator.objects.filter(values__unit__in=units).distinct()
    for indicator in indicators:
        lengths = {len(period) for period in indicator.values.values_list("period", flat=True)}
        assert lengths == {{"monthly": 6, "quarterly": 6, "yearly": 4}[indicator.periodicity]}
        figures = indicator.values.values_list("value", flat=True)
        assert indicator.minimum is None or min(figures) >= indicator.minimum
        assert indicator.maximum is None or max(figures) <= indicator.maximum
    targets = Target.objects.filter(unit__in=units)
    statuses = {row.evaluation.status for row in evaluated(targets, TODAY)}
    assert len(statuses) >= 3


# -- the other domains -----------------------------------------------------------------------------------


def test_disbursement_reports_are_cumulative_within_the_plan_and_its_time(country):
    reports = DisbursementReport.objects.filter(project__jurisdiction__in=units_of(country)).select_related(
        "plan"
    )
    assert reports.count() > 500
    entries = defaultdict(list)
    for entry in PlanEntry.objects.filter(project__jurisdiction__in=units_of(country)).select_related(
        "decision"
    ):
        entries[(entry.project_id, entry.decision.plan_id)].append(
            (entry.decision.decided_on, entry.source, entry.amount)
        )
    extended = {
        (row.project_id, row.plan_id): row.extended_until
        for row in PlanExtension.objects.filter(
            status="approved", plan__in={report.plan_id for report in reports}
        )
    }
    figures = defaultdict(dict)
    for figure in DisbursementFigure.objects.filter(report__in=reports):
        figures[figure.report_id][figure.source] = figure.disbursed
    last = {}
    for report in reports.order_by("project", "plan", "reported_on", "pk"):
        key = (report.project_id, report.plan_id)
        plan = report.plan
        assert date(plan.year, 1, 1) <= report.reported_on <= TODAY
        assert report.reported_on <= max(plan.lapses_on, extended.get(key) or plan.lapses_on)
        planned = defaultdict(Decimal)
        for decided_on, source, amount in entries[key]:
            if decided_on <= report.reported_on:
                planned[source] += amount
        for source, disbursed in figures[report.pk].items():
            assert 0 <= disbursed <= planned[source]
            assert disbursed >= last.get(key, {}).get(source, 0)
        last[key] = figures[report.pk]


def test_petitions_keep_the_clock_and_the_stage_their_timeline_gives(country):
    petitions = Petition.objects.filter(received_by_unit__in=units_of(country))
    assert petitions.count() > 200
    calendar = WorkingCalendar()
    last_steps = {}
    for step in PetitionStep.objects.filter(petition__in=petitions).order_by("day", "pk"):
        last_steps[step.petition_id] = step.kind
    stages = set()
    for petition in petitions.prefetch_related("extensions"):
        stored = (
            petition.acceptance_deadline,
            petition.original_settlement_deadline,
            petition.settlement_deadline,
            petition.next_deadline,
        )
        refresh_clock(petition, calendar)
        assert stored == (
            petition.acceptance_deadline,
            petition.original_settlement_deadline,
            petition.settlement_deadline,
            petition.next_deadline,
        ), petition.code
        if petition.duplicate_of_id is None and petition.stage != Stage.CLASSIFIED:
            assert last_steps[petition.pk] in (petition.stage, "extended"), petition.code
        stages.add(petition.stage)
    assert {Stage.ACCEPTED, Stage.VERIFICATION, Stage.REFUSED, Stage.ENFORCED, Stage.CLASSIFIED} <= stages
    assert petitions.filter(next_deadline__lt=TODAY).exists()  # some are late


def test_recommendations_are_tasks_of_their_conclusion_with_their_amounts(country):
    recommendations = Recommendation.objects.filter(
        oversight__inspected_unit__in=units_of(country)
    ).select_related("task", "oversight__document")
    assert recommendations.exists()
    for recommendation in recommendations:
        task, document = recommendation.task, recommendation.oversight.document
        assert task.source_document_id == document.pk
        assert task.assigned_on == document.issued_on <= task.original_deadline
        assert task.assigned_by_unit_id == recommendation.oversight.follow_up_unit_id
        recover = recommendation.kind == RecommendationKind.RECOVER_MONEY
        assert (recommendation.amount_required is not None) == recover
        if recommendation.closure_confirmed_on:
            assert task.completed_on is not None
            assert task.completed_on <= recommendation.closure_confirmed_on <= TODAY
        recovered = Decimal(0)
        for recovery in Recovery.objects.filter(recommendation=recommendation).order_by("recovered_on"):
            recovered += recovery.amount
            assert document.issued_on <= recovery.recovered_on <= TODAY
            assert 0 < recovered <= recommendation.amount_required


# -- people and the database -------------------------------------------------------------------------------


def test_a_province_viewer_signs_in_and_sees_the_province(country):
    client = Client()
    assert client.login(username="country7_01", password="bench")
    assert client.get("/tasks/").status_code == 200
    assert Client().login(username="country7_national", password="bench")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY, indexes and sequences of PostgreSQL")
def test_the_load_puts_back_every_index_and_constraint_and_moves_the_sequences(country):
    assert schema() == country.schema_before
    last = Task.objects.order_by("-pk").values_list("pk", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('tasks_task', 'id'))")
        assert cursor.fetchone()[0] > last
