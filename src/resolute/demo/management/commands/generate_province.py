from datetime import date

from django.core.management.base import BaseCommand, CommandError

from resolute.demo.synthetic import AlreadyGenerated, generate_province


class Command(BaseCommand):
    help = (
        "Add a synthetic province SCALE times the demo (units, tasks with their history, targets and "
        "values), for measuring pages at scale. Bulk-loaded sample data without a change log; the same "
        "scale, seed and day give the same province. Refuses to run twice with the same scale and seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=10, help="How many times the demo (default 10).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random choices (default 1).")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The day the histories lead up to, YYYY-MM-DD (default today).",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        try:
            generated = generate_province(
                scale=options["scale"],
                seed=options["seed"],
                today=options["today"],
                log=lambda message: verbosity and self.stdout.write(message),
            )
        except (AlreadyGenerated, ValueError) as error:
            raise CommandError(str(error)) from error
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Synthetic province ready: unit #{generated.province.pk}."))
