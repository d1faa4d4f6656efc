import json

from django.contrib import admin
from django.utils.html import format_html

from .models import ProveRun


@admin.register(ProveRun)
class ProveRunAdmin(admin.ModelAdmin):
    """Prove runs are made through POST /v1/prove; here they are read only."""

    list_display = ["id", "team", "author", "repo", "branch", "result", "verdict", "short_goal", "duration_ms",
                    "created_at"]
    list_filter = ["team", "result", "branch"]
    search_fields = ["id", "goal", "repo", "branch", "author__name"]
    list_select_related = ["team", "author"]
    date_hierarchy = "created_at"
    fields = ["id", "team", "author", "repo", "branch", "goal", "derived", "verdict", "result", "evidence",
              "duration_ms", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="goal")
    def short_goal(self, obj):
        return obj.goal if len(obj.goal) <= 80 else obj.goal[:79] + "…"

    @admin.display(description="requirements")
    def evidence(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.requirements, indent=2, ensure_ascii=False))
