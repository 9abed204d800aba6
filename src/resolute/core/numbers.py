"""Exact numbers: a value is stored as it was given or refused, never silently rounded.

Every measured value is a `Decimal` with a fixed number of digits (24 in all, 6 after the point,
in the models). A value with more digits after the point than the column keeps (1e-30 would be
stored as 0), more before it than fit, or that is not a finite number (1e309 read as infinity,
NaN) is refused with a message, so the figure a user typed is the figure every page shows.

SQLite, the zero-setup database, keeps a decimal column as a floating-point number, exact to 15
significant digits: there a value with more (123456789012.345678) would come back rounded — and one
just under the column's limit, read back as 1e18, would not come back at all — so it is refused too.
PostgreSQL keeps every digit the column allows.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _

MAX_DIGITS = 24
DECIMAL_PLACES = 6
# The significant digits a SQLite decimal column gives back unchanged (a double holds 15 exactly).
SQLITE_EXACT_DIGITS = 15


def exact_decimal(value, max_digits: int = MAX_DIGITS, decimal_places: int = DECIMAL_PLACES) -> Decimal:
    """`value` as a Decimal that a column of this size stores without change, or a ValidationError."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(_("Enter a number."), code="invalid") from None
    if not number.is_finite():
        raise ValidationError(_("Enter a finite number."), code="invalid")
    whole_digits = max(number.adjusted() + 1, 0)
    if whole_digits > max_digits - decimal_places:
        raise ValidationError(
            _("Enter a number with at most %(digits)s digits before the decimal point."),
            code="max_whole_digits",
            params={"digits": max_digits - decimal_places},
        )
    if number != number.quantize(Decimal(1).scaleb(-decimal_places)):
        raise ValidationError(
            _("Enter a number with at most %(places)s digits after the decimal point."),
            code="max_decimal_places",
            params={"places": decimal_places},
        )
    significant_digits = len(number.normalize().as_tuple().digits)
    if connection.vendor == "sqlite" and significant_digits > SQLITE_EXACT_DIGITS:
        raise ValidationError(
            _("Enter a number with at most %(digits)s significant digits; more would be rounded."),
            code="max_significant_digits",
            params={"digits": SQLITE_EXACT_DIGITS},
        )
    return number
