"""What tasks add to the shared surfaces (see `core.contributions`)."""

from resolute.core.contributions import UnitPanel, contribute

from .views.rates import task_rates_panel

contribute(UnitPanel(key="tasks.rates", order=10, render=task_rates_panel))
