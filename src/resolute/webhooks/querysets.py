"""Reads of webhooks and their deliveries: all of them for those who manage webhooks, none otherwise."""

from django.db import models


class WebhookQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import can_manage_webhooks

        return self.all() if can_manage_webhooks(user) else self.none()

    def active(self):
        return self.filter(is_active=True)


class WebhookDeliveryQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import can_manage_webhooks

        return self.all() if can_manage_webhooks(user) else self.none()
