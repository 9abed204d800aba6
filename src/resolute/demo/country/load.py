"""Writing the country into the database, in one transaction.

On PostgreSQL the rows go in with COPY (`tables.CopySink`). For a large country the tables' secondary
indexes and foreign keys are dropped first and rebuilt after the load, as `pg_restore` does: PostgreSQL
builds an index from sorted rows several times faster than it maintains it row by row, and checks a
foreign key over a whole table in one join rather than once a row (a deferred check per row would queue
tens of millions of trigger events until the commit). Rebuilt with their own definitions
(`pg_get_indexdef`, `pg_get_constraintdef`), the indexes and constraints are the ones the migrations made,
and re-adding a foreign key checks every row, the country's and those already there. Unique indexes and
primary keys stay, so the load can never write a duplicate. The tables are locked against other writers
for the whole load, the ids are taken after the highest ones already given (and each table's sequence is
moved past them at the end), and ANALYZE runs once the rows are committed, as autovacuum would later.

Elsewhere (SQLite), rows are inserted in chunks with `executemany` (`tables.InsertSink`).
"""

import time
from dataclasses import dataclass, field

from django.db import connection, transaction

from resolute.accounts import actions as account_actions
from resolute.core.calendar import WorkingCalendar
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q
from resolute.targets.actions.evaluations import refresh_target_evaluations
from resolute.targets.models import Target
from resolute.tasks.actions.copies import recount_tally
from resolute.tasks.models import TaskStatusTally

from . import AlreadyGenerated, CountryGenerator, CountryOptions, all_tables
from .tables import CopySink, Ids, InsertSink
from .tree import country_name

# A country with at least this many tasks and values together is loaded with its tables' secondary
# indexes and foreign keys dropped and rebuilt (measured in docs/dev/performance.md).
REBUILD_FROM = 500_000


@dataclass
class LoadedCountry:
    """What was written, for the log and the tests."""

    root: OrgUnit
    counts: dict[str, int]
    seconds: float
    usernames: list[str] = field(default_factory=list)


def load_country(options: CountryOptions, log=lambda message: None) -> LoadedCountry:
    """Write the country `options` describe (see the package's docstring). Raises AlreadyGenerated,
    writing nothing, when a country of the same seed is in the database."""
    started = time.monotonic()
    postgresql = connection.vendor == "postgresql"
    rebuild = options.rebuild_indexes
    if rebuild is None:
        rebuild = options.tasks + options.values >= REBUILD_FROM
    rebuild = rebuild and postgresql
    name = country_name(options.seed)
    with transaction.atomic():
        existing = OrgUnit.objects.filter(parent=None, name=name).first()
        if existing is not None:
            raise AlreadyGenerated(
                f"{name} already exists (unit #{existing.pk}); nothing was added. "
                "Use another --seed for a second country."
            )
        generator_tables = all_tables(None)
        names = sorted({table.name for table in generator_tables})
        if postgresql:
            _lock(names)
        first_ids = _first_ids(names, postgresql)
        dropped = _drop_secondary(names, log) if rebuild else []
        # The office's calendar adjustments are read now: once the writer thread sends rows, the
        # generator must not query the connection it shares.
        calendar = WorkingCalendar()
        for year in range(options.today.year - 3, options.today.year + 2):
            calendar.adjustments(year)
        sink = CopySink(connection) if postgresql else InsertSink(connection)
        generator = CountryGenerator(options, sink, Ids(first_ids), calendar, log=log)
        try:
            generator.run()
        finally:
            counts = sink.close()
        log(f"rows written in {time.monotonic() - started:.0f} s")
        if dropped:
            _rebuild(dropped, log)
        if postgresql:
            _move_sequences(names)
        # The status tally of every lead unit, counted from the tasks as the task actions keep it.
        tallied = time.monotonic()
        recount_tally()
        log(f"status tally in {time.monotonic() - tallied:.0f} s")
        root = OrgUnit.objects.get(parent=None, name=name)
        usernames = _users(options, root, generator, log)
    if postgresql:
        analysed = time.monotonic()
        with connection.cursor() as cursor:
            for table in [*names, TaskStatusTally._meta.db_table]:
                cursor.execute(f'ANALYZE "{table}"')  # noqa: S608 - names of the models' tables
        log(f"ANALYZE in {time.monotonic() - analysed:.0f} s")
    _store_evaluations(root, options, log)
    return LoadedCountry(root=root, counts=counts, seconds=time.monotonic() - started, usernames=usernames)


