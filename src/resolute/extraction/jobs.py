"""The background job that reads a proposal's text (a long document takes seconds, never a request)."""

from django_tasks import task

from .models import PlanProposal


@task()
def read_proposal_job(proposal_id: int) -> None:
    from .actions import read_proposal

    read_proposal(PlanProposal.objects.select_related("document__owner").get(pk=proposal_id))
