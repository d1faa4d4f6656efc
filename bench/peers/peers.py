#!/usr/bin/env python3
"""peers.py -- how many simulated peers (developers / agents) can an Aura team
server hold?

Each peer keeps one Server-Sent Events stream open on
``GET /v1/events?subscribe=true&topics=intent.logged`` for the whole run and,
at the reference's dogfood rates (per active developer and hour: 48 pushes =
``POST /v1/intents``, 76 pulls = ``GET /v1/intents?branch=<a teammate's>``,
60 heartbeats = ``GET /v1/status``; times ``--rate-scale``), sends requests
with Poisson arrivals.  It measures request latency per kind, status codes,
connection errors, streams held, and how long each posted intent takes to
reach every open stream as an ``intent.logged`` event.

    python bench/peers/peers.py --url http://127.0.0.1:8080 --tokens tokens.txt \
        --peers 200 --duration 120 [--rate-scale 10] [--ramp 20] [--json out.json]

The URL is the server's one origin (the production shape's nginx, or the
embedded daphne): REST and /v1/events both go to it.  bench/capacity.sh
provisions the peers, starts the production shape and runs this; see
bench/README.md ("Peers and capacity").  Python 3.11; needs aiohttp, which it
installs into its own venv (/tmp/aura-bench/venv, or $AURA_BENCH_VENV) on
first run, with uvloop if it installs (about a quarter less CPU per event;
--no-uvloop), at the versions pinned in bench/peers/requirements.txt.  It
never imports the server's code and never needs the server's venv.
"""
from __future__ import annotations

import argparse
import array
import asyncio
import fcntl
import heapq
import ipaddress
import json
import math
import os
import random
import resource
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field

try:
    import aiohttp
except ImportError:  # main() installs it into the tool's own venv and re-executes
    aiohttp = None
try:
    import uvloop        # optional: a faster event loop, so the generator holds more peers
except ImportError:
    uvloop = None

VENV = os.environ.get("AURA_BENCH_VENV", "/tmp/aura-bench/venv")
REQUIREMENTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "requirements.txt")


def _pinned(name):
    """The pinned requirement of `name` in requirements.txt beside this file."""
    with open(REQUIREMENTS) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line.lower().startswith(name + "=="):
                return line
    raise SystemExit(f"peers.py: {name} is not pinned in {REQUIREMENTS}")


AIOHTTP_REQUIREMENT = _pinned("aiohttp")
UVLOOP_REQUIREMENT = _pinned("uvloop")

# The dogfood load of one active developer, per hour (before --rate-scale).
PUSHES_PER_HOUR = 48
PULLS_PER_HOUR = 76
STATUS_PER_HOUR = 60
STREAMS_PER_TOKEN = 5      # CONTRACT §6 Events: a 6th stream on one token -> 429 too_many_streams
TOPIC = "intent.logged"
KINDS = ("push", "pull", "status")

now = time.perf_counter    # one monotonic clock for every measurement


# --------------------------------------------------------------------------- statistics

