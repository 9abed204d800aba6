"""The budgets at national scale: the busiest pages and API calls on a synthetic country, each timed
against the SQL it needs, in the same run, on PostgreSQL.

    BENCH_COUNTRY_URL=postgres://postgres@127.0.0.1:5432/my_country python bench/run.py national
    BENCH_COUNTRY_URL=… python bench/bench_national.py [--runs 30] [--province 04] [--import-values 20000]

The country is too large to build per run: the suite reads a database prepared once by
`resolute migrate` and `resolute generate_country` (docs/dev/performance.md, "The synthetic country"),
named by `BENCH_COUNTRY_URL`; without it the suite says so in one line and skips. It signs in through
the sign-in form as the country's viewers (`country1_national`, `country1_<province code>`, password
`bench`). The writes need someone who may write: an office of the province, created for the run.

**How it drives the app.** Each page and API call goes through Django's test client in this process,
with the settings `make run` serves (`DEBUG` off, the cached template loader, the whole middleware), not
through HTTP to a gunicorn. Three reasons: every write (the office's account, its session, the reports,
tasks and values it creates) runs inside one transaction rolled back at the end, so the prepared
database is left as it was without a clean-up that would have to know every row each action writes; the
SQL a page needs runs on the same connection in the same process, so the ratio compares like with like;
and the profile of a slow page (`--profile`) follows the same path. What it leaves out: reading the
request off a socket and gunicorn's worker, a millisecond or two a request (the side-by-side with
Redmine, `bench/peer/`, goes through HTTP), and the COMMIT of the writes.

**What each line reports.** p50 and p95 of `--runs` requests after a warm-up (fewer, 5 at least, when
the warm-up says they would take more than `--max-seconds`); "own SQL": the SELECTs the
request sent, replayed as they were (the database's share of the request); "SQL": the hand-written SQL
giving the same rows and totals — checked to give them — or, where no short hand-written SQL says what
the page says (the dashboards), its own SQL replayed; the ratio of p95 to that SQL's p95; the budget and
PASS or FAIL. A past day's lines have twice the same line's p95 of today as their budget. The value
import times the real import job (`targets.actions.imports.import_values`) on a generated workbook
against reading the same file and inserting the same rows with bulk INSERTs. Where a side-by-side with
Redmine was run (`make bench-peer`), its Redmine figures for the same operation are shown beside, at the
size it was run at. The table goes to the terminal, every figure to
`bench/results/national-<tasks>-<time>.json` (not tracked).
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
PEER_RESULTS_DIR = BENCH_DIR / "peer" / "results"
PASSWORD = "bench"

HOW_TO_PREPARE = (
    "national: skipped — set BENCH_COUNTRY_URL to a PostgreSQL database prepared with `resolute migrate` "
    "and `resolute generate_country` (docs/dev/performance.md, “The synthetic country”)."
)


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests a line (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="requests before timing (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="the country's seed (default 1)")
    parser.add_argument("--province", default="04", help="the province's code (default 04, Cao Bằng)")
    parser.add_argument(
        "--past-days", type=int, default=158, help="how far back the past day is (default 158 days)"
    )
    parser.add_argument("--import-values", type=int, default=20_000, help="values imported (default 20,000)")
    parser.add_argument("--only", default="", help="comma-separated beginnings of the lines' names")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=60,
        help="fewer runs (5 at least) for a line whose warm-up says it would take longer (default 60)",
    )
    parser.add_argument("--profile", default="", help="profile the line of this name instead (cProfile)")
    parser.add_argument("--profile-out", default="", help="write the profile's statistics to this file")
    parser.add_argument("--json-out", default="", help="default: bench/results/national-<tasks>-<time>.json")
    return parser.parse_args(argv)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    # The settings `make run` serves (`bench/run.py` runs the other suites with the test settings).
    os.environ["DJANGO_SETTINGS_MODULE"] = "resolute.config.settings.base"
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    # The timings repeat each request many times as one person: measured without the API's rate limit.
    os.environ.setdefault("RESOLUTE_API_RATE_LIMIT", "")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(PROJECT_DIR / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    # The pages name their static files through the manifest `collectstatic` writes (as for `make run`).
    call_command("collectstatic", interactive=False, verbosity=0)


# -- measuring -------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed_runs(function, runs: int, warmup: int) -> list[float]:
    for i in range(warmup):
        function(i)
    timings = []
    for i in range(runs):
        started = time.perf_counter()
        function(warmup + i)
        timings.append(time.perf_counter() - started)
    return timings


@dataclass
class Line:
    """One budget line: what is timed, the SQL it is compared with, and the budget."""

    name: str
    operation: object  # function(i) -> response content checked by the caller
    budget_ms: float | None = None
    sql: object = None  # function(i) -> the hand-written SQL's result; None: its own SQL replayed
    sql_name: str = ""
    max_ratio: float | None = None
    peer: str = ""  # the scenario of bench/peer it matches
    write: bool = False
    past_of: str = ""  # the line of today whose p95 doubled is the budget
    result: dict = field(default_factory=dict)


class Replayer:
    """The SELECTs one request sends, captured once and replayed as they were."""

    DECLARE = re.compile(r'DECLARE "\S+" NO SCROLL CURSOR WITH HOLD FOR (.*)', re.S)

    def __init__(self, operation):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            operation(0)
        self.queries = []
        for query in captured.captured_queries:
            match = self.DECLARE.match(query["sql"])
            sql = match.group(1) if match else query["sql"]
            if sql.lstrip().upper().startswith("SELECT"):
                self.queries.append(sql)
        self.count = len(captured.captured_queries)

    def __call__(self, _i):
        from django.db import connection

        with connection.cursor() as cursor:
            for sql in self.queries:
                cursor.execute(sql)
                cursor.fetchall()


def measure(line: Line, args) -> dict:
    from django.db import connection, transaction

    def operation(i):
        if line.write:
            with transaction.atomic():
                line.operation(i)
                transaction.set_rollback(True)
        else:
            line.operation(i)

    started = time.perf_counter()
    for i in range(args.warmup):
        operation(i)
    each = (time.perf_counter() - started) / max(args.warmup, 1)
    runs = max(5, min(args.runs, int(args.max_seconds / each))) if each else args.runs
    timings = timed_runs(operation, runs, 0)
    result = {
        "p50_ms": 1000 * statistics.median(timings),
        "p95_ms": 1000 * percentile(timings, 0.95),
        "runs": len(timings),
    }
    if not line.write:
        replay = Replayer(line.operation)
        result["queries"] = replay.count
        own = timed_runs(replay, runs, 1)
        result["own_sql_p50_ms"] = 1000 * statistics.median(own)
        result["own_sql_p95_ms"] = 1000 * percentile(own, 0.95)
    else:
        with transaction.atomic():
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                line.operation(0)
            result["queries"] = len(captured.captured_queries)
            transaction.set_rollback(True)
    if line.sql is not None:

        def sql(i):
            if line.write:
                with transaction.atomic():
                    line.sql(i)
                    transaction.set_rollback(True)
            else:
                line.sql(i)

        raw = timed_runs(sql, runs, args.warmup)
        result["sql"] = line.sql_name
        result["sql_p50_ms"] = 1000 * statistics.median(raw)
        result["sql_p95_ms"] = 1000 * percentile(raw, 0.95)
    elif "own_sql_p95_ms" in result:
        result["sql"] = "its own SQL, replayed"
        result["sql_p50_ms"], result["sql_p95_ms"] = result["own_sql_p50_ms"], result["own_sql_p95_ms"]
    if result.get("sql_p95_ms"):
        result["ratio"] = result["p95_ms"] / result["sql_p95_ms"]
    return result


def judge(line: Line, lines_by_name: dict) -> None:
    result = line.result
    budget = line.budget_ms
    if line.past_of:
        today_line = lines_by_name.get(line.past_of)
        budget = 2 * today_line.result["p95_ms"] if today_line and today_line.result else None
    result["budget_ms"] = budget
    result["max_ratio"] = line.max_ratio
    passed = True
    if budget is not None:
        passed = passed and result["p95_ms"] <= budget
    if line.max_ratio is not None:
        passed = passed and result.get("ratio", float("inf")) <= line.max_ratio
    result["verdict"] = "PASS" if passed else "FAIL"


# -- the country -----------------------------------------------------------------------------------


class Country:
    """The prepared country: its people, the province measured, its units and tasks."""

    def __init__(self, args):
        from django.core.exceptions import ObjectDoesNotExist

        from resolute.accounts.models import User
        from resolute.core import clock
        from resolute.orgunits.models import OrgUnit

        self.today = clock.today()
        self.past = self.today - timedelta(days=args.past_days)
        try:
            national = User.objects.get(username=f"country{args.seed}_national")
            viewer = User.objects.get(username=f"country{args.seed}_{args.province}")
        except ObjectDoesNotExist:
            sys.exit(
                f"No viewers country{args.seed}_national and country{args.seed}_{args.province} in this "
                "database: was it prepared with `resolute generate_country`?"
            )
        self.national_user, self.province_user = national, viewer
        self.root = national.memberships.get().unit
        self.province = viewer.memberships.get().unit
        self.units = list(OrgUnit.objects.subtree_of(self.province).values_list("pk", flat=True))
        self.communes = list(
            OrgUnit.objects.subtree_of(self.province)
            .filter(kind="commune")
            .order_by("path")
            .values_list("pk", flat=True)[:20]
        )
        self.tasks = self.count("SELECT COUNT(*) FROM tasks_task")
        # Tasks to read: those of the province with the most history, drawn evenly.
        with self.cursor() as cursor:
            cursor.execute(
                "SELECT t.id FROM tasks_task t WHERE t.lead_unit_id = ANY(%s) ORDER BY "
                "(SELECT COUNT(*) FROM tasks_progressreport r WHERE r.task_id = t.id) DESC, t.id LIMIT 40",
                [self.units],
            )
            self.read_tasks = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT id FROM tasks_task WHERE lead_unit_id = ANY(%s) AND completed_on IS NULL "
                "AND cancelled_on IS NULL ORDER BY id LIMIT 40",
                [self.units],
            )
            self.open_tasks = [row[0] for row in cursor.fetchall()]

    @staticmethod
    def cursor():
        from django.db import connection

        return connection.cursor()

    def count(self, sql, params=()):
        with self.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]


def signed_in(username: str):
    """A browser signed in through the sign-in form, reading the pages in English."""
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302 and "login" not in response.get("Location", ""), (
        f"{username} could not sign in with the password {PASSWORD!r} ({response.status_code})"
    )
    return client


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return response


def post_json(client, url, body, status=201):
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response


# -- the hand-written SQL --------------------------------------------------------------------------

OVERDUE_ROWS = """
SELECT t.id, t.title, t.deadline, t.assigned_on, t.last_reported_on, u.name
FROM tasks_task t JOIN orgunits_orgunit u ON u.id = t.lead_unit_id
WHERE t.id IN (
    SELECT id FROM tasks_task WHERE lead_unit_id = ANY(%(units)s)
    UNION SELECT task_id FROM tasks_taskcoordination WHERE unit_id = ANY(%(units)s))
  AND t.cancelled_on IS NULL AND t.completed_on IS NULL AND t.original_deadline IS NOT NULL
  AND t.deadline < %(day)s
