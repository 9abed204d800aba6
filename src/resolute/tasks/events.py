"""What tasks tell other systems (`core.events`): a task assigned (created, or its lead unit changed),
a progress report submitted, an extension decided. Each function gives an event's data: ids, names
and links of the records concerned."""

from resolute.core.events import unit_data

TASK_ASSIGNED = "task.assigned"
PROGRESS_REPORTED = "task.progress_reported"
EXTENSION_DECIDED = "task.extension_decided"


def _day(value):
    return value.isoformat() if value is not None else None


def _task(task) -> dict:
    return {
        "id": task.pk,
        "title": task.title,
        "title_en": task.title_en,
        "deadline": _day(task.deadline),
        "parent_id": task.parent_id,
        "link": task.get_absolute_url(),
    }


def task_assigned(task, *, former_lead_unit=None) -> dict:
    """A task given to its lead unit: created, or moved from `former_lead_unit`."""
    return {
        "task": _task(task),
        "lead_unit": unit_data(task.lead_unit),
        "assigned_by_unit": unit_data(task.assigned_by_unit),
        "assigned_on": _day(task.assigned_on),
        "former_lead_unit": unit_data(former_lead_unit),
    }


def progress_reported(report) -> dict:
    return {
        "task": _task(report.task),
        "report": {
            "id": report.pk,
            "reported_on": _day(report.reported_on),
            "percent_complete": report.percent_complete,
            "corrects_id": report.corrects_id,
        },
        "unit": unit_data(report.unit),
    }


def extension_decided(request, task) -> dict:
    return {
        "task": _task(task),
        "extension": {
            "id": request.pk,
            "decision": request.decision,
            "decided_on": _day(request.decided_on),
            "current_deadline": _day(request.current_deadline),
            "proposed_deadline": _day(request.proposed_deadline),
            "decided_at_once": request.decided_at_once,
        },
        "lead_unit": unit_data(task.lead_unit),
    }
