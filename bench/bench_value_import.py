"""Import of 100,000 values from one XLSX file: the file is streamed (openpyxl read-only), so
memory stays bounded. Prints the peak Python memory of checking the file (tracemalloc), the growth
of the process's resident memory over the whole import, and the time each part takes.

The baseline, measured in the same run, is the floor any import must pay: reading the same file
with openpyxl and inserting the same rows with one bulk INSERT per 1,000 rows, no check, no
change log. The import is reported as a ratio of it.

Run on its own: `.venv/bin/python bench/bench_value_import.py [rows]` (SQLite, or PostgreSQL with
DATABASE_URL). It builds its own throwaway test database.
"""

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resolute.config.settings.test")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
INDICATORS = 50
MONTHS = 12


def build(rows: int):
    from openpyxl import Workbook

    from resolute.accounts.models import User
    from resolute.core.periods import PeriodType
    from resolute.orgunits import actions as unit_actions
    from resolute.orgunits.choices import Role
    from resolute.orgunits.models import Membership, OrgUnitKind
    from resolute.targets.actions import indicators as indicator_actions
    from resolute.targets.models import Direction
    from resolute.targets.workbook import COLUMNS

    province = unit_actions.create_unit(
        acting_user=None, parent=None, name="Province", kind=OrgUnitKind.PROVINCE, code="49"
    )
    units_needed = -(-rows // (INDICATORS * MONTHS))
    units = [
        unit_actions.create_unit(
            acting_user=None, parent=province, name=f"Commune {n}", kind=OrgUnitKind.COMMUNE, code=f"C{n:04d}"
        )
        for n in range(units_needed)
    ]
    indicators = [
        indicator_actions.create_indicator(
            acting_user=None,
            code=f"IND_{n:02d}",
            name=f"Indicator {n}",
            unit_of_measure="households",
            direction=Direction.HIGHER_IS_BETTER,
            periodicity=PeriodType.MONTHLY,
        )
        for n in range(INDICATORS)
    ]
    user = User.objects.create_user(username="bench-importer", password="x")
    Membership.objects.create(user=user, unit=province, role=Role.ADMIN)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("values")
    sheet.append(COLUMNS)
    written = 0
    for unit in units:
        for month in range(1, MONTHS + 1):
            for indicator in indicators:
                if written == rows:
                    break
                sheet.append([indicator.code, unit.code, f"2025{month:02d}", written % 997, 1, ""])
                written += 1
    descriptor, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(descriptor)
    workbook.save(path)
    return user, path


def raw_insert_seconds(path, user) -> float:
    """Read the file and insert its rows as drafts with bulk INSERTs, checking nothing."""
    from django.db import transaction
    from openpyxl import load_workbook

    from resolute.orgunits.models import OrgUnit
    from resolute.targets.models import DataValue, Indicator

    DataValue.objects.all().delete()
    indicators = dict(Indicator.objects.values_list("code", "id"))
    units = dict(OrgUnit.objects.values_list("code", "id"))
    started = time.perf_counter()
    with transaction.atomic():
        workbook = load_workbook(path, read_only=True)
        batch = []
        for code, unit_code, period, value, vintage, comment in workbook["values"].iter_rows(
            min_row=2, values_only=True
        ):
            batch.append(
                DataValue(
                    indicator_id=indicators[code],
                    unit_id=units[unit_code],
                    period=period,
                    value=value,
                    vintage=vintage,
                    comment=comment or "",
                    entered_by=user,
                )
            )
            if len(batch) == 1000:
                DataValue.objects.bulk_create(batch)
                batch = []
        DataValue.objects.bulk_create(batch)
        workbook.close()
    return time.perf_counter() - started


def main() -> None:
    import time_machine
    from django.core.files import File

    from resolute.targets.actions.imports import import_values
    from resolute.targets.models import DataValue, ValueImport
    from resolute.targets.workbook import FileReader, check_file

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        with time_machine.travel(date(2025, 1, 10), tick=False):
            user, path = build(ROWS)
            size = os.path.getsize(path)
            print(f"{ROWS:,} rows, file of {size / 1024 / 1024:.1f} MB")

            tracemalloc.start()
            started = time.perf_counter()
            with open(path, "rb") as file:
                reader = FileReader(file, user)
                check_file(reader)
            checked_in = time.perf_counter() - started
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            assert not reader.errors, reader.errors.items[:3]
            print(
                f"checking: {checked_in:.1f} s, peak Python memory {peak / 1024 / 1024:.1f} MB (tracemalloc)"
            )

            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            with open(path, "rb") as file:
                value_import = ValueImport.objects.create(
                    file=File(file, name="bench.xlsx"), uploaded_by=user, original_name="bench.xlsx"
                )
            started = time.perf_counter()
            value_import = import_values(value_import)
            imported_in = time.perf_counter() - started
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            assert value_import.status == ValueImport.Status.DONE, value_import.errors[:3]
            assert DataValue.objects.count() == ROWS
            print(
                f"whole import (check + save in one transaction): {imported_in:.1f} s, "
                f"{value_import.values_saved:,} values saved, "
                f"peak resident memory grew by {(rss_after - rss_before) / 1024:.1f} MB "
                f"(to {rss_after / 1024:.1f} MB)"
            )
            baseline = raw_insert_seconds(path, user)
            print(
                f"baseline (read the file, bulk INSERT the rows): {baseline:.1f} s; "
                f"the import takes {imported_in / baseline:.1f}× the baseline"
            )
            os.unlink(path)
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
