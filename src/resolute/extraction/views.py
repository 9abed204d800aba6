"""The pages of the text-to-plan flow: what to read, the reading's progress, the review screen (the
text beside the proposals, each linked to its highlighted sentence), a decision on one proposal,
the confirmation, and the proposals a document has had.
"""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resolute.core.jobs import may_cancel_job
from resolute.directives import selectors as document_selectors

from . import actions, selectors
from .forms import ItemChoices, ItemForm, ProposalForm
from .models import Decision, ItemKind, ProposalStatus
from .permissions import can_propose


@login_required
def proposal_new(request, document_pk):
    document = document_selectors.get_visible_document(request.user, document_pk)
    if not can_propose(request.user, document):
        raise PermissionDenied(_("Only the office that keeps this document may turn it into a plan."))
    form = ProposalForm(request.POST or None, request.FILES or None, initial={"text": document.text})
    if request.method == "POST" and form.is_valid():
        proposal = actions.start_proposal(
            acting_user=request.user,
            document=document,
            text=form.cleaned_data["text"],
            language=form.cleaned_data["language"],
            source_name=form.cleaned_data.get("source_name", ""),
        )
        return redirect(proposal)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "extraction/proposal_form.html", {"document": document, "form": form}, status=status
    )


@login_required
def proposal_list(request, document_pk):
    document = document_selectors.get_visible_document(request.user, document_pk)
    return render(
        request,
        "extraction/proposal_list.html",
        {
            "document": document,
            "proposals": selectors.proposals_of(document),
            "can_propose": can_propose(request.user, document),
        },
    )


def _forms_for(proposal, items, may_decide: bool, data=None, item_pk=None) -> dict:
    """One form per proposal when the user may decide, sharing one read of the choices."""
    if not may_decide or proposal.status != ProposalStatus.READY:
        return {}
    choices = ItemChoices(proposal.document, proposal=proposal, items=items)
    return {
        item.pk: ItemForm(data if item.pk == item_pk else None, item=item, choices=choices) for item in items
    }


# The sections of the review screen, in order: what the text commits to, then what it reports.
SECTIONS = [
    ("plan", (ItemKind.TARGET, ItemKind.TASK)),
    ("results", (ItemKind.RESULT,)),
    ("shortcomings", (ItemKind.SHORTCOMING,)),
    ("references", (ItemKind.REFERENCE,)),
]


def _review_context(request, proposal, data=None, item_pk=None) -> dict:
    items = selectors.items_of(proposal)
    may_decide = can_propose(request.user, proposal.document)
    forms = _forms_for(proposal, items, may_decide, data, item_pk)
    rows = [(item, forms.get(item.pk)) for item in items]
    found = proposal.result or {}
    counts = {kind.value: sum(1 for item in items if item.kind == kind) for kind in ItemKind}
    return {
        "proposal": proposal,
        "document": proposal.document,
        "rows": rows,
        "sections": {
            name: [(item, form) for item, form in rows if item.kind in kinds] for name, kinds in SECTIONS
        },
        "segments": selectors.text_segments(proposal.text, items),
        "may_decide": may_decide and proposal.status == ProposalStatus.READY,
        "may_cancel": may_cancel_job(request.user, proposal),
        "counts": {
            "targets": counts[ItemKind.TARGET],
            "tasks": counts[ItemKind.TASK],
            "results": counts[ItemKind.RESULT],
            "shortcomings": counts[ItemKind.SHORTCOMING],
            "references": counts[ItemKind.REFERENCE],
            "accepted": sum(1 for item in items if item.decision == Decision.ACCEPTED),
            "rejected": sum(1 for item in items if item.decision == Decision.REJECTED),
        },
        "org_units": found.get("org_units", []),
    }


@login_required
def proposal_detail(request, pk):
    proposal = selectors.get_visible_proposal(request.user, pk)
    if request.htmx and request.htmx.target == "proposal-progress":
        context = {"proposal": proposal, "may_cancel": may_cancel_job(request.user, proposal)}
        response = render(request, "extraction/proposal_detail.html#progress", context)
        if proposal.is_finished:
            response["HX-Refresh"] = "true"  # the whole review screen replaces the progress bar
        return response
    return render(request, "extraction/proposal_detail.html", _review_context(request, proposal))


@login_required
@require_POST
def item_decide(request, pk, item_pk):
    proposal = selectors.get_visible_proposal(request.user, pk)
    item = selectors.get_visible_item(proposal, item_pk)
    if not can_propose(request.user, proposal.document):
        raise PermissionDenied(_("Only the office that keeps this document may turn it into a plan."))
    form = ItemForm(request.POST, item=item, user=request.user)
    status = 200
    if form.is_valid():
        try:
            item = actions.decide_item(
                acting_user=request.user,
                item=item,
                decision=form.cleaned_data["decision"],
                **form.decision_fields(),
            )
        except ValidationError as error:
            form.add_action_error(error)
            status = 400
        else:
            if not request.htmx:
                return redirect(f"{proposal.get_absolute_url()}#item-{item.position}")
            form = ItemForm(item=selectors.item_for_display(proposal, item.pk))
    else:
        status = 400
    if request.htmx:
        item = selectors.item_for_display(proposal, item.pk)
        # The card swaps in place; the confirm button, out of band, counts the accepted items again.
        return render(
            request,
            "extraction/_decided.html",
            {
                "item": item,
                "form": form,
                "may_decide": True,
                "proposal": proposal,
                "counts": {"accepted": proposal.items.filter(decision=Decision.ACCEPTED).count()},
            },
            status=status,
        )
    context = _review_context(request, proposal, request.POST, item.pk)
    return render(request, "extraction/proposal_detail.html", context, status=status)


@login_required
@require_POST
def proposal_confirm(request, pk):
    proposal = selectors.get_visible_proposal(request.user, pk)
    if not can_propose(request.user, proposal.document):
        raise PermissionDenied(_("Only the office that keeps this document may turn it into a plan."))
    try:
        proposal = actions.confirm_proposal(acting_user=request.user, proposal=proposal)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        created = Counter(proposal.items.filter(decision=Decision.ACCEPTED).values_list("kind", flat=True))
        messages.success(
            request,
            _(
                "The plan was created: %(tasks)s tasks and %(targets)s targets, each linked to its clause; "
                "%(results)s results, %(shortcomings)s shortcomings and %(references)s references kept."
            )
            % {
                "tasks": created[ItemKind.TASK],
                "targets": created[ItemKind.TARGET],
                "results": created[ItemKind.RESULT],
                "shortcomings": created[ItemKind.SHORTCOMING],
                "references": created[ItemKind.REFERENCE],
            },
        )
    return redirect(proposal)


@login_required
@require_POST
def proposal_cancel(request, pk):
    """Stop a waiting or running reading; only the person who started it may."""
    proposal = selectors.get_visible_proposal(request.user, pk)
    proposal = actions.cancel_proposal(acting_user=request.user, proposal=proposal)
    if proposal.status == ProposalStatus.CANCELLED:
        messages.success(request, _("The reading was cancelled."))
    else:
        messages.info(request, _("The reading had already ended; nothing was cancelled."))
    return redirect(proposal)
