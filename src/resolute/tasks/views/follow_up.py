"""The follow-up forms of a task: progress reports, extension requests and completion proposals, and
the assigning unit's decision on either kind of request (one view, one form, one template). Each
form has its own page (the task page shows the same forms inline) and posts to its own URL; see
`tasks.action_page` for what an answer looks like.
"""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .. import actions, selectors
from ..forms import (
    CompletionProposalForm,
    DecisionForm,
    ExtensionRecordForm,
    ExtensionRequestForm,
    ProgressReportForm,
)
from ..models import CompletionProposal, ExtensionRequest
from ..permissions import can_act_as_lead, can_decide_for
from .tasks import action_page, ensure, today, units_to_report_for


@login_required
def report_create(request, pk):
    task = selectors.get_visible_task(request.user, pk)
    units = units_to_report_for(request.user, task)
    ensure(bool(units), _("You may not report on this task."))
    form = ProgressReportForm(request.POST or None, request.FILES or None, task=task, units=units)

    def write():
        data = form.cleaned_data
        return actions.report_progress(
            acting_user=request.user,
            task=task,
            unit=data["unit"],
            reported_on=today(),
            narrative=data["narrative"],
            percent_complete=data["percent_complete"],
            obstacles=form.obstacle_list(),
            files=data["files"],
            corrects=data["corrects"],
            expected_version=data["version"],
        )

    return action_page(
        request,
        task,
        form,
        write,
        form_template="tasks/_report_form.html",
        heading=_("Report progress"),
        success=_("Your progress report was recorded."),
    )


@login_required
def extension_request(request, pk):
    task = selectors.get_visible_task(request.user, pk)
    ensure(can_act_as_lead(request.user, task), _("Only the lead unit may ask for an extension."))
    form = ExtensionRequestForm(request.POST or None, request.FILES or None, task=task, user=request.user)

    def write():
        data = form.cleaned_data
        return actions.request_extension(
            acting_user=request.user,
            task=task,
            requested_on=today(),
            proposed_deadline=data["proposed_deadline"],
            reason=data["reason"],
            request_document=data["request_document"],
            files=data["files"],
            expected_version=data["version"],
        )

    return action_page(
        request,
        task,
        form,
        write,
        form_template="tasks/_extension_request_form.html",
        heading=_("Ask for an extension"),
        success=_("Your extension request was sent to %(unit)s.") % {"unit": task.assigned_by_unit},
    )


@login_required
def extension_record(request, pk):
    """The assigning unit moves the deadline itself: an extension approved at once, with the
    document that decides it. Editing the task never moves its deadline; this page does."""
    task = selectors.get_visible_task(request.user, pk)
    ensure(
        selectors.is_open(task) and can_decide_for(request.user, task),
        actions.DECISION_EFFECTS[ExtensionRequest].not_the_assigner(),
    )
    form = ExtensionRecordForm(request.POST or None, task=task)

    def write():
        data = form.cleaned_data
        return actions.record_extension(
            acting_user=request.user,
            task=task,
            decided_on=today(),
            new_deadline=data["new_deadline"],
            reason=data["reason"],
            decision_document_number=data["decision_document_number"],
            decision_document_date=data["decision_document_date"],
            expected_version=data["version"],
        )

    return action_page(
        request,
        task,
        form,
        write,
        form_template="tasks/_extension_record_form.html",
        heading=_("Extend the deadline"),
        success=_("The extension was recorded; the deadline is moved."),
        extra={"pending_extension": selectors.pending_request(task, ExtensionRequest)},
    )


@login_required
def completion_propose(request, pk):
    task = selectors.get_visible_task(request.user, pk)
    ensure(
        can_act_as_lead(request.user, task), _("Only the lead unit may propose that the task is complete.")
    )
    form = CompletionProposalForm(request.POST or None, request.FILES or None, task=task)

    def write():
        data = form.cleaned_data
        return actions.propose_completion(
            acting_user=request.user,
            task=task,
            proposed_on=today(),
            result=data["result"],
            files=data["files"],
            expected_version=data["version"],
        )

    return action_page(
        request,
        task,
        form,
        write,
        form_template="tasks/_completion_proposal_form.html",
        heading=_("Propose completion"),
        success=_("Your completion proposal was sent to %(unit)s.") % {"unit": task.assigned_by_unit},
    )


# kind of request -> (heading of the decision page, message once decided)
DECISION_PAGE_WORDING = {
    ExtensionRequest.kind: (
        _lazy("Decide on the extension request"),
        _lazy("The decision on the extension was recorded."),
    ),
    CompletionProposal.kind: (
        _lazy("Accept or return the completion"),
        _lazy("The decision on the completion was recorded."),
    ),
}


@login_required
def request_decide(request, pk, model):
    """The assigning unit's decision on an extension request or a completion proposal; `model`
    comes from the URL, so each kind keeps its own address and name."""
    decision_request = selectors.get_visible_request(request.user, model, pk)
    task = selectors.get_visible_task(request.user, decision_request.task_id)
    ensure(
        selectors.is_open(task) and can_decide_for(request.user, task),
        actions.DECISION_EFFECTS[model].not_the_assigner(),
    )
    form = DecisionForm(request.POST or None, task=task, decision_request=decision_request)

    def write():
        data = form.cleaned_data
        return actions.decide_request(
            acting_user=request.user,
            request=decision_request,
            approve=form.says_yes,
            decided_on=today(),
            comment=data["comment"],
            decision_document_number=data["decision_document_number"],
            decision_document_date=data["decision_document_date"],
            expected_version=data["version"],
        )

    heading, success = DECISION_PAGE_WORDING[decision_request.kind]
    return action_page(
        request,
        task,
        form,
        write,
        form_template="tasks/_decision_form.html",
        heading=heading,
        success=success,
        extra={"decision_request": decision_request},
    )
