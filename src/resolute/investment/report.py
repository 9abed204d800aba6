"""Public investment's section of the implementation report on a document (contributed in
`contributions`): the disbursement of the year's capital plan in "II. Results" with its tables by
capital source, by locality and by investor, what holds it back in "III. Shortcomings" with the table
of obstacles (and of the lapse, once the plan has lapsed), and the projects behind schedule in an
appendix.

The section reads the plan of the year of the report's period that funds the area of the document's
owner — the administrative level the owner belongs to (a provincial Party committee or People's
Committee reports on its province) — as of the report's day, for the projects of that area on that day
(rule 8), all through the rate engine, once (`build_investment`). `investment_blocks` words those
figures in the report's language; every number in a sentence is the number of a table cell, written by
the same function, so the text never disagrees with its tables. A report whose area no plan funds has
no investment section.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import reverse

from resolute.core.contributions import ReportBlocks, ReportScope
from resolute.core.documents import TableBlock, TextBlock, first_upper, format_number, format_short_date
from resolute.orgunits.models import OrgUnit, display_name_for
from resolute.orgunits.scope import ADMINISTRATIVE_LEVELS

from .dashboard import area_plan
from .models import CapitalPlan, InvestmentProject
from .selectors import (
    LapseSummary,
    Money,
    ObstacleRow,
    ProjectFigures,
    RateRow,
    disbursement_by,
    expected_rate,
    investor_league,
    lapse_summary,
    obstacle_summary,
    province_total,
    slow_projects,
    units_on,
)

# How many of each list the paragraphs name; the tables and the appendix have them all.
PROJECTS_NAMED = 3
INVESTORS_NAMED = 3
OBSTACLES_NAMED = 3

WORDS = {
    "vi": {
        "sources_table": "Giải ngân vốn đầu tư công theo nguồn vốn",
        "obstacles_table": "Vướng mắc làm chậm giải ngân",
        "lapse_table": "Kế hoạch vốn năm {year} khi hết thời hạn giải ngân",
        "expected_row": "Theo tiến độ",
        "removed_by_column": "Đơn vị xử lý",
        "held_back": "Vốn chưa giải ngân (đồng)",
        "balance": "Còn lại ngày {day} (đồng)",
        "extended": "Được kéo dài (đồng)",
        "late_capital": "Bổ sung sau 30/9, chuyển sang (đồng)",
        "lapsed": "Bị hủy bỏ (đồng)",
        "projects_extended": "Số dự án được kéo dài",
        "localities_table": "Giải ngân vốn đầu tư công theo địa bàn",
        "investors_table": "Giải ngân vốn đầu tư công theo chủ đầu tư",
        "appendix": "Các dự án giải ngân chậm",
        "source": "Nguồn vốn",
        "locality": "Địa bàn",
        "plan": "Kế hoạch (đồng)",
        "disbursed": "Đã giải ngân (đồng)",
        "rate": "Tỷ lệ (%)",
        "projects": "Số dự án",
        "total": "Tổng cộng",
        "code": "Mã",
        "project": "Dự án",
        "investor": "Chủ đầu tư",
        "expected": "Theo tiến độ (%)",
        "obstacles": "Vướng mắc",
        "none": "Không có.",
        "removed_by": "{obstacle} ({unit} xử lý)",
    },
    "en": {
        "sources_table": "Disbursement of public investment by capital source",
        "obstacles_table": "What holds the disbursement back",
        "lapse_table": "The {year} plan at its lapse",
        "expected_row": "Expected by the schedule",
        "removed_by_column": "To be removed by",
        "held_back": "Capital held back (VND)",
        "balance": "Left on {day} (VND)",
        "extended": "Extended (VND)",
        "late_capital": "Added after 30 September, carried over (VND)",
        "lapsed": "Lapsed (VND)",
        "projects_extended": "Projects extended",
        "localities_table": "Disbursement of public investment by locality",
        "investors_table": "Disbursement of public investment by investor",
        "appendix": "Projects behind schedule",
        "source": "Capital source",
        "locality": "Locality",
        "plan": "Plan (VND)",
        "disbursed": "Disbursed (VND)",
        "rate": "Rate (%)",
        "projects": "Projects",
        "total": "Total",
        "code": "Code",
        "project": "Project",
        "investor": "Investor",
        "expected": "Expected (%)",
        "obstacles": "Obstacles",
        "none": "None.",
        "removed_by": "{obstacle} (to be removed by {unit})",
    },
}


@dataclass
class SlowRow:
    """A project behind schedule as the appendix and the shortcomings name it."""

    code: str
    name: str
    investor: str
    money: Money
    expected: Decimal | None
    obstacles: list[tuple[str, str]]  # (obstacle, unit that must remove it)
    url: str = ""

    @property
    def rate(self) -> Decimal | None:
        return self.money.rate


@dataclass
class InvestmentFigures:
    """The section's figures: the plan, the day, the area, and what the engine read of them."""

    plan: CapitalPlan | None
    area: OrgUnit | None = None
    as_of: date | None = None
    total: Money = field(default_factory=Money)
    expected: Decimal | None = None
    by_source: list[RateRow] = field(default_factory=list)
    by_locality: list[RateRow] = field(default_factory=list)
    slow: list[SlowRow] = field(default_factory=list)
    investors: list[RateRow] = field(default_factory=list)
    obstacles: list[ObstacleRow] = field(default_factory=list)
    lapse: LapseSummary | None = None


