#!/usr/bin/env python3
"""Resolute side by side with Redmine: the same task-tracker operations against both, interleaved.

Five operations through each REST API and two pages, signed in:

  a  overdue open tasks of one district and the units below it: the first page of 25 and the total
  b  how many tasks of each status, instance-wide (Redmine has no count: one call per status)
  c  one task with its history (journals; reports, extensions and completions)
  d  add a progress note to a task (Redmine: PUT a note; Resolute: POST a progress report)
  e  create a task in a commune
  a' the task list page filtered like (a)
  c' a task's page

Each operation runs on Redmine, then the same on Resolute, in turn: a few warm-up operations, then
ROUNDS rounds of REQS operations at concurrency 1 (latency: median and p95), and rounds of REQS
operations with CONC client threads, one side's round then the other's (throughput: the median over
rounds of operations per second, and the median latency). Both apps judge "overdue" on the day
Resolute reads as today (the province's date): Redmine is asked for due dates up to the day before.

Standard library only (`http.client`, one keep-alive connection per thread and app), loopback only.
"""

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

PEER_DIR = Path(__file__).resolve().parent
STATE_DIR = Path(os.environ.get("PEER_STATE", PEER_DIR / "state"))
RESULTS_DIR = PEER_DIR / "results"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redmine", default="http://127.0.0.1:3300")
    parser.add_argument("--resolute", default="http://127.0.0.1:8001")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reqs", type=int, default=40, help="operations per round")
    parser.add_argument("--conc", type=int, default=4, help="client threads for the throughput pass")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--max-seconds", type=float, default=120, help="time cap of each pass of a scenario, per app"
    )
    parser.add_argument("--only", default="", help="comma-separated scenario ids, e.g. a,b,a_page")
    parser.add_argument("--json-out", default="", help="default: results/peer-<tasks>-<date>.json")
    return parser.parse_args()


# -- HTTP: one keep-alive connection per thread and app, cookies for the pages ----------------------


class App:
    """One app under test: where it answers, how its API authenticates, and the cookies of its
    signed-in browser session (shared by the client's threads)."""

    def __init__(self, name: str, base: str, api_headers: dict[str, str]):
        url = urllib.parse.urlsplit(base)
        if url.hostname not in ("127.0.0.1", "localhost"):
            raise SystemExit(f"{name}: the comparison talks to the loopback only, not {base}.")
        self.name, self.host, self.port = name, url.hostname, url.port
        self.api_headers = {"Accept": "application/json", **api_headers}
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()
        self.local = threading.local()

    def call(self, method: str, path: str, *, params=None, body=None, form=None, page=False, headers=None):
        """One request; returns (status, headers, body bytes). API calls carry the API credentials,
        page calls the session cookies."""
        if params:
            path += "?" + urllib.parse.urlencode(params, doseq=True)
        sent = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if page:
            sent.setdefault("Accept", "text/html")
            sent["Accept-Language"] = "en"
            with self.lock:
                if self.cookies:
                    sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        else:
            sent.update(self.api_headers)
        for attempt in (1, 2):  # reconnect once if the server closed the idle connection
            if not hasattr(self.local, "connection"):
                self.local.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.local.connection.request(method, path, body=data, headers=sent)
                response = self.local.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.local.connection.close()
                del self.local.connection
                if attempt == 2:
                    raise
        if page:
            self.keep_cookies(response.headers.get_all("Set-Cookie") or [])
        return response.status, response.headers, content

    def keep_cookies(self, set_cookies: list[str]) -> None:
        with self.lock:
            for header in set_cookies:
                name, _, value = header.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value.strip()

    def get_json(self, path: str, **params):
        status, _headers, content = self.call("GET", path, params=params)
        assert status == 200, (self.name, status, path, content[:300])
        return json.loads(content)

    def get_page(self, path: str, **params) -> str:
        status, headers, content = self.call("GET", path, params=params, page=True)
        assert status == 200, (self.name, status, path, headers.get("Location"), content[:300])
        return content.decode()


def hidden_field(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', html
    )
    assert match, f"no {name} in the sign-in form"
    return match.group(1)


# -- the two sides -----------------------------------------------------------------------------------


