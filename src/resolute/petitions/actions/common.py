"""What the petition actions share: the checks of who may write and of the day of a step, the clock
kept current, the files of a step, the change log that never carries a petitioner's identity, and the
notifications that name a petition by its code and kind only."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import NoReverseMatch
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.core import clock
from resolute.core.actions.errors import Errors
from resolute.core.calendar import WorkingCalendar
from resolute.core.changelog import record_change, snapshot
from resolute.core.concurrency import lock_for_update
from resolute.core.files import check_upload, kept_only_if_saved
from resolute.core.models import ChangeLogEntry
from resolute.orgunits.choices import Role
from resolute.reporting.actions.notifications import notify
from resolute.reporting.models import NotificationKind
from resolute.reporting.selectors.ladder import unit_people

from .. import permissions
from ..choices import CLOSED, Instance, PetitionKind
from ..deadlines import acceptance_limit, extended_deadline, settlement_limit
from ..models import Petition, PetitionFile, PetitionHandler, PetitionStep

__all__ = ["Errors"]

# What the change log keeps of a petition: dates, codes, units, choices and numbers. Never its free
# text (the subject, the content, the act concerned, the reason for refusing), which may name the
# petitioner or, for a denunciation, the people it concerns; and the petitioner only as "#pk".
LOGGED_FIELDS = [
    "code",
    "kind",
    "channel",
    "received_on",
    "received_by_unit",
    "petitioner",
    "signatories",
    "concerned_unit",
    "handling_unit",
    "routed_on",
    "forwarded_to",
    "forwarded_on",
    "forward_letter_number",
    "instance",
    "complexity",
    "is_remote_area",
    "acceptance_deadline",
    "accepted_on",
    "refused_on",
    "original_settlement_deadline",
    "settlement_deadline",
    "decided_on",
    "decision_number",
    "outcome",
    "published_on",
    "enforced_on",
    "withdrawn_on",
    "stage",
    "next_deadline",
    "duplicate_of",
]


# The related records the log names by their `str()`.
LOGGED_RELATIONS = ["received_by_unit", "petitioner", "concerned_unit", "handling_unit", "duplicate_of"]


def person(acting_user):
    """The user to record as author, None for the system (the demo, a command)."""
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def day_text(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


# -- who may write --------------------------------------------------------------------------------------


def ensure_may_route(acting_user, petition: Petition) -> None:
    if acting_user is not None and not permissions.can_route(acting_user, petition):
        raise PermissionDenied(_("Only the managers of the unit that received the petition may do this."))


def ensure_may_handle(acting_user, petition: Petition) -> None:
    if acting_user is not None and not permissions.can_handle(acting_user, petition):
        raise PermissionDenied(
            _("Only the people handling the petition or the competent unit's managers may do this.")
        )


def ensure_may_route_or_handle(acting_user, petition: Petition) -> None:
    if acting_user is None:
        return
    if not (permissions.can_route(acting_user, petition) or permissions.can_handle(acting_user, petition)):
        raise PermissionDenied(
            _(
                "Only the receiving unit's managers, the competent unit's managers or the people "
                "handling the petition may do this."
            )
        )


# -- the rules every step follows ------------------------------------------------------------------------


def locked(petition: Petition, version: int | None = None) -> Petition:
    """The petition re-read and locked for the write, so two clerks' steps never interleave, with the
    records the change log names (read once, not once per field); a form loaded at an older `version`
    is refused as stale, naming who changed it since."""
    fresh = (
        Petition.objects.select_for_update(of=("self",)).select_related(*LOGGED_RELATIONS).get(pk=petition.pk)
    )
    if version is not None and fresh.version != version:
        lock_for_update(fresh, version)  # raises StaleObjectError with who changed it and when
    return fresh


def last_step_day(petition: Petition) -> date | None:
    return (
        PetitionStep.objects.filter(petition=petition)
        .order_by("-day", "-pk")
        .values_list("day", flat=True)
        .first()
    )


def check_day(errors: Errors, field: str, day, petition: Petition | None = None) -> None:
    """The day of a step: given, not after today, and not before the petition's previous step."""
    if day is None:
        errors.add(field, _("Enter the day."))
        return
    today = clock.today()
    if day > today:
        errors.add(field, _("The day cannot be after today (%(today)s).") % {"today": day_text(today)})
    if petition is not None:
        previous = last_step_day(petition)
        if previous is not None and day < previous:
            errors.add(
                field,
                _("The day cannot be before the petition's previous step (%(day)s).")
                % {"day": day_text(previous)},
            )


def check_open(errors: Errors, petition: Petition) -> None:
    """A closed petition (refused, forwarded, withdrawn or settled) cannot change."""
    if petition.stage in CLOSED:
        errors.add(
            "stage",
            _("The petition is closed (%(stage)s) and cannot change.")
            % {"stage": petition.get_stage_display()},
        )


def check_not_duplicate(errors: Errors, petition: Petition) -> None:
    if petition.duplicate_of_id is not None:
        errors.add(
            "duplicate_of",
            _("This petition duplicates %(code)s and is settled with it.") % {"code": petition.duplicate_of},
        )


