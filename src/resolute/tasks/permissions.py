"""Who may do what with a task, on top of the scope policy (`orgunits.scope`).

- Assign a task: the OFFICE power over the lead unit and every coordinating unit (the office
  assigns anywhere in the jurisdiction of the body it serves).
- Split a task into sub-tasks: the MANAGER power over the task's lead unit; sub-tasks go to units
  strictly below the lead unit.
- Report progress: the REPORTER power over the lead unit, or over a coordinating unit (which then
  reports its own contribution).
- Ask for an extension, propose completion: the REPORTER power over the lead unit only.
- Decide extensions and completions, cancel: the MANAGER power over the unit that assigned the task
  (for a task from the office, the office; for a sub-task, the manager of the parent's lead unit).
"""

from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for


def can_view_task(user, task) -> bool:
    from .models import Task

    return Task.objects.visible_to(user).filter(pk=task.pk).exists()


def can_assign_to(user, lead_unit, coordinating_units=()) -> bool:
    scope = scope_for(user)
    return scope.covers(lead_unit, Role.OFFICE) and all(
        scope.covers(unit, Role.OFFICE) for unit in coordinating_units
    )


def can_create_tasks(user) -> bool:
    return scope_for(user).has_power_anywhere(Role.OFFICE)


def can_split_task(user, task) -> bool:
    return (
        task.cancelled_on is None
        and task.completed_on is None
        and scope_for(user).covers(task.lead_unit, Role.MANAGER)
    )


def can_assign_subtask_to(user, task, unit) -> bool:
    return can_split_task(user, task) and unit.is_descendant_of(task.lead_unit)


def reporting_units(user, task) -> list:
    """The units of this task (lead first, then coordinating) the user may report for."""
    scope = scope_for(user)
    units = [task.lead_unit, *task.coordinating_units.all()]
    return [unit for unit in units if scope.covers(unit, Role.REPORTER)]


def can_report_on(user, task) -> bool:
    return task.cancelled_on is None and bool(reporting_units(user, task))


def can_act_as_lead(user, task) -> bool:
    """Ask for an extension or propose completion."""
    open_task = task.cancelled_on is None and task.completed_on is None
    return open_task and scope_for(user).covers(task.lead_unit, Role.REPORTER)


def can_decide_for(user, task) -> bool:
    """Approve or reject extensions, accept or return completion, cancel."""
    return scope_for(user).covers(task.assigned_by_unit, Role.MANAGER)
