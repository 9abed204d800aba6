"""The demo's indicators, targets and values.

The 2025 targets come from the seed conclusion, each anchored to the clause that states it: GRDP growth
of 9.5–10%, a poverty rate below 4% by the end of 2025, a near-poor rate lower than the national rate,
and all 10,945 temporary and dilapidated houses replaced by the end of 2025. The other public 2025
indicators of Quang Nam (budget revenue, investment, trained labour, poor households, jobs, hospital
beds, health insurance, forest cover) come from the 2025 resolution. The 2024 baselines are the seed's.

Modelling choices a reader needs:
- HOUSES_REPLACED is the running total of houses replaced since the programme began (6,535 of 10,945 at
  the end of 2024), summed across units; a year's figure is its latest month. The target's breakdown
  across the 18 districts (summing to 10,945) is simulated.
- The national reference series of the near-poor rate belongs to the top-level unit “Cả nước” (kind
  other, “Viet Nam (national)”), the provinces' common root, which holds reference figures only.
- Values are simulated (approved, entered by the system): monthly houses by district for 2025, every
  district finishing its share in December except Hoi An, whose December is left for its reporter to
  enter (until then the province is 120 houses short: off track; with it, achieved); monthly revenue
  and jobs, quarterly GRDP growth and the yearly figures. Two 2026 targets (revenue and jobs, sample
  targets under the provincial planning) have monthly values up to the last month ended before the
  demo's “today”, and a 2026 forest cover target is not measurable before its year closes, so every
  status appears.
- Simulated values are marked as sample data after they are saved (the value actions do not take the
  flag); every figure's comment says it is simulated.

Loading again adds nothing: an indicator that exists is kept, and the targets and values are written only
when the province has no targets yet.
"""

from datetime import date
from decimal import Decimal

from resolute.core import clock
from resolute.core.periods import Period, PeriodType
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.models import OrgUnit, OrgUnitKind
from resolute.targets.actions import indicators as indicator_actions
from resolute.targets.actions import targets as target_actions
from resolute.targets.actions import values as value_actions
from resolute.targets.actions.evaluations import refresh_target_evaluations
from resolute.targets.models import (
    AcrossUnits,
    Comparator,
    DataValue,
    Direction,
    Indicator,
    OverTime,
    Target,
    Vintage,
)

from . import danang

SAMPLE_COMMENT = "Số liệu mô phỏng cho bản demo."
NATIONAL_NAME = "Cả nước"
STATISTICS = "Cục Thống kê tỉnh Quảng Nam"

HIGHER, LOWER, RANGE = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER, Direction.WITHIN_RANGE
M, Q, Y = PeriodType.MONTHLY, PeriodType.QUARTERLY, PeriodType.YEARLY

# The units of measure in English; a symbol such as % reads the same in both languages.
UNITS_OF_MEASURE_EN = {
    "căn nhà": "houses",
    "tỷ đồng": "billion VND",
    "hộ": "households",
    "người": "persons",
    "giường/10.000 dân": "beds per 10,000 people",
}

