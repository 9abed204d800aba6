"""The user list's filters: search, unit subtree, role and status."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from resolute.core.filters import FilterSet
from resolute.orgunits.filters import UnitFilter
from resolute.orgunits.models import OrgUnit

from .forms import role_choices, units_administered_by
from .models import User


def _units_administered(request):
    """Every unit, closed ones too, where the requester administers the people."""
    if request is None:
        return OrgUnit.objects.none()
    return units_administered_by(request.user, open_only=False)


class UserFilter(FilterSet):
    ACTIVE = "active"
    DEACTIVATED = "deactivated"

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("User name, name or e-mail")}),
    )
    unit = UnitFilter(
        label=_("In unit"),
        queryset=_units_administered,
        method="filter_membership",
        empty_label=_("Any unit"),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=role_choices, method="filter_membership", empty_label=_("Any role")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ACTIVE, _("Active")), (DEACTIVATED, _("Deactivated"))],
        method="filter_status",
        empty_label=_("Any status"),
    )

    class Meta:
        model = User
        fields = ["q", "unit", "role", "status"]

    def filter_text(self, queryset, name, value):
        return queryset.matching(value)

    def filter_membership(self, queryset, name, value):
        # Unit and role are applied together in filter_queryset, so that both hold for one membership.
        return queryset

    def filter_status(self, queryset, name, value):
        if value == self.ACTIVE:
            return queryset.filter(is_active=True)
        if value == self.DEACTIVATED:
            return queryset.filter(is_active=False)
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        unit, role = self.form.cleaned_data.get("unit"), self.form.cleaned_data.get("role")
        if unit is not None or role:
            queryset = queryset.with_membership(unit=unit, role=role or "")
        return queryset
