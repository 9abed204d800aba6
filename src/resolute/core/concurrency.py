"""Optimistic concurrency: a form carries the version it was loaded at; a stale save is refused."""

from django.contrib.contenttypes.models import ContentType

from .exceptions import StaleObjectError
from .models import ChangeLogEntry


def lock_for_update(instance, expected_version: int | None):
    """Re-read and lock the row; if someone saved it since the user loaded `expected_version`,
    raise StaleObjectError naming who changed it and when."""
    fresh = type(instance).objects.select_for_update().get(pk=instance.pk)
    if expected_version is not None and fresh.version != expected_version:
        last = (
            ChangeLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(fresh, for_concrete_model=False),
                object_id=str(fresh.pk),
            )
            .select_related("actor")
            .first()
        )
        raise StaleObjectError(
            fresh,
            changed_by=str(last.actor) if last and last.actor else "another user",
            changed_at=last.at if last else fresh.updated_at,
        )
    return fresh
