"""Read-only records: what arrived from the wire, what happened, what changed."""
from django.contrib import admin

from ..models import Correction, Dispatch, Revision, Transition


class ReadOnlyAdmin(admin.ModelAdmin):
    """The record is history: nobody adds, edits or deletes it here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "format", "source_id", "article", "received_at", "applied", "pubstatus"]
    list_filter = ["format", "applied", "pubstatus", "agency"]
    search_fields = ["source_id", "file_name", "wire_headline"]
    date_hierarchy = "received_at"
    list_select_related = ["article"]


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["article", "action", "from_status", "to_status", "user", "at", "note"]
    list_filter = ["action", "to_status"]
    date_hierarchy = "at"
    list_select_related = ["article", "user"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["article", "version", "user", "created_at", "changed", "note"]
    list_select_related = ["article", "user"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ["article", "kind", "text", "created_at", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["article", "created_by"]
