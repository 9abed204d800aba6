"""The load test: simulated users signed in as the demo accounts, against the app served by gunicorn.

`python bench/run.py load` runs it alone; `make bench` runs it after the other suites. It builds its own
throw-away database (a SQLite file in a temporary folder, or the PostgreSQL database `resolute_load` on
the server of `DATABASE_URL`, dropped and created again), migrates it and loads the demo, then serves it
as `make run` does: gunicorn with 3 workers, the background-job workers and the scheduler beside them, on a
free port of 127.0.0.1. Locust (`load_locustfile.py`) runs headless against it.

    RESOLUTE_LOAD_SECONDS   how long the users run (default 600)
    RESOLUTE_LOAD_USERS     how many users (default 100 on PostgreSQL, 20 on SQLite)
    RESOLUTE_LOAD_PAUSE     each user's pause between two requests, in seconds (default 1-5)

It reports, on stdout and in `bench/results/load-<sqlite|postgresql>.md`: each page's requests, failures,
p50, p95 and requests per second; every failure (page, error, count) and every error the server logged;
the writes the server acknowledged against the rows the database gained (a write acknowledged but
missing is lost). The server's log goes to `bench/results/load-<db>-server.log`.
"""

import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
BIN_DIR = Path(sys.executable).parent
LOAD_DATABASE = "resolute_load"
WORKERS = 3  # as `make run`


def is_postgres(url: str) -> bool:
    return url.split(":", 1)[0] in ("postgres", "postgresql", "pgsql")


