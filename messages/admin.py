from django.contrib import admin

from .models import Message, MessageRead


class MessageReadInline(admin.TabularInline):
    model = MessageRead
    extra = 0
    fields = ["member", "read_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Messages are posted through the API (which records message.posted);
    here they can be read and deleted."""

    list_display = ["id", "team", "channel", "sender_name", "to", "short_body", "created_at"]
    list_filter = ["team", "channel"]
    search_fields = ["id", "body", "sender__name", "recipient__name"]
    list_select_related = ["team", "sender", "recipient"]
    readonly_fields = ["id", "team", "channel", "sender", "recipient", "body", "subject_type", "subject_id", "created_at"]
    inlines = [MessageReadInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="from")
    def sender_name(self, obj):
        return obj.sender.name if obj.sender_id else "sentinel"

    @admin.display(description="to")
    def to(self, obj):
        return obj.recipient.name if obj.recipient_id else "everyone"

    @admin.display(description="body")
    def short_body(self, obj):
        return obj.body if len(obj.body) <= 80 else obj.body[:79] + "…"
