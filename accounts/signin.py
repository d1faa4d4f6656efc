"""Throttled sign-in: /accounts/login/ and the admin's /admin/login/.

Failed sign-ins are counted per account (the username as typed, case
folded) and per client address (``aura_site.api.clientip``) in the Django
cache, through django-ratelimit. Once an account has
``AURA_LOGIN_FAILURES_PER_ACCOUNT`` failures, or an address
``AURA_LOGIN_FAILURES_PER_ADDRESS``, within ``AURA_LOGIN_WINDOW_SECONDS``,
every further sign-in for it is refused until the window ends — the right
password included, and without checking it: the login page answers 429
with its own error message. Each refusal is logged.
"""

import logging
import math

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.forms.utils import ErrorDict
from django_ratelimit.core import get_usage

from aura_site.api.clientip import client_ip

logger = logging.getLogger("aura.accounts")

ACCOUNT_GROUP = "aura:login:account"
ADDRESS_GROUP = "aura:login:address"


def _enabled():
    return getattr(settings, "RATELIMIT_ENABLE", True) and settings.AURA_MODE != "local"


def _account(request):
    return (request.POST.get("username") or "").strip().casefold()


def _usage(request, group, value, limit, increment):
    return get_usage(
        request, group=group, key=lambda g, r: value,
        rate=(limit, settings.AURA_LOGIN_WINDOW_SECONDS), increment=increment,
    )


def _counters(request):
    return (
        (ACCOUNT_GROUP, "account", _account(request), settings.AURA_LOGIN_FAILURES_PER_ACCOUNT),
        (ADDRESS_GROUP, "address", client_ip(request), settings.AURA_LOGIN_FAILURES_PER_ADDRESS),
    )


def lockout(request):
    """(what is locked, seconds left) when this sign-in must be refused, else None."""
    if not _enabled():
        return None
    for group, what, value, limit in _counters(request):
        if not value:
            continue
        try:
            usage = _usage(request, group, value, limit, increment=False)
        except Exception:  # noqa: BLE001 - the counters (Redis) are down: fail open, logged
            logger.warning("sign-in counters unavailable; %s not throttled", what, exc_info=True)
            return None
        if usage is not None and usage["count"] >= limit:
            return what, max(usage["time_left"], 0) + 1
    return None


@receiver(user_login_failed, dispatch_uid="aura.signin.count_failure")
def count_failure(sender, credentials, request=None, **kwargs):
    """Count a failed sign-in against its account and its address."""
    if request is None or not _enabled() or getattr(request, "aura_signin_locked", False):
        return
    if request.method != "POST":
        return
    for group, _what, value, limit in _counters(request):
        if value:
            try:
                _usage(request, group, value, limit, increment=True)
            except Exception:  # noqa: BLE001 - fail open, as above
                logger.warning("sign-in counters unavailable", exc_info=True)


class LockoutBackend:
    """First in AUTHENTICATION_BACKENDS: a locked sign-in stops here, before
    any password is checked (PermissionDenied ends ``authenticate()``). It
    has no ``get_user``: it never signs anyone in, so Django never names it
    as a session's backend (``force_login`` picks the next one)."""

    def authenticate(self, request, **credentials):
        if request is not None and getattr(request, "aura_signin_locked", False):
            raise PermissionDenied("sign-in throttled")
        return None


def throttled(view):
    """Wrap a login view (Django's LoginView, the admin site's login): a locked
    POST is answered by the view's own page with the message, status 429."""

    def wrapper(request, *args, **kwargs):
        locked = lockout(request) if request.method == "POST" else None
        if locked is None:
            return view(request, *args, **kwargs)
        what, retry_after = locked
        request.aura_signin_locked = True
        logger.warning(
            "sign-in locked: %s (account %r, address %s) after too many failures; %d s left",
            what, _account(request), client_ip(request) or "-", retry_after,
        )
        response = view(request, *args, **kwargs)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None:
            minutes = math.ceil(retry_after / 60)
            form._errors = ErrorDict()
            form.add_error(None, (
                f"Too many failed sign-ins for this {what}. "
                f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
            ))
        response.status_code = 429
        response["Retry-After"] = str(retry_after)
        return response

    wrapper.__name__ = getattr(view, "__name__", "login")
    wrapper.__doc__ = view.__doc__
    return wrapper