ORDER BY t.deadline, t.id LIMIT 25"""

OVERDUE_TOTAL = """
SELECT COUNT(*) FROM (
    SELECT id FROM tasks_task WHERE lead_unit_id = ANY(%(units)s)
        AND cancelled_on IS NULL AND completed_on IS NULL AND original_deadline IS NOT NULL
        AND deadline < %(day)s
    UNION SELECT t.id FROM tasks_taskcoordination c JOIN tasks_task t ON t.id = c.task_id
    WHERE c.unit_id = ANY(%(units)s)
        AND t.cancelled_on IS NULL AND t.completed_on IS NULL AND t.original_deadline IS NOT NULL
        AND t.deadline < %(day)s) overdue"""

# Today's status from the stored columns, as `tasks.querysets.StatusRules` reads it.
COUNT_BY_STATUS = """
SELECT CASE
    WHEN t.cancelled_on IS NOT NULL THEN 'cancelled'
    WHEN t.completed_on IS NOT NULL AND (t.deadline IS NULL OR t.completed_on <= t.deadline)
        THEN 'completed_on_time'
    WHEN t.completed_on IS NOT NULL THEN 'completed_late'
    WHEN t.original_deadline IS NULL AND (t.last_reported_on < %(since)s
        OR (t.last_reported_on IS NULL AND t.assigned_on < %(since)s)) THEN 'no_deadline_silent'
    WHEN t.original_deadline IS NULL THEN 'no_deadline'
    WHEN t.deadline >= %(day)s THEN 'in_progress'
    ELSE 'overdue' END, COUNT(*)
