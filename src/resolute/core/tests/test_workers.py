"""`resolute workers` keeps one worker per queue alive, and every SQLite connection runs in WAL mode
with a busy timeout (so a reader never meets "database is locked" while a job writes)."""

import json
import sys
import time

import pytest
from django.db import connection

from resolute.core.management.commands.workers import Supervisor, worker_command


def _wait(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_worker_that_exits_is_started_again_and_the_others_keep_running():
    said = []
    supervisor = Supervisor(
        {
            "long": [sys.executable, "-c", "import sys; sys.exit(3)"],
            "default": [sys.executable, "-c", "import time; time.sleep(60)"],
        },
        restart_delay=0,
        write=said.append,
    )
    supervisor.start()
    try:
        assert _wait(lambda: (supervisor.check(), supervisor.children[0].starts >= 3)[1])
    finally:
        supervisor.stop(timeout=5)
    long_worker, default_worker = supervisor.children
    assert len(set(long_worker.pids)) == long_worker.starts >= 3
    assert default_worker.starts == 1
    assert "The worker of queue long exited with code 3; restarting in 0 s" in said
    assert default_worker.process.poll() is not None  # stopped with the supervisor


def test_a_worker_dying_at_start_is_restarted_ever_more_slowly():
    supervisor = Supervisor({"long": [sys.executable, "-c", "pass"]}, restart_delay=0.1, write=lambda _: None)
    supervisor.start()
    try:
        delays = []
        while len(delays) < 3:
            supervisor.children[0].process.wait()
            supervisor.check()
            delays.append(supervisor.children[0].delay)
            supervisor.children[0].restart_at = 0  # do not wait out the delay in the test
            supervisor.check()
    finally:
        supervisor.stop(timeout=5)
    assert delays == [0.1, 0.2, 0.4]


def test_each_worker_serves_one_queue_and_never_reloads():
    command = worker_command("long", 1.0)
    assert command[command.index("--queue-name") + 1] == "long"
    assert "--no-reload" in command and "db_worker" in command


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings")
@pytest.mark.django_db
def test_every_sqlite_connection_to_a_file_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    from django.db.backends.sqlite3.base import DatabaseWrapper

    settings_dict = dict(connection.settings_dict)
    settings_dict["NAME"] = str(tmp_path / "pragmas.sqlite3")
    for _ in range(2):  # a second connection finds them in force too
        wrapper = DatabaseWrapper(settings_dict)
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal_mode = cursor.fetchone()[0]
            cursor.execute("PRAGMA busy_timeout")
            busy_timeout = cursor.fetchone()[0]
        wrapper.close()
        assert journal_mode == "wal"
        assert busy_timeout == 5000


@pytest.mark.django_db
def test_a_time_limit_that_falls_inside_a_query_stops_the_job_after_it_and_leaves_the_connection_usable():
    from django.db import connection

    from resolute.accounts.models import User
    from resolute.core.jobs import JobTimedOut, time_limit

    slow_query = (
        "SELECT pg_sleep(0.3)"
        if connection.vendor == "postgresql"
        else "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) "
        "SELECT count(*) FROM c"
    )
    finished_queries = []
    with pytest.raises(JobTimedOut), time_limit(0.05), connection.cursor() as cursor:
        cursor.execute(slow_query)
        finished_queries.append(cursor.fetchone())
        give_up = time.monotonic() + 5
        while time.monotonic() < give_up:  # the job's own work, where the limit stops it
            pass

    assert len(finished_queries) == 1
    # Nothing was left half-done on the connection: the failure can still be recorded.
    assert User.objects.count() == 0


JOBS_RACED_FOR = 30


def test_two_workers_on_one_queue_share_its_jobs_and_run_each_exactly_once(worker_database, tmp_path):
    """As workers on two nodes do: both poll the same queue of the shared database; a job is claimed
    under a row lock (PostgreSQL: SKIP LOCKED; SQLite: an exclusive transaction), so one runs it."""
    from resolute.core.tests.racing_jobs import note_run

    log_path, gate_path = tmp_path / "runs.log", tmp_path / "gate"
    for number in range(JOBS_RACED_FOR):
        note_run.enqueue(str(log_path), str(gate_path), number)
    worker_database.publish()
    workers = [
        worker_database.start(
            "db_worker",
            *("--queue-name", "default", "--interval", "0.05", "--no-reload", "--no-startup-delay"),
            *("--worker-id", f"node-{node}"),
        )
        for node in (1, 2)
    ]

    def jobs(status):
        return worker_database.query(
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = %s", [status]
        )[0][0]

    # Each worker holds a job at the gate, so both are in the race when it opens.
    assert _wait(lambda: jobs("RUNNING") == 2, 60), "both workers should have claimed a job"
    gate_path.touch()
    assert _wait(lambda: jobs("SUCCESSFUL") == JOBS_RACED_FOR, 60), jobs("SUCCESSFUL")

    runs = [line.split() for line in log_path.read_text().splitlines()]
    assert sorted(int(number) for number, _pid in runs) == list(range(JOBS_RACED_FOR))
    claims = worker_database.query("SELECT worker_ids FROM django_tasks_database_dbtaskresult")
    assert [len(json.loads(ids) if isinstance(ids, str) else ids) for (ids,) in claims] == [
        1
    ] * JOBS_RACED_FOR
    assert {int(pid) for _number, pid in runs} == {worker.pid for worker in workers}
