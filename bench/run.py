"""The benchmark suite: each figure is a ratio against a baseline measured in the same run.

Run with `make bench` (SQLite) or `DATABASE_URL=postgres://… make bench`. It builds its own throwaway
test database, so it never touches the demo data.
"""

import os
import statistics
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


def main() -> None:
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        import bench_extraction
        import bench_orgunits
        import bench_tasks

        rows = bench_orgunits.run(best_of) + bench_tasks.run(best_of) + bench_extraction.run(best_of)
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
