"""Bearer tokens for clients, the Django session for same-origin pages.

A request that carries ``Authorization`` is decided by it alone: it never
falls back to the session.
"""

from django.utils import timezone
from rest_framework import authentication
from rest_framework import exceptions as drf_exceptions

from aura_site.api import errors, ratelimit

from . import local, tokencache, tokens, usetimes
from .models import Member
from .principal import Principal

SEEN_RESOLUTION = tokens.LAST_USED_RESOLUTION  # one minute, for the members and the token


def members_of(user, team_ids=None):
    qs = Member.objects.select_related("team").filter(user=user)
    if team_ids is not None:
        qs = qs.filter(team_id__in=team_ids)
    return list(qs)


def touch_members(members, now=None, token=None):
    """Record that the members (and the ``token``, if given) were seen
    ``now``, at most once a minute each as this process knows them: noted
    when anything is due, and written behind the request with the notes of
    others (``usetimes``)."""
    now = now or timezone.now()
    stale = [m.pk for m in members if m.last_seen_at is None or now - m.last_seen_at >= SEEN_RESOLUTION]
    token_due = token is not None and tokens.use_due(token, now)
    if not stale and not token_due:
        return
    usetimes.note(token.pk if token_due else None, stale, now)
    if token_due:
        token.last_used_at = now
    for m in members:
        if m.pk in stale:
            m.last_seen_at = now


def check_token_state(token, now=None):
    """Raise the 401 a holder of this real secret should see, if any."""
    state = token.state(now)
    if state == "revoked":
        raise errors.TokenRevoked(
            hint="Use the rotated token or ask an admin for a new one.",
        )
    if state == "expired":
        raise errors.TokenExpired(
            hint="Create a new token: python manage.py token create.",
        )


def principal_for_token(token, local_owner=False, members=None, built=None):
    """The Principal of a found token, or the 401 its holder should see.
    ``members``: the user's members in the token's teams, when the lookup
    read them (``tokens.lookup_with_members``); ``built``: their Principal,
    when the caller made it already."""
    check_token_state(token)
    if not token.user.is_active:
        # A deactivated user's tokens stop with their login.
        raise errors.TokenRevoked(
            "The token's user has been deactivated.",
            hint="Ask an admin to reactivate the user or issue a token for another member.",
        )
    if members is None:  # the user's members in the token's teams, in one query
        members = list(Member.objects.select_related("team").filter(user_id=token.user_id, team__tokens=token))
    if not members and not local_owner:
        # Removed from every team the token was bound to: it reaches nothing,
        # and a client should hear so rather than read empty lists.
        raise errors.Unauthorized(
            "The token's user is no longer a member of any of its teams.",
            hint="Ask an admin of the team for a new token.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    touch_members(members, timezone.now(), token=token)
    return built or Principal.build(token.user, members, token=token, local_owner=local_owner)


def principal_from_header(value, request=None):
    """Parse an Authorization header value into a Principal, or raise 401.

    With the token cache on (accounts.tokencache) and the ``request`` given,
    a token this process has read at the current generation is not read
    again: the generation comes back with the request's rate-limit count,
    in one Redis round trip, and the count is kept for ``ratelimit.check``."""
    scheme, _, raw = (value or "").partition(" ")
    raw = raw.strip()
    if scheme.lower() != "bearer" or not raw:
        raise errors.Unauthorized(
            "Authorization must be 'Bearer <token>'.", headers={"WWW-Authenticate": "Bearer"}
        )
    if request is None or not tokencache.enabled():
        token, members = tokens.lookup_with_members(raw)
        return _principal_or_401(token, members)
    candidates = tokens.digests_of(raw)
    if candidates is None:
        return _principal_or_401(None, [])
    entry = tokencache.get(candidates)
    if entry is not None:
        token, members = entry.build()
        unchecked = Principal.build(token.user, members, token=token)
        generation = ratelimit.count_with_generation(request, unchecked, tokencache.GENERATION_KEY)
        if tokencache.observe(generation) == entry.generation:
            principal = principal_for_token(token, members=members, built=unchecked)
            entry.remember_use(token, members)
            return principal
        tokencache.drop(candidates)
    # The newest generation this process has read, read before this
    # statement: a change committed after it moves the generation past it,
    # so an entry stamped with it is never taken for newer than it is.
    known = tokencache.last_seen()
    token, members = tokens.lookup_digests(candidates)
    principal = _principal_or_401(token, members)
    if entry is None:  # (a stale entry's request was counted already)
        tokencache.observe(ratelimit.count_with_generation(request, principal, tokencache.GENERATION_KEY))
    if known is not None:
        fresh = tokencache.Entry(known, token, members)
        tokencache.put(candidates, fresh)
    return principal


def _principal_or_401(token, members):
    if token is None:
        raise errors.Unauthorized("The token is not valid.", headers={"WWW-Authenticate": "Bearer"})
    return principal_for_token(token, members=members)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            if local.came_over_unix_socket(request._request):
                principal = local.owner_principal()
                return (principal.user, principal)
            return None
        principal = principal_from_header(header, request)
        return (principal.user, principal)

    def authenticate_header(self, request):
        return "Bearer"


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        user = getattr(request._request, "user", None)
        if not user or not user.is_active:
            return None
        self.enforce_csrf(request)
        members = members_of(user)
        touch_members(members)
        return (user, Principal.build(user, members))

    def enforce_csrf(self, request):
        # Only the CSRF refusal (DRF's PermissionDenied) becomes csrf_failed:
        # reading a POST body to look for the form token may also fail to
        # parse it (415 unsupported_media_type, 400 invalid_json), and that
        # error is the client's answer as it is.
        try:
            super().enforce_csrf(request)
        except drf_exceptions.PermissionDenied as exc:  # "CSRF Failed: ..."
            raise errors.CsrfFailed(
                str(getattr(exc, "detail", exc)),
                hint="Send the csrftoken cookie's value in the X-CSRFToken header.",
            ) from exc
