"""The disbursement reports an investor owes under a reporting regime of the kind "disbursement of the
investor's projects" (contributed to `reporting` as a `core.contributions.ReportedWork`), so the
compliance table, the follow-up board and the urging ladder chase them like any other report.

For each period of the regime, a unit owes one report for each project it invests in — its investor on
the last day of the period's window (rule 8: a project handed over later still counts for the unit
that held it then) — that has a plan above 0 in the year of that day (the decisions of that year's
plans taken by then) and is neither completed nor suspended. The report arrived on the day (local
time) the first disbursement report of that project was submitted whose figures are counted to the
window's first day or later: a report of last month's figures sent this month does not answer this
month's window.

Three queries for any number of units, projects and periods: the projects with their investor of each
window's last day, their plans of each window's year, and the first arrival of each window.
"""

from datetime import date

from django.db.models import Min, Q, Sum
from django.utils import timezone

from resolute.reporting.selectors.obligations import Receipt, ReceivedItem

from ..choices import HandoverRole, ProjectStatus
from ..models import DisbursementReport, InvestmentProject, PlanEntry
from .projects import unit_on
from .rates import WHOLE_SUM, whole

# The projects that owe no report: nothing more will be disbursed on them, or nothing for now.
NOT_REPORTING = (ProjectStatus.COMPLETED, ProjectStatus.SUSPENDED)


def _investors_of_each_window(unit_ids: list[int], ends: list[date]) -> dict[int, list[int | None]]:
    """{project id: [its investor on each window's last day, or None when not among `unit_ids`]} of the
    projects still reporting that one of the units invested in on one of those days (one query)."""
    projects = InvestmentProject.objects.exclude(status__in=NOT_REPORTING).annotate(
        **{f"investor_{index}": unit_on(HandoverRole.INVESTOR, end) for index, end in enumerate(ends)}
    )
    held = Q(pk__in=[])
    for index in range(len(ends)):
        held |= Q(**{f"investor_{index}__in": unit_ids})
    wanted = set(unit_ids)
    found = {}
    for row in projects.filter(held).values("pk", *(f"investor_{index}" for index in range(len(ends)))):
        found[row["pk"]] = [
            row[f"investor_{index}"] if row[f"investor_{index}"] in wanted else None
            for index in range(len(ends))
        ]
    return found


def _planned_in_each_window(project_ids: list[int], ends: list[date]) -> dict[int, list[bool]]:
    """{project id: [whether it had a plan above 0 in the year of each window's last day, by then]}
    (one query)."""
    sums = {
        f"plan_{index}": Sum(
            "amount",
            filter=Q(decision__plan__year=end.year, decision__decided_on__lte=end),
            output_field=WHOLE_SUM,
        )
        for index, end in enumerate(ends)
    }
    rows = (
        PlanEntry.objects.filter(project_id__in=project_ids).order_by().values("project_id").annotate(**sums)
    )
    return {
        row["project_id"]: [whole(row[f"plan_{index}"]) > 0 for index in range(len(ends))] for row in rows
    }


def _first_arrivals(project_ids: list[int], starts: list[date]) -> dict[int, list[date | None]]:
    """{project id: [the local day its first report counted to each window's first day or later was
    submitted, or None]} (one query)."""
    firsts = {
        f"first_{index}": Min("submitted_at", filter=Q(reported_on__gte=start))
        for index, start in enumerate(starts)
    }
    rows = (
        DisbursementReport.objects.filter(project_id__in=project_ids, reported_on__gte=min(starts))
        .order_by()
        .values("project_id")
        .annotate(**firsts)
    )
    return {
        row["project_id"]: [
            timezone.localtime(row[f"first_{index}"]).date() if row[f"first_{index}"] else None
            for index in range(len(starts))
        ]
        for row in rows
    }


def disbursement_receipts(regime, unit_ids: list[int], windows: dict, as_of: date) -> dict:
    """{(unit id, period): Receipt} of the disbursement reports the units owed for each period's window
    and the day each arrived (None when not by `as_of`), keyed by project id. Three queries."""
    periods = list(windows)
    ends = [windows[period].end for period in periods]
    starts = [windows[period].start for period in periods]
    investors = _investors_of_each_window(list(unit_ids), ends)
    project_ids = sorted(investors)
    planned = _planned_in_each_window(project_ids, ends)
    arrivals = _first_arrivals(project_ids, starts)
    receipts: dict = {}
    for project_id in project_ids:
        for index, period in enumerate(periods):
            investor = investors[project_id][index]
            if investor is None or not planned.get(project_id, [False] * len(periods))[index]:
                continue
            arrived = arrivals.get(project_id, [None] * len(periods))[index]
            receipt = receipts.setdefault((investor, period), Receipt())
            receipt.expected += 1
            receipt.arrivals[project_id] = arrived if arrived is not None and arrived <= as_of else None
    return receipts


def disbursement_items(regime, unit, period, receipt) -> list[ReceivedItem]:
    """The projects of one cell, by code, each linking to its page, with the day its report arrived
    (whether on time is judged by `reporting`, against the cell's deadline). One query."""
    projects = InvestmentProject.objects.in_bulk(list(receipt.arrivals))
    rows = sorted(receipt.arrivals.items(), key=lambda pair: projects[pair[0]].code)
    return [
        ReceivedItem(
            label=f"{projects[pk].code} · {projects[pk].display_name}",
            url=projects[pk].get_absolute_url(),
            arrived=arrived,
            on_time=False,
        )
        for pk, arrived in rows
    ]
