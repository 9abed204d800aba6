"""The base every form shares: text read as it will be stored, passwords as typed, and numbers
stored exactly or refused next to the field."""

from decimal import Decimal

import django_filters
import pytest
from django import forms
from django.http import QueryDict
from django.utils import translation

from resolute.core.filters import FilterSet
from resolute.core.forms import ExactDecimalField, Form


class NoteForm(Form):
    title = forms.CharField(max_length=9)
    password = forms.CharField(widget=forms.PasswordInput)
    amount = ExactDecimalField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["added_later"] = forms.CharField(required=False)


def test_text_is_read_in_composed_form_without_direction_controls_before_its_length_is_checked():
    # Decomposed, "Tiến hành" is eleven characters: too long for nine, until it is composed.
    form = NoteForm(
        QueryDict(mutable=True)
        | {"title": "Tie\u0302\u0301n ha\u0300nh", "password": "x", "added_later": "\u202eab"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Ti\u1ebfn h\u00e0nh"
    assert form.cleaned_data["added_later"] == "ab"
    assert 'value="Ti\u1ebfn h\u00e0nh"' in str(form["title"])


def test_a_password_is_left_exactly_as_typed():
    form = NoteForm({"title": "x", "password": "Tie\u0302\u0301n\u202e"})
    assert form.is_valid()
    assert form.cleaned_data["password"] == "Tie\u0302\u0301n\u202e"


def test_a_nul_character_is_refused_next_to_the_field():
    form = NoteForm({"title": "a\x00b", "password": "x"})
    assert not form.is_valid()
    assert list(form.errors) == ["title"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e-30", "at most 6 digits after the decimal point"),
        ("0.0000001", "at most 6 digits after the decimal point"),
        ("1" * 29, "at most 18 digits before the decimal point"),
        ("1e309", "at most 18 digits before the decimal point"),
        ("Infinity", "Enter a finite number."),
        ("NaN", "Enter a finite number."),
        ("ten", "Enter a number."),
    ],
)
def test_a_number_that_would_be_stored_changed_is_refused_next_to_its_field(typed, message):
    with translation.override("en"):
        form = NoteForm({"title": "x", "password": "x", "amount": typed})
        assert not form.is_valid()
        assert list(form.errors) == ["amount"]
        assert message in form.errors["amount"][0]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1.500000000", Decimal("1.5")), ("-0.000001", Decimal("-0.000001")), ("9" * 15, Decimal("9" * 15))],
)
def test_a_number_stored_as_typed_is_accepted_whatever_its_trailing_zeros(typed, stored):
    form = NoteForm({"title": "x", "password": "x", "amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == stored


def test_a_vietnamese_decimal_comma_is_read_in_a_localised_field():
    class AmountForm(Form):
        amount = ExactDecimalField(localize=True)

    with translation.override("vi"):
        form = AmountForm({"amount": "1.234,5"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1234.5")


def test_a_filters_search_is_read_in_composed_form():
    class WordFilter(FilterSet):
        q = django_filters.CharFilter(method="search")

        def search(self, queryset, name, value):
            return queryset

    from resolute.accounts.models import User

    filterset = WordFilter({"q": "Tie\u0302\u0301n"}, queryset=User.objects.none())
    assert filterset.form.is_valid()
    assert filterset.form.cleaned_data["q"] == "Ti\u1ebfn"
