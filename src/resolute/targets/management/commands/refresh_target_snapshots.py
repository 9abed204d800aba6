"""`resolute refresh_target_snapshots [--day YYYY-MM-DD]`: store every target's evaluation for a day
(what the nightly job does for today), e.g. after data was restored or loaded in bulk."""

from django.core.management.base import BaseCommand

from resolute.core import clock
from resolute.targets.actions.evaluations import refresh_target_evaluations

from .check_target_snapshots import iso_day


class Command(BaseCommand):
    help = (
        "Evaluate every target on today (or --day) and store the results, which the dashboard, the "
        "report and the target list read for today."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", type=iso_day, default=None, help="the day (default: today)")

    def handle(self, *args, day, **options):
        result = refresh_target_evaluations(day=day or clock.today())
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.evaluated} target(s) evaluated for {result.day.isoformat()}, "
                f"{result.written} stored evaluation(s) written"
                + (f", {len(result.skipped)} left to a newer change" if result.skipped else "")
                + "."
            )
        )
