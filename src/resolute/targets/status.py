"""A target's status on any day, explained with its numbers.

The rules, in the order they are tried (`evaluate`):

1. **On and after the deadline** a target is judged on its final value only: **achieved** when it
   satisfies the comparator (`compare`), else **not achieved**, with the gap between the final value
   and the goal (`gap_of`). The trajectory, the band and the forecast no longer play a part, so the
   deadline day and every day after it give the same status from the same figures. The final value
   is the year's value (combined by the indicator's `over_time` rule) over the periods up to the one
   holding the deadline: the figure of that period when it is in (even before the period has ended),
   else the latest figure reported before it — the sentence then says the judgment rests on an
   earlier figure. Figures of later periods do not count: the target was due by the deadline. A
   target judged across years falls back to the latest year with a figure; with no figure at all the
   target stays **not yet measurable**.
2. Before the deadline, across years (the baseline year is more than one year before the deadline's
   year), Open SDG's method: the observed compound annual growth since the baseline, divided by the
   growth required to reach the target on time, R. R ≥ 95% → **on track**; 60% ≤ R < 95% → **at
   risk**; below → **off track**.
3. An annual figure before its year has closed, or no figure yet → **not yet measurable**.
4. Against a reference series (e.g. below the national rate): on the right side of the reference →
   **on track**; otherwise how far it is, as a percentage of the reference, is judged by the band.
5. Within the year, the actual against the trajectory (the curve the office entered, else a straight
   line from the baseline at the start of the year — zero for a cumulative indicator — to the
   target at the deadline), on the day the latest reported period ended. The shortfall as a
   percentage of the planned change (planned − start) is compared with the tolerance band
   (`tolerance_percent`, 10 by default): ahead, or behind by no more than the band → **on track**;
   behind by more than the band and up to twice the band → **at risk**; further behind → **off track**.

The forecast is the least-squares line through the year's actuals, read at the deadline, before the
deadline only (after it the final value is known). It never undoes what a cumulative figure has
already reached: a running total whose periods add only non-negative figures can only grow, so its
forecast is never below the actual (and a running total of non-positive figures, which only
decreases, is never forecast above it). All the arithmetic is on `Decimal`; numbers are rounded only
when they are written into the sentence.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.core.periods import Period, PeriodType

from .models import Comparator, OverTime, Target
from .rollup import YearValue, format_number, year_value

HUNDRED = Decimal(100)
# Open SDG's thresholds for the ratio of observed to required annual growth.
OPEN_SDG_ON_TRACK = Decimal("0.95")
OPEN_SDG_AT_RISK = Decimal("0.6")


class TargetStatus(models.TextChoices):
    ACHIEVED = "achieved", gettext_lazy("achieved")
    # On and after the deadline a target that missed its goal is not achieved, never "off track":
    # off track, at risk and on track describe a target still under way.
    NOT_ACHIEVED = "not_achieved", gettext_lazy("not achieved")
    ON_TRACK = "on_track", gettext_lazy("on track")
    AT_RISK = "at_risk", gettext_lazy("at risk")
    OFF_TRACK = "off_track", gettext_lazy("off track")
    NOT_MEASURABLE = "not_measurable", gettext_lazy("not yet measurable")


@dataclass(frozen=True)
class Evaluation:
    """A status with what it rests on: the actual, the planned value, the forecast, one sentence
    with the numbers, and the rule (`formula`) that turned them into the status."""

    status: str
    actual: Decimal | None
    planned: Decimal | None
    forecast: Decimal | None
    sentence: str
    formula: str
    measured_on: date | None = None
    shortfall_percent: Decimal | None = None
    includes_submitted: bool = False
    # Set on and after the deadline: the target is judged on its final value, and `gap` is how far
    # that value is from the goal when it is not achieved.
    final: bool = False
    gap: Decimal | None = None


def compare(
    comparator: str,
    actual: Decimal,
    value: Decimal | None,
    value_max: Decimal | None = None,
    *,
    baseline: Decimal | None = None,
    reference: Decimal | None = None,
    reference_comparator: str = "",
) -> bool:
    """Whether `actual` satisfies the commitment, at full precision. A range includes both bounds;
    "below" and "above" exclude the value itself; a change from the baseline is reached when the
    actual has moved at least `value` (signed) from `baseline`; a relative target compares with
    `reference` on the side `reference_comparator` names."""
    if comparator == Comparator.AT_LEAST:
        return actual >= value
    if comparator == Comparator.AT_MOST:
        return actual <= value
    if comparator == Comparator.BELOW:
        return actual < value
    if comparator == Comparator.ABOVE:
        return actual > value
    if comparator == Comparator.EQUAL:
        return actual == value
    if comparator == Comparator.RANGE:
        return value <= actual <= value_max
    if comparator == Comparator.CHANGE_FROM_BASELINE:
        goal = baseline + value
        if value < 0:
            return actual <= goal
        if value > 0:
            return actual >= goal
        return actual == goal
    if comparator == Comparator.RELATIVE_TO_REFERENCE:
        if reference_comparator == Comparator.ABOVE:
            return actual > reference
        return actual < reference
    raise ValueError(f"unknown comparator {comparator!r}")


def _higher_is_better(target: Target) -> bool | None:
    """True or False for a one-sided target; None for equal and range (both sides matter)."""
    if target.comparator in (Comparator.AT_LEAST, Comparator.ABOVE):
        return True
    if target.comparator in (Comparator.AT_MOST, Comparator.BELOW):
        return False
    if target.comparator == Comparator.CHANGE_FROM_BASELINE:
        return None if target.value == 0 else target.value > 0
    if target.comparator == Comparator.RELATIVE_TO_REFERENCE:
        return target.reference_comparator == Comparator.ABOVE
    return None


def _start_of_year(target: Target) -> date:
    """The day the year's trajectory starts from: the last day of the previous year."""
    return date(target.year - 1, 12, 31)


