"""Impacts in the Django admin: read-mostly — the status, note and snooze can
be changed (through the same path as PATCH /v1/impacts/{id}, so the change is
recorded and announced); nothing else."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from accounts.models import Member
from aura_site.api import errors

from . import resolution
from .models import Impact


class ImpactForm(forms.ModelForm):
    class Meta:
        model = Impact
        fields = ["status", "snooze_until", "note"]

    def clean(self):
        cleaned = super().clean()
        until = cleaned.get("snooze_until")
        if cleaned.get("status") == "snoozed" and until is not None and until <= timezone.now():
            raise forms.ValidationError({"snooze_until": "Must be in the future."})
        return cleaned


@admin.register(Impact)
class ImpactAdmin(admin.ModelAdmin):
    form = ImpactForm
    list_display = ["id", "team", "repo", "your_branch", "other_branch", "function", "change", "severity",
                    "status", "occurrences", "detected_at"]
    list_filter = ["team", "repo", "status", "severity", "change", "your_branch", "other_branch"]
    search_fields = ["=id", "function", "your_branch", "other_branch"]
    list_select_related = ["team"]
    show_full_result_count = False
    fields = ["id", "team", "repo", "your_branch", "other_branch", "function", "change", "severity", "status",
              "snooze_until", "note", "occurrences", "first_detected_at", "detected_at", "status_changed_by",
              "status_changed_at", "intent", "reported_by", "before", "after", "callers", "callers_count"]
    readonly_fields = [f for f in fields if f not in ("status", "snooze_until", "note")]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        member = Member.objects.filter(team_id=obj.team_id, user=request.user).first()
        changed = set(form.changed_data)
        status = obj.status if changed & {"status", "snooze_until"} else None
        note = obj.note if "note" in changed else None
        if status is None and note is None:
            return
        current = Impact.objects.get(pk=obj.pk)
        try:
            resolution.change_status(
                current, member, status=status, note=note,
                snooze_until=obj.snooze_until if status == "snoozed" else None,
            )
        except errors.ApiError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
