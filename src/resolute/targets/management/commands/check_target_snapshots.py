"""`resolute check_target_snapshots [--repair] [--day YYYY-MM-DD]`: compare the stored evaluations of a
day with live evaluations of every target."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from resolute.targets.actions.evaluations import check_target_snapshots


def iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--day: {text!r} is not a day written YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = (
        "Compare every target's stored evaluation for today (or --day) with its live evaluation, in "
        "every language; list the differences, and refresh the differing, missing and stale ones with "
        "--repair. Exits with status 1 when differences are left."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="refresh the targets found")
        parser.add_argument("--day", type=iso_day, default=None, help="the day to check (default: today)")

    def handle(self, *args, repair, day, **options):
        check = check_target_snapshots(day, repair=repair)
        self.stdout.write(
            f"{check.checked} target(s) checked for {check.day.isoformat()}: "
            f"{len(check.differing_targets)} differing, {len(check.missing)} missing, "
            f"{len(check.stale)} awaiting their refresh."
        )
        for difference in check.differing[:20]:
            self.stdout.write(
                f"target {difference.target_id}: {difference.what} is {difference.stored!r}, "
                f"live {difference.live!r}"
            )
        if repair:
            if check.repaired:
                self.stdout.write(self.style.WARNING(f"{check.repaired} stored evaluation(s) refreshed."))
            return
        if check.differing:
            raise CommandError(
                f"{len(check.differing_targets)} target(s) have a stored evaluation that differs from the "
                "live one; run with --repair."
            )
        self.stdout.write(self.style.SUCCESS("Every current stored evaluation agrees with the live one."))
