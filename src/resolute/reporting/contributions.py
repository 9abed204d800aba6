"""What reporting adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import NavigationEntry, UnitPanel, contribute
from resolute.orgunits.choices import Role

from .panels import reporting_record_panel

contribute(UnitPanel(key="reporting.record", order=20, render=reporting_record_panel))
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
