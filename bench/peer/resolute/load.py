"""Load the side-by-side comparison's dataset into a Resolute PostgreSQL database of its own.

    PYTHONPATH=src .venv/bin/python bench/peer/resolute/load.py --tasks 200000 [--seed 42]

The same shape as the Redmine side (`bench/peer/redmine/load.sql`), in Resolute's terms:

- 491 units: one province, 30 departments under it, 20 districts under it with 22 communes each. Their
  codes are Redmine's project identifiers (`prov`, `dept-01`, `dist-01`, `dist-01-com-01`), so the client
  finds the same unit on both sides.
- 4 users per unit: the first its manager, the others its reporters (as the demo gives units a manager and
  reporters). Their passwords are unusable: nobody signs in as them.
- N tasks spread uniformly over the units. Redmine's four statuses, uniform, become: New and In Progress →
  an open task; Resolved → a completion proposed and waiting for a decision (still open, as Redmine
  counts Resolved); Closed → a completion accepted. The deadline is uniform over 2024-01-01..2026-12-31
  and the task was assigned 0–59 days before it, never after today (a task cannot be assigned in the
  future; the same tasks exist on both sides today). Each task is assigned by the unit above its lead
  unit (the province assigns its own), in the name of that unit's manager.
- 3 progress reports per task by one of its unit's users (Redmine's assignee), spread between the
  assignment and the deadline or today, whichever comes first; a completion is proposed on that day.

The tasks' stored columns (`deadline`, `deadline_changed_on`, `completed_on`, `completion_decided_on`,
`cancelled_on`, `last_reported_on`) are written as the actions would leave them, then compared with the
history by the nightly check (`tasks.actions.status_columns.check_status_columns`), which would repair
any task that differs (and the table would then be compacted, as the repair rewrites rows); the database
is then vacuumed and analysed, as Redmine's is.

One user is for the client: `peer_office`, the office of the province (it sees every unit, assigns
tasks anywhere and reports for any unit), with a password and a personal API token, written to
`bench/peer/state/resolute/client.json`.

The database is dropped and made again from a migrated template (`<database>_template`, migrated on
every run, so a new migration is applied), then loaded with COPY in one transaction. The same seed and
the same day give the same data. Nothing here is the demo: the database holds only this dataset.
"""

import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from urllib.parse import urlsplit

PEER_DIR = Path(__file__).resolve().parents[1]
PROJECT_DIR = PEER_DIR.parents[1]
STATE_DIR = Path(os.environ.get("PEER_STATE", PEER_DIR / "state")) / "resolute"

