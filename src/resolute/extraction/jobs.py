"""The background job that reads a proposal's text (a long document takes seconds, never a request).
It runs on the `long` queue, within `RESOLUTE_LONG_JOB_TIME_LIMIT`."""

from django_tasks import task

from resolute.core.jobs import LONG_QUEUE

from .models import PlanProposal


@task(queue_name=LONG_QUEUE)
def read_proposal_job(proposal_id: int) -> None:
    from .actions import read_proposal

    read_proposal(PlanProposal.objects.select_related("document__owner").get(pk=proposal_id))
