"""The import of a filled values workbook (see `workbook` for the file and its reader).

An import runs in a background job. It reads the file twice: first to check every row (and record
progress), then, only if no row has an error, to save the values through `values.save_values`, unit
by unit and period by period, in ONE transaction. A file with errors lists every one by sheet, row
and column and writes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from resolute.core.actions.jobs import JobRun, cancel_job, enqueue_job, run_job
from resolute.core.changelog import record_change
from resolute.core.jobs import LONG_QUEUE, JobFailed, job_kind_of, long_job_time_limit
from resolute.core.models import ChangeLogEntry
from resolute.core.xlsx import NOT_A_WORKBOOK

from ..models import ValueImport
from ..workbook import FileReader, Row, check_file, not_a_workbook
from .values import save_values


def _save_group(reader: FileReader, user, group: list[Row]) -> int:
    """Save one unit's values for one period and vintage; a refusal becomes errors at its rows."""
    first = group[0]
    try:
        result = save_values(
            acting_user=user,
            unit=first.unit,
            period=first.period,
            entries=[(row.indicator, row.value, row.comment) for row in group],
            vintage=first.vintage,
        )
    except ValidationError as error:
        rows_by_code = {row.indicator.code: row for row in group}
        for key, messages in error.message_dict.items():
            row = rows_by_code.get(key, first)
            for message in messages:
                reader.errors.add(row.sheet, row.number, "", message)
        return 0
    return len(result.saved)


def save_file(reader: FileReader, user) -> int:
    """Save every row through `values.save_values`, grouping consecutive rows of one unit, period
    and vintage. Runs inside the caller's transaction; returns the number of values saved."""
    saved = 0
    group: list[Row] = []
    for row in reader.rows():
        if group and (row.unit.pk, row.period, row.vintage) != (
            group[0].unit.pk,
            group[0].period,
            group[0].vintage,
        ):
            saved += _save_group(reader, user, group)
            group = []
        group.append(row)
    if group:
        saved += _save_group(reader, user, group)
    return saved


# -- the job ---------------------------------------------------------------------------------------


@transaction.atomic
def start_value_import(*, acting_user, uploaded_file) -> ValueImport:
    """Store an uploaded file and queue the job that imports it (on the `long` queue)."""
    value_import = ValueImport.objects.create(
        file=uploaded_file, original_name=uploaded_file.name[:255], uploaded_by=acting_user
    )
    record_change(
        actor=acting_user,
        instance=value_import,
        action=ChangeLogEntry.Action.CREATE,
        fields=["file", "original_name", "uploaded_by"],
    )
    transaction.on_commit(lambda: enqueue_job(job_kind_of(ValueImport), value_import.pk))
    return value_import


def _import(run: JobRun) -> None:
    """Check the whole file, then save it in one transaction with the import's end, or write nothing
    and list the errors. Killed at any point, the job leaves nothing half-written and runs again."""
    value_import = run.record
    user = value_import.uploaded_by
    with value_import.file.open("rb") as file:
        reader = FileReader(file, user)
        try:
            total = reader.count_rows()
            run.beat(rows_total=total, rows_done=0)
            check_file(reader, lambda count: run.beat(rows_done=min(count, total)))
        except NOT_A_WORKBOOK as error:
            raise JobFailed(not_a_workbook(str(value_import))) from error
        if reader.errors:
            run.finish(
                status=ValueImport.Status.FAILED,
                rows_done=total,
                values_saved=0,
                errors=reader.errors.items,
                finished_at=timezone.now(),
            )
            return
        run.beat(status=ValueImport.Status.SAVING, rows_done=total)
        with transaction.atomic():
            # Hold the import's row while saving, so recovery never takes a live job for a dead one.
            run.mine().select_for_update().get()
            saved = save_file(reader, user)
            if reader.errors:
                transaction.set_rollback(True)
            else:
                run.finish(
                    status=ValueImport.Status.DONE, values_saved=saved, errors=[], finished_at=timezone.now()
                )
                return
    run.finish(
        status=ValueImport.Status.FAILED,
        values_saved=0,
        errors=reader.errors.items,
        finished_at=timezone.now(),
    )


def import_values(value_import: ValueImport) -> ValueImport:
    """Run the import of a waiting `value_import` (the job's body; see `core.actions.jobs.run_job`)."""
    run_job(ValueImport, value_import.pk, _import, limit=long_job_time_limit())
    value_import.refresh_from_db()
    return value_import


def cancel_value_import(*, acting_user, value_import: ValueImport) -> ValueImport:
    """Cancel a waiting or checking import at its owner's request; nothing is saved."""
    return cancel_job(acting_user=acting_user, record=value_import)


@task(queue_name=LONG_QUEUE)
def run_value_import(value_import_id: int) -> None:
    import_values(ValueImport.objects.select_related("uploaded_by").get(pk=value_import_id))
