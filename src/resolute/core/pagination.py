"""The page of a list a web page shows, read from `?page=` (or another parameter), and the year a
page is asked for. A query string is typed by people and pasted from old links: a page that is not a
number, below one (`-1`) or past the end (`9223372036854775807`) shows the nearest page there is —
the first, or the last — and a year outside the years the platform keeps shows the nearest one.
Every web list reads its page here, never through `Paginator` itself.

The API's lists page through `PageNumberPagination`, bounded so a huge page number is a 422 naming
`page`, not an offset the database cannot take."""

from django.core.paginator import Page, Paginator
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

from . import schemas
from .periods import FIRST_YEAR, LAST_YEAR

PAGE_PARAMETER = "page"


def _whole_number(raw) -> int | None:
    text = str(raw).strip() if raw is not None else ""
    if not text.lstrip("+-").isdigit() or len(text) > 30:
        return None
    return int(text)


def page_number(raw, last_page: int) -> int:
    """The page asked for by `raw`, the nearest existing page when it is out of range, the first page
    when it is not a whole number."""
    number = _whole_number(raw)
    if number is None:
        return 1
    return min(max(number, 1), max(last_page, 1))


def page_of(
    request, items, per_page: int, *, parameter: str = PAGE_PARAMETER, count: int | None = None
) -> Page:
    """The page of `items` the request's `?page=` asks for, or the nearest one there is. A caller
    that already knows how many items there are passes `count`, which spares the database a
    second pass over them."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: this is its value.
    return paginator.page(page_number(request.GET.get(parameter), paginator.num_pages))


def year_in(raw, *, default: int, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> int:
    """The year `raw` names, the nearest of `first`..`last` when it is outside them, `default` when it
    is not a whole number."""
    number = _whole_number(raw)
    if number is None:
        return default
    return min(max(number, first), last)


def with_known_count(queryset, count: int):
    """`queryset`, marked with how many items it holds, so the API's pagination does not count them
    again (a list that has counted its items by status already knows)."""
    queryset.known_count = count
    return queryset


class PageNumberPagination(NinjaPageNumberPagination):
    class Input(Schema):
        page: schemas.Page = Field(
            1, description=f"From 1 to {schemas.LAST_PAGE}; past the last page the list is empty."
        )
        page_size: int | None = Field(
            None, ge=1, le=schemas.LAST_PAGE, description="Capped at the list's maximum."
        )

    def _items_count(self, queryset) -> int:
        known = getattr(queryset, "known_count", None)
        return known if known is not None else super()._items_count(queryset)
