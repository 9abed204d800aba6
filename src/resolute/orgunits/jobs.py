"""The background job that applies a reorganisation (a national one writes for minutes, never in a
request). It runs on the `long` queue, within `RESOLUTE_LONG_JOB_TIME_LIMIT`."""

from django_tasks import task

from resolute.core.jobs import LONG_QUEUE


@task(queue_name=LONG_QUEUE)
def apply_reorganisation_job(reorganisation_id: int) -> None:
    from .actions.reorganisations import run_reorganisation_job

    run_reorganisation_job(reorganisation_id)
