"""The conclusions: the list of those the user reads with their recommendations counted by state, the
form that registers one (the office that follows it up), and a conclusion's page with its
recommendations and the form that adds one.

A conclusion outside the user's scope is a 404; a form they may not use is a 403. Reading a page
never writes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resolute.core import clock
from resolute.core.asof import as_of_from
from resolute.core.forms import run_action
from resolute.core.pagination import page_of

from .. import actions
from ..filters import OversightFilter
from ..forms import OversightForm, RecommendationForm
from ..permissions import can_add_recommendation, can_register_any_oversight, can_register_oversight
from ..selectors import get_visible_oversight, recommendations_of
from ..selectors.pages import counts_by_oversight
from .common import PAGE_SIZE, is_htmx, recommendations_url


@login_required
def oversight_list(request):
    """The conclusions the user reads, newest first, each with its recommendations by state today."""
    filterset = OversightFilter(request.GET, request=request)
    page = page_of(request, filterset.qs, PAGE_SIZE)
    oversights = list(page.object_list)
    today = clock.today()
    counts = counts_by_oversight(request.user, oversights, on=today)
    rows = [{"oversight": oversight, "counts": counts[oversight.pk]} for oversight in oversights]
    context = {
        "filter": filterset,
        "page_obj": page,
        "rows": rows,
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "can_create": can_register_any_oversight(request.user),
    }
    template = "oversight/list.html"
    return render(request, f"{template}#results" if is_htmx(request) else template, context)


@login_required
def oversight_create(request):
    if not can_register_any_oversight(request.user):
        raise PermissionDenied(
            _("Only the office that follows the recommendations up registers a conclusion.")
        )
    form = OversightForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not can_register_oversight(request.user, form.cleaned_data["follow_up_unit"]):
            raise PermissionDenied(
                _("Only the office that follows the recommendations up registers a conclusion.")
            )
        oversight, status = run_action(
            form, lambda: actions.register_oversight(acting_user=request.user, **form.action_fields())
        )
        if oversight is not None:
            messages.success(
                request,
                _("The conclusion %(number)s was registered. Add its recommendations below.")
                % {"number": oversight.document.number},
            )
            return redirect(oversight)
    return render(request, "oversight/form.html", {"form": form}, status=status)


def detail_context(request, oversight, *, form=None) -> dict:
    """The conclusion's page: its facts, its recommendations where they stand on the day, and the form
    to add one (given bound, after a refused post)."""
    user = request.user
    as_of = as_of_from(request)
    may_add = can_add_recommendation(user, oversight)
    if may_add and form is None:
        form = RecommendationForm(user=user, oversight=oversight)
    recommendations = list(recommendations_of(user, oversight, on=as_of))
    return {
        "oversight": oversight,
        "document": oversight.document,
        "recommendations": recommendations,
        "as_of": as_of,
        "is_today": as_of == clock.today(),
        "form": form if may_add else None,
        "list_url": recommendations_url(oversight=oversight.pk, as_of=as_of.isoformat()),
    }


@login_required
def oversight_detail(request, pk):
    oversight = get_visible_oversight(request.user, pk)
    return render(request, "oversight/detail.html", detail_context(request, oversight))


@login_required
@require_POST
def recommendation_create(request, pk):
    oversight = get_visible_oversight(request.user, pk)
    if not can_add_recommendation(request.user, oversight):
        raise PermissionDenied(_("Only the office that follows the conclusion up adds its recommendations."))
    form = RecommendationForm(request.POST, user=request.user, oversight=oversight)
    status = 200
    if form.is_valid():
        recommendation, status = run_action(
            form,
            lambda: actions.add_recommendation(
                acting_user=request.user, oversight=oversight, **form.action_fields()
            ),
        )
        if recommendation is not None:
            messages.success(
                request,
                _("The recommendation was added; its task is %(task)s.") % {"task": recommendation.task},
            )
            return redirect(f"{oversight.get_absolute_url()}#recommendations")
    context = detail_context(request, oversight, form=form)
    return render(request, "oversight/detail.html", context, status=status)