# code: (Vietnamese name, English name, unit of measure, decimals, direction, across units, over time,
#        periodicity, minimum, maximum, jump warning %)
INDICATORS = {
    "GRDP_GROWTH": (
        "Tốc độ tăng trưởng GRDP",
        "GRDP growth",
        "%",
        1,
        RANGE,
        AcrossUnits.NONE,
        OverTime.LATEST,
        Q,
        -20,
        30,
        30,
    ),
    "POVERTY_RATE": (
        "Tỷ lệ hộ nghèo",
        "Poverty rate",
        "%",
        2,
        LOWER,
        AcrossUnits.NONE,
        OverTime.LATEST,
        Y,
        None,
        None,
        40,
    ),
    "NEAR_POOR_RATE": (
        "Tỷ lệ hộ cận nghèo",
        "Near-poor household rate",
        "%",
        2,
        LOWER,
        AcrossUnits.NONE,
        OverTime.LATEST,
        Y,
        None,
        None,
        40,
    ),
    "HOUSES_REPLACED": (
        "Số nhà tạm, nhà dột nát đã xóa (lũy kế)",
        "Temporary and dilapidated houses replaced (running total)",
        "căn nhà",
        0,
        HIGHER,
        AcrossUnits.SUM,
        OverTime.LATEST,
        M,
        0,
        None,
        20,
    ),
    "BUDGET_REVENUE": (
        "Thu ngân sách nhà nước trên địa bàn",
        "State budget revenue",
        "tỷ đồng",
        0,
        HIGHER,
        AcrossUnits.SUM,
        OverTime.CUMULATIVE,
        M,
        0,
        None,
        60,
    ),
    "INVESTMENT_SHARE": (
        "Tổng vốn đầu tư phát triển so với GRDP",
        "Development investment as a share of GRDP",
        "%",
        1,
        HIGHER,
        AcrossUnits.NONE,
        OverTime.LATEST,
        Y,
        None,
        None,
        30,
    ),
    "TRAINED_LABOUR": (
        "Tỷ lệ lao động qua đào tạo",
        "Share of trained workers",
        "%",
        1,
        HIGHER,
        AcrossUnits.NONE,
        OverTime.LATEST,
        Y,
        None,
        None,
        20,
    ),
    "POOR_HOUSEHOLDS_REDUCED": (
        "Số hộ nghèo giảm trong năm",
        "Poor households lifted out of poverty",
        "hộ",
        0,
        HIGHER,
        AcrossUnits.SUM,
        OverTime.CUMULATIVE,
        Y,
        0,
        None,
        50,
    ),
    "JOBS": (
        "Số lao động được giải quyết việc làm",
        "Jobs created",
        "người",
        0,
        HIGHER,
        AcrossUnits.SUM,
        OverTime.CUMULATIVE,
        M,
        0,
        None,
        60,
    ),
    "HOSPITAL_BEDS": (
        "Số giường bệnh trên 10.000 dân",
        "Hospital beds per 10,000 people",
        "giường/10.000 dân",
        1,
        HIGHER,
        AcrossUnits.NONE,
        OverTime.LATEST,
        Y,
        0,
        200,
        20,
    ),
    "HEALTH_INSURANCE": (
        "Tỷ lệ dân số tham gia bảo hiểm y tế",
        "Health insurance coverage",
        "%",
        1,
        HIGHER,
        AcrossUnits.NONE,
        OverTime.LATEST,
        Y,
        None,
        None,
        10,
    ),
    "FOREST_COVER": (
        "Tỷ lệ che phủ rừng",
        "Forest cover",
        "%",
        2,
        HIGHER,
        AcrossUnits.NONE,
        OverTime.LATEST,
        Y,
        None,
        None,
        5,
    ),
}

END_2025 = date(2025, 12, 31)

# The seed conclusion's targets: (indicator, words of the clause that states it, comparator, value,
# upper value, baseline, target-specific fields).
CONCLUSION_TARGETS = [
    ("GRDP_GROWTH", "9.5 - 10%", Comparator.RANGE, "9.5", "10", "7.1", {}),
    ("POVERTY_RATE", "below 4% by the end of 2025", Comparator.BELOW, "4", None, "4.56", {}),
    (
        "NEAR_POOR_RATE",
        "lower than the general near-poor household rate",
        Comparator.RELATIVE_TO_REFERENCE,
        None,
        None,
        None,
        {"reference_comparator": Comparator.BELOW},
    ),
    ("HOUSES_REPLACED", "strive to eliminate 10,945", Comparator.AT_LEAST, "10945", None, "6535", {}),
]

# The 2025 resolution's §7 targets: (indicator, quoted target, comparator, value, baseline).
RESOLUTION_TARGETS = [
    (
        "BUDGET_REVENUE",
        "Thu ngân sách nhà nước trên địa bàn đạt 25.000 tỷ đồng.",
        Comparator.AT_LEAST,
        "25000",
        "27594",
    ),
    (
        "INVESTMENT_SHARE",
        "Tổng vốn đầu tư phát triển toàn xã hội chiếm từ 32% GRDP trở lên.",
        Comparator.AT_LEAST,
        "32",
        None,
    ),
    ("TRAINED_LABOUR", "Tỷ lệ lao động qua đào tạo đạt 75%.", Comparator.AT_LEAST, "75", None),
    ("POOR_HOUSEHOLDS_REDUCED", "Giảm 3.000 hộ nghèo.", Comparator.AT_LEAST, "3000", None),
    ("JOBS", "Giải quyết việc làm cho 16.000 lao động.", Comparator.AT_LEAST, "16000", None),
    ("HOSPITAL_BEDS", "Đạt 48,3 giường bệnh trên 10.000 dân.", Comparator.AT_LEAST, "48.3", None),
    ("HEALTH_INSURANCE", "Tỷ lệ dân số tham gia bảo hiểm y tế đạt 96,3%.", Comparator.AT_LEAST, "96.3", None),
    ("FOREST_COVER", "Tỷ lệ che phủ rừng đạt 59,49%.", Comparator.AT_LEAST, "59.49", None),
]

