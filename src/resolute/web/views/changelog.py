"""The change log: every recorded change for those who may read it all, the changes of their
jurisdiction for offices and district administrators."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from resolute.core.pagination import page_of

from ..forms import ChangeLogFilterForm
from ..permissions import change_log_entries_for, may_read_change_log


@login_required
def changelog(request):
    """The recorded changes the user may read, filterable by kind of record, person and date."""
    if not may_read_change_log(request.user):
        raise PermissionDenied
    form = ChangeLogFilterForm(request.GET or None, user=request.user)
    entries = change_log_entries_for(request.user).select_related("actor", "content_type")
    if form.is_valid():
        entries = form.filter(entries)
    page = page_of(request, entries, 50)
    return render(request, "web/changelog.html", {"form": form, "page_obj": page})
