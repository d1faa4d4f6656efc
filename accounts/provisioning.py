"""Creating teams, members and tokens: one implementation behind the CLI,
the Django admin and /v1/admin/."""

import re

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import roster, tokens
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


def login_name(handle, team):
    """A login name for a new member's user, unique on the server and made
    of the handle and the team's slug alone: ``ashiq@acme`` (slugs hold no
    ``@``, so no other team's member can ever be given it). The handle is
    cut to fit the username column; a name taken anyway (a user made before
    this rule, named like that) gets ``.2``, ``.3``, …"""
    User = get_user_model()
    limit = User._meta.get_field("username").max_length

    def fit(suffix):
        return f"{handle[: limit - len(team.slug) - 1 - len(suffix)]}@{team.slug}{suffix}"

    candidate, n = fit(""), 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = fit(f".{n}")
    return candidate


@transaction.atomic
def add_member(team, name, *, kind="human", role="member", display_name="", password=None, existing_user=None,
               username=None):
    """Add a member called ``name`` (its handle, unique within ``team`` only) to ``team``.

    The member gets a new user, whose login name is ``login_name()`` (or
    ``username``, which must be free) — never another team's user by its
    handle. Only the operator joins an existing user to another team:
    ``existing_user`` (a user or a login name; ``team add-member --existing-user``)."""
    if not HANDLE_RE.match(name or ""):
        raise ProvisioningError(f"{name!r} is not a handle (1 to 150 letters, digits and _ . @ + -)")
    _check_length("the display name", display_name, Member._meta.get_field("display_name").max_length)
    if Member.objects.filter(team=team, name=name).exists():
        raise ProvisioningError(f"{name!r} is already a member of {team.slug}", code="conflict")
    User = get_user_model()
    if existing_user is not None:
        user = existing_user
        if isinstance(user, str):
            user = User.objects.filter(username=user).first()
            if user is None:
                raise ProvisioningError(f"no user {existing_user!r}", code="not_found")
        if Member.objects.filter(team=team, user=user).exists():
            raise ProvisioningError(f"{user.username!r} is already a member of {team.slug}", code="conflict")
        if password is not None:
            raise ProvisioningError("an existing user keeps their password")
    else:
        if username is not None:
            _check_length("the login name", username, User._meta.get_field("username").max_length)
            if User.objects.filter(username=username).exists():
                raise ProvisioningError(f"the login name {username!r} is taken", code="conflict")
        try:
            with transaction.atomic():
                user = User(username=username or login_name(name, team))
                if password and kind == "human":
                    user.set_password(password)
                else:
                    user.set_unusable_password()  # agents never log in with a password
                user.save()
        except IntegrityError:  # the same login name made concurrently
            raise ProvisioningError(f"{name!r} could not be given a login name; try again", code="conflict") from None
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
    team_id = member.team_id
    member.delete()
    roster.changed(team_id)  # its zones went with it, without an event


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
