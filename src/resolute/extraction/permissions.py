"""Who may turn a document into a plan: the office that keeps the document (as for editing it).

Reading a proposal follows the document: whoever may read the document may read what was
proposed for it and what was decided.
"""

from resolute.directives.permissions import can_edit_document, can_view_document


def can_propose(user, document) -> bool:
    return can_edit_document(user, document)


def can_read_proposals(user, document) -> bool:
    return can_view_document(user, document)
