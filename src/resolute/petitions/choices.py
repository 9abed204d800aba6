"""The fixed lists of petitions: kinds, channels, stages, outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PetitionKind(models.TextChoices):
    """Every petition is one of the four kinds the law knows (rule 8 of docs/user/petitions.md)."""

    COMPLAINT = "complaint", _("complaint")  # khiếu nại: review of an administrative decision or act
    DENUNCIATION = "denunciation", _("denunciation")  # tố cáo: a violation reported by an individual
    RECOMMENDATION = "recommendation", _("recommendation")  # kiến nghị
    REFLECTION = "reflection", _("reflection")  # phản ánh


class Channel(models.TextChoices):
    """How the petition arrived."""

    RECEPTION = "reception", _("in person at citizen reception")
    POST = "post", _("by post")
    EMAIL = "email", _("by e-mail")
    PORTAL = "portal", _("through the public portal")
    FORWARDED = "forwarded", _("forwarded by another body")


class Complexity(models.TextChoices):
    """How complex the matter is, which lengthens the legal time limits (Decree 31/2019/NĐ-CP for
    denunciations: several places, contents, denouncers, agencies, or a foreign element)."""

    ORDINARY = "ordinary", _("ordinary")
    COMPLEX = "complex", _("complex")
    PARTICULARLY_COMPLEX = "particularly_complex", _("particularly complex")


class Instance(models.TextChoices):
    """Which settlement of a complaint this is (Law on Complaints 2011, Art. 28 and 37)."""

    FIRST = "first", _("first instance")
    SECOND = "second", _("second instance")


class Stage(models.TextChoices):
    """Where a petition stands: the last step of its timeline, kept current by the actions."""

    RECEIVED = "received", _("received")
    CLASSIFIED = "classified", _("classified")
    # "Accepted" and "refused" for a petition are "thụ lý" and "không thụ lý", not what they are for a
    # task's completion: the words carry their own context.
    ACCEPTED = "accepted", pgettext_lazy("petition", "accepted")
    REFUSED = "refused", pgettext_lazy("petition", "refused")
    FORWARDED = "forwarded", _("forwarded to another body")
    VERIFICATION = "verification", _("verification")
    DIALOGUE = "dialogue", _("dialogue")
    DECIDED = "decided", _("decided")
    PUBLISHED = "published", _("published")
    ENFORCED = "enforced", _("enforced")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Stages before acceptance: the acceptance clock runs.
BEFORE_ACCEPTANCE = (Stage.RECEIVED, Stage.CLASSIFIED)
# Stages after acceptance and before the decision: the settlement clock runs.
BEING_SETTLED = (Stage.ACCEPTED, Stage.VERIFICATION, Stage.DIALOGUE)
# Stages where the matter has been settled by a decision (the conclusion, for a denunciation).
SETTLED = (Stage.DECIDED, Stage.PUBLISHED, Stage.ENFORCED)
# Stages where the unit owes nothing more on the petition's clock.
CLOSED = (Stage.REFUSED, Stage.FORWARDED, Stage.WITHDRAWN, *SETTLED)


class StepKind(models.TextChoices):
    """A step on a petition's timeline, each with its document where the law asks for one."""

    RECEIVED = "received", _("received")
    CLASSIFIED = "classified", _("classified")
    RECLASSIFIED = "reclassified", _("reclassified")
    ROUTED = "routed", _("sent to the competent unit")
    FORWARDED = "forwarded", _("forwarded to another body")
    ACCEPTED = "accepted", pgettext_lazy("petition", "accepted")
    REFUSED = "refused", pgettext_lazy("petition", "refused")
    VERIFICATION = "verification", _("verification")
    DIALOGUE = "dialogue", _("dialogue")
    EXTENDED = "extended", _("time limit extended")
    DECIDED = "decided", _("decision")
    PUBLISHED = "published", _("decision published")
    ENFORCED = "enforced", _("decision enforced")
    WITHDRAWN = "withdrawn", _("withdrawn")
    LINKED = "linked", _("linked as a duplicate")


class Outcome(models.TextChoices):
    """What the decision found (a complaint's settlement, a denunciation's conclusion, the answer to a
    recommendation or reflection)."""

    UPHELD = "upheld", _("well-founded")
    PARTLY_UPHELD = "partly_upheld", _("partly well-founded")
    REJECTED = "rejected", _("unfounded")
    ANSWERED = "answered", _("answered")
