"""The one filter over org units, shared by the tree page's search and the API list."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from resolute.core.filters import FilterSet
from resolute.core.lookups import LookupChoiceField

from .forms import unit_choice_label, unit_lookup_text
from .history import took_over_from_matching_q
from .models import OrgUnit, OrgUnitKind
from .querysets import subtree_q
from .search import best_matching_units, exactly_named_units_q, matching_q


class UnitFilterField(LookupChoiceField):
    """The unit choice of a filter form: the list and labels of UnitChoiceField while the user may
    see few units, a box that suggests units as the user types when there are more (`core.lookups`).
    A typed text names a unit by its code or names, with or without tone marks."""

    lookup_url_name = "orgunits:lookup"
    choices_noun = _("units")

    def label_from_instance(self, unit):
        return unit_choice_label(unit)

    def text_of(self, unit) -> str:
        return unit_lookup_text(unit)

    def best_matches(self, queryset, text, limit):
        return best_matching_units(queryset, text, limit)

    def exact_matches(self, queryset, text):
        return queryset.filter(exactly_named_units_q(text))


class UnitFilter(django_filters.ModelChoiceFilter):
    """A unit to filter by; its choices load as the user types when they are many (`core.lookups`).
    The API and every link keep sending the unit's id."""

    field_class = UnitFilterField


def _units_the_requester_can_see(request):
    return OrgUnit.objects.visible_to(request.user)


class OrgUnitFilter(FilterSet):
    """Filter units by name or code (ignoring case and accents), kind, parent or subtree.

    Closed units are left out unless `include_closed` is set. Pass `request` (its user decides
    which units may be named as parent or subtree) and optionally `day` (defaults to today)."""

    q = django_filters.CharFilter(
        label=_("Name or code"),
        method="filter_by_words",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. tai chinh, 503")}),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrgUnitKind.choices)
    parent = UnitFilter(label=_("Parent unit"), queryset=_units_the_requester_can_see)
    under = UnitFilter(label=_("Within"), queryset=_units_the_requester_can_see, method="filter_within")
    include_closed = django_filters.BooleanFilter(
        label=_("Include closed units"), method="keep_all", widget=forms.CheckboxInput
    )

    class Meta:
        model = OrgUnit
        fields = ["q", "kind", "parent", "under", "include_closed"]

    def __init__(self, data=None, queryset=None, *, request, day=None, **kwargs):
        self.day = day
        super().__init__(data, queryset, request=request, **kwargs)

    @property
    def is_searching(self) -> bool:
        """Whether anything beyond "include closed units" narrows the list."""
        if not self.is_bound or not self.form.is_valid():
            return False
        return any(self.form.cleaned_data.get(name) for name in ("q", "kind", "parent", "under"))

    def filter_by_words(self, queryset, name, value):
        """Units whose names or code — today's or former ones — match, and the units that took over
        from a unit that matches (`history.took_over_from_matching_q`)."""
        return queryset.filter(matching_q(value) | took_over_from_matching_q(value))

    def filter_within(self, queryset, name, unit):
        return queryset.filter(subtree_q(unit.path))

    def keep_all(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("include_closed"):
            queryset = queryset.not_closed_on(self.day)
        return queryset
