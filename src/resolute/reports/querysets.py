"""Reads of implementation reports, starting from what the asking user may see."""

from django.db import models


class ImplementationReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports on the documents the user may read: a report shows nothing its document hides."""
        from resolute.directives.models import Document

        return self.filter(document__in=Document.objects.visible_to(user))
