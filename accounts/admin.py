from django import forms
from django.contrib import admin, messages

from . import scopes as scope_rules
from . import invites, tokens
from .models import Invite, Member, Team, Token


LAST_ADMIN = "A team must keep at least one admin: promote another member first."


class MemberInlineFormSet(forms.BaseInlineFormSet):
    """The team page's member rows: a team that has admins keeps one."""

    def clean(self):
        super().clean()
        if self.instance.pk is None:
            return
        before = set(Member.objects.filter(team=self.instance, role="admin").values_list("pk", flat=True))
        after = set(before)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data:
                continue
            key = form.instance.pk or id(form)
            if data.get("DELETE") or data.get("role") != "admin":
                after.discard(key)
            else:
                after.add(key)
        if before and not after:
            raise forms.ValidationError(LAST_ADMIN)


class MemberInline(admin.TabularInline):
    model = Member
    formset = MemberInlineFormSet
    extra = 0
    fields = ["name", "user", "kind", "role", "display_name", "last_seen_at"]
    readonly_fields = ["last_seen_at"]
    raw_id_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "strict_mode", "rate_limit_per_minute", "rate_limit_per_second", "created_at"]
    search_fields = ["slug", "name"]
    inlines = [MemberInline]


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        member = self.instance
        if member.pk and member.role == "admin":
            leaves = cleaned.get("role") != "admin" or getattr(cleaned.get("team"), "pk", None) != member.team_id
            others = Member.objects.filter(team_id=member.team_id, role="admin").exclude(pk=member.pk)
            if leaves and not others.exists():
                raise forms.ValidationError(LAST_ADMIN)
        return cleaned


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    form = MemberForm
    list_display = ["name", "team", "login", "kind", "role", "last_seen_at"]
    list_filter = ["team", "kind", "role"]
    search_fields = ["name", "display_name", "user__username"]
    raw_id_fields = ["user"]
    list_select_related = ["team", "user"]

    @admin.display(description="login name", ordering="user__username")
    def login(self, member):
        """The user's login name (handle@team for a member added since handles are per team)."""
        return member.user.username

    def get_deleted_objects(self, objs, request):
        """Deleting a team's last admin(s) is refused, on the delete page and the bulk action."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        leaving = {}
        for member in objs:
            if member.role == "admin":
                leaving.setdefault(member.team, set()).add(member.pk)
        for team, pks in leaving.items():
            if not Member.objects.filter(team=team, role="admin").exclude(pk__in=pks).exists():
                protected = [*protected, f"the last admin of team {team.slug} ({LAST_ADMIN})"]
        return deleted, counts, perms_needed, protected


class TokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=[(s, s) for s in scope_rules.ALL_SCOPES], widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Token
        fields = ["user", "teams", "name", "scopes", "expires_at", "rate_limit_per_minute", "rate_limit_per_second"]

    def clean(self):
        cleaned = super().clean()
        user, teams = cleaned.get("user"), cleaned.get("teams")
        if user and teams:
            for team in teams:
                if not Member.objects.filter(team=team, user=user).exists():
                    raise forms.ValidationError(f"{user.username} is not a member of {team.slug}.")
        return cleaned


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    form = TokenForm
    list_display = ["id", "display", "user", "team_list", "scope_list", "state", "last_used_at", "expires_at"]
    list_filter = ["teams", "revoked_at"]
    search_fields = ["id", "prefix", "name", "user__username"]
    readonly_fields = ["display", "state", "created_at", "last_used_at", "revoked_at", "rotated_from", "key_id"]
    actions = ["rotate_tokens", "revoke_tokens"]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("teams")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["display", "state"]
        # An issued token's grants change by rotation, not by editing.
        return self.readonly_fields + ["user", "teams", "scopes"]

    @admin.display(description="token")
    def display(self, obj):
        return f"aura_{obj.prefix}_…" if obj.prefix else "(shown once, after saving)"

    @admin.display(description="teams")
    def team_list(self, obj):
        return ", ".join(t.slug for t in obj.teams.all())

    @admin.display(description="scopes")
    def scope_list(self, obj):
        return ", ".join(obj.scopes)

    @admin.display(description="state")
    def state(self, obj):
        return obj.state() if obj.pk and obj.prefix else "-"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        kid, secret = tokens.peppers()[0]
        prefix, raw = tokens._new_raw()
        obj.prefix, obj.digest, obj.key_id = prefix, tokens.digest(raw, secret), kid
        obj.scopes = sorted(form.cleaned_data["scopes"])
        super().save_model(request, obj, form, change)
        messages.warning(request, f"New token {obj.pk} — copy it now, it is not shown again: {raw}")

    @admin.action(description="Rotate (the old secret stops at once; the new one is shown once)")
    def rotate_tokens(self, request, queryset):
        for token in queryset:
            try:
                new, raw = tokens.rotate(token)
            except tokens.TokenStateError as exc:
                messages.error(request, f"Not rotated: {exc}.")
                continue
            messages.warning(request, f"{token.pk} rotated to {new.pk} — copy it now, it is not shown again: {raw}")

    @admin.action(description="Revoke (with the tokens it was rotated from that are still in their grace)")
    def revoke_tokens(self, request, queryset):
        revoked = []
        for token in queryset:
            if token.pk in revoked:
                continue  # already revoked here as another selected token's predecessor
            try:
                ended = tokens.revoke(token)
            except tokens.TokenStateError as exc:
                messages.error(request, f"Not revoked: {exc}.")
                continue
            revoked += [t.pk for t in ended]
            if len(ended) > 1:
                others = ", ".join(t.pk for t in ended[1:])
                messages.info(request, f"{token.pk}: also revoked {others} (rotated from, still in grace).")
        if revoked:
            messages.success(request, f"Revoked {len(revoked)} token(s).")


class InviteForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=[(s, s) for s in scope_rules.ALL_SCOPES], widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Invite
        fields = ["team", "role", "scopes", "handle", "max_uses", "expires_at"]


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    """Invites: made here (the code is shown once), listed, revoked."""

    form = InviteForm
    list_display = ["id", "display", "team", "role", "handle", "uses", "max_uses", "state", "expires_at"]
    list_filter = ["team", "role"]
    search_fields = ["id", "prefix", "handle"]
    list_select_related = ["team"]
    readonly_fields = ["display", "state", "uses", "created_by", "created_at", "revoked_at", "key_id"]
    actions = ["revoke_invites"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["display", "state"]
        # An invite's grants are fixed when it is made; revoke it and make another.
        return self.readonly_fields + ["team", "role", "scopes", "handle", "max_uses"]

    @admin.display(description="code")
    def display(self, obj):
        return f"aurainv_{obj.prefix}_…" if obj.prefix else "(shown once, after saving)"

    @admin.display(description="state")
    def state(self, obj):
        return obj.state() if obj.pk and obj.prefix else "-"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        kid, secret = tokens.peppers()[0]
        code = invites.new_code()
        obj.prefix, obj.digest, obj.key_id = code.split("_")[1], tokens.digest(code, secret), kid
        obj.scopes = sorted(form.cleaned_data["scopes"])
        super().save_model(request, obj, form, change)
        messages.warning(request, f"New invite {obj.pk} — copy the code now, it is not shown again: {code}")

    @admin.action(description="Revoke (redeeming answers 410 from now on)")
    def revoke_invites(self, request, queryset):
        count = 0
        for invite in queryset.filter(revoked_at__isnull=True):
            invites.revoke(invite)
            count += 1
        messages.success(request, f"Revoked {count} invite(s).")
