"""`resolute check_status [--repair]`: compare each task's stored status columns with its history."""

from django.core.management.base import BaseCommand, CommandError

from resolute.tasks.actions.status_columns import check_status_columns


class Command(BaseCommand):
    help = (
        "Compare every task's stored deadline, completion and last report with its history as of today, "
        "and the copies kept from them (on the coordinations, in the status tally) with the tasks; "
        "list the differences, and rewrite them from the history with --repair. "
        "Exits with status 1 when differences are left."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="rewrite the differing tasks from their history"
        )

    def handle(self, *args, repair, **options):
        check = check_status_columns(repair=repair)
        copies = check.copies
        if copies.differing_coordinations or copies.differing_units:
            self.stdout.write(
                f"{copies.differing_coordinations} coordination(s) hold copies that differ from their task; "
                f"the status tally of {copies.differing_units} unit(s) differs from their tasks"
                + (" — rewritten." if repair else ".")
            )
        if not check.differing_tasks:
            if (copies.differing_coordinations or copies.differing_units) and not repair:
                raise CommandError("The kept copies differ from the tasks; run with --repair.")
            self.stdout.write(
                self.style.SUCCESS("Every task's stored status columns agree with its history.")
            )
            return
        for difference in check.examples:
            self.stdout.write(
                f"task {difference.task_id}: {difference.column} is {difference.stored or '—'}, "
                f"its history gives {difference.replayed or '—'}"
            )
        if repair:
            self.stdout.write(self.style.WARNING(f"{check.repaired} task(s) rewritten from their history."))
            return
        raise CommandError(f"{check.differing_tasks} task(s) differ from their history; run with --repair.")