def check_required(errors: Errors, field: str, value, message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors.add(field, message)
    return value


def check_instance(errors: Errors, kind: str, instance: str) -> str:
    """A complaint's instance (first when not given); nothing for the other kinds."""
    instance = instance or ""
    if kind == PetitionKind.COMPLAINT:
        instance = instance or Instance.FIRST
        if instance not in Instance.values:
            errors.add("instance", _("Choose the first or the second instance."))
    elif instance:
        errors.add("instance", _("Only a complaint is settled in a first or a second instance."))
    return instance


# -- the clock ----------------------------------------------------------------------------------------------


def settlement_deadlines(
    petition: Petition, calendar: WorkingCalendar, extension_days: int | None = None
) -> tuple[date, date]:
    """(original, current) settlement deadline of an accepted petition: its kind's limit from the day
    it was accepted, and the same with the days its extensions added (read from the database unless
    `extension_days` says how many)."""
    limit = settlement_limit(
        petition.kind,
        instance=petition.instance,
        complexity=petition.complexity,
        remote_area=petition.is_remote_area,
    )
    original = limit.deadline(petition.accepted_on, calendar)
    if extension_days is not None:
        added = extension_days
    else:
        added = sum(petition.extensions.values_list("days", flat=True)) if petition.pk else 0
    current = extended_deadline(petition.accepted_on, limit, added, calendar) if added else original
    return original, current


def refresh_clock(petition: Petition, calendar: WorkingCalendar, extension_days: int | None = None) -> None:
    """Recompute the petition's deadlines from its kind, dates and terms, and the one it owes now:
    the acceptance deadline before acceptance, the settlement one after, none once it is closed or
    when it duplicates another."""
    petition.acceptance_deadline = acceptance_limit(petition.kind).deadline(petition.received_on, calendar)
    if petition.accepted_on is not None:
        petition.original_settlement_deadline, petition.settlement_deadline = settlement_deadlines(
            petition, calendar, extension_days
        )
    else:
        petition.original_settlement_deadline = petition.settlement_deadline = None
    if petition.stage in CLOSED or petition.duplicate_of_id is not None:
        petition.next_deadline = None
    elif petition.accepted_on is not None:
        petition.next_deadline = petition.settlement_deadline
    else:
        petition.next_deadline = petition.acceptance_deadline


# -- files, steps, handlers, the log ------------------------------------------------------------------------


def checked_files(errors: Errors, files) -> list:
    files = [uploaded for uploaded in files or () if uploaded]
    for uploaded in files:
        try:
            check_upload(uploaded, field="files")
        except ValidationError as error:
            for message in error.message_dict["files"]:
                errors.add("files", message)
    return files


def add_step(
    acting_user,
    petition: Petition,
    kind: str,
    day: date,
    *,
    note: str = "",
    document_number: str = "",
    document_date: date | None = None,
    files=(),
) -> PetitionStep:
    """A step on the timeline with its document's files (already checked by `checked_files`)."""
    step = PetitionStep.objects.create(
        petition=petition,
        kind=kind,
        day=day,
        note=(note or "").strip(),
        document_number=(document_number or "").strip(),
        document_date=document_date,
        recorded_by=person(acting_user),
    )
    store_files(acting_user, petition, files, step=step)
    return step


def store_files(acting_user, petition: Petition, files, *, step: PetitionStep | None = None) -> list:
    stored = []
    for uploaded in files:
        kept = PetitionFile(petition=petition, step=step)
        kept.take(
            uploaded,
            check_upload(uploaded, field="files"),
            uploaded_by=person(acting_user),
            default_stem=petition.code,
        )
        with kept_only_if_saved(kept):
            kept.save()
        stored.append(kept)
    return stored


def add_handler(acting_user, petition: Petition, user, day: date) -> PetitionHandler | None:
    """Make `user` one of the people handling the petition (nothing when they already are)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    handler, created = PetitionHandler.objects.get_or_create(
        petition=petition, user=user, defaults={"assigned_on": day, "assigned_by": person(acting_user)}
    )
    return handler if created else None


def save_and_log(acting_user, petition: Petition, before: dict, note: str) -> Petition:
    """Save the petition with its version moved on and log what changed (never its free text)."""
    petition.version += 1
    petition.save()
    record_change(
        actor=acting_user, instance=petition, action=ChangeLogEntry.Action.UPDATE, before=before, note=note
    )
    return petition


def before_change(petition: Petition) -> dict:
    return snapshot(petition, LOGGED_FIELDS)


# -- notifications ---------------------------------------------------------------------------------------


def petition_url(petition: Petition) -> str:
    """The petition's page, for the link in a notification; none when the pages are not installed
    (the actions run from commands and jobs too)."""
    try:
        return petition.get_absolute_url()
    except NoReverseMatch:
        return ""


def notification_context(petition: Petition) -> dict:
    """What a notification may say of a petition: its code, its kind and its deadline. Never the
    petitioner and never the subject (a denunciation's names the people it concerns)."""
    return {
        "code": petition.code,
        "kind": PetitionKind(petition.kind).label,
        "deadline": petition.next_deadline.strftime("%d/%m/%Y") if petition.next_deadline else "—",
    }


def announce_routed(petition: Petition) -> None:
    """Tell the competent unit's managers that a petition was sent to it (by code and kind only)."""
    managers = list(unit_people(petition.handling_unit, [Role.MANAGER]))
    if managers:
        notify(
            users=managers,
            kind=NotificationKind.ASSIGNMENT,
            title=gettext_lazy("Petition {code} ({kind}) was sent to your unit"),
            body=gettext_lazy("Accept or refuse it by {deadline}."),
            url=petition_url(petition),
            context=notification_context(petition),
        )
