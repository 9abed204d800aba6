"""Named reads of the reports pages that no domain owns: the recent activity the dashboard shows,
read from the change log. The figures of the panels and of the report's sections come from the
domains that contribute them (see `core.contributions`)."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from resolute.core.contributions import ActivitySource, contributed
from resolute.core.models import ChangeLogEntry


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


# -- recent activity -------------------------------------------------------------------------------


@dataclass
class Activity:
    """One recorded change to a record in scope (a task, a progress report, a target…)."""

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
    """The latest changes, up to the end of `as_of` (now when None), to the records the domains list
    in the recent activity (`ActivitySource`: tasks, their progress reports, targets…) in `unit`'s
    subtree that `user` may see, newest first: one query for the entries, and one per kind of record
    whose links need a lookup."""
    sources = {source.model: source for source in contributed(ActivitySource)}
    if not sources:
        return []
    in_scope = Q()
    for model, source in sources.items():
        app_label, model_name = model.split(".")
        in_scope |= Q(content_type__app_label=app_label, content_type__model=model_name) & Q(
            object_id__in=_as_keys(source.records(user, unit))
        )
    entries = (
        ChangeLogEntry.objects.filter(in_scope).select_related("actor", "content_type").order_by("-at", "-id")
    )
    if as_of is not None:
        entries = entries.filter(at__lte=_end_of(as_of))
    entries = list(entries[:limit])
    ids_by_model: dict[str, list[int]] = {}
    for entry in entries:
        ids_by_model.setdefault(_model_key(entry), []).append(int(entry.object_id))
    urls = {model: sources[model].urls(ids) for model, ids in ids_by_model.items()}
    return [
        Activity(
            at=entry.at,
            actor=entry.actor,
            action=entry.get_action_display(),
            kind=str(entry.content_type.model_class()._meta.verbose_name),
            record=entry.object_repr,
            note=entry.note,
            url=urls[_model_key(entry)].get(int(entry.object_id), ""),
        )
        for entry in entries
    ]


def _model_key(entry: ChangeLogEntry) -> str:
    return f"{entry.content_type.app_label}.{entry.content_type.model}"