def percentile(sorted_values, p):
    """The p-th percentile (0..100) of an ascending sequence, linear between ranks."""
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * p / 100.0
    lo = math.floor(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


class Stats:
    """Samples of one quantity (milliseconds): count, max and percentiles.

    Keeps every sample up to `cap`, then a uniform reservoir (count and max
    stay exact)."""

    def __init__(self, cap=2_000_000):
        self.count = 0
        self.max = None
        self.samples = array.array("d")
        self.cap = cap
        self._rng = random.Random(1)

    def add(self, value):
        self.count += 1
        if self.max is None or value > self.max:
            self.max = value
        if len(self.samples) < self.cap:
            self.samples.append(value)
        else:
            j = self._rng.randrange(self.count)
            if j < self.cap:
                self.samples[j] = value

    def summary(self, ps=(50, 90, 99)):
        ordered = sorted(self.samples)
        out = {"count": self.count}
        for p in ps:
            out[f"p{p}_ms"] = _round(percentile(ordered, p))
        out["max_ms"] = _round(self.max)
        return out


class RequestTally:
    """One request kind: latency of 2xx answers, answers by status, 429s,
    error codes of other answers, and connection errors by type."""

    def __init__(self):
        self.latency = Stats()
        self.status = Counter()
        self.codes = Counter()       # "429 rate_limited", "400 validation_failed", ...
        self.conn_errors = Counter()
        self.sent = 0

    @property
    def answered(self):
        return sum(self.status.values())

    @property
    def ok(self):
        return sum(n for s, n in self.status.items() if 200 <= int(s) < 300)

    @property
    def rate_limited(self):
        return self.status.get("429", 0)

    @property
    def other(self):             # answers that are neither 2xx nor 429
        return self.answered - self.ok - self.rate_limited

    @property
    def errors(self):            # what counts in errors=E
        return self.other + sum(self.conn_errors.values())

    def as_dict(self):
        return {"sent": self.sent, "answered": self.answered, "ok": self.ok,
                "rate_limited": self.rate_limited, "other_status": self.other,
                "connection_errors": sum(self.conn_errors.values()), "errors": self.errors,
                "latency_2xx": self.latency.summary(), "status": dict(self.status),
                "error_codes": dict(self.codes), "connection_error_types": dict(self.conn_errors)}


def _round(x, nd=2):
    return None if x is None else round(x, nd)


def error_name(exc):
    if type(exc) in (asyncio.TimeoutError, TimeoutError):
        return "timeout"
    return type(exc).__name__


def error_code(body):
    """The contract's error.code of an error answer, if there is one."""
    try:
        return json.loads(body)["error"]["code"]
    except Exception:
        return None


# --------------------------------------------------------------------------- server-sent events

@dataclass(slots=True)
class SSEFrame:
    """What one frame of a text/event-stream set, up to the blank line that ends it."""
    event: str | None = None
    data: list = field(default_factory=list)
    id: str | None = None
    retry: int | None = None
    comments: int = 0            # comment lines (": heartbeat") seen in the frame


def split_lines(buf):
    """Complete lines of `buf` (ended by \\r\\n, \\n or \\r) and the unfinished rest.

    A trailing \\r stays in the rest: it may be the first half of \\r\\n."""
    if b"\r" in buf:
        keep_cr = buf.endswith(b"\r")
        if keep_cr:
            buf = buf[:-1]
        buf = buf.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        *lines, rest = buf.split(b"\n")
        return lines, rest + b"\r" if keep_cr else rest
    *lines, rest = buf.split(b"\n")
    return lines, rest


def parse_sse_line(frame, line):
    """Apply one line (without its line ending) of an SSE stream to `frame`.

    Returns the frame when a blank line ends it -- the caller then starts a new
    one -- or None.  A frame that holds only comments is returned too (that is
    a heartbeat); one with no data is not an event (WHATWG rules), but its
    `id` still moves the stream's last event id."""
    if not line:
        if frame.data or frame.comments or frame.event is not None or frame.id is not None \
                or frame.retry is not None:
            return frame
        return None
    if line[0] == ":":
        frame.comments += 1
        return None
    name, colon, value = line.partition(":")
    if colon and value[:1] == " ":
        value = value[1:]
    if name == "data":
        frame.data.append(value)
    elif name == "event":
        frame.event = value
    elif name == "id":
        if "\0" not in value:
            frame.id = value
    elif name == "retry":
        if value.isdigit():
            frame.retry = int(value)
    return None


def intent_id_of(payload):
    """The intent id an intent.logged event carries: data.intent_id, data.intent.id
    or data.id, where data is the envelope's "data" (CONTRACT §6 Events) or,
    failing that, the payload itself (then a bare "id" must look like itn_...)."""
    if not isinstance(payload, dict):
        return None
    for d in (payload.get("data"), payload):
        if not isinstance(d, dict):
            continue
        v = d.get("intent_id")
        if isinstance(v, str):
            return v
        inner = d.get("intent")
        if isinstance(inner, dict) and isinstance(inner.get("id"), str):
            return inner["id"]
        v = d.get("id")
        if isinstance(v, str) and (d is not payload or v.startswith("itn_")):
            return v
    return None


# --------------------------------------------------------------------------- realistic payloads

AREAS = ["auth", "billing", "search", "sync", "api", "storage", "notify", "graph", "ingest",
         "report", "cache", "queue", "export", "admin", "config", "metrics"]
MODULES = ["core", "handlers", "model", "util"]
FUNCS = ["load", "save", "refresh", "validate", "parse", "render", "retry", "merge", "resolve",
         "apply", "flush", "lookup"]
VERBS = ["Refactor", "Fix", "Add", "Speed up", "Simplify", "Harden", "Clean up", "Rework"]
KIND_WEIGHTS = (("function", 6), ("method", 3), ("struct", 1), ("enum", 1), ("trait", 1))
CHANGE_WEIGHTS = (("modified", 12), ("added", 4), ("signature_changed", 2), ("renamed", 1),
                  ("deleted", 1))


def _weighted(pairs):
    names, weights = zip(*pairs)
    return list(names), list(weights)


class Codebase:
    """A shared, made-up code base (16 areas x 4 modules x 12 functions) that
    peers edit; each peer mostly works in its home area, so branches overlap
    the way a team's do and the server's impact detection has work to do."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.kinds = _weighted(KIND_WEIGHTS)
        self.changes = _weighted(CHANGE_WEIGHTS)

    def node_name(self, area):
        return f"{area}::{self.rng.choice(MODULES)}::{self.rng.choice(FUNCS)}"

    def _hash(self):
        return "%040x" % self.rng.getrandbits(160)

    def _signature(self, name):
        fn = name.rsplit("::", 1)[-1]
        args = self.rng.choice(["&self", "&self, ctx: &Ctx", "&mut self, items: &[Item]",
                                "id: Id", "req: Request, opts: Options"])
        ret = self.rng.choice(["Result<()>", "Option<Item>", "Vec<Item>", "bool", "Money"])
        return f"fn {fn}({args}) -> {ret}"

    def _calls(self, area):
        return sorted({self.node_name(area) for _ in range(self.rng.randint(0, 3))})

    def node(self, home):
        area = home if self.rng.random() < 0.8 else self.rng.choice(AREAS)
        name = self.node_name(area)
        kind = self.rng.choices(*self.kinds)[0]
        change = self.rng.choices(*self.changes)[0]
        path = "src/%s/%s.rs" % tuple(name.split("::")[:2])
        node = {"path": path, "kind": kind, "name": name, "change": change}
        if change != "added":
            node["before"] = {"name": name + "_old" if change == "renamed" else name,
                              "hash": self._hash(), "signature": self._signature(name),
                              "calls": self._calls(area)}
        if change != "deleted":
            sig = self._signature(name)
            if change == "signature_changed":
                while sig == node["before"]["signature"]:
                    sig = self._signature(name)
            elif change != "added":
                sig = node["before"]["signature"]     # a body change keeps its signature
            node["after"] = {"hash": self._hash(), "signature": sig, "calls": self._calls(area)}
        return node

    def nodes(self, home, n):
        """n nodes with distinct names (the server refuses an intent that names a node twice)."""
        out, names = [], set()
        while len(out) < n:
            node = self.node(home)
            if node["name"] not in names:
                names.add(node["name"])
                out.append(node)
        return out

    def intent(self, branch, home, n_nodes, repo, team=None):
        fn = self.rng.choice(FUNCS)
        body = {"summary": f"{self.rng.choice(VERBS)} {fn} in {home} [ENG-{self.rng.randint(1, 9999)}]",
                "repo": repo, "branch": branch, "commit_sha": "%040x" % self.rng.getrandbits(160),
                "nodes": self.nodes(home, n_nodes)}
        if team:
            body["team"] = team
        return body


# --------------------------------------------------------------------------- event delivery

@dataclass(slots=True)
class Post:
    t_sent: float
    t_resp: float
    expected: int                # streams that must see it (open and resumable before it was sent)
    got: int = 0


class Deliveries:
    """Matches the intent.logged events every stream receives to the intents
    this run posted: delivery latency (POST response -> event on a stream) and
    expected deliveries that never arrived."""

    def __init__(self, peers_by_team):
        self.peers_by_team = peers_by_team
        self.posts = {}              # intent id -> Post
        self.early = {}              # intent id -> [(peer, t)] seen before the POST's answer
        self.latency = Stats()       # ms from the POST's response (0 if the event came first)
        self.latency_from_send = Stats()   # ms from the moment the POST was sent
        self.expected = 0
        self.delivered = 0           # expected deliveries that arrived
        self.received = 0            # every matched event, expected or not
        self.unexpected = 0          # matched, on a stream that was not yet open when posted
        self.before_response = 0     # arrived before the POST's response did
        self.foreign = 0             # intent.logged for ids this run never got an answer for
        self.undecodable = 0

    def posted(self, intent_id, author, t_sent, t_resp):
        subs = 0
        for peer in self.peers_by_team.get(author.team, ()):
            if peer.covered_since is not None and peer.covered_since <= t_sent:
                subs += 1
        post = Post(t_sent, t_resp, subs)
        self.posts[intent_id] = post
        self.expected += subs
        for peer, t in self.early.pop(intent_id, ()):
            self._deliver(post, peer, t)

    def event(self, peer, intent_id, t):
        post = self.posts.get(intent_id)
        if post is None:
            self.early.setdefault(intent_id, []).append((peer, t))
            return
        self._deliver(post, peer, t)

    def _deliver(self, post, peer, t):
        self.received += 1
        if t < post.t_resp:
            self.before_response += 1
        self.latency.add(max(0.0, t - post.t_resp) * 1000.0)
        self.latency_from_send.add((t - post.t_sent) * 1000.0)
        if peer.covered_since is not None and peer.covered_since <= post.t_sent:
            post.got += 1
            self.delivered += 1
        else:
            self.unexpected += 1

    def prune_early(self, older_than):
        """Forget early events whose POST never answered (timed out, or not ours)."""
        stale = [k for k, v in self.early.items() if v[0][1] < older_than]
        for k in stale:
            self.foreign += len(self.early.pop(k))

    def as_dict(self):
        missing = max(0, self.expected - self.delivered)
        lat = self.latency.summary()
        return {"posts_tracked": len(self.posts), "expected": self.expected,
                "delivered": self.delivered, "missing": missing,
                "missing_fraction": (missing / self.expected) if self.expected else None,
                "posts_fully_delivered": sum(1 for p in self.posts.values() if p.got >= p.expected),
                "received": self.received, "unexpected": self.unexpected,
                "before_response": self.before_response,
                "foreign": self.foreign + sum(len(v) for v in self.early.values()),
                "undecodable": self.undecodable,
                "latency_from_response": lat, "latency_from_send": self.latency_from_send.summary()}


# --------------------------------------------------------------------------- a peer

class Peer:
    """One developer or agent: one event stream plus its share of the load."""

    def __init__(self, bench, index, token, codebase):
        self.bench = bench
        self.index = index
        self.token = token
        self.branch = f"peer-{index}"
        self.home = AREAS[index % len(AREAS)]
        self.codebase = codebase
        self.rng = random.Random(bench.cfg.seed * 1_000_003 + index)
        self.team = None             # the token's team slug (from the preflight)
        self.auth = {"Authorization": f"Bearer {token}"}
        # stream state
        self.open = False
        self.attempted = False       # had a first stream attempt finish (open or refused)
        self.ever_open = False
        self.covered_since = None    # every event after this moment must reach this stream
        self.last_event_id = None
        self.last_seq = None
        self.retry_s = None          # the server's retry: hint

    # ---- the stream
    async def stream_forever(self, start_delay):
        b = self.bench
        if start_delay > 0:
            await asyncio.sleep(start_delay)
        failures = 0
        while not b.stopping:
            headers = dict(self.auth, Accept="text/event-stream")
            if self.last_event_id is not None:
                headers["Last-Event-ID"] = self.last_event_id
            t0 = now()
            opened = False
            b.streams.attempts += 1
            try:
                async with b.session.get(b.stream_url, headers=headers, timeout=b.stream_timeout) as resp:
                    status = str(resp.status)
                    b.streams.status[status] += 1
                    if resp.status != 200:
                        code = error_code(await resp.read())
                        b.streams.codes[f"{status} {code}"] += 1
                    else:
                        b.streams.connect.add((now() - t0) * 1000.0)
                        if "text/event-stream" not in resp.headers.get("Content-Type", ""):
                            b.streams.wrong_type += 1
                        opened = True
                        self._opened()
                        try:
                            await self._read(resp)
                            b.streams.drops["server_closed"] += 1
                        finally:
                            self._closed()
            except asyncio.CancelledError:
                raise
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
                if not opened:
                    b.streams.conn_errors[error_name(exc)] += 1
                elif isinstance(exc, asyncio.TimeoutError):
                    b.streams.drops["idle_timeout"] += 1     # silent for --stream-idle seconds
                else:
                    b.streams.drops[error_name(exc)] += 1    # cut off mid-stream
            finally:
                self.attempted = True
            if b.stopping:
                return
            if opened:
                failures = 0
                delay = min(self.retry_s if self.retry_s is not None else 1.0, 10.0)
            else:
                failures += 1
                delay = min(0.5 * 2 ** failures, 10.0)
            await asyncio.sleep(delay * self.rng.uniform(0.8, 1.2))

    def _opened(self):
        b = self.bench
        self.open = True
        self.attempted = True
        b.streams.open += 1
        b.streams.peak = max(b.streams.peak, b.streams.open)
        if self.ever_open:
            b.streams.reconnects += 1
        self.ever_open = True
        if self.covered_since is None:
            self.covered_since = now()

    def _closed(self):
        b = self.bench
        self.open = False
        b.streams.open -= 1
        if self.last_event_id is None and not b.stopping:
            # Nothing to resume from: events until the next open may be lost,
            # so they are not expected from this stream.
            self.covered_since = None

    async def _read(self, resp):
        """Read the stream as it comes, line by line, until the server ends it."""
        content, on_frame = resp.content, self._on_frame
        frame = SSEFrame()
        rest = b""
        while True:
            chunk = await content.readany()
            if not chunk:
                return
            t = now()            # when these bytes reached us: the delivery time of their events
            lines, rest = split_lines(rest + chunk if rest else chunk)
            for raw in lines:
                done = parse_sse_line(frame, raw.decode("utf-8", "replace"))
                if done is not None:
                    frame = SSEFrame()
                    on_frame(done, t)

    def _on_frame(self, frame, t):
        s = self.bench.streams
        if frame.comments:
            s.heartbeats += frame.comments
        if frame.retry is not None:
            self.retry_s = frame.retry / 1000.0
        if frame.id is not None:
            self.last_event_id = frame.id
            if frame.id.isdigit():
                seq = int(frame.id)
                if self.last_seq is not None and seq <= self.last_seq:
                    s.duplicates += 1
                    return
                self.last_seq = seq
        if not frame.data:
            return
        s.frames += 1
        event = frame.event or "message"
        if event == "reset":
            s.resets += 1
            return
        if event not in (TOPIC, "message"):
            s.other_topics[event] += 1
            return
        try:
            payload = json.loads("\n".join(frame.data))
        except ValueError:
            self.bench.deliveries.undecodable += 1
            return
        if event == "message" and not (isinstance(payload, dict) and payload.get("topic") == TOPIC):
            s.other_topics[str(payload.get("topic") if isinstance(payload, dict) else "?")] += 1
            return
        intent_id = intent_id_of(payload)
        if intent_id is None:
            self.bench.deliveries.undecodable += 1
            return
        self.bench.deliveries.event(self, intent_id, t)

    # ---- the requests
    async def load_forever(self, t_start):
        """Issue this peer's requests, open loop, until cancelled."""
        b = self.bench
        heap = []
        for kind in KINDS:
            rate = b.rates[kind]
            if rate <= 0:
                continue
            if kind == "status":     # a heartbeat: periodic, at a random phase
                first = self.rng.uniform(0, 1.0 / rate)
            else:                    # Poisson arrivals
                first = self.rng.expovariate(rate)
            heap.append((t_start + first, kind))
        heapq.heapify(heap)
        while heap:
            t, kind = heapq.heappop(heap)
            delay = t - now()
            if delay > 0:
                await asyncio.sleep(delay)
            b.spawn(self.request(kind))
            rate = b.rates[kind]
            gap = 1.0 / rate if kind == "status" else self.rng.expovariate(rate)
            heapq.heappush(heap, (t + gap, kind))

    def _build(self, kind):
        b = self.bench
        if kind == "push":
            body = self.codebase.intent(self.branch, self.home, b.cfg.nodes, b.cfg.repo, b.cfg.team)
            headers = dict(self.auth)
            headers["Content-Type"] = "application/json"
            if b.cfg.idempotency_keys:
                headers["Idempotency-Key"] = uuid.uuid4().hex
            return "POST", b.base + "/v1/intents", headers, json.dumps(body).encode()
        if kind == "pull":
            n = b.cfg.peers
            other = self.index if n == 1 else (self.index + self.rng.randrange(1, n)) % n
            q = {"branch": f"peer-{other}", "limit": "50"}
        else:
            q = {}
        if b.cfg.team:
            q["team"] = b.cfg.team
        path = "/v1/intents" if kind == "pull" else "/v1/status"
        url = b.base + path + ("?" + urllib.parse.urlencode(q) if q else "")
        return "GET", url, self.auth, None

    async def request(self, kind):
        b = self.bench
        tally = b.requests[kind]
        method, url, headers, data = self._build(kind)
        tally.sent += 1
        t0 = now()
        try:
            async with b.session.request(method, url, headers=headers, data=data,
                                         timeout=b.request_timeout) as resp:
                body = await resp.read()
                t1 = now()
                status = resp.status
        except asyncio.CancelledError:
            raise
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            tally.conn_errors[error_name(exc)] += 1
            return
        finally:
            b.done += 1
        tally.status[str(status)] += 1
        if not 200 <= status < 300:
            tally.codes[f"{status} {error_code(body)}"] += 1
            return
        tally.latency.add((t1 - t0) * 1000.0)
        if kind == "push":
            try:
                intent_id = json.loads(body)["id"]
            except Exception:
                b.untracked_posts += 1
                return
            b.deliveries.posted(intent_id, self, t0, t1)


# --------------------------------------------------------------------------- the run

class StreamTally:
    def __init__(self):
        self.open = 0
        self.peak = 0
        self.attempts = 0
        self.reconnects = 0
        self.status = Counter()
        self.codes = Counter()
        self.conn_errors = Counter()
        self.drops = Counter()
        self.connect = Stats()
        self.heartbeats = 0
        self.frames = 0
        self.resets = 0
        self.duplicates = 0
        self.wrong_type = 0
        self.other_topics = Counter()

    @property
    def rate_limited(self):
        return self.status.get("429", 0)

    @property
    def errors(self):
        """Failed attempts to open (other than 429) and streams cut off or gone
        silent; a stream the server ends cleanly (then reopened) is no error."""
        refused = sum(n for s, n in self.status.items() if s not in ("200", "429"))
        abrupt = sum(n for reason, n in self.drops.items() if reason != "server_closed")
        return refused + sum(self.conn_errors.values()) + abrupt


@dataclass
class Config:
    url: str
    tokens: list
    peers: int
    duration: float
    rate_scale: float = 1.0
    ramp: float = 0.0
    settle: float = 10.0
    grace: float = 5.0
    json_out: str | None = None
    timeout: float = 30.0
    stream_idle: float = 45.0
    pool: int = 0
    nodes: int = 5
    repo: str = "bench/app"
    team: str | None = None
    idempotency_keys: bool = False
    seed: int = 1
    quiet: bool = False
    uvloop: bool = True


class Bench:
    def __init__(self, cfg):
        self.cfg = cfg
        self.base = cfg.url.rstrip("/")
        q = {"subscribe": "true", "topics": TOPIC}
        if cfg.team:
            q["team"] = cfg.team
        self.stream_url = self.base + "/v1/events?" + urllib.parse.urlencode(q, safe=",")
        per_s = cfg.rate_scale / 3600.0
        self.rates = {"push": PUSHES_PER_HOUR * per_s, "pull": PULLS_PER_HOUR * per_s,
                      "status": STATUS_PER_HOUR * per_s}
        codebase = Codebase(cfg.seed)
        self.peers = [Peer(self, i, cfg.tokens[i % len(cfg.tokens)], codebase) for i in range(cfg.peers)]
        self.peers_by_team = {}
        self.deliveries = Deliveries(self.peers_by_team)
        self.requests = {k: RequestTally() for k in KINDS}
        self.streams = StreamTally()
        self.inflight = set()
        self.done = 0
        self.untracked_posts = 0
        self.stopping = False
        self.stop_requested = None
        self.warnings = []
        self.timeline = []
        self.loop_lag = Stats()
        self.measuring = False
        self.marks = {}
        self.token_info = {}

    def warn(self, msg):
        self.warnings.append(msg)
        print(f"peers.py: warning: {msg}", file=sys.stderr, flush=True)

    def spawn(self, coro):
        task = asyncio.get_running_loop().create_task(coro)
        self.inflight.add(task)
        task.add_done_callback(self.inflight.discard)

    # ---- phases
    async def preflight(self):
        """GET /v1/status once per distinct token: the token works, and its team."""
        sem = asyncio.Semaphore(16)
        bad, limited = [], []

        async def check(token):
            async with sem:
                url = self.base + "/v1/status"
                if self.cfg.team:
                    url += "?" + urllib.parse.urlencode({"team": self.cfg.team})
                try:
                    async with self.session.get(url, headers={"Authorization": f"Bearer {token}"},
                                                timeout=self.request_timeout) as resp:
                        body = await resp.read()
                        if resp.status == 429:   # a valid token whose window is spent: go on
                            self.token_info[token] = {"team": self.cfg.team, "teams": 1,
                                                      "rate_limit": resp.headers.get("X-RateLimit-Limit")}
                            limited.append(token[:13])
                            return
                        if resp.status != 200:
                            bad.append(f"{token[:13]}…: HTTP {resp.status} {error_code(body) or ''}".strip())
                            return
                        try:
                            doc = json.loads(body)
                        except ValueError:
                            doc = {}
                        team = doc.get("team") if isinstance(doc.get("team"), dict) else {}
                        self.token_info[token] = {
                            "team": team.get("slug") or self.cfg.team,
                            "teams": len(doc.get("teams") or []) or 1,
                            "rate_limit": resp.headers.get("X-RateLimit-Limit")}
                except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
                    bad.append(f"{token[:13]}…: {error_name(exc)} {exc}")

        await asyncio.gather(*(check(t) for t in dict.fromkeys(self.cfg.tokens)))
        if bad:
            raise SystemExit("peers.py: preflight GET /v1/status failed for %d token(s):\n  %s"
                             % (len(bad), "\n  ".join(bad[:10])))
        if limited:
            self.warn(f"{len(limited)} token(s) already rate limited (429) before the run, "
                      f"e.g. {limited[0]}…")
        known = Counter(i["team"] for i in self.token_info.values() if i["team"])
        for peer in self.peers:
            # a token whose team is unknown (429 above) is taken to be in the usual team
            peer.team = self.token_info[peer.token]["team"] or (known.most_common(1)[0][0] if known else "?")
            self.peers_by_team.setdefault(peer.team, []).append(peer)
        if len(self.peers_by_team) > 1:
            self.warn(f"tokens span {len(self.peers_by_team)} teams; events are expected only "
                      "within each team")
        if not self.cfg.team and any(i["teams"] > 1 for i in self.token_info.values()):
            self.warn("a token is bound to several teams: pass --team SLUG, or writes answer "
                      "400 team_required")
        per_token = math.ceil(self.cfg.peers / len(set(self.cfg.tokens)))
        per_min = per_token * 60 * sum(self.rates.values())
        limits = [int(i["rate_limit"]) for i in self.token_info.values()
                  if (i["rate_limit"] or "").isdigit()]
        if limits and min(limits) < per_min * 1.5:
            self.warn(f"each token carries ~{per_min:.0f} requests/min but the server allows "
                      f"{min(limits)}/min: expect 429s (create tokens with a higher --rate-limit "
                      "and --burst)")

    async def monitor(self):
        """Once a second: generator CPU, streams, throughput (the timeline)."""
        last_t, last_cpu = now(), time.process_time()
        last_done, last_recv = 0, 0
        lag_max = 0.0
        tick = 0
        while True:
            # sample the loop's lag 20 times a second in between
            for _ in range(20):
                t = now()
                await asyncio.sleep(0.05)
                lag = max(0.0, (now() - t - 0.05) * 1000.0)
                lag_max = max(lag_max, lag)
                if self.measuring:
                    self.loop_lag.add(lag)
            t, cpu = now(), time.process_time()
            dt = t - last_t
            entry = {"t": round(t - self.marks["streams_start"], 1),
                     "cpu_pct": round(100.0 * (cpu - last_cpu) / dt, 1),
                     "streams_open": self.streams.open,
                     "inflight": len(self.inflight),
                     "req_per_s": round((self.done - last_done) / dt, 1),
                     "events_per_s": round((self.deliveries.received - last_recv) / dt, 1),
                     "loop_lag_max_ms": round(lag_max, 1),
                     "measuring": self.measuring}
            self.timeline.append(entry)
            last_t, last_cpu, last_done, last_recv, lag_max = t, cpu, self.done, self.deliveries.received, 0.0
            tick += 1
            if tick % 10 == 0:   # an answer can't come later than the request timeout
                self.deliveries.prune_early(t - self.cfg.timeout - 5.0)
            if not self.cfg.quiet and tick % 10 == 0:
                print(f"[{entry['t']:7.1f}s] streams {self.streams.open}/{self.cfg.peers}  "
                      f"req/s {entry['req_per_s']:.1f}  events/s {entry['events_per_s']:.0f}  "
                      f"inflight {entry['inflight']}  cpu {entry['cpu_pct']:.0f}%  "
                      f"lag {entry['loop_lag_max_ms']:.0f}ms", file=sys.stderr, flush=True)

    def interrupt(self):
        if self.stop_requested.is_set():
            os._exit(130)
        print("peers.py: interrupted; finishing the run and reporting (again to quit)",
              file=sys.stderr, flush=True)
        self.stop_requested.set()

    async def run(self):
        cfg = self.cfg
        loop = asyncio.get_running_loop()
        self.stop_requested = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.interrupt)
        pool = cfg.pool or max(64, cfg.peers)
        connector = aiohttp.TCPConnector(limit=cfg.peers + pool, limit_per_host=0, ttl_dns_cache=300)
        self.request_timeout = aiohttp.ClientTimeout(total=cfg.timeout)
        self.stream_timeout = aiohttp.ClientTimeout(total=None, connect=cfg.timeout,
                                                    sock_read=cfg.stream_idle)
        async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar(),
                                         headers={"User-Agent": "aura-bench-peers/1",
                                                  "Accept": "application/json"}) as session:
            self.session = session
            await self.preflight()
            self.marks["cpu_start"] = time.process_time()
            self.marks["streams_start"] = t0 = now()
            monitor = loop.create_task(self.monitor())

            # 1. open the streams, gradually over --ramp seconds
            stream_tasks = [loop.create_task(p.stream_forever(cfg.ramp * i / cfg.peers))
                            for i, p in enumerate(self.peers)]
            deadline = t0 + cfg.ramp + cfg.settle
            while now() < deadline and not self.stop_requested.is_set():
                if now() >= t0 + cfg.ramp and all(p.attempted for p in self.peers):
                    break
                await asyncio.sleep(0.05)
            self.marks["streams_ready_s"] = now() - t0
            self.marks["open_at_load_start"] = self.streams.open
            if self.streams.open < cfg.peers:
                self.warn(f"only {self.streams.open} of {cfg.peers} streams open when the load starts")

            # 2. the measured period: requests with Poisson arrivals
            self.measuring = True
            self.marks["load_start"] = t1 = now()
            self.marks["cpu_load_start"] = time.process_time()
            loaders = [loop.create_task(p.load_forever(t1)) for p in self.peers]
            stop = loop.create_task(self.stop_requested.wait())
            await asyncio.wait([stop], timeout=cfg.duration)
            for task in loaders:
                task.cancel()
            await asyncio.gather(*loaders, return_exceptions=True)
            self.marks["load_end"] = t2 = now()
            self.marks["cpu_load_end"] = time.process_time()
            self.measuring = False
            self.marks["open_at_load_end"] = self.streams.open

            # 3. let requests in flight answer, then the events' grace period
            if self.inflight:
                await asyncio.wait(list(self.inflight), timeout=cfg.timeout)
            self.marks["drained_s"] = now() - t2
            grace_end = now() + cfg.grace
            while now() < grace_end and self.deliveries.delivered < self.deliveries.expected:
                await asyncio.sleep(0.05)
            self.marks["open_at_close"] = self.streams.open

            # 4. close everything
            self.stopping = True
            stop.cancel()
            for task in list(self.inflight) + stream_tasks + [monitor]:
                task.cancel()
            await asyncio.gather(*self.inflight, *stream_tasks, monitor, stop, return_exceptions=True)
            self.marks["cpu_end"] = time.process_time()
            self.marks["end"] = now()

    # ---- the report
    def report(self):
        cfg, m = self.cfg, self.marks
        measured = m["load_end"] - m["load_start"]
        all_req = RequestTally()
        for t in self.requests.values():
            all_req.sent += t.sent
            all_req.status.update(t.status)
            all_req.codes.update(t.codes)
            all_req.conn_errors.update(t.conn_errors)
            for x in t.latency.samples:
                all_req.latency.add(x)
        requests = {k: t.as_dict() for k, t in self.requests.items()}
        requests["all"] = all_req.as_dict()
        for k, t in list(self.requests.items()) + [("all", all_req)]:
            requests[k]["per_s"] = round(t.answered / measured, 2) if measured > 0 else None
        s = self.streams
        streams = {"target": cfg.peers, "open_peak": s.peak, "open_at_load_start": m["open_at_load_start"],
                   "open_at_load_end": m["open_at_load_end"], "open_at_close": m["open_at_close"],
                   "ready_after_s": round(m["streams_ready_s"], 2),
                   "peers_ever_open": sum(1 for p in self.peers if p.ever_open),
                   "attempts": s.attempts, "reconnects": s.reconnects, "rate_limited": s.rate_limited,
                   "errors": s.errors, "status": dict(s.status), "error_codes": dict(s.codes),
                   "connection_error_types": dict(s.conn_errors), "drops": dict(s.drops),
                   "connect_latency": s.connect.summary(), "heartbeats": s.heartbeats,
                   "event_frames": s.frames, "resets": s.resets, "duplicates": s.duplicates,
                   "not_event_stream": s.wrong_type, "other_topics": dict(s.other_topics)}
        events = self.deliveries.as_dict()
        events["untracked_posts"] = self.untracked_posts
        events["per_s"] = round(self.deliveries.received / measured, 1) if measured > 0 else None
        load_cpu = m["cpu_load_end"] - m["cpu_load_start"]
        samples = [e["cpu_pct"] for e in self.timeline if e["measuring"]]
        rusage = resource.getrusage(resource.RUSAGE_SELF)
        generator = {"cpu_s_total": round(m["cpu_end"] - m["cpu_start"], 2),
                     "cpu_s_load": round(load_cpu, 2),
                     "cpu_pct_load_mean": round(100.0 * load_cpu / measured, 1) if measured > 0 else None,
                     "cpu_pct_load_peak": max(samples) if samples else None,
                     "loop_lag": self.loop_lag.summary(),
                     "max_rss_mb": round(rusage.ru_maxrss / 1024.0, 1),
                     "pid": os.getpid()}
        errors = all_req.errors + s.errors
        rate_limited = all_req.rate_limited + s.rate_limited
        lat = events["latency_from_response"]
        final = {"peers": cfg.peers, "streams_ok": m["open_at_load_end"],
                 "req_p99_ms": requests["all"]["latency_2xx"]["p99_ms"],
                 "event_p99_ms": lat["p99_ms"], "errors": errors}
        offered = {k: round(r * cfg.peers, 3) for k, r in self.rates.items()}
        return {"config": {"url": cfg.url, "peers": cfg.peers, "tokens": len(set(cfg.tokens)),
                           "duration_s": cfg.duration, "rate_scale": cfg.rate_scale, "ramp_s": cfg.ramp,
                           "grace_s": cfg.grace, "nodes_per_intent": cfg.nodes, "repo": cfg.repo,
                           "team": cfg.team, "idempotency_keys": cfg.idempotency_keys, "seed": cfg.seed,
                           "teams_seen": sorted(self.peers_by_team)},
                "offered_per_s": offered, "measured_s": round(measured, 2),
                "requests": requests, "streams": streams, "events": events, "generator": generator,
                "rate_limited": rate_limited, "errors": errors, "warnings": self.warnings,
                "summary": final, "timeline": self.timeline}


