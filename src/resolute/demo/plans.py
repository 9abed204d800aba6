"""The demo's reading of the seed conclusion: what Resolute proposes from its text, waiting for the
office's review (its tasks and targets were set by hand already, so nothing is confirmed)."""

from resolute.extraction import actions as extraction_actions
from resolute.extraction.models import PlanProposal


def load_plan_proposal(demo) -> None:
    conclusion = demo.documents["conclusion"]
    if PlanProposal.objects.filter(document=conclusion).exists():
        demo.log("plan proposals: already there")
        return
    proposal = extraction_actions.start_proposal(
        acting_user=demo.users["office"], document=conclusion, text=conclusion.text
    )
    # Read now rather than by the worker, so the demo opens with the proposals ready; the queued
    # job finds the reading claimed and does nothing.
    proposal = extraction_actions.read_proposal(proposal)
    demo.log(f"plan proposals: 1 read, {proposal.items.count()} items proposed")
