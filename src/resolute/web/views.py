"""Pages that belong to no single app: the home page and the global change log."""

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from resolute.core.models import ChangeLogEntry
from resolute.directives.models import Document
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for
from resolute.reports.views.dashboard import render_dashboard, sees_the_dashboard_first

from .forms import ChangeLogFilterForm


@login_required
def home(request):
    """Leaders and offices land on their dashboard; everyone else sees their roles and documents.

    The dashboard is rendered here rather than redirected to, so the home address stays a page
    of its own (the Home link stays current, a bookmark of "/" shows today's picture); its
    filters submit to the dashboard's own address, whose query string carries the unit and day."""
    if sees_the_dashboard_first(request.user):
        return render_dashboard(request)
    scope = scope_for(request.user)
    memberships = request.user.memberships.select_related("unit")
    documents = (
        Document.objects.visible_to(request.user).select_related("issuer").order_by("-issued_on", "-id")[:8]
    )
    return render(
        request,
        "web/home.html",
        {
            "memberships": memberships,
            "recent_documents": documents,
            "unit_count": OrgUnit.objects.visible_to(request.user).count(),
            "is_admin": scope.has_power_anywhere(Role.ADMIN),
        },
    )


@login_required
def changelog(request):
    """Every recorded change, for administrators, filterable by kind of record, person and date."""
    if not scope_for(request.user).has_power_anywhere(Role.ADMIN):
        raise PermissionDenied
    form = ChangeLogFilterForm(request.GET or None)
    entries = ChangeLogEntry.objects.select_related("actor", "content_type")
    if form.is_valid():
        data = form.cleaned_data
        if data.get("kind"):
            entries = entries.filter(content_type=data["kind"])
        if data.get("actor"):
            entries = entries.filter(actor=data["actor"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("since"):
            entries = entries.filter(at__date__gte=data["since"])
        if data.get("until"):
            entries = entries.filter(at__date__lte=data["until"])
        if data.get("q"):
            entries = entries.filter(object_repr__icontains=data["q"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "web/changelog.html", {"form": form, "page_obj": page})


def csrf_failure(request, reason=""):
    """An expired or missing form token: say what happened and what to do, inside the normal layout."""
    return render(request, "403_csrf.html", status=403)


@require_GET
def health(request):
    """For load balancers and `make run` checks: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    ContentType.objects.exists()
    return HttpResponse("ok", content_type="text/plain")
