"""The annual capital plans: the list, a plan's page (its decisions with their entries, its milestones,
its totals by source), and the forms of the jurisdiction's desk and office that assign a plan, adjust
it and move capital between its projects.

A plan is read by those who see its issuer; the amounts it shows are those of the projects they see.
A change is a new decision, never an edit (see `models`).
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.asof import as_of_from
from resolute.core.forms import run_action
from resolute.core.pagination import page_of

from .. import actions
from ..choices import CapitalSource
from ..filters import CapitalPlanFilter
from ..forms import ROWS_ADDED, AdjustmentForm, PlanForm, TransferForm, rows_posted
from ..models import InvestmentProject, PlanDecision, PlanEntry
from ..permissions import can_manage_any_investment, can_manage_investment
from ..selectors import disbursement_by, get_visible_plan, province_total, transfer_proposals
from .common import (
    PAGE_SIZE,
    Column,
    adding_rows,
    codes_context,
    money_format,
    projects_url,
    rate_cell,
    wants_xlsx,
    workbook_response,
    xlsx_url,
)

# -- the list ------------------------------------------------------------------------------------------


@login_required
def plan_list(request):
    """The plans the user sees, newest first, each with its total, what was disbursed and the rate
    today, counting the projects they see; `?format=xlsx` gives every row kept."""
    filterset = CapitalPlanFilter(request.GET, request=request)
    filterset.is_valid()
    today = clock.today()
    plans = filterset.qs

    def with_totals(page_plans):
        return [
            {"plan": plan, "money": province_total(request.user, plan=plan, as_of=today)}
            for plan in page_plans
        ]

    if wants_xlsx(request):
        columns = [
            Column(_("Year"), 8, lambda row: row["plan"].year),
            Column(_("Plan of"), 34, lambda row: str(row["plan"].issuer)),
            Column(_("Title"), 50, lambda row: row["plan"].title),
            Column(_("Plan (VND)"), 22, lambda row: row["money"].plan, money_format()),
            Column(_("Disbursed (VND)"), 22, lambda row: row["money"].disbursed, money_format()),
            Column(_("Rate"), 10, lambda row: rate_cell(row["money"].rate), "0.0%"),
            Column(_("Page"), 40, lambda row: request.build_absolute_uri(row["plan"].get_absolute_url())),
        ]
        return workbook_response(
            request,
            filename=f"capital-plans-{today.isoformat()}.xlsx",
            sheets=[(_("Capital plans"), columns, with_totals(plans))],
            about=[[_("As of"), today]],
        )
    page = page_of(request, plans, PAGE_SIZE)
    context = {
        "filter": filterset,
        "page_obj": page,
        "rows": with_totals(page.object_list),
        "as_of": today,
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "xlsx_url": xlsx_url(request),
        "can_create": can_manage_any_investment(request.user),
    }
    return render(request, "investment/plans.html", context)


# -- a plan --------------------------------------------------------------------------------------------


def decisions_of(user, plan) -> list[PlanDecision]:
    """The plan's decisions in order, each with its entries for the projects the user sees."""
    entries = PlanEntry.objects.filter(project__in=InvestmentProject.objects.visible_to(user)).select_related(
        "project"
    )
    decisions = (
        plan.decisions.select_related("document", "created_by")
        .prefetch_related(Prefetch("entries", queryset=entries.order_by("project__code", "source")))
        .order_by("decided_on", "pk")
    )
    return list(decisions)


@login_required
def plan_detail(request, pk):
    """A plan: its decisions (the plan as assigned, each adjustment and transfer) with their entries, its
    milestones, and its totals by source as of the day, for the projects the user sees."""
    user = request.user
    plan = get_visible_plan(user, pk)
    as_of = as_of_from(request)
    decisions = decisions_of(user, plan)
    for decision in decisions:
        decision.total = sum((entry.amount for entry in decision.entries.all()), Decimal(0))
    by_source = disbursement_by(user, plan=plan, as_of=as_of, by="source")
    query = {"plan": plan.pk, "as_of": as_of.isoformat()}
    context = {
        "plan": plan,
        "as_of": as_of,
        "is_today": as_of == clock.today(),
        "decisions": decisions,
        "milestones": list(plan.milestones.all()),
        "total": province_total(user, plan=plan, as_of=as_of),
        "by_source": [{"row": row, "url": projects_url(**query, source=row.key)} for row in by_source],
        "projects_url": projects_url(**query),
        "overview_url": f"{reverse('investment:overview')}?{urlencode(query)}",
        "extensions_url": reverse("investment:extensions", args=[plan.pk]),
        "can_manage": can_manage_investment(user, plan.issuer),
        "lapsed": as_of > plan.lapses_on,
    }
    return render(request, "investment/plan.html", context)


