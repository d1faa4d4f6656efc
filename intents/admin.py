"""Intents and the logic graph in the Django admin: read-only (an intent is a
log entry; the graph is derived from intents)."""

from django.contrib import admin

from .models import Intent, IntentNode, IntentTicket, LogicNode


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TicketInline(admin.TabularInline):
    model = IntentTicket
    fields = ["system", "ticket"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Intent)
class IntentAdmin(ReadOnlyAdmin):
    list_display = ["id", "team", "repo", "branch", "author", "summary", "nodes_changed", "nodes_added",
                    "nodes_deleted", "created_at"]
    list_filter = ["team", "repo", "branch"]
    search_fields = ["=id", "summary", "commit_sha", "=tickets__ticket"]
    list_select_related = ["team", "author"]
    show_full_result_count = False
    inlines = [TicketInline]


@admin.register(IntentNode)
class IntentNodeAdmin(ReadOnlyAdmin):
    list_display = ["intent", "position", "change", "kind", "name", "path", "repo", "branch"]
    list_filter = ["team", "change", "kind"]
    search_fields = ["=intent__id", "name", "path"]
    show_full_result_count = False


@admin.register(LogicNode)
class LogicNodeAdmin(ReadOnlyAdmin):
    list_display = ["name", "team", "repo", "branch", "kind", "path", "deleted", "intent", "touched_at"]
    list_filter = ["team", "repo", "branch", "kind", "deleted"]
    search_fields = ["name", "path"]
    list_select_related = ["team"]
    show_full_result_count = False
    readonly_fields = ["calls"]

    @admin.display(description="calls")
    def calls(self, obj):
        from .graph import calls_of

        return ", ".join(calls_of(obj)) or "—"
