"""What public investment adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resolute.core.contributions import (
    AccessRecords,
    ActivitySource,
    ApiRouter,
    BoardRows,
    CarriedWork,
    DashboardPanel,
    DemoLoader,
    LadderSubjects,
    NavigationEntry,
    ReportedWork,
    ReportSection,
    UnitPanel,
    contribute,
)

from . import dashboard, handovers, report
from .demo import load_investment, load_investment_after
from .selectors import follow_up, owed_reports

# -- the pages: the navigation entry ---------------------------------------------------------------------


# Everyone signed in sees the entry, as everyone sees "Tasks": the overview says what a reader without
# projects in their area can expect there, and no page pays a query to decide whether to show it.
contribute(
    NavigationEntry(
        key="investment.overview",
        order=45,
        label=_("Public investment"),
        url_name="investment:overview",
    )
)

# -- the API (with the State Treasury's reconciliation import) ----------------------------------------------

contribute(
    ApiRouter(
        key="investment",
        order=60,
        prefix="/investment",
        router="resolute.investment.api.router",
        label=_("Public investment"),
    )
)


# -- the shared surfaces (dashboard, report, board, ladder, reporting regimes, unit page, activity,
# access, reorganisation) ---------------------------------------------------------------------------

contribute(
    DashboardPanel(
        key="investment.disbursement",
        order=35,
        render=dashboard.disbursement_panel,
        sheets=dashboard.disbursement_sheets,
    )
)
contribute(
    DashboardPanel(
        key="investment.scorecard_rate",
        order=20,
        page="scorecard.rates",
        render=dashboard.scorecard_rate_panel,
        sheets=dashboard.scorecard_rate_sheets,
    )
)
contribute(
    ReportSection(key="investment", order=25, build=report.build_investment, blocks=report.investment_blocks)
)
contribute(
    ReportedWork(
        key="disbursement",
        order=10,
        label=_("disbursement of the investor's projects"),
        receipts=owed_reports.disbursement_receipts,
        items=owed_reports.disbursement_items,
    )
)
contribute(
    BoardRows(
        key="investment.slow",
        order=30,
        column=_("Slow projects"),
        counted=True,
        overdue=follow_up.slow_projects_by_unit,
        due_soon=follow_up.milestones_due_soon,
    )
)
contribute(LadderSubjects(key="investment.slow", order=30, subjects=follow_up.slow_project_subjects))
contribute(UnitPanel(key="investment.rate", order=30, render=dashboard.unit_panel))
contribute(
    ActivitySource(
        key="investment.projects",
        order=40,
        model="investment.investmentproject",
        records=dashboard.projects_in_view,
        urls=dashboard.project_urls,
    )
)
contribute(
    ActivitySource(
        key="investment.reports",
        order=41,
        model="investment.disbursementreport",
        records=dashboard.reports_in_view,
        urls=dashboard.report_urls,
    )
)
contribute(
    AccessRecords(
        key="investment.projects",
        order=40,
        model="investment.InvestmentProject",
        noun=lambda count: ngettext("%(count)s investment project", "%(count)s investment projects", count),
    )
)

# What a closing unit hands to its successor in a reorganisation (`actions.handovers`).


def carrying(name: str, **options):
    """The `carry` of a `CarriedWork`: the action `name` of `actions.handovers`, imported when a
    reorganisation is applied (the actions read the selectors, which this module must not load early)."""

    def carry(handovers, reorganisation, acting_user):
        from .actions import handovers as handover_actions

        return getattr(handover_actions, name)(
            acting_user=acting_user, handovers=handovers, reorganisation=reorganisation, **options
        )

    return carry


contribute(
    CarriedWork(
        key="investment.investor",
        order=70,
        label=_("Investment projects it carries out"),
        held=handovers.held_as_investor,
        carry=carrying("carry_projects", role="investor"),
        kept=handovers.completed_as_investor,
        kept_label=_("completed investment projects (they stay in its record)"),
    )
)
contribute(
    CarriedWork(
        key="investment.locality",
        order=71,
        label=_("Investment projects located in it"),
        held=handovers.held_as_locality,
        carry=carrying("carry_projects", role="locality"),
    )
)
contribute(
    CarriedWork(
        key="investment.plans",
        order=72,
        label=_("Its capital plans that have not lapsed"),
        held=handovers.held_plans,
        carry=carrying("carry_plans"),
        kept=handovers.lapsed_plans,
        kept_label=_("lapsed capital plans (they stay in its record)"),
    )
)
contribute(
    CarriedWork(
        key="investment.jurisdiction",
        order=73,
        label=_("Investment projects its plans fund"),
        held=handovers.held_as_jurisdiction,
        carry=carrying("carry_projects", role="jurisdiction"),
    )
)
contribute(
    CarriedWork(
        key="investment.desks",
        order=74,
        label=_("Public-investment desks"),
        held=handovers.held_desks,
        carry=carrying("carry_desks"),
    )
)

# -- the demo: Quảng Nam's plans and their history up to the reorganisation (order 65), which hands the
# projects over; after it, the rest, by the units that hold them then, and the city's 2026 plan.
contribute(DemoLoader(key="investment.demo", order=62, load=load_investment))
contribute(DemoLoader(key="investment.demo_after", order=69, load=load_investment_after))
