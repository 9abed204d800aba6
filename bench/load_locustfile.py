"""The load test's simulated users, for locust (run headless by `bench_load.py`, never by hand alone).

Each simulated user signs in as one of the demo accounts (in turn, so every account has sessions), then
mixes reads and writes with a pause between them (`RESOLUTE_LOAD_PAUSE`, default 1-5 seconds), doing
only what that account may do (the plan, `load_plan.py`, asks the app's own permissions):

- reads: the dashboard, the task list with a filter, a task, a target, the reports (a scorecard, a
  document's implementation reports), the API's lists;
- writes, through the pages as a browser sends them (form fetched first, its hidden fields and CSRF
  token kept): a progress report on a task, a figure in the value entry grid, a comment; and through
  the API with a personal token: a comment, a progress report, a figure.

A write is "acknowledged" when the server answers as it does on success (a redirect to the task or the
grid, a 201 from the API); anything else is a failure with the reason shown to the user. The counts of
acknowledged writes by kind, with each page's figures and the failures, are written as JSON to
`RESOLUTE_LOAD_RESULTS` when locust stops, so the bench can compare them with the rows the database gained.
"""

import itertools
import json
import os
import random
import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

with open(os.environ["RESOLUTE_LOAD_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)
ACCOUNTS = itertools.cycle(sorted(PLAN["accounts"]))
ACKNOWLEDGED: Counter = Counter()
PAUSE = [float(seconds) for seconds in os.environ.get("RESOLUTE_LOAD_PAUSE", "1-5").split("-")]


@events.quitting.add_listener
def write_results(environment, **kwargs):
    """The final figures, once every user has stopped (a request finished during the stop timeout
    counts too): each page's requests, failures, p50, p95 and rate, the failures, the acknowledged
    writes."""

    def figures(entry, name: str) -> dict:
        return {
            "name": name,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "rps": entry.total_rps,
        }

    stats = environment.stats
    entries = sorted(stats.entries.values(), key=lambda entry: (entry.name, entry.method))
    results = {
        "pages": [figures(entry, f"{entry.method} {entry.name}") for entry in entries],
        "all": figures(stats.total, "all"),
        "failures": [
            {"page": f"{error.method} {error.name}", "error": str(error.error), "count": error.occurrences}
            for error in stats.errors.values()
        ],
        "acknowledged": dict(ACKNOWLEDGED),
    }
    with open(os.environ["RESOLUTE_LOAD_RESULTS"], "w", encoding="utf-8") as file:
        json.dump(results, file)


class FormFields(HTMLParser):
    """The fields of the forms of a page that post to the path `action`, as a browser would
    send them untouched: inputs with their value, checked boxes, each select's selected option."""

    def __init__(self, action: str):
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: dict[str, str] = {}
        self.select: str | None = None
        self.first_option = False
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = urlsplit(attrs.get("action") or "").path == self.action
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self.select = attrs["name"]
            self.first_option = True
        elif tag == "option" and self.select:
            # A select sends its selected option, or its first one when none is selected.
            if "selected" in attrs or self.first_option:
                self.fields[self.select] = attrs.get("value") or ""
            self.first_option = False
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


def form_fields(html: str, action: str) -> dict[str, str]:
    parser = FormFields(action)
    parser.feed(html)
    return parser.fields


def refusal(response) -> str:
    """What the page or the API told the user when a write was not done, short."""
    if response.status_code >= 500:
        return f"{response.status_code} server error"
    text = response.text or ""
    if "application/json" in response.headers.get("Content-Type", ""):
        return f"{response.status_code} {text[:200]}"
    errors = re.findall(r'class="[^"]*errorlist[^"]*"[^>]*>(.*?)</ul>', text, re.S)
    errors += re.findall(r'role="alert"[^>]*>(.*?)</', text, re.S)
    message = re.sub(r"<[^>]+>|\s+", " ", " ".join(errors)).strip()
    return f"{response.status_code} {message[:200] or 'refused without a form error'}"


class DemoUser(HttpUser):
    wait_time = between(PAUSE[0], PAUSE[-1])

    def on_start(self):
        self.username = next(ACCOUNTS)
        self.plan = PLAN["accounts"][self.username]
        self.client.get("/accounts/login/", name="/accounts/login/")
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": self.plan["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="/accounts/login/ (sign in)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(refusal(response))
        self.token = None
        with self.client.post(
            "/api/v1/accounts/me/tokens",
            json={"name": f"load test {self.username}"},
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="/api/v1/accounts/me/tokens (new token)",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                self.token = response.json()["token"]
                ACKNOWLEDGED["api_token"] += 1
            else:
                response.failure(refusal(response))

    # -- reads -------------------------------------------------------------------------------------

    def read(self, url: str, **kwargs):
        """GET a page; a page that sends the user back to sign in has failed (the session was lost)."""
        with self.client.get(url, catch_response=True, **kwargs) as response:
            if "/accounts/login/" in (response.url or ""):
                response.failure("sent back to the sign-in page")
            return response

    @task(4)
    def dashboard(self):
        self.read("/reports/", name="/reports/ (dashboard)")

    @task(6)
    def task_list(self):
        filters = random.choice(
            [
                {},
                {"status": random.choice(PLAN["statuses"])},
                {"sort": "status"},
                {"q": random.choice(self.plan["words"] or ["a"])},
                {"unit": random.choice(self.plan["units"]), "include_below": "true"},
            ]
        )
        self.read("/tasks/", params=filters, name="/tasks/?filters (task list)")

    @task(6)
    def task_detail(self):
        self.read(f"/tasks/{random.choice(self.plan['tasks'])}/", name="/tasks/[id]/ (task)")

    @task(3)
    def target_detail(self):
        self.read(f"/targets/{random.choice(self.plan['targets'])}/", name="/targets/[id]/ (target)")

    @task(2)
    def reports(self):
        if random.random() < 0.5 or not self.plan["reports"]:
            unit = random.choice(self.plan["units"])
            self.read(f"/reports/units/{unit}/", name="/reports/units/[id]/ (scorecard)")
        else:
            document = random.choice(self.plan["documents"])
            self.read(
                f"/reports/implementation/document/{document}/",
                name="/reports/implementation/document/[id]/ (reports)",
            )

    @task(4)
    def api_lists(self):
        headers = self.api_headers()
        choice = random.randrange(4)
        if choice == 0:
            status = random.choice(PLAN["statuses"])
            self.read("/api/v1/tasks/", params={"status": status}, headers=headers, name="/api/v1/tasks/")
        elif choice == 1:
            self.read("/api/v1/targets/targets", headers=headers, name="/api/v1/targets/targets")
        elif choice == 2:
            unit = random.choice(self.plan["units"])
            params = {"unit": unit}
            self.read("/api/v1/targets/values", params=params, headers=headers, name="/api/v1/targets/values")
        else:
            self.read("/api/v1/documents/", headers=headers, name="/api/v1/documents/")

    # -- writes through the pages ------------------------------------------------------------------

    def post_form(self, url: str, name: str, kind: str, values: dict, acknowledged_at: str) -> None:
        """Fetch the form's page, fill in `values` over the fields it holds, send it; acknowledged
        when the server redirects to `acknowledged_at`."""
        page = self.read(url, name=f"{name} (form)")
        fields = form_fields(page.text, url)
        fields.update(values)
        fields["csrfmiddlewaretoken"] = self.client.cookies.get("csrftoken", "")
        post = {"data": fields, "name": name, "allow_redirects": False, "catch_response": True}
        with self.client.post(url, **post) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and location.startswith(acknowledged_at):
                ACKNOWLEDGED[kind] += 1
            else:
                response.failure(refusal(response))

    @task(3)
    def report_progress(self):
        if not self.plan["report_on"]:
            return self.task_detail()
        choice = random.choice(self.plan["report_on"])
        self.post_form(
            f"/tasks/{choice['task']}/reports/new/",
            "/tasks/[id]/reports/new/ (progress report)",
            "progress_report",
            {
                "unit": str(choice["unit"]),
                "narrative": f"Load test: progress of the week, by {self.username}.",
                "percent_complete": str(random.randint(0, 100)),
            },
            f"/tasks/{choice['task']}/",
        )

    @task(2)
    def comment(self):
        task_id = random.choice(self.plan["tasks"])
        self.post_form(
            f"/tasks/{task_id}/comments/new/",
            "/tasks/[id]/comments/new/ (comment)",
            "comment",
            {"text": f"Load test: a remark by {self.username}."},
            f"/tasks/{task_id}/",
        )

    @task(2)
    def enter_value(self):
        if not self.plan["entry"]:
            return self.target_detail()
        cell = random.choice(self.plan["entry"])
        url = f"/targets/entry/?unit={cell['unit']}&period={cell['period']}"
        page = self.read(url, name="/targets/entry/ (value grid)")
        # Only this cell is sent: the other cells of the grid stay as they are.
        fields = {
            name: value
            for name, value in form_fields(page.text, "/targets/entry/").items()
            if not re.match(r"(value|comment)_\d+$", name)
        }
        fields.update(
            {
                "unit": str(cell["unit"]),
                "period": cell["period"],
                f"value_{cell['indicator']}": str(self.figure(cell)),
                f"comment_{cell['indicator']}": "Load test: figure revised.",
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            }
        )
        with self.client.post(
            url,
            data=fields,
            name="/targets/entry/ (save a figure)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and location.startswith("/targets/entry/"):
                ACKNOWLEDGED["indicator_value"] += 1
            else:
                response.failure(refusal(response))

    @staticmethod
    def figure(cell) -> Decimal:
        """A figure within 1% of the latest one, so no range or jump rule refuses it."""
        base = Decimal(cell["value"])
        return (base * Decimal(1 + random.uniform(-0.01, 0.01))).quantize(Decimal("0.01"))

    # -- writes through the API --------------------------------------------------------------------

    def api_headers(self) -> dict:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def api_post(self, url: str, name: str, kind: str, payload: dict) -> None:
        with self.client.post(
            url, json=payload, headers=self.api_headers(), name=name, catch_response=True
        ) as response:
            if response.status_code == 201:
                ACKNOWLEDGED[kind] += len(response.json().get("saved", [None]))
            else:
                response.failure(refusal(response))

    @task(2)
    def api_write(self):
        choice = random.randrange(3)
        if choice == 0 and self.plan["report_on"]:
            report = random.choice(self.plan["report_on"])
            self.api_post(
                f"/api/v1/tasks/{report['task']}/reports",
                "/api/v1/tasks/[id]/reports",
                "progress_report",
                {"unit_id": report["unit"], "narrative": "Load test: reported through the API."},
            )
        elif choice == 1 and self.plan["entry"]:
            cell = random.choice(self.plan["entry"])
            self.api_post(
                "/api/v1/targets/values",
                "/api/v1/targets/values (save a figure)",
                "indicator_value",
                {
                    "unit": cell["unit"],
                    "period": cell["period"],
                    "entries": [
                        {"indicator": cell["code"], "value": str(self.figure(cell)), "comment": "Load test."}
                    ],
                },
            )
        else:
            task_id = random.choice(self.plan["tasks"])
            self.api_post(
                f"/api/v1/tasks/{task_id}/comments",
                "/api/v1/tasks/[id]/comments",
                "comment",
                {"text": f"Load test: a remark through the API by {self.username}."},
            )
