"""`resolute scheduler`: every minute, enqueue the periodic jobs that are due (see `actions.scheduler`).

Runs beside `resolute db_worker`, which executes what it enqueues; `make run` starts both."""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from resolute.reporting.actions.scheduler import tick

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (the urging ladder, e-mail, the daily digest) when they are due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once, enqueue what is due and stop.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between checks (default 60).")

    def handle(self, *args, once=False, interval=60, **options):
        while True:
            try:
                for name in tick():
                    self.stdout.write(f"Enqueued {name}")
            except DatabaseError as error:
                # The database may be restarting: try again at the next check rather than stop.
                if once:
                    raise
                logger.warning("The scheduler could not check its jobs: %s", error)
            if once:
                return
            # Sleep to the next whole interval, so checks stay on the minute however long a tick took.
            time.sleep(interval - time.time() % interval)
            # A connection left from the last check may have been dropped while the loop slept.
            close_old_connections()
