"""The "Tasks" panel on every org unit page: the unit's task results alone and with the units
below it, as of today or the `as_of` day in the query string, with the formulas in words."""

from django.utils.translation import gettext_lazy as _

from resolute.core import clock
from resolute.core.asof import AsOfForm
from resolute.orgunits.scope import scope_for

from .rates import unit_results
from .rates_views import league_url, task_list_links
from .status import silence_limit_days


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
