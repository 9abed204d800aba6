"""The columns that say where a task stands today, rewritten from its history.

Every action that decides an extension or a completion, cancels a task or records a report keeps
`Task.deadline`, `completed_on`, `cancelled_on` and `last_reported_on` current as it goes, so today's
status is read from them (`querysets.TaskQuerySet.as_of`). Code that writes history in bulk, without
the actions — the synthetic data for measuring, a restore — calls `refresh_status_columns` afterwards,
and the nightly check (`selectors.status_column_differences`) repairs through it when asked to.
"""

from django.db.models import F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ..models import CompletionProposal, Decision, ExtensionRequest, ProgressReport, Task


def refresh_status_columns(tasks=None) -> int:
    """Rewrite the stored columns of `tasks` (default: every task) from their history; returns how
    many tasks were written. The deadline in force is the latest approved extension's (the later
    recorded on a tie), else the original; a task is completed on the day proposed in its latest
    accepted completion; its last report is the latest day a report speaks of."""
    tasks = Task.objects.all() if tasks is None else tasks
    extension = ExtensionRequest.objects.filter(task=OuterRef("pk"), decision=Decision.APPROVED).order_by(
        "-decided_on", "-id"
    )
    completion = CompletionProposal.objects.filter(task=OuterRef("pk"), decision=Decision.APPROVED).order_by(
        "-decided_on", "-id"
    )
    last_report = (
        ProgressReport.objects.filter(task=OuterRef("pk"))
        .order_by()
        .values("task")
        .annotate(day=Max("reported_on"))
        .values("day")
    )
    return tasks.order_by().update(
        deadline=Coalesce(Subquery(extension.values("proposed_deadline")[:1]), F("original_deadline")),
        completed_on=Subquery(completion.values("proposed_on")[:1]),
        last_reported_on=Subquery(last_report),
    )
