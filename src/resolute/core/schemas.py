"""What every API input is checked against at the edge, once: text, years, days, ids and amounts.

Every input schema of the API derives from `InputSchema` and names its fields with these types, so
a value the database cannot hold, or that a page cannot show, is a 422 naming the field — never a
row that makes every later read answer 500:

- every string is stored in NFC without direction overrides, and a NUL character is refused
  (`resolute.core.text.normalise_text`); `Text(n)` / `model_text(Model, "field")` add the column's
  length, counted after normalising, so "ệ" typed as three code points counts as one;
- `Year` and `Day` stay within 1900–2100: the years a resolution, a baseline or a reporting period
  can name (the forms of the extraction review use the same range), and the years every calendar
  and chart of the pages can draw;
- `Id` fits a database key (a larger number would overflow the driver, not find nothing);
- `Amount` is exact (`resolute.core.numbers.exact_decimal`): 1e309, NaN, 29 digits or 1e-30 are
  refused, never rounded or stored as infinity.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from ninja import Schema
from pydantic import BeforeValidator, Field, field_validator
from pydantic_core import PydanticCustomError

from .numbers import DECIMAL_PLACES, MAX_DIGITS, exact_decimal
from .periods import FIRST_YEAR, LAST_YEAR
from .text import NulCharacterError, normalise_text

FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
# The largest key a 64-bit integer column holds (SQLite's INTEGER, PostgreSQL's bigint).
LARGEST_ID = 2**63 - 1
# How far a list can be paged: past this a page number is refused rather than turned into an
# offset the database cannot take.
LAST_PAGE = 1_000_000


def normalised(value: Any) -> Any:
    """A string as it is stored (NFC, no direction controls); a NUL character is a field error."""
    if not isinstance(value, str):
        return value
    try:
        return normalise_text(value)
    except NulCharacterError:
        raise PydanticCustomError(
            "nul_character", gettext("Text must not contain a NUL character.")
        ) from None


def exact(value: Any, max_digits: int = MAX_DIGITS, decimal_places: int = DECIMAL_PLACES) -> Decimal:
    """`value` as the exact Decimal the column keeps, or a field error saying why it cannot be."""
    if isinstance(value, bool):
        raise PydanticCustomError("decimal_type", gettext("Enter a number."))
    try:
        return exact_decimal(value, max_digits=max_digits, decimal_places=decimal_places)
    except DjangoValidationError as error:
        raise PydanticCustomError("exact_decimal", str(error.messages[0])) from None


def within_length(value: Any, max_length: int | None, min_length: int | None) -> Any:
    value = normalised(value)
    if isinstance(value, str):
        if max_length is not None and len(value) > max_length:
            raise PydanticCustomError(
                "string_too_long",
                gettext("Enter at most %(limit)s characters (this has %(length)s).")
                % {"limit": max_length, "length": len(value)},
            )
        if min_length is not None and len(value) < min_length:
            raise PydanticCustomError("string_too_short", gettext("This field cannot be empty."))
    return value


def Text(max_length: int | None = None, *, min_length: int | None = None) -> Any:  # noqa: N802 (a type)
    """A string, normalised, of at most `max_length` characters once normalised."""
    return Annotated[
        str,
        BeforeValidator(lambda value: within_length(value, max_length, min_length)),
        Field(max_length=max_length, min_length=min_length),
    ]


def model_text(model, field_name: str, *, min_length: int | None = None) -> Any:
    """A string as long as the model's column allows (a TextField has no limit)."""
    return Text(model._meta.get_field(field_name).max_length, min_length=min_length)


def Amount(max_digits: int = MAX_DIGITS, decimal_places: int = DECIMAL_PLACES) -> Any:  # noqa: N802
    """An exact decimal that a column of this size stores without change."""
    return Annotated[
        Decimal,
        BeforeValidator(lambda value: exact(value, max_digits, decimal_places)),
        Field(
            description=f"An exact number: at most {max_digits - decimal_places} digits before the "
            f"point and {decimal_places} after it."
        ),
    ]


def model_amount(model, field_name: str) -> Any:
    field = model._meta.get_field(field_name)
    return Amount(field.max_digits, field.decimal_places)


Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Id = Annotated[int, Field(ge=1, le=LARGEST_ID)]
Count = Annotated[int, Field(ge=0, le=LARGEST_ID)]
Page = Annotated[int, Field(ge=1, le=LAST_PAGE)]
# The version a change is based on, as the client last read it: every PATCH needs it (or its ETag in
# If-Match) — without either the change is refused with 428, with a stale one 409.
Version = Annotated[
    int | None,
    Field(
        description="The version you read (or send its ETag in If-Match): without either the change is "
        "refused with 428, with a newer one on the server 409."
    ),
]


class InputSchema(Schema):
    """The base of every schema the API reads (body or query): every string in it is normalised
    and refused with a NUL, whatever type the field names, so no field can be forgotten."""

    @field_validator("*", mode="before")
    @classmethod
    def _normalise_strings(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [normalised(item) for item in value]
        return normalised(value)
