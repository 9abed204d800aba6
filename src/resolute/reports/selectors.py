"""Named reads of the reports pages that no domain owns: the recent activity the dashboard shows,
read from the change log. The figures of the panels and of the report's sections come from the
domains that contribute them (see `core.contributions`)."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from resolute.core.models import ChangeLogEntry
from resolute.orgunits.querysets import subtree_q
from resolute.targets.models import Target
from resolute.tasks.models import ProgressReport
from resolute.tasks.selectors import scoped_tasks


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


# -- recent activity -------------------------------------------------------------------------------


@dataclass
class Activity:
    """One recorded change to a task, a progress report or a target in scope."""

    at: datetime
    actor: object
    action: str
    kind: str
    record: str
    note: str
    url: str


def _as_keys(queryset) -> QuerySet:
    # The change log keeps record ids as text.
    return queryset.order_by().annotate(key=Cast("pk", CharField())).values("key")


def recent_activity(user, unit, limit: int = 15, *, as_of: date | None = None) -> list[Activity]:
    """The latest changes, up to the end of `as_of` (now when None), to the tasks `unit`'s subtree
    leads, their progress reports and the targets of its subtree, that `user` may see, newest
    first. Two queries (the entries, then the tasks of the reports among them)."""
    tasks = scoped_tasks(user, unit)
    targets = Target.objects.visible_to(user)
    if unit is not None:
        targets = targets.filter(subtree_q(unit.path, field="unit__path"))
    reports = ProgressReport.objects.filter(task__in=tasks.values("pk"))
    entries = (
        ChangeLogEntry.objects.filter(
            (
                Q(content_type__app_label="tasks", content_type__model="task")
                & Q(object_id__in=_as_keys(tasks))
            )
            | (
                Q(content_type__app_label="tasks", content_type__model="progressreport")
                & Q(object_id__in=_as_keys(reports))
            )
            | (
                Q(content_type__app_label="targets", content_type__model="target")
                & Q(object_id__in=_as_keys(targets))
            )
        )
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )
    if as_of is not None:
        entries = entries.filter(at__lte=_end_of(as_of))
    entries = list(entries[:limit])
    report_ids = [int(entry.object_id) for entry in entries if entry.content_type.model == "progressreport"]
    task_of_report = (
        dict(ProgressReport.objects.filter(pk__in=report_ids).values_list("pk", "task_id"))
        if report_ids
        else {}
    )
    rows = []
    for entry in entries:
        model = entry.content_type.model
        if model == "target":
            url = reverse("targets:target_detail", args=[int(entry.object_id)])
        elif model == "progressreport":
            task_id = task_of_report.get(int(entry.object_id))
            url = reverse("tasks:detail", args=[task_id]) if task_id else ""
        else:
            url = reverse("tasks:detail", args=[int(entry.object_id)])
        rows.append(
            Activity(
                at=entry.at,
                actor=entry.actor,
                action=entry.get_action_display(),
                kind=str(entry.content_type.model_class()._meta.verbose_name),
                record=entry.object_repr,
                note=entry.note,
                url=url,
            )
        )
    return rows
