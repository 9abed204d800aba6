"""Public investment on the leadership dashboard, the unit scorecards and the unit page, and in the
dashboard's workbook (contributed in `contributions`).

The dashboard's panel reads the plan of the year of the page's day that funds the page's unit — its own
or the nearest one above it (`area_plan`) — for the projects of the unit's area on that day (rule 8: the
projects located in it or invested by one of its units): the rate, by capital source, with its
formula; the curve of the year in small against the schedule; the rate on the same day last year; the
five slowest investors; the obstacles holding the most capital back and the units that must remove
them; and, once last year's plan has lapsed (until its carried capital runs out), what was extended and
what lapsed. Every figure links to the investment pages behind it. An area without a plan shows
nothing. The figures come from the rate engine (`selectors.rates`), read once per page.

A unit's scorecard shows the rate of the projects it invests in; the unit page, the rate of the
projects it invests in or hosts, with a link to the overview.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.contributions import DashboardView
from resolute.core.xlsx import PERCENT
from resolute.orgunits.history import lineage_roots, units_in_area
from resolute.orgunits.querysets import subtree_q

from .models import CapitalPlan, DisbursementReport
from .selectors import (
    CurvePoint,
    LapseSummary,
    Money,
    ObstacleRow,
    RateRow,
    curve,
    disbursement_by,
    expected_rate,
    investor_league,
    lapse_summary,
    obstacle_summary,
    province_total,
    same_day_last_year,
    units_on,
    visible_plans,
    visible_projects,
)
from .selectors.rates import project_figures, schedule

# How many of each list the panel shows; the workbook has them all.
INVESTORS_SHOWN = 5
OBSTACLES_SHOWN = 5


def area_plan(user, unit, year: int) -> CapitalPlan | None:
    """The plan of `year` that funds `unit`'s area, as the user sees it: the unit's own, else the
    nearest above it (a district without a plan of its own is funded by the province's). One query."""
    ancestors = [unit.path[:end] for end in range(len(unit.path), 0, -1)]
    plans = visible_plans(user).filter(year=year, issuer__path__in=ancestors).select_related("issuer")
    return max(plans, key=lambda plan: len(plan.issuer.path), default=None)


def _url(name: str, args=(), **query) -> str:
    url = reverse(name, args=args)
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


@dataclass
class PanelFigures:
    """What the dashboard's panel shows, read once per page (and the same for its sheets)."""

    plan: CapitalPlan
    unit: object
    as_of: date
    total: Money
    expected: Decimal
    by_source: list[RateRow]
    curve: list[CurvePoint]
    last_year: Money | None
    investors: list[RateRow]
    obstacles: list[ObstacleRow]
    previous_plan: CapitalPlan | None = None
    previous_total: Money | None = None
    lapse: LapseSummary | None = None
    links: dict = field(default_factory=dict)

    @property
    def slowest(self) -> list[RateRow]:
        return self.investors[:INVESTORS_SHOWN]

    @property
    def main_obstacles(self) -> list[ObstacleRow]:
        return self.obstacles[:OBSTACLES_SHOWN]


def read_figures(user, unit, as_of: date) -> PanelFigures | None:
    """The panel's figures for `unit`'s area on `as_of`, or None when no plan funds it that year."""
    plan = area_plan(user, unit, as_of.year)
    if plan is None:
        return None
    read = {"plan": plan, "as_of": as_of, "unit": unit}
    previous = CapitalPlan.objects.filter(issuer_id=plan.issuer_id, year=plan.year - 1).first()
    previous_total = lapse = None
    if previous is not None and as_of <= previous.lapses_on:
        previous_total = province_total(user, **{**read, "plan": previous})
    elif previous is not None and as_of <= previous.extended_until_at_most:
        lapse = lapse_summary(user, **{**read, "plan": previous})
    return PanelFigures(
        plan=plan,
        unit=unit,
        as_of=as_of,
        total=province_total(user, **read),
        expected=expected_rate(plan, as_of),
        by_source=disbursement_by(user, by="source", **read),
        curve=curve(user, **read),
        last_year=same_day_last_year(user, **read),
        investors=investor_league(user, **read),
        obstacles=obstacle_summary(user, **read),
        previous_plan=previous,
        previous_total=previous_total,
        lapse=lapse,
    )


def figures_of(view: DashboardView) -> PanelFigures | None:
    if view.document is not None:
        return None  # a document's dashboard counts its targets and tasks; a plan is no document's
    return view.once("investment.figures", lambda: read_figures(view.user, view.unit, view.as_of))


# -- the words and the small curve -------------------------------------------------------------------


def percent_text(rate) -> str:
    if rate is None:
        return "—"
    return _("%(rate)s%%") % {"rate": number_format(rate, decimal_pos=1)}


def vnd_text(amount: Decimal) -> str:
    return _("%(amount)s VND") % {"amount": number_format(amount, decimal_pos=0, force_grouping=True)}


def formula(money: Money) -> str:
    """The rate as it is worked out: disbursed ÷ plan."""
    return _("%(disbursed)s disbursed ÷ %(plan)s planned = %(rate)s") % {
        "disbursed": vnd_text(money.disbursed),
        "plan": vnd_text(money.plan),
        "rate": percent_text(money.rate),
    }


CURVE_WIDTH, CURVE_HEIGHT = 240, 64


def _x(day: date, plan: CapitalPlan) -> str:
    start = date(plan.year, 1, 1)
    share = Decimal((min(day, plan.lapses_on) - start).days) / Decimal((plan.lapses_on - start).days)
    return f"{share * CURVE_WIDTH:.1f}"


def _y(rate) -> str:
    rate = min(max(Decimal(rate), Decimal(0)), Decimal(100))
    return f"{CURVE_HEIGHT - rate / 100 * CURVE_HEIGHT:.1f}"


def curve_svg(points: list[CurvePoint], plan: CapitalPlan) -> SafeString:
    """The year's cumulative rate (solid) against the schedule (dashed), as a small inline SVG: no script
    nor style attribute (the content security policy), a title and a description to read it."""
    expected = [*schedule(plan)]
    if expected[-1][0] < plan.lapses_on:
        expected.append((plan.lapses_on, expected[-1][1]))
    schedule_line = " ".join(f"{_x(day, plan)},{_y(rate)}" for day, rate in expected)
    actual = [point for point in points if point.rate is not None]
    actual_line = " ".join(f"{_x(point.day, plan)},{_y(point.rate)}" for point in actual)
    last = actual[-1] if actual else None
    description = (
        _("%(rate)s disbursed on %(day)s against %(expected)s expected")
        % {
            "rate": percent_text(last.rate),
            "day": date_format(last.day, "SHORT_DATE_FORMAT"),
            "expected": percent_text(last.expected),
        }
        if last
        else _("Nothing disbursed yet.")
    )
    parts = [
        format_html(
            '<svg class="investment-curve" role="img" width="{}" height="{}" viewBox="0 0 {} {}" '
            'aria-labelledby="investment-curve-title investment-curve-description">',
            CURVE_WIDTH,
            CURVE_HEIGHT,
            CURVE_WIDTH,
            CURVE_HEIGHT,
        ),
        format_html(
            '<title id="investment-curve-title">{}</title>',
            _("Disbursement of the year against the schedule"),
        ),
        format_html('<desc id="investment-curve-description">{}</desc>', description),
        format_html(
            '<rect x="0" y="0" width="{}" height="{}" fill="none" stroke="#d9dee5"/>',
            CURVE_WIDTH,
            CURVE_HEIGHT,
        ),
        format_html(
            '<polyline points="{}" fill="none" stroke="#6b7280" stroke-width="1.5" stroke-dasharray="4 3"/>',
            schedule_line,
        ),
    ]
    if actual_line:
        parts.append(
            format_html('<polyline points="{}" fill="none" stroke="#1d4ed8" stroke-width="2"/>', actual_line)
        )
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="3" fill="#1d4ed8"><title>{}</title></circle>',
                _x(last.day, plan),
                _y(last.rate),
                description,
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a closing tag of our own
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


# -- the dashboard's panel ---------------------------------------------------------------------------


def _links(figures: PanelFigures) -> dict:
    """The pages behind the panel's figures (reversed when drawn: the pages are the investment app's)."""
    plan, as_of, unit = figures.plan, figures.as_of, figures.unit
    day = as_of.isoformat()
    return {
        "overview": _url("investment:overview", plan=plan.pk, as_of=day, unit=unit.pk),
        "projects": _url("investment:projects", plan=plan.pk, as_of=day, area=unit.pk),
        "slow": _url("investment:projects", plan=plan.pk, as_of=day, area=unit.pk, slow="on", sort="gap"),
        "league": _url("investment:league", plan=plan.pk, as_of=day, unit=unit.pk),
        "obstacles": _url("investment:obstacles", plan=plan.pk, as_of=day, unit=unit.pk),
        "plan": reverse("investment:plan", args=[plan.pk]),
        "extensions": (
            reverse("investment:extensions", args=[figures.previous_plan.pk]) if figures.previous_plan else ""
        ),
    }


def _source_url(figures: PanelFigures, source: str) -> str:
    return _url(
        "investment:projects",
        plan=figures.plan.pk,
        as_of=figures.as_of.isoformat(),
        area=figures.unit.pk,
        source=source,
    )


def _investor_url(figures: PanelFigures, investor_id) -> str:
    return _url(
        "investment:projects", plan=figures.plan.pk, as_of=figures.as_of.isoformat(), investor=investor_id
    )


def _obstacle_url(figures: PanelFigures, row: ObstacleRow) -> str:
    return _url(
        "investment:projects",
        plan=figures.plan.pk,
        as_of=figures.as_of.isoformat(),
        area=figures.unit.pk,
        obstacle=row.category,
        responsible=row.responsible_unit.pk,
    )


def disbursement_panel(view: DashboardView):
    """The disbursement of the year's plan in the page's area (see the module)."""
    figures = figures_of(view)
    if figures is None:
        return None
    links = _links(figures)
    return "investment/dashboard/disbursement.html", {
        "figures": figures,
        "links": links,
        "formula": formula(figures.total),
        "rate": percent_text(figures.total.rate),
        "expected": percent_text(figures.expected),
        "last_year": percent_text(figures.last_year.rate) if figures.last_year else "",
        "sources": [
            {"row": row, "rate": percent_text(row.rate), "url": _source_url(figures, row.key)}
            for row in figures.by_source
        ],
        "investors": [
            {"row": row, "rate": percent_text(row.rate), "url": _investor_url(figures, row.key)}
            for row in figures.slowest
        ],
        "obstacles": [{"row": row, "url": _obstacle_url(figures, row)} for row in figures.main_obstacles],
        "curve": curve_svg(figures.curve, figures.plan),
        "previous_rate": percent_text(figures.previous_total.rate) if figures.previous_total else "",
    }


# -- the workbook ------------------------------------------------------------------------------------


def _fraction(rate) -> Decimal | None:
    """A rate in percent as the fraction Excel's percent format shows."""
    return None if rate is None else Decimal(rate) / 100


def write_disbursement(sheet, view: DashboardView) -> None:
    figures = figures_of(view)
    sheet.widths(40, 22, 22, 12, 60)
    sheet.append([figures.plan.title, str(figures.unit), figures.as_of], bold=True)
    sheet.append(
        [_("Capital source"), _("Plan (VND)"), _("Disbursed (VND)"), _("Rate"), _("List")], bold=True
    )
    for row in figures.by_source:
        sheet.append(
            [
                row.label,
                row.money.plan,
                row.money.disbursed,
                _fraction(row.rate),
                view.absolute(_source_url(figures, row.key)),
            ],
            number_formats={3: PERCENT},
        )
    sheet.append(
        [
            _("Total"),
            figures.total.plan,
            figures.total.disbursed,
            _fraction(figures.total.rate),
            view.absolute(_links(figures)["projects"]),
        ],
        bold=True,
        number_formats={3: PERCENT},
    )
    sheet.append(
        [_("Expected by the schedule"), None, None, _fraction(figures.expected), ""],
        number_formats={3: PERCENT},
    )
    if figures.last_year is not None:
        sheet.append(
            [
                _("Same day last year"),
                figures.last_year.plan,
                figures.last_year.disbursed,
                _fraction(figures.last_year.rate),
                "",
            ],
            number_formats={3: PERCENT},
        )
    sheet.append([])
    sheet.append([_("As of"), _("Plan (VND)"), _("Disbursed (VND)"), _("Rate"), _("Expected")], bold=True)
    for point in figures.curve:
        sheet.append(
            [
                point.day,
                point.money.plan,
                point.money.disbursed,
                _fraction(point.rate),
                _fraction(point.expected),
            ],
            number_formats={3: PERCENT, 4: PERCENT},
        )
    if figures.lapse is not None:
        lapse = figures.lapse
        sheet.append([])
        sheet.append(
            [
                _("The %(year)s plan lapsed on %(day)s")
                % {
                    "year": figures.previous_plan.year,
                    "day": date_format(figures.previous_plan.lapses_on, "SHORT_DATE_FORMAT"),
                }
            ],
            bold=True,
        )
        sheet.append([_("Left undisbursed on the lapse day (VND)"), lapse.balance])
        sheet.append([_("Carried over by an extension (VND)"), lapse.extended])
        sheet.append([_("Carried over as capital added after 30 September (VND)"), lapse.late_capital])
        sheet.append([_("Lapsed (VND)"), lapse.lapsed])


def write_investors(sheet, view: DashboardView) -> None:
    figures = figures_of(view)
    sheet.widths(40, 22, 22, 12, 12, 60)
    sheet.append(
        [_("Investor"), _("Plan (VND)"), _("Disbursed (VND)"), _("Rate"), _("Projects"), _("List")], bold=True
    )
    for row in figures.investors:
        sheet.append(
            [
                row.label,
                row.money.plan,
                row.money.disbursed,
                _fraction(row.rate),
                row.count,
                view.absolute(_investor_url(figures, row.key)),
            ],
            number_formats={3: PERCENT},
        )


def write_obstacles(sheet, view: DashboardView) -> None:
    figures = figures_of(view)
    sheet.widths(34, 40, 12, 24, 60)
    sheet.append(
        [_("Obstacle"), _("To be removed by"), _("Projects"), _("Capital held back (VND)"), _("List")],
        bold=True,
    )
    for row in figures.obstacles:
        sheet.append(
            [
                row.label,
                str(row.responsible_unit),
                row.projects,
                row.blocked,
                view.absolute(_obstacle_url(figures, row)),
            ]
        )


def disbursement_sheets(view: DashboardView) -> list:
    if figures_of(view) is None:
        return []
    return [
        ("investment", _("Disbursement"), lambda sheet: write_disbursement(sheet, view)),
        ("investment_investors", _("Investors"), lambda sheet: write_investors(sheet, view)),
        ("investment_obstacles", _("Capital held back"), lambda sheet: write_obstacles(sheet, view)),
    ]


# -- a unit's own projects: the scorecard and the unit page --------------------------------------------


@dataclass
class UnitRate:
    """The disbursement of the year of the projects a unit invests in (or hosts)."""

    money: Money
    projects: int
    plans: list[CapitalPlan]


def _rate_of(user, projects, as_of: date) -> UnitRate | None:
    """The plan and disbursement of `projects` on `as_of`, over every plan of that year that funds
    them, counting the projects with a plan (rule 3); None when none has one."""
    plans = list(
        visible_plans(user)
        .filter(year=as_of.year, issuer_id__in=projects.values("jurisdiction_id"))
        .order_by("issuer__path")
    )
    money, counted = Money(), 0
    for plan in plans:
        for figures in project_figures(user, plan=plan, as_of=as_of, projects=projects).values():
            if figures.total.plan > 0:
                money, counted = money + figures.total, counted + 1
    if not counted:
        return None
    return UnitRate(money=money, projects=counted, plans=plans)


def invested_by(user, unit, as_of: date, *, include_subtree: bool):
    """The projects `unit` (with its subtree) invested in on `as_of`, that the user sees (rule 8)."""
    projects = units_on(visible_projects(user), as_of)
    if include_subtree:
        return projects.filter(investor_on_id__in=units_in_area(unit, as_of).values("pk"))
    return projects.filter(investor_on_id__in=[root.pk for root in lineage_roots(unit, as_of)])


def scorecard_rate_of(view: DashboardView) -> UnitRate | None:
    return view.once(
        "investment.scorecard",
        lambda: _rate_of(
            view.user,
            invested_by(view.user, view.unit, view.as_of, include_subtree=view.include_subtree),
            view.as_of,
        ),
    )


def scorecard_rate_panel(view: DashboardView):
    """Beside the unit's task rates: the disbursement rate of the projects it invests in."""
    rate = scorecard_rate_of(view)
    if rate is None:
        return None
    return "investment/dashboard/scorecard_rate.html", {
        "rate": percent_text(rate.money.rate),
        "formula": formula(rate.money),
        "projects": rate.projects,
        "year": view.as_of.year,
        "url": _url("investment:projects", investor=view.unit.pk, as_of=view.as_of.isoformat()),
    }


def write_scorecard_rate(sheet, view: DashboardView) -> None:
    rate = scorecard_rate_of(view)
    sheet.widths(40, 22, 22, 12, 12)
    sheet.append(
        [_("Projects it invests in"), _("Plan (VND)"), _("Disbursed (VND)"), _("Rate"), _("Projects")],
        bold=True,
    )
    sheet.append(
        [str(view.unit), rate.money.plan, rate.money.disbursed, _fraction(rate.money.rate), rate.projects],
        number_formats={3: PERCENT},
    )


def scorecard_rate_sheets(view: DashboardView) -> list:
    if scorecard_rate_of(view) is None:
        return []
    return [("investment_rate", _("Disbursement"), lambda sheet: write_scorecard_rate(sheet, view))]


def in_unit_today(user, unit):
    """The projects the user sees that `unit` (with its subtree) invests in or hosts today."""
    return visible_projects(user).filter(
        subtree_q(unit.path, field="investor__path") | subtree_q(unit.path, field="locality__path")
    )


def unit_panel(request, unit):
    """The unit page's panel for a unit that invests in or hosts projects: the rate of this year's
    plans for them, and the way to the overview. Nothing (one query) for a unit with no project."""
    projects = in_unit_today(request.user, unit)
    if not projects.exists():
        return None
    today = clock.today()
    rate = _rate_of(request.user, projects, today)
    return "investment/unit_panel.html", {
        "unit": unit,
        "year": today.year,
        "rate": percent_text(rate.money.rate) if rate else "",
        "formula": formula(rate.money) if rate else "",
        "unit_rate": rate,
        "overview_url": _url("investment:overview", unit=unit.pk),
        "projects_url": _url("investment:projects", area=unit.pk),
    }


# -- the dashboard's recent activity (`ActivitySource`) ----------------------------------------------


def projects_in_view(user, unit):
    """The projects whose changes the recent activity lists: those invested in or located in `unit`'s
    subtree (every one the user sees without a unit)."""
    if unit is None:
        return visible_projects(user)
    return in_unit_today(user, unit)


def project_urls(ids: list[int]) -> dict[int, str]:
    return {pk: reverse("investment:project", args=[pk]) for pk in ids}


def reports_in_view(user, unit):
    """The disbursement reports on those projects."""
    return DisbursementReport.objects.filter(project__in=projects_in_view(user, unit).values("pk"))


def report_urls(ids: list[int]) -> dict[int, str]:
    return {pk: reverse("investment:report", args=[pk]) for pk in ids}
