"""Named reads of one petition and of lists of them: the petitioner's identity (for those the rule lets
read it), the timeline, and where a petition stands against its clock."""

from datetime import date

from django.db.models import Case, CharField, Prefetch, Q, Value, When

from resolute.core.calendar import WorkingCalendar

from ..models import Petition, Petitioner, PetitionFile, PetitionStep
from ..permissions import can_read_identity
from ..querysets import identity_q

# Where a petition stands against the deadline it owes now (`Petition.next_deadline`).
CLOSED, LATE, DUE_SOON, ON_TRACK = "closed", "late", "due_soon", "on_track"
DEADLINE_STATES = (CLOSED, LATE, DUE_SOON, ON_TRACK)
# "Due soon": the deadline falls within this many working days.
DUE_SOON_WORKING_DAYS = 5


def identity_for(user, petition: Petition) -> Petitioner | None:
    """The petitioner of `petition` if `user` may read who they are (`permissions.can_read_identity`:
    for a denunciation, only the people handling it), else None. The only read of a petitioner that
    pages, exports and the API make."""
    if not can_read_identity(user, petition):
        return None
    return Petitioner.objects.get(pk=petition.petitioner_id)


def petitions_of(user, petitioner: Petitioner):
    """The petitions of `petitioner` that `user` may read together with who lodged them: a person's
    complaint may be read at the province's office while their denunciation stays with its handlers,
    so a page listing a person's petitions starts here, never from `petitioner.petitions`."""
    return (
        Petition.objects.visible_to(user)
        .filter(identity_q(user), petitioner=petitioner)
        .select_related("received_by_unit", "handling_unit")
        .order_by("-received_on", "-pk")
    )


def timeline(petition: Petition) -> list[PetitionStep]:
    """The petition's steps in order, each with its files and who recorded it."""
    return list(
        PetitionStep.objects.filter(petition=petition)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("files", queryset=PetitionFile.objects.order_by("pk")))
        .order_by("day", "pk")
    )


def due_soon_until(on: date, calendar: WorkingCalendar | None = None) -> date:
    """The last day a deadline may fall on to be "due soon" on `on`."""
    return (calendar or WorkingCalendar()).add_working_days(on, DUE_SOON_WORKING_DAYS)


def deadline_state(petition: Petition, on: date, calendar: WorkingCalendar | None = None) -> str:
    """ "closed" (it owes nothing: closed, or a duplicate), "late" (its deadline passed), "due_soon"
    (due within 5 working days) or "on_track", on `on`."""
    deadline = petition.next_deadline
    if deadline is None:
        return CLOSED
    if deadline < on:
        return LATE
    if deadline <= due_soon_until(on, calendar):
        return DUE_SOON
    return ON_TRACK


def deadline_state_q(state: str, on: date, calendar: WorkingCalendar | None = None) -> Q:
    """A Q over petitions in `state` on `on`, for filters."""
    soon = due_soon_until(on, calendar)
    return {
        CLOSED: Q(next_deadline__isnull=True),
        LATE: Q(next_deadline__lt=on),
        DUE_SOON: Q(next_deadline__gte=on, next_deadline__lte=soon),
        ON_TRACK: Q(next_deadline__gt=soon),
    }[state]


def with_deadline_state(queryset, on: date, calendar: WorkingCalendar | None = None):
    """`queryset` with `deadline_state` annotated in SQL (as `deadline_state` computes it), so lists
    filter and sort by it."""
    soon = due_soon_until(on, calendar)
    return queryset.annotate(
        deadline_state=Case(
            When(next_deadline__isnull=True, then=Value(CLOSED)),
            When(next_deadline__lt=on, then=Value(LATE)),
            When(next_deadline__lte=soon, then=Value(DUE_SOON)),
            default=Value(ON_TRACK),
            output_field=CharField(),
        )
    )
