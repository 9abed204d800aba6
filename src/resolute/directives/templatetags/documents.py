"""Template helpers for document pages."""

from django.template import Library
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = Library()


@register.simple_tag
def relation_sentence(relation, direction: str):
    """The relation as a whole translated sentence with a link to the other document:
    "This document implements <a>08-NQ/TU</a>." or "<a>123/TB-TU</a> reviews this document."."""
    outgoing = direction == "outgoing"
    other = relation.target if outgoing else relation.source
    sentence = relation.outgoing_sentence if outgoing else relation.incoming_sentence
    link = format_html('<a href="{}">{}</a>', other.get_absolute_url(), str(other))
    return mark_safe(escape(sentence) % {"document": link})


@register.simple_tag
def clause_depth(level: int, deepest: int, offset: int = 0) -> int:
    """A clause's level for a CSS class or an ARIA heading level, kept within what exists."""
    return min(int(level) + int(offset), int(deepest))
