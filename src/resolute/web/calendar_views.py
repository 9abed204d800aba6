"""The working-days settings page: the year's days off, and the office's adjustments to them.

Every signed-in user may read the calendar (deadlines are counted on it); the province's office and
administrators may add and delete adjustments, since the calendar applies to every unit."""

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.accounts.permissions import can_set_shared_settings
from resolute.core import clock
from resolute.core.calendar import WorkingCalendar, statutory_holidays
from resolute.core.calendar_actions import create_calendar_adjustment, delete_calendar_adjustment
from resolute.core.models import CalendarAdjustment

# Years the page offers; the lunar computation covers far more, but no deadline lies beyond these.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def may_edit_calendar(user) -> bool:
    """The calendar is shared by every unit: see `accounts.permissions.can_set_shared_settings`."""
    return can_set_shared_settings(user)


class CalendarAdjustmentForm(forms.Form):
    """One adjustment; refuses one that would change nothing, so every entry means something."""

    day = forms.DateField(label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label=gettext_lazy("The day becomes"),
        choices=CalendarAdjustment.Kind.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=300,
        help_text=gettext_lazy("For example the notice it comes from: “Tết schedule, notice 1234/TB-BNV”."),
    )

    def clean(self):
        data = super().clean()
        day, kind = data.get("day"), data.get("kind")
        if day is None or kind is None:
            return data
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.add_error(
                "day",
                _("Choose a day between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            )
            return data
        works_by_law = WorkingCalendar(adjustments={}).is_working_day(day)
        if kind == CalendarAdjustment.Kind.WORKING_DAY and works_by_law:
            self.add_error("kind", _("This day is already a working day."))
        if kind == CalendarAdjustment.Kind.DAY_OFF and not works_by_law:
            self.add_error("kind", _("This day is already a day off (a weekend or a public holiday)."))
        return data


def _year_from(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    return min(max(year, FIRST_YEAR), LAST_YEAR)


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
    return {
        "year": year,
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "holidays": holidays,
        "months": months,
        "adjustments": adjustments,
        "form": form,
        "may_edit": may_edit,
        "today": clock.today(),
    }
