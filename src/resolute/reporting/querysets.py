"""What each reporting record a user reads is scoped to: `Model.objects.visible_to(user)`.

Every page fetches through these, so a row outside the user's scope is a 404, never a 403 after an
unscoped read. All are built on `resolute.orgunits.scope.scope_for`:

- a regime is read by whoever sees the unit that issues it (their own levels and the ones above);
  it is *managed* by the office (or an administrator) covering that unit;
- a report submission, by whoever covers the unit that sent it;
- an urging letter (and an issuer's letter counter) by the office covering the unit it is addressed
  to (the issuer, for a counter): letters are the office's working papers, not the unit's;
- a ladder event (a reminder, a notice, an escalation…) by whoever covers the unit it concerns;
- the ladder's steps are shared settings every signed-in user may read;
- a notification and a notification preference by their own user only;
- an outgoing e-mail by its recipient, and the whole outbox by administrators, who keep it going.
"""

from django.db import models
from django.db.models import Q

from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


def _in_units(queryset, user, *prefixes: str, power: str = Role.VIEWER):
    """Rows whose unit behind one of `prefixes` lies in a subtree where `user` holds `power`."""
    if not _signed_in(user):
        return queryset.none()
    scope = scope_for(user)
    if scope.sees_everything:
        return queryset
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= scope.unit_q(power, prefix=prefix)
    return queryset.filter(condition)


class ReportingRegimeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Regimes issued by a unit the user can see: their own levels and the chain above them."""
        if not _signed_in(user):
            return self.none()
        condition = scope_for(user).visible_unit_q(prefix="issuer")
        return self if condition is None else self.filter(condition)

    def managed_by(self, user):
        """Regimes the user may set: the office or an administrator covering the issuer."""
        return _in_units(self, user, "issuer", power=Role.OFFICE)

    def active(self):
        return self.filter(active=True)


class ReportSubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports sent by a unit the user covers."""
        return _in_units(self, user, "unit")


class LadderStepQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The ladder is one for every unit: any signed-in user may read its steps."""
        return self if _signed_in(user) else self.none()

    def active(self):
        return self.filter(active=True)


class LadderEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Steps fired for a unit the user covers."""
        return _in_units(self, user, "unit")

    def followed_by(self, user):
        """Steps fired for a unit the user's office follows (the follow-up board's lists)."""
        return _in_units(self, user, "unit", power=Role.OFFICE)

    def open_escalations(self):
        """Escalations still on the leadership meeting's list, about work still open (a report owed
        has no task, so only a task completed or cancelled takes its escalation off)."""
        from .models import StepKind

        return self.filter(
            kind=StepKind.ESCALATION,
            resolved_on__isnull=True,
            task__completed_on__isnull=True,
            task__cancelled_on__isnull=True,
        )


class UrgingLetterQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Letters to a unit the user's office follows."""
        return _in_units(self, user, "recipient", power=Role.OFFICE)


class LetterCounterQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The numbering of the issuers the user's office writes for."""
        return _in_units(self, user, "issuer", power=Role.OFFICE)


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own notifications, and nobody else's."""
        if not _signed_in(user):
            return self.none()
        return self.filter(user=user)

    def for_user(self, user):
        """What the user sees in the app: their own notifications meant for the bell and the page."""
        return self.visible_to(user).filter(in_app=True)

    def unread(self):
        return self.filter(read_at__isnull=True)


class NotificationPreferenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own choices."""
        if not _signed_in(user):
            return self.none()
        return self.filter(user=user)


class OutgoingEmailQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Administrators keep the outbox going and see all of it (an e-mail belongs to no unit);
        anyone else sees only the e-mails addressed to them."""
        if not _signed_in(user):
            return self.none()
        if scope_for(user).has_power_anywhere(Role.ADMIN):
            return self
        return self.filter(user=user)
