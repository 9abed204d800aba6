"""Recording changes: every action snapshots the fields it touches before and after the write."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import ChangeLogEntry


def _display(instance: models.Model, field: models.Field) -> Any:
    """The value as a user would read it: the name of a related record, a date in ISO form, the code
    of a choice (translated to its label when shown)."""
    if field.many_to_many:
        if instance.pk is None:
            return []
        return sorted(str(related) for related in getattr(instance, field.name).all())
    value = getattr(instance, field.name)
    if value is None:
        return None
    if field.choices:
        # The code, not the label: the log is read in both languages (see web's `field_value` tag).
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


NOTE_LENGTH = ChangeLogEntry._meta.get_field("note").max_length


def clipped_note(note: str) -> str:
    """The note as the log keeps it: a long one (a reorganisation's legal basis and counts) ends with
    "…" at the column's length, on PostgreSQL as on SQLite (which would keep it whole)."""
    return note if len(note) <= NOTE_LENGTH else note[: NOTE_LENGTH - 1] + "…"


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The displayed values of `fields` right now, to compare after a write."""
    meta = instance._meta
    return {name: _display(instance, meta.get_field(name)) for name in fields}


def record_change(
    *,
    actor,
    instance: models.Model,
    action: str,
    before: dict[str, Any] | None = None,
    fields: list[str] | None = None,
    note: str = "",
) -> ChangeLogEntry | None:
    """Write one change-log row. For updates only fields whose value changed are kept;
    an update that changed nothing writes nothing."""
    entry = _entry(actor=actor, instance=instance, action=action, before=before, fields=fields, note=note)
    if entry is not None:
        entry.save()
    return entry


def record_creations(*, actor, instances: list[models.Model], fields: list[str]) -> None:
    """Write the creation rows of many records of one model in one statement (an import's values)."""
    ChangeLogEntry.objects.bulk_create(
        [
            _entry(actor=actor, instance=instance, action=ChangeLogEntry.Action.CREATE, fields=fields)
            for instance in instances
        ],
        batch_size=500,
    )


def record_updates(*, actor, changes, note: str = "") -> int:
    """Write the update rows of many records in few statements (a reorganisation hands thousands of
    items over): each `(instance, before)` pair as `record_change` would write it, skipping those that
    changed nothing. Returns how many rows were written."""
    entries = []
    for instance, before in changes:
        entry = _entry(
            actor=actor, instance=instance, action=ChangeLogEntry.Action.UPDATE, before=before, note=note
        )
        if entry is not None:
            entries.append(entry)
    ChangeLogEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def record_stated_changes(
    *, actor, changes, note: str = "", action: str = ChangeLogEntry.Action.UPDATE
) -> int:
    """Write many rows whose changes the caller states — `(instance, {"field": {"old": …, "new": …}})`,
    or `(instance, stated, note)` for a row with its own note — in few statements: for bulk writes that
    never loaded the values they replace into the instances (a hand-over that moves a task's lead by
    one UPDATE). Returns how many rows were written."""
    entries = [
        ChangeLogEntry(
            content_type=ContentType.objects.get_for_model(row[0], for_concrete_model=False),
            object_id=str(row[0].pk),
            object_repr=str(row[0])[:300],
            action=action,
            changes=row[1],
            note=clipped_note(row[2] if len(row) > 2 else note),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for row in changes
    ]
    ChangeLogEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def _entry(*, actor, instance, action, before=None, fields=None, note="") -> ChangeLogEntry | None:
    """The unsaved change-log row of one change, or None for an update that changed nothing."""
    fields = fields if fields is not None else list((before or {}).keys())
    after = snapshot(instance, fields) if fields else {}
    if action == ChangeLogEntry.Action.CREATE:
        changes = {
            name: {"old": None, "new": value} for name, value in after.items() if value not in (None, "", [])
        }
    elif action == ChangeLogEntry.Action.DELETE:
        changes = {name: {"old": value, "new": None} for name, value in (before or {}).items()}
    else:
        before = before or {}
        changes = {
            name: {"old": before.get(name), "new": value}
            for name, value in after.items()
            if before.get(name) != value
        }
        if not changes and not note:
            return None
    return ChangeLogEntry(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        changes=changes,
        note=clipped_note(note),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def history_of(instance: models.Model):
    """The change log of one record, newest first."""
    return (
        ChangeLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )
