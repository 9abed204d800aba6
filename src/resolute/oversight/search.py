"""What the search box finds of oversight findings (contributed as `SearchSource`s): the conclusions
and the recommendations the user reads whose words, conclusion number or inspecting body match every
word typed. Each result is {title, url, kind, snippet}: what it is called, where it opens, what kind
of record it is in the reader's language, and a line that places it."""

from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .models import Oversight, Recommendation

SNIPPET_LENGTH = 160


def _words(query: str) -> list[str]:
    return [word for word in (query or "").split() if word]


def oversight_q(word: str, prefix: str = "") -> Q:
    """A conclusion whose number, title, subject or inspecting body holds `word`."""
    return (
        Q(**{f"{prefix}document__number__icontains": word})
        | Q(**{f"{prefix}document__title__icontains": word})
        | Q(**{f"{prefix}subject__icontains": word})
        | Q(**{f"{prefix}inspecting_body_name__icontains": word})
        | Q(**{f"{prefix}inspecting_unit__name__icontains": word})
        | Q(**{f"{prefix}inspecting_unit__name_en__icontains": word})
    )


def search_oversights(user, query: str, limit: int) -> list[dict]:
    """Conclusions the user reads matching every word, newest first: one query."""
    words = _words(query)
    if not words:
        return []
    oversights = Oversight.objects.visible_to(user)
    for word in words:
        oversights = oversights.filter(oversight_q(word))
    oversights = oversights.select_related("document", "inspecting_unit", "inspected_unit").order_by(
        "-document__issued_on", "-pk"
    )[:limit]
    return [
        {
            "title": str(oversight.document),
            "url": oversight.get_absolute_url(),
            "kind": _("Oversight conclusion"),
            "snippet": Truncator(
                _("%(body)s on %(unit)s: %(subject)s")
                % {
                    "body": oversight.inspecting_body,
                    "unit": oversight.inspected_unit,
                    "subject": oversight.subject,
                }
            ).chars(SNIPPET_LENGTH),
        }
        for oversight in oversights
    ]


def search_recommendations(user, query: str, limit: int) -> list[dict]:
    """Recommendations the user reads whose text or number, or whose conclusion, matches every word,
    the newest conclusions first: one query."""
    words = _words(query)
    if not words:
        return []
    recommendations = Recommendation.objects.visible_to(user)
    for word in words:
        recommendations = recommendations.filter(
            Q(task__title__icontains=word)
            | Q(label__icontains=word)
            | oversight_q(word, prefix="oversight__")
        )
    recommendations = recommendations.select_related(
        "task", "task__lead_unit", "oversight", "oversight__document", "oversight__inspecting_unit"
    ).order_by("-oversight__document__issued_on", "oversight_id", "pk")[:limit]
    return [
        {
            "title": Truncator(
                f"{recommendation.label}. {recommendation.task.title}"
                if recommendation.label
                else recommendation.task.title
            ).chars(SNIPPET_LENGTH),
            "url": recommendation.get_absolute_url(),
            "kind": _("Recommendation"),
            "snippet": Truncator(
                _("%(conclusion)s · %(body)s · led by %(unit)s")
                % {
                    "conclusion": recommendation.oversight.document,
                    "body": recommendation.oversight.inspecting_body,
                    "unit": recommendation.task.lead_unit,
                }
            ).chars(SNIPPET_LENGTH),
        }
        for recommendation in recommendations
    ]
