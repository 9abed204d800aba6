"""The one filter over org units, shared by the tree page's search and the API list."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from resolute.core.filters import FilterSet
from resolute.core.widgets import FastSelect

from .forms import unit_choice_label
from .history import took_over_from_matching_q
from .models import OrgUnit, OrgUnitKind
from .querysets import subtree_q
from .search import matching_q


class UnitFilterField(django_filters.fields.ModelChoiceField):
    """The unit choice of a filter form: the same list and labels as UnitChoiceField."""

    widget = FastSelect

    def label_from_instance(self, unit):
        return unit_choice_label(unit)


class UnitFilter(django_filters.ModelChoiceFilter):
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
