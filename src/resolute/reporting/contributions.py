"""What reporting adds to the shared surfaces (see `core.contributions`): its record on the unit
page, the reports owed and not received on the follow-up board and to the urging ladder, the
ladder's steps on a task's timeline, and its pages in the navigation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import (
    BoardRows,
    LadderSubjects,
    NavigationEntry,
    TimelineSource,
    UnitPanel,
    contribute,
)
from resolute.orgunits.choices import Role

from .selectors.ladder import TIMELINE_KINDS, overdue_reports_by_unit, report_subjects, task_timeline_events


def reporting_record_panel(request, unit):
    """The "Reporting" panel of the unit page (the page has checked that the user sees `unit`).

    The panel is a link that HTMX replaces, once the page has loaded, with the record from
    `unit_record` (the same link opens it as a page without JavaScript), so the unit page keeps its
    query budget whatever regimes exist."""
    return "reporting/unit_panel_link.html", {
        "unit": unit,
        "record_url": reverse("reporting:unit_record", args=[unit.pk]),
    }


contribute(UnitPanel(key="reporting.record", order=20, render=reporting_record_panel))
contribute(
    BoardRows(
        key="reporting.reports", order=20, column=_("Reports not received"), overdue=overdue_reports_by_unit
    )
)
contribute(LadderSubjects(key="reporting.reports", order=20, subjects=report_subjects))
contribute(
    TimelineSource(key="reporting.ladder", order=20, events=task_timeline_events, kinds=TIMELINE_KINDS)
)
contribute(
    NavigationEntry(
        key="reporting.compliance", order=70, label=_("Reporting"), url_name="reporting:compliance"
    )
)
contribute(
    NavigationEntry(
        key="reporting.board",
        order=80,
        label=_("Follow-up"),
        url_name="reporting:board",
        shown_to=lambda user, scope: scope.has_power_anywhere(Role.OFFICE),
    )
)
