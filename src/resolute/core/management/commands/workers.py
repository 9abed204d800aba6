"""`resolute workers`: one `db_worker` per queue, each restarted when it exits.

The long jobs (reading a text, importing a workbook) run on the "long" queue and the short periodic
ones (e-mail, the urging ladder, the digest, recovery) on "default", each queue with its own worker
process, so a reading never holds up an e-mail. A worker that exits — killed, out of memory, crashed —
is started again after `--restart-delay` seconds, doubling (up to a minute) while it keeps dying
within seconds of starting. The job it was running is recovered by the scheduler (`recover_stalled_jobs`).
SIGTERM or Ctrl+C stops the workers (each finishes or abandons its job as `db_worker` does) and exits.
"""

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand

logger = logging.getLogger(__name__)

# A worker that dies sooner than this after starting is failing at start: wait longer each time.
QUICK_EXIT_SECONDS = 10
MAX_RESTART_DELAY = 60.0


@dataclass
class Child:
    name: str
    command: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    delay: float = 0.0
    restart_at: float = 0.0
    starts: int = 0
    pids: list[int] = field(default_factory=list)


class Supervisor:
    """Starts each command and starts it again whenever it exits, until `stop()`."""

    def __init__(self, commands: dict[str, list[str]], *, restart_delay: float = 1.0, write=print):
        self.children = [Child(name, command) for name, command in commands.items()]
        self.restart_delay = restart_delay
        self.write = write
        self.stopping = False

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(child.command)  # noqa: S603 - our own commands
        child.started_at = time.monotonic()
        child.starts += 1
        child.pids.append(child.process.pid)
        self.write(f"Started the worker of queue {child.name} (pid {child.process.pid})")

    def start(self) -> None:
        for child in self.children:
            self._start(child)

    def check(self) -> None:
        """Restart each child that exited, once its delay has passed."""
        now = time.monotonic()
        for child in self.children:
            if child.process is not None:
                code = child.process.poll()
                if code is None:
                    continue
                quick = now - child.started_at < QUICK_EXIT_SECONDS
                child.delay = (
                    min(child.delay * 2, MAX_RESTART_DELAY) if quick and child.delay else self.restart_delay
                )
                child.restart_at = now + child.delay
                child.process = None
                self.write(
                    f"The worker of queue {child.name} exited with code {code}; "
                    f"restarting in {child.delay:g} s"
                )
            if not self.stopping and now >= child.restart_at:
                self._start(child)

    def stop(self, timeout: float = 30) -> None:
        """Ask every worker to stop (SIGTERM: finish the job in hand), then kill the ones that linger."""
        self.stopping = True
        running = [child.process for child in self.children if child.process and child.process.poll() is None]
        for process in running:
            process.terminate()
        deadline = time.monotonic() + timeout
        for process in running:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def run(self, *, check_every: float = 1.0) -> None:
        self.start()
        try:
            while not self.stopping:
                time.sleep(check_every)
                self.check()
        finally:
            self.stop()


def worker_command(queue: str, interval: float) -> list[str]:
    worker_id = f"{queue}-{socket.gethostname()}-{os.getpid()}"[:64]
    return [
        sys.executable,
        "-m",
        "resolute.manage",
        "db_worker",
        "--queue-name",
        queue,
        "--interval",
        str(interval),
        "--no-reload",
        "--no-startup-delay",
        "--worker-id",
        worker_id,
    ]


class Command(BaseCommand):
    help = "Run one background worker per queue (default, long) and restart any that exits."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queues", default="default,long", help="The queues, one worker each (default: default,long)."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds a worker waits when its queue is empty."
        )
        parser.add_argument(
            "--restart-delay",
            type=float,
            default=1.0,
            help="Seconds before a worker that exited is restarted.",
        )

    def handle(self, *args, queues, interval, restart_delay, **options):
        names = [name.strip() for name in queues.split(",") if name.strip()]

        def write(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        supervisor = Supervisor(
            {name: worker_command(name, interval) for name in names}, restart_delay=restart_delay, write=write
        )

        def on_signal(signum, frame):
            supervisor.stopping = True

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        supervisor.run()
