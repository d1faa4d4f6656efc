from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .models import TOPICS, WEBHOOK_FORMATS, Delivery, Event, SyncState, Webhook
from .webhooks import new_secret


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["seq", "id", "topic", "team", "created_at", "is_private"]
    list_filter = ["topic", "team"]
    search_fields = ["id"]
    list_select_related = ["team"]
    readonly_fields = [f.name for f in Event._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True, description="private")
    def is_private(self, obj):
        return obj.is_private


class WebhookForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        choices=[("*", "every topic")] + [(t, t) for t in TOPICS], widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(
        required=False, widget=forms.PasswordInput(render_value=False), min_length=16,
        help_text="Write-only. Leave blank to keep the current secret (a new webhook gets a generated one).",
    )
    format = forms.ChoiceField(choices=[(f, f) for f in WEBHOOK_FORMATS])

    class Meta:
        model = Webhook
        fields = ["team", "url", "topics", "format", "secret", "active", "description"]

    def clean_url(self):
        from .serializers import validate_url

        url = self.cleaned_data["url"]
        try:
            return validate_url(url)
        except Exception as exc:  # a DRF ValidationError
            raise forms.ValidationError(getattr(exc, "detail", [str(exc)])[0]) from exc

    def clean_topics(self):
        topics = self.cleaned_data["topics"]
        return ["*"] if "*" in topics else sorted(topics)

    def save(self, commit=True):
        webhook = super().save(commit=False)
        secret = self.cleaned_data.get("secret")
        if secret:
            webhook.secret = secret
        elif not webhook.secret:
            webhook.secret = new_secret()
        if commit:
            webhook.save()
        return webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["id", "team", "url", "format", "active", "topic_list", "created_at"]
    list_filter = ["active", "format", "team"]
    search_fields = ["id", "url", "description"]
    list_select_related = ["team"]
    readonly_fields = ["recent_deliveries"]
    RECENT = 20

    @admin.display(description="topics")
    def topic_list(self, obj):
        return ", ".join(obj.topics)

    @admin.display(description="recent deliveries")
    def recent_deliveries(self, obj):
        """The latest deliveries, with a link to the whole log of this webhook."""
        if obj is None or obj.pk is None:
            return "—"
        rows = Delivery.objects.filter(webhook=obj).order_by("-id")[: self.RECENT]
        log_url = reverse("admin:events_delivery_changelist") + f"?webhook__id__exact={obj.pk}"
        body = format_html_join(
            "",
            "<tr><td><a href='{}'>{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (reverse("admin:events_delivery_change", args=[d.pk]), d.pk, d.topic, d.status, d.attempts,
                 d.response_status or "", d.error, d.last_attempt_at or "")
                for d in rows
            ),
        )
        return format_html(
            "<table><tr><th>delivery</th><th>topic</th><th>status</th><th>attempts</th><th>HTTP</th>"
            "<th>error</th><th>last attempt</th></tr>{}</table><p><a href='{}'>The whole delivery log →</a></p>",
            body, log_url,
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: what was sent where, and what came back."""

    list_display = ["id", "webhook", "topic", "status", "attempts", "response_status", "duration_ms",
                    "last_attempt_at", "next_attempt_at"]
    list_filter = ["status", "topic", "team", "webhook"]
    search_fields = ["id", "webhook__id", "webhook__url"]
    list_select_related = ["webhook"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Retry now (back to pending, due immediately)")
    def retry_now(self, request, queryset):
        from django.utils import timezone

        n = queryset.exclude(topic="ping").update(status=Delivery.PENDING, attempts=0, next_attempt_at=timezone.now())
        self.message_user(request, f"{n} deliveries queued again.")


@admin.register(SyncState)
class SyncStateAdmin(admin.ModelAdmin):
    list_display = ["member", "team", "cursor", "acknowledged_at", "last_push_at"]
    list_filter = ["team"]
    list_select_related = ["member", "team"]
    readonly_fields = ["member", "team", "cursor", "acknowledged_at", "last_push_at"]
