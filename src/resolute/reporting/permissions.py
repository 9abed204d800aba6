"""Who may do what in reporting, built on the scope policy (`resolute.orgunits.scope`).

- A regime is set by the office (or an administrator) covering the unit that issues it.
- Compliance is read by anyone who sees the units; each person sees only the units in their scope.
- A narrative report is sent by a reporter of the unit (or anyone above with that power).
- The follow-up board, urging letters and the ladder's settings are the office's: a letter is
  drafted, signed and sent by the office covering the unit it is addressed to, an escalation taken
  off the list by the office covering its unit. The ladder is one for every unit, so only those who
  set shared settings (the province's office) change it.
- The e-mail outbox is kept by administrators.

Which rows a user may *see* is the querysets' `visible_to`; these say what they may *do* with them.
"""

from resolute.accounts.permissions import can_set_shared_settings
from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for


def _is_active(user) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


def can_manage_regimes(user, issuer=None) -> bool:
    """With `issuer`, whether the user may set that unit's regimes; without, whether they may set any."""
    if not _is_active(user):
        return False
    scope = scope_for(user)
    if issuer is None:
        return scope.has_power_anywhere(Role.OFFICE)
    return scope.covers(issuer, Role.OFFICE)


def can_submit_report(user, unit) -> bool:
    return _is_active(user) and scope_for(user).covers(unit, Role.REPORTER)


def can_follow_up(user) -> bool:
    """Whether the user works in an office (or administers): the board, letters and the ladder."""
    return _is_active(user) and scope_for(user).has_power_anywhere(Role.OFFICE)


def can_urge(user, unit) -> bool:
    """Whether the user's office follows `unit`: it may write to it, and take its escalations off."""
    return _is_active(user) and scope_for(user).covers(unit, Role.OFFICE)


def can_change_ladder(user) -> bool:
    return _is_active(user) and can_set_shared_settings(user)


def can_keep_outbox(user) -> bool:
    """Administrators see the e-mail outbox and queue failed e-mails again."""
    return _is_active(user) and scope_for(user).has_power_anywhere(Role.ADMIN)
