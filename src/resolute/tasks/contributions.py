"""What tasks add to the shared surfaces (see `core.contributions`): their rates on a unit's page, their
panels on the dashboard and the scorecards (`dashboard`), and their section of the implementation
report (`report`)."""

from resolute.core.contributions import DashboardPanel, ReportSection, UnitPanel, contribute

from . import dashboard, report
from .panels import task_rates_panel

contribute(UnitPanel(key="tasks.rates", order=10, render=task_rates_panel))

contribute(
    DashboardPanel(
        key="tasks.status", order=20, render=dashboard.status_panel, sheets=dashboard.status_sheets
    )
)
contribute(
    DashboardPanel(
        key="tasks.overdue_units",
        order=30,
        half=True,
        render=dashboard.overdue_units_panel,
        sheets=dashboard.overdue_units_sheets,
    )
)
contribute(
    DashboardPanel(
        key="tasks.obstacles",
        order=50,
        half=True,
        render=dashboard.obstacles_panel,
        sheets=dashboard.obstacles_sheets,
    )
)
contribute(
    DashboardPanel(
        key="tasks.scorecard_rates",
        order=10,
        page="scorecard",
        render=dashboard.rates_panel,
        sheets=dashboard.status_sheets,
    )
)
contribute(
    DashboardPanel(
        key="tasks.trend",
        order=30,
        page="scorecard",
        render=dashboard.trend_panel,
        sheets=dashboard.trend_sheets,
    )
)

contribute(ReportSection(key="tasks", order=20, build=report.build_tasks, blocks=report.tasks_blocks))
