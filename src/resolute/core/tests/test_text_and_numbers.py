"""Text is stored in one form without hidden direction marks; numbers are stored exactly or refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from resolute.core.numbers import exact_decimal
from resolute.core.text import NulCharacterError, normalise_text


def test_a_title_typed_in_decomposed_form_is_stored_as_the_composed_one():
    decomposed = "Tie\u0302\u0301n đo\u0323\u0302 gia\u0309i nga\u0302n"
    assert normalise_text(decomposed) == "Tiến độ giải ngân"


def test_direction_overrides_are_removed_so_a_title_reads_as_it_is_written():
    assert normalise_text("Báo cáo \u202etxt.exe\u202c") == "Báo cáo txt.exe"


def test_a_nul_character_is_refused():
    with pytest.raises(NulCharacterError):
        normalise_text("Báo\x00cáo")


@pytest.mark.parametrize("value", ["12.5", 12, "0.000001", "-999999999999999", "123456789.123456"])
def test_a_number_the_column_keeps_is_returned_unchanged(value):
    assert exact_decimal(value) == Decimal(str(value))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e-30", "at most 6 digits after the decimal point"),
        ("1e309", "at most 18 digits before the decimal point"),
        ("12345678901234567890123456789", "at most 18 digits before the decimal point"),
        (float("inf"), "finite number"),
        ("NaN", "finite number"),
        ("twelve", "Enter a number"),
    ],
)
def test_a_number_that_would_change_on_save_is_refused_with_the_reason(value, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            exact_decimal(value)
        assert message in refused.value.messages[0]


@pytest.mark.django_db
def test_a_number_sqlite_would_round_is_refused_there_and_kept_whole_on_postgresql():
    from django.db import connection

    many_digits = "123456789012.345678"  # 18 significant digits: a double keeps 15
    if connection.vendor == "sqlite":
        with translation.override("en"):
            with pytest.raises(ValidationError) as refused:
                exact_decimal(many_digits)
            assert "at most 15 significant digits" in refused.value.messages[0]
    else:
        assert exact_decimal(many_digits) == Decimal(many_digits)
