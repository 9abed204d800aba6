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

from resolute.core.changelog import record_change
from resolute.core.models import ChangeLogEntry

from ..models import ValueImport
from ..workbook import FileReader, Row, check_file
from .values import save_values

# How often the job records how many rows it has checked.
PROGRESS_EVERY = 1000


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
    """Store an uploaded file and queue the job that imports it."""
    value_import = ValueImport.objects.create(
        file=uploaded_file, original_name=uploaded_file.name[:255], uploaded_by=acting_user
    )
    record_change(
        actor=acting_user,
        instance=value_import,
        action=ChangeLogEntry.Action.CREATE,
        fields=["file", "original_name", "uploaded_by"],
    )
    transaction.on_commit(lambda: run_value_import.enqueue(value_import.pk))
    return value_import


def _progress(value_import: ValueImport, **fields) -> None:
    ValueImport.objects.filter(pk=value_import.pk).update(**fields, updated_at=timezone.now())


def import_values(value_import: ValueImport) -> ValueImport:
    """Check the whole file, then save it in one transaction, or write nothing and list the errors."""
    user = value_import.uploaded_by
    with value_import.file.open("rb") as file:
        reader = FileReader(file, user)
        total = reader.count_rows()
        _progress(value_import, status=ValueImport.Status.CHECKING, rows_total=total, rows_done=0)

        def on_row(count):
            if count % PROGRESS_EVERY == 0:
                _progress(value_import, rows_done=min(count, total))

        check_file(reader, on_row)
        saved = 0
        if not reader.errors:
            _progress(value_import, status=ValueImport.Status.SAVING, rows_done=total)
            with transaction.atomic():
                saved = save_file(reader, user)
                if reader.errors:
                    transaction.set_rollback(True)
                    saved = 0
    status = ValueImport.Status.FAILED if reader.errors else ValueImport.Status.DONE
    _progress(
        value_import,
        status=status,
        rows_done=total,
        values_saved=saved,
        errors=reader.errors.items,
        finished_at=timezone.now(),
    )
    value_import.refresh_from_db()
    return value_import


@task()
def run_value_import(value_import_id: int) -> None:
    import_values(ValueImport.objects.select_related("uploaded_by").get(pk=value_import_id))
