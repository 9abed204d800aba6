"""What the API keeps between requests: the answers of POSTs sent with an `Idempotency-Key`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotentRequest(models.Model):
    """A POST sent with an `Idempotency-Key`, and once it has run, its answer: a retry with the same key
    and the same request gets this answer again instead of doing the work twice. Keys are per person
    (a token acts as its owner); each is kept until `expires_at`, then deleted by a periodic job.
    `status_code` is empty while the first request is still running."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("idempotency key"), max_length=255)
    fingerprint = models.CharField(
        _("fingerprint"), max_length=64, help_text=_("A hash of the method, the path and the body.")
    )
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    status_code = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    response_headers = models.JSONField(_("answer's headers"), default=dict, blank=True)
    response_body = models.TextField(_("answer's body"), blank=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"

    @property
    def is_running(self) -> bool:
        return self.status_code is None
