"""The rates pages: the league table of units, the "Tasks" panel of every org unit page (the unit's
results alone and with the units below it, as of today or the `as_of` day of the query string, with
the formulas in words), and the links from every count to the tasks behind it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolute.core import clock
from resolute.core.asof import AsOfForm
from resolute.core.csv_export import csv_response
from resolute.core.replica import reads_from_replica
from resolute.orgunits.forms import UnitChoiceField
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for

from ..rates import COUNTED_STATUSES, LeagueRow, league_table, unit_results
from ..status import silence_limit_days


def task_list_links(unit: OrgUnit, *, as_of: date, include_subtree: bool) -> dict[str, str]:
    """For each count of `UnitRates` (by its name), the task list showing exactly those tasks:
    the ones `unit` (with its subtree) leads that had that status on `as_of`."""
    query = {"unit": str(unit.pk), "role": "lead", "as_of": as_of.isoformat()}
    if include_subtree:
        query["include_below"] = "1"
    url = reverse("tasks:list")
    return {
        name: f"{url}?{urlencode({**query, 'status': status})}" for name, status in COUNTED_STATUSES.items()
    }


def league_url(unit: OrgUnit, *, as_of: date) -> str:
    return f"{reverse('tasks:league')}?{urlencode({'unit': str(unit.pk), 'as_of': as_of.isoformat()})}"


def units_with_sub_units(user):
    """Units the user may see that have at least one sub-unit: those a league table can compare."""
    children = OrgUnit.objects.filter(parent=OuterRef("pk"))
    return OrgUnit.objects.visible_to(user).filter(Exists(children)).order_by("path")


class LeagueForm(AsOfForm):
    unit = UnitChoiceField(
        label=_("Compare the units under"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a unit that you can see and that has sub-units.")},
    )

    field_order = ["unit", "as_of"]

    def __init__(self, data, *, user):
        self.user = user
        super().__init__(data)
        self.fields["unit"].queryset = units_with_sub_units(user)
        if not self.data.get("unit"):
            default = self.default_unit()
            self.data["unit"] = str(default.pk) if default else ""

    def default_unit(self) -> OrgUnit | None:
        """The highest unit with sub-units among those the user's roles cover (the province, for
        the province's office and leaders)."""
        units = self.fields["unit"].queryset
        covered = scope_for(self.user).own_unit_q()
        if covered is not None:
            units = units.filter(covered)
        return units.order_by("depth", "path").first()


@dataclass
class LeagueLine:
    """A row of the league table with the links its cells lead to."""

    row: LeagueRow
    links: dict[str, str]
    sub_units_league_url: str


def _percent(rate: float | None) -> Decimal | None:
    return None if rate is None else round(Decimal(str(rate)) * 100, 1)


def _league_csv(table, as_of: date):
    """The league table as the page shows it, with its two closing rows; rates as percentages."""
    header = [
        _("Rank"),
        _("Unit code"),
        _("Unit"),
        _("Fallen due"),
        _("Completed on time"),
        _("Completed late"),
        _("Overdue"),
        _("Completion rate (%)"),
        _("On-time rate (%)"),
    ]

    def line(rank, code, label, rates):
        return [
            rank,
            code,
            label,
            rates.fallen_due,
            rates.completed_on_time,
            rates.completed_late,
            rates.overdue,
            _percent(rates.completion_rate),
            _percent(rates.on_time_rate),
        ]

    rows = [line(row.rank, row.unit.code, str(row.unit), row.rates) for row in table.rows]
    if table.parent_alone and table.parent_alone.counted:
        itself = gettext("%(unit)s itself") % {"unit": table.parent}
        rows.append(line(None, table.parent.code, itself, table.parent_alone))
    rows.append(line(None, "", gettext("All together"), table.total))
    return csv_response(f"league-{table.parent.pk}-{as_of.isoformat()}", header, rows)


@login_required
@reads_from_replica
def league(request):
    """Units under a unit side by side: how many tasks fell due, how many were completed on time,
    late, or are overdue, and the rates, as of a day; each count links to its tasks."""
    form = LeagueForm(request.GET, user=request.user)
    context = {"form": form, "league": None}
    if form.is_valid() and form.cleaned_data["unit"] is not None:
        parent = form.cleaned_data["unit"]
        as_of = form.day()
        table = league_table(parent, as_of=as_of, user=request.user)
        if request.GET.get("format") == "csv":
            return _league_csv(table, as_of)
        lines = [
            LeagueLine(
                row=row,
                links=task_list_links(row.unit, as_of=as_of, include_subtree=True),
                sub_units_league_url=league_url(row.unit, as_of=as_of) if row.has_sub_units else "",
            )
            for row in table.rows
        ]
        visible_ancestors = parent.ancestors() & OrgUnit.objects.visible_to(request.user)
        context.update(
            league=table,
            lines=lines,
            as_of=as_of,
            is_today=as_of == clock.today(),
            parent_alone_links=task_list_links(parent, as_of=as_of, include_subtree=False),
            total_links=task_list_links(parent, as_of=as_of, include_subtree=True),
            ancestors=[
                (ancestor, league_url(ancestor, as_of=as_of))
                for ancestor in visible_ancestors.order_by("depth")
            ],
            sees_part_only=not scope_for(request.user).covers(parent),
        )
    return render(request, "tasks/league.html", context)


# -- the unit page's panel --------------------------------------------------------------------------


def _rows(columns: list[tuple]) -> list[tuple]:
    """The table's rows, (label, [(value, link or "") for each column]); `columns` holds
    (rates, links to the task list) for the unit alone and, when it has any, with its units."""
    silent = _("Without a deadline, no report for more than %(days)s days") % {"days": silence_limit_days()}
    counts = [
        (_("Fallen due"), "fallen_due"),
        (_("Completed on time"), "completed_on_time"),
        (_("Completed late"), "completed_late"),
        (_("Overdue"), "overdue"),
        (_("In progress within the deadline"), "in_progress"),
        (_("Without a deadline, reporting"), "reporting_without_deadline"),
        (silent, "silent_without_deadline"),
    ]
    rows = [
        (label, [(getattr(rates, name), links.get(name, "")) for rates, links in columns])
        for label, name in counts
    ]
    rows.append((_("Completion rate"), [(rates.completion_percent, "") for rates, links in columns]))
    rows.append((_("On-time rate"), [(rates.on_time_percent, "") for rates, links in columns]))
    return rows


def task_rates_panel(request, unit):
    """A panel of the unit page (see `contributions.py`); the page has checked that the user sees `unit`."""
    form = AsOfForm(request.GET, auto_id="task-rates-%s")
    as_of = form.day()
    results = unit_results(unit, as_of=as_of, user=request.user)
    alone, with_subtree, has_sub_units = results.alone, results.with_subtree, results.has_sub_units
    columns = [(alone, task_list_links(unit, as_of=as_of, include_subtree=False))]
    if has_sub_units:
        columns.append((with_subtree, task_list_links(unit, as_of=as_of, include_subtree=True)))
    return (
        "tasks/unit_rates_panel.html",
        {
            "unit": unit,
            "form": form,
            "as_of": as_of,
            "is_today": as_of == clock.today(),
            "has_sub_units": has_sub_units,
            "rows": _rows(columns),
            "alone": alone,
            "with_subtree": with_subtree,
            "league_url": league_url(unit, as_of=as_of) if has_sub_units else "",
            "sees_part_only": not scope_for(request.user).covers(unit),
        },
    )
