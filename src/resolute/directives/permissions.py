"""Who may do what with documents, built on the scope policy (`orgunits.scope`).

Reading follows the unit that keeps the document (`owner`): whoever can see that unit can read
it. Writing (editing, attaching files, relating documents) needs the office power over that
unit: the office of the issuing body, or an administrator above it.
"""

from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for

from .models import Document


def can_view_document(user, document: Document) -> bool:
    return Document.objects.visible_to(user).filter(pk=document.pk).exists()


def can_edit_document(user, document: Document) -> bool:
    """The office covering the unit that keeps the document, an administrator above it, or a superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return scope_for(user).covers(document.owner, Role.OFFICE)


def can_register_documents(user) -> bool:
    """Whether the user may register a document for at least one unit."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return scope_for(user).has_power_anywhere(Role.OFFICE)


def can_keep_documents_for(user, unit) -> bool:
    """Whether the user may register or move a document into the keeping of `unit`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return scope_for(user).covers(unit, Role.OFFICE)
