"""Petitions found by the search box (contributed as the `SearchSource` "petitions").

A petition is found by its code or by words of its subject, among the petitions the user may read.
A result names the petition by its code and kind and quotes its subject — except a denunciation's,
whose subject may name the person denounced and whose content never leaves its page: a denunciation
is found by its code only and shows no subject. Nothing of the petitioner is searched or shown.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator

from ..choices import PetitionKind
from ..models import Petition

# How much of a subject a result quotes.
SNIPPET_WORDS = 30


def _matching(petitions, query: str):
    words = query.split()
    if not words:
        return petitions.none()
    by_code = Q(code__icontains=query.strip())
    by_subject = Q()
    for word in words:
        by_subject &= Q(subject__icontains=word)
    return petitions.filter(by_code | (by_subject & ~Q(kind=PetitionKind.DENUNCIATION)))


def search_petitions(user, query: str, limit: int) -> list[dict]:
    """Up to `limit` petitions the user may read whose code holds the query, or whose subject holds
    every word of it (a denunciation's subject is not searched), newest first: {title, url, kind,
    snippet}. One query."""
    petitions = _matching(Petition.objects.visible_to(user), query or "").only(
        "id", "code", "kind", "subject"
    )
    results = []
    for petition in petitions.order_by("-received_on", "-pk")[:limit]:
        kind = PetitionKind(petition.kind)
        confidential = petition.kind == PetitionKind.DENUNCIATION
        results.append(
            {
                "title": f"{petition.code} · {kind.label}",
                "url": reverse("petitions:detail", args=[petition.pk]),
                "kind": "petition",
                "snippet": "" if confidential else Truncator(petition.subject).words(SNIPPET_WORDS),
            }
        )
    return results
