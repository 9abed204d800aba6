"""Documents in the Django admin: for operators to look things up. Changes go through the
application's pages and API, which check permissions and keep the change log."""

from django.contrib import admin

from resolute.core.admin import ReadOnlyAdmin

from .models import Attachment, Clause, Document, DocumentRelation


class ClauseInline(admin.TabularInline):
    model = Clause
    fields = ["position", "anchor", "label", "kind", "level", "line", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "source"
    fields = ["kind", "target", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "kind", "issued_on", "issuer", "owner", "status", "is_sample"]
    list_filter = ["kind", "status", "is_sample"]
    search_fields = ["number", "title"]
    date_hierarchy = "issued_on"
    list_select_related = ["issuer", "owner"]
    inlines = [AttachmentInline, RelationInline, ClauseInline]


@admin.register(Clause)
class ClauseAdmin(ReadOnlyAdmin):
    list_display = ["document", "anchor", "label", "kind", "level", "line"]
    list_filter = ["kind"]
    search_fields = ["anchor", "text", "document__number"]
    list_select_related = ["document"]


@admin.register(DocumentRelation)
class DocumentRelationAdmin(ReadOnlyAdmin):
    list_display = ["source", "kind", "target", "note"]
    list_filter = ["kind"]
    list_select_related = ["source", "target"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "document", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["document", "uploaded_by"]
    search_fields = ["original_name", "document__number"]
