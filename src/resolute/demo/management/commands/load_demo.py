from django.core.management.base import BaseCommand

from resolute.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the Quang Nam demo built from the seed. Safe to run again: adds only what is missing."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        load_demo(log=lambda message: verbosity and self.stdout.write(message))
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS("Demo ready. Sign in as office, leader, finance, hoian or admin.")
            )
