"""Who may do what with implementation reports: the office that keeps a document drafts, edits and
redrafts the reports on it; whoever may read the document reads them."""

from resolute.directives.permissions import can_edit_document


def can_edit_reports_on(user, document) -> bool:
    """Whether `user` may create, edit or redraft the reports on `document`."""
    return can_edit_document(user, document)