def administrative_area(unit: OrgUnit) -> OrgUnit:
    """The province, district or commune `unit` belongs to (itself when it is one): the area whose
    plan a document it keeps reports on. One query for a unit that is no administrative level."""
    if unit.kind in ADMINISTRATIVE_LEVELS:
        return unit
    levels = OrgUnit.objects.filter(pk__in=unit.ancestor_ids, kind__in=ADMINISTRATIVE_LEVELS)
    return max(levels, key=lambda level: level.depth, default=unit)


def _slow_rows(slow: list[ProjectFigures], as_of: date, english: bool) -> list[SlowRow]:
    """The slow projects with the investor of the report's day (rule 8): two queries."""
    investor_of = dict(
        units_on(InvestmentProject.objects.filter(pk__in=[f.project.pk for f in slow]), as_of).values_list(
            "pk", "investor_on_id"
        )
    )
    units = OrgUnit.objects.in_bulk(set(investor_of.values()))
    rows = []
    for figures in slow:
        project = figures.project
        investor = units.get(investor_of.get(project.pk))
        rows.append(
            SlowRow(
                code=project.code,
                name=display_name_for(project.name, project.name_en, english=english),
                investor=_unit_name(investor, english) if investor else "",
                money=figures.total,
                expected=figures.expected_rate,
                obstacles=[
                    (obstacle.get_category_display(), _unit_name(obstacle.responsible_unit, english))
                    for obstacle in figures.obstacles
                ],
                url=reverse("investment:project", args=[project.pk]),
            )
        )
    return rows


def build_investment(scope: ReportScope) -> InvestmentFigures:
    """The figures of the plan of the period's year for the owner's area, as of the report's day."""
    area = administrative_area(scope.document.owner)
    plan = area_plan(scope.user, area, scope.period_end.year)
    if plan is None:
        return InvestmentFigures(plan=None)
    read = {"plan": plan, "as_of": scope.as_of, "unit": area}
    return InvestmentFigures(
        plan=plan,
        area=area,
        as_of=scope.as_of,
        total=province_total(scope.user, **read),
        expected=expected_rate(plan, scope.as_of),
        by_source=disbursement_by(scope.user, by="source", **read),
        by_locality=disbursement_by(scope.user, by="locality", **read),
        slow=_slow_rows(slow_projects(scope.user, **read), scope.as_of, scope.english),
        investors=investor_league(scope.user, **read),
        obstacles=obstacle_summary(scope.user, **read),
        lapse=lapse_summary(scope.user, **read) if scope.as_of > plan.lapses_on else None,
    )


# -- the words ---------------------------------------------------------------------------------------


def rate_text(rate, language: str) -> str:
    """A rate as the tables write it, with its percent sign."""
    return "—" if rate is None else format_number(rate, 1, language) + "%"


def amount_text(amount, language: str) -> str:
    return format_number(amount, 0, language)


def source_rates(figures: InvestmentFigures, language: str) -> str:
    return ", ".join(
        f"{row.label} {rate_text(row.rate, language)}" for row in figures.by_source if row.money.plan > 0
    )


def results_paragraph(figures: InvestmentFigures, language: str) -> str:
    """ "By 31/12/2024, 58.3% of the 2024 plan was disbursed: X of Y VND; central budget 60%, …"."""
    day = format_short_date(figures.as_of, language)
    total, year = figures.total, figures.plan.year
    rate = rate_text(total.rate, language)
    disbursed, planned = amount_text(total.disbursed, language), amount_text(total.plan, language)
    sources = source_rates(figures, language)
    if language == "en":
        text = (
            f"By {day}, {rate} of the {year} public investment plan was disbursed: "
            f"{disbursed} of {planned} VND"
        )
        return f"{text}; {sources}." if sources else f"{text}."
    text = (
        f"Đến ngày {day}, đã giải ngân {rate} kế hoạch vốn đầu tư công năm {year}: {disbursed}/{planned} đồng"
    )
    return f"{text}; {sources}." if sources else f"{text}."


