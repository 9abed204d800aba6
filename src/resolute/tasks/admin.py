"""Tasks in the Django admin: for operators to look things up. Changes go through the task pages
and the API, which check permissions, keep the change log and move the task's version."""

from django.contrib import admin

from resolute.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    CompletionProposal,
    Evidence,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskComment,
    TaskCoordination,
)


class CoordinationInline(ReadOnlyInline):
    model = TaskCoordination
    fields = ["unit"]
    readonly_fields = fields


class ExtensionRequestInline(ReadOnlyInline):
    model = ExtensionRequest
    fields = [
        "requested_on",
        "current_deadline",
        "proposed_deadline",
        "decision",
        "decided_on",
        "decision_document_number",
        "decision_document_date",
        "decided_at_once",
    ]
    readonly_fields = fields


class CompletionProposalInline(ReadOnlyInline):
    model = CompletionProposal
    fields = ["proposed_on", "decision", "decided_on"]
    readonly_fields = fields


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "lead_unit",
        "assigned_by_unit",
        "assigned_on",
        "original_deadline",
        "deadline",
        "completed_on",
        "cancelled_on",
        "is_sample",
    ]
    list_filter = ["area", "priority", "is_sample"]
    search_fields = ["title", "description"]
    date_hierarchy = "assigned_on"
    list_select_related = ["lead_unit", "assigned_by_unit"]
    inlines = [CoordinationInline, ExtensionRequestInline, CompletionProposalInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["task", "unit", "reported_on", "percent_complete", "corrects", "is_sample"]
    list_select_related = ["task", "unit", "corrects"]
    search_fields = ["narrative", "task__title"]
    date_hierarchy = "reported_on"


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = ["task", "requested_on", "current_deadline", "proposed_deadline", "decision", "decided_on"]
    list_filter = ["decision"]
    list_select_related = ["task"]


@admin.register(CompletionProposal)
class CompletionProposalAdmin(ReadOnlyAdmin):
    list_display = ["task", "proposed_on", "decision", "decided_on"]
    list_filter = ["decision"]
    list_select_related = ["task"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "task", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["task", "uploaded_by"]
    search_fields = ["original_name", "task__title"]


@admin.register(TaskComment)
class TaskCommentAdmin(ReadOnlyAdmin):
    list_display = ["task", "author", "created_at"]
    list_select_related = ["task", "author"]
