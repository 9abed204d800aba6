"""What the petition pages share: reading a petition the user may see (404 otherwise), refusing a
step to whom may not take it (403), and telling an HTMX request for a fragment from a page."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Petition

PAGE_SIZE = 25


def is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False)) and not request.htmx.boosted


def get_visible_petition(user, pk) -> Petition:
    """The petition `pk` if the user may read it; 404 otherwise, so a petition outside their area is
    not even confirmed to exist."""
    petition = (
        Petition.objects.visible_to(user)
        .select_related("received_by_unit", "handling_unit", "concerned_unit", "duplicate_of")
        .filter(pk=pk)
        .first()
    )
    if petition is None:
        raise Http404(_("No petition you can read has this address."))
    return petition


def ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
