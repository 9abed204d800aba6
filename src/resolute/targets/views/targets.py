"""The pages of targets and indicators: the list of targets by document and area with their status,
a target's page (chart, breakdown by unit, values with their vintages, trajectory), the indicator
registry, and the forms that create and change indicators and targets.

Views parse the request, call a selector or an action, and render; a refused rule shows the form
again with the message at the field, a stale version with who changed it (409).
"""

from html import unescape
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.changelog import history_of
from resolute.core.csv_export import csv_response
from resolute.core.forms import run_action
from resolute.core.pagination import page_of
from resolute.core.periods import Period

from .. import selectors
from ..actions import indicators as indicator_actions
from ..actions import targets as target_actions
from ..chart import target_chart
from ..filters import TargetFilter
from ..forms.targets import IndicatorForm, TargetForm
from ..handovers import handovers_of
from ..models import Indicator
from ..permissions import can_enter_values, can_manage_indicators, can_manage_target
from ..rollup import year_value
from ..status import TargetStatus, evaluate, planned_on

TARGETS_PER_PAGE = 25
INDICATORS_PER_PAGE = 50
VALUES_PER_PAGE = 50


def _today():
    return clock.today()


def wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


def commitment_text(target) -> str:
    """What the target commits to, as the page writes it ("at least 120 households")."""
    html = get_template("targets/_commitment.html").render({"target": target})
    return " ".join(unescape(strip_tags(html)).split())


def _target_list_csv(rows, as_of, filename: str = ""):
    header = [
        _("Document"),
        _("Area"),
        _("Unit"),
        _("Indicator code"),
        _("Indicator"),
        _("Target"),
        _("Actual"),
        _("Deadline"),
        _("Status"),
        _("Why"),
    ]
    lines = (
        [
            str(row.target.document),
            row.target.area,
            str(row.target.unit),
            row.target.indicator.code,
            str(row.target.indicator.display_name),
            commitment_text(row.target),
            row.evaluation.actual,
            row.target.deadline,
            capfirst(TargetStatus(row.evaluation.status).label),
            row.evaluation.sentence,
        ]
        for row in rows
    )
    return csv_response(filename or f"targets-{as_of.isoformat()}", header, lines)


# -- targets -----------------------------------------------------------------------------------------


@login_required
def target_list(request):
    """Targets by document and area, each with its status on the chosen day and the sentence why."""
    targets = selectors.targets_for_list(request.user)
    target_filter = TargetFilter(request.GET or None, queryset=targets, request=request)
    as_of = target_filter.judged_on
    wanted_status = target_filter.wanted_status
    if wants_csv(request):
        # Every row the filters keep, not only the page's.
        rows = selectors.evaluated_as_stored(target_filter.qs, as_of)
        return _target_list_csv(target_filter.keep_status(rows), as_of)
    if wanted_status:
        # A status is not a column: evaluate the filtered targets, then page through those kept.
        rows = target_filter.keep_status(selectors.evaluated_as_stored(target_filter.qs, as_of))
        page_obj = page_of(request, rows, TARGETS_PER_PAGE)
        page_rows = list(page_obj)
    else:
        page_obj = page_of(request, target_filter.qs, TARGETS_PER_PAGE)
        page_rows = selectors.evaluated_as_stored(page_obj, as_of)
    context = {
        "filter": target_filter,
        "page_obj": page_obj,
        "rows": page_rows,
        "as_of": as_of,
        "is_today": as_of == _today(),
        "is_filtered": target_filter.is_filtered,
        "can_create": can_manage_indicators(request.user),
        "statuses": TargetStatus,
    }
    return render(request, "targets/target_list.html", context)


def entry_url(unit, period: Period) -> str:
    """The data-entry grid of a unit for a period."""
    from django.urls import reverse

    return reverse("targets:entry") + "?" + urlencode({"unit": unit.pk, "period": period.code})


def _target_values_csv(request, target):
    """The table of values entered for the target, every page of it."""
    header = [
        _("Period"),
        _("Unit code"),
        _("Unit"),
        _("Value"),
        _("Vintage"),
        _("Superseded"),
        _("State"),
        _("Reason for returning"),
        _("Entered by"),
        _("Entered at"),
        _("Comment"),
    ]
    lines = (
        [
            value.period,
            value.unit.code,
            str(value.unit),
            value.value,
            capfirst(value.get_vintage_display()),
            _("yes") if value.superseded_by_id else "",
            capfirst(value.get_state_display()),
            value.return_reason,
            str(value.entered_by or ""),
            value.created_at,
            value.comment,
        ]
        for value in selectors.values_of_target(request.user, target)
    )
    return csv_response(f"target-{target.pk}-values", header, lines)


