"""What reporting adds to the shared surfaces (see `core.contributions`): its record on the unit
page, the reports owed and not received on the follow-up board and to the urging ladder, the
ladder's steps on a task's timeline, its pages in the navigation, and the reporting work a closing
unit hands to its successor in a reorganisation (`actions.reorganisation`), and its API
(`api`, at /api/reporting)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import (
    ApiRouter,
    BoardRows,
    CarriedWork,
    LadderSubjects,
    NavigationEntry,
    TimelineSource,
    UnitPanel,
    contribute,
)
from resolute.core.events import EventKind
from resolute.orgunits.choices import Role

from . import events
from .actions import reorganisation as carrying
from .selectors import takeovers as held
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

# -- what a closing unit hands over in a reorganisation (see `actions.reorganisation`) ----------------
contribute(
    CarriedWork(
        key="reporting.regimes",
        order=60,
        label=_("Reporting regimes issued"),
        held=held.held_regimes,
        carry=carrying.carry_regimes,
        kept=held.kept_submissions,
        kept_label=_("reports submitted"),
    )
)
contribute(
    CarriedWork(
        key="reporting.duties",
        order=61,
        label=_("Reporting duties naming the unit"),
        held=held.held_duties,
        carry=carrying.carry_duties,
    )
)
contribute(
    CarriedWork(
        key="reporting.escalations",
        order=62,
        label=_("Escalations in progress"),
        held=held.held_escalations,
        carry=carrying.carry_escalations,
        kept=held.kept_steps,
        kept_label=_("reminders, notices, letters and escalations fired"),
    )
)
contribute(
    CarriedWork(
        key="reporting.letters_to",
        order=63,
        label=_("Urging letters not yet sent to the unit"),
        held=held.held_letters_to,
        carry=carrying.carry_letters_to,
        kept=held.kept_letters_to,
        kept_label=_("urging letters received"),
    )
)
contribute(
    CarriedWork(
        key="reporting.letters_from",
        order=64,
        label=_("Urging letters not yet sent by the unit"),
        held=held.held_letters_from,
        carry=carrying.carry_letters_from,
        kept=held.kept_letters_from,
        kept_label=_("urging letters sent"),
    )
)

contribute(EventKind(key=events.LETTER_ISSUED, order=50, label=_("Urging letter issued")))

contribute(
    ApiRouter(
        key="reporting",
        order=45,
        prefix="/reporting",
        router="resolute.reporting.api.router",
        label=_("Reporting"),
    )
)
