"""The recommendations: the list behind every figure of the ledger (filtered, with its Excel file),
and a recommendation's page — what it asks and of whom, a link to its task (where progress, extensions
and completion are reported and decided, as for every task), the money recovered as a ledger, the
people to discipline and what became of them, and the inspecting body's confirmation that it is
closed. Each form shows only to who may use it, and posts to its own address.

A recommendation outside the user's scope is a 404; a form they may not use is a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resolute.core.forms import run_action
from resolute.core.pagination import page_of
from resolute.investment.selectors.rates import percent

from .. import actions
from ..choices import DisciplineOutcome, RecommendationKind, RecommendationState
from ..filters import RecommendationFilter
from ..forms import ClosureForm, DisciplineCaseForm, DisciplineDecisionForm, RecoveryForm
from ..models import DisciplineCase
from ..permissions import can_confirm_closure, can_record_discipline, can_record_recovery
from ..selectors import recommendation_detail
from .common import (
    PAGE_SIZE,
    Column,
    is_htmx,
    money_format,
    wants_xlsx,
    workbook_response,
    xlsx_url,
)

# The filters always in view; the others fold under "More filters".
MAIN_FILTERS = ("q", "as_of", "state", "overdue", "body", "unit")

# -- the list ------------------------------------------------------------------------------------------


def recommendation_columns(request) -> list[Column]:
    """The columns of the list's Excel file."""
    return [
        Column(_("Conclusion"), 24, lambda row: row.oversight.document.number),
        Column(_("Issued on"), 12, lambda row: row.oversight.document.issued_on),
        Column(_("Inspecting body"), 34, lambda row: row.oversight.inspecting_body),
        Column(_("Number"), 8, lambda row: row.label),
        Column(_("Recommendation"), 60, lambda row: row.task.title),
        Column(_("Asks for"), 22, lambda row: str(row.get_kind_display())),
        Column(_("Unit responsible"), 34, lambda row: str(row.task.lead_unit)),
        Column(_("Deadline"), 12, lambda row: row.task.deadline),
        Column(_("State"), 20, lambda row: str(state_label(row.state))),
        Column(_("Overdue"), 10, lambda row: _("yes") if row.is_overdue else ""),
        Column(_("To recover (VND)"), 20, lambda row: row.amount_required, money_format()),
        Column(_("Recovered (VND)"), 20, lambda row: row.recovered, money_format()),
        Column(_("Page"), 40, lambda row: request.build_absolute_uri(row.get_absolute_url())),
    ]


def state_label(state) -> str:
    return RecommendationState(state).label


@login_required
def recommendation_list(request):
    """The recommendations the user reads, filtered, where each stood on the day; `?format=xlsx`
    gives every row kept."""
    filterset = RecommendationFilter(request.GET, request=request)
    if wants_xlsx(request):
        about = [[_("As of"), filterset.as_of_day], *[[label, value] for label, value in filterset.applied()]]
        return workbook_response(
            request,
            filename=f"recommendations-{filterset.as_of_day.isoformat()}.xlsx",
            sheets=[(_("Recommendations"), recommendation_columns(request), filterset.qs)],
            about=about,
        )
    page = page_of(request, filterset.qs, PAGE_SIZE)
    context = {
        "filter": filterset,
        "page_obj": page,
        "rows": list(page.object_list),
        "as_of": filterset.as_of_day,
        "is_today": filterset.is_today,
        "is_filtered": any(
            value for key, value in request.GET.items() if key not in ("page", "sort", "as_of")
        ),
        "main_filters": MAIN_FILTERS,
        "more_filters_used": any(
            request.GET.get(name) for name in filterset.form.fields if name not in MAIN_FILTERS
        ),
        "xlsx_url": xlsx_url(request),
    }
    template = "oversight/recommendations.html"
    return render(request, f"{template}#results" if is_htmx(request) else template, context)


# -- a recommendation ---------------------------------------------------------------------------------


