"""Events other systems hear about: a task assigned, a progress report submitted, a value approved…

The apps where these things happen (`orgunits`, `targets`, `tasks`, `reporting`) sit below the app that
pushes them out (`webhooks`), so they cannot import it. Instead each declares the kinds of event it
emits (`contribute(EventKind(...))` in its `contributions` module) and, in the action that makes the
change, calls `emit(kind, data, ...)`. Every contributed `EventListener` hears the events inside the
action's transaction, so what a listener records (the webhooks' outbox) commits with the change or not
at all; a listener must stay quick and leave slow work (sending) for after the commit.

    # tasks/contributions.py
    contribute(EventKind(key="task.assigned", label=_("Task assigned"), order=10))

    # tasks/actions
    emit("task.assigned", lambda: events.task_assigned(task))

An event's `data` is plain JSON: ids, names and links (paths inside the app; a listener that sends
them out makes them absolute) of the records concerned.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from django.utils import timezone

from .contributions import contributed


@dataclass(frozen=True)
class EventKind:
    """A kind of event an app emits: `key` (stable, what integrators subscribe to, "task.assigned")
    and `label` (what an administrator reads when choosing)."""

    key: str
    label: Any
    order: int = 100


class Event:
    """Something that happened: its kind, when, and its data (ids, names, links). `id` is unique, so a
    receiver can tell an event it has already handled. `data` may be given as a function that makes
    it: it is then called only when a listener reads it (nobody wants the kind: no query for it)."""

    def __init__(self, *, kind: str, data: dict | Callable[[], dict], occurred_at: datetime | None = None):
        self.kind = kind
        self._data = data
        self.occurred_at = occurred_at or timezone.now()
        self.id = uuid.uuid4()

    @cached_property
    def data(self) -> dict:
        return self._data() if callable(self._data) else self._data

    def __repr__(self) -> str:
        return f"<Event {self.kind} {self.id}>"


@dataclass(frozen=True)
class EventListener:
    """What an app does with the events emitted: `heard(events)` gets a list of `Event`s of one kind,
    in the transaction of the change that caused them."""

    key: str
    heard: Callable[[list[Event]], Any]
    order: int = 100


def event_kinds() -> list[EventKind]:
    """The kinds of event the installed apps emit, in order."""
    return contributed(EventKind)


def emit(kind: str, *data: dict | Callable[[], dict]) -> list[Event]:
    """Tell every listener that `kind` happened, once per `data` given (one event each: a dict, or a
    function making it when a listener wants it), in the caller's transaction. Returns the events."""
    if not data:
        return []
    now = timezone.now()
    events = [Event(kind=kind, data=item, occurred_at=now) for item in data]
    for listener in contributed(EventListener):
        listener.heard(events)
    return events


def unit_data(unit) -> dict | None:
    """How an event names an org unit: id, code and name (None for no unit)."""
    if unit is None:
        return None
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "name_en": unit.name_en}
