"""How an `Evaluation` is kept in a `StoredEvaluation` row and read back, unchanged.

The numbers keep their exact `Decimal` text (a column of decimal places would round a forecast or a
planned value that a division left long, and SQLite keeps decimal columns as floating point); the
sentence and the formula, which `evaluate` words in the active language with its date and number
formats, are kept for each language of the site. Reading a row back under a language gives the
`Evaluation` that `evaluate` gives under it, field for field.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from .models import StoredEvaluation
from .querysets import counts_submitted_values
from .status import Evaluation

FIGURES = ("actual", "planned", "forecast", "shortfall_percent", "gap")
# The columns `row_fields` fills: what a refresh rewrites.
STORED_FIELDS = [
    "status",
    "figures",
    "texts",
    "measured_on",
    "includes_submitted",
    "final",
    "counts_submitted",
    "stale",
]


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def row_fields(by_language: dict[str, Evaluation]) -> dict:
    """The fields of a stored row from the target's evaluation under each language of the site (the
    status and figures are the same in every language; only the words differ)."""
    first = next(iter(by_language.values()))
    return {
        "status": first.status,
        "figures": {name: str(getattr(first, name)) for name in FIGURES if getattr(first, name) is not None},
        "texts": {
            language: {"sentence": evaluation.sentence, "formula": evaluation.formula}
            for language, evaluation in by_language.items()
        },
        "measured_on": first.measured_on,
        "includes_submitted": first.includes_submitted,
        "final": first.final,
        "counts_submitted": counts_submitted_values(),
        "stale": False,
    }


def is_readable(row: StoredEvaluation, language: str | None = None) -> bool:
    """Whether the row may stand for the live evaluation: current, computed under today's setting for
    submitted figures, and worded in `language` (the active one by default)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return (
        not row.stale
        and bool(row.status)
        and row.counts_submitted == counts_submitted_values()
        and language in row.texts
    )


def evaluation_of(row: StoredEvaluation, language: str | None = None) -> Evaluation:
    """The `Evaluation` the row keeps, worded in `language` (the active one by default)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    words = row.texts[language]
    figures = {name: Decimal(row.figures[name]) if name in row.figures else None for name in FIGURES}
    measured_on = row.measured_on
    if isinstance(measured_on, str):  # a row not read back from the database
        measured_on = date.fromisoformat(measured_on)
    return Evaluation(
        status=row.status,
        sentence=words["sentence"],
        formula=words["formula"],
        measured_on=measured_on,
        includes_submitted=row.includes_submitted,
        final=row.final,
        **figures,
    )
