from django.contrib import admin
from django.utils import timezone

from .models import Entry, Tag, Vote


class TagInline(admin.TabularInline):
    model = Tag
    extra = 0
    fields = ["name"]


class VoteInline(admin.TabularInline):
    model = Vote
    extra = 0
    fields = ["member", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Entries are written through the API (which records knowledge.created);
    here they can be read, corrected and deleted."""

    list_display = ["id", "team", "short_question", "category", "repo", "source", "author_name", "votes", "created_at"]
    list_filter = ["team", "source", "category"]
    search_fields = ["id", "question", "answer", "author_name", "tag_rows__name"]
    list_select_related = ["team"]
    fields = ["id", "team", "author", "author_name", "question", "answer", "category", "repo", "source", "votes",
              "created_at", "updated_at"]
    readonly_fields = ["id", "team", "author", "author_name", "votes", "created_at", "updated_at"]
    inlines = [TagInline, VoteInline]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.display(description="question")
    def short_question(self, obj):
        return obj.question if len(obj.question) <= 80 else obj.question[:79] + "…"
