"""The page of a list a web page shows, read from `?page=` (or another parameter), and the year a
page is asked for. A query string is typed by people and pasted from old links: a page that is not a
number, below one (`-1`) or past the end (`9223372036854775807`) shows the nearest page there is —
the first, or the last — and a year outside the years the platform keeps shows the nearest one.
Every web list reads its page here, never through `Paginator` itself.

The API's lists page through `PageNumberPagination`, bounded so a huge page number is a 422 naming
`page`, not an offset the database cannot take; the large ones through `CursorPagination`, which also
reads `?cursor=` (keyset pages in the list's own order, signed cursors; see docs/dev/api.md)."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination
from pydantic import model_serializer

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


class RowsOf:
    """`queryset` for an API list whose rows are built in Python (`to_row(record)`): the pagination
    counts the queryset and slices it, and only the slice is read and turned into rows, so a list
    whose rows need the reader's scope still reads one page at a time."""

    def __init__(self, queryset, to_row):
        self.queryset, self.to_row = queryset, to_row

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window):
        return [self.to_row(record) for record in self.queryset[window]]


class PageNumberPagination(NinjaPageNumberPagination):
    # Named apart from the cursor pagination's query: the OpenAPI names a component after its class.
    class PageQuery(Schema):
        page: schemas.Page = Field(
            1, description=f"From 1 to {schemas.LAST_PAGE}; past the last page the list is empty."
        )
        page_size: int | None = Field(
            None, ge=1, le=schemas.LAST_PAGE, description="Capped at the list's maximum."
        )

    Input = PageQuery

    def _items_count(self, queryset) -> int:
        known = getattr(queryset, "known_count", None)
        return known if known is not None else super()._items_count(queryset)


# -- cursors ---------------------------------------------------------------------------------------

CURSOR_SALT = "resolute.api.cursor"
CURSOR_PARAMETER = "cursor"
FORWARD, BACKWARD = "n", "p"


@dataclass(frozen=True)
class OrderKey:
    """One term of a list's order, read into the annotation `name` so that the last row of a page
    carries its value and the next page can start after it."""

    name: str
    expression: Any
    descending: bool
    nulls_first: bool

    def reversed(self) -> "OrderKey":
        return OrderKey(self.name, self.expression, not self.descending, not self.nulls_first)

    def ordering(self) -> OrderBy:
        nulls = {"nulls_first": True} if self.nulls_first else {"nulls_last": True}
        return F(self.name).desc(**nulls) if self.descending else F(self.name).asc(**nulls)

    def equal(self, value) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})

    def after(self, value) -> Q | None:
        """The rows that come strictly after `value` in this term's order (None: none do)."""
        if value is None:
            return Q(**{f"{self.name}__isnull": False}) if self.nulls_first else None
        rows = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        return rows if self.nulls_first else rows | Q(**{f"{self.name}__isnull": True})


def order_keys(queryset) -> list[OrderKey]:
    """The terms `queryset` is ordered by (its `order_by`, else its model's ordering), ending on the
    primary key so that every row has a place of its own. A term that does not say where nulls go
    puts them where this database does, so a cursor walks the rows in the order a page shows them."""
    query = queryset.query
    ordering = list(query.order_by) or (list(queryset.model._meta.ordering) if query.default_ordering else [])
    nulls_largest = connections[queryset.db].features.nulls_order_largest
    pk_names = {"pk", queryset.model._meta.pk.name, queryset.model._meta.pk.attname}
    keys = []
    for position, term in enumerate(ordering):
        nulls_first = None
        if isinstance(term, str):
            descending = term.startswith("-")
            expression = F(term.lstrip("-+"))
        elif isinstance(term, OrderBy):
            expression, descending = term.expression, term.descending
            nulls_first = True if term.nulls_first else (False if term.nulls_last else None)
        else:
            expression, descending = term, False
        if nulls_first is None:
            nulls_first = descending if nulls_largest else not descending
        keys.append(OrderKey(f"cursor_key_{position}", expression, descending, nulls_first))
        if isinstance(expression, F) and expression.name in pk_names:
            return keys
    keys.append(OrderKey("cursor_key_pk", F("pk"), False, False))
    return keys


def rows_after(keys: list[OrderKey], values: list) -> Q:
    """The rows after the one whose order terms have `values` (keyset: the first terms equal and
    the next one after, for each term in turn)."""
    condition = Q(pk__in=[])
    for index, key in enumerate(keys):
        after = key.after(values[index])
        if after is None:
            continue
        for earlier, value in zip(keys[:index], values[:index], strict=True):
            after &= earlier.equal(value)
        condition |= after
    return condition


