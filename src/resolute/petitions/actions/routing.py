"""Sending a petition where it is settled: to the unit competent to settle it (whose managers are
told), or out to another body with a forwarding letter (which closes it here); and the people who
handle it (who are told when they are assigned)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.core import clock
from resolute.core.calendar import WorkingCalendar
from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for
from resolute.reporting.actions.notifications import notify
from resolute.reporting.models import NotificationKind

from .. import permissions
from ..choices import BEFORE_ACCEPTANCE, CLOSED, Stage, StepKind
from ..models import Petition, PetitionHandler
from .common import (
    Errors,
    add_step,
    announce_routed,
    before_change,
    check_day,
    check_not_duplicate,
    check_open,
    checked_files,
    ensure_may_route,
    locked,
    notification_context,
    person,
    petition_url,
    refresh_clock,
    save_and_log,
)


def _check_before_acceptance(errors: Errors, petition: Petition) -> None:
    if petition.stage not in BEFORE_ACCEPTANCE and petition.stage not in CLOSED:
        errors.add(
            "stage",
            _("The petition was already %(stage)s; only a petition not yet accepted or refused is sent on.")
            % {"stage": petition.get_stage_display()},
        )


@transaction.atomic
def route_petition(
    *, acting_user, petition: Petition, handling_unit, day: date, note: str = "", version: int | None = None
) -> Petition:
    """Send the petition to the unit competent to settle it; that unit's managers are told. The
    people who handled it for another unit stop handling it (the clerk who registered it still reads
    its petitioner, having taken it in); the acceptance clock keeps running from receipt."""
    petition = locked(petition, version)
    ensure_may_route(acting_user, petition)
    errors = Errors()
    check_open(errors, petition)
    check_not_duplicate(errors, petition)
    _check_before_acceptance(errors, petition)
    check_day(errors, "day", day, petition)
    if handling_unit is None:
        errors.add("handling_unit", _("Choose the competent unit."))
    else:
        if day is not None and not handling_unit.is_open_on(day):
            errors.add("handling_unit", _("%(unit)s was not open on that day.") % {"unit": handling_unit})
        if petition.handling_unit_id == handling_unit.pk:
            errors.add("handling_unit", _("The petition is already with %(unit)s.") % {"unit": handling_unit})
    errors.raise_if_any()
    before = before_change(petition)
    petition.handling_unit = handling_unit
    petition.routed_on = day
    refresh_clock(petition, WorkingCalendar())
    add_step(acting_user, petition, StepKind.ROUTED, day, note=note)
    _release_handlers_outside(petition, handling_unit)
    save_and_log(acting_user, petition, before, _("Sent to %(unit)s.") % {"unit": handling_unit})
    announce_routed(petition)
    return petition


def _release_handlers_outside(petition: Petition, unit) -> None:
    """The people handling the petition who cannot act for `unit` (not its staff, nor above it) stop
    handling it: handling a denunciation is what opens its denouncer's identity."""
    for handler in PetitionHandler.objects.filter(petition=petition).select_related("user"):
        if not scope_for(handler.user).covers(unit, Role.REPORTER):
            handler.delete()


@transaction.atomic
def forward_petition(
    *,
    acting_user,
    petition: Petition,
    forwarded_to: str,
    day: date,
    letter_number: str,
    note: str = "",
    files=(),
    version: int | None = None,
) -> Petition:
    """Forward the petition to another body competent to settle it, with the forwarding letter; the
    petition is closed here."""
    petition = locked(petition, version)
    ensure_may_route(acting_user, petition)
    errors = Errors()
    check_open(errors, petition)
    check_not_duplicate(errors, petition)
    _check_before_acceptance(errors, petition)
    check_day(errors, "day", day, petition)
    forwarded_to = (forwarded_to or "").strip()
    letter_number = (letter_number or "").strip()
    if not forwarded_to:
        errors.add("forwarded_to", _("Name the body the petition is forwarded to."))
    elif len(forwarded_to) > Petition._meta.get_field("forwarded_to").max_length:
        errors.add("forwarded_to", _("At most %(count)s characters.") % {"count": 300})
    if not letter_number:
        errors.add("letter_number", _("Enter the number of the forwarding letter."))
    elif len(letter_number) > Petition._meta.get_field("forward_letter_number").max_length:
        errors.add("letter_number", _("At most %(count)s characters.") % {"count": 50})
    files = checked_files(errors, files)
    errors.raise_if_any()
    before = before_change(petition)
    petition.forwarded_to = forwarded_to
    petition.forwarded_on = day
    petition.forward_letter_number = letter_number
    petition.stage = Stage.FORWARDED
    refresh_clock(petition, WorkingCalendar())
    add_step(
        acting_user,
        petition,
        StepKind.FORWARDED,
        day,
        note=note or forwarded_to,
        document_number=letter_number,
        document_date=day,
        files=files,
    )
    return save_and_log(
        acting_user,
        petition,
        before,
        _("Forwarded with letter %(number)s.") % {"number": letter_number},
    )


@transaction.atomic
def assign_handler(*, acting_user, petition: Petition, user) -> PetitionHandler:
    """Make `user`, one of the competent unit's staff, one of the people handling the petition; they
    are told (by the petition's code and kind only)."""
    petition = locked(petition)
    if acting_user is not None and not permissions.can_assign_handlers(acting_user, petition):
        raise PermissionDenied(_("Only the competent unit's managers assign the people handling a petition."))
    errors = Errors()
    check_open(errors, petition)
    check_not_duplicate(errors, petition)
    if petition.handling_unit_id is None:
        errors.add("handling_unit", _("Send the petition to its competent unit first."))
    if user is None or not user.is_active:
        errors.add("user", _("Choose an active user."))
    elif petition.handling_unit_id is not None and not scope_for(user).covers(
        petition.handling_unit, Role.REPORTER
    ):
        errors.add(
            "user",
            _("%(user)s does not work for %(unit)s, the competent unit.")
            % {"user": user, "unit": petition.handling_unit},
        )
    elif PetitionHandler.objects.filter(petition=petition, user=user).exists():
        errors.add("user", _("%(user)s already handles this petition.") % {"user": user})
    errors.raise_if_any()
    handler = PetitionHandler.objects.create(
        petition=petition, user=user, assigned_on=clock.today(), assigned_by=person(acting_user)
    )
    save_and_log(acting_user, petition, {}, _("%(user)s handles it.") % {"user": user})
    notify(
        users=[user],
        kind=NotificationKind.ASSIGNMENT,
        title=gettext_lazy("You now handle petition {code} ({kind})"),
        body=gettext_lazy("Its next deadline: {deadline}."),
        url=petition_url(petition),
        context=notification_context(petition),
    )
    return handler


@transaction.atomic
def remove_handler(*, acting_user, petition: Petition, user) -> Petition:
    """`user` no longer handles the petition (nor reads a denouncer's identity through it, unless
    they registered it)."""
    petition = locked(petition)
    if acting_user is not None and not permissions.can_assign_handlers(acting_user, petition):
        raise PermissionDenied(_("Only the competent unit's managers assign the people handling a petition."))
    errors = Errors()
    handler = PetitionHandler.objects.filter(petition=petition, user=user).first()
    if handler is None:
        errors.add("user", _("%(user)s does not handle this petition.") % {"user": user})
    errors.raise_if_any()
    handler.delete()
    return save_and_log(acting_user, petition, {}, _("%(user)s no longer handles it.") % {"user": user})
