"""The task list's filters, shared by the list page, the Excel export and the API.

Every status column is "as of" one day (default today): the FilterSet starts from the tasks the
user may see, annotates them with `Task.objects.as_of(day)` and only then filters and sorts, so
filtering and sorting by status happen in SQL on the annotations.
"""

from datetime import date

import django_filters
from django import forms
from django.db.models import Case, DateField, Exists, F, OuterRef, Q, Value, When
from django.db.models import IntegerField as IntegerOutput
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from resolute.accounts.models import User
from resolute.core import clock
from resolute.core.asof import day_validators
from resolute.core.filters import FilterSet
from resolute.core.widgets import FastSelect
from resolute.directives.filters import DocumentChoiceFilter
from resolute.directives.models import Document
from resolute.orgunits.filters import UnitFilter
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q
from resolute.orgunits.scope import scope_for

from . import holders
from .models import Task, TaskArea, TaskCoordination
from .querysets import StatusRules
from .rates import StatusCounts, count_by_status
from .status import OverdueAge, TaskStatus
from .tally import counted_from_coordinations, counted_from_tally


def capitalised(choices) -> list[tuple[str, str]]:
    """Choice labels as a picker shows them: the model's labels are written for mid-sentence use."""
    return [(value, capfirst(label)) for value, label in choices]


def iso_date_input():
    # A browser date picker sends and expects YYYY-MM-DD whatever the interface language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitRole:
    """Which part a unit plays in the tasks the unit filter keeps."""

    LEAD = "lead"
    COORDINATING = "coordinating"
    EITHER = "either"

    choices = [
        (LEAD, _("Leads")),
        (COORDINATING, _("Coordinates")),
    ]


class UnitPart:
    """The two parts, without overlap, of the tasks a unit leads or coordinates."""

    LEADS = "leads"
    ONLY_COORDINATES = "only_coordinates"


# The order "status" sorts by: what needs attention first.
STATUS_URGENCY = [
    TaskStatus.OVERDUE,
    TaskStatus.NO_DEADLINE_SILENT,
    TaskStatus.IN_PROGRESS,
    TaskStatus.NO_DEADLINE,
    TaskStatus.COMPLETED_LATE,
    TaskStatus.COMPLETED_ON_TIME,
    TaskStatus.CANCELLED,
]

SORT_CHOICES = [
    ("deadline", _("Deadline, soonest first")),
    ("-deadline", _("Deadline, latest first")),
    ("status", _("Status, most urgent first")),
    ("-status", _("Status, most urgent last")),
    ("lead_unit", _("Lead unit, in the order of the tree")),
    ("-lead_unit", _("Lead unit, in reverse order of the tree")),
    ("assigned_on", _("Assigned on, oldest first")),
    ("-assigned_on", _("Assigned on, newest first")),
]
DEFAULT_SORT = "deadline"


def status_urgency():
    """An integer per status, smallest for what needs attention first (see STATUS_URGENCY)."""
    return Case(
        *[When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_URGENCY)],
        output_field=IntegerOutput(),
    )


def sort_tasks(queryset, sort: str):
    """Order by `sort` (one of SORT_CHOICES); ties end on the deadline and the id, so pages never
    repeat or skip a task. Tasks without a deadline come last either way."""
    descending = sort.startswith("-")
    key = sort.lstrip("-") or DEFAULT_SORT

    def direction(expression):
        return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)

    if key == "status":
        queryset = queryset.alias(status_urgency=status_urgency())
        first = [direction(F("status_urgency")), F("deadline_as_of").asc(nulls_last=True)]
    elif key == "lead_unit":
        first = [direction(F("lead_unit__path")), F("deadline_as_of").asc(nulls_last=True)]
    elif key == "assigned_on":
        first = [direction(F("assigned_on"))]
    else:
        first = [direction(F("deadline_as_of"))]
    tie_break = F("id").desc() if descending else F("id").asc()
    return queryset.order_by(*first, tie_break)


def visible_units(request):
    if request is None:
        return OrgUnit.objects.none()
    # Only what the choice's label and the unit filter read: a country has thousands of units.
    return (
        OrgUnit.objects.visible_to(request.user)
        .order_by("path")
        .only("name", "name_en", "code", "depth", "path", "parent_id")
    )


