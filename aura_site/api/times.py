"""How the API writes a time: RFC 3339 in UTC to the second, as DRF's
``DATETIME_FORMAT`` does for serializers (``2026-04-21T14:23:09Z``)."""

import datetime as dt

FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def rfc3339(value):
    """``value`` (an aware datetime) as the API writes it; None stays None."""
    if value is None:
        return None
    return value.astimezone(dt.timezone.utc).strftime(FORMAT)
