"""Webhook bodies: ``raw`` (the event, signed, with delivery_id and sent_at),
``slack`` (an incoming-webhook message) and ``discord`` (an execute-webhook
message). Pure: plain dicts in, bytes out."""

import json

SLACK_TEXT_MAX = 3000  # one section block's text
DISCORD_CONTENT_MAX = 2000
DISCORD_DESCRIPTION_MAX = 4096

_HEADLINES = {
    "intent.logged": "Intent logged",
    "impact.detected": "Impact detected",
    "impact.updated": "Impact updated",
    "message.posted": "Message",
    "snapshot.created": "Snapshot created",
    "zone.claimed": "Zone claimed",
    "zone.released": "Zone released",
    "zone.blocked": "Write blocked by a zone",
    "prove.passed": "Prove passed",
    "prove.failed": "Prove failed",
    "token.revoked": "Token revoked",
    "knowledge.created": "Knowledge added",
    "member.joined": "Member joined",
    "presence.changed": "Presence changed",
    "ping": "Test delivery",
}

# The fields worth a line in a chat message, in order, when present.
_DETAIL_KEYS = (
    "summary", "question", "body", "goal", "function", "change", "severity", "status", "your_branch",
    "other_branch", "repo", "branch", "path", "paths", "mode", "reason", "result", "verdict", "prefix",
)


def _clip(text, limit):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _who(value):
    if isinstance(value, dict):
        return value.get("name") or value.get("id")
    return value


def describe(event):
    """(headline, [detail lines]) for a chat message about ``event``."""
    topic, data = event["topic"], event.get("data") or {}
    headline = f"{_HEADLINES.get(topic, topic)} in {event.get('team')}"
    author = _who(data.get("author") or data.get("from") or data.get("owner"))
    if author:
        headline += f" by {author}"
    lines = []
    for key in _DETAIL_KEYS:
        value = data.get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        lines.append(f"{key.replace('_', ' ')}: {value}")
    return headline, lines


def raw_body(event, delivery_id, sent_at):
    return {**event, "delivery_id": delivery_id, "sent_at": sent_at}


def _slack_escape(text):
    # Slack reads <!channel>, <@U123> and <url|label> as controls: send them as text.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_body(event):
    headline, lines = describe(event)
    headline, lines = _slack_escape(headline), [_slack_escape(line) for line in lines]
    text = _clip(f"*{headline}*" + "".join(f"\n{line}" for line in lines), SLACK_TEXT_MAX)
    return {
        "text": _clip(headline, SLACK_TEXT_MAX),  # notifications and clients without blocks
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"`{event['topic']}` · {event['event_id']} · {event['created_at']}"}],
            },
        ],
    }


def discord_body(event):
    headline, lines = describe(event)
    return {
        "content": _clip(headline, DISCORD_CONTENT_MAX),
        "embeds": [
            {
                "title": _clip(event["topic"], 256),
                "description": _clip("\n".join(lines) or headline, DISCORD_DESCRIPTION_MAX),
                "timestamp": event["created_at"],
                "footer": {"text": _clip(event["event_id"], 2048)},
            }
        ],
        "allowed_mentions": {"parse": []},
    }


def render(fmt, event, delivery_id, sent_at):
    """The body bytes for a webhook of format ``fmt``."""
    if fmt == "slack":
        body = slack_body(event)
    elif fmt == "discord":
        body = discord_body(event)
    else:
        body = raw_body(event, delivery_id, sent_at)
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
