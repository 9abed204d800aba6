"""In-app notifications, the user's preferences for them, and the queue of outgoing e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..querysets import NotificationPreferenceQuerySet, NotificationQuerySet, OutgoingEmailQuerySet

__all__ = ["Notification", "NotificationKind", "NotificationPreference", "OutgoingEmail"]


class NotificationKind(models.TextChoices):
    """What a notification is about; each user chooses per kind how to receive it."""

    REMINDER = "reminder", _("Reminder before a deadline")
    OVERDUE_NOTICE = "overdue_notice", _("Notice that something is overdue")
    URGING_LETTER = "urging_letter", _("Urging letter")
    ESCALATION = "escalation", _("Escalation to the head of a unit")
    ASSIGNMENT = "assignment", _("Task assigned or changed")
    REPORT = "report", _("Report received or reviewed")
    GENERAL = "general", _("Other news")


class Notification(models.Model):
    """One piece of news for one user, already written in that user's language.

    `in_app` says whether it shows in the bell and on the page; `digest_pending` marks it for the
    next daily digest e-mail (the user chose a digest instead of single e-mails for its kind)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    in_app = models.BooleanField(_("shown in the app"), default=True)
    digest_pending = models.BooleanField(_("waiting for the daily digest"), default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The bell counts a user's unread notifications on every page.
            models.Index(fields=["user", "in_app", "read_at"], name="notification_user_unread"),
            models.Index(
                fields=["digest_pending", "user"],
                condition=models.Q(digest_pending=True),
                name="notification_digest_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one user wants one kind of notification: in the app, by e-mail, and whether the
    e-mails come one by one or gathered in a daily digest. No row means the defaults."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    in_app = models.BooleanField(_("in the app"), default=True)
    by_email = models.BooleanField(_("by e-mail"), default=True)
    digest = models.BooleanField(
        _("daily digest"),
        default=False,
        help_text=_("One e-mail a day instead of one for each notification."),
    )

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique_user_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"


class OutgoingEmailStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutgoingEmail(models.Model):
    """An e-mail written and waiting to be sent, or sent, or given up on after many attempts.

    Rows are never deleted when sending fails: while the SMTP server is down they stay queued with
    `next_attempt_at` moving further out (1, 2, 4 … minutes), and a failed row waits for an
    administrator to retry it."""

    Status = OutgoingEmailStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_emails",
        verbose_name=_("user"),
    )
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("plain text"))
    html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutgoingEmailStatus.choices, default=OutgoingEmailStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_due")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
