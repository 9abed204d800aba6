"""The working-days settings page: the year's days off, and the office's adjustments to them.

Every signed-in user may read the calendar (deadlines are counted on it); the province's office and
administrators may add and delete adjustments, since the calendar applies to every unit."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.actions import create_calendar_adjustment, delete_calendar_adjustment
from resolute.core.calendar import WorkingCalendar, statutory_holidays
from resolute.core.models import CalendarAdjustment
from resolute.core.pagination import year_in

from ..forms import FIRST_YEAR, LAST_YEAR, CalendarAdjustmentForm
from ..permissions import may_edit_calendar


def _year_from(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year")
    return year_in(raw, default=clock.today().year, first=FIRST_YEAR, last=LAST_YEAR)


def _calendar_url(year: int) -> str:
    return f"{reverse('web:calendar')}?year={year}"


@login_required
def calendar_page(request):
    """Show a year's days off and working days per month; the office adds or deletes adjustments."""
    may_edit = may_edit_calendar(request.user)
    year = _year_from(request)
    form = CalendarAdjustmentForm()
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if "delete" in request.POST:
            pk = request.POST.get("delete", "")
            adjustment = get_object_or_404(CalendarAdjustment, pk=int(pk) if pk.isdigit() else None)
            delete_calendar_adjustment(acting_user=request.user, adjustment=adjustment)
            messages.success(
                request,
                _("The adjustment of %(day)s is deleted.")
                % {"day": formats.date_format(adjustment.day, "SHORT_DATE_FORMAT")},
            )
            return redirect(_calendar_url(adjustment.day.year))
        form = CalendarAdjustmentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                adjustment = create_calendar_adjustment(acting_user=request.user, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(day)s is now a %(kind)s.")
                    % {
                        "day": formats.date_format(adjustment.day, "SHORT_DATE_FORMAT"),
                        "kind": adjustment.get_kind_display(),
                    },
                )
                return redirect(_calendar_url(adjustment.day.year))
        status = 422
    return render(request, "web/calendar.html", _context(year, form, may_edit), status=status)


def _context(year: int, form, may_edit: bool) -> dict:
    return {
        **calendar_of(year),
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "form": form,
        "may_edit": may_edit,
        "today": clock.today(),
    }


def calendar_of(year: int) -> dict:
    """What the page and the API show of a year: its days off other than weekends (`by_law` for the
    statutory ones), the working days of each month, and the office's adjustments."""
    working = WorkingCalendar()
    law = statutory_holidays(year)
    holidays = [
        {"day": day, "name": name, "by_law": day in law}
        for day, name in working.public_holidays(year).items()
    ]
    months = []
    for month in range(1, 13):
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1)
        # Days after the last of the previous month up to the last of this one.
        months.append(
            {
                "first": first,
                "working_days": working.working_days_between(
                    first - timedelta(days=1), last - timedelta(days=1)
                ),
            }
        )
    adjustments = CalendarAdjustment.objects.filter(day__year=year).order_by("day")
    return {"year": year, "holidays": holidays, "months": months, "adjustments": adjustments}
