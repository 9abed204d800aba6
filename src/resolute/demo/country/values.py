"""The country's indicators, targets and values: per province, copies of the demo's twelve indicators
and fifteen targets (as `demo.synthetic` makes them for its province), with figures for the province
and its communes over the last five years.

Each copy's figures follow the demo's (moved to the years before the day of the history, a little lower
each year further back), half of its series scaled by a factor near 1 so that targets of different
copies reach different statuses. What adds up across units (budget revenue, jobs, houses replaced, poor
households lifted out of poverty) is reported by the communes, each its share of the province's figure,
and rolls up to the province; the rates are reported by the province and by each commune for itself.
Every figure is approved (by the system, as the demo's are), dated a few days after its period; some
are revised — an estimate followed by a preliminary figure, a preliminary one by the official figure —
and the older row then points to the one that superseded it (`superseded_by`), both approved, as
`targets.actions.values.approve_values` leaves them.

The figures come province by province until the province's share of `--values` is written: the
province's own series and the years of the targets first, so even a small share gives every target
its figures, then the communes' earlier years, then more copies.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from resolute.core import clock
from resolute.core.periods import Period, PeriodType
from resolute.directives.models import DocumentKind
from resolute.targets.models import (
    Comparator,
    DataValue,
    Indicator,
    Target,
    TargetBreakdown,
    ValueState,
    Vintage,
)

from .. import targets as demo
from ..synthetic import SAMPLE_COMMENT
from .common import between, spread
from .tables import Table

HISTORY_YEARS = 5
ESTIMATE, PRELIMINARY, OFFICIAL = Vintage.ESTIMATE, Vintage.PRELIMINARY, Vintage.OFFICIAL
# What adds up across units is reported by the communes; the rest by every unit for itself.
BY_COMMUNES = ("BUDGET_REVENUE", "JOBS", "HOUSES_REPLACED", "POOR_HOUSEHOLDS_REDUCED")
# How a rate moves from one year to the next (in its own unit), going back in time: poverty was higher,
# coverage lower.
YEARLY_DRIFT = {
    "POVERTY_RATE": Decimal("0.45"),
    "NEAR_POOR_RATE": Decimal("0.30"),
    "INVESTMENT_SHARE": Decimal("-0.4"),
    "TRAINED_LABOUR": Decimal("-1.5"),
    "HOSPITAL_BEDS": Decimal("-0.7"),
    "HEALTH_INSURANCE": Decimal("-0.6"),
    "FOREST_COVER": Decimal("-0.12"),
}


def value_tables(stamp) -> dict[str, Table]:
    common = {"is_sample": True, "created_at": stamp, "updated_at": stamp}
    return {
        "indicators": Table(
            Indicator,
            (
                "id",
                "code",
                "name",
                "name_en",
                "unit_of_measure",
                "unit_of_measure_en",
                "decimals",
                "direction",
                "across_units",
                "over_time",
                "periodicity",
                "minimum",
                "maximum",
                "jump_warning_percent",
                "source",
            ),
            {**common, "version": 1},
        ),  # fmt: skip
        "targets": Table(
            Target,
            (
                "id",
                "document",
                "source_text",
                "area",
                "indicator",
                "unit",
                "year",
                "deadline",
                "comparator",
                "value",
                "value_max",
                "baseline_value",
                "baseline_year",
            ),
            {**common, "version": 1, "tolerance_percent": Decimal(10)},
        ),  # fmt: skip
        "breakdown": Table(TargetBreakdown, ("id", "target", "unit", "value")),
        "values": Table(
            DataValue,
            ("id", "indicator", "unit", "period", "vintage", "value", "superseded_by", "decided_at"),
            {**common, "comment": SAMPLE_COMMENT, "state": ValueState.APPROVED},
        ),
    }


def as_text(units: int, decimals: int) -> str:
    """A whole number of 10^-decimals as a decimal numeral: 12345, 2 → "123.45"."""
    if not decimals:
        return str(units)
    sign = "-" if units < 0 else ""
    whole, fraction = divmod(abs(units), 10**decimals)
    return f"{sign}{whole}.{fraction:0{decimals}d}"


def in_units(value, decimals: int) -> int:
    return int((Decimal(str(value)) * 10**decimals).to_integral_value())


class Cell(NamedTuple):
    """A period as the figures' loops read it (a `Period`'s code and index computed once)."""

    code: str
    year: int
    index: int


class Periods:
    """The periods of each type that ended before the day of the history, over the last five years,
    with the moment their figures were approved (ten days after the period, a revision fifty days
    later, never after the day of the history)."""

    def __init__(self, today: date):
        self.today = today
        self.years = list(range(today.year - HISTORY_YEARS + 1, today.year + 1))
        self.by_type: dict[str, list[Cell]] = {}
        self.approved: dict[str, tuple[datetime, datetime]] = {}
        zone = clock.local_zone()
        latest = datetime.combine(today, time(8, 0), zone)
        for period_type in (PeriodType.MONTHLY, PeriodType.QUARTERLY, PeriodType.YEARLY):
            periods = [
                period
                for year in self.years
                for period in Period.all_in_year(year, period_type)
                if period.last_day < today
            ]
            self.by_type[period_type] = [Cell(period.code, period.year, period.index) for period in periods]
            for period in periods:
                first = datetime.combine(period.last_day + timedelta(days=10), time(9, 0), zone)
                self.approved[period.code] = (min(first, latest), min(first + timedelta(days=50), latest))

    def of(self, period_type: str, years) -> list[Cell]:
        return [period for period in self.by_type[period_type] if period.year in years]


class ProvinceValues:
    """Writes one province's share of the values (see the module's docstring)."""

    def __init__(self, generator, province, writer, rng: random.Random):
        self.generator = generator
        self.province = province
        self.writer = writer  # a TaskWriter, for the documents the targets come from
        self.rng = rng
        self.seed = generator.options.seed
        self.today = generator.options.today
        self.ids = generator.ids
        self.sink = generator.sink
        self.tables = generator.tables["values"]
        self.periods = generator.periods
        self.approved = self.periods.approved
        self.next_value_id = self.ids.counter(self.tables["values"])
        self.last_year, self.this_year = self.today.year - 1, self.today.year
        self.older_years = [year for year in self.periods.years if year < self.last_year]
        # Each commune's share of what adds up (50 to 150 parts of the total of the parts).
        communes = province.communes
        self.parts = [between(rng, 50, 150) for _commune in communes]
        self.total_parts = sum(self.parts) or 1
        self.house_shares = spread(demo.HOUSES_TOTAL, self.parts)
        self.rates: dict[tuple, int] = {}
        self.paces = [Decimal(between(rng, 75, 100)) / 100 for _commune in communes]

    def write(self, quota: int) -> None:
        self.left = quota
        copy = 0
        while self.left > 0:
            copy += 1
            indicators = self.write_indicators(copy)
            self.write_targets(copy, indicators)
            self.write_figures(indicators)

    # -- the registry and the targets ------------------------------------------------------------------

    def write_indicators(self, copy: int) -> dict[str, tuple]:
        """The demo's indicators, coded for this province and copy: {code: (id, decimals, factor per
        mille)}."""
        table = self.tables["indicators"]
        rows, created = [], {}
        province = self.province
        for code, fields in demo.INDICATORS.items():
            name, name_en, measure, decimals, direction, across, over_time, periodicity, low, high, jump = (
                fields
            )
            indicator_id = self.ids.take(table)
            rows.append(
                (
                    indicator_id,
                    f"M{self.seed}-{province.shape.code}-{copy:02d}-{code}",
                    f"{name} ({province.shape.name}, mô phỏng {copy})",
                    f"{name_en} ({province.shape.name_en}, synthetic {copy})",
                    measure,
                    demo.UNITS_OF_MEASURE_EN.get(measure, ""),
                    decimals,
                    direction,
                    across,
                    over_time,
                    periodicity,
                    None if low is None else Decimal(low),
                    None if high is None else Decimal(high),
                    Decimal(jump),
                    f"Thống kê {province.shape.full_name} (mô phỏng)",
                )
            )
            # Half the series keep the demo's figures, the others are scaled by a factor near 1.
            factor = 1000 if self.rng.random() < 0.5 else between(self.rng, 920, 1080)
            created[code] = (indicator_id, decimals, factor)
        self.sink.write(table, rows)
        return created

    def write_targets(self, copy: int, indicators: dict[str, tuple]) -> None:
        """The demo's targets for this copy: last year's, from a conclusion and a resolution, and this
        year's, as `synthetic.ProvinceGenerator.target_copy` sets them."""
        province, writer, last_year, this_year = self.province, self.writer, self.last_year, self.this_year
        issued_on = date(last_year - 1, 12, 7)
        conclusion = writer.write_document(
            kind=DocumentKind.CONCLUSION,
            number=f"{100 + copy}-KL/TU",
            title=f"Kết luận mô phỏng số {100 + copy} của {province.party.name} về nhiệm vụ năm {last_year}",
            issuer=province.party,
            owner=province.party_office,
            issued_on=issued_on,
        )
        resolution = writer.write_document(
            kind=DocumentKind.RESOLUTION,
            number=f"{200 + copy}-NQ/TU",
            title=f"Nghị quyết mô phỏng số {200 + copy} về phương hướng, nhiệm vụ năm {last_year}",
            issuer=province.party,
            owner=province.party_office,
            issued_on=issued_on,
        )
        rows = [
            ("GRDP_GROWTH", conclusion, last_year, Comparator.RANGE, "9.5", "10", "7.1"),
            ("POVERTY_RATE", conclusion, last_year, Comparator.BELOW, "4", None, "4.56"),
            ("NEAR_POOR_RATE", conclusion, last_year, Comparator.BELOW, "3.71", None, None),
            (
                "HOUSES_REPLACED",
                conclusion,
                last_year,
                Comparator.AT_LEAST,
                str(demo.HOUSES_TOTAL),
                None,
                str(demo.HOUSES_DONE_2024),
            ),
        ]
        rows += [
            (code, resolution, last_year, comparator, value, None, baseline)
            for code, _quote, comparator, value, baseline in demo.RESOLUTION_TARGETS
        ]
        rows += [
            (code, resolution, this_year, Comparator.AT_LEAST, value, None, None)
            for code, _q, value in demo.TARGETS_2026
        ]
        table = self.tables["targets"]
        targets, breakdown = [], []
        for code, document, year, comparator, value, value_max, baseline in rows:
            target_id = self.ids.take(table)
            targets.append(
                (
                    target_id,
                    document,
                    f"Chỉ tiêu mô phỏng: {demo.INDICATORS[code][0]}.",
                    demo.AREA_OF_INDICATOR.get(code, "Về kinh tế - xã hội"),
                    indicators[code][0],
                    province.unit.id,
                    year,
                    date(year, 12, 31),
                    comparator,
                    Decimal(value),
                    None if value_max is None else Decimal(value_max),
                    None if baseline is None else Decimal(baseline),
                    None if baseline is None else year - 1,
                )
            )
            if code == "HOUSES_REPLACED":
                shares = self.tables["breakdown"]
                breakdown += [
                    (self.ids.take(shares), target_id, commune.id, Decimal(share))
                    for commune, share in zip(province.communes, self.house_shares, strict=True)
                ]
        self.sink.write(table, targets)
        if breakdown:
            self.sink.write(self.tables["breakdown"], breakdown)

    # -- the figures -----------------------------------------------------------------------------------

    def emit(
        self,
        rows: list,
        indicator_id: int,
        unit_id: int,
        period: Cell,
        vintage: int,
        value: str,
        revised=None,
    ):
        """One cell: its figure, and when `revised` is (vintage, value), the later figure superseding it
        (only when both fit in what is left to write)."""
        if self.left <= 0:
            return
        first, later = self.approved[period.code]
        value_id = self.next_value_id()
        if revised is not None and self.left >= 2:
            newer_id = self.next_value_id()
            rows.append((value_id, indicator_id, unit_id, period.code, vintage, value, newer_id, first))
            rows.append((newer_id, indicator_id, unit_id, period.code, revised[0], revised[1], None, later))
            self.left -= 2
        else:
            rows.append((value_id, indicator_id, unit_id, period.code, vintage, value, None, first))
            self.left -= 1

    def flush(self, rows: list) -> None:
        if rows:
            self.sink.write(self.tables["values"], rows)
            rows.clear()

    def write_figures(self, indicators: dict[str, tuple]) -> None:
        rows: list = []
        target_years = (self.last_year, self.this_year)
        self.province_series(rows, indicators, target_years)
        self.commune_sums(rows, indicators, target_years)
        self.flush(rows)
        self.province_series(rows, indicators, self.older_years)
        self.commune_sums(rows, indicators, self.older_years)
        self.flush(rows)
        self.commune_rates(rows, indicators)
        self.flush(rows)

    def province_series(self, rows, indicators, years) -> None:
        """The province's own figures: quarterly GRDP growth (preliminary, half of the closed years'
        quarters then official) and the yearly rates (an estimate, revised by the official figure for
        two in five)."""
        rng, unit_id, periods = self.rng, self.province.unit.id, self.periods
        indicator_id, decimals, factor = indicators["GRDP_GROWTH"]
        growth = [in_units(value, decimals) for value in demo.GRDP_2025.values()]
        for period in periods.of(PeriodType.QUARTERLY, years):
            base = growth[period.index - 1] - 3 * (self.last_year - period.year)
            value = base * factor // 1000
            revised = None
            if period.year < self.this_year and rng.random() < 0.5:
                revised = (OFFICIAL, as_text(value + between(rng, -2, 2), decimals))
            self.emit(rows, indicator_id, unit_id, period, PRELIMINARY, as_text(value, decimals), revised)
        for code, figure in demo.YEARLY_2025.items():
            if code in BY_COMMUNES:
                continue
            indicator_id, decimals, factor = indicators[code]
            for period in periods.of(PeriodType.YEARLY, years):
                value = self.rate(code, figure, decimals, factor, period.year)
                revised = (
                    (OFFICIAL, as_text(value + between(rng, -3, 3), decimals)) if rng.random() < 0.4 else None
                )
                self.emit(rows, indicator_id, unit_id, period, ESTIMATE, as_text(value, decimals), revised)

    def rate(self, code: str, figure: str, decimals: int, factor: int, year: int) -> int:
        """The province's rate of `code` in `year`, in units of its last decimal."""
        key = (code, factor, year)
        if key not in self.rates:
            drift = YEARLY_DRIFT.get(code, Decimal(0)) * (self.last_year - year)
            self.rates[key] = max(0, in_units(Decimal(figure) + drift, decimals) * factor // 1000)
        return self.rates[key]

    def commune_sums(self, rows, indicators, years) -> None:
        """What the communes report and the province adds up: monthly revenue and jobs (each commune its
        share of the demo's province figure; one estimate in twenty revised by a preliminary figure),
        houses replaced (each commune's running total of its share of the programme, last year, then
        its share done) and the yearly poor households lifted out of poverty."""
        rng, periods, communes, parts, whole = (
            self.rng,
            self.periods,
            self.province.communes,
            self.parts,
            self.total_parts,
        )
        for code, by_month in (("BUDGET_REVENUE", _monthly_revenue), ("JOBS", _monthly_jobs)):
            indicator_id, _decimals, factor = indicators[code]
            for period in periods.of(PeriodType.MONTHLY, years):
                total = by_month(period, self.last_year) * factor
                for commune, part in zip(communes, parts, strict=True):
                    value = total * part // (1000 * whole)
                    revised = None
                    if rng.random() < 0.05:
                        revised = (PRELIMINARY, str(value * between(rng, 97, 103) // 100))
                    self.emit(rows, indicator_id, commune.id, period, ESTIMATE, str(value), revised)
                if self.left <= 0:
                    return
        indicator_id, _decimals, factor = indicators["HOUSES_REPLACED"]
        months = {period.code: period for period in periods.of(PeriodType.MONTHLY, years)}
        if self.last_year in years or self.this_year in years:
            for commune, share, pace in zip(communes, self.house_shares, self.paces, strict=True):
                done = demo.houses_done_by_month(share, str(pace))
                for year in (self.last_year, self.this_year):
                    for month in range(1, 13):
                        period = months.get(f"{year}{month:02d}")
                        if period is None:
                            continue
                        houses = done[month - 1] if year == self.last_year else share
                        self.emit(
                            rows, indicator_id, commune.id, period, ESTIMATE, str(houses * factor // 1000)
                        )
                if self.left <= 0:
                    return
        indicator_id, _decimals, factor = indicators["POOR_HOUSEHOLDS_REDUCED"]
        base = int(demo.YEARLY_2025["POOR_HOUSEHOLDS_REDUCED"])
        for period in periods.of(PeriodType.YEARLY, years):
            total = (
                base * factor * 95 ** (self.last_year - period.year) // 100 ** (self.last_year - period.year)
            )
            for commune, part in zip(communes, parts, strict=True):
                value = total * part // (1000 * whole)
                self.emit(rows, indicator_id, commune.id, period, ESTIMATE, str(value))

    def commune_rates(self, rows, indicators) -> None:
        """Each commune's own yearly rates, within 15% of the province's."""
        rng, periods = self.rng, self.periods
        years = self.periods.years
        for commune in self.province.communes:
            scale = between(rng, 850, 1150)
            for code, figure in demo.YEARLY_2025.items():
                if code in BY_COMMUNES:
                    continue
                indicator_id, decimals, factor = indicators[code]
                high = demo.INDICATORS[code][9]
                for period in periods.of(PeriodType.YEARLY, years):
                    value = self.rate(code, figure, decimals, factor, period.year) * scale // 1000
                    if high is not None:
                        value = min(value, in_units(high, decimals))
                    revised = None
                    if rng.random() < 0.4:
                        revised = (OFFICIAL, as_text(max(0, value + between(rng, -3, 3)), decimals))
                    self.emit(
                        rows, indicator_id, commune.id, period, ESTIMATE, as_text(value, decimals), revised
                    )
            if self.left <= 0:
                return
            if len(rows) >= 20_000:
                self.flush(rows)


def _monthly_revenue(period: Cell, last_year: int) -> int:
    """The demo's province revenue of the month (billion VND), this year's from this year's series, the
    years before last a twelfth lower for each year back."""
    if period.year > last_year:
        return demo.REVENUE_2026[period.index - 1]
    return (
        demo.REVENUE_2025[period.index - 1]
        * 92 ** (last_year - period.year)
        // 100 ** (last_year - period.year)
    )


def _monthly_jobs(period: Cell, last_year: int) -> int:
    if period.year > last_year:
        return demo.JOBS_2026[period.index - 1]
    return (
        demo.JOBS_2025[period.index - 1] * 95 ** (last_year - period.year) // 100 ** (last_year - period.year)
    )
