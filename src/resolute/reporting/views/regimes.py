"""The pages of reporting regimes and compliance.

- Regime settings (list, add, change with its change log): the office or an administrator of the
  issuing unit; anyone else is refused (403).
- Compliance: for a unit and everything below it, each unit × regime over a range of periods, with
  completeness (received ÷ expected) and timeliness (on time ÷ expected), a bar chart, and each cell
  linking to the page of what was expected and what arrived (where a narrative report is sent).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.calendar import WorkingCalendar
from resolute.core.changelog import history_of
from resolute.core.forms import run_action
from resolute.core.periods import Period
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit, OrgUnitKind
from resolute.orgunits.querysets import subtree_q
from resolute.orgunits.scope import scope_for

from . import regime_actions
from .compliance_chart import PeriodBar, draw
from .models import RegimeKind, ReportingRegime
from .obligations import compliance, items_of, percent, window_of
from .panels import unit_record_context
from .regime_forms import ComplianceForm, RegimeForm, SubmissionForm
from .regime_permissions import can_manage_regimes, can_submit_report

ROWS_PER_PAGE = 50


def _ensure_may_manage(user, issuer=None) -> None:
    if not can_manage_regimes(user, issuer):
        raise PermissionDenied(
            _("Only the office or an administrator of the issuing unit may set its regimes.")
        )


def _kind_labels(kinds) -> str:
    labels = dict(OrgUnitKind.choices)
    return ", ".join(str(labels.get(kind, kind)) for kind in kinds)


@login_required
def regime_list(request):
    _ensure_may_manage(request.user)
    condition = scope_for(request.user).unit_q(Role.OFFICE, prefix="issuer")
    regimes = ReportingRegime.objects.select_related("issuer").annotate(named_units=Count("units"))
    if condition is not None:
        regimes = regimes.filter(condition)
    today = clock.today()
    working_calendar = WorkingCalendar()
    rows = []
    for regime in regimes.order_by("-active", "name", "pk"):
        window = window_of(regime, Period.containing(today, regime.period_type), working_calendar)
        rows.append({"regime": regime, "kinds": _kind_labels(regime.unit_kinds), "window": window})
    return render(request, "reporting/regime_list.html", {"rows": rows})


@login_required
def regime_create(request):
    _ensure_may_manage(request.user)
    form = RegimeForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        regime, status = run_action(
            form, lambda: regime_actions.create_regime(acting_user=request.user, **form.action_fields())
        )
        if regime is not None:
            messages.success(request, _("The reporting regime was set up."))
            return redirect("reporting:regime_list")
    return render(request, "reporting/regime_form.html", {"form": form, "regime": None}, status=status)


@login_required
def regime_edit(request, pk):
    regime = get_object_or_404(ReportingRegime.objects.select_related("issuer"), pk=pk)
    _ensure_may_manage(request.user, regime.issuer)
    form = RegimeForm(request.POST or None, user=request.user, regime=regime)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, status = run_action(
            form,
            lambda: regime_actions.update_regime(
                acting_user=request.user,
                regime=regime,
                expected_version=form.cleaned_data.get("version"),
                **form.action_fields(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The reporting regime was saved."))
            return redirect("reporting:regime_list")
    context = {"form": form, "regime": regime, "history": history_of(regime)}
    return render(request, "reporting/regime_form.html", context, status=status)


def _visible_regimes(user):
    """Active regimes issued by a unit the user can see (their own levels and the ones above)."""
    regimes = ReportingRegime.objects.filter(active=True).select_related("issuer")
    condition = scope_for(user).visible_unit_q(prefix="issuer")
    return (regimes if condition is None else regimes.filter(condition)).order_by("name", "pk")


def _default_root(user):
    """The top of the user's first covered subtree (for a superuser, the first root unit)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    roots = sorted(scope.coverages, key=lambda coverage: coverage.root_path)
    return OrgUnit.objects.filter(pk=roots[0].root_id).first() if roots else None


def _units_under(user, root):
    """`root` and every unit below it that the user's roles cover, in tree order."""
    units = OrgUnit.objects.filter(subtree_q(root.path))
    condition = scope_for(user).unit_q(Role.VIEWER)
    if condition is not None:
        units = units.filter(condition)
    return units.order_by("path")


def cell_url(regime, unit, period: Period) -> str:
    query = urlencode({"regime": regime.pk, "unit": unit.pk, "period": period.code})
    return f"{reverse('reporting:compliance_cell')}?{query}"


