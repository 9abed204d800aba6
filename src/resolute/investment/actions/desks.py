"""Naming the department that keeps a jurisdiction's public-investment books."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change
from resolute.core.models import ChangeLogEntry
from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for

from ..models import InvestmentDesk


@transaction.atomic
def set_desk(*, acting_user, unit, jurisdiction) -> InvestmentDesk:
    """Make `unit` (the Department of Finance) the public-investment desk of `jurisdiction` (the
    province): its members then see every project the jurisdiction funds, its managers keep the books.
    Only the jurisdiction's office or an administrator names it."""
    if acting_user is not None and not scope_for(acting_user).covers(jurisdiction, Role.OFFICE):
        raise PermissionDenied(
            _("Only the office of %(unit)s may name its public-investment desk.") % {"unit": jurisdiction}
        )
    desk, created = InvestmentDesk.objects.get_or_create(unit=unit, jurisdiction=jurisdiction)
    if created:
        record_change(
            actor=acting_user,
            instance=desk,
            action=ChangeLogEntry.Action.CREATE,
            fields=["unit", "jurisdiction"],
        )
    return desk
