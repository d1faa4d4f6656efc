"""Invites: issue, look up by code, revoke, redeem.

A code is shown once as ``aurainv_<prefix>_<secret>``; the database keeps
only HMAC-SHA256(pepper, code), keyed like tokens (``tokens.peppers``), so a
database leak yields no usable code and a wrong code is an ordinary miss.
"""

import re
import secrets
import string

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import provisioning, tokens
from .models import Invite, Member
from .signals import member_joined

CODE_RE = re.compile(r"^aurainv_([a-z0-9]{8})_([A-Za-z0-9_-]{20,100})$")
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits


class Unavailable(Exception):
    """Used up, expired or revoked (``state`` says which)."""

    def __init__(self, state):
        super().__init__(state)
        self.state = state


class Locked(Exception):
    """The invite is for another handle."""


def new_code():
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(8))
    return f"aurainv_{prefix}_{secrets.token_urlsafe(24)}"


def issue(team, *, role, scopes, expires_in, max_uses=1, handle="", created_by=None):
    """Create an invite; returns (invite, code). The code is never stored."""
    kid, secret = tokens.peppers()[0]
    code = new_code()
    prefix = code.split("_")[1]
    invite = Invite.objects.create(
        team=team, created_by=created_by, prefix=prefix, digest=tokens.digest(code, secret), key_id=kid,
        role=role, scopes=sorted(set(scopes)), handle=handle, max_uses=max_uses,
        expires_at=timezone.now() + expires_in,
    )
    return invite, code


def lookup(code, *, lock=False):
    """The Invite for a code, or None."""
    if not isinstance(code, str) or not CODE_RE.match(code):
        return None
    candidates = [tokens.digest(code, secret) for _, secret in tokens.peppers()]
    qs = Invite.objects.select_related("team").filter(digest__in=candidates)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def revoke(invite, now=None):
    invite.revoked_at = now or timezone.now()
    invite.save(update_fields=["revoked_at"])
    return invite


@transaction.atomic
def redeem(invite, *, name, display_name="", kind="human", password=None, user=None):
    """Join ``invite.team`` as ``name``: ``user`` (the caller's own) or, when
    None, a new user. Returns (member, token, raw secret).

    Raises Unavailable, Locked, or provisioning.ProvisioningError (code
    "conflict" when the handle is taken)."""
    invite = Invite.objects.select_for_update().select_related("team").get(pk=invite.pk)
    state = invite.state()
    if state != "active":
        raise Unavailable(state)
    if invite.handle and invite.handle != name:
        raise Locked(invite.handle)
    team = invite.team
    if not provisioning.HANDLE_RE.match(name or ""):
        raise provisioning.ProvisioningError(f"{name!r} is not a handle (1 to 150 letters, digits and _ . @ + -)")
    if Member.objects.filter(team=team, name=name).exists():
        raise provisioning.ProvisioningError(f"{name!r} is already a member of {team.slug}", code="conflict")
    if user is None:
        User = get_user_model()
        if User.objects.filter(username=name).exists():
            raise provisioning.ProvisioningError(
                f"{name!r} is the username of an existing user; sign in as that user to join as them, "
                "or choose another handle", code="conflict",
            )
        user = User(username=name)
        if password and kind == "human":
            user.set_password(password)
        else:
            user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise provisioning.ProvisioningError(f"{name!r} was taken meanwhile", code="conflict") from None
    elif Member.objects.filter(team=team, user=user).exists():
        raise provisioning.ProvisioningError(f"you are already a member of {team.slug}", code="conflict")
    try:
        with transaction.atomic():
            member = Member.objects.create(team=team, user=user, name=name, kind=kind, role=invite.role,
                                           display_name=display_name)
    except IntegrityError:
        raise provisioning.ProvisioningError(f"{name!r} is already a member of {team.slug}", code="conflict") from None
    invite.uses += 1
    invite.save(update_fields=["uses"])
    token, raw = tokens.issue(user, [team], invite.scopes, name=f"invite {invite.id}")
    member_joined.send(sender=Member, member=member, invite=invite)
    return member, token, raw
