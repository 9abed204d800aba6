"""The target chart: an inline SVG drawn on the server, without script or style attributes."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from ..chart import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, ChartSeries, draw, series_of
from ..models import Comparator
from ..rollup import year_value
from ..status import evaluate
from .rows import make_indicator, make_target, make_value


def series(**changes) -> ChartSeries:
    values = {
        "first_day": date(2024, 12, 31),
        "last_day": date(2025, 12, 31),
        "planned": [(date(2024, 12, 31), Decimal(0)), (date(2025, 12, 31), Decimal(1000))],
        "actuals": [(date(2024, 12, 31), Decimal(0)), (date(2025, 6, 30), Decimal(400))],
        "forecast": (date(2025, 12, 31), Decimal(800)),
        "goals": [Decimal(1000)],
        "title": "Houses <replaced>",
        "description": "planned 500, actual 400",
        "ticks": [date(2025, 3, 31), date(2025, 6, 30)],
    }
    values.update(changes)
    return ChartSeries(**values)


def points_of(svg: str, css_class: str) -> list[tuple[float, float]]:
    match = re.search(rf'class="{css_class}"[^>]*points="([^"]+)"', svg)
    return [tuple(float(number) for number in pair.split(",")) for pair in match.group(1).split()]


def test_the_chart_draws_the_plan_the_actuals_the_forecast_and_the_goal():
    svg = draw(series())
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    for css_class in ("chart-planned", "chart-actual", "chart-forecast", "chart-goal"):
        assert f'class="{css_class}"' in svg


def test_the_chart_has_no_style_attribute_and_no_script():
    svg = draw(series())
    assert "style=" not in svg
    assert "<script" not in svg


def test_the_chart_escapes_its_title_and_names_itself_for_screen_readers():
    svg = draw(series(), element_id="chart-7")
    assert "Houses &lt;replaced&gt;" in svg
    assert 'aria-labelledby="chart-7-title chart-7-description"' in svg
    assert '<desc id="chart-7-description">planned 500, actual 400</desc>' in svg


def test_the_plan_runs_from_the_left_edge_at_the_bottom_to_the_right_edge_higher_up():
    (start_x, start_y), (end_x, end_y) = points_of(draw(series()), "chart-planned")
    assert start_x == pytest.approx(LEFT) and end_x == pytest.approx(WIDTH - RIGHT)
    assert TOP <= end_y < start_y <= HEIGHT - BOTTOM


def test_the_forecast_starts_at_the_last_actual():
    svg = draw(series())
    assert points_of(svg, "chart-forecast")[0] == points_of(svg, "chart-actual")[-1]


def test_coordinates_are_plain_decimals_and_the_axis_numbers_follow_the_language():
    with translation.override("vi"):
        svg = draw(series(goals=[Decimal(10945)]))
    assert re.search(r'points="[\d.]+,[\d.]+ ', svg)
    assert "10.945" in svg


def test_a_chart_without_figures_shows_the_plan_alone():
    svg = draw(series(actuals=[], forecast=None))
    assert 'class="chart-actual"' not in svg and 'class="chart-forecast"' not in svg
    assert 'class="chart-planned"' in svg


@pytest.mark.django_db
def test_a_targets_chart_shows_running_totals_of_a_cumulative_figure(tree):
    houses = make_indicator("HOUSES")
    target = make_target(tree["province"], houses, comparator=Comparator.AT_LEAST, value="1000")
    make_value(houses, tree["district_a"], "2025Q1", "200")
    make_value(houses, tree["district_a"], "2025Q2", "300")
    as_of = date(2025, 7, 15)
    chart = series_of(
        target, evaluate(target, as_of=as_of), year_value(houses, tree["province"], 2025, as_of=as_of)
    )
    assert [value for _day, value in chart.actuals] == [Decimal(0), Decimal(200), Decimal(500)]
    assert chart.planned[0] == (date(2024, 12, 31), Decimal(0))
    assert chart.planned[-1] == (date(2025, 12, 31), Decimal(1000))
    assert chart.forecast is not None and chart.forecast[0] == date(2025, 12, 31)
