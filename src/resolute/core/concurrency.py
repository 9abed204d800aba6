"""Optimistic concurrency: a form carries the version it was loaded at; a stale save is refused."""

import re

from django.contrib.contenttypes.models import ContentType

from .exceptions import StaleObjectError, VersionRequiredError
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


# The version of a record as an HTTP entity tag: strong, so that If-Match may compare it.
ENTITY_TAG = re.compile(r'^\s*"(\d{1,18})"\s*$')


def entity_tag(version: int) -> str:
    """The ETag of a record at `version`: its version in quotes."""
    return f'"{version}"'


def required_version(version: int | None, if_match: str | None) -> int:
    """The version a change is based on: the body's `version`, else the one `If-Match` names (the
    ETag read earlier). Without either, nothing could tell a stale change from a fresh one, so the
    change is refused (VersionRequiredError) rather than written over whatever is there."""
    if version is not None:
        return version
    match = ENTITY_TAG.match(if_match or "")
    if match is None:
        raise VersionRequiredError
    return int(match.group(1))
