from datetime import date

from django.core.management.base import BaseCommand, CommandError

from resolute.demo.country import AlreadyGenerated, CountryOptions
from resolute.demo.country.load import load_country


class Command(BaseCommand):
    help = (
        "Add a synthetic country at national scale: Vietnam's 34 provinces and 3,321 communes with their "
        "bodies and ministries, a million tasks with their histories, ten million indicator values, and "
        "investment projects, petitions and oversight in proportion, plus a viewer of each province and of "
        "the country to sign in with. Bulk-loaded sample data without a change log (COPY on PostgreSQL); "
        "the same seed, day and sizes give the same rows. Refuses to run twice with the same seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random choices (default 1).")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The day the histories lead up to, YYYY-MM-DD (default today).",
        )
        parser.add_argument("--tasks", type=int, default=1_000_000, help="Tasks (default 1,000,000).")
        parser.add_argument(
            "--values", type=int, default=10_000_000, help="Indicator values (default 10,000,000)."
        )
        parser.add_argument(
            "--projects",
            type=int,
            default=None,
            help="Investment projects (default: in proportion to tasks).",
        )
        parser.add_argument(
            "--petitions", type=int, default=None, help="Petitions (default: in proportion to tasks)."
        )
        parser.add_argument(
            "--oversights",
            type=int,
            default=None,
            help="Oversight conclusions, whose recommendations are among the tasks (default: in proportion).",
        )
        parser.add_argument(
            "--provinces",
            type=int,
            default=None,
            help="Only the first N of the 34 provinces (a small country).",
        )
        parser.add_argument(
            "--communes-per-province", type=int, default=None, help="At most N communes in each province."
        )
        parser.add_argument(
            "--password", default="bench", help="Password of the generated viewers (default “bench”)."
        )
        indexes = parser.add_mutually_exclusive_group()
        indexes.add_argument(
            "--rebuild-indexes",
            dest="rebuild_indexes",
            action="store_true",
            default=None,
            help="PostgreSQL: drop secondary indexes and foreign keys during the load, rebuild them after "
            "(default for a large country).",
        )
        indexes.add_argument(
            "--keep-indexes",
            dest="rebuild_indexes",
            action="store_false",
            help="PostgreSQL: keep every index and foreign key during the load.",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]

        def log(message):
            if verbosity:
                self.stdout.write(message)
                self.stdout.flush()

        try:
            country = CountryOptions(
                seed=options["seed"],
                today=options["today"],
                tasks=options["tasks"],
                values=options["values"],
                projects=options["projects"],
                petitions=options["petitions"],
                oversights=options["oversights"],
                provinces=options["provinces"],
                communes_per_province=options["communes_per_province"],
                password=options["password"],
                rebuild_indexes=options["rebuild_indexes"],
            )
            log(
                f"Generating a country (seed {country.seed}, day {country.today}): {country.tasks:,} tasks, "
                f"{country.values:,} values, {country.projects:,} projects, {country.petitions:,} petitions, "
                f"{country.oversights:,} oversight conclusions."
            )
            loaded = load_country(country, log=log)
        except (AlreadyGenerated, ValueError) as error:
            raise CommandError(str(error)) from error
        if verbosity:
            for table, count in sorted(loaded.counts.items()):
                self.stdout.write(f"  {table}: {count:,}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Synthetic country ready: unit #{loaded.root.pk}, {sum(loaded.counts.values()):,} rows "
                    f"in {loaded.seconds / 60:.1f} min. Sign in as {loaded.usernames[0]} (or "
                    f"{loaded.usernames[-1]}…) with the password given."
                )
            )