FROM tasks_task t
WHERE t.lead_unit_id IN (SELECT id FROM orgunits_orgunit WHERE path LIKE %(path)s)
GROUP BY 1"""

TASK_WITH_HISTORY = [
    "SELECT t.*, u.name, a.name FROM tasks_task t JOIN orgunits_orgunit u ON u.id = t.lead_unit_id "
    "JOIN orgunits_orgunit a ON a.id = t.assigned_by_unit_id WHERE t.id = %(task)s",
    "SELECT r.*, u.name FROM tasks_progressreport r LEFT JOIN orgunits_orgunit u ON u.id = r.unit_id "
    "WHERE r.task_id = %(task)s ORDER BY r.reported_on",
    "SELECT * FROM tasks_extensionrequest WHERE task_id = %(task)s",
    "SELECT * FROM tasks_completionproposal WHERE task_id = %(task)s",
    "SELECT c.*, u.name FROM tasks_taskcoordination c JOIN orgunits_orgunit u ON u.id = c.unit_id "
    "WHERE c.task_id = %(task)s",
]


def run_sql(statements, params):
    from django.db import connection

    results = []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    return results


# -- the lines -------------------------------------------------------------------------------------


def task_lines(country: Country) -> list[Line]:
    from resolute.tasks.querysets import silent_since

    province = signed_in(country.province_user.username)
    national = signed_in(country.national_user.username)
    units = country.units
    overdue = {"unit": country.province.pk, "include_below": "on", "status": "overdue"}
    api_overdue = {**overdue, "include_below": "true", "page_size": 25}
    sql_params = {"units": units, "day": country.today}

    def overdue_sql(_i):
        rows, total = run_sql([OVERDUE_ROWS, OVERDUE_TOTAL], sql_params)
        return [row[0] for row in rows], total[0][0]

    # The hand-written SQL gives what the API gives: the same first 25 tasks and the same total.
    body = get(province, "/api/v1/tasks/", **api_overdue).json()
    ids, total = overdue_sql(0)
    assert [item["id"] for item in body["items"]] == ids and body["count"] == total, (
        "the hand-written SQL of the overdue list disagrees with the API",
        body["count"],
        total,
    )

    def counts_sql(_i, day=country.today):
        params = {"day": day, "since": silent_since(day), "path": country.root.path + "%"}
        return dict(run_sql([COUNT_BY_STATUS], params)[0])

    counts = get(national, "/api/v1/tasks/counts").json()
    by_status = counts_sql(0)
    assert sum(by_status.values()) == counts["total"] and all(
        counts["by_status"][status] == by_status.get(status, 0) for status in counts["by_status"]
    ), ("the hand-written count by status disagrees with the API", counts, by_status)

    def task_of(i):
        return country.read_tasks[i % len(country.read_tasks)]

    def history_sql(i):
        return run_sql(TASK_WITH_HISTORY, {"task": task_of(i)})

    past = {"as_of": country.past.isoformat()}
    return [
        Line(
            "task list page: overdue, a province's subtree",
            lambda i: get(province, "/tasks/", **overdue),
            budget_ms=50,
            sql=overdue_sql,
            sql_name="first 25 rows + total",
            max_ratio=1.5,
            peer="a_page",
        ),
        Line(
            "task list API: the same",
            lambda i: get(province, "/api/v1/tasks/", **api_overdue),
            budget_ms=30,
            sql=overdue_sql,
            sql_name="first 25 rows + total",
            peer="a",
        ),
        Line(
            "count by status, the country (API)",
            lambda i: get(national, "/api/v1/tasks/counts"),
            budget_ms=100,
            sql=counts_sql,
            sql_name="one grouped count",
            peer="b",
        ),
        Line(
            "a task with its history (API)",
            lambda i: get(province, f"/api/v1/tasks/{task_of(i)}"),
            budget_ms=30,
            sql=history_sql,
            sql_name="the task, reports, requests, units",
            peer="c",
        ),
        Line(
            "a task's page",
            lambda i: get(province, f"/tasks/{task_of(i)}/"),
            budget_ms=30,
            sql=history_sql,
            sql_name="the task, reports, requests, units",
            peer="c_page",
        ),
        Line(
            "as of a past day: task list page",
            lambda i: get(province, "/tasks/", **overdue, **past),
            past_of="task list page: overdue, a province's subtree",
        ),
        Line(
            "as of a past day: task list API",
            lambda i: get(province, "/api/v1/tasks/", **api_overdue, **past),
            past_of="task list API: the same",
        ),
        Line(
            "as of a past day: count by status (API)",
            lambda i: get(national, "/api/v1/tasks/counts", **past),
            sql=lambda i: counts_sql(i, country.past),
            sql_name="one grouped count, today's columns",
            past_of="count by status, the country (API)",
        ),
        Line(
            "as of a past day: a task (API)",
            lambda i: get(province, f"/api/v1/tasks/{task_of(i)}", **past),
            past_of="a task with its history (API)",
        ),
    ]


def dashboard_lines(country: Country) -> list[Line]:
    province = signed_in(country.province_user.username)
    national = signed_in(country.national_user.username)
    past = {"as_of": country.past.isoformat()}
    return [
        Line(
            "dashboard of the province",
            lambda i: get(province, "/reports/", unit=country.province.pk),
            budget_ms=300,
        ),
        Line(
            "dashboard of the country",
            lambda i: get(national, "/reports/", unit=country.root.pk),
            budget_ms=1000,
        ),
        Line(
            "as of a past day: dashboard of the province",
            lambda i: get(province, "/reports/", unit=country.province.pk, **past),
            past_of="dashboard of the province",
        ),
        Line(
            "as of a past day: dashboard of the country",
            lambda i: get(national, "/reports/", unit=country.root.pk, **past),
            past_of="dashboard of the country",
        ),
    ]


class Writer:
    """An office of the province, created for the run inside the transaction the writes roll back."""

    def __init__(self, country: Country):
        from resolute.accounts import actions as account_actions
        from resolute.orgunits.choices import Role

        self.user, _password = account_actions.create_user(
            acting_user=None,
            username="natbench_office",
            full_name="Văn phòng (đo hiệu năng)",
            language="en",
            password=PASSWORD,
            memberships=[(country.province, Role.OFFICE)],
        )
        self.client = signed_in(self.user.username)


def write_lines(country: Country, writer: Writer) -> list[Line]:
    from django.utils import timezone

    from resolute.core.models import ChangeLogEntry
    from resolute.tasks.models import ProgressReport, Task

    client = writer.client
    deadline = (country.today + timedelta(days=45)).isoformat()

    def open_task(i):
        return country.open_tasks[i % len(country.open_tasks)]

    def report(i):
        body = {"narrative": f"Progress note {i}: half done.", "percent_complete": 50}
        return post_json(client, f"/api/v1/tasks/{open_task(i)}/reports", body)

    def new_task_payload(i):
        return {
            "title": f"Measured task {i}",
            "description": "Assigned by the national benchmark",
            "lead_unit_id": country.communes[i % len(country.communes)],
            "assigned_by_unit_id": country.province.pk,
            "deadline": deadline,
        }

    def create_api(i):
        return post_json(client, "/api/v1/tasks/", new_task_payload(i))

    def create_page(i):
        payload = new_task_payload(i)
        form = {
            "title": payload["title"],
            "description": payload["description"],
            "area": "other",
            "priority": "normal",
            "assigned_by_unit": payload["assigned_by_unit_id"],
            "lead_unit": payload["lead_unit_id"],
            "assigned_on": country.today.isoformat(),
            "deadline": deadline,
        }
        response = client.post("/tasks/new/", form)
        assert response.status_code == 302, (response.status_code, response.content[-2000:])
        return response

    def change(instance):
        return ChangeLogEntry(
            content_type_id=content_types[type(instance)],
            object_id=str(instance.pk),
            object_repr=str(instance)[:300],
            action=ChangeLogEntry.Action.CREATE,
            actor=writer.user,
            at=timezone.now(),
        )

    from django.contrib.contenttypes.models import ContentType

    content_types = {model: ContentType.objects.get_for_model(model).pk for model in (ProgressReport, Task)}

    def report_rows(i):
        task = open_task(i)
        (made,) = ProgressReport.objects.bulk_create(
            [
                ProgressReport(
                    task_id=task,
                    unit_id=country.province.pk,
                    reported_on=country.today,
                    narrative=f"Progress note {i}: half done.",
                    percent_complete=50,
                    submitted_by=writer.user,
                )
            ]
        )
        Task.objects.filter(pk=task).update(last_reported_on=country.today)
        ChangeLogEntry.objects.bulk_create([change(made)])

    def task_rows(i):
        payload = new_task_payload(i)
        (made,) = Task.objects.bulk_create(
            [
                Task(
                    title=payload["title"],
                    description=payload["description"],
                    lead_unit_id=payload["lead_unit_id"],
                    assigned_by_unit_id=payload["assigned_by_unit_id"],
                    assigned_on=country.today,
                    original_deadline=date.fromisoformat(deadline),
                    deadline=date.fromisoformat(deadline),
                )
            ]
        )
        ChangeLogEntry.objects.bulk_create([change(made)])

    return [
        Line(
            "write: a progress report (API)",
            report,
            budget_ms=30,
            sql=report_rows,
            sql_name="its rows inserted directly",
            peer="d",
            write=True,
        ),
        Line(
            "write: a new task (API)",
            create_api,
            budget_ms=30,
            sql=task_rows,
            sql_name="its rows inserted directly",
            peer="e",
            write=True,
        ),
        Line(
            "write: a new task (the page's form)",
            create_page,
            budget_ms=30,
            sql=task_rows,
            sql_name="its rows inserted directly",
            write=True,
        ),
    ]


def value_import(country: Country, writer: Writer, count: int) -> dict:
    """The real import job on `count` values of the province's monthly indicators for its communes,
    in a year the country holds no values for, against reading the file and bulk-inserting its rows."""
    from django.core.files import File
    from django.db import transaction
    from openpyxl import Workbook, load_workbook

    from resolute.core.periods import PeriodType
    from resolute.orgunits.models import OrgUnit
    from resolute.targets.actions.imports import import_values
    from resolute.targets.models import DataValue, Indicator, PeriodLock, ValueImport
    from resolute.targets.workbook import COLUMNS

    indicators = list(
        Indicator.objects.filter(periodicity=PeriodType.MONTHLY, code__startswith=f"{country.province.code}-")
        .order_by("code")
        .values_list("code", flat=True)
    ) or list(
        Indicator.objects.filter(periodicity=PeriodType.MONTHLY)
        .order_by("code")[:12]
        .values_list("code", flat=True)
    )
    units = list(
        OrgUnit.objects.subtree_of(country.province)
        .filter(kind="commune")
        .order_by("path")
        .values_list("code", flat=True)
    )
    # Months long closed, opened again for each commune by an approver (the rows `open_period` writes,
    # made directly: they are the setting, not what is timed), the country holding no values for them.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("values")
    sheet.append(COLUMNS)
    written, opened = 0, []
    for year in range(2000, 2020):
        for month in range(1, 13):
            for unit in units:
                if written >= count:
                    break
                opened.append((unit, f"{year}{month:02d}"))
                for code in indicators:
                    if written < count:
                        sheet.append([code, unit, f"{year}{month:02d}", written % 997, 1, ""])
                        written += 1
    assert written == count, f"the province has room for {written:,} values from 2000 to 2019, not {count:,}"
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    workbook.save(path)
    try:
        unit_ids = dict(OrgUnit.objects.filter(code__in=units).values_list("code", "id"))
        with transaction.atomic():
            PeriodLock.objects.bulk_create(
                PeriodLock(
                    unit_id=unit_ids[unit],
                    period=period,
                    opened_until=country.today + timedelta(days=1),
                    reason="Opened for the national benchmark",
                )
                for unit, period in opened
            )
            with open(path, "rb") as file:
                record = ValueImport.objects.create(
                    file=File(file, name="national-bench.xlsx"),
                    uploaded_by=writer.user,
                    original_name="bench.xlsx",
                )
            started = time.perf_counter()
            record = import_values(record)
            seconds = time.perf_counter() - started
            assert record.status == ValueImport.Status.DONE, record.errors[:3]
            assert record.values_saved == count, record.values_saved
            record.file.delete(save=False)
            transaction.set_rollback(True)
        indicator_ids = dict(Indicator.objects.filter(code__in=indicators).values_list("code", "id"))
        with transaction.atomic():
            started = time.perf_counter()
            reader = load_workbook(path, read_only=True)
            batch = []
            for code, unit, period, value, vintage, comment in reader["values"].iter_rows(
                min_row=2, values_only=True
            ):
                batch.append(
                    DataValue(
                        indicator_id=indicator_ids[code],
                        unit_id=unit_ids[unit],
                        period=period,
                        value=value,
                        vintage=vintage,
                        comment=comment or "",
                        entered_by=writer.user,
                    )
                )
                if len(batch) == 1000:
                    DataValue.objects.bulk_create(batch)
                    batch = []
            DataValue.objects.bulk_create(batch)
            reader.close()
            raw = time.perf_counter() - started
            transaction.set_rollback(True)
    finally:
        os.unlink(path)
    return {
        "values": count,
        "seconds": seconds,
        "values_per_s": count / seconds,
        "sql_seconds": raw,
        "sql": "read the file, bulk INSERT",
        "ratio": seconds / raw,
        "budget_values_per_s": 20_000,
        "verdict": "PASS" if count / seconds >= 20_000 else "FAIL",
    }


# -- the table -------------------------------------------------------------------------------------


def peer_figures() -> tuple[dict, str]:
    """The newest side-by-side's Redmine figures, by scenario, and what it was run on."""
    files = sorted(PEER_RESULTS_DIR.glob("peer-*.json"), key=lambda path: path.stat().st_mtime)
    if not files:
        return {}, ""
    data = json.loads(files[-1].read_text(encoding="utf-8"))
    figures = {scenario: sides["Redmine"]["c1"] for scenario, sides in data["results"].items()}
    return (
        figures,
        f"Redmine {data['meta']['redmine']['version']}, {data['meta']['redmine']['tasks']:,} issues",
    )


