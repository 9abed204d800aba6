"""The leadership dashboard, the unit scorecards and the list of tasks an obstacle blocks.

Views read the unit and the day from the query string, check that the user may see the unit (404
otherwise) and render what `figures` computes.
"""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.accounts.scope import scope_for
from resolute.directives.models import Document
from resolute.orgunits.models import OrgUnit
from resolute.tasks.models import ObstacleCategory
from resolute.tasks.status import TaskStatus

from . import figures


def parse_day(value) -> date:
    """The day asked for in the query string; today when none or not a date."""
    try:
        return date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def visible_unit(user, unit_id) -> OrgUnit:
    """The unit with this id if it lies in a subtree the user covers, else 404. Units above the
    user's own are readable but their figures would count work the user may not see."""
    try:
        unit = OrgUnit.objects.get(pk=int(unit_id))
    except (OrgUnit.DoesNotExist, TypeError, ValueError) as error:
        raise Http404(_("No such unit.")) from error
    if not scope_for(user).covers(unit):
        raise Http404(_("No such unit."))
    return unit


def visible_document(user, document_id) -> Document | None:
    if not document_id:
        return None
    try:
        return Document.objects.visible_to(user).get(pk=int(document_id))
    except (Document.DoesNotExist, TypeError, ValueError) as error:
        raise Http404(_("No such document.")) from error


class ObstacleListForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("Obstacle"), choices=ObstacleCategory.choices)


@login_required
def obstacle_tasks(request):
    """The tasks an obstacle category blocks on a day, within a unit's subtree (or the unit alone)
    and a document: the list behind the dashboard's obstacle counts."""
    form = ObstacleListForm(request.GET)
    if not form.is_valid():
        raise Http404(_("No such obstacle category."))
    category = form.cleaned_data["category"]
    as_of = parse_day(request.GET.get("as_of"))
    unit = visible_unit(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    document = visible_document(request.user, request.GET.get("document"))
    tasks = figures.scoped_tasks(
        request.user, unit, include_subtree=not request.GET.get("alone"), document=document
    )
    blocked = (
        figures.blocked_tasks(tasks, as_of, category)
        .select_related("lead_unit")
        .order_by("deadline_as_of", "id")[:500]
    )
    labels = dict(TaskStatus.choices)
    for task in blocked:
        task.status_label = labels.get(task.status, task.status)
    return render(
        request,
        "reports/obstacle_tasks.html",
        {
            "category_label": dict(ObstacleCategory.choices)[category],
            "unit": unit,
            "document": document,
            "as_of": as_of,
            "tasks": blocked,
        },
    )
