"""A petition's two legal clocks as a page shows them: by when it must be accepted or refused, and by
when it must be settled — each with the rule that sets it (`deadlines.py`) and where it stands on a
day: met on time or late, still running (on track, due soon, late), not started, or no longer owed.

Shared by the petition's page, the receipt and the petitioner's public page, so all three say the
same thing about the same petition. Nothing here reads the petitioner.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import deadlines
from ..choices import PetitionKind, Stage
from ..models import Petition
from .petitions import deadline_state


class ClockState:
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"
    LATE = "late"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NOT_STARTED = "not_started"
    NOT_OWED = "not_owed"

    labels = {
        MET_ON_TIME: gettext_lazy("met on time"),
        MET_LATE: gettext_lazy("met late"),
        LATE: gettext_lazy("late"),
        DUE_SOON: gettext_lazy("due within 5 working days"),
        ON_TRACK: gettext_lazy("on track"),
        NOT_STARTED: gettext_lazy("starts when it is accepted"),
        NOT_OWED: gettext_lazy("no longer owed"),
    }
    badges = {
        MET_ON_TIME: "badge--ok",
        MET_LATE: "badge--warn",
        LATE: "badge--bad",
        DUE_SOON: "badge--warn",
        ON_TRACK: "badge--ok",
        NOT_STARTED: "badge--muted",
        NOT_OWED: "badge--muted",
    }


@dataclass
class Extension:
    number: int
    decided_on: date
    decision_number: str
    days: int
    new_deadline: date


@dataclass
class Clock:
    """One legal clock of a petition on a day."""

    key: str
    label: str
    rule: str
    deadline: date | None
    state: str
    met_on: date | None = None
    # The settlement deadline before any extension, and the extensions decided (denunciations).
    original_deadline: date | None = None
    extensions: list[Extension] = field(default_factory=list)
    extensions_allowed: int = 0

    @property
    def state_label(self) -> str:
        return str(ClockState.labels[self.state])

    @property
    def badge(self) -> str:
        return ClockState.badges[self.state]

    @property
    def is_running(self) -> bool:
        return self.state in (ClockState.LATE, ClockState.DUE_SOON, ClockState.ON_TRACK)

    @property
    def extensions_left(self) -> int:
        return max(self.extensions_allowed - len(self.extensions), 0)


def _met(deadline: date | None, day: date) -> str:
    return ClockState.MET_LATE if deadline is not None and day > deadline else ClockState.MET_ON_TIME


def _running(petition: Petition, deadline: date | None, on: date) -> str:
    """The state of a clock still running: the petition's own deadline state when this clock is the one
    it owes now, else (a clock the petition no longer owes) not owed."""
    if deadline is None or petition.next_deadline != deadline:
        return ClockState.NOT_OWED
    state = deadline_state(petition, on)
    return {"late": ClockState.LATE, "due_soon": ClockState.DUE_SOON, "on_track": ClockState.ON_TRACK}.get(
        state, ClockState.NOT_OWED
    )


def acceptance_clock(petition: Petition, on: date) -> Clock:
    """By when the petition must be accepted or refused, from receipt."""
    limit = deadlines.acceptance_limit(petition.kind)
    deadline = petition.acceptance_deadline
    met_on = petition.accepted_on or petition.refused_on or petition.forwarded_on
    state = _met(deadline, met_on) if met_on is not None else _running(petition, deadline, on)
    return Clock(
        key="acceptance",
        label=_("Accept or refuse by"),
        rule=str(limit.description),
        deadline=deadline,
        state=state,
        met_on=met_on,
    )


def settlement_clock(petition: Petition, on: date, extensions=None) -> Clock:
    """By when the accepted petition must be settled, from acceptance, with its extensions."""
    limit = deadlines.settlement_limit(
        petition.kind,
        instance=petition.instance,
        complexity=petition.complexity,
        remote_area=petition.is_remote_area,
    )
    allowed = deadlines.extensions_allowed(petition.kind, petition.complexity)
    if extensions is None:
        extensions = list(petition.extensions.all()) if petition.kind == PetitionKind.DENUNCIATION else []
    deadline = petition.settlement_deadline
    if petition.accepted_on is None:
        state = (
            ClockState.NOT_STARTED
            if petition.refused_on is None and not petition.is_closed
            else ClockState.NOT_OWED
        )
    elif petition.decided_on is not None:
        state = _met(deadline, petition.decided_on)
    else:
        state = _running(petition, deadline, on)
    original = petition.original_settlement_deadline
    return Clock(
        key="settlement",
        label=_("Settle by"),
        rule=str(limit.description),
        deadline=deadline,
        state=state,
        met_on=petition.decided_on,
        original_deadline=original if original and original != deadline else None,
        extensions=[
            Extension(
                number=extension.number,
                decided_on=extension.decided_on,
                decision_number=extension.decision_number,
                days=extension.days,
                new_deadline=extension.new_deadline,
            )
            for extension in extensions
        ],
        extensions_allowed=allowed,
    )


def clocks(petition: Petition, on: date) -> list[Clock]:
    """Both clocks of the petition on day `on`. A petition linked as a duplicate owes nothing on its own
    clocks (the original's are the ones that run)."""
    found = [acceptance_clock(petition, on), settlement_clock(petition, on)]
    if petition.duplicate_of_id is not None or petition.stage == Stage.WITHDRAWN:
        for clock in found:
            if clock.is_running or clock.state == ClockState.NOT_STARTED:
                clock.state = ClockState.NOT_OWED
    return found
