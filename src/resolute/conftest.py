"""Shared test fixtures: a small organisation tree and users with roles, built through actions."""

import os
import shutil
from contextlib import nullcontext
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import settings as hypothesis_settings

from resolute.accounts.models import User
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership, OrgUnitKind

# Property tests judge correctness, not speed: on a busy machine (two test processes on two cores) an
# example may take longer than hypothesis's default 200 ms deadline without anything being wrong.
hypothesis_settings.register_profile("resolute", deadline=None)
hypothesis_settings.load_profile("resolute")


def make_unit(name, parent=None, kind=OrgUnitKind.OTHER, code="", **fields):
    return unit_actions.create_unit(
        acting_user=None, parent=parent, name=name, kind=kind, code=code, **fields
    )


def make_user(username, *memberships, password="resolute-demo", **fields):
    """A user with (unit, role) memberships."""
    user = User.objects.create_user(username=username, password=password, **fields)
    for unit, role in memberships:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def tree(db):
    """The units, with the document symbols of those that issue letters (the districts have none):

    province ─┬─ party committee ── office
    ├─ people's committee ── finance department
    ├─ district A ── commune A1
    └─ district B ── commune B1"""
    province = make_unit(
        "Tỉnh Quảng Nam",
        kind=OrgUnitKind.PROVINCE,
        code="49",
        name_en="Quang Nam Province",
        document_symbol="UBND-VP",
    )
    party = make_unit(
        "Tỉnh ủy",
        province,
        OrgUnitKind.PARTY_COMMITTEE,
        name_en="Provincial Party Committee",
        document_symbol="TU",
    )
    office = make_unit(
        "Văn phòng Tỉnh ủy",
        party,
        OrgUnitKind.AGENCY,
        name_en="Party Committee Office",
        document_symbol="VPTU",
    )
    committee = make_unit(
        "UBND tỉnh",
        province,
        OrgUnitKind.PEOPLES_COMMITTEE,
        name_en="People's Committee",
        document_symbol="UBND-TH",
    )
    finance = make_unit("Sở Tài chính", committee, OrgUnitKind.DEPARTMENT, name_en="Department of Finance")
    district_a = make_unit(
        "Thành phố Hội An", province, OrgUnitKind.DISTRICT, code="503", name_en="Hoi An City"
    )
    commune_a1 = make_unit("Phường Minh An", district_a, OrgUnitKind.COMMUNE, code="20335")
    district_b = make_unit(
        "Huyện Đại Lộc", province, OrgUnitKind.DISTRICT, code="506", name_en="Dai Loc District"
    )
    commune_b1 = make_unit("Thị trấn Ái Nghĩa", district_b, OrgUnitKind.COMMUNE, code="20434")
    return {
        "province": province,
        "party": party,
        "office": office,
        "committee": committee,
        "finance": finance,
        "district_a": district_a,
        "commune_a1": commune_a1,
        "district_b": district_b,
        "commune_b1": commune_b1,
    }


@pytest.fixture
def users(tree):
    """One user per role, placed as in the demo."""
    province_office = make_user("office", (tree["office"], Role.OFFICE))
    return {
        "admin": make_user("admin", (tree["province"], Role.ADMIN)),
        "office": province_office,
        "leader": make_user("leader", (tree["province"], Role.VIEWER)),
        "finance": make_user("finance", (tree["finance"], Role.REPORTER)),
        "district_a_manager": make_user("hoian_manager", (tree["district_a"], Role.MANAGER)),
        "district_a_reporter": make_user("hoian", (tree["district_a"], Role.REPORTER)),
        "district_b_reporter": make_user("dailoc", (tree["district_b"], Role.REPORTER)),
    }


@pytest.fixture
def default_ladder(db):
    """The ladder's default steps. A data migration creates them, but a test that commits its data
    runs after others have emptied the tables, so such a test asks for them here."""
    from resolute.reporting.models import LadderStep
    from resolute.reporting.selectors.ladder import DEFAULT_STEPS

    for order, kind, delay in DEFAULT_STEPS:
        LadderStep.objects.get_or_create(kind=kind, defaults={"order": order, "delay_working_days": delay})