def print_table(lines: list[Line], imported: dict | None, meta: dict, peer: dict, peer_about: str) -> None:
    def ms(value):
        return f"{value:8.1f}" if value is not None else f"{'–':>8}"

    width = max(len(line.name) for line in lines) if lines else 20
    print()
    print(
        f"Resolute {meta['commit']} on {meta['database']}: {meta['tasks']:,} tasks, "
        f"province {meta['province']}, "
        f"today {meta['today']}, past day {meta['past_day']}, up to {meta['runs']} runs a line, "
        f"load average {meta['load_average_before'][0]:.1f} before"
    )
    header = (
        f"{'line'.ljust(width)} {'runs':>4} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'own SQL':>8} "
        f"{'SQL p95':>8} {'ratio':>6} {'budget':>14} verdict"
    )
    if peer:
        header += f"   peer p95 ({peer_about})"
    print(header)
    for line in lines:
        r = line.result
        if not r:
            continue
        budget = []
        if r.get("budget_ms") is not None:
            budget.append(f"≤{r['budget_ms']:.0f} ms")
        if r.get("max_ratio") is not None:
            budget.append(f"≤{r['max_ratio']}×")
        ratio = f"{r['ratio']:5.1f}×" if r.get("ratio") else f"{'–':>6}"
        row = (
            f"{line.name.ljust(width)} {r['runs']:>4} {ms(r['p50_ms'])} {ms(r['p95_ms'])} "
            f"{r.get('queries', 0):>7} "
            f"{ms(r.get('own_sql_p50_ms'))} {ms(r.get('sql_p95_ms'))} {ratio} {', '.join(budget):>14} "
            f"{r['verdict']}"
        )
        if peer and line.peer in peer:
            row += f"   {peer[line.peer]['p95_ms']:8.1f}"
        print(row)
    if imported:
        print(
            f"{'value import'.ljust(width)} {imported['values']:,} values in {imported['seconds']:.2f} s: "
            f"{imported['values_per_s']:,.0f} values/s "
            f"(bulk INSERT of the same rows {imported['sql_seconds']:.2f} s, "
            f"{imported['ratio']:.1f}×; budget ≥ 20,000/s) {imported['verdict']}"
        )
    print(
        "own SQL: p50 of the request's SELECTs replayed; SQL p95: the hand-written SQL giving the same "
        "rows and totals (the dashboards: their own SQL); ratio: the request's p95 ÷ the SQL's p95"
    )


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=BENCH_DIR, capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


