"""Who may do what on web's own pages."""

from resolute.accounts.permissions import can_read_change_log, can_set_shared_settings, reads_whole_change_log
from resolute.core.models import ChangeLogEntry


def may_edit_calendar(user) -> bool:
    """The calendar is shared by every unit: see `accounts.permissions.can_set_shared_settings`."""
    return can_set_shared_settings(user)


def may_read_change_log(user) -> bool:
    return can_read_change_log(user)


def change_log_entries_for(user):
    """The whole log for those who may read it all; the entries about records the user may read for
    the other offices and administrators."""
    if reads_whole_change_log(user):
        return ChangeLogEntry.objects.all()
    return ChangeLogEntry.objects.visible_to(user)