class WorkerDatabase:
    """The test's database as real worker processes see it (see the `worker_database` fixture):
    `env` for a subprocess, `start(...)` to run a `resolute` command against it, `query(...)` to read
    it while they run, and `sync()` to bring what they wrote back into the test's own connection."""

    def __init__(self, tmp_path, connection):
        import os
        import sys
        from pathlib import Path

        self.connection = connection
        self.is_sqlite = connection.vendor == "sqlite"
        self.processes = []
        settings_dict = connection.settings_dict
        if self.is_sqlite:
            self.path = tmp_path / "worker.sqlite3"
            url = f"sqlite:///{self.path}"
        else:
            from urllib.parse import quote

            password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
            url = (
                f"postgres://{settings_dict['USER']}{password}@{settings_dict['HOST'] or 'localhost'}:"
                f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
            )
        source = Path(__file__).resolve().parent.parent
        self.env = os.environ | {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "resolute.config.settings.base",
            "PYTHONPATH": str(source),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "RESOLUTE_VAR_DIR": str(tmp_path / "var"),
            "SECRET_KEY": "a-secret-for-the-worker-test-only",
            "DEBUG": "0",
            "RESOLUTE_JOB_HEARTBEAT_SECONDS": "0.2",
            "RESOLUTE_JOB_DEAD_AFTER": "2",
            "RESOLUTE_JOB_RECOVERY_INTERVAL": "1",
            # The rows of the tests are of 2025; the subprocess runs on the real date.
            "RESOLUTE_LOCK_DAYS_AFTER_DEADLINE": "36500",
        }
        self.python = sys.executable

    def publish(self) -> None:
        """Make what the test wrote visible to the subprocesses (a file copy of an in-memory SQLite
        database; PostgreSQL rows committed by a transactional test are already visible)."""
        if self.is_sqlite:
            import sqlite3

            self.connection.ensure_connection()
            target = sqlite3.connect(self.path)
            self.connection.connection.backup(target)
            target.close()

    def start(self, *arguments: str):
        import subprocess

        process = subprocess.Popen(  # noqa: S603 - our own command
            [self.python, "-m", "resolute.manage", *arguments],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.processes.append(process)
        return process

    def query(self, sql: str, parameters=()) -> list[tuple]:
        """Rows read as the workers see them (`%s` placeholders)."""
        if self.is_sqlite:
            import sqlite3

            reader = sqlite3.connect(self.path, timeout=10)
            try:
                return reader.execute(sql.replace("%s", "?"), parameters).fetchall()
            finally:
                reader.close()
        with self.connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            return cursor.fetchall()

    def sync(self) -> None:
        """Bring the workers' writes into the test's connection, so the ORM reads them."""
        if self.is_sqlite:
            import sqlite3

            source = sqlite3.connect(self.path)
            source.backup(self.connection.connection)
            source.close()

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(15)
            except Exception:  # noqa: BLE001 - a worker that will not stop is killed
                process.kill()
                process.wait()


@pytest.fixture
def worker_database(transactional_db, tmp_path, settings):
    """A database real `resolute` subprocesses (workers, the scheduler) share with the test, with
    jobs stored in it and uploaded files on disk. Short heartbeat and dead-worker settings."""
    from django.db import connection

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "long"]}
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    database = WorkerDatabase(tmp_path, connection)
    yield database
    database.stop()


