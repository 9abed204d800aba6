"""Resolute on two nodes behind HAProxy, with PgBouncer, a streaming replica, Redis and S3 storage
(deploy/nodes/cluster.py starts them): what a user and an operator notice.

Run with `make test-nodes`; `make test` leaves this folder out. The tests run in this order, each on
what the earlier ones left: the sessions, the files, the replica, the jobs, then a node killed in the
middle of a write, then the replica stopped.
"""

import re
import secrets
import threading
import time

import psycopg
import pytest
import requests
from cluster import REDIS_DB, wait_for

pytestmark = pytest.mark.nodes

OBSTACLES_PAGE = "/reports/obstacles/?category={}"


class Browser:
    """One person's browser: its cookies go with it to whichever node it asks."""

    def __init__(self, cluster, username):
        self.cluster, self.username = cluster, username
        self.session = requests.Session()
        self.session.headers["Accept-Language"] = "en"

    def get(self, base, path, **options):
        return self.session.get(base + path, timeout=30, allow_redirects=False, **options)

    def post(self, base, path, data, **options):
        token = self.session.cookies.get("csrftoken") or self.csrf_token(base, path)
        return self.session.post(
            base + path,
            data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": base + path},
            timeout=30,
            allow_redirects=False,
            **options,
        )

    def csrf_token(self, base, path):
        page = self.get(base, path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert found, f"no form on {path}: {page.status_code}"
        return found.group(1)

    def sign_in(self, base, password=None):
        self.csrf_token(base, "/accounts/login/")
        answer = self.post(
            base,
            "/accounts/login/",
            {"username": self.username, "password": password or self.cluster.seed["password"]},
        )
        return answer

    def report_progress(self, base, narrative, *, obstacle=None, evidence=None):
        """The progress report form of the seeded task, posted to `base`."""
        task, district = self.cluster.seed["task"], self.cluster.seed["district"]
        form = self.get(base, f"/tasks/{task}/reports/new/")
        assert form.status_code == 200, form.status_code
        version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
        data = {
            "unit": district,
            "narrative": narrative,
            "percent_complete": "50",
            "version": version,
            "obstacles-TOTAL_FORMS": "3",
            "obstacles-INITIAL_FORMS": "0",
            "obstacles-MIN_NUM_FORMS": "0",
            "obstacles-MAX_NUM_FORMS": "3",
        }
        if obstacle:
            data["obstacles-0-category"], data["obstacles-0-description"] = obstacle
        files = {"files": ("minutes.pdf", evidence, "application/pdf")} if evidence else None
        return self.post(base, f"/tasks/{task}/reports/new/", data, files=files)


def a_pdf() -> bytes:
    return b"%PDF-1.4\n% minutes of the site meeting\n" + secrets.token_bytes(2048) + b"\n%%EOF\n"


def primary(cluster):
    return psycopg.connect(cluster.primary_dsn(), autocommit=True)


def rows(cluster, sql, parameters=()):
    with primary(cluster) as connection:
        return connection.execute(sql, parameters).fetchall()


def reports_named(cluster, narrative):
    """(report id, obstacles, evidence rows) of each report with this narrative, as committed."""
    return rows(
        cluster,
        "SELECT report.id,"
        " (SELECT COUNT(*) FROM tasks_obstacle WHERE report_id = report.id),"
        " (SELECT COUNT(*) FROM tasks_evidence WHERE report_id = report.id)"
        " FROM tasks_progressreport report WHERE narrative = %s",
        [narrative],
    )


def stored_objects(cluster) -> set[str]:
    listing = cluster.s3_client().list_objects_v2(Bucket="resolute-nodes")
    return {item["Key"] for item in listing.get("Contents", [])}


@pytest.fixture(scope="module")
def reporter(cluster):
    browser = Browser(cluster, "reporter")
    assert browser.sign_in(cluster.balancer).status_code == 302
    return browser


@pytest.fixture(scope="module")
def leader(cluster):
    browser = Browser(cluster, "leader")
    assert browser.sign_in(cluster.balancer).status_code == 302
    return browser


# -- 1. sessions -----------------------------------------------------------------------------------


def test_a_person_signed_in_on_one_node_goes_on_on_the_other_and_signs_out_of_both(cluster):
    node1, node2 = cluster.nodes["node1"].url, cluster.nodes["node2"].url
    office = Browser(cluster, "office")
    assert office.sign_in(node1).status_code == 302

    page = office.get(node2, "/tasks/")
    assert page.status_code == 200, "node 2 should know the session node 1 opened"
    assert "Rebuild the flooded school" in page.text

    assert office.post(node2, "/accounts/logout/", {}).status_code == 302
    assert office.get(node1, "/tasks/").status_code == 302, "signed out on node 2 is signed out on node 1"


def test_the_sign_in_throttle_counts_failures_on_every_node(cluster):
    """AXES_FAILURE_LIMIT is 3 in the harness: three wrong passwords, on alternate nodes, pause the
    account on both, even for the right password."""
    node1, node2 = cluster.nodes["node1"].url, cluster.nodes["node2"].url
    someone = Browser(cluster, "throttled")
    for base in (node1, node2, node1):
        assert someone.sign_in(base, password="not the password").status_code != 302
    for base in (node2, node1):
        answer = someone.sign_in(base)
        assert answer.status_code != 302, f"{base} let a paused account in"


def test_sessions_are_read_from_redis_and_kept_in_the_database(cluster, reporter):
    import redis

    session_key = reporter.session.cookies["sessionid"]
    keys = redis.Redis(port=cluster.redis_port, db=REDIS_DB).keys(f"resolute:*{session_key}")
    assert len(keys) == 1, keys
    assert rows(cluster, "SELECT COUNT(*) FROM django_session WHERE session_key = %s", [session_key]) == [
        (1,)
    ]


# -- 2. files --------------------------------------------------------------------------------------


def test_a_file_uploaded_through_one_node_is_downloaded_through_the_other(cluster, reporter):
    node1, node2 = cluster.nodes["node1"].url, cluster.nodes["node2"].url
    evidence = a_pdf()
    before = stored_objects(cluster)
    answer = reporter.report_progress(node1, "Foundations poured.", evidence=evidence)
    assert answer.status_code == 302, answer.status_code

    task_page = reporter.get(node2, f"/tasks/{cluster.seed['task']}/")
    links = re.findall(r'href="(/tasks/evidence/\d+/)"', task_page.text)
    assert links, "node 2 should list the evidence node 1 received"
    download = reporter.get(node2, links[-1])
    assert download.status_code == 200
    assert download.content == evidence
    assert "minutes.pdf" in download.headers["Content-Disposition"]

    # In the bucket, on no node's disk; and never to be had without signing in.
    assert len(stored_objects(cluster) - before) == 1
    for node in cluster.nodes.values():
        assert not [path for path in (node.var_dir / "media").rglob("*") if path.is_file()]
    assert requests.get(node2 + links[-1], allow_redirects=False, timeout=10).status_code == 302
    bucket_url = f"{cluster.s3_endpoint}/resolute-nodes/{next(iter(stored_objects(cluster) - before))}"
    assert requests.get(bucket_url, timeout=10).status_code == 403


# -- 4. the replica --------------------------------------------------------------------------------


def replayed(cluster):
    with psycopg.connect(cluster.replica_dsn(), autocommit=True) as replica:
        return replica.execute(
            "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written(cluster)]
        ).fetchone()[0]


def written(cluster):
    return rows(cluster, "SELECT pg_current_wal_insert_lsn()::text")[0][0]


def set_replay(cluster, paused: bool):
    with psycopg.connect(cluster.replica_dsn(), autocommit=True) as replica:
        replica.execute("SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()")


def listed(browser, base, category):
    page = browser.get(base, OBSTACLES_PAGE.format(category))
    assert page.status_code == 200, page.status_code
    return "Rebuild the flooded school" in page.text


def test_a_person_always_reads_their_own_write_even_from_a_replica_that_lags(cluster, reporter, leader):
    node1, node2 = cluster.nodes["node1"].url, cluster.nodes["node2"].url
    colleague = Browser(cluster, "colleague")
    assert colleague.sign_in(cluster.balancer).status_code == 302
    wait_for(lambda: replayed(cluster), 30, "the replica catching up")
    assert not listed(leader, node2, "materials")
    set_replay(cluster, paused=True)
    try:
        # The replica now lags as far as the test likes: whatever is written next, it does not have.
        answer = reporter.report_progress(
            node1, "Cement is short.", obstacle=("materials", "No cement this week.")
        )
        assert answer.status_code == 302
        # Straight away, on the other node, the read-heavy page: the writer sees the write …
        assert listed(reporter, node2, "materials"), "the writer's own write is missing"
        assert listed(reporter, node1, "materials")
        # … and someone who wrote nothing reads the replica, which does not have it yet.
        assert not listed(leader, node2, "materials"), "the leader's page should come from the replica"
    finally:
        set_replay(cluster, paused=False)
    wait_for(lambda: replayed(cluster), 30, "the replica catching up")
    assert listed(leader, node2, "materials")

    # Once the replica has the writer's write, the writer reads the replica again: a colleague's
    # write the paused replica lacks is missing from the writer's page, and shown on the colleague's.
    set_replay(cluster, paused=True)
    try:
        answer = colleague.report_progress(
            node2, "Permits pending.", obstacle=("procedures", "Permit pending.")
        )
        assert answer.status_code == 302
        assert listed(colleague, node1, "procedures")
        assert not listed(reporter, node1, "procedures"), "the writer should be back on the replica"
    finally:
        set_replay(cluster, paused=False)
    wait_for(lambda: replayed(cluster), 30, "the replica catching up")
    assert listed(reporter, node1, "procedures")


def test_every_node_reaches_the_primary_through_pgbouncer(cluster):
    stats = cluster.psql("pgbouncer_port", "SHOW STATS", database="pgbouncer")
    transactions = {line.split("|")[0]: int(line.split("|")[1]) for line in stats.splitlines()}
    assert transactions["resolute"] > 0


# -- 5. jobs ---------------------------------------------------------------------------------------


def test_jobs_enqueued_on_one_node_run_exactly_once_on_the_workers_of_both(cluster, tmp_path_factory):
    import subprocess
    import sys

    from cluster import REPOSITORY

    folder = tmp_path_factory.mktemp("jobs")
    log_path, gate_path, count = folder / "runs.log", folder / "gate", 20
    enqueue = (
        "from resolute.core.tests.racing_jobs import note_run\n"
        f"for number in range({count}): note_run.enqueue({str(log_path)!r}, {str(gate_path)!r}, number)"
    )
    subprocess.run(  # noqa: S603 — our own command
        [sys.executable, "-m", "resolute.manage", "shell", "-c", enqueue],
        env=cluster.node_environment(cluster.nodes["node1"]),
        cwd=REPOSITORY,
        check=True,
        capture_output=True,
        timeout=120,
    )

    def jobs(status):
        return rows(
            cluster,
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s AND status = %s",
            ["%racing_jobs.note_run", status],
        )[0][0]

    # Each node's worker holds a job at the gate before the race starts: both are in it.
    wait_for(lambda: jobs("RUNNING") == 2, 60, "a job running on each node")
    gate_path.touch()
    wait_for(lambda: jobs("SUCCESSFUL") == count, 60, "every job done")

    runs = sorted(int(line.split()[0]) for line in log_path.read_text().splitlines())
    assert runs == list(range(count)), "each job ran exactly once"
    claims = rows(
        cluster,
        "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s",
        ["%racing_jobs.note_run"],
    )
    assert all(len(worker_ids) == 1 for (worker_ids,) in claims)
    nodes = {
        name
        for (worker_ids,) in claims
        for name in cluster.nodes
        if worker_ids[0].endswith(cluster.worker_ids_of(name))
    }
    assert nodes == {"node1", "node2"}


# -- 3. a node killed in the middle of a write -----------------------------------------------------


def test_a_node_killed_in_the_middle_of_a_write_loses_no_acknowledged_write_and_leaves_none_half_done(
    cluster, reporter
):
    node1 = cluster.nodes["node1"].url
    acknowledged = reporter.report_progress(
        cluster.balancer,
        "Walls up to the first floor.",
        obstacle=("capital", "Second tranche late."),
        evidence=a_pdf(),
    )
    assert acknowledged.status_code == 302

    # Hold the write on node 1 at its last step (the change log) inside its transaction: its report,
    # obstacle and file are written, nothing is committed.
    narrative, evidence = "Roof frame delivered.", a_pdf()
    objects_before = stored_objects(cluster)
    lock = primary(cluster)
    lock.autocommit = False
    lock.execute("LOCK TABLE core_changelogentry IN SHARE MODE")
    outcome = {}

    def write_on_node1():
        try:
            outcome["answer"] = reporter.report_progress(
                node1, narrative, obstacle=("capital", "Third tranche late."), evidence=evidence
            )
        except requests.RequestException as error:
            outcome["error"] = error

    writer = threading.Thread(target=write_on_node1)
    writer.start()
    try:
        wait_for(
            lambda: rows(cluster, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")[0][
                0
            ],
            30,
            "node 1's write waiting inside its transaction",
        )
        assert len(stored_objects(cluster) - objects_before) == 1, "the file should be stored already"
        cluster.kill_node("node1")
    finally:
        lock.rollback()
        lock.close()
    writer.join(30)
    assert "answer" not in outcome or outcome["answer"].status_code >= 500, "the write was never acknowledged"

    # The interrupted transaction ends without a commit: nothing of it is in the database.
    unfinished = (
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = 'resolute'"
        " AND backend_type = 'client backend'"
        " AND (wait_event_type = 'Lock' OR state LIKE 'idle in transaction%%')"
    )
    wait_for(lambda: not rows(cluster, unfinished)[0][0], 30, "the killed node's transaction ending")
    time.sleep(0.5)
    assert reports_named(cluster, narrative) == []

    # The person sends it again, through the balancer: the other node takes it.
    retried = reporter.report_progress(
        cluster.balancer, narrative, obstacle=("capital", "Third tranche late."), evidence=evidence
    )
    assert retried.status_code == 302
    [(report_id, obstacles, files)] = reports_named(cluster, narrative)
    assert (obstacles, files) == (1, 1)
    [(_, obstacles, files)] = reports_named(cluster, "Walls up to the first floor.")
    assert (obstacles, files) == (1, 1)

    # Every report is whole, every file it names is in the bucket, and the file downloads.
    assert rows(
        cluster,
        "SELECT COUNT(*) FROM tasks_progressreport report WHERE NOT EXISTS ("
        " SELECT 1 FROM core_changelogentry entry"
        " JOIN django_content_type type ON type.id = entry.content_type_id"
        " WHERE type.app_label = 'tasks' AND type.model = 'progressreport'"
        " AND entry.object_id = report.id::text)",
    ) == [(0,)]
    names = {name for (name,) in rows(cluster, "SELECT file FROM tasks_evidence")}
    assert names <= stored_objects(cluster)
    [(evidence_id,)] = rows(cluster, "SELECT id FROM tasks_evidence WHERE report_id = %s", [report_id])
    download = reporter.get(cluster.balancer, f"/tasks/evidence/{evidence_id}/")
    assert download.status_code == 200 and download.content == evidence


# -- the replica gone ------------------------------------------------------------------------------


def test_read_heavy_pages_are_read_from_the_primary_when_the_replica_is_down(cluster, reporter, leader):
    cluster.stop_replica()
    answer = reporter.report_progress(
        cluster.balancer, "Windows fitted.", obstacle=("land_price", "Disputed.")
    )
    assert answer.status_code == 302
    for _ in range(4):  # both nodes' processes, through the balancer
        assert listed(leader, cluster.balancer, "land_price")
        assert leader.get(cluster.balancer, "/reports/").status_code == 200