# -- the forms -----------------------------------------------------------------------------------------


def _posted_header(request) -> dict:
    return {key: value for key, value in request.POST.items() if "-" not in key}


def _form_page(request, template: str, form, context: dict, status: int = 200):
    return render(request, template, {"form": form, **codes_context(form.projects), **context}, status=status)


@login_required
def plan_create(request):
    """Assign a new plan: header, milestones and entries (rows of project, source and amount)."""
    user = request.user
    if not can_manage_any_investment(user):
        raise PermissionDenied(_("Only the public-investment desk or the office assigns capital plans."))
    if adding_rows(request):
        form = PlanForm(
            None,
            user=user,
            initial=_posted_header(request),
            initial_rows={
                "entries": rows_posted(request.POST, "entries", ("project", "source", "amount")),
                "milestones": rows_posted(request.POST, "milestones", ("day", "rate", "label")),
            },
            extra_rows=ROWS_ADDED,
        )
        return _form_page(request, "investment/plan_form.html", form, {})
    form = PlanForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST" and form.is_valid():
        plan, status = run_action(form, lambda: actions.create_plan(acting_user=user, **form.action_fields()))
        if plan is not None:
            messages.success(request, _("The %(year)s plan was assigned.") % {"year": plan.year})
            return redirect(plan)
    return _form_page(request, "investment/plan_form.html", form, {}, status)


def _plan_to_change(request, pk):
    plan = get_visible_plan(request.user, pk)
    if not can_manage_investment(request.user, plan.issuer):
        raise PermissionDenied(_("Only the public-investment desk or the office changes this plan."))
    return plan


@login_required
def plan_adjust(request, pk):
    """Adjust the plan by decision: rows of signed changes per project and source."""
    plan = _plan_to_change(request, pk)
    user = request.user
    if adding_rows(request):
        form = AdjustmentForm(
            None,
            user=user,
            plan=plan,
            initial=_posted_header(request),
            initial_rows={"changes": rows_posted(request.POST, "changes", ("project", "source", "amount"))},
            extra_rows=ROWS_ADDED,
        )
        return _form_page(request, "investment/plan_adjust.html", form, {"plan": plan})
    form = AdjustmentForm(request.POST or None, user=user, plan=plan)
    status = 200
    if request.method == "POST" and form.is_valid():
        decision, status = run_action(
            form, lambda: actions.adjust_plan(acting_user=user, plan=plan, **form.action_fields())
        )
        if decision is not None:
            messages.success(
                request, _("The adjustment %(number)s was recorded.") % {"number": decision.number}
            )
            return redirect(plan)
    return _form_page(request, "investment/plan_adjust.html", form, {"plan": plan}, status)


TRANSFER_PREFILL = ("from_project", "to_project", "source", "amount")


@login_required
def plan_transfer(request, pk):
    """Move capital of one source from a project to another by decision; the page suggests transfers
    from projects at risk to projects on schedule with room for more."""
    plan = _plan_to_change(request, pk)
    user = request.user
    initial = {name: request.GET[name] for name in TRANSFER_PREFILL if request.GET.get(name)}
    form = TransferForm(request.POST or None, user=user, plan=plan, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        decision, status = run_action(
            form, lambda: actions.transfer_capital(acting_user=user, plan=plan, **form.action_fields())
        )
        if decision is not None:
            messages.success(
                request, _("The transfer %(number)s was recorded.") % {"number": decision.number}
            )
            return redirect(plan)
    proposals = [
        {
            "proposal": proposal,
            "url": "?"
            + urlencode(
                {
                    "from_project": proposal.from_project.code,
                    "to_project": proposal.to_project.code,
                    "source": proposal.source,
                    "amount": str(proposal.amount),
                }
            ),
            "source_label": CapitalSource(proposal.source).label,
        }
        for proposal in transfer_proposals(user, plan=plan, as_of=clock.today())
    ]
    return _form_page(
        request, "investment/plan_transfer.html", form, {"plan": plan, "proposals": proposals}, status
    )
