"""What tasks add to the shared surfaces (see `core.contributions`): their rates on the unit page,
the overdue and soon-due tasks on the follow-up board, the open tasks the urging ladder chases, their
API and their place in the navigation."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import (
    ApiRouter,
    BoardRows,
    LadderSubjects,
    NavigationEntry,
    UnitPanel,
    contribute,
)

from .selectors import overdue_tasks_by_unit, task_subjects, tasks_due_soon
from .views.rates import task_rates_panel

contribute(UnitPanel(key="tasks.rates", order=10, render=task_rates_panel))
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
contribute(ApiRouter(key="tasks", order=40, prefix="/tasks", router="resolute.tasks.api.router"))
contribute(NavigationEntry(key="tasks.inbox", order=30, label=_("Tasks"), url_name="tasks:inbox"))
