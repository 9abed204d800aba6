"""Reads of the change log, starting from what the asking user may see."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast


def _record_keys(queryset) -> models.QuerySet:
    # The change log keeps record ids as text.
    return queryset.order_by().annotate(change_log_key=Cast("pk", CharField())).values("change_log_key")


def scoped_models() -> list[type[models.Model]]:
    """The models whose reads are scoped (their manager has `visible_to(user)`)."""
    return [
        model
        for model in apps.get_models()
        if callable(getattr(model._default_manager, "visible_to", None))
        and not issubclass(model._default_manager._queryset_class, ChangeLogEntryQuerySet)
    ]


class ChangeLogEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The entries about records the user may read, each record's own `visible_to` deciding: a
        unit's office reads the changes of its jurisdiction's units, documents, tasks and targets and
        nothing of another's. One SQL condition, a subquery per kind of record. Entries about records
        that are not scoped (the working calendar, the urging ladder) or no longer exist are left out:
        the whole log is for those who may read it all (see `accounts.permissions`)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        models_in_scope = scoped_models()
        content_types = ContentType.objects.get_for_models(*models_in_scope, for_concrete_models=False)
        condition = Q(pk__in=[])
        for model in models_in_scope:
            condition |= Q(
                content_type=content_types[model],
                object_id__in=_record_keys(model._default_manager.visible_to(user)),
            )
        return self.filter(condition)
