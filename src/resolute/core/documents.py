"""The pieces of a generated document (the implementation report) shared by the app that writes it
(`reports`) and the domains that contribute its sections: numbers and dates as each language writes
them, and the paragraphs and tables the DOCX and the PDF both print.

Numbers follow the report's language, whatever the language of the interface: 10.945 and 9,5 in
Vietnamese, 10,945 and 9.5 in English.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.numberformat import format as number_format

SEPARATORS = {"vi": (",", "."), "en": (".", ",")}

MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def format_number(value, decimals: int = 0, language: str = "vi") -> str:
    """`value` rounded to `decimals` and written as the language writes numbers; "—" for no value.

    Trailing zeros after the decimal point are dropped (9,5 rather than 9,50), as people write them."""
    if value is None:
        return "—"
    decimal_separator, thousands = SEPARATORS["en" if language == "en" else "vi"]
    value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals)) if decimals else Decimal(round(value))
    text = number_format(
        value,
        decimal_separator,
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=thousands,
        force_grouping=True,
        use_l10n=False,
    )
    if decimals and decimal_separator in text:
        text = text.rstrip("0").rstrip(decimal_separator)
    return text


def format_date(day: date, language: str) -> str:
    """A date in running text: "ngày 05 tháng 02 năm 2025" (days below 10 and months 1–2 padded, as
    Decree 30/2020 writes them) or "5 February 2025"."""
    if language == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_short_date(day: date | None, language: str) -> str:
    """A date in a table cell: 05/02/2025 in both languages (the English one spells the month)."""
    if day is None:
        return "—"
    if language == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1][:3]} {day.year}"
    return day.strftime("%d/%m/%Y")


def with_unit(number: str, unit_of_measure: str) -> str:
    """A written number with its unit: "9,5%" (no space before a percent sign), "1.000 tỷ đồng"."""
    if not unit_of_measure:
        return number
    return f"{number}{unit_of_measure}" if unit_of_measure == "%" else f"{number} {unit_of_measure}"


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class TextBlock:
    """A paragraph; `style` is "title", "subtitle", "heading", "subheading", "body", "note" or "signature"."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class TableBlock:
    headers: list[str]
    rows: list[list[str]]
    widths: list[int]  # relative column widths
    numeric: frozenset[int] = frozenset()  # columns aligned right