# The resolution groups its targets by field, as such resolutions do; the conclusion's targets
# take the heading of the section their clause sits in.
AREA_OF_INDICATOR = {
    "BUDGET_REVENUE": "Về kinh tế",
    "INVESTMENT_SHARE": "Về kinh tế",
    "TRAINED_LABOUR": "Về xã hội",
    "POOR_HOUSEHOLDS_REDUCED": "Về xã hội",
    "JOBS": "Về xã hội",
    "HOSPITAL_BEDS": "Về xã hội",
    "HEALTH_INSURANCE": "Về xã hội",
    "FOREST_COVER": "Về môi trường",
}

# Sample 2026 targets under the provincial planning: (indicator, quoted target, value).
TARGETS_2026 = [
    ("BUDGET_REVENUE", "Thu ngân sách nhà nước trên địa bàn năm 2026 đạt 27.000 tỷ đồng.", "27000"),
    ("JOBS", "Giải quyết việc làm cho 16.500 lao động trong năm 2026.", "16500"),
    ("FOREST_COVER", "Tỷ lệ che phủ rừng năm 2026 đạt 59,6%.", "59.6"),
]

# Each district's share of the 10,945 houses and its pace: pace × months ÷ 12 of the houses it had left
# at the end of 2024 are built by the end of each month up to November.
HOUSE_SHARES = {
    "tam_ky": (220, "0.95"),
    "hoi_an": (120, "0.40"),
    "tay_giang": (980, "0.82"),
    "dong_giang": (760, "0.85"),
    "dai_loc": (540, "0.90"),
    "dien_ban": (310, "1.00"),
    "duy_xuyen": (420, "0.92"),
    "que_son": (560, "0.88"),
    "nam_giang": (890, "0.80"),
    "phuoc_son": (870, "0.78"),
    "hiep_duc": (640, "0.86"),
    "thang_binh": (610, "0.93"),
    "tien_phuoc": (580, "0.90"),
    "bac_tra_my": (1020, "0.80"),
    "nam_tra_my": (1150, "0.76"),
    "nui_thanh": (450, "0.95"),
    "phu_ninh": (330, "0.97"),
    "nong_son": (495, "0.84"),
}
HOUSES_DONE_2024 = 6535
HOUSES_TOTAL = 10945

GRDP_2025 = {"2025Q1": "8.2", "2025Q2": "9.1", "2025Q3": "9.4", "2025Q4": "9.6"}
REVENUE_2025 = [1850, 2010, 2150, 2080, 2230, 2190, 2260, 2120, 2180, 2240, 2300, 2490]  # 26,100
JOBS_2025 = [900, 1050, 1350, 1300, 1250, 1280, 1300, 1320, 1350, 1330, 1250, 1520]  # 15,200
REVENUE_2026 = [1900, 2050, 2100, 2080, 2150, 2120, 2160, 2110, 2140, 2190, 2350, 2650]
JOBS_2026 = [850, 1000, 1150, 1200, 1150, 1100, 1180, 1200, 1250, 1200, 1400, 1700]
YEARLY_2025 = {
    "POVERTY_RATE": "3.82",
    "NEAR_POOR_RATE": "3.35",
    "INVESTMENT_SHARE": "30.4",
    "TRAINED_LABOUR": "75.2",
    "POOR_HOUSEHOLDS_REDUCED": "3150",
    "HOSPITAL_BEDS": "48.5",
    "HEALTH_INSURANCE": "95.6",
    "FOREST_COVER": "59.52",
}
NATIONAL_NEAR_POOR = {2024: "3.85", 2025: "3.71"}


def house_shares(districts: dict[str, OrgUnit]) -> list[tuple[OrgUnit, Decimal]]:
    return [(districts[key], Decimal(share)) for key, (share, _pace) in HOUSE_SHARES.items()]


def houses_done_by_month(share: int, pace: str) -> list[int]:
    """A district's running total at the end of each month of 2025, from its part of the 2024 total
    at a steady pace, with the last houses handed over in December."""
    start = round(Decimal(share) * HOUSES_DONE_2024 / HOUSES_TOTAL)
    remaining = share - start
    return [start + int(remaining * Decimal(pace) * month / 12) for month in range(1, 12)] + [share]


