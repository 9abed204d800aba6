"""The filters of the oversight lists, shared by the pages and the API.

`RecommendationFilter` keeps the recommendations a user reads that are in force on a day (assigned by
then, not withdrawn) by what they ask for (`kind`), where they stand that day (`state`, `overdue`:
derived in SQL by `selectors.recommendations_with_state`), who looked (`body`: a unit's id or a named
body's name, as the ledger keys its rows; `oversight_kind`), who must act (`unit`: the unit responsible
alone; `area`: the units under a unit on that day), the conclusion (`oversight`) and words (`q`: the
recommendation's text or number, the conclusion's number, title or subject, the inspecting body's
name). It reads through `selectors.filter_recommendations`, so the list counts exactly what a row of
the ledger counts: each figure of the ledger links here with the filters that make it up.

`OversightFilter` keeps the conclusions by kind, inspecting body and words.
"""

from datetime import date

import django_filters
from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from resolute.core import clock
from resolute.core.asof import day_validators
from resolute.core.filters import FilterSet
from resolute.core.forms import iso_date_input
from resolute.orgunits.filters import UnitFilter
from resolute.orgunits.models import OrgUnit

from .choices import OversightKind, RecommendationKind, RecommendationState
from .models import Oversight, Recommendation
from .selectors import filter_recommendations, visible_oversights


def capitalised(choices) -> list[tuple[str, str]]:
    """Choice labels as a picker shows them: the model's labels are written for mid-sentence use."""
    return [(value, capfirst(label)) for value, label in choices]


# -- the inspecting body -------------------------------------------------------------------------------


def body_key(*, unit_id: int | None, name: str) -> str:
    """How `?body=` names an inspecting body, as the ledger keys it: a unit of the tree by its id, else
    its name."""
    return str(unit_id) if unit_id else name


def body_q(key: str, prefix: str = "") -> Q:
    """The oversights (or, with `prefix`, the records through one) of the inspecting body `key` names."""
    if key.isdigit():
        return Q(**{f"{prefix}inspecting_unit_id": int(key)})
    return Q(**{f"{prefix}inspecting_unit__isnull": True, f"{prefix}inspecting_body_name": key})


def inspecting_bodies(user) -> list[tuple[str, str]]:
    """The inspecting bodies of the conclusions the user reads, as a picker offers them: two queries."""
    oversights = Oversight.objects.visible_to(user).order_by()
    unit_ids = oversights.filter(inspecting_unit__isnull=False).values("inspecting_unit_id")
    units = [
        (body_key(unit_id=unit.pk, name=""), str(unit)) for unit in OrgUnit.objects.filter(pk__in=unit_ids)
    ]
    names = (
        oversights.filter(inspecting_unit__isnull=True)
        .exclude(inspecting_body_name="")
        .values_list("inspecting_body_name", flat=True)
        .distinct()
    )
    bodies = units + [(body_key(unit_id=None, name=name), name) for name in names]
    return sorted(bodies, key=lambda body: body[1].casefold())


