"""Import of 10,000 tasks from one XLSX file: checking it (the preview) and then checking it again and
creating every task in one transaction (the confirmed import), each through the background job's body.
The aim is under a minute for both on SQLite.

The baseline, measured in the same run, is the floor any import must pay: reading the same file with
openpyxl and inserting the same tasks with one bulk INSERT per 500 rows — no check, no coordinations,
no change log, no tally. The confirmed import is reported as a ratio of it.

Run on its own: `.venv/bin/python bench/bench_task_import.py [rows]`, or within the suite:
`.venv/bin/python bench/run.py task_import` (SQLite, or PostgreSQL with DATABASE_URL). Either builds
its own throwaway test database. Each import runs once (a timed run creates 10,000 tasks).
"""

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resolute.config.settings.test")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

ROWS = 10_000
UNITS = 200
TODAY = date(2025, 3, 3)


def build(rows: int):
    """A province of 200 communes, an office, a conclusion with 20 clauses, and a file of `rows` tasks,
    each with a lead unit by code, one coordinating unit by name, a deadline and (one in two) a clause."""
    from openpyxl import Workbook

    from resolute.accounts.models import User
    from resolute.directives import actions as document_actions
    from resolute.directives.models import DocumentKind
    from resolute.orgunits import actions as unit_actions
    from resolute.orgunits.choices import Role
    from resolute.orgunits.models import Membership, OrgUnitKind

    province = unit_actions.create_unit(
        acting_user=None, parent=None, name="Tỉnh Bench", kind=OrgUnitKind.PROVINCE, code="TI49"
    )
    party = unit_actions.create_unit(
        acting_user=None, parent=province, name="Tỉnh ủy Bench", kind=OrgUnitKind.PARTY_COMMITTEE
    )
    office = unit_actions.create_unit(
        acting_user=None, parent=party, name="Văn phòng Tỉnh ủy Bench", kind=OrgUnitKind.AGENCY
    )
    communes = [
        unit_actions.create_unit(
            acting_user=None,
            parent=province,
            name=f"Xã Bình Thạnh {n}",
            kind=OrgUnitKind.COMMUNE,
            code=f"TI{n:04d}",
        )
        for n in range(UNITS)
    ]
    document_actions.create_document(
        acting_user=None,
        owner=party,
        kind=DocumentKind.CONCLUSION,
        title="Kết luận hội nghị",
        number="08-NQ/TU",
        issued_on=date(2024, 12, 20),
        text="II. Nhiệm vụ\n" + "\n".join(f"{n}. Nhiệm vụ số {n} của năm 2025." for n in range(1, 21)),
    )
    user = User.objects.create_user(username="bench-task-importer", password="x")
    Membership.objects.create(user=user, unit=office, role=Role.OFFICE)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("tasks")
    sheet.append(["Task title", "Lead unit", "Coordinating units", "Deadline", "Source document", "Clause"])
    for n in range(rows):
        lead, helper = communes[n % UNITS], communes[(n * 7 + 1) % UNITS]
        clause = str(n % 20 + 1) if n % 2 else ""
        sheet.append(
            [
                f"Nhiệm vụ {n}: hoàn thành công trình",
                lead.code,
                helper.name.lower(),
                f"{n % 28 + 1:02d}/12/2025",
                "08-NQ/TU" if clause else "",
                clause,
            ]
        )
    descriptor, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(descriptor)
    workbook.save(path)
    return user, party, path


def raw_insert_seconds(path, user, party) -> float:
    """Read the file and insert its tasks with bulk INSERTs, checking nothing."""
    from django.db import transaction
    from openpyxl import load_workbook

    from resolute.orgunits.models import OrgUnit
    from resolute.tasks.models import Task

    units = dict(OrgUnit.objects.exclude(code="").values_list("code", "id"))
    started = time.perf_counter()
    with transaction.atomic():
        workbook = load_workbook(path, read_only=True)
        batch = []
        for title, lead, _helper, deadline, _document, _clause in workbook["tasks"].iter_rows(
            min_row=2, values_only=True
        ):
            day, month, year = (int(part) for part in deadline.split("/"))
            batch.append(
                Task(
                    title=title,
                    lead_unit_id=units[lead],
                    assigned_by_unit=party,
                    assigned_by=user,
                    assigned_on=TODAY,
                    deadline=date(year, month, day),
                    original_deadline=date(year, month, day),
                )
            )
            if len(batch) == 500:
                Task.objects.bulk_create(batch)
                batch = []
        Task.objects.bulk_create(batch)
        workbook.close()
        transaction.set_rollback(True)
    return time.perf_counter() - started


def measure(rows: int = ROWS) -> dict[str, float]:
    """The seconds of checking the file, of the confirmed import, and of the baseline."""
    import time_machine
    from django.core.files import File

    from resolute.tasks.actions.imports import confirm_task_import, run_task_import_job
    from resolute.tasks.models import Task, TaskImport

    with time_machine.travel(TODAY, tick=False):
        user, party, path = build(rows)
        with open(path, "rb") as file:
            task_import = TaskImport.objects.create(
                file=File(file, name="bench-tasks.xlsx"),
                uploaded_by=user,
                original_name="bench-tasks.xlsx",
                assigned_by_unit=party,
                language="vi",
            )
        started = time.perf_counter()
        task_import = run_task_import_job(task_import)
        checked_in = time.perf_counter() - started
        assert task_import.status == TaskImport.Status.READY, (
            task_import.errors[:3],
            task_import.failure_reason,
        )

        started = time.perf_counter()
        # With the test settings' immediate task backend, confirming runs the job at once; with a
        # queue, it runs here.
        task_import = confirm_task_import(acting_user=user, task_import=task_import)
        task_import = run_task_import_job(task_import)
        imported_in = time.perf_counter() - started
        assert task_import.status == TaskImport.Status.DONE, (
            task_import.errors[:3],
            task_import.failure_reason,
        )
        assert Task.objects.count() == rows
        baseline = raw_insert_seconds(path, user, party)
        os.unlink(path)
    return {"check": checked_in, "import": imported_in, "baseline": baseline}


def run(best_of):
    """For `bench/run.py`: each import runs once (not `best_of`: a run creates the tasks)."""
    figures = measure()
    return [
        ("task import: check 10,000 rows (preview)", figures["check"], figures["baseline"], "bulk INSERT"),
        (
            "task import: check + create 10,000 tasks (confirmed)",
            figures["import"],
            figures["baseline"],
            "bulk INSERT",
        ),
    ]


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        figures = measure(rows)
    finally:
        teardown_databases(old_config, verbosity=0)
    print(f"{rows:,} rows")
    print(f"checking the file (the preview): {figures['check']:.1f} s")
    print(f"confirmed import (check again + create in one transaction): {figures['import']:.1f} s")
    print(
        f"baseline (read the file, bulk INSERT the tasks): {figures['baseline']:.1f} s; "
        f"the confirmed import takes {figures['import'] / figures['baseline']:.1f}× the baseline"
    )


if __name__ == "__main__":
    main()
