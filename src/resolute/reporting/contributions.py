"""What reporting adds to the shared surfaces (see `core.contributions`)."""

from resolute.core.contributions import UnitPanel, contribute

from .panels import reporting_record_panel

contribute(UnitPanel(key="reporting.record", order=20, render=reporting_record_panel))
