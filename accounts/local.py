"""Local mode: the same API for one developer (``python manage.py daemon``).

One implicit team and owner, created on first start. A request that arrives
on the daemon's Unix socket — decided from the ASGI scope of the listener it
came in on (daphne gives a Unix-socket connection no server address), never
from a header — acts as the owner with every scope. Over loopback HTTP a
short-lived token from ``daemon token`` is needed, as for any other token.
"""

import os
import subprocess

from django.conf import settings

LOCAL_TEAM_SLUG = "local"
LOCAL_OWNER = "owner"


def is_local_mode():
    return settings.AURA_MODE == "local"


def ensure_owner():
    """The implicit team and its owner member (created once)."""
    from . import provisioning
    from .models import Member, Team

    team = Team.objects.filter(slug=LOCAL_TEAM_SLUG).first()
    if team is None:
        team = provisioning.create_team(LOCAL_TEAM_SLUG, name="Local", strict_mode=False)
    member = Member.objects.filter(team=team, name=LOCAL_OWNER).select_related("user", "team").first()
    if member is None:
        member = provisioning.add_member(team, LOCAL_OWNER, kind="human", role="admin", display_name="Local owner")
    return team, member


def came_over_unix_socket(request):
    """True only for a request daphne accepted on a Unix-socket listener."""
    if not is_local_mode() or not os.environ.get("AURA_LOCAL_SOCKET"):
        return False
    scope = getattr(request, "scope", None)
    return isinstance(scope, dict) and scope.get("type") == "http" and scope.get("server") is None


def owner_principal():
    from accounts.principal import Principal

    _, member = ensure_owner()
    return Principal.build(member.user, [member], local_owner=True)


def _git(args, cwd):
    try:
        out = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=2, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def checkout_state():
    """(repo, branch) of the git checkout the daemon was started in, or (None, None)."""
    cwd = os.environ.get("AURA_LOCAL_REPO_DIR")
    if not cwd or not os.path.isdir(cwd):
        return None, None
    repo = _git(["rev-parse", "--show-toplevel"], cwd)
    if repo is None:
        return None, None
    # symbolic-ref also names the branch of a repository with no commit yet.
    branch = _git(["symbolic-ref", "--short", "-q", "HEAD"], cwd)
    return repo, branch


def origin_name(url):
    """``owner/name`` of a remote URL (``git@host:owner/name.git``,
    ``https://host/owner/name``, ``ssh://git@host:22/owner/name.git``, a path),
    or None."""
    url = (url or "").strip()
    if "://" in url:
        path = url.split("://", 1)[1].partition("/")[2]
    elif ":" in url.split("/", 1)[0]:  # scp-like: [user@]host:path
        path = url.split(":", 1)[1]
    else:
        path = url
    path = path.rstrip("/")
    if path.endswith(".git"):
        path = path[: -len(".git")]
    parts = [p for p in path.split("/") if p]
    return "/".join(parts[-2:]) or None


def intent_checkout():
    """(repo, branch) for an intent posted to the daemon that names neither:
    the ``owner/name`` of the checkout's ``origin`` remote (else the
    checkout's top-level path), and the branch checked out now (None when
    HEAD is detached). (None, None) outside a git checkout."""
    top, branch = checkout_state()
    if top is None:
        return None, None
    origin = origin_name(_git(["remote", "get-url", "origin"], top))
    return origin or top, branch


def session_id():
    return os.environ.get("AURA_LOCAL_SESSION")
