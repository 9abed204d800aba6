"""Tasks with a history, written straight to the tables.

The status code only reads these rows, so the status and rates tests build exactly the history
they need (decisions on given days, reports, a cancellation) without going through the workflow.
The current-state columns of the task (`deadline`, `completed_on`, `cancelled_on`,
`last_reported_on`, and the days the deadline and the completion were decided) are set as the
actions would leave them after the whole history.
"""

from collections.abc import Iterable
from datetime import date

from resolute.tasks.models import (
    CompletionProposal,
    Decision,
    ExtensionRequest,
    ProgressReport,
    Task,
)
from resolute.tasks.status import TaskHistory, deadline_on, decided_last


def last_decision_day(decisions: list[tuple[date, date]]) -> date | None:
    """The day of the decision taken last (the later recorded on a tie): the same as its day."""
    return max((day for day, _value in decisions), default=None)


def make_task(
    *,
    lead_unit,
    assigned_on: date,
    deadline: date | None = None,
    assigned_by_unit=None,
    title: str = "Replace the temporary houses",
    parent: Task | None = None,
    approved_extensions: Iterable[tuple[date, date]] = (),
    rejected_extensions: Iterable[tuple[date, date]] = (),
    accepted_completions: Iterable[tuple[date, date]] = (),
    returned_completions: Iterable[tuple[date, date]] = (),
    report_dates: Iterable[date] = (),
    cancelled_on: date | None = None,
) -> Task:
    """A task led by `lead_unit` with this history. Extensions are (decided on, new deadline) and
    completions (decided on, proposed on), in the order they were decided; rejected and returned
    ones are there to show they change nothing."""
    approved_extensions = list(approved_extensions)
    accepted_completions = list(accepted_completions)
    history = TaskHistory(
        assigned_on=assigned_on,
        original_deadline=deadline,
        approved_extensions=approved_extensions,
        accepted_completions=accepted_completions,
        report_dates=list(report_dates),
        cancelled_on=cancelled_on,
    )
    task = Task.objects.create(
        title=title,
        lead_unit=lead_unit,
        assigned_by_unit=assigned_by_unit or lead_unit.parent or lead_unit,
        assigned_on=assigned_on,
        parent=parent,
        original_deadline=deadline,
        deadline=deadline_on(history, date.max),
        deadline_changed_on=last_decision_day(approved_extensions),
        completed_on=decided_last(accepted_completions, date.max),
        completion_decided_on=last_decision_day(accepted_completions),
        cancelled_on=cancelled_on,
        cancel_reason="No longer needed." if cancelled_on else "",
        last_reported_on=max(history.report_dates, default=None),
    )
    decided_extensions = [(day, new, Decision.APPROVED) for day, new in approved_extensions] + [
        (day, new, Decision.REJECTED) for day, new in rejected_extensions
    ]
    ExtensionRequest.objects.bulk_create(
        ExtensionRequest(
            task=task,
            requested_on=decided_on,
            current_deadline=deadline,
            proposed_deadline=new_deadline,
            reason="Site clearance is late.",
            decision=decision,
            decided_on=decided_on,
            decision_comment="" if decision == Decision.APPROVED else "Finish on time.",
        )
        for decided_on, new_deadline, decision in decided_extensions
    )
    decided_completions = [(day, proposed, Decision.APPROVED) for day, proposed in accepted_completions] + [
        (day, proposed, Decision.REJECTED) for day, proposed in returned_completions
    ]
    CompletionProposal.objects.bulk_create(
        CompletionProposal(
            task=task,
            proposed_on=proposed_on,
            result="Done.",
            decision=decision,
            decided_on=decided_on,
            decision_comment="" if decision == Decision.APPROVED else "The evidence is missing.",
        )
        for decided_on, proposed_on, decision in decided_completions
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(task=task, unit=lead_unit, reported_on=day, narrative="Work goes on.")
        for day in history.report_dates
    )
    return task


def make_task_from_history(history: TaskHistory, *, lead_unit, **fields) -> Task:
    return make_task(
        lead_unit=lead_unit,
        assigned_on=history.assigned_on,
        deadline=history.original_deadline,
        approved_extensions=history.approved_extensions,
        accepted_completions=history.accepted_completions,
        report_dates=history.report_dates,
        cancelled_on=history.cancelled_on,
        **fields,
    )