def schedule_paragraph(figures: InvestmentFigures, language: str) -> str | None:
    """How the rate stands against the schedule of the plan's milestones (nothing without milestones)."""
    if not figures.expected or figures.total.rate is None:
        return None
    rate, expected = rate_text(figures.total.rate, language), rate_text(figures.expected, language)
    behind = figures.total.rate < figures.expected
    if language == "en":
        standing = "behind it" if behind else "on or ahead of it"
        return (
            f"The schedule of the plan's milestones expected {expected} by then; "
            f"the disbursement ({rate}) is {standing}."
        )
    standing = "chậm so với tiến độ" if behind else "đạt hoặc vượt tiến độ"
    return (
        f"Theo tiến độ các mốc của kế hoạch, đến thời điểm này phải giải ngân {expected}; "
        f"tỷ lệ giải ngân ({rate}) {standing}."
    )


def projects_text(count: int, language: str) -> str:
    """ "1 project", "3 projects", "3 dự án"."""
    number = format_number(count, 0, language)
    if language == "en":
        return f"{number} project" if count == 1 else f"{number} projects"
    return f"{number} dự án"


def _unit_name(unit, english: bool) -> str:
    return display_name_for(unit.name, unit.name_en, english=english)


def _obstacles_of(row: SlowRow, language: str) -> str:
    words = WORDS[language]
    return "; ".join(
        words["removed_by"].format(obstacle=obstacle, unit=unit) for obstacle, unit in row.obstacles
    )


def shortcomings_paragraphs(figures: InvestmentFigures, language: str) -> list[str]:
    paragraphs = []
    english = language == "en"
    if figures.slow:
        named = ", ".join(
            f"{row.code} {row.name} ({rate_text(row.rate, language)})"
            for row in figures.slow[:PROJECTS_NAMED]
        )
        expected = rate_text(figures.expected, language)
        slow = projects_text(len(figures.slow), language)
        if english:
            verb = "is" if len(figures.slow) == 1 else "are"
            paragraphs.append(
                f"{slow} {verb} behind the schedule ({expected} expected); the furthest behind: {named}."
            )
        else:
            paragraphs.append(
                f"Có {slow} giải ngân chậm so với tiến độ (theo tiến độ phải đạt {expected}); "
                f"chậm nhất là: {named}."
            )
    slow_investors = [
        row for row in figures.investors if row.rate is not None and row.rate < (figures.expected or 0)
    ]
    if slow_investors:
        named = ", ".join(
            f"{row.label} ({rate_text(row.rate, language)})" for row in slow_investors[:INVESTORS_NAMED]
        )
        if english:
            paragraphs.append(f"The slowest investors: {named}.")
        else:
            paragraphs.append(f"Các chủ đầu tư giải ngân chậm nhất: {named}.")
    if figures.obstacles:
        words = WORDS[language]
        held_back = (
            "{projects}, {amount} VND held back" if english else "{projects}, {amount} đồng chưa giải ngân"
        )
        named = "; ".join(
            words["removed_by"].format(obstacle=row.label, unit=_unit_name(row.responsible_unit, english))
            + ", "
            + held_back.format(
                projects=projects_text(row.projects, language), amount=amount_text(row.blocked, language)
            )
            for row in figures.obstacles[:OBSTACLES_NAMED]
        )
        if english:
            paragraphs.append(f"The main obstacles: {named}.")
        else:
            paragraphs.append(f"Các vướng mắc chính: {named}.")
    if figures.lapse is not None:
        lapse, plan = figures.lapse, figures.plan
        day = format_short_date(plan.lapses_on, language)
        extended, late = amount_text(lapse.extended, language), amount_text(lapse.late_capital, language)
        lapsed = amount_text(lapse.lapsed, language)
        if english:
            paragraphs.append(
                f"The {plan.year} plan lapsed on {day}: {extended} VND was extended for "
                f"{projects_text(lapse.projects_extended, language)}, {late} VND added after 30 September "
                f"was carried over by law, and {lapsed} VND lapsed."
            )
        else:
            paragraphs.append(
                f"Kế hoạch vốn năm {plan.year} đã hết thời hạn giải ngân ngày {day}: "
                f"{extended} đồng được kéo dài cho {projects_text(lapse.projects_extended, language)}, "
                f"{late} đồng bổ sung sau ngày 30/9 được chuyển sang theo quy định, {lapsed} đồng bị hủy bỏ."
            )
    return paragraphs


def _money_cells(money: Money, language: str) -> list[str]:
    return [
        amount_text(money.plan, language),
        amount_text(money.disbursed, language),
        rate_text(money.rate, language),
    ]


def sources_table(figures: InvestmentFigures, language: str) -> TableBlock:
    words = WORDS[language]
    rows = [[first_upper(row.label), *_money_cells(row.money, language)] for row in figures.by_source]
    rows.append([words["total"], *_money_cells(figures.total, language)])
    if figures.expected:
        rows.append([words["expected_row"], "", "", rate_text(figures.expected, language)])
    return TableBlock(
        [words["source"], words["plan"], words["disbursed"], words["rate"]],
        rows,
        [6, 4, 4, 2],
        frozenset({1, 2, 3}),
    )


