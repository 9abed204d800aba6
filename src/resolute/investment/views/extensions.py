"""The extensions of a plan: the requests to let a project's capital run past 31 January, proposed,
approved or refused, with their amounts; preparing a request for every project at risk at once; a
request for one project; and recording the authority's decision (Public Investment Law 2024, Art. 72).

The jurisdiction's desk and office prepare and record them; everyone who sees the projects reads them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resolute.core import clock
from resolute.core.forms import run_action
from resolute.core.pagination import page_of

from .. import actions
from ..choices import ExtensionStatus
from ..filters import ExtensionFilter
from ..forms import AtRiskProposalForm, ExtensionDecisionForm, ExtensionProposalForm
from ..permissions import can_manage_investment
from ..selectors import get_visible_extension, get_visible_plan
from .common import (
    PAGE_SIZE,
    Column,
    codes_context,
    money_format,
    wants_xlsx,
    workbook_response,
    xlsx_url,
)


def extension_columns(request) -> list[Column]:
    return [
        Column(_("Code"), 14, lambda extension: extension.project.code),
        Column(_("Project"), 50, lambda extension: str(extension.project.display_name)),
        Column(_("Investor"), 34, lambda extension: str(extension.project.investor)),
        Column(_("Amount requested (VND)"), 22, lambda extension: extension.amount, money_format()),
        Column(_("Reason"), 34, lambda extension: str(extension.get_reason_display())),
        Column(_("Status"), 12, lambda extension: str(extension.get_status_display())),
        Column(_("Amount approved (VND)"), 22, lambda extension: extension.approved_amount, money_format()),
        Column(_("Extended until"), 14, lambda extension: extension.extended_until),
        Column(_("Decision"), 24, lambda extension: extension.decision_number),
        Column(_("Decided on"), 14, lambda extension: extension.decided_on),
        Column(_("Decided by"), 30, lambda extension: extension.decided_by),
        Column(
            _("Page"), 40, lambda extension: request.build_absolute_uri(extension.project.get_absolute_url())
        ),
    ]


@login_required
def extension_list(request, pk):
    """The extensions of a plan with their amounts, filtered by status; the desk prepares a request for
    every project at risk with one button (a POST here)."""
    user = request.user
    plan = get_visible_plan(user, pk)
    can_manage = can_manage_investment(user, plan.issuer)
    proposal_form = AtRiskProposalForm(
        request.POST if request.method == "POST" else None, initial={"as_of": clock.today()}
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(
                _("Only the public-investment desk or the office prepares extension requests.")
            )
        if proposal_form.is_valid():
            proposed, _status = run_action(
                proposal_form,
                lambda: actions.propose_extensions_at_risk(
                    acting_user=user, plan=plan, as_of=proposal_form.cleaned_data["as_of"]
                ),
            )
            if proposed is not None:
                if proposed:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s extension request was prepared.",
                            "%(count)s extension requests were prepared.",
                            len(proposed),
                        )
                        % {"count": len(proposed)},
                    )
                else:
                    messages.info(
                        request, _("No project at risk is without a request: nothing was prepared.")
                    )
                return redirect("investment:extensions", plan.pk)
    filterset = ExtensionFilter(request.GET, request=request, plan=plan)
    filterset.is_valid()
    if wants_xlsx(request):
        return workbook_response(
            request,
            filename=f"extensions-{plan.year}.xlsx",
            sheets=[(_("Extensions"), extension_columns(request), list(filterset.qs))],
            about=[[_("Plan"), f"{plan.year} · {plan.issuer} · {plan.title}"]],
        )
    page = page_of(request, filterset.qs, PAGE_SIZE)
    totals = {status: {"count": 0, "amount": 0, "approved": 0} for status in ExtensionStatus.values}
    for status, amount, approved in filterset.qs.order_by().values_list(
        "status", "amount", "approved_amount"
    ):
        totals[status]["count"] += 1
        totals[status]["amount"] += amount
        totals[status]["approved"] += approved or 0
    context = {
        "plan": plan,
        "filter": filterset,
        "page_obj": page,
        "extensions": page.object_list,
        "totals": [(ExtensionStatus(status).label, status, values) for status, values in totals.items()],
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "xlsx_url": xlsx_url(request),
        "can_manage": can_manage,
        "proposal_form": proposal_form,
        "at_risk_url": f"{reverse('investment:at_risk')}?plan={plan.pk}",
        "new_url": reverse("investment:extension_new", args=[plan.pk]),
    }
    return render(request, "investment/extensions.html", context)


@login_required
def extension_create(request, pk):
    """A request to extend one project's capital of the plan."""
    user = request.user
    plan = get_visible_plan(user, pk)
    if not can_manage_investment(user, plan.issuer):
        raise PermissionDenied(
            _("Only the public-investment desk or the office prepares extension requests.")
        )
    initial = {"project": request.GET["project"]} if request.GET.get("project") else {}
    form = ExtensionProposalForm(request.POST or None, plan=plan, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        extension, status = run_action(
            form, lambda: actions.propose_extension(acting_user=user, plan=plan, **form.action_fields())
        )
        if extension is not None:
            messages.success(
                request,
                _("The extension request of %(code)s was prepared.") % {"code": extension.project.code},
            )
            return redirect("investment:extensions", plan.pk)
    context = {"plan": plan, "form": form, **codes_context(form.projects)}
    return render(request, "investment/extension_form.html", context, status=status)


@login_required
def extension_decide(request, pk):
    """Record the authority's decision on a request: approved (an amount, until a day) or refused."""
    user = request.user
    extension = get_visible_extension(user, pk)
    if not can_manage_investment(user, extension.plan.issuer):
        raise PermissionDenied(_("Only the public-investment desk or the office records the decision."))
    if extension.status != ExtensionStatus.PROPOSED:
        messages.info(request, _("This request was already decided."))
        return redirect("investment:extensions", extension.plan_id)
    form = ExtensionDecisionForm(request.POST or None, extension=extension)
    status = 200
    if request.method == "POST" and form.is_valid():
        decided, status = run_action(
            form,
            lambda: actions.decide_extension(acting_user=user, extension=extension, **form.action_fields()),
        )
        if decided is not None:
            messages.success(
                request, _("The decision on %(code)s was recorded.") % {"code": decided.project.code}
            )
            return redirect("investment:extensions", decided.plan_id)
    return render(
        request, "investment/extension_decide.html", {"extension": extension, "form": form}, status=status
    )
