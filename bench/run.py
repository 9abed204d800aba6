"""The benchmark suite: each figure is a ratio against a baseline measured in the same run.

Run with `make bench` (SQLite) or `DATABASE_URL=postgres://… make bench`. It builds its own throwaway
test database, so it never touches the demo data. Name suites to run only those:
`python bench/run.py dashboard tasks`.

The national suite (`python bench/run.py national`, `bench_national.py`) times the busiest pages against
their budgets on a synthetic country prepared once with `resolute generate_country`, named by
`BENCH_COUNTRY_URL`; without it, it says how to prepare one and skips. It runs in a process of its own,
with the settings `make run` serves.

The load suite (`python bench/run.py load`, `bench_load.py`) is of another kind: it serves the demo with
gunicorn on a database of its own and runs simulated users against it for 10 minutes (see its docstring
and docs/dev/performance.md). It runs last.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resolute.config.settings.test")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402


def best_of(function, repeat: int = 7) -> float:
    """The median of `repeat` timed runs, in seconds (one warm-up run first)."""
    function()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


SUITES = [
    "orgunits",
    "reorganisation",
    "tasks",
    "task_import",
    "extraction",
    "investment",
    "dashboard",
    "report",
    "national",
    "load",
]
# Suites that run in a process or on a database of their own, not on the throwaway test database.
OWN_DATABASE = ("national", "load")


def main() -> None:
    chosen = sys.argv[1:] or SUITES
    unknown = set(chosen) - set(SUITES)
    if unknown:
        sys.exit(f"Unknown suites {sorted(unknown)}; choose among {SUITES}.")
    timed = [suite for suite in SUITES if suite in chosen and suite not in OWN_DATABASE]
    if timed:
        run_timed(timed)
    if "national" in chosen:
        national = Path(__file__).resolve().parent / "bench_national.py"
        subprocess.run([sys.executable, str(national)], check=True)
    if "load" in chosen:
        import bench_load

        bench_load.run_load()


def run_timed(chosen: list[str]) -> None:
    """The suites that time functions on the throwaway test database, as ratios to their baselines."""
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        import importlib

        rows = []
        # The dashboard and the report run last: the demo and the synthetic province they load would
        # change the units the other suites pick.
        for suite in SUITES:
            if suite in chosen:
                rows += importlib.import_module(f"bench_{suite}").run(best_of)
    finally:
        teardown_databases(old_config, verbosity=0)
    width = max(len(name) for name, *_ in rows)
    print(f"{'benchmark'.ljust(width)}  {'time':>10}  {'baseline':>10}  ratio")
    for name, seconds, baseline, baseline_name in rows:
        ratio = seconds / baseline
        timings = f"{seconds * 1000:8.1f}ms  {baseline * 1000:8.1f}ms"
        print(f"{name.ljust(width)}  {timings}  {ratio:5.1f}×  vs {baseline_name}")


if __name__ == "__main__":
    main()
