"""The sentinel: server messages on the ``sentinel`` channel.

Subscribed (in this app's ready()) to:

* ``impact.detected`` — a broadcast naming the function, the change and the
  branches. A repeat of an impact that is still open (``occurrences`` > 1) was
  announced already and posts nothing.
* ``zone.blocked`` — a broadcast naming who was kept out of which path, and
  whose block zone did it.

They run inside the transaction that records the event, so the message
commits with it (or not at all). A sentinel message's ``from`` is
``{"id": null, "name": "sentinel", "kind": "sentinel"}``.
"""

from events.log import on

from . import posting

_CHANGE_WORDS = {
    "modified": "changed",
    "signature_changed": "changed its signature",
    "renamed": "was renamed",
    "deleted": "was deleted",
    "added": "was added",
}


def impact_text(data):
    function = data.get("function") or "a function"
    change = _CHANGE_WORDS.get(data.get("change"), data.get("change") or "changed")
    severity = (data.get("severity") or "info").upper()
    where = f" in {data['repo']}" if data.get("repo") else ""
    return (
        f"[{severity}] {function} {change} on {data.get('other_branch') or 'another branch'}{where}; "
        f"{data.get('your_branch') or 'a branch'} depends on it. See impact {data.get('id')}."
    )


def blocked_text(data):
    zone = data.get("zone") or {}
    owner = (zone.get("owner") or {}).get("name") or "another member"
    who = (data.get("member") or {}).get("name") or "A member"
    branch = f" on {data['branch']}" if data.get("branch") else ""
    reason = f" ({zone['reason']})" if zone.get("reason") else ""
    return (
        f"{who} was blocked writing {data.get('path')}{branch}: it is in {owner}'s block zone "
        f"{zone.get('id')}{reason} until {zone.get('expires_at')}."
    )


@on("impact.detected", many=True)
def announce_impacts(events):
    """One message per new impact, written together (an intent can raise
    dozens at once)."""
    fresh = [e.data or {} for e in events if ((e.data or {}).get("occurrences") or 1) <= 1]
    if fresh:
        posting.post_many_from_server(
            events[0].team, [(impact_text(data), ("impact", data.get("id") or "")) for data in fresh]
        )


@on("zone.blocked")
def announce_block(event):
    data = event.data or {}
    zone_id = (data.get("zone") or {}).get("id") or ""
    posting.post_from_server(event.team, blocked_text(data), subject=("zone", zone_id))