def profile(line: Line, args) -> None:
    from django.db import transaction

    profiler = cProfile.Profile()
    for i in range(args.warmup):
        line.operation(i)
    for i in range(args.runs):
        with transaction.atomic():
            profiler.enable()
            line.operation(i)
            profiler.disable()
            transaction.set_rollback(line.write)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(40)
    if args.profile_out:
        stats.dump_stats(args.profile_out)
    print(out.getvalue())


def main(argv=None) -> None:
    url = os.environ.get("BENCH_COUNTRY_URL")
    if not url:
        print(HOW_TO_PREPARE)
        return
    args = parse_arguments(argv)
    setup_django(url)
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        sys.exit("BENCH_COUNTRY_URL must name a PostgreSQL database.")
    country = Country(args)
    only = [word.strip().lower() for word in args.only.split(",") if word.strip()]

    def wanted(line):
        return not only or any(line.name.lower().startswith(word) for word in only)

    imported = None
    with transaction.atomic():
        # Everything written — the office, its sessions, the writes — is rolled back at the end.
        lines = task_lines(country) + dashboard_lines(country)
        writer = Writer(country)
        lines += write_lines(country, writer)
        if args.profile:
            chosen = [line for line in lines if line.name == args.profile or args.profile in line.name]
            if not chosen:
                sys.exit(f"No line named {args.profile!r}; the lines are: {[line.name for line in lines]}")
            profile(chosen[0], args)
            transaction.set_rollback(True)
            return
        meta = {
            "date": datetime.now().astimezone().isoformat(timespec="seconds"),
            "commit": git_commit(),
            "database": connection.settings_dict["NAME"],
            "tasks": country.tasks,
            "province": f"{country.province} (#{country.province.pk}, {len(country.units)} units)",
            "today": country.today.isoformat(),
            "past_day": country.past.isoformat(),
            "runs": args.runs,
            "warmup": args.warmup,
            "load_average_before": os.getloadavg(),
        }
        by_name = {line.name: line for line in lines}
        for line in lines:
            if not wanted(line):
                continue
            line.result = measure(line, args)
            judge(line, by_name)
            print(
                f"{line.name}: p50 {line.result['p50_ms']:.1f} ms, p95 {line.result['p95_ms']:.1f} ms "
                f"{line.result['verdict']}",
                flush=True,
            )
        if args.import_values and (not only or "import" in only):
            imported = value_import(country, writer, args.import_values)
        transaction.set_rollback(True)
    meta["load_average_after"] = os.getloadavg()
    peer, peer_about = peer_figures()
    print_table(lines, imported, meta, peer, peer_about)
    out = (
        Path(args.json_out)
        if args.json_out
        else RESULTS_DIR / (f"national-{country.tasks}-{datetime.now().strftime('%Y%m%d-%H%M')}.json")
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    results = {line.name: line.result for line in lines if line.result}
    out.write_text(
        json.dumps(
            {"meta": meta, "results": results, "value_import": imported, "peer": peer_about}, indent=1
        ),
        encoding="utf-8",
    )
    print(f"results in {out}")


if __name__ == "__main__":
    main()
