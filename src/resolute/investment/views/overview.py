"""The overview of a capital plan, and the lists behind its panels: the league of investors, the
obstacles and the capital at risk of lapsing.

Each page is read for one plan, the area of one unit and one day (`?plan=`, `?unit=`, `?as_of=`; by
default the plan of the day's year, the user's jurisdiction or own unit, and today), from the rate
engine (`selectors.rates`), which counts only the projects the user sees. Every figure links to the
project list holding the projects behind it; every list has its rows as an Excel file
(`?format=xlsx`).
"""

from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from resolute.core.pagination import page_of
from resolute.core.replica import reads_from_replica
from resolute.targets.chart import ChartSeries, draw

from ..choices import ObstacleCategory
from ..models import CapitalPlan
from ..permissions import can_manage_any_investment, can_manage_investment
from ..selectors import (
    at_risk,
    curve,
    disbursement_by,
    expected_rate,
    investor_league,
    lapse_summary,
    obstacle_summary,
    province_total,
    same_day_last_year,
    slow_projects,
)
from ..templatetags.investment_tags import rate as rate_text
from ..templatetags.investment_tags import vnd as vnd_text
from .common import (
    PAGE_SIZE,
    Column,
    PlanView,
    about_view,
    last_year_day,
    money_format,
    plan_view,
    rate_cell,
    wants_xlsx,
    workbook_response,
    xlsx_url,
)

# How many rows each panel of the overview shows; its list shows them all.
PANEL_ROWS = 5
SLOW_SHOWN = 10


def at_risk_shown(plan: CapitalPlan, day: date) -> bool:
    """The capital at risk of lapsing is followed from 1 November to the day the plan lapses."""
    return date(plan.year, 11, 1) <= day <= plan.lapses_on


def lapse_shown(plan: CapitalPlan, day: date) -> bool:
    """The lapse is summed up once the plan has lapsed (after 31 January of the next year)."""
    return day > plan.lapses_on


def formula(money) -> str:
    """Σ disbursed ÷ Σ plan with the amounts, as the page shows the rate's making."""
    if money is None:
        return ""
    if not money.plan:
        return _("No plan: no rate.")
    return _("Σ disbursed ÷ Σ plan = %(disbursed)s ÷ %(plan)s VND = %(rate)s") % {
        "disbursed": vnd_text(money.disbursed),
        "plan": vnd_text(money.plan),
        "rate": rate_text(money.rate),
    }


def linked(rows, view: PlanView, filter_name: str) -> list[dict]:
    """Rate rows (by source, locality, investor) with the project list behind each."""
    return [{"row": row, "url": view.projects_url(**{filter_name: row.key})} for row in rows]


# -- the chart -----------------------------------------------------------------------------------------


def schedule_points(plan: CapitalPlan) -> list[tuple[date, object]]:
    """The expected schedule as drawn: 0 % on 1 January, each milestone, flat after the last to the day
    the plan lapses (rule 6)."""
    points = [(date(plan.year, 1, 1), Decimal(0))]
    for milestone in plan.milestones.all():
        points.append((milestone.day, milestone.rate))
    last_day = max(plan.lapses_on, points[-1][0])
    if points[-1][0] < last_day:
        points.append((last_day, points[-1][1]))
    return points


def curve_chart(plan: CapitalPlan, points, as_of: date, unit) -> str:
    """The disbursement of the plan through the year against its schedule, as an inline SVG."""
    actuals = [(point.day, point.rate) for point in points if point.rate is not None]
    last = actuals[-1] if actuals else None
    description = (
        _("On %(day)s, %(rate)s of the plan was disbursed; %(expected)s was expected.")
        % {
            "day": date_format(last[0], "SHORT_DATE_FORMAT"),
            "rate": rate_text(last[1]),
            "expected": rate_text(expected_rate(plan, last[0])),
        }
        if last
        else _("Nothing was reported by %(day)s.") % {"day": date_format(as_of, "SHORT_DATE_FORMAT")}
    )
    series = ChartSeries(
        first_day=date(plan.year, 1, 1),
        last_day=plan.lapses_on,
        planned=schedule_points(plan),
        actuals=actuals,
        forecast=None,
        goals=[],
        decimals=1,
        title=_("Disbursement of the %(year)s plan in %(area)s, %% of the plan")
        % {"year": plan.year, "area": unit if unit is not None else _("the projects you see")},
        description=description,
        ticks=[date(plan.year, month, 1) for month in (4, 7, 10)] + [date(plan.year + 1, 1, 1)],
    )
    return draw(series, element_id=f"investment-curve-{plan.pk:d}")


# -- the overview ----------------------------------------------------------------------------------------


