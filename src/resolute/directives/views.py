"""Document pages: the list, registering and editing, the structured text, files and relations."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from resolute.core.changelog import history_of
from resolute.core.exceptions import StaleObjectError
from resolute.core.files import download_response
from resolute.core.forms import saved_meanwhile_message
from resolute.core.lookups import suggestions_response
from resolute.core.pagination import page_of
from resolute.core.replica import reads_from_replica
from resolute.orgunits.scope import scope_for

from . import actions, selectors
from .filters import DocumentFilter
from .forms import AttachmentForm, DocumentForm, DocumentRegistrationForm, RelationForm
from .models import Document
from .permissions import can_edit_document, can_register_documents
from .search import best_matching_documents

PAGE_SIZE = 25


@login_required
def document_list(request):
    filterset = DocumentFilter(
        request.GET or None, queryset=selectors.documents_for_list(request.user), request=request
    )
    page = page_of(request, filterset.qs, PAGE_SIZE)
    context = {
        "filter": filterset,
        "page_obj": page,
        "documents": page.object_list,
        "is_filtered": any(value for key, value in request.GET.items() if key not in ("page", "sort")),
        "can_register": can_register_documents(request.user),
    }
    template = "directives/document_list.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@login_required
@require_GET
@reads_from_replica
def document_lookup(request):
    """The documents a filter's box suggests as the user types (`core.lookups`): JSON, the best
    matches of `q` by number and title among the documents the user may read — narrowed to the
    filter's own choices by `within` — each with its date."""
    return suggestions_response(
        request,
        selectors.documents_for_lookup(request.user),
        model=Document,
        search=best_matching_documents,
        text_of=str,
        detail_of=lambda document: (
            date_format(document.issued_on, "SHORT_DATE_FORMAT") if document.issued_on else ""
        ),
    )


@login_required
def document_create(request):
    if not can_register_documents(request.user):
        raise PermissionDenied(_("Only an office or an administrator may register documents."))
    form = DocumentRegistrationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        document = actions.create_document(
            acting_user=request.user,
            attachments=form.cleaned_data["attachments"],
            relations=form.relations(),
            **form.action_fields(),
        )
        messages.success(
            request,
            _("The document was registered and its text split into %(count)d clauses.")
            % {"count": document.clauses.count()},
        )
        return redirect(document)
    return render(request, "directives/document_form.html", {"form": form, "document": None})


@login_required
def document_detail(request, pk):
    document = selectors.get_visible_document(request.user, pk)
    return render(
        request,
        "directives/document_detail.html",
        {
            "document": document,
            "clauses": selectors.clauses_of(document),
            "attachments": selectors.attachments_of(document),
            "relations_from": selectors.relations_from(document, request.user),
            "relations_to": selectors.relations_to(document, request.user),
            "findings": selectors.findings_of(document, request.user),
            "history": history_of(document),
            "can_edit": can_edit_document(request.user, document),
            # Unit pages follow the unit scope, which is narrower than what documents one may read.
            "owner_is_visible": scope_for(request.user).can_see_unit(document.owner),
            "issuer_is_visible": document.issuer_id and scope_for(request.user).can_see_unit(document.issuer),
        },
    )


@login_required
def document_edit(request, pk):
    document = selectors.get_document_for_edit(request.user, pk)
    form = DocumentForm(request.POST or None, instance=document, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.update_document(
                acting_user=request.user,
                document=document,
                expected_version=form.cleaned_data.get("version"),
                **form.action_fields(),
            )
        except StaleObjectError as stale:
            form.add_error(None, saved_meanwhile_message(stale))
            status = 409
        else:
            messages.success(request, _("The document was saved."))
            return redirect(document)
    return render(
        request,
        "directives/document_form.html",
        {"form": form, "document": document},
        status=status,
    )


@login_required
def attachment_add(request, pk):
    document = selectors.get_document_for_edit(request.user, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = actions.add_attachment(
            acting_user=request.user, document=document, uploaded_file=form.cleaned_data["file"]
        )
        messages.success(request, _("“%(name)s” was attached.") % {"name": attachment.original_name})
        return redirect(document)
    return render(
        request,
        "directives/attachment_form.html",
        {"form": form, "document": document, "max_upload_bytes": settings.RESOLUTE_MAX_UPLOAD_BYTES},
    )


@login_required
def attachment_download(request, pk, attachment_pk):
    attachment = selectors.get_visible_attachment(request.user, pk, attachment_pk)
    return download_response(attachment)


@require_POST
@login_required
def attachment_remove(request, pk, attachment_pk):
    document = selectors.get_document_for_edit(request.user, pk)
    attachment = selectors.get_visible_attachment(request.user, document.pk, attachment_pk)
    actions.remove_attachment(acting_user=request.user, attachment=attachment)
    messages.success(request, _("“%(name)s” was removed.") % {"name": attachment.original_name})
    return redirect(document)


@login_required
def relation_add(request, pk):
    document = selectors.get_document_for_edit(request.user, pk)
    form = RelationForm(request.POST or None, source=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.add_relation(
            acting_user=request.user,
            source=document,
            target=form.cleaned_data["target"],
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The relation was recorded."))
        return redirect(document)
    return render(request, "directives/relation_form.html", {"form": form, "document": document})


@require_POST
@login_required
def relation_remove(request, pk, relation_pk):
    document = selectors.get_document_for_edit(request.user, pk)
    relation = selectors.relations_from(document, request.user).filter(pk=relation_pk).first()
    if relation is None:
        raise Http404(_("No such relation."))
    actions.remove_relation(acting_user=request.user, relation=relation)
    messages.success(request, _("The relation was removed."))
    return redirect(document)