@login_required
def target_detail(request, pk):
    target = selectors.get_visible_target(request.user, pk)
    if wants_csv(request):
        return _target_values_csv(request, target)
    target_filter = TargetFilter(request.GET or None, request=request)
    as_of = target_filter.judged_on
    evaluation = evaluate(target, as_of=as_of)
    measured = year_value(target.indicator, target.unit, target.year, as_of=as_of)
    breakdown = selectors.breakdown_of(request.user, target, as_of)
    periods = Period.all_in_year(target.year, target.indicator.periodicity)
    planned = [
        (period, planned_on(target, period.last_day))
        for period in periods
        if period.last_day <= max(target.deadline, periods[-1].last_day)
    ]
    entry_period = next((p for p in reversed(periods) if p.last_day <= as_of), periods[0])
    context = {
        "target": target,
        "evaluation": evaluation,
        "measured": measured,
        "chart": target_chart(target, evaluation, measured),
        "breakdown": breakdown,
        "trajectory_rows": [
            {"period": period, "planned": value, "actual": measured.by_period.get(period.code)}
            for period, value in planned
        ],
        "values": page_of(
            request,
            selectors.values_of_target(request.user, target),
            VALUES_PER_PAGE,
            parameter="values_page",
        ),
        "as_of": as_of,
        "is_today": as_of == _today(),
        "can_edit": can_manage_target(request.user, target.unit),
        "can_enter": can_enter_values(request.user, target.unit),
        "entry_url": entry_url(target.unit, entry_period),
        "history": history_of(target),
        "handovers": handovers_of(target),
    }
    return render(request, "targets/target_detail.html", context)


@login_required
def target_create(request):
    """A new target, on its own or from a clause (`?clause=<id>`: the clause is quoted and the
    document set)."""
    if not can_manage_indicators(request.user):
        raise PermissionDenied(_("Only an office may set targets."))
    clause_id = request.GET.get("clause")
    clause = selectors.get_visible_clause(request.user, clause_id) if clause_id else None
    form = TargetForm(request.POST or None, user=request.user, clause=clause)
    status = 200
    if request.method == "POST" and form.is_valid():
        target, status = run_action(
            form, lambda: target_actions.create_target(acting_user=request.user, **form.action_fields())
        )
        if target is not None:
            messages.success(request, _("The target was set for %(unit)s.") % {"unit": target.unit})
            return redirect(target)
    return render(
        request, "targets/target_form.html", {"form": form, "target": None, "clause": clause}, status=status
    )


@login_required
def target_edit(request, pk):
    target = selectors.get_visible_target(request.user, pk)
    if not can_manage_target(request.user, target.unit):
        raise PermissionDenied(
            _("Only the office covering %(unit)s may change its targets.") % {"unit": target.unit}
        )
    form = TargetForm(request.POST or None, user=request.user, target=target)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, status = run_action(
            form,
            lambda: target_actions.update_target(
                acting_user=request.user,
                target=target,
                expected_version=form.cleaned_data.get("version"),
                **form.action_fields(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The target was saved."))
            return redirect(saved)
    return render(
        request, "targets/target_form.html", {"form": form, "target": target, "clause": None}, status=status
    )


# -- indicators --------------------------------------------------------------------------------------


@login_required
def indicator_list(request):
    indicators = Indicator.objects.visible_to(request.user).order_by("code")
    query = request.GET.get("q", "").strip()
    if query:
        indicators = indicators.filter(code__icontains=query) | indicators.filter(name__icontains=query)
    page_obj = page_of(request, indicators, INDICATORS_PER_PAGE)
    context = {
        "page_obj": page_obj,
        "indicators": page_obj,
        "query": query,
        "can_create": can_manage_indicators(request.user),
    }
    return render(request, "targets/indicator_list.html", context)


@login_required
def indicator_detail(request, pk):
    indicator = selectors.get_visible_indicator(request.user, pk)
    as_of = _today()
    rows = selectors.evaluated_as_stored(selectors.targets_of_indicator(request.user, indicator), as_of)
    if wants_csv(request):
        return _target_list_csv(
            rows, as_of, filename=f"indicator-{indicator.code}-targets-{as_of.isoformat()}"
        )
    context = {
        "indicator": indicator,
        "rows": rows,
        "as_of": as_of,
        "can_edit": can_manage_indicators(request.user),
        "history": history_of(indicator),
    }
    return render(request, "targets/indicator_detail.html", context)


@login_required
def indicator_create(request):
    if not can_manage_indicators(request.user):
        raise PermissionDenied(_("Only an office may change the indicator registry."))
    form = IndicatorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        indicator, status = run_action(
            form, lambda: indicator_actions.create_indicator(acting_user=request.user, **form.action_fields())
        )
        if indicator is not None:
            messages.success(request, _("The indicator was added to the registry."))
            return redirect(indicator)
    return render(request, "targets/indicator_form.html", {"form": form, "indicator": None}, status=status)


@login_required
def indicator_edit(request, pk):
    indicator = selectors.get_visible_indicator(request.user, pk)
    if not can_manage_indicators(request.user):
        raise PermissionDenied(_("Only an office may change the indicator registry."))
    form = IndicatorForm(request.POST or None, indicator=indicator)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, status = run_action(
            form,
            lambda: indicator_actions.update_indicator(
                acting_user=request.user,
                indicator=indicator,
                expected_version=form.cleaned_data.get("version"),
                **form.action_fields(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The indicator was saved."))
            return redirect(saved)
    return render(
        request, "targets/indicator_form.html", {"form": form, "indicator": indicator}, status=status
    )