def overview_figures(user, view: PlanView) -> dict:
    """Every figure of the overview of `view`'s plan, area and day, each with the list behind it; a
    fixed number of queries whatever the number of projects."""
    plan, as_of, unit = view.plan, view.as_of, view.unit
    total = province_total(user, plan=plan, as_of=as_of, unit=unit)
    points = curve(user, plan=plan, as_of=as_of, unit=unit)
    last_year = same_day_last_year(user, plan=plan, as_of=as_of, unit=unit)
    previous = (
        CapitalPlan.objects.visible_to(user).filter(issuer=plan.issuer, year=plan.year - 1).first()
        if last_year is not None
        else None
    )
    league = investor_league(user, plan=plan, as_of=as_of, unit=unit)
    obstacles = obstacle_summary(user, plan=plan, as_of=as_of, unit=unit)
    slow = slow_projects(user, plan=plan, as_of=as_of, unit=unit)
    figures = {
        "total": total,
        "formula": formula(total),
        "expected": expected_rate(plan, as_of),
        "by_source": linked(
            disbursement_by(user, plan=plan, as_of=as_of, by="source", unit=unit), view, "source"
        ),
        "by_locality": linked(
            disbursement_by(user, plan=plan, as_of=as_of, by="locality", unit=unit), view, "locality"
        ),
        "curve": points,
        "chart": curve_chart(plan, points, as_of, unit),
        "last_year": last_year,
        "last_year_day": last_year_day(as_of),
        "last_year_url": (
            view.projects_url(plan=previous.pk, as_of=last_year_day(as_of).isoformat()) if previous else ""
        ),
        "league": linked(league[:PANEL_ROWS], view, "investor"),
        "league_count": len(league),
        "slow": slow[:SLOW_SHOWN],
        "slow_count": len(slow),
        "obstacles": obstacle_links(obstacles[:PANEL_ROWS], view),
        "obstacle_count": len(obstacles),
        "at_risk_shown": at_risk_shown(plan, as_of),
        "lapse_shown": lapse_shown(plan, as_of),
    }
    if figures["at_risk_shown"]:
        risk = at_risk(user, plan=plan, as_of=as_of, unit=unit)
        figures.update(risk=risk[:PANEL_ROWS], risk_count=len(risk), risk_total=sum_at_risk(risk))
    if figures["lapse_shown"]:
        figures["lapse"] = lapse_summary(user, plan=plan, as_of=as_of, unit=unit)
    return figures


def sum_at_risk(rows) -> Decimal:
    return sum((row.at_risk for row in rows), Decimal(0))


def obstacle_links(rows, view: PlanView) -> list[dict]:
    return [
        {
            "row": row,
            "url": view.projects_url(
                obstacle=row.category, responsible=getattr(row.responsible_unit, "pk", row.responsible_unit)
            ),
        }
        for row in rows
    ]


def overview_sheets(figures: dict) -> list:
    """The overview's tables as sheets of its Excel file."""
    by_rows = [
        Column(_("Projects"), 10, lambda item: item["row"].count),
        Column(_("Plan (VND)"), 22, lambda item: item["row"].money.plan, money_format()),
        Column(_("Disbursed (VND)"), 22, lambda item: item["row"].money.disbursed, money_format()),
        Column(_("Rate"), 10, lambda item: rate_cell(item["row"].money.rate), "0.0%"),
    ]
    curve_columns = [
        Column(_("Day"), 14, lambda point: point.day),
        Column(_("Disbursed"), 12, lambda point: rate_cell(point.rate), "0.0%"),
        Column(pgettext("schedule", "Expected"), 12, lambda point: rate_cell(point.expected), "0.0%"),
    ]
    return [
        (
            _("By source"),
            [Column(_("Capital source"), 30, lambda item: str(item["row"].label)), *by_rows],
            figures["by_source"],
        ),
        (
            _("By locality"),
            [Column(_("Locality"), 40, lambda item: str(item["row"].label)), *by_rows],
            figures["by_locality"],
        ),
        (_("Through the year"), curve_columns, figures["curve"]),
    ]


@login_required
@reads_from_replica
def overview(request):
    """The plan of a year in a unit's area, as of a day: the rate and its making, by source and by
    locality, through the year against the schedule, a year before, the slowest investors and projects,
    what holds them back, and, at the year's end, the capital at risk of lapsing and what lapsed."""
    view = plan_view(request)
    context = {
        "view": view,
        "form": view.form,
        "plan": view.plan,
        "as_of": view.as_of,
        "is_today": view.is_today,
        "can_manage": can_manage_any_investment(request.user),
    }
    if view.plan is None:
        return render(request, "investment/overview.html", context)
    figures = overview_figures(request.user, view)
    if wants_xlsx(request):
        return workbook_response(
            request,
            filename=f"investment-{view.plan.year}-{view.as_of.isoformat()}.xlsx",
            sheets=overview_sheets(figures),
            about=[*about_view(view), [_("Rate"), figures["formula"]]],
        )
    context.update(
        figures=figures,
        xlsx_url=xlsx_url(request),
        all_url=view.projects_url(),
        slow_url=view.projects_url(slow="on", sort="gap"),
        at_risk_url=view.projects_url(at_risk="on"),
        extended_url=view.projects_url(extension="approved"),
        lapsed_url=view.projects_url(lapsed="on"),
        league_url=view.url("investment:league"),
        obstacles_url=view.url("investment:obstacles"),
        at_risk_list_url=view.url("investment:at_risk"),
        can_manage_plan=can_manage_investment(request.user, view.plan.issuer),
    )
    return render(request, "investment/overview.html", context)


