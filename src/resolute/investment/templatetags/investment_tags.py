"""Template helpers of the public-investment pages: amounts of VND and rates as the reader writes them."""

from decimal import Decimal

from django.template import Library
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = Library()


@register.filter
def vnd(amount) -> str:
    """An amount grouped by thousands in the active language ("1.250.000.000" in Vietnamese), or a dash."""
    if amount is None or amount == "":
        return "—"
    return number_format(Decimal(amount).quantize(Decimal(1)), force_grouping=True)


@register.filter
def billions(amount) -> str:
    """An amount in billions of VND with one decimal ("1,3" billion in Vietnamese), as reports write it."""
    if amount is None or amount == "":
        return "—"
    return number_format(
        (Decimal(amount) / Decimal(1_000_000_000)).quantize(Decimal("0.1")), 1, force_grouping=True
    )


@register.filter
def rate(value) -> str:
    """A rate in percent with one decimal ("58,3 %" in Vietnamese), or a dash when there is no plan."""
    if value is None or value == "":
        return "—"
    return _("%(rate)s%%") % {"rate": number_format(Decimal(value), 1)}


@register.filter
def points(value) -> str:
    """A gap in percentage points ("12,5 points")."""
    if value is None or value == "":
        return "—"
    return _("%(points)s points") % {"points": number_format(Decimal(value), 1)}
