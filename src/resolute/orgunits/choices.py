"""Choices shared by the unit tree and the scope policy."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a membership allows. A membership covers its unit and every unit below it."""

    VIEWER = "viewer", _("viewer")
    REPORTER = "reporter", _("reporter")
    MANAGER = "manager", _("unit manager")
    OFFICE = "office", _("office")
    ADMIN = "admin", _("administrator")
