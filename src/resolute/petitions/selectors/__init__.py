"""Named reads of petitions: one petition's identity, timeline and clock (`petitions`), the public
lookup by code and secret (`lookup`). None of them writes."""

from .lookup import PublicStatus, PublicStep, find_for_petitioner, public_status
from .petitions import (
    CLOSED,
    DEADLINE_STATES,
    DUE_SOON,
    DUE_SOON_WORKING_DAYS,
    LATE,
    ON_TRACK,
    deadline_state,
    deadline_state_q,
    due_soon_until,
    identity_for,
    petitions_of,
    timeline,
    with_deadline_state,
)

__all__ = [
    "CLOSED",
    "DEADLINE_STATES",
    "DUE_SOON",
    "DUE_SOON_WORKING_DAYS",
    "LATE",
    "ON_TRACK",
    "PublicStatus",
    "PublicStep",
    "deadline_state",
    "deadline_state_q",
    "due_soon_until",
    "find_for_petitioner",
    "identity_for",
    "petitions_of",
    "public_status",
    "timeline",
    "with_deadline_state",
]
