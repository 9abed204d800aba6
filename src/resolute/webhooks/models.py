"""Webhooks: addresses of other systems that are told, by an HTTP POST, when something happens here.

An administrator registers a `Webhook` with the kinds of event it wants (`core.events`). Each event
of a kind it wants writes one `WebhookDelivery` in the transaction of the change (the outbox), and a
background job posts it after the commit, retrying with a growing wait (`actions.deliveries`)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from resolute.core.models import TimeStampedModel

from .querysets import WebhookDeliveryQuerySet, WebhookQuerySet


class Webhook(TimeStampedModel):
    """An address that receives the events it subscribes to, signed with its secret. The secret is
    shown once, when it is made; the server keeps it to sign each delivery."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("target URL"), max_length=1000)
    events = models.JSONField(_("events"), default=list, help_text=_("The kinds of event sent."))
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = WebhookQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("webhooks:detail", args=[self.pk])


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class WebhookDelivery(models.Model):
    """One event for one webhook, and how sending it went: the outbox row and its log. `payload` is
    the JSON body sent (the same on every attempt); `attempts` counts the tries, `next_attempt_at`
    is when the next one is due while it waits."""

    Status = DeliveryStatus

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    event_id = models.UUIDField(_("event id"))
    kind = models.CharField(_("event"), max_length=64)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=16, choices=DeliveryStatus.choices, default="queued")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.webhook_id} ({self.status})"