class Redmine:
    """Redmine's REST API as its documentation describes it, as `admin` (its API key), and its pages
    signed in as `admin`."""

    name = "Redmine"

    def __init__(self, base: str):
        state = STATE_DIR / "redmine"
        key = (state / "api_key").read_text().strip()
        self.password = (state / "admin_password").read_text().strip()
        self.app = App(self.name, base, {"X-Redmine-API-Key": key})
        self.rng = random.Random(42)

    def prepare(self, day: date) -> None:
        app = self.app
        self.yesterday = (day - timedelta(days=1)).isoformat()
        self.day = day
        self.statuses = [status["id"] for status in app.get_json("/issue_statuses.json")["issue_statuses"]]
        self.tasks = app.get_json("/issues.json", status_id="*", limit=1)["total_count"]
        self.districts = [f"dist-{t:02d}" for t in range(1, 21)]
        self.assignees = {}
        for code in communes():
            memberships = app.get_json(f"/projects/{code}/memberships.json")["memberships"]
            project = app.get_json(f"/projects/{code}.json")["project"]["id"]
            self.assignees[code] = (project, [m["user"]["id"] for m in memberships if "user" in m])
        # Sign in through the form, with its authenticity token, as a browser does.
        html = app.get_page("/login")
        status, headers, _content = app.call(
            "POST",
            "/login",
            form={
                "authenticity_token": hidden_field(html, "authenticity_token"),
                "username": "admin",
                "password": self.password,
            },
            page=True,
        )
        assert status == 302 and "/login" not in headers.get("Location", ""), ("Redmine sign-in", status)
        self.overdue_in_first_district = app.get_json(
            "/issues.json",
            project_id=self.districts[0],
            status_id="o",
            due_date="<=" + self.yesterday,
            limit=1,
        )["total_count"]

    def describe(self) -> dict:
        return {"tasks": self.tasks, "overdue_open_in_dist_01": self.overdue_in_first_district}

    def overdue_subtree(self, i):  # (a)
        body = self.app.get_json(
            "/issues.json",
            project_id=self.districts[i % len(self.districts)],
            status_id="o",
            due_date="<=" + self.yesterday,
            limit=25,
        )
        assert len(body["issues"]) <= 25 and body["total_count"] > 0

    def count_by_status(self, i):  # (b): one call per status
        counts = {
            s: self.app.get_json("/issues.json", status_id=s, limit=1)["total_count"] for s in self.statuses
        }
        assert sum(counts.values()) >= self.tasks

    def task_with_history(self, i):  # (c)
        body = self.app.get_json(f"/issues/{self.rng.randint(1, self.tasks)}.json", include="journals")
        assert "journals" in body["issue"]

    def add_note(self, i):  # (d): Redmine adds a note with PUT /issues/:id.json
        status, _headers, content = self.app.call(
            "PUT",
            f"/issues/{self.rng.randint(1, self.tasks)}.json",
            body={"issue": {"notes": f"Bench progress note {i}: 50% done."}},
        )
        assert status == 204, (status, content[:300])

    def create_task(self, i):  # (e)
        code = communes()[i % 20]
        project, users = self.assignees[code]
        due = self.day + timedelta(days=7 + i % 300)
        body = {
            "issue": {
                "project_id": project,
                "tracker_id": 1,
                "status_id": 1,
                "priority_id": 2,
                "subject": f"Bench task {i}",
                "description": "Created by the side-by-side comparison",
                "start_date": self.day.isoformat(),
                "due_date": due.isoformat(),
                "assigned_to_id": users[i % len(users)],
            }
        }
        status, _headers, content = self.app.call("POST", "/issues.json", body=body)
        assert status == 201, (status, content[:300])

    def overdue_page(self, i):  # (a')
        district = self.districts[i % len(self.districts)]
        html = self.app.get_page(
            f"/projects/{district}/issues", set_filter="1", status_id="o", due_date="<=" + self.yesterday
        )
        assert 'class="list issues' in html

    def task_page(self, i):  # (c')
        html = self.app.get_page(f"/issues/{self.rng.randint(1, self.tasks)}")
        assert 'id="history"' in html or "journal" in html


