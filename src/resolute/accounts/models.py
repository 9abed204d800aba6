"""People, their memberships (unit × role) and their personal API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core import clock
from resolute.core.models import TimeStampedModel

from .querysets import ApiTokenQuerySet, UserManager


class User(AbstractUser):
    """A person who signs in. What they may see and do comes from their memberships."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: follow the browser."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])


class ApiToken(TimeStampedModel):
    """A personal token for the REST API. Only its hash is stored; it acts with its owner's permissions,
    narrowed by its scope (read only, or read and write), the areas of the API it may reach (none listed:
    all of them) and the last day it works (none: it never expires, as the tokens made before expiry
    existed)."""

    PREFIX = "rsl_"
    # What a new token gets when its owner does not say, and the longest it may be made to last.
    DEFAULT_LIFETIME_DAYS = 90
    MAX_LIFETIME_DAYS = 365

    class Scope(models.TextChoices):
        READ = "read", _("read only")
        WRITE = "write", _("read and write")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("starts with"), max_length=12, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope, default=Scope.WRITE)
    areas = models.JSONField(_("areas"), default=list, blank=True, help_text=_("Empty: every area."))
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, help_text=_("The last day the token works. Empty: never.")
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        """Not revoked (it may have expired: see `is_expired`)."""
        return self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < clock.today()

    @property
    def is_usable(self) -> bool:
        return self.is_active and not self.is_expired

    @property
    def days_left(self) -> int | None:
        """Days until the token stops working (0 on its last day); None if it never expires."""
        if self.expires_on is None:
            return None
        return (self.expires_on - clock.today()).days

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    def reaches(self, area: str) -> bool:
        """Whether the token may use this area of the API (`core.contributions.api_areas`)."""
        return not self.areas or area in self.areas