def _store_evaluations(root: OrgUnit, options: CountryOptions, log) -> None:
    """Store the country's targets' evaluations for its day, as the nightly job would, so that its
    dashboards read them from the start."""
    started = time.monotonic()
    targets = Target.objects.filter(subtree_q(root.path, field="unit__path"))
    result = refresh_target_evaluations(targets=targets, day=options.today)
    log(f"{result.written:,} stored evaluations for {options.today} in {time.monotonic() - started:.0f} s")


def _lock(names: list[str]) -> None:
    """Keep other writers out of the tables while their ids are read and given (readers go on)."""
    quoted = ", ".join(f'"{name}"' for name in names)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {quoted} IN EXCLUSIVE MODE")


def _first_ids(names: list[str], postgresql: bool) -> dict[str, int]:
    """The first id free in each table: after the highest row, and on PostgreSQL after the highest id
    its sequence ever handed out (a rolled-back insert uses one up too)."""
    first = {}
    with connection.cursor() as cursor:
        for name in names:
            if postgresql:
                cursor.execute(
                    f"SELECT GREATEST(COALESCE(MAX(id), 0), "  # noqa: S608 - the models' tables
                    f"COALESCE(pg_sequence_last_value(pg_get_serial_sequence('\"{name}\"', 'id')), 0)) "
                    f'FROM "{name}"'
                )
            else:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{name}"')  # noqa: S608
            first[name] = cursor.fetchone()[0] + 1
    return first


def _drop_secondary(names: list[str], log) -> list[tuple[str, str]]:
    """Drop the tables' foreign keys and their indexes that enforce nothing; returns the statements
    that put them back, in order (indexes first, so the foreign keys' checks can use them)."""
    indexes, foreign_keys = [], []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
            "JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relname = ANY(%s) AND NOT x.indisunique "
            "AND NOT x.indisprimary ORDER BY c.relname, i.relname",
            [names],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
            "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relname = ANY(%s) AND k.contype = 'f' "
            "ORDER BY c.relname, k.conname",
            [names],
        )
        foreign_keys = cursor.fetchall()
        for table, constraint, _definition in foreign_keys:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}"')
        for _table, index, _definition in indexes:
            cursor.execute(f'DROP INDEX "{index}"')
    log(f"dropped {len(indexes)} indexes and {len(foreign_keys)} foreign keys for the load")
    return [(f"index {index}", definition) for _table, index, definition in indexes] + [
        (f"foreign key {constraint}", f'ALTER TABLE "{table}" ADD CONSTRAINT "{constraint}" {definition}')
        for table, constraint, definition in foreign_keys
    ]


def _rebuild(statements: list[tuple[str, str]], log) -> None:
    started = time.monotonic()
    with connection.cursor() as cursor:
        # Sorting a large table's index in memory rather than in runs on disk.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _what, statement in statements:
            cursor.execute(statement)
    log(f"indexes and foreign keys rebuilt and checked in {time.monotonic() - started:.0f} s")


def _move_sequences(names: list[str]) -> None:
    """Each table's next id follows the rows written (never moving a sequence back)."""
    with connection.cursor() as cursor:
        for name in names:
            sequence = f"pg_get_serial_sequence('\"{name}\"', 'id')"
            cursor.execute(
                f"SELECT setval({sequence}, GREATEST(COALESCE(MAX(id), 1), "  # noqa: S608
                f'COALESCE(pg_sequence_last_value({sequence}), 1))) FROM "{name}"'
            )


def _users(options: CountryOptions, root: OrgUnit, generator, log) -> list[str]:
    """A viewer of each province (its leader) and one of the whole country, through the accounts
    actions, so that benches sign in as people who see a province or everything."""
    seed = options.seed
    provinces = OrgUnit.objects.in_bulk([province.unit.id for province in generator.country.provinces])
    accounts = [(f"country{seed}_national", "Lãnh đạo cả nước (mô phỏng)", root)]
    accounts += [
        (
            f"country{seed}_{province.shape.code}",
            f"Lãnh đạo {province.shape.full_name} (mô phỏng)",
            provinces[province.unit.id],
        )
        for province in generator.country.provinces
    ]
    for username, full_name, unit in accounts:
        account_actions.create_user(
            acting_user=None,
            username=username,
            full_name=full_name,
            job_title="Tài khoản đo hiệu năng",
            language="vi",
            password=options.password,
            memberships=[(unit, Role.VIEWER)],
        )
    log(f"users: {len(accounts)} viewers, password {options.password!r}")
    return [username for username, _name, _unit in accounts]