def fmt(x, nd=1):
    return "-" if x is None else f"{x:.{nd}f}"


def print_report(r):
    c, st, ev, g = r["config"], r["streams"], r["events"], r["generator"]
    print(f"\n== peers.py: {c['peers']} peers, {c['tokens']} token(s), {r['measured_s']:.1f} s measured, "
          f"rate x{c['rate_scale']:g} -> {c['url']} ({c.get('event_loop', '?')})")
    off = r["offered_per_s"]
    print(f"offered load: {off['push']:.2f} pushes/s, {off['pull']:.2f} pulls/s, "
          f"{off['status']:.2f} status/s ({sum(off.values()):.2f} req/s)")
    print(f"\n{'requests':<10}{'sent':>8}{'/s':>8}{'2xx':>8}{'429':>6}{'other':>7}{'conn.err':>9}"
          f"{'p50':>9}{'p90':>9}{'p99':>9}{'max':>9}  (ms, 2xx)")
    for k in KINDS + ("all",):
        t = r["requests"][k]
        lat = t["latency_2xx"]
        print(f"{k:<10}{t['sent']:>8}{fmt(t['per_s']):>8}{t['ok']:>8}{t['rate_limited']:>6}"
              f"{t['other_status']:>7}{t['connection_errors']:>9}{fmt(lat['p50_ms']):>9}"
              f"{fmt(lat['p90_ms']):>9}{fmt(lat['p99_ms']):>9}{fmt(lat['max_ms']):>9}")
    codes = r["requests"]["all"]["error_codes"]
    if codes:
        print("  answers other than 2xx: " + ", ".join(f"{k} x{v}" for k, v in sorted(codes.items())))
    conn = r["requests"]["all"]["connection_error_types"]
    if conn:
        print("  connection errors: " + ", ".join(f"{k} x{v}" for k, v in sorted(conn.items())))
    cl = st["connect_latency"]
    print(f"\nstreams   target {st['target']}  open: at load start {st['open_at_load_start']}, "
          f"peak {st['open_peak']}, at load end {st['open_at_load_end']}, at close {st['open_at_close']}")
    print(f"          attempts {st['attempts']}  reconnects {st['reconnects']}  429 {st['rate_limited']}  "
          f"errors {st['errors']} (refused/failed/cut off)  connect p50/p99/max "
          f"{fmt(cl['p50_ms'])}/{fmt(cl['p99_ms'])}/{fmt(cl['max_ms'])} ms  "
          f"heartbeats {st['heartbeats']}  duplicates {st['duplicates']}")
    if st["drops"]:
        print("          ended after opening: " + ", ".join(f"{k} x{v}" for k, v in st["drops"].items()))
    refused = {**st["error_codes"], **st["connection_error_types"]}
    if refused:
        print("          failed to open: " + ", ".join(f"{k} x{v}" for k, v in refused.items()))
    lat, lat2 = ev["latency_from_response"], ev["latency_from_send"]
    frac = ev["missing_fraction"]
    print(f"\nevents    intent.logged: {ev['posts_tracked']} posts, {ev['expected']} expected deliveries, "
          f"{ev['delivered']} delivered, {ev['missing']} missing "
          f"({'-' if frac is None else f'{100 * frac:.3f}%'})  {fmt(ev['per_s'])} events/s")
    print(f"          latency after the POST's response p50/p90/p99/max: {fmt(lat['p50_ms'])}/"
          f"{fmt(lat['p90_ms'])}/{fmt(lat['p99_ms'])}/{fmt(lat['max_ms'])} ms "
          f"(after its send: p50 {fmt(lat2['p50_ms'])}, p99 {fmt(lat2['p99_ms'])})")
    print(f"          before the response {ev['before_response']}  unexpected {ev['unexpected']}  "
          f"foreign {ev['foreign']}  undecodable {ev['undecodable']}  "
          f"untracked posts {ev['untracked_posts']}")
    if ev["received"] and ev["before_response"] > ev["received"] / 2:
        print("          (most events came before their POST's response -- the server fans out before it "
              "answers -- so the latency after the send is the telling figure)")
    ll = g["loop_lag"]
    print(f"\ngenerator CPU {g['cpu_s_load']:.1f} s while loading = {fmt(g['cpu_pct_load_mean'])}% "
          f"of one core (peak {fmt(g['cpu_pct_load_peak'])}%), {g['cpu_s_total']:.1f} s in all; "
          f"event-loop lag p99 {fmt(ll['p99_ms'])} ms, max {fmt(ll['max_ms'])} ms; "
          f"max RSS {g['max_rss_mb']:.0f} MB")
    if (g["cpu_pct_load_peak"] or 0) > 85 or (ll["p99_ms"] or 0) > 50:
        print("WARNING: the generator itself was saturated (CPU or event-loop lag): its latencies "
              "include client-side delay; use fewer peers or a lower --rate-scale per generator")
    if r["rate_limited"]:
        print(f"WARNING: {r['rate_limited']} answers were 429 (rate_limited / too_many_streams): "
              "create tokens with a higher --rate-limit/--burst, or more tokens")
    s = r["summary"]

    def nan(x):
        return "nan" if x is None else f"{x:.1f}"
    print(f"peers={s['peers']} streams_ok={s['streams_ok']} req_p99_ms={nan(s['req_p99_ms'])} "
          f"event_p99_ms={nan(s['event_p99_ms'])} errors={s['errors']}")


