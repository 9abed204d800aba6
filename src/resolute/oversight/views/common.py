"""What the oversight pages share: the address of the list of recommendations behind a figure, and
the Excel helpers of the public-investment pages (the same columns, About sheet and number formats)."""

from django.urls import reverse
from django.utils.http import urlencode

from resolute.investment.views.common import (
    Column,
    is_htmx,
    money_format,
    rate_cell,
    wants_xlsx,
    workbook_response,
    xlsx_url,
)

PAGE_SIZE = 25


def recommendations_url(**filters) -> str:
    """The list of recommendations kept by `filters` (empty values left out)."""
    query = {key: str(value) for key, value in filters.items() if value not in (None, "", False)}
    url = reverse("oversight:recommendations")
    return f"{url}?{urlencode(query)}" if query else url


__all__ = [
    "PAGE_SIZE",
    "Column",
    "is_htmx",
    "money_format",
    "rate_cell",
    "recommendations_url",
    "wants_xlsx",
    "workbook_response",
    "xlsx_url",
]
