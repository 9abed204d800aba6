"""What the reader adds to the shared surfaces (see `core.contributions`): its reading of a text is a
background job on the long queue, claimed, watched and recovered by the core's job machinery."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import ApiRouter, contribute
from resolute.core.jobs import BackgroundJob

from .models import PlanProposal, ProposalStatus

contribute(
    BackgroundJob(
        key="extraction.plan_proposal",
        model=PlanProposal,
        task="resolute.extraction.jobs.read_proposal_job",
        owner_field="created_by",
        queued=ProposalStatus.QUEUED,
        running=(ProposalStatus.RUNNING,),
        failed=ProposalStatus.FAILED,
        cancelled=ProposalStatus.CANCELLED,
        cancellable=(ProposalStatus.QUEUED, ProposalStatus.RUNNING),
    )
)

contribute(
    ApiRouter(
        key="extraction",
        order=45,
        prefix="/plans",
        router="resolute.extraction.api.router",
        label=_("Plans from text"),
    )
)
