"""Named reads of the account pages and API: the people a user administers, and a user's own tokens."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from resolute.orgunits.models import Membership

from .models import ApiToken, User


def administered_users(user):
    """The people `user` administers (see `permissions`), with their memberships and units."""
    return User.objects.administered_by(user).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
    )


def get_administered_user(user, pk) -> User:
    """One person `user` administers, or 404."""
    return get_object_or_404(User.objects.administered_by(user), pk=pk)


def tokens_of(user):
    """The user's own API tokens; nobody else's are ever reached."""
    return ApiToken.objects.visible_to(user)


def get_own_token(user, pk, *, active_only: bool = False) -> ApiToken:
    """One of the user's own tokens (a token still in use where `active_only`), or 404."""
    tokens = tokens_of(user)
    return get_object_or_404(tokens.active() if active_only else tokens, pk=pk)
