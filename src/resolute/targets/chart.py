"""A target's chart, drawn on the server as an inline SVG: the planned trajectory, the actuals, the
forecast to the deadline and the goal.

No script and no style attribute (the content security policy forbids both): the drawing is styled
with SVG presentation attributes, and every point carries a <title> a screen reader or a hover
shows. The numbers on the axes are written as the active language writes them; the coordinates are
plain decimals, whatever the language.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from resolute.core.periods import Period

from .models import Comparator, Target
from .rollup import YearValue, format_number
from .status import Evaluation, _points_of, goal_of, planned_on

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 32, 16, 72
Y_TICKS = 5

COLOURS = {
    "grid": "#d9dee5",
    "axis": "#4b5563",
    "planned": "#6b7280",
    "actual": "#1d4ed8",
    "forecast": "#b45309",
    "goal": "#15803d",
}

Point = tuple[date, Decimal]


@dataclass(frozen=True)
class ChartSeries:
    """What a chart shows, independent of the models, so it can be drawn and tested on its own."""

    first_day: date
    last_day: date
    planned: list[Point]
    actuals: list[Point]
    forecast: Point | None
    goals: list[Decimal]
    decimals: int = 0
    title: str = ""
    description: str = ""
    ticks: list[date] | None = None


def series_of(target: Target, evaluation: Evaluation, measured: YearValue) -> ChartSeries:
    """The chart of a target on the day it was evaluated."""
    first_day = date(target.year - 1, 12, 31)
    last_day = max(target.deadline, date(target.year, 12, 31))
    period_ends = [
        period.last_day for period in Period.all_in_year(target.year, target.indicator.periodicity)
    ]
    planned_days = sorted(
        {first_day, *(day for day in period_ends if day <= target.deadline), target.deadline}
    )
    planned = [(day, value) for day in planned_days if (value := planned_on(target, day)) is not None]
    actuals = _points_of(target, measured)
    if actuals and actuals[0][0] == first_day and not measured.by_period:
        actuals = []
    forecast = None
    if evaluation.forecast is not None and measured.by_period:
        forecast = (target.deadline, evaluation.forecast)
    goal = goal_of(target)
    goals = [value for value in (goal,) if value is not None]
    if target.comparator == Comparator.RANGE:
        goals = [value for value in (target.value, target.value_max) if value is not None]
    return ChartSeries(
        first_day=first_day,
        last_day=last_day,
        planned=planned,
        actuals=actuals,
        forecast=forecast,
        goals=goals,
        decimals=target.indicator.decimals,
        title=_("%(indicator)s in %(unit)s, %(year)s")
        % {
            "indicator": target.indicator.display_name,
            "unit": target.unit,
            "year": target.year,
        },
        description=evaluation.sentence,
        ticks=[period.last_day for period in Period.all_in_year(target.year, "quarterly")],
    )


def _number(value: float) -> str:
    return f"{value:.1f}"


def _range(series: ChartSeries) -> tuple[Decimal, Decimal]:
    values = [value for _day, value in series.planned + series.actuals] + list(series.goals)
    if series.forecast is not None:
        values.append(series.forecast[1])
    if not values:
        return Decimal(0), Decimal(1)
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    margin = (high - low) / 10
    low = low - margin if low - margin < 0 or low < 0 else max(Decimal(0), low - margin)
    return low, high + margin


class _Scale:
    def __init__(self, series: ChartSeries):
        self.first_day = series.first_day
        self.days = max((series.last_day - series.first_day).days, 1)
        self.low, self.high = _range(series)

    def x(self, day: date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - self.first_day).days / self.days

    def y(self, value: Decimal) -> float:
        share = float((value - self.low) / (self.high - self.low))
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - share)


def _points(scale: _Scale, points: list[Point]) -> str:
    return " ".join(f"{_number(scale.x(day))},{_number(scale.y(value))}" for day, value in points)


def _point_title(series: ChartSeries, label: str, day: date, value: Decimal) -> str:
    return escape(
        _("%(series)s on %(day)s: %(value)s")
        % {
            "series": label,
            "day": date_format(day, "SHORT_DATE_FORMAT"),
            "value": format_number(value, series.decimals),
        }
    )


def _axes(series: ChartSeries, scale: _Scale) -> list[str]:
    parts = []
    bottom = HEIGHT - BOTTOM
    for index in range(Y_TICKS + 1):
        value = scale.low + (scale.high - scale.low) * index / Y_TICKS
        y = _number(scale.y(value))
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="{COLOURS["grid"]}" '
            'stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" font-size="11" '
            f'fill="{COLOURS["axis"]}">{escape(format_number(value, series.decimals))}</text>'
        )
    for day in series.ticks or []:
        x = _number(scale.x(day))
        parts.append(
            f'<line x1="{x}" x2="{x}" y1="{TOP}" y2="{bottom}" stroke="{COLOURS["grid"]}" stroke-width="1"/>'
            f'<text x="{x}" y="{bottom + 16}" text-anchor="middle" font-size="11" '
            f'fill="{COLOURS["axis"]}">{escape(date_format(day, "n/Y"))}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{bottom}" y2="{bottom}" stroke="{COLOURS["axis"]}"/>'
    )
    return parts


def _legend(items: list[tuple[str, str, str]]) -> list[str]:
    parts = []
    x = LEFT
    y = HEIGHT - 24
    for colour, dash, label in items:
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x}" x2="{x + 24}" y1="{y}" y2="{y}" stroke="{colour}" '
            f'stroke-width="2"{dash_attribute}/>'
            f'<text x="{x + 30}" y="{y}" dominant-baseline="middle" font-size="12" '
            f'fill="{COLOURS["axis"]}">{escape(label)}</text>'
        )
        x += 40 + 7 * len(label)
    return parts


def draw(series: ChartSeries, *, element_id: str = "target-chart") -> SafeString:
    """The chart as an <svg> element, ready to put in a page."""
    scale = _Scale(series)
    parts = [
        f'<svg class="target-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{element_id}-title {element_id}-description" '
        f'preserveAspectRatio="xMidYMid meet" font-family="system-ui, sans-serif">',
        f'<title id="{element_id}-title">{escape(series.title)}</title>',
        f'<desc id="{element_id}-description">{escape(series.description)}</desc>',
        *_axes(series, scale),
    ]
    legend = []
    goal_label = _("Target")
    for goal in series.goals:
        y = _number(scale.y(goal))
        parts.append(
            f'<line class="chart-goal" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" '
            f'stroke="{COLOURS["goal"]}" stroke-width="1.5" stroke-dasharray="2 3">'
            f"<title>{escape(goal_label)}: {escape(format_number(goal, series.decimals))}</title></line>"
        )
    if series.goals:
        legend.append((COLOURS["goal"], "2 3", goal_label))
    if series.planned:
        label = _("Planned")
        parts.append(
            f'<polyline class="chart-planned" fill="none" stroke="{COLOURS["planned"]}" stroke-width="2" '
            f'points="{_points(scale, series.planned)}"/>'
        )
        legend.append((COLOURS["planned"], "", label))
    if series.actuals:
        label = _("Actual")
        parts.append(
            f'<polyline class="chart-actual" fill="none" stroke="{COLOURS["actual"]}" stroke-width="2.5" '
            f'points="{_points(scale, series.actuals)}"/>'
        )
        for day, value in series.actuals:
            if day == series.first_day:
                continue
            x, y = _number(scale.x(day)), _number(scale.y(value))
            title = _point_title(series, label, day, value)
            parts.append(
                f'<circle class="chart-actual-point" cx="{x}" cy="{y}" r="4" fill="{COLOURS["actual"]}">'
                f"<title>{title}</title></circle>"
            )
        legend.append((COLOURS["actual"], "", label))
    if series.forecast is not None and series.actuals:
        label = _("Forecast")
        last = series.actuals[-1]
        day, value = series.forecast
        parts.append(
            f'<polyline class="chart-forecast" fill="none" stroke="{COLOURS["forecast"]}" stroke-width="2" '
            f'stroke-dasharray="6 4" points="{_points(scale, [last, series.forecast])}"/>'
            f'<circle cx="{_number(scale.x(day))}" cy="{_number(scale.y(value))}" r="4" fill="white" '
            f'stroke="{COLOURS["forecast"]}" stroke-width="2">'
            f"<title>{_point_title(series, label, day, value)}</title></circle>"
        )
        legend.append((COLOURS["forecast"], "6 4", label))
    parts.extend(_legend(legend))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def target_chart(target: Target, evaluation: Evaluation, measured: YearValue) -> SafeString:
    return draw(series_of(target, evaluation, measured), element_id=f"target-chart-{target.pk:d}")
