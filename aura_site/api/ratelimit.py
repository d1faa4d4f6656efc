"""Per-token rate limits (per user for sessions, with a budget of their own)
on django-ratelimit.

Two windows: a per-minute budget and a per-second burst. Both count every
authenticated request; the ``X-RateLimit-*`` headers describe the minute
window; a refusal's ``Retry-After`` comes from the window that refused.
Counters live in the Django cache (Redis when REDIS_URL is set), so every
process shares one budget; on Redis both windows are counted in one round
trip (``count``).
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django_ratelimit import ALL
# The library's own window and key (django-ratelimit 4.1, pinned): one round
# trip on Redis counts under exactly the keys get_usage would.
from django_ratelimit.core import EXPIRATION_FUDGE, _get_window, _make_cache_key, get_usage

from . import errors

logger = logging.getLogger("aura.api")


def limits_for(principal):
    """(per_minute, per_second): for a session, the session budget (a page
    loads several resources at once); for a token, its override, else its
    teams' (the strictest), else the server default."""
    if principal.token is None:
        return settings.AURA_SESSION_RATE_LIMIT_PER_MINUTE, settings.AURA_SESSION_RATE_LIMIT_PER_SECOND
    per_minute = settings.AURA_RATE_LIMIT_PER_MINUTE
    per_second = settings.AURA_RATE_LIMIT_PER_SECOND
    teams = [m.team for m in principal.members.values()]
    team_minutes = [t.rate_limit_per_minute for t in teams if t.rate_limit_per_minute]
    team_seconds = [t.rate_limit_per_second for t in teams if t.rate_limit_per_second]
    if team_minutes:
        per_minute = min(team_minutes)
    if team_seconds:
        per_second = min(team_seconds)
    token = principal.token
    if token is not None and token.rate_limit_per_minute:
        per_minute = token.rate_limit_per_minute
    if token is not None and token.rate_limit_per_second:
        per_second = token.rate_limit_per_second
    return per_minute, per_second


def enabled():
    return getattr(settings, "RATELIMIT_ENABLE", True) and settings.AURA_MODE != "local"


def windows_for(principal):
    """The ``(group, (limit, seconds))`` windows this caller is counted in."""
    per_minute, per_second = limits_for(principal)
    return (("aura:minute", (per_minute, 60)), ("aura:second", (per_second, 1)))


def count(request, key, windows, generation=None):
    """Count this request in each ``(group, (limit, seconds))`` window: a
    django-ratelimit usage dict per window (None where the store failed).

    On Redis (aura_site.cache) all windows in one round trip, under the very
    keys and windows django-ratelimit's ``get_usage`` uses; on any other
    cache (the embedded default's local memory), ``get_usage`` itself.
    With ``generation`` (a key; Redis only), ``(usages, its generation)``
    from the same round trip."""
    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    count_windows = getattr(cache, "count_windows", None)
    if count_windows is None:
        return [get_usage(request, group=group, key=lambda g, r: key, rate=rate, increment=True)
                for group, rate in windows]
    ends = [_get_window(key, seconds) for _, (_, seconds) in windows]
    keyed = [
        (_make_cache_key(group, end, rate, key, ALL), rate[1] + EXPIRATION_FUDGE)
        for (group, rate), end in zip(windows, ends)
    ]
    if generation is None:
        counts, read = count_windows(keyed), None
    else:
        counts, read = count_windows(keyed, generation=generation)
    now = int(time.time())
    usages = [
        {"count": n, "limit": limit, "should_limit": n > limit, "time_left": end - now}
        for (_, (limit, _)), end, n in zip(windows, ends, counts)
    ]
    return usages if generation is None else (usages, read)


def count_with_generation(request, principal, generation_key):
    """Count this request as ``check`` will (which then counts it no more),
    and read ``generation_key`` in the same Redis round trip: the
    generation, or None where the store cannot say (Redis down, or not
    Redis). For accounts.tokencache: a cached token costs one round trip."""
    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    if not hasattr(cache, "count_windows") or not hasattr(cache, "generation"):
        return None
    base = getattr(request, "_request", request)
    try:
        # Not counted here: no limits, or counted already (an /mcp tool's REST twin).
        if not enabled() or principal.local_owner or getattr(base, "aura_rate_counted", False):
            return cache.generation(generation_key)
        key, windows = principal.rate_key, windows_for(principal)
        usages, generation = count(request, key, windows, generation=generation_key)
    except Exception:  # noqa: BLE001 - Redis down: check counts (and fails open) as before
        logger.warning("rate-limit counters unavailable", exc_info=True)
        return None
    base.aura_rate_usages = (key, windows, usages)
    return generation


def check(request, principal):
    """Count this request; store the header values on the request; raise 429."""
    if not enabled() or principal is None or principal.local_owner:
        return
    windows = windows_for(principal)
    (_, (per_minute, _)), (_, (per_second, _)) = windows
    key = principal.rate_key

    failure = None
    counted = getattr(request, "aura_rate_usages", None)
    try:
        if counted is not None and counted[:2] == (key, windows):  # count_with_generation did
            minute, second = counted[2]
        else:
            minute, second = count(request, key, windows)
    except Exception as exc:  # noqa: BLE001 - the counter store (Redis) is down
        failure, minute, second = exc, None, None
    if minute is None or second is None:
        # Fail open: an outage of the counters must not take the API down
        # with it (nor answer every request 429). Logged; nothing is counted,
        # and the headers describe the whole budget of a fresh minute window
        # (docs/api.md, Rate limits).
        logger.warning("rate-limit counters unavailable; %s not limited", key, exc_info=failure)
        request.aura_rate_headers = {
            "X-RateLimit-Limit": str(per_minute),
            "X-RateLimit-Remaining": str(per_minute),
            "X-RateLimit-Reset": str(int(time.time()) + 60),
        }
        return
    # django-ratelimit's time_left counts to the last second still inside the
    # window; the counts reset one second later. Retry-After and the reset
    # time name that second, so a client that waits exactly that long is served.
    now = int(time.time())
    reset = now + max(minute["time_left"], 0) + 1
    request.aura_rate_headers = {
        "X-RateLimit-Limit": str(per_minute),
        "X-RateLimit-Remaining": str(max(per_minute - minute["count"], 0)),
        "X-RateLimit-Reset": str(reset),
    }
    if minute["should_limit"]:
        raise errors.RateLimited(
            f"More than {per_minute} requests in a minute.",
            hint="Wait for Retry-After seconds, or ask an admin to raise this token's limit.",
            headers={"Retry-After": str(max(minute["time_left"], 0) + 1)},
        )
    if second["should_limit"]:
        raise errors.RateLimited(
            f"More than {per_second} requests in a second.",
            hint="Slow down: this token's burst limit was reached.",
            headers={"Retry-After": str(max(second["time_left"], 0) + 1)},
        )


def apply_headers(request, response):
    for name, value in (getattr(request, "aura_rate_headers", None) or {}).items():
        response[name] = value
