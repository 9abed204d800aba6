"""Task status at scale: the as-of status computed in SQL against the naive query that reads today's
columns only (what a system without history would run)."""

import random
from datetime import date, timedelta

from django.db import connection, transaction
from django.test import Client

from resolute.accounts.models import User
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership, OrgUnit
from resolute.tasks.models import CompletionProposal, Decision, ExtensionRequest, ProgressReport, Task

TASKS = 20_000
AS_OF = date(2025, 11, 25)


@transaction.atomic
def build_tasks(units: list[OrgUnit]) -> None:
    rng = random.Random(7)
    assigner = units[0]
    tasks = []
    for number in range(TASKS):
        deadline = date(2025, 1, 1) + timedelta(days=rng.randint(0, 600)) if number % 5 else None
        tasks.append(
            Task(
                title=f"Task {number}",
                lead_unit=rng.choice(units),
                assigned_by_unit=assigner,
                assigned_on=date(2025, 1, 1),
                original_deadline=deadline,
                deadline=deadline,
            )
        )
    Task.objects.bulk_create(tasks, batch_size=2000)
    tasks = list(Task.objects.order_by("pk"))
    extensions, completions, reports = [], [], []
    for task in tasks:
        if task.original_deadline and rng.random() < 0.2:
            extensions.append(
                ExtensionRequest(
                    task=task,
                    requested_on=date(2025, 3, 1),
                    proposed_deadline=task.original_deadline + timedelta(days=90),
                    reason="bench",
                    decision=Decision.APPROVED,
                    decided_on=date(2025, 3, 10),
                )
            )
        if rng.random() < 0.4:
            completions.append(
                CompletionProposal(
                    task=task,
                    proposed_on=date(2025, 6, 1),
                    result="bench",
                    decision=Decision.APPROVED,
                    decided_on=date(2025, 6, 5),
                )
            )
        reports.append(
            ProgressReport(task=task, unit=task.lead_unit, reported_on=date(2025, 5, 14), narrative="b")
        )
    ExtensionRequest.objects.bulk_create(extensions, batch_size=2000)
    CompletionProposal.objects.bulk_create(completions, batch_size=2000)
    ProgressReport.objects.bulk_create(reports, batch_size=2000)


def run(best_of):
    units = list(OrgUnit.objects.filter(kind="commune")[:300])
    build_tasks(units)
    country = OrgUnit.objects.get(name="Country")
    admin = User.objects.create_user("bench-tasks", password="x")
    Membership.objects.create(user=admin, unit=country, role=Role.ADMIN)
    client = Client()
    client.force_login(admin)
    table = Task._meta.db_table

    def naive_overdue_count():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} WHERE deadline < %s AND completed_on IS NULL", [AS_OF]
            )
            return cursor.fetchone()[0]

    def as_of_overdue_count():
        return Task.objects.as_of(AS_OF).filter(status="overdue").count()

    def naive_first_page():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT * FROM {table} WHERE deadline < %s AND completed_on IS NULL "
                "ORDER BY deadline LIMIT 25",
                [AS_OF],
            )
            return cursor.fetchall()

    def list_page():
        response = client.get("/tasks/", {"status": "overdue", "as_of": AS_OF.isoformat()})
        assert response.status_code == 200, response.status_code

    return [
        (
            f"overdue count as of a day ({TASKS} tasks)",
            best_of(as_of_overdue_count),
            best_of(naive_overdue_count),
            "naive SQL on today's columns",
        ),
        (
            "task list page, overdue, first 25",
            best_of(list_page, repeat=3),
            best_of(naive_first_page),
            "naive SQL first page",
        ),
    ]
