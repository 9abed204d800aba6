"""Task queries: visibility, and the status on any day computed in SQL so lists filter, sort and
paginate by it (the rules are those of `status.status_on`); and the queries of the requests the
assigning unit decides (extensions, completions)."""

from datetime import date

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from resolute.core import clock

from .status import OverdueAge, TaskStatus, lateness_counts_against_original, overdue_bounds, silent_since


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Tasks a unit in the user's scope leads, coordinates or assigned."""
        from resolute.orgunits.scope import scope_for

        if not getattr(user, "is_authenticated", False):
            return self.none()
        scope = scope_for(user)
        if scope.sees_everything:
            return self
        from .models import TaskCoordination

        coordinated = TaskCoordination.objects.filter(task=OuterRef("pk")).filter(scope.unit_q(prefix="unit"))
        return self.filter(
            scope.unit_q(prefix="lead_unit")
            | scope.unit_q(prefix="assigned_by_unit")
            | Q(Exists(coordinated))
        )

    def as_of(self, day: date | None = None):
        """Tasks that existed on `day` (default today), annotated with what was known that day:
        `deadline_as_of`, `completed_on_as_of`, `last_report_on`, `status` and `overdue_age`."""
        from .models import CompletionProposal, Decision, ExtensionRequest, ProgressReport

        day = day or clock.today()
        extension = ExtensionRequest.objects.filter(
            task=OuterRef("pk"), decision=Decision.APPROVED, decided_on__lte=day
        ).order_by("-decided_on", "-id")
        completion = CompletionProposal.objects.filter(
            task=OuterRef("pk"), decision=Decision.APPROVED, decided_on__lte=day
        ).order_by("-decided_on", "-id")
        last_report = (
            ProgressReport.objects.filter(task=OuterRef("pk"), reported_on__lte=day)
            .order_by("-reported_on")
            .values("reported_on")[:1]
        )
        up_to_30, up_to_120 = overdue_bounds(day)
        judged_against = "original_deadline" if lateness_counts_against_original() else "deadline_as_of"
        date_field = models.DateField()
        return (
            self.filter(assigned_on__lte=day)
            .annotate(
                deadline_as_of=Coalesce(
                    Subquery(extension.values("proposed_deadline")[:1], output_field=date_field),
                    F("original_deadline"),
                ),
                completed_on_as_of=Subquery(completion.values("proposed_on")[:1], output_field=date_field),
                last_report_on=Subquery(last_report, output_field=date_field),
                judged_deadline=F(judged_against),
            )
            # Reports are never dated before the assignment, so the later of the two is this Coalesce.
            .annotate(last_sign_of_life=Coalesce(F("last_report_on"), F("assigned_on")))
            .annotate(
                status=Case(
                    When(cancelled_on__lte=day, then=Value(TaskStatus.CANCELLED)),
                    When(
                        Q(completed_on_as_of__isnull=False)
                        & (Q(judged_deadline__isnull=True) | Q(completed_on_as_of__lte=F("judged_deadline"))),
                        then=Value(TaskStatus.COMPLETED_ON_TIME),
                    ),
                    When(completed_on_as_of__isnull=False, then=Value(TaskStatus.COMPLETED_LATE)),
                    When(
                        Q(original_deadline__isnull=True) & Q(last_sign_of_life__lt=silent_since(day)),
                        then=Value(TaskStatus.NO_DEADLINE_SILENT),
                    ),
                    When(original_deadline__isnull=True, then=Value(TaskStatus.NO_DEADLINE)),
                    When(judged_deadline__gte=day, then=Value(TaskStatus.IN_PROGRESS)),
                    default=Value(TaskStatus.OVERDUE),
                    output_field=models.CharField(),
                ),
            )
            .annotate(
                overdue_age=Case(
                    When(~Q(status=TaskStatus.OVERDUE), then=Value(None)),
                    When(judged_deadline__gte=up_to_30, then=Value(OverdueAge.UP_TO_30)),
                    When(judged_deadline__gte=up_to_120, then=Value(OverdueAge.UP_TO_120)),
                    default=Value(OverdueAge.OVER_120),
                    output_field=models.CharField(null=True),
                )
            )
        )


class AssignerDecisionRequestQuerySet(models.QuerySet):
    """Extension requests and completion proposals: seen with their task, pending or decided."""

    def visible_to(self, user):
        """The requests on the tasks the user may see."""
        from .models import Task

        return self.filter(task__in=Task.objects.visible_to(user))

    def pending(self):
        from .models import Decision

        return self.filter(decision=Decision.PENDING)

    def decided(self):
        return self.exclude(decided_on=None)

    def on_open_tasks(self):
        return self.filter(task__cancelled_on__isnull=True, task__completed_on__isnull=True)

    def last_decided_on(self) -> date | None:
        """The day of the latest decision among these requests, or None."""
        return self.decided().order_by("-decided_on").values_list("decided_on", flat=True).first()
