"""The admin is for operators to look things up. Every change goes through the application's actions,
which check permissions, validate and keep the change log; so every model is shown read-only."""

from django.contrib import admin

from .models import ChangeLogEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """A model shown in the admin that nobody may add, change or delete there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Related rows listed under a read-only record."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr"]
