"""Data entry and approval pages: a unit's grid of owed indicators for one period, submitting it,
opening a locked period again, and the approver's list of submitted values.

Every write goes through `actions`; these views only read the request, call the action and show
what it said (errors at the cell of the indicator they name, jump warnings asking for a comment).
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resolute.core import clock
from resolute.core.jobs import may_cancel_job
from resolute.core.pagination import year_in
from resolute.core.periods import Period, PeriodType
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for
from resolute.orgunits.selectors import get_visible_unit

from ..actions import values as value_actions
from ..actions.imports import cancel_value_import, start_value_import
from ..forms.entry import DecisionForm, EntryGridForm, OpenPeriodForm, ValueImportForm
from ..models import DataValue, Indicator, ValueImport, ValueState
from ..permissions import can_approve_values, can_enter_values, can_open_period
from ..values import latest_entered_values
from ..workbook import build_template

PERIODICITY_ORDER = [PeriodType.MONTHLY, PeriodType.QUARTERLY, PeriodType.SIX_MONTHLY, PeriodType.YEARLY]


# -- what a unit owes ------------------------------------------------------------------------------


def owed_indicators(unit, *, periodicity: str | None = None, year: int | None = None) -> list[Indicator]:
    """The indicators a unit reports: those of targets set for the unit, and of targets set for an
    ancestor with a breakdown share for the unit; of one periodicity and covering one year when
    asked. One query."""
    targets = Q(targets__unit=unit) | Q(targets__breakdown__unit=unit)
    if year is not None:
        targets &= Q(targets__year__lte=year, targets__deadline__year__gte=year)
    indicators = Indicator.objects.filter(targets)
    if periodicity is not None:
        indicators = indicators.filter(periodicity=periodicity)
    return list(indicators.distinct().order_by("code"))


def latest_ended_period(periodicity: str, today=None) -> Period:
    today = today or clock.today()
    return Period.containing(today, periodicity).previous()


def period_choices(periodicities, today=None) -> list[Period]:
    """The periods a picker offers: this year's and last year's periods of each periodicity that
    have begun, newest first."""
    today = today or clock.today()
    choices = []
    for periodicity in periodicities:
        for year in (today.year, today.year - 1):
            choices += [p for p in Period.all_in_year(year, periodicity) if p.first_day <= today]
    return sorted(choices, key=lambda p: (p.last_day, PERIODICITY_ORDER.index(p.type)), reverse=True)


def _entry_units(user) -> list[OrgUnit]:
    """Units the user may enter values for, as a picker lists them: their reporter coverage."""
    condition = scope_for(user).unit_q(Role.REPORTER)
    units = OrgUnit.objects.all() if condition is None else OrgUnit.objects.filter(condition)
    return list(units.filter(effective_to__isnull=True).order_by("path")[:500])


def _parse_period(code) -> Period | None:
    try:
        return Period.parse(code)
    except ValueError:
        return None


def entry_url(unit, period) -> str:
    return reverse("targets:entry") + "?" + urlencode({"unit": unit.pk, "period": str(period)})


# -- the grid --------------------------------------------------------------------------------------


@login_required
def entry(request):
    """GET: the grid of a unit and a period. POST: save the grid through `value_actions.save_values`."""
    unit_id = request.GET.get("unit") or request.POST.get("unit")
    units = _entry_units(request.user)
    if not unit_id:
        if not units:
            return render(request, "targets/entry_choose_unit.html", {"units": units})
        unit = units[0]
    else:
        unit = get_visible_unit(request.user, unit_id)

    all_owed = owed_indicators(unit)
    periodicities = [p for p in PERIODICITY_ORDER if any(i.periodicity == p for i in all_owed)]
    period = _parse_period(request.GET.get("period") or request.POST.get("period"))
    if period is None:
        period = latest_ended_period(periodicities[0] if periodicities else PeriodType.MONTHLY)
    indicators = owed_indicators(unit, periodicity=period.type, year=period.year)

    may_enter = can_enter_values(request.user, unit)
    locked, lock_sentence = value_actions.is_locked(unit, period)
    warnings: dict = {}
    status = 200
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied(_("You may not enter values for %(unit)s.") % {"unit": unit})
        form = EntryGridForm(request.POST, indicators=indicators)
        if form.is_valid():
            try:
                result = value_actions.save_values(
                    acting_user=request.user,
                    unit=unit,
                    period=period,
                    entries=form.entries(),
                    vintage=form.cleaned_data["vintage"],
                )
            except ValidationError as error:
                form.add_action_error(error, {i.code: i for i in indicators})
                status = 422
            else:
                if not result.warnings:
                    messages.success(request, _("The values are saved as drafts."))
                    return redirect(entry_url(unit, period))
                warnings = result.warnings
                messages.warning(
                    request,
                    _(
                        "The values are saved, but some changed sharply: "
                        "explain them in a comment before submitting."
                    ),
                )
                form = EntryGridForm(indicators=indicators, initial=_initial(form))
        else:
            status = 422
    else:
        form = EntryGridForm(indicators=indicators)

    codes = [period.code, period.previous().code]
    entered = latest_entered_values(indicators, unit, codes)
    previous = {i.pk: entered.get((i.pk, period.previous().code)) for i in indicators}
    current = {i.pk: entered.get((i.pk, period.code)) for i in indicators}
    if request.method == "GET":
        form = EntryGridForm(indicators=indicators, initial=_initial_from_rows(current))
    has_drafts = any(row is not None and row.state == ValueState.DRAFT for row in current.values())
    context = {
        "unit": unit,
        "period": period,
        "units": units,
        "periods": period_choices(periodicities),
        "form": form,
        "rows": form.rows(previous, current, warnings),
        "may_enter": may_enter and not locked,
        "may_submit": may_enter and not locked and has_drafts,
        "locked": locked,
        "lock_sentence": lock_sentence,
        "may_open": locked and can_open_period(request.user, unit),
        "open_form": OpenPeriodForm(),
    }
    return render(request, "targets/entry.html", context, status=status)


def _initial(form) -> dict:
    return {name: form.cleaned_data.get(name) for name in form.fields}


def _initial_from_rows(current: dict) -> dict:
    initial = {}
    for indicator_id, row in current.items():
        if row is not None and row.state in (ValueState.DRAFT, ValueState.RETURNED):
            initial[f"value_{indicator_id}"] = row.value.normalize()
            initial[f"comment_{indicator_id}"] = row.comment
    return initial


@login_required
@require_POST
def entry_submit(request):
    """Send the unit's drafts for the period to its approver."""
    unit = get_visible_unit(request.user, request.POST.get("unit"))
    period = _parse_period(request.POST.get("period"))
    if period is None:
        raise Http404(_("No such period."))
    if not can_enter_values(request.user, unit):
        raise PermissionDenied(_("You may not enter values for %(unit)s.") % {"unit": unit})
    try:
        rows = value_actions.submit_values(acting_user=request.user, unit=unit, period=period)
    except ValidationError as error:
        for messages_of_cell in error.message_dict.values():
            for message in messages_of_cell:
                messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(count)s values of %(unit)s for %(period)s are sent for approval.")
            % {"count": len(rows), "unit": unit, "period": period.code},
        )
    return redirect(entry_url(unit, period))


