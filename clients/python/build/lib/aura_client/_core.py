"""What the sync and the async client share: settings, headers, the retry
rule, pagination, Server-Sent Events parsing and the models' lookup.

Each resource namespace (``resources.py``) describes its calls once; the
sync client runs them at once, the async one returns awaitables."""

from __future__ import annotations

import json
import os
import random
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from . import errors
from ._version import API_VERSION, __version__

WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}
RETRY_STATUSES = {429, 500, 502, 503, 504}
DEFAULT_URL = "http://127.0.0.1:7420"
DEFAULT_SOCKET = "var/daemon.sock"


@dataclass
class Settings:
    base_url: str
    token: str | None
    timeout: float = 30.0
    max_retries: int = 3  # retries after the first try, for connection errors, 5xx and 429
    backoff: float = 0.5  # the first retry's base delay; it doubles, with jitter
    max_backoff: float = 30.0
    user_agent: str = f"aura-sdk-python/{__version__}"
    headers: dict = field(default_factory=dict)

    @classmethod
    def from_args(cls, base_url, token, **options):
        base_url = (base_url or os.environ.get("AURA_URL") or DEFAULT_URL).rstrip("/")
        if token is None:
            token = os.environ.get("AURA_TEAM_TOKEN") or None
        return cls(base_url=base_url, token=token, **options)

    def request_headers(self, method: str, extra: dict | None = None) -> dict:
        headers = {"Accept": "application/json", "User-Agent": self.user_agent, "Aura-API-Version": API_VERSION}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        headers.update(self.headers)
        headers.update(extra or {})
        if method in WRITE_METHODS and not any(k.lower() == "idempotency-key" for k in headers):
            # Every write carries a key, so a retry after a lost answer is replayed, not repeated.
            headers["Idempotency-Key"] = uuid.uuid4().hex
        return headers

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before retry ``attempt`` (0-based): the server's
        Retry-After when it sent one, else exponential backoff with full jitter."""
        if retry_after is not None:
            return min(retry_after, self.max_backoff)
        return random.uniform(0, min(self.max_backoff, self.backoff * (2 ** attempt)))


def should_retry(status: int, content: bytes) -> bool:
    if status in RETRY_STATUSES:
        return True
    if status == 409:  # the same key's first request is still running: its answer comes soon
        try:
            return json.loads(content)["error"]["code"] == "idempotency_in_progress"
        except (ValueError, KeyError, TypeError):
            return False
    return False


def clean_params(params: dict | None) -> dict:
    """Drop None values; lists become comma-separated; booleans lowercase."""
    out = {}
    for key, value in (params or {}).items():
        if value is None:
            continue
        key = key.rstrip("_")  # from_ → from
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (list, tuple, set)):
            value = ",".join(str(v) for v in value)
        out[key] = value
    return out


def clean_body(body: dict) -> dict:
    return {k: v for k, v in body.items() if v is not None}


# --- models --------------------------------------------------------------------------------------

def model(name: str) -> Callable[[Any], Any]:
    """The parser of a generated model (``_generated/models``) by its schema name."""
    from ._generated import models

    cls = getattr(models, name)
    return cls.from_dict


def as_is(value):
    return value


@dataclass
class Groups:
    """A ``group_by`` answer: ``data`` holds one dict per group
    (the group's key under the field's name, and the aggregate's value)."""

    data: list[dict]
    group_by: str
    aggregate: str
    truncated: bool

    @classmethod
    def from_dict(cls, body: dict) -> "Groups":
        return cls(data=list(body["data"]), group_by=body["group_by"], aggregate=body["aggregate"],
                   truncated=bool(body.get("truncated", False)))

    def __iter__(self):
        return iter(self.data)

    def __len__(self):
        return len(self.data)


# --- Server-Sent Events --------------------------------------------------------------------------

@dataclass
class Frame:
    id: str | None = None
    event: str = "message"
    data: str = ""
    retry: int | None = None


class SSEParser:
    """Lines in, frames out (the WHATWG rules: comments ignored, ``data``
    lines joined, a blank line ends a frame)."""

    def __init__(self):
        self._reset()

    def _reset(self):
        self.id, self.event, self.data, self.retry = None, None, [], None

    def feed(self, line: str) -> Frame | None:
        line = line.rstrip("\r\n")
        if not line:
            if not self.data and self.event is None and self.id is None:
                retry, self.retry = self.retry, None
                return Frame(retry=retry) if retry is not None else None
            frame = Frame(id=self.id, event=self.event or "message", data="\n".join(self.data), retry=self.retry)
            self._reset()
            return frame
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            self.data.append(value)
        elif name == "event":
            self.event = value
        elif name == "id":
            self.id = value
        elif name == "retry" and value.isdigit():
            self.retry = int(value)
        return None


class StreamState:
    """Where an event stream is, across reconnects: the last id seen."""

    def __init__(self, since):
        self.last_id = str(since) if since is not None else None
        self.failures = 0

    def headers(self) -> dict:
        headers = {"Accept": "text/event-stream"}
        if self.last_id is not None:
            headers["Last-Event-ID"] = self.last_id
        return headers

    def handle(self, frame: Frame):
        """The event to yield for a frame (or None); raises the error of an ``end`` frame."""
        if frame.event == "end":
            body = json.loads(frame.data or "{}")
            raise errors.from_response(401, json.dumps(body).encode(), {})
        if frame.id is not None:
            self.last_id = frame.id
        if frame.event == "reset" or not frame.data:
            return None
        payload = json.loads(frame.data)
        payload.setdefault("seq", int(frame.id) if frame.id and frame.id.isdigit() else None)
        return model("Event")(payload)
