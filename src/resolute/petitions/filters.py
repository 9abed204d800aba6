"""The petition list's filters, shared by the list page, its export and the API.

The FilterSet starts from the petitions the user may read (`Petition.objects.visible_to`), annotates
each with the state of the deadline it owes on the day (`selectors.petitions.with_deadline_state`, in
SQL from `next_deadline`), and only then filters and sorts, so "late" or "due soon" are filters and
sorts of the database, not of Python.

Nothing here reads a petitioner: the words searched are in the code and the subject only.
"""

from datetime import date

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from resolute.core.asof import day_or_today, day_validators
from resolute.core.filters import FilterSet
from resolute.core.forms import iso_date_input
from resolute.core.pagination import year_in
from resolute.orgunits.filters import UnitFilter
from resolute.orgunits.models import OrgUnit

from .choices import PetitionKind, Stage
from .models import Petition
from .selectors.petitions import with_deadline_state
from .selectors.statistics import concerning, counted_under, in_standing


def capitalised(choices) -> list[tuple[str, str]]:
    """Choice labels as a picker shows them: the model's labels are written for mid-sentence use."""
    return [(value, capfirst(label)) for value, label in choices]


class DeadlineState:
    """The state of the deadline a petition owes on a day (the values of `deadline_state`)."""

    LATE = "late"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    CLOSED = "closed"

    choices = [
        (LATE, _("Late")),
        (DUE_SOON, _("Due within 5 working days")),
        (ON_TRACK, _("On track")),
        (CLOSED, _("Closed: nothing owed")),
    ]
    # The badge each state wears on the pages.
    badges = {LATE: "badge--bad", DUE_SOON: "badge--warn", ON_TRACK: "badge--ok", CLOSED: "badge--muted"}

    @classmethod
    def label(cls, value: str) -> str:
        return dict(cls.choices).get(value, value)


SORT_CHOICES = [
    ("next_deadline", _("Next deadline, soonest first")),
    ("-next_deadline", _("Next deadline, latest first")),
    ("-received_on", _("Received, newest first")),
    ("received_on", _("Received, oldest first")),
    ("code", _("Code")),
]
DEFAULT_SORT = "next_deadline"


def sort_petitions(queryset, sort: str):
    """Order by `sort` (one of SORT_CHOICES). Petitions that owe nothing (no next deadline) come last
    either way; ties end on the id, so pages never repeat or skip a petition."""
    descending = sort.startswith("-")
    key = sort.lstrip("-") or DEFAULT_SORT
    if key not in {value.lstrip("-") for value, _label in SORT_CHOICES}:
        key, descending = DEFAULT_SORT, False
    expression = F(key)
    first = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return queryset.order_by(first, F("id").desc() if descending else F("id").asc())


def receiving_units_seen(request):
    """The units that received a petition the user may read."""
    if request is None:
        return OrgUnit.objects.none()
    petitions = Petition.objects.visible_to(request.user)
    return OrgUnit.objects.filter(pk__in=petitions.values("received_by_unit")).order_by("path")


def competent_units_seen(request):
    """The units competent to settle a petition the user may read."""
    if request is None:
        return OrgUnit.objects.none()
    petitions = Petition.objects.visible_to(request.user).filter(handling_unit__isnull=False)
    return OrgUnit.objects.filter(pk__in=petitions.values("handling_unit")).order_by("path")


def units_seen(request):
    """The units the user may see, to narrow the list to an area."""
    if request is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.visible_to(request.user).order_by("path")


STANDING_CHOICES = [
    ("received", _("Received (a duplicate counted once)")),
    ("settled_on_time", _("Settled on time")),
    ("settled_late", _("Settled late")),
    ("closed_otherwise", _("Refused, forwarded or withdrawn")),
    ("open_within", _("Open within the deadline")),
    ("open_overdue", _("Open and overdue")),
]


def judged_on(data) -> date:
    """The day the list judges deadlines and standings on: `as_of` when the data gives a day, else today."""
    return day_or_today((data or {}).get("as_of"))


