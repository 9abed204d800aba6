"""The leadership dashboard at the demo's size and at ten times it, against the raw SQL it sends.

The demo is loaded (`load_demo`) and the dashboard measured for the whole Quang Nam province; then a
synthetic province ten times larger is generated (`generate_province --scale 10`) and measured the
same way. Two things are timed, each 30 times after warm-up runs, reporting p50 and p95:

- `dashboard_context(user, unit, as_of)`: every figure the page shows, computed;
- the whole page through Django's test client, signed in as the province's leader: render included.

The baseline, measured in the same run, is the SQL itself: the queries the ORM sent during one call
(captured with `CaptureQueriesContext`) replayed as raw SQL through `connection.cursor()`, fetching
every row. The ratio page ÷ raw SQL is what Django, Python and the templates add to the database's
own work. `ANALYZE` runs after each load, as autovacuum would have in production. For the ×10
province the suite also prints each figure of the dashboard's panels timed alone: where the time goes.

The demo stores its targets' evaluations for today as it loads, so its dashboard reads them; the ×10
province is measured first without them (every target evaluated live), then its target figures are
timed stored against live (`stored_vs_live`) and its dashboard measured again reading them.
See docs/dev/performance.md for the figures and what they mean.
"""

import math
import statistics
import time
from datetime import date

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resolute.accounts.models import User
from resolute.demo.danang import PROVINCE_CODE
from resolute.demo.synthetic import province_name
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership, OrgUnit
from resolute.reports.views.dashboard import dashboard_context
from resolute.targets.models import StoredEvaluation
from resolute.tasks.models import Task

RUNS = 30
WARM_UP = 3
SCALE = 10


def percentiles(function, runs: int = RUNS, warm_up: int = WARM_UP) -> tuple[float, float]:
    """p50 and p95 (nearest rank) of `runs` timed calls, in seconds, after `warm_up` untimed ones."""
    for _ in range(warm_up):
        function()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    timings.sort()
    return statistics.median(timings), timings[math.ceil(0.95 * len(timings)) - 1]


def captured_sql(function) -> list[str]:
    """The SQL `function` sends, as the database received it (parameters written in)."""
    with CaptureQueriesContext(connection) as context:
        function()
    return [query["sql"] for query in context.captured_queries]


def replay(statements: list[str]):
    """Run captured statements as raw SQL, reading every row, as a hand-written page would."""

    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()

    return run


def dashboard_url(unit: OrgUnit, as_of: date) -> str:
    return f"{reverse('reports:dashboard')}?unit={unit.pk}&as_of={as_of.isoformat()}"


