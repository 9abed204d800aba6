"""Writes to the working calendar: the office adds and removes its adjustments, each logged.

Who may call these (the province's office or an administrator) is decided by the caller, since the
scope policy lives above core; see `web.permissions.may_edit_calendar`."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..changelog import record_change, snapshot
from ..models import CalendarAdjustment

LOGGED_FIELDS = ["day", "kind", "reason"]


@transaction.atomic
def create_calendar_adjustment(*, acting_user, day: date, kind: str, reason: str) -> CalendarAdjustment:
    """Record that `day` is a day off or a working day, whatever the weekend and the statutory
    holidays say. One adjustment a day: to change one, delete it and enter the new one."""
    existing = CalendarAdjustment.objects.select_for_update().filter(day=day).first()
    if existing is not None:
        raise ValidationError(
            {
                "day": _("%(day)s already has an adjustment (%(kind)s); delete it first.")
                % {"day": day.strftime("%d/%m/%Y"), "kind": existing.get_kind_display()}
            }
        )
    adjustment = CalendarAdjustment.objects.create(day=day, kind=kind, reason=reason.strip())
    record_change(actor=acting_user, instance=adjustment, action="create", fields=LOGGED_FIELDS)
    return adjustment


@transaction.atomic
def delete_calendar_adjustment(*, acting_user, adjustment: CalendarAdjustment) -> None:
    """Remove an adjustment: the day falls back to the weekend and statutory rules."""
    before = snapshot(adjustment, LOGGED_FIELDS)
    record_change(actor=acting_user, instance=adjustment, action="delete", before=before)
    adjustment.delete()
