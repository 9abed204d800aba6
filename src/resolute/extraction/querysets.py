"""Querysets of the text-to-plan records: a proposal, and each item proposed in it, is seen by whoever
may read its document."""

from django.db import models

from resolute.directives.querysets import document_visibility_q


class PlanProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Proposals on a document the user may read (see `directives.querysets.document_visibility_q`)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = document_visibility_q(user, prefix="document__")
        return self if condition is None else self.filter(condition)


class ProposedItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Items of a proposal on a document the user may read."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = document_visibility_q(user, prefix="proposal__document__")
        return self if condition is None else self.filter(condition)