def trajectory_start(target: Target) -> Decimal | None:
    """Where the year's trajectory starts: zero for a figure that accumulates over the year,
    else the baseline (None when there is none)."""
    if target.indicator.over_time == OverTime.CUMULATIVE:
        return Decimal(0)
    return target.baseline_value


def goal_of(target: Target) -> Decimal | None:
    """The figure the trajectory heads for by the deadline."""
    if target.comparator == Comparator.CHANGE_FROM_BASELINE:
        if target.baseline_value is None or target.value is None:
            return None
        return target.baseline_value + target.value
    if target.comparator == Comparator.RANGE:
        start = trajectory_start(target)
        if start is None:
            return target.value
        return min(max(start, target.value), target.value_max)
    if target.comparator == Comparator.RELATIVE_TO_REFERENCE:
        return None
    return target.value


def _interpolate(points: list[tuple[date, Decimal]], day: date) -> Decimal:
    if day <= points[0][0]:
        return points[0][1]
    for (day_before, value_before), (day_after, value_after) in zip(points, points[1:], strict=False):
        if day <= day_after:
            # Multiply before dividing, so a whole result stays whole.
            elapsed = Decimal((day - day_before).days)
            return value_before + (value_after - value_before) * elapsed / Decimal(
                (day_after - day_before).days
            )
    return points[-1][1]


def planned_on(target: Target, day: date) -> Decimal | None:
    """The value planned for `day`: on the curve the office entered (straight between its points),
    else on the straight line from the start of the year to the goal at the deadline."""
    start = trajectory_start(target)
    origin = [(_start_of_year(target), start)] if start is not None else []
    curve = sorted(
        (Period.parse(point.period).last_day, point.planned_value) for point in target.trajectory.all()
    )
    if curve:
        return _interpolate(origin + curve, day)
    goal = goal_of(target)
    if goal is None:
        return None
    if start is None:
        return goal
    return _interpolate([*origin, (target.deadline, goal)], day)


def forecast(target: Target, points: list[tuple[date, Decimal]]) -> Decimal | None:
    """The least-squares straight line through (day, value) points, read at the deadline; None
    with fewer than two distinct days."""
    origin = _start_of_year(target)
    xs = [Decimal((day - origin).days) for day, _value in points]
    ys = [value for _day, value in points]
    if len(set(xs)) < 2:
        return None
    mean_x = sum(xs, Decimal(0)) / len(xs)
    mean_y = sum(ys, Decimal(0)) / len(ys)
    slope = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)), Decimal(0)) / sum(
        ((x - mean_x) ** 2 for x in xs), Decimal(0)
    )
    return mean_y + slope * (Decimal((target.deadline - origin).days) - mean_x)