def leader_of(province: OrgUnit, username: str) -> User:
    """A viewer of the whole province, as the demo's leader is."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username, password="x")
        Membership.objects.create(user=user, unit=province, role=Role.VIEWER)
    return user


def measure(label: str, province: OrgUnit, user: User, as_of: date) -> list[tuple]:
    tasks = Task.objects.filter(lead_unit__in=OrgUnit.objects.subtree_of(province)).count()
    units = OrgUnit.objects.subtree_of(province).count()

    def context():
        return dashboard_context(user, province, as_of)

    statements = captured_sql(context)
    rows = []
    p50, p95 = percentiles(context)
    raw50, raw95 = percentiles(replay(statements))
    name = f"dashboard_context, {label} ({units} units, {tasks} tasks, {len(statements)} queries)"
    rows += [(f"{name} p50", p50, raw50, "raw SQL p50"), (f"{name} p95", p95, raw95, "raw SQL p95")]

    url = dashboard_url(province, as_of)
    client = Client()
    client.force_login(user)

    def page():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    page_statements = captured_sql(page)
    p50, p95 = percentiles(page)
    raw50, raw95 = percentiles(replay(page_statements))
    name = f"dashboard page, {label} ({len(page_statements)} queries)"
    rows += [(f"{name} p50", p50, raw50, "raw SQL p50"), (f"{name} p95", p95, raw95, "raw SQL p95")]
    return rows


def breakdown(label: str, province: OrgUnit, user: User, as_of: date) -> None:
    """Print where a dashboard's time goes: each figure its panels are made of (the selectors of
    `tasks` and `targets`, the recent activity of `reports`), timed alone (p50 of 10 runs), with its
    queries and their time as the database reported it."""
    from resolute.reports.selectors import recent_activity
    from resolute.targets import selectors as targets
    from resolute.tasks import selectors as tasks

    task_rows = tasks.scoped_tasks(user, province)
    target_rows = targets.scoped_targets(user, province)
    parts = {
        "target_figures": lambda: targets.target_figures(target_rows, as_of),
        "task_figures": lambda: tasks.task_figures(task_rows, as_of),
        "overdue_by_lead_unit": lambda: tasks.overdue_by_lead_unit(task_rows, as_of, limit=10),
        "obstacles_by_category": lambda: tasks.obstacles_by_category(task_rows, as_of),
        "late_reporters": lambda: targets.late_reporters(user, province, as_of),
        "recent_activity": lambda: recent_activity(user, province, 15, as_of=as_of),
    }
    print(f"where the time goes, {label} (p50 of 10 runs, each figure alone):")
    for name, function in parts.items():
        with CaptureQueriesContext(connection) as context:
            function()
        in_database = sum(float(query["time"]) for query in context.captured_queries)
        p50, _p95 = percentiles(function, runs=10, warm_up=1)
        queries = len(context.captured_queries)
        print(f"  {name:22} {p50 * 1000:8.1f}ms  {queries:2} queries, {in_database * 1000:6.1f}ms in SQL")


def stored_vs_live(label: str, province: OrgUnit, user: User, as_of: date) -> list[tuple]:
    """The dashboard's target figures (the targets by status) read from the stored evaluations of
    `as_of`, against evaluating every target live as the page did before they were stored (the
    baseline). The stored evaluations are written first, as the nightly job does, and timed too."""
    from resolute.targets import selectors as targets
    from resolute.targets.actions.evaluations import refresh_target_evaluations
    from resolute.targets.models import Target

    scoped = targets.scoped_targets(user, province)

    def live():
        by_status = {}
        for row in targets.evaluated(scoped, as_of):
            by_status[row.evaluation.status] = by_status.get(row.evaluation.status, 0) + 1
        return by_status

    def stored():
        return {
            status: count
            for status, count in targets.target_figures(scoped, as_of).by_status.items()
            if count
        }

    in_province = Target.objects.filter(unit__in=OrgUnit.objects.subtree_of(province, include_self=True))
    started = time.perf_counter()
    written = refresh_target_evaluations(targets=in_province, day=as_of).written
    refreshed = time.perf_counter() - started
    assert stored() == live(), "the stored evaluations must give the live figures"
    print(f"stored evaluations, {label}: {written} written in {refreshed * 1000:.0f}ms (both languages)")
    stored50, _stored95 = percentiles(stored, runs=10, warm_up=1)
    live50, _live95 = percentiles(live, runs=10, warm_up=1)
    return [(f"target figures, {label} ({written} targets), stored p50", stored50, live50, "live p50")]


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load, as autovacuum would in production: without
    them PostgreSQL plans for empty tables and the figures would describe a database nobody runs."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(best_of=None):
    """The rows for bench/run.py: (name, seconds, baseline seconds, baseline name)."""
    as_of = timezone.localdate()
    call_command("load_demo", verbosity=0)
    analyze()
    # The city that took Quảng Nam's place in the demo's reorganisation carries its targets and tasks.
    demo = OrgUnit.objects.get(code=PROVINCE_CODE)
    leader = User.objects.get(username="leader")
    rows = measure("demo province", demo, leader, as_of)
    call_command("generate_province", scale=SCALE, seed=1, verbosity=0)
    analyze()
    synthetic = OrgUnit.objects.get(parent=None, name=province_name(SCALE, 1))
    # Its targets' creation stored their evaluations (the jobs run at once here): measured first live.
    StoredEvaluation.objects.filter(
        target__unit__in=OrgUnit.objects.subtree_of(synthetic, include_self=True)
    ).delete()
    synthetic_leader = leader_of(synthetic, "bench-leader-x10")
    rows += measure(f"×{SCALE} province", synthetic, synthetic_leader, as_of)
    breakdown(f"×{SCALE} province", synthetic, synthetic_leader, as_of)
    rows += stored_vs_live(f"×{SCALE} province", synthetic, synthetic_leader, as_of)
    rows += measure(f"×{SCALE} province, stored evaluations", synthetic, synthetic_leader, as_of)
    return rows