@login_required
@require_POST
def entry_open_period(request):
    """An approver opens a locked period again for one unit."""
    unit = get_visible_unit(request.user, request.POST.get("unit"))
    period = _parse_period(request.POST.get("period"))
    if period is None:
        raise Http404(_("No such period."))
    if not can_open_period(request.user, unit):
        raise PermissionDenied(
            _("Only an approver above %(unit)s may open its periods again.") % {"unit": unit}
        )
    form = OpenPeriodForm(request.POST)
    if form.is_valid():
        try:
            value_actions.open_period(
                acting_user=request.user,
                unit=unit,
                period=period,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(
                request,
                _("%(period)s is open again for %(unit)s.") % {"period": period.code, "unit": unit},
            )
            return redirect(entry_url(unit, period))
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, message)
    return redirect(entry_url(unit, period))


# -- approvals -------------------------------------------------------------------------------------


def awaiting_approval(user) -> list[DataValue]:
    """Submitted values the user may approve, ordered by unit, period and indicator."""
    scope = scope_for(user)
    if not scope.has_power_anywhere(Role.MANAGER):
        return []
    rows = (
        DataValue.objects.visible_to(user)
        .filter(state=ValueState.SUBMITTED, superseded_by__isnull=True)
        .select_related("indicator", "unit", "unit__parent", "entered_by")
        .order_by("unit__path", "period", "indicator__code", "-vintage")
    )
    return [row for row in rows if can_approve_values(user, row.unit)]


