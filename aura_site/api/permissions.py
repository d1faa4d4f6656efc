"""Scope checks: each view declares the scope each action or method needs."""

from rest_framework.permissions import BasePermission

from . import errors


def required_scope(view, request):
    scope_map = getattr(view, "scope_map", None) or {}
    if request.method == "OPTIONS":
        return None  # describes the endpoint, reads no team data
    action = getattr(view, "action", None)
    if action and action in scope_map:
        return scope_map[action]
    if request.method in scope_map:
        return scope_map[request.method]
    if request.method == "HEAD" and "GET" in scope_map:
        return scope_map["GET"]
    if getattr(view, "public", False):
        return None
    # A view that forgot to declare its scope is closed, not open.
    return "admin"


def scope_missing(scope):
    return errors.ScopeMissing(
        f"This request needs the {scope} scope.",
        hint=f"Missing scope: {scope}. Rotate with wider scopes or use a token that has {scope}.",
    )


def narrowed_team_ids(principal, scope, slug=None):
    """The caller's teams granting ``scope``, narrowed to one by ``?team=<slug>``:
    a slug that is not one of the caller's teams → 404, one without the scope → 403."""
    ids = principal.teams_with(scope)
    if slug:
        team = principal.team_by_slug(slug)
        if team is None:
            raise errors.NotFound(f"No team {slug!r} among yours.", hint="Check the team slug.")
        if team.id not in ids:
            raise scope_missing(scope)
        ids = [team.id]
    return ids


class HasScope(BasePermission):
    def has_permission(self, request, view):
        if getattr(view, "public", False):
            return True
        principal = request.auth
        if principal is None:
            raise errors.Unauthorized(
                "Authentication required.",
                hint="Send Authorization: Bearer <token>.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        scope = required_scope(view, request)
        if scope is not None and not principal.teams_with(scope):
            raise scope_missing(scope)
        return True
