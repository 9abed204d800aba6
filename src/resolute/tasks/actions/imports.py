"""The import of a workbook of tasks (see `workbook` for the file and its reader), in two steps.

1. `start_task_import` stores the file and queues a job that checks every row (`workbook.FileReader`)
   and records either every error by row and column (status FAILED) or a preview of what would be
   created (status READY). Nothing is written but the import's own record.
2. `confirm_task_import`, by the uploader, queues the job again; it reads and checks the file once
   more (units, documents or rights may have changed meanwhile) and creates every task through
   `create_tasks` in ONE transaction with the import's end, or nothing at all. Only a READY import
   may be confirmed, and confirming moves it on under a row lock: a second confirm (a double click,
   a second tab) finds it no longer ready and creates nothing.

A job killed at any point leaves nothing half-written and is run again by `core.actions.jobs`.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from resolute.core import clock
from resolute.core.actions.jobs import JobRun, cancel_job, enqueue_job, run_job
from resolute.core.changelog import record_change, snapshot
from resolute.core.jobs import LONG_QUEUE, JobFailed, job_kind_of, long_job_time_limit
from resolute.core.models import ChangeLogEntry
from resolute.core.xlsx import NOT_A_WORKBOOK

from ..models import TaskImport
from ..permissions import can_create_tasks
from ..workbook import FIELD_COLUMNS, FileReader, not_a_workbook
from . import TasksRefused, create_tasks


@transaction.atomic
def start_task_import(*, acting_user, uploaded_file, assigned_by_unit) -> TaskImport:
    """Store an uploaded file and queue the job that checks it (on the `long` queue)."""
    if not can_create_tasks(acting_user):
        raise PermissionDenied(_("Only an office that assigns tasks may import them."))
    task_import = TaskImport.objects.create(
        file=uploaded_file,
        original_name=uploaded_file.name[:255],
        uploaded_by=acting_user,
        assigned_by_unit=assigned_by_unit,
        language=translation.get_language() or "",
    )
    record_change(
        actor=acting_user,
        instance=task_import,
        action=ChangeLogEntry.Action.CREATE,
        fields=["file", "original_name", "uploaded_by", "assigned_by_unit"],
    )
    transaction.on_commit(lambda: enqueue_job(job_kind_of(TaskImport), task_import.pk))
    return task_import


def _owner_or_refuse(acting_user, task_import: TaskImport) -> None:
    if not (acting_user.is_superuser or task_import.uploaded_by_id == acting_user.pk):
        raise PermissionDenied(_("Only the person who uploaded this file may confirm its import."))


def confirm_task_import(*, acting_user, task_import: TaskImport) -> TaskImport:
    """Queue the creation of the checked import's tasks. Does nothing (and says so through the
    returned status) unless the import is READY, so confirming twice creates the tasks once."""
    _owner_or_refuse(acting_user, task_import)
    with transaction.atomic():
        locked = TaskImport.objects.select_for_update().get(pk=task_import.pk)
        if locked.status != TaskImport.Status.READY:
            return locked
        before = snapshot(locked, ["status", "confirmed_at"])
        moment = timezone.now()
        TaskImport.objects.filter(pk=locked.pk).update(
            status=TaskImport.Status.QUEUED, confirmed_at=moment, updated_at=moment
        )
        locked.refresh_from_db()
        record_change(
            actor=acting_user,
            instance=locked,
            action=ChangeLogEntry.Action.UPDATE,
            before=before,
            fields=["status", "confirmed_at"],
        )
        transaction.on_commit(lambda: enqueue_job(job_kind_of(TaskImport), locked.pk))
    return locked


def cancel_task_import(*, acting_user, task_import: TaskImport) -> TaskImport:
    """Cancel a waiting, checking or checked import at its owner's request; nothing is created."""
    return cancel_job(acting_user=acting_user, record=task_import)


def _refusals(reader: FileReader, error: TasksRefused) -> None:
    for position, by_field in error.by_task.items():
        row = reader.rows[position]
        for name, messages in by_field.items():
            for message in messages:
                reader.error(row.number, FIELD_COLUMNS.get(name, ""), message)


def _run(run: JobRun) -> None:
    task_import = run.record
    language = (
        task_import.language or getattr(task_import.uploaded_by, "language", "") or settings.LANGUAGE_CODE
    )
    with translation.override(language):
        _check_and_save(run, task_import)


def _check_and_save(run: JobRun, task_import: TaskImport) -> None:
    user = task_import.uploaded_by
    saving = task_import.confirmed_at is not None
    with task_import.file.open("rb") as file:
        reader = FileReader(
            file, user, assigned_by_unit=task_import.assigned_by_unit, assigned_on=clock.today()
        )
        try:
            total = reader.count_rows()
            run.beat(rows_total=total, rows_done=0)
            reader.check(lambda count: run.beat(rows_done=min(count, total)))
        except NOT_A_WORKBOOK as error:
            raise JobFailed(not_a_workbook(str(task_import))) from error
        if reader.errors:
            run.finish(
                status=TaskImport.Status.FAILED,
                rows_done=total,
                tasks_to_create=0,
                errors=reader.errors.items,
                finished_at=timezone.now(),
            )
            return
        if not saving:
            run.finish(
                status=TaskImport.Status.READY,
                rows_done=total,
                tasks_to_create=len(reader.rows),
                preview=reader.preview(),
                errors=[],
            )
            return
        run.beat(status=TaskImport.Status.SAVING, rows_done=total)
        try:
            with transaction.atomic():
                # Hold the import's row while saving, so recovery never takes a live job for a dead one.
                run.mine().select_for_update().get()
                created = create_tasks(
                    acting_user=user,
                    tasks=[row.new_task() for row in reader.rows],
                    assigned_by_unit=task_import.assigned_by_unit,
                    assigned_on=reader.assigned_on,
                )
                run.finish(
                    status=TaskImport.Status.DONE,
                    tasks_created=len(created),
                    errors=[],
                    finished_at=timezone.now(),
                )
                return
        except TasksRefused as error:
            _refusals(reader, error)
        except PermissionDenied as error:
            reader.errors.add(1, "", "", str(error))
    run.finish(
        status=TaskImport.Status.FAILED,
        tasks_created=0,
        errors=reader.errors.items,
        finished_at=timezone.now(),
    )


def run_task_import_job(task_import: TaskImport) -> TaskImport:
    """Run the waiting step of `task_import` (the job's body; see `core.actions.jobs.run_job`)."""
    run_job(TaskImport, task_import.pk, _run, limit=long_job_time_limit())
    task_import.refresh_from_db()
    return task_import


@task(queue_name=LONG_QUEUE)
def run_task_import(task_import_id: int) -> None:
    run_task_import_job(TaskImport.objects.select_related("uploaded_by").get(pk=task_import_id))