# -- the browser: one Playwright for the whole test session, whichever app's tests ask for it ------------
# (two session fixtures of the same name in two places would start Playwright twice in one process,
# which its sync API refuses).


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; no browser is downloaded."""
    from resolute.web.tests.browser import CHROMIUM

    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        message = f"Chromium not found at {CHROMIUM}; install Debian's chromium package."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# -- the demo: loaded once per test process, put back for each module that asks for it ------------------
# Loading the demo goes through every action of three years of figures (about half a minute); copying
# its rows back takes well under a second. See docs/dev/testing.md.

DEMO_TODAY = date(2026, 11, 25)


class DatabaseSnapshot:
    """Every row of every table of the test database at one moment, to be put back later inside a
    transaction (rolled back after the tests that read it, or committed for a browser test, which
    empties the tables after it anyway). Rows are copied as the database stores them: PostgreSQL's
    `COPY` text, SQLite's values."""

    def __init__(self):
        self.is_postgresql = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            self.tables = connection.introspection.table_names(cursor)
            self.rows = {table: self._read(cursor, table) for table in self.tables}

    def _read(self, cursor, table):
        name = connection.ops.quote_name(table)
        if self.is_postgresql:
            with cursor.cursor.copy(f"COPY {name} TO STDOUT") as copy:  # noqa: S608 - introspected
                return b"".join(bytes(block) for block in copy)
        cursor.execute(f"SELECT * FROM {name}")  # noqa: S608 - names come from introspection
        return cursor.fetchall()

    def restore(self):
        """Make every table hold exactly the snapshot's rows. Foreign keys are checked at the end of
        the transaction (Django declares them deferrable), so the order of the tables does not matter."""
        if not connection.in_atomic_block:
            raise RuntimeError("A snapshot is restored inside a transaction.")
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for table, rows in self.rows.items():
                name = connection.ops.quote_name(table)
                if self.is_postgresql:
                    with cursor.cursor.copy(f"COPY {name} FROM STDIN") as copy:  # noqa: S608
                        copy.write(rows)
                elif rows:
                    marks = ", ".join(["%s"] * len(rows[0]))
                    cursor.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)  # noqa: S608
            if self.is_postgresql:
                self._move_sequences_past_the_rows(cursor)
        forget_content_types()

    @staticmethod
    def _move_sequences_past_the_rows(cursor):
        """The rows came back with their ids: the next id each table hands out must follow them
        (SQLite moves its counters itself). A sequence only ever moves forward here, as it is not
        rolled back with the rows."""
        for model in apps.get_models(include_auto_created=True):
            field = model._meta.auto_field
            if field is None or model._meta.proxy or not model._meta.managed:
                continue
            table, column = connection.ops.quote_name(model._meta.db_table), field.column
            sequence = f"pg_get_serial_sequence('{table}', '{column}')"
            cursor.execute(
                f"SELECT setval({sequence}, GREATEST(COALESCE(MAX({connection.ops.quote_name(column)}), 1), "
                f"COALESCE(pg_sequence_last_value({sequence}), 1))) FROM {table}"  # noqa: S608
            )


def forget_content_types():
    """Content types are cached by id in the process; the rows just put back (or rolled back) may hold
    other ids than the cache if a transactional test emptied the tables in between."""
    ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def demo_snapshots(django_db_setup, django_db_blocker):
    """`snapshot_of(day)`: the test database with the demo loaded on `day` (None: the real today),
    loaded the first time this test process asks for that day, then kept as a snapshot."""
    snapshots = {}

    def snapshot_of(day):
        if day not in snapshots:
            with django_db_blocker.unblock(), transaction.atomic():
                with time_machine.travel(day, tick=False) if day else nullcontext():
                    call_command("load_demo", verbosity=0)
                snapshots[day] = DatabaseSnapshot()
                transaction.set_rollback(True)
            forget_content_types()
        return snapshots[day]

    return snapshot_of


@pytest.fixture(scope="module")
def demo_loaded_on():
    """The day the demo of a module's tests is loaded on. A module that needs another day overrides
    this fixture (module-scoped; None loads it on the real today, as `resolute load_demo` does)."""
    return DEMO_TODAY


@pytest.fixture(scope="module")
def demo_database(demo_snapshots, demo_loaded_on, django_db_blocker):
    """The demo in the test database for the tests of one module, inside a transaction rolled back
    after the last of them, as a `TestCase`'s class data."""
    snapshot = demo_snapshots(demo_loaded_on)
    with django_db_blocker.unblock(), transaction.atomic():
        snapshot.restore()
        yield snapshot
        transaction.set_rollback(True)
    forget_content_types()


@pytest.fixture
def demo(request, demo_database, db):
    """The demo, as of `demo_loaded_on`, for a test that runs in a savepoint rolled back after it: what one
    test writes is gone before the next. A test that commits (`transaction=True`, a live server)
    takes `committed_demo` instead."""
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ):
        pytest.fail("`demo` runs a test in a transaction; a test that commits takes `committed_demo`.")


@pytest.fixture
def committed_demo(demo_snapshots, demo_loaded_on, transactional_db):
    """The demo, as of `demo_loaded_on`, committed for a test whose rows must be seen by another connection
    (a live server on PostgreSQL); the transactional test empties every table after it."""
    with transaction.atomic():
        demo_snapshots(demo_loaded_on).restore()


@pytest.fixture
def heard_events():
    """The events emitted during the test (`core.events.emit`), as a listening app would hear them."""
    from resolute.core import contributions
    from resolute.core.events import EventListener

    heard = []
    contributions.contribute(EventListener(key="tests.heard", heard=heard.extend), app_label="core")
    yield heard
    contributions._registry[EventListener].pop("tests.heard", None)
