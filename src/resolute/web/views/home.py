"""The home page: leaders and offices see their dashboard, everyone else their roles and documents."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from resolute.directives.models import Document
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for
from resolute.reports.views.dashboard import render_dashboard, sees_the_dashboard_first


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