# -- the lists behind the panels -------------------------------------------------------------------------


def _list_page(
    request, view: PlanView, rows, *, template: str, columns, title: str, filename: str, extra=None
):
    """A list read for a plan, an area and a day: the page, or its rows as an Excel file."""
    if wants_xlsx(request):
        return workbook_response(
            request,
            filename=f"{filename}-{view.plan.year}-{view.as_of.isoformat()}.xlsx",
            sheets=[(title, columns, rows)],
            about=about_view(view),
        )
    page = page_of(request, rows, PAGE_SIZE)
    context = {
        "view": view,
        "form": view.form,
        "plan": view.plan,
        "as_of": view.as_of,
        "is_today": view.is_today,
        "page_obj": page,
        "rows": page.object_list,
        "count": len(rows),
        "xlsx_url": xlsx_url(request),
        "overview_url": view.url("investment:overview"),
        **(extra or {}),
    }
    return render(request, template, context)


@login_required
@reads_from_replica
def league(request):
    """The investors of the plan in the area, slowest (lowest rate) first, each with its projects."""
    view = plan_view(request)
    rows = []
    if view.plan is not None:
        ranked = investor_league(request.user, plan=view.plan, as_of=view.as_of, unit=view.unit)
        rows = [
            {"rank": index, "row": row, "url": view.projects_url(investor=row.key)}
            for index, row in enumerate(ranked, start=1)
        ]
    columns = [
        Column(_("Rank"), 8, lambda item: item["rank"]),
        Column(_("Investor"), 40, lambda item: str(item["row"].label)),
        Column(_("Projects"), 10, lambda item: item["row"].count),
        Column(_("Plan (VND)"), 22, lambda item: item["row"].money.plan, money_format()),
        Column(_("Disbursed (VND)"), 22, lambda item: item["row"].money.disbursed, money_format()),
        Column(_("Rate"), 10, lambda item: rate_cell(item["row"].money.rate), "0.0%"),
    ]
    return _list_page(
        request,
        view,
        rows,
        template="investment/league.html",
        columns=columns,
        title=_("Investors"),
        filename="investors",
    )


@login_required
@reads_from_replica
def obstacles(request):
    """What holds the projects of the plan back, and who must remove it, the most capital blocked first."""
    view = plan_view(request)
    rows = []
    if view.plan is not None:
        rows = obstacle_links(
            obstacle_summary(request.user, plan=view.plan, as_of=view.as_of, unit=view.unit), view
        )
    columns = [
        Column(_("Obstacle"), 30, lambda item: str(item["row"].label)),
        Column(_("To be removed by"), 40, lambda item: str(item["row"].responsible_unit)),
        Column(_("Projects"), 10, lambda item: item["row"].projects),
        Column(_("Capital blocked (VND)"), 22, lambda item: item["row"].blocked, money_format()),
    ]
    return _list_page(
        request,
        view,
        rows,
        template="investment/obstacles.html",
        columns=columns,
        title=_("Obstacles"),
        filename="obstacles",
        extra={"categories": ObstacleCategory},
    )


@login_required
@reads_from_replica
def at_risk_list(request):
    """The projects whose capital may lapse on 31 January, the largest amount first (from 1 November)."""
    view = plan_view(request)
    rows = []
    shown = view.plan is not None and at_risk_shown(view.plan, view.as_of)
    if shown:
        rows = at_risk(request.user, plan=view.plan, as_of=view.as_of, unit=view.unit)
    columns = [
        Column(_("Code"), 14, lambda row: row.project.code),
        Column(_("Project"), 50, lambda row: str(row.project.display_name)),
        Column(_("Plan (VND)"), 22, lambda row: row.money.plan, money_format()),
        Column(_("Disbursed (VND)"), 22, lambda row: row.money.disbursed, money_format()),
        Column(_("Projected by the lapse (VND)"), 24, lambda row: row.projected, money_format()),
        Column(_("At risk (VND)"), 22, lambda row: row.at_risk, money_format()),
        Column(_("Page"), 40, lambda row: request.build_absolute_uri(row.project.get_absolute_url())),
    ]
    can_prepare = view.plan is not None and can_manage_investment(request.user, view.plan.issuer)
    return _list_page(
        request,
        view,
        rows,
        template="investment/at_risk.html",
        columns=columns,
        title=_("At risk of lapsing"),
        filename="at-risk",
        extra={
            "shown": shown,
            "total_at_risk": sum_at_risk(rows),
            "can_prepare": can_prepare and shown,
            "window_start": date(view.plan.year, 11, 1) if view.plan else None,
        },
    )
