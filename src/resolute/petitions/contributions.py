"""What petitions add to the shared surfaces (see `core.contributions`)."""

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
    ReportSection,
    SearchSource,
    UnitPanel,
    contribute,
)

from . import dashboard, handovers, report
from .demo import load_petitions, load_petitions_after
from .selectors import follow_up, search

# -- the pages: the navigation entry ---------------------------------------------------------------------

# Everyone signed in sees the entry, as everyone sees "Tasks" and "Public investment": the list tells a
# reader without petitions in their area what to expect there, and no page pays a query to decide.
contribute(NavigationEntry(key="petitions.list", order=47, label=_("Petitions"), url_name="petitions:list"))

# -- the API ------------------------------------------------------------------------------------------

contribute(
    ApiRouter(
        key="petitions",
        order=70,
        prefix="/petitions",
        router="resolute.petitions.api.router",
        label=_("Petitions"),
    )
)

# -- the shared surfaces (dashboard, report, board, ladder, unit page, search, activity, access,
# reorganisation) --------------------------------------------------------------------------------------

contribute(
    # Half a row, beside the oversight findings' panel: both are follow-up of citizens' and inspectors'
    # claims, and side by side the printed dashboard still fits one page.
    DashboardPanel(
        key="petitions.figures",
        order=60,
        half=True,
        render=dashboard.petitions_panel,
        sheets=dashboard.petitions_sheets,
    )
)
contribute(
    ReportSection(key="petitions", order=60, build=report.build_petitions, blocks=report.petitions_blocks)
)
contribute(
    BoardRows(
        key="petitions.deadline",
        order=40,
        column=_("Petitions past their deadline"),
        counted=True,
        overdue=follow_up.overdue_petitions_by_unit,
        due_soon=follow_up.petitions_due_soon,
    )
)
contribute(LadderSubjects(key="petitions.deadline", order=40, subjects=follow_up.petition_subjects))
contribute(UnitPanel(key="petitions.figures", order=40, render=dashboard.unit_panel))
contribute(SearchSource(key="petitions", order=40, search=search.search_petitions))
contribute(
    ActivitySource(
        key="petitions",
        order=50,
        model="petitions.petition",
        records=dashboard.petitions_in_view,
        urls=dashboard.petition_urls,
    )
)
contribute(
    AccessRecords(
        key="petitions",
        order=50,
        model="petitions.Petition",
        noun=lambda count: ngettext("%(count)s petition", "%(count)s petitions", count),
    )
)


def carry_petitions(handovers, reorganisation, acting_user):
    """The `carry` of the petitions a closing unit holds: the action, imported when a reorganisation is
    applied (the actions read the selectors, which this module must not load early)."""
    from .actions import handovers as handover_actions

    return handover_actions.carry_petitions(
        acting_user=acting_user, handovers=handovers, reorganisation=reorganisation
    )


contribute(
    CarriedWork(
        key="petitions.open",
        order=80,
        label=_("Open petitions it received or settles"),
        held=handovers.held_petitions,
        carry=carry_petitions,
        kept=handovers.closed_petitions,
        kept_label=_("closed petitions (they stay in its record)"),
    )
)

# -- the demo: Quảng Nam's petitions of 2023–2024 before the reorganisation, Đà Nẵng's recent year after it.

contribute(DemoLoader(key="petitions.demo", order=63, load=load_petitions))
contribute(DemoLoader(key="petitions.demo_after", order=69, load=load_petitions_after))