def _cursor_value(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def _fingerprint(keys: list[OrderKey]) -> str:
    terms = repr([(str(key.expression), key.descending, key.nulls_first) for key in keys])
    return hashlib.sha256(terms.encode()).hexdigest()[:16]


class CursorPagination(PageNumberPagination):
    """A list read page after page by `?cursor=`: each answer's `next` (and `previous`) is the
    address of the page after (before) it, with an opaque cursor that holds the order's values of
    the page's last (first) row, signed. The next page starts after that row in the list's own order
    (keyset), so rows added or removed meanwhile never make a page repeat or skip one, and reading
    page 1,000 costs what page 1 does. `?page=` still pages by number; then `next` and `previous`
    name page numbers. A cursor that was changed, or that belongs to another list or order, is a 422
    naming `cursor`."""

    class CursorQuery(Schema):
        cursor: str | None = Field(
            None,
            max_length=2000,
            description="The cursor of a `next` or `previous` address; with neither it nor `page`, page one.",
        )
        page: schemas.Page | None = Field(
            None,
            description=f"From 1 to {schemas.LAST_PAGE}, instead of a cursor; past the last page, no items.",
        )
        page_size: int | None = Field(
            None, ge=1, le=schemas.LAST_PAGE, description="Capped at the list's maximum."
        )

    Input = CursorQuery

    class Output(Schema):
        items: list[Any]
        count: int
        next: str | None = Field(
            None, description="By cursor: the address of the next page; null on the last."
        )
        previous: str | None = Field(
            None, description="By cursor: the address of the page before; null on the first."
        )

        @model_serializer(mode="wrap")
        def _links_of_cursor_pages(self, handler):
            """A page asked for by number answers as it always has, items and count alone."""
            data = handler(self)
            for name in ("next", "previous"):
                if name not in self.model_fields_set:
                    data.pop(name, None)
            return data

    def __init__(self, *, item=None, items=None, **kwargs):
        # `item` turns each row of the page into what the list answers, when the schema does not
        # read it from the model; `items(rows, listed)` turns the page's rows at once (a figure read
        # for all of them together), with the queryset the view listed. Only the page's rows, never
        # the whole list, are turned.
        self.item = item
        self.items = items
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        page_size = self._get_page_size(pagination.page_size)
        count = self._items_count(queryset)
        if pagination.cursor is None and pagination.page is not None:
            page = self._numbered_page(queryset, pagination.page, page_size, count, request)
        else:
            page = self._keyset_page(queryset, pagination.cursor, page_size, count, request)
        if self.items is not None:
            page[self.items_attribute] = self.items(list(page[self.items_attribute]), queryset)
        if self.item is not None:
            page[self.items_attribute] = [self.item(row) for row in page[self.items_attribute]]
        return page

    def _numbered_page(self, queryset, page: int, page_size: int, count: int, request) -> dict:
        offset = (page - 1) * page_size
        return {
            self.items_attribute: queryset[offset : offset + page_size],
            "count": count,
        }

    def _keyset_page(self, queryset, cursor: str | None, page_size: int, count: int, request) -> dict:
        keys = order_keys(queryset)
        annotated = queryset.annotate(**{key.name: key.expression for key in keys})
        salt = f"{CURSOR_SALT}:{getattr(request.resolver_match, 'url_name', '')}:{_fingerprint(keys)}"
        direction, values = FORWARD, None
        if cursor:
            direction, values = _read_cursor(cursor, salt, len(keys))
        walked = keys if direction == FORWARD else [key.reversed() for key in keys]
        rows = annotated.order_by(*(key.ordering() for key in walked))
        if values is not None:
            rows = rows.filter(rows_after(walked, values))
        rows = list(rows[: page_size + 1])
        more = len(rows) > page_size
        rows = rows[:page_size]
        if direction == BACKWARD:
            rows.reverse()
        has_next = more if direction == FORWARD else True
        has_previous = values is not None if direction == FORWARD else more

        def cursor_at(row, way: str) -> str:
            position = [_cursor_value(getattr(row, key.name)) for key in keys]
            return signing.dumps({"d": way, "v": position}, salt=salt, compress=True)

        return {
            self.items_attribute: rows,
            "count": count,
            "next": _address(request, cursor=cursor_at(rows[-1], FORWARD)) if rows and has_next else None,
            "previous": (
                _address(request, cursor=cursor_at(rows[0], BACKWARD)) if rows and has_previous else None
            ),
        }


def _read_cursor(cursor: str, salt: str, terms: int) -> tuple[str, list]:
    try:
        payload = signing.loads(cursor, salt=salt)
        direction, values = payload["d"], payload["v"]
        if direction not in (FORWARD, BACKWARD) or not isinstance(values, list) or len(values) != terms:
            raise ValueError(direction)
    except (signing.BadSignature, ValueError, KeyError, TypeError) as error:
        raise ValidationError(
            {
                CURSOR_PARAMETER: _(
                    "This cursor is not one this list gave in this order; start again without it."
                )
            }
        ) from error
    return direction, values


def _address(request, **parameters) -> str:
    """The full address of this list with `parameters` in place of its page or cursor."""
    query = request.GET.copy()
    for name in (PAGE_PARAMETER, CURSOR_PARAMETER):
        query.pop(name, None)
    for name, value in parameters.items():
        query[name] = str(value)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
