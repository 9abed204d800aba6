"""The fixed lists of oversight: kinds of oversight, of recommendations, discipline outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OversightKind(models.TextChoices):
    """Who looked and how."""

    INSPECTION = "inspection", _("inspection")  # thanh tra
    AUDIT = "audit", _("State Audit")  # kiểm toán nhà nước
    SUPERVISION = "supervision", _("People's Council supervision")  # giám sát của HĐND
    PARTY_INSPECTION = "party_inspection", _("Party inspection")  # kiểm tra của Ủy ban Kiểm tra


class RecommendationKind(models.TextChoices):
    """What a recommendation asks for."""

    RECOVER_MONEY = "recover_money", _("money to recover")
    CORRECT = "correct", _("administrative correction")
    DISCIPLINE = "discipline", _("people to discipline")
    AMEND_RULES = "amend_rules", _("rules to amend")
    OTHER = "other", _("other")


class RecommendationState(models.TextChoices):
    """Where a recommendation stands, derived (never typed in): implemented once its task is
    completed; partly when something was done (money recovered, a person disciplined, progress
    reported) but not all; not yet otherwise. Overdue is counted beside these, among those not
    implemented whose deadline has passed."""

    IMPLEMENTED = "implemented", _("implemented")
    PARTLY = "partly", _("partly implemented")
    NOT_YET = "not_yet", _("not yet implemented")


class DisciplineOutcome(models.TextChoices):
    """What became of a person the recommendation asked to discipline."""

    PENDING = "pending", _("under review")
    REPRIMAND = "reprimand", _("reprimand")
    WARNING = "warning", _("warning")
    DEMOTION = "demotion", _("demotion")
    REMOVAL = "removal", _("removal from office")
    DISMISSAL = "dismissal", _("dismissal")
    EXPULSION = "expulsion", _("expulsion from the Party")
    NOT_DISCIPLINED = "not_disciplined", _("not disciplined")