# --------------------------------------------------------------------------- setup

def bootstrap():
    """Install aiohttp into the tool's own venv (once) and re-execute there."""
    if os.environ.get("AURA_BENCH_REEXEC") == "1":
        raise SystemExit(f"peers.py: aiohttp is still not importable by {sys.executable}; "
                         f"remove {VENV} and try again")
    py = os.path.join(VENV, "bin", "python")
    # one marker per set of pins: new pins install again
    marker = os.path.join(VENV, ".aura-bench-" + AIOHTTP_REQUIREMENT + "-" + UVLOOP_REQUIREMENT)
    os.makedirs(os.path.dirname(VENV), exist_ok=True)
    with open(VENV + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(marker):
            print(f"peers.py: first run: creating {VENV} and installing {AIOHTTP_REQUIREMENT}",
                  file=sys.stderr, flush=True)
            for cmd in ([sys.executable, "-m", "venv", VENV],
                        [py, "-m", "pip", "install", "--quiet", AIOHTTP_REQUIREMENT]):
                proc = subprocess.run(cmd, capture_output=True, text=True)
                if proc.returncode != 0:
                    raise SystemExit(f"peers.py: {' '.join(cmd)} failed:\n{proc.stdout}{proc.stderr}")
            # optional: without it the tool runs on asyncio's own loop
            subprocess.run([py, "-m", "pip", "install", "--quiet", UVLOOP_REQUIREMENT], capture_output=True)
            open(marker, "w").close()
    os.execve(py, [py, os.path.abspath(__file__), *sys.argv[1:]],
              dict(os.environ, AURA_BENCH_REEXEC="1"))


def raise_nofile(peers):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard
    if hard == resource.RLIM_INFINITY:
        try:
            with open("/proc/sys/fs/nr_open") as f:
                target = int(f.read())
        except OSError:
            target = max(soft, 65536)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    need = peers * 2 + 100
    if need > soft:
        print(f"peers.py: warning: {peers} peers want ~{need} file descriptors but RLIMIT_NOFILE is "
              f"{soft} (raise the hard limit: ulimit -Hn)", file=sys.stderr, flush=True)
    return soft


def is_loopback(host):
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_tokens(path):
    with open(path) as f:
        tokens = [ln.strip() for ln in f if ln.strip() and not ln.lstrip().startswith("#")]
    if not tokens:
        raise SystemExit(f"peers.py: no tokens in {path}")
    return tokens


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Simulated peers against an Aura team server: SSE streams + dogfood load.")
    p.add_argument("--url", required=True, help="the server's one origin (REST and /v1/events), "
                   "e.g. http://127.0.0.1:8080")
    p.add_argument("--tokens", required=True, metavar="FILE", help="bearer tokens, one per line "
                   "(shared round-robin; the contract allows 5 streams per token)")
    p.add_argument("--peers", type=int, required=True, metavar="N")
    p.add_argument("--duration", type=float, required=True, metavar="S", help="measured seconds")
    p.add_argument("--rate-scale", type=float, default=1.0, metavar="X",
                   help="multiply the per-peer rates (48 pushes, 76 pulls, 60 status per hour)")
    p.add_argument("--ramp", type=float, default=0.0, metavar="S",
                   help="open the streams over S seconds before the measured period")
    p.add_argument("--json", dest="json_out", metavar="OUT", help="write every figure as JSON")
    p.add_argument("--settle", type=float, default=10.0, metavar="S",
                   help="after the ramp, wait at most S s for every stream's first attempt")
    p.add_argument("--grace", type=float, default=5.0, metavar="S",
                   help="wait for events this long after the last answer")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S", help="per request")
    p.add_argument("--stream-idle", type=float, default=45.0, metavar="S",
                   help="a stream silent this long is dropped and reopened (heartbeats come every 15 s)")
    p.add_argument("--pool", type=int, default=0, metavar="N",
                   help="connections for requests besides the streams (default max(64, peers))")
    p.add_argument("--nodes", type=int, default=5, help="nodes per intent")
    p.add_argument("--repo", default="bench/app")
    p.add_argument("--team", help="team slug to name on every request (tokens of several teams)")
    p.add_argument("--idempotency-keys", action="store_true", help="send Idempotency-Key on pushes")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    p.add_argument("--no-uvloop", dest="uvloop", action="store_false",
                   help="use asyncio's own event loop even where uvloop is installed")
    p.add_argument("--allow-remote", action="store_true",
                   help="allow a URL that is not on this machine's loopback")
    a = p.parse_args(argv)
    u = urllib.parse.urlsplit(a.url)
    if u.scheme not in ("http", "https") or not u.hostname:
        p.error("--url must be http(s)://host:port")
    if not a.allow_remote and not is_loopback(u.hostname):
        p.error(f"{u.hostname} is not a loopback address (pass --allow-remote to load another host)")
    if a.peers < 1 or a.duration <= 0 or a.rate_scale < 0 or a.ramp < 0:
        p.error("--peers >= 1, --duration > 0, --rate-scale >= 0, --ramp >= 0")
    try:
        tokens = read_tokens(a.tokens)
    except OSError as exc:
        p.error(f"--tokens: {exc}")
    kw = {k: v for k, v in vars(a).items() if k not in ("tokens", "allow_remote")}
    return Config(tokens=tokens, **kw)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    cfg = parse_args(argv)
    if aiohttp is None:
        bootstrap()
    nofile = raise_nofile(cfg.peers)
    ntok = len(set(cfg.tokens))
    if ntok < cfg.peers:
        per = math.ceil(cfg.peers / ntok)
        msg = f"{ntok} token(s) for {cfg.peers} peers ({per} per token)"
        if per > STREAMS_PER_TOKEN:
            print(f"peers.py: warning: {msg}: the contract allows {STREAMS_PER_TOKEN} streams per token, "
                  "expect 429 too_many_streams", file=sys.stderr, flush=True)
    bench = Bench(cfg)
    use_uvloop = bool(uvloop and cfg.uvloop)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop if use_uvloop else None) as runner:
        runner.run(bench.run())
    report = bench.report()
    report["config"]["rlimit_nofile"] = nofile
    report["config"]["event_loop"] = f"uvloop {uvloop.__version__}" if use_uvloop else "asyncio"
    report["config"]["aiohttp"] = aiohttp.__version__
    report["config"]["python"] = sys.version.split()[0]
    if cfg.json_out:
        with open(cfg.json_out, "w") as f:
            json.dump(report, f, indent=1)
    print_report(report)


if __name__ == "__main__":
    main()