class Resolute:
    """Resolute's REST API with a personal token, and its pages signed in through the form, as
    `peer_office` (the office of the province: it sees every unit, assigns and reports anywhere)."""

    name = "Resolute"

    def __init__(self, base: str):
        client = json.loads((STATE_DIR / "resolute" / "client.json").read_text())
        self.username, self.password = client["username"], client["password"]
        self.app = App(self.name, base, {"Authorization": f"Bearer {client['token']}"})
        self.rng = random.Random(42)

    def today(self) -> date:
        """The day Resolute judges every status on (the province's date)."""
        return date.fromisoformat(self.app.get_json("/api/v1/tasks/counts")["as_of"])

    def prepare(self, day: date) -> None:
        app = self.app
        self.day = day
        codes = {}
        for kind in ("province", "district", "commune"):
            page = 1
            while True:
                body = app.get_json("/api/v1/units/", kind=kind, page=page)
                codes.update({unit["code"]: unit["id"] for unit in body["items"]})
                if page * 50 >= body["count"]:
                    break
                page += 1
        self.province = codes["prov"]
        self.districts = [codes[f"dist-{t:02d}"] for t in range(1, 21)]
        self.communes = [codes[code] for code in communes()]
        self.tasks = app.get_json("/api/v1/tasks/counts")["total"]
        # Reports go to open tasks (a completed one takes none): a pool drawn from the overdue list.
        overdue = app.get_json("/api/v1/tasks/", status="overdue", page_size=1)["count"]
        pages = max(1, overdue // 100)
        self.open_tasks = []
        for page in random.Random(7).sample(range(1, pages + 1), min(5, pages)):
            items = app.get_json("/api/v1/tasks/", status="overdue", page_size=100, page=page)["items"]
            self.open_tasks += [item["id"] for item in items]
        # Sign in through the form, with its CSRF token, as a browser does.
        html = app.get_page("/accounts/login/")
        status, headers, _content = app.call(
            "POST",
            "/accounts/login/",
            form={
                "csrfmiddlewaretoken": hidden_field(html, "csrfmiddlewaretoken"),
                "username": self.username,
                "password": self.password,
            },
            page=True,
            headers={"Referer": f"http://{app.host}:{app.port}/accounts/login/"},
        )
        assert status == 302 and "login" not in headers.get("Location", ""), ("Resolute sign-in", status)
        self.overdue_in_first_district = self.count_overdue(self.districts[0])

    def count_overdue(self, district: int) -> int:
        counts = self.app.get_json("/api/v1/tasks/counts", unit=district, include_below="true")
        return counts["by_status"]["overdue"]

    def describe(self) -> dict:
        return {"tasks": self.tasks, "overdue_open_in_dist_01": self.overdue_in_first_district}

    def overdue_subtree(self, i):  # (a)
        body = self.app.get_json(
            "/api/v1/tasks/",
            unit=self.districts[i % len(self.districts)],
            include_below="true",
            status="overdue",
            page_size=25,
        )
        assert len(body["items"]) <= 25 and body["count"] > 0

    def count_by_status(self, i):  # (b): one call
        body = self.app.get_json("/api/v1/tasks/counts")
        assert body["total"] >= self.tasks

    def task_with_history(self, i):  # (c)
        body = self.app.get_json(f"/api/v1/tasks/{self.rng.randint(1, self.tasks)}")
        assert "reports" in body

    def add_note(self, i):  # (d): a progress report on an open task
        task = self.open_tasks[self.rng.randrange(len(self.open_tasks))]
        status, _headers, content = self.app.call(
            "POST",
            f"/api/v1/tasks/{task}/reports",
            body={"narrative": f"Bench progress note {i}: 50% done.", "percent_complete": 50},
        )
        assert status == 201, (status, content[:300])

    def create_task(self, i):  # (e)
        body = {
            "title": f"Bench task {i}",
            "description": "Created by the side-by-side comparison",
            "lead_unit_id": self.communes[i % len(self.communes)],
            "assigned_by_unit_id": self.province,
            "deadline": (self.day + timedelta(days=7 + i % 300)).isoformat(),
        }
        status, _headers, content = self.app.call("POST", "/api/v1/tasks/", body=body)
        assert status == 201, (status, content[:300])

    def overdue_page(self, i):  # (a')
        html = self.app.get_page(
            "/tasks/",
            unit=self.districts[i % len(self.districts)],
            include_below="on",
            status="overdue",
        )
        assert "<table" in html

    def task_page(self, i):  # (c')
        html = self.app.get_page(f"/tasks/{self.rng.randint(1, self.tasks)}/")
        assert "<h1" in html


def communes() -> list[str]:
    """The 20 communes tasks are created in: the first four of each of the first five districts."""
    return [f"dist-{t:02d}-com-{c:02d}" for t in range(1, 6) for c in range(1, 5)]


# id, what it is, the method of each side, HTTP calls per operation (Redmine, Resolute)
SCENARIOS = [
    ("a", "overdue open tasks of a district's subtree, first page + total (API)", "overdue_subtree", (1, 1)),
    ("b", "count by status, whole instance (API)", "count_by_status", (6, 1)),
    ("c", "a task with its history (API)", "task_with_history", (1, 1)),
    ("d", "add a progress note (API)", "add_note", (1, 1)),
    ("e", "create a task (API)", "create_task", (1, 1)),
    ("a_page", "task list page: overdue, a district's subtree", "overdue_page", (1, 1)),
    ("c_page", "a task's page", "task_page", (1, 1)),
]


# -- measuring ---------------------------------------------------------------------------------------


def timed(operation, i) -> float:
    started = time.perf_counter()
    operation(i)
    return time.perf_counter() - started


def run_round(operation, counter, n: int, conc: int, deadline: float) -> tuple[list[float], float]:
    latencies, lock = [], threading.Lock()

    def one(_):
        if time.monotonic() > deadline:
            return
        with lock:
            counter[0] += 1
            i = counter[0]
        elapsed = timed(operation, i)
        with lock:
            latencies.append(elapsed)

    started = time.perf_counter()
    with ThreadPoolExecutor(conc) as pool:
        list(pool.map(one, range(n)))
    return latencies, time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(latencies: list[float], rates: list[float]) -> dict:
    if not latencies:
        return {"ops": 0, "rounds": 0, "median_ms": None, "p95_ms": None, "ops_per_s": None}
    return {
        "ops": len(latencies),
        "rounds": len(rates),
        "median_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * percentile(latencies, 0.95),
        "ops_per_s": statistics.median(rates),
    }


def measure(sides, method: str, args) -> dict:
    """Warm up, then the latency pass (one operation of each side in turn) and the throughput pass
    (one round of each side in turn)."""
    operations = [getattr(side, method) for side in sides]
    counters = [[0] for _ in sides]
    for i in range(args.warmup):
        for operation in operations:
            operation(10_000_000 + i)
    result = {side.name: {} for side in sides}

    # Latency: concurrency 1, Redmine's operation then Resolute's, REQS times a round.
    deadline = time.monotonic() + args.max_seconds * len(sides)
    latencies = [[] for _ in sides]
    rates = [[] for _ in sides]
    for _round in range(args.rounds):
        if time.monotonic() > deadline:
            break
        spent = [0.0 for _ in sides]
        done = [0 for _ in sides]
        for _ in range(args.reqs):
            if time.monotonic() > deadline:
                break
            for k, operation in enumerate(operations):
                counters[k][0] += 1
                elapsed = timed(operation, counters[k][0])
                latencies[k].append(elapsed)
                spent[k] += elapsed
                done[k] += 1
        for k in range(len(sides)):
            if done[k]:
                rates[k].append(done[k] / spent[k])
    for k, side in enumerate(sides):
        result[side.name]["c1"] = summary(latencies[k], rates[k])

    # Throughput: CONC threads, a round of Redmine then a round of Resolute.
    deadline = time.monotonic() + args.max_seconds * len(sides)
    latencies = [[] for _ in sides]
    rates = [[] for _ in sides]
    for _round in range(args.rounds):
        if time.monotonic() > deadline:
            break
        for k, operation in enumerate(operations):
            lat, wall = run_round(operation, counters[k], args.reqs, args.conc, deadline)
            if lat:
                latencies[k] += lat
                rates[k].append(len(lat) / wall)
    for k, side in enumerate(sides):
        result[side.name][f"c{args.conc}"] = summary(latencies[k], rates[k])
    return result


def ratio(slow, fast) -> str:
    if not slow or not fast:
        return "–"
    return f"{slow / fast:.1f}×"


def print_table(results: dict, args, meta: dict) -> None:
    cn = f"c{args.conc}"
    print()
    print(
        f"Redmine {meta['redmine']['version']} and Resolute {meta['resolute']['commit']}: "
        f"{meta['redmine']['tasks']:,} / {meta['resolute']['tasks']:,} tasks, today {meta['today']}, "
        f"{args.rounds} rounds × {args.reqs} operations, throughput with {args.conc} client threads"
    )
    header = (
        f"{'':8}{'median ms c1':>22}{'':8}{'p95 ms c1':>20}{'':8}{'ops/s ' + cn:>20}{'':8}"
        f"{'median ms ' + cn:>20}"
    )
    print(header)
    print(
        f"{'':8}"
        + f"{'Redmine':>11}{'Resolute':>11}{'ratio':>8}" * 2
        + f"{'Redmine':>11}{'Resolute':>11}{'ratio':>8}"
        + f"{'Redmine':>11}{'Resolute':>11}"
    )
    for scenario, _label, _method, _calls in SCENARIOS:
        if scenario not in results:
            continue
        r, s = results[scenario]["Redmine"], results[scenario]["Resolute"]

        def cell(value, digits=1):
            return f"{value:>11.{digits}f}" if value is not None else f"{'–':>11}"

        print(
            f"{scenario:8}"
            f"{cell(r['c1']['median_ms'])}{cell(s['c1']['median_ms'])}"
            f"{ratio(r['c1']['median_ms'], s['c1']['median_ms']):>8}"
            f"{cell(r['c1']['p95_ms'])}{cell(s['c1']['p95_ms'])}"
            f"{ratio(r['c1']['p95_ms'], s['c1']['p95_ms']):>8}"
            f"{cell(r[cn]['ops_per_s'])}{cell(s[cn]['ops_per_s'])}"
            f"{ratio(s[cn]['ops_per_s'], r[cn]['ops_per_s']):>8}"
            f"{cell(r[cn]['median_ms'])}{cell(s[cn]['median_ms'])}"
        )
    print(
        "ratio: how many times faster Resolute is (Redmine's time ÷ Resolute's; Resolute's ops/s ÷ Redmine's)"
    )


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=PEER_DIR, capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


def redmine_version() -> str:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", "redmine"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


def main() -> None:
    args = parse_arguments()
    redmine, resolute = Redmine(args.redmine), Resolute(args.resolute)
    today = resolute.today()
    redmine.prepare(today)
    resolute.prepare(today)
    meta = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "today": today.isoformat(),
        "redmine": {"version": redmine_version(), **redmine.describe()},
        "resolute": {"commit": git_commit(), **resolute.describe()},
        "rounds": args.rounds,
        "reqs": args.reqs,
        "conc": args.conc,
        "warmup": args.warmup,
        "load_average_before": os.getloadavg(),
        "http_calls_per_op": {
            scenario: dict(zip(("Redmine", "Resolute"), calls, strict=True))
            for scenario, *_, calls in SCENARIOS
        },
    }
    overdue = {name: meta[name.lower()]["overdue_open_in_dist_01"] for name in ("Redmine", "Resolute")}
    print(
        f"overdue open tasks of dist-01 and its communes (due on or before {today - timedelta(days=1)}): "
        + ", ".join(f"{name} {count:,}" for name, count in overdue.items()),
        flush=True,
    )
    only = set(filter(None, args.only.split(",")))
    results = {}
    for scenario, label, method, _calls in SCENARIOS:
        if only and scenario not in only:
            continue
        results[scenario] = measure([redmine, resolute], method, args)
        line = ", ".join(
            f"{name} {values['c1']['median_ms']:.1f} ms"
            for name, values in results[scenario].items()
            if values["c1"]["ops"]
        )
        print(f"done {scenario} ({label}): median at c1 {line}", flush=True)
    meta["load_average_after"] = os.getloadavg()
    print_table(results, args, meta)
    out = (
        Path(args.json_out)
        if args.json_out
        else RESULTS_DIR / f"peer-{resolute.tasks}-{datetime.now().strftime('%Y%m%d-%H%M')}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"meta": meta, "results": results}, indent=1), encoding="utf-8")
    print(f"results in {out}")


if __name__ == "__main__":
    main()
