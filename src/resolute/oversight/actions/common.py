"""What the oversight actions share: who is recorded as author, dates as a reader writes them, the
checks of a day against the conclusion and today, and exact whole amounts of VND (the rule of public
investment: VND has no minor unit, an amount is never negative unless it is a correction)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.actions.errors import Errors
from resolute.investment.actions.common import vnd, whole_vnd

__all__ = ["Errors", "check_day", "day_text", "ensure", "is_blank", "person", "vnd", "whole_vnd"]

NUMBER_MAX_LENGTH = 50
NOTE_MAX_LENGTH = 500


def person(acting_user):
    """The user to record as author, None for the system (the demo, a command)."""
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def ensure(acting_user, allowed, message: str) -> None:
    """Refuse a person who may not do this; the system (no acting user) may."""
    if acting_user is not None and not allowed(acting_user):
        raise PermissionDenied(message)


def day_text(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def is_blank(text) -> bool:
    return not (text or "").strip()


def since_of(recommendation) -> tuple[date, bool]:
    """The first day anything happens on a recommendation: the conclusion's date, or the day it was
    assigned when the conclusion's date is not known; and whether it is the conclusion's date."""
    issued_on = recommendation.oversight.document.issued_on
    if issued_on is not None:
        return issued_on, True
    return recommendation.task.assigned_on, False


def check_day(errors: Errors, field: str, day: date | None, *, label: str, recommendation) -> None:
    """An event of a recommendation happens on or after its conclusion was issued (or, for an undated
    conclusion, after the recommendation was assigned), and not later than today."""
    if day is None:
        errors.add(field, _("Enter the date: %(label)s.") % {"label": label})
        return
    since, is_conclusion_date = since_of(recommendation)
    if day < since:
        message = (
            _("%(label)s (%(date)s) is before the conclusion was issued (%(issued)s).")
            if is_conclusion_date
            else _("%(label)s (%(date)s) is before the recommendation was assigned (%(issued)s).")
        )
        errors.add(field, message % {"label": label, "date": day_text(day), "issued": day_text(since)})
    if day > clock.today():
        errors.add(
            field,
            _("%(label)s (%(date)s) is in the future; enter a date up to today.")
            % {"label": label, "date": day_text(day)},
        )


def check_length(errors: Errors, field: str, text: str, limit: int) -> None:
    if len(text) > limit:
        errors.add(field, _("Enter at most %(count)s characters.") % {"count": limit})