def bounded_by_what_is_reached(target: Target, measured: YearValue, predicted: Decimal | None):
    """The forecast, never on the wrong side of what a cumulative figure has already reached: a
    running total of non-negative figures only grows (its forecast is at least the actual), one of
    non-positive figures only decreases (its forecast is at most the actual)."""
    if predicted is None or measured.value is None or target.indicator.over_time != OverTime.CUMULATIVE:
        return predicted
    figures = list(measured.by_period.values())
    if all(figure >= 0 for figure in figures):
        return max(predicted, measured.value)
    if all(figure <= 0 for figure in figures):
        return min(predicted, measured.value)
    return predicted


def _points_of(target: Target, measured: YearValue) -> list[tuple[date, Decimal]]:
    """The year's actuals as (period end, value): running totals for a cumulative indicator."""
    start = trajectory_start(target)
    points = [(_start_of_year(target), start)] if start is not None else []
    running = Decimal(0)
    for code, value in measured.by_period.items():
        running += value
        cumulative = target.indicator.over_time == OverTime.CUMULATIVE
        points.append((Period.parse(code).last_day, running if cumulative else value))
    return points


def _number(target: Target, value: Decimal | None) -> str:
    return format_number(value, target.indicator.decimals)


def _percent(value: Decimal) -> str:
    """A percentage with no more decimals than it needs, up to two."""
    rounded = value.quantize(Decimal("0.01"))
    for decimals in (0, 1):
        if rounded == rounded.quantize(Decimal(1).scaleb(-decimals)):
            return format_number(rounded, decimals)
    return format_number(rounded, 2)