def source_documents(request):
    """Documents the user can read that at least one task they can see came from."""
    if request is None:
        return Document.objects.none()
    # Asked per document (through the index of tasks by source document), not as "every document
    # among the sources of every visible task", which reads every task.
    sourced = Task.objects.visible_to(request.user).filter(source_document=OuterRef("pk"))
    # Only what the choice's label reads: a country has thousands of documents, each with its text.
    return (
        Document.objects.visible_to(request.user)
        .filter(Exists(sourced))
        .only("number", "title", "issued_on")
        .order_by("-issued_on", "-id")
    )


def supervising_leaders(request):
    """People who supervise at least one task the user can see."""
    if request is None:
        return User.objects.none()
    supervised = Task.objects.visible_to(request.user).filter(supervising_leader=OuterRef("pk"))
    return User.objects.filter(Exists(supervised)).order_by("full_name", "username")


class TaskFilter(FilterSet):
    """One FilterSet for the list page, the export and the API list.

    Always bound: with no data it still annotates the status as of today and sorts by deadline.
    `as_of_day` is the day every status is judged on; `status_counts()` counts the tasks of each
    status under the other filters (one aggregate query).
    """

    as_of = django_filters.DateFilter(
        label=_("As of"),
        method="applied_in_filter_queryset",
        widget=iso_date_input(),
        validators=day_validators(),
        help_text=_("Show every task as it stood on this day."),
    )
    unit = UnitFilter(
        label=_("Unit"),
        queryset=visible_units,
        method="applied_in_filter_queryset",
        empty_label=_("Any unit"),
    )
    include_below = django_filters.BooleanFilter(
        label=_("Include units below"), method="applied_in_filter_queryset", widget=forms.CheckboxInput
    )
    role = django_filters.ChoiceFilter(
        label=_("The unit"),
        choices=UnitRole.choices,
        method="applied_in_filter_queryset",
        empty_label=_("Leads or coordinates"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=capitalised(TaskStatus.choices),
        empty_label=_("Any status"),
        method="in_status",
    )
    overdue_age = django_filters.ChoiceFilter(
        label=_("Overdue by"),
        choices=OverdueAge.choices,
        empty_label=_("Any overdue age"),
        method="overdue_by",
    )
    area = django_filters.ChoiceFilter(
        label=_("Area"), choices=capitalised(TaskArea.choices), empty_label=_("Any area")
    )
    source_document = DocumentChoiceFilter(
        label=_("Source document"), queryset=source_documents, empty_label=_("Any document")
    )
    deadline_from = django_filters.DateFilter(
        label=_("Deadline from"), field_name="deadline_as_of", lookup_expr="gte", widget=iso_date_input()
    )
    deadline_to = django_filters.DateFilter(
        label=_("Deadline to"), field_name="deadline_as_of", lookup_expr="lte", widget=iso_date_input()
    )
    supervising_leader = django_filters.ModelChoiceFilter(
        label=_("Supervising leader"),
        queryset=supervising_leaders,
        empty_label=_("Any leader"),
        widget=FastSelect,
    )
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words in the title or text")}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="applied_in_filter_queryset", empty_label=None
    )

    # Filters that narrow by status; the counts by status ignore them, so each count says how
    # many tasks choosing that status would show.
    STATUS_FILTERS = ("status", "overdue_age")

    class Meta:
        model = Task
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        # Without a query-set of the caller's, the tasks are those the user may see; the condition
        # is added in `filter_queryset`, where it can be left out when the unit filter implies it.
        self.keeps_to_visible = queryset is None and request is not None
        self._subtree_ids: dict[int, list[int]] = {}
        if self.keeps_to_visible:
            queryset = Task.objects.all()
        super().__init__(data if data is not None else {}, queryset, request=request, **kwargs)

    # -- the day every status is judged on ------------------------------------------------------

    @property
    def as_of_day(self) -> date:
        self.errors  # noqa: B018 — cleans the form once
        return self.form.cleaned_data.get("as_of") or clock.today()

    @property
    def is_today(self) -> bool:
        return self.as_of_day == clock.today()

    # -- filtering ------------------------------------------------------------------------------

    def applied_in_filter_queryset(self, queryset, name, value):
        # The day, the unit (with its role and subtree) and the order apply together below.
        return queryset

    def in_status(self, queryset, name, value):
        # A condition on the columns rather than on the `status` annotation, so that the database
        # can use its indexes (see `querysets.StatusRules`).
        return queryset.in_status(value, self.as_of_day)

    def overdue_by(self, queryset, name, value):
        return queryset.overdue_by(value, self.as_of_day)

    def search(self, queryset, name, value):
        """Every word in the title, the description or the quoted clause."""
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Q(source_text__icontains=word)
            )
        return queryset

    def filter_queryset(self, queryset, *, skip: tuple[str, ...] = (), unit_part: str | None = None):
        """Every filter but those in `skip`; `unit_part` keeps one part of what the unit filter
        keeps when the unit may lead or coordinate (see `UnitPart`)."""
        data = self.form.cleaned_data
        day = self.as_of_day
        if self.keeps_to_visible and not self.unit_filter_implies_visibility(data):
            queryset = queryset.visible_to(self.request.user)
        queryset = queryset.as_of(day).annotate(as_of_day=Value(day, output_field=DateField()))
        for name, value in data.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        by_status = not set(skip) & set(self.STATUS_FILTERS)
        queryset = self.filter_by_unit(queryset, data, unit_part, by_status=by_status)
        return sort_tasks(queryset, data.get("sort") or DEFAULT_SORT)

    def unit_filter_implies_visibility(self, data) -> bool:
        """Whether every task the unit filter keeps is one the user may see: the user covers the
        unit (and so the units below it), and the filter reads today's leads and coordinating
        units — each of which lies in the user's scope. The visibility condition is an OR over
        three relations that no index serves; on a large instance it costs more than the rest of
        the list, so it is left out where it changes nothing."""
        unit = data.get("unit")
        if unit is None:
            return False
        day = data.get("as_of")
        if day is not None and holders.changed_after(day):
            return False
        return scope_for(self.request.user).covers(unit)

    def filter_by_unit(self, queryset, data, part: str | None = None, *, by_status: bool = True):
        """The tasks the unit (with the units below it) leads or coordinates — or, with `part`, only
        those it leads, or only those it coordinates without leading them. Given an `as_of` day, the
        unit's area and the leads and coordinating units of that day, across a reorganisation
        (`holders`); today's tree otherwise."""
        unit = data.get("unit")
        if unit is None:
            return queryset
        role = data.get("role") or UnitRole.EITHER
        include_below = bool(data.get("include_below"))
        day = data.get("as_of")
        if day is not None and holders.changed_after(day):
            led = holders.led_by(Task.objects.all(), unit, day, include_subtree=include_below).values("pk")
            lead = Q(pk__in=led)
            coordinates = holders.coordinated_by_q(unit, day, include_subtree=include_below)
        else:
            units = self.unit_ids(unit, include_below)
            lead = Q(lead_unit__in=units)
            coordinations = TaskCoordination.objects.filter(unit__in=units)
            if by_status:
                coordinations = self.coordinations_kept(coordinations, data)
            coordinates = Q(pk__in=coordinations.values("task_id"))
            if part == UnitPart.ONLY_COORDINATES and role == UnitRole.EITHER:
                # The coordinations carry their task's lead unit: those led outside the units are an
                # index range of the coordinations, and the task table is read only for those.
                only = coordinations.exclude(lead_unit__in=units)
                return queryset.filter(pk__in=only.values("task_id"))
        if role == UnitRole.LEAD:
            return queryset.filter(lead)
        if role == UnitRole.COORDINATING:
            return queryset.filter(coordinates)
        if part == UnitPart.LEADS:
            return queryset.filter(lead)
        if part == UnitPart.ONLY_COORDINATES:
            return queryset.filter(coordinates).exclude(lead)
        return queryset.filter(lead | coordinates)

    def unit_ids(self, unit, include_below: bool) -> list[int]:
        """The ids of `unit` and, with `include_below`, of every unit below it. By their ids, not by a
        join on their paths: the database then knows how many tasks they lead (from its statistics
        of the lead unit column) and picks an index. Read once for the list, whose counts and page
        each filter by them."""
        if not include_below:
            return [unit.pk]
        if unit.pk not in self._subtree_ids:
            self._subtree_ids[unit.pk] = list(
                OrgUnit.objects.filter(subtree_q(unit.path)).values_list("pk", flat=True)
            )
        return self._subtree_ids[unit.pk]

    def coordinations_kept(self, coordinations, data):
        """`coordinations` narrowed, today, by the status filters on the copies of the task's
        columns they carry (the list filters the tasks again): the coordinated tasks of a status
        are then a range of the coordinations' index rather than every coordination of the units."""
        if not self.is_today:
            return coordinations
        rules = StatusRules(self.as_of_day)
        if data.get("status"):
            coordinations = coordinations.filter(rules.status_q(data["status"]))
        if data.get("overdue_age"):
            coordinations = coordinations.filter(rules.overdue_age_q(data["overdue_age"]))
        return coordinations

    def counted_in_parts(self) -> bool:
        """Whether the unit filter keeps what a unit leads or coordinates: one condition with an OR
        across two tables, which no index serves, so the counts add up its two parts instead."""
        data = self.form.cleaned_data
        return data.get("unit") is not None and (data.get("role") or UnitRole.EITHER) == UnitRole.EITHER

    def rows(self, *units: str):
        """The list's tasks with the units named in `units` (relations of the task) fetched with them.
        Today they are joined. A past day's rows read them in a query of their own, after the page's
        tasks: the database cannot tell how many tasks the replayed day's conditions keep, and, guessing
        a handful, would join every unit of the country to each of them; and its last reports are read
        for the page alone (`last_reports_read_after_fetch`)."""
        if self.is_today:
            return self.qs.select_related(*units)
        return self.qs.prefetch_related(*units).last_reports_read_after_fetch()

    # -- summaries ------------------------------------------------------------------------------

    def status_counts(self) -> dict[str, int]:
        """How many tasks of each status (and each overdue age) the other filters keep, in one
        query grouped by status and age: {status or overdue age code: count, "total": count}."""
        self.errors  # noqa: B018
        parts = (UnitPart.LEADS, UnitPart.ONLY_COORDINATES) if self.counted_in_parts() else (None,)
        counts = sum((self.counted_part(part) for part in parts), StatusCounts())
        return {**counts.by_status, **counts.by_overdue_age, "total": counts.total}

    # The filters the counts can be read without the tasks under; with any other, they read the tasks.
    KEPT_FILTERS = ("as_of", "unit", "include_below", "role", "sort", *STATUS_FILTERS)

    def counted_part(self, part: str | None) -> StatusCounts:
        kept = self.counted_from_what_is_kept(part)
        if kept is not None:
            return kept
        return count_by_status(
            self.filter_queryset(self.queryset.all(), skip=self.STATUS_FILTERS, unit_part=part)
        )

    def counted_from_what_is_kept(self, part: str | None) -> StatusCounts | None:
        """Today's counts of the tasks the list keeps, read from what is kept beside them when the
        list filters by nothing else than the unit, its role and the status: from the tally of the
        lead units (every task, for whoever sees every unit; what a unit leads), or from the copies
        on the coordinations (what it coordinates). None when the tasks must be read."""
        data = self.form.cleaned_data
        others = [name for name, value in data.items() if value and name not in self.KEPT_FILTERS]
        if others or not (self.keeps_to_visible and self.is_today):
            return None
        unit = data.get("unit")
        if unit is None:
            return (
                counted_from_tally(self.as_of_day) if scope_for(self.request.user).covers_every_unit else None
            )
        if not self.unit_filter_implies_visibility(data):
            return None
        units = self.unit_ids(unit, bool(data.get("include_below")))
        role = data.get("role") or UnitRole.EITHER
        if role == UnitRole.LEAD or part == UnitPart.LEADS:
            return counted_from_tally(self.as_of_day, units)
        if role == UnitRole.COORDINATING:
            return counted_from_coordinations(self.as_of_day, units, leading_excluded=False)
        if part == UnitPart.ONLY_COORDINATES:
            return counted_from_coordinations(self.as_of_day, units, leading_excluded=True)
        return None

    def count_from(self, counts: dict[str, int]) -> int:
        """How many tasks the list keeps, read from its `status_counts()` (which count under every
        filter but the status ones): the list need not be counted again."""
        data = self.form.cleaned_data
        status, age = data.get("status"), data.get("overdue_age")
        if age:
            return counts[age] if status in (None, "", TaskStatus.OVERDUE) else 0
        if status:
            return counts[status]
        return counts["total"]

    def applied(self) -> list[tuple[str, str | date]]:
        """(label, value as the user reads it) of every filter in use but the day, for the
        export's About sheet; dates stay dates."""
        self.errors  # noqa: B018
        rows = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if value in (None, "", False) or name == "as_of":
                continue
            if hasattr(value, "pk"):
                value = str(value)
            elif hasattr(field, "choices"):
                value = dict(field.choices).get(value, value)
            elif value is True:
                value = str(_("yes"))
            rows.append((str(field.label), value if isinstance(value, date) else str(value)))
        return rows
