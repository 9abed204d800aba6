"""Template helpers for the organisation pages."""

from html import escape

from django.template import Library
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from resolute.core.languages import ReaderText
from resolute.orgunits.search import highlight as highlight_matches

register = Library()

OWN_UNIT_BADGE = gettext_lazy("your unit")

# A placeholder id, replaced by each unit's id: reversing the URL once for thousands of rows.
_PLACEHOLDER_ID = 987654321


@register.filter
def highlight(text, query):
    """Mark the parts of `text` that match the search words, ignoring case and accents."""
    return highlight_matches(str(text or ""), query or "")


def unit_label(unit, *, url: str, is_own: bool = False, query: str = "", closed_text: str = "") -> SafeString:
    """A unit's name as a link, its code, and badges for "your unit" and "closed on …".

    Built with the standard library's escape and plain strings: this runs once per node of trees
    with thousands of nodes, where Django's lazy-aware helpers cost several times more."""
    display_name = unit.display_name
    text = display_name.text if isinstance(display_name, ReaderText) else str(display_name)
    name = str(display_name.html_with(highlight_matches(text, query) if query else escape(text)))
    link_class = ' class="muted"' if closed_text else ""
    html = f'<a href="{escape(url)}"{link_class}>{name}</a>'
    if unit.code:
        code = highlight_matches(unit.code, query) if query else escape(unit.code)
        html += f'<span class="tree__code">{code}</span>'
    if is_own:
        html += f' <span class="badge">{escape(str(OWN_UNIT_BADGE))}</span>'
    if closed_text:
        html += f' <span class="badge badge--muted">{escape(closed_text)}</span>'
    return mark_safe(html)  # noqa: S308 - every value above is escaped


def _closed_text(unit) -> str:
    if not unit.is_closed:
        return ""
    return gettext("closed on %(date)s") % {"date": date_format(unit.effective_to, "SHORT_DATE_FORMAT")}


@register.simple_tag
def unit_link(unit, query="", is_own=False):
    """One unit's label, as the tree shows it (for lists of a few units)."""
    return unit_label(
        unit, url=unit.get_absolute_url(), is_own=is_own, query=query, closed_text=_closed_text(unit)
    )


@register.simple_tag
def unit_tree_items(rows):
    """The <li> items of the whole tree, built in Python: the template engine would take seconds
    for the thousands of nodes of a national tree. A unit with children is a <details> element,
    so branches open and close without JavaScript."""
    url_pattern = reverse("orgunits:detail", args=[_PLACEHOLDER_ID]).replace(str(_PLACEHOLDER_ID), "{}")
    html = []
    for row in rows:
        node = row.node
        unit = node.unit
        label = unit_label(
            unit, url=url_pattern.format(unit.pk), is_own=node.is_own, closed_text=_closed_text(unit)
        )
        if node.children:
            html.append(f"<li><details{' open' if node.expanded else ''}><summary>{label}</summary><ul>")
        else:
            html.append(f'<li><span class="tree__leaf">{label}</span></li>')
        html.append("</ul></details></li>" * len(row.closing))
    return mark_safe("\n".join(html))  # noqa: S308 - every label escapes its values
