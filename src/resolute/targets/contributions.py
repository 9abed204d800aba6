"""What targets add to the shared surfaces (see `core.contributions`): their panels on the dashboard and
the scorecards (`dashboard`), their sections of the implementation report (`report`), their API,
their place in the navigation, and the open work a reorganisation hands to a successor
(`handovers`, `actions.handovers`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resolute.core.contributions import (
    AccessRecords,
    ActivitySource,
    ApiRouter,
    CarriedWork,
    DashboardPanel,
    NavigationEntry,
    ReportSection,
    TreeChange,
    contribute,
)
from resolute.core.events import EventKind
from resolute.core.jobs import BackgroundJob

from . import dashboard, events, handovers, report
from .models import ValueImport

contribute(
    DashboardPanel(
        key="targets.status", order=10, render=dashboard.status_panel, sheets=dashboard.status_sheets
    )
)
contribute(
    DashboardPanel(
        key="targets.late_reporters",
        order=40,
        half=True,
        render=dashboard.late_reporters_panel,
        sheets=dashboard.late_reporters_sheets,
    )
)
contribute(
    DashboardPanel(
        key="targets.timeliness",
        order=15,
        page="scorecard.rates",
        render=dashboard.timeliness_panel,
        sheets=dashboard.timeliness_sheets,
    )
)
contribute(
    DashboardPanel(
        key="targets.contributions",
        order=20,
        page="scorecard",
        render=dashboard.contributions_panel,
        sheets=dashboard.contributions_sheets,
    )
)

contribute(ReportSection(key="targets", order=10, build=report.build_targets, blocks=report.targets_blocks))
# The figures the units owe come after the tasks in the report's shortcomings and on its page.
contribute(ReportSection(key="targets.owed", order=30, build=report.build_owed, blocks=report.owed_blocks))
contribute(
    ActivitySource(
        key="targets",
        order=20,
        model="targets.target",
        records=dashboard.targets_in_view,
        urls=dashboard.target_urls,
    )
)

contribute(
    ApiRouter(
        key="targets",
        order=50,
        prefix="/targets",
        router="resolute.targets.api.router",
        label=_("Targets and values"),
    )
)
contribute(NavigationEntry(key="targets.list", order=40, label=_("Targets"), url_name="targets:list"))


contribute(
    AccessRecords(
        key="targets",
        order=20,
        model="targets.Target",
        noun=lambda count: ngettext("%(count)s target", "%(count)s targets", count),
    )
)

# An import of values runs on the long queue; the core's job machinery claims, watches and recovers it.
contribute(
    BackgroundJob(
        key="targets.value_import",
        model=ValueImport,
        task="resolute.targets.actions.imports.run_value_import",
        owner_field="uploaded_by",
        queued=ValueImport.Status.QUEUED,
        running=(ValueImport.Status.CHECKING, ValueImport.Status.SAVING),
        failed=ValueImport.Status.FAILED,
        cancelled=ValueImport.Status.CANCELLED,
        cancellable=(ValueImport.Status.QUEUED, ValueImport.Status.CHECKING),
    )
)


# -- what a reorganisation hands over -----------------------------------------------------------------


def carry_targets(handovers, reorganisation, acting_user):
    from .actions.handovers import carry_targets as carry

    return carry(acting_user=acting_user, handovers=handovers, reorganisation=reorganisation)


def carry_shares(handovers, reorganisation, acting_user):
    from .actions.handovers import carry_shares as carry

    return carry(acting_user=acting_user, handovers=handovers, reorganisation=reorganisation)


contribute(
    CarriedWork(
        key="targets.target",
        order=30,
        label=_("Targets it owns"),
        held=handovers.held_targets,
        carry=carry_targets,
        kept=handovers.kept_targets,
        kept_label=_("finished targets and shares, kept as its record"),
    )
)
contribute(
    CarriedWork(
        key="targets.share",
        order=31,
        label=_("Its shares of targets"),
        held=handovers.held_shares,
        carry=carry_shares,
        kept=handovers.kept_values,
        kept_label=_("values it entered, kept as its record"),
    )
)


# -- what a change of the unit tree does ------------------------------------------------------------


def tree_changed():
    """A unit moved, closed, renamed or a reorganisation applied: every target's roll-up area or the
    names in its sentence may differ, so every stored evaluation is judged anew."""
    from .actions.evaluations import mark_all_stale

    mark_all_stale()


contribute(TreeChange(key="targets.stored_evaluations", changed=tree_changed))

contribute(EventKind(key=events.VALUE_APPROVED, order=40, label=_("Value approved")))
