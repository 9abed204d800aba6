"""What a recommendation adds to its task's timeline (contributed as a `TimelineSource`): that the task
is a recommendation of a conclusion (with links to the recommendation's page and to the conclusion),
each amount recovered, each decision on a person to discipline, and the inspecting body's
confirmation that it is closed. A task that is no recommendation gets nothing, for one query."""

from datetime import datetime, time

from django.utils.formats import number_format
from django.utils.timezone import get_current_timezone, make_aware
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.tasks.selectors import TimelineEvent, TimelineLink

from .choices import DisciplineOutcome
from .models import Recommendation

KINDS = {
    "oversight_recommendation": (gettext_lazy("Recommendation"), "badge badge--muted"),
    "oversight_recovery": (gettext_lazy("Money recovered"), "badge badge--ok"),
    "oversight_discipline": (gettext_lazy("Discipline decided"), "badge badge--warn"),
    "oversight_closure": (gettext_lazy("Closure confirmed"), "badge badge--ok"),
}


def _vnd(amount) -> str:
    return _("%(amount)s VND") % {"amount": number_format(amount, decimal_pos=0, force_grouping=True)}


def _end_of(day) -> datetime:
    """A moment for an event known only by its day, after everything recorded on it."""
    return make_aware(datetime.combine(day, time.max), get_current_timezone())


def task_timeline_events(task) -> list[TimelineEvent]:
    recommendation = (
        Recommendation.objects.filter(task=task)
        .select_related(
            "oversight", "oversight__document", "oversight__inspecting_unit", "closure_confirmed_by"
        )
        .first()
    )
    if recommendation is None:
        return []
    oversight = recommendation.oversight
    page = TimelineLink(label=_("The recommendation's page"), url=recommendation.get_absolute_url())
    events = [
        TimelineEvent(
            day=task.assigned_on,
            at=recommendation.created_at,
            kind="oversight_recommendation",
            text=(
                _("Recommendation %(label)s of %(conclusion)s, by %(body)s.")
                if recommendation.label
                else _("Recommendation of %(conclusion)s, by %(body)s.")
            )
            % {
                "label": recommendation.label,
                "conclusion": oversight.document,
                "body": oversight.inspecting_body,
            },
            links=[page, TimelineLink(label=_("The conclusion"), url=oversight.get_absolute_url())],
            obj=recommendation,
            is_sample=recommendation.is_sample,
        )
    ]
    for recovery in recommendation.recoveries.select_related("recorded_by").order_by("recovered_on", "pk"):
        text = (
            _("%(amount)s recovered.")
            if recovery.amount >= 0
            else _("Correction of the money recovered: %(amount)s.")
        ) % {"amount": _vnd(recovery.amount)}
        if recovery.document_number:
            text += " " + _("Document %(number)s.") % {"number": recovery.document_number}
        events.append(
            TimelineEvent(
                day=recovery.recovered_on,
                at=recovery.created_at,
                kind="oversight_recovery",
                text=text,
                actor=recovery.recorded_by,
                obj=recovery,
                body=recovery.note,
                links=[page],
                is_sample=recovery.is_sample,
            )
        )
    decided = recommendation.discipline_cases.exclude(outcome=DisciplineOutcome.PENDING).order_by(
        "decided_on", "pk"
    )
    for case in decided:
        events.append(
            TimelineEvent(
                day=case.decided_on,
                at=case.updated_at,
                kind="oversight_discipline",
                text=_("%(person)s: %(outcome)s, decision %(number)s.")
                % {
                    "person": case.person,
                    "outcome": case.get_outcome_display(),
                    "number": case.decision_number,
                },
                obj=case,
                links=[page],
                is_sample=case.is_sample,
            )
        )
    if recommendation.closure_confirmed_on is not None:
        events.append(
            TimelineEvent(
                day=recommendation.closure_confirmed_on,
                at=_end_of(recommendation.closure_confirmed_on),
                kind="oversight_closure",
                text=_("The closure of the recommendation was confirmed by document %(number)s.")
                % {"number": recommendation.closure_document_number},
                actor=recommendation.closure_confirmed_by,
                obj=recommendation,
                links=[page],
            )
        )
    return events