class TargetsWriter:
    """Writes the indicators, targets and values through the targets actions, as the system."""

    def __init__(self, demo, today: date):
        self.demo = demo
        self.today = today
        self.indicators: dict[str, Indicator] = {}

    def unit(self, key: str) -> OrgUnit:
        return self.demo.units[key]

    def run(self, until: date | None = None) -> int:
        """The indicators, the targets and their values up to `until` (all of them when None): the
        2026 targets and the later values wait for `run_after`, written by the units of that day."""
        self.load_indicators()
        if Target.objects.filter(document=self.demo.documents["conclusion"]).exists():
            return 0
        self.national = self.national_unit()
        created = self.load_conclusion_targets() + self.load_resolution_targets()
        if until is None:
            created += self.load_2026_targets(self.unit("province"))
        self.load_values(lambda period: until is None or period.last_day <= until)
        return created

    def run_after(self, until: date) -> int:
        """The 2026 targets, set by Đà Nẵng City, and the figures of the periods that end after
        `until`, entered by the units that carry the work then: the city, and for the houses each
        district's successor (`danang.DISTRICT_SUCCESSORS`)."""
        self.load_indicators()
        city = self.unit("danang")
        if Target.objects.filter(unit=city, year=2026).exists():
            return 0
        self.national = self.national_unit()
        created = self.load_2026_targets(city)
        self.load_values(lambda period: period.last_day > until)
        return created

    # -- indicators and units -----------------------------------------------------------------

    def load_indicators(self) -> None:
        for code, fields in INDICATORS.items():
            existing = Indicator.objects.filter(code=code).first()
            if existing is None:
                (
                    name,
                    name_en,
                    measure,
                    decimals,
                    direction,
                    across,
                    over_time,
                    periodicity,
                    low,
                    high,
                    jump,
                ) = fields
                existing = indicator_actions.create_indicator(
                    acting_user=None,
                    code=code,
                    name=name,
                    name_en=name_en,
                    unit_of_measure=measure,
                    unit_of_measure_en=UNITS_OF_MEASURE_EN.get(measure, ""),
                    decimals=decimals,
                    direction=direction,
                    across_units=across,
                    over_time=over_time,
                    periodicity=periodicity,
                    minimum=None if low is None else Decimal(low),
                    maximum=None if high is None else Decimal(high),
                    jump_warning_percent=Decimal(jump),
                    source=STATISTICS,
                )
            self.indicators[code] = existing

    def national_unit(self) -> OrgUnit:
        """The holder of the national reference series, the top-level unit above the provinces."""
        existing = OrgUnit.objects.filter(parent=None, name=NATIONAL_NAME).first()
        if existing is not None:
            return existing
        return unit_actions.create_unit(
            acting_user=None,
            parent=None,
            name=NATIONAL_NAME,
            name_en="Viet Nam (national)",
            kind=OrgUnitKind.OTHER,
        )

    # -- targets ------------------------------------------------------------------------------

    def clause_with(self, words: str):
        """The most specific clause of the conclusion containing `words`, and the sentence stating it."""
        conclusion = self.demo.documents["conclusion"]
        clauses = [clause for clause in conclusion.clauses.all() if words in clause.text]
        clause = min(clauses, key=lambda clause: len(clause.text))
        sentence = next(part for part in clause.text.split(". ") if words in part)
        return clause, sentence.strip().rstrip(".") + "."

    def load_conclusion_targets(self) -> int:
        conclusion = self.demo.documents["conclusion"]
        province = self.unit("province")
        for code, words, comparator, value, value_max, baseline, extra in CONCLUSION_TARGETS:
            clause, sentence = self.clause_with(words)
            if code == "NEAR_POOR_RATE":
                extra = {**extra, "reference_unit": self.national}
            if code == "HOUSES_REPLACED":
                extra = {**extra, "breakdown": house_shares(self.demo.units)}
            target_actions.create_target(
                acting_user=None,
                document=conclusion,
                clause=clause,
                source_text=sentence,
                indicator=self.indicators[code],
                unit=province,
                year=2025,
                deadline=END_2025,
                comparator=comparator,
                value=None if value is None else Decimal(value),
                value_max=None if value_max is None else Decimal(value_max),
                baseline_value=None if baseline is None else Decimal(baseline),
                baseline_year=None if baseline is None else 2024,
                **extra,
            )
        return len(CONCLUSION_TARGETS)

    def load_resolution_targets(self) -> int:
        for code, quote, comparator, value, baseline in RESOLUTION_TARGETS:
            target_actions.create_target(
                acting_user=None,
                document=self.demo.documents["resolution_2025"],
                source_text=quote,
                area=AREA_OF_INDICATOR[code],
                indicator=self.indicators[code],
                unit=self.unit("province"),
                year=2025,
                deadline=END_2025,
                comparator=comparator,
                value=Decimal(value),
                baseline_value=None if baseline is None else Decimal(baseline),
                baseline_year=None if baseline is None else 2024,
            )
        return len(RESOLUTION_TARGETS)

    def load_2026_targets(self, unit: OrgUnit) -> int:
        for code, quote, value in TARGETS_2026:
            target_actions.create_target(
                acting_user=None,
                document=self.demo.documents["provincial_planning"],
                source_text=quote,
                area=AREA_OF_INDICATOR[code],
                indicator=self.indicators[code],
                unit=unit,
                year=2026,
                deadline=date(2026, 12, 31),
                comparator=Comparator.AT_LEAST,
                value=Decimal(value),
                is_sample=True,
            )
        return len(TARGETS_2026)

    # -- values -------------------------------------------------------------------------------

    def approve(
        self, unit: OrgUnit, period: str, figures: dict[str, object], vintage=Vintage.ESTIMATE
    ) -> None:
        """Enter, submit and approve one unit's figures for one period, as the system."""
        entries = [
            (self.indicators[code], Decimal(str(value)), SAMPLE_COMMENT) for code, value in figures.items()
        ]
        result = value_actions.save_values(
            acting_user=None, unit=unit, period=period, entries=entries, vintage=vintage, today=self.today
        )
        submitted = value_actions.submit_values(acting_user=None, unit=unit, period=period, today=self.today)
        value_actions.approve_values(acting_user=None, values=submitted)
        DataValue.objects.filter(pk__in=[row.pk for row in result.saved]).update(is_sample=True)

    def months_ended(self, year: int) -> list[Period]:
        return [period for period in Period.all_in_year(year, M) if period.last_day < self.today]

    def holder(self, key: str, period: Period) -> OrgUnit:
        """The unit that enters `key`'s figures for `period`: for a period that ends on or after the
        reorganisation's first day, the unit that carries its work then (the city for the province, a
        new commune for a district)."""
        if period.last_day < date.fromisoformat(danang.EFFECTIVE_ON):
            return self.unit(key)
        if key == "province":
            return self.unit("danang")
        return self.unit(danang.commune_key(danang.DISTRICT_SUCCESSORS[key]))

    def load_values(self, wanted) -> None:
        """The simulated figures of every period `wanted(period)` accepts."""
        for key, (share, pace) in HOUSE_SHARES.items():
            months = houses_done_by_month(share, pace)
            if key == "hoi_an":
                months = months[:11]
            for month, done in enumerate(months, start=1):
                period = Period.parse(f"2025{month:02d}")
                if wanted(period):
                    self.approve(self.holder(key, period), period.code, {"HOUSES_REPLACED": done})
        for year, revenue, jobs in ((2025, REVENUE_2025, JOBS_2025), (2026, REVENUE_2026, JOBS_2026)):
            for period in self.months_ended(year):
                if wanted(period):
                    index = period.index - 1
                    figures = {"BUDGET_REVENUE": revenue[index], "JOBS": jobs[index]}
                    self.approve(self.holder("province", period), period.code, figures)
        for code, growth in GRDP_2025.items():
            period = Period.parse(code)
            if period.last_day < self.today and wanted(period):
                figures = {"GRDP_GROWTH": growth}
                self.approve(self.holder("province", period), code, figures, vintage=Vintage.PRELIMINARY)
        year_2025 = Period.parse("2025")
        if year_2025.last_day < self.today and wanted(year_2025):
            self.approve(self.holder("province", year_2025), "2025", YEARLY_2025, vintage=Vintage.OFFICIAL)
        for year, rate in NATIONAL_NEAR_POOR.items():
            period = Period.parse(str(year))
            if period.last_day < self.today and wanted(period):
                self.approve(self.national, str(year), {"NEAR_POOR_RATE": rate}, vintage=Vintage.OFFICIAL)


def load_targets(demo) -> None:
    """The targets and their figures up to the day before the reorganisation (all of them when the
    demo runs on an earlier day); the rest waits for `load_targets_after`."""
    created = TargetsWriter(demo, clock.today()).run(until=demo.history_split)
    demo.log(f"targets: {created} created with their values" if created else "targets: already there")


def load_targets_after(demo) -> None:
    """The 2026 targets of Đà Nẵng City and the figures from 1 July 2025 on, by the units of that day."""
    if demo.history_split is None:
        return
    created = TargetsWriter(demo, clock.today()).run_after(demo.history_split)
    demo.log(f"targets: {created} set by the city, with later figures" if created else "targets: all there")


def load_target_snapshots(demo) -> None:
    """Store every target's evaluation for the demo's today (`core.clock`), as the nightly job would:
    the dashboard, the report and the target list then read them instead of evaluating live. Loading
    again rewrites the same rows."""
    result = refresh_target_evaluations(day=clock.today())
    demo.log(f"Stored evaluations for {result.day.isoformat()}: {result.written} target(s).")
