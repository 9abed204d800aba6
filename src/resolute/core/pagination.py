"""The one pagination of the API's lists: page numbers, bounded so a huge one is a 422, not an
offset the database cannot take."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

from .schemas import LAST_PAGE, Page


class PageNumberPagination(NinjaPageNumberPagination):
    class Input(Schema):
        page: Page = Field(1, description=f"From 1 to {LAST_PAGE}; past the last page the list is empty.")
        page_size: int | None = Field(None, ge=1, le=LAST_PAGE, description="Capped at the list's maximum.")
