from django.contrib import admin

from .models import Blob, Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Snapshots are taken through the API (zone check, content-addressed
    storage, snapshot.created); here they can be inspected and deleted."""

    list_display = ["id", "team", "path", "branch", "author", "size", "content_type", "created_at"]
    list_filter = ["team"]
    search_fields = ["id", "path", "branch", "blob__sha256", "author__name"]
    list_select_related = ["team", "author", "blob"]
    readonly_fields = ["id", "team", "blob", "path", "repo", "branch", "commit_sha", "content_type", "author", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="size")
    def size(self, obj):
        return obj.blob.size


@admin.register(Blob)
class BlobAdmin(admin.ModelAdmin):
    list_display = ["sha256", "team", "size", "is_text", "created_at"]
    list_filter = ["team", "is_text"]
    search_fields = ["sha256"]
    list_select_related = ["team"]
    readonly_fields = ["team", "sha256", "size", "is_text", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
