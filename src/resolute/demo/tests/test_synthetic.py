from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from resolute.demo.synthetic import generate_province, province_name
from resolute.orgunits.models import OrgUnit, OrgUnitKind
from resolute.orgunits.querysets import PATH_SEGMENT_WIDTH, path_segment
from resolute.targets.models import DataValue, Target, ValueState
from resolute.targets.selectors import evaluated
from resolute.tasks.models import CompletionProposal, Decision, ExtensionRequest, Obstacle, Task
from resolute.tasks.status import OverdueAge, TaskStatus

TODAY = date(2026, 6, 15)


@pytest.fixture
def province(db):
    return generate_province(scale=1, seed=3, today=TODAY).province


def tasks_of(province):
    return Task.objects.filter(lead_unit__in=OrgUnit.objects.subtree_of(province))


def test_every_unit_has_the_path_and_depth_the_unit_actions_would_give_it(province):
    units = {unit.pk: unit for unit in OrgUnit.objects.subtree_of(province)}
    assert len(units) > 50
    for unit in units.values():
        parent = units.get(unit.parent_id)
        expected_path = (parent.path if parent else "") + path_segment(unit.pk)
        assert unit.path == expected_path
        assert unit.depth == len(unit.path) // PATH_SEGMENT_WIDTH - 1
    kinds = [unit.kind for unit in units.values()]
    assert kinds.count(OrgUnitKind.DISTRICT) == 18
    assert kinds.count(OrgUnitKind.COMMUNE) >= 18
    assert province.name == province_name(1, 3)


def test_tasks_cover_every_status_and_every_overdue_age_on_the_day_of_the_history(province):
    tasks = tasks_of(province).as_of(TODAY)
    assert tasks.count() >= 65
    assert set(tasks.values_list("status", flat=True)) == set(TaskStatus.values)
    assert set(tasks.exclude(overdue_age=None).values_list("overdue_age", flat=True)) == set(
        OverdueAge.values
    )
    assert Obstacle.objects.filter(report__task__in=tasks_of(province)).exists()
    assert tasks_of(province).filter(parent__isnull=False).exists()


def test_task_columns_agree_with_their_history_as_the_actions_leave_them(province):
    for task in tasks_of(province).prefetch_related("extension_requests", "completion_proposals"):
        approved = [row for row in task.extension_requests.all() if row.decision == Decision.APPROVED]
        assert task.deadline == (approved[-1].proposed_deadline if approved else task.original_deadline)
        accepted = [row for row in task.completion_proposals.all() if row.decision == Decision.APPROVED]
        assert task.completed_on == (accepted[-1].proposed_on if accepted else None)
        if task.original_deadline:
            assert task.assigned_on <= task.original_deadline
        for report in task.reports.all():
            assert task.assigned_on <= report.reported_on <= TODAY
    decided = [
        *ExtensionRequest.objects.filter(task__in=tasks_of(province)).values_list("decided_on", flat=True),
        *CompletionProposal.objects.filter(task__in=tasks_of(province)).values_list("decided_on", flat=True),
    ]
    assert decided and max(decided) <= TODAY


def test_targets_have_approved_values_and_more_than_one_status(province):
    targets = Target.objects.filter(unit=province)
    assert targets.count() == 15
    values = DataValue.objects.filter(unit__in=OrgUnit.objects.subtree_of(province))
    assert values.count() > 200
    assert set(values.values_list("state", flat=True)) == {ValueState.APPROVED}
    statuses = {row.evaluation.status for row in evaluated(targets, TODAY)}
    assert len(statuses) >= 3


def test_generating_the_same_province_twice_refuses_and_adds_nothing(province):
    counts = (OrgUnit.objects.count(), Task.objects.count(), DataValue.objects.count())
    with pytest.raises(CommandError, match="already exists"):
        call_command("generate_province", scale=1, seed=3, today=TODAY, verbosity=0)
    assert (OrgUnit.objects.count(), Task.objects.count(), DataValue.objects.count()) == counts


def test_another_seed_adds_a_second_province_beside_the_first(province):
    call_command("generate_province", scale=1, seed=4, today=TODAY, verbosity=0)
    assert OrgUnit.objects.filter(parent=None, kind=OrgUnitKind.PROVINCE).count() == 2


def fingerprint() -> list[tuple]:
    """The generated tasks as dates and unit names, which do not depend on the ids the database gave."""
    return list(
        Task.objects.order_by("title", "lead_unit__name").values_list(
            "title", "lead_unit__name", "assigned_on", "original_deadline", "deadline", "completed_on"
        )
    )


class Rollback(Exception):
    pass


def test_the_same_seed_and_day_give_the_same_province(db):
    try:
        with transaction.atomic():
            generate_province(scale=1, seed=5, today=TODAY)
            first = fingerprint()
            raise Rollback
    except Rollback:
        pass
    assert not Task.objects.exists()

    generate_province(scale=1, seed=5, today=TODAY)

    assert fingerprint() == first
