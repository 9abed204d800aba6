"""Errors that actions raise and every edge (form view, API) turns into a clear message."""

from django.core.exceptions import ValidationError


class StaleObjectError(Exception):
    """Someone else saved the record after the user loaded it."""

    def __init__(self, instance, changed_by: str, changed_at):
        self.instance = instance
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(f"{instance} was changed by {changed_by} at {changed_at}")


class VersionRequiredError(Exception):
    """A change came without the version it is based on, so a stale save could not be told from a
    fresh one; the client must send the version it read (HTTP 428 Precondition Required)."""

    field = "version"


__all__ = ["StaleObjectError", "ValidationError", "VersionRequiredError"]