@login_required
def approvals(request):
    """Submitted values in the approver's subtree, grouped by unit and period."""
    rows = awaiting_approval(request.user)
    groups = []
    for (unit, period), cell_rows in groupby(rows, key=lambda row: (row.unit, row.period)):
        cell_rows = list(cell_rows)
        groups.append(
            {
                "unit": unit,
                "period": period,
                "rows": cell_rows,
                "ids": ",".join(str(row.pk) for row in cell_rows),
                "entry_url": entry_url(unit, period),
            }
        )
    return render(request, "targets/approvals.html", {"groups": groups})


@login_required
@require_POST
def approvals_decide(request):
    """Approve or return a group of submitted values."""
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
        return redirect("targets:approvals")
    ids = form.cleaned_data["values"]
    if not DataValue.objects.visible_to(request.user).filter(pk__in=ids).count() == len(set(ids)):
        raise Http404(_("No such value."))
    try:
        if form.cleaned_data["decision"] == DecisionForm.APPROVE:
            rows = value_actions.approve_values(acting_user=request.user, values=ids)
            messages.success(request, _("%(count)s values are approved.") % {"count": len(rows)})
        else:
            rows = value_actions.return_values(
                acting_user=request.user, values=ids, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("%(count)s values are returned.") % {"count": len(rows)})
    except ValidationError as error:
        for cell_messages in error.message_dict.values():
            for message in cell_messages:
                messages.error(request, message)
    return redirect("targets:approvals")


# -- XLSX template and import ----------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def entry_template(request):
    """The XLSX template of a unit for a year: a row for each owed indicator and period."""
    unit = get_visible_unit(request.user, request.GET.get("unit"))
    year = year_in(request.GET.get("year"), default=clock.today().year)
    if not can_enter_values(request.user, unit):
        raise PermissionDenied(_("You may not enter values for %(unit)s.") % {"unit": unit})
    content = build_template(unit, year, owed_indicators(unit, year=year))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    filename = f"values-{unit.code or unit.pk}-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _ensure_may_import(user) -> None:
    if not scope_for(user).has_power_anywhere(Role.REPORTER):
        raise PermissionDenied(_("Only a unit's reporters may import its values."))


@login_required
def value_import(request):
    """Upload a filled template; a background job checks it and saves it, or lists its errors."""
    _ensure_may_import(request.user)
    status = 200
    if request.method == "POST":
        form = ValueImportForm(request.POST, request.FILES)
        if form.is_valid():
            started = start_value_import(acting_user=request.user, uploaded_file=form.cleaned_data["file"])
            return redirect(started)
        status = 422
    else:
        form = ValueImportForm()
    recent = ValueImport.objects.filter(uploaded_by=request.user).order_by("-created_at", "-id")[:10]
    context = {
        "form": form,
        "recent": recent,
        "units": _entry_units(request.user),
        "year": clock.today().year,
    }
    return render(request, "targets/import.html", context, status=status)


@login_required
def value_import_detail(request, pk: int):
    """The progress of an import, refreshed every two seconds until it is finished; then its
    result or every error by sheet, row and column."""
    imports = ValueImport.objects.all()
    if not request.user.is_superuser:
        imports = imports.filter(uploaded_by=request.user)
    value_import = get_object_or_404(imports, pk=pk)
    template = "targets/import_progress.html" if request.htmx else "targets/import_detail.html"
    context = {"value_import": value_import, "may_cancel": may_cancel_job(request.user, value_import)}
    return render(request, template, context)


@login_required
@require_POST
def value_import_cancel(request, pk: int):
    """Stop a waiting or checking import; only the person who uploaded it (or an administrator) may."""
    imports = ValueImport.objects.all()
    if not request.user.is_superuser:
        imports = imports.filter(uploaded_by=request.user)
    value_import = get_object_or_404(imports, pk=pk)
    value_import = cancel_value_import(acting_user=request.user, value_import=value_import)
    if value_import.status == ValueImport.Status.CANCELLED:
        messages.success(request, _("The import was cancelled; nothing was saved."))
    else:
        messages.info(request, _("The import could no longer be cancelled."))
    return redirect(value_import)
