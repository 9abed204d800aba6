"""What the load test's simulated users may do, read from the load database; and its row counts.

Run by `bench_load.py` in a process of its own, with the load database in `DATABASE_URL`:

    python bench/load_plan.py plan    # JSON: for each demo account, the ids its pages and writes use
    python bench/load_plan.py count   # JSON: the rows of each kind the load test writes

The plan asks the app's own selectors and permissions, so a simulated user only does what the real
user may do: a refused write in the load test is an error, never an expected "no".
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resolute.config.settings.base")

import django  # noqa: E402

django.setup()

from resolute.accounts.models import ApiToken, User  # noqa: E402
from resolute.core import clock  # noqa: E402
from resolute.core.periods import Period  # noqa: E402
from resolute.demo import data as demo_data  # noqa: E402
from resolute.directives.models import Document  # noqa: E402
from resolute.orgunits.models import OrgUnit  # noqa: E402
from resolute.orgunits.scope import scope_for  # noqa: E402
from resolute.reports.models import ImplementationReport  # noqa: E402
from resolute.targets.actions.values import is_locked  # noqa: E402
from resolute.targets.models import DataValue, Target  # noqa: E402
from resolute.targets.permissions import can_enter_values  # noqa: E402
from resolute.targets.views.entry import _entry_units, owed_indicators  # noqa: E402
from resolute.tasks.models import ProgressReport, Task, TaskComment  # noqa: E402
from resolute.tasks.status import TaskStatus  # noqa: E402
from resolute.tasks.views.tasks import units_to_report_for  # noqa: E402

# The tables the load test writes to, by the kind of write that adds a row to each.
COUNTED = {
    "progress_report": ProgressReport,
    "comment": TaskComment,
    "indicator_value": DataValue,
    "api_token": ApiToken,
}


def entry_cells(user) -> list[dict]:
    """(unit, period, indicator) cells the user may fill today: the last ended period when still open,
    else the current one; with the latest figure as the base of the value the load test enters."""
    cells = []
    today = clock.today()
    for unit in _entry_units(user):
        if not can_enter_values(user, unit):
            continue
        for indicator in owed_indicators(unit):
            current = Period.containing(today, indicator.periodicity)
            for period in (current.previous(), current):
                if indicator not in owed_indicators(unit, periodicity=period.type, year=period.year):
                    continue
                if is_locked(unit, period, indicator=indicator)[0]:
                    continue
                latest = (
                    DataValue.objects.filter(indicator=indicator, unit=unit, superseded_by__isnull=True)
                    .order_by("-period", "-id")
                    .values_list("value", flat=True)
                    .first()
                )
                cells.append(
                    {
                        "unit": unit.pk,
                        "period": period.code,
                        "indicator": indicator.pk,
                        "code": indicator.code,
                        "value": str(latest if latest is not None else 100),
                    }
                )
                break
    return cells


def plan() -> dict:
    accounts = {}
    for username, *_rest in demo_data.USERS:
        user = User.objects.get(username=username)
        scope = scope_for(user)
        current_units = OrgUnit.objects.visible_to(user).filter(effective_to__isnull=True).order_by("path")
        tasks = list(Task.objects.visible_to(user).select_related("lead_unit").order_by("pk"))
        report_on = []
        for task in tasks:
            units = units_to_report_for(user, task)
            if units:
                report_on.append({"task": task.pk, "unit": units[0].pk})
        words = sorted({w.strip("(),.;:") for task in tasks for w in task.title.split()})
        words = [word for word in words if len(word) > 4 and word.isalpha()][:30]
        accounts[username] = {
            "password": demo_data.PASSWORD,
            "tasks": [task.pk for task in tasks],
            "report_on": report_on,
            "entry": entry_cells(user),
            "targets": list(Target.objects.visible_to(user).order_by("pk").values_list("pk", flat=True)),
            "documents": list(Document.objects.visible_to(user).order_by("pk").values_list("pk", flat=True)),
            "reports": list(
                ImplementationReport.objects.visible_to(user).order_by("pk").values_list("pk", flat=True)
            ),
            # The units whose scorecard the user may open: those of the subtrees the user covers.
            "units": [unit.pk for unit in current_units if scope.covers(unit)][:40],
            "words": words,
        }
    return {"accounts": accounts, "statuses": [status.value for status in TaskStatus]}


def count() -> dict:
    return {kind: model.objects.count() for kind, model in COUNTED.items()}


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command not in ("plan", "count"):
        sys.exit("Usage: load_plan.py plan|count")
    print(json.dumps(plan() if command == "plan" else count()))
