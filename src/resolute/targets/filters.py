"""The filters of the target list, shared by the page and anything that lists targets.

Document, area, unit and indicator narrow the targets in SQL. A status is derived from values on a
day (`as_of`, today by default), so the status filter is applied to the evaluated targets by
`keep_status`.
"""

from datetime import date

import django_filters
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from resolute.core.asof import day_or_today, day_validators
from resolute.core.filters import FilterSet
from resolute.core.forms import iso_date_input
from resolute.directives.filters import DocumentChoiceFilter
from resolute.directives.models import Document
from resolute.orgunits.filters import UnitFilter
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q

from .models import Indicator, Target
from .status import TargetStatus


def _documents(request):
    return Document.objects.visible_to(request.user).filter(targets__isnull=False).distinct()


def _units(request):
    return OrgUnit.objects.visible_to(request.user)


def _indicators(request):
    return Indicator.objects.visible_to(request.user)


class TargetFilter(FilterSet):
    document = DocumentChoiceFilter(label=_("Document"), queryset=_documents)
    unit = UnitFilter(
        label=_("Unit"),
        queryset=_units,
        method="filter_within",
        help_text=_("Its targets and those of the units below it."),
    )
    area = django_filters.ChoiceFilter(label=_("Area"), choices=[])
    indicator = django_filters.ModelChoiceFilter(label=_("Indicator"), queryset=_indicators)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(value, capfirst(label)) for value, label in TargetStatus.choices],
        method="keep_all",
    )
    as_of = django_filters.DateFilter(
        label=_("As of"),
        method="keep_all",
        widget=iso_date_input(),
        validators=day_validators(),
        help_text=_("The day the statuses are judged on; today when empty."),
    )

    class Meta:
        model = Target
        fields = ["document", "area", "unit", "indicator", "status", "as_of"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # The areas offered are those of the targets the user can see.
        areas = (
            Target.objects.visible_to(request.user).exclude(area="").values_list("area", flat=True).distinct()
            if request is not None
            else []
        )
        self.filters["area"].extra["choices"] = [(area, area) for area in sorted(areas)]

    def filter_within(self, queryset, name, unit):
        """The targets of the unit and of every unit below it."""
        return queryset.filter(subtree_q(unit.path, field="unit__path")) if unit else queryset

    def keep_all(self, queryset, name, value):
        # Applied after evaluation (a status is not a column) or read by the view (the day).
        return queryset

    def _cleaned(self, name):
        if not self.is_bound or not self.form.is_valid():
            return None
        return self.form.cleaned_data.get(name)

    @property
    def judged_on(self) -> date:
        return day_or_today(self._cleaned("as_of"))

    @property
    def wanted_status(self) -> str:
        return self._cleaned("status") or ""

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.Meta.fields)

    def keep_status(self, evaluated_targets: list) -> list:
        """The evaluated targets whose status is the one asked for (all of them when none is)."""
        wanted = self.wanted_status
        if not wanted:
            return evaluated_targets
        return [row for row in evaluated_targets if row.evaluation.status == wanted]
