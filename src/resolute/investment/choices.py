"""Choices of public investment (Public Investment Law 2024; see docs/user/investment.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectGroup(models.TextChoices):
    """The group a project is classed in by its size and importance (Public Investment Law, Art. 8–10)."""

    NATIONAL = "national", _("national important project")
    A = "A", _("group A")
    B = "B", _("group B")
    C = "C", _("group C")


class CapitalSource(models.TextChoices):
    """Where a project's capital comes from; the disbursement rate is kept per source (Law 2024:
    central domestic, central foreign and local capital are followed separately)."""

    CENTRAL = "central", _("central budget")
    FOREIGN = "foreign", _("ODA and foreign loans")
    LOCAL = "local", _("local budget")
    LAND_USE = "land_use", _("land-use revenue")
    LOTTERY = "lottery", _("lottery revenue")
    OTHER = "other", _("other sources")


class ProjectStatus(models.TextChoices):
    """Where a project stands, as its investor declares it (its pace is derived from the figures)."""

    PREPARING = "preparing", _("in preparation")
    IN_PROGRESS = "in_progress", _("under construction")
    COMPLETED = "completed", _("completed")
    SUSPENDED = "suspended", _("suspended")


class Sector(models.TextChoices):
    TRANSPORT = "transport", _("transport")
    IRRIGATION = "irrigation", _("agriculture and irrigation")
    URBAN = "urban", _("urban infrastructure")
    EDUCATION = "education", _("education")
    HEALTH = "health", _("health")
    CULTURE = "culture", _("culture, sport and tourism")
    ENVIRONMENT = "environment", _("environment")
    ADMINISTRATION = "administration", _("state administration")
    OTHER = "other", _("other")


class ObstacleCategory(models.TextChoices):
    """What holds a project's disbursement back, as the province's reports group it."""

    SITE_CLEARANCE = "site_clearance", _("site clearance")
    LAND_PRICES = "land_prices", _("land prices and compensation")
    MATERIALS = "materials", _("construction materials")
    PROCEDURES = "procedures", _("procedures")
    CONTRACTOR = "contractor", _("contractor capacity")
    CAPITAL_ALLOCATION = "capital_allocation", _("capital allocation")
    OTHER = "other", _("other")


class PlanChangeKind(models.TextChoices):
    """A decision on an annual capital plan: the plan as first assigned, or a later change to it."""

    ORIGINAL = "original", _("plan assigned")
    ADJUSTMENT = "adjustment", _("adjustment")
    TRANSFER = "transfer", _("transfer between projects")


class ExtensionReason(models.TextChoices):
    """The cases in which an annual plan may run past 31 January (Law 2019 Art. 68, Law 2024 Art. 72,
    and their decrees)."""

    SITE_CLEARANCE = "site_clearance", _("site clearance not completed")
    NATIONAL_PROJECT = "national_project", _("national important or key project")
    FINISHING = "finishing", _("project due to finish without next year's capital")
    DISASTER = "disaster", _("natural disaster, epidemic or force majeure")
    OTHER = "other", _("other reason allowed by law")


class ExtensionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


class ReportSource(models.TextChoices):
    """How a disbursement report arrived."""

    FORM = "form", _("entered by the investor")
    TREASURY = "treasury", _("State Treasury reconciliation")
    API = "api", _("posted through the API")


class HandoverRole(models.TextChoices):
    INVESTOR = "investor", _("investor")
    LOCALITY = "locality", _("locality")