def _bars(rows, periods) -> list[PeriodBar]:
    """Each period's rates over all the rows (not only the page shown)."""
    bars = []
    for index, period in enumerate(periods):
        cells = [row.cells[index] for row in rows]
        expected = sum(cell.expected for cell in cells)
        bars.append(
            PeriodBar(
                label=period.code,
                completeness=percent(sum(cell.received for cell in cells), expected),
                timeliness=percent(sum(cell.on_time for cell in cells), expected),
                fallen_due=any(cell.fallen_due for cell in cells),
                expected=expected,
            )
        )
    return bars


@login_required
def compliance_page(request):
    today = clock.today()
    regimes = _visible_regimes(request.user)
    # Every field may be left empty, so the form is always bound and the defaults come from clean().
    form = ComplianceForm(request.GET, user=request.user, regimes=regimes, today=today)
    if not form.is_valid():
        return render(request, "reporting/compliance.html", {"form": form, "rows": None}, status=400)
    data = form.cleaned_data
    root = data.get("unit") or _default_root(request.user)
    if root is None:
        raise PermissionDenied(_("You have no role in any unit."))
    chosen = (
        [data["regime"]]
        if data.get("regime")
        else [r for r in regimes if r.period_type == data["period_type"]]
    )
    periods = data["periods"]
    rows = compliance(_units_under(request.user, root), chosen, periods, as_of=today)
    page_obj = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    table = [
        {"row": row, "cells": [(cell, cell_url(row.regime, row.unit, cell.period)) for cell in row.cells]}
        for row in page_obj
    ]
    title = _("Completeness and timeliness of reports from %(unit)s and the units below it") % {"unit": root}
    context = {
        "form": form,
        "root": root,
        "periods": periods,
        "rows": table,
        "page_obj": page_obj,
        "today": today,
        "chart": draw(_bars(rows, periods), title=title) if rows else "",
        "chart_title": title,
        "query": urlencode({key: value for key, value in request.GET.items() if key != "page"}),
        "can_manage_regimes": can_manage_regimes(request.user),
    }
    return render(request, "reporting/compliance.html", context)


@login_required
def compliance_cell(request):
    """What one unit owed under one regime for one period, and what arrived; the narrative report
    is sent from here."""
    try:
        regime = _visible_regimes(request.user).get(pk=int(request.GET.get("regime", "")))
        unit = OrgUnit.objects.get(pk=int(request.GET.get("unit", "")))
        period = Period.parse(request.GET.get("period", ""))
    except (ValueError, ReportingRegime.DoesNotExist, OrgUnit.DoesNotExist):
        raise Http404(_("No such report.")) from None
    if not scope_for(request.user).covers(unit):
        raise PermissionDenied(_("This unit is outside the units you may see."))
    if period.type != regime.period_type:
        raise Http404(_("No such report."))
    today = clock.today()
    may_send = regime.kind == RegimeKind.NARRATIVE and can_submit_report(request.user, unit)
    form = SubmissionForm(request.POST or None, request.FILES or None) if may_send else None
    status = 200
    if request.method == "POST":
        if not may_send:
            raise PermissionDenied(_("You may only send reports for units where you are a reporter."))
        if form.is_valid():
            submission, status = run_action(
                form,
                lambda: regime_actions.submit_report(
                    acting_user=request.user,
                    regime=regime,
                    unit=unit,
                    period=period.code,
                    text=form.cleaned_data["text"],
                    file=form.cleaned_data["file"],
                ),
            )
            if submission is not None:
                messages.success(request, _("The report was sent."))
                return redirect(cell_url(regime, unit, period))
    context = {
        "regime": regime,
        "unit": unit,
        "period": period,
        "window": window_of(regime, period),
        "items": items_of(regime, unit, period, today),
        "submissions": regime.submissions.filter(unit=unit, period=period.code).select_related("submitted_by")
        if regime.kind == RegimeKind.NARRATIVE
        else [],
        "form": form,
        "today": today,
    }
    return render(request, "reporting/compliance_cell.html", context, status=status)


@login_required
def unit_record(request, pk):
    """A unit's reporting record: the panel of its page (fetched by HTMX), or a page of its own."""
    unit = get_object_or_404(OrgUnit, pk=pk)
    if not scope_for(request.user).can_see_unit(unit):
        raise Http404(_("No such unit."))
    template = "reporting/unit_panel.html" if request.htmx else "reporting/unit_record.html"
    return render(request, template, unit_record_context(unit, cell_url))
