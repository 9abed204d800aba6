"""A job for the test of two workers racing for the same queue (test_workers.py). Each run waits
until the test opens the gate (a file appears), so both workers hold a job before the race starts,
then writes one line, its number and the worker's process id: the test counts how often each ran."""

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def note_run(log_path: str, gate_path: str, number: int) -> int:
    give_up = time.monotonic() + 60
    while not Path(gate_path).exists() and time.monotonic() < give_up:
        time.sleep(0.02)
    # One short append per run: O_APPEND keeps the lines of two processes whole.
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(f"{number} {os.getpid()}\n")
    return number
