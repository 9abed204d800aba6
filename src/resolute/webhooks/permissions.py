"""Who may manage webhooks. A webhook hears the events of every unit, so only someone who administers
the whole tree may register one: a superuser, or an administrator of the root of every tree of units
(an administrator of a district is not)."""

from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for


def can_manage_webhooks(user) -> bool:
    """Answered from the user's memberships alone (no query beyond the scope's own)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    scope = scope_for(user)
    if scope.sees_everything:
        return True
    administered_roots = {
        coverage.root_path
        for coverage in scope.own_coverages
        if not coverage.ancestor_ids and Role.ADMIN in coverage.powers
    }
    return bool(administered_roots) and len(administered_roots) == scope.tree_count
