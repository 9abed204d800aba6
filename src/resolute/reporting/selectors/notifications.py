"""Reads of notifications: each user's preferences, the bell's count, and how a notification's text
is put in its reader's language."""

from dataclasses import dataclass

from django.conf import settings

from ..models import Notification, NotificationKind, NotificationPreference


@dataclass(frozen=True)
class Preference:
    """How one user receives one kind of notification."""

    in_app: bool = True
    by_email: bool = True
    digest: bool = False


DEFAULT_PREFERENCE = Preference()


class _KeepUnknown(dict):
    """Leaves a placeholder that the context does not fill as it was written, rather than failing."""

    def __missing__(self, key):
        return "{" + key + "}"


def render_text(text, context: dict | None) -> str:
    """`text` (maybe a lazy translation) as a string in the active language, placeholders filled."""
    rendered = str(text)
    if not context:
        return rendered
    values = _KeepUnknown({key: str(value) for key, value in context.items()})
    try:
        return rendered.format_map(values)
    except (ValueError, IndexError):
        # A brace in the text that is not a placeholder: keep the text as it is.
        return rendered


def language_of(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def kind_label(kind: str):
    """The kind's name (lazy: it is translated where it is shown); an unknown kind is shown as it is."""
    try:
        return NotificationKind(kind).label
    except ValueError:
        return kind


def preferences_of(users, kind: str) -> dict[int, Preference]:
    """Each user's preference for `kind`, in one query; users without a row get the defaults."""
    rows = NotificationPreference.objects.filter(user__in=[user.pk for user in users], kind=kind)
    stored = {
        row.user_id: Preference(in_app=row.in_app, by_email=row.by_email, digest=row.digest) for row in rows
    }
    return {user.pk: stored.get(user.pk, DEFAULT_PREFERENCE) for user in users}


def unread_count(user) -> int:
    """The number on the bell: one COUNT query."""
    return Notification.objects.for_user(user).unread().count()


def preference_rows(user) -> list[tuple[str, str, Preference]]:
    """Every kind with its label and the user's preference for it, for the preferences page."""
    stored = {row.kind: row for row in NotificationPreference.objects.visible_to(user)}
    rows = []
    for kind, label in NotificationKind.choices:
        row = stored.get(kind)
        preference = (
            Preference(in_app=row.in_app, by_email=row.by_email, digest=row.digest)
            if row
            else DEFAULT_PREFERENCE
        )
        rows.append((kind, str(label), preference))
    return rows
