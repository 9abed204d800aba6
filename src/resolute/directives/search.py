"""Accent- and case-insensitive search over document numbers and titles.

Like units (`orgunits.search`), every document keeps a `search_text`: its number and title folded
(lower case, tone marks stripped, đ written as d), so "08-nq/tu" or "chuyen doi so" finds
"08-NQ/TU — Chuyển đổi số" and "3012/QD-UBND" finds "3012/QĐ-UBND". Kept up to date by the actions.
"""

from django.db.models import Q

from resolute.orgunits.search import fold, lookup_rank, matching_q

# The length of `Document.search_text`: a number (64) and a title (500) with a space between.
SEARCH_TEXT_LENGTH = 600


def document_search_text(*, number: str = "", title: str = "") -> str:
    """The value of `Document.search_text` for this number and title."""
    return fold(f"{number} {title}")[:SEARCH_TEXT_LENGTH]


def best_matching_documents(queryset, query: str, limit: int) -> list:
    """At most `limit` documents of `queryset` whose number or title holds every word of the query,
    best first: the document numbered exactly so, then numbers that begin with the query, then
    titles with a word that begins with it; the newest first within each. One query."""
    if not fold(query):
        return []
    return list(
        queryset.filter(matching_q(query))
        .annotate(lookup_rank=lookup_rank(query, exact_field="number"))
        .order_by("lookup_rank", "-issued_on", "-pk")[:limit]
    )


def exactly_numbered_q(text: str) -> Q:
    """Documents whose number is the text (ignoring case)."""
    return Q(number__iexact=text.strip())
