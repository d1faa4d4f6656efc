from django.contrib import admin
from django.db import transaction

from accounts.models import Member

from . import claims
from .models import Zone, ZonePath


class ZonePathInline(admin.TabularInline):
    model = ZonePath
    extra = 0
    fields = ["position", "pattern", "prefix"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    """Claims are made through the API (conflict check under the team lock);
    here they can be inspected, shortened and released (deleting one releases
    it, recording zone.released)."""

    list_display = ["id", "team", "owner", "mode", "path_list", "repo", "branch", "expires_at", "is_active"]
    list_filter = ["team", "mode"]
    search_fields = ["id", "owner__name", "reason", "entries__pattern"]
    list_select_related = ["team", "owner"]
    readonly_fields = ["id", "team", "owner", "mode", "repo", "branch", "created_at"]
    fields = ["id", "team", "owner", "mode", "reason", "repo", "branch", "created_at", "expires_at"]
    inlines = [ZonePathInline]
    actions = ["release_zones"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("entries")

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        self.delete_queryset(request, Zone.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        # Deleting here is releasing: zone.released is recorded for each.
        self.release_zones(request, queryset, quiet=True)

    @admin.display(description="paths")
    def path_list(self, obj):
        return ", ".join(obj.paths)

    @admin.display(boolean=True, description="active")
    def is_active(self, obj):
        return obj.expires_at > claims.now()

    @admin.action(description="Release the selected zones")
    def release_zones(self, request, queryset, quiet=False):
        count = 0
        with transaction.atomic():
            for zone in queryset.select_related("team", "owner"):
                member = Member.objects.filter(team=zone.team, user=request.user).first()
                claims.release(zone, member, is_admin=True)
                count += 1
        if not quiet:
            self.message_user(request, f"Released {count} zone(s).")