def page_context(request, detail, **bound) -> dict:
    """The recommendation's page, with the forms its reader may use; `bound` holds a form refused on
    post (`recovery_form`, `case_form`, `decision_forms` by case, `closure_form`) to show with its
    errors."""
    user = request.user
    recommendation, task = detail.recommendation, detail.task
    # Only a recommendation to recover money has amounts recovered, only one to discipline names people.
    asks_money = recommendation.kind == RecommendationKind.RECOVER_MONEY
    asks_discipline = recommendation.kind == RecommendationKind.DISCIPLINE
    may_record = asks_money and can_record_recovery(user, recommendation)
    may_discipline = asks_discipline and can_record_discipline(user, recommendation)
    may_close = can_confirm_closure(user, recommendation)
    decisions = bound.get("decision_forms", {})
    task_completed = task.completed_on is not None and task.completed_on <= detail.on
    return {
        "detail": detail,
        "recommendation": recommendation,
        "oversight": detail.oversight,
        "task": task,
        "recovery_rate": percent(recommendation.recovered, recommendation.amount_required),
        "cases": [
            {
                "case": case,
                "form": (decisions.get(case.pk) or DisciplineDecisionForm(case=case))
                if may_discipline and case.outcome == DisciplineOutcome.PENDING
                else None,
            }
            for case in detail.discipline_cases
        ],
        "recovery_form": (bound.get("recovery_form") or RecoveryForm()) if may_record else None,
        "case_form": (bound.get("case_form") or DisciplineCaseForm()) if may_discipline else None,
        "closure_form": (bound.get("closure_form") or ClosureForm())
        if may_close and task_completed and recommendation.closure_confirmed_on is None
        else None,
        "task_completed": task_completed,
        "shows_recoveries": asks_money or bool(detail.recoveries),
        "shows_discipline": asks_discipline or bool(detail.discipline_cases),
    }


@login_required
def recommendation_page(request, pk):
    detail = recommendation_detail(request.user, pk)
    return render(request, "oversight/recommendation.html", page_context(request, detail))


def _post(request, detail, *, form, may: bool, denied: str, write, done: str, anchor: str, bound: dict):
    """Run one form of the recommendation's page: a 403 for who may not use it, the page again with
    the form's errors when it is refused, else back to the page at the form's section."""
    recommendation = detail.recommendation
    if not may:
        raise PermissionDenied(denied)
    status = 200
    if form.is_valid():
        result, status = run_action(form, write)
        if result is not None:
            messages.success(request, done)
            return redirect(f"{recommendation.get_absolute_url()}#{anchor}")
    # Read again: a refused write leaves nothing, but the page shows the day's figures afresh.
    context = page_context(request, recommendation_detail(request.user, recommendation.pk), **bound)
    return render(request, "oversight/recommendation.html", context, status=status)


@login_required
@require_POST
def recovery_create(request, pk):
    detail = recommendation_detail(request.user, pk)
    recommendation = detail.recommendation
    form = RecoveryForm(request.POST)
    return _post(
        request,
        detail,
        form=form,
        may=can_record_recovery(request.user, recommendation),
        denied=_("Only the unit responsible or the follow-up office records money recovered."),
        write=lambda: actions.record_recovery(
            acting_user=request.user, recommendation=recommendation, **form.action_fields()
        ),
        done=_("The amount recovered was recorded."),
        anchor="recoveries",
        bound={"recovery_form": form},
    )


@login_required
@require_POST
def discipline_case_create(request, pk):
    detail = recommendation_detail(request.user, pk)
    recommendation = detail.recommendation
    form = DisciplineCaseForm(request.POST)
    return _post(
        request,
        detail,
        form=form,
        may=can_record_discipline(request.user, recommendation),
        denied=_("Only the unit responsible or the follow-up office records the people to discipline."),
        write=lambda: actions.add_discipline_case(
            acting_user=request.user, recommendation=recommendation, **form.action_fields()
        ),
        done=_("The person to discipline was added."),
        anchor="discipline",
        bound={"case_form": form},
    )


@login_required
@require_POST
def discipline_case_decide(request, pk):
    case = get_object_or_404(DisciplineCase, pk=pk)
    detail = recommendation_detail(request.user, case.recommendation_id)
    recommendation = detail.recommendation
    form = DisciplineDecisionForm(request.POST, case=case)
    return _post(
        request,
        detail,
        form=form,
        may=can_record_discipline(request.user, recommendation),
        denied=_("Only the unit responsible or the follow-up office records what became of a person."),
        write=lambda: actions.decide_discipline_case(
            acting_user=request.user, case=case, **form.action_fields()
        ),
        done=_("What became of %(person)s was recorded.") % {"person": case.person},
        anchor="discipline",
        bound={"decision_forms": {case.pk: form}},
    )


@login_required
@require_POST
def closure_confirm(request, pk):
    detail = recommendation_detail(request.user, pk)
    recommendation = detail.recommendation
    form = ClosureForm(request.POST)
    return _post(
        request,
        detail,
        form=form,
        may=can_confirm_closure(request.user, recommendation),
        denied=_(
            "Only the follow-up office or the inspecting body confirms that a recommendation is closed."
        ),
        write=lambda: actions.confirm_closure(
            acting_user=request.user, recommendation=recommendation, **form.action_fields()
        ),
        done=_("The closure of the recommendation was confirmed."),
        anchor="closure",
        bound={"closure_form": form},
    )
