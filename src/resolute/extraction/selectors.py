"""Named reads of the text-to-plan pages; each starts from the documents the user may read."""

from django.http import Http404
from django.utils.translation import gettext as _

from resolute.directives.models import Document

from .models import PlanProposal, ProposedItem


def get_visible_proposal(user, pk) -> PlanProposal:
    proposal = (
        PlanProposal.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("document__owner", "created_by", "confirmed_by")
        .first()
        if str(pk).isdigit()
        else None
    )
    if proposal is None:
        raise Http404(_("No such proposal."))
    return proposal


def get_visible_item(proposal: PlanProposal, pk) -> ProposedItem:
    item = proposal.items.filter(pk=pk).first() if str(pk).isdigit() else None
    if item is None:
        raise Http404(_("No such proposal."))
    item.proposal = proposal
    return item


def items_of(proposal: PlanProposal) -> list[ProposedItem]:
    items = list(
        proposal.items.select_related(
            "unit",
            "indicator",
            "reference_unit",
            "clause",
            "created_task",
            "created_target",
            "created_value__indicator",
            "created_value__unit",
            "created_relation",
            "created_document",
            "referenced_document",
            "baseline_for",
            "decided_by",
        ).order_by("position")
    )
    for item in items:
        item.proposal = proposal
    return items


def item_for_display(proposal: PlanProposal, pk: int) -> ProposedItem:
    return next(item for item in items_of(proposal) if item.pk == pk)


def proposals_of(document: Document):
    return document.plan_proposals.select_related("created_by", "confirmed_by").order_by("-created_at", "-id")


def text_segments(text: str, items: list[ProposedItem]) -> list[tuple[str, ProposedItem | None]]:
    """The text cut into pieces, each either plain or the sentence of one proposal (overlaps are
    given to the earlier proposal), so the review screen can highlight every proposal's sentence. A
    sentence wholly inside an earlier one (a result read in a shortcoming) is an empty piece right after
    it, so its number and anchor still show in the text."""
    segments: list[tuple[str, ProposedItem | None]] = []
    cursor = 0
    for item in sorted(items, key=lambda item: (item.start, item.position)):
        start, end = max(item.start, cursor), min(item.end, len(text))
        if end <= start:
            if item.end > item.start:
                segments.append(("", item))
            continue
        if start > cursor:
            segments.append((text[cursor:start], None))
        segments.append((text[start:end], item))
        cursor = end
    if cursor < len(text):
        segments.append((text[cursor:], None))
    return segments
