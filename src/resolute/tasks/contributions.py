"""What tasks add to the shared surfaces (see `core.contributions`): their rates on a unit's page,
their panels on the dashboard and the scorecards (`dashboard`), their section of the implementation
report (`report`), the overdue and soon-due tasks on the follow-up board, the open tasks the urging
ladder chases, their API and their place in the navigation."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resolute.core.contributions import (
    AccessRecords,
    ActivitySource,
    ApiRouter,
    BoardRows,
    CarriedWork,
    DashboardPanel,
    LadderSubjects,
    NavigationEntry,
    ReportSection,
    UnitPanel,
    contribute,
)
from resolute.core.events import EventKind
from resolute.core.jobs import BackgroundJob

from . import dashboard, events, holders, report
from .actions import handovers as handover_actions
from .models import TaskImport
from .selectors import overdue_tasks_by_unit, task_subjects, tasks_due_soon
from .views.rates import task_rates_panel

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
contribute(
    ActivitySource(
        key="tasks", order=10, model="tasks.task", records=dashboard.tasks_in_view, urls=dashboard.task_urls
    )
)
contribute(
    ActivitySource(
        key="tasks.reports",
        order=20,
        model="tasks.progressreport",
        records=dashboard.reports_in_view,
        urls=dashboard.report_urls,
    )
)

contribute(
    BoardRows(
        key="tasks.overdue",
        order=10,
        column=_("Overdue tasks"),
        counted=True,
        overdue=overdue_tasks_by_unit,
        due_soon=tasks_due_soon,
    )
)
contribute(LadderSubjects(key="tasks.open", order=10, subjects=task_subjects))
contribute(
    ApiRouter(key="tasks", order=40, prefix="/tasks", router="resolute.tasks.api.router", label=_("Tasks"))
)
contribute(NavigationEntry(key="tasks.inbox", order=30, label=_("Tasks"), url_name="tasks:inbox"))


contribute(
    AccessRecords(
        key="tasks",
        order=10,
        model="tasks.Task",
        noun=lambda count: ngettext("%(count)s task", "%(count)s tasks", count),
    )
)


# What a closing unit hands to its successor (`orgunits.reorganisation`): leads first, so a coordinating
# role handed to the unit that now leads the task is seen as already held.
contribute(
    CarriedWork(
        key="tasks.lead",
        order=10,
        label=_("Tasks it leads"),
        held=holders.held_leads,
        carry=lambda handovers, reorganisation, acting_user: handover_actions.carry_leads(
            acting_user=acting_user, handovers=handovers, reorganisation=reorganisation
        ),
        kept=holders.finished_tasks_led,
        kept_label=_("Finished tasks it led (they stay in its history)"),
    )
)
contribute(
    CarriedWork(
        key="tasks.coordinating",
        order=11,
        label=_("Tasks it coordinates"),
        held=holders.held_coordinations,
        carry=lambda handovers, reorganisation, acting_user: handover_actions.carry_coordinations(
            acting_user=acting_user, handovers=handovers, reorganisation=reorganisation
        ),
    )
)
contribute(
    CarriedWork(
        key="tasks.assigner",
        order=12,
        label=_("Tasks it assigned (it decides their extensions and completion)"),
        held=holders.held_assignments,
        carry=lambda handovers, reorganisation, acting_user: handover_actions.carry_assigners(
            acting_user=acting_user, handovers=handovers, reorganisation=reorganisation
        ),
    )
)

contribute(
    BackgroundJob(
        key="tasks.task_import",
        model=TaskImport,
        task="resolute.tasks.actions.imports.run_task_import",
        owner_field="uploaded_by",
        queued=TaskImport.Status.QUEUED,
        running=(TaskImport.Status.CHECKING, TaskImport.Status.SAVING),
        failed=TaskImport.Status.FAILED,
        cancelled=TaskImport.Status.CANCELLED,
        cancellable=(TaskImport.Status.QUEUED, TaskImport.Status.CHECKING, TaskImport.Status.READY),
    )
)

contribute(EventKind(key=events.TASK_ASSIGNED, order=10, label=_("Task assigned")))
contribute(EventKind(key=events.PROGRESS_REPORTED, order=20, label=_("Progress report submitted")))
contribute(EventKind(key=events.EXTENSION_DECIDED, order=30, label=_("Extension decided")))
