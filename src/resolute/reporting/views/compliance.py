"""The compliance pages: for a unit and everything below it, each unit × regime over a range of
periods, with completeness (received ÷ expected) and timeliness (on time ÷ expected), a bar chart,
and each cell linking to the page of what was expected and what arrived (where a narrative report
is sent); and a unit's reporting record, the panel of its page. A unit, regime or cell outside the
user's scope is not found (404)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.csv_export import csv_response
from resolute.core.forms import run_action
from resolute.core.pagination import page_of
from resolute.orgunits.selectors import get_visible_unit

from ..actions import regimes as regime_actions
from ..compliance_chart import draw
from ..forms import ComplianceForm, SubmissionForm
from ..models import RegimeKind
from ..permissions import can_manage_regimes, can_submit_report
from ..selectors.compliance import (
    bars,
    cell_url,
    default_root,
    get_visible_cell,
    unit_record_context,
    units_under,
)
from ..selectors.obligations import compliance, items_of, window_of
from ..selectors.regimes import visible_regimes

ROWS_PER_PAGE = 50


def _compliance_csv(rows, periods, root, as_of):
    """Every row of the table (not only the page's); each period's cell as three numbers, so a
    spreadsheet reads "3/4" as counts, never as a date. A cell whose deadline has not passed leaves
    its on-time count empty, as the page does."""
    header = [_("Unit code"), _("Unit"), _("Regime")]
    for period in periods:
        header += [
            _("%(period)s received") % {"period": period.code},
            _("%(period)s expected") % {"period": period.code},
            _("%(period)s on time") % {"period": period.code},
        ]
    header += [_("Completeness (%)"), _("Timeliness (%)")]
    lines = []
    for row in rows:
        line = [row.unit.code, str(row.unit), row.regime.name]
        cells = {cell.period.code: cell for cell in row.cells}
        for period in periods:
            cell = cells.get(period.code)
            if cell is None:
                line += [None, None, None]
            else:
                line += [cell.received, cell.expected, cell.on_time if cell.fallen_due else None]
        lines.append([*line, row.completeness, row.timeliness])
    return csv_response(f"compliance-{root.pk}-{as_of.isoformat()}", header, lines)


@login_required
def compliance_page(request):
    today = clock.today()
    regimes = visible_regimes(request.user)
    # Every field may be left empty, so the form is always bound and the defaults come from clean().
    form = ComplianceForm(request.GET, user=request.user, regimes=regimes, today=today)
    if not form.is_valid() and set(form.errors) == {"as_of"}:
        # A day that is not one (or is still to come) is said on the field, and the table counts to today.
        without_day = request.GET.copy()
        without_day.pop("as_of")
        counted = ComplianceForm(without_day, user=request.user, regimes=regimes, today=today)
        counted.is_valid()
        form.cleaned_data = counted.cleaned_data
    elif not form.is_valid():
        return render(request, "reporting/compliance.html", {"form": form, "rows": None}, status=400)
    data = form.cleaned_data
    root = data.get("unit") or default_root(request.user)
    if root is None:
        raise PermissionDenied(_("You have no role in any unit."))
    chosen = (
        [data["regime"]]
        if data.get("regime")
        else [r for r in regimes if r.period_type == data["period_type"]]
    )
    periods = data["periods"]
    as_of = data.get("as_of") or today
    rows = compliance(units_under(request.user, root, as_of), chosen, periods, as_of=as_of)
    if request.GET.get("format") == "csv":
        return _compliance_csv(rows, periods, root, as_of)
    page_obj = page_of(request, rows, ROWS_PER_PAGE)
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
        "today": as_of,
        "chart": draw(bars(rows, periods), title=title) if rows else "",
        "chart_title": title,
        "query": urlencode({key: value for key, value in request.GET.items() if key != "page"}),
        "can_manage_regimes": can_manage_regimes(request.user),
    }
    return render(request, "reporting/compliance.html", context)


@login_required
def compliance_cell(request):
    """What one unit owed under one regime for one period, and what arrived; the narrative report
    is sent from here."""
    regime, unit, period = get_visible_cell(
        request.user, request.GET.get("regime"), request.GET.get("unit"), request.GET.get("period")
    )
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
        "submissions": regime.submissions.visible_to(request.user)
        .filter(unit=unit, period=period.code)
        .select_related("submitted_by")
        if regime.kind == RegimeKind.NARRATIVE
        else [],
        "form": form,
        "today": today,
    }
    return render(request, "reporting/compliance_cell.html", context, status=status)


@login_required
def unit_record(request, pk):
    """A unit's reporting record: the panel of its page (fetched by HTMX), or a page of its own."""
    unit = get_visible_unit(request.user, pk)
    template = "reporting/unit_panel.html" if request.htmx else "reporting/unit_record.html"
    return render(request, template, unit_record_context(unit))
