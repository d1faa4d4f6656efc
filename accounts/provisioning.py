"""Creating teams, members and tokens: one implementation behind the CLI,
the Django admin and /v1/admin/."""

import re

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import tokens
from .models import Member, Team


class ProvisioningError(ValueError):
    """A one-line reason, shown by the CLI and mapped to 400/409 by the API."""

    def __init__(self, message, code="validation_failed"):
        super().__init__(message)
        self.code = code


HANDLE_RE = re.compile(r"^[A-Za-z0-9_.@+-]{1,150}$")


def _check_length(what, value, limit):
    if len(value) > limit:
        raise ProvisioningError(f"{what} is longer than {limit} characters")


def create_team(slug, name=None, strict_mode=True):
    _check_length("the slug", slug, Team._meta.get_field("slug").max_length)
    _check_length("the name", name or "", Team._meta.get_field("name").max_length)
    if Team.objects.filter(slug=slug).exists():
        raise ProvisioningError(f"team {slug!r} already exists", code="conflict")
    try:
        with transaction.atomic():
            return Team.objects.create(slug=slug, name=name or slug, strict_mode=strict_mode)
    except IntegrityError:  # created concurrently
        raise ProvisioningError(f"team {slug!r} already exists", code="conflict") from None


@transaction.atomic
def add_member(team, name, *, kind="human", role="member", display_name="", password=None):
    """Add the user called ``name`` (created if new) to ``team``."""
    if not HANDLE_RE.match(name or ""):
        raise ProvisioningError(f"{name!r} is not a handle (1 to 150 letters, digits and _ . @ + -)")
    _check_length("the display name", display_name, Member._meta.get_field("display_name").max_length)
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
    try:
        with transaction.atomic():
            return Member.objects.create(
                team=team, user=user, name=name, kind=kind, role=role, display_name=display_name
            )
    except IntegrityError:  # added concurrently
        raise ProvisioningError(f"{name!r} is already a member of {team.slug}", code="conflict") from None


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


MAX_RATE = 2_147_483_647  # what the database's integer column holds


def create_token(user, teams, scopes, *, name="", expires_in=None, per_minute=None, per_second=None):
    teams = list(teams)
    if not teams:
        raise ProvisioningError("a token needs at least one team")
    _check_length("the token name", name, 200)
    if expires_in is not None and expires_in.total_seconds() <= 0:
        raise ProvisioningError("the expiry must be in the future")
    for rate in (per_minute, per_second):
        if rate is not None and not 1 <= rate <= MAX_RATE:
            raise ProvisioningError(f"a rate limit must be from 1 to {MAX_RATE}")
    for team in teams:
        if not Member.objects.filter(team=team, user=user).exists():
            raise ProvisioningError(f"{user.username!r} is not a member of {team.slug}")
    expires_at = timezone.now() + expires_in if expires_in else None
    return tokens.issue(
        user, teams, scopes, name=name, expires_at=expires_at,
        rate_limit_per_minute=per_minute, rate_limit_per_second=per_second,
    )