class BodyFilter(django_filters.ChoiceFilter):
    """An inspecting body among those of the conclusions the user reads (`?body=12`, a unit's id, or
    `?body=Kiểm toán nhà nước khu vực III`); the picker is filled per request (`with_bodies`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=[], **kwargs)

    def filter(self, queryset, value):
        return queryset.filter(body_q(value)) if value else queryset


def with_bodies(filterset, request) -> None:
    """Fill the body picker with the bodies the user reads."""
    if request is not None:
        filterset.filters["body"].extra["choices"] = [
            ("", _("Any inspecting body")),
            *inspecting_bodies(request.user),
        ]


def _units_of(request):
    return OrgUnit.objects.visible_to(request.user).order_by("path") if request else OrgUnit.objects.none()


def _oversights_of(request):
    if request is None:
        return Oversight.objects.none()
    return Oversight.objects.visible_to(request.user).select_related("document")


class OversightChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, oversight):
        return str(oversight.document)


class OversightChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = OversightChoiceField


# -- the recommendations ------------------------------------------------------------------------------

SORT_CHOICES = [
    ("issued", _("Conclusion, newest first")),
    ("deadline", _("Deadline, earliest first")),
    ("unit", _("Unit responsible")),
]
DEFAULT_SORT = "issued"
SORTS = {
    "issued": ("-oversight__document__issued_on", "oversight_id", "pk"),
    "deadline": ("task__deadline", "pk"),
    "unit": ("task__lead_unit__path", "-oversight__document__issued_on", "pk"),
}


class RecommendationFilter(FilterSet):
    """The recommendations the user reads in force on `as_of` (today by default), where each stands
    that day; see the module. Always bound; `qs` is annotated with `state`, `is_overdue` and
    `recovered`. It reads from what the requesting user sees, whatever queryset it is given."""

    q = django_filters.CharFilter(
        label=_("Words or number"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 12/KL-TTr, thu hồi")}),
    )
    as_of = django_filters.DateFilter(
        label=_("As of"),
        method="read_in_filter_queryset",
        widget=iso_date_input(),
        validators=day_validators(),
        help_text=_("Where each recommendation stood on this day."),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=capitalised(RecommendationState.choices),
        method="read_in_filter_queryset",
        empty_label=_("Any state"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="read_in_filter_queryset", widget=forms.CheckboxInput
    )
    body = BodyFilter(label=_("Inspecting body"), method="read_in_filter_queryset", empty_label=None)
    unit = UnitFilter(
        label=_("Unit responsible"),
        queryset=_units_of,
        method="read_in_filter_queryset",
        empty_label=_("Any unit"),
        help_text=_("The unit leading the recommendation's task, alone."),
    )
    area = UnitFilter(
        label=_("In the area of"),
        queryset=_units_of,
        method="read_in_filter_queryset",
        empty_label=_("Anywhere"),
        help_text=_("Led by the unit or a unit under it on the day."),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Asks for"),
        choices=capitalised(RecommendationKind.choices),
        method="read_in_filter_queryset",
        empty_label=_("Anything"),
    )
    oversight_kind = django_filters.ChoiceFilter(
        label=_("Kind of oversight"),
        field_name="oversight__kind",
        choices=capitalised(OversightKind.choices),
        empty_label=_("Any kind"),
    )
    oversight = OversightChoiceFilter(
        label=_("Conclusion"), queryset=_oversights_of, method="read_in_filter_queryset", empty_label=_("Any")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="read_in_filter_queryset", empty_label=None
    )

    class Meta:
        model = Recommendation
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        self.user = request.user if request is not None else None
        if queryset is None:
            queryset = Recommendation.objects.visible_to(self.user)
        super().__init__(data if data is not None else {}, queryset, request=request, **kwargs)
        with_bodies(self, request)

    @property
    def cleaned(self) -> dict:
        self.errors  # noqa: B018 — cleans the form once
        return getattr(self.form, "cleaned_data", {})

    @property
    def as_of_day(self) -> date:
        return self.cleaned.get("as_of") or clock.today()

    @property
    def is_today(self) -> bool:
        return self.as_of_day == clock.today()

    def read_in_filter_queryset(self, queryset, name, value):
        return queryset

    def search(self, queryset, name, value):
        """Every word in the recommendation (its text, number), its conclusion (number, title,
        subject) or the inspecting body's name."""
        for word in value.split():
            queryset = queryset.filter(
                Q(task__title__icontains=word)
                | Q(label__icontains=word)
                | Q(oversight__document__number__icontains=word)
                | Q(oversight__document__title__icontains=word)
                | Q(oversight__subject__icontains=word)
                | Q(oversight__inspecting_body_name__icontains=word)
            )
        return queryset

    def filter_queryset(self, queryset):
        data = self.cleaned
        kept = filter_recommendations(
            self.user,
            on=self.as_of_day,
            oversight=data.get("oversight"),
            body=data.get("body") or None,
            unit=data.get("unit"),
            area=data.get("area"),
            kind=data.get("kind") or "",
            state=data.get("state") or "",
            # An unticked box keeps every recommendation, not only those on time.
            overdue=True if data.get("overdue") else None,
        )
        for name, value in data.items():
            kept = self.filters[name].filter(kept, value)
        return kept.order_by(*SORTS[data.get("sort") or DEFAULT_SORT])

    def applied(self) -> list[tuple[str, str]]:
        """(label, value) of each filter in use, as the Excel file's About sheet lists them."""
        applied = []
        for name, value in self.cleaned.items():
            if value in (None, "", False) or name in ("sort", "as_of"):
                continue
            field = self.form.fields[name]
            if not hasattr(value, "pk") and hasattr(field, "choices"):
                value = dict(field.choices).get(value, value)
            applied.append((str(field.label), str(value)))
        return applied


# -- the oversights -----------------------------------------------------------------------------------


class OversightFilter(FilterSet):
    """The conclusions the user reads, by kind, inspecting body and words, newest first."""

    q = django_filters.CharFilter(
        label=_("Words or number"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 15/KL-TTr, đất đai")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of oversight"), choices=capitalised(OversightKind.choices), empty_label=_("Any kind")
    )
    body = BodyFilter(label=_("Inspecting body"), empty_label=None)

    class Meta:
        model = Oversight
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        if queryset is None:
            queryset = visible_oversights(request.user if request is not None else None)
        super().__init__(data if data is not None else {}, queryset, request=request, **kwargs)
        with_bodies(self, request)

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(document__number__icontains=word)
                | Q(document__title__icontains=word)
                | Q(subject__icontains=word)
                | Q(inspecting_body_name__icontains=word)
            )
        return queryset

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).order_by("-document__issued_on", "-pk")


__all__ = [
    "DEFAULT_SORT",
    "SORT_CHOICES",
    "OversightFilter",
    "RecommendationFilter",
    "body_key",
    "body_q",
    "inspecting_bodies",
]