class PetitionFilter(FilterSet):
    """One FilterSet for the list page, the export and the API list.

    Always bound: with no data it still annotates the deadline state of today and sorts by the next
    deadline. `on_day` is the day "late" and "due soon" are judged on (today unless the caller says)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words in the code or subject")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=capitalised(PetitionKind.choices), empty_label=_("Any kind")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=capitalised(Stage.choices), empty_label=_("Any stage")
    )
    deadline_state = django_filters.ChoiceFilter(
        label=_("Deadline"), choices=DeadlineState.choices, empty_label=_("Any deadline")
    )
    received_by_unit = UnitFilter(
        label=_("Received by"), queryset=receiving_units_seen, empty_label=_("Any unit")
    )
    handling_unit = UnitFilter(
        label=_("Competent unit"), queryset=competent_units_seen, empty_label=_("Any unit")
    )
    received_from = django_filters.DateFilter(
        label=_("Received from"),
        field_name="received_on",
        lookup_expr="gte",
        widget=iso_date_input(),
        validators=day_validators(),
    )
    received_to = django_filters.DateFilter(
        label=_("Received to"),
        field_name="received_on",
        lookup_expr="lte",
        widget=iso_date_input(),
        validators=day_validators(),
    )
    year = django_filters.NumberFilter(
        label=_("Year received"),
        method="received_in_year",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "2025"}),
    )
    # The lists behind the figures (`selectors.statistics`): the petitions received by or handled in a
    # unit's area (or in the unit alone), those counted under a unit of its breakdown, and those in a
    # standing on the day judged (`as_of`).
    area = UnitFilter(
        label=_("Received or handled in"),
        queryset=units_seen,
        method="in_area",
        empty_label=_("Any unit"),
    )
    alone = django_filters.BooleanFilter(
        label=_("That unit alone, not the units below it"), method="sorted_later", widget=forms.CheckboxInput
    )
    under = UnitFilter(
        label=_("Counted under"), queryset=units_seen, method="in_breakdown", empty_label=_("Any unit")
    )
    standing = django_filters.ChoiceFilter(
        label=_("Standing"), choices=STANDING_CHOICES, method="in_standing", empty_label=_("Any standing")
    )
    as_of = django_filters.DateFilter(
        label=_("Judged on"), method="sorted_later", widget=iso_date_input(), validators=day_validators()
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="sorted_later", empty_label=None
    )

    class Meta:
        model = Petition
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, on: date | None = None, **kwargs):
        self.on_day = on or judged_on(data)
        if queryset is None:
            user = getattr(request, "user", None)
            queryset = Petition.objects.visible_to(user) if user is not None else Petition.objects.none()
        queryset = with_deadline_state(queryset, self.on_day)
        super().__init__(data if data is not None else {}, queryset, request=request, **kwargs)

    # -- filtering ------------------------------------------------------------------------------

    def search(self, queryset, name, value):
        """Every word in the code or the subject (never the petitioner, never the content)."""
        for word in value.split():
            queryset = queryset.filter(Q(code__icontains=word) | Q(subject__icontains=word))
        return queryset

    def received_in_year(self, queryset, name, value):
        # A range on the day keeps the index on (kind, received_on) usable; the year is bounded so a
        # typed 99999 reads the last year kept rather than failing.
        year = year_in(value, default=self.on_day.year)
        return queryset.filter(received_on__gte=date(year, 1, 1), received_on__lte=date(year, 12, 31))

    def in_area(self, queryset, name, value):
        return concerning(queryset, value, include_subtree=not self.form.cleaned_data.get("alone"))

    def in_breakdown(self, queryset, name, value):
        return counted_under(queryset, self.form.cleaned_data.get("area"), value)

    def in_standing(self, queryset, name, value):
        return in_standing(queryset, value, self.on_day)

    def sorted_later(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return sort_petitions(queryset, self.form.cleaned_data.get("sort") or DEFAULT_SORT)

    # -- what the list says about itself -------------------------------------------------------

    @property
    def current_sort(self) -> str:
        self.errors  # noqa: B018 — cleans the form once
        return self.form.cleaned_data.get("sort") or DEFAULT_SORT

    def applied(self) -> list[tuple[str, str | date]]:
        """(label, value as the user reads it) of every filter in use, for the export's About sheet;
        dates stay dates."""
        self.errors  # noqa: B018
        rows = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if value in (None, "") or name == "sort":
                continue
            if hasattr(value, "pk"):
                value = str(value)
            elif hasattr(field, "choices"):
                value = dict(field.choices).get(value, value)
            elif not isinstance(value, date):
                value = str(int(value)) if name == "year" else str(value)
            rows.append((str(field.label), value))
        return rows
