"""What oversight findings add to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import ApiRouter, DemoLoader, contribute

from .demo import load_oversight, load_oversight_after

# -- the API and the demo ---------------------------------------------------------------------------------
# The API: conclusions, recommendations, the ledger and the writes of the follow-up. The demo in two steps:
# before the reorganisation (order 65), whose engine then hands the recommendations' tasks over, and after it.

contribute(
    ApiRouter(
        key="oversight",
        order=70,
        prefix="/oversight",
        router="resolute.oversight.api.router",
        label=_("Oversight"),
    )
)
contribute(DemoLoader(key="oversight.demo", order=64, load=load_oversight))
contribute(DemoLoader(key="oversight.demo_after", order=69, load=load_oversight_after))

# -- end of the API and the demo ---------------------------------------------------------------------------

# -- the pages and what they add to the shared surfaces: the navigation entry, the dashboard and its
# workbook, the unit page, the implementation report, the search box, a task's timeline, the recent
# activity and the count of records a change to the tree would show or hide --------------------------

from django.utils.translation import ngettext  # noqa: E402

from resolute.core.contributions import (  # noqa: E402
    AccessRecords,
    ActivitySource,
    DashboardPanel,
    NavigationEntry,
    ReportSection,
    SearchSource,
    TimelineSource,
    UnitPanel,
)

from . import dashboard, report, search, timeline  # noqa: E402

# Everyone signed in sees the entry, as everyone sees "Public investment": the list tells a reader who
# follows no conclusion what it holds, and no page pays a query to decide whether to show it.
contribute(
    NavigationEntry(key="oversight.list", order=48, label=_("Oversight findings"), url_name="oversight:list")
)
contribute(
    DashboardPanel(
        key="oversight.findings",
        order=61,
        half=True,
        render=dashboard.findings_panel,
        sheets=dashboard.findings_sheets,
    )
)
contribute(UnitPanel(key="oversight.findings", order=40, render=dashboard.unit_panel))
contribute(
    ReportSection(key="oversight", order=35, build=report.build_oversight, blocks=report.oversight_blocks)
)
contribute(SearchSource(key="oversight.oversights", order=50, search=search.search_oversights))
contribute(SearchSource(key="oversight.recommendations", order=51, search=search.search_recommendations))
contribute(
    TimelineSource(
        key="oversight.recommendation", order=30, events=timeline.task_timeline_events, kinds=timeline.KINDS
    )
)
contribute(
    ActivitySource(
        key="oversight.oversights",
        order=50,
        model="oversight.oversight",
        records=dashboard.oversights_in_view,
        urls=dashboard.oversight_urls,
    )
)
contribute(
    ActivitySource(
        key="oversight.recommendations",
        order=51,
        model="oversight.recommendation",
        records=dashboard.recommendations_in_view,
        urls=dashboard.recommendation_urls,
    )
)
contribute(
    ActivitySource(
        key="oversight.recoveries",
        order=52,
        model="oversight.recovery",
        records=dashboard.recoveries_in_view,
        urls=dashboard.recovery_urls,
    )
)
contribute(
    AccessRecords(
        key="oversight.oversights",
        order=50,
        model="oversight.Oversight",
        noun=lambda count: ngettext(
            "%(count)s oversight conclusion", "%(count)s oversight conclusions", count
        ),
    )
)
contribute(
    AccessRecords(
        key="oversight.recommendations",
        order=51,
        model="oversight.Recommendation",
        noun=lambda count: ngettext("%(count)s recommendation", "%(count)s recommendations", count),
    )
)
# A recommendation's open work is its task: a reorganisation hands the task to the successor of its
# lead unit (`tasks`' CarriedWork), and the recommendation follows it. The units a conclusion names
# (inspected, following it up, inspecting) are what they were on its date: they stay as history.

# -- end of the pages ------------------------------------------------------------------------------------
