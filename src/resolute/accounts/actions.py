"""Every write to accounts: users, memberships, tokens. Each runs in one transaction and is logged."""

from django.db import transaction

from resolute.core.changelog import record_change, snapshot

from .models import User


@transaction.atomic
def set_user_language(*, user: User, language: str, acting_user) -> User:
    before = snapshot(user, ["language"])
    user.language = language
    user.save(update_fields=["language"])
    record_change(actor=acting_user, instance=user, action="update", before=before)
    return user
