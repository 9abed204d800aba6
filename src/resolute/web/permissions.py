"""Who may do what on web's own pages."""

from resolute.accounts.permissions import can_set_shared_settings


def may_edit_calendar(user) -> bool:
    """The calendar is shared by every unit: see `accounts.permissions.can_set_shared_settings`."""
    return can_set_shared_settings(user)