def _day(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _label(status: str) -> str:
    return str(TargetStatus(status).label)


def tolerance_of(target: Target) -> Decimal:
    """The target's tolerance band in percent (a Decimal even on an instance not read back)."""
    return Decimal(str(target.tolerance_percent))


def _band_status(shortfall_percent: Decimal, band: Decimal) -> str:
    if shortfall_percent <= band:
        return TargetStatus.ON_TRACK
    if shortfall_percent <= 2 * band:
        return TargetStatus.AT_RISK
    return TargetStatus.OFF_TRACK


BAND_FORMULA = gettext_lazy(
    "shortfall = (planned − actual) ÷ planned change × 100; on track when ahead or behind by no more "
    "than the band, at risk up to twice the band, off track beyond"
)
FINAL_FORMULA = gettext_lazy(
    "on and after the deadline: achieved when the final value satisfies the target, else not achieved, "
    "with the gap between the final value and the target"
)
OPEN_SDG_FORMULA = gettext_lazy(
    "R = observed annual growth since the baseline ÷ annual growth required to reach the target; "
    "on track when R ≥ 95%, at risk when 60% ≤ R < 95%, off track below"
)
REFERENCE_FORMULA = gettext_lazy(
    "on track on the right side of the reference; otherwise the gap as a percentage of the reference "
    "is judged by the band (at risk up to twice the band, off track beyond)"
)
NOT_MEASURABLE_FORMULA = gettext_lazy("a status needs at least one figure that counts")


def _reference_value(target: Target, as_of: date) -> tuple[Decimal | None, int]:
    """The reference unit's figure for the target's year, else for the year before."""
    for year in (target.year, target.year - 1):
        measured = year_value(target.indicator, target.reference_unit, year, as_of=as_of)
        if measured.value is not None:
            return measured.value, year
    return None, target.year


def _final_period(target: Target) -> Period:
    return Period.containing(target.deadline, target.indicator.periodicity)


def _with_submitted_note(evaluation: Evaluation) -> Evaluation:
    if evaluation.includes_submitted:
        sentence = evaluation.sentence + " " + _("Includes submitted figures not yet approved.")
        return replace(evaluation, sentence=sentence)
    return evaluation


def evaluate(target: Target, *, as_of: date) -> Evaluation:
    """The target's status on `as_of`: on and after the deadline from its final value
    (`judge_final`), before it from the values of the periods that ended by then."""
    if as_of >= target.deadline:
        return _with_submitted_note(judge_final(target))
    indicator = target.indicator
    measured = year_value(indicator, target.unit, target.year, as_of=as_of)
    actual = measured.value
    points = _points_of(target, measured)
    predicted = forecast(target, points) if measured.by_period else None
    predicted = bounded_by_what_is_reached(target, measured, predicted)
    common = {"actual": actual, "forecast": predicted, "includes_submitted": measured.includes_submitted}
    last_code = next(reversed(measured.by_period), None)
    measured_on = Period.parse(last_code).last_day if last_code else None

    if _across_years_target(target):
        return _with_submitted_note(_across_years(target, as_of, common))
    if actual is None:
        if indicator.periodicity == PeriodType.YEARLY and as_of <= date(target.year, 12, 31):
            sentence = _("An annual figure: it can be judged once the year has closed on %(day)s.") % {
                "day": _day(date(target.year, 12, 31))
            }
        else:
            sentence = _("No figure counts yet for the periods ended by %(day)s.") % {"day": _day(as_of)}
        return Evaluation(
            status=TargetStatus.NOT_MEASURABLE,
            planned=None,
            sentence=sentence,
            formula=str(NOT_MEASURABLE_FORMULA),
            **common,
        )
    if target.comparator == Comparator.RELATIVE_TO_REFERENCE:
        return _with_submitted_note(_against_reference(target, actual, as_of, measured_on, common))
    return _with_submitted_note(_against_trajectory(target, actual, measured_on, common))


def gap_of(target: Target, actual: Decimal, *, reference: Decimal | None = None) -> Decimal:
    """How far `actual` is from satisfying the target, as a distance (zero or more): short of a floor,
    over a ceiling, outside a range, off an exact value, a change or a reference."""
    comparator, value = target.comparator, target.value
    if comparator in (Comparator.AT_LEAST, Comparator.ABOVE):
        return max(value - actual, Decimal(0))
    if comparator in (Comparator.AT_MOST, Comparator.BELOW):
        return max(actual - value, Decimal(0))
    if comparator == Comparator.RANGE:
        if actual < value:
            return value - actual
        return max(actual - target.value_max, Decimal(0))
    if comparator == Comparator.CHANGE_FROM_BASELINE:
        return abs(target.baseline_value + value - actual)
    if comparator == Comparator.RELATIVE_TO_REFERENCE:
        return abs(actual - reference)
    return abs(actual - value)


def final_value(target: Target) -> tuple[YearValue, int]:
    """The figures a target is judged on from its deadline: the year's value over the periods up to
    the one holding the deadline (its figure counts once it is in), and the year they are of. A
    target judged across years falls back to the latest earlier year with a figure."""
    cut = _final_period(target).last_day
    measured = year_value(target.indicator, target.unit, target.year, as_of=cut)
    if measured.value is not None or not _across_years_target(target):
        return measured, target.year
    for year in range(target.year - 1, target.baseline_year, -1):
        earlier = year_value(target.indicator, target.unit, year, as_of=cut)
        if earlier.value is not None:
            return earlier, year
    return measured, target.year


def _across_years_target(target: Target) -> bool:
    return bool(
        target.baseline_year
        and target.baseline_value is not None
        and target.baseline_year < target.deadline.year - 1
    )


def judge_final(target: Target) -> Evaluation:
    """Achieved or not achieved (with the gap) on the final value: the same on the deadline day and
    on every day after it, given the same figures."""
    measured, year = final_value(target)
    actual = measured.value
    common = {"actual": actual, "forecast": None, "includes_submitted": measured.includes_submitted}
    last_code = next(reversed(measured.by_period), None)
    measured_on = Period.parse(last_code).last_day if last_code else None
    if actual is None:
        return Evaluation(
            status=TargetStatus.NOT_MEASURABLE,
            planned=None,
            sentence=_("No figure counts for the periods up to the deadline, %(day)s.")
            % {"day": _day(target.deadline)},
            formula=str(NOT_MEASURABLE_FORMULA),
            final=True,
            **common,
        )
    reference = None
    if target.comparator == Comparator.RELATIVE_TO_REFERENCE:
        reference, _year = _reference_value(target, _final_period(target).last_day)
        if reference is None:
            return Evaluation(
                status=TargetStatus.NOT_MEASURABLE,
                planned=None,
                sentence=_("The reference figure is not in yet."),
                formula=str(NOT_MEASURABLE_FORMULA),
                measured_on=measured_on,
                final=True,
                **common,
            )
    met = compare(
        target.comparator,
        actual,
        target.value,
        target.value_max,
        baseline=target.baseline_value,
        reference=reference,
        reference_comparator=target.reference_comparator,
    )
    status = TargetStatus.ACHIEVED if met else TargetStatus.NOT_ACHIEVED
    gap = None if met else gap_of(target, actual, reference=reference)
    goal = reference if reference is not None else goal_of(target)
    words = {
        "deadline": _day(target.deadline),
        "actual": _number(target, actual),
        "gap": _number(target, gap),
        "status": _label(status),
    }
    if target.comparator == Comparator.RANGE:
        words.update(low=_number(target, target.value), high=_number(target, target.value_max))
        if met:
            sentence = _(
                "target between %(low)s and %(high)s by %(deadline)s, actual %(actual)s → %(status)s"
            )
        else:
            sentence = _(
                "target between %(low)s and %(high)s by %(deadline)s, actual %(actual)s, gap %(gap)s "
                "→ %(status)s"
            )
    else:
        words.update(comparator=_comparator_words(target), goal=_number(target, goal))
        if met:
            sentence = _("target %(comparator)s %(goal)s by %(deadline)s, actual %(actual)s → %(status)s")
        else:
            sentence = _(
                "target %(comparator)s %(goal)s by %(deadline)s, actual %(actual)s, gap %(gap)s → %(status)s"
            )
    sentence = sentence % words
    final_code = _final_period(target).code
    if year != target.year or final_code not in measured.by_period:
        sentence += ". " + _(
            "The figure for the period holding the deadline is not in: judged on the latest figure, "
            "for the period ended %(day)s."
        ) % {"day": _day(measured_on)}
    return Evaluation(
        status=status,
        planned=goal,
        sentence=sentence,
        formula=str(FINAL_FORMULA),
        measured_on=measured_on,
        final=True,
        gap=gap,
        **common,
    )


def _comparator_words(target: Target) -> str:
    """How the final sentence names the comparison: a change is judged against the goal it leads to."""
    if target.comparator == Comparator.CHANGE_FROM_BASELINE:
        return str(Comparator.AT_MOST.label if target.value < 0 else Comparator.AT_LEAST.label)
    if target.comparator == Comparator.RELATIVE_TO_REFERENCE:
        return str(Comparator(target.reference_comparator or Comparator.BELOW).label)
    return str(Comparator(target.comparator).label)


def _against_trajectory(target, actual, measured_on, common) -> Evaluation:
    planned = planned_on(target, measured_on)
    start = trajectory_start(target)
    higher_is_better = _higher_is_better(target)
    if target.comparator == Comparator.RANGE and target.value <= actual <= target.value_max:
        shortfall = Decimal(0)
    elif target.comparator == Comparator.RANGE:
        shortfall = min(abs(actual - target.value), abs(actual - target.value_max))
    elif higher_is_better is None:
        shortfall = abs(actual - planned)
    else:
        shortfall = planned - actual if higher_is_better else actual - planned
    planned_change = abs(planned - start) if start is not None and planned != start else abs(planned)
    band = tolerance_of(target)
    if shortfall <= 0:
        shortfall_percent = Decimal(0) if planned_change == 0 else shortfall / planned_change * HUNDRED
        status = TargetStatus.ON_TRACK
        sentence = _(
            "planned %(planned)s by %(day)s, actual %(actual)s: on or ahead of the plan, "
            "band %(band)s%% → %(status)s"
        )
    else:
        shortfall_percent = None if planned_change == 0 else shortfall / planned_change * HUNDRED
        status = (
            TargetStatus.OFF_TRACK if shortfall_percent is None else _band_status(shortfall_percent, band)
        )
        sentence = _(
            "planned %(planned)s by %(day)s, actual %(actual)s: %(behind)s%% behind, "
            "band %(band)s%% → %(status)s"
        )
    sentence = sentence % {
        "planned": _number(target, planned),
        "day": _day(measured_on),
        "actual": _number(target, actual),
        "behind": _percent(shortfall_percent) if shortfall_percent is not None else "—",
        "band": _percent(band),
        "status": _label(status),
    }
    if common["forecast"] is not None:
        sentence += ". " + _("Forecast for %(deadline)s: %(forecast)s.") % {
            "deadline": _day(target.deadline),
            "forecast": _number(target, common["forecast"]),
        }
    return Evaluation(
        status=status,
        planned=planned,
        sentence=sentence,
        formula=str(BAND_FORMULA),
        measured_on=measured_on,
        shortfall_percent=shortfall_percent,
        **common,
    )


def _against_reference(target, actual, as_of, measured_on, common) -> Evaluation:
    reference, reference_year = _reference_value(target, as_of)
    if reference is None:
        return Evaluation(
            status=TargetStatus.NOT_MEASURABLE,
            planned=None,
            sentence=_("The reference figure is not in yet."),
            formula=str(NOT_MEASURABLE_FORMULA),
            measured_on=measured_on,
            **common,
        )
    if compare(
        Comparator.RELATIVE_TO_REFERENCE,
        actual,
        None,
        reference=reference,
        reference_comparator=target.reference_comparator,
    ):
        status, gap_percent = TargetStatus.ON_TRACK, Decimal(0)
    else:
        gap_percent = abs(actual - reference) / abs(reference) * HUNDRED if reference else None
        status = (
            TargetStatus.OFF_TRACK if gap_percent is None else _band_status(gap_percent, tolerance_of(target))
        )
    sentence = _(
        "actual %(actual)s by %(day)s, reference %(reference)s (%(unit)s, %(year)s): should be %(side)s it, "
        "gap %(gap)s%%, band %(band)s%% → %(status)s"
    ) % {
        "actual": _number(target, actual),
        "day": _day(measured_on),
        "reference": _number(target, reference),
        "unit": target.reference_unit,
        "year": reference_year,
        "side": _comparator_words(target),
        "gap": _percent(gap_percent) if gap_percent is not None else "—",
        "band": _percent(tolerance_of(target)),
        "status": _label(status),
    }
    return Evaluation(
        status=status,
        planned=reference,
        sentence=sentence,
        formula=str(REFERENCE_FORMULA),
        measured_on=measured_on,
        shortfall_percent=gap_percent,
        **common,
    )


def _annual_growth(start: Decimal, end: Decimal, years: int) -> Decimal | None:
    """Compound annual growth from `start` to `end` over `years`, or the straight yearly change
    relative to |start| when the values are not both positive (a compound rate is undefined)."""
    if start > 0 and end > 0:
        return (end / start) ** (Decimal(1) / Decimal(years)) - 1
    if start != 0:
        return (end - start) / abs(start) / years
    return None


def _across_years(target: Target, as_of: date, common) -> Evaluation:
    """Open SDG's progress measure: observed against required annual growth since the baseline."""
    base_year, base = target.baseline_year, target.baseline_value
    latest_year, latest = None, None
    for year in range(min(target.deadline.year, as_of.year), base_year, -1):
        measured = year_value(target.indicator, target.unit, year, as_of=as_of)
        if measured.value is not None:
            latest_year, latest = year, measured.value
            break
    goal = goal_of(target) if target.comparator != Comparator.RANGE else target.value
    if latest is None or goal is None:
        return Evaluation(
            status=TargetStatus.NOT_MEASURABLE,
            planned=None,
            sentence=_("No figure counts yet since the baseline year %(year)s.") % {"year": base_year},
            formula=str(NOT_MEASURABLE_FORMULA),
            **{**common, "actual": latest},
        )
    observed = _annual_growth(base, latest, latest_year - base_year)
    required = _annual_growth(base, goal, target.deadline.year - base_year)
    if observed is None or not required:
        ratio = None
        status = TargetStatus.NOT_MEASURABLE
    else:
        ratio = observed / required
        if ratio >= OPEN_SDG_ON_TRACK:
            status = TargetStatus.ON_TRACK
        elif ratio >= OPEN_SDG_AT_RISK:
            status = TargetStatus.AT_RISK
        else:
            status = TargetStatus.OFF_TRACK
    sentence = _(
        "required growth %(required)s%% a year from %(baseline)s in %(baseline_year)s to %(goal)s in "
        "%(deadline_year)s; observed %(observed)s%% a year to %(actual)s in %(year)s: %(ratio)s%% of the "
        "required pace → %(status)s"
    ) % {
        "required": _percent(required * HUNDRED) if required is not None else "—",
        "baseline": _number(target, base),
        "baseline_year": base_year,
        "goal": _number(target, goal),
        "deadline_year": target.deadline.year,
        "observed": _percent(observed * HUNDRED) if observed is not None else "—",
        "actual": _number(target, latest),
        "year": latest_year,
        "ratio": _percent(ratio * HUNDRED) if ratio is not None else "—",
        "status": _label(status),
    }
    return Evaluation(
        status=status,
        planned=goal,
        sentence=sentence,
        formula=str(OPEN_SDG_FORMULA),
        measured_on=date(latest_year, 12, 31),
        shortfall_percent=None,
        **{**common, "actual": latest},
    )
