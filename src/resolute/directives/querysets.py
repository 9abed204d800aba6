from django.db import models


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Documents kept by a unit the user can see (their subtree and the chain above it)."""
        from resolute.accounts.scope import scope_for

        condition = scope_for(user).visible_unit_q(prefix="owner")
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self if condition is None else self.filter(condition)
