"""A task's own pages: creating and editing a task, splitting it into sub-tasks, the task page with
its timeline, cancelling it, commenting on it and downloading its evidence files.

Each form posts to its own URL. A success goes back to the task page; a broken rule shows the
form again with the message at the field; a stale version shows it with who changed the task and
when (409). Reading a page never writes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.files import download_response
from resolute.core.forms import run_action

from .. import actions, selectors
from ..forms import (
    CancelForm,
    CommentForm,
    CompletionProposalForm,
    DecisionForm,
    ExtensionRequestForm,
    ProgressReportForm,
    SubtaskForm,
    TaskForm,
)
from ..models import CompletionProposal, ExtensionRequest
from ..permissions import (
    can_act_as_lead,
    can_create_tasks,
    can_decide_for,
    can_split_task,
    reporting_units,
)

# -- helpers ---------------------------------------------------------------------------------------


def today():
    return clock.today()


def units_to_report_for(user, task) -> list:
    return reporting_units(user, task) if selectors.is_open(task) else []


def ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def action_page(request, task, form, write, *, form_template: str, heading: str, success: str, extra=None):
    """The standalone page of one follow-up form: shown on GET, and again when a POST is refused."""
    status = 200
    if request.method == "POST" and form.is_valid():
        result, status = run_action(form, write)
        if result is not None:
            messages.success(request, success)
            return redirect(task)
    context = {
        "task": task,
        "form": form,
        "form_template": form_template,
        "heading": heading,
        **(extra or {}),
    }
    return render(request, "tasks/task_action.html", context, status=status)


# -- creating and editing --------------------------------------------------------------------------


@login_required
def task_create(request):
    """A new task, on its own or from a clause (`?clause=<id>`: the clause is quoted, the title
    taken from its first sentence and the source document set)."""
    if not can_create_tasks(request.user):
        raise PermissionDenied(_("Only an office may assign tasks."))
    clause_id = request.GET.get("clause")
    clause = selectors.get_visible_clause(request.user, clause_id) if clause_id else None
    initial = {"assigned_on": today()}
    if clause is not None:
        initial.update(
            title=selectors.first_sentence(clause.text),
            assigned_on=clause.document.issued_on or today(),
        )
    form = TaskForm(request.POST or None, user=request.user, clause=clause, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        task, status = run_action(
            form, lambda: actions.create_task(acting_user=request.user, **form.action_fields())
        )
        if task is not None:
            messages.success(request, _("The task was assigned to %(unit)s.") % {"unit": task.lead_unit})
            return redirect(task)
    return render(
        request, "tasks/task_form.html", {"form": form, "task": None, "clause": clause}, status=status
    )


@login_required
def task_edit(request, pk):
    task = selectors.get_visible_task(request.user, pk)
    ensure(
        selectors.is_open(task) and can_decide_for(request.user, task),
        _("Only the unit that assigned this task may change it, while it is open."),
    )
    form = TaskForm(request.POST or None, user=request.user, task=task)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, status = run_action(
            form,
            lambda: actions.update_task(
                acting_user=request.user,
                task=task,
                expected_version=form.cleaned_data.get("version"),
                **form.action_fields(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The task was saved."))
            return redirect(saved)
    context = {
        "form": form,
        "task": task,
        "clause": None,
        "pending_extension": selectors.pending_request(task, ExtensionRequest),
    }
    return render(request, "tasks/task_form.html", context, status=status)


@login_required
def subtask_create(request, pk):
    parent = selectors.get_visible_task(request.user, pk)
    ensure(
        can_split_task(request.user, parent),
        _("Only a manager of the lead unit may split this task into sub-tasks, while it is open."),
    )
    form = SubtaskForm(
        request.POST or None, user=request.user, parent=parent, initial={"assigned_on": today()}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        subtask, status = run_action(
            form,
            lambda: actions.create_subtask(acting_user=request.user, parent=parent, **form.action_fields()),
        )
        if subtask is not None:
            messages.success(
                request, _("The sub-task was assigned to %(unit)s.") % {"unit": subtask.lead_unit}
            )
            return redirect(parent)
    return render(request, "tasks/subtask_form.html", {"form": form, "parent": parent}, status=status)


# -- the task page ---------------------------------------------------------------------------------


@login_required
def task_detail(request, pk):
    user = request.user
    task = selectors.get_visible_task(user, pk)
    is_open = selectors.is_open(task)
    units = units_to_report_for(user, task)
    leads = can_act_as_lead(user, task)
    decides = is_open and can_decide_for(user, task)
    pending_extension = selectors.pending_request(task, ExtensionRequest) if is_open else None
    pending_completion = selectors.pending_request(task, CompletionProposal) if is_open else None
    context = {
        "task": task,
        "status": selectors.status_on_day(task),
        "subtasks": selectors.subtask_progress(task, user=user),
        "coordinating_units": selectors.coordinating_units_shown(user, task),
        "timeline": selectors.timeline(task, user),
        "can_edit": decides,
        "can_split": can_split_task(user, task),
        "can_cancel": decides,
        # The assigning unit moves a deadline by recording an extension (editing cannot).
        "can_extend": decides and task.deadline is not None and pending_extension is None,
        "pending_extension": pending_extension,
        "pending_completion": pending_completion,
        "extension_decision_form": DecisionForm(task=task, decision_request=pending_extension)
        if decides and pending_extension
        else None,
        "completion_decision_form": DecisionForm(task=task, decision_request=pending_completion)
        if decides and pending_completion
        else None,
        "report_form": ProgressReportForm(task=task, units=units) if units else None,
        "extension_form": ExtensionRequestForm(task=task, user=user)
        if leads and task.deadline and pending_extension is None
        else None,
        "completion_form": CompletionProposalForm(task=task)
        if leads and pending_completion is None
        else None,
        "cancel_form": CancelForm(task=task) if decides else None,
        "comment_form": CommentForm(task=task),
    }
    return render(request, "tasks/task_detail.html", context)


# -- closing and remarking -------------------------------------------------------------------------


@login_required
def task_cancel(request, pk):
    task = selectors.get_visible_task(request.user, pk)
    ensure(
        selectors.is_open(task) and can_decide_for(request.user, task),
        _("Only the unit that assigned this task may cancel it, while it is open."),
    )
    form = CancelForm(request.POST or None, task=task)

    def write():
        data = form.cleaned_data
        return actions.cancel_task(
            acting_user=request.user,
            task=task,
            cancelled_on=today(),
            reason=data["reason"],
            expected_version=data["version"],
        )

    return action_page(
        request,
        task,
        form,
        write,
        form_template="tasks/_cancel_form.html",
        heading=_("Cancel the task"),
        success=_("The task was cancelled."),
    )


@login_required
def comment_create(request, pk):
    task = selectors.get_visible_task(request.user, pk)
    form = CommentForm(request.POST or None, task=task)

    def write():
        data = form.cleaned_data
        return actions.add_comment(
            acting_user=request.user, task=task, text=data["text"], expected_version=data["version"]
        )

    return action_page(
        request,
        task,
        form,
        write,
        form_template="tasks/_comment_form.html",
        heading=_("Comment"),
        success=_("Your comment was added."),
    )


@login_required
def evidence_download(request, pk):
    evidence = selectors.get_visible_evidence(request.user, pk)
    return download_response(evidence)
