"""The global change log: every recorded change, for administrators."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from resolute.core.models import ChangeLogEntry
from resolute.core.pagination import page_of
from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for

from ..forms import ChangeLogFilterForm


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
    page = page_of(request, entries, 50)
    return render(request, "web/changelog.html", {"form": form, "page_obj": page})
