"""What the reader adds to the shared surfaces (see `core.contributions`): its reading of a text is a
background job on the long queue, claimed, watched and recovered by the core's job machinery."""

from resolute.core.contributions import contribute
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