def localities_table(figures: InvestmentFigures, language: str) -> TableBlock:
    words = WORDS[language]
    rows = [
        [row.label, *_money_cells(row.money, language), format_number(row.count, 0, language)]
        for row in figures.by_locality
    ]
    return TableBlock(
        [words["locality"], words["plan"], words["disbursed"], words["rate"], words["projects"]],
        rows or [[words["none"], "", "", "", ""]],
        [6, 4, 4, 2, 2],
        frozenset({1, 2, 3, 4}),
    )


def investors_table(figures: InvestmentFigures, language: str) -> TableBlock:
    """Every investor with a plan, the slowest first (the order the shortcomings name them in)."""
    words = WORDS[language]
    rows = [
        [row.label, *_money_cells(row.money, language), format_number(row.count, 0, language)]
        for row in figures.investors
    ]
    return TableBlock(
        [words["investor"], words["plan"], words["disbursed"], words["rate"], words["projects"]],
        rows or [[words["none"], "", "", "", ""]],
        [6, 4, 4, 2, 2],
        frozenset({1, 2, 3, 4}),
    )


def obstacles_table(figures: InvestmentFigures, language: str) -> TableBlock:
    words = WORDS[language]
    english = language == "en"
    return TableBlock(
        [words["obstacles"], words["removed_by_column"], words["projects"], words["held_back"]],
        [
            [
                first_upper(row.label),
                _unit_name(row.responsible_unit, english),
                format_number(row.projects, 0, language),
                amount_text(row.blocked, language),
            ]
            for row in figures.obstacles
        ],
        [5, 5, 2, 4],
        frozenset({2, 3}),
    )


def lapse_table(figures: InvestmentFigures, language: str) -> TableBlock:
    words, lapse = WORDS[language], figures.lapse
    day = format_short_date(figures.plan.lapses_on, language)
    return TableBlock(
        [
            words["balance"].format(day=day),
            words["extended"],
            words["late_capital"],
            words["lapsed"],
            words["projects_extended"],
        ],
        [
            [
                amount_text(lapse.balance, language),
                amount_text(lapse.extended, language),
                amount_text(lapse.late_capital, language),
                amount_text(lapse.lapsed, language),
                format_number(lapse.projects_extended, 0, language),
            ]
        ],
        [4, 4, 4, 4, 2],
        frozenset({0, 1, 2, 3, 4}),
    )


def appendix_table(figures: InvestmentFigures, language: str) -> TableBlock:
    words = WORDS[language]
    rows = [
        [
            row.code,
            row.name,
            row.investor,
            amount_text(row.money.plan, language),
            amount_text(row.money.disbursed, language),
            rate_text(row.rate, language),
            rate_text(row.expected, language),
            _obstacles_of(row, language),
        ]
        for row in figures.slow
    ]
    return TableBlock(
        [
            words["code"],
            words["project"],
            words["investor"],
            words["plan"],
            words["disbursed"],
            words["rate"],
            words["expected"],
            words["obstacles"],
        ],
        rows or [[words["none"], "", "", "", "", "", "", ""]],
        [2, 5, 4, 3, 3, 2, 2, 5],
        frozenset({3, 4, 5, 6}),
    )


def investment_blocks(figures: InvestmentFigures, scope: ReportScope) -> ReportBlocks:
    blocks = ReportBlocks()
    if figures.plan is None:
        return blocks
    language = "en" if scope.english else "vi"
    words = WORDS[language]
    blocks.results.append(results_paragraph(figures, language))
    on_schedule = schedule_paragraph(figures, language)
    if on_schedule:
        blocks.results.append(on_schedule)
    blocks.shortcomings.extend(shortcomings_paragraphs(figures, language))
    blocks.tables += [
        TextBlock(words["sources_table"], "subheading"),
        sources_table(figures, language),
        TextBlock(words["localities_table"], "subheading"),
        localities_table(figures, language),
        TextBlock(words["investors_table"], "subheading"),
        investors_table(figures, language),
    ]
    if figures.obstacles:
        blocks.tables += [
            TextBlock(words["obstacles_table"], "subheading"),
            obstacles_table(figures, language),
        ]
    if figures.lapse is not None:
        blocks.tables += [
            TextBlock(words["lapse_table"].format(year=figures.plan.year), "subheading"),
            lapse_table(figures, language),
        ]
    blocks.appendix = (words["appendix"], appendix_table(figures, language))
    context = {"figures": figures, "language": language}
    blocks.preview = ("investment/report/investment.html", context)
    blocks.preview_appendix = ("investment/report/appendix.html", context)
    return blocks
