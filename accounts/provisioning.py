"""Creating teams, members and tokens: one implementation behind the CLI,
the Django admin and /v1/admin/."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import tokens
from .models import Member, Team


class ProvisioningError(ValueError):
    """A one-line reason, shown by the CLI and mapped to 400/409 by the API."""

    def __init__(self, message, code="validation_failed"):
        super().__init__(message)
        self.code = code


def create_team(slug, name=None, strict_mode=True):
    if Team.objects.filter(slug=slug).exists():
        raise ProvisioningError(f"team {slug!r} already exists", code="conflict")
    return Team.objects.create(slug=slug, name=name or slug, strict_mode=strict_mode)


@transaction.atomic
def add_member(team, name, *, kind="human", role="member", display_name="", password=None):
    """Add the user called ``name`` (created if new) to ``team``."""
    if Member.objects.filter(team=team, name=name).exists():
        raise ProvisioningError(f"{name!r} is already a member of {team.slug}", code="conflict")
    User = get_user_model()
    user, created = User.objects.get_or_create(username=name)
    if created or password is not None:
        if password and kind == "human":
            user.set_password(password)
        else:
            user.set_unusable_password()  # agents never log in with a password
        user.save()
    return Member.objects.create(team=team, user=user, name=name, kind=kind, role=role, display_name=display_name)


def admin_count(team):
    """The team's admins, locked until the caller's transaction ends, so two
    concurrent demotions or removals cannot both see "another admin left"."""
    return len(Member.objects.select_for_update().filter(team=team, role="admin").values_list("pk", flat=True))


@transaction.atomic
def change_role(member, role):
    if member.role == "admin" and role != "admin" and admin_count(member.team) <= 1:
        raise ProvisioningError("a team must keep at least one admin", code="last_admin")
    member.role = role
    member.save(update_fields=["role"])
    return member


@transaction.atomic
def remove_member(member):
    if member.role == "admin" and admin_count(member.team) <= 1:
        raise ProvisioningError("a team must keep at least one admin", code="last_admin")
    member.delete()


def create_token(user, teams, scopes, *, name="", expires_in=None, per_minute=None, per_second=None):
    teams = list(teams)
    if not teams:
        raise ProvisioningError("a token needs at least one team")
    for team in teams:
        if not Member.objects.filter(team=team, user=user).exists():
            raise ProvisioningError(f"{user.username!r} is not a member of {team.slug}")
    expires_at = timezone.now() + expires_in if expires_in else None
    return tokens.issue(
        user, teams, scopes, name=name, expires_at=expires_at,
        rate_limit_per_minute=per_minute, rate_limit_per_second=per_second,
    )
