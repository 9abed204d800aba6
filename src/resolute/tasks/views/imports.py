"""Bringing an office's own task lists in from Excel: the template, the upload, the page that follows
the check and shows the preview (or every error by row and column), and the confirmation that
creates the tasks. Only those who may create tasks reach these pages; an import is seen only by the
person who uploaded it (or an administrator)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resolute.core.jobs import may_cancel_job
from resolute.core.xlsx import XLSX_CONTENT_TYPE

from ..actions.imports import cancel_task_import, confirm_task_import, start_task_import
from ..forms import TaskImportForm
from ..models import TaskImport
from ..permissions import can_create_tasks
from ..selectors import get_own_task_import
from ..workbook import build_template


def _ensure_may_import(user) -> None:
    if not can_create_tasks(user):
        raise PermissionDenied(_("Only an office that assigns tasks may import them."))


@login_required
def task_import_template(request):
    """The XLSX template: the columns in the reader's language, instructions, and the units and
    documents the user may use."""
    _ensure_may_import(request.user)
    response = HttpResponse(build_template(request.user), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="tasks-template.xlsx"'
    return response


@login_required
def task_import(request):
    """Upload a filled template; a background job checks it and shows what it would create."""
    _ensure_may_import(request.user)
    status = 200
    if request.method == "POST":
        form = TaskImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            started = start_task_import(
                acting_user=request.user,
                uploaded_file=form.cleaned_data["file"],
                assigned_by_unit=form.cleaned_data["assigned_by_unit"],
            )
            return redirect(started)
        status = 422
    else:
        form = TaskImportForm(user=request.user)
    recent = TaskImport.objects.filter(uploaded_by=request.user).order_by("-created_at", "-id")[:10]
    return render(request, "tasks/import.html", {"form": form, "recent": recent}, status=status)


def _own_import(request, pk: int) -> TaskImport:
    _ensure_may_import(request.user)
    task_import = get_own_task_import(request.user, pk)
    if task_import is None:
        raise Http404(_("No such import."))
    return task_import


@login_required
def task_import_detail(request, pk: int):
    """The progress of the check, refreshed every two seconds; then the preview and the button that
    confirms it, or every error by row and column; then the result."""
    task_import = _own_import(request, pk)
    template = "tasks/import_progress.html" if request.htmx else "tasks/import_detail.html"
    context = {"task_import": task_import, "may_cancel": may_cancel_job(request.user, task_import)}
    return render(request, template, context)


@login_required
@require_POST
def task_import_confirm(request, pk: int):
    """Create the checked import's tasks (in a background job); a second confirm does nothing."""
    task_import = confirm_task_import(acting_user=request.user, task_import=_own_import(request, pk))
    if task_import.confirmed_at is not None and task_import.status == TaskImport.Status.QUEUED:
        messages.success(request, _("The tasks are being created."))
    else:
        messages.info(
            request, _("This import was already confirmed or is no longer waiting; nothing more was done.")
        )
    return redirect(task_import)


@login_required
@require_POST
def task_import_cancel(request, pk: int):
    """Drop an import before its tasks are created; nothing is created."""
    task_import = cancel_task_import(acting_user=request.user, task_import=_own_import(request, pk))
    if task_import.status == TaskImport.Status.CANCELLED:
        messages.success(request, _("The import was cancelled; nothing was created."))
    else:
        messages.info(request, _("The import could no longer be cancelled."))
    return redirect(task_import)