def fresh_postgres_database(url: str) -> str:
    """Drop and create `resolute_load` on the server of `url`; return the URL of that database."""
    import psycopg

    parts = urlsplit(url)
    scheme = "postgresql" if parts.scheme == "pgsql" else parts.scheme
    with psycopg.connect(parts._replace(scheme=scheme, path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {LOAD_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {LOAD_DATABASE}")
    return parts._replace(path=f"/{LOAD_DATABASE}").geturl()


def drop_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    scheme = "postgresql" if parts.scheme == "pgsql" else parts.scheme
    with psycopg.connect(parts._replace(scheme=scheme, path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {LOAD_DATABASE} WITH (FORCE)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(workdir: Path, database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "resolute.config.settings.base",
            "PYTHONPATH": str(PROJECT_DIR / "src"),
            "DATABASE_URL": database_url,
            "RESOLUTE_VAR_DIR": str(workdir / "var"),
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "DEBUG": "false",
            # No mail server is needed: the jobs that send mail send it nowhere.
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
    )
    return env


def manage(env: dict, *args: str) -> str:
    command = [sys.executable, "-m", "resolute.manage", *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


def plan_script(env: dict, command: str) -> dict:
    script = [sys.executable, str(BENCH_DIR / "load_plan.py"), command]
    return json.loads(subprocess.run(script, env=env, check=True, capture_output=True, text=True).stdout)


def wait_until_up(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"The server did not answer {url} within {seconds} s.")
        time.sleep(0.5)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_DIR, capture_output=True, text=True
    )
    return result.stdout.strip() or "unknown"


# How Django's request logger begins its lines (4xx at WARNING, 5xx at ERROR).
REQUEST_LOG_STARTS = (
    "Internal Server Error:",
    "Not Found:",
    "Forbidden",
    "Bad Request:",
    "Unprocessable Entity:",
    "Conflict:",
    "Method Not Allowed",
    "Service Unavailable:",
)


# Lines of the log that tell of an error outside a request's traceback.
OTHER_ERROR_SIGNS = ("database is locked", "[CRITICAL]", "[ERROR]", "state=FAILED")


def with_ids_hidden(line: str) -> str:
    return re.sub(r"/\d+", "/[id]", line)


def escaped(text: str) -> str:
    """Text that fits in a cell of a Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


def server_errors(log: str) -> Counter:
    """What the server logged at WARNING or above, one line each: Django's "Internal Server Error:
    /path" with the exception that closed its traceback, "database is locked", 4xx warnings, gunicorn's
    errors (a worker timed out) and the background jobs that failed."""
    errors: Counter = Counter()
    lines = log.splitlines()
    explained = set()  # the lines of a traceback already counted with its request
    for index, line in enumerate(lines):
        if line.startswith("Internal Server Error:"):
            exception = ""
            for position in range(index + 1, len(lines)):
                following = lines[position]
                if following.startswith(REQUEST_LOG_STARTS):
                    break
                if re.match(r"^[\w.]+(Error|Exception|Locked|Timeout)\b", following):
                    exception = following
                    explained.add(position)
            errors[f"{with_ids_hidden(line)} — {exception[:200]}"] += 1
        elif line.startswith(REQUEST_LOG_STARTS):
            errors[with_ids_hidden(line)] += 1
        elif index not in explained and any(sign in line for sign in OTHER_ERROR_SIGNS):
            errors[line.split("] ", 1)[-1][:200]] += 1
    return errors


def report(*, engine: str, users: int, seconds: int, results: dict, before, after, logged, context) -> str:
    lines = [
        f"# Load test — {engine}, {users} users, {seconds} s",
        "",
        f"Run {context['started']} (UTC) at commit {context['commit']}: `{context['command']}`.",
        f"Machine: {context['machine']}; load average {context['load_before']} before, "
        f"{context['load_after']} after. Gunicorn {WORKERS} workers, the job workers and the scheduler "
        f"beside it; every user pauses {context['pause']} s between requests.",
        "",
        "## Pages",
        "",
        "| page | requests | failures | p50 | p95 | req/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in [*results["pages"], {**results["all"], "name": "**all**"}]:
        lines.append(
            f"| {row['name']} | {row['requests']} | {row['failures']} | {row['p50']:.0f} ms | "
            f"{row['p95']:.0f} ms | {row['rps']:.2f} |"
        )
    failures = results["failures"]
    lines += ["", f"## Errors: {sum(row['count'] for row in failures)}", ""]
    if failures:
        lines += ["| page | error | count |", "|---|---|---:|"]
        for row in sorted(failures, key=lambda row: -row["count"]):
            lines.append(f"| {row['page']} | {escaped(row['error'])} | {row['count']} |")
    else:
        lines.append("No request failed.")
    lines += ["", f"The server logged {sum(logged.values())} warnings or errors.", ""]
    if logged:
        lines += ["| logged | count |", "|---|---:|"]
        for message, count in logged.most_common():
            lines.append(f"| {escaped(message)} | {count} |")
        lines.append("")
    acknowledged = results["acknowledged"]
    lost_total = 0
    lines += [
        "## Writes",
        "",
        "| kind | acknowledged | rows before | rows after | gained | lost |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind in before:
        gained = after[kind] - before[kind]
        lost = max(0, acknowledged.get(kind, 0) - gained)
        lost_total += lost
        lines.append(
            f"| {kind} | {acknowledged.get(kind, 0)} | {before[kind]} | {after[kind]} | {gained} | {lost} |"
        )
    lines += [
        "",
        f"Lost writes: {lost_total}. (A row gained beyond those acknowledged is a write whose answer the "
        "user never received.)",
    ]
    return "\n".join(lines) + "\n"


def run_load() -> None:
    seconds = int(os.environ.get("RESOLUTE_LOAD_SECONDS", "600"))
    configured_url = os.environ.get("DATABASE_URL", "")
    postgres = is_postgres(configured_url)
    engine = "PostgreSQL" if postgres else "SQLite"
    users = int(os.environ.get("RESOLUTE_LOAD_USERS", "100" if postgres else "20"))
    tag = engine.lower()
    RESULTS_DIR.mkdir(exist_ok=True)
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    workdir = Path(tempfile.mkdtemp(prefix="resolute-load-"))
    database_url = (
        fresh_postgres_database(configured_url) if postgres else f"sqlite:///{workdir}/load.sqlite3"
    )
    servers: list[subprocess.Popen] = []
    server_log_path = RESULTS_DIR / f"load-{tag}-server.log"
    try:
        env = server_environment(workdir, database_url)
        print(f"load: building the {engine} database with the demo…", flush=True)
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "load_demo", "--verbosity", "0")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        plan = plan_script(env, "plan")
        plan_path = workdir / "plan.json"
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        before = plan_script(env, "count")

        port = free_port()
        host = f"http://127.0.0.1:{port}"
        with open(server_log_path, "w", encoding="utf-8") as server_log:
            # The job workers (one per queue, restarted when one exits) and the scheduler, as `make run`.
            for command in ("workers", "scheduler"):
                servers.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "resolute.manage", command],
                        env=env,
                        stdout=server_log,
                        stderr=subprocess.STDOUT,
                    )
                )
            servers.append(
                subprocess.Popen(
                    [
                        str(BIN_DIR / "gunicorn"),
                        "resolute.config.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(WORKERS),
                    ],
                    env=env,
                    stdout=server_log,
                    stderr=subprocess.STDOUT,
                )
            )
            wait_until_up(f"{host}/healthz")

            load_before = load_average()
            print(f"load: {users} users for {seconds} s against {host} ({engine})…", flush=True)
            results_path = workdir / "results.json"
            locust_env = {**env, "RESOLUTE_LOAD_PLAN": str(plan_path)}
            locust_env["RESOLUTE_LOAD_RESULTS"] = str(results_path)
            with open(RESULTS_DIR / f"load-{tag}-locust.log", "w", encoding="utf-8") as locust_log:
                subprocess.run(
                    [
                        str(BIN_DIR / "locust"),
                        "--locustfile",
                        str(BENCH_DIR / "load_locustfile.py"),
                        "--headless",
                        "--users",
                        str(users),
                        "--spawn-rate",
                        str(max(1, users // 10)),
                        "--run-time",
                        f"{seconds}s",
                        "--stop-timeout",
                        "30",
                        "--host",
                        host,
                        "--only-summary",
                    ],
                    env=locust_env,
                    stdout=locust_log,
                    stderr=subprocess.STDOUT,
                    check=False,
                )
            load_after = load_average()
            # Stop the server (gunicorn finishes the requests in flight) before counting the rows.
            for server in reversed(servers):
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=60)
            servers.clear()

        after = plan_script(env, "count")
        if not results_path.exists():
            raise RuntimeError(f"Locust left no results; see {RESULTS_DIR / f'load-{tag}-locust.log'}.")
        results = json.loads(results_path.read_text(encoding="utf-8"))
        logged = server_errors(server_log_path.read_text(encoding="utf-8"))
        command = "python bench/run.py load"
        settings = f"RESOLUTE_LOAD_SECONDS={seconds} RESOLUTE_LOAD_USERS={users}"
        if "RESOLUTE_LOAD_PAUSE" in os.environ:
            settings += f" RESOLUTE_LOAD_PAUSE={os.environ['RESOLUTE_LOAD_PAUSE']}"
        if postgres:
            settings += " DATABASE_URL=postgres://…"
        context = {
            "started": started,
            "commit": git_commit(),
            "command": f"{settings} {command}",
            "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
            "pause": os.environ.get("RESOLUTE_LOAD_PAUSE", "1-5"),
            "load_before": load_before,
            "load_after": load_after,
        }
        text = report(
            engine=engine,
            users=users,
            seconds=seconds,
            results=results,
            before=before,
            after=after,
            logged=logged,
            context=context,
        )
        (RESULTS_DIR / f"load-{tag}.md").write_text(text, encoding="utf-8")
        print(text)
    finally:
        for server in servers:
            server.kill()
            server.wait()
        shutil.rmtree(workdir, ignore_errors=True)
        if postgres:
            drop_postgres_database(configured_url)
