"""The State Treasury's monthly reconciliation, imported from its spreadsheet: download the template of a
plan, upload the filled file, read the preview — every problem by row and column, every warning, and
what each project's report will say — then confirm. Nothing is written before the confirmation, and
then all of it or nothing. Only the desk or the office of the plan's jurisdiction imports (403); a plan
the user cannot see is a 404.

The preview carries what it read to the confirmation signed (`django.core.signing`), so the file is
not stored between the two steps and cannot be changed in between; the confirmation checks it against
the books again, as they stand then."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resolute.core import clock
from resolute.core.asof import as_of_from
from resolute.core.xlsx import XLSX_CONTENT_TYPE

from ..actions import import_treasury_figures
from ..imports import (
    TreasuryUploadForm,
    TreasuryWorkbook,
    WorkbookProblems,
    build_template,
    check_workbook,
    read_workbook,
)
from ..models import InvestmentProject
from ..permissions import can_manage_investment
from ..selectors import get_visible_plan

SIGNING_SALT = "resolute.investment.treasury_import"
# How long a preview may wait for its confirmation.
PREVIEW_MAX_AGE = 60 * 60


def _plan_to_import(request, pk):
    plan = get_visible_plan(request.user, pk)
    if not can_manage_investment(request.user, plan.issuer):
        raise PermissionDenied(
            _("Only the public-investment desk or the office of %(unit)s imports the Treasury's figures.")
            % {"unit": plan.issuer}
        )
    return plan


@login_required
def treasury_template(request, pk):
    """The sheet to fill in: a row per project and capital source of the plan, with our plan of the year
    on the day (`?as_of=`, default today) and the disbursed cell blank."""
    plan = _plan_to_import(request, pk)
    day = as_of_from(request)
    projects = InvestmentProject.objects.visible_to(request.user).filter(jurisdiction=plan.issuer)
    response = HttpResponse(build_template(plan, day, projects), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="treasury-{plan.year}-{day.isoformat()}.xlsx"'
    return response


def _signed(request, plan, workbook: TreasuryWorkbook) -> str:
    payload = {"plan": plan.pk, "user": request.user.pk, "workbook": workbook.as_payload()}
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def _confirmed_workbook(request, plan) -> TreasuryWorkbook | None:
    """The workbook a preview signed for this user and plan, or None when it is too old or not theirs."""
    try:
        payload = signing.loads(request.POST.get("confirm", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature:
        return None
    if payload.get("plan") != plan.pk or payload.get("user") != request.user.pk:
        return None
    return TreasuryWorkbook.from_payload(payload["workbook"])


def _imported(request, plan, preview) -> bool:
    """Import what the preview read; on a refusal its problems join the preview's."""
    try:
        reports = import_treasury_figures(
            acting_user=request.user,
            plan=plan,
            workbook_rows=preview.rows,
            as_of=preview.as_of,
            columns=preview.workbook.columns,
        )
    except WorkbookProblems as refused:
        preview.problems = refused.problems
        return False
    messages.success(
        request,
        ngettext(
            "The Treasury's figures as of %(day)s were imported: %(count)d project reported.",
            "The Treasury's figures as of %(day)s were imported: %(count)d projects reported.",
            len(reports),
        )
        % {"day": date_format(preview.as_of, "SHORT_DATE_FORMAT"), "count": len(reports)},
    )
    return True


@login_required
def treasury_import(request, pk):
    """Upload → preview → confirm. A file with any problem can be corrected and uploaded again; a clean
    one shows what will be imported and a button to confirm it."""
    plan = _plan_to_import(request, pk)
    preview = None
    status = 200
    form = TreasuryUploadForm()
    if request.method == "POST" and "confirm" in request.POST:
        workbook = _confirmed_workbook(request, plan)
        if workbook is None:
            messages.error(request, _("This preview is too old or was changed; upload the file again."))
            return redirect("investment:treasury_import", pk=plan.pk)
        preview = check_workbook(request.user, plan, workbook)
        if preview.importable and _imported(request, plan, preview):
            return redirect(plan)
        status = 422
    elif request.method == "POST":
        form = TreasuryUploadForm(request.POST, request.FILES)
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            preview = check_workbook(request.user, plan, read_workbook(uploaded, uploaded.name))
            form = TreasuryUploadForm()
            if not preview.importable:
                status = 422
        else:
            status = 422
    context = {
        "plan": plan,
        "today": clock.today(),
        "form": form,
        "preview": preview,
        "confirmation": _signed(request, plan, preview.workbook) if preview and preview.importable else "",
    }
    return render(request, "investment/treasury_import.html", context, status=status)