FIRST_DEADLINE = date(2024, 1, 1)
DEADLINE_DAYS = 1096  # 2024-01-01 .. 2026-12-31
STATUSES = ("new", "in_progress", "resolved", "closed")
# Redmine's priorities as load.sql draws them (Low, Normal×3, High×2, Urgent, Immediate), in Resolute's three.
PRIORITIES = ("normal", "normal", "normal", "normal", "high", "high", "urgent", "urgent")
# Redmine's three trackers (Bug, Feature, Support) as three areas.
AREAS = ("socio_economics", "administration", "other")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=int(os.environ.get("PEER_TASKS", "200000")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SEED", "42")))
    parser.add_argument("--departments", type=int, default=int(os.environ.get("N_DEPTS", "30")))
    parser.add_argument("--districts", type=int, default=int(os.environ.get("N_DISTRICTS", "20")))
    parser.add_argument("--communes", type=int, default=int(os.environ.get("N_COMMUNES", "22")))
    parser.add_argument("--users-per-unit", type=int, default=int(os.environ.get("USERS_PER_UNIT", "4")))
    parser.add_argument("--reports-per-task", type=int, default=int(os.environ.get("NOTES_PER_ISSUE", "3")))
    parser.add_argument(
        "--server",
        default=os.environ.get("PEER_PG", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (no database name); the default is the local one",
    )
    parser.add_argument("--database", default=os.environ.get("RESOLUTE_PEER_DB", "resolute_peer"))
    return parser.parse_args()


def database_url(server: str, name: str) -> str:
    return f"{server.rstrip('/')}/{name}"


def log(message: str, started: float) -> None:
    print(f"[{time.monotonic() - started:6.1f} s] {message}", flush=True)


# -- the database: a fresh copy of a migrated template --------------------------------------------


def fresh_database(server: str, name: str, started: float) -> None:
    """Migrate the template (created once, brought up to date on every run), then replace the
    database with a copy of it: a migration from scratch takes half a minute, a copy a second."""
    import psycopg

    template = f"{name}_template"
    admin_url = database_url(server, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{template}"')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "resolute.config.settings.base",
        "DATABASE_URL": database_url(server, template),
        "PYTHONPATH": str(PROJECT_DIR / "src"),
    }
    subprocess.run(
        [sys.executable, "-m", "resolute.manage", "migrate", "--noinput", "--verbosity", "0"],
        env=env,
        check=True,
    )
    log(f"template {template} migrated", started)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    log(f"database {name} created from the template", started)


def setup_django(server: str, name: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "resolute.config.settings.base"
    os.environ["DATABASE_URL"] = database_url(server, name)
    sys.path.insert(0, str(PROJECT_DIR / "src"))
    import django

    django.setup()


# -- COPY -----------------------------------------------------------------------------------------


class CopyInto:
    """COPY rows into a model's table. The caller gives the fields it chooses (by attribute name, the
    primary key among them); every other column gets the field's own default, as a save would (the
    moment of the load for `auto_now` fields), so a new column with a default needs no change here."""

    def __init__(self, model, fields: list[str], now: datetime):
        from django.db import connection

        self.model = model
        chosen = [model._meta.get_field(name) for name in fields]
        chosen_names = {field.attname for field in chosen}
        others = [field for field in model._meta.concrete_fields if field.attname not in chosen_names]
        self.tail = tuple(self.default_of(field, now) for field in others)
        columns = [field.column for field in chosen + others]
        quote = connection.ops.quote_name
        self.statement = f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"

    @staticmethod
    def default_of(field, now: datetime):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        return field.get_default()

    def write(self, cursor, rows) -> int:
        count = 0
        with cursor.cursor.copy(self.statement) as copy:
            for row in rows:
                copy.write_row(row + self.tail)
                count += 1
        return count


def move_sequences_past_the_rows(cursor, models) -> None:
    """The rows were written with their ids: the next id each table hands out must follow them."""
    from django.db import connection

    for model in models:
        table = connection.ops.quote_name(model._meta.db_table)
        column = model._meta.pk.column
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
            f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
        )


# -- the dataset ----------------------------------------------------------------------------------


class Unit:
    """A unit of the tree as the load needs it: the same ids as Redmine's projects."""

    def __init__(self, pk: int, parent, kind: str, code: str, name: str, name_en: str):
        from resolute.orgunits.querysets import path_segment

        self.pk, self.parent, self.kind, self.code, self.name, self.name_en = (
            pk,
            parent,
            kind,
            code,
            name,
            name_en,
        )
        self.path = (parent.path if parent else "") + path_segment(pk)
        self.depth = parent.depth + 1 if parent else 0
        self.user_ids: list[int] = []


def build_tree(departments: int, districts: int, communes: int) -> list[Unit]:
    """The tree of load.sql, with its ids: 1 the province, then the departments, the districts, and
    the communes of each district in turn."""
    province = Unit(1, None, "province", "prov", "Tỉnh Đối chiếu", "Comparison Province")
    units = [province]
    for d in range(1, departments + 1):
        units.append(
            Unit(1 + d, province, "department", f"dept-{d:02d}", f"Sở {d:02d}", f"Department {d:02d}")
        )
    district_units = []
    for t in range(1, districts + 1):
        district = Unit(
            1 + departments + t, province, "district", f"dist-{t:02d}", f"Huyện {t:02d}", f"District {t:02d}"
        )
        district_units.append(district)
    units += district_units
    for t, district in enumerate(district_units, start=1):
        for c in range(1, communes + 1):
            pk = 1 + departments + districts + (t - 1) * communes + c
            units.append(
                Unit(
                    pk,
                    district,
                    "commune",
                    f"dist-{t:02d}-com-{c:02d}",
                    f"Xã {t:02d}.{c:02d}",
                    f"Commune {t:02d}.{c:02d}",
                )
            )
    return units


def at(day: date) -> datetime:
    """A moment of `day` for the timestamps (09:00 in Vietnam)."""
    return datetime.combine(day, day_time(2, 0), tzinfo=UTC)


class Loader:
    def __init__(self, args: argparse.Namespace, started: float):
        from resolute.core import clock

        self.args = args
        self.started = started
        self.today = clock.today()
        self.now = datetime.now(UTC)
        self.rng = random.Random(args.seed)
        self.units = build_tree(args.departments, args.districts, args.communes)
        self.counts: dict[str, int] = {}

    def log(self, message: str) -> None:
        log(message, self.started)

    def run(self) -> dict:
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cursor:
            self.load_units(cursor)
            self.load_users(cursor)
            self.load_tasks(cursor)
            self.move_sequences(cursor)
            client = self.make_client_user()
            repaired = self.check_status_columns()
        with connection.cursor() as cursor:
            if repaired:
                # The repair rewrote tasks: compact the table so it is as large as a loaded one.
                cursor.execute("VACUUM FULL tasks_task")
            # The planner's statistics, and the visibility map a database that autovacuum has visited
            # holds (without it an index-only scan reads the table too): a bulk load leaves neither.
            cursor.execute("VACUUM ANALYZE")
        self.log("vacuumed, statistics gathered")
        return client

    # -- units and users ------------------------------------------------------------------------

    def load_units(self, cursor) -> None:
        from resolute.orgunits.models import OrgUnit, UnitPlacement
        from resolute.orgunits.search import search_text_for

        units = CopyInto(
            OrgUnit,
            [
                "id",
                "parent_id",
                "name",
                "name_en",
                "code",
                "kind",
                "path",
                "depth",
                "search_text",
                "is_sample",
            ],
            self.now,
        )
        self.counts["units"] = units.write(
            cursor,
            (
                (
                    unit.pk,
                    unit.parent.pk if unit.parent else None,
                    unit.name,
                    unit.name_en,
                    unit.code,
                    unit.kind,
                    unit.path,
                    unit.depth,
                    search_text_for(name=unit.name, name_en=unit.name_en, code=unit.code),
                    True,
                )
                for unit in self.units
            ),
        )
        # Each unit's place in the tree, as `orgunits.actions.place_new_units` writes it.
        placements = CopyInto(UnitPlacement, ["id", "unit_id", "parent_id", "path", "depth"], self.now)
        placements.write(
            cursor,
            (
                (unit.pk, unit.pk, unit.parent.pk if unit.parent else None, unit.path, unit.depth)
                for unit in self.units
            ),
        )

    def load_users(self, cursor) -> None:
        from django.contrib.auth.hashers import make_password

        from resolute.accounts.models import User
        from resolute.orgunits.choices import Role
        from resolute.orgunits.models import Membership

        users, memberships = [], []
        for unit in self.units:
            for k in range(1, self.args.users_per_unit + 1):
                pk = len(users) + 1
                unit.user_ids.append(pk)
                users.append(
                    (
                        pk,
                        f"peer_{unit.code}_{k}",
                        make_password(None),
                        f"Officer {k}, {unit.name_en}",
                        f"u{pk}@peer.invalid",
                        "en",
                    )
                )
                memberships.append((pk, pk, unit.pk, Role.MANAGER if k == 1 else Role.REPORTER))
        copy = CopyInto(User, ["id", "username", "password", "full_name", "email", "language"], self.now)
        self.counts["users"] = copy.write(cursor, users)
        copy = CopyInto(Membership, ["id", "user_id", "unit_id", "role"], self.now)
        self.counts["memberships"] = copy.write(cursor, memberships)
        self.log(f"{self.counts['units']} units, {self.counts['users']} users and their memberships")

    # -- tasks and their history ----------------------------------------------------------------

    def load_tasks(self, cursor) -> None:
        from resolute.tasks.models import CompletionProposal, ProgressReport, Task

        task_copy = CopyInto(
            Task,
            [
                "id",
                "created_at",
                "updated_at",
                "title",
                "title_en",
                "description",
                "area",
                "priority",
                "lead_unit_id",
                "assigned_by_unit_id",
                "assigned_by_id",
                "assigned_on",
                "original_deadline",
                "deadline",
                "completed_on",
                "completion_decided_on",
                "last_reported_on",
                "is_sample",
            ],
            self.now,
        )
        report_copy = CopyInto(
            ProgressReport,
            [
                "id",
                "created_at",
                "updated_at",
                "task_id",
                "unit_id",
                "reported_on",
                "narrative",
                "percent_complete",
                "submitted_by_id",
                "is_sample",
            ],
            self.now,
        )
        completion_copy = CopyInto(
            CompletionProposal,
            [
                "id",
                "created_at",
                "updated_at",
                "task_id",
                "proposed_on",
                "result",
                "proposed_by_id",
                "decision",
                "decided_on",
                "decided_by_id",
                "is_sample",
            ],
            self.now,
        )
        stories = self.draw_tasks()
        self.log(f"{len(stories)} tasks drawn")
        self.counts["tasks"] = task_copy.write(cursor, (self.task_row(story) for story in stories))
        self.log("tasks copied")
        self.counts["reports"] = report_copy.write(cursor, self.report_rows(stories))
        self.log("reports copied")
        self.counts["completions"] = completion_copy.write(cursor, self.completion_rows(stories))
        self.log("completions copied")

    def draw_tasks(self) -> list[tuple]:
        """Each task's story, drawn in order from the seeded generator: (number, lead unit, status,
        area, priority, deadline, assigned on, the reporting user, the days of its reports)."""
        rng, today, n_units = self.rng, self.today, len(self.units)
        per_task = self.args.reports_per_task
        stories = []
        for i in range(1, self.args.tasks + 1):
            unit = self.units[int(rng.random() * n_units)]
            status = STATUSES[int(rng.random() * 4)]
            area = AREAS[int(rng.random() * 3)]
            priority = PRIORITIES[int(rng.random() * 8)]
            deadline = FIRST_DEADLINE + timedelta(days=int(rng.random() * DEADLINE_DAYS))
            span = int(rng.random() * 60)
            reporter = unit.user_ids[int(rng.random() * len(unit.user_ids))]
            assigned_on = min(deadline - timedelta(days=span), today)
            # Reports spread evenly between the assignment and the deadline or today, whichever comes
            # first: the day a completion is proposed.
            last_day = min(deadline, today)
            report_days = tuple(
                assigned_on + timedelta(days=(last_day - assigned_on).days * n // (per_task + 1))
                for n in range(1, per_task + 1)
            )
            stories.append((i, unit, status, area, priority, deadline, assigned_on, reporter, report_days))
        return stories

    def task_row(self, story: tuple) -> tuple:
        i, unit, status, area, priority, deadline, assigned_on, _reporter, report_days = story
        assigner = unit.parent or unit
        last_day = min(deadline, self.today)
        return (
            i,
            at(assigned_on),
            at(last_day),
            f"Nhiệm vụ {i}: báo cáo chỉ tiêu {i % 97}",
            f"Task {i}: report on indicator {i % 97}",
            f"Synthetic task {i} assigned to unit {unit.pk}. Collect data, verify and report progress.",
            area,
            priority,
            unit.pk,
            assigner.pk,
            assigner.user_ids[0],
            assigned_on,
            deadline,
            deadline,
            last_day if status == "closed" else None,  # completed on the day proposed…
            last_day if status == "closed" else None,  # …and accepted the same day
            report_days[-1] if report_days else None,
            True,
        )

    def report_rows(self, stories: list[tuple]):
        pk = 0
        for i, unit, _status, _area, _priority, _deadline, _assigned_on, reporter, report_days in stories:
            for n, day in enumerate(report_days, start=1):
                pk += 1
                yield (
                    pk,
                    at(day),
                    at(day),
                    i,
                    unit.pk,
                    day,
                    f"Progress report {n} on task {i}: work is ongoing, {n * 25}% done, no blocking issue.",
                    n * 25,
                    reporter,
                    True,
                )

    def completion_rows(self, stories: list[tuple]):
        """Resolved: a completion proposed on the last day, waiting; closed: accepted that day."""
        pk = 0
        for i, unit, status, _area, _priority, deadline, _assigned_on, _reporter, _days in stories:
            if status not in ("resolved", "closed"):
                continue
            pk += 1
            accepted = status == "closed"
            last_day = min(deadline, self.today)
            assigner = unit.parent or unit
            yield (
                pk,
                at(last_day),
                at(last_day),
                i,
                last_day,
                f"Task {i} is done: the data are collected, verified and reported.",
                unit.user_ids[0],
                "approved" if accepted else "pending",
                last_day if accepted else None,
                assigner.user_ids[0] if accepted else None,
                True,
            )

    def move_sequences(self, cursor) -> None:
        from resolute.accounts.models import User
        from resolute.orgunits.models import Membership, OrgUnit, UnitPlacement
        from resolute.tasks.models import CompletionProposal, ProgressReport, Task

        move_sequences_past_the_rows(
            cursor, [OrgUnit, UnitPlacement, User, Membership, Task, ProgressReport, CompletionProposal]
        )

    # -- the client's user, through the actions ------------------------------------------------

    def make_client_user(self) -> dict:
        from resolute.accounts import actions as account_actions
        from resolute.orgunits.choices import Role
        from resolute.orgunits.models import OrgUnit

        province = OrgUnit.objects.get(pk=self.units[0].pk)
        password = secrets.token_urlsafe(18)
        user, _password = account_actions.create_user(
            acting_user=None,
            username="peer_office",
            full_name="Office of the Comparison Province",
            memberships=[(province, Role.OFFICE)],
            language="en",
            password=password,
        )
        _token, raw = account_actions.create_api_token(acting_user=user, name="side-by-side comparison")
        return {"username": user.username, "password": password, "token": raw, "province": province.pk}

    def check_status_columns(self) -> int:
        """The stored columns must be what the actions would have left: the nightly check compares
        them with the history, and repairs the tasks that differ (saying so) if any does."""
        from resolute.tasks.actions.copies import recount_tally
        from resolute.tasks.actions.status_columns import check_status_columns

        # The status tally of each lead unit, counted as the task actions keep it (the loader writes
        # no coordinations, whose copies would be written beside them).
        recount_tally()
        check = check_status_columns(repair=True)
        if check.differing_tasks:
            self.log(f"{check.differing_tasks} tasks had stored columns other than their history; repaired")
        else:
            self.log("stored status columns checked against the history: every task agrees")
        return check.repaired


def main() -> None:
    args = parse_arguments()
    started = time.monotonic()
    host = urlsplit(args.server).hostname
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit("The comparison loads a local PostgreSQL server only.")
    fresh_database(args.server, args.database, started)
    setup_django(args.server, args.database)
    loader = Loader(args, started)
    client = loader.run()
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    client_file = STATE_DIR / "client.json"
    client_file.write_text(json.dumps(client, indent=1), encoding="utf-8")
    client_file.chmod(0o600)
    counts = ", ".join(f"{count} {name}" for name, count in loader.counts.items())
    log(f"{args.database}: {counts} (today {loader.today}); the client's user in {client_file}", started)


if __name__ == "__main__":
    main()
