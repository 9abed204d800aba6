"""Reads of people and tokens, always starting from what the asking user may see."""

from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Exists, OuterRef, Q


def _has_membership_where(user_queryset, unit_condition: Q | None):
    """Users holding at least one membership whose unit meets `unit_condition` (None: any unit)."""
    from resolute.orgunits.models import Membership

    memberships = Membership.objects.filter(user=OuterRef("pk"))
    if unit_condition is not None:
        memberships = memberships.filter(unit_condition)
    return user_queryset.filter(Exists(memberships))


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """People who hold a role in a unit the user covers, and the user themself."""
        from resolute.orgunits.scope import scope_for

        scope = scope_for(user)
        if scope.sees_everything:
            return self.all()
        if not getattr(user, "is_authenticated", False):
            return self.none()
        from resolute.orgunits.choices import Role
        from resolute.orgunits.models import Membership

        in_covered_units = Membership.objects.filter(
            scope.unit_q(Role.VIEWER, prefix="unit"), user=OuterRef("pk")
        )
        return self.filter(Exists(in_covered_units) | Q(pk=user.pk))

    def administered_by(self, user):
        """People an administrator may find in user administration: those with at least one
        membership inside a subtree where the administrator holds the ADMIN role. Superusers are
        left out for everyone but a superuser."""
        from resolute.orgunits.choices import Role
        from resolute.orgunits.scope import scope_for

        scope = scope_for(user)
        if scope.sees_everything:
            return self.all()
        if not scope.has_power_anywhere(Role.ADMIN):
            return self.none()
        return _has_membership_where(self.filter(is_superuser=False), scope.unit_q(Role.ADMIN, prefix="unit"))

    def matching(self, text: str):
        """Search by user name, name or e-mail."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(username__icontains=text)
            | Q(full_name__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(email__icontains=text)
        )

    def with_membership(self, *, unit=None, role: str = ""):
        """Users holding one membership in `unit`'s subtree (if given) with `role` (if given)."""
        from resolute.orgunits.querysets import subtree_q

        condition = Q()
        if unit is not None:
            condition &= subtree_q(unit.path, field="unit__path")
        if role:
            condition &= Q(role=role)
        return _has_membership_where(self, condition)


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Django's user manager (create_user, create_superuser) with our scoped reads."""


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def visible_to(self, user):
        """Tokens are personal: a user only ever reaches their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)
