"""What tasks add to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import ApiRouter, NavigationEntry, UnitPanel, contribute

from .views.rates import task_rates_panel

contribute(UnitPanel(key="tasks.rates", order=10, render=task_rates_panel))
contribute(ApiRouter(key="tasks", order=40, prefix="/tasks", router="resolute.tasks.api.router"))
contribute(NavigationEntry(key="tasks.inbox", order=30, label=_("Tasks"), url_name="tasks:inbox"))
